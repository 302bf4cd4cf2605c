//! One row per claim: name, value, meaning and, for time claims, when and a status badge.

use poolcheck_core::claims::{ClaimRow, TimeInfo, TimeStatus};
use serde_json::Value;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClaimsTableProps {
    pub rows: Vec<ClaimRow>,
}

#[component]
pub fn ClaimsTable(props: &ClaimsTableProps) -> Html {
    let rows = props.rows.iter().map(|row| {
        html! {
            <tr>
                <th scope="row"><code>{row.name.clone()}</code></th>
                <td class="claim-value"><code>{value_text(&row.value)}</code></td>
                <td class="claim-meaning">{row.meaning.unwrap_or("")}</td>
                <td class="claim-time">{ for row.time.as_ref().map(time_cell) }</td>
            </tr>
        }
    });
    html! {
        <table class="claims">
            <caption class="visually-hidden">{"Claims"}</caption>
            <thead>
                <tr>
                    <th scope="col">{"Claim"}</th>
                    <th scope="col">{"Value"}</th>
                    <th scope="col">{"Meaning"}</th>
                    <th scope="col">{"Time (UTC)"}</th>
                </tr>
            </thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

/// Strings as they are (the common case reads better without quotes), anything else as JSON.
fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn time_cell(time: &TimeInfo) -> Html {
    html! {
        <>
            <time datetime={time.iso.clone()}>{time.iso.clone()}</time>
            {" "}
            <span class={classes!("badge", status_class(time.status))}>{time.relative.clone()}</span>
        </>
    }
}

fn status_class(status: TimeStatus) -> &'static str {
    match status {
        TimeStatus::Ok => "valid",
        TimeStatus::Expired => "expired",
        TimeStatus::NotYetValid => "not-yet-valid",
        TimeStatus::IssuedInFuture => "issued-in-future",
    }
}
