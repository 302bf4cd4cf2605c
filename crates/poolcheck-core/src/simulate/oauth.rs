//! The OAuth flow: how Confluent Cloud would treat a Kafka client's SASL/OAUTHBEARER login
//! for one scenario at one instant, stage by stage.

use foldhash::{HashMap, HashSet};

use serde::Serialize;
use serde_json::Value;

use super::assumptions::AssumptionId;
use super::pools::{
    Flow, PoolResult, PoolStatus, auto_pool_mapping, evaluate_pool, no_match_refusal,
};
use super::prepared::{PreparedPool, PreparedProvider};
use super::stages::{Refusal, Run, Stage, StageName, Verdict};
use crate::claims::TimeCause;
use crate::decode::TokenReport;
use crate::filter::{Bindings, Detail, shared_issuer};
use crate::issuer::{self, IssuerMatch};
use crate::problem::{Problem, Severity};
use crate::scenario::{MAX_REQUESTED_POOLS, Request};
use crate::token::{NotAToken, Token, duplicate_member};
use crate::verify::{Outcome, Verification};

/// Why the cluster refuses the client. Serialized as Confluent-style upper-case codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(type = "string"))]
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
    /// identityPoolId names more pools than poolcheck simulates (`MAX_REQUESTED_POOLS`).
    TooManyPools,
}

impl RefusalCode {
    pub fn as_str(self) -> &'static str {
        match self {
            RefusalCode::JwtProcessingFailed => "JWT_PROCESSING_FAILED",
            RefusalCode::KidLookupFailed => "KID_LOOKUP_FAILED",
            RefusalCode::LogicalClusterMissing => "LOGICAL_CLUSTER_MISSING",
            RefusalCode::PoolNotFound => "POOL_NOT_FOUND",
            RefusalCode::PoolProviderMismatch => "POOL_PROVIDER_MISMATCH",
            RefusalCode::NoMatchingPool => "NO_MATCHING_POOL",
            RefusalCode::PrincipalUnresolved => "PRINCIPAL_UNRESOLVED",
            RefusalCode::TooManyPools => "TOO_MANY_POOLS",
        }
    }
}

/// What exactly failed, for `JWT_PROCESSING_FAILED`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(type = "string"))]
pub enum Cause {
    TokenUnreadable,
    IssuerMissing,
    IssuerNotRegistered,
    ProviderKeysUnreadable,
    NoKeys,
    TokenRejected,
    NoUsableKey,
    SignatureInvalid,
    Expired,
    NotYetValid,
    IssuedInFuture,
    BadTimeClaim,
}

impl Cause {
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::TokenUnreadable => "token_unreadable",
            Cause::IssuerMissing => "issuer_missing",
            Cause::IssuerNotRegistered => "issuer_not_registered",
            Cause::ProviderKeysUnreadable => "provider_keys_unreadable",
            Cause::NoKeys => "no_keys",
            Cause::TokenRejected => "token_rejected",
            Cause::NoUsableKey => "no_usable_key",
            Cause::SignatureInvalid => "signature_invalid",
            Cause::Expired => "expired",
            Cause::NotYetValid => "not_yet_valid",
            Cause::IssuedInFuture => "issued_in_future",
            Cause::BadTimeClaim => "bad_time_claim",
        }
    }
}

impl From<TimeCause> for Cause {
    fn from(cause: TimeCause) -> Self {
        match cause {
            TimeCause::Expired => Cause::Expired,
            TimeCause::NotYetValid => Cause::NotYetValid,
            TimeCause::IssuedInFuture => Cause::IssuedInFuture,
            TimeCause::BadTimeClaim => Cause::BadTimeClaim,
        }
    }
}

/// The OAuth outcome: accepted as a principal through pools, or refused with a code.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct OAuthReport {
    pub accepted: bool,
    pub principal: Option<String>,
    pub pools: Vec<String>,
    pub code: Option<RefusalCode>,
    /// For JWT_PROCESSING_FAILED: what exactly failed.
    pub cause: Option<Cause>,
    /// One line: what happened.
    pub message: String,
    pub hint: Option<String>,
    /// The provider the token's issuer selected.
    pub provider: Option<String>,
    pub stages: Vec<Stage>,
    pub pool_results: Vec<PoolResult>,
    pub verification: Option<Verification>,
    /// What in the scenario makes the outcome surprising, such as two providers with one
    /// issuer; none of it refuses the client.
    pub warnings: Vec<Problem>,
}

