//! The OAuth simulator: how Confluent Cloud would treat a Kafka client's SASL/OAUTHBEARER
//! login for one scenario at one instant, stage by stage. Rules no public source states are
//! labelled with the id of an entry in [`ASSUMPTIONS`].
//!
//! Work is split so an editor recomputes only what changed: providers' keys and pools'
//! filters are prepared once per edit ([`PreparedProvider`], [`PreparedPool`]); a token or
//! clock change only reruns [`simulate_oauth`].

mod mtls;

pub use mtls::{MtlsInput, MtlsReport, PreparedAuthority, PreparedCertificatePool, simulate_mtls};

use serde::Serialize;
use serde_json::Value;

use crate::decode::{DecodeOptions, TokenReport, decode};
use crate::filter::{Bindings, CompileError, CompiledFilter, FilterMode, FilterReport};
use crate::issuer::{self, IssuerMatch};
use crate::keys::{KeyParseError, KeySet, parse_keys};
use crate::problem::Severity;
use crate::scenario::{Pool, Provider, Request, Scenario};
use crate::verify::{Outcome, Verification, verify};

/// A rule the simulation relies on that no public source states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Assumption {
    pub id: &'static str,
    pub statement: &'static str,
}

pub const ASSUMPTIONS: &[Assumption] = &[
    Assumption {
        id: "issuer_exact_match",
        statement: "the provider is the one whose issuer URI equals the token's iss exactly, as strings",
    },
    Assumption {
        id: "leeway",
        statement: "exp, nbf and iat are checked with the scenario's leeway_seconds; Confluent Cloud does not publish the leeway it grants",
    },
    Assumption {
        id: "logical_cluster_required",
        statement: "a client that sends no logicalCluster extension is refused",
    },
    Assumption {
        id: "auto_pool_union",
        statement: "with no identityPoolId, every matching pool of the provider applies and the principal gets the union of their permissions",
    },
    Assumption {
        id: "filter_error_no_match",
        statement: "a filter that fails to evaluate (a missing claim, a wrong type) counts as no match",
    },
    Assumption {
        id: "principal_claim",
        statement: "the principal comes from the pool's identity claim when exactly one pool is named, otherwise from the provider's, falling back to claims.sub",
    },
];

