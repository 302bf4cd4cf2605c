#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{poolcheck, stderr, stdout};
use serde_json::Value;

/// Header {"alg":"HS256","typ":"JWT"}; payload {"iss":"https://accounts.google.com",
/// "sub":"repo:acme/app","aud":"kafka","groups":["g-1"]}; the signature is not checked here.
const TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2FjY291bnRzLmdvb2dsZS5jb20iLCJzdWIiOiJyZXBvOmFjbWUvYXBwIiwiYXVkIjoia2Fma2EiLCJncm91cHMiOlsiZy0xIl19.c2ln";

const CLAIMS: &str = r#"{"aud": "kafka", "groups": ["g-1", "g-2"], "sub": "svc-1"}"#;

#[test]
fn a_match_exits_0_and_explains() {
    let output = poolcheck(&["filter", "claims.aud == 'kafka'", "--claims", "-"], CLAIMS);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("Result  match (true)"), "{text}");
    assert!(text.contains("    claims.aud  →  \"kafka\""), "{text}");
}

#[test]
fn no_match_exits_1_with_short_circuit_shown() {
    let output = poolcheck(
        &["filter", "claims.aud == 'flink' && 'g-1' in claims.groups", "--claims", "-"],
        CLAIMS,
    );
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("Result  no match (false)"), "{text}");
    assert!(text.contains("'g-1' in claims.groups  →  not evaluated"), "{text}");
}

#[test]
fn an_evaluation_error_exits_1_and_json_has_null_result() {
    let output = poolcheck(&["filter", "claims.team == 'red'", "--claims", "-", "--json"], CLAIMS);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["result"], Value::Null);
    assert_eq!(report["error"], "No such key: team");
    assert_eq!(report["explanation"][0]["expression"], "claims.team == 'red'");
    assert_eq!(report["explanation"][0]["outcome"]["kind"], "error");
    assert_eq!(report["lints"][0]["code"], "filter_reads_missing");
}

#[test]
fn json_shape_for_a_match() {
    let output =
        poolcheck(&["filter", "'g-2' in claims.groups", "--claims", "-", "--json"], CLAIMS);
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["result"], true);
    assert_eq!(report["error"], Value::Null);
    assert_eq!(report["filter"], "'g-2' in claims.groups");
    assert_eq!(report["mode"], "claims");
    let steps = report["explanation"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[1]["depth"], 1);
    assert_eq!(steps[1]["expression"], "claims.groups");
    assert_eq!(steps[1]["outcome"]["value"], "[\"g-1\", \"g-2\"]");
    assert_eq!(report["lints"], serde_json::json!([]));
}

#[test]
fn a_token_supplies_the_claims_and_an_issuer_refuses_an_unconstrained_filter() {
    let output = poolcheck(
        &[
            "filter",
            "'g-1' in claims.groups",
            "--token",
            TOKEN,
            "--issuer",
            "https://accounts.google.com",
            "--json",
        ],
        "",
    );
    // True, but the shared-issuer lint is an error: Confluent Cloud refuses the pool, as
    // `simulate` reports, so the filter does not match.
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["result"], true);
    assert_eq!(report["lints"][0]["code"], "filter_shared_issuer_unconstrained");
    assert_eq!(report["lints"][0]["severity"], "error");
    let output = poolcheck(
        &[
            "filter",
            "'g-1' in claims.groups",
            "--token",
            TOKEN,
            "--issuer",
            "https://accounts.google.com",
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains(
            "Result  no match, refused (the filter is true): Confluent Cloud would refuse this \
             filter when the pool is saved (see the lints)."
        ),
        "{}",
        stdout(&output)
    );
    // Constraining sub satisfies the rule.
    let output = poolcheck(
        &[
            "filter",
            "claims.sub == 'repo:acme/app' && 'g-1' in claims.groups",
            "--token",
            TOKEN,
            "--issuer",
            "https://accounts.google.com",
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    // The token from stdin too.
    let output = poolcheck(&["filter", "claims.sub == 'repo:acme/app'", "--token", "-"], TOKEN);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn a_filter_that_does_not_compile_exits_2_with_a_caret() {
    let output = poolcheck(&["filter", "claims.aud ==", "--claims", "-"], CLAIMS);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let error = stderr(&output);
    assert!(error.starts_with("poolcheck: the filter does not compile: 1:14: "), "{error}");
    assert!(error.contains("\n| claims.aud ==\n|              ^\n"), "{error}");
}

#[test]
fn unreadable_input_exits_2() {
    let output = poolcheck(&["filter", "true", "--claims", "/nonexistent/claims.json"], "");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("poolcheck: "));

    let output = poolcheck(&["filter", "true", "--claims", "-"], "{not json");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("is not JSON"), "{}", stderr(&output));

    let output = poolcheck(&["filter", "true", "--claims", "-"], "[1, 2]");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not a JSON object"), "{}", stderr(&output));

    let output = poolcheck(&["filter", "true", "--token", "not-a-token"], "");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn claims_or_token_is_required() {
    let output = poolcheck(&["filter", "true"], "");
    assert_eq!(output.status.code(), Some(2));
    let output = poolcheck(&["filter", "true", "--claims", "-", "--token", TOKEN], CLAIMS);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_filter_can_come_from_a_file() {
    let dir = std::env::temp_dir().join(format!("poolcheck-filter-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("filter.cel");
    std::fs::write(&path, "claims.aud == 'kafka'\n  && claims.sub == 'svc-1'\n").unwrap();
    let argument = format!("@{}", path.display());
    let output = poolcheck(&["filter", &argument, "--claims", "-"], CLAIMS);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    std::fs::remove_dir_all(&dir).unwrap();
}
