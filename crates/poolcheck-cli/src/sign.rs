//! `poolcheck sign`: a token from a key or secret and claims.

use std::io::Write as _;
use std::process::ExitCode;

use poolcheck_core::commands::{self, KeyKind, SignOptions};

use crate::secret::SecretArgs;
use crate::{input, output};

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("key_source").required(true).multiple(false)))]
pub struct SignArgs {
    /// A private key: PEM (PKCS#8, PKCS#1, SEC1), a private JWK or a JWKS (`-` for stdin).
    #[arg(long, value_name = "FILE", group = "key_source")]
    key: Option<String>,
    #[command(flatten)]
    secret: SecretArgs,
    /// The algorithm (default: from the key).
    #[arg(long)]
    alg: Option<String>,
    /// The header's kid; in a JWKS, the key to sign with.
    #[arg(long)]
    kid: Option<String>,
    /// A JSON object of claims to start from (`-` for stdin).
    #[arg(long, value_name = "FILE")]
    claims: Option<String>,
    /// A claim; VALUE is JSON when it parses, else a string. Repeatable.
    #[arg(long, value_name = "NAME=VALUE")]
    claim: Vec<String>,
    /// A header member, like --claim. Repeatable.
    #[arg(long, value_name = "NAME=VALUE")]
    header: Vec<String>,
    /// `now` or unix seconds (default: now, unless the claims hold iat).
    #[arg(long, value_name = "now|UNIX", allow_negative_numbers = true)]
    iat: Option<String>,
    /// `+DURATION` (30s, 15m, 1h, 7d) or unix seconds.
    #[arg(long, value_name = "+DURATION|UNIX", allow_negative_numbers = true)]
    exp: Option<String>,
    /// `+DURATION` or unix seconds.
    #[arg(long, value_name = "+DURATION|UNIX", allow_negative_numbers = true)]
    nbf: Option<String>,
    /// The current time in unix seconds (default: the system clock).
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    now: Option<i64>,
    /// Sign with an HMAC secret shorter than the hash output (RFC 7518 §3.2 forbids it).
    #[arg(long)]
    allow_short_secret: bool,
    /// Print `token`, `header` and `claims` as one JSON document.
    #[arg(long)]
    json: bool,
}

pub fn run(args: SignArgs) -> ExitCode {
    if args.key.as_deref() == Some("-") && args.claims.as_deref() == Some("-") {
        return output::unusable("the key and the claims cannot both come from stdin");
    }
    let (key, key_kind) = if let Some(path) = &args.key {
        match input::file_or_stdin(path, input::KEYS) {
            Ok(text) => (text, KeyKind::Keys),
            Err(message) => return output::unusable(message),
        }
    } else if let Some(secret) = args.secret.secret() {
        secret
    } else {
        return output::unusable("give --key, --secret, --secret-base64 or --secret-base64url");
    };
    let claims = match args.claims.as_deref().map(|path| input::file_or_stdin(path, input::CLAIMS))
    {
        Some(Ok(text)) => Some(text),
        Some(Err(message)) => return output::unusable(message),
        None => None,
    };
    let options = SignOptions {
        key,
        key_kind,
        alg: args.alg,
        kid: args.kid,
        claims,
        claim: args.claim,
        header: args.header,
        iat: args.iat,
        exp: args.exp,
        nbf: args.nbf,
        now: args.now,
        allow_short_secret: args.allow_short_secret,
        base_header: None,
    };
    // OsRng serves RSA blinding, PSS salts and ES512 nonces.
    match commands::sign(&options, output::clock(), &mut rand_core::OsRng) {
        Ok(signed) => output::report(&signed, args.json, |out| writeln!(out, "{}", signed.token)),
        Err(error) => output::refused(error),
    }
}
