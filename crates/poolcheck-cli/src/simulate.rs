//! `poolcheck simulate`: would the cluster accept this client, as whom, through which pools?

use std::process::ExitCode;

use clap::Args;
use poolcheck_core::scenario::Scenario;
use poolcheck_core::simulate::{
    MtlsReport, OAuthReport, PoolResult, PoolStatus, SimulationReport, Stage, StageStatus, analyze,
};
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
    if report.accepted { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

fn print_report(scenario: &Scenario, report: &SimulationReport) {
    let title = scenario.title.as_deref().unwrap_or("scenario");
    println!("{title}, at {} (leeway {} s)", iso8601(report.now), report.leeway_seconds);
    if let Some(oauth) = &report.oauth {
        print_oauth(oauth);
    }
    if let Some(mtls) = &report.mtls {
        print_mtls(mtls);
    }
    println!("\nAssumptions (rules no public source states)");
    for assumption in report.assumptions {
        println!("  {:<26} {}", assumption.id, assumption.statement);
    }
}

fn print_oauth(oauth: &OAuthReport) {
    let refusal = oauth.code.map(|code| {
        let cause = oauth.cause.map(|cause| format!(" ({cause})")).unwrap_or_default();
        format!("{}{cause}", wire_name(code))
    });
    print_verdict("OAuth", refusal, &oauth.message, oauth.hint.as_deref());
    print_stages(&oauth.stages);
    print_pools(&oauth.pool_results);
}

fn print_mtls(mtls: &MtlsReport) {
    print_verdict("mTLS", mtls.code.map(str::to_owned), &mtls.message, mtls.hint.as_deref());
    print_stages(&mtls.stages);
    if let Some(chain) = &mtls.chain {
        println!("\nChain");
        for link in &chain.links {
            println!("  {} {}  ({})", wire_name(link.role), link.name, link.subject);
            for check in &link.checks {
                println!("    {:<8} {:<16} {}", wire_name(check.status), check.name, check.detail);
            }
        }
    }
    print_pools(&mtls.pool_results);
}

fn print_verdict(flow: &str, refusal: Option<String>, message: &str, hint: Option<&str>) {
    match refusal {
        None => println!("\n{flow}: ACCEPTED\n  {message}"),
        Some(code) => println!("\n{flow}: REFUSED {code}\n  {message}"),
    }
    if let Some(hint) = hint {
        println!("  hint: {hint}");
    }
}

fn print_stages(stages: &[Stage]) {
    println!("\nStages");
    for stage in stages {
        let mark = match stage.status {
            StageStatus::Passed => "ok  ",
            StageStatus::Failed => "FAIL",
            StageStatus::Skipped => "skip",
        };
        let assumed = stage.assumption.map(|id| format!("  [assumed: {id}]")).unwrap_or_default();
        println!("  {mark} {:<11} {}{assumed}", wire_name(stage.stage), stage.detail);
    }
}

/// An enum's name as it appears in `--json`, so text and JSON use the same words.
fn wire_name(value: impl serde::Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

fn print_pools(pools: &[PoolResult]) {
    if pools.is_empty() {
        return;
    }
    println!("\nPools");
    for pool in pools {
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
