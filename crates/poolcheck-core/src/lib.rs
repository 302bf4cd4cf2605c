//! poolcheck's core: decode tokens, verify them against pasted keys, evaluate identity-pool
//! filters and simulate how Confluent Cloud would map a workload to pools.
//!
//! Pure: no I/O, no clock (time comes in as an argument), no printing.

pub mod alg;
pub mod b64;
#[cfg(feature = "builder")]
pub mod builder;
pub mod cert;
pub mod claims;
pub mod commands;
mod crypto;
pub mod decode;
pub mod draft;
pub mod filter;
pub mod fragment;
pub mod header;
pub mod interop;
pub mod issuer;
pub mod json;
pub mod keys;
pub mod problem;
pub mod scenario;
pub mod simulate;
pub mod time;
pub mod token;
pub mod verify;
mod wire;
pub mod workspace;

pub use decode::{DecodeOptions, TokenReport, decode, decode_pasted};
pub use problem::{Problem, Severity};
pub use token::{NotAToken, Token};
