use serde_json::json;

use super::*;
use crate::commands::{ExerciseOptions, apply_solution, check_exercises};
use crate::scenario::MAX_CASES;

fn example(name: &str) -> Scenario {
    let text = match name {
        "auth0" => include_str!("../../../../../examples/scenarios/auth0.json"),
        _ => include_str!("../../../../../examples/scenarios/mtls.json"),
    };
    Scenario::parse(text).unwrap()
}

/// The scenario with `edit` made, as the app keeps it.
fn edited(mut scenario: Scenario, edit: ExerciseEdit) -> Scenario {
    scenario.exercises = edit_exercises(&scenario, edit, 0).unwrap();
    scenario
}

fn solved(scenario: &Scenario) -> Vec<bool> {
    let report = check_exercises(scenario, &ExerciseOptions::default(), 0).unwrap();
    report.exercises.iter().map(|e| e.solved).collect()
}

fn pool(id: &str) -> ExerciseTarget {
    ExerciseTarget::Pool(id.to_owned())
}

#[test]
fn the_current_token_becomes_a_case_with_its_current_result() {
    let scenario = edited(
        example("auth0"),
        ExerciseEdit::AddFilterExercise { target: pool("pool-auth0-apps") },
    );
    let exercise = &scenario.exercises[0];
    assert_eq!(exercise.id, "filter-pool-auth0-apps");
    assert_eq!(exercise.cases.len(), 1);
    assert_eq!(exercise.cases[0].name, "N4xGq7hKc1TzB2mV9pLw@clients");
    assert_eq!(exercise.cases[0].expect, Expectation::Match);
    assert_eq!(exercise.solution, Some(Solution::Filter(scenario.pools[0].filter.clone())));
    assert_eq!(solved(&scenario), [true]);

    // The admins pool does not match this token: the case expects no match.
    let scenario =
        edited(scenario, ExerciseEdit::AddFilterExercise { target: pool("pool-auth0-admins") });
    assert_eq!(scenario.exercises[1].cases[0].expect, Expectation::NoMatch);
    assert_eq!(solved(&scenario), [true, true]);
}

#[test]
fn pasted_claims_and_tokens_are_judged_and_named() {
    let mut scenario = edited(
        example("auth0"),
        ExerciseEdit::AddFilterExercise { target: pool("pool-auth0-apps") },
    );
    let claims =
        r#"{"sub": "other@clients", "aud": "https://kafka.poolcheck.example/", "gty": "password"}"#;
    scenario = edited(
        scenario,
        ExerciseEdit::AddCase { exercise: 0, case: NewCase::Claims { claims: claims.into() } },
    );
    let case = &scenario.exercises[0].cases[1];
    assert_eq!((case.name.as_str(), case.expect), ("other@clients", Expectation::NoMatch));

    // Without a subject, the case is numbered; a token is trimmed and judged the same way.
    scenario = edited(
        scenario,
        ExerciseEdit::AddCase { exercise: 0, case: NewCase::Claims { claims: "{}".into() } },
    );
    assert_eq!(scenario.exercises[0].cases[2].name, "case 3");
    let text = format!("  {}\n", scenario.token);
    scenario =
        edited(scenario, ExerciseEdit::AddCase { exercise: 0, case: NewCase::Pasted { text } });
    assert_eq!(scenario.exercises[0].cases[3].token.as_deref(), Some(scenario.token.as_str()));
    assert_eq!(scenario.exercises[0].cases[3].expect, Expectation::Match);

    // The trainer flips an expectation: the exercise is no longer solved by the filter.
    scenario = edited(
        scenario,
        ExerciseEdit::SetExpectation { exercise: 0, case: 1, expect: Expectation::Match },
    );
    assert_eq!(solved(&scenario), [false]);
    scenario = edited(scenario, ExerciseEdit::RemoveCase { exercise: 0, case: 1 });
    assert_eq!(solved(&scenario), [true]);
}

