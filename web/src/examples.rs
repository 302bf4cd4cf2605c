//! The example scenarios (examples/scenarios/*.json, signed with the project's own demo
//! keys). index.html copies them beside the page (dist/scenarios/); a click fetches one, so
//! they add nothing to the first download, and the service worker keeps them for offline use.

use poolcheck_core::scenario::Scenario;
use serde_json::Value;
use wasm_bindgen_futures::spawn_local;
use yew::{Callback, MouseEvent};

use crate::load::fetch_app_file;
use crate::state::Action;

pub struct Example {
    /// The button text: the identity provider.
    pub label: &'static str,
    /// The file's name in examples/scenarios/.
    pub file: &'static str,
}

pub const EXAMPLES: &[Example] = &[
    Example { label: "Auth0", file: "auth0.json" },
    Example { label: "Okta", file: "okta.json" },
    Example { label: "Entra ID", file: "entra.json" },
    Example { label: "Keycloak", file: "keycloak.json" },
    Example { label: "Cloudentity", file: "cloudentity.json" },
    Example { label: "Google", file: "google.json" },
];

/// The Certificates view's example (made by scripts/make-mtls-examples.py).
pub const CERTIFICATES: &str = "mtls.json";

/// A button's click handler: fetches the example file and hands `loaded` its text (or why
/// there is none) as an action.
pub fn fetch_on_click(
    file: &'static str,
    ondispatch: &Callback<Action>,
    loaded: fn(Result<String, String>) -> Action,
) -> Callback<MouseEvent> {
    let ondispatch = ondispatch.clone();
    Callback::from(move |_: MouseEvent| {
        let ondispatch = ondispatch.clone();
        spawn_local(async move {
            let fetched = fetch_app_file(&format!("scenarios/{file}")).await;
            ondispatch.emit(loaded(fetched));
        });
    })
}

/// One of the mTLS example's alternative clients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleClient {
    pub name: String,
    /// What the simulation should say about it, shown as the button's description.
    pub expected: String,
    pub pem: String,
}

impl ExampleClient {
    fn read(value: &Value) -> Option<Self> {
        let text = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_owned);
        Some(Self { name: text("name")?, expected: text("expected")?, pem: text("pem")? })
    }
}

/// The mTLS example and the alternative clients it lists under `example_clients`.
pub fn certificates(text: &str) -> Result<(Scenario, Vec<ExampleClient>), String> {
    let scenario = Scenario::parse(text).map_err(|e| format!("the example is broken: {e}"))?;
    let clients = scenario
        .unknown
        .get("example_clients")
        .and_then(Value::as_array)
        .map(|clients| clients.iter().filter_map(ExampleClient::read).collect())
        .unwrap_or_default();
    Ok((scenario, clients))
}

/// An example's text as the tests read it, from the repository.
#[cfg(test)]
pub fn read(file: &str) -> String {
    let path = format!("{}/../examples/scenarios/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}
