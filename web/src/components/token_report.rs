//! Everything decoded from one token: verdict and problems, the coloured parts, a short
//! summary, the claims table and the header and payload as JSON.

use std::rc::Rc;

use poolcheck_core::TokenReport;
use poolcheck_core::time::human_duration;
use poolcheck_core::token::{Payload, TokenFormat};
use yew::prelude::*;

use super::{ClaimsTable, JsonView, ProblemsList, TokenParts};

#[derive(Properties, PartialEq)]
pub struct TokenReportViewProps {
    pub report: Rc<TokenReport>,
}

#[component]
pub fn TokenReportView(props: &TokenReportViewProps) -> Html {
    let report = &props.report;
    html! {
        <>
            <ProblemsList problems={report.problems.clone()} />
            <Summary report={report.clone()} />
            <TokenParts segments={report.segments.clone()} />
            if !report.claim_rows.is_empty() {
                <section aria-labelledby="claims-heading">
                    <h3 id="claims-heading">{"Claims"}</h3>
                    <div class="table-scroll"><ClaimsTable rows={report.claim_rows.clone()} /></div>
                </section>
            }
            <div class="json-pair">
                <section aria-labelledby="header-heading">
                    <h3 id="header-heading">{"Header"}</h3>
                    { match &report.header {
                        Some(header) => html! { <JsonView value={header.clone()} label="Header JSON" /> },
                        None => html! { <p class="muted">{"The header could not be decoded (see the problems)."}</p> },
                    } }
                </section>
                <section aria-labelledby="payload-heading">
                    <h3 id="payload-heading">{"Payload"}</h3>
                    { payload_view(report) }
                </section>
            </div>
        </>
    }
}

fn payload_view(report: &TokenReport) -> Html {
    match (&report.payload, &report.claims) {
        (Payload::Claims, Some(claims)) => {
            html! { <JsonView value={claims.clone()} label="Payload JSON" /> }
        }
        (Payload::Json { value }, _) => {
            html! { <JsonView value={value.clone()} label="Payload JSON" /> }
        }
        (Payload::Text { text }, _) => html! {
            <>
                <p class="muted">{"UTF-8 text, not JSON:"}</p>
                <pre class="raw" tabindex="0">{text.clone()}</pre>
            </>
        },
        (Payload::Binary { hex }, _) => html! {
            <>
                <p class="muted">{"Binary, not UTF-8 (hex):"}</p>
                <pre class="raw" tabindex="0">{hex.clone()}</pre>
            </>
        },
        (Payload::Encrypted, _) => html! {
            <p class="muted">{"Encrypted (JWE): only the holder of the private key can read the payload."}</p>
        },
        (Payload::Undecodable | Payload::Claims, _) => html! {
            <p class="muted">{"The payload could not be decoded (see the problems)."}</p>
        },
    }
}

#[derive(Properties, PartialEq)]
struct SummaryProps {
    report: Rc<TokenReport>,
}

#[component]
fn Summary(props: &SummaryProps) -> Html {
    let report = &props.report;
    let format = match report.format {
        TokenFormat::Jws => "JWS (signed)",
        TokenFormat::Jwe => "JWE (encrypted)",
    };
    let item = |term: &'static str, value: String| {
        html! { <div><dt>{term}</dt><dd>{value}</dd></div> }
    };
    html! {
        <dl class="summary">
            { item("Format", format.to_owned()) }
            if let Some(alg) = report.alg() { { item("Algorithm", alg.to_owned()) } }
            if let Some(kid) = report.kid() { { item("Key ID", kid.to_owned()) } }
            { item("Size", format!("{} bytes", report.size_bytes)) }
            if let Some(lifetime) = report.lifetime_seconds { { item("Lifetime", human_duration(lifetime)) } }
        </dl>
    }
}