/// Why the cluster refuses the client. Serialized as Confluent-style upper-case codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RefusalCode {
    /// The token cannot be used: unreadable, unsigned, unknown issuer, bad signature,
    /// outside its validity window. `cause` says which.
    JwtProcessingFailed,
    /// The provider's keys have no key with the token's kid (or several).
    KidLookupFailed,
    /// The client sent no logicalCluster SASL extension.
    LogicalClusterMissing,
    /// identityPoolId names a pool that does not exist.
    PoolNotFound,
    /// identityPoolId names a pool of another provider.
    PoolProviderMismatch,
    /// No pool's filter matches the token.
    NoMatchingPool,
    /// The identity claim does not name a principal in this token.
    PrincipalUnresolved,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StageName {
    Request,
    Certificate,
    Authority,
    Chain,
    Decode,
    Provider,
    Key,
    Signature,
    Time,
    Pools,
    Principal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StageStatus {
    Passed,
    Failed,
    /// Not reached because an earlier stage failed.
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage {
    pub stage: StageName,
    pub status: StageStatus,
    pub detail: String,
    /// The id of the assumption this stage's rule rests on, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumption: Option<&'static str>,
}

/// What one pool made of the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PoolStatus {
    Matched,
    NoMatch,
    /// The filter failed to evaluate: no match.
    Error,
    /// The filter does not compile: no match.
    CompileError,
    /// The filter breaks a rule Confluent Cloud enforces when a pool is saved (for example no
    /// condition on sub or aud under a shared issuer), so the pool cannot exist as written.
    Refused,
    /// The pool belongs to a provider other than the token's.
    OtherProvider,
    /// identityPoolId names other pools.
    NotRequested,
    /// No claims to evaluate (the token did not decode to claims).
    NotEvaluated,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolResult {
    pub id: String,
    pub name: String,
    pub provider: String,
    pub status: PoolStatus,
    /// The pool is one the client would be mapped to.
    pub selected: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<FilterReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compile_error: Option<CompileError>,
}

/// The OAuth outcome: accepted as a principal through pools, or refused with a code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OAuthReport {
    pub accepted: bool,
    pub principal: Option<String>,
    pub pools: Vec<String>,
    pub code: Option<RefusalCode>,
    /// For JWT_PROCESSING_FAILED: what exactly failed (`issuer_not_registered`, `expired`, …).
    pub cause: Option<&'static str>,
    /// One line: what happened.
    pub message: String,
    pub hint: Option<String>,
    /// The provider the token's issuer selected.
    pub provider: Option<String>,
    pub stages: Vec<Stage>,
    pub pool_results: Vec<PoolResult>,
    pub verification: Option<Verification>,
}

/// A provider with its keys parsed once.
#[derive(Debug, Clone)]
pub struct PreparedProvider {
    pub provider: Provider,
    pub keys: Result<KeySet, KeyParseError>,
}

impl PreparedProvider {
    pub fn new(provider: Provider) -> Self {
        let keys = parse_keys(&provider.jwks.to_text(), None);
        Self { provider, keys }
    }
}

/// A pool with its filter compiled once.
#[derive(Debug, Clone)]
pub struct PreparedPool {
    pub pool: Pool,
    pub filter: Result<CompiledFilter, CompileError>,
}

impl PreparedPool {
    pub fn new(pool: Pool) -> Self {
        let filter = CompiledFilter::compile(&pool.filter, FilterMode::Claims);
        Self { pool, filter }
    }
}

/// Everything the OAuth simulation reads.
#[derive(Debug, Clone, Copy)]
pub struct OAuthInput<'a> {
    pub token: &'a str,
    pub request: &'a Request,
    pub providers: &'a [PreparedProvider],
    pub pools: &'a [PreparedPool],
    pub now: i64,
    pub leeway_seconds: i64,
}

/// A whole scenario's outcome: every flow the scenario describes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimulationReport {
    /// Every simulated flow was accepted.
    pub accepted: bool,
    pub now: i64,
    pub leeway_seconds: i64,
    /// Absent only when the scenario has no token but a client certificate (mTLS only).
    pub oauth: Option<OAuthReport>,
    /// Present when the scenario has a client certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mtls: Option<MtlsReport>,
    pub assumptions: &'static [Assumption],
}

/// Prepares and simulates a scenario; `now` is used when the scenario does not fix it.
pub fn analyze(scenario: &Scenario, now: i64) -> SimulationReport {
    let providers: Vec<_> = scenario.providers.iter().cloned().map(PreparedProvider::new).collect();
    let pools: Vec<_> = scenario.pools.iter().cloned().map(PreparedPool::new).collect();
    let now = scenario.now.unwrap_or(now);
    let leeway_seconds = scenario.leeway_seconds.unwrap_or(0);
    let has_certificate =
        scenario.client_certificate.as_deref().is_some_and(|pem| !pem.trim().is_empty());
    let oauth = (!scenario.token.trim().is_empty() || !has_certificate).then(|| {
        simulate_oauth(&OAuthInput {
            token: &scenario.token,
            request: &scenario.request,
            providers: &providers,
            pools: &pools,
            now,
            leeway_seconds,
        })
    });
    let mtls =
        scenario.client_certificate.as_deref().filter(|pem| !pem.trim().is_empty()).map(|pem| {
            let authorities: Vec<_> = scenario
                .certificate_authorities
                .iter()
                .cloned()
                .map(PreparedAuthority::new)
                .collect();
            let pools: Vec<_> = scenario
                .certificate_pools
                .iter()
                .cloned()
                .map(PreparedCertificatePool::new)
                .collect();
            simulate_mtls(&MtlsInput {
                client_certificate: pem,
                authorities: &authorities,
                pools: &pools,
                now,
            })
        });
    let accepted =
        oauth.as_ref().is_none_or(|o| o.accepted) && mtls.as_ref().is_none_or(|m| m.accepted);
    SimulationReport { accepted, now, leeway_seconds, oauth, mtls, assumptions: ASSUMPTIONS }
}

