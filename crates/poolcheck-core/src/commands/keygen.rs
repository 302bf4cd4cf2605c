//! `keygen`'s and `import_key`'s inputs and output: a signing key in every form the builder
//! exports (the commands themselves are `builder.rs`, behind the `builder` feature).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Verdict;
use crate::alg::Algorithm;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(default)]
pub struct KeygenOptions {
    /// The JWS algorithm the key is for (`HS256` … `EdDSA`).
    pub alg: String,
    /// Default: the RFC 7638 thumbprint.
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub kid: Option<String>,
    /// RSA modulus or HMAC secret size.
    #[cfg_attr(feature = "typescript", ts(optional, type = "number"))]
    pub bits: Option<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(default)]
pub struct ImportKeyOptions {
    /// The `kid` to give the key, or to choose it from a JWKS; default the key's own `kid`,
    /// else its RFC 7638 thumbprint.
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub kid: Option<String>,
}

/// The key; the public forms and PEM are absent for an HMAC secret, `secret_base64url` for
/// the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct KeygenOutput {
    pub alg: Algorithm,
    pub kid: String,
    #[cfg_attr(feature = "typescript", ts(type = "Record<string, unknown>"))]
    pub private_jwk: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional, type = "Record<string, unknown>"))]
    pub public_jwk: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional, type = "{ keys: Record<string, unknown>[] }"))]
    pub public_jwks: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub private_pem: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub public_pem: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub secret_base64url: Option<String>,
}

impl Verdict for KeygenOutput {
    fn exit_code(&self) -> u8 {
        0
    }
}
