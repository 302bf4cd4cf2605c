//! Certificate revocation lists: parsing (PEM `X509 CRL` or DER) and what a report shows.

use der::Decode as _;
use serde::Serialize;

use super::{CertError, DistinguishedName, MAX_PEM_BYTES};

/// Revoked entries beyond this are refused: a CRL this long is not a test input.
pub const MAX_REVOKED_ENTRIES: usize = 100_000;

/// A parsed CRL with the exact DER it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crl {
    der: Vec<u8>,
    parsed: x509_cert::crl::CertificateList,
}

impl Crl {
    pub(crate) fn x509(&self) -> &x509_cert::crl::CertificateList {
        &self.parsed
    }

    /// The bytes the issuer signed, as encoded (see `Certificate::signed_bytes`).
    pub(crate) fn signed_bytes(&self) -> Option<&[u8]> {
        super::first_inner_tlv(&self.der)
    }

    pub fn issuer(&self) -> DistinguishedName {
        DistinguishedName::from_name(&self.parsed.tbs_cert_list.issuer)
    }

    /// The revocation of `serial_hex` (as `Certificate::serial_hex` spells it), if listed.
    pub(crate) fn revoked(&self, serial_hex: &str) -> Option<RevokedEntry> {
        self.parsed.tbs_cert_list.revoked_certificates.iter().flatten().find_map(|entry| {
            let serial = super::serial_hex(entry.serial_number.as_bytes());
            (serial == serial_hex).then(|| {
                let at = super::unix_seconds(&entry.revocation_date);
                RevokedEntry {
                    serial_hex: serial,
                    revoked_at: at,
                    revoked_at_iso: super::iso8601(at),
                }
            })
        })
    }

    pub fn report(&self) -> CrlReport {
        let tbs = &self.parsed.tbs_cert_list;
        let this_update = super::unix_seconds(&tbs.this_update);
        let next_update = tbs.next_update.as_ref().map(super::unix_seconds);
        CrlReport {
            issuer: self.issuer(),
            this_update,
            this_update_iso: super::iso8601(this_update),
            next_update,
            next_update_iso: next_update.map(super::iso8601),
            revoked: tbs
                .revoked_certificates
                .iter()
                .flatten()
                .map(|entry| {
                    let at = super::unix_seconds(&entry.revocation_date);
                    RevokedEntry {
                        serial_hex: super::serial_hex(entry.serial_number.as_bytes()),
                        revoked_at: at,
                        revoked_at_iso: super::iso8601(at),
                    }
                })
                .collect(),
            signature_algorithm: super::signature::describe(&self.parsed.signature_algorithm),
        }
    }
}

/// What a CRL says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct CrlReport {
    pub issuer: DistinguishedName,
    pub this_update: i64,
    pub this_update_iso: String,
    pub next_update: Option<i64>,
    pub next_update_iso: Option<String>,
    pub revoked: Vec<RevokedEntry>,
    pub signature_algorithm: super::SignatureAlgorithmReport,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct RevokedEntry {
    pub serial_hex: String,
    pub revoked_at: i64,
    pub revoked_at_iso: String,
}

/// Parses a CRL given as PEM (`-----BEGIN X509 CRL-----`) or as DER bytes.
pub fn parse_crl(input: &[u8]) -> Result<Crl, CertError> {
    if input.len() > MAX_PEM_BYTES {
        return Err(CertError::TooLarge { bytes: input.len(), limit: MAX_PEM_BYTES });
    }
    // A DER CRL starts with a SEQUENCE tag; PEM starts with text.
    let der = if input.first() == Some(&0x30) {
        input.to_vec()
    } else {
        let text = std::str::from_utf8(input).map_err(|e| CertError::Base64 {
            block: 1,
            message: format!("neither DER nor UTF-8 PEM text (byte {})", e.valid_up_to()),
        })?;
        let mut blocks = super::pem_blocks(text)?.into_iter();
        let block = blocks.next().ok_or(CertError::NoPemBlock { expected: "X509 CRL" })?;
        if block.label != "X509 CRL" {
            return Err(CertError::UnexpectedLabel {
                block: block.number,
                label: block.label,
                expected: "X509 CRL",
            });
        }
        if let Some(extra) = blocks.next() {
            return Err(CertError::UnexpectedLabel {
                block: extra.number,
                label: extra.label,
                expected: "only one X509 CRL",
            });
        }
        block.der
    };
    let parsed = x509_cert::crl::CertificateList::from_der(&der).map_err(|e| CertError::Der {
        block: 1,
        what: "CRL",
        message: e.to_string(),
    })?;
    let entries = parsed.tbs_cert_list.revoked_certificates.as_ref().map_or(0, Vec::len);
    if entries > MAX_REVOKED_ENTRIES {
        return Err(CertError::Der {
            block: 1,
            what: "CRL",
            message: format!("{entries} revoked entries; the limit is {MAX_REVOKED_ENTRIES}"),
        });
    }
    Ok(Crl { der, parsed })
}
