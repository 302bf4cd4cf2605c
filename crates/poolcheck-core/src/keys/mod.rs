//! Keys the user pastes: a JWKS, one JWK, PEM blocks (public keys, RSA public keys,
//! certificates), an HMAC secret, or an OIDC discovery document (which only names the key set).
//!
//! Parse once with [`parse_keys`] into a [`KeySet`]; verifying against it does no parsing.
//! A key that cannot be used still gets a row, with the reason in [`KeyInfo::error`].

mod jwk;
mod material;
mod pem;

use std::fmt;

use base64::Engine as _;
use serde::Serialize;
use serde_json::Value;

use crate::alg::Algorithm;
use crate::crypto::PublicKey;
use crate::json;
use crate::problem::Problem;

pub use crate::crypto::Curve;
pub(crate) use material::Material;

/// Key text larger than this is refused before parsing.
pub const MAX_KEY_TEXT_BYTES: usize = 1024 * 1024;
/// Key sets with more keys than this are refused.
pub const MAX_KEYS: usize = 1000;
/// RSA keys below this size are refused for verification (and flagged in the table).
pub const MIN_RSA_BITS: usize = 2048;

/// How the text of an HMAC secret encodes its bytes (the user says which).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SecretEncoding {
    /// The UTF-8 bytes of the text, exactly as typed.
    Text,
    /// Standard base64 (`+/`, padding optional).
    Base64,
    /// base64url (`-_`, padding optional).
    Base64Url,
}

/// What kind of document the keys came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KeySource {
    Jwks,
    Jwk,
    Pem,
    Secret,
    /// An OpenID Connect discovery document: it names the key set but holds no keys.
    Discovery {
        issuer: Option<String>,
        jwks_uri: Option<String>,
    },
}

/// One row of the key table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct KeyInfo {
    /// Position in the set, from 0.
    pub index: usize,
    /// Where in the pasted text the key is, e.g. `keys[2]` or `PEM block 1 (CERTIFICATE)`.
    pub origin: String,
    pub kid: Option<String>,
    /// As written in a JWK, or derived from PEM; `None` when a JWK has no usable `kty`.
    pub kty: Option<String>,
    pub alg: Option<String>,
    #[serde(rename = "use")]
    pub key_use: Option<String>,
    pub key_ops: Option<Vec<String>>,
    pub size_bits: Option<usize>,
    pub curve: Option<String>,
    /// RFC 7638 thumbprint (base64url SHA-256) of the public key or secret.
    pub thumbprint: Option<String>,
    /// Subject of the certificate the key came from (PEM `CERTIFICATE` or JWK `x5c`).
    pub certificate_subject: Option<String>,
    /// Why the key cannot verify anything, when it cannot.
    pub error: Option<String>,
    pub warnings: Vec<Problem>,
}

impl KeyInfo {
    fn new(index: usize, origin: String) -> Self {
        Self {
            index,
            origin,
            kid: None,
            kty: None,
            alg: None,
            key_use: None,
            key_ops: None,
            size_bits: None,
            curve: None,
            thumbprint: None,
            certificate_subject: None,
            error: None,
            warnings: Vec::new(),
        }
    }
}

/// A pasted key: its table row and, when usable, the parsed material (never serialized).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Key {
    #[serde(flatten)]
    pub info: KeyInfo,
    #[serde(skip)]
    pub(crate) material: Option<Material>,
    /// Holds private members (`d`, `p`, ...), which a verifier never needs.
    #[serde(skip)]
    pub(crate) has_private_members: bool,
}

impl Key {
    fn new(mut info: KeyInfo, material: Result<Material, String>) -> Self {
        let material = match material {
            Ok(material) => {
                info.kty.get_or_insert_with(|| material.kty().to_string());
                info.size_bits = Some(material.size_bits());
                info.curve = material.curve().map(|curve| curve.name().to_string());
                info.thumbprint = Some(material.thumbprint());
                Some(material)
            }
            Err(error) => {
                info.error = Some(error);
                None
            }
        };
        Self { info, material, has_private_members: false }
    }

