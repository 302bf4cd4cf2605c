//! Import from Confluent Cloud: the JSON of `confluent iam … -o json`, a REST API response or
//! `terraform show -json`, pasted or dropped, merged into the scenario by core; then what was
//! added, updated, ignored and is still missing, with a button per provider whose keys can be
//! fetched from its `jwks_uri` (only on that click).

use std::rc::Rc;

use poolcheck_core::commands::{CommandError, ImportFormat, ImportOptions, ImportReport};
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::CommandErrorNote;
use crate::hooks::use_file_drop;
use crate::load;
use crate::state::{Action, InteropAction};

#[derive(Properties, PartialEq)]
pub struct ConfigImportProps {
    /// Element ids start with this: the Identity pools and Certificates views both have one.
    pub prefix: AttrValue,
    /// The owners pools can be put under when the input does not name one: providers (the
    /// Identity pools view) or certificate authorities (the Certificates view).
    pub owners: Rc<Vec<String>>,
    pub certificates: bool,
    pub report: Option<Rc<ImportReport>>,
    pub error: Option<CommandError>,
    pub fetching: Vec<String>,
    pub fetch_error: Option<(String, String)>,
    /// Imported providers with a `jwks_uri` and no keys: (id, jwks_uri).
    pub fetchable: Rc<Vec<(String, String)>>,
    /// An import is being read (in the on-demand worker).
    #[prop_or_default]
    pub importing: bool,
    pub ondispatch: Callback<Action>,
}

const FORMATS: [(ImportFormat, &str); 4] = [
    (ImportFormat::Auto, "Recognize it"),
    (ImportFormat::ConfluentCli, "Confluent CLI (-o json)"),
    (ImportFormat::Rest, "REST API (IAM v2)"),
    (ImportFormat::Terraform, "terraform show -json"),
];

#[component]
pub fn ConfigImport(props: &ConfigImportProps) -> Html {
    // The pasted text, the format and the owner are a draft until Import is pressed.
    let draft = use_state(String::new);
    let format = use_state(|| ImportFormat::Auto);
    let owner = use_state(String::new);
    let id = |name: &str| format!("{}-{name}", props.prefix);
    let ondraft = {
        let draft = draft.clone();
        Callback::from(move |event: InputEvent| {
            draft.set(event.target_unchecked_into::<HtmlTextAreaElement>().value());
        })
    };
    let drop = {
        let draft = draft.clone();
        use_file_drop(Callback::from(move |(_, read): (String, Result<String, String>)| {
            draft.set(read.unwrap_or_else(|message| message));
        }))
    };
    let onformat = {
        let format = format.clone();
        Callback::from(move |event: Event| {
            let index = event.target_unchecked_into::<HtmlSelectElement>().selected_index();
            let chosen = usize::try_from(index).ok().and_then(|index| FORMATS.get(index));
            format.set(chosen.map_or(ImportFormat::Auto, |(format, _)| *format));
        })
    };
    let onowner = {
        let owner = owner.clone();
        Callback::from(move |event: Event| {
            owner.set(event.target_unchecked_into::<HtmlSelectElement>().value());
        })
    };
    let onimport = {
        let (draft, format, owner) = (draft.clone(), format.clone(), owner.clone());
        let certificates = props.certificates;
        props.ondispatch.reform(move |_: MouseEvent| {
            let owner = Some((*owner).clone()).filter(|owner| !owner.is_empty());
            let mut options = ImportOptions { format: *format, ..ImportOptions::default() };
            if certificates {
                options.certificate_authority = owner;
            } else {
                options.provider = owner;
            }
            Action::Interop(InteropAction::Import { text: (*draft).clone(), options })
        })
    };
    let formats = FORMATS.iter().map(|(value, label)| {
        html! { <option selected={*value == *format}>{*label}</option> }
    });
    let owners = props.owners.iter().map(|id| {
        html! { <option value={id.clone()} selected={*id == *owner}>{id.clone()}</option> }
    });
    let (owner_label, commands) = if props.certificates {
        (
            "Certificate authority of pools that do not name one",
            "confluent iam certificate-authority list -o json, confluent iam certificate-pool list --provider … -o json",
        )
    } else {
        (
            "Provider of pools that do not name one",
            "confluent iam provider list -o json, confluent iam pool list --provider … -o json",
        )
    };
    html! {
        <section class="config-import" aria-labelledby={id("heading")}>
            <h3 id={id("heading")}>{"Import from Confluent Cloud"}</h3>
            <p class="help">
                {"Paste or drop what you have: the JSON of "}<code>{commands}</code>
                {", a Confluent Cloud REST API response, or "}<code>{"terraform show -json"}</code>
                {". It is merged into this scenario by ID. For YAML (-o yaml), print -o json instead, or use poolcheck import on the command line. Nothing is sent anywhere."}
            </p>
            <div
                class={classes!("field", "config-drop", drop.dragging.then_some("dragging"))}
                ondragover={drop.ondragover}
                ondragleave={drop.ondragleave}
                ondrop={drop.ondrop}
            >
                <label for={id("text")}>{"Confluent configuration (JSON)"}</label>
                <textarea id={id("text")} class="scenario-text" rows="6" spellcheck="false" autocomplete="off" value={(*draft).clone()} oninput={ondraft} />
            </div>
            <div class="field-row">
                <div class="field">
                    <label for={id("format")}>{"Format"}</label>
                    <select id={id("format")} onchange={onformat}>{ for formats }</select>
                </div>
                <div class="field">
                    <label for={id("owner")}>{owner_label}</label>
                    <select id={id("owner")} onchange={onowner}>
                        <option value="" selected={owner.is_empty()}>{"(as the input says)"}</option>
                        { for owners }
                    </select>
                </div>
            </div>
            <button type="button" onclick={onimport} disabled={props.importing || draft.trim().is_empty()}>
                {if props.importing { "Importing…" } else { "Import from Confluent" }}
            </button>
            if let Some(error) = &props.error {
                <CommandErrorNote error={error.clone()} />
            }
            if let Some(report) = &props.report {
                { report_view(report) }
            }
            { fetch_buttons(props) }
        </section>
    }
}

