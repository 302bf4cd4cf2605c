//! `exercise`: checks a scenario's workshop exercises against the scenario as the learner
//! edited it (and, for a filter exercise, optionally the learner's filter), and applies an
//! exercise's solution. Evaluation goes through the simulator's own pool evaluation and
//! `workspace::analyze`, so an exercise agrees with what `simulate` and the app show.

use serde::{Deserialize, Serialize};

use super::filter::token_claims;
use super::{CommandError, CommandErrorCode, ScenarioInput, SimulateOptions, Verdict, scenario};
use crate::cert::{dn_bindings, parse_pem_chain};
use crate::filter::{Bindings, CompiledFilter, Detail, FilterMode, FilterReport};
use crate::problem::Severity;
use crate::scenario::{
    CaseInput, Exercise, ExerciseKind, ExerciseTarget, Expectation, ExpectedFlow, ExpectedOutcome,
    Scenario, Solution,
};
use crate::simulate::{
    MtlsReport, OAuthReport, PoolResult, PoolStatus, PreparedCertificatePool, PreparedPool,
    evaluate_pool,
};
use crate::workspace::analyze;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ExerciseOptions {
    /// Check only this exercise (by id); default every exercise.
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub exercise: Option<String>,
    /// The learner's answer: replaces the target pool's filter. Needs `exercise` naming a
    /// filter exercise.
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub filter: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ExerciseReport {
    /// Every checked exercise is solved.
    pub solved: bool,
    pub exercises: Vec<ExerciseResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ExerciseResult {
    pub id: String,
    pub title: String,
    pub kind: ExerciseKind,
    pub solved: bool,
    /// Filter exercises: one entry per case, in order (empty for outcome exercises).
    pub cases: Vec<CaseResult>,
    /// Outcome exercises: what the exercise asks for.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub expected: Option<ExpectedOutcome>,
    /// Outcome exercises: what the simulation gave.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub actual: Option<ActualOutcome>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct CaseResult {
    pub name: String,
    pub expected: Expectation,
    pub actual: CaseOutcome,
    /// `actual` is `expected`; an error counts as no match, as the simulator counts it
    /// (assumption `filter_error_no_match`).
    pub passed: bool,
    /// Why the filter gave no result (`actual` is `error`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub error: Option<String>,
    /// For a case that fails: the filter's report, with its step-by-step explanation.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub explanation: Option<FilterReport>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CaseOutcome {
    Match,
    NoMatch,
    Error,
}

/// The simulated flows, in the shape of an expectation.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ActualOutcome {
    /// Absent when the OAuth flow was not simulated (no token, a client certificate).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub oauth: Option<FlowOutcome>,
    /// Absent when the scenario has no client certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub mtls: Option<FlowOutcome>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct FlowOutcome {
    pub accepted: bool,
    pub principal: Option<String>,
    pub pools: Vec<String>,
    /// The refusal code when refused.
    pub refused: Option<String>,
    /// The simulation's one line about what happened.
    pub message: String,
}

impl CaseOutcome {
    /// "match", "no match" or "error", as the CLI and the Workshop tab say it.
    pub fn label(self) -> &'static str {
        match self {
            CaseOutcome::Match => "match",
            CaseOutcome::NoMatch => "no match",
            CaseOutcome::Error => "error",
        }
    }
}

/// "ACCEPTED as PRINCIPAL through POOLS" or "REFUSED CODE: why", as the outcome card says it.
impl std::fmt::Display for FlowOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.refused, &self.principal) {
            (Some(code), _) => write!(f, "REFUSED {code}: {}", self.message),
            (None, Some(principal)) if self.accepted => {
                write!(f, "ACCEPTED as {principal} through {}", self.pools.join(", "))
            }
            _ => {
                let verdict = if self.accepted { "ACCEPTED" } else { "REFUSED" };
                write!(f, "{verdict}: {}", self.message)
            }
        }
    }
}

impl Verdict for ExerciseReport {
    fn exit_code(&self) -> u8 {
        if self.solved { 0 } else { 1 }
    }
}

/// Reads the scenario and checks its exercises (see [`check_exercises`]).
pub fn exercise(
    input: ScenarioInput<'_>,
    options: &ExerciseOptions,
    clock: i64,
) -> Result<ExerciseReport, CommandError> {
    let scenario = scenario(input, &SimulateOptions::default())?;
    check_exercises(&scenario, options, clock)
}

