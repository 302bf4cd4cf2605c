//! One row per pasted key: what it is, its warnings, and what the signature check did with it
//! (the key that verified the token is highlighted).

use std::rc::Rc;

use poolcheck_core::keys::{KeyInfo, KeySet};
use poolcheck_core::verify::{Candidate, CandidateReason, Verification};
use yew::prelude::*;

#[derive(Properties)]
pub struct KeyTableProps {
    pub keys: Rc<KeySet>,
    /// Absent until there is a token to check.
    pub verification: Option<Rc<Verification>>,
}

/// A key set is only ever replaced, never changed: identity is equality.
impl PartialEq for KeyTableProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.keys, &other.keys) && self.verification == other.verification
    }
}

#[component]
pub fn KeyTable(props: &KeyTableProps) -> Html {
    let verification = props.verification.as_deref();
    let chosen = verification.and_then(|verification| verification.key.as_ref());
    let rows = props.keys.keys.iter().map(|key| {
        let info = &key.info;
        let candidate = verification.and_then(|verification| {
            verification.candidates.iter().find(|candidate| candidate.index == info.index)
        });
        let is_chosen = chosen.is_some_and(|chosen| chosen.index == info.index);
        key_row(info, candidate, is_chosen)
    });
    html! {
        <table class="keys">
            <caption class="visually-hidden">{"Keys"}</caption>
            <thead>
                <tr>
                    <th scope="col">{"#"}</th>
                    <th scope="col">{"kid"}</th>
                    <th scope="col">{"kty"}</th>
                    <th scope="col">{"alg"}</th>
                    <th scope="col">{"use / key_ops"}</th>
                    <th scope="col">{"size / curve"}</th>
                    <th scope="col">{"thumbprint (RFC 7638)"}</th>
                    <th scope="col">{"warnings"}</th>
                    <th scope="col">{"check"}</th>
                </tr>
            </thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

fn key_row(info: &KeyInfo, candidate: Option<&Candidate>, is_chosen: bool) -> Html {
    let text = |value: &Option<String>| match value {
        Some(value) => html! { <code>{value.clone()}</code> },
        None => html! { <span class="muted">{"—"}</span> },
    };
    let usage = match (&info.key_use, &info.key_ops) {
        (None, None) => html! { <span class="muted">{"—"}</span> },
        (key_use, key_ops) => html! {
            <>
                if let Some(key_use) = key_use { <code>{key_use.clone()}</code> }
                if key_use.is_some() && key_ops.is_some() { {" / "} }
                if let Some(key_ops) = key_ops { <code>{key_ops.join(", ")}</code> }
            </>
        },
    };
    let shape = match (&info.curve, info.size_bits) {
        (Some(curve), _) => curve.clone(),
        (None, Some(bits)) => format!("{bits} bits"),
        (None, None) => "—".into(),
    };
    html! {
        <tr class={classes!("key-row", is_chosen.then_some("chosen"))}>
            <td class="key-number">{ info.index.saturating_add(1) }</td>
            <td class="key-kid">
                { text(&info.kid) }
                <span class="key-origin">{info.origin.clone()}</span>
                if let Some(subject) = &info.certificate_subject {
                    <span class="key-origin">{format!("certificate {subject}")}</span>
                }
            </td>
            <td>{ text(&info.kty) }</td>
            <td>{ text(&info.alg) }</td>
            <td>{ usage }</td>
            <td class="key-shape">{ shape }</td>
            <td class="key-thumbprint">{ text(&info.thumbprint) }</td>
            <td class="key-warnings">
                <ul>
                    if let Some(error) = &info.error {
                        <li class="error">{error.clone()}</li>
                    }
                    { for info.warnings.iter().map(|warning| html! {
                        <li class="warning" title={warning.code}>{warning.message.clone()}</li>
                    }) }
                </ul>
            </td>
            <td class="key-check">
                if let Some(candidate) = candidate {
                    <span class={classes!("reason", reason_class(candidate.reason))}>
                        if is_chosen { <span aria-hidden="true">{"✔ "}</span> }
                        <span class="reason-label">{ CandidateReason::label(candidate.reason) }</span>
                    </span>
                    <span class="reason-detail">{candidate.detail.clone()}</span>
                }
            </td>
        </tr>
    }
}

fn reason_class(reason: CandidateReason) -> &'static str {
    match reason {
        CandidateReason::Verified => "ok",
        CandidateReason::SignatureMismatch
        | CandidateReason::WeakKey
        | CandidateReason::UnusableKey
        | CandidateReason::AmbiguousKid
        | CandidateReason::TokenRejected => "error",
        _ => "skipped",
    }
}
