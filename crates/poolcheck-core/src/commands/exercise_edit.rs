//! Writing exercises in the page: the edits a trainer makes. Each edit's result goes through
//! the scenario parser again, so what the page builds is always a workshop a file could hold,
//! and a new case or outcome is judged by the same checks `exercise` runs.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::exercise::{CaseOutcome, FlowOutcome, check_cases, simulate_given};
use super::filter::token_claims;
use super::{CommandError, CommandErrorCode};
use crate::cert::parse_pem_chain;
use crate::json;
use crate::scenario::{
    CaseInput, Exercise, ExerciseCase, ExerciseKind, ExerciseTarget, Expectation, ExpectedFlow,
    ExpectedOutcome, Given, Scenario, Solution,
};
use crate::workspace::unused_id;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ExerciseField {
    Id,
    Title,
    Instructions,
    /// A filter exercise's filter, or an outcome exercise's JSON Patch as JSON text; blank
    /// removes the solution.
    Solution,
}

/// Where a new case of a filter exercise comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum NewCase {
    /// The scenario's token (or client certificate, for a certificate pool).
    Current,
    Token {
        token: String,
    },
    /// A JSON object of claims.
    Claims {
        claims: String,
    },
    ClientCertificate {
        pem: String,
    },
    /// Any of the three as pasted: a JSON object is claims, PEM is a certificate, anything
    /// else is read as a token.
    Pasted {
        text: String,
    },
}

/// One change to a scenario's exercises. A new case expects what the target pool's filter
/// gives it now; a new outcome exercise expects what the simulation gives now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum ExerciseEdit {
    /// A filter exercise for a pool: its filter is the solution, the current token (or
    /// client certificate) the first case.
    AddFilterExercise {
        target: ExerciseTarget,
    },
    /// An outcome exercise for the current token, request and client certificate; the
    /// current providers, pools and certificates are recorded as its solution.
    AddOutcomeExercise,
    Set {
        exercise: usize,
        field: ExerciseField,
        value: String,
    },
    Remove {
        exercise: usize,
    },
    AddCase {
        exercise: usize,
        case: NewCase,
    },
    RenameCase {
        exercise: usize,
        case: usize,
        name: String,
    },
    SetExpectation {
        exercise: usize,
        case: usize,
        expect: Expectation,
    },
    /// The last case stays: a filter exercise has at least one.
    RemoveCase {
        exercise: usize,
        case: usize,
    },
    AddHint {
        exercise: usize,
    },
    SetHint {
        exercise: usize,
        hint: usize,
        text: String,
    },
    RemoveHint {
        exercise: usize,
        hint: usize,
    },
    /// Outcome exercises: expect the current outcome again and record the current scenario
    /// as the solution.
    CaptureOutcome {
        exercise: usize,
    },
    /// Outcome exercises: drops the solution's operations the scenario already satisfies,
    /// leaving what the learner has to change.
    TrimSolution {
        exercise: usize,
    },
}

