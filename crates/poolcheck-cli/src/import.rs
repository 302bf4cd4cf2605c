//! `poolcheck import`: Confluent CLI, REST API or Terraform output merged into a scenario.
//! The core reads and merges; this file reads files, turns the Confluent CLI's YAML into
//! JSON, and fetches keys when asked.

use std::io::Write as _;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use poolcheck_core::commands::{
    self, ImportFormat, ImportOptions, ImportReport, ScenarioInput, SimulateOptions,
};
use poolcheck_core::{json, keys};

use crate::input;
use crate::output;

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Auto,
    ConfluentCli,
    Rest,
    Terraform,
}

#[derive(Args)]
pub struct ImportArgs {
    /// The file to import (JSON; the Confluent CLI's `-o yaml` too), or `-` for stdin.
    file: String,
    /// What the file is; `auto` recognizes it.
    #[arg(long, value_enum, default_value = "auto")]
    format: Format,
    /// The scenario to merge into (matched by id); without it, a new scenario.
    #[arg(long, value_name = "SCENARIO")]
    into: Option<String>,
    /// The provider of imported pools whose input does not name it (CLI pool lists).
    #[arg(long, value_name = "ID")]
    provider: Option<String>,
    /// The certificate authority of imported certificate pools whose input does not name it.
    #[arg(long, value_name = "ID")]
    certificate_authority: Option<String>,
    /// Fetch the keys of imported providers that have a jwks_uri and no keys (HTTP GET).
    #[arg(long)]
    fetch_keys: bool,
    /// Print the whole report as one JSON document instead of the scenario.
    #[arg(long)]
    json: bool,
}

pub fn run(args: ImportArgs) -> ExitCode {
    let text = match input::file_or_stdin(&args.file, input::SCENARIO) {
        Ok(text) => yaml_as_json(text),
        Err(message) => return output::unusable(message),
    };
    let into = match &args.into {
        None => None,
        Some(path) => {
            let scenario = input::file_or_stdin(path, input::SCENARIO).and_then(|text| {
                commands::scenario(ScenarioInput::Text(&text), &SimulateOptions::default())
                    .map_err(|error| format!("{path}: {}", error.message))
            });
            match scenario {
                Ok(scenario) => Some(scenario),
                Err(message) => return output::unusable(message),
            }
        }
    };
    let options = ImportOptions {
        format: match args.format {
            Format::Auto => ImportFormat::Auto,
            Format::ConfluentCli => ImportFormat::ConfluentCli,
            Format::Rest => ImportFormat::Rest,
            Format::Terraform => ImportFormat::Terraform,
        },
        provider: args.provider.clone(),
        certificate_authority: args.certificate_authority.clone(),
    };
    let mut report = match commands::import_config(&text, &options, into) {
        Ok(report) => report,
        Err(error) => return output::refused(error),
    };
    if args.fetch_keys {
        for (provider, uri) in commands::key_fetches(&report) {
            let fetched = fetch(&uri).map_err(|message| {
                format!("cannot fetch the keys of {provider} from {uri}: {message}")
            });
            let set = fetched.and_then(|text| {
                commands::set_fetched_keys(&mut report, &provider, &text)
                    .map_err(|error| error.message)
            });
            if let Err(message) = set {
                return output::unusable(message);
            }
        }
    }
    if args.json {
        return output::emit_json(ExitCode::SUCCESS, &report);
    }
    print_report(&report);
    let scenario = report.scenario.to_json();
    output::emit(ExitCode::SUCCESS, |out| writeln!(out, "{scenario}"))
}

/// The Confluent CLI's `-o yaml` as JSON text; anything else (JSON included) unchanged, for
/// the core to read or refuse.
fn yaml_as_json(text: String) -> String {
    if json::parse(text.as_bytes()).is_ok() {
        return text;
    }
    match serde_norway::from_str::<serde_json::Value>(&text) {
        Ok(value) if value.is_object() || value.is_array() => {
            serde_json::to_string(&value).unwrap_or(text)
        }
        _ => text,
    }
}

/// One GET of a JWKS URI, its body limited to what the Keys field accepts.
fn fetch(uri: &str) -> Result<String, String> {
    let mut response = ureq::get(uri).call().map_err(|error| error.to_string())?;
    response
        .body_mut()
        .with_config()
        .limit(keys::MAX_KEY_TEXT_BYTES as u64)
        .read_to_string()
        .map_err(|error| error.to_string())
}

/// The report on stderr, so stdout stays the scenario.
fn print_report(report: &ImportReport) {
    eprintln!(
        "poolcheck: imported {} output: {} added, {} updated, {} ignored",
        report.format.as_str(),
        report.added.len(),
        report.updated.len(),
        report.ignored.len()
    );
    for change in &report.added {
        eprintln!("  added    {}  {}", change.path, change.id);
    }
    for change in &report.updated {
        eprintln!("  updated  {}  {}", change.path, change.id);
    }
    for ignored in &report.ignored {
        eprintln!("  ignored  {}  {}", ignored.path, ignored.reason);
    }
    for missing in &report.missing {
        eprintln!("  missing  {}  {}", missing.path, missing.reason);
    }
}
