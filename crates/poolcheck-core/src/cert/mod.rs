//! X.509 client certificates for certificate identity pools: parsing, inspection, the
//! distinguished-name bindings a pool filter reads, and the chain check against a registered
//! certificate authority (with its optional CRL).
//!
//! Everything is pure Rust (RustCrypto), so it runs in the browser too; `now` is an argument.

mod chain;
mod constraints;
mod crl;
mod inspect;
mod names;
mod signature;

pub use chain::{
    ChainCode, ChainReport, Check, CheckStatus, LinkReport, LinkRole, Refusal, check_chain,
};
pub use crl::{Crl, CrlReport, RevokedEntry, parse_crl};
pub use inspect::{
    BasicConstraintsReport, CertificateReport, ExtensionReport, InspectReport, KeyUsageReport,
    PublicKeyReport, SubjectAltName, ValidityReport, ValidityStatus, inspect, inspect_all,
};
pub use names::{Attribute, DistinguishedName, DnBindings, Rdn, RepeatedAttribute, dn_bindings};
pub use signature::SignatureAlgorithmReport;

use der::Decode as _;
use serde::Serialize;

/// More PEM than this is refused before parsing: real chains are a few kilobytes.
pub const MAX_PEM_BYTES: usize = 1024 * 1024;
/// Longer chains are refused: real ones have two to four certificates.
pub const MAX_CHAIN_CERTIFICATES: usize = 20;

/// Why certificate (or CRL) input cannot be used. `block` counts PEM blocks from 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CertError {
    TooLarge {
        bytes: usize,
        limit: usize,
    },
    TooManyCertificates {
        count: usize,
        limit: usize,
    },
    NoPemBlock {
        expected: &'static str,
    },
    UnexpectedLabel {
        block: usize,
        label: String,
        expected: &'static str,
    },
    UnterminatedBlock {
        block: usize,
        label: String,
    },
    /// A BEGIN or END line that is not `-----BEGIN X-----` / `-----END X-----` for one label.
    BadBoundary {
        block: usize,
        message: String,
    },
    Base64 {
        block: usize,
        message: String,
    },
    Der {
        block: usize,
        what: &'static str,
        message: String,
    },
}

impl std::fmt::Display for CertError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TooLarge { bytes, limit } => {
                write!(f, "the input is {bytes} bytes; the limit is {limit}")
            }
            Self::TooManyCertificates { count, limit } => {
                write!(f, "the chain has {count} certificates; the limit is {limit}")
            }
            Self::NoPemBlock { expected } => write!(
                f,
                "no PEM block found: expected '-----BEGIN {expected}-----' followed by base64"
            ),
            Self::UnexpectedLabel { block, label, expected } => {
                write!(f, "PEM block {block} is '{label}', expected '{expected}'")
            }
            Self::UnterminatedBlock { block, label } => {
                write!(f, "PEM block {block} ('{label}') has no '-----END {label}-----' line")
            }
            Self::BadBoundary { block, message } => write!(f, "PEM block {block}: {message}"),
            Self::Base64 { block, message } => {
                write!(f, "PEM block {block}: invalid base64: {message}")
            }
            Self::Der { block, what, message } => {
                write!(f, "PEM block {block}: not a valid DER {what}: {message}")
            }
        }
    }
}

impl std::error::Error for CertError {}

/// One parsed certificate, with the exact DER it came from (signatures cover those bytes, and
/// the fingerprint is their hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    der: Vec<u8>,
    parsed: x509_cert::Certificate,
    /// notBefore and notAfter in unix seconds, read from `der`: `parsed` cannot hold them
    /// before 1970.
    validity: [i64; 2],
}

impl Certificate {
    /// Parses one DER certificate; `block` only labels errors.
    pub fn from_der(der: &[u8], block: usize) -> Result<Self, CertError> {
        let error = |message: String| CertError::Der { block, what: "certificate", message };
        // The der crate refuses years before 1970, which RFC 5280's UTCTime (1950–2049)
        // allows: such a time is read here and replaced by 1970 for the parser only.
        let times = validity_times(der);
        let mut patched = der.to_vec();
        for (digits, unix) in times.iter().flatten() {
            if *unix < 0 {
                patched[digits.clone()].copy_from_slice(&b"19700101000000"[14 - digits.len()..]);
            }
        }
        let parsed =
            x509_cert::Certificate::from_der(&patched).map_err(|e| error(e.to_string()))?;
        let [(_, not_before), (_, not_after)] =
            times.ok_or_else(|| error("unreadable validity times".to_owned()))?;
        Ok(Self { der: der.to_vec(), parsed, validity: [not_before, not_after] })
    }

