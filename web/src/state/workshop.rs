//! The Workshop tab's state: the exercises' live report (checked by core after every edit of
//! a scenario that has exercises), the exercise shown, and the hints and solutions revealed.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use poolcheck_core::commands::{
    ExerciseEdit, ExerciseOptions, ExerciseReport, check_exercises, edit_exercises,
};
use poolcheck_core::scenario::{ExerciseTarget, Solution};
use poolcheck_core::workspace::{CertificatePoolField, Edit, PoolField};

use super::{AppState, Notice};
use crate::views::View;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Workshop {
    pub report: Option<Rc<ExerciseReport>>,
    /// The exercise shown, by position.
    pub selected: usize,
    /// How many hints of each exercise (by id) are shown.
    pub hints: BTreeMap<String, usize>,
    /// Exercises whose solution the user chose to see.
    pub solutions: BTreeSet<String>,
    /// The workshop pack is being fetched.
    pub loading: bool,
    /// The trainer's forms are shown: new exercises, cases, hints, solutions.
    pub authoring: bool,
    pub notice: Option<Notice>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkshopAction {
    Select(usize),
    RevealHint(String),
    RevealSolution(String),
    /// Put a filter exercise's solution in its target pool.
    UseSolution(String),
    /// Show or hide the trainer's forms.
    Authoring(bool),
    /// A trainer's change to the exercises, judged by core.
    Author(ExerciseEdit),
    PackRequested,
    PackFetched(Result<String, String>),
}

impl AppState {
    // Kept out of the reducer, so scripts/split-wasm.mjs can move it to the late file.
    #[inline(never)]
    pub(super) fn workshop_action(&mut self, action: WorkshopAction) {
        match action {
            WorkshopAction::Select(index) => self.workshop.selected = index,
            WorkshopAction::RevealHint(id) => *self.workshop.hints.entry(id).or_default() += 1,
            WorkshopAction::RevealSolution(id) => {
                self.workshop.solutions.insert(id);
            }
            WorkshopAction::UseSolution(id) => self.use_solution(&id),
            WorkshopAction::Authoring(on) => {
                self.workshop.authoring = on;
                self.workshop.notice = None;
            }
            WorkshopAction::Author(edit) => self.author(edit),
            WorkshopAction::PackRequested => {
                self.workshop.loading = true;
                self.workshop.notice = None;
            }
            WorkshopAction::PackFetched(Ok(text)) => {
                self.workshop.loading = false;
                self.import(&text);
                self.workshop =
                    Workshop { report: self.workshop.report.take(), ..Workshop::default() };
                self.view = View::Workshop;
            }
            WorkshopAction::PackFetched(Err(message)) => {
                self.workshop.loading = false;
                self.workshop.notice = Some(Notice::Error(format!(
                    "The workshop pack could not be loaded: {message}"
                )));
            }
        }
    }

    /// Makes a trainer's edit; a refused one leaves the exercises as they were and says why.
    fn author(&mut self, edit: ExerciseEdit) {
        let count = self.workspace.base().exercises.len();
        let selected = match &edit {
            ExerciseEdit::AddFilterExercise { .. } | ExerciseEdit::AddOutcomeExercise => {
                Some(count)
            }
            ExerciseEdit::Remove { exercise } => Some(exercise.saturating_sub(1)),
            _ => None,
        };
        match edit_exercises(&self.workspace.scenario(), edit, self.workspace.now()) {
            Ok(exercises) => {
                Rc::make_mut(&mut self.workspace).set_exercises(exercises);
                self.export = None;
                self.workshop.notice = None;
                if let Some(selected) = selected {
                    self.workshop.selected = selected;
                }
            }
            Err(error) => {
                let hint = error.hint.map(|hint| format!(" ({hint})")).unwrap_or_default();
                self.workshop.notice = Some(Notice::Error(format!("{}{hint}", error.message)));
            }
        }
    }

    /// A filter exercise's solution, typed into its target pool's Filter field for the user.
    fn use_solution(&mut self, id: &str) {
        let base = self.workspace.base();
        let Some(exercise) = base.exercises.iter().find(|exercise| exercise.id == id) else {
            return;
        };
        let (Some(Solution::Filter(value)), Some(target)) =
            (exercise.solution.clone(), exercise.target.clone())
        else {
            return;
        };
        let edit = match target {
            ExerciseTarget::Pool(id) => {
                let pools = self.workspace.pools();
                pools
                    .iter()
                    .position(|prepared| prepared.pool.id == id)
                    .map(|index| Edit::SetPool { index, field: PoolField::Filter, value })
            }
            ExerciseTarget::CertificatePool(id) => {
                let pools = self.workspace.certificate_pools();
                pools.iter().position(|prepared| prepared.pool.id == id).map(|index| {
                    Edit::SetCertificatePool { index, field: CertificatePoolField::Filter, value }
                })
            }
        };
        if let Some(edit) = edit {
            self.edit(edit);
        }
    }

    /// Checks the exercises again after an edit: every case, every outcome, by core.
    pub(super) fn check_workshop(&mut self) {
        let has_exercises = !self.workspace.base().exercises.is_empty();
        self.workshop.report = has_exercises
            .then(|| {
                let scenario = self.workspace.scenario();
                check_exercises(&scenario, &ExerciseOptions::default(), self.workspace.now()).ok()
            })
            .flatten()
            .map(Rc::new);
    }
}
