//! `import`: Confluent CLI, REST API or Terraform descriptions of providers and pools, merged
//! into a scenario (see [`crate::interop`]).

use super::Verdict;
#[cfg(feature = "interop")]
use super::{CommandError, CommandErrorCode};
#[cfg(feature = "interop")]
use crate::interop::{self, InteropError, InteropErrorKind};
pub use crate::interop::{Change, Ignored, ImportFormat, ImportOptions, ImportReport, key_fetches};
#[cfg(feature = "interop")]
use crate::scenario::Scenario;

/// Reads `text` in `options.format` (recognized under `auto`) and merges what it describes
/// into `into`, or into a new scenario. Text that is not recognized, or describes nothing
/// poolcheck imports, is an input error that says what each format looks like.
#[cfg(feature = "interop")]
pub fn import_config(
    text: &str,
    options: &ImportOptions,
    into: Option<Scenario>,
) -> Result<ImportReport, CommandError> {
    interop::import(text, options, into).map_err(command_error)
}

/// Sets the text fetched from a provider's `jwks_uri` as its keys, if it reads as keys.
#[cfg(feature = "interop")]
pub fn set_fetched_keys(
    report: &mut ImportReport,
    provider: &str,
    text: &str,
) -> Result<(), CommandError> {
    interop::set_fetched_keys(report, provider, text).map_err(command_error)
}

#[cfg(feature = "interop")]
pub(super) fn command_error(error: InteropError) -> CommandError {
    let code = match error.kind {
        InteropErrorKind::Unrecognized => CommandErrorCode::ImportUnrecognized,
        InteropErrorKind::NotFound => CommandErrorCode::PoolNotFound,
        InteropErrorKind::Ambiguous => CommandErrorCode::InvalidArgument,
        InteropErrorKind::Unrepresentable => CommandErrorCode::ExportUnrepresentable,
        InteropErrorKind::KeysUnusable => CommandErrorCode::KeysUnreadable,
    };
    CommandError { code, message: error.message, excerpt: None, hint: error.hint }
}

/// An import that returns a report succeeded.
impl Verdict for ImportReport {
    fn exit_code(&self) -> u8 {
        0
    }
}
