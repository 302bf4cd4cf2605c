//! What the app saves of the work, and putting it back.

use super::*;
use crate::saved::SavedWork;

const NOW: i64 = 1_767_258_000;

fn reduce(state: AppState, action: Action) -> AppState {
    Rc::unwrap_or_clone(Rc::new(state).reduce(action))
}

fn okta() -> AppState {
    let text = examples::read("okta.json");
    reduce(AppState::new(String::new(), NOW, None), Action::LoadExample(Ok(text)))
}

#[test]
fn secrets_are_saved_only_when_remembering() {
    let state = okta();
    let state = reduce(state, Action::SetKeysFormat(KeysFormat::Secret(SecretEncoding::Text)));
    let state = reduce(state, Action::SetKeysText("workshop-secret".into()));
    let state =
        reduce(state, Action::Builder(BuilderAction::SetKeyText("{\"kty\":\"oct\"}".into())));
    let session = SavedWork::of(&state, false);
    assert!(!session.scenario.contains("signing_key"), "provider keys stay out");
    assert_eq!(session.keys, "", "the HMAC secret stays out");
    assert_eq!(session.builder.key_text, None);
    let local = SavedWork::of(&state, true);
    assert!(local.scenario.contains("signing_key"));
    assert_eq!(local.keys, "workshop-secret");
    assert_eq!(local.builder.key_text.as_deref(), Some("{\"kty\":\"oct\"}"));
}

#[test]
fn saved_work_comes_back_after_a_reload() {
    let state = okta();
    let state = reduce(
        state,
        Action::Edit(Edit::SetPool {
            index: 0,
            field: PoolField::Filter,
            value: "claims.aud == 'edited'".into(),
        }),
    );
    let state = reduce(state, Action::Builder(BuilderAction::SetClaims("{\"sub\": \"x\"}".into())));
    let text = serde_json::to_string(&SavedWork::of(&state, false)).unwrap();
    let saved = SavedWork::read(&text).unwrap().unwrap();

    let fresh = AppState::new(String::new(), NOW + 999, None);
    let restored = reduce(fresh, Action::RestoreSaved { saved: Rc::new(saved), now: NOW + 999 });
    assert_eq!(restored.workspace.pools()[0].pool.filter, "claims.aud == 'edited'");
    assert_eq!(restored.workspace.token_text(), state.workspace.token_text());
    assert_eq!(restored.workspace.now(), NOW, "the example's fixed clock");
    assert!(!restored.live);
    assert_eq!(restored.builder.claims, "{\"sub\": \"x\"}");
    assert!(matches!(restored.saving.notice, Some(Notice::Info(_))));
}

#[test]
fn corrupt_or_older_saves_are_left_out() {
    assert!(SavedWork::read("{not json").is_err());
    let state = okta();
    let mut saved = SavedWork::of(&state, false);
    saved.version = 0;
    let older = serde_json::to_string(&saved).unwrap();
    assert_eq!(SavedWork::read(&older).unwrap(), None);
    saved.version = 1;
    saved.scenario = "{\"providers\": 7}".into();
    let fresh = AppState::new(String::new(), NOW, None);
    let state = reduce(fresh, Action::RestoreSaved { saved: Rc::new(saved), now: NOW });
    assert!(matches!(state.saving.notice, Some(Notice::Error(_))), "{:?}", state.saving.notice);
}

#[test]
fn edits_are_saved_and_forgetting_saves_nothing_until_the_next_edit() {
    let state = AppState::new(String::new(), NOW, None);
    let state = reduce(state, Action::Edit(Edit::SetToken { token: "x".into() }));
    assert_eq!(state.saving.revision, 1);
    let state = reduce(state, Action::SetView(View::Build));
    let state = reduce(state, Action::Tick(NOW + 1));
    assert_eq!(state.saving.revision, 1, "views and the clock's ticks are not edits");
    let state = reduce(state, Action::Forgot);
    assert_eq!(state.saving.revision, 0, "no save until the next edit");
    assert!(!state.saving.remember);
}
