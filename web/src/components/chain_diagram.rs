//! The path the chain check built, leaf first and the registered anchor last: a card per
//! certificate with each check and a verdict, and the CRL that was consulted.

use std::rc::Rc;

use poolcheck_core::cert::{CheckStatus, CrlReport, LinkReport, LinkRole};
use poolcheck_core::simulate::MtlsReport;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChainDiagramProps {
    /// Shown when it has a chain report.
    pub report: Rc<MtlsReport>,
}

#[component]
pub fn ChainDiagram(props: &ChainDiagramProps) -> Html {
    let Some(chain) = &props.report.chain else { return Html::default() };
    let anchored = chain.links.last().is_some_and(|link| link.role == LinkRole::Anchor);
    let last = chain.links.len().saturating_sub(1);
    let links = chain.links.iter().enumerate().map(|(index, link)| {
        html! {
            <>
                { link_card(link) }
                if index < last {
                    <li class="chain-arrow" aria-hidden="true">{"↓ issued by"}</li>
                }
            </>
        }
    });
    html! {
        <div class="chain">
            <ol class="chain-links" aria-label="Certificate chain, leaf first">{ for links }</ol>
            if !anchored {
                <p class="field-error">{"The path does not reach a registered certificate."}</p>
            }
            { for chain.crl.as_ref().map(crl_card) }
        </div>
    }
}

fn link_card(link: &LinkReport) -> Html {
    let failed = link.checks.iter().any(|check| check.status == CheckStatus::Failed);
    let warned = link.checks.iter().any(|check| check.status == CheckStatus::Warning);
    let (class, verdict) = match (failed, warned) {
        (true, _) => ("failed", "refused"),
        (false, true) => ("warning", "accepted with warnings"),
        (false, false) => ("passed", "valid"),
    };
    let role = match link.role {
        LinkRole::Leaf => "Client certificate",
        LinkRole::Intermediate => "Intermediate",
        LinkRole::Anchor => "Registered CA",
    };
    let origin = if link.registered { "registered" } else { "presented by the client" };
    let checks = link.checks.iter().map(|check| {
        let (class, icon) = match check.status {
            CheckStatus::Passed => ("passed", "✔"),
            CheckStatus::Failed => ("failed", "✖"),
            CheckStatus::Warning => ("warning", "⚠"),
            CheckStatus::Skipped => ("skipped", "–"),
        };
        html! {
            <li class={classes!("check", class)}>
                <span class="check-icon" aria-hidden="true">{icon}</span>
                <code class="check-name">{check.name}</code>
                <span class="visually-hidden">{format!(" {}", check.status.label())}</span>
                {": "}{check.detail.clone()}
            </li>
        }
    });
    html! {
        <li class={classes!("chain-link", class)}>
            <div class="chain-link-head">
                <span class="chain-role">{role}</span>
                <strong class="chain-name">{link.name.clone()}</strong>
                <span class={classes!("link-verdict", class)}>{verdict}</span>
            </div>
            <p class="help">{format!("{origin} · serial {}", link.serial_hex)}</p>
            <p class="chain-dn"><span class="muted">{"Subject "}</span>{link.subject.clone()}</p>
            <p class="chain-dn"><span class="muted">{"Issuer "}</span>{link.issuer.clone()}</p>
            <ul class="checks">{ for checks }</ul>
        </li>
    }
}

fn crl_card(crl: &CrlReport) -> Html {
    let next = crl.next_update_iso.clone().unwrap_or_else(|| "none".to_owned());
    html! {
        <div class="crl-card">
            <strong>{"CRL"}</strong>{" of "}{crl.issuer.text.clone()}
            <p class="help">
                {format!(
                    "this update {}, next update {next}, {} revoked serial(s){}",
                    crl.this_update_iso,
                    crl.revoked.len(),
                    match crl.revoked.is_empty() {
                        true => String::new(),
                        false => format!(": {}", crl.revoked.iter().map(|r| r.serial_hex.as_str()).collect::<Vec<_>>().join(", ")),
                    }
                )}
            </p>
        </div>
    }
}
