//! Printing shared by the commands: JSON documents, problem lists, the usage-error line.

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use poolcheck_core::{Problem, Severity};
use serde::Serialize;

/// Exit status when the input is unusable (not a token, unreadable file, bad arguments).
pub const EXIT_UNUSABLE: u8 = 2;

/// Prints one specific line on stderr and returns exit status 2.
pub fn unusable(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("poolcheck: {message}");
    ExitCode::from(EXIT_UNUSABLE)
}

/// Prints a report as one pretty JSON document on stdout.
pub fn print_json(report: &impl Serialize) -> Result<(), String> {
    let text =
        serde_json::to_string_pretty(report).map_err(|e| format!("cannot write JSON: {e}"))?;
    println!("{text}");
    Ok(())
}

/// The `--now` argument, or the system clock.
pub fn now_or_clock(now: Option<i64>) -> i64 {
    now.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX))
    })
}

pub fn print_problems(problems: &[Problem]) {
    if problems.is_empty() {
        return;
    }
    println!("\nProblems");
    for problem in problems {
        let label = match problem.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        println!("  {label:<8} {:<22} {}", problem.code, problem.message);
        if let Some(hint) = &problem.hint {
            println!("  {:<8} {:<22} hint: {hint}", "", "");
        }
    }
}
