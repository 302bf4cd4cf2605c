//! The one way the commands print: stdout through a locked, buffered writer that copes with a
//! closed pipe; problem lists; the usage-error line.

use std::io::{self, BufWriter, ErrorKind, StdoutLock, Write};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use poolcheck_core::Problem;
use poolcheck_core::commands::{CommandError, Verdict};
use serde::Serialize;

/// Exit status when the input is unusable (not a token, unreadable file, bad arguments).
pub const EXIT_UNUSABLE: u8 = 2;

/// Where every command writes stdout.
pub type Out = BufWriter<StdoutLock<'static>>;

/// Prints one specific line on stderr and returns exit status 2.
pub fn unusable(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("poolcheck: {message}");
    ExitCode::from(EXIT_UNUSABLE)
}

/// Prints an input error (its message, then any excerpt and hint) and returns exit status 2.
pub fn refused(error: CommandError) -> ExitCode {
    eprintln!("poolcheck: {}", error.message);
    if let Some(excerpt) = &error.excerpt {
        eprintln!("{excerpt}");
    }
    if let Some(hint) = &error.hint {
        eprintln!("hint: {hint}");
    }
    ExitCode::from(EXIT_UNUSABLE)
}

/// A command's report as JSON or as text, with the exit status of its verdict.
pub fn report<R: Serialize + Verdict>(
    report: &R,
    json: bool,
    print: impl FnOnce(&mut Out) -> io::Result<()>,
) -> ExitCode {
    let code = ExitCode::from(report.exit_code());
    if json { emit_json(code, report) } else { emit(code, print) }
}

/// Runs `print` against stdout and returns `code`, the command's verdict. A reader that stops
/// early (`| head`) is no error: the verdict stands and nothing is said. Any other write error
/// is one line on stderr and exit 2.
pub fn emit(code: ExitCode, print: impl FnOnce(&mut Out) -> io::Result<()>) -> ExitCode {
    let mut out = BufWriter::new(io::stdout().lock());
    match print(&mut out).and_then(|()| out.flush()) {
        Ok(()) => code,
        Err(error) if error.kind() == ErrorKind::BrokenPipe => code,
        Err(error) => unusable(format!("cannot write to stdout: {error}")),
    }
}

/// Prints a report as one pretty JSON document on stdout, returning `code`.
pub fn emit_json(code: ExitCode, report: &impl Serialize) -> ExitCode {
    // Serialized whole first, so a report that cannot be written prints nothing on stdout.
    match serde_json::to_string_pretty(report) {
        Ok(text) => emit(code, |out| writeln!(out, "{text}")),
        Err(error) => unusable(format!("cannot write JSON: {error}")),
    }
}

/// The system clock in unix seconds: core reads none, so every command is handed this.
pub fn clock() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX))
}

pub fn print_problems(out: &mut Out, problems: &[Problem]) -> io::Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nProblems")?;
    for problem in problems {
        let label = problem.severity.as_str();
        writeln!(out, "  {label:<8} {:<22} {}", problem.code, problem.message)?;
        if let Some(hint) = &problem.hint {
            writeln!(out, "  {:<8} {:<22} hint: {hint}", "", "")?;
        }
    }
    Ok(())
}
