//! Export for Confluent Cloud and for clients: for one pool (or all), the Confluent CLI
//! commands or Terraform that create it, and the client settings (Java, librdkafka, kcat)
//! that log in through it, written by core and kept in step with every edit. Secrets are
//! placeholders.

use std::rc::Rc;

use poolcheck_core::commands::{CommandError, ExportFormat, ExportOptions};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::{CommandErrorNote, CopyButton};
use crate::state::{Action, InteropAction};

#[derive(Properties, PartialEq)]
pub struct ConfigExportProps {
    pub prefix: AttrValue,
    pub certificates: bool,
    pub export: Option<Rc<(ExportOptions, Result<String, CommandError>)>>,
    pub ondispatch: Callback<Action>,
}

const FORMATS: [(ExportFormat, &str); 5] = [
    (ExportFormat::ConfluentCli, "Confluent CLI commands"),
    (ExportFormat::Terraform, "Terraform"),
    (ExportFormat::Java, "Java client.properties"),
    (ExportFormat::Librdkafka, "librdkafka properties"),
    (ExportFormat::Kcat, "kcat command line"),
];

#[component]
pub fn ConfigExport(props: &ConfigExportProps) -> Html {
    // The pool typed is a draft until a format button is pressed. A text field, not a
    // choice: a scenario may have a thousand pools.
    let chosen = use_state(String::new);
    let id = |name: &str| format!("{}-{name}", props.prefix);
    let onchoose = {
        let chosen = chosen.clone();
        Callback::from(move |event: InputEvent| {
            chosen.set(event.target_unchecked_into::<HtmlInputElement>().value().trim().to_owned());
        })
    };
    let buttons = FORMATS.iter().map(|(format, label)| {
        let (format, chosen) = (*format, chosen.clone());
        let certificates = props.certificates;
        let onclick = props.ondispatch.reform(move |_: MouseEvent| {
            let pool = Some((*chosen).clone()).filter(|pool| !pool.is_empty());
            let (pool, certificate_pool) = if certificates { (None, pool) } else { (pool, None) };
            Action::Interop(InteropAction::Export(ExportOptions { format, pool, certificate_pool }))
        });
        html! { <button type="button" class="secondary" {onclick}>{*label}</button> }
    });
    // An export of the other view's kind is not shown here.
    let export = props.export.as_ref().filter(|export| {
        let options = &export.0;
        props.certificates == options.certificate_pool.is_some()
            || (options.pool.is_none() && options.certificate_pool.is_none())
    });
    let label = export.map(|export| {
        FORMATS
            .iter()
            .find(|(format, _)| *format == export.0.format)
            .map_or("", |(_, label)| *label)
    });
    html! {
        <section class="config-export" aria-labelledby={id("heading")}>
            <h3 id={id("heading")}>{"Export for Confluent Cloud and clients"}</h3>
            <div class="field">
                <label for={id("pool")}>{if props.certificates { "Certificate pool ID" } else { "Identity pool ID" }}</label>
                <input id={id("pool")} type="text" spellcheck="false" autocomplete="off" placeholder="blank: every pool (commands, Terraform) or the only one (client settings)" value={(*chosen).clone()} oninput={onchoose} />
            </div>
            <div class="export-formats">{ for buttons }</div>
            if let Some(export) = export {
                { output(&id("text"), label.unwrap_or_default(), &export.1) }
            }
            <p class="help">{"Secrets (client secret, key store passwords) are placeholders in angle brackets: nothing from this page is put in them."}</p>
        </section>
    }
}

fn output(id: &str, label: &str, text: &Result<String, CommandError>) -> Html {
    match text {
        Ok(text) => html! {
            <div class="field">
                <label for={id.to_owned()}>{label.to_owned()}</label>
                <textarea id={id.to_owned()} class="scenario-text export-text" rows="12" readonly=true value={text.clone()} />
                <CopyButton text={text.clone()} />
            </div>
        },
        Err(error) => html! { <CommandErrorNote error={error.clone()} /> },
    }
}
