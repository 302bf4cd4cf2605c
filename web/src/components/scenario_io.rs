//! Export the playground as a scenario document, or import one by pasting it. Nothing is
//! uploaded: the export is shown for copying and offered as a download of the page's own text.

use std::rc::Rc;

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use poolcheck_core::scenario::ScenarioError;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::browser::app_base;
use crate::state::Export;

#[derive(Properties, PartialEq)]
pub struct ScenarioIoProps {
    pub import_error: Option<ScenarioError>,
    pub export: Option<Rc<Export>>,
    pub onimport: Callback<String>,
    pub onexport: Callback<()>,
    /// Export again with (true) or without the providers' private signing keys.
    pub onsigningkeys: Callback<bool>,
}

#[component]
pub fn ScenarioIo(props: &ScenarioIoProps) -> Html {
    // The pasted text is a draft: it reaches the reducer only when Import is pressed.
    let draft = use_state(String::new);
    let ondraft = {
        let draft = draft.clone();
        Callback::from(move |event: InputEvent| {
            draft.set(event.target_unchecked_into::<HtmlTextAreaElement>().value());
        })
    };
    let onimport = {
        let draft = draft.clone();
        props.onimport.reform(move |_: MouseEvent| (*draft).clone())
    };
    let onexport = props.onexport.reform(|_: MouseEvent| ());
    // Where embed.js lives: read only once there is an export to make snippets for.
    let base = if props.export.is_some() { app_base() } else { String::new() };
    html! {
        <section class="scenario-io" aria-labelledby="scenario-io-heading">
            <h3 id="scenario-io-heading">{"Scenario file"}</h3>
            <button type="button" onclick={onexport}>{"Export scenario JSON"}</button>
            if let Some(export) = &props.export {
                if export.signing_keys > 0 {
                    <div class="field checkbox">
                        <input
                            id="export-signing-keys"
                            type="checkbox"
                            checked={export.with_signing_keys}
                            onchange={props.onsigningkeys.reform(|event: Event| {
                                event.target_unchecked_into::<web_sys::HtmlInputElement>().checked()
                            })}
                        />
                        <label for="export-signing-keys">
                            {format!(
                                "Include the private signing keys of {} provider(s): whoever has this file or link can sign tokens their pools accept",
                                export.signing_keys
                            )}
                        </label>
                    </div>
                }
                <div class="field">
                    <label for="scenario-export">{"Exported scenario JSON"}</label>
                    <textarea id="scenario-export" class="scenario-text" rows="10" readonly=true value={export.json.clone()} />
                </div>
                <a
                    class="download"
                    download="poolcheck-scenario.json"
                    href={format!("data:application/json;charset=utf-8,{}", utf8_percent_encode(&export.json, NON_ALPHANUMERIC))}
                >
                    {"Download poolcheck-scenario.json"}
                </a>
                <p class="help">
                    <a class="share-link" href={export.share_fragment.clone()}>{"Share link"}</a>
                    {": the whole scenario, token and keys included, travels in the link's fragment (after #), which browsers never send to a server. Whoever has the link can read it."}
                </p>
                <details class="embed-snippets">
                    <summary>{"Embed"}</summary>
                    <p class="help">{"Put this scenario, live, on a documentation page. The element loads the view in a frame from this site, which the page cannot reach into."}</p>
                    <div class="field">
                        <label for="embed-element">{"<poolcheck-embed> snippet"}</label>
                        <textarea id="embed-element" class="scenario-text" rows="4" readonly=true value={element_snippet(&base, export)} />
                    </div>
                    <div class="field">
                        <label for="embed-iframe">{"Plain <iframe> snippet (fixed height)"}</label>
                        <textarea id="embed-iframe" class="scenario-text" rows="3" readonly=true value={iframe_snippet(&base, export)} />
                    </div>
                </details>
            }
            <div class="field">
                <label for="scenario-import">{"Scenario JSON to import"}</label>
                <textarea
                    id="scenario-import"
                    class="scenario-text"
                    rows="6"
                    spellcheck="false"
                    placeholder="{\"version\": 1, …}"
                    value={(*draft).clone()}
                    oninput={ondraft}
                />
            </div>
            <button type="button" onclick={onimport}>{"Import"}</button>
            if let Some(error) = &props.import_error {
                <p class="problem error import-error" role="alert">
                    {"Not imported: "}
                    if !error.path.is_empty() {
                        <code>{error.path.clone()}</code>{": "}
                    }
                    {error.message.clone()}
                </p>
            }
        </section>
    }
}

fn element_snippet(base: &str, export: &Export) -> String {
    format!(
        "<script type=\"module\" src=\"{base}embed.js\"></script>\n\
         <poolcheck-embed view=\"pools\" scenario=\"{}\"></poolcheck-embed>",
        export.scenario_base64url
    )
}

fn iframe_snippet(base: &str, export: &Export) -> String {
    format!(
        "<iframe src=\"{base}#embed=pools&amp;scenario={}\" title=\"poolcheck\" \
         style=\"width:100%;height:40rem;border:0\"></iframe>",
        export.scenario_base64url
    )
}
