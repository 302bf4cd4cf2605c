#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `poolcheck exercise` run as a binary: every exit path, the JSON report, and the workshop
//! pack (each exercise unsolved as shipped, solved by its own solution).

mod common;

use std::path::PathBuf;

use common::{json, poolcheck, repository_file, repository_path, stderr, stdout};
use poolcheck_core::commands::{ExerciseOptions, apply_solution, check_exercises};
use poolcheck_core::scenario::{ExerciseKind, Scenario, Solution};

const WORKSHOP: &str = "examples/workshop/workshop.json";

fn workshop_path() -> String {
    repository_path(WORKSHOP).display().to_string()
}

fn workshop() -> Scenario {
    Scenario::parse(&repository_file(WORKSHOP)).unwrap()
}

/// A file under the target directory's temp space, unique to this test.
fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("poolcheck-exercise-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_workshop_pack_is_unsolved_as_shipped_and_solved_by_each_solution() {
    let scenario = workshop();
    assert!(scenario.exercises.len() >= 10);
    let clock = 0; // the pack fixes `now`
    for exercise in &scenario.exercises {
        let only = ExerciseOptions { exercise: Some(exercise.id.clone()), filter: None };
        let before = check_exercises(&scenario, &only, clock).unwrap();
        assert!(!before.solved, "{} is solved as shipped: {before:#?}", exercise.id);

        let solved = apply_solution(&scenario, &exercise.id).unwrap();
        let after = check_exercises(&solved, &only, clock).unwrap();
        assert!(after.solved, "{}'s solution does not solve it: {after:#?}", exercise.id);

        match (&exercise.kind, &exercise.solution) {
            (ExerciseKind::Filter, Some(Solution::Filter(filter))) => {
                let output = poolcheck(
                    &["exercise", &workshop_path(), "--exercise", &exercise.id, "--filter", filter],
                    None,
                );
                assert_eq!(output.status.code(), Some(0), "{}: {}", exercise.id, stdout(&output));
            }
            (ExerciseKind::Outcome, Some(Solution::Patch(_))) => {
                let file = temp_file(&format!("{}.json", exercise.id), &solved.to_json());
                let output = poolcheck(
                    &["exercise", &file.display().to_string(), "--exercise", &exercise.id],
                    None,
                );
                assert_eq!(output.status.code(), Some(0), "{}: {}", exercise.id, stdout(&output));
            }
            other => panic!("{}: a solution of the wrong kind: {other:?}", exercise.id),
        }
    }
}

#[test]
fn solving_the_workshop_in_order_solves_every_exercise() {
    let mut scenario = workshop();
    let ids: Vec<String> = scenario.exercises.iter().map(|e| e.id.clone()).collect();
    for id in &ids {
        scenario = apply_solution(&scenario, id).unwrap();
    }
    let report = check_exercises(&scenario, &ExerciseOptions::default(), 0).unwrap();
    assert!(report.solved, "{report:#?}");
}

#[test]
fn the_workshop_pack_round_trips_and_its_providers_carry_signing_keys() {
    let scenario = workshop();
    assert_eq!(Scenario::parse(&scenario.to_json()).unwrap(), scenario);
    assert_eq!(scenario.signing_key_count(), scenario.providers.len());
}

#[test]
fn unsolved_exercises_exit_1_with_one_line_each_and_the_failing_cases() {
    let output = poolcheck(&["exercise", &workshop_path()], None);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("not solved  scope-by-audience (Scope a pool by audience): 2 of 3 cases"),
        "{text}"
    );
    assert!(
        text.contains(
            "FAIL the billing API's token (aud api://billing): expected no match, got match"
        ),
        "{text}"
    );
    assert!(text.contains("OAuth: actual   REFUSED KID_LOOKUP_FAILED"), "{text}");
    assert!(text.contains("mTLS: expected REFUSED CERT_REVOKED"), "{text}");
    assert!(text.contains("0 of 10 exercises solved"), "{text}");
}

