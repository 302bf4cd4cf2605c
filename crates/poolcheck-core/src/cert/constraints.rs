//! Name constraints (RFC 5280 §4.2.1.10): which names a CA's certificates may carry. Matching
//! follows OpenSSL's (`crypto/x509/v3_ncons.c`), so verdicts agree with `openssl verify`.
//!
//! Written by hand: the RustCrypto crates decode the extension but do not match names.

use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::ext::pkix::constraints::name::NameConstraints;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::name::Name;

use super::Certificate;
use super::inspect::extension;
use super::names::{DistinguishedName, names_within};

const EMAIL_ADDRESS: &str = "1.2.840.113549.1.9.1";
const COMMON_NAME: &str = "2.5.4.3";

/// Why a certificate's names break its issuer's constraints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Violation {
    /// The name matches an excluded subtree, or no permitted subtree of its kind.
    Outside(String),
    /// A form RFC 5280 allows but poolcheck (like OpenSSL) does not match.
    Unsupported(String),
}

/// A name of the constrained certificate, with where it came from.
enum Candidate {
    Dns(String, &'static str),
    Email(String, &'static str),
    Uri(String),
    Ip(Vec<u8>),
    Directory(Name),
    Other(&'static str),
}

impl Candidate {
    fn kind(&self) -> &'static str {
        match self {
            Self::Dns(..) => "dNSName",
            Self::Email(..) => "rfc822Name",
            Self::Uri(_) => "uniformResourceIdentifier",
            Self::Ip(_) => "iPAddress",
            Self::Directory(_) => "directoryName",
            Self::Other(kind) => kind,
        }
    }

    fn describe(&self) -> String {
        match self {
            Self::Dns(name, source) => format!("DNS name '{name}'{source}"),
            Self::Email(address, source) => format!("email address '{address}'{source}"),
            Self::Uri(uri) => format!("URI '{uri}'"),
            Self::Ip(octets) => format!("IP address {}", ip_text(octets)),
            Self::Directory(name) => {
                format!("subject '{}'", DistinguishedName::from_name(name).text)
            }
            Self::Other(kind) => format!("{kind} name"),
        }
    }
}

/// The constraints of a CA certificate, if it has the extension; an undecodable one is an
/// error (it cannot be applied, and ignoring it would accept what it forbids).
pub(crate) fn of(ca: &Certificate) -> Option<Result<NameConstraints, String>> {
    let mut problems = Vec::new();
    let found = extension::<NameConstraints>(ca, &mut problems);
    match (found, problems.first()) {
        (Some((_, constraints)), _) => Some(Ok(constraints)),
        (None, Some(problem)) => Some(Err(problem.message.clone())),
        (None, None) => None,
    }
}

/// Checks every name of `certificate` against `constraints`; returns how many names were
/// checked. The common name of a leaf without DNS names counts as a DNS name when it looks
/// like a host name, as OpenSSL does.
pub(crate) fn check(
    certificate: &Certificate,
    is_leaf: bool,
    constraints: &NameConstraints,
) -> Result<usize, Violation> {
    let permitted = constraints.permitted_subtrees.as_deref().unwrap_or_default();
    let excluded = constraints.excluded_subtrees.as_deref().unwrap_or_default();
    if let Some(bad) =
        permitted.iter().chain(excluded).find(|s| s.minimum != 0 || s.maximum.is_some())
    {
        return Err(Violation::Unsupported(format!(
            "a {} subtree has a minimum or maximum, which RFC 5280 says must be absent",
            base_kind(&bad.base)
        )));
    }
    let candidates = candidates(certificate, is_leaf);
    for candidate in &candidates {
        let kind = candidate.kind();
        for subtree in excluded.iter().filter(|s| base_kind(&s.base) == kind) {
            if matches(candidate, &subtree.base)? {
                return Err(Violation::Outside(format!(
                    "{} is in the excluded subtree {}",
                    candidate.describe(),
                    base_text(&subtree.base)
                )));
            }
        }
        let mut of_kind = permitted.iter().filter(|s| base_kind(&s.base) == kind).peekable();
        if of_kind.peek().is_none() {
            continue;
        }
        let mut texts = Vec::new();
        let mut inside = false;
        for subtree in of_kind {
            if matches(candidate, &subtree.base)? {
                inside = true;
                break;
            }
            texts.push(base_text(&subtree.base));
        }
        if !inside {
            return Err(Violation::Outside(format!(
                "{} is outside the permitted subtrees ({})",
                candidate.describe(),
                texts.join(", ")
            )));
        }
    }
    Ok(candidates.len())
}

fn candidates(certificate: &Certificate, is_leaf: bool) -> Vec<Candidate> {
    let tbs = &certificate.x509().tbs_certificate;
    let mut out = Vec::new();
    if !tbs.subject.0.is_empty() {
        out.push(Candidate::Directory(tbs.subject.clone()));
    }
    let subject = DistinguishedName::from_name(&tbs.subject);
    for attribute in subject.attributes().filter(|a| a.oid == EMAIL_ADDRESS) {
        out.push(Candidate::Email(attribute.value.clone(), " in the subject"));
    }
    let alt_names = tbs
        .extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id == <SubjectAltName as der::oid::AssociatedOid>::OID)
        .and_then(|e| <SubjectAltName as der::Decode>::from_der(e.extn_value.as_bytes()).ok());
    let mut has_dns = false;
    for name in alt_names.iter().flat_map(|san| &san.0) {
        out.push(match name {
            GeneralName::DnsName(dns) => {
                has_dns = true;
                Candidate::Dns(dns.to_string(), "")
            }
            GeneralName::Rfc822Name(email) => Candidate::Email(email.to_string(), ""),
            GeneralName::UniformResourceIdentifier(uri) => Candidate::Uri(uri.to_string()),
            GeneralName::IpAddress(octets) => Candidate::Ip(octets.as_bytes().to_vec()),
            GeneralName::DirectoryName(name) => Candidate::Directory(name.clone()),
            GeneralName::OtherName(_) => Candidate::Other("otherName"),
            GeneralName::EdiPartyName(_) => Candidate::Other("ediPartyName"),
            GeneralName::RegisteredId(_) => Candidate::Other("registeredID"),
        });
    }
    if is_leaf && !has_dns {
        for attribute in subject.attributes().filter(|a| a.oid == COMMON_NAME) {
            if looks_like_host_name(&attribute.value) {
                out.push(Candidate::Dns(attribute.value.clone(), " (the subject's CN)"));
            }
        }
    }
    out
}

fn base_kind(base: &GeneralName) -> &'static str {
    match base {
        GeneralName::DnsName(_) => "dNSName",
        GeneralName::Rfc822Name(_) => "rfc822Name",
        GeneralName::UniformResourceIdentifier(_) => "uniformResourceIdentifier",
        GeneralName::IpAddress(_) => "iPAddress",
        GeneralName::DirectoryName(_) => "directoryName",
        GeneralName::OtherName(_) => "otherName",
        GeneralName::EdiPartyName(_) => "ediPartyName",
        GeneralName::RegisteredId(_) => "registeredID",
    }
}

