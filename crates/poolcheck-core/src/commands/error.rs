//! Why a command could not use its input: a stable code for scripts and the message the CLI
//! prints after `poolcheck: `.

use serde::{Deserialize, Serialize};

/// Stable snake_case names, documented in the README; callers match on these, never on
/// messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CommandErrorCode {
    /// The text is not a token, or its header does not decode.
    NotAToken,
    /// `verify`: the token cannot be checked at all (unreadable parts, a JWE).
    TokenUnreadable,
    /// The key text is blank or no key in it can be read.
    KeysUnreadable,
    /// The key text is an OpenID discovery document, which only names the key set.
    KeysDiscoveryDocument,
    /// The filter does not compile; `hint` may say how to fix it.
    FilterDoesNotCompile,
    /// `filter`: the claims (or the token's payload) cannot be bound to a filter.
    ClaimsUnusable,
    /// `simulate`: the scenario is not a valid scenario; the message names the JSON Pointer.
    ScenarioInvalid,
    /// `exercise`: the scenario has no exercises, no exercise with that id, or the exercise has
    /// no solution.
    ExerciseNotFound,
    /// `cert inspect`: neither PEM certificates nor one DER certificate.
    CertificateUnreadable,
    /// `sign`: the key cannot sign with the algorithm (wrong type or curve, a public key, an
    /// HMAC secret shorter than the hash).
    KeyDoesNotFit,
    /// Minting a token for a pool whose provider carries no `signing_key`.
    SigningKeyMissing,
    /// An argument or option has the wrong type or value (e.g. a negative leeway).
    InvalidArgument,
    /// The app's builder worker (or the JavaScript API inside it) failed to load or answer.
    WorkerFailed,
    /// A report could not be converted for the caller (never expected).
    SerializationFailed,
    /// `import`: the text is not Confluent CLI, REST API or Terraform output, or holds no
    /// provider, pool, certificate authority or certificate pool.
    ImportUnrecognized,
    /// `export`: no pool or certificate pool with that id in the scenario.
    PoolNotFound,
    /// `export`: the scenario holds a value the format cannot carry (a NUL for a shell, a
    /// line break in librdkafka properties, a quote in sasl.jaas.config).
    ExportUnrepresentable,
}

/// An input error: the CLI prints `poolcheck: {message}` (then `excerpt` and `hint: …` lines
/// when present) and exits 2; the JavaScript API throws it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct CommandError {
    pub code: CommandErrorCode,
    pub message: String,
    /// For a filter that does not compile: the source line with a caret under the column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub excerpt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub hint: Option<String>,
}

impl CommandError {
    pub fn new(code: CommandErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), excerpt: None, hint: None }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CommandError {}
