use serde_json::{Value, json};

use super::*;
use crate::scenario::{MAX_CASES, MAX_EXERCISES, MAX_SOLUTION_OPERATIONS};

const CLOCK: i64 = 1_767_258_000;

fn keycloak() -> Value {
    serde_json::from_str(include_str!("../../../../../examples/scenarios/keycloak.json")).unwrap()
}

/// The Keycloak example (a rotated key: KID_LOOKUP_FAILED) with two exercises.
fn document() -> Value {
    let mut document = keycloak();
    // The example's token expires at the example's `now`: step back into its lifetime.
    document["now"] = json!(CLOCK - 400);
    // The realm's new public key: its demo signing key without the private members.
    let signing = document["providers"][0]["signing_key"].clone();
    let mut public = signing.as_object().unwrap().clone();
    for private in ["d", "p", "q", "dp", "dq", "qi"] {
        public.remove(private);
    }
    document["exercises"] = json!([
        {
            "id": "producers-only", "kind": "filter", "title": "Producers only",
            "target": {"pool": "pool-keycloak-producers"},
            "cases": [
                {"name": "the producer's token", "token": document["token"].clone(), "expect": "match"},
                {"name": "a consumer", "claims": {"azp": "kafka-consumer", "realm_access": {"roles": ["kafka-consumer"]}}, "expect": "no_match"},
                {"name": "no roles", "claims": {"azp": "kafka-producer"}, "expect": "no_match"}
            ],
            "hints": ["roles are under realm_access"],
            "solution": "claims.azp == 'kafka-producer'",
            "trainer_note": "kept on a round trip"
        },
        {
            "id": "rotation", "kind": "outcome", "title": "Rotate",
            "expect": {"oauth": {"accepted": true, "principal": "service-account-kafka-producer", "pools": ["pool-keycloak-producers"]}},
            "solution": [{"op": "add", "path": "/providers/0/jwks/keys/-", "value": Value::Object(public)}]
        }
    ]);
    document
}

fn parse(document: &Value) -> Scenario {
    Scenario::from_value(document).unwrap()
}

#[test]
fn exercises_round_trip_with_unknown_members() {
    let scenario = parse(&document());
    assert_eq!(scenario.exercises.len(), 2);
    assert_eq!(scenario.exercises[0].unknown["trainer_note"], json!("kept on a round trip"));
    let again: Value = serde_json::from_str(&scenario.to_json()).unwrap();
    assert_eq!(again["exercises"], document()["exercises"]);
    assert_eq!(Scenario::from_value(&again).unwrap(), scenario);
}

#[test]
fn checks_a_filter_exercise_case_by_case() {
    let scenario = parse(&document());
    let options = ExerciseOptions { exercise: Some("producers-only".into()), filter: None };
    let report = check_exercises(&scenario, &options, CLOCK).unwrap();
    let result = &report.exercises[0];
    // The starting filter reads claims.realm_access.roles: an error without it, which counts
    // as no match.
    assert!(result.solved, "{result:#?}");
    assert_eq!(result.cases[2].actual, CaseOutcome::Error);
    assert!(result.cases[2].error.as_deref().unwrap().contains("realm_access"));
    assert!(result.cases[2].passed);

    let wrong = ExerciseOptions { filter: Some("true".into()), ..options.clone() };
    let report = check_exercises(&scenario, &wrong, CLOCK).unwrap();
    assert!(!report.solved);
    let cases: Vec<(CaseOutcome, bool)> =
        report.exercises[0].cases.iter().map(|c| (c.actual, c.passed)).collect();
    assert_eq!(
        cases,
        [(CaseOutcome::Match, true), (CaseOutcome::Match, false), (CaseOutcome::Match, false)]
    );
    assert_eq!(report.exit_code(), 1);
}

#[test]
fn checks_an_outcome_exercise_and_its_patch_solves_it() {
    let scenario = parse(&document());
    let options = ExerciseOptions { exercise: Some("rotation".into()), filter: None };
    let report = check_exercises(&scenario, &options, CLOCK).unwrap();
    let result = &report.exercises[0];
    assert!(!result.solved);
    let oauth = result.actual.as_ref().unwrap().oauth.as_ref().unwrap();
    assert_eq!(oauth.refused.as_deref(), Some("KID_LOOKUP_FAILED"));

    let fixed = apply_solution(&scenario, "rotation").unwrap();
    let report = check_exercises(&fixed, &options, CLOCK).unwrap();
    assert!(report.solved, "{report:#?}");
    assert_eq!(report.exit_code(), 0);
    // The patched scenario keeps its exercises.
    assert_eq!(fixed.exercises, scenario.exercises);
}

