//! One identity pool: its fields, the Filter editor with a live badge, the compile error
//! with a caret, and the explanation of the result.

use poolcheck_core::scenario::Pool;
use poolcheck_core::simulate::{PoolResult, PoolStatus};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use poolcheck_core::workspace::PoolField;

use crate::components::{FilterOutcome, TextField};

#[derive(Properties, PartialEq)]
pub struct PoolCardProps {
    pub index: usize,
    pub pool: Pool,
    /// What the simulation made of this pool.
    pub result: Option<PoolResult>,
    /// The IDs of the registered providers, for the provider choice.
    pub providers: Vec<String>,
    pub onedit: Callback<(PoolField, String)>,
    pub onremove: Callback<()>,
    pub onduplicate: Callback<()>,
}

#[component]
pub fn PoolCard(props: &PoolCardProps) -> Html {
    let index = props.index;
    let pool = &props.pool;
    let edit = |field: PoolField| props.onedit.reform(move |value: String| (field, value));
    let onremove = props.onremove.reform(|_: MouseEvent| ());
    let onduplicate = props.onduplicate.reform(|_: MouseEvent| ());
    let onprovider = props.onedit.reform(|event: Event| {
        (PoolField::Provider, event.target_unchecked_into::<HtmlSelectElement>().value())
    });
    let id = |name: &str| format!("pool-{index}-{name}");
    let heading_id = id("heading");
    let title = if pool.name.trim().is_empty() { pool.id.clone() } else { pool.name.clone() };
    let verdict =
        props.result.as_ref().map_or(PoolStatus::NotEvaluated, PoolResult::filter_verdict);
    let known_provider = props.providers.contains(&pool.provider);
    let options = props.providers.iter().map(|provider| {
        html! { <option value={provider.clone()} selected={*provider == pool.provider}>{provider.clone()}</option> }
    });
    let result = props.result.as_ref();
    html! {
        <section class="card pool-card" aria-labelledby={heading_id.clone()}>
            <div class="card-head">
                <h4 id={heading_id}>
                    {title}{" "}
                    <span class={classes!("badge", verdict.tone().as_str())}>{verdict.label()}</span>
                    if result.is_some_and(|r| r.selected) {
                        {" "}<span class="badge selected">{"selected"}</span>
                    }
                    if result.is_some_and(|r| r.status == PoolStatus::Refused) {
                        {" "}<span class="badge refused" title={PoolStatus::Refused.explanation(false)}>{"refused by Confluent rules"}</span>
                    }
                </h4>
                <div class="card-actions">
                    <button type="button" class="secondary" onclick={onduplicate}>{"Duplicate pool"}</button>
                    <button type="button" class="secondary" onclick={onremove}>{"Remove pool"}</button>
                </div>
            </div>
            <div class="field-row">
                <TextField id={id("id")} label="Pool ID" value={pool.id.clone()} oninput={edit(PoolField::Id)} />
                <TextField id={id("name")} label="Pool name" value={pool.name.clone()} oninput={edit(PoolField::Name)} />
            </div>
            <div class="field-row">
                <div class="field">
                    <label for={id("provider")}>{"Provider"}</label>
                    <select id={id("provider")} onchange={onprovider}>
                        if !known_provider {
                            <option value={pool.provider.clone()} selected=true>
                                {format!("{} (not registered)", pool.provider)}
                            </option>
                        }
                        { for options }
                    </select>
                </div>
                <TextField
                    id={id("identity-claim")}
                    label="Pool identity claim"
                    value={pool.identity_claim.clone().unwrap_or_default()}
                    placeholder="claims.sub"
                    oninput={edit(PoolField::IdentityClaim)}
                />
            </div>
            <TextField
                id={id("filter")}
                label="Filter"
                class="filter-input"
                rows={3}
                value={pool.filter.clone()}
                oninput={edit(PoolField::Filter)}
            />
            if let Some(result) = result {
                <p class="pool-status">{result.status.explanation(result.selected)}</p>
                <FilterOutcome result={result.clone()} />
            }
        </section>
    }
}
