//! Confluent configuration in and out: an import (Confluent CLI JSON, REST API, Terraform)
//! merged into the scenario by core with its report, the keys of an imported provider fetched
//! from its `jwks_uri` when the user clicks, and the export text the user asked for.

use std::rc::Rc;

use poolcheck_core::commands::{
    CommandError, ExportOptions, ImportOptions, ImportReport, export_config, import_config,
    key_fetches,
};
use poolcheck_core::workspace::{Edit, ProviderField};

use super::AppState;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Interop {
    /// What the last import did.
    pub report: Option<Rc<ImportReport>>,
    /// Why the last import could not be done.
    pub error: Option<CommandError>,
    /// Imported providers with a `jwks_uri` and no keys yet: (id, jwks_uri).
    pub fetchable: Rc<Vec<(String, String)>>,
    /// The providers whose keys are being fetched, by id.
    pub fetching: Vec<String>,
    /// Why a provider's keys could not be fetched: (provider id, message).
    pub fetch_error: Option<(String, String)>,
    /// The export asked for, and its text or why there is none, written again after every
    /// edit so it always matches the page.
    pub export: Option<Rc<(ExportOptions, Result<String, CommandError>)>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InteropAction {
    Import {
        text: String,
        options: ImportOptions,
    },
    /// The user asked to fetch an imported provider's keys from its `jwks_uri`.
    FetchKeys {
        provider: String,
    },
    KeysFetched {
        provider: String,
        fetched: Result<String, String>,
    },
    Export(ExportOptions),
}

impl AppState {
    pub(super) fn interop_action(&mut self, action: InteropAction) {
        match action {
            InteropAction::Import { text, options } => {
                match import_config(&text, &options, Some(self.workspace.scenario())) {
                    Ok(report) => {
                        self.take_scenario(report.scenario.clone());
                        self.interop.fetchable = Rc::new(key_fetches(&report));
                        self.interop.report = Some(Rc::new(report));
                        self.interop.error = None;
                    }
                    Err(error) => self.interop.error = Some(error),
                }
            }
            InteropAction::FetchKeys { provider } => {
                self.interop.fetch_error = None;
                self.interop.fetching.push(provider);
            }
            InteropAction::KeysFetched { provider, fetched } => {
                self.interop.fetching.retain(|id| *id != provider);
                let index =
                    self.workspace.providers().iter().position(|p| p.provider.id == provider);
                match (fetched, index) {
                    (Ok(value), Some(index)) => {
                        self.edit(Edit::SetProvider { index, field: ProviderField::Keys, value });
                        Rc::make_mut(&mut self.interop.fetchable).retain(|(id, _)| *id != provider);
                    }
                    (Ok(_), None) => {}
                    (Err(message), _) => self.interop.fetch_error = Some((provider, message)),
                }
            }
            InteropAction::Export(options) => self.write_export(options),
        }
    }

    /// Writes the open export again for the edited scenario.
    pub(super) fn refresh_export(&mut self) {
        if let Some(export) = self.interop.export.take() {
            self.write_export(export.0.clone());
        }
    }

    fn write_export(&mut self, options: ExportOptions) {
        let text = export_config(&self.workspace.scenario(), &options);
        self.interop.export = Some(Rc::new((options, text)));
    }
}
