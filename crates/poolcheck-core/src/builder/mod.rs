//! The token builder: generate, import and export signing keys, and sign tokens.
//!
//! Behind the `builder` feature, so the web app's wasm carries no signer. Randomness comes in
//! as an argument; jsonwebtoken signs where it supports the algorithm (it is the field's
//! reference implementation), RustCrypto where it does not (ES512).

mod export;
mod import;
mod sign;

use std::fmt;

use rand_core::CryptoRngCore;

use crate::alg::Algorithm;
use crate::crypto::PublicKey;
use crate::keys::Material;

pub use sign::SignPath;

pub use crate::alg::RSA_BITS;

/// A key that can sign, with its `kid`.
#[derive(Clone)]
pub struct PrivateKey {
    pub kid: String,
    secret: Secret,
    /// The algorithm the key names (a JWK's `alg`), which signing defaults to.
    stated_alg: Option<Algorithm>,
}

/// The private material. RSA is boxed: it is much larger than the others.
#[derive(Clone)]
enum Secret {
    Rsa(Box<rsa::RsaPrivateKey>),
    P256(p256::SecretKey),
    P384(p384::SecretKey),
    // p521's ECDSA key is its own type, not ecdsa's generic one; kept in that form.
    P521(p521::ecdsa::SigningKey),
    Ed25519(ed25519_dalek::SigningKey),
    Hmac(Vec<u8>),
}

/// Why a key cannot be made, read or used to sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// The text holds no private key that poolcheck can read.
    Unreadable(String),
    /// Only public material was given (a public key, a certificate, a JWK without `d`).
    PublicOnly(String),
    /// A JWKS with several private keys and no `--kid` choosing one.
    AmbiguousKey(Vec<String>),
    /// The key is of the wrong type or curve for the algorithm.
    WrongKeyType { alg: Algorithm, key: &'static str },
    /// An HMAC secret shorter than the hash output (RFC 7518 §3.2).
    SecretTooShort { alg: Algorithm, bytes: usize, min: usize },
    /// A key size `keygen` does not offer for this algorithm.
    BadSize { alg: Algorithm, bits: usize, allowed: String },
    /// The crypto library failed (never expected for a key that fits).
    Crypto(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Unreadable(detail) => write!(f, "no readable private key: {detail}"),
            BuildError::PublicOnly(what) => write!(
                f,
                "public key material cannot sign: {what}; give the private key (PEM or a JWK with \"d\")"
            ),
            BuildError::AmbiguousKey(kids) => write!(
                f,
                "the JWKS holds {} private keys ({}); choose one with --kid",
                kids.len(),
                kids.join(", ")
            ),
            BuildError::WrongKeyType { alg, key } => {
                write!(f, "{alg} needs {}, and this is {key}", alg.key_requirement())
            }
            BuildError::SecretTooShort { alg, bytes, min } => write!(
                f,
                "an {alg} secret must be at least {min} bytes (RFC 7518 §3.2); this one is {bytes}; \
                 pass --allow-short-secret to sign anyway"
            ),
            BuildError::BadSize { alg, bits, allowed } => {
                write!(f, "{alg} keys cannot be {bits} bits; {allowed}")
            }
            BuildError::Crypto(detail) => write!(f, "the crypto library failed: {detail}"),
        }
    }
}

impl std::error::Error for BuildError {}

