//! The normalized token with each part in its own colour.

use poolcheck_core::token::{Segment, SegmentRole};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TokenPartsProps {
    pub segments: Vec<Segment>,
}

#[component]
pub fn TokenParts(props: &TokenPartsProps) -> Html {
    let parts = props.segments.iter().enumerate().map(|(index, segment)| {
        let title = match segment.decoded_len {
            Some(bytes) => format!("{}: {bytes} bytes", segment.role.label()),
            None => format!("{}: not base64url", segment.role.label()),
        };
        html! {
            <>
                if index > 0 { <span class="token-dot">{"."}</span> }
                <span class={classes!("token-part", role_class(segment.role))} {title}>
                    {segment.text.clone()}
                </span>
            </>
        }
    });
    let legend = props.segments.iter().map(|segment| {
        html! {
            <li class={classes!("token-part", role_class(segment.role))}>{segment.role.label()}</li>
        }
    });
    html! {
        <figure class="token-parts">
            <code class="token-text">{ for parts }</code>
            <figcaption><ul class="legend">{ for legend }</ul></figcaption>
        </figure>
    }
}

fn role_class(role: SegmentRole) -> &'static str {
    match role {
        SegmentRole::Header => "part-header",
        SegmentRole::Payload => "part-payload",
        SegmentRole::Signature => "part-signature",
        SegmentRole::EncryptedKey => "part-encrypted-key",
        SegmentRole::Iv => "part-iv",
        SegmentRole::Ciphertext => "part-ciphertext",
        SegmentRole::Tag => "part-tag",
    }
}