    /// notBefore and notAfter in unix seconds, negative before 1970.
    pub(crate) fn validity_unix(&self) -> [i64; 2] {
        self.validity
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    pub(crate) fn x509(&self) -> &x509_cert::Certificate {
        &self.parsed
    }

    /// The bytes the issuer signed. Taken from the original DER rather than re-encoded, so a
    /// certificate whose encoding the parser tolerated but would not reproduce still verifies
    /// against what was actually signed.
    pub(crate) fn signed_bytes(&self) -> Option<&[u8]> {
        first_inner_tlv(&self.der)
    }

    pub fn subject(&self) -> DistinguishedName {
        DistinguishedName::from_name(&self.parsed.tbs_certificate.subject)
    }

    pub fn issuer(&self) -> DistinguishedName {
        DistinguishedName::from_name(&self.parsed.tbs_certificate.issuer)
    }

    /// The subject's CN, else the whole subject: how messages name this certificate.
    pub fn display_name(&self) -> String {
        self.subject().display_name()
    }

    pub fn serial_hex(&self) -> String {
        serial_hex(self.parsed.tbs_certificate.serial_number.as_bytes())
    }
}

/// Parses every `CERTIFICATE` block of a PEM text (the leaf first, then intermediates).
/// Text around the blocks (comments, `openssl x509 -text` output) is ignored.
pub fn parse_pem_chain(text: &str) -> Result<Vec<Certificate>, CertError> {
    if text.len() > MAX_PEM_BYTES {
        return Err(CertError::TooLarge { bytes: text.len(), limit: MAX_PEM_BYTES });
    }
    let blocks = pem_blocks(text)?;
    if blocks.is_empty() {
        return Err(CertError::NoPemBlock { expected: "CERTIFICATE" });
    }
    blocks
        .into_iter()
        .map(|block| {
            if block.label != "CERTIFICATE" {
                return Err(CertError::UnexpectedLabel {
                    block: block.number,
                    label: block.label,
                    expected: "CERTIFICATE",
                });
            }
            Certificate::from_der(&block.der, block.number)
        })
        .collect()
}

/// The PEM blocks of a certificate or CRL field, through the reader the Keys field uses too.
fn pem_blocks(text: &str) -> Result<Vec<crate::crypto::Block>, CertError> {
    use crate::crypto::PemError;
    crate::crypto::blocks(text, MAX_CHAIN_CERTIFICATES).map_err(|error| match error {
        PemError::TooManyBlocks { count, limit } => CertError::TooManyCertificates { count, limit },
        PemError::Unterminated { block, label } => CertError::UnterminatedBlock { block, label },
        PemError::Base64 { block, message } => CertError::Base64 { block, message },
        PemError::UnclosedBoundary { block, .. }
        | PemError::TextAfterBegin { block, .. }
        | PemError::MismatchedEnd { block, .. } => {
            CertError::BadBoundary { block, message: error.detail() }
        }
    })
}

/// The first element inside the outer SEQUENCE, as encoded (tag, length and value).
fn first_inner_tlv(der: &[u8]) -> Option<&[u8]> {
    use der::Reader as _;
    let mut reader = der::SliceReader::new(der).ok()?;
    der::Header::decode(&mut reader).ok()?;
    reader.tlv_bytes().ok()
}

/// Hex of a serial's content octets, without the zero byte DER adds to keep it positive.
fn serial_hex(bytes: &[u8]) -> String {
    let trimmed = match bytes {
        [0, rest @ ..] if !rest.is_empty() => rest,
        _ => bytes,
    };
    trimmed.iter().map(|b| format!("{b:02x}")).collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// DER of any encodable value, or empty when it cannot be encoded (only used for comparisons
/// and hashes of values that were just decoded, which always re-encode).
fn to_der_or_empty(value: &impl der::Encode) -> Vec<u8> {
    value.to_der().unwrap_or_default()
}

use crate::time::iso8601;

/// The validity's two times, each as where its digits are in `der` and unix seconds.
fn validity_times(der: &[u8]) -> Option<[(std::ops::Range<usize>, i64); 2]> {
    use der::Reader as _;
    let mut reader = der::SliceReader::new(der).ok()?;
    der::Header::decode(&mut reader).ok()?; // Certificate
    der::Header::decode(&mut reader).ok()?; // TBSCertificate
    if reader.peek_byte() == Some(0xA0) {
        reader.tlv_bytes().ok()?; // [0] version
    }
    for _ in 0..3 {
        reader.tlv_bytes().ok()?; // serialNumber, signature, issuer
    }
    der::Header::decode(&mut reader).ok()?; // Validity
    let mut time = || {
        let at = usize::try_from(reader.position()).ok()? + 2;
        let tlv = reader.tlv_bytes().ok()?;
        let text = std::str::from_utf8(tlv.get(2..)?).ok()?.strip_suffix('Z')?;
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let full = match (tlv[0], text.len()) {
            // RFC 5280 §4.1.2.5.1: two-digit years 50–99 are 19YY, 00–49 are 20YY.
            (0x17, 12) => format!("{}{text}", if text < "50" { "20" } else { "19" }),
            (0x18, 14) => text.to_owned(),
            _ => return None,
        };
        let field = |range: std::ops::Range<usize>| full.get(range);
        let iso = format!(
            "{}-{}-{}T{}:{}:{}",
            field(0..4)?,
            field(4..6)?,
            field(6..8)?,
            field(8..10)?,
            field(10..12)?,
            field(12..14)?
        );
        Some((at..at + text.len(), crate::time::parse_iso8601(&iso)?))
    };
    Some([time()?, time()?])
}

fn unix_seconds(time: &x509_cert::time::Time) -> i64 {
    i64::try_from(time.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests;
