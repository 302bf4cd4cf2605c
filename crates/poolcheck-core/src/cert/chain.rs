//! The chain check: does a client certificate chain to the certificate authority registered
//! for a certificate identity pool, and is it unrevoked?

use serde::Serialize;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages};

use super::constraints::{self, Violation};
use super::crl::{Crl, CrlReport, parse_crl};
use super::inspect::{
    PROCESSED_EXTENSIONS, ValidityStatus, allows_client_auth, extension, extension_label, validity,
};
use super::names::names_match;
use super::signature::{VerifyError, verify};
use super::{Certificate, MAX_CHAIN_CERTIFICATES};
use crate::Problem;

/// The outcome of [`check_chain`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ChainReport {
    /// True when nothing refuses the client (warnings allowed).
    pub valid: bool,
    /// The path found, leaf first; the last link is the registered certificate it ends at
    /// (`role: anchor`) when one was found.
    pub links: Vec<LinkReport>,
    /// The CRL, when one was given and parses.
    pub crl: Option<CrlReport>,
    /// Every failed check as an error, every warning, in path order.
    pub problems: Vec<Problem>,
    /// The first error: why Confluent Cloud would refuse this client.
    pub refusal: Option<Refusal>,
}

/// Why a chain is refused: every error the chain check can give. The problem code is the
/// snake_case name; the mTLS refusal code is the same name in upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(type = "string"))]
pub enum ChainCode {
    CertChainEmpty,
    CaChainEmpty,
    CertChainTooLong,
    CertExpired,
    CertNotYetValid,
    CertSignatureInvalid,
    CertSignatureAlgorithmUnsupported,
    CertUnknownIssuer,
    CertIssuerNotCa,
    CertPathLengthExceeded,
    CertKeyCertSignMissing,
    CertNameConstraintViolated,
    CertExtensionUnsupported,
    CertIssuerKeyUnusable,
    CrlRequired,
    CrlInvalid,
    CrlIssuerUnknown,
    CrlSignatureInvalid,
    CrlSignerNotAllowed,
    CertRevoked,
}

impl ChainCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ChainCode::CertChainEmpty => "cert_chain_empty",
            ChainCode::CaChainEmpty => "ca_chain_empty",
            ChainCode::CertChainTooLong => "cert_chain_too_long",
            ChainCode::CertExpired => "cert_expired",
            ChainCode::CertNotYetValid => "cert_not_yet_valid",
            ChainCode::CertSignatureInvalid => "cert_signature_invalid",
            ChainCode::CertSignatureAlgorithmUnsupported => "cert_signature_algorithm_unsupported",
            ChainCode::CertUnknownIssuer => "cert_unknown_issuer",
            ChainCode::CertIssuerNotCa => "cert_issuer_not_ca",
            ChainCode::CertPathLengthExceeded => "cert_path_length_exceeded",
            ChainCode::CertKeyCertSignMissing => "cert_key_cert_sign_missing",
            ChainCode::CertNameConstraintViolated => "cert_name_constraint_violated",
            ChainCode::CertExtensionUnsupported => "cert_extension_unsupported",
            ChainCode::CertIssuerKeyUnusable => "cert_issuer_key_unusable",
            ChainCode::CrlRequired => "crl_required",
            ChainCode::CrlInvalid => "crl_invalid",
            ChainCode::CrlIssuerUnknown => "crl_issuer_unknown",
            ChainCode::CrlSignatureInvalid => "crl_signature_invalid",
            ChainCode::CrlSignerNotAllowed => "crl_signer_not_allowed",
            ChainCode::CertRevoked => "cert_revoked",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
// `header::Refusal` has the TypeScript name `Refusal`.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename = "ChainRefusal"))]
pub struct Refusal {
    pub code: ChainCode,
    pub message: String,
}

/// One certificate of the path and the checks made on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct LinkReport {
    pub role: LinkRole,
    /// True when the certificate comes from the registered chain rather than the client's.
    pub registered: bool,
    /// The subject's CN, else the whole subject.
    pub name: String,
    pub subject: String,
    pub issuer: String,
    pub serial_hex: String,
    pub checks: Vec<Check>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(type = "string"))]
