//! Values across the boundary. Reports leave as JSON text parsed by `JSON.parse`, so a caller
//! gets exactly the CLI's `--json` document (serde_json's `arbitrary_precision` numbers have no
//! other faithful form); inputs arrive as plain JavaScript values read with
//! serde-wasm-bindgen. Every failure becomes a thrown `Error` with a `code`.

use poolcheck_core::commands::{CommandError, CommandErrorCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// The `Error` a caller catches: the CLI's message, and `code` (plus `hint` and `excerpt`
/// when the core gives them) as properties.
pub fn thrown(error: &CommandError) -> JsValue {
    let thrown = js_sys::Error::new(&error.message);
    let code = serde_json::to_value(error.code)
        .ok()
        .and_then(|code| code.as_str().map(str::to_owned))
        .unwrap_or_default();
    let properties =
        [("code", Some(code)), ("hint", error.hint.clone()), ("excerpt", error.excerpt.clone())];
    for (name, value) in properties {
        if let Some(value) = value {
            // Setting a property on a fresh Error cannot fail; if it did, the message remains.
            let _ =
                js_sys::Reflect::set(&thrown, &JsValue::from_str(name), &JsValue::from_str(&value));
        }
    }
    thrown.into()
}

fn invalid(message: String) -> JsValue {
    thrown(&CommandError::new(CommandErrorCode::InvalidArgument, message))
}

/// A report as the plain object `JSON.parse` makes of the CLI's `--json` output.
pub fn output(report: &impl Serialize) -> Result<JsValue, JsValue> {
    let failed = |detail: String| {
        thrown(&CommandError::new(
            CommandErrorCode::SerializationFailed,
            format!("cannot write JSON: {detail}"),
        ))
    };
    let text = serde_json::to_string(report).map_err(|error| failed(error.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|error| failed(format!("{error:?}")))
}

/// A required string argument.
pub fn string(value: &JsValue, name: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| invalid(format!("{name}: expected a string")))
}

/// An optional argument (absent, `undefined` or `null` give the default) of a serde type.
pub fn optional<T: DeserializeOwned + Default>(
    value: Option<JsValue>,
    name: &str,
) -> Result<T, JsValue> {
    match value {
        Some(value) if !value.is_undefined() && !value.is_null() => required(value, name),
        _ => Ok(T::default()),
    }
}

/// A required argument of a serde type.
pub fn required<T: DeserializeOwned>(value: JsValue, name: &str) -> Result<T, JsValue> {
    serde_wasm_bindgen::from_value(value).map_err(|error| invalid(format!("{name}: {error}")))
}

/// The current time in unix seconds: core reads no clock, and `SystemTime::now` panics on
/// wasm32-unknown-unknown.
pub fn clock() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}