#[test]
fn unusable_cases_are_refused_with_the_reason() {
    let scenario = edited(
        example("auth0"),
        ExerciseEdit::AddFilterExercise { target: pool("pool-auth0-apps") },
    );
    let refuse = |case: NewCase| {
        edit_exercises(&scenario, ExerciseEdit::AddCase { exercise: 0, case }, 0).unwrap_err()
    };
    let error = refuse(NewCase::Claims { claims: "[1]".into() });
    assert!(error.message.contains("JSON object"), "{error}");
    let error = refuse(NewCase::Claims { claims: "{\"sub\":".into() });
    assert!(error.message.starts_with("the claims are not JSON"), "{error}");
    assert_eq!(
        refuse(NewCase::Token { token: "not a token".into() }).code,
        CommandErrorCode::NotAToken
    );
    let error = refuse(NewCase::ClientCertificate { pem: String::new() });
    assert_eq!(error.code, CommandErrorCode::CertificateUnreadable);

    let mut blank = scenario.clone();
    blank.token.clear();
    let error = edit_exercises(
        &blank,
        ExerciseEdit::AddFilterExercise { target: pool("pool-auth0-admins") },
        0,
    )
    .unwrap_err();
    assert!(error.message.contains("there is no token"), "{error}");
    let error = edit_exercises(
        &scenario,
        ExerciseEdit::AddFilterExercise { target: pool("pool-missing") },
        0,
    )
    .unwrap_err();
    assert_eq!(error.message, "the scenario has no pool \"pool-missing\"");
    let error = edit_exercises(&scenario, ExerciseEdit::RemoveCase { exercise: 0, case: 0 }, 0)
        .unwrap_err();
    assert_eq!(error.message, "a filter exercise keeps at least one case");
    let error = edit_exercises(&scenario, ExerciseEdit::Remove { exercise: 3 }, 0).unwrap_err();
    assert_eq!(error.code, CommandErrorCode::ExerciseNotFound);
}

#[test]
fn the_parser_judges_every_edit() {
    let mut scenario = edited(
        example("auth0"),
        ExerciseEdit::AddFilterExercise { target: pool("pool-auth0-apps") },
    );
    scenario =
        edited(scenario, ExerciseEdit::AddFilterExercise { target: pool("pool-auth0-apps") });
    assert_eq!(scenario.exercises[1].id, "filter-pool-auth0-apps-2");
    let rename = |id: &str| ExerciseEdit::Set {
        exercise: 1,
        field: ExerciseField::Id,
        value: id.to_owned(),
    };
    let error = edit_exercises(&scenario, rename("filter-pool-auth0-apps"), 0).unwrap_err();
    assert_eq!(error.code, CommandErrorCode::ScenarioInvalid);
    assert!(error.message.starts_with("/exercises/1/id: exercise id"), "{error}");
    let error = edit_exercises(&scenario, rename(" "), 0).unwrap_err();
    assert!(error.message.contains("non-blank id"), "{error}");

    // One case over the limit is refused by the limit's name.
    let mut full = scenario.clone();
    let case = full.exercises[0].cases[0].clone();
    full.exercises[0].cases = vec![case; MAX_CASES];
    let error =
        edit_exercises(&full, ExerciseEdit::AddCase { exercise: 0, case: NewCase::Current }, 0)
            .unwrap_err();
    assert!(error.message.contains("MAX_CASES"), "{error}");
}

#[test]
fn titles_instructions_hints_and_solutions_are_kept_as_typed() {
    let mut scenario = edited(
        example("auth0"),
        ExerciseEdit::AddFilterExercise { target: pool("pool-auth0-apps") },
    );
    for (field, value) in [
        (ExerciseField::Title, "Machine to machine"),
        (ExerciseField::Instructions, "Admit *only* tokens with `gty`.\n"),
        (ExerciseField::Solution, "claims.gty == 'client-credentials'"),
    ] {
        scenario =
            edited(scenario, ExerciseEdit::Set { exercise: 0, field, value: value.to_owned() });
    }
    scenario = edited(scenario, ExerciseEdit::AddHint { exercise: 0 });
    scenario = edited(scenario, ExerciseEdit::AddHint { exercise: 0 });
    scenario = edited(
        scenario,
        ExerciseEdit::SetHint { exercise: 0, hint: 1, text: "Auth0 says `gty`.".into() },
    );
    scenario = edited(scenario, ExerciseEdit::RemoveHint { exercise: 0, hint: 0 });
    let exercise = &scenario.exercises[0];
    assert_eq!(exercise.title, "Machine to machine");
    assert_eq!(exercise.instructions, "Admit *only* tokens with `gty`.\n");
    assert_eq!(exercise.hints, ["Auth0 says `gty`."]);
    assert_eq!(
        exercise.solution,
        Some(Solution::Filter("claims.gty == 'client-credentials'".into()))
    );
    scenario = edited(
        scenario,
        ExerciseEdit::Set { exercise: 0, field: ExerciseField::Solution, value: " ".into() },
    );
    assert_eq!(scenario.exercises[0].solution, None);

    // What the page built exports as a scenario file and reads back the same.
    let again = Scenario::parse(&scenario.to_json()).unwrap();
    assert_eq!(again.exercises, scenario.exercises);
}

