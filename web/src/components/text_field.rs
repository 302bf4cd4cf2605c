//! A labelled text input or textarea that reports each edit as a `String`.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// The element id, unique on the page (the label points at it).
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub oninput: Callback<String>,
    /// Rows for a textarea; a one-line input when absent.
    #[prop_or_default]
    pub rows: Option<u32>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    #[prop_or_default]
    pub class: Classes,
}

#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    // HtmlInputElement and HtmlTextAreaElement both read `value` the same way.
    let oninput = props
        .oninput
        .reform(|event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value());
    let id = props.id.clone();
    let field = match props.rows {
        Some(rows) => html! {
            <textarea
                id={id.clone()}
                class={props.class.clone()}
                rows={rows.to_string()}
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                placeholder={props.placeholder.clone()}
                value={props.value.clone()}
                {oninput}
            />
        },
        None => html! {
            <input
                id={id.clone()}
                class={props.class.clone()}
                type="text"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                placeholder={props.placeholder.clone()}
                value={props.value.clone()}
                {oninput}
            />
        },
    };
    html! {
        <div class="field">
            <label for={id}>{props.label.clone()}</label>
            {field}
        </div>
    }
}
