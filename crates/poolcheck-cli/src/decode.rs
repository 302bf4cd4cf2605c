//! `poolcheck decode`: the token inspector.

use std::io::{self, Write as _};
use std::process::ExitCode;

use clap::Args;
use poolcheck_core::TokenReport;
use poolcheck_core::commands::{self, TokenOptions};
use poolcheck_core::time::{human_duration, iso8601};
use poolcheck_core::token::{Payload, TokenFormat};
use serde_json::Value;

use crate::input;
use crate::output::{self, Out};

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
    /// Seconds of clock skew to forgive in exp, nbf and iat (not negative, as in scenarios).
    #[arg(long, value_name = "SECONDS", default_value_t = 0, allow_negative_numbers = true,
          value_parser = non_negative)]
    leeway: i64,
}

/// Leeway forgives skew; a negative one would add it, which scenarios refuse too.
fn non_negative(text: &str) -> Result<i64, String> {
    match text.parse::<i64>() {
        Ok(seconds) if seconds < 0 => {
            Err(format!("{seconds} is negative; leeway must be 0 or more"))
        }
        Ok(seconds) => Ok(seconds),
        Err(e) => Err(e.to_string()),
    }
}

pub fn run(args: DecodeArgs) -> ExitCode {
    let text = match input::text_or_file(args.token.as_deref(), input::TOKEN) {
        Ok(text) => text,
        Err(message) => return output::unusable(message),
    };
    let options = TokenOptions { now: args.now, leeway_seconds: Some(args.leeway) };
    match commands::decode(&text, &options, output::clock()) {
        Ok(report) => output::report(&report, args.json, |out| print_report(out, &report)),
        Err(error) => output::refused(error),
    }
}

fn print_report(out: &mut Out, report: &TokenReport) -> io::Result<()> {
    let format = match report.format {
        TokenFormat::Jws => "JWS",
        TokenFormat::Jwe => "JWE",
    };
    writeln!(
        out,
        "{format} ({}), {} bytes, checked at {}",
        report.alg().unwrap_or("no alg"),
        report.size_bytes,
        iso8601(report.now)
    )?;
    if let Some(header) = &report.header {
        writeln!(out, "\nHeader\n{}", pretty(header))?;
    }
    match &report.payload {
        Payload::Claims => print_claims(out, report)?,
        Payload::Json { value } => {
            writeln!(out, "\nPayload (JSON, not claims)\n{}", pretty(value))?;
        }
        Payload::Text { text } => writeln!(out, "\nPayload (text)\n{text}")?,
        Payload::Binary { hex } => writeln!(out, "\nPayload (binary, hex)\n{hex}")?,
        Payload::Encrypted => writeln!(out, "\nPayload: encrypted (JWE)")?,
        Payload::Undecodable => writeln!(out, "\nPayload: not decodable")?,
    }
    output::print_problems(out, &report.problems)
}

fn print_claims(out: &mut Out, report: &TokenReport) -> io::Result<()> {
    writeln!(out, "\nClaims")?;
    let width = report.claim_rows.iter().map(|row| row.name.len()).max().unwrap_or(0);
    for row in &report.claim_rows {
        writeln!(out, "  {:<width$}  {}", row.name, row.value)?;
        if let Some(time) = &row.time {
            writeln!(out, "  {:<width$}  {} ({})", "", time.iso, time.relative)?;
        }
        if let Some(meaning) = row.meaning {
            writeln!(out, "  {:<width$}  {meaning}", "")?;
        }
    }
    if let Some(lifetime) = report.lifetime_seconds {
        writeln!(out, "  lifetime (exp − iat): {}", human_duration(lifetime))?;
    }
    Ok(())
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}
