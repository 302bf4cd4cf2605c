//! Switches the right-hand pane between the app's views.

use yew::prelude::*;

use crate::views::View;

#[derive(Properties, PartialEq)]
pub struct ViewNavProps {
    pub current: View,
    pub onselect: Callback<View>,
}

#[component]
pub fn ViewNav(props: &ViewNavProps) -> Html {
    let items = View::ALL.iter().map(|&view| {
        let current = view == props.current;
        let onclick = props.onselect.reform(move |_: MouseEvent| view);
        html! {
            <li>
                <button
                    type="button"
                    class={classes!("view-tab", current.then_some("current"))}
                    aria-current={current.then_some("page")}
                    {onclick}
                >
                    {view.label()}
                </button>
            </li>
        }
    });
    html! {
        <nav class="view-nav" aria-label="Views">
            <ul>{ for items }</ul>
        </nav>
    }
}