pub enum LinkRole {
    Leaf,
    Intermediate,
    Anchor,
}

impl LinkRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Leaf => "leaf",
            Self::Intermediate => "intermediate",
            Self::Anchor => "anchor",
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Leaf => "leaf",
            Self::Intermediate => "intermediate",
            Self::Anchor => "registered CA",
        }
    }
}

/// One check on one certificate. `name` is stable: `validity`, `issuer`, `signature`, `ca`,
/// `path_length`, `key_cert_sign`, `name_constraints`, `client_auth`, `critical_extensions`,
/// `trust_anchor`, `crl_signature`, `revocation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Check {
    pub name: &'static str,
    pub status: CheckStatus,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(type = "string"))]
pub enum CheckStatus {
    Passed,
    /// Refuses the client; the matching problem is an error.
    Failed,
    /// Accepted, with a problem of severity warning.
    Warning,
    /// Not applicable here (the detail says why).
    Skipped,
}

impl CheckStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Passed => "passed",
            Self::Failed => "failed",
            Self::Warning => "warning",
            Self::Skipped => "skipped",
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Passed => "ok",
            Self::Failed => "FAILED",
            Self::Warning => "warning",
            Self::Skipped => "skipped",
        }
    }
}

struct Node<'a> {
    certificate: &'a Certificate,
    registered: bool,
}

struct Builder {
    links: Vec<LinkReport>,
    problems: Vec<Problem>,
    refusal: Option<Refusal>,
}

impl Builder {
    fn pass(&mut self, link: usize, name: &'static str, detail: impl Into<String>) {
        self.push(link, name, CheckStatus::Passed, detail.into());
    }

    fn skip(&mut self, link: usize, name: &'static str, detail: impl Into<String>) {
        self.push(link, name, CheckStatus::Skipped, detail.into());
    }

    /// A failed check, and the error it becomes: "certificate 'X' (role): detail".
    fn fail(&mut self, link: usize, name: &'static str, code: ChainCode, detail: String) {
        let message = self.about(link, &detail);
        self.push(link, name, CheckStatus::Failed, detail);
        self.error(code, message);
    }

    /// An error; the first one is the refusal.
    fn error(&mut self, code: ChainCode, message: impl Into<String>) {
        self.error_with_hint(code, message, None);
    }

    fn error_with_hint(&mut self, code: ChainCode, message: impl Into<String>, hint: Option<&str>) {
        let message = message.into();
        self.refusal.get_or_insert_with(|| Refusal { code, message: message.clone() });
        let problem = Problem::error(code.as_str(), message);
        self.problems.push(match hint {
            Some(hint) => problem.with_hint(hint),
            None => problem,
        });
    }

    fn warn(&mut self, link: usize, name: &'static str, code: &'static str, detail: String) {
        let message = self.about(link, &detail);
        self.push(link, name, CheckStatus::Warning, detail);
        self.problems.push(Problem::warning(code, message));
    }

    fn about(&self, link: usize, detail: &str) -> String {
        match self.links.get(link) {
            Some(l) => format!("certificate '{}' ({}): {detail}", l.name, l.role.label()),
            None => detail.to_owned(),
        }
    }

    fn push(&mut self, link: usize, name: &'static str, status: CheckStatus, detail: String) {
        if let Some(l) = self.links.get_mut(link) {
            l.checks.push(Check { name, status, detail });
        }
    }
}

