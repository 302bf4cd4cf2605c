//! One pool as results only (a read-only embed): its name, its badge, its filter as code and
//! what the filter made of the claims or the certificate.

use poolcheck_core::simulate::{PoolResult, PoolStatus};
use yew::prelude::*;

use crate::components::FilterOutcome;

#[derive(Properties, PartialEq)]
pub struct PoolSummaryProps {
    pub title: AttrValue,
    pub filter: AttrValue,
    pub result: Option<PoolResult>,
}

#[component]
pub fn PoolSummary(props: &PoolSummaryProps) -> Html {
    let verdict =
        props.result.as_ref().map_or(PoolStatus::NotEvaluated, PoolResult::filter_verdict);
    html! {
        <section class="card pool-card" aria-label={props.title.clone()}>
            <h4>
                {props.title.clone()}{" "}
                <span class={classes!("badge", verdict.tone().as_str())}>{verdict.label()}</span>
                if props.result.as_ref().is_some_and(|r| r.selected) {
                    {" "}<span class="badge selected">{"selected"}</span>
                }
            </h4>
            <pre class="filter-code"><code>{props.filter.clone()}</code></pre>
            if let Some(result) = &props.result {
                <p class="pool-status">{result.status.explanation(result.selected)}</p>
                <FilterOutcome result={result.clone()} />
            }
        </section>
    }
}
