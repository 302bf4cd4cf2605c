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

/// Reads a dropped file as text and calls `ontext` with it. Only the first megabyte and a byte
/// is read: more is refused by the parsers anyway, and reading a huge file would stall the page.
pub fn read_file_text(file: &web_sys::File, ontext: impl FnOnce(String) + 'static) {
    const LIMIT: f64 = (poolcheck_core::cert::MAX_PEM_BYTES + 1) as f64;
    let Ok(blob) = file.slice_with_f64_and_f64(0.0, LIMIT) else { return };
    let Ok(reader) = web_sys::FileReader::new() else { return };
    let result_of = reader.clone();
    let listener = gloo_events::EventListener::once(&reader, "load", move |_| {
        if let Some(text) = result_of.result().ok().and_then(|value| value.as_string()) {
            ontext(text);
        }
    });
    if reader.read_as_text(&blob).is_ok() {
        // The listener must outlive this call; it fires once, so leaking it costs one closure.
        listener.forget();
    }
}
