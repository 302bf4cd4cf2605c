//! Text from outside the page's fields: a dropped file (keys, certificates), or (only when the user clicks for it)
//! the key set a discovery document names.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen_futures::JsFuture;
use web_sys::wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    File, ReadableStreamDefaultReader, RequestCache, RequestCredentials, RequestInit, RequestMode,
    Response,
};

/// Files and responses larger than this are refused (the core's limit on key text).
pub const MAX_BYTES: usize = poolcheck_core::keys::MAX_KEY_TEXT_BYTES;

/// What a failed `fetch` says in every browser: the reason (CORS, DNS, offline) is hidden
/// from the page on purpose, so the message names the likely causes and the way round.
pub const FETCH_BLOCKED: &str = "the browser blocked the request or the server is unreachable: CORS not allowed or offline; download it yourself and paste it";

/// Reads a dropped file as UTF-8 text, refusing it unread when it is too large.
pub async fn read_file(file: &File) -> Result<String, String> {
    let name = file.name();
    let size = file.size();
    if size > MAX_BYTES as f64 {
        return Err(format!("{name} is {size} bytes; the limit is {MAX_BYTES} bytes (1 MiB)"));
    }
    let text =
        JsFuture::from(file.text()).await.map_err(|_| format!("{name} could not be read"))?;
    text.as_string().ok_or_else(|| format!("{name} could not be read as text"))
}

/// GETs `url` without cookies or referrer and returns the body as text, reading at most
/// [`MAX_BYTES`].
pub async fn fetch_text(url: &str) -> Result<String, String> {
    if !url.starts_with("https://") {
        return Err("only https:// addresses are fetched; download it yourself and paste it".into());
    }
    fetch_limited(url, RequestMode::Cors, RequestCache::NoStore).await
}

/// One of the app's own files (the workshop pack), by its path beside the page; the service
/// worker may answer it offline.
pub async fn fetch_app_file(path: &str) -> Result<String, String> {
    fetch_limited(path, RequestMode::SameOrigin, RequestCache::Default).await
}

async fn fetch_limited(
    url: &str,
    mode: RequestMode,
    cache: RequestCache,
) -> Result<String, String> {
    let window = web_sys::window().ok_or("no browser window")?;
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_mode(mode);
    init.set_credentials(RequestCredentials::Omit);
    init.set_cache(cache);
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| FETCH_BLOCKED.to_string())?;
    let response: Response = response.dyn_into().map_err(|_| FETCH_BLOCKED.to_string())?;
    if !response.ok() {
        return Err(format!(
            "the server answered HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let declared = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|length| length.trim().parse::<usize>().ok());
    if let Some(length) = declared.filter(|length| *length > MAX_BYTES) {
        return Err(too_large(length));
    }
    let bytes = match response.body() {
        Some(body) => read_limited(body.get_reader().unchecked_into()).await?,
        None => Vec::new(),
    };
    String::from_utf8(bytes).map_err(|_| "the response is not UTF-8 text".into())
}

/// Reads a body stream chunk by chunk, so a huge (or endless) response is cut off at the limit
/// even when it declares no length.
async fn read_limited(reader: ReadableStreamDefaultReader) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|_| FETCH_BLOCKED.to_string())?;
        let done = Reflect::get(&chunk, &JsValue::from_str("done")).map_err(|_| unreadable())?;
        if done.is_truthy() {
            return Ok(bytes);
        }
        let value = Reflect::get(&chunk, &JsValue::from_str("value")).map_err(|_| unreadable())?;
        let array: Uint8Array = value.dyn_into().map_err(|_| unreadable())?;
        let length = bytes.len().saturating_add(array.length() as usize);
        if length > MAX_BYTES {
            // Stop the download; the promise's outcome no longer matters.
            let _ = reader.cancel();
            return Err(too_large(length));
        }
        bytes.extend_from_slice(&array.to_vec());
    }
}

fn too_large(bytes: usize) -> String {
    format!("the response is over {MAX_BYTES} bytes (1 MiB) ({bytes} bytes or more): not a key set")
}

fn unreadable() -> String {
    "the response body could not be read".into()
}
