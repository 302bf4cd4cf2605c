//! Says what the page keeps and where, with the switch to remember it across restarts, a way
//! to erase it at once, and the way back to saved work a link replaced.

use yew::prelude::*;

use crate::state::Notice;

#[derive(Properties, PartialEq)]
pub struct SavePanelProps {
    pub remember: bool,
    pub notice: Option<Notice>,
    /// Saved work that a link replaced can be restored.
    pub replaced: bool,
    pub onremember: Callback<bool>,
    pub onforget: Callback<()>,
    pub onrestore: Callback<()>,
}

#[component]
pub fn SavePanel(props: &SavePanelProps) -> Html {
    let onremember = props.onremember.reform(|event: Event| {
        event.target_unchecked_into::<web_sys::HtmlInputElement>().checked()
    });
    let where_saved = if props.remember {
        "Your work, private keys and HMAC secrets included, is kept in this browser's local storage, across tabs and restarts, until you forget it."
    } else {
        "Your work is kept in this tab's session storage, without private keys or HMAC secrets, until the tab is closed."
    };
    html! {
        <section class="save-panel" aria-label="Saved work">
            <p class="help">{where_saved}{" Nothing is sent anywhere."}</p>
            <div class="save-actions">
                <div class="field checkbox">
                    <input id="save-remember" type="checkbox" checked={props.remember} onchange={onremember} />
                    <label for="save-remember">{"Remember in this browser"}</label>
                </div>
                <button type="button" class="secondary" onclick={props.onforget.reform(|_: MouseEvent| ())}>{"Forget"}</button>
                if props.replaced {
                    <button type="button" class="secondary" onclick={props.onrestore.reform(|_: MouseEvent| ())}>
                        {"Restore my saved work"}
                    </button>
                }
            </div>
            if let Some(notice) = &props.notice {
                { match notice {
                    Notice::Info(text) => html! { <p class="save-notice">{text.clone()}</p> },
                    Notice::Error(text) => html! { <p class="save-notice error" role="alert">{text.clone()}</p> },
                } }
            }
        </section>
    }
}
