//! `poolcheck verify`: check a token's signature against keys or a secret.

use std::io::Write as _;
use std::process::ExitCode;

use poolcheck_core::Problem;
use poolcheck_core::keys::{KeyParseError, KeySet, KeySource, SecretEncoding};
use poolcheck_core::verify::{JWE_HAS_NO_SIGNATURE, Verification};
use poolcheck_core::workspace::{Edit, KeysOutcome, NotChecked, SignatureReport, Workspace};
use serde::Serialize;

use crate::{input, output};

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("key_source").required(true).multiple(false)))]
pub struct VerifyArgs {
    /// The token: the text itself, `-` for stdin (the default), or `@FILE`.
    token: Option<String>,
    /// A file holding a JWKS, a JWK or PEM blocks (`-` for stdin).
    #[arg(long, value_name = "FILE", group = "key_source")]
    keys: Option<String>,
    /// An HMAC secret, as text.
    #[arg(long, value_name = "TEXT", group = "key_source")]
    secret: Option<String>,
    /// An HMAC secret in standard base64.
    #[arg(long, value_name = "B64", group = "key_source")]
    secret_base64: Option<String>,
    /// An HMAC secret in base64url.
    #[arg(long, value_name = "B64URL", group = "key_source")]
    secret_base64url: Option<String>,
    /// Print one JSON document instead of text.
    #[arg(long)]
    json: bool,
}

/// The JSON report: the verification, plus the key table it was judged against.
#[derive(Serialize)]
struct Report<'a> {
    #[serde(flatten)]
    verification: &'a Verification,
    key_set: &'a KeySet,
}

pub fn run(args: VerifyArgs) -> ExitCode {
    if args.token.as_deref().is_none_or(|token| token == "-") && args.keys.as_deref() == Some("-") {
        return unreadable("the token and the keys cannot both come from stdin".into());
    }
    let (text, secret) = match read_keys(&args) {
        Ok(keys) => keys,
        Err(message) => return unreadable(message),
    };
    let mut workspace = Workspace::new(Default::default(), 0);
    workspace.apply(Edit::SetKeys { text, secret });
    let keys = match workspace.keys() {
        KeysOutcome::Set(keys) => keys.clone(),
        KeysOutcome::Unreadable(error) => return unreadable(key_error(error)),
        KeysOutcome::Empty => return unreadable(key_error(&KeyParseError::Empty)),
    };
    if let KeySource::Discovery { jwks_uri, .. } = &keys.source {
        let target = jwks_uri.as_deref().unwrap_or("its jwks_uri");
        return unreadable(format!(
            "the keys file is an OpenID discovery document; download {target} and pass that"
        ));
    }
    let token = match input::text_or_file(args.token.as_deref(), input::TOKEN) {
        Ok(token) => token,
        Err(message) => return unreadable(message),
    };
    workspace.apply(Edit::SetToken { token });
    if let Err(not_a_token) = workspace.token().decoded() {
        return unreadable(format!("the token cannot be read: {}", not_a_token.message));
    }
    let verification = match workspace.signature() {
        SignatureReport::NotChecked { reason: NotChecked::Encrypted } => {
            return unreadable(format!("the token cannot be read: {JWE_HAS_NO_SIGNATURE}"));
        }
        SignatureReport::Checked(verification) => verification.clone(),
        // Keys and token were both read above, so nothing else stops the check.
        SignatureReport::NotChecked { .. } => {
            return unreadable("the token cannot be read".into());
        }
    };
    if verification.refusal.is_some_and(|refusal| refusal.is_unreadable()) {
        let message = verification.refusal_problem().map_or("", |problem| problem.message.as_str());
        return unreadable(format!("the token cannot be read: {message}"));
    }
    let code = if verification.signature_valid { ExitCode::SUCCESS } else { ExitCode::from(1) };
    if args.json {
        output::emit_json(code, &Report { verification: &verification, key_set: &keys })
    } else {
        output::emit(code, |out| out.write_all(human(&verification, &keys).as_bytes()))
    }
}

