//! The line under an embedded view: a link that opens the full app, in a new tab, with the
//! embed's current state (its fragment carries it; nothing is sent anywhere).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EmbedFooterProps {
    /// `#scenario=…&view=…` for the full app.
    pub share_fragment: AttrValue,
}

#[component]
pub fn EmbedFooter(props: &EmbedFooterProps) -> Html {
    // Relative to the frame's own URL, so the app opens from wherever it is hosted.
    let href = format!("./{}", props.share_fragment);
    html! {
        <p class="embed-footer">
            <a {href} target="_blank" rel="noopener noreferrer">{"Open in poolcheck"}</a>
            <span class="muted">{" · runs in your browser; nothing you change here is sent anywhere"}</span>
        </p>
    }
}
