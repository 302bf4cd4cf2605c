//! The simulated login's outcome: accepted as a principal through pools, or refused with a
//! code, then every stage with its mark and the assumption it rests on.

use std::rc::Rc;

use poolcheck_core::simulate::{OAuthReport, Stage, StageStatus};
use yew::prelude::*;

use crate::components::problems_list::problem_item;

#[derive(Properties, PartialEq)]
pub struct OutcomeCardProps {
    pub report: Rc<OAuthReport>,
}

#[component]
pub fn OutcomeCard(props: &OutcomeCardProps) -> Html {
    let report = &props.report;
    let headline = if report.accepted {
        html! {
            <p class="outcome-headline">
                <strong>{"ACCEPTED"}</strong>{" as "}
                <code>{report.principal.clone().unwrap_or_default()}</code>
                {" through "}
                <code>{report.pools.join(", ")}</code>
            </p>
        }
    } else {
        let code = report.code.map(|code| code.as_str()).unwrap_or_default();
        html! {
            <p class="outcome-headline">
                <strong>{"REFUSED"}</strong>{" "}<code>{code}</code>
                if let Some(cause) = report.cause {
                    {" ("}<code>{cause.as_str()}</code>{")"}
                }
            </p>
        }
    };
    let stages = report.stages.iter().map(stage_item);
    html! {
        <section class={classes!("outcome", if report.accepted { "accepted" } else { "refused" })} aria-labelledby="outcome-heading">
            <h3 id="outcome-heading">{"Outcome"}</h3>
            <div class="outcome-verdict" role="status">
                {headline}
                if !report.accepted {
                    <p class="outcome-message">{report.message.clone()}</p>
                }
                if let Some(hint) = &report.hint {
                    <p class="outcome-hint">{hint.clone()}</p>
                }
            </div>
            if !report.warnings.is_empty() {
                <ul class="problem-list outcome-warnings">
                    { for report.warnings.iter().map(problem_item) }
                </ul>
            }
            <ol class="stages" aria-label="Stages">{ for stages }</ol>
        </section>
    }
}

/// One stage of a simulated login (OAuth or mTLS): its mark, name, detail and the assumption
/// its rule rests on.
pub fn stage_item(stage: &Stage) -> Html {
    let (mark, word, class) = match stage.status {
        StageStatus::Passed => ("✔", "passed", "passed"),
        StageStatus::Failed => ("✖", "failed", "failed"),
        StageStatus::Skipped => ("–", "skipped", "skipped"),
    };
    html! {
        <li class={classes!("stage", class)}>
            <span class="stage-mark" aria-hidden="true">{mark}</span>
            <span class="visually-hidden">{word}{": "}</span>
            <span class="stage-name">{stage.stage.as_str()}</span>
            {" "}
            <span class="stage-detail">{stage.detail.clone()}</span>
            if let Some(id) = stage.assumption {
                {" "}
                <span class="assumed" title="A rule no public source states">{format!("assumed: {}", id.as_str())}</span>
            }
        </li>
    }
}
