//! What a certificate says, field by field, for people and for `--json`.

use der::asn1::ObjectIdentifier as Oid;
use serde::Serialize;
use sha2::{Digest as _, Sha256};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{
    BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages, SubjectAltName as SanExtension,
};

use super::names::{DnBindings, bindings_of};
use super::signature::{SignatureAlgorithmReport, describe, describe_key};
use super::{Certificate, DistinguishedName};
use crate::Problem;

// `new_unwrap` runs in const context: a malformed OID fails the build, never at run time.
pub(crate) const BASIC_CONSTRAINTS: Oid = Oid::new_unwrap("2.5.29.19");
pub(crate) const KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.15");
pub(crate) const EXTENDED_KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.37");
const SUBJECT_ALT_NAME: Oid = Oid::new_unwrap("2.5.29.17");
pub(crate) const CLIENT_AUTH: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.2");
pub(crate) const ANY_EXTENDED_KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.37.0");

/// Extensions poolcheck reads, and their names.
const EXTENSION_NAMES: &[(&str, &str)] = &[
    ("2.5.29.14", "subjectKeyIdentifier"),
    ("2.5.29.15", "keyUsage"),
    ("2.5.29.17", "subjectAltName"),
    ("2.5.29.18", "issuerAltName"),
    ("2.5.29.19", "basicConstraints"),
    ("2.5.29.30", "nameConstraints"),
    ("2.5.29.31", "cRLDistributionPoints"),
    ("2.5.29.32", "certificatePolicies"),
    ("2.5.29.33", "policyMappings"),
    ("2.5.29.35", "authorityKeyIdentifier"),
    ("2.5.29.36", "policyConstraints"),
    ("2.5.29.37", "extendedKeyUsage"),
    ("2.5.29.54", "inhibitAnyPolicy"),
    ("1.3.6.1.5.5.7.1.1", "authorityInfoAccess"),
    ("1.3.6.1.4.1.11129.2.4.2", "signedCertificateTimestamps"),
];

const NAME_CONSTRAINTS: Oid = Oid::new_unwrap("2.5.29.30");
const SUBJECT_KEY_IDENTIFIER: Oid = Oid::new_unwrap("2.5.29.14");
const AUTHORITY_KEY_IDENTIFIER: Oid = Oid::new_unwrap("2.5.29.35");
const ISSUER_ALT_NAME: Oid = Oid::new_unwrap("2.5.29.18");
const CRL_DISTRIBUTION_POINTS: Oid = Oid::new_unwrap("2.5.29.31");
const CERTIFICATE_POLICIES: Oid = Oid::new_unwrap("2.5.29.32");
const AUTHORITY_INFO_ACCESS: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.1.1");

/// Extensions the chain check processes; a critical one outside this list refuses the
/// certificate. The identifiers, alternative issuer names and locations only inform, and
/// certificate policies cannot refuse a path when, as `openssl verify` by default, any policy
/// is acceptable and none is required, so processing them means reading them.
pub(crate) const PROCESSED_EXTENSIONS: &[Oid] = &[
    BASIC_CONSTRAINTS,
    KEY_USAGE,
    EXTENDED_KEY_USAGE,
    SUBJECT_ALT_NAME,
    NAME_CONSTRAINTS,
    SUBJECT_KEY_IDENTIFIER,
    AUTHORITY_KEY_IDENTIFIER,
    ISSUER_ALT_NAME,
    CRL_DISTRIBUTION_POINTS,
    CERTIFICATE_POLICIES,
    AUTHORITY_INFO_ACCESS,
];

