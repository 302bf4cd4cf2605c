//! The scenario: one JSON document holding the whole playground state, shared by the CLI,
//! the web app, files and share links.
//!
//! Parsed by hand from a `Value` rather than derived: serde's `flatten` (needed to keep
//! unknown fields) breaks numeric fields under serde_json's `arbitrary_precision`, and a walk
//! gives every error the JSON Pointer of the offending value. Serialization is derived.

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::json::{self, kind, pointer_segment};

mod exercises;

pub use exercises::{
    CaseInput, Exercise, ExerciseCase, ExerciseKind, ExerciseTarget, Expectation, ExpectedFlow,
    ExpectedOutcome, Given, MAX_CASES, MAX_EXERCISES, MAX_SOLUTION_OPERATIONS, Solution,
};

pub const CURRENT_VERSION: u64 = 1;
/// Scenario files larger than this are refused before parsing.
pub const MAX_SCENARIO_BYTES: usize = 8 * 1024 * 1024;
/// More entries than this in any list is not a scenario a person wrote.
pub const MAX_ENTRIES: usize = 10_000;
/// The most pool IDs `identityPoolId` may name; the simulation refuses more (TOO_MANY_POOLS)
/// rather than the parser, so a field edited live stays a scenario.
pub const MAX_REQUESTED_POOLS: usize = 100;

/// Why a scenario cannot be used: `path` is a JSON Pointer ("" for the whole document).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ScenarioError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Scenario {
    pub version: u64,
    /// A short name, shown when the scenario is an example or shared.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub now: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub leeway_seconds: Option<i64>,
    pub token: String,
    pub request: Request,
    pub providers: Vec<Provider>,
    pub pools: Vec<Pool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub certificate_authorities: Vec<CertificateAuthority>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub certificate_pools: Vec<CertificatePool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub client_certificate: Option<String>,
    /// Workshop exercises over this scenario (checked by `commands::exercise`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub exercises: Vec<Exercise>,
    /// Fields this version does not know, kept so a round trip loses nothing.
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

/// The SASL extensions the client sends.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Request {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub logical_cluster: Option<String>,
    /// One pool ID or several separated by commas; `None` means auto pool mapping.
    pub identity_pool_id: Option<String>,
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