/// The token as the simulation reads it: read and decoded once by the caller, or why not.
pub type TokenInput<'a> = Result<(&'a Token, &'a TokenReport), &'a NotAToken>;

/// Everything the OAuth simulation reads.
#[derive(Debug, Clone, Copy)]
pub struct OAuthInput<'a> {
    pub token: TokenInput<'a>,
    pub request: &'a Request,
    pub providers: &'a [PreparedProvider],
    pub pools: &'a [PreparedPool],
    /// Whether every pool's filter is explained, or only evaluated.
    pub detail: Detail,
    /// The previous run's pool results, to keep for every pool but one.
    pub kept: Option<KeptResults<'a>>,
}

/// Pool results of an earlier run with the same token, providers, request and detail, in
/// which only the pool at `edited` has changed since: typing in one pool's filter evaluates
/// that filter, not all of them.
#[derive(Debug, Clone, Copy)]
pub struct KeptResults<'a> {
    pub results: &'a [PoolResult],
    pub edited: usize,
}

/// A refusal's code and, for JWT_PROCESSING_FAILED, its cause.
type Code = (RefusalCode, Option<Cause>);

fn refused(
    code: RefusalCode,
    cause: Option<Cause>,
    message: impl Into<String>,
    hint: Option<String>,
) -> Refusal<Code> {
    Refusal::new((code, cause), message, hint)
}

/// Simulates the OAuth login.
pub fn simulate_oauth(input: &OAuthInput<'_>) -> OAuthReport {
    simulate_oauth_keeping_bindings(input).0
}

/// Simulates the OAuth login, and hands back the token's claims as bound for the filters, so
/// a pool can be explained later ([`Detail::Verdict`]) without binding them again.
pub fn simulate_oauth_keeping_bindings(input: &OAuthInput<'_>) -> (OAuthReport, Option<Bindings>) {
    let mut run = Run::new();
    // Split once: the field may hold millions of entries, and every stage reads it.
    let named = input.request.named_pools();
    check_request(input.request, named.as_deref(), &mut run);

    let read = decode_stage(input.token, &mut run);
    let claims = read.and_then(|(_, report)| report.claims.as_ref());
    let provider = claims.and_then(|claims| provider_stage(claims, input.providers, &mut run));
    let verification = key_and_signature_stages(read.map(|(token, _)| token), provider, &mut run);
    time_stage(read.map(|(_, report)| report), &mut run);

    let mut warnings = duplicate_issuers(input.providers);
    let bindings = claims.and_then(|claims| match Bindings::claims(claims) {
        Ok(bindings) => Some(bindings),
        Err(error) => {
            // Say why no pool was evaluated, rather than leave every pool "not evaluated".
            warnings.push(Problem::warning("claims_not_bindable", error.to_string()));
            None
        }
    });
    let pool_results = evaluate_pools(input, named.as_deref(), provider, bindings.as_ref());
    let selected = pools_stage(input, named.as_deref(), provider, &pool_results, &mut run);
    let principal = principal_stage(input, named.as_deref(), provider, bindings.as_ref(), &mut run);

    let selected_ids: HashSet<&str> = selected.iter().map(String::as_str).collect();
    let pool_results = pool_results
        .into_iter()
        .map(|mut result| {
            result.selected = selected_ids.contains(result.id.as_str());
            result
        })
        .collect();
    let verdict = Verdict::of(run.refusal, principal, selected);
    let report = OAuthReport {
        accepted: verdict.accepted,
        principal: verdict.principal,
        pools: verdict.pools,
        code: verdict.code.map(|(code, _)| code),
        cause: verdict.code.and_then(|(_, cause)| cause),
        message: verdict.message,
        hint: verdict.hint,
        provider: provider.map(|p| p.provider.id.clone()),
        stages: run.stages,
        pool_results,
        verification,
        warnings,
    };
    (report, bindings)
}