/// The scenario's exercises after `edit`, or why the edit cannot be made (the exercises are
/// then unchanged). `clock` is used when the scenario does not fix `now`.
pub fn edit_exercises(
    scenario: &Scenario,
    edit: ExerciseEdit,
    clock: i64,
) -> Result<Vec<Exercise>, CommandError> {
    let mut exercises = scenario.exercises.clone();
    match edit {
        ExerciseEdit::AddFilterExercise { target } => {
            exercises.push(new_filter_exercise(scenario, target)?);
        }
        ExerciseEdit::AddOutcomeExercise => {
            let id = unused_id("outcome", exercises.iter().map(|e| e.id.as_str()));
            let mut exercise = Exercise {
                id,
                title: "Reach this outcome".to_owned(),
                instructions: String::new(),
                kind: ExerciseKind::Outcome,
                target: None,
                cases: Vec::new(),
                given: Some(current_inputs(scenario)),
                expect: None,
                hints: Vec::new(),
                solution: None,
                unknown: serde_json::Map::new(),
            };
            capture(scenario, &mut exercise, clock)?;
            exercises.push(exercise);
        }
        ExerciseEdit::Set { exercise, field, value } => {
            let exercise = at(&mut exercises, exercise)?;
            match field {
                ExerciseField::Id => exercise.id = value,
                ExerciseField::Title => exercise.title = value,
                ExerciseField::Instructions => exercise.instructions = value,
                ExerciseField::Solution => exercise.solution = solution(exercise.kind, &value)?,
            }
        }
        ExerciseEdit::Remove { exercise } => {
            at(&mut exercises, exercise)?;
            exercises.remove(exercise);
        }
        ExerciseEdit::AddCase { exercise, case } => {
            let exercise = at(&mut exercises, exercise)?;
            let case = new_case(scenario, exercise, case)?;
            exercise.cases.push(case);
        }
        ExerciseEdit::RenameCase { exercise, case, name } => {
            case_at(&mut exercises, exercise, case)?.name = name;
        }
        ExerciseEdit::SetExpectation { exercise, case, expect } => {
            case_at(&mut exercises, exercise, case)?.expect = expect;
        }
        ExerciseEdit::RemoveCase { exercise, case } => {
            case_at(&mut exercises, exercise, case)?;
            let cases = &mut exercises[exercise].cases;
            if cases.len() == 1 {
                return Err(invalid("a filter exercise keeps at least one case"));
            }
            cases.remove(case);
        }
        ExerciseEdit::AddHint { exercise } => {
            at(&mut exercises, exercise)?.hints.push(String::new())
        }
        ExerciseEdit::SetHint { exercise, hint, text } => {
            *hint_at(&mut exercises, exercise, hint)? = text;
        }
        ExerciseEdit::RemoveHint { exercise, hint } => {
            hint_at(&mut exercises, exercise, hint)?;
            exercises[exercise].hints.remove(hint);
        }
        ExerciseEdit::CaptureOutcome { exercise } => {
            capture(scenario, outcome_at(&mut exercises, exercise)?, clock)?;
        }
        ExerciseEdit::TrimSolution { exercise } => {
            trim_solution(scenario, outcome_at(&mut exercises, exercise)?)?;
        }
    }
    let value = serde_json::to_value(&exercises)
        .map_err(|e| CommandError::new(CommandErrorCode::SerializationFailed, e.to_string()))?;
    Scenario::exercises_from_value(&value)
        .map_err(|error| CommandError::new(CommandErrorCode::ScenarioInvalid, error.to_string()))
}

fn new_filter_exercise(
    scenario: &Scenario,
    target: ExerciseTarget,
) -> Result<Exercise, CommandError> {
    let id = target.pool_id();
    let (name, filter) = match &target {
        ExerciseTarget::Pool(_) => {
            scenario.pools.iter().find(|p| p.id == id).map(|p| (&p.name, &p.filter))
        }
        ExerciseTarget::CertificatePool(_) => {
            scenario.certificate_pools.iter().find(|p| p.id == id).map(|p| (&p.name, &p.filter))
        }
    }
    .ok_or_else(|| invalid(format!("the scenario has no pool {id:?}")))?;
    let shown = if name.is_empty() { id } else { name };
    let mut exercise = Exercise {
        id: unused_id(&format!("filter-{id}"), scenario.exercises.iter().map(|e| e.id.as_str())),
        title: format!("Write the filter of {shown}"),
        instructions: String::new(),
        kind: ExerciseKind::Filter,
        target: Some(target),
        cases: Vec::new(),
        given: None,
        expect: None,
        hints: Vec::new(),
        solution: Some(Solution::Filter(filter.clone())),
        unknown: serde_json::Map::new(),
    };
    let case = new_case(scenario, &exercise, NewCase::Current)?;
    exercise.cases.push(case);
    Ok(exercise)
}

