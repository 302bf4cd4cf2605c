//! `verify`: a token's signature against key text or an HMAC secret.

use serde::{Deserialize, Serialize};

use super::{CommandError, CommandErrorCode, Verdict};
use crate::keys::{KeyParseError, KeySet, KeySource, SecretEncoding};
use crate::verify::{JWE_HAS_NO_SIGNATURE, Verification};
use crate::workspace::{Edit, KeysOutcome, NotChecked, SignatureReport, Workspace};

/// What the `keys` text is: the CLI's `--keys`, `--secret`, `--secret-base64` and
/// `--secret-base64url`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    /// A JWKS, a JWK or PEM blocks.
    #[default]
    Keys,
    /// An HMAC secret, as text.
    Secret,
    SecretBase64,
    SecretBase64url,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct VerifyOptions {
    /// How to read the key text (default `keys`).
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub key_kind: Option<KeyKind>,
}

/// The verification, plus the key table it was judged against.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct VerifyOutput {
    #[serde(flatten)]
    pub verification: Verification,
    pub key_set: KeySet,
}

/// Verifies `token` against `keys`. Unreadable keys, a discovery document, or a token that
/// cannot be checked at all are input errors; a signature that does not verify is a report.
pub fn verify(
    token: &str,
    keys: &str,
    options: &VerifyOptions,
) -> Result<VerifyOutput, CommandError> {
    let secret = match options.key_kind.unwrap_or_default() {
        KeyKind::Keys => None,
        KeyKind::Secret => Some(SecretEncoding::Text),
        KeyKind::SecretBase64 => Some(SecretEncoding::Base64),
        KeyKind::SecretBase64url => Some(SecretEncoding::Base64Url),
    };
    // The signature does not depend on the time.
    let mut workspace = Workspace::new(Default::default(), 0);
    workspace.apply(Edit::SetKeys { text: keys.to_owned(), secret });
    let key_set = match workspace.keys() {
        KeysOutcome::Set(keys) => KeySet::clone(keys),
        KeysOutcome::Unreadable(error) => return Err(key_error(error)),
        KeysOutcome::Empty => return Err(key_error(&KeyParseError::Empty)),
    };
    if let KeySource::Discovery { jwks_uri, .. } = &key_set.source {
        let target = jwks_uri.as_deref().unwrap_or("its jwks_uri");
        return Err(CommandError::new(
            CommandErrorCode::KeysDiscoveryDocument,
            format!(
                "the keys file is an OpenID discovery document; download {target} and pass that"
            ),
        ));
    }
    workspace.apply(Edit::SetToken { token: token.to_owned() });
    if let Err(not_a_token) = workspace.token().decoded() {
        return Err(unreadable(&not_a_token.message));
    }
    let verification = match workspace.signature() {
        SignatureReport::NotChecked { reason: NotChecked::Encrypted } => {
            return Err(unreadable(JWE_HAS_NO_SIGNATURE));
        }
        SignatureReport::Checked(verification) => Verification::clone(verification),
        // Keys and token were both read above, so nothing else stops the check.
        SignatureReport::NotChecked { .. } => {
            return Err(CommandError::new(
                CommandErrorCode::TokenUnreadable,
                "the token cannot be read",
            ));
        }
    };
    if verification.refusal.is_some_and(|refusal| refusal.is_unreadable()) {
        let message = verification.refusal_problem().map_or("", |problem| problem.message.as_str());
        return Err(unreadable(message));
    }
    Ok(VerifyOutput { verification, key_set })
}

fn unreadable(reason: &str) -> CommandError {
    CommandError::new(
        CommandErrorCode::TokenUnreadable,
        format!("the token cannot be read: {reason}"),
    )
}

fn key_error(error: &KeyParseError) -> CommandError {
    let message = match error.hint() {
        Some(hint) => format!("{error} ({hint})"),
        None => error.to_string(),
    };
    CommandError::new(CommandErrorCode::KeysUnreadable, message)
}

impl Verdict for VerifyOutput {
    fn exit_code(&self) -> u8 {
        if self.verification.signature_valid { 0 } else { 1 }
    }
}
