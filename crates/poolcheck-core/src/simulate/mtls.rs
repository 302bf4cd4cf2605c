//! The mTLS simulator: a client presents a certificate chain; Confluent Cloud validates it
//! against a registered certificate authority and maps it to that authority's certificate
//! identity pools, whose filters read the subject's distinguished-name attributes.

use serde::Serialize;

use super::assumptions::AssumptionId;
use super::pools::{Flow, PoolResult, PoolStatus, auto_pool_mapping, evaluate_pool};
use super::prepared::{PreparedAuthority, PreparedCertificatePool};
use super::stages::{Refusal, Run, Stage, StageName, Verdict};
use crate::cert::{
    CertError, Certificate, CertificateReport, ChainCode, ChainReport, check_chain, dn_bindings,
    inspect,
};
use crate::filter::{Bindings, Detail};

#[derive(Debug, Clone, Copy)]
pub struct MtlsInput<'a> {
    /// The client's chain as read from its PEM: the leaf first, then any intermediates.
    pub client_certificate: &'a Result<Vec<Certificate>, CertError>,
    pub authorities: &'a [PreparedAuthority],
    pub pools: &'a [PreparedCertificatePool],
    pub now: i64,
}

/// Why the cluster refuses the client certificate. Serialized as Confluent-style upper-case
/// codes: a chain check's code upper-cased (`CERT_EXPIRED`, `CERT_REVOKED`, `CRL_REQUIRED`, …)
/// or one of the flow's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(type = "string"))]
pub enum MtlsCode {
    CertificateUnreadable,
    NoCertificateAuthority,
    /// The chain does not validate and the check named no single reason.
    CertChainInvalid,
    Chain(ChainCode),
    NoMatchingPool,
    PrincipalUnresolved,
}

impl MtlsCode {
    pub fn name(self) -> String {
        match self {
            MtlsCode::CertificateUnreadable => "CERTIFICATE_UNREADABLE".into(),
            MtlsCode::NoCertificateAuthority => "NO_CERTIFICATE_AUTHORITY".into(),
            MtlsCode::CertChainInvalid => "CERT_CHAIN_INVALID".into(),
            MtlsCode::Chain(code) => code.as_str().to_ascii_uppercase(),
            MtlsCode::NoMatchingPool => "NO_MATCHING_POOL".into(),
            MtlsCode::PrincipalUnresolved => "PRINCIPAL_UNRESOLVED".into(),
        }
    }

    fn hint(self) -> Option<String> {
        let hint = match self {
            MtlsCode::Chain(ChainCode::CertExpired) => "issue the client a new certificate",
            MtlsCode::Chain(ChainCode::CertNotYetValid) => {
                "the certificate's notBefore is in the future: check the issuing CA's clock"
            }
            MtlsCode::Chain(ChainCode::CertRevoked) => {
                "the CA revoked this certificate: issue a new one"
            }
            MtlsCode::Chain(ChainCode::CrlRequired) => {
                "upload the CA's CRL, or turn off Require CRL"
            }
            MtlsCode::Chain(ChainCode::CertSignatureInvalid) => {
                "the certificate was altered, or was not signed by the CA it names"
            }
            MtlsCode::Chain(ChainCode::CertIssuerKeyUnusable) => {
                "poolcheck cannot use the issuing CA's public key, so the signature was not \
                 checked; nothing says the certificate was altered: check the CA's key"
            }
            MtlsCode::Chain(ChainCode::CertNameConstraintViolated) => {
                "a CA above the certificate limits the names it may carry: issue the client a \
                 certificate with names inside them"
            }
            MtlsCode::Chain(ChainCode::CertExtensionUnsupported) => {
                "RFC 5280 requires refusing a critical extension the verifier does not process: \
                 issue the certificate without it, or mark it non-critical"
            }
            _ => return None,
        };
        Some(hint.to_owned())
    }
}

impl Serialize for MtlsCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name())
    }
}

