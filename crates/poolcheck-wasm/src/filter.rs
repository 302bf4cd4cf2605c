//! A filter compiled once and claims bound once, for callers that evaluate many times (a docs
//! page re-evaluating as its reader types, a test suite of tokens): `filter()` does both on
//! every call.

use poolcheck_core::commands::{self, FilterInput, FilterOptions};
use poolcheck_core::filter::{Bindings, CompiledFilter};
use wasm_bindgen::prelude::{JsValue, wasm_bindgen};

use crate::convert::{optional, output, required, string, thrown};

/// An OAuth pool filter, compiled: `new Filter("claims.aud == 'kafka'")` throws what
/// `filter()` throws for an expression that does not compile.
#[wasm_bindgen]
pub struct Filter {
    inner: CompiledFilter,
}

#[wasm_bindgen]
impl Filter {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string")] expression: JsValue,
    ) -> Result<Filter, JsValue> {
        let expression = string(&expression, "expression")?;
        let inner = commands::compile_filter(&expression).map_err(|error| thrown(&error))?;
        Ok(Filter { inner })
    }

    /// The expression it was compiled from.
    #[wasm_bindgen(getter)]
    pub fn expression(&self) -> String {
        self.inner.source().to_owned()
    }

    /// `true` or `false`; `undefined` when evaluating fails, which counts as no match (the
    /// report says why). Lints are not applied: see `report`.
    pub fn evaluate(&self, claims: &Claims) -> Option<bool> {
        self.inner.evaluate(&claims.inner).as_bool()
    }

    /// What `filter(expression, input, options)` returns for the claims.
    #[wasm_bindgen(unchecked_return_type = "FilterReport")]
    pub fn report(
        &self,
        claims: &Claims,
        #[wasm_bindgen(unchecked_optional_param_type = "FilterOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> Result<JsValue, JsValue> {
        let options: FilterOptions = optional(options.map(Into::into), "options")?;
        output(&self.inner.report(&claims.inner, options.issuer.as_deref()))
    }
}

/// The claims filters read, converted once: `new Claims({ claims })` or `new Claims({ token })`
/// throws what `filter()` throws for that input.
#[wasm_bindgen]
pub struct Claims {
    inner: Bindings,
}

#[wasm_bindgen]
impl Claims {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "FilterInput")] input: JsValue,
    ) -> Result<Claims, JsValue> {
        let input: FilterInput = required(input, "input")?;
        let inner = commands::bind_input(&input).map_err(|error| thrown(&error))?;
        Ok(Claims { inner })
    }
}
