//! The HMAC secret flags `verify` and `sign` share, and what they mean for core.

use poolcheck_core::commands::KeyKind;

/// `--secret`, `--secret-base64`, `--secret-base64url`: each in the command's `key_source`
/// group, so exactly one key source is given.
#[derive(clap::Args)]
pub struct SecretArgs {
    /// An HMAC secret, as text.
    #[arg(long, value_name = "TEXT", group = "key_source")]
    secret: Option<String>,
    /// An HMAC secret in standard base64.
    #[arg(long, value_name = "B64", group = "key_source")]
    secret_base64: Option<String>,
    /// An HMAC secret in base64url.
    #[arg(long, value_name = "B64URL", group = "key_source")]
    secret_base64url: Option<String>,
}

impl SecretArgs {
    /// The secret given, with how it is encoded.
    pub fn secret(&self) -> Option<(String, KeyKind)> {
        [
            (&self.secret, KeyKind::Secret),
            (&self.secret_base64, KeyKind::SecretBase64),
            (&self.secret_base64url, KeyKind::SecretBase64url),
        ]
        .into_iter()
        .find_map(|(text, kind)| text.clone().map(|text| (text, kind)))
    }
}