#[test]
fn applying_a_filter_solution_sets_the_target_pool() {
    let scenario = parse(&document());
    let solved = apply_solution(&scenario, "producers-only").unwrap();
    assert_eq!(solved.pools[0].filter, "claims.azp == 'kafka-producer'");
}

#[test]
fn given_replaces_the_client_inputs() {
    let mut document = document();
    document["exercises"][1]["given"] =
        json!({"token": "", "request": {"logical_cluster": "lkc-1"}});
    document["exercises"][1]["expect"] = json!({"oauth": {"refused": "JWT_PROCESSING_FAILED"}});
    let scenario = parse(&document);
    let options = ExerciseOptions { exercise: Some("rotation".into()), filter: None };
    let report = check_exercises(&scenario, &options, CLOCK).unwrap();
    assert!(report.solved, "{report:#?}");
}

#[test]
fn input_errors() {
    let scenario = parse(&document());
    let error = |options: ExerciseOptions| check_exercises(&scenario, &options, CLOCK).unwrap_err();
    let unknown = error(ExerciseOptions { exercise: Some("nope".into()), filter: None });
    assert_eq!(unknown.code, CommandErrorCode::ExerciseNotFound);
    assert!(unknown.message.contains("producers-only, rotation"), "{}", unknown.message);
    let unnamed = error(ExerciseOptions { exercise: None, filter: Some("true".into()) });
    assert_eq!(unnamed.code, CommandErrorCode::InvalidArgument);
    let outcome =
        error(ExerciseOptions { exercise: Some("rotation".into()), filter: Some("true".into()) });
    assert_eq!(outcome.code, CommandErrorCode::InvalidArgument);
    let broken = error(ExerciseOptions {
        exercise: Some("producers-only".into()),
        filter: Some("claims.aud ==".into()),
    });
    assert_eq!(broken.code, CommandErrorCode::FilterDoesNotCompile);
    let none = check_exercises(&parse(&keycloak()), &ExerciseOptions::default(), CLOCK);
    assert_eq!(none.unwrap_err().code, CommandErrorCode::ExerciseNotFound);
}

#[test]
fn invalid_exercises_name_the_json_pointer() {
    let cases = [
        (
            json!([{"id": "a", "kind": "quiz"}]),
            "/exercises/0/kind: expected \"filter\" or \"outcome\", found \"quiz\"",
        ),
        (
            json!([{"id": "a", "kind": "filter", "cases": [{"name": "x", "claims": {}, "expect": "match"}]}]),
            "/exercises/0/target: missing: a filter exercise names its pool ({\"pool\": \"pool-…\"})",
        ),
        (
            json!([{"id": "a", "kind": "filter", "target": {"pool": "p"}, "cases": [{"name": "x", "expect": "match"}]}]),
            "/exercises/0/cases/0: a case gives exactly one of \"token\", \"claims\" or \"client_certificate\"",
        ),
        (
            json!([{"id": "a", "kind": "filter", "target": {"pool": "p"}, "cases": [{"name": "x", "client_certificate": "PEM", "expect": "match"}]}]),
            "/exercises/0/cases/0: a pool's cases give a token or claims",
        ),
        (
            json!([{"id": "a", "kind": "filter", "target": {"pool": "p"}, "cases": [{"name": "x", "claims": {}, "expect": "yes"}]}]),
            "/exercises/0/cases/0/expect: expected \"match\" or \"no_match\", found \"yes\"",
        ),
        (
            json!([{"id": "a", "kind": "outcome"}]),
            "/exercises/0/expect: missing: an outcome exercise says what outcome to reach",
        ),
        (
            json!([{"id": "a", "kind": "outcome", "expect": {"oauth": {}}}]),
            "/exercises/0/expect/oauth: say \"accepted\": true (or false), or \"refused\": \"CODE\"",
        ),
        (
            json!([{"id": "a", "kind": "outcome", "expect": {"oauth": {"accepted": true}}, "solution": [{"op": "jump", "path": "/x"}]}]),
            "/exercises/0/solution/0: not a JSON Patch operation",
        ),
        (
            json!([{"id": "a", "kind": "outcome", "expect": {"oauth": {"accepted": true}}, "solution": [{"op": "add", "path": "/x"}]}]),
            "/exercises/0/solution/0: not a JSON Patch operation: add needs \"value\"",
        ),
        (
            json!([{"id": "a", "kind": "outcome", "expect": {"oauth": {"accepted": true}}, "solution": [{"op": "remove", "path": "x"}]}]),
            "/exercises/0/solution/0: not a JSON Patch operation: \"path\" must be a JSON Pointer",
        ),
        (
            json!([{"id": "a", "kind": "outcome", "expect": {"mtls": {"refused": "X"}}}, {"id": "a", "kind": "outcome", "expect": {"mtls": {"refused": "X"}}}]),
            "/exercises/1/id: exercise id \"a\" is used twice; ids must be unique",
        ),
    ];
    for (exercises, expected) in cases {
        let document = json!({"version": 1, "exercises": exercises});
        let message = Scenario::from_value(&document).unwrap_err().to_string();
        assert!(message.starts_with(expected), "{message}\n  expected {expected}");
    }
}