/// Stages are recorded in order; the first failure decides the refusal and later stages
/// are skipped, but every pool is still evaluated so the user sees what would happen next.
struct Run<Code> {
    stages: Vec<Stage>,
    refusal: Option<Refusal<Code>>,
}

struct Refusal<Code> {
    code: Code,
    cause: Option<&'static str>,
    message: String,
    hint: Option<String>,
}

impl<Code> Run<Code> {
    fn new() -> Self {
        Self { stages: Vec::new(), refusal: None }
    }

    fn failed(&self) -> bool {
        self.refusal.is_some()
    }

    fn pass(
        &mut self,
        stage: StageName,
        detail: impl Into<String>,
        assumption: Option<&'static str>,
    ) {
        let status = if self.failed() { StageStatus::Skipped } else { StageStatus::Passed };
        self.stages.push(Stage { stage, status, detail: detail.into(), assumption });
    }

    fn fail(&mut self, stage: StageName, refusal: Refusal<Code>, assumption: Option<&'static str>) {
        let status = if self.failed() { StageStatus::Skipped } else { StageStatus::Failed };
        self.stages.push(Stage { stage, status, detail: refusal.message.clone(), assumption });
        self.refusal.get_or_insert(refusal);
    }
}

/// The outcome shared by both flows: accepted as a principal through pools, or refused.
struct Verdict<Code> {
    accepted: bool,
    principal: Option<String>,
    pools: Vec<String>,
    code: Option<Code>,
    cause: Option<&'static str>,
    message: String,
    hint: Option<String>,
}

impl<Code> Verdict<Code> {
    fn of(refusal: Option<Refusal<Code>>, principal: Option<String>, pools: Vec<String>) -> Self {
        match refusal {
            None => Self {
                accepted: true,
                message: format!(
                    "accepted as {} through {}",
                    principal.as_deref().unwrap_or("?"),
                    pools.join(", ")
                ),
                principal,
                pools,
                code: None,
                cause: None,
                hint: None,
            },
            Some(refusal) => Self {
                accepted: false,
                principal: None,
                pools: Vec::new(),
                code: Some(refusal.code),
                cause: refusal.cause,
                message: refusal.message,
                hint: refusal.hint,
            },
        }
    }
}

fn refusal<Code>(
    code: Code,
    cause: Option<&'static str>,
    message: impl Into<String>,
    hint: Option<String>,
) -> Refusal<Code> {
    Refusal { code, cause, message: message.into(), hint }
}

/// Simulates the OAuth login.
pub fn simulate_oauth(input: &OAuthInput<'_>) -> OAuthReport {
    let mut run = Run::new();
    check_request(input.request, &mut run);

    let options = DecodeOptions { now: input.now, leeway_seconds: input.leeway_seconds };
    let token = decode_stage(input.token, &options, &mut run);
    let claims = token.as_ref().and_then(|report| report.claims.clone());
    let provider =
        claims.as_ref().and_then(|claims| provider_stage(claims, input.providers, &mut run));
    let verification = key_and_signature_stages(input.token, provider, &mut run);
    time_stage(token.as_ref(), &mut run);

    let bindings = claims.as_ref().and_then(|claims| Bindings::claims(claims).ok());
    let pool_results = evaluate_pools(input, provider, bindings.as_ref());
    let selected = pools_stage(input, provider, &pool_results, &mut run);
    let principal = principal_stage(input, provider, claims.as_ref(), &mut run);

    let pool_results = pool_results
        .into_iter()
        .map(|mut result| {
            result.selected = selected.contains(&result.id);
            result
        })
        .collect();
    let verdict = Verdict::of(run.refusal, principal, selected);
    OAuthReport {
        accepted: verdict.accepted,
        principal: verdict.principal,
        pools: verdict.pools,
        code: verdict.code,
        cause: verdict.cause,
        message: verdict.message,
        hint: verdict.hint,
        provider: provider.map(|p| p.provider.id.clone()),
        stages: run.stages,
        pool_results,
        verification,
    }
}

