//! The page: the inputs on the left, what they decode to on the right (stacked when narrow).
//! Later panes (keys, identity pools, certificates) slot in as further sections fed by
//! sub-states of the same reducer.

use std::rc::Rc;

use poolcheck_core::Problem;

use yew::prelude::*;

use crate::browser::{location_hash, now_unix, on_hash_change};
use crate::components::problems_list::verdict;
use crate::components::{
    CertificatesView, Clock, KeysInput, PoolsView, ProblemsList, SignatureView, TokenInput,
    TokenReportView, ViewNav,
};
use crate::fragment;
use crate::state::{Action, AppState, Decoded, View};

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let fragment = fragment::parse(&location_hash());
        let state =
            AppState::new(fragment.token.clone().unwrap_or_default(), now_unix(), fragment.now);
        match fragment.scenario {
            Some(_) => Rc::unwrap_or_clone(Rc::new(state).reduce(Action::LoadFragment(fragment))),
            None => state,
        }
    });
    let dispatch = state.dispatcher().to_callback();
    {
        // A pasted `#token=` link on an open page changes only the fragment: load it too.
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = on_hash_change(move |hash| {
                dispatch.emit(Action::LoadFragment(fragment::parse(&hash)));
            });
            move || drop(listener)
        });
    }
    let on_token = dispatch.reform(Action::SetToken);
    let on_tick = dispatch.reform(Action::Tick);
    let on_time = dispatch.reform(Action::SetTime);
    let on_live = dispatch.reform(Action::GoLive);
    let on_leeway = dispatch.reform(Action::SetLeeway);
    let on_keys = dispatch.reform(Action::Keys);
    let on_view = dispatch.reform(Action::SetView);
    let on_pools = dispatch.reform(Action::Pools);
    let on_certs = dispatch.reform(Action::Certs);
    let clock = state.clock;
    let clock_view = html! {
        <Clock
            now={clock.now}
            live={clock.live}
            leeway_seconds={clock.leeway_seconds}
            ontick={on_tick}
            onchange={on_time}
            onlive={on_live}
            onleeway={on_leeway}
        />
    };
    html! {
        <div class="app">
            <header class="app-header">
                <h1>{"poolcheck"}</h1>
                <p class="tagline">
                    {"Decode and check JWTs. Everything happens in this page: nothing you paste is sent anywhere."}
                </p>
            </header>
            <ViewNav current={state.view} onselect={on_view} />
            // mTLS reads neither the token nor the keys: its view has its own input pane.
            if state.view == View::Certificates {
                <CertificatesView certs={state.certs.clone()} onaction={on_certs}>{clock_view}</CertificatesView>
            } else {
            <main class="workspace">
                <section class="pane pane-input" aria-labelledby="input-heading">
                    <h2 id="input-heading">{"Input"}</h2>
                    <TokenInput value={state.token.input.clone()} oninput={on_token} />
                    <KeysInput keys={state.keys.clone()} ondispatch={on_keys} />
                    {clock_view}
                </section>
                { match state.view {
                    View::Token => html! {
                        <section class="pane pane-output" aria-labelledby="decoded-heading">
                            <h2 id="decoded-heading">{"Decoded"}</h2>
                            // Always mounted, so screen readers announce each new verdict.
                            <p class="visually-hidden" role="status">{status_text(&state.token.decoded)}</p>
                            <SignatureView keys={state.keys.clone()} />
                            { decoded_view(&state.token.decoded) }
                        </section>
                    },
                    View::Pools => html! {
                        <section class="pane pane-output" aria-labelledby="pools-view-heading">
                            <h2 id="pools-view-heading">{"Identity pools"}</h2>
                            <PoolsView state={state.pools.clone()} onaction={on_pools} />
                        </section>
                    },
                    View::Certificates => Html::default(),
                } }
            </main>
            }
        </div>
    }
}

fn status_text(decoded: &Decoded) -> String {
    match decoded {
        Decoded::Empty => String::new(),
        Decoded::NotAToken(error) => format!("Not a token: {}", error.message),
        Decoded::Report(report) => format!("Decoded: {}", verdict(&report.problems)),
    }
}

fn decoded_view(decoded: &Decoded) -> Html {
    match decoded {
        Decoded::Empty => html! {
            <p class="muted">{"Paste a token into the Token field to decode it."}</p>
        },
        Decoded::NotAToken(error) => {
            let problem = Problem::error(error.code, error.message.clone());
            let problem = match &error.hint {
                Some(hint) => problem.with_hint(hint.clone()),
                None => problem,
            };
            html! { <ProblemsList problems={vec![problem]} /> }
        }
        Decoded::Report(report) => html! { <TokenReportView report={report.clone()} /> },
    }
}