/// Checks a client chain (the leaf first, then any intermediates, as the client presents it)
/// against the chain registered with the certificate authority, at `now` (unix seconds), the
/// way `openssl verify` does with the registered chain as its trust store.
///
/// The path goes from the leaf through the client's intermediates to the first registered
/// certificate whose subject names the current issuer (registered certificates are preferred,
/// so a client may omit intermediates that are registered), then on through the registered
/// chain to its self-signed root. A registered chain without its root is trusted from its
/// last certificate (`openssl verify -partial_chain`). Every certificate of the path, the
/// registered ones included, is checked: validity at `now`, the signature by its issuer's
/// key, CA flag, path length and keyCertSign of issuers, the name constraints of every CA
/// above it, and critical extensions (one poolcheck does not process refuses the client, as
/// RFC 5280 §4.2 requires). A leaf without clientAuth only draws a warning.
///
/// `crl` is PEM (`X509 CRL`) or DER. Its issuer must be a CA of the path (or of the
/// registered chain) and its signature must verify; a CRL that cannot be parsed or verified
/// refuses the client rather than being ignored. It applies to every certificate of the path
/// its issuer signed, wherever that certificate sits (a registered intermediate included).
/// With `require_crl`, the CRL must be the one of the leaf's issuer (`openssl verify
/// -crl_check`): without a CRL, or with another CA's, every client is refused. An
/// out-of-date CRL (nextUpdate passed) is only a warning.
pub fn check_chain(
    client: &[Certificate],
    registered: &[Certificate],
    crl: Option<&[u8]>,
    require_crl: bool,
    now: i64,
) -> ChainReport {
    let mut b = Builder { links: Vec::new(), problems: Vec::new(), refusal: None };
    let Some(leaf) = client.first() else {
        b.error(ChainCode::CertChainEmpty, "the client presented no certificate");
        return finish(b, None);
    };
    if registered.is_empty() {
        b.error(ChainCode::CaChainEmpty, "the certificate authority has no registered certificate");
    }

    let (path, anchored) = build_path(leaf, client, registered);
    b.links = path
        .iter()
        .enumerate()
        .map(|(i, node)| {
            let c = node.certificate;
            let role = if i == 0 {
                LinkRole::Leaf
            } else if anchored && i + 1 == path.len() {
                LinkRole::Anchor
            } else {
                LinkRole::Intermediate
            };
            LinkReport {
                role,
                registered: node.registered,
                name: c.display_name(),
                subject: c.subject().text,
                issuer: c.issuer().text,
                serial_hex: c.serial_hex(),
                checks: Vec::new(),
            }
        })
        .collect();

    for (i, node) in path.iter().enumerate() {
        let certificate = node.certificate;
        check_validity(&mut b, i, certificate, now);
        match path.get(i + 1) {
            Some(issuer) => check_link(&mut b, i, certificate, issuer.certificate),
            None if anchored && is_self_issued(certificate) => {
                b.pass(i, "trust_anchor", "the registered root of the certificate authority");
            }
            None if anchored => b.pass(
                i,
                "trust_anchor",
                "registered without its issuer, so trusted as the anchor (like openssl verify \
                 -partial_chain)",
            ),
            None => unknown_issuer(&mut b, i, certificate, registered),
        }
        if i == 0 {
            check_client_auth(&mut b, certificate);
        } else {
            check_issuer_rights(&mut b, i, certificate, &path);
        }
        check_name_constraints(&mut b, i, &path);
        check_critical_extensions(&mut b, i, certificate);
    }
    if path.len() > MAX_CHAIN_CERTIFICATES {
        b.error(
            ChainCode::CertChainTooLong,
            format!("the path is longer than {MAX_CHAIN_CERTIFICATES} certificates"),
        );
    }
    for (i, c) in client.iter().enumerate().skip(1) {
        if !path.iter().any(|n| std::ptr::eq(n.certificate, c)) {
            b.problems.push(Problem::info(
                "cert_unused",
                format!(
                    "certificate {} the client presented ('{}') is not part of the path",
                    i + 1,
                    c.display_name()
                ),
            ));
        }
    }

    let crl_report = check_revocation(&mut b, &path, registered, crl, require_crl, now);
    finish(b, crl_report)
}

fn finish(b: Builder, crl: Option<CrlReport>) -> ChainReport {
    let refusal = b.refusal;
    ChainReport { valid: refusal.is_none(), links: b.links, crl, problems: b.problems, refusal }
}

