//! Token decoding: take whatever the user pasted, find the compact JWS or JWE in it, and
//! decode every part that can be decoded, reporting precisely what cannot.

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::b64::{self, Deviation};
use crate::claims::{self, ClaimRow, Clock};
use crate::json;
use crate::problem::Problem;

/// Inputs longer than this are refused before any work: real tokens are a few KiB.
pub const MAX_TOKEN_BYTES: usize = 256 * 1024;

/// Tokens larger than this do not fit the 8 KiB header limit many servers and proxies use.
const LARGE_TOKEN_BYTES: usize = 8 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DecodeOptions {
    pub now: i64,
    pub leeway_seconds: i64,
}

/// The input is not a compact JWS or JWE at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotAToken {
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
}

impl NotAToken {
    fn new(code: &'static str, message: impl Into<String>, hint: Option<&str>) -> Self {
        Self { code, message: message.into(), hint: hint.map(str::to_owned) }
    }
}

impl fmt::Display for NotAToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        match &self.hint {
            Some(hint) => write!(f, " ({hint})"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for NotAToken {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenFormat {
    Jws,
    Jwe,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentRole {
    Header,
    Payload,
    Signature,
    EncryptedKey,
    Iv,
    Ciphertext,
    Tag,
}

impl SegmentRole {
    pub fn label(self) -> &'static str {
        match self {
            SegmentRole::Header => "header",
            SegmentRole::Payload => "payload",
            SegmentRole::Signature => "signature",
            SegmentRole::EncryptedKey => "encrypted key",
            SegmentRole::Iv => "initialization vector",
            SegmentRole::Ciphertext => "ciphertext",
            SegmentRole::Tag => "authentication tag",
        }
    }
}

const JWS_ROLES: [SegmentRole; 3] =
    [SegmentRole::Header, SegmentRole::Payload, SegmentRole::Signature];
const JWE_ROLES: [SegmentRole; 5] = [
    SegmentRole::Header,
    SegmentRole::EncryptedKey,
    SegmentRole::Iv,
    SegmentRole::Ciphertext,
    SegmentRole::Tag,
];

/// One dot-separated part of the token; `decoded_len` is `None` when it is not base64url.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub role: SegmentRole,
    pub text: String,
    pub decoded_len: Option<usize>,
}

/// What the payload turned out to be.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Payload {
    /// A JSON object: see `TokenReport::claims`.
    Claims,
    /// JSON, but not an object.
    Json { value: Value },
    /// UTF-8 text that is not JSON.
    Text { text: String },
    /// Bytes that are not UTF-8, as lowercase hex.
    Binary { hex: String },
    /// A JWE: only the holder of the private key can read it.
    Encrypted,
    /// The payload part is not base64url (see the problems).
    Undecodable,
}

/// Everything the decoder learned about a token.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenReport {
    pub format: TokenFormat,
    /// The compact token with any `Bearer`, quotes and whitespace removed.
    pub token: String,
    pub segments: Vec<Segment>,
    pub header: Option<Value>,
    pub claims: Option<Value>,
    pub payload: Payload,
    pub claim_rows: Vec<ClaimRow>,
    pub lifetime_seconds: Option<i64>,
    pub size_bytes: usize,
    pub now: i64,
    pub problems: Vec<Problem>,
}

impl TokenReport {
    /// The header's `alg`, when it is a string.
    pub fn alg(&self) -> Option<&str> {
        self.header.as_ref()?.get("alg")?.as_str()
    }

    /// The header's `kid`, when it is a string.
    pub fn kid(&self) -> Option<&str> {
        self.header.as_ref()?.get("kid")?.as_str()
    }
}

