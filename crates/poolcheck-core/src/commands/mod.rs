//! The commands every front end offers (`decode`, `verify`, `filter`, `simulate`, certificate
//! inspection, `exercise`; `keygen`, `import_key` and `sign` under the `builder` feature, whose option and
//! output types are always here for front ends that sign elsewhere, as the app's worker
//! does): each takes the inputs as text or values, decides what is an input error
//! ([`CommandError`], the CLI's exit 2) and what is a report, and returns the one output type
//! that the CLI's `--json` prints and the JavaScript API returns.
//!
//! Core reads no clock: each command takes `clock`, the current time the caller read, used
//! when the options do not fix `now`.

#[cfg(feature = "builder")]
mod builder;
mod cert;
mod decode;
mod error;
mod exercise;
mod exercise_edit;
mod export;
mod filter;
mod import;
mod keygen;
mod mint;
mod sign;
mod simulate;
mod verify;

#[cfg(feature = "builder")]
pub use builder::{import_key, keygen, sign};
pub use cert::{CertificateOptions, inspect_certificates};
pub use decode::{TokenOptions, decode};
pub use error::{CommandError, CommandErrorCode};
pub use exercise::{
    ActualOutcome, CaseOutcome, CaseResult, ExerciseOptions, ExerciseReport, ExerciseResult,
    FlowOutcome, apply_solution, check_exercises, exercise,
};
pub use exercise_edit::{ExerciseEdit, ExerciseField, NewCase, edit_exercises};
#[cfg(feature = "interop")]
pub use export::export_config;
pub use export::{ExportFormat, ExportOptions};
pub use filter::{FilterInput, FilterOptions, bind_input, compile_filter, filter};
pub use import::{Change, Ignored, ImportFormat, ImportOptions, ImportReport, key_fetches};
#[cfg(feature = "interop")]
pub use import::{import_config, set_fetched_keys};
pub use keygen::{ImportKeyOptions, KeygenOptions, KeygenOutput};
pub use mint::{MINTED_PRINCIPAL, MintRequest, mint_request};
pub use sign::{SignOptions, SignOutput, json_object};
pub use simulate::{ScenarioInput, SimulateOptions, scenario, simulate};
pub use verify::{KeyKind, VerifyOptions, VerifyOutput, verify};

/// The verdict a command's report stands for, as the CLI's exit status: 0 when the check
/// passed, 1 when it did not (input errors, 2, are [`CommandError`]s instead).
pub trait Verdict {
    fn exit_code(&self) -> u8;
}

/// A leeway forgives clock skew; a negative one would add skew, which scenarios refuse too.
fn checked_leeway(seconds: Option<i64>) -> Result<Option<i64>, CommandError> {
    match seconds {
        Some(seconds) if seconds < 0 => Err(CommandError::new(
            CommandErrorCode::InvalidArgument,
            format!("leeway_seconds: {seconds} is negative; leeway must be 0 or more"),
        )),
        other => Ok(other),
    }
}
