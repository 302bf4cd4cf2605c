//! poolcheck's JavaScript API: the core's commands and its `Workspace`, for Node and browsers.
//! Each function returns exactly what the CLI's `--json` prints for the same input (the same
//! core function, serialized by the same serde_json) and throws the CLI's input errors as an
//! `Error` with a `code`. TypeScript types come from `poolcheck-types.d.ts`, generated from the
//! core's Rust types by `tests/typescript.rs`. With the `builder` feature (the package in
//! dist/pkg) it also generates keys and signs tokens.

#[cfg(feature = "builder")]
mod builder;
mod commands;
mod convert;
mod filter;
mod workspace;

#[cfg(feature = "builder")]
pub use builder::{import_key, keygen, sign};
pub use commands::{
    decode, exercise, export_config, filter, import_config, inspect_certificate, simulate, verify,
};
pub use filter::{Claims, Filter};
pub use workspace::Workspace;

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("../poolcheck-types.d.ts");