/// The mTLS outcome: accepted as a principal through certificate pools, or refused.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct MtlsReport {
    pub accepted: bool,
    pub principal: Option<String>,
    pub pools: Vec<String>,
    pub code: Option<MtlsCode>,
    pub message: String,
    pub hint: Option<String>,
    pub chain_valid: bool,
    /// The registered authority the chain was checked against.
    pub certificate_authority: Option<String>,
    pub stages: Vec<Stage>,
    pub chain: Option<ChainReport>,
    /// The client's certificates, inspected, leaf first.
    pub certificates: Vec<CertificateReport>,
    pub pool_results: Vec<PoolResult>,
}

/// Simulates the mTLS login.
pub fn simulate_mtls(input: &MtlsInput<'_>) -> MtlsReport {
    let mut run: Run<MtlsCode> = Run::new();
    let client: &[Certificate] = match input.client_certificate {
        Ok(chain) => {
            let leaf = chain.first().map_or_else(String::new, Certificate::display_name);
            run.pass(
                StageName::Certificate,
                format!("{} certificate(s), leaf {leaf}", chain.len()),
                None,
            );
            chain
        }
        Err(error) => {
            run.fail(
                StageName::Certificate,
                Refusal::new(
                    MtlsCode::CertificateUnreadable,
                    format!("the client certificate cannot be read: {error}"),
                    None,
                ),
                None,
            );
            &[]
        }
    };
    let certificates = client.iter().map(|certificate| inspect(certificate, input.now)).collect();

    let (authority, chain) = if client.is_empty() {
        run.pass(StageName::Authority, "not looked up", None);
        (None, None)
    } else {
        authority_stage(client, input, &mut run)
    };
    let chain_valid = chain.as_ref().is_some_and(|chain| chain.valid);
    match &chain {
        Some(report) if report.valid => {
            run.pass(
                StageName::Chain,
                format!("{} link(s) verified", report.links.len()),
                Some(AssumptionId::ChainAsOpenssl),
            );
        }
        Some(report) => {
            let (code, message) = report.refusal.as_ref().map_or(
                (MtlsCode::CertChainInvalid, "the chain does not validate".to_owned()),
                |r| (MtlsCode::Chain(r.code), r.message.clone()),
            );
            run.fail(
                StageName::Chain,
                Refusal::new(code, message, code.hint()),
                Some(AssumptionId::ChainAsOpenssl),
            );
        }
        None => run.pass(StageName::Chain, "not checked", None),
    }

    let leaf = client.first();
    let bindings = leaf.and_then(|leaf| Bindings::certificate(&dn_bindings(leaf).values).ok());
    let authority_id = authority.map(|a| a.authority.id.as_str());
    let mut pool_results: Vec<PoolResult> = input
        .pools
        .iter()
        .map(|prepared| {
            let pool = &prepared.pool;
            let mut result = evaluate_pool(
                &pool.id,
                &pool.name,
                &pool.certificate_authority,
                &prepared.filter,
                bindings.as_ref(),
                None,
                Detail::Explained,
            );
            if authority_id.is_some_and(|id| id != pool.certificate_authority) {
                result.status = PoolStatus::OtherProvider;
            }
            result
        })
        .collect();

    let selected: Vec<String> = match authority_id {
        Some(id) => {
            auto_pool_mapping(&pool_results, id, Flow::Mtls, MtlsCode::NoMatchingPool, &mut run)
        }
        None => {
            run.pass(StageName::Pools, "not evaluated: no certificate authority", None);
            Vec::new()
        }
    };
    for result in &mut pool_results {
        result.selected = selected.contains(&result.id);
    }
    let principal = principal_stage(input.pools, &selected, leaf, &mut run);

    let verdict = Verdict::of(run.refusal, principal, selected);
    MtlsReport {
        accepted: verdict.accepted,
        principal: verdict.principal,
        pools: verdict.pools,
        code: verdict.code,
        message: verdict.message,
        hint: verdict.hint,
        chain_valid,
        certificate_authority: authority_id.map(str::to_owned),
        stages: run.stages,
        chain,
        certificates,
        pool_results,
    }
}

