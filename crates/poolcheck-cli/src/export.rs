//! `poolcheck export`: a scenario as Confluent CLI commands, Terraform resources or client
//! settings, written by the core.

use std::io::Write as _;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use poolcheck_core::commands::{self, ExportFormat, ExportOptions, ScenarioInput, SimulateOptions};

use crate::input;
use crate::output;

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    ConfluentCli,
    Terraform,
    Java,
    Librdkafka,
    Kcat,
}

#[derive(Args)]
pub struct ExportArgs {
    /// The scenario file (JSON), or `-` for stdin.
    scenario: String,
    /// What to write.
    #[arg(long, value_enum)]
    format: Format,
    /// Only this identity pool (and its provider); for client settings, the pool to connect as.
    #[arg(long, value_name = "ID")]
    pool: Option<String>,
    /// Only this certificate pool (and its authority); for client settings, mTLS.
    #[arg(long, value_name = "ID")]
    certificate_pool: Option<String>,
}

pub fn run(args: ExportArgs) -> ExitCode {
    let text = match input::file_or_stdin(&args.scenario, input::SCENARIO) {
        Ok(text) => text,
        Err(message) => return output::unusable(message),
    };
    let scenario = match commands::scenario(ScenarioInput::Text(&text), &SimulateOptions::default())
    {
        Ok(scenario) => scenario,
        Err(error) => return output::unusable(format!("{}: {}", args.scenario, error.message)),
    };
    let options = ExportOptions {
        format: match args.format {
            Format::ConfluentCli => ExportFormat::ConfluentCli,
            Format::Terraform => ExportFormat::Terraform,
            Format::Java => ExportFormat::Java,
            Format::Librdkafka => ExportFormat::Librdkafka,
            Format::Kcat => ExportFormat::Kcat,
        },
        pool: args.pool,
        certificate_pool: args.certificate_pool,
    };
    match commands::export_config(&scenario, &options) {
        Ok(text) => output::emit(ExitCode::SUCCESS, |out| out.write_all(text.as_bytes())),
        Err(error) => output::refused(error),
    }
}
