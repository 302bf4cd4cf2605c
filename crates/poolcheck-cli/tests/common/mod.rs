//! Running the built `poolcheck` binary, shared by the CLI integration tests.
#![allow(dead_code, clippy::unwrap_used)]

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// Runs `poolcheck` with the arguments, feeding `stdin` (`None` or "" for nothing).
pub fn poolcheck<'a>(args: &[&str], stdin: impl Into<Option<&'a str>>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_poolcheck"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    // A command that exits before reading (a usage error) closes the pipe: not a failure.
    let _ = pipe.write_all(stdin.into().unwrap_or_default().as_bytes());
    drop(pipe);
    child.wait_with_output().unwrap()
}

/// Runs `poolcheck` like [`poolcheck`], but closes the read end of its stdout before feeding
/// stdin, so every write to stdout fails with a broken pipe (as under `| head -n0`).
pub fn poolcheck_stdout_closed(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_poolcheck"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut pipe = child.stdin.take().unwrap();
    let _ = pipe.write_all(stdin.as_bytes());
    drop(pipe);
    child.wait_with_output().unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

pub fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap()
}

/// A path inside the repository.
pub fn repository_path(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)
}

pub fn repository_file(path: &str) -> String {
    std::fs::read_to_string(repository_path(path)).unwrap()
}
