//! The page: the header, the view switcher and the current view. All state lives in one
//! reducer ([`AppState`]); views read it and dispatch [`Action`]s.

use std::rc::Rc;

use yew::prelude::*;

use crate::browser::{location_hash, now_unix, on_hash_change};
use crate::components::{SignerWorker, ViewNav};
use crate::state::{Action, AppState, BuilderAction};
use crate::views::{EmbedView, ViewProps};
use poolcheck_core::fragment;

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let fragment = fragment::parse(&location_hash());
        let state = Rc::new(AppState::new(String::new(), now_unix(), None));
        Rc::unwrap_or_clone(state.reduce(Action::LoadFragment(fragment)))
    });
    let ondispatch = state.dispatcher().to_callback();
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
            <ViewNav current={view} onselect={ondispatch.reform(Action::SetView)} />
            { view.render(props) }
            <SignerWorker
                job={state.builder.job.clone()}
                ondone={ondispatch.reform(|(id, outcome)| Action::Builder(BuilderAction::JobDone { id, outcome }))}
            />
        </div>
    }
}