/// Every certificate of a file, inspected at one instant.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct InspectReport {
    pub now: i64,
    pub certificates: Vec<CertificateReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct CertificateReport {
    /// X.509 version: 1, 2 or 3.
    pub version: u8,
    pub subject: DistinguishedName,
    pub issuer: DistinguishedName,
    pub self_issued: bool,
    /// Lower-case hex without the sign-padding zero byte.
    pub serial_hex: String,
    pub validity: ValidityReport,
    pub public_key: PublicKeyReport,
    pub signature_algorithm: SignatureAlgorithmReport,
    pub basic_constraints: Option<BasicConstraintsReport>,
    pub key_usage: Option<KeyUsageReport>,
    /// Names such as `clientAuth`, or dotted OIDs.
    pub extended_key_usage: Option<Vec<String>>,
    pub subject_alt_names: Vec<SubjectAltName>,
    pub extensions: Vec<ExtensionReport>,
    /// Upper-case hex pairs joined by ':', as `openssl x509 -fingerprint -sha256` prints.
    pub sha256_fingerprint: String,
    /// The subject as a certificate pool filter sees it.
    pub filter_bindings: DnBindings,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ValidityReport {
    pub not_before: i64,
    pub not_before_iso: String,
    pub not_after: i64,
    pub not_after_iso: String,
    pub status: ValidityStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ValidityStatus {
    Valid,
    Expired,
    NotYetValid,
}

impl ValidityStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Expired => "expired",
            Self::NotYetValid => "not yet valid",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct PublicKeyReport {
    /// `RSA`, `EC`, `Ed25519`, … or the OID.
    pub algorithm: String,
    /// Modulus size for RSA, field size for EC.
    pub bits: Option<u32>,
    /// `P-256`, `P-384`, … for EC keys.
    pub curve: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct BasicConstraintsReport {
    pub ca: bool,
    pub path_len: Option<u8>,
    pub critical: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct KeyUsageReport {
    /// `digitalSignature`, `keyCertSign`, … in bit order.
    pub usages: Vec<String>,
    pub critical: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct SubjectAltName {
    /// `dns`, `email`, `uri`, `ip`, `directory`, `other`.
    pub kind: &'static str,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ExtensionReport {
    pub oid: String,
    pub name: Option<&'static str>,
    pub critical: bool,
}

/// Inspects every certificate at `now` (unix seconds).
pub fn inspect_all(certificates: &[Certificate], now: i64) -> InspectReport {
    InspectReport { now, certificates: certificates.iter().map(|c| inspect(c, now)).collect() }
}

/// Inspects one certificate at `now` (unix seconds).
pub fn inspect(certificate: &Certificate, now: i64) -> CertificateReport {
    let tbs = &certificate.x509().tbs_certificate;
    let mut problems = Vec::new();
    let subject = certificate.subject();
    let issuer = certificate.issuer();

    let extensions: Vec<ExtensionReport> = tbs
        .extensions
        .iter()
        .flatten()
        .map(|e| ExtensionReport {
            oid: e.extn_id.to_string(),
            name: extension_name(&e.extn_id),
            critical: e.critical,
        })
        .collect();
    for e in tbs.extensions.iter().flatten().filter(|e| e.critical) {
        if !PROCESSED_EXTENSIONS.contains(&e.extn_id) {
            problems.push(Problem::warning(
                "cert_critical_extension_not_processed",
                format!(
                    "critical extension {} is not processed by poolcheck, so a chain check refuses this certificate",
                    extension_label(&e.extn_id)
                ),
            ).with_hint("RFC 5280 §4.2: a verifier that does not process a critical extension must refuse the certificate."));
        }
    }

    let basic_constraints =
        extension::<BasicConstraints>(certificate, &mut problems).map(|(critical, bc)| {
            BasicConstraintsReport { ca: bc.ca, path_len: bc.path_len_constraint, critical }
        });
    let key_usage = extension::<KeyUsage>(certificate, &mut problems)
        .map(|(critical, ku)| KeyUsageReport { usages: key_usage_names(&ku), critical });
    let extended_key_usage = extension::<ExtendedKeyUsage>(certificate, &mut problems)
        .map(|(_, eku)| eku.0.iter().map(eku_name).collect());
    let subject_alt_names = extension::<SanExtension>(certificate, &mut problems)
        .map(|(_, san)| san.0.iter().map(alt_name).collect())
        .unwrap_or_default();

    let signature_algorithm = describe(&certificate.x509().signature_algorithm);
    if tbs.signature != certificate.x509().signature_algorithm {
        problems.push(Problem::error(
            "cert_signature_algorithm_mismatch",
            "the signature algorithm inside the signed part differs from the outer one",
        ));
    }
    if !signature_algorithm.supported {
        problems.push(Problem::warning(
            "cert_signature_algorithm_unsupported",
            format!("signatures made with {} cannot be verified", signature_algorithm.name),
        ));
    }
    let (algorithm, bits, curve) = describe_key(&tbs.subject_public_key_info);
    let version = match tbs.version {
        x509_cert::Version::V1 => 1,
        x509_cert::Version::V2 => 2,
        x509_cert::Version::V3 => 3,
    };

    CertificateReport {
        version,
        self_issued: subject == issuer,
        filter_bindings: bindings_of(&subject),
        subject,
        issuer,
        serial_hex: certificate.serial_hex(),
        validity: validity(certificate, now),
        public_key: PublicKeyReport { algorithm, bits, curve },
        signature_algorithm,
        basic_constraints,
        key_usage,
        extended_key_usage,
        subject_alt_names,
        extensions,
        sha256_fingerprint: fingerprint(certificate.der()),
        problems,
    }
}

pub(crate) fn validity(certificate: &Certificate, now: i64) -> ValidityReport {
    let [not_before, not_after] = certificate.validity_unix();
    let status = if now < not_before {
        ValidityStatus::NotYetValid
    } else if now > not_after {
        ValidityStatus::Expired
    } else {
        ValidityStatus::Valid
    };
    ValidityReport {
        not_before,
        not_before_iso: super::iso8601(not_before),
        not_after,
        not_after_iso: super::iso8601(not_after),
        status,
    }
}

/// A decoded extension and its criticality; one that fails to decode is reported and ignored.
pub(crate) fn extension<T>(
    certificate: &Certificate,
    problems: &mut Vec<Problem>,
) -> Option<(bool, T)>
where
    T: for<'a> der::Decode<'a> + der::oid::AssociatedOid,
{
    let found = certificate
        .x509()
        .tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id == T::OID)?;
    match T::from_der(found.extn_value.as_bytes()) {
        Ok(value) => Some((found.critical, value)),
        Err(e) => {
            let name = extension_name(&T::OID).unwrap_or("extension");
            problems.push(Problem::error(
                "cert_extension_invalid",
                format!("{name} does not decode: {e}"),
            ));
            None
        }
    }
}

/// The extension's name, else its OID.
pub(crate) fn extension_label(oid: &Oid) -> String {
    extension_name(oid).map_or_else(|| oid.to_string(), str::to_owned)
}

fn extension_name(oid: &Oid) -> Option<&'static str> {
    let dotted = oid.to_string();
    EXTENSION_NAMES.iter().find(|(o, _)| *o == dotted).map(|(_, n)| *n)
}

fn key_usage_names(ku: &KeyUsage) -> Vec<String> {
    const NAMES: &[(KeyUsages, &str)] = &[
        (KeyUsages::DigitalSignature, "digitalSignature"),
        (KeyUsages::NonRepudiation, "nonRepudiation"),
        (KeyUsages::KeyEncipherment, "keyEncipherment"),
        (KeyUsages::DataEncipherment, "dataEncipherment"),
        (KeyUsages::KeyAgreement, "keyAgreement"),
        (KeyUsages::KeyCertSign, "keyCertSign"),
        (KeyUsages::CRLSign, "cRLSign"),
        (KeyUsages::EncipherOnly, "encipherOnly"),
        (KeyUsages::DecipherOnly, "decipherOnly"),
    ];
    NAMES.iter().filter(|(flag, _)| ku.0.contains(*flag)).map(|(_, n)| (*n).to_owned()).collect()
}

fn eku_name(oid: &Oid) -> String {
    match oid.to_string().as_str() {
        "1.3.6.1.5.5.7.3.1" => "serverAuth".to_owned(),
        "1.3.6.1.5.5.7.3.2" => "clientAuth".to_owned(),
        "1.3.6.1.5.5.7.3.3" => "codeSigning".to_owned(),
        "1.3.6.1.5.5.7.3.4" => "emailProtection".to_owned(),
        "1.3.6.1.5.5.7.3.8" => "timeStamping".to_owned(),
        "1.3.6.1.5.5.7.3.9" => "OCSPSigning".to_owned(),
        "2.5.29.37.0" => "anyExtendedKeyUsage".to_owned(),
        other => other.to_owned(),
    }
}

fn alt_name(name: &GeneralName) -> SubjectAltName {
    let (kind, value) = match name {
        GeneralName::DnsName(s) => ("dns", s.to_string()),
        GeneralName::Rfc822Name(s) => ("email", s.to_string()),
        GeneralName::UniformResourceIdentifier(s) => ("uri", s.to_string()),
        GeneralName::IpAddress(octets) => ("ip", ip_text(octets.as_bytes())),
        GeneralName::DirectoryName(n) => ("directory", DistinguishedName::from_name(n).text),
        GeneralName::RegisteredId(oid) => ("registered_id", oid.to_string()),
        GeneralName::OtherName(other) => ("other", other.type_id.to_string()),
        GeneralName::EdiPartyName(_) => ("edi_party", String::new()),
    };
    SubjectAltName { kind, value }
}

pub(crate) fn ip_text(bytes: &[u8]) -> String {
    if let Ok(v4) = <[u8; 4]>::try_from(bytes) {
        return std::net::Ipv4Addr::from(v4).to_string();
    }
    if let Ok(v6) = <[u8; 16]>::try_from(bytes) {
        return std::net::Ipv6Addr::from(v6).to_string();
    }
    format!("#{}", super::hex(bytes))
}

fn fingerprint(der: &[u8]) -> String {
    Sha256::digest(der).iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}

/// Whether the extended key usage allows TLS client authentication: `Some(true)` when it lists
/// clientAuth or anyExtendedKeyUsage, `Some(false)` when it lists neither, `None` when absent.
pub(crate) fn allows_client_auth(certificate: &Certificate) -> Option<bool> {
    let mut ignored = Vec::new();
    extension::<ExtendedKeyUsage>(certificate, &mut ignored).map(|(_, eku)| {
        eku.0.iter().any(|oid| *oid == CLIENT_AUTH || *oid == ANY_EXTENDED_KEY_USAGE)
    })
}