#[test]
fn json_report_has_cases_and_outcomes() {
    let output = poolcheck(&["exercise", &workshop_path(), "--json"], None);
    assert_eq!(output.status.code(), Some(1));
    let report = json(&output);
    assert_eq!(report["solved"], false);
    let first = &report["exercises"][0];
    assert_eq!(first["id"], "scope-by-audience");
    assert_eq!(first["kind"], "filter");
    assert_eq!(first["solved"], false);
    let case = &first["cases"][1];
    assert_eq!(
        (&case["expected"], &case["actual"], &case["passed"]),
        (&"no_match".into(), &"match".into(), &false.into())
    );
    let google = report["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "shared-issuer")
        .unwrap();
    assert_eq!(google["cases"][0]["actual"], "error");
    assert!(google["cases"][0]["error"].as_str().unwrap().contains("sub or"));
    let rotation =
        report["exercises"].as_array().unwrap().iter().find(|e| e["id"] == "key-rotation").unwrap();
    assert_eq!(rotation["expected"]["oauth"]["accepted"], true);
    assert_eq!(rotation["actual"]["oauth"]["refused"], "KID_LOOKUP_FAILED");
    assert_eq!(rotation["actual"]["oauth"]["accepted"], false);
}

#[test]
fn a_filter_answer_is_checked_in_place_of_the_pools() {
    let args = ["exercise", &workshop_path(), "--exercise", "scope-by-audience", "--json"];
    let wrong = poolcheck(&[&args[..], &["--filter", "claims.aud != ''"]].concat(), None);
    assert_eq!(wrong.status.code(), Some(1));
    let report = json(&wrong);
    assert_eq!(report["exercises"].as_array().unwrap().len(), 1);
    let file = temp_file("answer.cel", "claims.aud == 'api://kafka'\n");
    let from_file = format!("@{}", file.display());
    let right = poolcheck(&[&args[..], &["--filter", &from_file]].concat(), None);
    assert_eq!(right.status.code(), Some(0), "{}", stderr(&right));
    assert_eq!(json(&right)["solved"], true);
}

#[test]
fn bad_input_exits_2_with_the_reason() {
    let workshop = workshop_path();
    let okta = repository_path("examples/scenarios/okta.json").display().to_string();
    let cases: [(&[&str], &str, &str); 8] = [
        (&["exercise", "/nonexistent/workshop.json"], "", "/nonexistent/workshop.json"),
        (
            &["exercise", "-"],
            r#"{"version": 1, "exercises": [{"id": "a", "kind": "quiz"}]}"#,
            "-: /exercises/0/kind: expected \"filter\" or \"outcome\"",
        ),
        (&["exercise", &okta], "", "the scenario has no exercises"),
        (
            &["exercise", &workshop, "--exercise", "nope"],
            "",
            "there is no exercise \"nope\"; the scenario has scope-by-audience, ",
        ),
        (
            &["exercise", &workshop, "--filter", "true"],
            "",
            "--filter answers one exercise: name it with --exercise ID",
        ),
        (
            &["exercise", &workshop, "--exercise", "key-rotation", "--filter", "true"],
            "",
            "is an outcome exercise",
        ),
        (
            &[
                "exercise",
                &workshop,
                "--exercise",
                "scope-by-audience",
                "--filter",
                "claims.aud ==",
            ],
            "",
            "the filter does not compile",
        ),
        (
            &[
                "exercise",
                &workshop,
                "--exercise",
                "scope-by-audience",
                "--filter",
                "@/nonexistent.cel",
            ],
            "",
            "/nonexistent.cel",
        ),
    ];
    for (args, stdin, expected) in cases {
        let output = poolcheck(args, stdin);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stdout(&output));
        let message = stderr(&output);
        assert!(message.starts_with("poolcheck: "), "{message}");
        assert!(message.contains(expected), "{args:?}: {message}");
        assert!(stdout(&output).is_empty());
    }
}
