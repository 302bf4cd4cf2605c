//! The identity pool cards. A long list (more than [`PAGE`] pools) gets a search field (id,
//! name or filter text), shows the pools that match the token first, and renders [`PAGE`]
//! cards at a time, so the page stays instant with 1,000 pools; only those cards' filters are
//! explained, and they are drawn in the task after the outcome card. The order follows the token,
//! not filter edits, so a card never moves away while its filter is being typed. The cards share one callback:
//! a card whose pool and result did not change is not re-rendered.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use poolcheck_core::simulate::{OAuthReport, PoolStatus, PreparedPool};
use poolcheck_core::workspace::Workspace;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::PoolCard;
use crate::state::{Action, MintNote};

/// Cards rendered at once, and the list length from which search and paging appear.
pub const PAGE: usize = 20;

#[derive(Properties)]
pub struct PoolListProps {
    /// Explains the filters of the cards shown (its report gives only verdicts).
    pub workspace: Rc<Workspace>,
    pub pools: Rc<Vec<PreparedPool>>,
    pub report: Rc<OAuthReport>,
    /// Stable keys, parallel to `pools`.
    pub keys: Rc<Vec<u32>>,
    /// Changes with every token edit (the workspace's token reads): the matching pools are
    /// put first again then, and when pools are added or removed.
    pub token_epoch: u64,
    /// The registered providers' IDs, for each card's provider choice.
    pub providers: Rc<Vec<String>>,
    /// Must keep its identity across renders, or every card re-renders.
    pub ondispatch: Callback<Action>,
    /// The pool a token is being minted for.
    #[prop_or_default]
    pub minting: Option<AttrValue>,
    #[prop_or_default]
    pub mint: Option<Rc<MintNote>>,
    /// Mint buttons: the app has a signer, an embed does not.
    #[prop_or_default]
    pub mintable: bool,
}

impl PartialEq for PoolListProps {
    fn eq(&self, other: &Self) -> bool {
        Listed::of(self) == Listed::of(other)
            && self.providers == other.providers
            && self.ondispatch == other.ondispatch
            && self.minting == other.minting
            && self.mint == other.mint
            && self.mintable == other.mintable
    }
}

/// What the cards are drawn from: the props, or for a long list those of the render before,
/// for one task.
#[derive(Clone)]
struct Listed {
    workspace: Rc<Workspace>,
    pools: Rc<Vec<PreparedPool>>,
    report: Rc<OAuthReport>,
    keys: Rc<Vec<u32>>,
    token_epoch: u64,
}

impl Listed {
    fn of(props: &PoolListProps) -> Self {
        Listed {
            workspace: props.workspace.clone(),
            pools: props.pools.clone(),
            report: props.report.clone(),
            keys: props.keys.clone(),
            token_epoch: props.token_epoch,
        }
    }
}

/// The pools and the report are only ever replaced, never changed in place; the workspace's
/// explanations change only with them.
impl PartialEq for Listed {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.pools, &other.pools)
            && Rc::ptr_eq(&self.report, &other.report)
            && self.keys == other.keys
            && self.token_epoch == other.token_epoch
    }
}

