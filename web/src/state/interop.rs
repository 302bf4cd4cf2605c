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
    /// The export the user asked for last: written again after every edit.
    export_options: Option<ExportOptions>,
    /// The export must be written again once the running job ends.
    export_stale: bool,
    /// The import running, and the work's revision it read: an edit made meanwhile makes it
    /// run again against the edited work, so the edit is not lost.
    import: Option<(String, ImportOptions, u64)>,
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
    // Kept out of the reducer, so scripts/split-wasm.mjs can move it to the late file.
    #[inline(never)]
    pub(super) fn interop_action(&mut self, action: InteropAction) {
        match action {
            InteropAction::Import { text, options } => self.start_import(text, options),
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
            InteropAction::Export(options) => {
                self.interop.export_options = Some(options);
                self.write_export();
            }
            InteropAction::JobDone { id, outcome } => self.interop_job_done(id, outcome),
        }
    }

    /// Writes the open export again for the edited scenario.
    pub(super) fn refresh_export(&mut self) {
        if self.interop.export_options.is_some() {
            self.write_export();
        }
    }

    fn start_import(&mut self, text: String, options: ImportOptions) {
        // An export this replaces is written again once the import is in.
        if matches!(self.interop.job.as_deref(), Some(Job { task: Task::Export(_), .. })) {
            self.interop.export_stale = true;
        }
        let request = json!({ "text": text, "options": options, "into": self.scenario_text() });
        self.interop.import = Some((text, options, self.saving.revision));
        self.interop.start("importConfig", &request, Task::Import);
    }

    fn write_export(&mut self) {
        let Some(options) = self.interop.export_options.clone() else { return };
        if self.interop.job.is_some() {
            self.interop.export_stale = true;
            return;
        }
        self.interop.export_stale = false;
        let request = json!({ "scenario": self.scenario_text(), "options": options });
        self.interop.start("exportConfig", &request, Task::Export(options));
    }

    /// The scenario for the worker, as JSON text (numbers stay exactly as written; an object
    /// would pass through JavaScript numbers).
    fn scenario_text(&self) -> String {
        serde_json::to_string(&self.workspace.scenario()).unwrap_or_default()
    }

    fn interop_job_done(&mut self, id: u32, outcome: Result<String, CommandError>) {
        let Some(job) = self.interop.job.take_if(|job| job.id == id) else { return };
        if job.task == Task::Import
            && let Some((text, options, revision)) = self.interop.import.take()
            && revision != self.saving.revision
        {
            // The work changed while the import ran: merge it into the work as it is now.
            return self.start_import(text, options);
        }
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
        if self.interop.job.is_none() && self.interop.export_stale {
            self.write_export();
        }
    }
}
