//! Confluent Cloud REST API (IAM v2) responses: objects with `api_version: "iam/v2"`, `kind`
//! and `metadata`, and `…List` pages holding them in `data`. A pool names its parent only in
//! `metadata.self` (`…/identity-providers/op-…/identity-pools/pool-…`) or
//! `metadata.resource_name` (`crn://…/identity-provider=op-…/identity-pool=pool-…`).

use serde_json::Value;

use super::record::{
    COMPUTED_PRINCIPAL, COMPUTED_STATE, Found, Kind, Rule, api_rule, member, read,
};

fn kind_named(name: &str) -> Option<Kind> {
    match name {
        "IdentityProvider" => Some(Kind::Provider),
        "IdentityPool" => Some(Kind::Pool),
        "CertificateAuthority" => Some(Kind::Authority),
        "CertificateIdentityPool" => Some(Kind::CertificatePool),
        _ => None,
    }
}

pub(super) fn recognizes(value: &Value) -> bool {
    let Some(object) = value.as_object() else { return false };
    let Some(kind) = object.get("kind").and_then(Value::as_str) else { return false };
    object.contains_key("api_version") || (kind.ends_with("List") && object.contains_key("data"))
}

pub(super) fn read_document(value: &Value) -> Found {
    let mut found = Found::default();
    let Some(object) = value.as_object() else { return found };
    match object.get("data") {
        Some(Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                read_object(item, &format!("/data/{index}"), &mut found);
            }
        }
        _ => read_object(value, "", &mut found),
    }
    found
}

fn read_object(value: &Value, path: &str, found: &mut Found) {
    let shown = if path.is_empty() { "/" } else { path };
    let Some(object) = value.as_object() else {
        found.ignore(shown, "not an object");
        return;
    };
    let name = object.get("kind").and_then(Value::as_str).unwrap_or_default();
    let Some(kind) = kind_named(name) else {
        found.ignore(
            shown,
            format!(
                "kind {name:?} is not IdentityProvider, IdentityPool, CertificateAuthority or CertificateIdentityPool"
            ),
        );
        return;
    };
    let mut record = read(kind, object, path, |member| rule(kind, member), found);
    if let Some(parent_kind) = parent_segment(kind) {
        record.parent = object.get("metadata").and_then(|metadata| parent(metadata, parent_kind));
        if record.parent.is_none() {
            found.ignore(
                member("metadata", path),
                format!(
                    "names no {}",
                    if kind == Kind::Pool { "provider" } else { "certificate authority" }
                ),
            );
        }
    }
    found.records.push(record);
}

/// The path segment and CRN key of a pool's parent.
fn parent_segment(kind: Kind) -> Option<(&'static str, &'static str)> {
    match kind {
        Kind::Pool => Some(("identity-providers", "identity-provider")),
        Kind::CertificatePool => Some(("certificate-authorities", "certificate-authority")),
        Kind::Provider | Kind::Authority => None,
    }
}

fn parent(metadata: &Value, (segment, crn_key): (&str, &str)) -> Option<String> {
    let from_self = metadata.get("self").and_then(Value::as_str).and_then(|url| {
        let mut parts = url.split('/');
        parts.find(|part| *part == segment)?;
        parts.next().filter(|id| !id.is_empty()).map(str::to_owned)
    });
    let from_crn = || {
        let crn = metadata.get("resource_name").and_then(Value::as_str)?;
        crn.split('/')
            .find_map(|part| part.strip_prefix(crn_key)?.strip_prefix('=').map(str::to_owned))
    };
    from_self.or_else(from_crn)
}

fn rule(kind: Kind, name: &str) -> Option<Rule> {
    match (kind, name) {
        (_, "api_version" | "kind" | "metadata") => Some(Rule::Consumed),
        (_, "state") => Some(Rule::NotModelled(COMPUTED_STATE)),
        (Kind::Provider, "keys") => Some(Rule::KeyList),
        (Kind::Pool, "principal") => Some(Rule::NotModelled(COMPUTED_PRINCIPAL)),
        _ => api_rule(kind, name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_pool_names_its_parent_in_self_or_in_its_crn() {
        let pools = ("identity-providers", "identity-provider");
        let by_self = json!({"self": "https://api.confluent.cloud/iam/v2/identity-providers/op-4EY/identity-pools/pool-1"});
        assert_eq!(parent(&by_self, pools).as_deref(), Some("op-4EY"));
        let by_crn = json!({"self": "", "resource_name": "crn://confluent.cloud/organization=1/identity-provider=op-9/identity-pool=pool-1"});
        assert_eq!(parent(&by_crn, pools).as_deref(), Some("op-9"));
        let neither = json!({"self": "https://api.confluent.cloud/iam/v2/certificate-identity-pools/pool-def456"});
        assert_eq!(parent(&neither, ("certificate-authorities", "certificate-authority")), None);
    }
}