fn check_request(request: &Request, run: &mut Run<RefusalCode>) {
    match request.logical_cluster.as_deref().map(str::trim) {
        Some(cluster) if !cluster.is_empty() => {
            run.pass(StageName::Request, format!("logicalCluster={cluster}"), None);
        }
        _ => run.fail(
            StageName::Request,
            refusal(
                RefusalCode::LogicalClusterMissing,
                None,
                "the client sent no logicalCluster SASL extension",
                Some("add extension_logicalCluster='lkc-…' to sasl.jaas.config (librdkafka: sasl.oauthbearer.extensions=logicalCluster=lkc-…)".into()),
            ),
            Some("logical_cluster_required"),
        ),
    }
}

fn decode_stage(
    token: &str,
    options: &DecodeOptions,
    run: &mut Run<RefusalCode>,
) -> Option<TokenReport> {
    let unusable = |message: String, hint: Option<String>| {
        refusal(RefusalCode::JwtProcessingFailed, Some("token_unreadable"), message, hint)
    };
    match decode(token, options) {
        Err(not_a_token) => {
            run.fail(
                StageName::Decode,
                unusable(
                    format!("the token is unreadable: {}", not_a_token.message),
                    not_a_token.hint,
                ),
                None,
            );
            None
        }
        Ok(report) => {
            if report.claims.is_none() {
                let reason =
                    report.problems.iter().find(|p| p.severity == Severity::Error).map_or_else(
                        || "the payload is not a JSON object of claims".to_owned(),
                        |p| p.message.clone(),
                    );
                run.fail(
                    StageName::Decode,
                    unusable(format!("the token has no readable claims: {reason}"), None),
                    None,
                );
            } else if let Some(duplicate) =
                report.problems.iter().find(|p| p.code == "duplicate_member")
            {
                run.fail(
                    StageName::Decode,
                    unusable(duplicate.message.clone(), duplicate.hint.clone()),
                    None,
                );
            } else {
                run.pass(
                    StageName::Decode,
                    format!(
                        "{} claims, alg {}",
                        report.claim_rows.len(),
                        report.alg().unwrap_or("missing")
                    ),
                    None,
                );
            }
            Some(report)
        }
    }
}

fn provider_stage<'a>(
    claims: &Value,
    providers: &'a [PreparedProvider],
    run: &mut Run<RefusalCode>,
) -> Option<&'a PreparedProvider> {
    let assumption = Some("issuer_exact_match");
    let Some(iss) = claims.get("iss").and_then(Value::as_str) else {
        run.fail(
            StageName::Provider,
            refusal(
                RefusalCode::JwtProcessingFailed,
                Some("issuer_missing"),
                "the token has no iss claim, so no provider can be found",
                None,
            ),
            assumption,
        );
        return None;
    };
    if let Some(found) =
        providers.iter().find(|p| issuer::compare(iss, &p.provider.issuer) == IssuerMatch::Exact)
    {
        run.pass(
            StageName::Provider,
            format!("iss `{iss}` is provider {}", found.provider.id),
            assumption,
        );
        return Some(found);
    }
    let near_miss = providers.iter().find_map(|p| {
        let matched = issuer::compare(iss, &p.provider.issuer);
        matched.explain(iss, &p.provider.issuer).map(|why| (p, matched, why))
    });
    let (message, hint) = match near_miss {
        Some((p, matched, why)) => {
            let fix = match matched {
                IssuerMatch::EntraVersion => {
                    "register the issuer the tokens carry, or change the token version".to_owned()
                }
                _ => format!("set provider {}'s issuer to exactly `{iss}`", p.provider.id),
            };
            (why, Some(fix))
        }
        None if providers.is_empty() => (
            "no identity provider is registered".to_owned(),
            Some("add a provider whose issuer is the token's iss".into()),
        ),
        None => (
            format!("issuer `{iss}` matches no registered provider"),
            Some(format!(
                "register a provider with issuer `{iss}`, or check the token came from the right identity provider"
            )),
        ),
    };
    run.fail(
        StageName::Provider,
        refusal(RefusalCode::JwtProcessingFailed, Some("issuer_not_registered"), message, hint),
        assumption,
    );
    None
}

