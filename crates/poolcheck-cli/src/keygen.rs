//! `poolcheck keygen`: a fresh signing key.

use std::io::Write as _;
use std::process::ExitCode;

use poolcheck_core::commands::{self, KeygenOptions};

use crate::output;

#[derive(clap::Args)]
pub struct KeygenArgs {
    /// HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512 or EdDSA.
    #[arg(long)]
    alg: String,
    /// The key's kid (default: its RFC 7638 thumbprint).
    #[arg(long)]
    kid: Option<String>,
    /// RSA: 2048 (default), 3072 or 4096; HMAC: the secret's bits (default: the hash's).
    #[arg(long, value_name = "N")]
    bits: Option<usize>,
    /// Print every form of the key as one JSON document.
    #[arg(long)]
    json: bool,
}

pub fn run(args: KeygenArgs) -> ExitCode {
    let options = KeygenOptions { alg: args.alg, kid: args.kid, bits: args.bits };
    // The operating system's generator; core takes the RNG as an argument.
    let key = match commands::keygen(&options, &mut rand_core::OsRng) {
        Ok(key) => key,
        Err(error) => return output::refused(error),
    };
    if args.json {
        return output::emit_json(ExitCode::SUCCESS, &key);
    }
    let secret = key.private_pem.clone().or_else(|| key.secret_base64url.clone());
    match &key.public_jwks {
        Some(jwks) => eprintln!(
            "poolcheck: {} private key (kid {}) on stdout; keep it secret. Public JWKS: {jwks}",
            key.alg, key.kid
        ),
        None => eprintln!(
            "poolcheck: {} secret (kid {}) on stdout in base64url; verify with --secret-base64url",
            key.alg, key.kid
        ),
    }
    output::emit(ExitCode::SUCCESS, |out| match &secret {
        Some(text) if text.ends_with('\n') => out.write_all(text.as_bytes()),
        Some(text) => writeln!(out, "{text}"),
        None => Ok(()),
    })
}
