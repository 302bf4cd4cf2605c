//! Copies a text to the clipboard and says so; the browser may refuse (no permission, not a
//! secure context), which it says too.

use wasm_bindgen_futures::{JsFuture, spawn_local};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    pub text: AttrValue,
}

#[component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    // Whether the last click copied: the button's own feedback, reset when the text changes.
    let copied = use_state(|| None::<bool>);
    {
        let copied = copied.clone();
        use_effect_with(props.text.clone(), move |_| copied.set(None));
    }
    let onclick = {
        let (copied, text) = (copied.clone(), props.text.clone());
        Callback::from(move |_: MouseEvent| {
            let (copied, text) = (copied.clone(), text.clone());
            spawn_local(async move {
                let clipboard = web_sys::window().map(|window| window.navigator().clipboard());
                let done = match clipboard {
                    Some(clipboard) => JsFuture::from(clipboard.write_text(&text)).await.is_ok(),
                    None => false,
                };
                copied.set(Some(done));
            });
        })
    };
    html! {
        <span class="copy">
            <button type="button" class="secondary" {onclick}>{"Copy"}</button>
            <span class="muted" role="status">
                {match *copied {
                    Some(true) => "Copied.",
                    Some(false) => "The browser refused the clipboard: select the text and copy it.",
                    None => "",
                }}
            </span>
        </span>
    }
}
