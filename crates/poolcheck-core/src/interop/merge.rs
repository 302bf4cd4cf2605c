//! Import: recognize the input, read it into records, merge them into the scenario by id.
//!
//! The merge works on the scenario as a JSON document, so every member (known fields and the
//! unknown members that hold `description`, `jwks_uri`…) is compared and set the same way,
//! then reads the document back as a scenario.

use serde_json::{Map, Value};

use super::record::{Found, Kind, Record, member};
use super::{
    Change, Ignored, ImportFormat, ImportOptions, ImportReport, InteropError, InteropErrorKind,
    confluent_cli, expectation, rest, terraform,
};
use crate::json;
use crate::keys::parse_keys;
use crate::scenario::{CURRENT_VERSION, Keys, MAX_SCENARIO_BYTES, Scenario};

/// Imports `text` into `into` (or a new scenario).
pub fn import(
    text: &str,
    options: &ImportOptions,
    into: Option<Scenario>,
) -> Result<ImportReport, InteropError> {
    if text.len() > MAX_SCENARIO_BYTES {
        return Err(InteropError::new(
            InteropErrorKind::Unrecognized,
            format!("the input is {} bytes; the limit is {MAX_SCENARIO_BYTES}", text.len()),
        ));
    }
    let value = json::parse(text.as_bytes())
        .map_err(|error| {
            InteropError::new(InteropErrorKind::Unrecognized, format!("the input is not JSON: {error}"))
                .with_hint("ask the Confluent CLI for JSON (`-o json`) and Terraform for `terraform show -json`")
        })?
        .value;
    let format = match options.format {
        ImportFormat::Auto => detect(&value).ok_or_else(|| unrecognized(None))?,
        format if recognizes(format, &value) => format,
        format => return Err(unrecognized(Some(format))),
    };
    let found = match format {
        ImportFormat::Terraform => terraform::read_document(&value),
        ImportFormat::Rest => rest::read_document(&value),
        ImportFormat::ConfluentCli | ImportFormat::Auto => confluent_cli::read_document(&value),
    };
    if found.records.is_empty() {
        return Err(InteropError::new(
            InteropErrorKind::Unrecognized,
            format!(
                "the {} input holds no identity provider, identity pool, certificate authority or certificate pool ({} part(s) left out)",
                format.as_str(),
                found.ignored.len()
            ),
        )
        .with_hint(expectation(format)));
    }
    merge(found, options, into.unwrap_or_else(empty), format)
}

/// Terraform first (its resources' values look like API objects), then the REST envelope,
/// then the CLI's bare objects.
fn detect(value: &Value) -> Option<ImportFormat> {
    [ImportFormat::Terraform, ImportFormat::Rest, ImportFormat::ConfluentCli]
        .into_iter()
        .find(|format| recognizes(*format, value))
}

fn recognizes(format: ImportFormat, value: &Value) -> bool {
    match format {
        ImportFormat::Terraform => terraform::recognizes(value),
        ImportFormat::Rest => rest::recognizes(value),
        ImportFormat::ConfluentCli => confluent_cli::recognizes(value),
        ImportFormat::Auto => detect(value).is_some(),
    }
}

fn unrecognized(format: Option<ImportFormat>) -> InteropError {
    match format {
        Some(format) => InteropError::new(
            InteropErrorKind::Unrecognized,
            format!("the input is not {} output", format.as_str()),
        )
        .with_hint(format!("expected {}", expectation(format))),
        None => {
            let expected =
                [ImportFormat::Terraform, ImportFormat::Rest, ImportFormat::ConfluentCli]
                    .map(expectation)
                    .join("; ");
            InteropError::new(
                InteropErrorKind::Unrecognized,
                "the input is not Confluent CLI, REST API or Terraform output",
            )
            .with_hint(format!("expected {expected}"))
        }
    }
}

fn empty() -> Scenario {
    Scenario { version: CURRENT_VERSION, ..Scenario::default() }
}

struct Merge<'a> {
    document: Map<String, Value>,
    options: &'a ImportOptions,
    added: Vec<Change>,
    updated: Vec<Change>,
    ignored: Vec<Ignored>,
    touched: Vec<(Kind, usize)>,
}

