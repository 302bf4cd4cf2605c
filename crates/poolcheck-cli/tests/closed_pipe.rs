#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Every command, text and `--json`, with stdout closed by the reader (`| head`): no panic, no
//! signal, nothing on stderr, and the exit status the command has when read in full.

mod common;

use common::{poolcheck, poolcheck_stdout_closed, repository_file, repository_path, stderr};

const CLAIMS: &str = r#"{"aud": "kafka", "groups": ["g-1", "g-2"], "sub": "svc-1"}"#;

/// (arguments, stdin, exit status). Every input comes on stdin, so each command has read it
/// all before it writes, always after the reader is gone.
fn commands() -> Vec<(Vec<String>, String, i32)> {
    let jwks = repository_path("tests/fixtures/keys/jwks-three.json").display().to_string();
    let case = |args: &[&str], stdin: String, status| {
        (args.iter().map(|&arg| arg.to_owned()).collect(), stdin, status)
    };
    vec![
        case(
            &["decode", "--now", "1767225600"],
            repository_file("tests/fixtures/tokens/expired-2020.jwt"),
            0,
        ),
        case(
            &["verify", "--keys", &jwks],
            repository_file("tests/fixtures/keys/tokens/RS256.jwt"),
            0,
        ),
        case(
            &["verify", "--keys", &jwks],
            repository_file("tests/fixtures/keys/tokens/RS384.jwt"),
            1,
        ),
        case(&["filter", "claims.aud == 'kafka'", "--claims", "-"], CLAIMS.to_owned(), 0),
        case(&["filter", "claims.aud == 'flink'", "--claims", "-"], CLAIMS.to_owned(), 1),
        case(&["simulate", "-"], repository_file("examples/scenarios/okta.json"), 0),
        case(&["simulate", "-"], repository_file("examples/scenarios/keycloak.json"), 1),
        case(&["simulate", "-"], repository_file("examples/scenarios/mtls.json"), 0),
        case(
            &["cert", "inspect", "-", "--now", "1900000000"],
            repository_file("tests/fixtures/certs/client-valid-chain.pem"),
            0,
        ),
    ]
}

#[test]
fn a_closed_stdout_keeps_the_exit_status_and_says_nothing() {
    for (mut args, stdin, status) in commands() {
        for json in [false, true] {
            if json {
                args.push("--json".to_owned());
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let full = poolcheck(&args, stdin.as_str());
            assert_eq!(
                full.status.code(),
                Some(status),
                "{args:?} read in full: {}",
                stderr(&full)
            );
            let closed = poolcheck_stdout_closed(&args, &stdin);
            let message = stderr(&closed);
            assert!(!message.contains("panicked"), "{args:?}: {message}");
            assert!(!message.contains("Broken pipe"), "{args:?}: {message}");
            assert_eq!(message, "", "{args:?}");
            // `None` is death by a signal; a panic is 101 here and the abort 134 in release.
            assert_eq!(closed.status.code(), Some(status), "{args:?}");
        }
    }
}

/// Any other write error is one line on stderr and exit 2.
#[cfg(target_os = "linux")]
#[test]
fn a_full_device_is_one_line_and_exit_2() {
    let pem = repository_path("tests/fixtures/certs/client-valid-chain.pem");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_poolcheck"))
        .args(["cert", "inspect", &pem.display().to_string()])
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "poolcheck: cannot write to stdout: No space left on device (os error 28)\n"
    );
}
