//! Private keys people bring: PEM (PKCS#8, PKCS#1, SEC1), a private JWK, or a JWKS holding
//! private keys. PEM goes through the one PEM reader in `crypto`.

use pkcs8::DecodePrivateKey as _;
use rsa::BigUint;
use rsa::pkcs1::DecodeRsaPrivateKey as _;
use serde_json::{Map, Value};

use super::{BuildError, PrivateKey, Secret};
use crate::alg::Algorithm;
use crate::b64;
use crate::crypto;

/// More PEM blocks than this are not a key file.
const MAX_BLOCKS: usize = 16;

impl PrivateKey {
    /// Reads a private key from PEM or JSON text. `kid` names the key (and, in a JWKS, chooses
    /// it); otherwise a JWK's own `kid`, else the RFC 7638 thumbprint.
    pub fn import(text: &str, kid: Option<&str>) -> Result<Self, BuildError> {
        let trimmed = text.trim();
        if trimmed.starts_with('{') {
            let value: Value = serde_json::from_str(trimmed)
                .map_err(|error| BuildError::Unreadable(format!("not JSON: {error}")))?;
            return from_json(&value, kid);
        }
        if trimmed.contains("-----BEGIN ") {
            return from_pem(trimmed, kid);
        }
        Err(BuildError::Unreadable(
            "give PEM (PKCS#8, PKCS#1 or SEC1), a private JWK or a JWKS".into(),
        ))
    }
}

fn from_pem(text: &str, kid: Option<&str>) -> Result<PrivateKey, BuildError> {
    let blocks = crypto::blocks(text, MAX_BLOCKS)
        .map_err(|error| BuildError::Unreadable(format!("PEM: {}", error.detail())))?;
    // `openssl ecparam -genkey` writes an EC PARAMETERS block first: take the private one.
    let Some(block) = blocks.iter().find(|block| block.label.ends_with("PRIVATE KEY")) else {
        let labels: Vec<&str> = blocks.iter().map(|block| block.label.as_str()).collect();
        return Err(BuildError::PublicOnly(format!("PEM {}", labels.join(", "))));
    };
    let unreadable =
        |error: String| BuildError::Unreadable(format!("PEM {}: {error}", block.label));
    let secret = match block.label.as_str() {
        "PRIVATE KEY" => from_pkcs8(&block.der).map_err(unreadable)?,
        "RSA PRIVATE KEY" => rsa::RsaPrivateKey::from_pkcs1_der(&block.der)
            .map(|key| Secret::Rsa(Box::new(key)))
            .map_err(|error| unreadable(error.to_string()))?,
        "EC PRIVATE KEY" => from_sec1(&block.der).map_err(unreadable)?,
        "ENCRYPTED PRIVATE KEY" => {
            return Err(unreadable(
                "encrypted; decrypt it first (openssl pkey -in key.pem -out plain.pem)".into(),
            ));
        }
        other => {
            return Err(unreadable(format!("{other:?} is not a key type poolcheck signs with")));
        }
    };
    Ok(PrivateKey::with_kid(secret, kid.map(String::from)))
}

/// Each parser checks the algorithm OID (and curve), so the first that accepts is the key.
fn from_pkcs8(der: &[u8]) -> Result<Secret, String> {
    if let Ok(key) = rsa::RsaPrivateKey::from_pkcs8_der(der) {
        return Ok(Secret::Rsa(Box::new(key)));
    }
    if let Ok(key) = p256::SecretKey::from_pkcs8_der(der) {
        return Ok(Secret::P256(key));
    }
    if let Ok(key) = p384::SecretKey::from_pkcs8_der(der) {
        return Ok(Secret::P384(key));
    }
    if let Ok(key) = p521::SecretKey::from_pkcs8_der(der) {
        return p521_key(&key);
    }
    if let Ok(key) = ed25519_dalek::SigningKey::from_pkcs8_der(der) {
        return Ok(Secret::Ed25519(key));
    }
    let info = pkcs8::PrivateKeyInfo::try_from(der).map_err(|error| error.to_string())?;
    let curve = info
        .algorithm
        .parameters_oid()
        .map(|oid| format!(" on {}", crypto::curve_name(&oid)))
        .unwrap_or_default();
    Err(format!(
        "key algorithm {}{curve} is not supported (RSA, EC P-256/P-384/P-521, Ed25519)",
        info.algorithm.oid
    ))
}

fn from_sec1(der: &[u8]) -> Result<Secret, String> {
    if let Ok(key) = p256::SecretKey::from_sec1_der(der) {
        return Ok(Secret::P256(key));
    }
    if let Ok(key) = p384::SecretKey::from_sec1_der(der) {
        return Ok(Secret::P384(key));
    }
    if let Ok(key) = p521::SecretKey::from_sec1_der(der) {
        return p521_key(&key);
    }
    Err("not an EC private key on P-256, P-384 or P-521".into())
}

fn p521_key(key: &p521::SecretKey) -> Result<Secret, String> {
    p521::ecdsa::SigningKey::from_bytes(&key.to_bytes())
        .map(Secret::P521)
        .map_err(|error| error.to_string())
}