fn report_view(report: &ImportReport) -> Html {
    let changes = |changes: &[poolcheck_core::commands::Change]| {
        changes
            .iter()
            .map(|change| html! { <li><code>{change.path.clone()}</code>{format!(" ({})", change.id)}</li> })
            .collect::<Html>()
    };
    let notes = |notes: &[poolcheck_core::commands::Ignored]| {
        notes
            .iter()
            .map(|note| html! { <li><code>{note.path.clone()}</code>{format!(": {}", note.reason)}</li> })
            .collect::<Html>()
    };
    html! {
        <div class="import-report" role="status">
            <p>{format!(
                "Imported {} ({}): {} added, {} updated, {} ignored.",
                report.format.as_str(),
                if report.missing.is_empty() { "ready to simulate" } else { "some parts still missing" },
                report.added.len(),
                report.updated.len(),
                report.ignored.len(),
            )}</p>
            if !report.added.is_empty() {
                <details open=true><summary>{"Added"}</summary><ul>{ changes(&report.added) }</ul></details>
            }
            if !report.updated.is_empty() {
                <details open=true><summary>{"Updated"}</summary><ul>{ changes(&report.updated) }</ul></details>
            }
            if !report.ignored.is_empty() {
                <details><summary>{"Ignored"}</summary><ul>{ notes(&report.ignored) }</ul></details>
            }
            if !report.missing.is_empty() {
                <details open=true><summary>{"Still missing"}</summary><ul>{ notes(&report.missing) }</ul></details>
            }
        </div>
    }
}

/// One button per provider whose key set can be fetched: the only request this panel makes,
/// and only when clicked.
fn fetch_buttons(props: &ConfigImportProps) -> Html {
    let buttons = props.fetchable.iter().map(|(provider, uri)| {
        let busy = props.fetching.contains(provider);
        let onclick = {
            let (provider, uri) = (provider.clone(), uri.clone());
            let ondispatch = props.ondispatch.clone();
            Callback::from(move |_: MouseEvent| {
                ondispatch
                    .emit(Action::Interop(InteropAction::FetchKeys { provider: provider.clone() }));
                let (provider, uri, ondispatch) =
                    (provider.clone(), uri.clone(), ondispatch.clone());
                spawn_local(async move {
                    let fetched = load::fetch_text(&uri).await;
                    ondispatch
                        .emit(Action::Interop(InteropAction::KeysFetched { provider, fetched }));
                });
            })
        };
        html! {
            <li>
                <button type="button" class="secondary" disabled={busy} {onclick}>
                    {format!("Fetch the keys of {provider}")}
                </button>
                {" from "}<code>{uri.clone()}</code>
            </li>
        }
    });
    html! {
        <>
            if !props.fetchable.is_empty() {
                <ul class="key-fetches">{ for buttons }</ul>
            }
            if let Some((provider, message)) = &props.fetch_error {
                <p class="problem error" role="alert">{format!("Could not fetch the keys of {provider}: {message}")}</p>
            }
        </>
    }
}
