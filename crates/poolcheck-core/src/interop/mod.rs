//! Interoperability with what people already have: Confluent CLI (`-o json`), Confluent Cloud
//! REST API (IAM v2) and Terraform (`terraform show -json`) descriptions of identity providers,
//! identity pools, certificate authorities and certificate pools are imported into a scenario;
//! a scenario is exported as Confluent CLI commands, Terraform resources and client settings.
//!
//! Field names come from the Confluent CLI's output structs, the Terraform provider's schemas
//! and the REST API's responses (tests/fixtures/confluent/README.md names each source).
//! Members a scenario has no field for but an export needs (`description`, `jwks_uri`,
//! `certificate_chain_filename`, `crl_url`) are kept as the entities' unknown members, which
//! scenarios round-trip.

use serde::{Deserialize, Serialize};

use crate::scenario::{Scenario, ScenarioError};

// The readers and writers, behind the `interop` feature: the CLI and the JavaScript API have
// them; the app runs them in its on-demand worker (dist/pkg), so its own wasm holds only the
// types below.
#[cfg(feature = "interop")]
mod client;
#[cfg(feature = "interop")]
mod confluent_cli;
#[cfg(feature = "interop")]
mod export;
#[cfg(feature = "interop")]
mod merge;
#[cfg(feature = "interop")]
mod quote;
#[cfg(feature = "interop")]
mod record;
#[cfg(feature = "interop")]
mod rest;
#[cfg(feature = "interop")]
mod terraform;

#[cfg(feature = "interop")]
pub use export::export;
#[cfg(feature = "interop")]
pub use merge::{import, set_fetched_keys};
#[cfg(feature = "interop")]
pub use quote::{hcl_string, properties_value, shell_word};

/// Where the text to import comes from; `auto` recognizes it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ImportFormat {
    #[default]
    Auto,
    /// `confluent iam provider|pool|certificate-authority|certificate-pool list|describe -o json`.
    ConfluentCli,
    /// Confluent Cloud REST API (IAM v2) responses: single objects or `…List` pages.
    Rest,
    /// `terraform show -json` of a state or a plan.
    Terraform,
}

impl ImportFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportFormat::Auto => "auto",
            ImportFormat::ConfluentCli => "confluent-cli",
            ImportFormat::Rest => "rest",
            ImportFormat::Terraform => "terraform",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ImportOptions {
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub format: ImportFormat,
    /// The provider the imported identity pools belong to, for inputs that do not say
    /// (`confluent iam pool list --provider …` prints pools without it).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub provider: Option<String>,
    /// The certificate authority the imported certificate pools belong to, for inputs that
    /// do not say (the CLI's and the REST API's certificate pools).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub certificate_authority: Option<String>,
}

/// What an import did: the merged scenario and, as JSON Pointers, what changed in it, what
/// of the input was left out and what the scenario still lacks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ImportReport {
    pub scenario: Scenario,
    /// The format read (the one recognized, under `auto`).
    pub format: ImportFormat,
    /// New entities: the pointer of each in `scenario` (`/pools/2`).
    pub added: Vec<Change>,
    /// Changed fields of entities matched by id: the pointer of each field (`/pools/0/filter`).
    pub updated: Vec<Change>,
    /// Parts of the input not imported: the pointer in the input and why.
    pub ignored: Vec<Ignored>,
    /// What the imported entities still need before a simulation can use them (keys, a
    /// certificate chain): the pointer in `scenario` and what to do.
    pub missing: Vec<Ignored>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Change {
    pub path: String,
    /// The id of the provider, pool, authority or certificate pool.
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Ignored {
    pub path: String,
    pub reason: String,
}

/// What an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    /// `confluent iam … create` commands for a POSIX shell.
    ConfluentCli,
    /// Resources for the Confluent Terraform provider.
    Terraform,
    /// A Java client's `client.properties`.
    Java,
    /// librdkafka (confluent-kafka) properties.
    Librdkafka,
    /// One kcat command line.
    Kcat,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ExportOptions {
    pub format: ExportFormat,
    /// The identity pool to export (with its provider), or whose client settings to write.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub pool: Option<String>,
    /// The certificate pool to export (with its authority), or whose mTLS settings to write.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub certificate_pool: Option<String>,
}

/// Why an import or export cannot be done.
#[cfg(feature = "interop")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InteropError {
    pub kind: InteropErrorKind,
    pub message: String,
    pub hint: Option<String>,
}

#[cfg(feature = "interop")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InteropErrorKind {
    /// The text is not in the format asked for (or, under `auto`, in any).
    Unrecognized,
    /// A pool, certificate pool or provider named in the options is not in the scenario.
    NotFound,
    /// Client settings without a pool named, for a scenario with several.
    Ambiguous,
    /// The scenario holds a value the export format cannot carry.
    Unrepresentable,
    /// Fetched keys that cannot be used.
    KeysUnusable,
}

#[cfg(feature = "interop")]
impl InteropError {
    fn new(kind: InteropErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), hint: None }
    }

    fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// What each format looks like, for the message when text is not recognized.
#[cfg(feature = "interop")]
fn expectation(format: ImportFormat) -> &'static str {
    match format {
        ImportFormat::Terraform => {
            "Terraform (`terraform show -json`): an object with `format_version` and `values` (state) or `planned_values` (plan)"
        }
        ImportFormat::Rest => {
            "REST API: an object with `api_version` and `kind` (IdentityProvider, IdentityPool, CertificateAuthority, CertificateIdentityPool), or a `…List` page with `data`"
        }
        ImportFormat::ConfluentCli => {
            "Confluent CLI (`-o json`): an object or a list of objects with `id` and `issuer_uri`/`jwks_uri` (providers), `identity_claim`/`filter` (pools), `certificate_chain_filename` (certificate authorities) or `external_identifier` (certificate pools)"
        }
        ImportFormat::Auto => "",
    }
}

impl ImportReport {
    /// A report as JSON text (what the JavaScript API's `importConfig` returns, which the app
    /// gets from its worker), its scenario read by the scenario parser.
    pub fn from_json(text: &str) -> Result<Self, ScenarioError> {
        #[derive(Deserialize)]
        struct Parts {
            scenario: serde_json::Value,
            format: ImportFormat,
            added: Vec<Change>,
            updated: Vec<Change>,
            ignored: Vec<Ignored>,
            missing: Vec<Ignored>,
        }
        let parts: Parts = serde_json::from_str(text)
            .map_err(|error| ScenarioError { path: String::new(), message: error.to_string() })?;
        Ok(Self {
            scenario: Scenario::from_value(&parts.scenario)?,
            format: parts.format,
            added: parts.added,
            updated: parts.updated,
            ignored: parts.ignored,
            missing: parts.missing,
        })
    }
}

/// The providers an import left without keys but with a `jwks_uri`: `(id, jwks_uri)`, for a
/// front end to fetch when the user asks.
pub fn key_fetches(report: &ImportReport) -> Vec<(String, String)> {
    report
        .scenario
        .providers
        .iter()
        .enumerate()
        .filter(|(index, _)| {
            let path = format!("/providers/{index}/jwks");
            report.missing.iter().any(|missing| missing.path == path)
        })
        .filter_map(|(_, provider)| {
            let uri = provider.unknown.get("jwks_uri")?.as_str()?;
            Some((provider.id.clone(), uri.to_owned()))
        })
        .collect()
}
