//! `poolcheck filter`: evaluate an identity-pool filter against claims and explain it.

use std::io::{self, Write as _};
use std::process::ExitCode;

use clap::Args;
use poolcheck_core::commands::{self, FilterInput, FilterOptions};
use poolcheck_core::filter::{FilterReport, StepOutcome};
use poolcheck_core::json;
use poolcheck_core::simulate::PoolStatus;

use crate::input;
use crate::output::{self, Out};

#[derive(Args)]
#[command(group = clap::ArgGroup::new("input").required(true).args(["claims", "token"]))]
pub struct FilterArgs {
    /// The CEL filter, e.g. "claims.aud == 'kafka'", or @FILE.
    expression: String,
    /// A JSON object of claims, read from FILE (`-` for stdin).
    #[arg(long, value_name = "FILE")]
    claims: Option<String>,
    /// A compact JWT (or @FILE, or `-` for stdin) whose payload is the claims.
    #[arg(long, value_name = "TOKEN")]
    token: Option<String>,
    /// The provider's issuer: adds the check Confluent Cloud makes for shared issuers.
    #[arg(long, value_name = "URL")]
    issuer: Option<String>,
    /// Print one JSON document instead of text.
    #[arg(long)]
    json: bool,
}

pub fn run(args: FilterArgs) -> ExitCode {
    let expression = match args.expression.strip_prefix('@') {
        Some(path) => match input::text(Some(path), input::FILTER) {
            Ok(text) => text.trim_end_matches(['\n', '\r']).to_owned(),
            Err(message) => return output::unusable(message),
        },
        None => args.expression.clone(),
    };
    let input = match read_input(&args) {
        Ok(input) => input,
        Err(message) => return output::unusable(message),
    };
    let options = FilterOptions { issuer: args.issuer.clone() };
    match commands::filter(&expression, &input, &options) {
        Ok(report) => output::report(&report, args.json, |out| print_report(out, &report)),
        Err(error) => output::refused(error),
    }
}

/// The token's text, or the claims file parsed as JSON (its own name in the message).
fn read_input(args: &FilterArgs) -> Result<FilterInput, String> {
    if let Some(token) = &args.token {
        return Ok(FilterInput::Token(input::text_or_file(Some(token), input::TOKEN)?));
    }
    let path = args.claims.as_deref().unwrap_or("-");
    let text = input::file_or_stdin(path, input::CLAIMS)?;
    let parsed =
        json::parse(text.as_bytes()).map_err(|error| format!("{path} is not JSON: {error}"))?;
    Ok(FilterInput::Claims(parsed.value))
}

fn print_report(out: &mut Out, report: &FilterReport) -> io::Result<()> {
    let verdict = match (report.result, &report.error) {
        (Some(result), _) if report.refused_by_lints() => {
            format!(
                "no match, refused (the filter is {result}): {}",
                PoolStatus::Refused.explanation(false)
            )
        }
        (Some(true), _) => "match (true)".to_owned(),
        (Some(false), _) => "no match (false)".to_owned(),
        (None, Some(error)) => format!("no match: evaluation error: {error}"),
        (None, None) => "no match".to_owned(),
    };
    writeln!(out, "Filter  {}", report.filter.trim())?;
    writeln!(out, "Result  {verdict}")?;
    writeln!(out, "\nWhy")?;
    print_explanation(out, report, 1)?;
    output::print_problems(out, &report.lints)
}

/// The explanation as an indented tree, `base` levels in.
pub fn print_explanation(out: &mut Out, report: &FilterReport, base: usize) -> io::Result<()> {
    for step in &report.explanation {
        let indent = "  ".repeat(step.depth + base);
        let outcome = match &step.outcome {
            StepOutcome::Value { value } => value.clone(),
            StepOutcome::Error { message } => format!("error: {message}"),
            StepOutcome::NotEvaluated { reason } => format!("not evaluated ({reason})"),
        };
        writeln!(out, "{indent}{}  →  {outcome}", step.expression)?;
    }
    Ok(())
}