/// A case from `source`, named after its subject where it has one, expecting what the target
/// pool's filter gives it now (an error counts as no match, as checking counts it).
fn new_case(
    scenario: &Scenario,
    exercise: &Exercise,
    source: NewCase,
) -> Result<ExerciseCase, CommandError> {
    let target = exercise
        .target
        .as_ref()
        .ok_or_else(|| invalid("an outcome exercise has no cases; it checks the whole login"))?;
    let mut case = ExerciseCase {
        name: format!("case {}", exercise.cases.len() + 1),
        token: None,
        claims: None,
        client_certificate: None,
        expect: Expectation::Match,
        unknown: serde_json::Map::new(),
    };
    match (source, target) {
        (NewCase::Current, ExerciseTarget::Pool(_)) => {
            if scenario.token.trim().is_empty() {
                return Err(invalid("there is no token: paste one in the Token view first"));
            }
            case.token = Some(scenario.token.trim().to_owned());
        }
        (NewCase::Current, ExerciseTarget::CertificatePool(_)) => {
            let pem = scenario.client_certificate.clone().filter(|pem| !pem.trim().is_empty());
            case.client_certificate = Some(pem.ok_or_else(|| {
                invalid("there is no client certificate: paste one in the Certificates view first")
            })?);
        }
        (NewCase::Token { token }, _) => case.token = Some(token.trim().to_owned()),
        (NewCase::Claims { claims }, _) => case.claims = Some(claims_object(&claims)?),
        (NewCase::ClientCertificate { pem }, _) => case.client_certificate = Some(pem),
        (NewCase::Pasted { text }, _) => {
            let trimmed = text.trim();
            if trimmed.starts_with('{') {
                case.claims = Some(claims_object(trimmed)?);
            } else if trimmed.contains("-----BEGIN") {
                case.client_certificate = Some(text);
            } else {
                case.token = Some(trimmed.to_owned());
            }
        }
    }
    // Unreadable input is refused here rather than kept as a case that can only error.
    let claims = match case.input() {
        CaseInput::Token(token) => Some(token_claims(token)?),
        CaseInput::Claims(claims) => Some(claims.clone()),
        CaseInput::Certificate(pem) => {
            parse_pem_chain(pem).map_err(|error| {
                CommandError::new(
                    CommandErrorCode::CertificateUnreadable,
                    format!("the client certificate cannot be read: {error}"),
                )
            })?;
            None
        }
    };
    if let Some(subject) = claims.as_ref().and_then(subject) {
        case.name = subject;
    }
    let mut trial = exercise.clone();
    trial.cases = vec![case.clone()];
    let judged = check_cases(scenario, &trial, target);
    case.expect = match judged.first().map(|result| result.actual) {
        Some(CaseOutcome::Match) => Expectation::Match,
        _ => Expectation::NoMatch,
    };
    Ok(case)
}

fn claims_object(text: &str) -> Result<Value, CommandError> {
    let parsed = json::parse(text.as_bytes())
        .map_err(|error| invalid(format!("the claims are not JSON: {error}")))?;
    if !parsed.value.is_object() {
        return Err(invalid("the claims must be a JSON object ({\"sub\": \"…\", …})"));
    }
    Ok(parsed.value)
}

/// The `sub` (or `client_id`) the claims name, so a case reads like who it is.
fn subject(claims: &Value) -> Option<String> {
    ["sub", "client_id", "azp"]
        .iter()
        .find_map(|name| claims.get(name).and_then(Value::as_str))
        .filter(|subject| !subject.trim().is_empty())
        .map(str::to_owned)
}

/// The client side of the scenario, so an outcome exercise keeps its client whatever the
/// learner pastes later.
fn current_inputs(scenario: &Scenario) -> Given {
    Given {
        token: Some(scenario.token.trim().to_owned()).filter(|token| !token.is_empty()),
        request: Some(scenario.request.clone()),
        client_certificate: scenario.client_certificate.clone(),
        unknown: serde_json::Map::new(),
    }
}

