//! `poolcheck decode`: the token inspector.

use std::process::ExitCode;

use clap::Args;
use poolcheck_core::decode::{Payload, TokenFormat};
use poolcheck_core::time::{human_duration, iso8601};
use poolcheck_core::{DecodeOptions, TokenReport, decode};
use serde_json::Value;

use crate::{input, output};

#[derive(Args)]
pub struct DecodeArgs {
    /// The token, `-` (or nothing) to read stdin, or `@FILE`.
    token: Option<String>,
    /// Print one JSON document instead of text.
    #[arg(long)]
    json: bool,
    /// The current time in unix seconds (default: the system clock).
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    now: Option<i64>,
    /// Seconds of clock skew to forgive in exp, nbf and iat.
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    leeway: i64,
}

pub fn run(args: DecodeArgs) -> ExitCode {
    let text = match input::text_or_file(args.token.as_deref()) {
        Ok(text) => text,
        Err(message) => return output::unusable(message),
    };
    let options =
        DecodeOptions { now: output::now_or_clock(args.now), leeway_seconds: args.leeway };
    let report = match decode(&text, &options) {
        Ok(report) => report,
        Err(not_a_token) => return output::unusable(not_a_token),
    };
    if report.header.is_none() {
        let reason =
            report.problems.first().map_or("the header does not decode", |p| p.message.as_str());
        return output::unusable(format!("not a token: {reason}"));
    }
    if args.json {
        if let Err(message) = output::print_json(&report) {
            return output::unusable(message);
        }
    } else {
        print_report(&report);
    }
    ExitCode::SUCCESS
}

fn print_report(report: &TokenReport) {
    let format = match report.format {
        TokenFormat::Jws => "JWS",
        TokenFormat::Jwe => "JWE",
    };
    println!(
        "{format} ({}), {} bytes, checked at {}",
        report.alg().unwrap_or("no alg"),
        report.size_bytes,
        iso8601(report.now)
    );
    if let Some(header) = &report.header {
        println!("\nHeader\n{}", pretty(header));
    }
    match &report.payload {
        Payload::Claims => print_claims(report),
        Payload::Json { value } => println!("\nPayload (JSON, not claims)\n{}", pretty(value)),
        Payload::Text { text } => println!("\nPayload (text)\n{text}"),
        Payload::Binary { hex } => println!("\nPayload (binary, hex)\n{hex}"),
        Payload::Encrypted => println!("\nPayload: encrypted (JWE)"),
        Payload::Undecodable => println!("\nPayload: not decodable"),
    }
    output::print_problems(&report.problems);
}

fn print_claims(report: &TokenReport) {
    println!("\nClaims");
    let width = report.claim_rows.iter().map(|row| row.name.len()).max().unwrap_or(0);
    for row in &report.claim_rows {
        println!("  {:<width$}  {}", row.name, row.value);
        if let Some(time) = &row.time {
            println!("  {:<width$}  {} ({})", "", time.iso, time.relative);
        }
        if let Some(meaning) = row.meaning {
            println!("  {:<width$}  {meaning}", "");
        }
    }
    if let Some(lifetime) = report.lifetime_seconds {
        println!("  lifetime (exp − iat): {}", human_duration(lifetime));
    }
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}
