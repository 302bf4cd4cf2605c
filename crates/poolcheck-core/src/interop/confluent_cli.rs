//! The Confluent CLI's `-o json`: `confluent iam provider|pool|certificate-authority|
//! certificate-pool list|describe` print an object (describe) or a list of objects (list)
//! with the members of the CLI's output structs (`identityProviderOut`, `poolOut`,
//! `certificateAuthorityOut`, `certificatePoolOut` in internal/iam/). Pools do not name their
//! provider: the list command takes it as `--provider`, and so does the import.

use serde_json::{Map, Value};

use super::record::{Found, Kind, Rule, read, shared_rule};

/// The kind of a CLI object, from the members only that kind prints.
pub(super) fn kind_of(object: &Map<String, Value>) -> Option<Kind> {
    let has = |name: &str| object.contains_key(name);
    if !has("id") {
        return None;
    }
    if has("issuer_uri") || has("jwks_uri") {
        Some(Kind::Provider)
    } else if has("certificate_chain_filename")
        || has("fingerprints")
        || has("require_crl_on_client_certificate")
    {
        Some(Kind::Authority)
    } else if has("external_identifier") {
        Some(Kind::CertificatePool)
    } else if has("identity_claim") || has("filter") {
        Some(Kind::Pool)
    } else {
        None
    }
}

/// Whether the document looks like CLI output: an object or a non-empty list whose first
/// item is a CLI object.
pub(super) fn recognizes(value: &Value) -> bool {
    match value {
        Value::Object(object) => kind_of(object).is_some(),
        Value::Array(items) => items.first().and_then(Value::as_object).and_then(kind_of).is_some(),
        _ => false,
    }
}

pub(super) fn read_document(value: &Value) -> Found {
    let mut found = Found::default();
    let items: Vec<(String, &Value)> = match value {
        Value::Array(items) => {
            items.iter().enumerate().map(|(index, item)| (format!("/{index}"), item)).collect()
        }
        other => vec![(String::new(), other)],
    };
    for (path, item) in items {
        match item.as_object().map(|object| (object, kind_of(object))) {
            Some((object, Some(kind))) => {
                let record = read(kind, object, &path, |name| rule(kind, name), &mut found);
                found.records.push(record);
            }
            _ => found.ignore(
                if path.is_empty() { "/".to_owned() } else { path },
                "not an identity provider, pool, certificate authority or certificate pool as the Confluent CLI prints them",
            ),
        }
    }
    found
}

fn rule(kind: Kind, name: &str) -> Option<Rule> {
    match (kind, name) {
        (_, "name") => Some(Rule::Text("name")),
        (Kind::Provider, "issuer_uri") => Some(Rule::Text("issuer")),
        _ => shared_rule(kind, name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn objects_are_told_apart_by_their_members() {
        let kind = |value: Value| kind_of(value.as_object().unwrap());
        assert_eq!(kind(json!({"id": "op-1", "issuer_uri": "x"})), Some(Kind::Provider));
        assert_eq!(kind(json!({"id": "pool-1", "filter": "true"})), Some(Kind::Pool));
        assert_eq!(
            kind(json!({"id": "pool-1", "filter": "true", "external_identifier": "CN"})),
            Some(Kind::CertificatePool)
        );
        assert_eq!(
            kind(json!({"id": "op-1", "certificate_chain_filename": "c.pem"})),
            Some(Kind::Authority)
        );
        assert_eq!(kind(json!({"id": "lkc-1", "name": "x"})), None);
        assert_eq!(kind(json!({"issuer_uri": "x"})), None);
        assert!(!recognizes(&json!([])));
    }
}
