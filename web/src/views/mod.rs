//! The app's views, one file each. A view receives the whole state and the dispatcher and
//! owns its layout; adding one is a file here and a variant of [`View`].

mod build_view;
mod certificates_view;
mod embed_view;
mod pools_view;
mod token_view;
mod workshop_view;

use std::rc::Rc;

use poolcheck_core::fragment::ViewName;
use poolcheck_core::keys::KeySource;
use poolcheck_core::workspace::{Edit, KeysOutcome};
use yew::prelude::*;

use crate::components::{Clock, KeysInput, ScenarioIo, TokenInput};
use crate::state::{Action, AppState};
pub use build_view::BuildView;
pub use certificates_view::CertificatesView;
pub use embed_view::EmbedView;
pub use pools_view::PoolsView;
pub use token_view::TokenView;
pub use workshop_view::WorkshopView;

/// What the page shows under the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Token,
    Pools,
    Certificates,
    Build,
    Workshop,
}

impl View {
    /// In navigation order.
    pub const ALL: &[View] =
        &[View::Token, View::Pools, View::Certificates, View::Build, View::Workshop];

    /// The tab that shows a link's or an embed's view.
    pub fn showing(view: ViewName) -> Self {
        match view {
            ViewName::Token => View::Token,
            ViewName::Filter | ViewName::Pools => View::Pools,
            ViewName::Certificates => View::Certificates,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            View::Token => "Token",
            View::Pools => "Identity pools",
            View::Certificates => "Certificates",
            View::Build => "Build",
            View::Workshop => "Workshop",
        }
    }

    pub fn render(self, props: ViewProps) -> Html {
        match self {
            View::Token => html! { <TokenView ..props /> },
            View::Pools => html! { <PoolsView ..props /> },
            View::Certificates => html! { <CertificatesView ..props /> },
            View::Build => html! { <BuildView ..props /> },
            View::Workshop => html! { <WorkshopView ..props /> },
        }
    }
}

#[derive(Properties, Clone)]
pub struct ViewProps {
    pub state: Rc<AppState>,
    pub ondispatch: Callback<Action>,
}

/// A state is only ever replaced, never changed in place: identity is equality.
impl PartialEq for ViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.state, &other.state) && self.ondispatch == other.ondispatch
    }
}

/// The inputs the Token and Identity pools views share: the token, the keys and the clock.
fn input_pane(props: &ViewProps) -> Html {
    let state = &props.state;
    let ondispatch = &props.ondispatch;
    let workspace = &state.workspace;
    let discovery = match workspace.keys() {
        KeysOutcome::Set(set) => match &set.source {
            KeySource::Discovery { issuer, jwks_uri } => Some((issuer.clone(), jwks_uri.clone())),
            _ => None,
        },
        _ => None,
    };
    html! {
        <section class="pane pane-input" aria-labelledby="input-heading">
            <h2 id="input-heading">{"Input"}</h2>
            <TokenInput
                value={AttrValue::from(workspace.token_text().to_owned())}
                oninput={ondispatch.reform(|token| Action::Edit(Edit::SetToken { token }))}
            />
            <KeysInput
                text={AttrValue::from(workspace.keys_text().0.to_owned())}
                format={state.keys_format()}
                ui={state.keys.clone()}
                {discovery}
                ontext={ondispatch.reform(Action::SetKeysText)}
                onformat={ondispatch.reform(Action::SetKeysFormat)}
                onfile={ondispatch.reform(|(name, read)| match read {
                    Ok(text) => Action::KeysFileRead { name, text },
                    Err(message) => Action::KeysFileRefused(message),
                })}
                onfetch={ondispatch.reform(Action::FetchStarted)}
                onfetched={ondispatch.reform(|(url, fetched)| match fetched {
                    Ok(text) => Action::Fetched { url, text },
                    Err(message) => Action::FetchFailed { url, message },
                })}
            />
            { clock(props) }
        </section>
    }
}

/// The clock every view shows: the instant every check uses, and the leeway.
/// The Scenario file panel (export, share link, embed snippets, import by pasting), the same
/// wherever a view offers it.
fn scenario_io(props: &ViewProps) -> Html {
    let ondispatch = &props.ondispatch;
    html! {
        <ScenarioIo
            import_error={props.state.import_error.clone()}
            export={props.state.export.clone()}
            onimport={ondispatch.reform(Action::Import)}
            onexport={ondispatch.reform(|()| Action::Export)}
            onsigningkeys={ondispatch.reform(Action::ExportSigningKeys)}
        />
    }
}

fn clock(props: &ViewProps) -> Html {
    let ondispatch = &props.ondispatch;
    let workspace = &props.state.workspace;
    html! {
        <Clock
            now={workspace.now()}
            live={props.state.live}
            leeway_seconds={workspace.leeway_seconds()}
            ontick={ondispatch.reform(Action::Tick)}
            onchange={ondispatch.reform(Action::SetTime)}
            onlive={ondispatch.reform(Action::GoLive)}
            onleeway={ondispatch.reform(|seconds| Action::Edit(Edit::SetLeeway { seconds }))}
        />
    }
}
