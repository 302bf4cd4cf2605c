//! `poolcheck cert …`: client certificates for certificate identity pools.

use std::io::Write as _;
use std::process::ExitCode;

use poolcheck_core::cert::{CertificateReport, InspectReport};
use poolcheck_core::commands::{self, CertificateOptions};

use crate::{input, output};

#[derive(clap::Args)]
pub struct CertArgs {
    #[command(subcommand)]
    command: CertCommand,
}

#[derive(clap::Subcommand)]
enum CertCommand {
    /// Show every certificate of a PEM (or DER) file: subject, issuer, validity, key, extensions and
    /// the bindings a certificate pool filter sees.
    Inspect(InspectArgs),
}

#[derive(clap::Args)]
struct InspectArgs {
    /// PEM file with one or more certificates, or one DER certificate; `-` or nothing reads
    /// stdin.
    file: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// The instant to check validity at, in unix seconds (default: now).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    now: Option<i64>,
}

pub fn run(args: CertArgs) -> ExitCode {
    match args.command {
        CertCommand::Inspect(args) => inspect(args),
    }
}

fn inspect(args: InspectArgs) -> ExitCode {
    let path = args.file.as_deref().unwrap_or("-");
    let bytes = match input::bytes(input::stdin_or(path), input::CERTIFICATES) {
        Ok(bytes) => bytes,
        Err(message) => return output::unusable(message),
    };
    let shown = input::stdin_or(path).unwrap_or("stdin");
    let options = CertificateOptions { now: args.now };
    match commands::inspect_certificates(&bytes, shown, &options, output::clock()) {
        Ok(report) => {
            output::report(&report, args.json, |out| out.write_all(human(&report).as_bytes()))
        }
        Err(error) => output::refused(error),
    }
}

fn human(report: &InspectReport) -> String {
    let total = report.certificates.len();
    report
        .certificates
        .iter()
        .enumerate()
        .map(|(i, c)| certificate(c, i + 1, total))
        .collect::<Vec<_>>()
        .join("\n")
}

fn certificate(c: &CertificateReport, number: usize, total: usize) -> String {
    let mut out = format!("Certificate {number} of {total}: {}\n", c.subject.display_name());
    let mut line = |label: &str, value: &str| out.push_str(&format!("  {label:<20}{value}\n"));
    line("Subject", &c.subject.text);
    line(
        "Issuer",
        &if c.self_issued {
            format!("{} (self-issued)", c.issuer.text)
        } else {
            c.issuer.text.clone()
        },
    );
    line("Serial", &c.serial_hex);
    line(
        "Validity",
        &format!(
            "{} to {} ({})",
            c.validity.not_before_iso,
            c.validity.not_after_iso,
            c.validity.status.as_str()
        ),
    );
    let key = match (&c.public_key.curve, c.public_key.bits) {
        (Some(curve), _) => format!("{} {curve}", c.public_key.algorithm),
        (None, Some(bits)) if c.public_key.algorithm == "RSA" => format!("RSA {bits} bits"),
        _ => c.public_key.algorithm.clone(),
    };
    line("Public key", &key);
    line("Signature", &c.signature_algorithm.name);
    if let Some(bc) = &c.basic_constraints {
        let path = bc.path_len.map(|n| format!(", path length {n}")).unwrap_or_default();
        line("Basic constraints", &format!("CA: {}{path}{}", bc.ca, critical(bc.critical)));
    }
    if let Some(ku) = &c.key_usage {
        line("Key usage", &format!("{}{}", ku.usages.join(", "), critical(ku.critical)));
    }
    if let Some(eku) = &c.extended_key_usage {
        line("Extended key usage", &eku.join(", "));
    }
    for san in &c.subject_alt_names {
        line("Alternative name", &format!("{}: {}", san.kind, san.value));
    }
    line("SHA-256 fingerprint", &c.sha256_fingerprint);
    out.push_str("  Subject attributes\n");
    for rdn in &c.subject.rdns {
        let multi = rdn.attributes.len() > 1;
        for a in &rdn.attributes {
            let marker = if multi { " (multi-valued RDN)" } else { "" };
            out.push_str(&format!(
                "    {:<14}{:?}  [{}]{marker}\n",
                a.name, a.value, a.string_type
            ));
        }
    }
    out.push_str("  Filter bindings\n");
    for (name, value) in &c.filter_bindings.values {
        out.push_str(&format!("    {name} = {value}\n"));
    }
    for r in &c.filter_bindings.repeated {
        out.push_str(&format!(
            "    note: {} appears {} times; filters see the most specific, {:?} (assumed)\n",
            r.name,
            r.values.len(),
            r.bound
        ));
    }
    for p in &c.problems {
        let severity = match p.severity {
            poolcheck_core::Severity::Error => "error",
            poolcheck_core::Severity::Warning => "warning",
            poolcheck_core::Severity::Info => "info",
        };
        out.push_str(&format!("  {severity} [{}]: {}\n", p.code, p.message));
    }
    out
}

fn critical(is: bool) -> &'static str {
    if is { " (critical)" } else { "" }
}