/// Expects what simulating the scenario gives now, and records the scenario's providers,
/// pools and certificates as the solution: `replace` operations that put them back.
fn capture(scenario: &Scenario, exercise: &mut Exercise, clock: i64) -> Result<(), CommandError> {
    let actual = simulate_given(scenario, exercise, clock);
    let expected = |flow: Option<FlowOutcome>| {
        flow.map(|flow| match flow.refused {
            Some(code) => ExpectedFlow { refused: Some(code), ..ExpectedFlow::default() },
            None if !flow.accepted => ExpectedFlow { accepted: Some(false), ..Default::default() },
            None => ExpectedFlow {
                accepted: Some(true),
                principal: flow.principal,
                pools: Some(flow.pools),
                ..ExpectedFlow::default()
            },
        })
    };
    let outcome = ExpectedOutcome {
        oauth: expected(actual.oauth),
        mtls: expected(actual.mtls),
        unknown: serde_json::Map::new(),
    };
    if outcome.oauth.is_none() && outcome.mtls.is_none() {
        return Err(invalid(
            "there is no outcome to expect: paste a token or a client certificate first",
        ));
    }
    exercise.expect = Some(outcome);
    let document = serde_json::to_value(scenario)
        .map_err(|e| CommandError::new(CommandErrorCode::SerializationFailed, e.to_string()))?;
    let operations = ["providers", "pools", "certificate_authorities", "certificate_pools"]
        .into_iter()
        .filter_map(|member| {
            let value = document.get(member)?;
            Some(json!({ "op": "replace", "path": format!("/{member}"), "value": value }))
        })
        .collect();
    exercise.solution = Some(Solution::Patch(operations));
    Ok(())
}

/// Keeps the operations whose value differs from the scenario's at their path (and any
/// operation other than a `replace`, which this does not judge).
fn trim_solution(scenario: &Scenario, exercise: &mut Exercise) -> Result<(), CommandError> {
    let Some(Solution::Patch(operations)) = &mut exercise.solution else {
        return Err(invalid("this exercise has no solution to trim"));
    };
    let document = serde_json::to_value(scenario)
        .map_err(|e| CommandError::new(CommandErrorCode::SerializationFailed, e.to_string()))?;
    operations.retain(|operation| {
        let path = operation.get("path").and_then(Value::as_str).unwrap_or_default();
        operation.get("op").and_then(Value::as_str) != Some("replace")
            || document.pointer(path) != operation.get("value")
    });
    if operations.is_empty() {
        exercise.solution = None;
    }
    Ok(())
}

fn solution(kind: ExerciseKind, text: &str) -> Result<Option<Solution>, CommandError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    match kind {
        ExerciseKind::Filter => Ok(Some(Solution::Filter(text.to_owned()))),
        ExerciseKind::Outcome => {
            let parsed = json::parse(text.as_bytes())
                .map_err(|error| invalid(format!("the solution is not JSON: {error}")))?;
            match parsed.value {
                Value::Array(operations) => Ok(Some(Solution::Patch(operations))),
                _ => Err(invalid("an outcome exercise's solution is a JSON Patch: an array")),
            }
        }
    }
}

fn at(exercises: &mut [Exercise], index: usize) -> Result<&mut Exercise, CommandError> {
    let count = exercises.len();
    exercises.get_mut(index).ok_or_else(|| {
        CommandError::new(
            CommandErrorCode::ExerciseNotFound,
            format!("there is no exercise {index}; the scenario has {count}"),
        )
    })
}

fn outcome_at(exercises: &mut [Exercise], index: usize) -> Result<&mut Exercise, CommandError> {
    let exercise = at(exercises, index)?;
    if exercise.kind != ExerciseKind::Outcome {
        return Err(invalid(format!("exercise {:?} is a filter exercise", exercise.id)));
    }
    Ok(exercise)
}

fn case_at(
    exercises: &mut [Exercise],
    exercise: usize,
    case: usize,
) -> Result<&mut ExerciseCase, CommandError> {
    let exercise = at(exercises, exercise)?;
    let id = exercise.id.clone();
    exercise
        .cases
        .get_mut(case)
        .ok_or_else(|| invalid(format!("exercise {id:?} has no case {case}")))
}

fn hint_at(
    exercises: &mut [Exercise],
    exercise: usize,
    hint: usize,
) -> Result<&mut String, CommandError> {
    let exercise = at(exercises, exercise)?;
    let id = exercise.id.clone();
    exercise
        .hints
        .get_mut(hint)
        .ok_or_else(|| invalid(format!("exercise {id:?} has no hint {hint}")))
}

fn invalid(message: impl Into<String>) -> CommandError {
    CommandError::new(CommandErrorCode::InvalidArgument, message)
}

#[cfg(test)]
mod tests;
