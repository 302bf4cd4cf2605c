//! Confluent configuration in and out: an import (Confluent CLI JSON, REST API, Terraform)
//! merged into the scenario with its report, the keys of an imported provider fetched from its
//! `jwks_uri` when the user clicks, and the export text the user asked for. Reading and writing
//! these formats is code only some users need, so it runs in the on-demand worker
//! (web/builder-worker.js, the JavaScript API's `importConfig` and `exportConfig`): the app's
//! own wasm does not carry it. One job runs at a time; an export asked for meanwhile is written
//! when it ends.

use std::rc::Rc;

use poolcheck_core::commands::{
    CommandError, ExportOptions, ImportOptions, ImportReport, key_fetches,
};
use poolcheck_core::workspace::{Edit, ProviderField};
use serde_json::json;

use super::builder::failed;
use super::{AppState, Job, Task};

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
    /// The import or export the worker is running.
    pub job: Option<Rc<Job>>,
    /// The export to write once the running job ends.
    export_wanted: Option<ExportOptions>,
    next_job: u32,
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
    /// The worker's reply to a job: its JSON, or why it failed.
    JobDone {
        id: u32,
        outcome: Result<String, CommandError>,
    },
}

impl Interop {
    /// An import is being read.
    pub fn importing(&self) -> bool {
        self.job.as_ref().is_some_and(|job| job.task == Task::Import)
    }

    fn start(&mut self, command: &'static str, options: &serde_json::Value, task: Task) {
        self.next_job = self.next_job.wrapping_add(1);
        let options = options.to_string();
        self.job = Some(Rc::new(Job { id: self.next_job, command, options, task }));
    }
}

impl AppState {
    pub(super) fn interop_action(&mut self, action: InteropAction) {
        match action {
            InteropAction::Import { text, options } => {
                // An export this replaces is written again once the import is in.
                if let Some(Task::Export(running)) = self.interop.job.as_deref().map(|j| &j.task) {
                    self.interop.export_wanted.get_or_insert(running.clone());
                }
                let into = self.scenario_text();
                let options = json!({ "text": text, "options": options, "into": into });
                self.interop.start("importConfig", &options, Task::Import);
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
            InteropAction::JobDone { id, outcome } => self.interop_job_done(id, outcome),
        }
    }

    /// Writes the open export again for the edited scenario.
    pub(super) fn refresh_export(&mut self) {
        if let Some(export) = &self.interop.export {
            self.write_export(export.0.clone());
        }
    }

    fn write_export(&mut self, options: ExportOptions) {
        if self.interop.job.is_some() {
            self.interop.export_wanted = Some(options);
            return;
        }
        self.interop.export_wanted = None;
        let options_json =
            json!({ "scenario": self.workspace.scenario().to_json(), "options": options });
        self.interop.start("exportConfig", &options_json, Task::Export(options));
    }

    /// The scenario for the worker: compact JSON, written on every edit while an export is open.
    fn scenario_text(&self) -> String {
        serde_json::to_string(&self.workspace.scenario()).unwrap_or_default()
    }

    fn interop_job_done(&mut self, id: u32, outcome: Result<String, CommandError>) {
        let Some(job) = self.interop.job.take_if(|job| job.id == id) else { return };
        match (&job.task, outcome) {
            (Task::Import, Ok(text)) => match ImportReport::from_json(&text) {
                Ok(report) => {
                    self.take_scenario(report.scenario.clone());
                    self.interop.fetchable = Rc::new(key_fetches(&report));
                    self.interop.report = Some(Rc::new(report));
                    self.interop.error = None;
                    self.work_changed();
                }
                Err(error) => self.interop.error = Some(failed(error.to_string())),
            },
            (Task::Import, Err(error)) => self.interop.error = Some(error),
            (Task::Export(options), outcome) => {
                let text = outcome.and_then(|text| {
                    serde_json::from_str::<String>(&text).map_err(|error| failed(error.to_string()))
                });
                self.interop.export = Some(Rc::new((options.clone(), text)));
            }
            // Builder tasks run in the builder's own worker.
            (_, _) => {}
        }
        // Unless the import just wrote it again (an edit of the work).
        if self.interop.job.is_none()
            && let Some(options) = self.interop.export_wanted.take()
        {
            self.write_export(options);
        }
    }
}
