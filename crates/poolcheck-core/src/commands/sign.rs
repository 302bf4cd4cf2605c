//! `sign`: a token from a key, claims and header members.

use rand_core::CryptoRngCore;
use serde::Serialize;
use serde_json::{Map, Value};

use super::keygen::algorithm;
use super::{CommandError, CommandErrorCode, KeyKind, Verdict};
use crate::builder::{BuildError, PrivateKey, SignPath};
use crate::keys::{self, Material, SecretEncoding};

/// The CLI's `sign` flags, as text: core decides what is valid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignOptions {
    /// Private key text (PEM, JWK, JWKS) or the secret, as `key_kind` says.
    pub key: String,
    pub key_kind: KeyKind,
    /// Default: from the key (RS256, ES256/384/512 by curve, EdDSA, HS256).
    pub alg: Option<String>,
    /// The header's `kid` (and the JWKS entry to sign with); default the key's own `kid`.
    pub kid: Option<String>,
    /// A JSON object to start the claims from.
    pub claims: Option<String>,
    /// `NAME=VALUE` claims, applied in order; VALUE is JSON when it parses, else a string.
    pub claim: Vec<String>,
    /// `NAME=VALUE` header members, like `claim`; `alg` is refused (use `alg`).
    pub header: Vec<String>,
    /// `now` or unix seconds; default `now` unless the claims already hold `iat`.
    pub iat: Option<String>,
    /// `+DURATION` (`30s`, `15m`, `1h`, `7d`) from now, or unix seconds.
    pub exp: Option<String>,
    pub nbf: Option<String>,
    /// Unix seconds (default: the caller's clock).
    pub now: Option<i64>,
    /// Sign with an HMAC secret shorter than the hash output.
    pub allow_short_secret: bool,
}

/// The signed token and the header and claims it carries.
#[derive(Debug, Clone, Serialize)]
pub struct SignOutput {
    pub token: String,
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
}

pub fn sign(
    options: &SignOptions,
    clock: i64,
    rng: &mut impl CryptoRngCore,
) -> Result<SignOutput, CommandError> {
    let key = signing_key(options)?;
    let alg = match &options.alg {
        Some(name) => algorithm(name)?,
        None => key.default_alg(),
    };
    key.check_fits(alg, options.allow_short_secret)
        .map_err(|error| CommandError::new(CommandErrorCode::KeyDoesNotFit, error.to_string()))?;
    let now = options.now.unwrap_or(clock);
    let claims = claims(options, now)?;

    let mut header = Map::new();
    header.insert("alg".into(), alg.name().into());
    header.insert("typ".into(), "JWT".into());
    // A secret has no natural name: it gets a kid only when one is asked for.
    if !key.is_secret() || options.kid.is_some() {
        header.insert("kid".into(), key.kid.clone().into());
    }
    for argument in &options.header {
        let (name, value) = name_value("--header", argument)?;
        if name == "alg" {
            return Err(invalid("--header alg=…: the algorithm is set with --alg"));
        }
        header.insert(name, value);
    }
    let token = key
        .token(alg, &header, &claims, SignPath::preferred(alg), rng)
        .map_err(|error| CommandError::new(CommandErrorCode::KeyDoesNotFit, error.to_string()))?;
    Ok(SignOutput { token, header, claims })
}

fn signing_key(options: &SignOptions) -> Result<PrivateKey, CommandError> {
    let encoding = match options.key_kind {
        KeyKind::Keys => {
            return PrivateKey::import(&options.key, options.kid.as_deref()).map_err(|error| {
                let code = match error {
                    BuildError::PublicOnly(_) => CommandErrorCode::KeyDoesNotFit,
                    _ => CommandErrorCode::KeysUnreadable,
                };
                CommandError::new(code, error.to_string())
            });
        }
        KeyKind::Secret => SecretEncoding::Text,
        KeyKind::SecretBase64 => SecretEncoding::Base64,
        KeyKind::SecretBase64url => SecretEncoding::Base64Url,
    };
    // The Keys field's own secret reader, so sign and verify read a secret the same way.
    let set = keys::parse_keys(&options.key, Some(encoding))
        .map_err(|error| CommandError::new(CommandErrorCode::KeysUnreadable, error.to_string()))?;
    match set.keys.into_iter().next().and_then(|key| key.material) {
        Some(Material::Secret(bytes)) if !bytes.is_empty() => {
            Ok(PrivateKey::from_secret(bytes, options.kid.clone()))
        }
        _ => Err(CommandError::new(CommandErrorCode::KeysUnreadable, "the secret is empty")),
    }
}

fn claims(options: &SignOptions, now: i64) -> Result<Map<String, Value>, CommandError> {
    let mut claims = match &options.claims {
        None => Map::new(),
        Some(text) => match serde_json::from_str(text) {
            Ok(Value::Object(claims)) => claims,
            Ok(_) => return Err(unusable("the claims are not a JSON object")),
            Err(error) => return Err(unusable(&format!("the claims are not JSON: {error}"))),
        },
    };
    for argument in &options.claim {
        let (name, value) = name_value("--claim", argument)?;
        claims.insert(name, value);
    }
    match options.iat.as_deref() {
        Some(text) => {
            let iat = if text == "now" { now } else { unix("--iat", text)? };
            claims.insert("iat".into(), iat.into());
        }
        None => {
            claims.entry("iat").or_insert(now.into());
        }
    }
    for (flag, name, text) in [("--exp", "exp", &options.exp), ("--nbf", "nbf", &options.nbf)] {
        if let Some(text) = text {
            claims.insert(name.into(), instant(flag, text, now)?.into());
        }
    }
    Ok(claims)
}

/// `NAME=VALUE`: VALUE as JSON when it is valid JSON, else as a string.
fn name_value(flag: &str, argument: &str) -> Result<(String, Value), CommandError> {
    let (name, value) = argument
        .split_once('=')
        .filter(|(name, _)| !name.is_empty())
        .ok_or_else(|| invalid(&format!("{flag} {argument:?}: expected NAME=VALUE")))?;
    let value = serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_owned()));
    Ok((name.to_owned(), value))
}

/// `+DURATION` after `now`, or unix seconds.
fn instant(flag: &str, text: &str, now: i64) -> Result<i64, CommandError> {
    let Some(duration) = text.strip_prefix('+') else { return unix(flag, text) };
    let bad =
        || invalid(&format!("{flag} {text:?}: a duration is a number and s, m, h or d (+15m)"));
    let split = duration.len().checked_sub(1).ok_or_else(bad)?;
    let (count, unit) = duration.split_at_checked(split).ok_or_else(bad)?;
    let unit = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(bad()),
    };
    let count: i64 = count.parse().ok().filter(|count| *count >= 0).ok_or_else(bad)?;
    count
        .checked_mul(unit)
        .and_then(|seconds| now.checked_add(seconds))
        .ok_or_else(|| invalid(&format!("{flag} {text:?}: too far in the future")))
}

fn unix(flag: &str, text: &str) -> Result<i64, CommandError> {
    text.parse().map_err(|_| {
        invalid(&format!(
            "{flag} {text:?}: expected unix seconds{}",
            match flag {
                "--iat" => " or now",
                _ => " or +DURATION (30s, 15m, 1h, 7d)",
            }
        ))
    })
}

fn invalid(message: &str) -> CommandError {
    CommandError::new(CommandErrorCode::InvalidArgument, message)
}

fn unusable(message: &str) -> CommandError {
    CommandError::new(CommandErrorCode::ClaimsUnusable, message)
}

impl Verdict for SignOutput {
    fn exit_code(&self) -> u8 {
        0
    }
}
