//! `filter`: evaluate an identity-pool filter against claims and explain it.

use serde::Deserialize;
use serde_json::Value;

use super::{CommandError, CommandErrorCode, Verdict};
use crate::filter::{Bindings, CompiledFilter, FilterMode, FilterReport};
use crate::workspace::{Edit, Workspace};

/// What the filter sees: a claims object, or a token whose payload is the claims.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum FilterInput {
    Claims(Value),
    /// Any pasted form of a token.
    Token(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct FilterOptions {
    /// The provider's issuer: adds the check Confluent Cloud makes for shared issuers.
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub issuer: Option<String>,
}

/// Compiles and evaluates `expression`. A filter that does not compile, or claims that cannot
/// be bound, are input errors; false, an evaluation error or a refusing lint is a report.
pub fn filter(
    expression: &str,
    input: &FilterInput,
    options: &FilterOptions,
) -> Result<FilterReport, CommandError> {
    let filter = compile_filter(expression)?;
    Ok(filter.report(&bind_input(input)?, options.issuer.as_deref()))
}

/// `filter`'s first half: an OAuth pool filter, compiled once to evaluate against many inputs.
pub fn compile_filter(expression: &str) -> Result<CompiledFilter, CommandError> {
    CompiledFilter::compile(expression, FilterMode::Claims).map_err(|error| CommandError {
        code: CommandErrorCode::FilterDoesNotCompile,
        message: format!("the filter does not compile: {error}"),
        excerpt: Some(error.render()),
        hint: error.hint.clone(),
    })
}

/// `filter`'s second half: the input converted once to the variables filters read.
pub fn bind_input(input: &FilterInput) -> Result<Bindings, CommandError> {
    match input {
        FilterInput::Claims(claims) => Bindings::claims(claims),
        FilterInput::Token(token) => Bindings::claims(&token_claims(token)?),
    }
    .map_err(|error| CommandError::new(CommandErrorCode::ClaimsUnusable, error.to_string()))
}

pub(super) fn token_claims(text: &str) -> Result<Value, CommandError> {
    // Claims do not depend on the time.
    let mut workspace = Workspace::new(Default::default(), 0);
    workspace.apply(Edit::SetToken { token: text.to_owned() });
    let report = workspace
        .token()
        .decoded()
        .map_err(|error| CommandError::new(CommandErrorCode::NotAToken, error.to_string()))?;
    report.claims.clone().ok_or_else(|| {
        let reason = report
            .problems
            .first()
            .map_or("it is not a JSON object", |problem| problem.message.as_str());
        CommandError::new(
            CommandErrorCode::ClaimsUnusable,
            format!("the token's payload cannot be used as claims: {reason}"),
        )
    })
}

/// The rule `simulate` applies to pools: an error-severity lint refuses the filter.
impl Verdict for FilterReport {
    fn exit_code(&self) -> u8 {
        match self.result {
            Some(true) if !self.refused_by_lints() => 0,
            _ => 1,
        }
    }
}
