//! The example scenarios (examples/scenarios/*.json, signed with the project's own demo
//! keys), built into the app so one click loads them without any request.

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
