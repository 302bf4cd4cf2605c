//! `poolcheck`: the command-line face of poolcheck-core. Parses arguments, calls the core,
//! prints; no decoding or verification logic lives here.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod input;
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
    /// Check a token's signature against keys (JWKS, JWK, PEM) or an HMAC secret.
    Verify(verify::VerifyArgs),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Verify(args) => verify::run(args),
    }
}