impl Request {
    /// The pool IDs the client named, trimmed, empty entries dropped; `None` for auto mapping.
    pub fn named_pools(&self) -> Option<Vec<&str>> {
        let ids = self.identity_pool_id.as_deref()?;
        Some(ids.split(',').map(str::trim).filter(|id| !id.is_empty()).collect())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Provider {
    pub id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub name: String,
    pub issuer: String,
    pub jwks: Keys,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub identity_claim: Option<String>,
    /// A demo private key (a private JWK, or PEM) a workshop scenario may carry so that
    /// tokens can be minted for its pools. Exports and share links leave it out unless the
    /// user asks ([`Scenario::without_signing_keys`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub signing_key: Option<Keys>,
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

/// A provider's keys: a JWKS object, or any text the Keys field accepts (PEM, a JWK…).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(untagged)]
pub enum Keys {
    Json(Value),
    Text(String),
}

impl Default for Keys {
    fn default() -> Self {
        Keys::Text(String::new())
    }
}

impl Keys {
    /// The keys as text for the key parser.
    pub fn to_text(&self) -> String {
        match self {
            Keys::Json(value) => value.to_string(),
            Keys::Text(text) => text.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Pool {
    pub id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub name: String,
    pub provider: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub identity_claim: Option<String>,
    pub filter: String,
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct CertificateAuthority {
    pub id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub name: String,
    pub certificate_chain: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub crl: Option<String>,
    pub require_crl: bool,
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct CertificatePool {
    pub id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub name: String,
    pub certificate_authority: String,
    pub external_identifier: String,
    pub filter: String,
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

impl Scenario {
    /// The scenario describes an mTLS side: authorities, certificate pools or a client.
    pub fn has_certificates(&self) -> bool {
        !self.certificate_authorities.is_empty()
            || !self.certificate_pools.is_empty()
            || self.client_certificate.as_deref().is_some_and(|pem| !pem.trim().is_empty())
    }

    /// Parses a scenario document.
    pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
        if text.len() > MAX_SCENARIO_BYTES {
            return Err(error(
                "",
                format!("the scenario is {} bytes; the limit is {MAX_SCENARIO_BYTES}", text.len()),
            ));
        }
        let parsed =
            json::parse(text.as_bytes()).map_err(|e| error("", format!("not JSON: {e}")))?;
        if let Some(pointer) = parsed.duplicate_members.first() {
            return Err(error(pointer, "this member appears more than once"));
        }
        Self::from_value(&parsed.value)
    }

    /// Reads a scenario from an already-parsed document.
    pub fn from_value(value: &Value) -> Result<Scenario, ScenarioError> {
        let mut object = Fields::of(value, String::new())?;
        let version = object.take("version", |v, path| {
            v.as_u64()
                .ok_or_else(|| error(path, format!("expected a whole number, found {}", kind(v))))
        })?;
        let version = match version {
            Some(CURRENT_VERSION) => CURRENT_VERSION,
            Some(other) => {
                return Err(error(
                    "/version",
                    format!(
                        "version {other} is not supported; this poolcheck reads version {CURRENT_VERSION}"
                    ),
                ));
            }
            None => {
                return Err(error("/version", "missing: a scenario starts with \"version\": 1"));
            }
        };
        let scenario = Scenario {
            version,
            title: object.take("title", string)?,
            description: object.take("description", string)?,
            now: object.take("now", integer)?,
            leeway_seconds: object.take("leeway_seconds", integer)?,
            token: object.take("token", string)?.unwrap_or_default(),
            request: object.take("request", request)?.unwrap_or_default(),
            providers: object.take("providers", |v, p| list(v, p, provider))?.unwrap_or_default(),
            pools: object.take("pools", |v, p| list(v, p, pool))?.unwrap_or_default(),
            certificate_authorities: object
                .take("certificate_authorities", |v, p| list(v, p, certificate_authority))?
                .unwrap_or_default(),
            certificate_pools: object
                .take("certificate_pools", |v, p| list(v, p, certificate_pool))?
                .unwrap_or_default(),
            client_certificate: object.take("client_certificate", string)?,
            exercises: object.take("exercises", exercises::exercises)?.unwrap_or_default(),
            unknown: object.rest(),
        };
        if let Some(leeway) = scenario.leeway_seconds.filter(|leeway| *leeway < 0) {
            return Err(error("/leeway_seconds", format!("{leeway} is negative")));
        }
        Ok(scenario)
    }

    /// Reads an `exercises` list on its own, with the checks a scenario file's gets; errors
    /// name `/exercises/…` pointers.
    pub fn exercises_from_value(value: &Value) -> Result<Vec<Exercise>, ScenarioError> {
        exercises::exercises(value, "/exercises")
    }

    /// The scenario as pretty JSON, unknown fields included.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// How many providers carry a private signing key.
    pub fn signing_key_count(&self) -> usize {
        self.providers.iter().filter(|p| p.signing_key.is_some()).count()
    }

    /// The scenario without the providers' private signing keys: what exports and share
    /// links hold unless the user asks for the keys.
    pub fn without_signing_keys(mut self) -> Self {
        for provider in &mut self.providers {
            provider.signing_key = None;
        }
        self
    }
}

fn error(path: &str, message: impl Into<String>) -> ScenarioError {
    ScenarioError { path: path.to_owned(), message: message.into() }
}

/// An object being read: known members are taken out, what remains is kept as unknown.
struct Fields<'a> {
    members: &'a Map<String, Value>,
    /// Names read so far; the rest are kept as unknown. Borrowing the members instead of
    /// cloning the object and removing each one keeps a 1,000-pool document from being
    /// copied once per level.
    taken: Vec<&'a str>,
    path: String,
}

impl<'a> Fields<'a> {
    fn of(value: &'a Value, path: String) -> Result<Fields<'a>, ScenarioError> {
        match value {
            Value::Object(members) => Ok(Fields { members, taken: Vec::new(), path }),
            other => Err(error(&path, format!("expected an object, found {}", kind(other)))),
        }
    }

    /// Takes a member; absent and `null` both read as `None`.
    fn take<T>(
        &mut self,
        name: &str,
        read: impl FnOnce(&Value, &str) -> Result<T, ScenarioError>,
    ) -> Result<Option<T>, ScenarioError> {
        let Some((key, value)) = self.members.get_key_value(name) else { return Ok(None) };
        self.taken.push(key);
        match value {
            Value::Null => Ok(None),
            value => read(value, &self.member_path(name)).map(Some),
        }
    }

    fn required<T>(
        &mut self,
        name: &str,
        read: impl FnOnce(&Value, &str) -> Result<T, ScenarioError>,
    ) -> Result<T, ScenarioError> {
        self.take(name, read)?.ok_or_else(|| error(&self.member_path(name), "missing"))
    }

    fn member_path(&self, name: &str) -> String {
        format!("{}/{}", self.path, pointer_segment(name))
    }

    fn rest(self) -> Map<String, Value> {
        self.members
            .iter()
            .filter(|(name, _)| !self.taken.contains(&name.as_str()))
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect()
    }
}

fn string(value: &Value, path: &str) -> Result<String, ScenarioError> {
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| error(path, format!("expected a string, found {}", kind(value))))
}

fn integer(value: &Value, path: &str) -> Result<i64, ScenarioError> {
    value
        .as_i64()
        .ok_or_else(|| error(path, format!("expected a whole number of seconds, found {value}")))
}

fn boolean(value: &Value, path: &str) -> Result<bool, ScenarioError> {
    value
        .as_bool()
        .ok_or_else(|| error(path, format!("expected true or false, found {}", kind(value))))
}

fn list<T>(
    value: &Value,
    path: &str,
    read: impl Fn(&Value, &str) -> Result<T, ScenarioError>,
) -> Result<Vec<T>, ScenarioError> {
    let items = value
        .as_array()
        .ok_or_else(|| error(path, format!("expected a list, found {}", kind(value))))?;
    if items.len() > MAX_ENTRIES {
        return Err(error(path, format!("{} entries; the limit is {MAX_ENTRIES}", items.len())));
    }
    items.iter().enumerate().map(|(index, item)| read(item, &format!("{path}/{index}"))).collect()
}

fn request(value: &Value, path: &str) -> Result<Request, ScenarioError> {
    let mut fields = Fields::of(value, path.to_owned())?;
    Ok(Request {
        logical_cluster: fields.take("logical_cluster", string)?,
        identity_pool_id: fields.take("identity_pool_id", string)?,
        unknown: fields.rest(),
    })
}

fn provider(value: &Value, path: &str) -> Result<Provider, ScenarioError> {
    let mut fields = Fields::of(value, path.to_owned())?;
    Ok(Provider {
        id: fields.required("id", string)?,
        name: fields.take("name", string)?.unwrap_or_default(),
        issuer: fields.required("issuer", string)?,
        jwks: fields.take("jwks", keys)?.unwrap_or_default(),
        identity_claim: fields.take("identity_claim", string)?,
        signing_key: fields.take("signing_key", keys)?,
        unknown: fields.rest(),
    })
}

fn keys(value: &Value, path: &str) -> Result<Keys, ScenarioError> {
    match value {
        Value::Object(_) => Ok(Keys::Json(value.clone())),
        Value::String(text) => Ok(Keys::Text(text.clone())),
        other => {
            Err(error(path, format!("expected a JWKS object or key text, found {}", kind(other))))
        }
    }
}

fn pool(value: &Value, path: &str) -> Result<Pool, ScenarioError> {
    let mut fields = Fields::of(value, path.to_owned())?;
    Ok(Pool {
        id: fields.required("id", string)?,
        name: fields.take("name", string)?.unwrap_or_default(),
        provider: fields.required("provider", string)?,
        identity_claim: fields.take("identity_claim", string)?,
        filter: fields.take("filter", string)?.unwrap_or_default(),
        unknown: fields.rest(),
    })
}

fn certificate_authority(value: &Value, path: &str) -> Result<CertificateAuthority, ScenarioError> {
    let mut fields = Fields::of(value, path.to_owned())?;
    Ok(CertificateAuthority {
        id: fields.required("id", string)?,
        name: fields.take("name", string)?.unwrap_or_default(),
        certificate_chain: fields.required("certificate_chain", string)?,
        crl: fields.take("crl", string)?,
        require_crl: fields.take("require_crl", boolean)?.unwrap_or(false),
        unknown: fields.rest(),
    })
}

fn certificate_pool(value: &Value, path: &str) -> Result<CertificatePool, ScenarioError> {
    let mut fields = Fields::of(value, path.to_owned())?;
    Ok(CertificatePool {
        id: fields.required("id", string)?,
        name: fields.take("name", string)?.unwrap_or_default(),
        certificate_authority: fields.required("certificate_authority", string)?,
        external_identifier: fields
            .take("external_identifier", string)?
            .unwrap_or_else(|| "CN".to_owned()),
        filter: fields.take("filter", string)?.unwrap_or_default(),
        unknown: fields.rest(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const FULL: &str = r#"{
        "version": 1,
        "now": 1767225600,
        "leeway_seconds": 30,
        "token": "eyJ.eyJ.sig",
        "request": {"logical_cluster": "lkc-1", "identity_pool_id": "pool-a, pool-b,", "future": [1.50]},
        "providers": [{"id": "op-1", "name": "Auth0", "issuer": "https://x/", "jwks": {"keys": []}, "identity_claim": "claims.sub", "color": "blue"}],
        "pools": [{"id": "pool-a", "provider": "op-1", "filter": "claims.aud == 'kafka'", "rbac": {"n": 12345678901234567890123}}],
        "certificate_authorities": [{"id": "op-ca", "certificate_chain": "-----BEGIN CERTIFICATE-----", "require_crl": true}],
        "certificate_pools": [{"id": "pool-c", "certificate_authority": "op-ca", "filter": "CN == 'x'"}],
        "client_certificate": "PEM",
        "added_in_v2": {"x": null}
    }"#;

    fn full() -> Value {
        json::parse(FULL.as_bytes()).unwrap().value
    }

    #[test]
    fn round_trips_known_and_unknown_fields() {
        let scenario = Scenario::parse(FULL).unwrap();
        assert_eq!(scenario.request.named_pools(), Some(vec!["pool-a", "pool-b"]));
        assert_eq!(scenario.providers[0].jwks, Keys::Json(json!({"keys": []})));
        assert_eq!(scenario.certificate_pools[0].external_identifier, "CN");
        assert_eq!(scenario.unknown["added_in_v2"], json!({"x": null}));
        let again: Value = serde_json::from_str(&scenario.to_json()).unwrap();
        let mut expected = full();
        expected["certificate_pools"][0]["external_identifier"] = json!("CN");
        assert_eq!(again, expected);
        assert!(scenario.to_json().contains("12345678901234567890123"));
    }

    #[test]
    fn unknown_members_keep_their_order_and_null_known_ones_are_dropped() {
        let scenario = Scenario::parse(
            r#"{"z": 1, "version": 1, "title": null, "a": 2,
                "pools": [{"zz": 1, "id": "p", "name": null, "provider": "o", "aa": [2]}]}"#,
        )
        .unwrap();
        assert_eq!(scenario.unknown.keys().collect::<Vec<_>>(), ["z", "a"]);
        assert_eq!(scenario.title, None);
        assert_eq!(scenario.pools[0].unknown.keys().collect::<Vec<_>>(), ["zz", "aa"]);
        assert_eq!(scenario.pools[0].unknown["aa"], json!([2]));
    }

    #[test]
    fn signing_keys_round_trip_and_can_be_left_out() {
        let text = r#"{"version": 1, "providers": [
            {"id": "op-1", "issuer": "https://x/", "signing_key": {"kty": "oct", "k": "c2VjcmV0"}},
            {"id": "op-2", "issuer": "https://y/", "signing_key": "-----BEGIN PRIVATE KEY-----"},
            {"id": "op-3", "issuer": "https://z/"}]}"#;
        let scenario = Scenario::parse(text).unwrap();
        assert_eq!(scenario.signing_key_count(), 2);
        assert_eq!(
            scenario.providers[0].signing_key,
            Some(Keys::Json(json!({"kty": "oct", "k": "c2VjcmV0"})))
        );
        let again = Scenario::parse(&scenario.to_json()).unwrap();
        assert_eq!(again, scenario);
        let without = scenario.without_signing_keys();
        assert_eq!(without.signing_key_count(), 0);
        assert!(!without.to_json().contains("signing_key"));
        let bad = Scenario::parse(
            r#"{"version": 1, "providers": [{"id": "a", "issuer": "b", "signing_key": 7}]}"#,
        );
        assert_eq!(bad.unwrap_err().path, "/providers/0/signing_key");
    }

    #[test]
    fn minimal_scenario_means_auto_pool_mapping() {
        let scenario = Scenario::parse(r#"{"version":1}"#).unwrap();
        assert_eq!(scenario.request.named_pools(), None);
        assert!(scenario.providers.is_empty());
        let scenario =
            Scenario::parse(r#"{"version":1,"request":{"identity_pool_id":null}}"#).unwrap();
        assert_eq!(scenario.request.named_pools(), None);
    }

    #[test]
    fn errors_carry_the_json_pointer() {
        let cases = [
            (
                json!({"version": 1, "pools": [{"id": "a", "provider": "p"}, {"id": "b", "provider": "p", "filter": 5}]}),
                "/pools/1/filter: expected a string, found a number",
            ),
            (
                json!({"version": 1, "providers": [{"id": "op", "jwks": {}}]}),
                "/providers/0/issuer: missing",
            ),
            (
                json!({"version": 2}),
                "/version: version 2 is not supported; this poolcheck reads version 1",
            ),
            (json!({"now": 5}), "/version: missing: a scenario starts with \"version\": 1"),
            (
                json!({"version": 1, "now": "today"}),
                "/now: expected a whole number of seconds, found \"today\"",
            ),
            (json!({"version": 1, "leeway_seconds": -5}), "/leeway_seconds: -5 is negative"),
            (
                json!({"version": 1, "providers": {}}),
                "/providers: expected a list, found an object",
            ),
            (
                json!({"version": 1, "providers": [{"id": "op", "issuer": "i", "jwks": 3}]}),
                "/providers/0/jwks: expected a JWKS object or key text, found a number",
            ),
            (json!([1]), "expected an object, found a list"),
        ];
        for (document, expected) in cases {
            assert_eq!(Scenario::parse(&document.to_string()).unwrap_err().to_string(), expected);
        }
        assert_eq!(Scenario::parse(r#"{"version":1,"version":1}"#).unwrap_err().path, "/version");
        assert!(
            Scenario::parse("{").unwrap_err().message.starts_with("not JSON: EOF while parsing")
        );
    }
}
