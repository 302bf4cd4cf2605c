//! What a workspace answers with: one report per view, shared (`Rc`) so a caller can tell an
//! unchanged report by pointer and re-render only what changed.

use std::rc::Rc;

use serde::Serialize;

use crate::decode::TokenReport;
use crate::keys::{KeyParseError, KeySet};
use crate::simulate::{MtlsReport, OAuthReport};
use crate::token::NotAToken;
use crate::verify::Verification;

/// What the Token field decodes to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TokenOutcome {
    /// The field is blank.
    Empty,
    NotAToken(NotAToken),
    Decoded(Rc<TokenReport>),
}

impl TokenOutcome {
    /// The report, or why there is none (a blank field is an empty token).
    pub fn decoded(&self) -> Result<&Rc<TokenReport>, NotAToken> {
        match self {
            TokenOutcome::Decoded(report) => Ok(report),
            TokenOutcome::NotAToken(not_a_token) => Err(not_a_token.clone()),
            TokenOutcome::Empty => Err(NotAToken::empty()),
        }
    }
}

/// Why the Token view's signature was not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum NotChecked {
    NoKeys,
    KeysUnreadable,
    /// The keys are an OpenID discovery document, which only names the key set.
    DiscoveryDocument,
    NoToken,
    /// A JWE has no signature.
    Encrypted,
}

/// The verdict on the token's signature against the Token view's keys.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SignatureReport {
    NotChecked { reason: NotChecked },
    Checked(Rc<Verification>),
}

/// The Token view's keys, parsed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum KeysOutcome {
    /// The field is blank.
    Empty,
    Unreadable(KeyParseError),
    Set(Rc<KeySet>),
}

/// A parsed key set is only ever replaced, never changed: identity is equality.
impl PartialEq for KeysOutcome {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (KeysOutcome::Empty, KeysOutcome::Empty) => true,
            (KeysOutcome::Unreadable(a), KeysOutcome::Unreadable(b)) => a == b,
            (KeysOutcome::Set(a), KeysOutcome::Set(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// Every report at once, as the JavaScript API and tests read them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Reports {
    pub token: TokenOutcome,
    pub keys: KeysOutcome,
    pub signature: SignatureReport,
    pub oauth: Rc<OAuthReport>,
    pub mtls: Option<Rc<MtlsReport>>,
}