/// Checks the scenario's exercises (or the one `options.exercise` names). No exercises, an
/// unknown id, a filter without a filter exercise, or a filter that does not compile are
/// input errors; an unsolved exercise is a report.
pub fn check_exercises(
    scenario: &Scenario,
    options: &ExerciseOptions,
    clock: i64,
) -> Result<ExerciseReport, CommandError> {
    if scenario.exercises.is_empty() {
        return Err(CommandError::new(
            CommandErrorCode::ExerciseNotFound,
            "the scenario has no exercises",
        ));
    }
    let chosen: Vec<&Exercise> = match &options.exercise {
        None => scenario.exercises.iter().collect(),
        Some(id) => vec![find(scenario, id)?],
    };
    let answered;
    let scenario = match (&options.filter, chosen.as_slice()) {
        (None, _) => scenario,
        (Some(filter), [exercise]) => {
            answered = with_filter(scenario, exercise, filter)?;
            &answered
        }
        (Some(_), _) => {
            return Err(invalid("a filter answers one exercise: name it (--exercise ID)"));
        }
    };
    let exercises: Vec<ExerciseResult> =
        chosen.into_iter().map(|exercise| check(scenario, exercise, clock)).collect();
    Ok(ExerciseReport { solved: exercises.iter().all(|e| e.solved), exercises })
}

/// The scenario with the exercise's solution applied: a filter exercise's filter in its
/// target pool, or an outcome exercise's patch applied to the scenario document.
pub fn apply_solution(scenario: &Scenario, exercise_id: &str) -> Result<Scenario, CommandError> {
    let exercise = find(scenario, exercise_id)?;
    let no_solution = || {
        CommandError::new(
            CommandErrorCode::ExerciseNotFound,
            format!("exercise {exercise_id:?} has no solution"),
        )
    };
    match exercise.solution.as_ref().ok_or_else(no_solution)? {
        Solution::Filter(filter) => with_filter(scenario, exercise, filter),
        Solution::Patch(operations) => {
            let unusable = |message: String| {
                CommandError::new(
                    CommandErrorCode::ScenarioInvalid,
                    format!("exercise {exercise_id:?}'s solution: {message}"),
                )
            };
            let operations: Vec<json_patch::PatchOperation> = operations
                .iter()
                .map(|operation| serde_json::from_value(operation.clone()))
                .collect::<Result<_, _>>()
                .map_err(|e| unusable(e.to_string()))?;
            let mut document = serde_json::to_value(scenario).map_err(|e| {
                CommandError::new(CommandErrorCode::SerializationFailed, e.to_string())
            })?;
            json_patch::patch(&mut document, &operations).map_err(|e| unusable(e.to_string()))?;
            Scenario::from_value(&document)
                .map_err(|e| unusable(format!("the patched scenario is not a scenario: {e}")))
        }
    }
}

fn find<'a>(scenario: &'a Scenario, id: &str) -> Result<&'a Exercise, CommandError> {
    scenario.exercises.iter().find(|exercise| exercise.id == id).ok_or_else(|| {
        let ids: Vec<&str> = scenario.exercises.iter().map(|e| e.id.as_str()).collect();
        CommandError::new(
            CommandErrorCode::ExerciseNotFound,
            format!("there is no exercise {id:?}; the scenario has {}", ids.join(", ")),
        )
    })
}

/// The scenario with `filter` as the filter of the exercise's target pool.
fn with_filter(
    scenario: &Scenario,
    exercise: &Exercise,
    filter: &str,
) -> Result<Scenario, CommandError> {
    let target = exercise.target.as_ref().ok_or_else(|| {
        invalid(format!(
            "exercise {:?} is an outcome exercise: its answer is a fixed scenario, not a filter",
            exercise.id
        ))
    })?;
    let mode = match target {
        ExerciseTarget::Pool(_) => FilterMode::Claims,
        ExerciseTarget::CertificatePool(_) => FilterMode::Certificate,
    };
    CompiledFilter::compile(filter, mode).map_err(|error| CommandError {
        code: CommandErrorCode::FilterDoesNotCompile,
        message: format!("the filter does not compile: {error}"),
        excerpt: Some(error.render()),
        hint: error.hint.clone(),
    })?;
    let mut answered = scenario.clone();
    let id = target.pool_id();
    let slot = match target {
        ExerciseTarget::Pool(_) => {
            answered.pools.iter_mut().find(|pool| pool.id == id).map(|pool| &mut pool.filter)
        }
        ExerciseTarget::CertificatePool(_) => answered
            .certificate_pools
            .iter_mut()
            .find(|pool| pool.id == id)
            .map(|pool| &mut pool.filter),
    };
    let slot = slot.ok_or_else(|| {
        invalid(format!(
            "the scenario has no pool {id:?}, the target of exercise {:?}",
            exercise.id
        ))
    })?;
    filter.clone_into(slot);
    Ok(answered)
}