#[test]
fn limits_are_named_and_refuse_one_over() {
    let outcome = json!({"kind": "outcome", "expect": {"oauth": {"accepted": true}}});
    let exercises: Vec<Value> = (0..=MAX_EXERCISES)
        .map(|n| {
            let mut exercise = outcome.clone();
            exercise["id"] = json!(format!("e{n}"));
            exercise
        })
        .collect();
    let error = Scenario::from_value(&json!({"version": 1, "exercises": exercises})).unwrap_err();
    assert_eq!(error.path, "/exercises");
    assert!(error.message.contains("MAX_EXERCISES"), "{error}");
    let at_limit = &exercises[..MAX_EXERCISES];
    assert!(Scenario::from_value(&json!({"version": 1, "exercises": at_limit})).is_ok());

    let case = json!({"name": "c", "claims": {}, "expect": "match"});
    let filter = |count: usize| {
        json!({"version": 1, "exercises": [{"id": "f", "kind": "filter", "target": {"pool": "p"},
            "cases": vec![case.clone(); count]}]})
    };
    let error = Scenario::from_value(&filter(MAX_CASES + 1)).unwrap_err();
    assert_eq!(error.path, "/exercises/0/cases");
    assert!(error.message.contains("MAX_CASES"), "{error}");
    assert!(Scenario::from_value(&filter(MAX_CASES)).is_ok());

    let operation = json!({"op": "remove", "path": "/title"});
    let mut patched = outcome.clone();
    patched["id"] = json!("p");
    patched["solution"] = json!(vec![operation; MAX_SOLUTION_OPERATIONS + 1]);
    let error = Scenario::from_value(&json!({"version": 1, "exercises": [patched]})).unwrap_err();
    assert!(error.message.contains("MAX_SOLUTION_OPERATIONS"), "{error}");
}

#[test]
fn a_patch_that_does_not_apply_is_an_input_error() {
    let mut document = document();
    document["exercises"][1]["solution"] =
        json!([{"op": "replace", "path": "/providers/7/issuer", "value": "x"}]);
    let error = apply_solution(&parse(&document), "rotation").unwrap_err();
    assert_eq!(error.code, CommandErrorCode::ScenarioInvalid);
    assert!(error.message.starts_with("exercise \"rotation\"'s solution: "), "{}", error.message);
    document["exercises"][1]["solution"] =
        json!([{"op": "replace", "path": "/version", "value": 2}]);
    let error = apply_solution(&parse(&document), "rotation").unwrap_err();
    assert!(error.message.contains("the patched scenario is not a scenario"), "{}", error.message);
    document["exercises"][1].as_object_mut().unwrap().remove("solution");
    let error = apply_solution(&parse(&document), "rotation").unwrap_err();
    assert_eq!(error.code, CommandErrorCode::ExerciseNotFound);
}
