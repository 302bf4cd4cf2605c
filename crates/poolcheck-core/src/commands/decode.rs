//! `decode`: a token's header, claims and problems at one instant.

use serde::Deserialize;

use super::{CommandError, CommandErrorCode, Verdict, checked_leeway};
use crate::decode::TokenReport;
use crate::workspace::{Edit, Workspace};

/// When to judge the token's time claims.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct TokenOptions {
    /// Unix seconds (default: the caller's clock).
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub now: Option<i64>,
    /// Seconds of clock skew forgiven in `exp`, `nbf` and `iat`; 0 or more (default 0).
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub leeway_seconds: Option<i64>,
}

/// Decodes `text` (any pasted form). Not a token, or a header that does not decode, is an
/// input error; every other problem is in the report.
pub fn decode(text: &str, options: &TokenOptions, clock: i64) -> Result<TokenReport, CommandError> {
    let leeway = checked_leeway(options.leeway_seconds)?.unwrap_or(0);
    let mut workspace = Workspace::new(Default::default(), options.now.unwrap_or(clock));
    workspace.apply(Edit::SetLeeway { seconds: leeway });
    workspace.apply(Edit::SetToken { token: text.to_owned() });
    let report = workspace.token().decoded().map_err(|not_a_token| {
        CommandError::new(CommandErrorCode::NotAToken, not_a_token.to_string())
    })?;
    if report.header.is_none() {
        let reason =
            report.problems.first().map_or("the header does not decode", |p| p.message.as_str());
        return Err(CommandError::new(
            CommandErrorCode::NotAToken,
            format!("not a token: {reason}"),
        ));
    }
    Ok(TokenReport::clone(report))
}

/// A decoded token is a success: its problems are reported, not fatal.
impl Verdict for TokenReport {
    fn exit_code(&self) -> u8 {
        0
    }
}
