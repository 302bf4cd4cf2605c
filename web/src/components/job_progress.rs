//! The builder's running job: what it is doing, an indeterminate progress bar, and Cancel.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct JobProgressProps {
    pub label: AttrValue,
    pub oncancel: Callback<()>,
}

#[component]
pub fn JobProgress(props: &JobProgressProps) -> Html {
    let oncancel = props.oncancel.reform(|_: MouseEvent| ());
    html! {
        <div class="job-progress" role="status">
            <span>{props.label.clone()}</span>
            <progress aria-label={props.label.clone()}></progress>
            <button type="button" class="secondary" onclick={oncancel}>{"Cancel"}</button>
        </div>
    }
}
