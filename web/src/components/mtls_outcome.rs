//! The mTLS verdict: accepted as a principal through pools, or refused with a code, and the
//! stages that led there.

use std::rc::Rc;

use poolcheck_core::simulate::{MtlsReport, Stage, StageName, StageStatus};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MtlsOutcomeProps {
    pub report: Rc<MtlsReport>,
}

#[function_component]
pub fn MtlsOutcome(props: &MtlsOutcomeProps) -> Html {
    let report = &props.report;
    let (class, headline) = match (report.accepted, report.code) {
        (true, _) => {
            ("accepted", format!("Accepted as {}", report.principal.as_deref().unwrap_or("?")))
        }
        (false, Some(code)) => ("refused", format!("Refused: {code}")),
        (false, None) => ("refused", "Refused".to_owned()),
    };
    let stages = report.stages.iter().map(stage);
    html! {
        <section class={classes!("outcome", "mtls-outcome", class)} aria-labelledby="mtls-outcome-heading">
            <h3 id="mtls-outcome-heading" class="outcome-headline">{headline}</h3>
            if report.accepted {
                <p class="outcome-pools">{"Through "}{ for report.pools.iter().map(|id| html! { <><code>{id.clone()}</code>{" "}</> }) }</p>
            }
            if !report.accepted {
                <p class="outcome-message">{report.message.clone()}</p>
            }
            if let Some(hint) = &report.hint { <p class="problem-hint">{hint.clone()}</p> }
            if let Some(authority) = &report.certificate_authority {
                <p class="help">{"Certificate authority: "}<code>{authority.clone()}</code></p>
            }
            <ol class="stages">{ for stages }</ol>
        </section>
    }
}

fn stage(stage: &Stage) -> Html {
    let (class, icon, word) = match stage.status {
        StageStatus::Passed => ("passed", "✔", "passed"),
        StageStatus::Failed => ("failed", "✖", "failed"),
        StageStatus::Skipped => ("skipped", "–", "skipped"),
    };
    html! {
        <li class={classes!("stage", class)}>
            <span class="stage-mark" aria-hidden="true">{icon}</span>
            <span class="stage-name">{stage_name(stage.stage)}</span>
            <span class="visually-hidden">{format!(" {word}")}</span>
            {": "}<span class="stage-detail">{stage.detail.clone()}</span>
            if let Some(assumption) = stage.assumption {
                {" "}<span class="assumed" title="A rule no public source states">{format!("assumption: {assumption}")}</span>
            }
        </li>
    }
}

fn stage_name(name: StageName) -> &'static str {
    match name {
        StageName::Request => "Request",
        StageName::Certificate => "Certificate",
        StageName::Authority => "Certificate authority",
        StageName::Chain => "Chain",
        StageName::Decode => "Decode",
        StageName::Provider => "Provider",
        StageName::Key => "Key",
        StageName::Signature => "Signature",
        StageName::Time => "Time",
        StageName::Pools => "Pools",
        StageName::Principal => "Principal",
    }
}
