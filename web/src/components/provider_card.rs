//! One identity provider: ID, name, issuer URI, identity claim and keys, with what the
//! keys parsed to.

use poolcheck_core::Problem;
use poolcheck_core::scenario::Provider;
use yew::prelude::*;

use crate::components::problems_list::problem_item;

use poolcheck_core::workspace::ProviderField;

use crate::components::TextField;

/// What the Keys text parsed to.
#[derive(Debug, Clone, PartialEq)]
pub enum KeysSummary {
    Read { count: usize, problems: Vec<Problem> },
    Unreadable(String),
}

#[derive(Properties, PartialEq)]
pub struct ProviderCardProps {
    pub index: usize,
    pub provider: Provider,
    pub keys: KeysSummary,
    pub onedit: Callback<(ProviderField, String)>,
    pub onremove: Callback<()>,
}

#[component]
pub fn ProviderCard(props: &ProviderCardProps) -> Html {
    let index = props.index;
    let provider = &props.provider;
    let edit = |field: ProviderField| props.onedit.reform(move |value: String| (field, value));
    let onremove = props.onremove.reform(|_: MouseEvent| ());
    let id = |name: &str| format!("provider-{index}-{name}");
    let heading_id = id("heading");
    let title =
        if provider.name.trim().is_empty() { provider.id.clone() } else { provider.name.clone() };
    let keys = match &props.keys {
        KeysSummary::Read { count, problems } => html! {
            <>
                <p class="help">{format!("{count} key{} read", if *count == 1 { "" } else { "s" })}</p>
                <ul class="problem-list">
                    { for problems.iter().map(problem_item) }
                </ul>
            </>
        },
        KeysSummary::Unreadable(message) => html! {
            <p class="problem error key-error">
                <span class="problem-icon" aria-hidden="true">{"✖"}</span>
                <span class="visually-hidden">{"Error: "}</span>
                {message.clone()}
            </p>
        },
    };
    html! {
        <section class="card provider-card" aria-labelledby={heading_id.clone()}>
            <div class="card-head">
                <h4 id={heading_id}>{title}</h4>
                <button type="button" class="secondary" onclick={onremove}>{"Remove provider"}</button>
            </div>
            <div class="field-row">
                <TextField id={id("id")} label="Provider ID" value={provider.id.clone()} oninput={edit(ProviderField::Id)} />
                <TextField id={id("name")} label="Provider name" value={provider.name.clone()} oninput={edit(ProviderField::Name)} />
            </div>
            <TextField
                id={id("issuer")}
                label="Issuer URI"
                value={provider.issuer.clone()}
                placeholder="https://…"
                oninput={edit(ProviderField::Issuer)}
            />
            <TextField
                id={id("identity-claim")}
                label="Provider identity claim"
                value={provider.identity_claim.clone().unwrap_or_default()}
                placeholder="claims.sub"
                oninput={edit(ProviderField::IdentityClaim)}
            />
            <TextField
                id={id("keys")}
                label="Keys (JWKS, JWK or PEM)"
                class="keys-input"
                rows={6}
                value={provider.jwks.to_text()}
                oninput={edit(ProviderField::Keys)}
            />
            {keys}
        </section>
    }
}
