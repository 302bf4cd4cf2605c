//! The builder's commands: `keygen` (a fresh key in every form), `import_key` (the same forms
//! of a private key the user brings) and `sign` (a token from a key, claims and header
//! members).

use rand_core::CryptoRngCore;
use serde_json::{Map, Value};

use super::{
    CommandError, CommandErrorCode, ImportKeyOptions, KeyKind, KeygenOptions, KeygenOutput,
    SignOptions, SignOutput,
};
use crate::alg::Algorithm;
use crate::builder::{BuildError, PrivateKey, SignPath};
use crate::keys::{self, Material, SecretEncoding};

pub fn sign(
    options: &SignOptions,
    clock: i64,
    rng: &mut impl CryptoRngCore,
) -> Result<SignOutput, CommandError> {
    let key = signing_key(options)?;
    let base_header = match &options.base_header {
        None => Map::new(),
        Some(text) => super::json_object("the header", text)?,
    };
    let stated = match base_header.get("alg") {
        None => None,
        Some(Value::String(name)) => Some(algorithm(name)?),
        Some(_) => return Err(invalid("the header's alg must be a string")),
    };
    let alg = match (&options.alg, stated) {
        (Some(name), stated) => {
            let alg = algorithm(name)?;
            if stated.is_some_and(|stated| stated != alg) {
                return Err(invalid(&format!(
                    "the header says alg {:?} but the token is to be signed with {alg}; \
                     change one of them",
                    base_header.get("alg").and_then(Value::as_str).unwrap_or_default()
                )));
            }
            alg
        }
        (None, Some(stated)) => stated,
        (None, None) => key.default_alg(),
    };
    key.check_fits(alg, options.allow_short_secret)
        .map_err(|error| CommandError::new(CommandErrorCode::KeyDoesNotFit, error.to_string()))?;
    let now = options.now.unwrap_or(clock);
    let claims = claims(options, now)?;

    let mut header = Map::new();
    header.insert("alg".into(), alg.name().into());
    header.insert("typ".into(), "JWT".into());
    // A secret has no natural name: it gets a kid only when one is asked for.
    if !key.is_secret() || options.kid.is_some() {
        header.insert("kid".into(), key.kid.clone().into());
    }
    header.extend(base_header);
    for argument in &options.header {
        let (name, value) = name_value("--header", argument)?;
        if name == "alg" {
            return Err(invalid("--header alg=…: the algorithm is set with --alg"));
        }
        header.insert(name, value);
    }
    let token = key
        .token(alg, &header, &claims, SignPath::preferred(alg), rng)
        .map_err(|error| CommandError::new(CommandErrorCode::KeyDoesNotFit, error.to_string()))?;
    Ok(SignOutput { token, header, claims })
}

fn signing_key(options: &SignOptions) -> Result<PrivateKey, CommandError> {
    let encoding = match options.key_kind {
        KeyKind::Keys => {
            return PrivateKey::import(&options.key, options.kid.as_deref()).map_err(|error| {
                let code = match error {
                    BuildError::PublicOnly(_) => CommandErrorCode::KeyDoesNotFit,
                    _ => CommandErrorCode::KeysUnreadable,
                };
                CommandError::new(code, error.to_string())
            });
        }
        KeyKind::Secret => SecretEncoding::Text,
        KeyKind::SecretBase64 => SecretEncoding::Base64,
        KeyKind::SecretBase64url => SecretEncoding::Base64Url,
    };
    // The Keys field's own secret reader, so sign and verify read a secret the same way.
    let set = keys::parse_keys(&options.key, Some(encoding))
        .map_err(|error| CommandError::new(CommandErrorCode::KeysUnreadable, error.to_string()))?;
    match set.keys.into_iter().next().and_then(|key| key.material) {
        Some(Material::Secret(bytes)) if !bytes.is_empty() => {
            Ok(PrivateKey::from_secret(bytes, options.kid.clone()))
        }
        _ => Err(CommandError::new(CommandErrorCode::KeysUnreadable, "the secret is empty")),
    }
}

fn claims(options: &SignOptions, now: i64) -> Result<Map<String, Value>, CommandError> {
    let mut claims = match &options.claims {
        None => Map::new(),
        Some(text) => super::json_object("the claims", text)?,
    };
    for argument in &options.claim {
        let (name, value) = name_value("--claim", argument)?;
        claims.insert(name, value);
    }
    match options.iat.as_deref() {
        Some(text) => {
            let iat = if text == "now" { now } else { unix("--iat", text)? };
            claims.insert("iat".into(), iat.into());
        }
        None => {
            claims.entry("iat").or_insert(now.into());
        }
    }
    for (flag, name, text) in [("--exp", "exp", &options.exp), ("--nbf", "nbf", &options.nbf)] {
        if let Some(text) = text {
            claims.insert(name.into(), instant(flag, text, now)?.into());
        }
    }
    Ok(claims)
}