fn from_json(value: &Value, kid: Option<&str>) -> Result<PrivateKey, BuildError> {
    let Value::Object(object) = value else {
        return Err(BuildError::Unreadable("the JSON is not an object".into()));
    };
    let Some(keys) = object.get("keys") else {
        return from_jwk(object, kid);
    };
    let entries: Vec<&Map<String, Value>> =
        keys.as_array().into_iter().flatten().filter_map(Value::as_object).collect();
    let private: Vec<&&Map<String, Value>> =
        entries.iter().filter(|jwk| jwk.contains_key("d") || jwk.contains_key("k")).collect();
    let kid_of =
        |jwk: &Map<String, Value>| jwk.get("kid").and_then(Value::as_str).map(String::from);
    let chosen = match (kid, private.as_slice()) {
        (_, []) if entries.is_empty() => {
            return Err(BuildError::Unreadable("the JWKS has no keys".into()));
        }
        (_, []) => return Err(BuildError::PublicOnly("a JWKS of public keys".into())),
        (Some(kid), _) => {
            private.iter().find(|jwk| kid_of(jwk).as_deref() == Some(kid)).ok_or_else(|| {
                BuildError::Unreadable(format!("no private key in the JWKS has kid {kid:?}"))
            })?
        }
        (None, [only]) => only,
        (None, several) => {
            let kids = several.iter().map(|jwk| kid_of(jwk).unwrap_or_else(|| "(no kid)".into()));
            return Err(BuildError::AmbiguousKey(kids.collect()));
        }
    };
    from_jwk(chosen, kid)
}

fn from_jwk(jwk: &Map<String, Value>, kid: Option<&str>) -> Result<PrivateKey, BuildError> {
    let kty = text(jwk, "kty")?;
    let private = if kty == "oct" { "k" } else { "d" };
    if !jwk.contains_key(private) {
        return Err(BuildError::PublicOnly(format!("a {kty} JWK without \"{private}\"")));
    }
    let unreadable = |error: String| BuildError::Unreadable(format!("JWK: {error}"));
    let secret = match (kty.as_str(), jwk.get("crv").and_then(Value::as_str)) {
        ("RSA", _) => {
            let int = |name| bytes(jwk, name).map(|bytes| BigUint::from_bytes_be(&bytes));
            let primes = match (jwk.contains_key("p"), jwk.contains_key("q")) {
                (true, true) => vec![int("p")?, int("q")?],
                _ => Vec::new(),
            };
            let key = rsa::RsaPrivateKey::from_components(int("n")?, int("e")?, int("d")?, primes)
                .and_then(|mut key| key.validate().and_then(|()| key.precompute()).map(|()| key))
                .map_err(|error| unreadable(error.to_string()))?;
            Secret::Rsa(Box::new(key))
        }
        ("EC", Some("P-256")) => p256::SecretKey::from_slice(&bytes(jwk, "d")?)
            .map(Secret::P256)
            .map_err(|error| unreadable(error.to_string()))?,
        ("EC", Some("P-384")) => p384::SecretKey::from_slice(&bytes(jwk, "d")?)
            .map(Secret::P384)
            .map_err(|error| unreadable(error.to_string()))?,
        ("EC", Some("P-521")) => p521::ecdsa::SigningKey::from_slice(&bytes(jwk, "d")?)
            .map(Secret::P521)
            .map_err(|error| unreadable(error.to_string()))?,
        ("OKP", Some("Ed25519")) => {
            let d = bytes(jwk, "d")?;
            let d: [u8; 32] = d.as_slice().try_into().map_err(|_| {
                unreadable(format!("an Ed25519 \"d\" is 32 bytes, not {}", d.len()))
            })?;
            Secret::Ed25519(ed25519_dalek::SigningKey::from_bytes(&d))
        }
        ("oct", _) => Secret::Hmac(bytes(jwk, "k")?),
        (kty, crv) => {
            return Err(unreadable(format!(
                "kty {kty:?}{} is not a key type poolcheck signs with",
                crv.map(|crv| format!(" crv {crv:?}")).unwrap_or_default()
            )));
        }
    };
    let mut key = PrivateKey::with_kid(
        secret,
        kid.map(String::from).or_else(|| jwk.get("kid").and_then(Value::as_str).map(String::from)),
    );
    key.stated_alg = jwk.get("alg").and_then(Value::as_str).and_then(Algorithm::from_name);
    // The private members must belong to the public ones the JWK also states.
    if let Some(public) = key.public_jwk(None) {
        for member in ["n", "e", "x", "y"] {
            if let (Some(given), Some(derived)) = (jwk.get(member), public.get(member))
                && given != derived
            {
                return Err(unreadable(format!("\"{member}\" does not belong to the private key")));
            }
        }
    }
    Ok(key)
}

fn text(jwk: &Map<String, Value>, name: &str) -> Result<String, BuildError> {
    jwk.get(name)
        .and_then(Value::as_str)
        .map(String::from)
        .ok_or_else(|| BuildError::Unreadable(format!("JWK: no \"{name}\" string member")))
}

fn bytes(jwk: &Map<String, Value>, name: &str) -> Result<Vec<u8>, BuildError> {
    b64::decode_strict(&text(jwk, name)?).map_err(|error| {
        BuildError::Unreadable(format!("JWK: \"{name}\" is not strict base64url: {error}"))
    })
}