/// One warning per issuer that several providers register: a token with it always selects
/// the first, so the others' pools can never be used.
fn duplicate_issuers(providers: &[PreparedProvider]) -> Vec<Problem> {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::default();
    for p in providers {
        let issuer = p.provider.issuer.as_str();
        let at = *index.entry(issuer).or_insert_with(|| {
            groups.push((issuer, Vec::new()));
            groups.len() - 1
        });
        if let Some((_, ids)) = groups.get_mut(at) {
            ids.push(p.provider.id.as_str());
        }
    }
    groups
        .into_iter()
        .filter(|(_, ids)| ids.len() > 1)
        .map(|(issuer, ids)| {
            let first = ids.first().copied().unwrap_or_default();
            Problem::warning(
                "duplicate_issuer",
                format!(
                    "providers {} register the same issuer `{issuer}`: a token with this issuer \
                     always selects {first}, the first",
                    ids.join(", ")
                ),
            )
            .with_hint("give each provider its own issuer, and move the pools to one of them")
        })
        .collect()
}

fn check_request(request: &Request, named: Option<&[&str]>, run: &mut Run<Code>) {
    let requested = named.map_or(0, <[&str]>::len);
    match request.logical_cluster.as_deref().map(str::trim) {
        Some(cluster) if !cluster.is_empty() && requested > MAX_REQUESTED_POOLS => run.fail(
            StageName::Request,
            refused(
                RefusalCode::TooManyPools,
                None,
                format!(
                    "identityPoolId names {requested} pools; poolcheck simulates at most \
                     {MAX_REQUESTED_POOLS}"
                ),
                Some("name fewer pools, or leave identityPoolId out for auto pool mapping".into()),
            ),
            None,
        ),
        Some(cluster) if !cluster.is_empty() => {
            run.pass(StageName::Request, format!("logicalCluster={cluster}"), None);
        }
        _ => run.fail(
            StageName::Request,
            refused(
                RefusalCode::LogicalClusterMissing,
                None,
                "the client sent no logicalCluster SASL extension",
                Some("add extension_logicalCluster='lkc-…' to sasl.jaas.config (librdkafka: sasl.oauthbearer.extensions=logicalCluster=lkc-…)".into()),
            ),
            Some(AssumptionId::LogicalClusterRequired),
        ),
    }
}

/// The token must be readable, carry claims, and repeat no member.
fn decode_stage<'a>(
    token: TokenInput<'a>,
    run: &mut Run<Code>,
) -> Option<(&'a Token, &'a TokenReport)> {
    let unusable = |message: String, hint: Option<String>| {
        refused(RefusalCode::JwtProcessingFailed, Some(Cause::TokenUnreadable), message, hint)
    };
    let (token, report) = match token {
        Err(not_a_token) => {
            run.fail(
                StageName::Decode,
                unusable(
                    format!("the token is unreadable: {}", not_a_token.message),
                    not_a_token.hint.clone(),
                ),
                None,
            );
            return None;
        }
        Ok(read) => read,
    };
    let duplicate = token
        .header_duplicates
        .first()
        .map(|pointer| ("header", pointer))
        .or_else(|| token.payload_duplicates.first().map(|pointer| ("payload", pointer)));
    if report.claims.is_none() {
        let reason = report.problems.iter().find(|p| p.severity == Severity::Error).map_or_else(
            || "the payload is not a JSON object of claims".to_owned(),
            |p| p.message.clone(),
        );
        run.fail(
            StageName::Decode,
            unusable(format!("the token has no readable claims: {reason}"), None),
            None,
        );
    } else if let Some((part, pointer)) = duplicate {
        let problem = duplicate_member(part, pointer);
        run.fail(StageName::Decode, unusable(problem.message, problem.hint), None);
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
    Some((token, report))
}

fn provider_stage<'a>(
    claims: &Value,
    providers: &'a [PreparedProvider],
    run: &mut Run<Code>,
) -> Option<&'a PreparedProvider> {
    let assumption = Some(AssumptionId::IssuerExactMatch);
    let Some(iss) = claims.get("iss").and_then(Value::as_str) else {
        run.fail(
            StageName::Provider,
            refused(
                RefusalCode::JwtProcessingFailed,
                Some(Cause::IssuerMissing),
                "the token has no iss claim, so no provider can be found",
                None,
            ),
            assumption,
        );
        return None;
    };
    let mut exact =
        providers.iter().filter(|p| issuer::compare(iss, &p.provider.issuer) == IssuerMatch::Exact);
    if let Some(found) = exact.next() {
        let id = found.provider.id.as_str();
        let others: Vec<&str> = exact.map(|p| p.provider.id.as_str()).collect();
        let detail = if others.is_empty() {
            format!("iss `{iss}` is provider {id}")
        } else {
            format!(
                "iss `{iss}` is provider {id} (first of {} providers with this issuer: {id}, {})",
                others.len() + 1,
                others.join(", ")
            )
        };
        run.pass(StageName::Provider, detail, assumption);
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
        refused(RefusalCode::JwtProcessingFailed, Some(Cause::IssuerNotRegistered), message, hint),
        assumption,
    );
    None
}