#[component]
pub fn PoolList(props: &PoolListProps) -> Html {
    // What to look for and how many cards to show are this list's own view state.
    let query = use_state(String::new);
    let limit = use_state(|| PAGE);
    let current = Listed::of(props);
    let defer = current.pools.len() > PAGE;
    // A long list's cards catch up in the next task: the outcome card, drawn in this one,
    // shows the result of a keystroke within a frame, and the cards right after. A short list
    // draws what it is given at once.
    let drawn = use_mut_ref(|| current.clone());
    let redraw = use_force_update();
    let pending = use_mut_ref(|| None::<Timeout>);
    if !defer {
        *drawn.borrow_mut() = current.clone();
    }
    {
        let drawn = drawn.clone();
        use_effect_with(current, move |current| {
            let current = current.clone();
            // Replacing the timeout cancels the one before: a burst of edits draws once.
            *pending.borrow_mut() = defer.then(|| {
                Timeout::new(0, move || {
                    *drawn.borrow_mut() = current;
                    redraw.force_update();
                })
            });
        });
    }
    let listed = drawn.borrow().clone();
    let pools = &listed.pools;
    let matched = |index: usize| matches_token(&listed.report, index);
    let long = pools.len() > PAGE;
    // Stable: the matching pools first, each group in the scenario's order.
    let order = {
        let report = listed.report.clone();
        use_memo((listed.token_epoch, listed.keys.clone()), move |_| {
            let first = |index: &usize| !matches_token(&report, *index);
            let mut order: Vec<usize> = (0..report.pool_results.len()).collect();
            order.sort_by_key(first);
            order
        })
    };
    let needle = query.trim().to_lowercase();
    let in_order: Vec<usize> = if long { order.to_vec() } else { (0..pools.len()).collect() };
    let mut shown: Vec<usize> = in_order
        .into_iter()
        .filter(|&index| index < pools.len())
        .filter(|&index| needle.is_empty() || mentions(&pools[index], &needle))
        .collect();
    let found = shown.len();
    if long {
        shown.truncate(*limit);
    }
    // Explained once per list drawn: not again for the render that still shows the last one.
    let explained = use_memo((listed.clone(), shown.clone()), |(listed, shown)| {
        shown.iter().map(|&index| listed.workspace.explained_pool_result(index)).collect::<Vec<_>>()
    });
    let cards = shown.iter().zip(explained.iter()).enumerate().map(|(slot, (&index, result))| {
        let prepared = &pools[index];
        let id = prepared.pool.id.as_str();
        // A long list puts other pools first after a token edit: keyed by slot, its cards are
        // updated in place rather than 20 unmounted and 20 mounted. A short list keeps its
        // order, and each card its pool's key through additions and removals.
        let key =
            if long { slot as u32 } else { listed.keys.get(index).copied().unwrap_or_default() };
        html! {
            <PoolCard
                {key}
                {index}
                pool={prepared.pool.clone()}
                result={result.clone()}
                providers={props.providers.clone()}
                ondispatch={props.ondispatch.clone()}
                minting={props.minting.as_deref() == Some(id)}
                mint={props.mint.as_ref().filter(|note| note.pool == id).cloned()}
                mintable={props.mintable}
            />
        }
    });
    let oninput = {
        let (query, limit) = (query.clone(), limit.clone());
        Callback::from(move |event: InputEvent| {
            query.set(event.target_unchecked_into::<HtmlInputElement>().value());
            limit.set(PAGE);
        })
    };
    let onmore = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(*limit + PAGE))
    };
    let matching = (0..pools.len()).filter(|&index| matched(index)).count();
    let hidden = found.saturating_sub(shown.len());
    html! {
        <>
            if long {
                <div class="pool-list-tools">
                    <div class="field">
                        <label for="pool-search">{"Search pools (ID, name or filter)"}</label>
                        <input id="pool-search" type="search" autocomplete="off" spellcheck="false" value={(*query).clone()} {oninput} />
                    </div>
                    <p class="muted pool-list-summary">
                        {format!(
                            "{} pools, {matching} matching the token; showing {} of {found}{}, matching pools first.",
                            pools.len(),
                            shown.len(),
                            if needle.is_empty() { "" } else { " found" },
                        )}
                    </p>
                </div>
            }
            { for cards }
            if hidden > 0 {
                <button type="button" class="secondary" onclick={onmore}>
                    {format!("Show {} more ({hidden} not shown)", hidden.min(PAGE))}
                </button>
            }
        </>
    }
}

/// "Matching" is what the pool's badge says, its filter's verdict, even where the request
/// names other pools and the pool would not be used.
fn matches_token(report: &OAuthReport, index: usize) -> bool {
    report
        .pool_results
        .get(index)
        .is_some_and(|result| result.filter_verdict() == PoolStatus::Matched)
}

/// Whether the search text is in the pool's ID, name or filter (`needle` is lowercase).
fn mentions(prepared: &PreparedPool, needle: &str) -> bool {
    let pool = &prepared.pool;
    [&pool.id, &pool.name, &pool.filter].iter().any(|text| text.to_lowercase().contains(needle))
}