/// Decodes a pasted token. Errors only when the input is not a token at all; everything
/// else, down to a payload that is not JSON, is a problem in the report.
pub fn decode(input: &str, options: &DecodeOptions) -> Result<TokenReport, NotAToken> {
    let mut problems = Vec::new();
    let token = normalize(input, &mut problems)?;
    let texts: Vec<&str> = token.split('.').collect();
    let (format, roles): (_, &[SegmentRole]) = match texts.len() {
        3 => (TokenFormat::Jws, &JWS_ROLES),
        5 => (TokenFormat::Jwe, &JWE_ROLES),
        count => return Err(wrong_part_count(count)),
    };

    let mut segments = Vec::with_capacity(roles.len());
    let mut decoded = Vec::with_capacity(roles.len());
    let mut offset = 0;
    for (role, text) in roles.iter().copied().zip(texts) {
        let bytes = decode_segment(role, text, offset, &mut problems);
        segments.push(Segment {
            role,
            text: text.to_owned(),
            decoded_len: bytes.as_ref().map(Vec::len),
        });
        decoded.push(bytes);
        offset += text.len() + 1;
    }
    let mut parts = decoded.into_iter();
    let header_bytes = parts.next().flatten();
    let header = header_bytes.and_then(|bytes| parse_header(&bytes, &mut problems));
    if let Some(header) = &header {
        check_header(header, format, &mut problems);
    }

    let clock = Clock { now: options.now, leeway_seconds: options.leeway_seconds };
    let mut report = TokenReport {
        format,
        size_bytes: token.len(),
        token,
        segments,
        header: header.map(Value::Object),
        claims: None,
        payload: Payload::Encrypted,
        claim_rows: Vec::new(),
        lifetime_seconds: None,
        now: options.now,
        problems: Vec::new(),
    };
    if format == TokenFormat::Jws {
        let payload_bytes = parts.next().flatten();
        let signature_len = parts.next().flatten().map(|bytes| bytes.len());
        let (payload, claims) = match payload_bytes {
            Some(bytes) => read_payload(&bytes, &mut problems),
            None => (Payload::Undecodable, None),
        };
        report.payload = payload;
        if let Some(claims) = claims {
            report.claim_rows = claims::explain(&claims, clock, &mut problems);
            report.lifetime_seconds = claims::lifetime_seconds(&claims);
            claims::check_lifetime(report.lifetime_seconds, &mut problems);
            report.claims = Some(Value::Object(claims));
        }
        check_signature_presence(report.alg(), signature_len, &mut problems);
    } else {
        problems.push(Problem::info(
            "encrypted",
            "this is a JWE: the payload is encrypted and only the holder of the private key can read it",
        ));
    }
    if report.size_bytes > LARGE_TOKEN_BYTES {
        problems.push(Problem::warning(
            "large_token",
            format!(
                "the token is {} bytes; many servers and proxies refuse headers over 8 KiB",
                report.size_bytes
            ),
        ));
    }
    report.problems = problems;
    Ok(report)
}

