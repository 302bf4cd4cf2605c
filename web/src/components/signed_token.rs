//! The token the builder signed, one click from the Token field.

use std::rc::Rc;

use poolcheck_core::commands::SignOutput;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SignedTokenProps {
    pub signed: Rc<SignOutput>,
    pub onuse: Callback<()>,
}

#[component]
pub fn SignedToken(props: &SignedTokenProps) -> Html {
    let onuse = props.onuse.reform(|_: MouseEvent| ());
    html! {
        <section class="signed-token" aria-labelledby="signed-token-heading">
            <h3 id="signed-token-heading">{"Signed token"}</h3>
            <label for="build-signed" class="visually-hidden">{"Signed token"}</label>
            <textarea id="build-signed" class="token-output" rows="5" readonly=true spellcheck="false"
                value={props.signed.token.clone()} />
            <button type="button" onclick={onuse}>{"Open in the Token view"}</button>
        </section>
    }
}