/// Leaf → client intermediates → registered certificate. Among several certificates with the
/// right subject, the one whose key verifies the signature wins (key rollover keeps names).
fn build_path<'a>(
    leaf: &'a Certificate,
    client: &'a [Certificate],
    registered: &'a [Certificate],
) -> (Vec<Node<'a>>, bool) {
    let mut path = vec![Node { certificate: leaf, registered: false }];
    let mut used = vec![false; client.len()];
    if let Some(first) = used.first_mut() {
        *first = true;
    }
    let mut current = leaf;
    while path.len() <= MAX_CHAIN_CERTIFICATES {
        if let Some(registered_issuer) = best_issuer(current, registered.iter()) {
            path.push(Node { certificate: registered_issuer, registered: true });
            extend_to_root(&mut path, registered);
            return (path, true);
        }
        let unused = client.iter().zip(used.iter()).filter(|(_, u)| !**u).map(|(c, _)| c);
        let Some(next) = best_issuer(current, unused) else { break };
        if let Some(u) =
            client.iter().position(|c| std::ptr::eq(c, next)).and_then(|i| used.get_mut(i))
        {
            *u = true;
        }
        path.push(Node { certificate: next, registered: false });
        current = next;
    }
    (path, false)
}

/// Follows the registered chain from the path's last certificate up to a self-issued one, or
/// to the last registered certificate that has a registered issuer.
fn extend_to_root<'a>(path: &mut Vec<Node<'a>>, registered: &'a [Certificate]) {
    while path.len() <= MAX_CHAIN_CERTIFICATES {
        let Some(current) = path.last().map(|n| n.certificate) else { return };
        if is_self_issued(current) {
            return;
        }
        let unused =
            registered.iter().filter(|c| !path.iter().any(|n| std::ptr::eq(n.certificate, *c)));
        let Some(issuer) = best_issuer(current, unused) else { return };
        path.push(Node { certificate: issuer, registered: true });
    }
}

fn is_self_issued(certificate: &Certificate) -> bool {
    let tbs = &certificate.x509().tbs_certificate;
    names_match(&tbs.issuer, &tbs.subject)
}

fn best_issuer<'a>(
    certificate: &Certificate,
    candidates: impl Iterator<Item = &'a Certificate>,
) -> Option<&'a Certificate> {
    let issuer = &certificate.x509().tbs_certificate.issuer;
    let named: Vec<&Certificate> = candidates
        .filter(|c| !std::ptr::eq(*c, certificate))
        .filter(|c| names_match(&c.x509().tbs_certificate.subject, issuer))
        .collect();
    match named.as_slice() {
        // One candidate: no need to verify twice (signatures are the expensive part).
        [] | [_] => named.first().copied(),
        _ => named.iter().find(|c| signature_by(certificate, c).is_ok()).or(named.first()).copied(),
    }
}

fn signature_by(certificate: &Certificate, issuer: &Certificate) -> Result<(), VerifyError> {
    let signed = certificate.signed_bytes().ok_or(VerifyError::SignedPartMissing)?;
    let x509 = certificate.x509();
    verify(
        &issuer.x509().tbs_certificate.subject_public_key_info,
        &x509.signature_algorithm,
        signed,
        x509.signature.raw_bytes(),
    )
}

fn check_validity(b: &mut Builder, i: usize, certificate: &Certificate, now: i64) {
    let v = validity(certificate, now);
    let range = format!("valid from {} to {}", v.not_before_iso, v.not_after_iso);
    match v.status {
        ValidityStatus::Valid => b.pass(i, "validity", range),
        ValidityStatus::Expired => b.fail(
            i,
            "validity",
            ChainCode::CertExpired,
            format!("expired at {} ({range})", v.not_after_iso),
        ),
        ValidityStatus::NotYetValid => b.fail(
            i,
            "validity",
            ChainCode::CertNotYetValid,
            format!("not valid before {} ({range})", v.not_before_iso),
        ),
    }
}

