//! A PEM text field that also takes a dropped file (certificates, chains, CRLs).

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::hooks::use_file_drop;

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

#[component]
pub fn PemInput(props: &PemInputProps) -> Html {
    // Why a dropped file was not read; cleared by the next edit or drop.
    let drop_error = use_state(|| None::<String>);
    let oninput = {
        let drop_error = drop_error.clone();
        props.oninput.reform(move |event: InputEvent| {
            drop_error.set(None);
            event.target_unchecked_into::<HtmlTextAreaElement>().value()
        })
    };
    let drop = {
        let drop_error = drop_error.clone();
        let oninput = props.oninput.clone();
        use_file_drop(Callback::from(
            move |(_, read): (String, Result<String, String>)| match read {
                Ok(text) => {
                    drop_error.set(None);
                    oninput.emit(text);
                }
                Err(message) => drop_error.set(Some(message)),
            },
        ))
    };
    let error = props.error.clone().or_else(|| (*drop_error).clone().map(AttrValue::from));
    let help_id = format!("{}-help", props.id);
    let error_id = format!("{}-error", props.id);
    let described_by = match error {
        Some(_) => format!("{help_id} {error_id}"),
        None => help_id.clone(),
    };
    html! {
        <div class={classes!("field", "pem-field", drop.dragging.then_some("dragging"))}>
            <label for={props.id.clone()}>{props.label.clone()}</label>
            <textarea
                id={props.id.clone()}
                class="pem-input"
                rows={props.rows.to_string()}
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                aria-describedby={described_by}
                aria-invalid={error.is_some().then_some("true")}
                placeholder="-----BEGIN …-----"
                value={props.value.clone()}
                {oninput}
                ondragover={drop.ondragover}
                ondragleave={drop.ondragleave}
                ondrop={drop.ondrop}
            />
            <p id={help_id} class="help">{props.help.clone()}{" Paste PEM or drop a file here."}</p>
            if let Some(error) = &error {
                <p id={error_id} class="field-error">{error.clone()}</p>
            }
        </div>
    }
}
