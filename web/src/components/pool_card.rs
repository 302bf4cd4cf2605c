//! One identity pool: its heading with a live badge, its inputs (`PoolFields`, which a token
//! keystroke does not re-render), the compile error with a caret, and the explanation of the
//! result. Its edits go through the list's one `ondispatch`, tagged with the pool's index, so
//! an unchanged card is never re-rendered.

use std::rc::Rc;

use poolcheck_core::filter::MintKind;
use poolcheck_core::scenario::Pool;
use poolcheck_core::simulate::{PoolResult, PoolStatus};
use yew::prelude::*;

use poolcheck_core::workspace::{Edit, Entry};

use crate::components::{CommandErrorNote, FilterOutcome, PoolFields};
use crate::state::{Action, BuilderAction, MintNote};

#[derive(Properties, PartialEq)]
pub struct PoolCardProps {
    pub index: usize,
    pub pool: Pool,
    /// What the simulation made of this pool.
    pub result: Option<PoolResult>,
    /// The IDs of the registered providers, for the provider choice.
    pub providers: Rc<Vec<String>>,
    /// The app's dispatcher, the same on every render.
    pub ondispatch: Callback<Action>,
    /// A token is being minted for this pool.
    #[prop_or_default]
    pub minting: bool,
    /// What the last mint for this pool made, or why it could not.
    #[prop_or_default]
    pub mint: Option<Rc<MintNote>>,
    /// The mint buttons; an embed, which has no signer, leaves them out.
    #[prop_or_default]
    pub mintable: bool,
}

#[component]
pub fn PoolCard(props: &PoolCardProps) -> Html {
    let index = props.index;
    let pool = &props.pool;
    let ondispatch = &props.ondispatch;
    let entry =
        |make: fn(usize) -> Edit| ondispatch.reform(move |_: MouseEvent| Action::Edit(make(index)));
    let onremove = ondispatch.reform(move |event: MouseEvent| {
        // In a long list the next pool takes this card's place (cards are keyed by slot): the
        // focus must not stay on its Remove button, where a second Enter would remove it too.
        if let Some(button) = event.target_dyn_into::<web_sys::HtmlElement>() {
            let _ = button.blur();
        }
        Action::Edit(Edit::Remove { entry: Entry::Pool, index })
    });
    let onduplicate = entry(|index| Edit::Duplicate { entry: Entry::Pool, index });
    let heading_id = format!("pool-{index}-heading");
    let title = if pool.name.trim().is_empty() { pool.id.clone() } else { pool.name.clone() };
    let verdict =
        props.result.as_ref().map_or(PoolStatus::NotEvaluated, PoolResult::filter_verdict);
    let result = props.result.as_ref();
    let mint_button = |kind: MintKind, label: &'static str| {
        let pool = pool.id.clone();
        let onclick = ondispatch.reform(move |_: MouseEvent| {
            Action::Builder(BuilderAction::Mint { pool: pool.clone(), kind })
        });
        html! { <button type="button" class="secondary" {onclick} disabled={props.minting}>{label}</button> }
    };
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
            <PoolFields {index} pool={pool.clone()} providers={props.providers.clone()} ondispatch={ondispatch.clone()} />
            if props.mintable {
                <div class="card-actions mint-actions">
                    { mint_button(MintKind::Matching, "Mint a matching token") }
                    { mint_button(MintKind::Missing, "Mint a token that just misses") }
                    if props.minting {
                        <span class="muted">{"Minting…"}</span>
                    }
                </div>
            }
            if let Some(note) = &props.mint {
                { mint_note(note) }
            }
            if let Some(result) = result {
                <p class="pool-status">{result.status.explanation(result.selected)}</p>
                <FilterOutcome result={result.clone()} />
            }
        </section>
    }
}

/// What the minted token holds: which requirement it breaks, and what the filter left for the
/// user to fill in.
fn mint_note(note: &MintNote) -> Html {
    let (kind, minted) = match &note.outcome {
        Ok(outcome) => outcome,
        Err(error) => return html! { <CommandErrorNote error={error.clone()} /> },
    };
    let summary = match (kind, &minted.broken) {
        (MintKind::Matching, _) => "Minted a token for this pool's filter: it is now in the Token field.".to_owned(),
        (MintKind::Missing, Some(broken)) => {
            format!("Minted a token that just misses: {broken}. It is now in the Token field.")
        }
        (MintKind::Missing, None) => {
            "No single requirement could be broken on its own; the token in the Token field matches.".to_owned()
        }
    };
    let undetermined =
        minted.undetermined.iter().map(|part| html! { <li><code>{part.clone()}</code></li> });
    html! {
        <div class="mint-note">
            <p>{summary}</p>
            if !minted.undetermined.is_empty() {
                <p>{"Not derived from the filter (edit the claims in the Build tab to satisfy these):"}</p>
                <ul>{ for undetermined }</ul>
            }
        </div>
    }
}
