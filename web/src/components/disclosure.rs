//! A `<details>` whose contents are made only once it is first opened, so their code (Confluent
//! import and export) stays in the app's late wasm file until someone uses it
//! (scripts/split-wasm.mjs). Once made they stay, closed or open, keeping what was typed.

use web_sys::Element;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DisclosureProps {
    pub summary: AttrValue,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn Disclosure(props: &DisclosureProps) -> Html {
    let opened = use_state(|| false);
    let ontoggle = {
        let opened = opened.clone();
        Callback::from(move |event: Event| {
            if event.target_unchecked_into::<Element>().has_attribute("open") {
                opened.set(true);
            }
        })
    };
    html! {
        <details class={props.class.clone()} {ontoggle}>
            <summary>{props.summary.clone()}</summary>
            if *opened { { props.children.clone() } }
        </details>
    }
}
