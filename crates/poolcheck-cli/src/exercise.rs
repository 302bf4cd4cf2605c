//! `poolcheck exercise`: are a scenario's workshop exercises solved, as written or with the
//! learner's filter?

use std::io::{self, Write as _};
use std::process::ExitCode;

use clap::Args;
use poolcheck_core::commands::{
    self, CaseResult, ExerciseOptions, ExerciseReport, ExerciseResult, ScenarioInput,
    SimulateOptions,
};

use crate::input;
use crate::output::{self, Out};

#[derive(Args)]
pub struct ExerciseArgs {
    /// The scenario file with `exercises` (JSON), or `-` for stdin.
    scenario: String,
    /// Check only this exercise (its id).
    #[arg(long, value_name = "ID")]
    exercise: Option<String>,
    /// The learner's filter (or @FILE), replacing the target pool's; needs --exercise naming a
    /// filter exercise.
    #[arg(long, value_name = "EXPR")]
    filter: Option<String>,
    /// Print one JSON document instead of text.
    #[arg(long)]
    json: bool,
}

pub fn run(args: ExerciseArgs) -> ExitCode {
    if args.filter.is_some() && args.exercise.is_none() {
        return output::unusable("--filter answers one exercise: name it with --exercise ID");
    }
    let filter = match args.filter.as_deref().map(|filter| match filter.strip_prefix('@') {
        Some(path) => input::text(Some(path), input::FILTER)
            .map(|text| text.trim_end_matches(['\n', '\r']).to_owned()),
        None => Ok(filter.to_owned()),
    }) {
        Some(Err(message)) => return output::unusable(message),
        Some(Ok(filter)) => Some(filter),
        None => None,
    };
    let text = match input::file_or_stdin(&args.scenario, input::SCENARIO) {
        Ok(text) => text,
        Err(message) => return output::unusable(message),
    };
    let scenario = match commands::scenario(ScenarioInput::Text(&text), &SimulateOptions::default())
    {
        Ok(scenario) => scenario,
        // The file's name first: the scenario's own messages start with a JSON Pointer.
        Err(error) => {
            return output::unusable(format!("{}: {}", args.scenario, error.message));
        }
    };
    let options = ExerciseOptions { exercise: args.exercise.clone(), filter };
    match commands::check_exercises(&scenario, &options, output::clock()) {
        Ok(report) => output::report(&report, args.json, |out| print_report(out, &report)),
        Err(error) => output::refused(error),
    }
}

fn print_report(out: &mut Out, report: &ExerciseReport) -> io::Result<()> {
    for exercise in &report.exercises {
        print_exercise(out, exercise)?;
    }
    let solved = report.exercises.iter().filter(|e| e.solved).count();
    writeln!(out, "\n{solved} of {} exercises solved", report.exercises.len())
}

fn print_exercise(out: &mut Out, exercise: &ExerciseResult) -> io::Result<()> {
    let verdict = if exercise.solved { "solved" } else { "not solved" };
    let title =
        if exercise.title.is_empty() { String::new() } else { format!(" ({})", exercise.title) };
    if exercise.cases.is_empty() {
        writeln!(out, "{verdict:<10}  {}{title}", exercise.id)?;
    } else {
        let passed = exercise.cases.iter().filter(|case| case.passed).count();
        let total = exercise.cases.len();
        writeln!(out, "{verdict:<10}  {}{title}: {passed} of {total} cases", exercise.id)?;
    }
    for case in exercise.cases.iter().filter(|case| !case.passed) {
        print_case(out, case)?;
    }
    if let (false, Some(expected), Some(actual)) =
        (exercise.solved, &exercise.expected, &exercise.actual)
    {
        let flows =
            [("OAuth", &expected.oauth, &actual.oauth), ("mTLS", &expected.mtls, &actual.mtls)];
        for (flow, expected, actual) in flows {
            if let Some(expected) = expected {
                writeln!(out, "            {flow}: expected {expected}")?;
                let actual =
                    actual.as_ref().map_or_else(|| "not simulated".to_owned(), ToString::to_string);
                writeln!(out, "            {flow}: actual   {actual}")?;
            }
        }
    }
    Ok(())
}

fn print_case(out: &mut Out, case: &CaseResult) -> io::Result<()> {
    let (expected, actual) = (case.expected.label(), case.actual.label());
    writeln!(out, "            FAIL {}: expected {expected}, got {actual}", case.name)?;
    if let Some(error) = &case.error {
        writeln!(out, "                 {error}")?;
    }
    Ok(())
}
