//! The example scenarios (examples/scenarios/*.json, signed with the project's own demo
//! keys), built into the app so one click loads them without any request.

use poolcheck_core::scenario::Scenario;
use serde_json::Value;

pub struct Example {
    /// The button text: the identity provider.
    pub label: &'static str,
    pub json: &'static str,
}

pub const EXAMPLES: &[Example] = &[
    Example { label: "Auth0", json: include_str!("../../examples/scenarios/auth0.json") },
    Example { label: "Okta", json: include_str!("../../examples/scenarios/okta.json") },
    Example { label: "Entra ID", json: include_str!("../../examples/scenarios/entra.json") },
    Example { label: "Keycloak", json: include_str!("../../examples/scenarios/keycloak.json") },
    Example {
        label: "Cloudentity",
        json: include_str!("../../examples/scenarios/cloudentity.json"),
    },
    Example { label: "Google", json: include_str!("../../examples/scenarios/google.json") },
];

/// The Certificates view's example (made by scripts/make-mtls-examples.py).
const CERTIFICATES: &str = include_str!("../../examples/scenarios/mtls.json");

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
pub fn certificates() -> Result<(Scenario, Vec<ExampleClient>), String> {
    let scenario =
        Scenario::parse(CERTIFICATES).map_err(|e| format!("the example is broken: {e}"))?;
    let clients = scenario
        .unknown
        .get("example_clients")
        .and_then(Value::as_array)
        .map(|clients| clients.iter().filter_map(ExampleClient::read).collect())
        .unwrap_or_default();
    Ok((scenario, clients))
}
