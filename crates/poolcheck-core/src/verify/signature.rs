//! The signature check on its own: an algorithm, a parsed key, message bytes, signature bytes.
//!
//! RustCrypto crates are called directly rather than through `jsonwebtoken::crypto::verify`:
//! that API takes the signature as base64 text (decoded leniently by it), rebuilds the RSA key
//! from its components on every call, and has no ES512; here keys are parsed once, every length
//! is checked before any arithmetic, and all thirteen algorithms share one path.

use std::fmt;

use hmac::Hmac;
use p256::ecdsa::signature::Verifier as _;
use rsa::traits::{PublicKeyParts as _, SignatureScheme};
use rsa::{Pkcs1v15Sign, Pss, RsaPublicKey};
use serde::{Serialize, Serializer};
use sha2::{Digest as _, Sha256, Sha384, Sha512};

use crate::keys::{Curve, Key, Material};

/// The JWS algorithms poolcheck verifies (RFC 7518 §3, RFC 8037 §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    ES512,
    EdDSA,
}

impl Serialize for Algorithm {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Algorithm {
    pub const ALL: [Algorithm; 13] = [
        Algorithm::HS256,
        Algorithm::HS384,
        Algorithm::HS512,
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::EdDSA,
    ];

    /// The algorithm with exactly this name (JWS names are case-sensitive).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|alg| alg.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
            Algorithm::PS256 => "PS256",
            Algorithm::PS384 => "PS384",
            Algorithm::PS512 => "PS512",
            Algorithm::ES256 => "ES256",
            Algorithm::ES384 => "ES384",
            Algorithm::ES512 => "ES512",
            Algorithm::EdDSA => "EdDSA",
        }
    }

    /// The smallest HMAC key RFC 7518 §3.2 allows (the hash output size); `None` for others.
    pub fn hmac_min_key_bytes(self) -> Option<usize> {
        match self {
            Algorithm::HS256 => Some(32),
            Algorithm::HS384 => Some(48),
            Algorithm::HS512 => Some(64),
            _ => None,
        }
    }

    /// What kind of key this algorithm needs, for messages.
    pub fn key_requirement(self) -> &'static str {
        match self {
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => "an HMAC secret (kty oct)",
            Algorithm::RS256
            | Algorithm::RS384
            | Algorithm::RS512
            | Algorithm::PS256
            | Algorithm::PS384
            | Algorithm::PS512 => "an RSA key",
            Algorithm::ES256 => "an EC key on P-256",
            Algorithm::ES384 => "an EC key on P-384",
            Algorithm::ES512 => "an EC key on P-521",
            Algorithm::EdDSA => "an Ed25519 key (kty OKP)",
        }
    }

    /// True when a key of this kind can verify this algorithm. HMAC needs a secret: public-key
    /// bytes are never used as one (algorithm confusion).
    pub(crate) fn fits(self, material: &Material) -> bool {
        matches!(
            (self, material),
            (Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512, Material::Secret(_))
                | (
                    Algorithm::RS256
                        | Algorithm::RS384
                        | Algorithm::RS512
                        | Algorithm::PS256
                        | Algorithm::PS384
                        | Algorithm::PS512,
                    Material::Rsa(_)
                )
                | (Algorithm::ES256, Material::P256(_))
                | (Algorithm::ES384, Material::P384(_))
                | (Algorithm::ES512, Material::P521(_))
                | (Algorithm::EdDSA, Material::Ed25519(_))
        )
    }
}

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
        (Algorithm::RS256, Material::Rsa(rsa)) => {
            rsa_verify(rsa, Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(message), signature)
        }
        (Algorithm::RS384, Material::Rsa(rsa)) => {
            rsa_verify(rsa, Pkcs1v15Sign::new::<Sha384>(), &Sha384::digest(message), signature)
        }
        (Algorithm::RS512, Material::Rsa(rsa)) => {
            rsa_verify(rsa, Pkcs1v15Sign::new::<Sha512>(), &Sha512::digest(message), signature)
        }
        // RFC 7518 §3.5: MGF1 with the same hash, salt as long as the hash output.
        (Algorithm::PS256, Material::Rsa(rsa)) => {
            rsa_verify(rsa, Pss::new::<Sha256>(), &Sha256::digest(message), signature)
        }
        (Algorithm::PS384, Material::Rsa(rsa)) => {
            rsa_verify(rsa, Pss::new::<Sha384>(), &Sha384::digest(message), signature)
        }
        (Algorithm::PS512, Material::Rsa(rsa)) => {
            rsa_verify(rsa, Pss::new::<Sha512>(), &Sha512::digest(message), signature)
        }
        (Algorithm::ES256, Material::P256(ec)) => {
            check_length(2 * Curve::P256.field_bytes(), signature)?;
            let parsed = p256::ecdsa::Signature::from_slice(signature)
                .map_err(|_| SignatureError::ScalarOutOfRange)?;
            ec.verify(message, &parsed).map_err(|_| SignatureError::Mismatch)
        }
        (Algorithm::ES384, Material::P384(ec)) => {
            check_length(2 * Curve::P384.field_bytes(), signature)?;
            let parsed = p384::ecdsa::Signature::from_slice(signature)
                .map_err(|_| SignatureError::ScalarOutOfRange)?;
            ec.verify(message, &parsed).map_err(|_| SignatureError::Mismatch)
        }
        (Algorithm::ES512, Material::P521(ec)) => {
            check_length(2 * Curve::P521.field_bytes(), signature)?;
            let parsed = p521::ecdsa::Signature::from_slice(signature)
                .map_err(|_| SignatureError::ScalarOutOfRange)?;
            ec.verify(message, &parsed).map_err(|_| SignatureError::Mismatch)
        }
        (Algorithm::EdDSA, Material::Ed25519(ed)) => {
            let bytes: [u8; 64] = signature.try_into().map_err(|_| {
                SignatureError::WrongLength { expected: 64, actual: signature.len() }
            })?;
            let parsed = ed25519_dalek::Signature::from_bytes(&bytes);
            // verify_strict also refuses small-order keys and R points, which admit forgeries
            // valid for many messages.
            ed.verify_strict(message, &parsed).map_err(|_| SignatureError::Mismatch)
        }
        (alg, material) => Err(SignatureError::WrongKeyType {
            alg,
            needs: alg.key_requirement(),
            key: describe(material),
        }),
    }
}

