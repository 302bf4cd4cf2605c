//! The Keys field, what it parses to, and the verdict on the token's signature.
//!
//! Keys are parsed only when the Keys text or its format changes; the signature is checked
//! again when the keys or the compact token change (not when the clock ticks).

use std::rc::Rc;

use poolcheck_core::decode::TokenFormat;
use poolcheck_core::keys::{KeyParseError, KeySet, KeySource, SecretEncoding, parse_keys};
use poolcheck_core::verify::{Verification, verify};
use yew::AttrValue;

use crate::state::{Decoded, TokenState};

/// What the user says the Keys field holds (the "Keys are" select).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeysFormat {
    /// JSON (JWKS, JWK, discovery document) or PEM, told apart by the core.
    #[default]
    Detect,
    Secret(SecretEncoding),
}

impl KeysFormat {
    pub const ALL: [KeysFormat; 4] = [
        KeysFormat::Detect,
        KeysFormat::Secret(SecretEncoding::Text),
        KeysFormat::Secret(SecretEncoding::Base64),
        KeysFormat::Secret(SecretEncoding::Base64Url),
    ];

    /// The `<option value>`.
    pub fn value(self) -> &'static str {
        match self {
            KeysFormat::Detect => "detect",
            KeysFormat::Secret(SecretEncoding::Text) => "secret-text",
            KeysFormat::Secret(SecretEncoding::Base64) => "secret-base64",
            KeysFormat::Secret(SecretEncoding::Base64Url) => "secret-base64url",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            KeysFormat::Detect => "auto-detect JSON/PEM",
            KeysFormat::Secret(SecretEncoding::Text) => "HMAC secret (text)",
            KeysFormat::Secret(SecretEncoding::Base64) => "HMAC secret (base64)",
            KeysFormat::Secret(SecretEncoding::Base64Url) => "HMAC secret (base64url)",
        }
    }

    pub fn from_value(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|format| format.value() == value)
    }

    fn secret_encoding(self) -> Option<SecretEncoding> {
        match self {
            KeysFormat::Detect => None,
            KeysFormat::Secret(encoding) => Some(encoding),
        }
    }
}

/// A parsed key set, compared by identity: it is only ever replaced, never changed.
#[derive(Debug, Clone)]
pub struct SharedKeySet(pub Rc<KeySet>);

impl PartialEq for SharedKeySet {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ParsedKeys {
    /// The field is blank.
    Empty,
    Unreadable(KeyParseError),
    Set(SharedKeySet),
}

/// The verdict on the token's signature.
#[derive(Debug, Clone, PartialEq)]
pub enum Signature {
    NotChecked(NotChecked),
    Checked(Rc<Verification>),
}

/// Why the signature was not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotChecked {
    NoKeys,
    KeysUnreadable,
    /// The keys are an OpenID discovery document, which only names the key set.
    DiscoveryDocument,
    NoToken,
    /// A JWE has no signature.
    Encrypted,
}

/// A message about where the Keys text came from, shown under the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Info(String),
    Error(String),
}

/// The part of the token the signature check reads; a new one means checking again.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
enum Subject {
    #[default]
    None,
    Encrypted,
    Compact(String),
}

