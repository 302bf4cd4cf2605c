//! A PEM text field that also takes a dropped file (certificates, chains, CRLs).

use web_sys::{DragEvent, HtmlTextAreaElement};
use yew::prelude::*;

use crate::browser::read_file_text;

#[derive(Properties, PartialEq)]
pub struct PemInputProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    #[prop_or_default]
    pub help: AttrValue,
    /// Why the text cannot be used, shown under the field.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or(6)]
    pub rows: u32,
    pub oninput: Callback<String>,
}

#[function_component]
pub fn PemInput(props: &PemInputProps) -> Html {
    let dragging = use_state(|| false);
    let oninput = props
        .oninput
        .reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value());
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            // Without this the browser opens the file instead of dropping it here.
            event.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let dragging = dragging.clone();
        let onfile = props.oninput.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(false);
            let file =
                event.data_transfer().and_then(|data| data.files()).and_then(|files| files.get(0));
            if let Some(file) = file {
                let onfile = onfile.clone();
                read_file_text(&file, move |text| onfile.emit(text));
            }
        })
    };
    let help_id = format!("{}-help", props.id);
    let error_id = format!("{}-error", props.id);
    let described_by = match props.error {
        Some(_) => format!("{help_id} {error_id}"),
        None => help_id.clone(),
    };
    html! {
        <div class={classes!("field", "pem-field", dragging.then_some("dragging"))}>
            <label for={props.id.clone()}>{props.label.clone()}</label>
            <textarea
                id={props.id.clone()}
                class="pem-input"
                rows={props.rows.to_string()}
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                aria-describedby={described_by}
                aria-invalid={props.error.is_some().then_some("true")}
                placeholder="-----BEGIN …-----"
                value={props.value.clone()}
                {oninput}
                {ondragover}
                {ondragleave}
                {ondrop}
            />
            <p id={help_id} class="help">{props.help.clone()}{" Paste PEM or drop a file here."}</p>
            if let Some(error) = &props.error {
                <p id={error_id} class="field-error">{error.clone()}</p>
            }
        </div>
    }
}