fn describe(material: &Material) -> String {
    match material.curve() {
        Some(curve) => format!("{} on {}", material.kty(), curve.name()),
        None if matches!(material, Material::Secret(_)) => "an HMAC secret".into(),
        None => format!("{} ({} bits)", material.kty(), material.size_bits()),
    }
}

fn check_length(expected: usize, signature: &[u8]) -> Result<(), SignatureError> {
    if signature.len() == expected {
        Ok(())
    } else {
        Err(SignatureError::WrongLength { expected, actual: signature.len() })
    }
}

fn hmac_verify<M: hmac::Mac + hmac::digest::KeyInit>(
    secret: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), SignatureError> {
    let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(secret)
        .map_err(|_| SignatureError::KeyUnusable { detail: "HMAC refused the key".into() })?;
    check_length(M::output_size(), signature)?;
    mac.update(message);
    mac.verify_slice(signature).map_err(|_| SignatureError::Mismatch)
}

fn rsa_verify(
    key: &RsaPublicKey,
    scheme: impl SignatureScheme,
    digest: &[u8],
    signature: &[u8],
) -> Result<(), SignatureError> {
    // The signature is exactly as long as the modulus (RFC 8017 §8.2.2 step 1).
    check_length(key.size(), signature)?;
    key.verify(scheme, digest, signature).map_err(|_| SignatureError::Mismatch)
}