    /// True when the key parsed and can be offered to the signature check.
    pub fn is_usable(&self) -> bool {
        self.material.is_some()
    }

    /// True for an RSA modulus with the ROCA fingerprint (CVE-2017-15361), whose private key
    /// can be recovered.
    pub fn has_roca_fingerprint(&self) -> bool {
        self.material.as_ref().and_then(Material::rsa).is_some_and(material::has_roca_fingerprint)
    }

    /// True for HMAC secrets.
    pub fn is_secret(&self) -> bool {
        matches!(self.material, Some(Material::Secret(_)))
    }
}

/// Everything parsed from the Keys field.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct KeySet {
    pub source: KeySource,
    pub keys: Vec<Key>,
    pub problems: Vec<Problem>,
}

impl KeySet {
    /// One HMAC secret given as raw bytes.
    pub fn from_secret(secret: &[u8]) -> Self {
        let key =
            Key::new(KeyInfo::new(0, "secret".to_string()), Ok(Material::Secret(secret.to_vec())));
        finish(KeySource::Secret, vec![key], Vec::new())
    }

    /// The text was an OpenID discovery document: it names a key set but holds none.
    pub fn is_discovery(&self) -> bool {
        matches!(self.source, KeySource::Discovery { .. })
    }

    /// Number of keys that parsed.
    pub fn usable_count(&self) -> usize {
        self.keys.iter().filter(|key| key.is_usable()).count()
    }
}

/// Why the text cannot be read as keys at all. Individual bad keys inside a readable set are
/// rows with an error instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KeyParseError {
    Empty,
    TooLarge {
        bytes: usize,
        limit: usize,
    },
    TooManyKeys {
        count: usize,
        limit: usize,
    },
    InvalidJson {
        message: String,
        line: usize,
        column: usize,
    },
    /// JSON that is neither a key set, a key nor a discovery document.
    NotAKeyDocument {
        detail: String,
    },
    /// A PEM block whose `-----END …-----` line is missing or whose body is not PEM.
    BadPem {
        block: usize,
        detail: String,
    },
    /// The text is not JSON or PEM, and no secret encoding was chosen.
    Unrecognised,
    /// The secret text is not in the encoding the user chose.
    BadSecret {
        detail: String,
    },
}

impl fmt::Display for KeyParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyParseError::Empty => f.write_str("the key text is empty"),
            KeyParseError::TooLarge { bytes, limit } => {
                write!(f, "the key text is {bytes} bytes; the limit is {limit}")
            }
            KeyParseError::TooManyKeys { count, limit } => {
                write!(f, "the key set has {count} keys; the limit is {limit}")
            }
            KeyParseError::InvalidJson { message, line, column } => {
                write!(f, "the keys are not valid JSON: {message} (line {line}, column {column})")
            }
            KeyParseError::NotAKeyDocument { detail } => {
                write!(f, "the JSON is not a key set, a key or a discovery document: {detail}")
            }
            KeyParseError::BadPem { block, detail } => write!(f, "PEM block {block}: {detail}"),
            KeyParseError::Unrecognised => f.write_str(
                "the keys are neither JSON (a JWKS or JWK) nor PEM, and no secret encoding was chosen",
            ),
            KeyParseError::BadSecret { detail } => write!(f, "the secret is not valid: {detail}"),
        }
    }
}

impl std::error::Error for KeyParseError {}

impl KeyParseError {
    /// A next step for the user, where one helps.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            KeyParseError::NotAKeyDocument { .. } => {
                Some("paste {\"keys\": [...]}, one JWK with \"kty\", or a discovery document")
            }
            KeyParseError::Unrecognised => {
                Some("for an HMAC secret, say whether it is text, base64 or base64url")
            }
            _ => None,
        }
    }
}

