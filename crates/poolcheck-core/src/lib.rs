//! poolcheck's core: decode tokens, verify them against pasted keys, evaluate identity-pool
//! filters and simulate how Confluent Cloud would map a workload to pools.
//!
//! Pure: no I/O, no clock (time comes in as an argument), no printing.

pub mod b64;
pub mod json;
pub mod keys;
pub mod problem;
pub mod verify;

pub use problem::{Problem, Severity};
