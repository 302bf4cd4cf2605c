//! The Build tab's token: header and claims as JSON, any member allowed (unusual ones too, to
//! demonstrate attacks), with helper buttons and a starting template per identity provider.

use poolcheck_core::draft::{ClaimHelper, TEMPLATES};
use yew::prelude::*;

use crate::components::TextField;
use crate::components::key_panel::on_select;

#[derive(Properties, PartialEq)]
pub struct TokenDraftProps {
    pub header: AttrValue,
    pub claims: AttrValue,
    pub onheader: Callback<String>,
    pub onclaims: Callback<String>,
    pub onhelper: Callback<ClaimHelper>,
    pub ontemplate: Callback<usize>,
}

#[component]
pub fn TokenDraft(props: &TokenDraftProps) -> Html {
    let helper = |label: &'static str, helper: ClaimHelper| {
        let onclick = props.onhelper.reform(move |_: MouseEvent| helper.clone());
        html! { <button type="button" class="secondary" {onclick}>{label}</button> }
    };
    // The jti's randomness is the browser's (core has none); without it, no jti.
    let onjti = {
        let onhelper = props.onhelper.clone();
        Callback::from(move |_: MouseEvent| {
            let mut bytes = [0; 16];
            if getrandom::getrandom(&mut bytes).is_ok() {
                onhelper.emit(ClaimHelper::Jti(bytes));
            }
        })
    };
    let ontemplate = on_select(&props.ontemplate, |value| value.parse().ok());
    let templates = TEMPLATES.iter().enumerate().map(|(index, template)| {
        html! { <option value={index.to_string()}>{template.label}</option> }
    });
    html! {
        <div class="token-draft">
            <div class="field">
                <label for="build-template">{"Start from a template"}</label>
                <select id="build-template" onchange={ontemplate}>
                    <option value="" selected=true>{"Choose an identity provider…"}</option>
                    { for templates }
                </select>
            </div>
            <TextField
                id="build-header"
                label="Header (JSON; alg comes from the algorithm, kid from the key unless set here)"
                class="json-input"
                rows={4}
                value={props.header.clone()}
                oninput={props.onheader.clone()}
            />
            <TextField
                id="build-claims"
                label="Claims (JSON)"
                class="json-input"
                rows={14}
                value={props.claims.clone()}
                oninput={props.onclaims.clone()}
            />
            <div class="helpers" role="group" aria-label="Claim helpers">
                { helper("iat: now", ClaimHelper::IatNow) }
                { helper("nbf: now", ClaimHelper::NbfNow) }
                { helper("exp: in 15 minutes", ClaimHelper::ExpIn(900)) }
                { helper("exp: in 1 hour", ClaimHelper::ExpIn(3600)) }
                { helper("exp: in 1 day", ClaimHelper::ExpIn(86_400)) }
                <button type="button" class="secondary" onclick={onjti}>{"New random jti"}</button>
                { helper("aud as a string", ClaimHelper::AudString) }
                { helper("aud as a list", ClaimHelper::AudList) }
            </div>
        </div>
    }
}