fn base_text(base: &GeneralName) -> String {
    match base {
        GeneralName::DnsName(s) => format!("DNS:{s}"),
        GeneralName::Rfc822Name(s) => format!("email:{s}"),
        GeneralName::UniformResourceIdentifier(s) => format!("URI:{s}"),
        GeneralName::IpAddress(octets) => {
            let bytes = octets.as_bytes();
            let (address, mask) = bytes.split_at(bytes.len() / 2);
            format!("IP:{}/{}", ip_text(address), ip_text(mask))
        }
        GeneralName::DirectoryName(name) => {
            format!("dirName:{}", DistinguishedName::from_name(name).text)
        }
        other => base_kind(other).to_owned(),
    }
}

fn matches(candidate: &Candidate, base: &GeneralName) -> Result<bool, Violation> {
    Ok(match (candidate, base) {
        (Candidate::Dns(name, _), GeneralName::DnsName(base)) => dns_within(name, base.as_ref()),
        (Candidate::Email(address, _), GeneralName::Rfc822Name(base)) => {
            email_within(address, base.as_ref())
        }
        (Candidate::Uri(uri), GeneralName::UniformResourceIdentifier(base)) => {
            uri_host(uri).is_some_and(|host| host_within(host, base.as_ref()))
        }
        (Candidate::Ip(address), GeneralName::IpAddress(base)) => {
            ip_within(address, base.as_bytes())
        }
        (Candidate::Directory(name), GeneralName::DirectoryName(base)) => names_within(name, base),
        (candidate, _) => {
            return Err(Violation::Unsupported(format!(
                "{} constraints are not processed",
                candidate.kind()
            )));
        }
    })
}

