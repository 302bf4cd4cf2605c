//! The `poolcheck` command line: thin wrappers around poolcheck-core.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cert;
// text_or_file serves the decode command (on main).
#[allow(dead_code)]
mod input;

#[derive(Parser)]
#[command(
    name = "poolcheck",
    version,
    about = "Identity-pool playground: tokens, keys, certificates and pool filters"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Client certificates for certificate identity pools.
    Cert(cert::CertArgs),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Cert(args) => cert::run(args),
    }
}
