#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! A token pasted in any accepted form (bare, after `Bearer `, in quotes, with whitespace or
//! newlines around it, as a whole `Authorization:` line) gets the same answer from `decode`,
//! `verify`, `filter --token` and `simulate --token`: the same exit status and byte for byte
//! the same `--json` output, whether it is an argument, `@FILE` or stdin. Whitespace inside a
//! part is read by `decode` (with a warning) but refused by `verify`.

mod common;

use std::path::PathBuf;
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{json, poolcheck, repository_file, repository_path, stderr, stdout};
use serde_json::Value;

/// Where the placeholder in an argument list goes: the token is put there.
const TOKEN: &str = "{token}";

/// The okta example: its token, clock, scenario file and provider keys (written to a file).
struct Okta {
    token: String,
    now: String,
    scenario: String,
    keys: String,
}

/// A fresh path for a file (tests run in parallel threads, so every file gets its own name).
fn scratch(name: &str) -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pasted_forms");
    std::fs::create_dir_all(&dir).unwrap();
    let n = COUNT.fetch_add(1, Ordering::Relaxed);
    dir.join(format!("{}-{n}-{name}", std::process::id()))
}

fn write(name: &str, text: &str) -> String {
    let path = scratch(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn scenario_json(name: &str) -> Value {
    serde_json::from_str(&repository_file(&format!("examples/scenarios/{name}.json"))).unwrap()
}

fn okta() -> Okta {
    let scenario = scenario_json("okta");
    let keys = scenario["providers"][0]["jwks"].to_string();
    Okta {
        token: scenario["token"].as_str().unwrap().to_owned(),
        now: scenario["now"].to_string(),
        scenario: repository_path("examples/scenarios/okta.json").display().to_string(),
        keys: write("okta.jwks.json", &keys),
    }
}

/// Auth0's keys: a JWKS without okta's kid, so `verify` refuses (exit 1).
fn other_keys() -> String {
    write("auth0.jwks.json", &scenario_json("auth0")["providers"][0]["jwks"].to_string())
}

fn pasted_forms(token: &str) -> Vec<String> {
    vec![
        token.to_owned(),
        format!("{token}\n"),
        format!("Bearer {token}"),
        format!("bearer {token}"),
        format!("BEARER\t{token}"),
        format!("'{token}'"),
        format!("\"{token}\""),
        format!("  \n\t{token}\r\n\n  "),
        format!("\n'{token}'\n"),
        format!("Bearer \"{token}\"\n"),
        format!("Authorization: Bearer {token}"),
        format!("Authorization: Bearer {token}\r\n"),
        format!("authorization:bearer {token}"),
        format!("  AUTHORIZATION:  Bearer   '{token}'  \n"),
    ]
}

/// How the token reaches the command.
#[derive(Debug, Clone, Copy)]
enum Via {
    /// The text itself as the argument.
    Argument,
    /// `-` as the argument, the text on stdin.
    Dash,
    /// No argument at all: the command reads stdin.
    Omitted,
    /// `@FILE`.
    File,
}

/// What a command answered: exit status, stdout and stderr, compared byte for byte.
#[derive(Debug, PartialEq)]
struct Answer {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Answer {
    fn of(output: &Output) -> Self {
        Self { status: output.status.code(), stdout: stdout(output), stderr: stderr(output) }
    }
}

/// Runs the command with the token put where the placeholder is, the way `via` says.
fn run(args: &[&str], token: &str, via: Via) -> Output {
    let file = matches!(via, Via::File).then(|| format!("@{}", write("token.txt", token)));
    let mut argv: Vec<&str> = Vec::new();
    for arg in args {
        if *arg != TOKEN {
            argv.push(arg);
            continue;
        }
        match via {
            Via::Argument => argv.push(token),
            Via::Dash => argv.push("-"),
            Via::Omitted => {}
            Via::File => argv.push(file.as_deref().unwrap()),
        }
    }
    let stdin = matches!(via, Via::Dash | Via::Omitted).then_some(token);
    poolcheck(&argv, stdin)
}

/// Asserts every form, by every way in, gets the bare token's answer; returns that answer.
fn same_answer_for_every_form(args: &[&str], vias: &[Via], token: &str) -> Answer {
    let expected = Answer::of(&run(args, token, Via::Argument));
    for form in pasted_forms(token) {
        for via in vias {
            let answer = Answer::of(&run(args, &form, *via));
            assert_eq!(answer, expected, "{args:?} with {form:?} by {via:?}");
        }
    }
    expected
}

const ALL_WAYS: [Via; 4] = [Via::Argument, Via::Dash, Via::Omitted, Via::File];
const FLAG_WAYS: [Via; 3] = [Via::Argument, Via::Dash, Via::File];

#[test]
fn decode_gives_one_answer_for_every_pasted_form() {
    let okta = okta();
    let args = ["decode", "--json", "--now", &okta.now, TOKEN];
    let answer = same_answer_for_every_form(&args, &ALL_WAYS, &okta.token);
    assert_eq!(answer.status, Some(0), "{}", answer.stderr);
    assert!(answer.stderr.is_empty());
    let report: Value = serde_json::from_str(&answer.stdout).unwrap();
    assert_eq!(report["token"], okta.token.as_str());
    assert_eq!(report["header"]["alg"], "RS256");
    assert_eq!(report["claims"]["cid"], "0oa9poolcheckdemo5d7");
    let codes: Vec<&str> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|problem| problem["code"].as_str().unwrap())
        .collect();
    assert!(!codes.contains(&"whitespace_in_token"), "{codes:?}");
    // The text output is the same too.
    let args = ["decode", "--now", &okta.now, TOKEN];
    let answer = same_answer_for_every_form(&args, &[Via::Argument, Via::Dash], &okta.token);
    assert!(answer.stdout.starts_with("JWS (RS256)"), "{}", answer.stdout);
}

#[test]
fn verify_gives_one_answer_for_every_pasted_form() {
    let okta = okta();
    let args = ["verify", "--json", TOKEN, "--keys", &okta.keys];
    let answer = same_answer_for_every_form(&args, &ALL_WAYS, &okta.token);
    assert_eq!(answer.status, Some(0), "{}", answer.stderr);
    let report: Value = serde_json::from_str(&answer.stdout).unwrap();
    assert_eq!(report["signature_valid"], true);
    assert_eq!(report["outcome"], "verified");
    assert_eq!(report["key"]["kid"], "kP3c8dJwQ0vYx5Lr2NhTzE6mUa9sGf1bW7oIeR4yHqs");
    // A refusal is the same for every form too.
    let other = other_keys();
    let args = ["verify", "--json", TOKEN, "--keys", &other];
    let answer = same_answer_for_every_form(&args, &[Via::Argument, Via::Dash], &okta.token);
    assert_eq!(answer.status, Some(1));
    assert_eq!(serde_json::from_str::<Value>(&answer.stdout).unwrap()["outcome"], "kid_not_found");
    // The keys on stdin, the token as an argument.
    let keys = std::fs::read_to_string(&okta.keys).unwrap();
    for form in pasted_forms(&okta.token) {
        let output = poolcheck(&["verify", "--json", &form, "--keys", "-"], keys.as_str());
        assert_eq!(output.status.code(), Some(0), "{form:?}: {}", stderr(&output));
        assert_eq!(json(&output), report, "{form:?}");
    }
}

#[test]
fn filter_gives_one_answer_for_every_pasted_form() {
    let okta = okta();
    let matching = "claims.aud == 'api://kafka' && 'kafka.produce' in claims.scp";
    let args = ["filter", matching, "--token", TOKEN, "--json"];
    let answer = same_answer_for_every_form(&args, &FLAG_WAYS, &okta.token);
    assert_eq!(answer.status, Some(0), "{}", answer.stderr);
    let report: Value = serde_json::from_str(&answer.stdout).unwrap();
    assert_eq!(report["result"], true);
    // With the shared-issuer check, and a filter that does not match.
    let issuer = "https://poolcheck-demo.okta.com/oauth2/default";
    let args = ["filter", matching, "--token", TOKEN, "--issuer", issuer, "--json"];
    assert_eq!(same_answer_for_every_form(&args, &FLAG_WAYS, &okta.token).status, Some(0));
    let args = ["filter", "claims.scp == ['kafka.consume']", "--token", TOKEN, "--json"];
    let answer = same_answer_for_every_form(&args, &FLAG_WAYS, &okta.token);
    assert_eq!(answer.status, Some(1));
    assert_eq!(serde_json::from_str::<Value>(&answer.stdout).unwrap()["result"], false);
}

#[test]
fn simulate_gives_one_answer_for_every_pasted_form() {
    let okta = okta();
    let args = ["simulate", &okta.scenario, "--token", TOKEN, "--now", &okta.now, "--json"];
    let answer = same_answer_for_every_form(&args, &FLAG_WAYS, &okta.token);
    assert_eq!(answer.status, Some(0), "{}", answer.stderr);
    let report: Value = serde_json::from_str(&answer.stdout).unwrap();
    assert_eq!(report["accepted"], true);
    assert_eq!(report["oauth"]["principal"], "0oa9poolcheckdemo5d7");
    // The same as the scenario's own token, with no --token at all.
    let own = poolcheck(&["simulate", &okta.scenario, "--now", &okta.now, "--json"], None);
    assert_eq!(Answer::of(&own), answer);
    // The scenario on stdin, the token as an argument.
    let scenario = repository_file("examples/scenarios/okta.json");
    for form in pasted_forms(&okta.token) {
        let output = poolcheck(&["simulate", "-", "--token", &form, "--json"], scenario.as_str());
        assert_eq!(Answer::of(&output), answer, "{form:?}");
    }
    // A refusal (a year after the token expired) is the same for every form too.
    let later = (okta.now.parse::<i64>().unwrap() + 365 * 86_400).to_string();
    let args = ["simulate", &okta.scenario, "--token", TOKEN, "--now", &later, "--json"];
    let answer = same_answer_for_every_form(&args, &FLAG_WAYS, &okta.token);
    assert_eq!(answer.status, Some(1));
    let report: Value = serde_json::from_str(&answer.stdout).unwrap();
    assert_eq!(report["oauth"]["code"], "JWT_PROCESSING_FAILED");
    assert_eq!(report["oauth"]["cause"], "expired");
}

/// The token with `space` inserted `offset` bytes into the given part (0 header, 1 payload,
/// 2 signature), pasted after `Bearer ` and with a trailing newline.
fn spaced(token: &str, part: usize, offset: usize, space: &str) -> String {
    let start = match part {
        0 => 0,
        n => token.match_indices('.').nth(n - 1).unwrap().0 + 1,
    };
    let at = start + offset;
    format!("Bearer {}{space}{}\n", &token[..at], &token[at..])
}

#[test]
fn whitespace_inside_a_part_is_decoded_with_a_warning_but_refused_by_verify() {
    let okta = okta();
    for space in [" ", "\n", "\r\n", "\t "] {
        for part in 0..3 {
            let token = spaced(&okta.token, part, 12, space);
            let what = format!("{token:?}");
            // decode reads it, and says so.
            let output = poolcheck(&["decode", "--json", "--now", &okta.now, &token], None);
            assert_eq!(output.status.code(), Some(0), "{what}: {}", stderr(&output));
            let report = json(&output);
            assert_eq!(report["token"], okta.token.as_str(), "{what}");
            let problems = report["problems"].as_array().unwrap();
            let warning = problems.iter().find(|p| p["code"] == "whitespace_in_token");
            assert_eq!(warning.unwrap()["severity"], "warning", "{what}");
            // verify refuses it: a header or payload that is not strict base64url cannot be
            // read (2); a signature that is not is a refused token (1, rejectsSpacesInMac).
            for via in [Via::Argument, Via::Dash] {
                let output = run(&["verify", "--json", TOKEN, "--keys", &okta.keys], &token, via);
                let (status, code) = match part {
                    0 => (2, "header_encoding"),
                    1 => (2, "payload_encoding"),
                    _ => (1, "signature_encoding"),
                };
                assert_eq!(output.status.code(), Some(status), "{what}: {}", stderr(&output));
                if status == 2 {
                    assert!(stdout(&output).is_empty());
                    let message = stderr(&output);
                    assert!(message.contains("not strict base64url"), "{what}: {message}");
                } else {
                    let report = json(&output);
                    assert_eq!(report["signature_valid"], false);
                    assert_eq!(report["outcome"], "token_rejected");
                    assert_eq!(report["refusal"], serde_json::json!(code), "{what}");
                    assert_eq!(report["problems"][0]["code"], code, "{what}");
                    assert!(
                        report["candidates"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .all(|c| c["reason"] == "token_rejected")
                    );
                }
            }
            // The simulator refuses it as a verifier would.
            let args = ["simulate", &okta.scenario, "--token", &token, "--json"];
            let output = poolcheck(&args, None);
            assert_eq!(output.status.code(), Some(1), "{what}");
            assert_eq!(json(&output)["oauth"]["code"], "JWT_PROCESSING_FAILED", "{what}");
        }
    }
}
