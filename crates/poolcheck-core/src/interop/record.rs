//! What every input format is read into: records of the four kinds of entity, with their
//! members renamed to the scenario's, and the parts of the input left out.

use serde_json::{Map, Value};

use super::Ignored;
use crate::json::{kind as json_kind, pointer_segment};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Provider,
    Pool,
    Authority,
    CertificatePool,
}

impl Kind {
    /// The scenario's list of this kind.
    pub(super) fn list(self) -> &'static str {
        match self {
            Kind::Provider => "providers",
            Kind::Pool => "pools",
            Kind::Authority => "certificate_authorities",
            Kind::CertificatePool => "certificate_pools",
        }
    }

    /// The member naming the parent, for pools.
    pub(super) fn parent_member(self) -> Option<&'static str> {
        match self {
            Kind::Pool => Some("provider"),
            Kind::CertificatePool => Some("certificate_authority"),
            Kind::Provider | Kind::Authority => None,
        }
    }

    pub(super) fn noun(self) -> &'static str {
        match self {
            Kind::Provider => "identity provider",
            Kind::Pool => "identity pool",
            Kind::Authority => "certificate authority",
            Kind::CertificatePool => "certificate pool",
        }
    }
}

/// One entity read from the input. `members` use the scenario's names.
#[derive(Debug, Clone)]
pub(super) struct Record {
    pub kind: Kind,
    /// JSON Pointer of the entity in the input.
    pub path: String,
    pub members: Map<String, Value>,
    /// The parent's id (pools' provider, certificate pools' authority), when the input says.
    pub parent: Option<String>,
    /// A Terraform plan's resource address, the id of a resource not yet created.
    pub address: Option<String>,
}

#[derive(Debug, Default)]
pub(super) struct Found {
    pub records: Vec<Record>,
    pub ignored: Vec<Ignored>,
}

impl Found {
    pub(super) fn ignore(&mut self, path: impl Into<String>, reason: impl Into<String>) {
        self.ignored.push(Ignored { path: path.into(), reason: reason.into() });
    }
}

/// How a source member maps: to a scenario member, consumed silently, or left out.
pub(super) enum Rule {
    /// To this scenario member, a string.
    Text(&'static str),
    /// To this scenario member, a boolean.
    Flag(&'static str),
    /// A list of JWKs (the REST API's `keys`), to `jwks` as a JWKS.
    KeyList,
    /// Read by the format itself (envelopes, references).
    Consumed,
    /// Known but not modelled: ignored with this reason.
    NotModelled(&'static str),
}

pub(super) fn member(name: &str, base: &str) -> String {
    format!("{base}/{}", pointer_segment(name))
}

/// Reads an object's members into a record by the format's `rules`; members without a rule
/// are ignored as unknown.
pub(super) fn read(
    kind: Kind,
    object: &Map<String, Value>,
    path: &str,
    rules: impl Fn(&str) -> Option<Rule>,
    found: &mut Found,
) -> Record {
    let mut record =
        Record { kind, path: path.to_owned(), members: Map::new(), parent: None, address: None };
    for (name, value) in object {
        if value.is_null() {
            continue;
        }
        let at = member(name, path);
        match rules(name) {
            Some(Rule::Text(target)) => match value {
                // Terraform writes an unset optional string as "".
                Value::String(text) if text.is_empty() && target != "filter" => {}
                Value::String(text) => {
                    record.members.insert(target.to_owned(), Value::String(text.clone()));
                }
                other => found.ignore(at, format!("expected a string, found {}", json_kind(other))),
            },
            Some(Rule::Flag(target)) => match value {
                Value::Bool(flag) => {
                    record.members.insert(target.to_owned(), Value::Bool(*flag));
                }
                other => {
                    found.ignore(at, format!("expected true or false, found {}", json_kind(other)))
                }
            },
            Some(Rule::KeyList) => match value {
                Value::Array(keys) if !keys.is_empty() => {
                    let mut jwks = Map::new();
                    jwks.insert("keys".to_owned(), Value::Array(keys.clone()));
                    record.members.insert("jwks".to_owned(), Value::Object(jwks));
                }
                Value::Array(_) => {}
                other => {
                    found.ignore(at, format!("expected a list of keys, found {}", json_kind(other)))
                }
            },
            Some(Rule::Consumed) => {}
            Some(Rule::NotModelled(reason)) => found.ignore(at, reason),
            None => {
                found.ignore(at, format!("poolcheck does not know `{name}` on an {}", kind.noun()))
            }
        }
    }
    // With a CRL uploaded, the API reports this text in place of a URL.
    if record.members.get("crl_url").and_then(Value::as_str) == Some("Local file uploaded") {
        record.members.shift_remove("crl_url");
        found.ignore(
            member("crl_url", path),
            "\"Local file uploaded\": the CRL itself is not in the input; paste it into the authority's CRL",
        );
    }
    record
}

/// The reasons for the attributes the API computes.
/// The members every format spells the same way (the CLI, the REST API and Terraform share
/// the API's names for these); each format's own rules come first.
pub(super) fn shared_rule(kind: Kind, name: &str) -> Option<Rule> {
    match (kind, name) {
        (_, "id") => Some(Rule::Text("id")),
        (_, "description") => Some(Rule::Text("description")),
        (Kind::Provider, "jwks_uri") => Some(Rule::Text("jwks_uri")),
        (Kind::Provider | Kind::Pool, "identity_claim") => Some(Rule::Text("identity_claim")),
        (Kind::Pool | Kind::CertificatePool, "filter") => Some(Rule::Text("filter")),
        (Kind::CertificatePool, "external_identifier") => Some(Rule::Text("external_identifier")),
        (Kind::Authority, "certificate_chain_filename") => {
            Some(Rule::Text("certificate_chain_filename"))
        }
        (Kind::Authority, "crl_url") => Some(Rule::Text("crl_url")),
        (Kind::Authority, "require_crl_on_client_certificate") => Some(Rule::Flag("require_crl")),
        (Kind::Authority, "fingerprints" | "expiration_dates" | "serial_numbers") => {
            Some(Rule::NotModelled(COMPUTED_CERTIFICATE))
        }
        (Kind::Authority, "crl_source" | "crl_updated_at") => Some(Rule::NotModelled(COMPUTED_CRL)),
        _ => None,
    }
}

/// The API's own names (the REST API and Terraform): `display_name`, `issuer`, and the
/// certificate authority's chain and CRL as text.
pub(super) fn api_rule(kind: Kind, name: &str) -> Option<Rule> {
    match (kind, name) {
        (_, "display_name") => Some(Rule::Text("name")),
        (Kind::Provider, "issuer") => Some(Rule::Text("issuer")),
        (Kind::Authority, "certificate_chain") => Some(Rule::Text("certificate_chain")),
        (Kind::Authority, "crl_chain") => Some(Rule::Text("crl")),
        _ => shared_rule(kind, name),
    }
}

pub(super) const COMPUTED_STATE: &str = "the resource's state is not part of a simulation";
pub(super) const COMPUTED_CERTIFICATE: &str =
    "computed from the certificate chain; poolcheck reads the chain itself";
pub(super) const COMPUTED_CRL: &str = "computed by Confluent Cloud; not part of a simulation";
pub(super) const COMPUTED_PRINCIPAL: &str = "the pool's principal is its id";