fn check_link(b: &mut Builder, i: usize, certificate: &Certificate, issuer: &Certificate) {
    let issuer_name = issuer.display_name();
    let exact = certificate.x509().tbs_certificate.issuer == issuer.x509().tbs_certificate.subject;
    b.pass(
        i,
        "issuer",
        if exact {
            format!("issuer name matches the subject of '{issuer_name}'")
        } else {
            format!("issuer name matches the subject of '{issuer_name}' after normalization")
        },
    );
    let x509 = certificate.x509();
    let algorithm = super::signature::describe(&x509.signature_algorithm).name;
    if x509.tbs_certificate.signature != x509.signature_algorithm {
        b.fail(
            i,
            "signature",
            ChainCode::CertSignatureInvalid,
            "the signed algorithm identifier differs from the outer one".to_owned(),
        );
        return;
    }
    match signature_by(certificate, issuer) {
        Ok(()) => {
            b.pass(i, "signature", format!("{algorithm} signature by '{issuer_name}' verifies"))
        }
        Err(e @ VerifyError::Unsupported(_)) => b.fail(
            i,
            "signature",
            ChainCode::CertSignatureAlgorithmUnsupported,
            format!("{algorithm} signature by '{issuer_name}': {e}"),
        ),
        Err(e @ VerifyError::BadKey(_)) => b.fail(
            i,
            "signature",
            ChainCode::CertIssuerKeyUnusable,
            format!("{algorithm} signature by '{issuer_name}' not checked: {e}"),
        ),
        Err(e) => b.fail(
            i,
            "signature",
            ChainCode::CertSignatureInvalid,
            format!("{algorithm} signature by '{issuer_name}': {e}"),
        ),
    }
}

fn unknown_issuer(
    b: &mut Builder,
    i: usize,
    certificate: &Certificate,
    registered: &[Certificate],
) {
    let issuer = certificate.issuer();
    let cas = registered.iter().map(|c| format!("'{}'", c.display_name())).collect::<Vec<_>>();
    let detail = if certificate.x509().tbs_certificate.issuer
        == certificate.x509().tbs_certificate.subject
    {
        format!(
            "self-signed and not registered with the certificate authority (registered: {})",
            cas.join(", ")
        )
    } else {
        format!(
            "issuer '{}' is neither registered with the certificate authority (registered: {}) \
             nor among the intermediates the client presented",
            issuer.display_name(),
            cas.join(", ")
        )
    };
    b.fail(i, "issuer", ChainCode::CertUnknownIssuer, detail);
}

fn check_client_auth(b: &mut Builder, leaf: &Certificate) {
    match allows_client_auth(leaf) {
        Some(true) => {
            b.pass(0, "client_auth", "extended key usage allows TLS client authentication")
        }
        Some(false) => b.warn(
            0,
            "client_auth",
            "cert_no_client_auth",
            "extended key usage does not include clientAuth; TLS servers may refuse it".to_owned(),
        ),
        None => b.warn(
            0,
            "client_auth",
            "cert_no_client_auth",
            "no extended key usage, so no explicit clientAuth; strict TLS servers may refuse it"
                .to_owned(),
        ),
    }
}

