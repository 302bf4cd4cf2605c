//! A pool's own inputs: ID, name, provider, identity claim and the Filter editor. Its props
//! hold nothing the simulation computes, so a token keystroke, which changes every visible
//! card's result, leaves these unrendered.

use std::rc::Rc;

use poolcheck_core::scenario::Pool;
use poolcheck_core::workspace::{Edit, PoolField};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::TextField;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct PoolFieldsProps {
    pub index: usize,
    pub pool: Pool,
    /// The IDs of the registered providers, for the provider choice.
    pub providers: Rc<Vec<String>>,
    /// The app's dispatcher, the same on every render.
    pub ondispatch: Callback<Action>,
}

#[component]
pub fn PoolFields(props: &PoolFieldsProps) -> Html {
    let index = props.index;
    let pool = &props.pool;
    let edit = |field: PoolField| {
        props.ondispatch.reform(move |value| Action::Edit(Edit::SetPool { index, field, value }))
    };
    let onprovider = props.ondispatch.reform(move |event: Event| {
        let value = event.target_unchecked_into::<HtmlSelectElement>().value();
        Action::Edit(Edit::SetPool { index, field: PoolField::Provider, value })
    });
    let id = |name: &str| format!("pool-{index}-{name}");
    let known_provider = props.providers.contains(&pool.provider);
    let options = props.providers.iter().map(|provider| {
        html! { <option value={provider.clone()} selected={*provider == pool.provider}>{provider.clone()}</option> }
    });
    html! {
        <>
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
        </>
    }
}
