//! The page: the header, the view switcher and the current view. All state lives in one
//! reducer ([`AppState`]); views read it and dispatch [`Action`]s.

use std::rc::Rc;

use yew::prelude::*;

use crate::browser::{self, location_hash, now_unix, on_hash_change};
use crate::components::{JobWorker, SavePanel, ViewNav};
use crate::hooks::use_autosave;
use crate::state::{Action, AppState, BuilderAction, InteropAction};
use crate::views::{EmbedView, ViewProps};
use poolcheck_core::fragment::{self, Fragment};

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let fragment = fragment::parse(&location_hash());
        let from_link = fragment != Fragment::default();
        let embed = fragment.embed.is_some();
        let state = Rc::new(AppState::new(String::new(), now_unix(), None));
        let mut state = state.reduce(Action::LoadFragment(fragment));
        // An embed shows its own scenario and keeps nothing.
        if !embed {
            let remember = browser::remembering();
            state = state.reduce(Action::SetRemember(remember));
            let saved = match browser::read_saved(remember) {
                Ok(None) => None,
                Ok(Some(saved)) if from_link => Some(Action::SavedReplaced(Rc::new(saved))),
                Ok(Some(saved)) => {
                    Some(Action::RestoreSaved { saved: Rc::new(saved), now: now_unix() })
                }
                Err(error) => Some(Action::SaveProblem(format!(
                    "The saved work could not be read and was left out: {error}"
                ))),
            };
            if let Some(action) = saved {
                state = state.reduce(action);
            }
        }
        let mut state = Rc::unwrap_or_clone(state);
        // Nothing is saved until the first edit: a link must not overwrite the saved work it
        // replaced before the user chose between them.
        state.saving.revision = 0;
        state
    });
    // One callback for the app's lifetime: components compare it to skip re-rendering.
    let ondispatch = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |()| dispatcher.to_callback())).clone()
    };
    use_autosave(&state, &ondispatch);
    {
        // A pasted `#token=` link on an open page changes only the fragment: load it too.
        let ondispatch = ondispatch.clone();
        use_effect_with((), move |_| {
            let listener = on_hash_change(move |hash| {
                ondispatch.emit(Action::LoadFragment(fragment::parse(&hash)));
            });
            move || drop(listener)
        });
    }
    let view = state.view;
    // The App renders only when the state changed, so a fresh Rc is the right identity.
    let props = ViewProps { state: Rc::new((*state).clone()), ondispatch: ondispatch.clone() };
    if state.embed.is_some() {
        return html! { <EmbedView ..props /> };
    }
    html! {
        <div class="app">
            <header class="app-header">
                <h1>{"poolcheck"}</h1>
                <p class="tagline">
                    {"Decode and check JWTs. Everything happens in this page: nothing you paste is sent anywhere."}
                </p>
            </header>
            <SavePanel
                remember={state.saving.remember}
                notice={state.saving.notice.clone()}
                replaced={state.saving.replaced.is_some()}
                onremember={ondispatch.reform(|remember| {
                    browser::set_remember(remember);
                    Action::SetRemember(remember)
                })}
                onforget={ondispatch.reform(|()| {
                    browser::forget();
                    Action::Forgot
                })}
                onrestore={{
                    let saved = state.saving.replaced.clone();
                    let ondispatch = ondispatch.clone();
                    Callback::from(move |()| {
                        if let Some(saved) = saved.clone() {
                            ondispatch.emit(Action::RestoreSaved { saved, now: now_unix() });
                        }
                    })
                }}
            />
            <ViewNav current={view} onselect={ondispatch.reform(Action::SetView)} />
            { view.render(props) }
            <JobWorker
                job={state.builder.job.clone()}
                ondone={ondispatch.reform(|(id, outcome)| Action::Builder(BuilderAction::JobDone { id, outcome }))}
            />
            <JobWorker
                job={state.interop.job.clone()}
                ondone={ondispatch.reform(|(id, outcome)| Action::Interop(InteropAction::JobDone { id, outcome }))}
            />
        </div>
    }
}
