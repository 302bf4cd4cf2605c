//! The few things the app reads from the browser itself.

/// The machine's clock in whole seconds. (`SystemTime::now` panics on wasm32.)
pub fn now_unix() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// `location.hash`, or empty when there is no window (never in the app).
pub fn location_hash() -> String {
    web_sys::window().and_then(|window| window.location().hash().ok()).unwrap_or_default()
}

/// Calls `onchange` with the new `location.hash` whenever it changes, until dropped.
pub fn on_hash_change(onchange: impl Fn(String) + 'static) -> Option<gloo_events::EventListener> {
    let window = web_sys::window()?;
    Some(gloo_events::EventListener::new(&window, "hashchange", move |_| onchange(location_hash())))
}

/// The URL the app is served from, without its file name, query or fragment (for example
/// `https://docs.example.com/tools/poolcheck/`): where `embed.js` lives too.
pub fn app_base() -> String {
    let Some(location) = web_sys::window().map(|window| window.location()) else {
        return String::new();
    };
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    let directory = path.rfind('/').map_or("/", |end| &path[..=end]);
    format!("{origin}{directory}")
}

/// Where saved work lives (web/src/saved.rs): one key in session or local storage, and the
/// "remember" switch in local storage.
mod storage_keys {
    pub const WORK: &str = "poolcheck.work";
    pub const REMEMBER: &str = "poolcheck.remember";
}

/// Whether the user asked to remember their work in this browser.
pub fn remembering() -> bool {
    use gloo_storage::{LocalStorage, Storage};
    LocalStorage::get::<bool>(storage_keys::REMEMBER).unwrap_or(false)
}

/// The saved work, from local storage when remembering, else from this tab's session. An
/// error says why saved text could not be read (it is then left alone, never half-used).
pub fn read_saved(remember: bool) -> Result<Option<crate::saved::SavedWork>, String> {
    use gloo_storage::{LocalStorage, SessionStorage, Storage};
    let text = if remember {
        LocalStorage::raw().get_item(storage_keys::WORK)
    } else {
        SessionStorage::raw().get_item(storage_keys::WORK)
    };
    match text {
        Ok(Some(text)) => crate::saved::SavedWork::read(&text),
        Ok(None) | Err(_) => Ok(None),
    }
}

/// Saves `text` where `remember` says; the quota or a refusing browser is an error message.
pub fn save(text: &str, remember: bool) -> Result<(), String> {
    use gloo_storage::{LocalStorage, SessionStorage, Storage};
    let stored = if remember {
        LocalStorage::raw().set_item(storage_keys::WORK, text)
    } else {
        SessionStorage::raw().set_item(storage_keys::WORK, text)
    };
    stored.map_err(|error| {
        let name = js_sys::Reflect::get(&error, &"name".into()).ok().and_then(|n| n.as_string());
        match name.as_deref() {
            Some("QuotaExceededError") => format!(
                "Not saved: the browser's storage is full ({} KiB of work). Your work is still on this page.",
                text.len() / 1024
            ),
            _ => "Not saved: the browser refused to store it. Your work is still on this page.".into(),
        }
    })
}

/// Switches storage: remembering moves the work to local storage (the caller saves it there
/// next); not remembering erases the local copy, since the tab's session keeps it.
pub fn set_remember(remember: bool) {
    use gloo_storage::{LocalStorage, Storage};
    if remember {
        let _ = LocalStorage::set(storage_keys::REMEMBER, true);
    } else {
        LocalStorage::delete(storage_keys::REMEMBER);
        LocalStorage::delete(storage_keys::WORK);
    }
}

/// Erases everything saved, in both storages.
pub fn forget() {
    use gloo_storage::{LocalStorage, SessionStorage, Storage};
    LocalStorage::delete(storage_keys::REMEMBER);
    LocalStorage::delete(storage_keys::WORK);
    SessionStorage::delete(storage_keys::WORK);
}