#[test]
fn an_outcome_exercise_records_the_outcome_and_the_fix() {
    let fixed = example("auth0");
    let scenario = edited(fixed.clone(), ExerciseEdit::AddOutcomeExercise);
    let exercise = &scenario.exercises[0];
    let expected = exercise.expect.as_ref().unwrap().oauth.as_ref().unwrap();
    assert_eq!(expected.principal.as_deref(), Some("N4xGq7hKc1TzB2mV9pLw@clients"));
    assert_eq!(expected.pools.as_deref(), Some(&["pool-auth0-apps".to_owned()][..]));
    assert_eq!(exercise.given.as_ref().unwrap().token.as_deref(), Some(fixed.token.as_str()));
    assert_eq!(solved(&scenario), [true]);

    // The trainer breaks the issuer: the learner's starting state does not solve it.
    let mut broken = scenario.clone();
    broken.providers[0].issuer.push_str("wrong/");
    broken.token.clear();
    assert_eq!(solved(&broken), [false]);
    let Some(Solution::Patch(recorded)) = &broken.exercises[0].solution else { panic!() };
    assert_eq!(recorded.len(), 2, "providers and pools");

    // Trimmed, the solution replaces only what was broken, and still solves it.
    broken.exercises =
        edit_exercises(&broken, ExerciseEdit::TrimSolution { exercise: 0 }, 0).unwrap();
    let Some(Solution::Patch(trimmed)) = &broken.exercises[0].solution else { panic!() };
    assert_eq!(trimmed.len(), 1);
    assert_eq!(trimmed[0]["path"], json!("/providers"));
    let answered = apply_solution(&broken, &broken.exercises[0].id).unwrap();
    assert_eq!(solved(&answered), [true]);

    // The solution is JSON text in the page: a typo is named, not kept.
    let set = |value: &str| ExerciseEdit::Set {
        exercise: 0,
        field: ExerciseField::Solution,
        value: value.to_owned(),
    };
    let error = edit_exercises(&broken, set("[{\"op\": \"replace\"}"), 0).unwrap_err();
    assert!(error.message.starts_with("the solution is not JSON"), "{error}");
    let error =
        edit_exercises(&broken, set("[{\"op\": \"rename\", \"path\": \"/x\"}]"), 0).unwrap_err();
    assert!(error.message.contains("not a JSON Patch operation"), "{error}");
}

#[test]
fn certificate_pools_take_certificates() {
    let scenario = edited(
        example("mtls"),
        ExerciseEdit::AddFilterExercise {
            target: ExerciseTarget::CertificatePool("pool-analytics".into()),
        },
    );
    let case = &scenario.exercises[0].cases[0];
    assert_eq!((case.name.as_str(), case.expect), ("case 1", Expectation::NoMatch));
    assert!(case.client_certificate.is_some());
    let error = edit_exercises(
        &scenario,
        ExerciseEdit::AddCase { exercise: 0, case: NewCase::Pasted { text: " {}".into() } },
        0,
    )
    .unwrap_err();
    assert!(
        error.message.contains("certificate pool's cases give a client_certificate"),
        "{error}"
    );
    let with_outcome = edited(scenario, ExerciseEdit::AddOutcomeExercise);
    let expect = with_outcome.exercises[1].expect.as_ref().unwrap();
    assert_eq!(expect.mtls.as_ref().unwrap().principal.as_deref(), Some("orders-service"));
    assert!(expect.oauth.is_none());
}
