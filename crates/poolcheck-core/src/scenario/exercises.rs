//! Workshop exercises a scenario may carry: a filter to write for a pool (cases that must or
//! must not match), or an outcome to reach by fixing the scenario (the login accepted, or
//! refused with a code). Checking them is `commands::exercise`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Fields, Request, ScenarioError, error, list, request, string};
use crate::json::kind;

/// More exercises than this in one scenario is not a workshop a person wrote.
pub const MAX_EXERCISES: usize = 200;
/// The most cases one filter exercise may list.
pub const MAX_CASES: usize = 100;
/// The most operations one outcome exercise's solution patch may hold.
pub const MAX_SOLUTION_OPERATIONS: usize = 100;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Exercise {
    pub id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub title: String,
    /// Plain text with `*emphasis*` and `` `code` ``.
    #[serde(skip_serializing_if = "String::is_empty")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub instructions: String,
    pub kind: ExerciseKind,
    /// Filter exercises: the pool whose filter the learner writes.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub target: Option<ExerciseTarget>,
    /// Filter exercises: what the filter must and must not match.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub cases: Vec<ExerciseCase>,
    /// Outcome exercises: the client's inputs, replacing the scenario's.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub given: Option<Given>,
    /// Outcome exercises: what the simulation must give.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub expect: Option<ExpectedOutcome>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub hints: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub solution: Option<Solution>,
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ExerciseKind {
    Filter,
    Outcome,
}

/// `{ "pool": "pool-…" }` or `{ "certificate_pool": "pool-…" }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ExerciseTarget {
    Pool(String),
    CertificatePool(String),
}

impl ExerciseTarget {
    pub fn pool_id(&self) -> &str {
        match self {
            ExerciseTarget::Pool(id) | ExerciseTarget::CertificatePool(id) => id,
        }
    }
}

/// One input a filter exercise's filter is run against: exactly one of `token`, `claims`
/// (OAuth pools) or `client_certificate` (certificate pools).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ExerciseCase {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional, type = "Record<string, unknown>"))]
    pub claims: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub client_certificate: Option<String>,
    pub expect: Expectation,
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

