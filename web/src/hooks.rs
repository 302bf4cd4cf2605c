//! Hooks shared by components.

use wasm_bindgen_futures::spawn_local;
use web_sys::DragEvent;
use yew::prelude::*;

use std::rc::Rc;

use crate::browser;
use crate::load;
use crate::saved::SavedWork;
use crate::state::{Action, AppState};

/// Saves the work shortly after each edit (a burst of keystrokes is one save), where the
/// state says: the tab's session, or local storage when remembering. Embeds save nothing.
#[hook]
pub fn use_autosave(state: &UseReducerHandle<AppState>, ondispatch: &Callback<Action>) {
    const AFTER_MS: u32 = 300;
    let pending = use_mut_ref(|| None::<gloo_timers::callback::Timeout>);
    let revision = state.saving.revision;
    let state = Rc::new((**state).clone());
    let ondispatch = ondispatch.clone();
    use_effect_with(revision, move |&revision| {
        if revision == 0 || state.embed.is_some() {
            pending.borrow_mut().take();
            return;
        }
        let timeout = gloo_timers::callback::Timeout::new(AFTER_MS, move || {
            let remember = state.saving.remember;
            let saved = SavedWork::of(&state, remember);
            let saved = serde_json::to_string(&saved).map_err(|error| error.to_string());
            if let Err(message) = saved.and_then(|text| browser::save(&text, remember)) {
                ondispatch.emit(Action::SaveProblem(message));
            }
        });
        // Replacing the timeout drops (cancels) the one before.
        *pending.borrow_mut() = Some(timeout);
    });
}

/// What a drop target needs: whether a drag is over it, and its three handlers.
pub struct FileDrop {
    pub dragging: bool,
    pub ondragover: Callback<DragEvent>,
    pub ondragleave: Callback<DragEvent>,
    pub ondrop: Callback<DragEvent>,
}

/// Makes an element a drop target for one text file: the file is read (refused unread over
/// [`load::MAX_BYTES`]) and `onread` gets its name and its text or why it was not read.
/// Dragged text that is not a file drops into a field as usual.
#[hook]
pub fn use_file_drop(onread: Callback<(String, Result<String, String>)>) -> FileDrop {
    let dragging = use_state(|| false);
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            // Accepting the drag is what makes the element a drop target.
            event.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            dragging.set(false);
            let file =
                event.data_transfer().and_then(|data| data.files()).and_then(|files| files.get(0));
            let Some(file) = file else { return };
            event.prevent_default();
            let onread = onread.clone();
            spawn_local(async move {
                let read = load::read_file(&file).await;
                onread.emit((file.name(), read));
            });
        })
    };
    FileDrop { dragging: *dragging, ondragover, ondragleave, ondrop }
}