impl Subject {
    fn of(token: &TokenState) -> Self {
        match &token.decoded {
            Decoded::Report(report) if report.format == TokenFormat::Jwe => Subject::Encrypted,
            Decoded::Report(report) => Subject::Compact(report.token.clone()),
            Decoded::Empty | Decoded::NotAToken(_) => Subject::None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct KeysState {
    pub input: AttrValue,
    pub format: KeysFormat,
    pub parsed: ParsedKeys,
    pub signature: Signature,
    /// The URL being fetched after the user asked for it.
    pub fetching: Option<String>,
    pub notice: Option<Notice>,
    subject: Subject,
}

impl Default for KeysState {
    fn default() -> Self {
        Self {
            input: AttrValue::default(),
            format: KeysFormat::Detect,
            parsed: ParsedKeys::Empty,
            signature: Signature::NotChecked(NotChecked::NoKeys),
            fetching: None,
            notice: None,
            subject: Subject::None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeysAction {
    SetText(String),
    SetFormat(KeysFormat),
    /// A dropped file was read as text.
    FileRead {
        name: String,
        text: String,
    },
    /// A dropped file was refused or could not be read.
    FileRefused(String),
    /// The user asked to fetch the key set named by a discovery document.
    FetchStarted(String),
    Fetched {
        url: String,
        text: String,
    },
    FetchFailed {
        url: String,
        message: String,
    },
}

impl KeysState {
    fn with_keys(&self, input: AttrValue, format: KeysFormat, token: &TokenState) -> Self {
        let parsed = if input.trim().is_empty() {
            ParsedKeys::Empty
        } else {
            match parse_keys(&input, format.secret_encoding()) {
                Ok(set) => ParsedKeys::Set(SharedKeySet(Rc::new(set))),
                Err(error) => ParsedKeys::Unreadable(error),
            }
        };
        let subject = Subject::of(token);
        let signature = check(&parsed, &subject);
        Self { input, format, parsed, signature, subject, ..self.clone() }
    }
}

fn check(parsed: &ParsedKeys, subject: &Subject) -> Signature {
    let set = match parsed {
        ParsedKeys::Empty => return Signature::NotChecked(NotChecked::NoKeys),
        ParsedKeys::Unreadable(_) => return Signature::NotChecked(NotChecked::KeysUnreadable),
        ParsedKeys::Set(SharedKeySet(set)) => set,
    };
    if matches!(set.source, KeySource::Discovery { .. }) {
        return Signature::NotChecked(NotChecked::DiscoveryDocument);
    }
    match subject {
        Subject::None => Signature::NotChecked(NotChecked::NoToken),
        Subject::Encrypted => Signature::NotChecked(NotChecked::Encrypted),
        Subject::Compact(token) => Signature::Checked(Rc::new(verify(token, set))),
    }
}

pub fn reduce(state: &Rc<KeysState>, action: KeysAction, token: &TokenState) -> Rc<KeysState> {
    let next = match action {
        KeysAction::SetText(text) if *state.input == *text => return state.clone(),
        KeysAction::SetText(text) => {
            KeysState { notice: None, ..state.with_keys(text.into(), state.format, token) }
        }
        KeysAction::SetFormat(format) if format == state.format => return state.clone(),
        KeysAction::SetFormat(format) => state.with_keys(state.input.clone(), format, token),
        KeysAction::FileRead { name, text } => {
            let notice = Notice::Info(format!("Read {name} ({} bytes).", text.len()));
            KeysState { notice: Some(notice), ..state.with_keys(text.into(), state.format, token) }
        }
        KeysAction::FileRefused(message) => {
            KeysState { notice: Some(Notice::Error(message)), ..(**state).clone() }
        }
        KeysAction::FetchStarted(url) => {
            KeysState { fetching: Some(url), notice: None, ..(**state).clone() }
        }
        KeysAction::Fetched { url, text } => {
            let notice = Notice::Info(format!("Fetched {url} ({} bytes).", text.len()));
            KeysState {
                fetching: None,
                notice: Some(notice),
                ..state.with_keys(text.into(), KeysFormat::Detect, token)
            }
        }
        KeysAction::FetchFailed { url, message } => KeysState {
            fetching: None,
            notice: Some(Notice::Error(format!("Could not fetch {url}: {message}"))),
            ..(**state).clone()
        },
    };
    Rc::new(next)
}

/// Checks the signature again when the compact token changed; otherwise keeps the state.
pub fn follow_token(state: &Rc<KeysState>, token: &TokenState) -> Rc<KeysState> {
    let subject = Subject::of(token);
    if subject == state.subject {
        return state.clone();
    }
    let signature = check(&state.parsed, &subject);
    Rc::new(KeysState { signature, subject, ..(**state).clone() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Action, AppState};
    use poolcheck_core::verify::{CandidateReason, Outcome};
    use yew::Reducible;

    const JWKS_THREE: &str = include_str!("../../tests/fixtures/keys/jwks-three.json");
    /// Signed by rsa-2048-b, the third key of JWKS_THREE.
    const PS256: &str = include_str!("../../tests/fixtures/keys/tokens/PS256.jwt");
    /// Signed by rsa-3072, which JWKS_THREE lacks.
    const RS384: &str = include_str!("../../tests/fixtures/keys/tokens/RS384.jwt");
    const HS256: &str = include_str!("../../tests/fixtures/keys/tokens/HS256.jwt");
    const HS256_SECRET: &str = include_str!("../../tests/fixtures/keys/hmac-hs256.secret.b64url");
    /// HS256 with the 25-byte secret `poolcheck-workshop-secret`.
    const WORKSHOP: &str = include_str!("../../tests/fixtures/tokens/valid-until-2030.jwt");
    const NOW: i64 = 1_767_225_600;

    fn reduce(state: AppState, action: Action) -> AppState {
        Rc::unwrap_or_clone(Rc::new(state).reduce(action))
    }

    fn keys(state: AppState, action: KeysAction) -> AppState {
        reduce(state, Action::Keys(action))
    }

    fn verification(state: &AppState) -> Rc<Verification> {
        match &state.keys.signature {
            Signature::Checked(verification) => verification.clone(),
            other => panic!("expected a verification, got {other:?}"),
        }
    }

    fn key_set(state: &AppState) -> Rc<KeySet> {
        match &state.keys.parsed {
            ParsedKeys::Set(SharedKeySet(set)) => set.clone(),
            other => panic!("expected a key set, got {other:?}"),
        }
    }

    #[test]
    fn a_jwks_verifies_the_token_with_the_key_its_kid_names() {
        let state = AppState::new(PS256.into(), NOW, Some(NOW));
        let state = keys(state, KeysAction::SetText(JWKS_THREE.into()));
        let verification = verification(&state);
        assert!(verification.signature_valid);
        let chosen = verification.key.clone().unwrap();
        assert_eq!((chosen.index, chosen.kid.as_deref()), (2, Some("rsa-2048-b")));
    }

    #[test]
    fn an_unknown_kid_is_not_found_and_every_key_says_kid_differs() {
        let state = AppState::new(RS384.into(), NOW, Some(NOW));
        let state = keys(state, KeysAction::SetText(JWKS_THREE.into()));
        let verification = verification(&state);
        assert!(!verification.signature_valid);
        assert_eq!(verification.outcome, Outcome::KidNotFound);
        assert_eq!(verification.candidates.len(), 3);
        assert!(verification.candidates.iter().all(|c| c.reason == CandidateReason::KidDiffers));
    }

    #[test]
    fn keys_are_parsed_once_and_checked_again_only_when_the_token_changes() {
        let state = AppState::new(String::new(), NOW, Some(NOW));
        let state = keys(state, KeysAction::SetText(JWKS_THREE.into()));
        assert_eq!(state.keys.signature, Signature::NotChecked(NotChecked::NoToken));
        let parsed = key_set(&state);
        let state = reduce(state, Action::SetToken(RS384.into()));
        let state = reduce(state, Action::SetToken(PS256.into()));
        assert!(Rc::ptr_eq(&parsed, &key_set(&state)), "a new token does not re-parse the keys");
        assert!(verification(&state).signature_valid);
        let checked = verification(&state);
        let state = reduce(state, Action::SetTime(NOW + 60));
        assert!(Rc::ptr_eq(&checked, &verification(&state)), "the clock does not re-verify");
        let state = reduce(state, Action::SetToken(format!("Bearer {PS256}")));
        assert!(verification(&state).signature_valid, "checks the token the decoder cleaned");
    }

    #[test]
    fn a_short_workshop_secret_matches_but_is_refused_as_weak() {
        let state = AppState::new(WORKSHOP.into(), NOW, Some(NOW));
        let state = keys(state, KeysAction::SetFormat(KeysFormat::Secret(SecretEncoding::Text)));
        let state = keys(state, KeysAction::SetText("poolcheck-workshop-secret".into()));
        let verification = verification(&state);
        assert!(!verification.signature_valid);
        assert_eq!(verification.outcome, Outcome::KeyRefused);
        let candidate = &verification.candidates[0];
        assert_eq!(candidate.reason, CandidateReason::WeakKey);
        assert!(candidate.detail.contains("the signature matches"), "{}", candidate.detail);
    }

    #[test]
    fn the_secret_encoding_is_what_the_user_says() {
        let state = AppState::new(HS256.into(), NOW, Some(NOW));
        let state = keys(state, KeysAction::SetText(HS256_SECRET.trim().into()));
        assert!(matches!(state.keys.parsed, ParsedKeys::Unreadable(KeyParseError::Unrecognised)));
        let format = KeysFormat::Secret(SecretEncoding::Base64Url);
        let state = keys(state, KeysAction::SetFormat(format));
        assert!(verification(&state).signature_valid);
        let format = KeysFormat::Secret(SecretEncoding::Text);
        let state = keys(state, KeysAction::SetFormat(format));
        assert_eq!(verification(&state).outcome, Outcome::SignatureMismatch);
    }

    #[test]
    fn a_discovery_document_names_the_key_set_and_a_fetch_fills_the_field() {
        let document = r#"{"issuer":"https://idp.example/","jwks_uri":"https://idp.example/jwks"}"#;
        let state = AppState::new(PS256.into(), NOW, Some(NOW));
        let state = keys(state, KeysAction::SetText(document.into()));
        assert_eq!(state.keys.signature, Signature::NotChecked(NotChecked::DiscoveryDocument));
        let KeySource::Discovery { jwks_uri, .. } = &key_set(&state).source else {
            panic!("not a discovery document")
        };
        assert_eq!(jwks_uri.as_deref(), Some("https://idp.example/jwks"));
        let url = String::from("https://idp.example/jwks");
        let state = keys(state, KeysAction::FetchStarted(url.clone()));
        assert_eq!(state.keys.fetching.as_deref(), Some(url.as_str()));
        let failed = keys(
            state.clone(),
            KeysAction::FetchFailed { url: url.clone(), message: "offline".into() },
        );
        assert_eq!(failed.keys.fetching, None);
        assert_eq!(&*failed.keys.input, document, "a failed fetch keeps the document");
        assert!(
            matches!(&failed.keys.notice, Some(Notice::Error(text)) if text.contains("offline"))
        );
        let state = keys(state, KeysAction::Fetched { url, text: JWKS_THREE.into() });
        assert_eq!(&*state.keys.input, JWKS_THREE);
        assert!(verification(&state).signature_valid);
    }

    #[test]
    fn a_dropped_file_fills_the_field_and_a_refused_one_keeps_it() {
        let state = AppState::new(PS256.into(), NOW, Some(NOW));
        let read = KeysAction::FileRead { name: "jwks.json".into(), text: JWKS_THREE.into() };
        let state = keys(state, read);
        assert!(verification(&state).signature_valid);
        assert!(
            matches!(&state.keys.notice, Some(Notice::Info(text)) if text.starts_with("Read jwks.json"))
        );
        let state = keys(state, KeysAction::FileRefused("big.json is too large".into()));
        assert_eq!(&*state.keys.input, JWKS_THREE);
        assert!(verification(&state).signature_valid);
        let state = keys(state, KeysAction::SetText(String::new()));
        assert_eq!(state.keys.signature, Signature::NotChecked(NotChecked::NoKeys));
        assert_eq!(state.keys.notice, None, "typing clears the notice");
    }

    #[test]
    fn format_values_round_trip() {
        for format in KeysFormat::ALL {
            assert_eq!(KeysFormat::from_value(format.value()), Some(format));
        }
        assert_eq!(KeysFormat::from_value("nonsense"), None);
    }
}
