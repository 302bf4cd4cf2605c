//! The commands, one function each, named and shaped as in the README's JavaScript API.

use poolcheck_core::commands::{
    self, CertificateOptions, CommandError, CommandErrorCode, ExerciseOptions, ExportOptions,
    FilterInput, FilterOptions, ImportOptions, ImportReport, SimulateOptions, TokenOptions,
    VerifyOptions,
};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::{JsValue, wasm_bindgen};

use crate::convert::{clock, optional, output, required, string, thrown};

/// What `poolcheck decode --json` prints.
#[wasm_bindgen(unchecked_return_type = "TokenReport")]
pub fn decode(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TokenOptions")] options: Option<js_sys::Object>,
) -> Result<JsValue, JsValue> {
    let options: TokenOptions = optional(options.map(Into::into), "options")?;
    let report =
        commands::decode(&string(&token, "token")?, &options, clock()).map_err(|e| thrown(&e))?;
    output(&report)
}

/// What `poolcheck verify --json` prints; `keys` is key text (JWKS, JWK, PEM) or, with
/// `options.key_kind`, an HMAC secret.
#[wasm_bindgen(unchecked_return_type = "VerifyOutput")]
pub fn verify(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] keys: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "VerifyOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<JsValue, JsValue> {
    let options: VerifyOptions = optional(options.map(Into::into), "options")?;
    let token = string(&token, "token")?;
    let report =
        commands::verify(&token, &string(&keys, "keys")?, &options).map_err(|e| thrown(&e))?;
    output(&report)
}

/// What `poolcheck filter --json` prints, for `{ claims }` or `{ token }`.
#[wasm_bindgen(unchecked_return_type = "FilterReport")]
pub fn filter(
    #[wasm_bindgen(unchecked_param_type = "string")] expression: JsValue,
    #[wasm_bindgen(unchecked_param_type = "FilterInput")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FilterOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<JsValue, JsValue> {
    let expression = string(&expression, "expression")?;
    let input: FilterInput = required(input, "input")?;
    let options: FilterOptions = optional(options.map(Into::into), "options")?;
    let report = commands::filter(&expression, &input, &options).map_err(|e| thrown(&e))?;
    output(&report)
}

/// What `poolcheck simulate --json` prints, for a scenario object or its JSON text.
#[wasm_bindgen(unchecked_return_type = "SimulationReport")]
pub fn simulate(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SimulateOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<JsValue, JsValue> {
    let options: SimulateOptions = optional(options.map(Into::into), "options")?;
    let scenario = crate::workspace::read_scenario(scenario, &options)?;
    output(&commands::simulate(&scenario, clock()))
}

/// What `poolcheck exercise --json` prints: the scenario's exercises checked (one, with
/// `options.exercise`; with `options.filter` as the learner's answer to it).
#[wasm_bindgen(unchecked_return_type = "ExerciseReport")]
pub fn exercise(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ExerciseOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<JsValue, JsValue> {
    let options: ExerciseOptions = optional(options.map(Into::into), "options")?;
    let scenario = crate::workspace::read_scenario(scenario, &SimulateOptions::default())?;
    let report = commands::check_exercises(&scenario, &options, clock()).map_err(|e| thrown(&e))?;
    output(&report)
}

/// What `poolcheck import --json` prints: Confluent CLI JSON, a REST API response or
/// `terraform show -json` merged into `into` (a scenario; a new one when absent).
#[wasm_bindgen(js_name = importConfig, unchecked_return_type = "ImportReport")]
pub fn import_config(
    text: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "ImportOptions")] options: Option<
        js_sys::Object,
    >,
    #[wasm_bindgen(unchecked_optional_param_type = "Scenario | string")] into: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    output(&import_report(text, options, into)?)
}

/// `importConfig`'s report as JSON text, with numbers exactly as the scenario wrote them
/// (`JSON.parse` would round integers past 2^53): what the app's worker hands back.
#[wasm_bindgen(js_name = importConfigText)]
pub fn import_config_text(
    text: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "ImportOptions")] options: Option<
        js_sys::Object,
    >,
    #[wasm_bindgen(unchecked_optional_param_type = "Scenario | string")] into: Option<JsValue>,
) -> Result<String, JsValue> {
    let report = import_report(text, options, into)?;
    serde_json::to_string(&report).map_err(|error| {
        thrown(&CommandError::new(CommandErrorCode::SerializationFailed, error.to_string()))
    })
}

fn import_report(
    text: &str,
    options: Option<js_sys::Object>,
    into: Option<JsValue>,
) -> Result<ImportReport, JsValue> {
    let options: ImportOptions = optional(options.map(Into::into), "options")?;
    let into = match into.filter(|into| !into.is_undefined() && !into.is_null()) {
        Some(into) => Some(crate::workspace::read_scenario(into, &SimulateOptions::default())?),
        None => None,
    };
    commands::import_config(text, &options, into).map_err(|e| thrown(&e))
}

/// What `poolcheck export` prints: Confluent CLI commands, Terraform or client settings.
#[wasm_bindgen(js_name = exportConfig)]
pub fn export_config(
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ExportOptions")] options: JsValue,
) -> Result<String, JsValue> {
    let options: ExportOptions = required(options, "options")?;
    let scenario = crate::workspace::read_scenario(scenario, &SimulateOptions::default())?;
    commands::export_config(&scenario, &options).map_err(|e| thrown(&e))
}

/// What `poolcheck cert inspect --json` prints, for PEM text or DER bytes.
#[wasm_bindgen(js_name = inspectCertificate, unchecked_return_type = "InspectReport")]
pub fn inspect_certificate(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] pem: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CertificateOptions")] options: Option<
        js_sys::Object,
    >,
) -> Result<JsValue, JsValue> {
    let options: CertificateOptions = optional(options.map(Into::into), "options")?;
    let bytes = match pem.as_string() {
        Some(text) => text.into_bytes(),
        None if pem.is_instance_of::<js_sys::Uint8Array>() => {
            js_sys::Uint8Array::new(&pem).to_vec()
        }
        None => {
            return Err(thrown(&commands::CommandError::new(
                commands::CommandErrorCode::InvalidArgument,
                "pem: expected a string or a Uint8Array",
            )));
        }
    };
    let report = commands::inspect_certificates(&bytes, "the input", &options, clock())
        .map_err(|e| thrown(&e))?;
    output(&report)
}