/// Checks the chain against every registered authority: the first that validates it wins;
/// otherwise the one that issued the certificate (its failure is the informative one).
fn authority_stage<'a>(
    client: &[Certificate],
    input: &MtlsInput<'a>,
    run: &mut Run<MtlsCode>,
) -> (Option<&'a PreparedAuthority>, Option<ChainReport>) {
    let mut fallback: Option<(&PreparedAuthority, ChainReport)> = None;
    let mut unreadable = Vec::new();
    for prepared in input.authorities {
        let registered = match &prepared.chain {
            Ok(registered) => registered,
            Err(error) => {
                unreadable.push(format!("{}: {error}", prepared.authority.id));
                continue;
            }
        };
        let crl = prepared
            .authority
            .crl
            .as_deref()
            .filter(|crl| !crl.trim().is_empty())
            .map(str::as_bytes);
        let report =
            check_chain(client, registered, crl, prepared.authority.require_crl, input.now);
        if report.valid {
            run.pass(
                StageName::Authority,
                format!("certificate authority {}", prepared.authority.id),
                None,
            );
            return (Some(prepared), Some(report));
        }
        let issued_by_this_authority =
            report.refusal.as_ref().is_none_or(|r| r.code != ChainCode::CertUnknownIssuer);
        if issued_by_this_authority && fallback.is_none() {
            fallback = Some((prepared, report));
        }
    }
    if let Some((prepared, report)) = fallback {
        run.pass(
            StageName::Authority,
            format!("certificate authority {} issued the certificate", prepared.authority.id),
            None,
        );
        return (Some(prepared), Some(report));
    }
    let issuer = client.first().map(|leaf| leaf.issuer().text).unwrap_or_default();
    let mut message = format!(
        "no registered certificate authority issued this certificate (its issuer is {issuer})"
    );
    if !unreadable.is_empty() {
        message.push_str(&format!("; unreadable authorities: {}", unreadable.join("; ")));
    }
    let hint = if input.authorities.is_empty() {
        "register the certificate authority that issued the client certificate"
    } else {
        "register the chain of the CA that issued the client certificate, or present a certificate from a registered CA"
    };
    run.fail(
        StageName::Authority,
        Refusal::new(MtlsCode::NoCertificateAuthority, message, Some(hint.to_owned())),
        None,
    );
    (None, None)
}

/// The principal is the external identifier's value in the leaf's subject, taken from the
/// first matching pool (pools of one authority normally share the identifier).
fn principal_stage(
    pools: &[PreparedCertificatePool],
    selected: &[String],
    leaf: Option<&Certificate>,
    run: &mut Run<MtlsCode>,
) -> Option<String> {
    let assumption = Some(AssumptionId::PrincipalClaim);
    let pool = selected.first().and_then(|id| pools.iter().find(|p| &p.pool.id == id));
    let (Some(pool), Some(leaf)) = (pool, leaf) else {
        run.pass(StageName::Principal, "not resolved", assumption);
        return None;
    };
    let identifier = pool.pool.external_identifier.trim();
    let bindings = dn_bindings(leaf);
    match bindings
        .values
        .get(identifier)
        .and_then(|value| value.as_str())
        .filter(|value| !value.is_empty())
    {
        Some(value) => {
            run.pass(
                StageName::Principal,
                format!("{identifier} (pool {}) = {value}", pool.pool.id),
                None,
            );
            Some(value.to_owned())
        }
        None => {
            run.fail(
                StageName::Principal,
                Refusal::new(
                    MtlsCode::PrincipalUnresolved,
                    format!("the certificate's subject has no {identifier}, the external identifier of pool {}", pool.pool.id),
                    Some("choose an external identifier the subject has, such as CN".into()),
                ),
                None,
            );
            None
        }
    }
}
