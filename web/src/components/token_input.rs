//! The Token field.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TokenInputProps {
    pub value: AttrValue,
    pub oninput: Callback<String>,
}

#[component]
pub fn TokenInput(props: &TokenInputProps) -> Html {
    let oninput = props
        .oninput
        .reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value());
    html! {
        <div class="field">
            <label for="token">{"Token"}</label>
            <textarea
                id="token"
                class="token-input"
                rows="8"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                aria-describedby="token-help"
                placeholder="eyJhbGciOi…"
                value={props.value.clone()}
                {oninput}
            />
            <p id="token-help" class="help">
                {"Paste a JWT (JWS or JWE), with or without "}<code>{"Bearer"}</code>
                {". It is decoded in this page and never sent anywhere."}
            </p>
        </div>
    }
}