fn key_and_signature_stages(
    token: Option<&Token>,
    provider: Option<&PreparedProvider>,
    run: &mut Run<Code>,
) -> Option<Verification> {
    let (Some(token), Some(provider)) = (token, provider) else {
        run.pass(StageName::Key, "no provider, so no keys", None);
        run.pass(StageName::Signature, "not checked", None);
        return None;
    };
    let verification = match provider.verify(token) {
        Ok(verification) => verification,
        Err(error) => {
            let message =
                format!("provider {}'s keys cannot be read: {error}", provider.provider.id);
            run.fail(
                StageName::Key,
                refused(
                    RefusalCode::JwtProcessingFailed,
                    Some(Cause::ProviderKeysUnreadable),
                    message,
                    None,
                ),
                None,
            );
            run.pass(StageName::Signature, "not checked", None);
            return None;
        }
    };
    let kid = verification.kid.as_deref().unwrap_or("(none)");
    let jwt_failed = |cause, message: String, hint: Option<String>| {
        refused(RefusalCode::JwtProcessingFailed, Some(cause), message, hint)
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
                refused(
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
                refused(
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
                    Cause::NoKeys,
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
                jwt_failed(Cause::TokenRejected, first_problem(), None),
                None,
            );
        }
        Outcome::NoCompatibleKey | Outcome::KeyRefused => {
            run.fail(StageName::Key, jwt_failed(Cause::NoUsableKey, first_problem(), None), None);
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
                    Cause::SignatureInvalid,
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

fn time_stage(token: Option<&TokenReport>, run: &mut Run<Code>) {
    let assumption = Some(AssumptionId::Leeway);
    let Some(token) = token else {
        run.pass(StageName::Time, "not checked", assumption);
        return;
    };
    let failure = token.time_failure.and_then(|failure| {
        token.problems.get(failure.problem).map(|problem| (Cause::from(failure.cause), problem))
    });
    match failure {
        Some((cause, problem)) => run.fail(
            StageName::Time,
            refused(
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

/// Each provider's issuer by id; the first provider with an id wins, as a linear search would.
fn issuers_by_id(providers: &[PreparedProvider]) -> HashMap<&str, &str> {
    let mut issuers = HashMap::default();
    for p in providers {
        issuers.entry(p.provider.id.as_str()).or_insert(p.provider.issuer.as_str());
    }
    issuers
}

fn evaluate_pools(
    input: &OAuthInput<'_>,
    named: Option<&[&str]>,
    provider: Option<&PreparedProvider>,
    bindings: Option<&Bindings>,
) -> Vec<PoolResult> {
    let kept = input.kept.filter(|kept| kept.results.len() == input.pools.len());
    // Sets, not list searches: pools × requested ids must stay linear.
    let named: Option<HashSet<&str>> = named.map(|ids| ids.iter().copied().collect());
    // Only a shared issuer adds a lint (`filter_shared_issuer_unconstrained`): decided once
    // per provider here, not once per pool.
    let mut shared_issuers = issuers_by_id(input.providers);
    shared_issuers.retain(|_, issuer| shared_issuer(issuer).is_some());
    input
        .pools
        .iter()
        .enumerate()
        .map(|(index, prepared)| {
            let unchanged = kept.filter(|kept| kept.edited != index);
            if let Some(result) = unchanged.and_then(|kept| kept.results.get(index)) {
                return result.clone();
            }
            let pool = &prepared.pool;
            let issuer = shared_issuers.get(pool.provider.as_str()).copied();
            let mut result = evaluate_pool(
                &pool.id,
                &pool.name,
                &pool.provider,
                &prepared.filter,
                bindings,
                issuer,
                input.detail,
            );
            // Scope after evaluation: the filter's own verdict stays visible in the report.
            if provider.is_some_and(|p| p.provider.id != pool.provider) {
                result.status = PoolStatus::OtherProvider;
            } else if named.as_ref().is_some_and(|ids| !ids.contains(pool.id.as_str())) {
                result.status = PoolStatus::NotRequested;
            }
            result
        })
        .collect()
}

fn pools_stage(
    input: &OAuthInput<'_>,
    named: Option<&[&str]>,
    provider: Option<&PreparedProvider>,
    results: &[PoolResult],
    run: &mut Run<Code>,
) -> Vec<String> {
    let Some(provider) = provider else {
        run.pass(StageName::Pools, "not evaluated: no provider", None);
        return Vec::new();
    };
    let provider_id = &provider.provider.id;
    let mut selected = Vec::new();
    match named {
        Some(names) if !names.is_empty() => {
            // Indexes only the named pools: a request names a few of possibly thousands.
            let wanted: HashSet<&str> = names.iter().copied().collect();
            let mut by_id: HashMap<&str, &PoolResult> = HashMap::default();
            for result in results.iter().filter(|result| wanted.contains(result.id.as_str())) {
                by_id.entry(result.id.as_str()).or_insert(result);
            }
            let issuers = issuers_by_id(input.providers);
            let mut seen = HashSet::default();
            // A pool named twice is mapped once.
            for &name in names.iter().filter(|&&name| seen.insert(name)) {
                let Some(&result) = by_id.get(name) else {
                    run.fail(
                        StageName::Pools,
                        refused(
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
                    let same_issuer = issuers.get(result.provider.as_str()).copied()
                        == Some(provider.provider.issuer.as_str());
                    let (message, hint) = if same_issuer {
                        (
                            format!(
                                "pool `{name}` belongs to provider {}, which registers the same issuer as {provider_id}; the token's iss selects {provider_id}, the first registered",
                                result.provider
                            ),
                            format!(
                                "give each provider its own issuer, or move the pool to provider {provider_id}"
                            ),
                        )
                    } else {
                        (
                            format!("pool `{name}` belongs to provider {}, not {provider_id} that issued the token", result.provider),
                            "name a pool of the token's provider, or get the token from the pool's provider".to_owned(),
                        )
                    };
                    run.fail(
                        StageName::Pools,
                        refused(RefusalCode::PoolProviderMismatch, None, message, Some(hint)),
                        None,
                    );
                    return Vec::new();
                }
                if result.status != PoolStatus::Matched {
                    run.fail(
                        StageName::Pools,
                        no_match_refusal(
                            (RefusalCode::NoMatchingPool, None),
                            Flow::OAuth,
                            &[result],
                        ),
                        Some(AssumptionId::FilterErrorNoMatch),
                    );
                    return Vec::new();
                }
                selected.push(result.id.clone());
            }
            run.pass(StageName::Pools, format!("named pools match: {}", selected.join(", ")), None);
        }
        _ => {
            let code = (RefusalCode::NoMatchingPool, None);
            selected = auto_pool_mapping(results, provider_id, Flow::OAuth, code, run);
        }
    }
    selected
}

fn principal_stage(
    input: &OAuthInput<'_>,
    named: Option<&[&str]>,
    provider: Option<&PreparedProvider>,
    bindings: Option<&Bindings>,
    run: &mut Run<Code>,
) -> Option<String> {
    let assumption = Some(AssumptionId::PrincipalClaim);
    let (Some(provider), Some(bindings)) = (provider, bindings) else {
        run.pass(StageName::Principal, "not resolved", assumption);
        return None;
    };
    let single_named_pool = match named {
        Some([name]) => input.pools.iter().find(|p| p.pool.id == *name),
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
    let resolved = crate::filter::identity_value(expression, bindings);
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
                refused(
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

crate::wire::serialize_as_str!(RefusalCode, Cause);
