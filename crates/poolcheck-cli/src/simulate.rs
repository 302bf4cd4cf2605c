//! `poolcheck simulate`: would the cluster accept this client, as whom, through which pools?

use std::process::ExitCode;

use clap::Args;
use poolcheck_core::scenario::Scenario;
use poolcheck_core::simulate::{OAuthReport, PoolStatus, SimulationReport, StageStatus, analyze};
use poolcheck_core::time::iso8601;

use crate::{filter, input, output};

#[derive(Args)]
pub struct SimulateArgs {
    /// The scenario file (JSON; see schema/scenario.schema.json), or `-` for stdin.
    scenario: String,
    /// Use this token instead of the scenario's (a token, `@FILE`, or `-` for stdin).
    #[arg(long)]
    token: Option<String>,
    /// The current time in unix seconds (default: the scenario's `now`, else the system clock).
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    now: Option<i64>,
    /// Print one JSON document instead of text.
    #[arg(long)]
    json: bool,
}

pub fn run(args: SimulateArgs) -> ExitCode {
    if args.scenario == "-" && args.token.as_deref() == Some("-") {
        return output::unusable("the scenario and the token cannot both come from stdin");
    }
    let text = match input::file_or_stdin(&args.scenario) {
        Ok(text) => text,
        Err(message) => return output::unusable(message),
    };
    let mut scenario = match Scenario::parse(&text) {
        Ok(scenario) => scenario,
        Err(error) => return output::unusable(format!("{}: {error}", args.scenario)),
    };
    if let Some(token) = &args.token {
        match input::text_or_file(Some(token)) {
            Ok(token) => scenario.token = token,
            Err(message) => return output::unusable(message),
        }
    }
    if args.now.is_some() {
        scenario.now = args.now;
    }
    let report = analyze(&scenario, output::now_or_clock(None));
    if args.json {
        if let Err(message) = output::print_json(&report) {
            return output::unusable(message);
        }
    } else {
        print_report(&scenario, &report);
    }
    if report.oauth.accepted { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

fn print_report(scenario: &Scenario, report: &SimulationReport) {
    let title = scenario.title.as_deref().unwrap_or("scenario");
    println!("{title}, at {} (leeway {} s)", iso8601(report.now), report.leeway_seconds);
    print_oauth(&report.oauth);
    println!("\nAssumptions (rules no public source states)");
    for assumption in report.assumptions {
        println!("  {:<26} {}", assumption.id, assumption.statement);
    }
}

fn print_oauth(oauth: &OAuthReport) {
    match oauth.code {
        None => println!("\nOAuth: ACCEPTED\n  {}", oauth.message),
        Some(code) => {
            let code = serde_json::to_value(code)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            let cause = oauth.cause.map(|cause| format!(" ({cause})")).unwrap_or_default();
            println!("\nOAuth: REFUSED {code}{cause}\n  {}", oauth.message);
        }
    }
    if let Some(hint) = &oauth.hint {
        println!("  hint: {hint}");
    }
    println!("\nStages");
    for stage in &oauth.stages {
        let mark = match stage.status {
            StageStatus::Passed => "ok  ",
            StageStatus::Failed => "FAIL",
            StageStatus::Skipped => "skip",
        };
        let name = serde_json::to_value(stage.stage)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let assumed = stage.assumption.map(|id| format!("  [assumed: {id}]")).unwrap_or_default();
        println!("  {mark} {name:<10} {}{assumed}", stage.detail);
    }
    if oauth.pool_results.is_empty() {
        return;
    }
    println!("\nPools");
    for pool in &oauth.pool_results {
        let status = match pool.status {
            PoolStatus::Matched => "matched",
            PoolStatus::NoMatch => "no match",
            PoolStatus::Error => "error (no match)",
            PoolStatus::CompileError => "does not compile",
            PoolStatus::Refused => "refused by Confluent Cloud's rules",
            PoolStatus::OtherProvider => "other provider",
            PoolStatus::NotRequested => "not requested",
            PoolStatus::NotEvaluated => "not evaluated",
        };
        let selected = if pool.selected { "  <- selected" } else { "" };
        println!("  {} [{}]  {status}{selected}", pool.id, pool.provider);
        if let Some(error) = &pool.compile_error {
            println!("{}", indent(&error.render(), 6));
            println!("      {}:{}: {}", error.line, error.column, error.message);
        }
        if let Some(report) = &pool.filter {
            println!("    filter: {}", report.filter.trim());
            filter::print_explanation(report, 3);
            for lint in &report.lints {
                println!("    {}: {}", lint.code, lint.message);
            }
        }
    }
}

fn indent(text: &str, spaces: usize) -> String {
    text.lines().map(|line| format!("{}{line}", " ".repeat(spaces))).collect::<Vec<_>>().join("\n")
}
