//! One registered certificate authority: its id and name, the PEM chain, an optional CRL and
//! the Require CRL switch.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::PemInput;
use poolcheck_core::workspace::AuthorityField;

#[derive(Properties, PartialEq)]
pub struct AuthorityEditorProps {
    pub index: usize,
    pub id: AttrValue,
    pub name: AttrValue,
    pub certificate_chain: AttrValue,
    pub crl: AttrValue,
    pub require_crl: bool,
    /// The chain's certificates by name, or why it does not parse.
    pub chain: Result<Vec<String>, String>,
    pub onedit: Callback<(AuthorityField, String)>,
    pub onrequirecrl: Callback<bool>,
    pub onremove: Callback<()>,
}

#[component]
pub fn AuthorityEditor(props: &AuthorityEditorProps) -> Html {
    let prefix = format!("ca-{}", props.index);
    let text = |field: AuthorityField| {
        props.onedit.reform(move |event: InputEvent| {
            (field, event.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_require = props
        .onrequirecrl
        .reform(|event: Event| event.target_unchecked_into::<HtmlInputElement>().checked());
    let on_remove = props.onremove.reform(|_: MouseEvent| ());
    let (summary, error) = match &props.chain {
        Ok(names) => (format!("Registered: {}.", names.join(" → ")), None),
        Err(error) => (String::new(), Some(AttrValue::from(error.clone()))),
    };
    let heading_id = format!("{prefix}-heading");
    html! {
        <fieldset class="editor-card" aria-labelledby={heading_id.clone()}>
            <div class="editor-card-head">
                <h3 id={heading_id}>{"Certificate authority "}<code>{props.id.clone()}</code></h3>
                <button type="button" class="secondary" onclick={on_remove}>
                    {"Remove"}<span class="visually-hidden">{" certificate authority "}{props.id.clone()}</span>
                </button>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for={format!("{prefix}-id")}>{"Authority ID"}</label>
                    <input id={format!("{prefix}-id")} value={props.id.clone()} oninput={text(AuthorityField::Id)} />
                </div>
                <div class="field">
                    <label for={format!("{prefix}-name")}>{"Authority name"}</label>
                    <input id={format!("{prefix}-name")} value={props.name.clone()} oninput={text(AuthorityField::Name)} />
                </div>
            </div>
            <PemInput
                id={format!("{prefix}-chain")}
                label="Certificate chain"
                value={props.certificate_chain.clone()}
                help={AttrValue::from(format!("The CA's PEM certificates as registered. {summary}"))}
                {error}
                oninput={props.onedit.reform(|chain| (AuthorityField::CertificateChain, chain))}
            />
            <PemInput
                id={format!("{prefix}-crl")}
                label="CRL"
                rows={4}
                value={props.crl.clone()}
                help="Optional: the CA's certificate revocation list (PEM X509 CRL)."
                oninput={props.onedit.reform(|crl| (AuthorityField::Crl, crl))}
            />
            <div class="field checkbox">
                <input
                    id={format!("{prefix}-require-crl")}
                    type="checkbox"
                    checked={props.require_crl}
                    onchange={on_require}
                />
                <label for={format!("{prefix}-require-crl")}>{"Require CRL"}</label>
            </div>
        </fieldset>
    }
}