fn check(scenario: &Scenario, exercise: &Exercise, clock: i64) -> ExerciseResult {
    let mut result = ExerciseResult {
        id: exercise.id.clone(),
        title: exercise.title.clone(),
        kind: exercise.kind,
        solved: false,
        cases: Vec::new(),
        expected: None,
        actual: None,
    };
    match (&exercise.target, &exercise.expect) {
        (Some(target), _) => {
            result.cases = check_cases(scenario, exercise, target);
            result.solved = result.cases.iter().all(|case| case.passed);
        }
        (None, Some(expected)) => {
            let actual = simulate_given(scenario, exercise, clock);
            result.solved = meets(expected.oauth.as_ref(), actual.oauth.as_ref())
                && meets(expected.mtls.as_ref(), actual.mtls.as_ref());
            result.expected = Some(expected.clone());
            result.actual = Some(actual);
        }
        // The parser gives every exercise a target or an expectation.
        (None, None) => {}
    }
    result
}

pub(super) fn check_cases(
    scenario: &Scenario,
    exercise: &Exercise,
    target: &ExerciseTarget,
) -> Vec<CaseResult> {
    let id = target.pool_id();
    // Prepared as the workspace prepares pools: the same compile, the same lints.
    let pool = match target {
        ExerciseTarget::Pool(_) => scenario.pools.iter().find(|p| p.id == id).map(|pool| {
            let issuer = scenario
                .providers
                .iter()
                .find(|provider| provider.id == pool.provider)
                .map(|provider| provider.issuer.clone());
            (Judge::Claims(PreparedPool::new(pool.clone())), issuer)
        }),
        ExerciseTarget::CertificatePool(_) => scenario
            .certificate_pools
            .iter()
            .find(|p| p.id == id)
            .map(|pool| (Judge::Certificate(PreparedCertificatePool::new(pool.clone())), None)),
    };
    exercise
        .cases
        .iter()
        .map(|case| {
            let (actual, error, report) = match &pool {
                None => {
                    (CaseOutcome::Error, Some(format!("the scenario has no pool {id:?}")), None)
                }
                Some((judge, issuer)) => match bindings(case.input()) {
                    Err(message) => (CaseOutcome::Error, Some(message), None),
                    Ok(bindings) => {
                        let result = judge.evaluate(&bindings, issuer.as_deref());
                        let (actual, error) = outcome(&result);
                        (actual, error, result.filter)
                    }
                },
            };
            let passed = matches!(
                (case.expect, actual),
                (Expectation::Match, CaseOutcome::Match)
                    | (Expectation::NoMatch, CaseOutcome::NoMatch | CaseOutcome::Error)
            );
            let explanation = if passed { None } else { report };
            CaseResult {
                name: case.name.clone(),
                expected: case.expect,
                actual,
                passed,
                error,
                explanation,
            }
        })
        .collect()
}

enum Judge {
    Claims(PreparedPool),
    Certificate(PreparedCertificatePool),
}

impl Judge {
    fn evaluate(&self, bindings: &Bindings, issuer: Option<&str>) -> PoolResult {
        let (pool, owner, filter) = match self {
            Judge::Claims(p) => (&p.pool.id, &p.pool.provider, &p.filter),
            Judge::Certificate(p) => (&p.pool.id, &p.pool.certificate_authority, &p.filter),
        };
        evaluate_pool(pool, "", owner, filter, Some(bindings), issuer, Detail::Explained)
    }
}