fn key_and_signature_stages(
    token: &str,
    provider: Option<&PreparedProvider>,
    run: &mut Run<RefusalCode>,
) -> Option<Verification> {
    let Some(provider) = provider else {
        run.pass(StageName::Key, "no provider, so no keys", None);
        run.pass(StageName::Signature, "not checked", None);
        return None;
    };
    let keys = match &provider.keys {
        Ok(keys) => keys,
        Err(error) => {
            let message =
                format!("provider {}'s keys cannot be read: {error}", provider.provider.id);
            run.fail(
                StageName::Key,
                refusal(
                    RefusalCode::JwtProcessingFailed,
                    Some("provider_keys_unreadable"),
                    message,
                    None,
                ),
                None,
            );
            run.pass(StageName::Signature, "not checked", None);
            return None;
        }
    };
    let verification = verify(token, keys);
    let kid = verification.kid.as_deref().unwrap_or("(none)");
    let jwt_failed = |cause, message: String, hint: Option<String>| {
        refusal(RefusalCode::JwtProcessingFailed, Some(cause), message, hint)
    };
    let first_problem = || {
        verification
            .problems
            .first()
            .map_or_else(|| "the token was refused".to_owned(), |p| p.message.clone())
    };
    match verification.outcome {
        Outcome::Verified => {
            let index = verification.key.as_ref().map_or(0, |k| k.index);
            run.pass(
                StageName::Key,
                format!("kid {kid} found: key #{index} of provider {}", provider.provider.id),
                None,
            );
            run.pass(
                StageName::Signature,
                format!("{} signature verified", verification.alg.as_deref().unwrap_or("?")),
                None,
            );
        }
        Outcome::KidNotFound => {
            run.fail(
                StageName::Key,
                refusal(
                    RefusalCode::KidLookupFailed,
                    None,
                    format!("provider {}'s keys have no key with kid `{kid}`", provider.provider.id),
                    Some("the identity provider rotated its keys, or the JWKS belongs to another tenant: refresh the JWKS from the provider's jwks_uri".into()),
                ),
                None,
            );
            run.pass(StageName::Signature, "not checked", None);
        }
        Outcome::KidAmbiguous => {
            run.fail(
                StageName::Key,
                refusal(
                    RefusalCode::KidLookupFailed,
                    None,
                    format!("several of provider {}'s keys have kid `{kid}`", provider.provider.id),
                    None,
                ),
                None,
            );
            run.pass(StageName::Signature, "not checked", None);
        }
        Outcome::NoKeys => {
            run.fail(
                StageName::Key,
                jwt_failed(
                    "no_keys",
                    format!("provider {} has no keys", provider.provider.id),
                    Some("paste the provider's JWKS".into()),
                ),
                None,
            );
            run.pass(StageName::Signature, "not checked", None);
        }
        Outcome::TokenRejected => {
            run.pass(StageName::Key, "not looked up", None);
            run.fail(
                StageName::Signature,
                jwt_failed("token_rejected", first_problem(), None),
                None,
            );
        }
        Outcome::NoCompatibleKey | Outcome::KeyRefused => {
            run.fail(StageName::Key, jwt_failed("no_usable_key", first_problem(), None), None);
            run.pass(StageName::Signature, "not checked", None);
        }
        Outcome::SignatureMismatch => {
            run.pass(
                StageName::Key,
                format!("kid {kid} found in provider {}", provider.provider.id),
                None,
            );
            run.fail(
                StageName::Signature,
                jwt_failed(
                    "signature_invalid",
                    "the signature does not match the provider's key".to_owned(),
                    Some(
                        "the token was altered, or signed by a different key with the same kid"
                            .into(),
                    ),
                ),
                None,
            );
        }
    }
    Some(verification)
}

