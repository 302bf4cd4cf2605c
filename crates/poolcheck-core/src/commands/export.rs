//! `export`: a scenario as Confluent CLI commands, Terraform resources or client settings
//! (see [`crate::interop`]).

#[cfg(feature = "interop")]
use super::CommandError;
#[cfg(feature = "interop")]
use super::import::command_error;
#[cfg(feature = "interop")]
use crate::interop;
pub use crate::interop::{ExportFormat, ExportOptions};
#[cfg(feature = "interop")]
use crate::scenario::Scenario;

/// The text of `options.format`. An unknown pool, a pool choice left open, or a value the
/// format cannot carry is an input error.
#[cfg(feature = "interop")]
pub fn export_config(scenario: &Scenario, options: &ExportOptions) -> Result<String, CommandError> {
    interop::export(scenario, options).map_err(command_error)
}
