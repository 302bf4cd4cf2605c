//! The builder's commands (`keygen`, `importKey`, `sign`), only in a build with the `builder`
//! feature (the JavaScript API package in dist/pkg has it). Randomness comes from the OS RNG,
//! which in browsers and Node is `crypto.getRandomValues` (getrandom's JS backend).

use poolcheck_core::commands::{self, ImportKeyOptions, KeygenOptions, SignOptions};
use rand_core::OsRng;
use wasm_bindgen::prelude::{JsValue, wasm_bindgen};

use crate::convert::{clock, optional, output, required, string, thrown};

/// What `poolcheck keygen --json` prints: a fresh key for `options.alg` in every form.
#[wasm_bindgen(unchecked_return_type = "KeygenOutput")]
pub fn keygen(
    #[wasm_bindgen(unchecked_param_type = "KeygenOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let options: KeygenOptions = required(options, "options")?;
    let key = commands::keygen(&options, &mut OsRng).map_err(|e| thrown(&e))?;
    output(&key)
}

/// The forms `keygen` gives, of a private key the caller brings (PEM, private JWK, JWKS).
#[wasm_bindgen(js_name = importKey, unchecked_return_type = "KeygenOutput")]
pub fn import_key(
    #[wasm_bindgen(unchecked_param_type = "string")] key: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ImportKeyOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<JsValue, JsValue> {
    let options: ImportKeyOptions = optional(options.map(Into::into), "options")?;
    let key = commands::import_key(&string(&key, "key")?, &options).map_err(|e| thrown(&e))?;
    output(&key)
}

/// What `poolcheck sign --json` prints: the token, its header and its claims.
#[wasm_bindgen(unchecked_return_type = "SignOutput")]
pub fn sign(
    #[wasm_bindgen(unchecked_param_type = "SignOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let options: SignOptions = required(options, "options")?;
    let signed = commands::sign(&options, clock(), &mut OsRng).map_err(|e| thrown(&e))?;
    output(&signed)
}
