//! The few things the app reads from the browser itself.

/// The machine's clock in whole seconds. (`SystemTime::now` panics on wasm32.)
pub fn now_unix() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// `location.hash`, or empty when there is no window (never in the app).
pub fn location_hash() -> String {
    web_sys::window().and_then(|window| window.location().hash().ok()).unwrap_or_default()
}
