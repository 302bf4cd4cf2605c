//! What one pool (OAuth identity pool or certificate pool) makes of the credential, and the
//! one table of how each outcome is named.

use serde::Serialize;

use super::assumptions::AssumptionId;
use super::stages::{Refusal, Run, StageName};
use crate::filter::{Bindings, CompileError, CompiledFilter, Detail, FilterReport};

/// What one pool made of the token or certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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
    /// The pool belongs to a provider (or certificate authority) other than the credential's.
    OtherProvider,
    /// identityPoolId names other pools.
    NotRequested,
    /// No claims to evaluate (the token did not decode to claims).
    NotEvaluated,
}

/// How a status reads at a glance, for badges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(type = "string"))]
pub enum Tone {
    Match,
    NoMatch,
    Error,
    NotEvaluated,
}

impl PoolStatus {
    /// A few words, for badges and the CLI's pool table; [`PoolStatus::explanation`] says more.
    pub fn label(self) -> &'static str {
        match self {
            PoolStatus::Matched => "match",
            PoolStatus::NoMatch => "no match",
            PoolStatus::Error => "error",
            PoolStatus::CompileError => "does not compile",
            PoolStatus::Refused => "refused",
            PoolStatus::OtherProvider => "other issuer",
            PoolStatus::NotRequested => "not requested",
            PoolStatus::NotEvaluated => "not evaluated",
        }
    }

    pub fn tone(self) -> Tone {
        match self {
            PoolStatus::Matched => Tone::Match,
            PoolStatus::Error | PoolStatus::CompileError | PoolStatus::Refused => Tone::Error,
            PoolStatus::NoMatch | PoolStatus::OtherProvider | PoolStatus::NotRequested => {
                Tone::NoMatch
            }
            PoolStatus::NotEvaluated => Tone::NotEvaluated,
        }
    }

    /// One sentence; `selected` when the client is mapped to the pool.
    pub fn explanation(self, selected: bool) -> &'static str {
        match self {
            PoolStatus::Matched if selected => "The client is mapped to this pool.",
            PoolStatus::Matched => "The filter matches.",
            PoolStatus::NoMatch => "The filter does not match.",
            PoolStatus::Error => {
                "The filter failed to evaluate, which counts as no match (assumed)."
            }
            PoolStatus::CompileError => "The filter does not compile, so the pool matches nothing.",
            PoolStatus::Refused => {
                "Confluent Cloud would refuse this filter when the pool is saved (see the lints)."
            }
            PoolStatus::OtherProvider => {
                "Not considered: the pool belongs to another provider or certificate authority."
            }
            PoolStatus::NotRequested => "Not considered: identityPoolId names other pools.",
            PoolStatus::NotEvaluated => "Not evaluated: there is nothing readable to match.",
        }
    }
}

impl Tone {
    pub fn as_str(self) -> &'static str {
        match self {
            Tone::Match => "match",
            Tone::NoMatch => "no-match",
            Tone::Error => "error",
            Tone::NotEvaluated => "not-evaluated",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct PoolResult {
    pub id: String,
    pub name: String,
    pub provider: String,
    pub status: PoolStatus,
    /// The pool is one the client would be mapped to.
    pub selected: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub filter: Option<FilterReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub compile_error: Option<CompileError>,
}

impl PoolResult {
    /// The filter's own verdict, whatever the pool's scope (another provider's pool, one the
    /// request does not name): what a badge beside the filter shows.
    pub fn filter_verdict(&self) -> PoolStatus {
        if self.compile_error.is_some() {
            return PoolStatus::CompileError;
        }
        match self.filter.as_ref().map(|report| report.result) {
            Some(Some(true)) => PoolStatus::Matched,
            Some(Some(false)) => PoolStatus::NoMatch,
            Some(None) => PoolStatus::Error,
            None => PoolStatus::NotEvaluated,
        }
    }
}

/// One pool's filter against the bindings; `owner` is its provider or certificate authority.
/// Public so exercises judge a filter exactly as the simulator does.
pub fn evaluate_pool(
    id: &str,
    name: &str,
    owner: &str,
    filter: &Result<CompiledFilter, CompileError>,
    bindings: Option<&Bindings>,
    issuer: Option<&str>,
    detail: Detail,
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
            let report = filter.report_with(bindings, issuer, detail);
            let refused = report.refused_by_lints();
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

/// Which login a pool takes part in, for the words of its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flow {
    OAuth,
    Mtls,
}

impl Flow {
    fn pools(self) -> &'static str {
        match self {
            Flow::OAuth => "pools",
            Flow::Mtls => "certificate pools",
        }
    }

    fn credential(self) -> &'static str {
        match self {
            Flow::OAuth => "the token",
            Flow::Mtls => "the certificate",
        }
    }

    fn no_pools(self) -> &'static str {
        match self {
            Flow::OAuth => "the token's provider has no identity pools",
            Flow::Mtls => "the certificate authority has no certificate pools",
        }
    }
}

/// Auto pool mapping: every matching pool of `owner` applies (the principal gets the union of
/// their permissions); none matching refuses with `code`. Records the pools stage.
pub(super) fn auto_pool_mapping<Code>(
    results: &[PoolResult],
    owner: &str,
    flow: Flow,
    code: Code,
    run: &mut Run<Code>,
) -> Vec<String> {
    let own: Vec<&PoolResult> = results.iter().filter(|r| r.provider == owner).collect();
    let matched: Vec<String> =
        own.iter().filter(|r| r.status == PoolStatus::Matched).map(|r| r.id.clone()).collect();
    if matched.is_empty() {
        run.fail(
            StageName::Pools,
            no_match_refusal(code, flow, &own),
            Some(AssumptionId::FilterErrorNoMatch),
        );
    } else {
        let pools = flow.pools();
        let detail = format!("auto pool mapping: {} of {} {pools} match", matched.len(), own.len());
        run.pass(StageName::Pools, detail, Some(AssumptionId::AutoPoolUnion));
    }
    matched
}

pub(super) fn no_match_refusal<Code>(
    code: Code,
    flow: Flow,
    candidates: &[&PoolResult],
) -> Refusal<Code> {
    let credential = flow.credential();
    let message = match candidates {
        [] => flow.no_pools().to_owned(),
        [one] => match (&one.compile_error, one.filter.as_ref().and_then(|f| f.error.as_deref())) {
            (Some(error), _) => {
                format!("pool `{}`'s filter does not compile: {}", one.id, error.message)
            }
            (None, Some(error)) => format!(
                "pool `{}`'s filter failed to evaluate ({error}), which counts as no match",
                one.id
            ),
            (None, None) => format!("pool `{}`'s filter does not match {credential}", one.id),
        },
        many => format!("none of the {} pools' filters matches {credential}", many.len()),
    };
    Refusal::new(
        code,
        message,
        Some("read each pool's explanation to see which condition failed".into()),
    )
}

crate::wire::serialize_as_str!(Tone);
