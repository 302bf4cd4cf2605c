//! `keygen`: a fresh signing key in every form the builder exports.

use rand_core::CryptoRngCore;
use serde::Serialize;
use serde_json::{Map, Value};

use super::{CommandError, CommandErrorCode, Verdict};
use crate::alg::Algorithm;
use crate::builder::{BuildError, PrivateKey};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeygenOptions {
    /// The JWS algorithm the key is for (`HS256` … `EdDSA`).
    pub alg: String,
    /// Default: the RFC 7638 thumbprint.
    pub kid: Option<String>,
    /// RSA modulus or HMAC secret size.
    pub bits: Option<usize>,
}

/// The key; the public forms and PEM are absent for an HMAC secret, `secret_base64url` for
/// the others.
#[derive(Debug, Clone, Serialize)]
pub struct KeygenOutput {
    pub alg: Algorithm,
    pub kid: String,
    pub private_jwk: Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_jwk: Option<Map<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_jwks: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_pem: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_pem: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_base64url: Option<String>,
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
pub(super) fn algorithm(name: &str) -> Result<Algorithm, CommandError> {
    Algorithm::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Algorithm::ALL.iter().map(|alg| alg.name()).collect();
        CommandError::new(
            CommandErrorCode::InvalidArgument,
            format!("unknown algorithm {name:?}; use one of {}", names.join(", ")),
        )
    })
}

impl Verdict for KeygenOutput {
    fn exit_code(&self) -> u8 {
        0
    }
}
