#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `poolcheck simulate` run as a binary: exit codes, the JSON report, token and clock overrides.

mod common;

use common::{json, poolcheck, repository_file, repository_path, stderr, stdout};

fn example(name: &str) -> String {
    repository_path(&format!("examples/scenarios/{name}.json")).display().to_string()
}

#[test]
fn accepted_scenario_exits_0_with_the_oauth_section() {
    let output = poolcheck(&["simulate", &example("okta"), "--json"], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    let oauth = &report["oauth"];
    assert_eq!(oauth["accepted"], true);
    assert_eq!(oauth["principal"], "0oa9poolcheckdemo5d7");
    assert_eq!(oauth["pools"], serde_json::json!(["pool-okta-producers"]));
    assert_eq!(oauth["code"], serde_json::Value::Null);
    assert_eq!(oauth["hint"], serde_json::Value::Null);
    let stages: Vec<&str> =
        oauth["stages"].as_array().unwrap().iter().map(|s| s["stage"].as_str().unwrap()).collect();
    assert_eq!(
        stages,
        ["request", "decode", "provider", "key", "signature", "time", "pools", "principal"]
    );
    assert!(
        report["assumptions"].as_array().unwrap().iter().any(|a| a["id"] == "issuer_exact_match")
    );
    assert!(report.get("mtls").is_none());
}

#[test]
fn refused_scenario_exits_1_with_code_and_hint() {
    let output = poolcheck(&["simulate", &example("keycloak"), "--json"], None);
    assert_eq!(output.status.code(), Some(1));
    let oauth = &json(&output)["oauth"];
    assert_eq!(oauth["accepted"], false);
    assert_eq!(oauth["principal"], serde_json::Value::Null);
    assert_eq!(oauth["code"], "KID_LOOKUP_FAILED");
    assert!(oauth["hint"].as_str().unwrap().contains("rotated"));

    let text = stdout(&poolcheck(&["simulate", &example("keycloak")], None));
    assert!(text.contains("OAuth: REFUSED KID_LOOKUP_FAILED"), "{text}");
    assert!(text.contains("FAIL key"), "{text}");
}

#[test]
fn now_and_token_override_the_scenario() {
    let output = poolcheck(&["simulate", &example("okta"), "--now", "1900000000", "--json"], None);
    assert_eq!(output.status.code(), Some(1));
    let oauth = &json(&output)["oauth"];
    assert_eq!(
        (oauth["code"].as_str(), oauth["cause"].as_str()),
        (Some("JWT_PROCESSING_FAILED"), Some("expired"))
    );

    let output = poolcheck(&["simulate", &example("okta"), "--token", "-", "--json"], "Bearer abc");
    assert_eq!(json(&output)["oauth"]["cause"], "token_unreadable");
}

#[test]
fn scenario_from_stdin_and_mtls_section() {
    let pem = |name: &str| repository_file(&format!("tests/fixtures/certs/{name}.pem"));
    let scenario = serde_json::json!({
        "version": 1,
        "now": 1767225600,
        "certificate_authorities": [{"id": "op-ca", "certificate_chain": pem("ca-chain"), "crl": repository_file("tests/fixtures/certs/intermediate-ca.crl.pem")}],
        "certificate_pools": [{"id": "pool-kafka", "certificate_authority": "op-ca", "external_identifier": "CN", "filter": "OU.startsWith('kafka')"}],
        "client_certificate": pem("client-revoked"),
    });
    let output = poolcheck(&["simulate", "-", "--json"], scenario.to_string().as_str());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["oauth"], serde_json::Value::Null);
    let mtls = &report["mtls"];
    assert_eq!(mtls["accepted"], false);
    assert_eq!(mtls["code"], "CERT_REVOKED");
    assert_eq!(mtls["chain_valid"], false);
    assert!(mtls["stages"].as_array().unwrap().len() >= 4);
}

#[test]
fn unusable_scenarios_exit_2_with_the_json_path() {
    for (document, expected) in [
        (
            r#"{"version": 1, "pools": [{"id": "p", "provider": 3}]}"#,
            "/pools/0/provider: expected a string, found a number",
        ),
        (r#"{"version": 7}"#, "version 7 is not supported"),
        ("{", "not JSON"),
    ] {
        let output = poolcheck(&["simulate", "-"], document);
        assert_eq!(output.status.code(), Some(2), "{document}");
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(message.starts_with("poolcheck: -: ") && message.contains(expected), "{message}");
    }
    let output = poolcheck(&["simulate", "/nonexistent.json"], None);
    assert_eq!(output.status.code(), Some(2));
    let output = poolcheck(&["simulate", "-", "--token", "-"], None);
    assert!(stderr(&output).contains("cannot both come from stdin"));
}
