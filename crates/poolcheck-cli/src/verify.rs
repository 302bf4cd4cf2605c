//! `poolcheck verify`: check a token's signature against keys or a secret.

use std::io::Write as _;
use std::process::ExitCode;

use poolcheck_core::Problem;
use poolcheck_core::commands::{self, KeyKind, VerifyOptions};
use poolcheck_core::keys::KeySet;
use poolcheck_core::verify::Verification;

use crate::secret::SecretArgs;
use crate::{input, output};

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("key_source").required(true).multiple(false)))]
pub struct VerifyArgs {
    /// The token: the text itself, `-` for stdin (the default), or `@FILE`.
    token: Option<String>,
    /// A file holding a JWKS, a JWK or PEM blocks (`-` for stdin).
    #[arg(long, value_name = "FILE", group = "key_source")]
    keys: Option<String>,
    #[command(flatten)]
    secret: SecretArgs,
    /// Print one JSON document instead of text.
    #[arg(long)]
    json: bool,
}

pub fn run(args: VerifyArgs) -> ExitCode {
    if args.token.as_deref().is_none_or(|token| token == "-") && args.keys.as_deref() == Some("-") {
        return output::unusable("the token and the keys cannot both come from stdin");
    }
    let (keys, key_kind) = match read_keys(&args) {
        Ok(keys) => keys,
        Err(message) => return output::unusable(message),
    };
    let token = match input::text_or_file(args.token.as_deref(), input::TOKEN) {
        Ok(token) => token,
        Err(message) => return output::unusable(message),
    };
    let options = VerifyOptions { key_kind: Some(key_kind) };
    match commands::verify(&token, &keys, &options) {
        Ok(report) => output::report(&report, args.json, |out| {
            out.write_all(human(&report.verification, &report.key_set).as_bytes())
        }),
        Err(error) => output::refused(error),
    }
}

/// The key text and what kind of key it is.
fn read_keys(args: &VerifyArgs) -> Result<(String, KeyKind), String> {
    if let Some(path) = &args.keys {
        Ok((input::file_or_stdin(path, input::KEYS)?, KeyKind::Keys))
    } else if let Some(secret) = args.secret.secret() {
        Ok(secret)
    } else {
        Err("give --keys, --secret, --secret-base64 or --secret-base64url".into())
    }
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