/// Parses the Keys field. With `secret` set, the whole text is an HMAC secret in that encoding;
/// otherwise the text is detected: a JSON object (JWKS, JWK or discovery document) or PEM.
pub fn parse_keys(text: &str, secret: Option<SecretEncoding>) -> Result<KeySet, KeyParseError> {
    if text.len() > MAX_KEY_TEXT_BYTES {
        return Err(KeyParseError::TooLarge { bytes: text.len(), limit: MAX_KEY_TEXT_BYTES });
    }
    if let Some(encoding) = secret {
        return parse_secret(text, encoding);
    }
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(KeyParseError::Empty);
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return parse_json(trimmed);
    }
    if trimmed.contains("-----BEGIN ") {
        let keys = pem::parse(trimmed)?;
        return Ok(finish(KeySource::Pem, keys, Vec::new()));
    }
    Err(KeyParseError::Unrecognised)
}

fn parse_secret(text: &str, encoding: SecretEncoding) -> Result<KeySet, KeyParseError> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    const INDIFFERENT: GeneralPurposeConfig =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let mut problems = Vec::new();
    if text.trim() != text {
        let message = match encoding {
            SecretEncoding::Text => {
                "the secret starts or ends with whitespace, which is part of it"
            }
            SecretEncoding::Base64 | SecretEncoding::Base64Url => {
                "the secret starts or ends with whitespace, which was ignored"
            }
        };
        problems.push(Problem::warning("secret_whitespace", message));
    }
    let bytes = match encoding {
        SecretEncoding::Text => text.as_bytes().to_vec(),
        SecretEncoding::Base64 => GeneralPurpose::new(&base64::alphabet::STANDARD, INDIFFERENT)
            .decode(text.trim())
            .map_err(|error| KeyParseError::BadSecret { detail: format!("base64: {error}") })?,
        SecretEncoding::Base64Url => GeneralPurpose::new(&base64::alphabet::URL_SAFE, INDIFFERENT)
            .decode(text.trim())
            .map_err(|error| KeyParseError::BadSecret { detail: format!("base64url: {error}") })?,
    };
    let mut set = KeySet::from_secret(&bytes);
    set.problems.splice(0..0, problems);
    Ok(set)
}

fn parse_json(text: &str) -> Result<KeySet, KeyParseError> {
    let parsed = json::parse(text.as_bytes()).map_err(|error| KeyParseError::InvalidJson {
        message: error.message,
        line: error.line,
        column: error.column,
    })?;
    let Value::Object(object) = &parsed.value else {
        return Err(KeyParseError::NotAKeyDocument {
            detail: "it is not a JSON object (a list of keys goes inside {\"keys\": [...]})".into(),
        });
    };
    let mut problems = Vec::new();
    if let Some(keys) = object.get("keys") {
        let Value::Array(entries) = keys else {
            return Err(KeyParseError::NotAKeyDocument { detail: "\"keys\" is not a list".into() });
        };
        if entries.len() > MAX_KEYS {
            return Err(KeyParseError::TooManyKeys { count: entries.len(), limit: MAX_KEYS });
        }
        let mut keys = Vec::with_capacity(entries.len());
        for (index, entry) in entries.iter().enumerate() {
            let prefix = format!("/keys/{index}/");
            let duplicates = members_under(&parsed.duplicate_members, &prefix);
            keys.push(jwk::parse(entry, index, format!("keys[{index}]"), &duplicates));
        }
        for pointer in &parsed.duplicate_members {
            if !pointer.starts_with("/keys/") {
                problems.push(duplicate_member_problem(pointer));
            }
        }
        return Ok(finish(KeySource::Jwks, keys, problems));
    }
    if object.contains_key("kty") {
        let duplicates = members_under(&parsed.duplicate_members, "/");
        let key = jwk::parse(&parsed.value, 0, "JWK".to_string(), &duplicates);
        return Ok(finish(KeySource::Jwk, vec![key], problems));
    }
    if object.contains_key("jwks_uri") || object.contains_key("issuer") {
        let text_member = |name: &str| object.get(name).and_then(Value::as_str).map(String::from);
        let issuer = text_member("issuer");
        let jwks_uri = text_member("jwks_uri");
        let where_ = jwks_uri.as_deref().unwrap_or("the provider's jwks_uri");
        problems.push(
            Problem::error(
                "discovery_document",
                format!("this is an OpenID discovery document: it names the key set but holds no keys; paste the JSON served at {where_}"),
            )
            .with_hint("the key set is the document at jwks_uri"),
        );
        return Ok(finish(KeySource::Discovery { issuer, jwks_uri }, Vec::new(), problems));
    }
    Err(KeyParseError::NotAKeyDocument {
        detail: "it has none of \"keys\", \"kty\", \"issuer\" or \"jwks_uri\"".into(),
    })
}