/// `NAME=VALUE`: VALUE as JSON when it is valid JSON, else as a string.
fn name_value(flag: &str, argument: &str) -> Result<(String, Value), CommandError> {
    let (name, value) = argument
        .split_once('=')
        .filter(|(name, _)| !name.is_empty())
        .ok_or_else(|| invalid(&format!("{flag} {argument:?}: expected NAME=VALUE")))?;
    let value = serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_owned()));
    Ok((name.to_owned(), value))
}

/// `+DURATION` after `now`, or unix seconds.
fn instant(flag: &str, text: &str, now: i64) -> Result<i64, CommandError> {
    let Some(duration) = text.strip_prefix('+') else { return unix(flag, text) };
    let bad =
        || invalid(&format!("{flag} {text:?}: a duration is a number and s, m, h or d (+15m)"));
    let split = duration.len().checked_sub(1).ok_or_else(bad)?;
    let (count, unit) = duration.split_at_checked(split).ok_or_else(bad)?;
    let unit = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(bad()),
    };
    let count: i64 = count.parse().ok().filter(|count| *count >= 0).ok_or_else(bad)?;
    count
        .checked_mul(unit)
        .and_then(|seconds| now.checked_add(seconds))
        .ok_or_else(|| invalid(&format!("{flag} {text:?}: too far in the future")))
}

fn unix(flag: &str, text: &str) -> Result<i64, CommandError> {
    text.parse().map_err(|_| {
        invalid(&format!(
            "{flag} {text:?}: expected unix seconds{}",
            match flag {
                "--iat" => " or now",
                _ => " or +DURATION (30s, 15m, 1h, 7d)",
            }
        ))
    })
}

fn invalid(message: &str) -> CommandError {
    CommandError::new(CommandErrorCode::InvalidArgument, message)
}

/// Generates a key for `options.alg` from `rng`. An unknown algorithm or a size the algorithm
/// does not offer is an input error.
pub fn keygen(
    options: &KeygenOptions,
    rng: &mut impl CryptoRngCore,
) -> Result<KeygenOutput, CommandError> {
    let alg = algorithm(&options.alg)?;
    let key = PrivateKey::generate(alg, options.bits, options.kid.clone(), rng)
        .map_err(|error| CommandError::new(CommandErrorCode::InvalidArgument, error.to_string()))?;
    forms(&key, alg)
}

/// Every form of a private key given as PEM (PKCS#8, PKCS#1, SEC1), a private JWK or a JWKS of
/// private keys. Public material is refused with the reason.
pub fn import_key(text: &str, options: &ImportKeyOptions) -> Result<KeygenOutput, CommandError> {
    let key = PrivateKey::import(text, options.kid.as_deref()).map_err(|error| {
        let code = match error {
            BuildError::PublicOnly(_) => CommandErrorCode::KeyDoesNotFit,
            _ => CommandErrorCode::KeysUnreadable,
        };
        CommandError::new(code, error.to_string())
    })?;
    forms(&key, key.default_alg())
}

fn forms(key: &PrivateKey, alg: Algorithm) -> Result<KeygenOutput, CommandError> {
    let failed = |error: BuildError| {
        CommandError::new(CommandErrorCode::SerializationFailed, error.to_string())
    };
    Ok(KeygenOutput {
        alg,
        kid: key.kid.clone(),
        private_jwk: key.private_jwk(Some(alg)),
        public_jwk: key.public_jwk(Some(alg)),
        public_jwks: key.public_jwks(Some(alg)),
        private_pem: key.private_pem().map_err(failed)?,
        public_pem: key.public_pem().map_err(failed)?,
        secret_base64url: key.secret_base64url(),
    })
}

/// A JWS algorithm name, exactly (JWS names are case-sensitive).
fn algorithm(name: &str) -> Result<Algorithm, CommandError> {
    Algorithm::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Algorithm::ALL.iter().map(|alg| alg.name()).collect();
        CommandError::new(
            CommandErrorCode::InvalidArgument,
            format!("unknown algorithm {name:?}; use one of {}", names.join(", ")),
        )
    })
}