fn time_stage(token: Option<&TokenReport>, run: &mut Run<RefusalCode>) {
    let assumption = Some("leeway");
    let Some(token) = token else {
        run.pass(StageName::Time, "not checked", assumption);
        return;
    };
    let failure = token.problems.iter().find_map(|p| match p.code {
        "expired" => Some(("expired", p)),
        "not_yet_valid" => Some(("not_yet_valid", p)),
        "issued_in_future" => Some(("issued_in_future", p)),
        "bad_numeric_date" | "exp_before_iat" => Some(("bad_time_claim", p)),
        _ => None,
    });
    match failure {
        Some((cause, problem)) => run.fail(
            StageName::Time,
            refusal(
                RefusalCode::JwtProcessingFailed,
                Some(cause),
                problem.message.clone(),
                problem.hint.clone(),
            ),
            assumption,
        ),
        None => {
            let detail = token
                .claim_rows
                .iter()
                .find(|row| row.name == "exp")
                .and_then(|row| row.time.as_ref())
                .map_or_else(
                    || "no exp: the token never expires".to_owned(),
                    |time| time.relative.clone(),
                );
            run.pass(StageName::Time, detail, assumption);
        }
    }
}

fn evaluate_pools(
    input: &OAuthInput<'_>,
    provider: Option<&PreparedProvider>,
    bindings: Option<&Bindings>,
) -> Vec<PoolResult> {
    let named = input.request.named_pools();
    input
        .pools
        .iter()
        .map(|prepared| {
            let pool = &prepared.pool;
            let issuer = input
                .providers
                .iter()
                .find(|p| p.provider.id == pool.provider)
                .map(|p| p.provider.issuer.as_str());
            let mut result = evaluate_pool(
                &pool.id,
                &pool.name,
                &pool.provider,
                &prepared.filter,
                bindings,
                issuer,
            );
            // Scope after evaluation: the filter's own verdict stays visible in the report.
            if provider.is_some_and(|p| p.provider.id != pool.provider) {
                result.status = PoolStatus::OtherProvider;
            } else if named.as_ref().is_some_and(|ids| !ids.contains(&pool.id.as_str())) {
                result.status = PoolStatus::NotRequested;
            }
            result
        })
        .collect()
}

/// One pool's filter against the bindings; `owner` is its provider or certificate authority.
fn evaluate_pool(
    id: &str,
    name: &str,
    owner: &str,
    filter: &Result<CompiledFilter, CompileError>,
    bindings: Option<&Bindings>,
    issuer: Option<&str>,
) -> PoolResult {
    let mut result = PoolResult {
        id: id.to_owned(),
        name: name.to_owned(),
        provider: owner.to_owned(),
        status: PoolStatus::NotEvaluated,
        selected: false,
        filter: None,
        compile_error: None,
    };
    match (filter, bindings) {
        (Err(error), _) => {
            result.status = PoolStatus::CompileError;
            result.compile_error = Some(error.clone());
        }
        (Ok(filter), Some(bindings)) => {
            let report = filter.report(bindings, issuer);
            let refused = report.lints.iter().any(|lint| lint.severity == Severity::Error);
            result.status = match report.result {
                _ if refused => PoolStatus::Refused,
                Some(true) => PoolStatus::Matched,
                Some(false) => PoolStatus::NoMatch,
                None => PoolStatus::Error,
            };
            result.filter = Some(report);
        }
        (Ok(_), None) => {}
    }
    result
}

