//! The work the app keeps across a reload: the scenario (token, clock, providers, pools,
//! certificates, exercises), the Keys field, the builder's drafts and the hints and solutions
//! the learner revealed. Saved to the tab's session storage
//! on every change; to local storage when the user switches on "Remember in this browser".
//! Private keys and HMAC secrets are kept only then.

use std::collections::{BTreeMap, BTreeSet};

use poolcheck_core::commands::KeyKind;
use serde::{Deserialize, Serialize};

use crate::state::{AppState, KeysFormat};

/// Bumped when the saved form changes incompatibly; older saves are then left unread.
const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedWork {
    pub version: u32,
    /// The scenario document, as an export writes it.
    pub scenario: String,
    /// The clock followed the machine's: it does again after a reload.
    pub live: bool,
    pub keys: String,
    pub keys_format: String,
    pub builder: SavedBuilder,
    /// Absent from saves made before the Workshop tab kept progress.
    #[serde(default)]
    pub workshop: SavedWorkshop,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedWorkshop {
    pub selected: usize,
    /// Hints shown, per exercise id.
    pub hints: BTreeMap<String, usize>,
    /// Exercises whose solution was shown.
    pub solutions: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedBuilder {
    pub alg: String,
    pub bits: Option<usize>,
    pub kid: String,
    pub header: String,
    pub claims: String,
    pub key_kind: KeyKind,
    /// Only when the user asked to remember secrets.
    pub key_text: Option<String>,
}

impl SavedWork {
    /// What to save of `state`; private keys and secrets only `with_secrets`.
    pub fn of(state: &AppState, with_secrets: bool) -> Self {
        let scenario = state.workspace.scenario();
        let scenario = if with_secrets { scenario } else { scenario.without_signing_keys() };
        let format = state.keys_format();
        let secret_keys = matches!(format, KeysFormat::Secret(_));
        let builder = &state.builder;
        Self {
            version: VERSION,
            scenario: scenario.to_json(),
            live: state.live,
            keys: if secret_keys && !with_secrets {
                String::new()
            } else {
                state.workspace.keys_text().0.to_owned()
            },
            keys_format: format.value().to_owned(),
            builder: SavedBuilder {
                alg: builder.alg.name().to_owned(),
                bits: builder.bits,
                kid: builder.kid.clone(),
                header: builder.header.clone(),
                claims: builder.claims.clone(),
                key_kind: builder.key_kind,
                key_text: with_secrets.then(|| builder.key_text.clone()),
            },
            workshop: SavedWorkshop {
                selected: state.workshop.selected,
                hints: state.workshop.hints.clone(),
                solutions: state.workshop.solutions.clone(),
            },
        }
    }

    /// Reads saved text; `None` for a save of another version, an error for corrupt text.
    pub fn read(text: &str) -> Result<Option<Self>, String> {
        let saved: Self = serde_json::from_str(text).map_err(|error| error.to_string())?;
        Ok((saved.version == VERSION).then_some(saved))
    }
}
