//! `poolcheck simulate`: would the cluster accept this client, as whom, through which pools?

use std::io::{self, Write as _};
use std::process::ExitCode;

use clap::Args;
use poolcheck_core::commands::{self, ScenarioInput, SimulateOptions};
use poolcheck_core::scenario::Scenario;
use poolcheck_core::simulate::{
    MtlsCode, MtlsReport, OAuthReport, PoolResult, SimulationReport, Stage, StageStatus,
};
use poolcheck_core::time::iso8601;

use crate::output::{self, Out};
use crate::{filter, input};

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
    let text = match input::file_or_stdin(&args.scenario, input::SCENARIO) {
        Ok(text) => text,
        Err(message) => return output::unusable(message),
    };
    let token =
        match args.token.as_deref().map(|token| input::text_or_file(Some(token), input::TOKEN)) {
            Some(Err(message)) => return output::unusable(message),
            Some(Ok(token)) => Some(token),
            None => None,
        };
    let options = SimulateOptions { now: args.now, leeway_seconds: None, token };
    let scenario = match commands::scenario(ScenarioInput::Text(&text), &options) {
        Ok(scenario) => scenario,
        // The file's name first: the scenario's own messages start with a JSON Pointer.
        Err(error) => return output::unusable(format!("{}: {}", args.scenario, error.message)),
    };
    let report = commands::simulate(&scenario, output::clock());
    output::report(&report, args.json, |out| print_report(out, &scenario, &report))
}

fn print_report(out: &mut Out, scenario: &Scenario, report: &SimulationReport) -> io::Result<()> {
    let title = scenario.title.as_deref().unwrap_or("scenario");
    writeln!(out, "{title}, at {} (leeway {} s)", iso8601(report.now), report.leeway_seconds)?;
    if let Some(oauth) = &report.oauth {
        print_oauth(out, oauth)?;
    }
    if let Some(mtls) = &report.mtls {
        print_mtls(out, mtls)?;
    }
    writeln!(out, "\nAssumptions (rules no public source states)")?;
    for assumption in report.assumptions {
        writeln!(out, "  {:<26} {}", assumption.id.as_str(), assumption.statement)?;
    }
    Ok(())
}

fn print_oauth(out: &mut Out, oauth: &OAuthReport) -> io::Result<()> {
    let refusal = oauth.code.map(|code| {
        let cause = oauth.cause.map(|cause| format!(" ({})", cause.as_str())).unwrap_or_default();
        format!("{}{cause}", code.as_str())
    });
    print_verdict(out, "OAuth", refusal, &oauth.message, oauth.hint.as_deref())?;
    print_stages(out, &oauth.stages)?;
    print_pools(out, &oauth.pool_results)?;
    output::print_problems(out, &oauth.warnings)
}

fn print_mtls(out: &mut Out, mtls: &MtlsReport) -> io::Result<()> {
    print_verdict(out, "mTLS", mtls.code.map(MtlsCode::name), &mtls.message, mtls.hint.as_deref())?;
    print_stages(out, &mtls.stages)?;
    if let Some(chain) = &mtls.chain {
        writeln!(out, "\nChain")?;
        for link in &chain.links {
            writeln!(out, "  {} {}  ({})", link.role.as_str(), link.name, link.subject)?;
            for check in &link.checks {
                writeln!(
                    out,
                    "    {:<8} {:<16} {}",
                    check.status.as_str(),
                    check.name,
                    check.detail
                )?;
            }
        }
    }
    print_pools(out, &mtls.pool_results)
}

fn print_verdict(
    out: &mut Out,
    flow: &str,
    refusal: Option<String>,
    message: &str,
    hint: Option<&str>,
) -> io::Result<()> {
    match refusal {
        None => writeln!(out, "\n{flow}: ACCEPTED\n  {message}")?,
        Some(code) => writeln!(out, "\n{flow}: REFUSED {code}\n  {message}")?,
    }
    if let Some(hint) = hint {
        writeln!(out, "  hint: {hint}")?;
    }
    Ok(())
}

fn print_stages(out: &mut Out, stages: &[Stage]) -> io::Result<()> {
    writeln!(out, "\nStages")?;
    for stage in stages {
        let mark = match stage.status {
            StageStatus::Passed => "ok  ",
            StageStatus::Failed => "FAIL",
            StageStatus::Skipped => "skip",
        };
        let assumed =
            stage.assumption.map(|id| format!("  [assumed: {}]", id.as_str())).unwrap_or_default();
        writeln!(out, "  {mark} {:<11} {}{assumed}", stage.stage.as_str(), stage.detail)?;
    }
    Ok(())
}

fn print_pools(out: &mut Out, pools: &[PoolResult]) -> io::Result<()> {
    if pools.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nPools")?;
    for pool in pools {
        let status = pool.status.label();
        let selected = if pool.selected { "  <- selected" } else { "" };
        writeln!(out, "  {} [{}]  {status}{selected}", pool.id, pool.provider)?;
        if let Some(error) = &pool.compile_error {
            writeln!(out, "{}", indent(&error.render(), 6))?;
            writeln!(out, "      {}:{}: {}", error.line, error.column, error.message)?;
        }
        if let Some(report) = &pool.filter {
            writeln!(out, "    filter: {}", report.filter.trim())?;
            filter::print_explanation(out, report, 3)?;
            for lint in &report.lints {
                writeln!(out, "    {}: {}", lint.code, lint.message)?;
            }
        }
    }
    Ok(())
}

fn indent(text: &str, spaces: usize) -> String {
    text.lines().map(|line| format!("{}{line}", " ".repeat(spaces))).collect::<Vec<_>>().join("\n")
}
