//! One certificate identity pool: id, name, the authority it belongs to, the external
//! identifier that names the principal, and the filter with a live badge and the steps that
//! decided it.

use poolcheck_core::simulate::{PoolResult, PoolStatus};
use poolcheck_core::workspace::CertificatePoolField;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::FilterExplanation;

#[derive(Properties, PartialEq)]
pub struct CertPoolEditorProps {
    pub index: usize,
    pub id: AttrValue,
    pub name: AttrValue,
    pub certificate_authority: AttrValue,
    pub external_identifier: AttrValue,
    pub filter: AttrValue,
    /// The registered authorities' ids, for the select.
    pub authorities: Vec<String>,
    /// What the simulation made of this pool for the current client.
    pub result: Option<PoolResult>,
    pub onedit: Callback<(CertificatePoolField, String)>,
    pub onremove: Callback<()>,
}

#[component]
pub fn CertPoolEditor(props: &CertPoolEditorProps) -> Html {
    let prefix = format!("cert-pool-{}", props.index);
    let input = |field: CertificatePoolField| {
        props.onedit.reform(move |event: InputEvent| {
            (field, event.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_filter = props.onedit.reform(|event: InputEvent| {
        let value = event.target_unchecked_into::<HtmlTextAreaElement>().value();
        (CertificatePoolField::Filter, value)
    });
    let on_authority = props.onedit.reform(|event: Event| {
        let value = event.target_unchecked_into::<HtmlSelectElement>().value();
        (CertificatePoolField::CertificateAuthority, value)
    });
    let on_remove = props.onremove.reform(|_: MouseEvent| ());
    let mut options = props.authorities.clone();
    // A pool naming an authority that is not registered keeps its value visible.
    if !options.iter().any(|id| *id == *props.certificate_authority) {
        options.push(props.certificate_authority.to_string());
    }
    let selected = props.certificate_authority.clone();
    let options = options.into_iter().map(|id| {
        let is_selected = *id == *selected;
        html! { <option value={id.clone()} selected={is_selected}>{id}</option> }
    });
    let heading_id = format!("{prefix}-heading");
    let badge_id = format!("{prefix}-badge");
    let status = props.result.as_ref().map_or(PoolStatus::NotEvaluated, |result| result.status);
    let (badge_class, badge_text) = (status.tone().as_str(), status.label());
    html! {
        <fieldset class="editor-card" aria-labelledby={heading_id.clone()}>
            <div class="editor-card-head">
                <h3 id={heading_id}>{"Certificate pool "}<code>{props.id.clone()}</code></h3>
                <span id={badge_id.clone()} class={classes!("badge", badge_class)}>{badge_text}</span>
                <button type="button" class="secondary" onclick={on_remove}>
                    {"Remove"}<span class="visually-hidden">{" pool "}{props.id.clone()}</span>
                </button>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for={format!("{prefix}-id")}>{"Pool ID"}</label>
                    <input id={format!("{prefix}-id")} value={props.id.clone()} oninput={input(CertificatePoolField::Id)} />
                </div>
                <div class="field">
                    <label for={format!("{prefix}-name")}>{"Pool name"}</label>
                    <input id={format!("{prefix}-name")} value={props.name.clone()} oninput={input(CertificatePoolField::Name)} />
                </div>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for={format!("{prefix}-authority")}>{"Certificate authority"}</label>
                    <select id={format!("{prefix}-authority")} onchange={on_authority}>{ for options }</select>
                </div>
                <div class="field">
                    <label for={format!("{prefix}-identifier")}>{"External identifier"}</label>
                    <input
                        id={format!("{prefix}-identifier")}
                        value={props.external_identifier.clone()}
                        placeholder="CN"
                        oninput={input(CertificatePoolField::ExternalIdentifier)}
                    />
                </div>
            </div>
            <div class="field">
                <label for={format!("{prefix}-filter")}>{"Filter"}</label>
                <textarea
                    id={format!("{prefix}-filter")}
                    class="filter-input"
                    rows="2"
                    spellcheck="false"
                    autocomplete="off"
                    aria-describedby={badge_id}
                    value={props.filter.clone()}
                    oninput={on_filter}
                />
            </div>
            { for props.result.as_ref().map(explanation) }
        </fieldset>
    }
}

/// The compile error with a caret, or the evaluation steps, and any lints.
fn explanation(result: &PoolResult) -> Html {
    if let Some(error) = &result.compile_error {
        return html! {
            <div class="filter-compile-error">
                <p class="field-error">{format!("Line {}, column {}: {}", error.line, error.column, error.message)}</p>
                <pre class="raw caret" aria-label="Where the filter fails">{error.render()}</pre>
                if let Some(hint) = &error.hint { <p class="help">{hint.clone()}</p> }
            </div>
        };
    }
    let Some(report) = &result.filter else { return Html::default() };
    html! {
        <div class="filter-result">
            if let Some(error) = &report.error {
                <p class="field-error">{format!("Evaluation failed (no match): {error}")}</p>
            }
            <FilterExplanation report={report.clone()} />
        </div>
    }
}
