//! What a filter made of the claims: its compile error with a caret, or the explanation of
//! its result. Shared by the pool cards and the embeds.

use poolcheck_core::simulate::PoolResult;
use yew::prelude::*;

use crate::components::FilterExplanation;

#[derive(Properties, PartialEq)]
pub struct FilterOutcomeProps {
    pub result: PoolResult,
}

#[component]
pub fn FilterOutcome(props: &FilterOutcomeProps) -> Html {
    let result = &props.result;
    html! {
        <>
            if let Some(error) = &result.compile_error {
                <div class="compile-error">
                    <p class="step-error">{format!("{}:{}: {}", error.line, error.column, error.message)}</p>
                    <pre class="caret">{error.render()}</pre>
                    if let Some(hint) = &error.hint {
                        <p class="problem-hint">{hint.clone()}</p>
                    }
                </div>
            }
            if let Some(report) = &result.filter {
                <FilterExplanation report={report.clone()} />
            }
        </>
    }
}