fn pools_stage(
    input: &OAuthInput<'_>,
    provider: Option<&PreparedProvider>,
    results: &[PoolResult],
    run: &mut Run<RefusalCode>,
) -> Vec<String> {
    let Some(provider) = provider else {
        run.pass(StageName::Pools, "not evaluated: no provider", None);
        return Vec::new();
    };
    let provider_id = &provider.provider.id;
    let mut selected = Vec::new();
    match input.request.named_pools() {
        Some(names) if !names.is_empty() => {
            for name in names {
                let Some(result) = results.iter().find(|r| r.id == name) else {
                    run.fail(
                        StageName::Pools,
                        refusal(
                            RefusalCode::PoolNotFound,
                            None,
                            format!("identityPoolId names `{name}`, which does not exist"),
                            Some("check the pool ID in extension_identityPoolId".into()),
                        ),
                        None,
                    );
                    return Vec::new();
                };
                if &result.provider != provider_id {
                    run.fail(
                        StageName::Pools,
                        refusal(
                            RefusalCode::PoolProviderMismatch,
                            None,
                            format!("pool `{name}` belongs to provider {}, not {provider_id} that issued the token", result.provider),
                            Some("name a pool of the token's provider, or get the token from the pool's provider".into()),
                        ),
                        None,
                    );
                    return Vec::new();
                }
                if result.status != PoolStatus::Matched {
                    run.fail(
                        StageName::Pools,
                        no_match_refusal(RefusalCode::NoMatchingPool, std::slice::from_ref(result)),
                        Some("filter_error_no_match"),
                    );
                    return Vec::new();
                }
                selected.push(result.id.clone());
            }
            run.pass(StageName::Pools, format!("named pools match: {}", selected.join(", ")), None);
        }
        _ => {
            let own: Vec<&PoolResult> =
                results.iter().filter(|r| &r.provider == provider_id).collect();
            selected = own
                .iter()
                .filter(|r| r.status == PoolStatus::Matched)
                .map(|r| r.id.clone())
                .collect();
            if selected.is_empty() {
                let own: Vec<PoolResult> = own.into_iter().cloned().collect();
                run.fail(
                    StageName::Pools,
                    no_match_refusal(RefusalCode::NoMatchingPool, &own),
                    Some("filter_error_no_match"),
                );
            } else {
                run.pass(
                    StageName::Pools,
                    format!("auto pool mapping: {} of {} pools match", selected.len(), own.len()),
                    Some("auto_pool_union"),
                );
            }
        }
    }
    selected
}

fn no_match_refusal<Code>(code: Code, candidates: &[PoolResult]) -> Refusal<Code> {
    let message = match candidates {
        [] => "the token's provider has no identity pools".to_owned(),
        [one] => match (&one.compile_error, one.filter.as_ref().and_then(|f| f.error.as_deref())) {
            (Some(error), _) => {
                format!("pool `{}`'s filter does not compile: {}", one.id, error.message)
            }
            (None, Some(error)) => format!(
                "pool `{}`'s filter failed to evaluate ({error}), which counts as no match",
                one.id
            ),
            (None, None) => format!("pool `{}`'s filter does not match the token", one.id),
        },
        many => format!("none of the {} pools' filters matches the token", many.len()),
    };
    refusal(
        code,
        None,
        message,
        Some("read each pool's explanation to see which condition failed".into()),
    )
}

fn principal_stage(
    input: &OAuthInput<'_>,
    provider: Option<&PreparedProvider>,
    claims: Option<&Value>,
    run: &mut Run<RefusalCode>,
) -> Option<String> {
    let assumption = Some("principal_claim");
    let (Some(provider), Some(claims)) = (provider, claims) else {
        run.pass(StageName::Principal, "not resolved", assumption);
        return None;
    };
    let single_named_pool = match input.request.named_pools() {
        Some(names) if names.len() == 1 => {
            input.pools.iter().find(|p| names.contains(&p.pool.id.as_str()))
        }
        _ => None,
    };
    let (expression, source) = single_named_pool
        .and_then(|p| {
            p.pool.identity_claim.as_deref().map(|claim| (claim, format!("pool {}", p.pool.id)))
        })
        .or_else(|| {
            provider
                .provider
                .identity_claim
                .as_deref()
                .map(|claim| (claim, format!("provider {}", provider.provider.id)))
        })
        .unwrap_or(("claims.sub", "the default".to_owned()));
    let resolved = Bindings::claims(claims)
        .map_err(|error| error.to_string())
        .and_then(|bindings| crate::filter::identity_value(expression, &bindings));
    match resolved {
        Ok(principal) => {
            run.pass(
                StageName::Principal,
                format!("{expression} ({source}) = {principal}"),
                assumption,
            );
            Some(principal)
        }
        Err(error) => {
            run.fail(
                StageName::Principal,
                refusal(
                    RefusalCode::PrincipalUnresolved,
                    None,
                    format!("the identity claim {expression} ({source}) does not name a principal: {error}"),
                    Some("choose an identity claim the token always carries, such as claims.sub".into()),
                ),
                assumption,
            );
            None
        }
    }
}
