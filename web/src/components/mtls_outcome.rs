//! The mTLS verdict: accepted as a principal through pools, or refused with a code, and the
//! stages that led there.

use std::rc::Rc;

use poolcheck_core::simulate::MtlsReport;
use yew::prelude::*;

use crate::components::outcome_card::stage_item;

#[derive(Properties, PartialEq)]
pub struct MtlsOutcomeProps {
    pub report: Rc<MtlsReport>,
}

#[component]
pub fn MtlsOutcome(props: &MtlsOutcomeProps) -> Html {
    let report = &props.report;
    let (class, headline) = match (report.accepted, report.code) {
        (true, _) => {
            ("accepted", format!("Accepted as {}", report.principal.as_deref().unwrap_or("?")))
        }
        (false, Some(code)) => ("refused", format!("Refused: {}", code.name())),
        (false, None) => ("refused", "Refused".to_owned()),
    };
    let stages = report.stages.iter().map(stage_item);
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
