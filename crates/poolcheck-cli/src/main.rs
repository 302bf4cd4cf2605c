//! `poolcheck`: the command-line face of poolcheck-core. Parses arguments, calls the core,
//! prints; no decoding or verification logic lives here.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cert;
mod decode;
mod exercise;
mod export;
mod filter;
mod import;
mod input;
mod keygen;
mod output;
mod secret;
mod sign;
mod simulate;
mod verify;

/// Decode, verify and simulate JWTs against Confluent Cloud-style identity pools.
#[derive(Parser)]
#[command(name = "poolcheck", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Client certificates for certificate identity pools.
    Cert(cert::CertArgs),
    /// Decode a token and explain its header, claims and problems.
    Decode(decode::DecodeArgs),
    /// Check a scenario's workshop exercises (or one, with the learner's filter).
    Exercise(exercise::ExerciseArgs),
    /// Write a scenario as Confluent CLI commands, Terraform or client settings.
    Export(export::ExportArgs),
    /// Evaluate an identity-pool filter (CEL) against claims and explain the result.
    Filter(filter::FilterArgs),
    /// Import Confluent CLI, REST API or Terraform output into a scenario.
    Import(import::ImportArgs),
    /// Generate a signing key (HMAC, RSA, EC, Ed25519) with its public JWK, JWKS and PEM.
    Keygen(keygen::KeygenArgs),
    /// Sign a token with a private key or an HMAC secret.
    Sign(sign::SignArgs),
    /// Simulate a Kafka client's OAuth (and mTLS) login against a scenario's providers and pools.
    Simulate(simulate::SimulateArgs),
    /// Check a token's signature against keys (JWKS, JWK, PEM) or an HMAC secret.
    Verify(verify::VerifyArgs),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Cert(args) => cert::run(args),
        Command::Decode(args) => decode::run(args),
        Command::Exercise(args) => exercise::run(args),
        Command::Export(args) => export::run(args),
        Command::Filter(args) => filter::run(args),
        Command::Import(args) => import::run(args),
        Command::Keygen(args) => keygen::run(args),
        Command::Sign(args) => sign::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Verify(args) => verify::run(args),
    }
}