/// CA flag, path length and keyCertSign of the issuer at `i` (1 = the leaf's issuer).
fn check_issuer_rights(b: &mut Builder, i: usize, certificate: &Certificate, path: &[Node<'_>]) {
    let mut ignored = Vec::new();
    let constraints = extension::<BasicConstraints>(certificate, &mut ignored).map(|(_, bc)| bc);
    match &constraints {
        Some(bc) if bc.ca => b.pass(i, "ca", "basic constraints: CA"),
        Some(_) => b.fail(
            i,
            "ca",
            ChainCode::CertIssuerNotCa,
            "issues certificates but its basic constraints say it is not a CA".to_owned(),
        ),
        None => b.fail(
            i,
            "ca",
            ChainCode::CertIssuerNotCa,
            "issues certificates but has no basic constraints marking it a CA".to_owned(),
        ),
    }
    // Intermediates strictly between this issuer and the leaf; self-issued ones do not count.
    let below = path
        .iter()
        .take(i)
        .skip(1)
        .filter(|n| {
            n.certificate.x509().tbs_certificate.issuer
                != n.certificate.x509().tbs_certificate.subject
        })
        .count();
    match constraints.and_then(|bc| bc.path_len_constraint) {
        Some(limit) if below > usize::from(limit) => b.fail(
            i,
            "path_length",
            ChainCode::CertPathLengthExceeded,
            format!("path length {limit} allows {limit} CA(s) below it; the chain has {below}"),
        ),
        Some(limit) => {
            b.pass(i, "path_length", format!("path length {limit}, {below} CA(s) below"))
        }
        None => b.pass(i, "path_length", format!("no path length limit, {below} CA(s) below")),
    }
    match extension::<KeyUsage>(certificate, &mut ignored) {
        Some((_, ku)) if ku.0.contains(KeyUsages::KeyCertSign) => {
            b.pass(i, "key_cert_sign", "key usage includes keyCertSign");
        }
        Some(_) => b.fail(
            i,
            "key_cert_sign",
            ChainCode::CertKeyCertSignMissing,
            "key usage does not include keyCertSign, so it may not sign certificates".to_owned(),
        ),
        None => b.pass(i, "key_cert_sign", "no key usage extension, so signing is not restricted"),
    }
    for p in ignored {
        b.problems.push(p);
    }
}

/// The name constraints of every CA above `i` in the path; self-issued intermediates are
/// exempt (RFC 5280 §6.1.3), the leaf never is.
fn check_name_constraints(b: &mut Builder, i: usize, path: &[Node<'_>]) {
    let Some(certificate) = path.get(i).map(|n| n.certificate) else { return };
    if i > 0 && is_self_issued(certificate) {
        return;
    }
    for ca in path.iter().skip(i + 1).map(|n| n.certificate) {
        let ca_name = ca.display_name();
        let constraints = match constraints::of(ca) {
            None => continue,
            Some(Ok(constraints)) => constraints,
            Some(Err(why)) => {
                b.fail(
                    i,
                    "name_constraints",
                    ChainCode::CertExtensionUnsupported,
                    format!("the name constraints of '{ca_name}' cannot be read: {why}"),
                );
                continue;
            }
        };
        match constraints::check(certificate, i == 0, &constraints) {
            Ok(count) => b.pass(
                i,
                "name_constraints",
                format!("{count} name(s) within the name constraints of '{ca_name}'"),
            ),
            Err(Violation::Outside(why)) => b.fail(
                i,
                "name_constraints",
                ChainCode::CertNameConstraintViolated,
                format!("{why} of '{ca_name}'"),
            ),
            Err(Violation::Unsupported(why)) => b.fail(
                i,
                "name_constraints",
                ChainCode::CertExtensionUnsupported,
                format!("the name constraints of '{ca_name}' cannot be applied: {why}"),
            ),
        }
    }
}

/// RFC 5280 §4.2: a certificate with a critical extension the verifier does not process
/// must be refused (OpenSSL: "unhandled critical extension").
fn check_critical_extensions(b: &mut Builder, i: usize, certificate: &Certificate) {
    let unprocessed: Vec<String> = certificate
        .x509()
        .tbs_certificate
        .extensions
        .iter()
        .flatten()
        .filter(|e| e.critical && !PROCESSED_EXTENSIONS.contains(&e.extn_id))
        .map(|e| extension_label(&e.extn_id))
        .collect();
    if !unprocessed.is_empty() {
        b.fail(
            i,
            "critical_extensions",
            ChainCode::CertExtensionUnsupported,
            format!(
                "critical extension {} is not processed by poolcheck, so the certificate must be \
                 refused (RFC 5280 §4.2)",
                unprocessed.join(", ")
            ),
        );
    }
}

fn check_revocation(
    b: &mut Builder,
    path: &[Node<'_>],
    registered: &[Certificate],
    crl: Option<&[u8]>,
    require_crl: bool,
    now: i64,
) -> Option<CrlReport> {
    let Some(crl) = crl else {
        if require_crl {
            b.error_with_hint(
                ChainCode::CrlRequired,
                "the certificate authority requires a CRL and none is registered",
                Some("Register the CA's CRL, or turn off require_crl."),
            );
        } else {
            b.skip(0, "revocation", "no CRL registered with the certificate authority");
        }
        return None;
    };
    let crl = match parse_crl(crl) {
        Ok(crl) => crl,
        Err(e) => {
            b.error(ChainCode::CrlInvalid, format!("the CRL cannot be read: {e}"));
            return None;
        }
    };
    let report = crl.report();
    let crl_issuer = &crl.x509().tbs_cert_list.issuer;
    let in_path = path
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, n)| names_match(&n.certificate.x509().tbs_certificate.subject, crl_issuer));
    let signer = in_path.map(|(_, n)| n.certificate).or_else(|| {
        registered.iter().find(|c| names_match(&c.x509().tbs_certificate.subject, crl_issuer))
    });
    let Some(signer) = signer else {
        b.error(ChainCode::CrlIssuerUnknown,
            format!(
                "the CRL is issued by '{}', which is neither a CA of the client's path nor registered",
                report.issuer.display_name()
            ),
        );
        return Some(report);
    };
    let signer_name = signer.display_name();
    let signer_link = in_path.map(|(i, _)| i);
    if let Err(detail) = crl_signature(&crl, signer) {
        let detail = format!("CRL signature by '{signer_name}': {detail}");
        match signer_link {
            Some(i) => b.fail(i, "crl_signature", ChainCode::CrlSignatureInvalid, detail),
            None => b.error(ChainCode::CrlSignatureInvalid, detail),
        }
        return Some(report);
    }
    let mut ignored = Vec::new();
    let may_sign_crls = extension::<KeyUsage>(signer, &mut ignored)
        .is_none_or(|(_, ku)| ku.0.contains(KeyUsages::CRLSign));
    let signed = format!("CRL signature by '{signer_name}' verifies");
    match (signer_link, may_sign_crls) {
        (Some(i), true) => b.pass(i, "crl_signature", signed),
        (Some(i), false) => b.fail(
            i,
            "crl_signature",
            ChainCode::CrlSignerNotAllowed,
            format!("{signed}, but its key usage does not include cRLSign"),
        ),
        (None, true) => {}
        (None, false) => b.error(
            ChainCode::CrlSignerNotAllowed,
            format!("{signed}, but its key usage does not include cRLSign"),
        ),
    }
    if let Some(leaf_issuer) = path.get(1).map(|n| n.certificate)
        && require_crl
        && !std::ptr::eq(leaf_issuer, signer)
    {
        b.error_with_hint(
            ChainCode::CrlRequired,
            format!(
                "the certificate authority requires a CRL covering the client certificate, \
                 and the registered CRL is issued by '{signer_name}', not by the client \
                 certificate's issuer '{}'",
                leaf_issuer.display_name()
            ),
            Some(
                "Register the CRL of the CA that issues the client certificates: require_crl \
                 checks the leaf, like openssl verify -crl_check.",
            ),
        );
    }
    if let Some(next) = report.next_update.filter(|next| *next < now) {
        b.problems.push(
            Problem::warning(
                "crl_stale",
                format!("the CRL's next update was due at {}", super::iso8601(next)),
            )
            .with_hint("An out-of-date CRL may miss recent revocations."),
        );
    }
    if report.this_update > now {
        b.problems.push(Problem::warning(
            "crl_not_yet_valid",
            format!("the CRL was issued at {}, after now", report.this_update_iso),
        ));
    }
    for (i, node) in path.iter().enumerate() {
        let issued_by_signer = path.get(i + 1).is_some_and(|n| std::ptr::eq(n.certificate, signer));
        if !issued_by_signer {
            if i == 0 {
                b.skip(
                    0,
                    "revocation",
                    format!("the CRL covers certificates issued by '{signer_name}'"),
                );
            }
            continue;
        }
        match crl.revoked(&node.certificate.serial_hex()) {
            Some(entry) => b.fail(
                i,
                "revocation",
                ChainCode::CertRevoked,
                format!(
                    "serial {} is revoked since {} by the CRL of '{signer_name}'",
                    entry.serial_hex, entry.revoked_at_iso
                ),
            ),
            None => b.pass(
                i,
                "revocation",
                format!(
                    "serial {} is not listed in the CRL of '{signer_name}'",
                    node.certificate.serial_hex()
                ),
            ),
        }
    }
    Some(report)
}

fn crl_signature(crl: &Crl, signer: &Certificate) -> Result<(), String> {
    let x509 = crl.x509();
    if x509.tbs_cert_list.signature != x509.signature_algorithm {
        return Err("the signed algorithm identifier differs from the outer one".to_owned());
    }
    let signed = crl.signed_bytes().ok_or("the CRL's signed part cannot be located")?;
    verify(
        &signer.x509().tbs_certificate.subject_public_key_info,
        &x509.signature_algorithm,
        signed,
        x509.signature.raw_bytes(),
    )
    .map_err(|e| e.to_string())
}

crate::wire::serialize_as_str!(ChainCode, LinkRole, CheckStatus);