/// What a pool's filter reads from a case: the token's claims (read by the token reader),
/// the claims as given, or the leaf certificate's subject attributes.
fn bindings(input: CaseInput<'_>) -> Result<Bindings, String> {
    match input {
        CaseInput::Token(token) => {
            let claims = token_claims(token).map_err(|error| error.message)?;
            Bindings::claims(&claims).map_err(|error| error.to_string())
        }
        CaseInput::Claims(claims) => Bindings::claims(claims).map_err(|error| error.to_string()),
        CaseInput::Certificate(pem) => {
            let chain = parse_pem_chain(pem)
                .map_err(|error| format!("the client certificate cannot be read: {error}"))?;
            let leaf = chain.first().ok_or_else(|| "the client certificate is empty".to_owned())?;
            Bindings::certificate(&dn_bindings(leaf).values).map_err(|error| error.to_string())
        }
    }
}

fn outcome(result: &PoolResult) -> (CaseOutcome, Option<String>) {
    let report = result.filter.as_ref();
    match result.status {
        PoolStatus::Matched => (CaseOutcome::Match, None),
        PoolStatus::NoMatch => (CaseOutcome::NoMatch, None),
        PoolStatus::CompileError => (
            CaseOutcome::Error,
            result.compile_error.as_ref().map(|e| format!("the filter does not compile: {e}")),
        ),
        PoolStatus::Refused => {
            let lints: Vec<&str> = report
                .into_iter()
                .flat_map(|report| &report.lints)
                .filter(|lint| lint.severity == Severity::Error)
                .map(|lint| lint.message.as_str())
                .collect();
            (
                CaseOutcome::Error,
                Some(format!("Confluent Cloud would refuse this filter: {}", lints.join("; "))),
            )
        }
        _ => (
            CaseOutcome::Error,
            Some(
                report
                    .and_then(|report| report.error.clone())
                    .unwrap_or_else(|| "the filter gave no result".to_owned()),
            ),
        ),
    }
}

/// Simulates the scenario with the exercise's `given` inputs in place of the scenario's.
pub(super) fn simulate_given(
    scenario: &Scenario,
    exercise: &Exercise,
    clock: i64,
) -> ActualOutcome {
    let mut scenario = scenario.clone();
    if let Some(given) = &exercise.given {
        if let Some(token) = &given.token {
            scenario.token.clone_from(token);
        }
        if let Some(request) = &given.request {
            scenario.request.clone_from(request);
        }
        if given.client_certificate.is_some() {
            scenario.client_certificate.clone_from(&given.client_certificate);
        }
    }
    let report = analyze(&scenario, clock);
    ActualOutcome { oauth: report.oauth.as_ref().map(oauth), mtls: report.mtls.as_ref().map(mtls) }
}

fn oauth(report: &OAuthReport) -> FlowOutcome {
    FlowOutcome {
        accepted: report.accepted,
        principal: report.principal.clone(),
        pools: report.pools.clone(),
        refused: report.code.map(|code| code.as_str().to_owned()),
        message: report.message.clone(),
    }
}

fn mtls(report: &MtlsReport) -> FlowOutcome {
    FlowOutcome {
        accepted: report.accepted,
        principal: report.principal.clone(),
        pools: report.pools.clone(),
        refused: report.code.map(|code| code.name()),
        message: report.message.clone(),
    }
}

/// A flow meets its expectation when every member the expectation states holds.
fn meets(expected: Option<&ExpectedFlow>, actual: Option<&FlowOutcome>) -> bool {
    let Some(expected) = expected else { return true };
    let Some(actual) = actual else { return false };
    if let Some(code) = &expected.refused {
        return !actual.accepted && actual.refused.as_deref() == Some(code.as_str());
    }
    let accepted = expected.accepted.unwrap_or(true);
    let principal =
        expected.principal.as_ref().is_none_or(|p| actual.principal.as_ref() == Some(p));
    let pools = expected.pools.as_ref().is_none_or(|pools| same_set(pools, &actual.pools));
    actual.accepted == accepted && principal && pools
}

fn same_set(a: &[String], b: &[String]) -> bool {
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    a.sort_unstable();
    a.dedup();
    b.sort_unstable();
    b.dedup();
    a == b
}

fn invalid(message: impl Into<String>) -> CommandError {
    CommandError::new(CommandErrorCode::InvalidArgument, message)
}

#[cfg(test)]
mod tests;
