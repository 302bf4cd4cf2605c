//! Every field of one certificate a person checks: names attribute by attribute, validity
//! against the clock, alternative names, key, signature, constraints, usages, fingerprint.

use std::rc::Rc;

use poolcheck_core::cert::{DistinguishedName, ValidityStatus};
use poolcheck_core::simulate::MtlsReport;
use yew::prelude::*;

use super::ProblemsList;

#[derive(Properties, PartialEq)]
pub struct CertificateInspectionProps {
    /// Position in the client's chain, from 0 (the leaf).
    pub position: usize,
    /// The simulation whose `certificates[position]` is shown.
    pub report: Rc<MtlsReport>,
}

#[component]
pub fn CertificateInspection(props: &CertificateInspectionProps) -> Html {
    let Some(report) = props.report.certificates.get(props.position) else {
        return Html::default();
    };
    let role = if props.position == 0 { "Client certificate" } else { "Presented intermediate" };
    let heading_id = format!("inspection-{}-heading", props.position);
    let row = |term: &'static str, value: Html| html! { <tr><th scope="row">{term}</th><td>{value}</td></tr> };
    let text = |value: String| html! { <code>{value}</code> };
    let validity = &report.validity;
    let status_class = match validity.status {
        ValidityStatus::Valid => "valid",
        ValidityStatus::Expired => "expired",
        ValidityStatus::NotYetValid => "not-yet-valid",
    };
    let key = &report.public_key;
    let key_text = match (key.bits, &key.curve) {
        (Some(bits), Some(curve)) => format!("{} {curve} ({bits} bits)", key.algorithm),
        (Some(bits), None) => format!("{} {bits} bits", key.algorithm),
        (None, Some(curve)) => format!("{} {curve}", key.algorithm),
        (None, None) => key.algorithm.clone(),
    };
    let basic_constraints = match &report.basic_constraints {
        None => "absent".to_owned(),
        Some(bc) => format!(
            "CA: {}{}{}",
            bc.ca,
            bc.path_len.map(|n| format!(", path length {n}")).unwrap_or_default(),
            critical(bc.critical)
        ),
    };
    let key_usage = match &report.key_usage {
        None => "absent".to_owned(),
        Some(ku) => format!("{}{}", ku.usages.join(", "), critical(ku.critical)),
    };
    let eku =
        report.extended_key_usage.as_ref().map_or_else(|| "absent".to_owned(), |e| e.join(", "));
    let sans = if report.subject_alt_names.is_empty() {
        html! { <span class="muted">{"none"}</span> }
    } else {
        html! {
            <ul class="plain-list">
                { for report.subject_alt_names.iter().map(|san| html! {
                    <li><span class="san-kind">{san_label(san.kind)}</span>{" "}<code>{san.value.clone()}</code></li>
                }) }
            </ul>
        }
    };
    let repeated = report.filter_bindings.repeated.iter().map(|attribute| {
        html! {
            <li>
                <code>{attribute.name.clone()}</code>{" appears "}{attribute.values.len()}{" times ("}
                {attribute.values.join(", ")}{"); a filter reads "}<code>{attribute.bound.clone()}</code>
                {" (the most specific; assumed)."}
            </li>
        }
    });
    html! {
        <section class="inspection" aria-labelledby={heading_id.clone()}>
            <h3 id={heading_id}>{format!("{role}: {}", report.subject.display_name())}</h3>
            <div class="table-scroll">
                <table class="fields">
                    <tbody>
                        { row("Subject", dn_table(&report.subject, "Subject attributes")) }
                        { row("Issuer", dn_table(&report.issuer, "Issuer attributes")) }
                        { row("Serial", text(report.serial_hex.clone())) }
                        { row("Validity", html! {
                            <>
                                <time datetime={validity.not_before_iso.clone()}>{validity.not_before_iso.clone()}</time>
                                {" to "}
                                <time datetime={validity.not_after_iso.clone()}>{validity.not_after_iso.clone()}</time>
                                {" "}
                                <span class={classes!("badge", status_class)}>{validity.status.as_str()}</span>
                            </>
                        }) }
                        { row("Alternative names", sans) }
                        { row("Public key", text(key_text)) }
                        { row("Signature algorithm", text(report.signature_algorithm.name.clone())) }
                        { row("Basic constraints", text(basic_constraints)) }
                        { row("Key usage", text(key_usage)) }
                        { row("Extended key usage", text(eku)) }
                        { row("SHA-256 fingerprint", html! { <code class="fingerprint">{report.sha256_fingerprint.clone()}</code> }) }
                    </tbody>
                </table>
            </div>
            if !report.filter_bindings.repeated.is_empty() {
                <ul class="plain-list help">{ for repeated }</ul>
            }
            if !report.problems.is_empty() {
                <ProblemsList problems={report.problems.clone()} />
            }
        </section>
    }
}

fn critical(critical: bool) -> &'static str {
    if critical { " (critical)" } else { "" }
}

fn san_label(kind: &str) -> &str {
    match kind {
        "dns" => "DNS",
        "email" => "Email",
        "uri" => "URI",
        "ip" => "IP",
        "directory" => "Directory",
        other => other,
    }
}

/// Every attribute in DER order; attributes of one multi-valued RDN are marked with "+".
fn dn_table(name: &DistinguishedName, caption: &'static str) -> Html {
    if name.rdns.is_empty() {
        return html! { <span class="muted">{"(empty)"}</span> };
    }
    let rows = name.rdns.iter().flat_map(|rdn| {
        let multi = rdn.attributes.len() > 1;
        rdn.attributes.iter().enumerate().map(move |(index, attribute)| {
            let title = format!("{} ({}) {}", attribute.oid, attribute.string_type, if attribute.known { "" } else { "not usable in a filter" });
            html! {
                <tr class={classes!(multi.then_some("multi-valued"))}>
                    <th scope="row" title={title}>
                        if multi && index > 0 { <span class="rdn-plus" aria-label="same RDN as above">{"+ "}</span> }
                        <code>{attribute.name.clone()}</code>
                    </th>
                    <td><code>{attribute.value.clone()}</code></td>
                </tr>
            }
        })
    });
    html! {
        <table class="dn">
            <caption class="visually-hidden">{caption}</caption>
            <tbody>{ for rows }</tbody>
        </table>
    }
}
