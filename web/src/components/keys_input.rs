//! The Keys field: what the keys are, the text (typed, pasted or dropped as a file), and for a
//! discovery document its issuer and `jwks_uri` with a button to fetch the key set.

use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::hooks::use_file_drop;
use crate::load;
use crate::state::{KeysFormat, KeysUi, Notice};

#[derive(Properties, PartialEq)]
pub struct KeysInputProps {
    pub text: AttrValue,
    pub format: KeysFormat,
    pub ui: KeysUi,
    /// For an OpenID discovery document: its issuer and `jwks_uri`.
    pub discovery: Option<(Option<String>, Option<String>)>,
    pub ontext: Callback<String>,
    pub onformat: Callback<KeysFormat>,
    /// A dropped file: its name, and its text or why it was not read.
    pub onfile: Callback<(String, Result<String, String>)>,
    /// The user asked to fetch the key set at this address.
    pub onfetch: Callback<String>,
    /// The fetch ended: the address, and the text or why there is none.
    pub onfetched: Callback<(String, Result<String, String>)>,
}

#[component]
pub fn KeysInput(props: &KeysInputProps) -> Html {
    let oninput = props
        .ontext
        .reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value());
    let onformat = {
        let onformat = props.onformat.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(format) = KeysFormat::from_value(&value) {
                onformat.emit(format);
            }
        })
    };
    let drop = use_file_drop(props.onfile.clone());
    let options = KeysFormat::ALL.into_iter().map(|format| {
        html! {
            <option value={format.value()} selected={format == props.format}>{format.label()}</option>
        }
    });
    html! {
        <div
            class={classes!("field", "keys-drop", drop.dragging.then_some("dragging"))}
            ondragover={drop.ondragover}
            ondragleave={drop.ondragleave}
            ondrop={drop.ondrop}
        >
            <label for="keys">{"Keys"}</label>
            <textarea
                id="keys"
                class="keys-input"
                rows="6"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                aria-describedby="keys-help"
                placeholder="{\"keys\": [ … ]}  or  -----BEGIN PUBLIC KEY-----"
                value={props.text.clone()}
                {oninput}
            />
            <div class="keys-format">
                <label for="keys-format">{"Keys are"}</label>
                <select id="keys-format" onchange={onformat}>{ for options }</select>
            </div>
            <p id="keys-help" class="help">
                {"A JWKS, one JWK, PEM blocks (public keys, certificates), an HMAC secret or an \
                  OpenID discovery document; or drop a file here. Keys stay in this page: never \
                  sent anywhere, never put in the URL."}
            </p>
            { notice_view(props.ui.notice.as_ref()) }
            { discovery_view(props) }
        </div>
    }
}

fn notice_view(notice: Option<&Notice>) -> Html {
    match notice {
        None => Html::default(),
        Some(Notice::Info(text)) => html! { <p class="keys-notice">{text.clone()}</p> },
        Some(Notice::Error(text)) => {
            html! { <p class="keys-notice error" role="alert">{text.clone()}</p> }
        }
    }
}

/// For a discovery document: what it names, and the one way this page goes online.
fn discovery_view(props: &KeysInputProps) -> Html {
    let Some((issuer, jwks_uri)) = &props.discovery else { return Html::default() };

    let value = |text: &Option<String>| match text {
        Some(text) => html! { <code>{text.clone()}</code> },
        None => html! { <span class="muted">{"(missing)"}</span> },
    };
    let fetch = jwks_uri.as_ref().map(|url| {
        let onclick = {
            let (onfetch, onfetched) = (props.onfetch.clone(), props.onfetched.clone());
            let url = url.clone();
            Callback::from(move |_: MouseEvent| {
                onfetch.emit(url.clone());
                let onfetched = onfetched.clone();
                let url = url.clone();
                spawn_local(async move {
                    let fetched = load::fetch_text(&url).await;
                    onfetched.emit((url, fetched));
                });
            })
        };
        let busy = props.ui.fetching.is_some();
        html! {
            <>
                <p class="help">
                    {"Or fetch it: this page then sends one request, from your browser to that \
                      address, without cookies; nothing you pasted goes with it."}
                </p>
                <button type="button" {onclick} disabled={busy}>
                    { if busy { "Fetching the key set…" } else { "Fetch the key set" } }
                </button>
            </>
        }
    });
    html! {
        <section class="discovery" aria-labelledby="discovery-heading">
            <h3 id="discovery-heading">{"OpenID discovery document"}</h3>
            <dl class="summary">
                <div><dt>{"issuer"}</dt><dd class="discovery-issuer">{ value(issuer) }</dd></div>
                <div><dt>{"jwks_uri"}</dt><dd class="discovery-jwks-uri">{ value(jwks_uri) }</dd></div>
            </dl>
            <p>
                {"It names the key set but holds no keys: paste the key set (the JSON served at \
                  jwks_uri) into Keys."}
            </p>
            { fetch.unwrap_or_default() }
        </section>
    }
}
