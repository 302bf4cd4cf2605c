//! `terraform show -json`: a state (`values`) or a plan (`planned_values`, with the
//! `configuration` that says which resource refers to which). Resources of the Confluent
//! provider's types `confluent_identity_provider`, `confluent_identity_pool`,
//! `confluent_certificate_authority` and `confluent_certificate_pool` (managed or data) are
//! read from the root module and its child modules; a pool's `identity_provider { id }` (or
//! `certificate_authority { id }`) is its parent. In a plan, a resource not yet created has no
//! id: its address (`confluent_identity_provider.okta`) stands for it, and its pools' parent
//! is found through the root module configuration's references.

use serde_json::{Map, Value};

use super::record::{Found, Kind, Record, Rule, api_rule, member, read};

pub(super) fn recognizes(value: &Value) -> bool {
    value.get("format_version").is_some()
        && (value.get("values").is_some() || value.get("planned_values").is_some())
}

fn kind_of(resource_type: &str) -> Option<Kind> {
    match resource_type {
        "confluent_identity_provider" => Some(Kind::Provider),
        "confluent_identity_pool" => Some(Kind::Pool),
        "confluent_certificate_authority" => Some(Kind::Authority),
        "confluent_certificate_pool" => Some(Kind::CertificatePool),
        _ => None,
    }
}

pub(super) fn read_document(value: &Value) -> Found {
    let mut found = Found::default();
    let (top, module) = if let Some(planned) = value.get("planned_values") {
        ("/planned_values", planned.get("root_module"))
    } else {
        ("/values", value.get("values").and_then(|values| values.get("root_module")))
    };
    if let Some(module) = module {
        read_module(module, &format!("{top}/root_module"), &mut found);
    }
    let references = value
        .pointer("/configuration/root_module/resources")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    resolve_parents(&mut found, references);
    found
}

fn read_module(module: &Value, path: &str, found: &mut Found) {
    if let Some(resources) = module.get("resources").and_then(Value::as_array) {
        for (index, resource) in resources.iter().enumerate() {
            read_resource(resource, &format!("{path}/resources/{index}"), found);
        }
    }
    if let Some(children) = module.get("child_modules").and_then(Value::as_array) {
        for (index, child) in children.iter().enumerate() {
            read_module(child, &format!("{path}/child_modules/{index}"), found);
        }
    }
}

fn read_resource(resource: &Value, path: &str, found: &mut Found) {
    let resource_type = resource.get("type").and_then(Value::as_str).unwrap_or_default();
    let Some(kind) = kind_of(resource_type) else {
        found.ignore(
            path,
            format!(
                "{resource_type}: not an identity provider, identity pool, certificate authority or certificate pool"
            ),
        );
        return;
    };
    let address = resource.get("address").and_then(Value::as_str).map(str::to_owned);
    let Some(values) = resource.get("values").and_then(Value::as_object) else {
        found.ignore(path, "the resource has no values");
        return;
    };
    let at = member("values", path);
    let mut record = read(kind, values, &at, |name| rule(kind, name), found);
    record.parent = parent_block(values, kind);
    record.address = address;
    found.records.push(record);
}

/// The block naming a pool's parent.
fn block_name(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Pool => Some("identity_provider"),
        Kind::CertificatePool => Some("certificate_authority"),
        Kind::Provider | Kind::Authority => None,
    }
}

/// `identity_provider { id = … }` is `"identity_provider": [{"id": "op-…"}]` in the JSON.
fn parent_block(values: &Map<String, Value>, kind: Kind) -> Option<String> {
    values.get(block_name(kind)?)?.get(0)?.get("id")?.as_str().map(str::to_owned)
}

/// Pools of a plan whose parent is not yet created: the configuration's reference
/// (`confluent_identity_provider.okta.id`) names the parent's address, whose id is the
/// parent's id if known, else the address.
fn resolve_parents(found: &mut Found, configuration: &[Value]) {
    let ids: Vec<(String, String)> = found
        .records
        .iter()
        .filter_map(|record| {
            let address = record.address.clone()?;
            Some((address.clone(), id_of(record).unwrap_or(address)))
        })
        .collect();
    for record in &mut found.records {
        if record.parent.is_some() {
            continue;
        }
        let (Some(address), Some(block)) = (record.address.as_deref(), block_name(record.kind))
        else {
            continue;
        };
        let expression = configuration
            .iter()
            .find(|resource| resource.get("address").and_then(Value::as_str) == Some(address))
            .and_then(|resource| resource.get("expressions")?.get(block)?.get(0)?.get("id"));
        let Some(expression) = expression else { continue };
        if let Some(constant) = expression.get("constant_value").and_then(Value::as_str) {
            record.parent = Some(constant.to_owned());
            continue;
        }
        let referenced = expression
            .get("references")
            .and_then(Value::as_array)
            .and_then(|references| references.first())
            .and_then(Value::as_str)
            .map(|reference| reference.strip_suffix(".id").unwrap_or(reference));
        record.parent = referenced.map(|target| {
            ids.iter()
                .find(|(address, _)| address == target)
                .map_or_else(|| target.to_owned(), |(_, id)| id.clone())
        });
    }
}

pub(super) fn id_of(record: &Record) -> Option<String> {
    record.members.get("id").and_then(Value::as_str).map(str::to_owned)
}

fn rule(kind: Kind, name: &str) -> Option<Rule> {
    match (kind, name) {
        (Kind::Pool, "identity_provider") | (Kind::CertificatePool, "certificate_authority") => {
            Some(Rule::Consumed)
        }
        _ => api_rule(kind, name),
    }
}
