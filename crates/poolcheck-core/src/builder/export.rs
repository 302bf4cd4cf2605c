//! A key in the forms people paste elsewhere: private and public PEM, JWK and the public JWKS.

use p256::elliptic_curve::sec1::ToEncodedPoint as _;
use pkcs8::EncodePrivateKey as _;
use pkcs8::LineEnding;
use rsa::traits::{PrivateKeyParts as _, PublicKeyParts as _};
use serde_json::{Map, Value, json};
use spki::EncodePublicKey as _;

use super::{BuildError, PrivateKey, Secret};
use crate::alg::Algorithm;
use crate::b64;

impl PrivateKey {
    /// The secret's bytes in base64url (HMAC only).
    pub fn secret_base64url(&self) -> Option<String> {
        match &self.secret {
            Secret::Hmac(bytes) => Some(b64::encode(bytes)),
            _ => None,
        }
    }

    /// The public JWK with `kid`, `use: sig` and `alg` when given; `None` for an HMAC secret,
    /// which has no public half.
    pub fn public_jwk(&self, alg: Option<Algorithm>) -> Option<Map<String, Value>> {
        let mut jwk = self.head(alg);
        match &self.secret {
            Secret::Rsa(key) => {
                jwk.insert("n".into(), encode(&key.n().to_bytes_be()));
                jwk.insert("e".into(), encode(&key.e().to_bytes_be()));
            }
            Secret::P256(key) => coordinates(&mut jwk, key.public_key().to_encoded_point(false)),
            Secret::P384(key) => coordinates(&mut jwk, key.public_key().to_encoded_point(false)),
            Secret::P521(key) => {
                coordinates(&mut jwk, p521::ecdsa::VerifyingKey::from(key).to_encoded_point(false))
            }
            Secret::Ed25519(key) => {
                jwk.insert("x".into(), encode(key.verifying_key().as_bytes()));
            }
            Secret::Hmac(_) => return None,
        }
        Some(jwk)
    }

    /// The private JWK: the public members plus the private ones (`k` for a secret).
    pub fn private_jwk(&self, alg: Option<Algorithm>) -> Map<String, Value> {
        let mut jwk = self.public_jwk(alg).unwrap_or_else(|| self.head(alg));
        let mut put = |name: &str, bytes: &[u8]| {
            jwk.insert(name.into(), encode(bytes));
        };
        match &self.secret {
            Secret::Rsa(key) => {
                put("d", &key.d().to_bytes_be());
                if let [p, q] = key.primes() {
                    put("p", &p.to_bytes_be());
                    put("q", &q.to_bytes_be());
                }
                if let (Some(dp), Some(dq), Some(qi)) = (key.dp(), key.dq(), key.crt_coefficient())
                {
                    put("dp", &dp.to_bytes_be());
                    put("dq", &dq.to_bytes_be());
                    put("qi", &qi.to_bytes_be());
                }
            }
            Secret::P256(key) => put("d", &key.to_bytes()),
            Secret::P384(key) => put("d", &key.to_bytes()),
            Secret::P521(key) => put("d", &key.to_bytes()),
            Secret::Ed25519(key) => put("d", key.as_bytes()),
            Secret::Hmac(bytes) => put("k", bytes),
        }
        jwk
    }

    /// `{"keys": [public JWK]}`, ready for the Keys field or a provider's JWKS endpoint.
    pub fn public_jwks(&self, alg: Option<Algorithm>) -> Option<Value> {
        self.public_jwk(alg).map(|jwk| json!({ "keys": [jwk] }))
    }

    /// The private key as PKCS#8 PEM; `None` for an HMAC secret.
    pub fn private_pem(&self) -> Result<Option<String>, BuildError> {
        let pem = match &self.secret {
            Secret::Rsa(key) => key.to_pkcs8_pem(LineEnding::LF),
            Secret::P256(key) => key.to_pkcs8_pem(LineEnding::LF),
            Secret::P384(key) => key.to_pkcs8_pem(LineEnding::LF),
            Secret::P521(key) => {
                p521::SecretKey::from(key.as_nonzero_scalar()).to_pkcs8_pem(LineEnding::LF)
            }
            // PKCS#8 v1, without the public key (RFC 8410 §7): ed25519-dalek writes the v2
            // form (RFC 5958), which OpenSSL before 3.5, and so Node's crypto, cannot read.
            Secret::Ed25519(key) => {
                ed25519_dalek::pkcs8::KeypairBytes { secret_key: key.to_bytes(), public_key: None }
                    .to_pkcs8_pem(LineEnding::LF)
            }
            Secret::Hmac(_) => return Ok(None),
        };
        pem.map(|pem| Some(pem.to_string())).map_err(crypto_error)
    }

    /// The public key as SubjectPublicKeyInfo PEM; `None` for an HMAC secret.
    pub fn public_pem(&self) -> Result<Option<String>, BuildError> {
        let pem = match &self.secret {
            Secret::Rsa(key) => key.to_public_key().to_public_key_pem(LineEnding::LF),
            Secret::P256(key) => key.public_key().to_public_key_pem(LineEnding::LF),
            Secret::P384(key) => key.public_key().to_public_key_pem(LineEnding::LF),
            Secret::P521(key) => p521::SecretKey::from(key.as_nonzero_scalar())
                .public_key()
                .to_public_key_pem(LineEnding::LF),
            Secret::Ed25519(key) => key.verifying_key().to_public_key_pem(LineEnding::LF),
            Secret::Hmac(_) => return Ok(None),
        };
        pem.map(Some).map_err(crypto_error)
    }

    /// `kty` (and `crv`), `kid`, `use` and `alg`: the members every form starts with.
    fn head(&self, alg: Option<Algorithm>) -> Map<String, Value> {
        let (kty, crv) = match &self.secret {
            Secret::Rsa(_) => ("RSA", None),
            Secret::P256(_) => ("EC", Some("P-256")),
            Secret::P384(_) => ("EC", Some("P-384")),
            Secret::P521(_) => ("EC", Some("P-521")),
            Secret::Ed25519(_) => ("OKP", Some("Ed25519")),
            Secret::Hmac(_) => ("oct", None),
        };
        let mut jwk = Map::new();
        jwk.insert("kty".into(), kty.into());
        if let Some(crv) = crv {
            jwk.insert("crv".into(), crv.into());
        }
        jwk.insert("kid".into(), self.kid.clone().into());
        jwk.insert("use".into(), "sig".into());
        if let Some(alg) = alg {
            jwk.insert("alg".into(), alg.name().into());
        }
        jwk
    }
}

/// `x` and `y` from an uncompressed SEC1 point (0x04 ‖ x ‖ y).
fn coordinates(jwk: &mut Map<String, Value>, point: impl AsRef<[u8]>) {
    let point = point.as_ref();
    let xy = point.get(1..).unwrap_or_default();
    let (x, y) = xy.split_at(xy.len() / 2);
    jwk.insert("x".into(), encode(x));
    jwk.insert("y".into(), encode(y));
}

fn encode(bytes: &[u8]) -> Value {
    b64::encode(bytes).into()
}

fn crypto_error(error: impl std::fmt::Display) -> BuildError {
    BuildError::Crypto(error.to_string())
}