/// What a case's input is, once the parser has checked there is exactly one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CaseInput<'a> {
    Token(&'a str),
    Claims(&'a Value),
    Certificate(&'a str),
}

impl ExerciseCase {
    pub fn input(&self) -> CaseInput<'_> {
        match (&self.token, &self.claims, &self.client_certificate) {
            (Some(token), _, _) => CaseInput::Token(token),
            (None, Some(claims), _) => CaseInput::Claims(claims),
            (None, None, pem) => CaseInput::Certificate(pem.as_deref().unwrap_or_default()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Expectation {
    Match,
    NoMatch,
}

impl Expectation {
    /// "match" or "no match", as the CLI and the Workshop tab say it.
    pub fn label(self) -> &'static str {
        match self {
            Expectation::Match => "match",
            Expectation::NoMatch => "no match",
        }
    }
}

/// An outcome exercise's client inputs; each present member replaces the scenario's, so one
/// pack can hold exercises about different clients.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Given {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub request: Option<Request>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub client_certificate: Option<String>,
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

/// The outcome an exercise asks for, per flow; a flow left out is not checked.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ExpectedOutcome {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub oauth: Option<ExpectedFlow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub mtls: Option<ExpectedFlow>,
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

/// `{ "accepted": true, "principal"?, "pools"? }`, `{ "refused": "CODE" }`, or
/// `{ "accepted": false }` (refused for any reason). Members left out are not checked.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ExpectedFlow {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub accepted: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub principal: Option<String>,
    /// Compared as a set: the order of pools carries no meaning.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub pools: Option<Vec<String>>,
    /// The refusal code (`KID_LOOKUP_FAILED`, `CERT_REVOKED`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub refused: Option<String>,
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

/// "ACCEPTED as PRINCIPAL through POOLS", "REFUSED CODE" or "REFUSED": what is checked.
impl std::fmt::Display for ExpectedFlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(code) = &self.refused {
            return write!(f, "REFUSED {code}");
        }
        if self.accepted == Some(false) {
            return f.write_str("REFUSED");
        }
        f.write_str("ACCEPTED")?;
        if let Some(principal) = &self.principal {
            write!(f, " as {principal}")?;
        }
        if let Some(pools) = &self.pools {
            write!(f, " through {}", pools.join(", "))?;
        }
        Ok(())
    }
}

/// A filter exercise's answer (the target pool's filter) or an outcome exercise's (RFC 6902
/// JSON Patch operations on the scenario document).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(untagged)]
pub enum Solution {
    Filter(String),
    Patch(
        #[cfg_attr(feature = "typescript", ts(type = "Array<Record<string, unknown>>"))] Vec<Value>,
    ),
}

pub(super) fn exercises(value: &Value, path: &str) -> Result<Vec<Exercise>, ScenarioError> {
    let count = value.as_array().map_or(0, Vec::len);
    if count > MAX_EXERCISES {
        return Err(error(
            path,
            format!("{count} exercises; the limit is {MAX_EXERCISES} (MAX_EXERCISES)"),
        ));
    }
    let exercises = list(value, path, exercise)?;
    for (index, exercise) in exercises.iter().enumerate() {
        if exercises[..index].iter().any(|earlier| earlier.id == exercise.id) {
            return Err(error(
                &format!("{path}/{index}/id"),
                format!("exercise id {:?} is used twice; ids must be unique", exercise.id),
            ));
        }
    }
    Ok(exercises)
}

fn exercise(value: &Value, path: &str) -> Result<Exercise, ScenarioError> {
    let mut fields = Fields::of(value, path.to_owned())?;
    let id = fields.required("id", string)?;
    if id.trim().is_empty() {
        return Err(error(&format!("{path}/id"), "an exercise needs a non-blank id"));
    }
    let title = fields.take("title", string)?.unwrap_or_default();
    let instructions = fields.take("instructions", string)?.unwrap_or_default();
    let kind = fields.required("kind", exercise_kind)?;
    let target = fields.take("target", target)?;
    let cases = fields.take("cases", cases)?;
    let given = fields.take("given", given)?;
    let expect = fields.take("expect", expected_outcome)?;
    let hints = fields.take("hints", |v, p| list(v, p, string))?.unwrap_or_default();
    let solution = fields.take("solution", |v, p| solution(v, p, kind))?;
    let misplaced = |name: &str, kind: &str| {
        error(&format!("{path}/{name}"), format!("only {kind} exercises have {name}"))
    };
    let missing =
        |name: &str, what: &str| error(&format!("{path}/{name}"), format!("missing: {what}"));
    let cases = match kind {
        ExerciseKind::Filter => {
            if given.is_some() {
                return Err(misplaced("given", "outcome"));
            }
            if expect.is_some() {
                return Err(misplaced("expect", "outcome"));
            }
            let target = target.as_ref().ok_or_else(|| {
                missing("target", "a filter exercise names its pool ({\"pool\": \"pool-…\"})")
            })?;
            let cases = cases
                .filter(|cases| !cases.is_empty())
                .ok_or_else(|| missing("cases", "a filter exercise lists at least one case"))?;
            check_cases_fit(&cases, target, &format!("{path}/cases"))?;
            cases
        }
        ExerciseKind::Outcome => {
            if target.is_some() {
                return Err(misplaced("target", "filter"));
            }
            if cases.is_some() {
                return Err(misplaced("cases", "filter"));
            }
            if expect.is_none() {
                return Err(missing("expect", "an outcome exercise says what outcome to reach"));
            }
            Vec::new()
        }
    };
    Ok(Exercise {
        id,
        title,
        instructions,
        kind,
        target,
        cases,
        given,
        expect,
        hints,
        solution,
        unknown: fields.rest(),
    })
}

fn exercise_kind(value: &Value, path: &str) -> Result<ExerciseKind, ScenarioError> {
    match value.as_str() {
        Some("filter") => Ok(ExerciseKind::Filter),
        Some("outcome") => Ok(ExerciseKind::Outcome),
        _ => Err(error(path, format!("expected \"filter\" or \"outcome\", found {value}"))),
    }
}

fn target(value: &Value, path: &str) -> Result<ExerciseTarget, ScenarioError> {
    let mut fields = Fields::of(value, path.to_owned())?;
    let pool = fields.take("pool", string)?;
    let certificate_pool = fields.take("certificate_pool", string)?;
    let rest = fields.rest();
    let expected = "expected exactly one of \"pool\" or \"certificate_pool\"";
    if let Some(name) = rest.keys().next() {
        return Err(error(path, format!("{expected}, found {name:?}")));
    }
    match (pool, certificate_pool) {
        (Some(id), None) => Ok(ExerciseTarget::Pool(id)),
        (None, Some(id)) => Ok(ExerciseTarget::CertificatePool(id)),
        _ => Err(error(path, expected)),
    }
}

fn cases(value: &Value, path: &str) -> Result<Vec<ExerciseCase>, ScenarioError> {
    let count = value.as_array().map_or(0, Vec::len);
    if count > MAX_CASES {
        return Err(error(
            path,
            format!("{count} cases; the limit is {MAX_CASES} per exercise (MAX_CASES)"),
        ));
    }
    list(value, path, case)
}

fn case(value: &Value, path: &str) -> Result<ExerciseCase, ScenarioError> {
    let mut fields = Fields::of(value, path.to_owned())?;
    let name = fields.required("name", string)?;
    let token = fields.take("token", string)?;
    let claims = fields.take("claims", |v, p| match v {
        Value::Object(_) => Ok(v.clone()),
        other => Err(error(p, format!("expected an object, found {}", kind(other)))),
    })?;
    let client_certificate = fields.take("client_certificate", string)?;
    let given = [token.is_some(), claims.is_some(), client_certificate.is_some()];
    if given.iter().filter(|given| **given).count() != 1 {
        return Err(error(
            path,
            "a case gives exactly one of \"token\", \"claims\" or \"client_certificate\"",
        ));
    }
    let expect = fields.required("expect", |v, p| match v.as_str() {
        Some("match") => Ok(Expectation::Match),
        Some("no_match") => Ok(Expectation::NoMatch),
        _ => Err(error(p, format!("expected \"match\" or \"no_match\", found {v}"))),
    })?;
    Ok(ExerciseCase { name, token, claims, client_certificate, expect, unknown: fields.rest() })
}

/// A certificate pool's filter reads a certificate; an OAuth pool's reads claims.
fn check_cases_fit(
    cases: &[ExerciseCase],
    target: &ExerciseTarget,
    path: &str,
) -> Result<(), ScenarioError> {
    for (index, case) in cases.iter().enumerate() {
        let fits = matches!(
            (target, case.input()),
            (ExerciseTarget::Pool(_), CaseInput::Token(_) | CaseInput::Claims(_))
                | (ExerciseTarget::CertificatePool(_), CaseInput::Certificate(_))
        );
        if !fits {
            let wanted = match target {
                ExerciseTarget::Pool(_) => "a pool's cases give a token or claims",
                ExerciseTarget::CertificatePool(_) => {
                    "a certificate pool's cases give a client_certificate"
                }
            };
            return Err(error(&format!("{path}/{index}"), wanted));
        }
    }
    Ok(())
}

fn given(value: &Value, path: &str) -> Result<Given, ScenarioError> {
    let mut fields = Fields::of(value, path.to_owned())?;
    Ok(Given {
        token: fields.take("token", string)?,
        request: fields.take("request", request)?,
        client_certificate: fields.take("client_certificate", string)?,
        unknown: fields.rest(),
    })
}

fn expected_outcome(value: &Value, path: &str) -> Result<ExpectedOutcome, ScenarioError> {
    let mut fields = Fields::of(value, path.to_owned())?;
    let outcome = ExpectedOutcome {
        oauth: fields.take("oauth", expected_flow)?,
        mtls: fields.take("mtls", expected_flow)?,
        unknown: fields.rest(),
    };
    if outcome.oauth.is_none() && outcome.mtls.is_none() {
        return Err(error(path, "expected \"oauth\" or \"mtls\" (or both)"));
    }
    Ok(outcome)
}

fn expected_flow(value: &Value, path: &str) -> Result<ExpectedFlow, ScenarioError> {
    let mut fields = Fields::of(value, path.to_owned())?;
    let flow = ExpectedFlow {
        accepted: fields.take("accepted", super::boolean)?,
        principal: fields.take("principal", string)?,
        pools: fields.take("pools", |v, p| list(v, p, string))?,
        refused: fields.take("refused", string)?,
        unknown: fields.rest(),
    };
    let accepting = flow.principal.is_some() || flow.pools.is_some();
    match (flow.accepted, &flow.refused) {
        (None, None) => {
            Err(error(path, "say \"accepted\": true (or false), or \"refused\": \"CODE\""))
        }
        (Some(true), Some(_)) => Err(error(path, "\"accepted\": true and \"refused\" disagree")),
        (Some(false), _) | (None, Some(_)) if accepting => Err(error(
            path,
            "\"principal\" and \"pools\" describe an accepted login; a refused one has neither",
        )),
        _ => Ok(flow),
    }
}

fn solution(value: &Value, path: &str, kind: ExerciseKind) -> Result<Solution, ScenarioError> {
    match kind {
        ExerciseKind::Filter => string(value, path).map(Solution::Filter),
        ExerciseKind::Outcome => {
            let count = value.as_array().map_or(0, Vec::len);
            if count > MAX_SOLUTION_OPERATIONS {
                return Err(error(
                    path,
                    format!(
                        "{count} patch operations; the limit is {MAX_SOLUTION_OPERATIONS} \
                         (MAX_SOLUTION_OPERATIONS)"
                    ),
                ));
            }
            list(value, path, patch_operation).map(Solution::Patch)
        }
    }
}

/// The shape of an RFC 6902 operation, checked when the pack loads so a typo is named by its
/// pointer. Checked by hand rather than with json-patch's deserializer so the parser, which
/// the app's initial download carries, does not pull it in; `apply_solution` applies the
/// operations with json-patch, which reports anything this lets through.
fn patch_operation(value: &Value, path: &str) -> Result<Value, ScenarioError> {
    let operation = value.as_object().ok_or_else(|| {
        error(path, format!("expected a JSON Patch operation, found {}", kind(value)))
    })?;
    let op = operation.get("op").and_then(Value::as_str).unwrap_or_default();
    let needs = match op {
        "add" | "replace" | "test" => "value",
        "move" | "copy" => "from",
        "remove" => "path",
        _ => {
            return Err(error(
                path,
                format!(
                    "not a JSON Patch operation: \"op\" is add, remove, replace, move, copy or \
                     test, found {}",
                    operation.get("op").map_or_else(|| "nothing".to_owned(), Value::to_string)
                ),
            ));
        }
    };
    let pointer = |name: &str| operation.get(name).and_then(Value::as_str);
    if !pointer("path").is_some_and(|p| p.is_empty() || p.starts_with('/')) {
        return Err(error(path, "not a JSON Patch operation: \"path\" must be a JSON Pointer"));
    }
    if !operation.contains_key(needs) || (needs == "from" && pointer("from").is_none()) {
        return Err(error(path, format!("not a JSON Patch operation: {op} needs {needs:?}")));
    }
    Ok(value.clone())
}
