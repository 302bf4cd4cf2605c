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
