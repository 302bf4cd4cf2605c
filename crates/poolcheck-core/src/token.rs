//! A pasted token, read once: every accepted form (whitespace, quotes, `Bearer`, a whole
//! `Authorization:` line) becomes one [`Token`] holding the compact text, each part decoded,
//! the header's rules, the claims and the signature. Decoding, verification, filters and the
//! simulator all take this value, so a token is never read twice or in two ways.

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::b64::{self, Deviation};
use crate::header::Header;
pub use crate::header::TokenFormat;
use crate::json;
use crate::problem::Problem;

/// Inputs longer than this are refused before any work: real tokens are a few KiB.
pub const MAX_TOKEN_BYTES: usize = 256 * 1024;

/// The input is not a compact JWS or JWE at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct NotAToken {
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
}

impl NotAToken {
    /// The blank input.
    pub fn empty() -> Self {
        Self::new(
            "empty",
            "no token: the input is empty",
            Some("paste a JWT: three base64url parts separated by dots"),
        )
    }

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
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Segment {
    pub role: SegmentRole,
    pub text: String,
    pub decoded_len: Option<usize>,
}

/// What the payload turned out to be.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
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

/// Why one part is not the strict base64url a verifier requires, for its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Encoding {
    Strict,
    Lenient(Deviation),
    Invalid(String),
}

/// A token as pasted, read once.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// The compact token with any `Bearer`, quotes and whitespace removed.
    pub text: String,
    pub format: TokenFormat,
    pub segments: Vec<Segment>,
    /// Per segment, in order: how strictly it is base64url.
    pub encodings: Vec<Encoding>,
    pub header: Option<Header>,
    /// JSON Pointers of header members that appear more than once.
    pub header_duplicates: Vec<String>,
    /// JSON Pointers of payload members that appear more than once.
    pub payload_duplicates: Vec<String>,
    pub payload: Payload,
    pub claims: Option<Map<String, Value>>,
    /// The decoded signature (JWS only; `None` when it is not base64url).
    pub signature: Option<Vec<u8>>,
    /// Findings from reading the text and the header, in order.
    pub reading_problems: Vec<Problem>,
    /// Findings from reading the payload.
    pub payload_problems: Vec<Problem>,
}

impl Token {
    /// Reads a pasted token. Errors only when the input is not a token at all; everything
    /// else, down to a payload that is not JSON, is recorded as a problem.
    pub fn parse(input: &str) -> Result<Token, NotAToken> {
        let mut problems = Vec::new();
        let (text, spaced) = normalize(input, &mut problems)?;
        let texts: Vec<&str> = text.split('.').collect();
        let (format, roles): (_, &[SegmentRole]) = match texts.len() {
            3 => (TokenFormat::Jws, &JWS_ROLES),
            5 => (TokenFormat::Jwe, &JWE_ROLES),
            count => return Err(wrong_part_count(count)),
        };
        let mut segments = Vec::with_capacity(roles.len());
        let mut encodings = Vec::with_capacity(roles.len());
        let mut decoded = Vec::with_capacity(roles.len());
        let mut offset = 0;
        for (role, part) in roles.iter().copied().zip(texts) {
            let (bytes, encoding) = decode_segment(role, part, offset, &mut problems);
            segments.push(Segment {
                role,
                text: part.to_owned(),
                decoded_len: bytes.as_ref().map(Vec::len),
            });
            encodings.push(encoding);
            decoded.push(bytes);
            offset += part.len() + 1;
        }
        // Whitespace inside is removed for reading, but a verifier refuses the part it was in.
        let spaced_parts = spaced.into_iter().flat_map(|text| text.split('.'));
        for (encoding, part) in encodings.iter_mut().zip(spaced_parts) {
            if let Some(offset) = first_whitespace(part)
                && !matches!(encoding, Encoding::Invalid(_))
            {
                *encoding = Encoding::Lenient(Deviation::Whitespace { offset });
            }
        }
        let mut parts = decoded.into_iter();
        let mut header_duplicates = Vec::new();
        let header = parts
            .next()
            .flatten()
            .and_then(|bytes| parse_header(&bytes, &mut header_duplicates, &mut problems))
            .map(Header::read);
        let mut payload_problems = Vec::new();
        let mut payload_duplicates = Vec::new();
        let (payload, claims, signature) = match format {
            TokenFormat::Jws => {
                let (payload, claims) = match parts.next().flatten() {
                    Some(bytes) => {
                        read_payload(&bytes, &mut payload_duplicates, &mut payload_problems)
                    }
                    None => (Payload::Undecodable, None),
                };
                (payload, claims, parts.next().flatten())
            }
            TokenFormat::Jwe => (Payload::Encrypted, None, None),
        };
        Ok(Token {
            text,
            format,
            segments,
            encodings,
            header,
            header_duplicates,
            payload_duplicates,
            payload,
            claims,
            signature,
            reading_problems: problems,
            payload_problems,
        })
    }