/// The key text and, for a secret, how it is encoded.
fn read_keys(args: &VerifyArgs) -> Result<(String, Option<SecretEncoding>), String> {
    if let Some(path) = &args.keys {
        Ok((input::file_or_stdin(path, input::KEYS)?, None))
    } else if let Some(secret) = &args.secret {
        Ok((secret.clone(), Some(SecretEncoding::Text)))
    } else if let Some(secret) = &args.secret_base64 {
        Ok((secret.clone(), Some(SecretEncoding::Base64)))
    } else if let Some(secret) = &args.secret_base64url {
        Ok((secret.clone(), Some(SecretEncoding::Base64Url)))
    } else {
        Err("give --keys, --secret, --secret-base64 or --secret-base64url".into())
    }
}

fn key_error(error: &KeyParseError) -> String {
    match error.hint() {
        Some(hint) => format!("{error} ({hint})"),
        None => error.to_string(),
    }
}

fn unreadable(message: String) -> ExitCode {
    eprintln!("poolcheck: {message}");
    ExitCode::from(2)
}

fn human(verification: &Verification, keys: &KeySet) -> String {
    let mut out = String::new();
    let verdict = if verification.signature_valid { "VALID" } else { "NOT VALID" };
    out.push_str(&format!("Signature: {verdict}\n"));
    out.push_str(&format!(
        "  alg {}, kid {}\n",
        verification.alg.as_deref().unwrap_or("(none)"),
        verification.kid.as_deref().map_or("(none)".into(), |kid| format!("{kid:?}"))
    ));
    if let Some(key) = &verification.key {
        out.push_str(&format!(
            "  verified with key {}{}\n",
            key.index,
            kid_suffix(key.kid.as_deref())
        ));
    }
    out.push_str("\nKeys:\n");
    if keys.keys.is_empty() {
        out.push_str("  (none)\n");
    }
    for key in &keys.keys {
        let info = &key.info;
        let shape = match (&info.curve, info.size_bits) {
            (Some(curve), _) => curve.clone(),
            (None, Some(bits)) => format!("{bits} bits"),
            (None, None) => "-".into(),
        };
        out.push_str(&format!(
            "  [{}] {}{} {} {}{}{}\n",
            info.index,
            info.kty.as_deref().unwrap_or("?"),
            kid_suffix(info.kid.as_deref()),
            shape,
            info.origin,
            info.alg.as_deref().map_or(String::new(), |alg| format!(", alg {alg}")),
            info.key_use.as_deref().map_or(String::new(), |key_use| format!(", use {key_use}")),
        ));
        if let Some(ops) = &info.key_ops {
            out.push_str(&format!("      key_ops {}\n", ops.join(", ")));
        }
        if let Some(thumbprint) = &info.thumbprint {
            out.push_str(&format!("      thumbprint {thumbprint}\n"));
        }
        if let Some(subject) = &info.certificate_subject {
            out.push_str(&format!("      certificate {subject}\n"));
        }
        if let Some(candidate) = verification.candidates.iter().find(|c| c.index == info.index) {
            let reason = candidate.reason.as_str();
            out.push_str(&format!("      -> {reason}: {}\n", candidate.detail));
        }
        for warning in &info.warnings {
            out.push_str(&format!("      warning: {}\n", warning.message));
        }
    }
    let problems: Vec<&Problem> = keys.problems.iter().chain(&verification.problems).collect();
    if !problems.is_empty() {
        out.push_str("\nProblems:\n");
        for problem in problems {
            let severity = problem.severity.as_str();
            out.push_str(&format!("  {severity} [{}] {}\n", problem.code, problem.message));
            if let Some(hint) = &problem.hint {
                out.push_str(&format!("      hint: {hint}\n"));
            }
        }
    }
    out
}

fn kid_suffix(kid: Option<&str>) -> String {
    kid.map_or(String::new(), |kid| format!(" kid {kid:?}"))
}
