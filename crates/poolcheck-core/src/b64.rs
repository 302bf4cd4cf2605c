//! Strict base64url (RFC 7515 §2): no padding, URL-safe alphabet, no whitespace, canonical
//! trailing bits. Deviations are decoded anyway and reported, so the inspector can show what
//! a lenient library would have accepted; signature checks treat any deviation as fatal.

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde::Serialize;

/// Decodes unpadded URL-safe input and tolerates non-zero trailing bits; we detect those
/// ourselves by re-encoding, because the library can only accept or refuse them.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(true),
);

/// The canonical encoder, also used to re-encode when the user wants a clean token.
pub const URL_SAFE_NO_PAD: GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Something the text did that strict base64url forbids but that does not hide the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Deviation {
    /// `=` padding at the end.
    Padding,
    /// `+` or `/` from the standard alphabet, first seen at this byte offset.
    StandardAlphabet { offset: usize },
    /// Spaces or line breaks inside the text, first seen at this byte offset.
    Whitespace { offset: usize },
    /// The unused low bits of the last character are not zero, so other text decodes the same.
    NonCanonicalTrailingBits,
}

impl Deviation {
    pub fn describe(&self) -> String {
        match self {
            Deviation::Padding => "has `=` padding, which base64url in JWS omits".into(),
            Deviation::StandardAlphabet { offset } => {
                format!("uses `+` or `/` (standard base64, not base64url) at byte {offset}")
            }
            Deviation::Whitespace { offset } => format!("contains whitespace at byte {offset}"),
            Deviation::NonCanonicalTrailingBits => {
                "ends with non-zero unused bits: the text is not the canonical encoding of its bytes"
                    .into()
            }
        }
    }
}

/// Why the text is not base64 at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Base64Error {
    /// A byte that no base64 alphabet has.
    InvalidCharacter { offset: usize, character: char },
    /// `=` somewhere other than the end.
    MisplacedPadding { offset: usize },
    /// A length (after removing whitespace and padding) of 4k+1 cannot encode whole bytes.
    ImpossibleLength { length: usize },
}

impl std::fmt::Display for Base64Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Base64Error::InvalidCharacter { offset, character } => {
                write!(f, "character {character:?} at byte {offset} is not base64url")
            }
            Base64Error::MisplacedPadding { offset } => {
                write!(f, "`=` at byte {offset} is padding in the middle of the text")
            }
            Base64Error::ImpossibleLength { length } => write!(
                f,
                "{length} characters cannot be base64url (a length of 4k+1 never encodes whole bytes)"
            ),
        }
    }
}

impl std::error::Error for Base64Error {}

/// Bytes decoded from base64url text, with every way the text bent the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub bytes: Vec<u8>,
    pub deviations: Vec<Deviation>,
}

impl Decoded {
    pub fn is_strict(&self) -> bool {
        self.deviations.is_empty()
    }
}

/// Decodes base64url, reporting deviations from the strict form instead of hiding them.
pub fn decode(text: &str) -> Result<Decoded, Base64Error> {
    // The usual case, strict base64url: decoded as is, with no copy made character by character.
    if text.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_') {
        return decode_clean(text, Vec::new());
    }
    let mut deviations = Vec::new();
    let mut clean = String::with_capacity(text.len());
    let mut padding_at = None;
    for (offset, character) in text.char_indices() {
        match character {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' | '+' | '/' if padding_at.is_some() => {
                return Err(Base64Error::MisplacedPadding { offset: padding_at.unwrap_or(offset) });
            }
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' => clean.push(character),
            '+' | '/' => {
                note_first(&mut deviations, Deviation::StandardAlphabet { offset });
                clean.push(if character == '+' { '-' } else { '_' });
            }
            '=' => {
                padding_at.get_or_insert(offset);
            }
            c if c.is_ascii_whitespace() => {
                note_first(&mut deviations, Deviation::Whitespace { offset });
            }
            character => return Err(Base64Error::InvalidCharacter { offset, character }),
        }
    }
    if padding_at.is_some() {
        deviations.push(Deviation::Padding);
    }
    decode_clean(&clean, deviations)
}

