//! `export`: a scenario as Confluent CLI commands, Terraform resources or client settings
//! (see [`crate::interop`]).

use super::CommandError;
use super::import::command_error;
use crate::interop;
pub use crate::interop::{ExportFormat, ExportOptions};
use crate::scenario::Scenario;

/// The text of `options.format`. An unknown pool, a pool choice left open, or a value the
/// format cannot carry is an input error.
pub fn export_config(scenario: &Scenario, options: &ExportOptions) -> Result<String, CommandError> {
    interop::export(scenario, options).map_err(command_error)
}