/// Strips what commonly surrounds a pasted token: whitespace, an `Authorization:` header
/// name, a `Bearer` scheme, quotes. Whitespace inside is removed with a warning.
fn normalize(input: &str, problems: &mut Vec<Problem>) -> Result<String, NotAToken> {
    if input.len() > MAX_TOKEN_BYTES {
        return Err(NotAToken::new(
            "too_large",
            format!(
                "the input is {} bytes; tokens over {MAX_TOKEN_BYTES} bytes are refused",
                input.len()
            ),
            None,
        ));
    }
    let mut text = input.trim();
    if let Some(rest) = strip_prefix_ignore_case(text, "authorization:") {
        text = rest.trim_start();
    }
    if let Some(rest) = strip_prefix_ignore_case(text, "bearer")
        && (rest.is_empty() || rest.starts_with(char::is_whitespace))
    {
        text = rest.trim_start();
    }
    for quote in ['"', '\'', '`'] {
        if let Some(inner) = text.strip_prefix(quote).and_then(|t| t.strip_suffix(quote)) {
            text = inner.trim();
        }
    }
    if text.is_empty() {
        return Err(NotAToken::new(
            "empty",
            "no token: the input is empty",
            Some("paste a JWT: three base64url parts separated by dots"),
        ));
    }
    if text.starts_with('{') {
        let hint = if text.contains("\"signatures\"") || text.contains("\"protected\"") {
            "this looks like the JWS JSON serialization; poolcheck reads the compact form (header.payload.signature)"
        } else {
            "this looks like JSON (claims or keys?); a token is three base64url parts separated by dots"
        };
        return Err(NotAToken::new(
            "json_not_token",
            "the input is JSON, not a compact token",
            Some(hint),
        ));
    }
    if let Some(offset) = text.find(char::is_whitespace) {
        problems.push(
            Problem::warning(
                "whitespace_in_token",
                format!("the token contains whitespace at byte {offset}; it was removed"),
            )
            .with_hint(
                "line breaks often sneak in when a token is copied from a terminal or an email",
            ),
        );
        return Ok(text.split_whitespace().collect());
    }
    Ok(text.to_owned())
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

fn wrong_part_count(count: usize) -> NotAToken {
    let message = if count == 1 {
        "the input has no dots, so it is not a JWT (three base64url parts separated by dots)"
            .to_owned()
    } else {
        format!(
            "the input has {count} dot-separated parts; a signed JWT has 3 and an encrypted JWE has 5"
        )
    };
    let hint = match count {
        1 => Some(
            "an opaque access token cannot be decoded; ask the identity provider for a JWT access token",
        ),
        2 => Some("the signature part may have been cut off when copying"),
        _ => None,
    };
    NotAToken::new("wrong_part_count", message, hint)
}

fn decode_segment(
    role: SegmentRole,
    text: &str,
    token_offset: usize,
    problems: &mut Vec<Problem>,
) -> Option<Vec<u8>> {
    let label = role.label();
    if text.is_empty() && role != SegmentRole::Signature && role != SegmentRole::EncryptedKey {
        problems.push(Problem::error("empty_part", format!("the {label} part is empty")));
        return None;
    }
    match b64::decode(text) {
        Ok(decoded) => {
            for deviation in &decoded.deviations {
                let code = match deviation {
                    Deviation::Padding => "b64_padding",
                    Deviation::StandardAlphabet { .. } => "b64_standard_alphabet",
                    Deviation::Whitespace { .. } => "b64_whitespace",
                    Deviation::NonCanonicalTrailingBits => "b64_trailing_bits",
                };
                problems.push(
                    Problem::warning(code, format!("the {label} part {}", deviation.describe()))
                        .with_hint("strict verifiers refuse this; the token was not produced by a conforming library"),
                );
            }
            Some(decoded.bytes)
        }
        Err(error) => {
            let where_in_token = match &error {
                b64::Base64Error::InvalidCharacter { offset, .. }
                | b64::Base64Error::MisplacedPadding { offset } => {
                    format!(" (byte {} of the token)", token_offset + offset)
                }
                b64::Base64Error::ImpossibleLength { .. } => String::new(),
            };
            problems.push(Problem::error(
                "b64_invalid",
                format!("the {label} part is not base64url: {error}{where_in_token}"),
            ));
            None
        }
    }
}

fn parse_header(bytes: &[u8], problems: &mut Vec<Problem>) -> Option<Map<String, Value>> {
    match json::parse(bytes) {
        Ok(parsed) => {
            report_duplicates("header", &parsed.duplicate_members, problems);
            match parsed.value {
                Value::Object(map) => Some(map),
                other => {
                    problems.push(Problem::error(
                        "header_not_object",
                        format!("the header is JSON but not an object: {other}"),
                    ));
                    None
                }
            }
        }
        Err(error) => {
            problems.push(Problem::error(
                "header_not_json",
                format!("the header is not JSON: {error}"),
            ));
            None
        }
    }
}

/// Classifies the payload; the claims come back separately when it is a JSON object.
fn read_payload(
    bytes: &[u8],
    problems: &mut Vec<Problem>,
) -> (Payload, Option<Map<String, Value>>) {
    let payload = match json::parse(bytes) {
        Ok(parsed) => {
            report_duplicates("payload", &parsed.duplicate_members, problems);
            match parsed.value {
                Value::Object(claims) => return (Payload::Claims, Some(claims)),
                value => {
                    problems.push(
                        Problem::warning("payload_not_object", "the payload is JSON but not an object, so it has no claims")
                            .with_hint("a JWT's payload is a JSON object of claims; this may be a JWS over other content"),
                    );
                    Payload::Json { value }
                }
            }
        }
        Err(_) => match std::str::from_utf8(bytes) {
            Ok(text) => {
                problems.push(Problem::warning(
                    "payload_not_json",
                    "the payload is text, not JSON, so it has no claims",
                ));
                Payload::Text { text: text.to_owned() }
            }
            Err(_) => {
                problems.push(Problem::warning(
                    "payload_binary",
                    "the payload is binary (not UTF-8), shown as hex",
                ));
                Payload::Binary { hex: bytes.iter().map(|b| format!("{b:02x}")).collect() }
            }
        },
    };
    (payload, None)
}

fn report_duplicates(part: &str, pointers: &[String], problems: &mut Vec<Problem>) {
    for pointer in pointers {
        problems.push(
            Problem::error("duplicate_member", format!("the {part} has the member {pointer} more than once: its meaning is ambiguous"))
                .with_hint("parsers disagree on which value wins (first, last, or refuse); RFC 7515 §4 requires refusing the token"),
        );
    }
}

/// Header parameters defined by RFC 7515/7516/7797 and RFC 8725 guidance.
const EMBEDDED_KEY_PARAMETERS: [&str; 4] = ["jwk", "jku", "x5c", "x5u"];

fn check_header(header: &Map<String, Value>, format: TokenFormat, problems: &mut Vec<Problem>) {
    match header.get("alg") {
        None => problems.push(Problem::error("alg_missing", "the header has no `alg`")),
        Some(Value::String(alg)) if alg.eq_ignore_ascii_case("none") => problems.push(
            Problem::error("alg_none", format!("`alg` is \"{alg}\": the token is unsigned and must never be accepted"))
                .with_hint("an unsigned token proves nothing; poolcheck never verifies alg none"),
        ),
        Some(Value::String(alg)) if format == TokenFormat::Jws && !is_known_jws_alg(alg) => problems.push(Problem::warning(
            "alg_unknown",
            format!("`alg` \"{alg}\" is not a JWS algorithm poolcheck knows (HS/RS/PS 256/384/512, ES256/384/512, EdDSA)"),
        )),
        Some(Value::String(_)) => {}
        Some(other) => problems.push(Problem::error("alg_not_string", format!("`alg` is {other}, not a string"))),
    }
    for name in EMBEDDED_KEY_PARAMETERS {
        if header.contains_key(name) {
            problems.push(
                Problem::warning("embedded_key", format!("the header carries `{name}`: poolcheck never fetches or trusts keys named by the token itself"))
                    .with_hint("a verifier that trusts the token's own key accepts a token anyone can sign; keys must come from the issuer's JWKS"),
            );
        }
    }
    match header.get("crit") {
        None => {}
        Some(Value::Array(names)) if !names.is_empty() && names.iter().all(Value::is_string) => {
            let listed: Vec<&str> = names.iter().filter_map(Value::as_str).collect();
            problems.push(
                Problem::warning("crit", format!("the header marks {} as critical: verifiers that do not understand them must refuse the token", listed.join(", ")))
                    .with_hint("Kafka's and Confluent's verifiers understand no extensions"),
            );
        }
        Some(other) => problems.push(Problem::error(
            "crit_malformed",
            format!("`crit` is {other}; it must be a non-empty list of header names"),
        )),
    }
    if header.get("b64") == Some(&Value::Bool(false)) {
        problems.push(Problem::warning("b64_false", "`b64: false` (RFC 7797): the payload is signed unencoded, which JWT verifiers do not support"));
    }
    if format == TokenFormat::Jws && header.contains_key("zip") {
        problems.push(Problem::error(
            "zip_in_jws",
            "`zip` is defined only for JWE; a JWS with `zip` is malformed",
        ));
    }
    match header.get("typ").and_then(Value::as_str) {
        Some(typ)
            if typ.eq_ignore_ascii_case("at+jwt")
                || typ.eq_ignore_ascii_case("application/at+jwt") =>
        {
            problems.push(Problem::info(
                "typ",
                "`typ` is at+jwt: an OAuth 2.0 access token in the RFC 9068 profile",
            ));
        }
        Some(typ) if typ.eq_ignore_ascii_case("jwt") || typ.eq_ignore_ascii_case("jose") => {}
        Some(typ) => problems.push(Problem::info(
            "typ",
            format!("`typ` is \"{typ}\", not JWT: check the token is meant for this use"),
        )),
        None => {}
    }
    if header.get("cty").and_then(Value::as_str).is_some_and(|cty| cty.eq_ignore_ascii_case("jwt"))
    {
        problems.push(Problem::warning(
            "nested_jwt",
            "`cty` is JWT: the payload is itself a token (nested JWT)",
        ));
    }
    if format == TokenFormat::Jws && !header.contains_key("kid") {
        problems.push(Problem::info("no_kid", "the header has no `kid`: a verifier must try every key, and Confluent Cloud looks keys up by kid"));
    }
}

fn is_known_jws_alg(alg: &str) -> bool {
    matches!(
        alg,
        "HS256"
            | "HS384"
            | "HS512"
            | "RS256"
            | "RS384"
            | "RS512"
            | "PS256"
            | "PS384"
            | "PS512"
            | "ES256"
            | "ES384"
            | "ES512"
            | "EdDSA"
    )
}

fn check_signature_presence(
    alg: Option<&str>,
    signature_len: Option<usize>,
    problems: &mut Vec<Problem>,
) {
    let signed_alg = alg.filter(|alg| !alg.eq_ignore_ascii_case("none"));
    if signed_alg.is_some() && signature_len == Some(0) {
        problems.push(
            Problem::error(
                "signature_missing",
                "the signature part is empty although `alg` names a signature algorithm",
            )
            .with_hint(
                "the token may have been truncated, or had its signature stripped on purpose",
            ),
        );
    }
}