/// Decodes text of the base64url alphabet only, without padding.
fn decode_clean(clean: &str, mut deviations: Vec<Deviation>) -> Result<Decoded, Base64Error> {
    if clean.len() % 4 == 1 {
        return Err(Base64Error::ImpossibleLength { length: clean.len() });
    }
    let bytes =
        LENIENT.decode(clean).map_err(|_| Base64Error::ImpossibleLength { length: clean.len() })?;
    if !canonical_tail(clean, &bytes) {
        deviations.push(Deviation::NonCanonicalTrailingBits);
    }
    Ok(Decoded { bytes, deviations })
}

/// Whether the last character of `clean` is the one canonical encoding writes: only the
/// final partial group can carry trailing bits, so only it is encoded again.
fn canonical_tail(clean: &str, bytes: &[u8]) -> bool {
    let partial = bytes.len() % 3;
    if partial == 0 {
        return true;
    }
    let tail = &bytes[bytes.len() - partial..];
    clean.ends_with(URL_SAFE_NO_PAD.encode(tail).as_str())
}

/// Encodes bytes as canonical base64url without padding.
pub fn encode(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes base64url and refuses any deviation: for signatures and key material.
pub fn decode_strict(text: &str) -> Result<Vec<u8>, String> {
    let decoded = decode(text).map_err(|e| e.to_string())?;
    match decoded.deviations.first() {
        None => Ok(decoded.bytes),
        Some(deviation) => Err(deviation.describe()),
    }
}

fn note_first(deviations: &mut Vec<Deviation>, deviation: Deviation) {
    if !deviations.iter().any(|d| std::mem::discriminant(d) == std::mem::discriminant(&deviation)) {
        deviations.push(deviation);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_canonical_text_without_deviations() {
        let decoded = decode("eyJhbGciOiJIUzI1NiJ9").unwrap();
        assert_eq!(decoded.bytes, br#"{"alg":"HS256"}"#);
        assert!(decoded.is_strict());
    }

    #[test]
    fn empty_text_is_empty_bytes() {
        assert_eq!(decode("").unwrap().bytes, b"");
    }

    #[test]
    fn reports_padding_alphabet_and_whitespace_but_decodes() {
        let decoded = decode("+/8=").unwrap();
        assert_eq!(decoded.bytes, [0xfb, 0xff]);
        assert_eq!(
            decoded.deviations,
            [Deviation::StandardAlphabet { offset: 0 }, Deviation::Padding]
        );
        let decoded = decode("eyJh\n bGci").unwrap();
        assert_eq!(decoded.deviations, [Deviation::Whitespace { offset: 4 }]);
        assert_eq!(decoded.bytes, decode("eyJhbGci").unwrap().bytes);
    }

    #[test]
    fn the_tail_check_agrees_with_encoding_everything_again() {
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for length in [2, 3, 6, 7, 10, 11] {
            for last in alphabet.chars() {
                let text = format!("{}{last}", &"QUJDREVGR0hJSg"[..length - 1]);
                let decoded = decode(&text).unwrap();
                let canonical = URL_SAFE_NO_PAD.encode(&decoded.bytes) == text;
                assert_eq!(decoded.is_strict(), canonical, "{text}");
            }
        }
    }

    #[test]
    fn reports_non_canonical_trailing_bits() {
        // "QQ" is canonical for "A"; "QR" sets unused bits and decodes to the same byte.
        assert!(decode("QQ").unwrap().is_strict());
        let decoded = decode("QR").unwrap();
        assert_eq!(decoded.bytes, b"A");
        assert_eq!(decoded.deviations, [Deviation::NonCanonicalTrailingBits]);
    }

    #[test]
    fn refuses_what_is_not_base64() {
        assert_eq!(
            decode("ab*c"),
            Err(Base64Error::InvalidCharacter { offset: 2, character: '*' })
        );
        assert_eq!(decode("abcde"), Err(Base64Error::ImpossibleLength { length: 5 }));
        assert_eq!(decode("ab=c"), Err(Base64Error::MisplacedPadding { offset: 2 }));
    }

    #[test]
    fn strict_decoding_refuses_every_deviation() {
        assert!(decode_strict("QQ").is_ok());
        assert!(decode_strict("QR").is_err());
        assert!(decode_strict("QQ==").is_err());
        assert!(decode_strict("Q Q").is_err());
    }
}