    /// The header's `alg`, when it is a string.
    pub fn alg(&self) -> Option<&str> {
        self.header.as_ref()?.alg_name()
    }

    /// The header's `kid`, when it is a string.
    pub fn kid(&self) -> Option<&str> {
        self.header.as_ref()?.kid()
    }

    /// The JWS signing input: the ASCII of `header.payload` exactly as transmitted.
    pub fn signing_input(&self) -> &[u8] {
        let header_and_payload = match self.segments.as_slice() {
            [header, payload, ..] => header.text.len() + 1 + payload.text.len(),
            _ => 0,
        };
        self.text.as_bytes().get(..header_and_payload).unwrap_or_default()
    }

    /// The claims as one JSON value, for filters and the simulator.
    pub fn claims_value(&self) -> Option<Value> {
        self.claims.clone().map(Value::Object)
    }
}

/// Strips what commonly surrounds a pasted token: whitespace, an `Authorization:` header
/// name, a `Bearer` scheme, quotes. Whitespace inside is removed with a warning; the text as
/// it was comes back too, so a verifier can refuse it.
fn normalize<'a>(
    input: &'a str,
    problems: &mut Vec<Problem>,
) -> Result<(String, Option<&'a str>), NotAToken> {
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
    // A byte-order mark comes with files saved on Windows.
    let mut text = input.trim_start_matches('\u{feff}').trim();
    // The wrappings nest in any order (`'Authorization: Bearer T'` from curl, `Authorization:
    // "Bearer T"`), so strip until none is left.
    loop {
        let before = text;
        if let Some(rest) = strip_prefix_ignore_case(text, "authorization:") {
            text = rest.trim_start();
        }
        if let Some(rest) = strip_prefix_ignore_case(text, "bearer")
            && (rest.is_empty() || rest.starts_with(char::is_whitespace) || rest.starts_with(':'))
        {
            text = rest.trim_start_matches(':').trim_start();
        }
        for quote in ['"', '\'', '`'] {
            if let Some(inner) = text.strip_prefix(quote).and_then(|t| t.strip_suffix(quote)) {
                text = inner.trim();
            }
        }
        if text == before {
            break;
        }
    }
    if text.is_empty() {
        return Err(NotAToken::empty());
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
    if let Some(offset) = first_whitespace(text) {
        problems.push(
            Problem::warning(
                "whitespace_in_token",
                format!("the token contains whitespace at byte {offset}; it was removed"),
            )
            .with_hint(
                "line breaks often sneak in when a token is copied from a terminal or an email",
            ),
        );
        return Ok((text.split_whitespace().collect(), Some(text)));
    }
    Ok((text.to_owned(), None))
}

/// The byte offset of the first whitespace character (`char::is_whitespace`). Tokens are
/// ASCII, so the bytes are scanned first: `str::find` with a predicate decodes and tests one
/// character at a time, about 30 ns each in the app's wasm, on every keystroke.
fn first_whitespace(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let at = bytes
        .iter()
        .position(|&b| !b.is_ascii() || matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' '))?;
    if bytes[at].is_ascii() {
        return Some(at);
    }
    // All bytes before `at` are ASCII, so it starts a character.
    text[at..].find(char::is_whitespace).map(|offset| at + offset)
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
) -> (Option<Vec<u8>>, Encoding) {
    let label = role.label();
    if text.is_empty() && role != SegmentRole::Signature && role != SegmentRole::EncryptedKey {
        problems.push(Problem::error("empty_part", format!("the {label} part is empty")));
        // An empty part is valid base64url (of no bytes): a verifier may still check it.
        return (None, Encoding::Strict);
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
            let encoding = match decoded.deviations.into_iter().next() {
                None => Encoding::Strict,
                Some(deviation) => Encoding::Lenient(deviation),
            };
            (Some(decoded.bytes), encoding)
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
            (None, Encoding::Invalid(error.to_string()))
        }
    }
}

