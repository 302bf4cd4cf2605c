//! The Token view: the inputs on the left; the signature verdict and everything the token
//! decodes to on the right (stacked when narrow).

use poolcheck_core::Problem;
use poolcheck_core::workspace::TokenOutcome;
use yew::prelude::*;

use super::{ViewProps, input_pane};
use crate::components::problems_list::verdict;
use crate::components::{ProblemsList, SignatureView, TokenReportView};
use crate::state::{Action, BuilderAction};

#[component]
pub fn TokenView(props: &ViewProps) -> Html {
    let workspace = &props.state.workspace;
    let token = workspace.token();
    let onresign =
        props.ondispatch.reform(|_: MouseEvent| Action::Builder(BuilderAction::EditAndResign));
    html! {
        <main class="workspace">
            { input_pane(props) }
            <section class="pane pane-output" aria-labelledby="decoded-heading">
                <div class="pane-head">
                    <h2 id="decoded-heading">{"Decoded"}</h2>
                    if matches!(token, TokenOutcome::Decoded(_)) {
                        <button type="button" class="secondary" onclick={onresign}>{"Edit and re-sign"}</button>
                    }
                </div>
                // Always mounted, so screen readers announce each new verdict.
                <p class="visually-hidden" role="status">{status_text(token)}</p>
                <SignatureView keys={workspace.keys().clone()} signature={workspace.signature().clone()} />
                { decoded_view(token) }
            </section>
        </main>
    }
}

fn status_text(token: &TokenOutcome) -> String {
    match token {
        TokenOutcome::Empty => String::new(),
        TokenOutcome::NotAToken(error) => format!("Not a token: {}", error.message),
        TokenOutcome::Decoded(report) => format!("Decoded: {}", verdict(&report.problems)),
    }
}

pub(super) fn decoded_view(token: &TokenOutcome) -> Html {
    match token {
        TokenOutcome::Empty => html! {
            <p class="muted">{"Paste a token into the Token field to decode it."}</p>
        },
        TokenOutcome::NotAToken(error) => {
            let problem = Problem::error(error.code, error.message.clone());
            let problem = match &error.hint {
                Some(hint) => problem.with_hint(hint.clone()),
                None => problem,
            };
            html! { <ProblemsList problems={vec![problem]} /> }
        }
        TokenOutcome::Decoded(report) => html! { <TokenReportView report={report.clone()} /> },
    }
}