fn merge(
    found: Found,
    options: &ImportOptions,
    into: Scenario,
    format: ImportFormat,
) -> Result<ImportReport, InteropError> {
    let document = match serde_json::to_value(&into) {
        Ok(Value::Object(document)) => document,
        _ => return Err(invalid("the scenario cannot be written as JSON")),
    };
    let mut document = document;
    for kind in [Kind::Provider, Kind::Authority, Kind::Pool, Kind::CertificatePool] {
        let list = document.entry(kind.list()).or_insert(Value::Null);
        if !list.is_array() {
            *list = Value::Array(Vec::new());
        }
    }
    let mut merge = Merge {
        document,
        options,
        added: Vec::new(),
        updated: Vec::new(),
        ignored: found.ignored,
        touched: Vec::new(),
    };
    // Parents first, so pools find the providers the same input adds.
    for kind in [Kind::Provider, Kind::Authority, Kind::Pool, Kind::CertificatePool] {
        for record in found.records.iter().filter(|record| record.kind == kind) {
            merge.apply(record);
        }
    }
    let missing = merge.missing();
    let scenario = Scenario::from_value(&Value::Object(merge.document))
        .map_err(|error| invalid(format!("the merged scenario is not valid: {error}")))?;
    Ok(ImportReport {
        scenario,
        format,
        added: merge.added,
        updated: merge.updated,
        ignored: merge.ignored,
        missing,
    })
}

fn invalid(message: impl Into<String>) -> InteropError {
    InteropError::new(InteropErrorKind::Unrecognized, message)
}

fn id_of(object: &Value) -> Option<&str> {
    object.get("id").and_then(Value::as_str)
}

impl Merge<'_> {
    /// The scenario's list of `kind` (made a list when the merge starts).
    fn list(&mut self, kind: Kind) -> Option<&mut Vec<Value>> {
        self.document.get_mut(kind.list()).and_then(Value::as_array_mut)
    }

    fn contains(&mut self, kind: Kind, id: &str) -> bool {
        self.list(kind).is_some_and(|list| list.iter().any(|item| id_of(item) == Some(id)))
    }

    fn ignore(&mut self, path: &str, reason: String) {
        let path = if path.is_empty() { "/" } else { path };
        self.ignored.push(Ignored { path: path.to_owned(), reason });
    }

    fn apply(&mut self, record: &Record) {
        let Some(id) = record
            .members
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| record.address.clone())
        else {
            self.ignore(&record.path, format!("the {} has no `id`", record.kind.noun()));
            return;
        };
        let mut members = record.members.clone();
        members.insert("id".to_owned(), Value::String(id.clone()));
        if let Some(parent_member) = record.kind.parent_member() {
            let (parent_kind, option, flag) = if record.kind == Kind::Pool {
                (Kind::Provider, &self.options.provider, "--provider")
            } else {
                (Kind::Authority, &self.options.certificate_authority, "--certificate-authority")
            };
            let Some(parent) = record.parent.clone().or_else(|| option.clone()) else {
                self.ignore(
                    &record.path,
                    format!(
                        "{id}: the input does not say which {} this {} belongs to; name it with the {} option (`{flag}` in the CLI)",
                        parent_kind.noun(),
                        record.kind.noun(),
                        parent_kind.noun(),
                    ),
                );
                return;
            };
            if !self.contains(parent_kind, &parent) {
                self.ignore(
                    &record.path,
                    format!(
                        "{id}: its {} {parent} is in neither the input nor the scenario",
                        parent_kind.noun()
                    ),
                );
                return;
            }
            members.insert(parent_member.to_owned(), Value::String(parent));
        }
        let kind = record.kind;
        let Some(list) = self.list(kind) else { return };
        let index = match list.iter().position(|item| id_of(item) == Some(id.as_str())) {
            Some(index) => {
                let Some(existing) = list[index].as_object_mut() else { return };
                let mut changed = Vec::new();
                for (name, value) in members {
                    if existing.get(&name) != Some(&value) {
                        changed.push(name.clone());
                        existing.insert(name, value);
                    }
                }
                let base = format!("/{}/{index}", kind.list());
                self.updated.extend(
                    changed.iter().map(|name| Change { path: member(name, &base), id: id.clone() }),
                );
                index
            }
            None => {
                let mut object = Map::new();
                object.insert("id".to_owned(), Value::String(id.clone()));
                // The members a scenario requires, empty until the user supplies them.
                let required: &[&str] = match kind {
                    Kind::Provider => &["issuer"],
                    Kind::Authority => &["certificate_chain"],
                    Kind::Pool | Kind::CertificatePool => &[],
                };
                for name in required {
                    object.insert((*name).to_owned(), Value::String(String::new()));
                }
                object.extend(members);
                list.push(Value::Object(object));
                let index = list.len() - 1;
                self.added.push(Change { path: format!("/{}/{index}", kind.list()), id });
                index
            }
        };
        if !self.touched.contains(&(kind, index)) {
            self.touched.push((kind, index));
        }
    }

    /// What the touched providers and authorities lack.
    fn missing(&mut self) -> Vec<Ignored> {
        let mut missing = Vec::new();
        for (kind, index) in self.touched.clone() {
            let Some(item) = self.list(kind).and_then(|list| list.get(index)).cloned() else {
                continue;
            };
            let text = |name: &str| item.get(name).and_then(Value::as_str).map(str::to_owned);
            let base = format!("/{}/{index}", kind.list());
            match kind {
                Kind::Provider if !has_keys(item.get("jwks")) => {
                    let reason = match text("jwks_uri") {
                        Some(uri) => format!(
                            "no keys: fetch them from {uri} (`--fetch-keys` in the CLI, the Fetch button in the app) or paste them"
                        ),
                        None => "no keys: paste the provider's JWKS".to_owned(),
                    };
                    missing.push(Ignored { path: member("jwks", &base), reason });
                }
                Kind::Authority if text("certificate_chain").unwrap_or_default().is_empty() => {
                    let file = text("certificate_chain_filename")
                        .map(|file| format!(" ({file})"))
                        .unwrap_or_default();
                    missing.push(Ignored {
                        path: member("certificate_chain", &base),
                        reason: format!(
                            "no certificate chain: Confluent Cloud does not return it; paste the PEM chain{file}"
                        ),
                    });
                }
                _ => {}
            }
        }
        missing
    }
}

