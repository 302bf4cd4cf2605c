//! The JWS signature check on its own: an algorithm, a parsed key, message bytes, signature
//! bytes. HMAC is checked here; every public-key algorithm goes to the shared verifier
//! ([`crate::crypto`]) that certificates and CRLs use too.

use std::fmt;

use hmac::Hmac;
use serde::Serialize;
use sha2::{Sha256, Sha384, Sha512};

use crate::alg::Algorithm;
use crate::crypto::{self, VerifyError};
use crate::keys::{Key, Material};

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SignatureError {
    /// The key did not parse, so it verifies nothing.
    KeyUnusable { detail: String },
    /// The key's type or curve cannot verify this algorithm.
    WrongKeyType { alg: Algorithm, needs: &'static str, key: String },
    /// The signature has the wrong number of bytes for this algorithm and key.
    WrongLength { expected: usize, actual: usize },
    /// An ECDSA r or s is zero or not below the group order (CVE-2022-21449).
    ScalarOutOfRange,
    /// Well-formed, but not a signature of this message by this key.
    Mismatch,
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureError::KeyUnusable { detail } => write!(f, "the key is unusable: {detail}"),
            SignatureError::WrongKeyType { alg, needs, key } => {
                write!(f, "{alg} needs {needs}; this key is {key}")
            }
            SignatureError::WrongLength { expected, actual } => {
                write!(f, "the signature is {actual} bytes; this algorithm and key need {expected}")
            }
            SignatureError::ScalarOutOfRange => {
                f.write_str("r or s is zero or not below the curve order, so no key signed this")
            }
            SignatureError::Mismatch => f.write_str("the signature does not match"),
        }
    }
}

impl std::error::Error for SignatureError {}

/// Checks `signature` over `message` with `key` under `alg`. The token verifier uses exactly
/// this function; key policy (kid, use, key_ops, weak keys) is applied by the caller.
pub fn verify_signature(
    alg: Algorithm,
    key: &Key,
    message: &[u8],
    signature: &[u8],
) -> Result<(), SignatureError> {
    let Some(material) = &key.material else {
        let detail = key.info.error.clone().unwrap_or_else(|| "it did not parse".into());
        return Err(SignatureError::KeyUnusable { detail });
    };
    let wrong_type = || SignatureError::WrongKeyType {
        alg,
        needs: alg.key_requirement(),
        key: describe(material),
    };
    // The curve must be the algorithm's too (ES256 is P-256 only), which the scheme leaves open.
    if !alg.fits(material) {
        return Err(wrong_type());
    }
    match (alg, material) {
        (Algorithm::HS256, Material::Secret(secret)) => {
            hmac_verify::<Hmac<Sha256>>(secret, message, signature)
        }
        (Algorithm::HS384, Material::Secret(secret)) => {
            hmac_verify::<Hmac<Sha384>>(secret, message, signature)
        }
        (Algorithm::HS512, Material::Secret(secret)) => {
            hmac_verify::<Hmac<Sha512>>(secret, message, signature)
        }
        _ => {
            let (Some(scheme), Some(public)) = (alg.scheme(), material.public_key()) else {
                return Err(wrong_type());
            };
            crypto::verify(public, scheme, message, signature).map_err(|error| match error {
                VerifyError::WrongKeyType => wrong_type(),
                VerifyError::WrongLength { expected, actual } => {
                    SignatureError::WrongLength { expected, actual }
                }
                VerifyError::ScalarOutOfRange => SignatureError::ScalarOutOfRange,
                VerifyError::MalformedDer | VerifyError::Mismatch => SignatureError::Mismatch,
            })
        }
    }
}

fn describe(material: &Material) -> String {
    match material.curve() {
        Some(curve) => format!("{} on {}", material.kty(), curve.name()),
        None if matches!(material, Material::Secret(_)) => "an HMAC secret".into(),
        None => format!("{} ({} bits)", material.kty(), material.size_bits()),
    }
}

fn hmac_verify<M: hmac::Mac + hmac::digest::KeyInit>(
    secret: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), SignatureError> {
    let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(secret)
        .map_err(|_| SignatureError::KeyUnusable { detail: "HMAC refused the key".into() })?;
    let expected = M::output_size();
    if signature.len() != expected {
        return Err(SignatureError::WrongLength { expected, actual: signature.len() });
    }
    mac.update(message);
    mac.verify_slice(signature).map_err(|_| SignatureError::Mismatch)
}