impl PrivateKey {
    /// A fresh key for `alg`. `bits`: the RSA modulus (2048, 3072 or 4096; default 2048) or the
    /// HMAC secret length (at least the hash's, default the hash's); curves fix their own size.
    /// `kid` defaults to the RFC 7638 thumbprint.
    pub fn generate(
        alg: Algorithm,
        bits: Option<usize>,
        kid: Option<String>,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Self, BuildError> {
        let bad_size =
            |bits, allowed: &str| BuildError::BadSize { alg, bits, allowed: allowed.into() };
        let secret = match alg {
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
                let min = alg.hmac_min_key_bytes().unwrap_or(32);
                let bytes = match bits {
                    None => min,
                    Some(bits) if bits % 8 == 0 && bits / 8 >= min && bits <= 8192 => bits / 8,
                    Some(bits) => {
                        return Err(bad_size(
                            bits,
                            &format!("give a multiple of 8 from {} to 8192", min * 8),
                        ));
                    }
                };
                let mut secret = vec![0; bytes];
                rng.fill_bytes(&mut secret);
                Secret::Hmac(secret)
            }
            Algorithm::RS256
            | Algorithm::RS384
            | Algorithm::RS512
            | Algorithm::PS256
            | Algorithm::PS384
            | Algorithm::PS512 => {
                let bits = bits.unwrap_or(2048);
                if !RSA_BITS.contains(&bits) {
                    return Err(bad_size(bits, "give 2048, 3072 or 4096"));
                }
                let key = rsa::RsaPrivateKey::new(rng, bits)
                    .map_err(|error| BuildError::Crypto(error.to_string()))?;
                Secret::Rsa(Box::new(key))
            }
            Algorithm::ES256 | Algorithm::ES384 | Algorithm::ES512 | Algorithm::EdDSA => {
                if let Some(bits) = bits {
                    return Err(bad_size(bits, "the curve fixes the size; leave out --bits"));
                }
                match alg {
                    Algorithm::ES256 => Secret::P256(p256::SecretKey::random(rng)),
                    Algorithm::ES384 => Secret::P384(p384::SecretKey::random(rng)),
                    Algorithm::ES512 => Secret::P521(p521::ecdsa::SigningKey::random(rng)),
                    _ => Secret::Ed25519(ed25519_dalek::SigningKey::generate(rng)),
                }
            }
        };
        Ok(Self::with_kid(secret, kid))
    }

    /// An HMAC secret's bytes as a signing key.
    pub fn from_secret(bytes: Vec<u8>, kid: Option<String>) -> Self {
        Self::with_kid(Secret::Hmac(bytes), kid)
    }

    fn with_kid(secret: Secret, kid: Option<String>) -> Self {
        let kid = kid.unwrap_or_else(|| secret.material().thumbprint());
        Self { kid, secret, stated_alg: None }
    }

    /// The algorithm a key signs with when none is asked for: its own `alg`, else by type.
    pub fn default_alg(&self) -> Algorithm {
        if let Some(alg) = self.stated_alg {
            return alg;
        }
        match &self.secret {
            Secret::Rsa(_) => Algorithm::RS256,
            Secret::P256(_) => Algorithm::ES256,
            Secret::P384(_) => Algorithm::ES384,
            Secret::P521(_) => Algorithm::ES512,
            Secret::Ed25519(_) => Algorithm::EdDSA,
            Secret::Hmac(_) => Algorithm::HS256,
        }
    }

    pub fn is_secret(&self) -> bool {
        matches!(self.secret, Secret::Hmac(_))
    }

    /// Refuses an algorithm the key does not fit; a short HMAC secret only when not `insist`.
    pub fn check_fits(&self, alg: Algorithm, insist: bool) -> Result<(), BuildError> {
        let material = self.secret.material();
        if !alg.fits(&material) {
            return Err(BuildError::WrongKeyType { alg, key: self.secret.describe() });
        }
        match (&self.secret, alg.hmac_min_key_bytes()) {
            (Secret::Hmac(bytes), Some(min)) if bytes.len() < min && !insist => {
                Err(BuildError::SecretTooShort { alg, bytes: bytes.len(), min })
            }
            _ => Ok(()),
        }
    }
}

impl Secret {
    /// The public half (or the secret) as the key table sees it: one thumbprint, one fit rule.
    fn material(&self) -> Material {
        match self {
            Secret::Rsa(key) => PublicKey::Rsa(key.to_public_key()).into(),
            Secret::P256(key) => PublicKey::P256(key.public_key().into()).into(),
            Secret::P384(key) => PublicKey::P384(key.public_key().into()).into(),
            Secret::P521(key) => PublicKey::P521(key.into()).into(),
            Secret::Ed25519(key) => PublicKey::Ed25519(key.verifying_key()).into(),
            Secret::Hmac(bytes) => Material::Secret(bytes.clone()),
        }
    }

    fn describe(&self) -> &'static str {
        match self {
            Secret::Rsa(_) => "an RSA key",
            Secret::P256(_) => "an EC key on P-256",
            Secret::P384(_) => "an EC key on P-384",
            Secret::P521(_) => "an EC key on P-521",
            Secret::Ed25519(_) => "an Ed25519 key",
            Secret::Hmac(_) => "an HMAC secret",
        }
    }
}