fn parse_header(
    bytes: &[u8],
    duplicates: &mut Vec<String>,
    problems: &mut Vec<Problem>,
) -> Option<Map<String, Value>> {
    match json::parse(bytes) {
        Ok(parsed) => {
            report_duplicates("header", &parsed.duplicate_members, problems);
            duplicates.clone_from(&parsed.duplicate_members);
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
    duplicates: &mut Vec<String>,
    problems: &mut Vec<Problem>,
) -> (Payload, Option<Map<String, Value>>) {
    let payload = match json::parse(bytes) {
        Ok(parsed) => {
            report_duplicates("payload", &parsed.duplicate_members, problems);
            duplicates.clone_from(&parsed.duplicate_members);
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
        Err(error) => match std::str::from_utf8(bytes) {
            Ok(text) => {
                // The parser's reason tells a typo apart from deep nesting or a lone surrogate.
                problems.push(Problem::warning(
                    "payload_not_json",
                    format!("the payload is text, not JSON ({error}), so it has no claims"),
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
    problems.extend(pointers.iter().map(|pointer| duplicate_member(part, pointer)));
}

/// A member name that appears twice in the header or payload.
pub fn duplicate_member(part: &str, pointer: &str) -> Problem {
    Problem::error("duplicate_member", format!("the {part} has the member {pointer} more than once: its meaning is ambiguous"))
        .with_hint("parsers disagree on which value wins (first, last, or refuse); RFC 7515 §4 requires refusing the token")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_whitespace_agrees_with_the_char_search() {
        let samples = [
            "",
            "abc",
            "a b",
            "ab\tc",
            "ab\u{0b}c",
            "ab\u{0c}c",
            "a\r\nb",
            "é b",
            "ab\u{a0}c",
            "ab\u{2028}c",
            "ab\u{85}c",
            "éé",
            "ab\u{3000}",
            "a\u{1680}b c",
            "x\u{ff0e}y z",
        ];
        for sample in samples {
            assert_eq!(first_whitespace(sample), sample.find(char::is_whitespace), "{sample:?}");
        }
        // Every ASCII byte, alone and after a non-ASCII character.
        for byte in 0u8..0x80 {
            let one = char::from(byte).to_string();
            assert_eq!(first_whitespace(&one), one.find(char::is_whitespace), "{byte:#x}");
            let after = format!("é{one}");
            assert_eq!(first_whitespace(&after), after.find(char::is_whitespace), "{byte:#x}");
        }
    }

    fn not_json_message(bytes: &[u8]) -> String {
        let mut problems = Vec::new();
        let (payload, claims) = read_payload(bytes, &mut Vec::new(), &mut problems);
        assert!(matches!(payload, Payload::Text { .. }) && claims.is_none());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, "payload_not_json");
        problems[0].message.clone()
    }

    #[test]
    fn payload_not_json_says_the_parsers_reason_and_position() {
        let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
        let message = not_json_message(deep.as_bytes());
        assert!(message.contains("recursion limit exceeded (line 1, column 128)"), "{message}");

        let message = not_json_message(br#"{"sub":"\ud800"}"#);
        // serde_json wants the trailing `\uDC00` half and says so.
        assert!(message.contains("unexpected end of hex escape (line 1, column 15)"), "{message}");

        let message = not_json_message(b"{\"sub\":\"a\0b\"}");
        assert!(message.contains("control character"), "{message}");
        assert!(message.contains("(line 1, column 10)"), "{message}");
    }
}
