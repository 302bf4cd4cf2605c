#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Every input is read through one reader that stops one byte past its core limit, whatever
//! the source: a regular file, a device, a FIFO or stdin.

mod common;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{poolcheck, repository_file, stderr};
use poolcheck_core::{
    keys::MAX_KEY_TEXT_BYTES, scenario::MAX_SCENARIO_BYTES, token::MAX_TOKEN_BYTES,
};

const TOKEN: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

/// A fresh path in the temp directory, unique to this test process.
fn temp_path(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("poolcheck-limits-{}-{name}", std::process::id()));
    let _ = std::fs::remove_file(&path);
    path
}

/// `text` padded with trailing spaces to exactly `bytes` bytes.
fn padded(text: &str, bytes: usize) -> String {
    format!("{text}{}", " ".repeat(bytes - text.len()))
}

#[test]
fn decode_of_dev_zero_stops_at_the_token_limit() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_poolcheck"))
        .args(["decode", "@/dev/zero"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("decode @/dev/zero was still reading after 10 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "poolcheck: the token is over {MAX_TOKEN_BYTES} bytes (MAX_TOKEN_BYTES), read from \
             /dev/zero\n"
        )
    );
}

#[test]
fn a_fifo_just_over_the_scenario_limit_is_refused() {
    let fifo = temp_path("scenario.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let writer_path = fifo.clone();
    // The reader may stop before the last byte, so a broken pipe here is expected.
    let writer = std::thread::spawn(move || {
        let mut pipe = std::fs::OpenOptions::new().write(true).open(writer_path).unwrap();
        let _ = pipe.write_all(&vec![b'a'; MAX_SCENARIO_BYTES + 1]);
    });
    let output = poolcheck(&["simulate", fifo.to_str().unwrap()], None);
    writer.join().unwrap();
    std::fs::remove_file(&fifo).unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(&format!(
            "the scenario is over {MAX_SCENARIO_BYTES} bytes (MAX_SCENARIO_BYTES)"
        )),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_scenario_on_stdin_is_read_at_the_limit_and_refused_one_byte_over() {
    let scenario = repository_file("examples/scenarios/okta.json");
    let output = poolcheck(&["simulate", "-"], padded(&scenario, MAX_SCENARIO_BYTES).as_str());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let output = poolcheck(&["simulate", "-"], padded(&scenario, MAX_SCENARIO_BYTES + 1).as_str());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("(MAX_SCENARIO_BYTES), read from stdin"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_token_file_is_read_at_the_limit_and_refused_one_byte_over() {
    let path = temp_path("token.jwt");
    std::fs::write(&path, padded(TOKEN, MAX_TOKEN_BYTES)).unwrap();
    let at = format!("@{}", path.display());
    let output = poolcheck(&["decode", &at], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    std::fs::write(&path, padded(TOKEN, MAX_TOKEN_BYTES + 1)).unwrap();
    let output = poolcheck(&["decode", &at], None);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("(MAX_TOKEN_BYTES)"), "{}", stderr(&output));
}

#[test]
fn keys_on_stdin_just_over_the_limit_are_refused() {
    let keys = "k".repeat(MAX_KEY_TEXT_BYTES + 1);
    let output = poolcheck(&["verify", TOKEN, "--keys", "-"], keys.as_str());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(&format!(
            "the key text is over {MAX_KEY_TEXT_BYTES} bytes (MAX_KEY_TEXT_BYTES)"
        )),
        "{}",
        stderr(&output)
    );
}