/// Zero or more labels may be added on the left; a base starting with '.' needs at least one.
fn dns_within(name: &str, base: &str) -> bool {
    if base.is_empty() {
        return true;
    }
    let Some(split) = name.len().checked_sub(base.len()) else { return false };
    let (Some(left), Some(right)) = (name.get(..split), name.get(split..)) else { return false };
    right.eq_ignore_ascii_case(base)
        && (left.is_empty() || base.starts_with('.') || left.ends_with('.'))
}

/// `user@host` is one mailbox; `.example.com` any host below it; `example.com` that host.
fn email_within(address: &str, base: &str) -> bool {
    let Some((local, host)) = address.rsplit_once('@') else { return false };
    match base.rsplit_once('@') {
        Some((base_local, base_host)) => {
            local == base_local && host.eq_ignore_ascii_case(base_host)
        }
        None => host_within(host, base),
    }
}

fn host_within(host: &str, base: &str) -> bool {
    if base.starts_with('.') {
        host.len() > base.len()
            && host
                .get(host.len() - base.len()..)
                .is_some_and(|tail| tail.eq_ignore_ascii_case(base))
    } else {
        host.eq_ignore_ascii_case(base)
    }
}

/// The host of `scheme://[userinfo@]host[:port][/…]`; None without an authority.
fn uri_host(uri: &str) -> Option<&str> {
    let (_, rest) = uri.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host_port.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

fn ip_within(address: &[u8], base: &[u8]) -> bool {
    if base.len() != address.len() * 2 {
        return false;
    }
    let (network, mask) = base.split_at(address.len());
    address.iter().zip(network).zip(mask).all(|((a, n), m)| a & m == n & m)
}

/// OpenSSL's test for a CN that names a host: letters, digits, '-' and at least one inner '.'.
fn looks_like_host_name(cn: &str) -> bool {
    cn.contains('.')
        && !cn.starts_with('.')
        && !cn.ends_with('.')
        && cn.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

fn ip_text(octets: &[u8]) -> String {
    super::inspect::ip_text(octets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_adds_labels_on_the_left_only() {
        assert!(dns_within("example.com", "example.com"));
        assert!(dns_within("a.b.EXAMPLE.com", "example.com"));
        assert!(!dns_within("badexample.com", "example.com"));
        assert!(!dns_within("example.com.evil", "example.com"));
        assert!(dns_within("a.example.com", ".example.com"));
        assert!(!dns_within("example.com", ".example.com"));
        assert!(dns_within("anything", ""));
    }

    #[test]
    fn email_forms() {
        assert!(email_within("a@example.com", "a@example.com"));
        assert!(!email_within("b@example.com", "a@example.com"));
        assert!(email_within("a@Example.com", "example.com"));
        assert!(!email_within("a@mail.example.com", "example.com"));
        assert!(email_within("a@mail.example.com", ".example.com"));
        assert!(!email_within("no-at-sign", "example.com"));
    }

    #[test]
    fn uri_host_and_ip_masks() {
        assert_eq!(uri_host("spiffe://svc.example.com/orders"), Some("svc.example.com"));
        assert_eq!(uri_host("https://u:p@h.example.com:8443/x?y"), Some("h.example.com"));
        assert_eq!(uri_host("urn:uuid:1234"), None);
        assert!(ip_within(&[10, 1, 2, 3], &[10, 0, 0, 0, 255, 0, 0, 0]));
        assert!(!ip_within(&[11, 1, 2, 3], &[10, 0, 0, 0, 255, 0, 0, 0]));
        assert!(!ip_within(&[10, 1, 2, 3], &[0; 32]));
    }

    #[test]
    fn host_like_common_names() {
        assert!(looks_like_host_name("evil.attacker.net"));
        assert!(!looks_like_host_name("orders-service"));
        assert!(!looks_like_host_name("Order processor.x"));
        assert!(!looks_like_host_name(".example.com"));
    }
}
