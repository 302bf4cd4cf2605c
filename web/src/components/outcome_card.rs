//! The simulated login's outcome: accepted as a principal through pools, or refused with a
//! code, then every stage with its mark and the assumption it rests on.

use std::rc::Rc;

use poolcheck_core::simulate::{OAuthReport, Stage, StageStatus};
use serde::Serialize;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OutcomeCardProps {
    pub report: Rc<OAuthReport>,
}

#[function_component]
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
        let code = report.code.as_ref().map(serde_name).unwrap_or_default();
        html! {
            <p class="outcome-headline">
                <strong>{"REFUSED"}</strong>{" "}<code>{code}</code>
                if let Some(cause) = report.cause {
                    {" ("}<code>{cause}</code>{")"}
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
            <ol class="stages" aria-label="Stages">{ for stages }</ol>
        </section>
    }
}

/// The name the core's JSON output uses (`KID_LOOKUP_FAILED`, `signature`, …).
fn serde_name(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
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
            <span class="stage-name">{serde_name(&stage.stage)}</span>
            {" "}
            <span class="stage-detail">{stage.detail.clone()}</span>
            if let Some(id) = stage.assumption {
                {" "}
                <span class="assumed" title="A rule no public source states">{format!("assumed: {id}")}</span>
            }
        </li>
    }
}
