//! The Build tab's signing key: generate one (algorithm, size, kid) or paste one, and every
//! form of it to copy, with the public JWKS one click from the Keys field or a provider.

use std::rc::Rc;

use poolcheck_core::alg::{Algorithm, RSA_BITS};
use poolcheck_core::commands::{KeyKind, KeygenOutput};
use serde::Serialize;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::TextField;

#[derive(Properties, PartialEq)]
pub struct KeyPanelProps {
    pub alg: Algorithm,
    pub bits: Option<usize>,
    pub kid: AttrValue,
    pub key_text: AttrValue,
    pub key_kind: KeyKind,
    /// Every form of the current key, once generated or read.
    pub forms: Option<Rc<KeygenOutput>>,
    /// A job is running: Generate waits for it.
    pub busy: bool,
    /// The scenario's provider IDs, each a target for the public JWKS.
    pub providers: Vec<String>,
    pub onalg: Callback<Algorithm>,
    pub onbits: Callback<Option<usize>>,
    pub onkid: Callback<String>,
    pub onkeytext: Callback<String>,
    pub onkeykind: Callback<KeyKind>,
    pub ongenerate: Callback<()>,
    pub onusekeys: Callback<()>,
    pub onuseprovider: Callback<usize>,
}

const KEY_KINDS: [(KeyKind, &str, &str); 4] = [
    (KeyKind::Keys, "keys", "Private key: PEM, JWK or JWKS"),
    (KeyKind::Secret, "secret", "HMAC secret (text)"),
    (KeyKind::SecretBase64, "secret-base64", "HMAC secret (base64)"),
    (KeyKind::SecretBase64url, "secret-base64url", "HMAC secret (base64url)"),
];

#[component]
pub fn KeyPanel(props: &KeyPanelProps) -> Html {
    let onalg = on_select(&props.onalg, |value| Algorithm::from_name(&value));
    let onbits = on_select(&props.onbits, |value| Some(value.parse().ok()));
    let onkeykind = on_select(&props.onkeykind, |value| {
        KEY_KINDS.iter().find(|(_, name, _)| *name == value).map(|(kind, _, _)| *kind)
    });
    let algs = Algorithm::ALL.iter().map(|alg| {
        html! { <option value={alg.name()} selected={*alg == props.alg}>{alg.name()}</option> }
    });
    let is_rsa = matches!(props.alg.name().get(..2), Some("RS" | "PS"));
    let sizes = RSA_BITS.iter().map(|bits| {
        let selected = props.bits.unwrap_or(2048) == *bits;
        html! { <option value={bits.to_string()} {selected}>{format!("{bits} bits")}</option> }
    });
    let kinds = KEY_KINDS.iter().map(|(kind, value, label)| {
        html! { <option value={*value} selected={*kind == props.key_kind}>{*label}</option> }
    });
    let ongenerate = props.ongenerate.reform(|_: MouseEvent| ());
    html! {
        <div class="key-panel">
            <div class="field-row">
                <div class="field">
                    <label for="build-alg">{"Algorithm"}</label>
                    <select id="build-alg" onchange={onalg}>{ for algs }</select>
                </div>
                if is_rsa {
                    <div class="field">
                        <label for="build-bits">{"Key size"}</label>
                        <select id="build-bits" onchange={onbits}>{ for sizes }</select>
                    </div>
                }
                <TextField
                    id="build-kid"
                    label="Key ID (kid) for a new key"
                    value={props.kid.clone()}
                    placeholder="RFC 7638 thumbprint"
                    oninput={props.onkid.clone()}
                />
            </div>
            <button type="button" onclick={ongenerate} disabled={props.busy}>{"Generate key"}</button>
            <div class="field">
                <label for="build-key-kind">{"The signing key is"}</label>
                <select id="build-key-kind" onchange={onkeykind}>{ for kinds }</select>
            </div>
            <TextField
                id="build-key"
                label="Private key or secret"
                class="key-input"
                rows={6}
                value={props.key_text.clone()}
                placeholder="Generate a key, or paste a private key: PEM (PKCS#8, PKCS#1, SEC1), a private JWK, or a JWKS of private keys"
                oninput={props.onkeytext.clone()}
            />
            if let Some(key) = &props.forms {
                { key_forms(props, key) }
            }
        </div>
    }
}

fn key_forms(props: &KeyPanelProps, key: &KeygenOutput) -> Html {
    let onusekeys = props.onusekeys.reform(|_: MouseEvent| ());
    let providers = props.providers.iter().enumerate().map(|(index, id)| {
        let onclick = props.onuseprovider.reform(move |_: MouseEvent| index);
        html! {
            <button type="button" class="secondary" {onclick}>{format!("Use as the keys of {id}")}</button>
        }
    });
    let mut forms: Vec<(&str, &str, String)> = Vec::new();
    if let Some(jwks) = &key.public_jwks {
        forms.push(("public-jwks", "Public JWKS", pretty(jwks)));
    }
    if let Some(jwk) = &key.public_jwk {
        forms.push(("public-jwk", "Public JWK", pretty(jwk)));
    }
    if let Some(pem) = &key.public_pem {
        forms.push(("public-pem", "Public key (PEM)", pem.clone()));
    }
    forms.push(("private-jwk", "Private JWK", pretty(&key.private_jwk)));
    if let Some(pem) = &key.private_pem {
        forms.push(("private-pem", "Private key (PEM, PKCS#8)", pem.clone()));
    }
    if let Some(secret) = &key.secret_base64url {
        forms.push(("secret", "Secret (base64url)", secret.clone()));
    }
    let forms = forms.into_iter().map(|(id, label, text)| {
        let id = format!("build-form-{id}");
        html! {
            <div class="field">
                <label for={id.clone()}>{label}</label>
                <textarea id={id} class="key-form" rows="4" readonly=true spellcheck="false" value={text} />
            </div>
        }
    });
    html! {
        <section class="key-forms" aria-labelledby="key-forms-heading">
            <h3 id="key-forms-heading">{format!("Key {} ({})", key.kid, key.alg)}</h3>
            if key.public_jwks.is_some() {
                <div class="card-actions">
                    <button type="button" onclick={onusekeys}>{"Put the public JWKS in the Keys field"}</button>
                    { for providers }
                </div>
            }
            { for forms }
        </section>
    }
}

/// A `<select>`'s change as the value `read` makes of it; none when it makes nothing.
pub fn on_select<T: 'static>(
    callback: &Callback<T>,
    read: impl Fn(String) -> Option<T> + 'static,
) -> Callback<Event> {
    let callback = callback.clone();
    Callback::from(move |event: Event| {
        if let Some(value) = read(event.target_unchecked_into::<HtmlSelectElement>().value()) {
            callback.emit(value);
        }
    })
}

fn pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}