fn has_keys(jwks: Option<&Value>) -> bool {
    match jwks {
        None | Some(Value::Null) => false,
        Some(Value::String(text)) => !text.trim().is_empty(),
        Some(Value::Object(object)) => match object.get("keys") {
            Some(Value::Array(keys)) => !keys.is_empty(),
            _ => !object.is_empty(),
        },
        Some(_) => true,
    }
}

/// Sets the keys fetched for `provider` (the text of its JWKS URI) after checking that they
/// read as keys.
pub fn set_fetched_keys(
    report: &mut ImportReport,
    provider: &str,
    text: &str,
) -> Result<(), InteropError> {
    let keys = parse_keys(text, None).map_err(|error| {
        InteropError::new(
            InteropErrorKind::KeysUnusable,
            format!("the keys fetched for {provider} cannot be read: {error}"),
        )
    })?;
    if keys.is_discovery() {
        return Err(InteropError::new(
            InteropErrorKind::KeysUnusable,
            format!(
                "the document fetched for {provider} is an OpenID discovery document, not keys"
            ),
        )
        .with_hint("set the provider's jwks_uri to the discovery document's jwks_uri"));
    }
    let Some(index) = report.scenario.providers.iter().position(|p| p.id == provider) else {
        return Err(InteropError::new(
            InteropErrorKind::NotFound,
            format!("no provider {provider} in the scenario"),
        ));
    };
    let value = json::parse(text.as_bytes()).ok().map(|parsed| parsed.value);
    report.scenario.providers[index].jwks = match value {
        Some(value @ Value::Object(_)) => Keys::Json(value),
        _ => Keys::Text(text.to_owned()),
    };
    let path = format!("/providers/{index}/jwks");
    report.missing.retain(|missing| missing.path != path);
    report.updated.push(Change { path, id: provider.to_owned() });
    Ok(())
}
