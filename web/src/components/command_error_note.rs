//! Why the builder (or a mint button) could not do what was asked: the message and its hint.

use poolcheck_core::commands::CommandError;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CommandErrorNoteProps {
    pub error: CommandError,
}

#[component]
pub fn CommandErrorNote(props: &CommandErrorNoteProps) -> Html {
    let error = &props.error;
    html! {
        <div class="problem error" role="alert">
            <p>{error.message.clone()}</p>
            if let Some(hint) = &error.hint {
                <p class="hint">{hint.clone()}</p>
            }
        </div>
    }
}