/// Member names (relative to `prefix`) that appeared twice directly inside one object.
fn members_under(pointers: &[String], prefix: &str) -> Vec<String> {
    pointers
        .iter()
        .filter_map(|pointer| pointer.strip_prefix(prefix))
        .filter(|rest| !rest.contains('/'))
        .map(String::from)
        .collect()
}

fn duplicate_member_problem(pointer: &str) -> Problem {
    Problem::error(
        "duplicate_member",
        format!("member {pointer} appears more than once; readers disagree on which one counts"),
    )
}

/// Adds the warnings that need the whole set: duplicate kids, secrets mixed with public keys,
/// weak keys.
fn finish(source: KeySource, mut keys: Vec<Key>, mut problems: Vec<Problem>) -> KeySet {
    let has_public_keys = keys.iter().any(|key| key.is_usable() && !key.is_secret());
    let has_secrets = keys.iter().any(Key::is_secret);
    if has_public_keys && has_secrets {
        problems.push(
            Problem::error(
                "mixed_key_set",
                "the set mixes HMAC secrets with public keys: a set meant to be published holds a secret",
            )
            .with_hint("the secrets in it are not used; keep HMAC secrets out of published key sets"),
        );
    }
    let kids: Vec<Option<String>> = keys.iter().map(|key| key.info.kid.clone()).collect();
    for key in &mut keys {
        let mut warnings = Vec::new();
        if let Some(kid) = &key.info.kid {
            let same = kids.iter().filter(|other| other.as_deref() == Some(kid)).count();
            if same > 1 {
                warnings.push(Problem::warning(
                    "duplicate_kid",
                    format!("{same} keys have kid {kid:?}: a token with this kid is ambiguous and is not verified"),
                ));
            }
        }
        if key.has_private_members {
            warnings.push(Problem::warning(
                "private_key_material",
                "holds private key members (d, p, q, ...): a verifier only needs the public key, and a published set must never hold them",
            ));
        }
        if has_public_keys && key.is_secret() {
            warnings.push(Problem::warning(
                "private_key_material",
                "an HMAC secret inside a set that also holds public keys: not used",
            ));
        }
        match &key.material {
            Some(Material::Public(PublicKey::Rsa(_))) => {
                let bits = key.info.size_bits.unwrap_or_default();
                if bits < MIN_RSA_BITS {
                    warnings.push(Problem::warning(
                        "weak_rsa_key",
                        format!("{bits}-bit RSA key: under {MIN_RSA_BITS} bits is refused"),
                    ));
                }
                if key.has_roca_fingerprint() {
                    warnings.push(Problem::warning(
                        "roca_key",
                        "the modulus has the ROCA fingerprint (CVE-2017-15361): its private key can be recovered; refused",
                    ));
                }
            }
            Some(Material::Secret(secret)) => {
                let needed = key
                    .info
                    .alg
                    .as_deref()
                    .and_then(Algorithm::from_name)
                    .and_then(Algorithm::hmac_min_key_bytes)
                    .unwrap_or(32);
                if secret.len() < needed {
                    warnings.push(Problem::warning(
                        "short_hmac_secret",
                        format!(
                            "the secret is {} bytes, shorter than the hash output ({needed} bytes; RFC 7518 §3.2): refused",
                            secret.len()
                        ),
                    ));
                }
            }
            _ => {}
        }
        key.info.warnings.extend(warnings);
    }
    KeySet { source, keys, problems }
}

#[cfg(test)]
mod tests;
