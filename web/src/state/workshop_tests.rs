//! The Workshop tab's part of the reducer, on the workshop pack.

use poolcheck_core::commands::{ExerciseEdit, NewCase};
use poolcheck_core::scenario::{ExerciseTarget, Expectation, Solution};

use super::*;

const PACK: &str = include_str!("../../../examples/workshop/workshop.json");

fn reduce(state: AppState, action: Action) -> AppState {
    Rc::unwrap_or_clone(Rc::new(state).reduce(action))
}

fn pack() -> AppState {
    let state = AppState::new(String::new(), 0, None);
    reduce(state, Action::Workshop(WorkshopAction::PackFetched(Ok(PACK.into()))))
}

fn solved(state: &AppState, id: &str) -> bool {
    let report = state.workshop.report.as_ref().unwrap();
    report.exercises.iter().find(|result| result.id == id).unwrap().solved
}

#[test]
fn the_pack_loads_unsolved_and_a_typed_filter_solves_its_exercise() {
    let state = pack();
    assert_eq!(state.view, View::Workshop);
    let report = state.workshop.report.clone().unwrap();
    assert_eq!(report.exercises.len(), 10);
    assert!(report.exercises.iter().all(|result| !result.solved));

    let exercise = state.workspace.base().exercises[0].clone();
    let Some(Solution::Filter(answer)) = exercise.solution.clone() else { panic!("a filter") };
    let Some(ExerciseTarget::Pool(pool)) = exercise.target.clone() else { panic!("a pool") };
    let index = state.workspace.pools().iter().position(|p| p.pool.id == pool).unwrap();
    let edit = Edit::SetPool { index, field: PoolField::Filter, value: answer };
    let state = reduce(state, Action::Edit(edit));
    assert!(solved(&state, &exercise.id));
}

#[test]
fn hints_come_one_at_a_time_and_a_solution_can_be_used() {
    let state = pack();
    let id = state.workspace.base().exercises[1].id.clone();
    let state = reduce(state, Action::Workshop(WorkshopAction::RevealHint(id.clone())));
    let state = reduce(state, Action::Workshop(WorkshopAction::RevealHint(id.clone())));
    assert_eq!(state.workshop.hints.get(&id), Some(&2));
    let state = reduce(state, Action::Workshop(WorkshopAction::UseSolution(id.clone())));
    assert!(solved(&state, &id));
}

#[test]
fn a_pack_that_cannot_be_fetched_says_why() {
    let state = AppState::new(String::new(), 0, None);
    let failed = WorkshopAction::PackFetched(Err("the server answered HTTP 404".into()));
    let state = reduce(state, Action::Workshop(failed));
    assert!(matches!(&state.workshop.notice, Some(Notice::Error(m)) if m.contains("HTTP 404")));
    assert!(state.workshop.report.is_none());
}

#[test]
fn a_workshop_share_link_opens_on_its_exercises() {
    let compact: serde_json::Value = serde_json::from_str(PACK).unwrap();
    let fragment = poolcheck_core::fragment::share(&compact.to_string());
    let fragment = poolcheck_core::fragment::parse(&fragment);
    let state = reduce(AppState::new(String::new(), 0, None), Action::LoadFragment(fragment));
    assert_eq!(state.view, View::Workshop);
    assert_eq!(state.workshop.report.as_ref().unwrap().exercises.len(), 10);
}

fn author(state: AppState, edit: ExerciseEdit) -> AppState {
    reduce(state, Action::Workshop(WorkshopAction::Author(edit)))
}

#[test]
fn a_trainer_turns_the_current_token_into_an_exercise_and_exports_it() {
    let okta = Ok(examples::read("okta.json"));
    let state = reduce(AppState::new(String::new(), 0, None), Action::LoadExample(okta));
    let pool = state.workspace.pools()[0].pool.id.clone();
    let state =
        author(state, ExerciseEdit::AddFilterExercise { target: ExerciseTarget::Pool(pool) });
    assert_eq!(state.workshop.selected, 0);
    assert!(solved(&state, &state.workspace.base().exercises[0].id.clone()));
    let claims = NewCase::Pasted { text: "{\"sub\": \"intruder\"}".into() };
    let state = author(state, ExerciseEdit::AddCase { exercise: 0, case: claims });
    assert_eq!(state.workspace.base().exercises[0].cases[1].expect, Expectation::NoMatch);

    // A refused edit says why and changes nothing.
    let before = state.workspace.base().exercises.clone();
    let state = author(state, ExerciseEdit::RemoveCase { exercise: 0, case: 5 });
    assert!(matches!(&state.workshop.notice, Some(Notice::Error(m)) if m.contains("no case 5")));
    assert_eq!(state.workspace.base().exercises, before);

    // The export carries the exercise, and reads back as the same workshop.
    let exported = Scenario::parse(&state.workspace.scenario().to_json()).unwrap();
    assert_eq!(exported.exercises, before);
    let state = author(state, ExerciseEdit::Remove { exercise: 0 });
    assert!(state.workspace.base().exercises.is_empty());
    assert!(state.workshop.report.is_none());
}

#[test]
fn revealed_hints_and_solutions_survive_a_reload() {
    let state = pack();
    let id = state.workspace.base().exercises[1].id.clone();
    let state = reduce(state, Action::Workshop(WorkshopAction::Select(1)));
    let state = reduce(state, Action::Workshop(WorkshopAction::RevealHint(id.clone())));
    let state = reduce(state, Action::Workshop(WorkshopAction::RevealSolution(id.clone())));
    let text = serde_json::to_string(&crate::saved::SavedWork::of(&state, false)).unwrap();
    let saved = crate::saved::SavedWork::read(&text).unwrap().unwrap();
    let fresh = AppState::new(String::new(), 0, None);
    let restored = reduce(fresh, Action::RestoreSaved { saved: Rc::new(saved), now: 0 });
    assert_eq!(restored.workshop.selected, 1);
    assert_eq!(restored.workshop.hints.get(&id), Some(&1));
    assert!(restored.workshop.solutions.contains(&id));
}
