//! `sign`'s inputs and output (the signing itself is `builder.rs`, behind the `builder`
//! feature).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{CommandError, CommandErrorCode, KeyKind, Verdict};

/// The CLI's `sign` flags, as text: core decides what is valid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(default)]
pub struct SignOptions {
    /// Private key text (PEM, JWK, JWKS) or the secret, as `key_kind` says.
    pub key: String,
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub key_kind: KeyKind,
    /// Default: from the key (RS256, ES256/384/512 by curve, EdDSA, HS256).
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub alg: Option<String>,
    /// The header's `kid` (and the JWKS entry to sign with); default the key's own `kid`.
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub kid: Option<String>,
    /// A JSON object to start the claims from.
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub claims: Option<String>,
    /// `NAME=VALUE` claims, applied in order; VALUE is JSON when it parses, else a string.
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub claim: Vec<String>,
    /// A JSON object to start the header from (members beyond `alg`, `typ` and `kid`, or
    /// those replaced). An `alg` in it chooses the algorithm and must agree with `alg`.
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub base_header: Option<String>,
    /// `NAME=VALUE` header members, like `claim`; `alg` is refused (use `alg`).
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub header: Vec<String>,
    /// `now` or unix seconds; default `now` unless the claims already hold `iat`.
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub iat: Option<String>,
    /// `+DURATION` (`30s`, `15m`, `1h`, `7d`) from now, or unix seconds.
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub exp: Option<String>,
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub nbf: Option<String>,
    /// Unix seconds (default: the caller's clock).
    #[cfg_attr(feature = "typescript", ts(optional, type = "number"))]
    pub now: Option<i64>,
    /// Sign with an HMAC secret shorter than the hash output.
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub allow_short_secret: bool,
}

/// The signed token and the header and claims it carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct SignOutput {
    pub token: String,
    #[cfg_attr(feature = "typescript", ts(type = "Record<string, unknown>"))]
    pub header: Map<String, Value>,
    #[cfg_attr(feature = "typescript", ts(type = "Record<string, unknown>"))]
    pub claims: Map<String, Value>,
}

impl Verdict for SignOutput {
    fn exit_code(&self) -> u8 {
        0
    }
}

/// A JSON object the user wrote: the claims, or a header.
pub fn json_object(what: &str, text: &str) -> Result<Map<String, Value>, CommandError> {
    match serde_json::from_str(text) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(unusable(format!("{what}: not a JSON object"))),
        Err(error) => Err(unusable(format!("{what}: not JSON: {error}"))),
    }
}

fn unusable(message: String) -> CommandError {
    CommandError::new(CommandErrorCode::ClaimsUnusable, message)
}
