//! `simulate`: would the cluster accept this client, as whom, through which pools?

use serde::Deserialize;
use serde_json::Value;

use super::{CommandError, CommandErrorCode, Verdict, checked_leeway};
use crate::scenario::Scenario;
use crate::simulate::SimulationReport;
use crate::workspace::analyze;

/// A scenario as JSON text (checked for size and duplicate members) or as a parsed document.
#[derive(Debug, Clone, Copy)]
pub enum ScenarioInput<'a> {
    Text(&'a str),
    Value(&'a Value),
}

/// What to change in the scenario before simulating it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct SimulateOptions {
    /// Unix seconds, instead of the scenario's `now` (which itself defaults to the caller's
    /// clock).
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub now: Option<i64>,
    /// Instead of the scenario's `leeway_seconds`; 0 or more.
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub leeway_seconds: Option<i64>,
    /// Instead of the scenario's token (any pasted form).
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub token: Option<String>,
}

/// Reads the scenario and applies the options. A scenario that does not parse is an input
/// error (the message names the JSON Pointer).
pub fn scenario(
    input: ScenarioInput<'_>,
    options: &SimulateOptions,
) -> Result<Scenario, CommandError> {
    let leeway = checked_leeway(options.leeway_seconds)?;
    let mut scenario = match input {
        ScenarioInput::Text(text) => Scenario::parse(text),
        ScenarioInput::Value(value) => Scenario::from_value(value),
    }
    .map_err(|error| CommandError::new(CommandErrorCode::ScenarioInvalid, error.to_string()))?;
    if let Some(token) = &options.token {
        scenario.token.clone_from(token);
    }
    if options.now.is_some() {
        scenario.now = options.now;
    }
    if leeway.is_some() {
        scenario.leeway_seconds = leeway;
    }
    Ok(scenario)
}

/// Simulates a scenario read by [`scenario`]; a refused login is a report, not an error.
pub fn simulate(scenario: &Scenario, clock: i64) -> SimulationReport {
    analyze(scenario, clock)
}

impl Verdict for SimulationReport {
    fn exit_code(&self) -> u8 {
        if self.accepted { 0 } else { 1 }
    }
}
