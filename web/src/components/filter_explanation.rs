//! Why a filter matched or not: each deciding sub-expression with its value, indented by
//! depth, then the filter's lints.

use poolcheck_core::filter::{FilterReport, StepOutcome};
use yew::prelude::*;

use crate::components::problems_list::problem_item;

/// Deeper steps share the last indentation class (style.css defines `depth-0`…`depth-8`).
const DEEPEST_INDENT: usize = 8;

#[derive(Properties, PartialEq)]
pub struct FilterExplanationProps {
    pub report: FilterReport,
}

#[component]
pub fn FilterExplanation(props: &FilterExplanationProps) -> Html {
    let steps = props.report.explanation.iter().map(|step| {
        let outcome = match &step.outcome {
            StepOutcome::Value { value } => html! {
                <><span class="arrow" aria-hidden="true">{" → "}</span><code class="step-value">{value.clone()}</code></>
            },
            StepOutcome::Error { message } => html! {
                <><span class="arrow" aria-hidden="true">{" → "}</span><span class="step-error">{format!("error: {message}")}</span></>
            },
            StepOutcome::NotEvaluated { reason } => html! {
                <span class="step-skipped">{format!(" not evaluated ({reason})")}</span>
            },
        };
        let depth = format!("depth-{}", step.depth.min(DEEPEST_INDENT));
        html! {
            <li class={classes!("step", depth)}>
                <code class="step-expression">{step.expression.clone()}</code>
                {outcome}
            </li>
        }
    });
    html! {
        <div class="filter-explanation">
            if let Some(error) = &props.report.error {
                <p class="step-error">{format!("Evaluation failed (counts as no match): {error}")}</p>
            }
            <ul class="steps" aria-label="Explanation">{ for steps }</ul>
            if !props.report.lints.is_empty() {
                <ul class="problem-list lints" aria-label="Lints">
                    { for props.report.lints.iter().map(problem_item) }
                </ul>
            }
        </div>
    }
}
