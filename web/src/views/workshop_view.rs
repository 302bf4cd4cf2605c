//! The Workshop tab: a scenario's exercises with live checks, hints and solutions, and the
//! workshop pack one click away.

use std::rc::Rc;

use poolcheck_core::scenario::ExerciseTarget;
use poolcheck_core::workspace::{CertificatePoolField, Edit, PoolField};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::{ViewProps, scenario_io};
use crate::components::{ExerciseEditor, ExercisePanel, NewExercise};
use crate::load::fetch_app_file;
use crate::state::{Action, Notice, WorkshopAction};

/// Beside the page in dist/ (index.html copies it there).
const PACK: &str = "workshop.json";

#[component]
pub fn WorkshopView(props: &ViewProps) -> Html {
    let state = &props.state;
    let workshop = &state.workshop;
    let ondispatch = props.ondispatch.clone();
    let onpack = {
        let ondispatch = ondispatch.clone();
        Callback::from(move |_: MouseEvent| {
            ondispatch.emit(Action::Workshop(WorkshopAction::PackRequested));
            let ondispatch = ondispatch.clone();
            spawn_local(async move {
                let fetched = fetch_app_file(PACK).await;
                ondispatch.emit(Action::Workshop(WorkshopAction::PackFetched(fetched)));
            });
        })
    };
    let exercises = &state.workspace.base().exercises;
    let authoring = workshop.authoring;
    let onauthoring = ondispatch
        .reform(move |_: MouseEvent| Action::Workshop(WorkshopAction::Authoring(!authoring)));
    let onauthor = ondispatch.reform(|edit| Action::Workshop(WorkshopAction::Author(edit)));
    let solved = workshop
        .report
        .as_ref()
        .map_or(0, |report| report.exercises.iter().filter(|result| result.solved).count());
    let list = exercises.iter().enumerate().map(|(index, exercise)| {
        let done = workshop
            .report
            .as_ref()
            .and_then(|report| report.exercises.iter().find(|result| result.id == exercise.id))
            .is_some_and(|result| result.solved);
        let current = index == workshop.selected;
        let onclick =
            ondispatch.reform(move |_: MouseEvent| Action::Workshop(WorkshopAction::Select(index)));
        html! {
            <li>
                <button type="button" class={classes!("exercise-tab", current.then_some("current"))}
                    aria-current={current.then_some("step")} {onclick}>
                    {if done { "✓ " } else { "" }}{exercise.title.clone()}
                </button>
            </li>
        }
    });
    let panel = exercises.get(workshop.selected).map(|exercise| {
        let id = exercise.id.clone();
        let result = workshop.report.as_ref().and_then(|report| {
            report.exercises.iter().find(|result| result.id == exercise.id).cloned()
        });
        let (filter, onfilter) = target_filter(props, exercise.target.as_ref());
        let act = |make: fn(String) -> WorkshopAction| {
            let id = id.clone();
            ondispatch.reform(move |()| Action::Workshop(make(id.clone())))
        };
        let editor = authoring.then(|| {
            let built_token =
                state.builder.signed.as_ref().map(|signed| AttrValue::from(signed.token.clone()));
            html! {
                <ExerciseEditor
                    exercise={Rc::new(exercise.clone())}
                    index={workshop.selected}
                    {built_token}
                    onedit={onauthor.clone()}
                />
            }
        });
        html! {
            <>
            { for editor }
            <ExercisePanel
                exercise={Rc::new(exercise.clone())}
                {result}
                {filter}
                hints_shown={workshop.hints.get(&exercise.id).copied().unwrap_or(0)}
                solution_shown={workshop.solutions.contains(&exercise.id)}
                {onfilter}
                onhint={act(WorkshopAction::RevealHint)}
                onsolution={act(WorkshopAction::RevealSolution)}
                onusesolution={act(WorkshopAction::UseSolution)}
            />
            </>
        }
    });
    html! {
        <main class="workshop-view">
            <section class="pane" aria-labelledby="workshop-heading">
                <h2 id="workshop-heading">{"Workshop"}</h2>
                if exercises.is_empty() {
                    <p>{"This scenario has no exercises. Load the workshop pack: ten exercises on identity pools, filters, providers and certificates, from easy to hard. Or write your own: set up a token and pools, then turn them into exercises, and export the workshop as a file or a link."}</p>
                } else {
                    <p class="workshop-progress" role="status">{format!("{solved} of {} solved", exercises.len())}</p>
                }
                <div class="workshop-actions">
                    <button type="button" class="secondary" onclick={onpack} disabled={workshop.loading}>
                        {"Load the workshop pack"}
                    </button>
                    <button type="button" class="secondary" aria-pressed={authoring.to_string()} onclick={onauthoring}>
                        {"Write exercises"}
                    </button>
                </div>
                if authoring {
                    <NewExercise targets={targets(props)} onedit={onauthor.clone()} />
                }
                if let Some(Notice::Error(message)) = &workshop.notice {
                    <p class="save-notice error" role="alert">{message.clone()}</p>
                }
                if !exercises.is_empty() {
                    <div class="workshop">
                        <nav aria-label="Exercises"><ol class="exercise-list">{ for list }</ol></nav>
                        { for panel }
                    </div>
                }
                if authoring {
                    { scenario_io(props) }
                }
            </section>
        </main>
    }
}

/// Every pool a filter exercise can be about: identity pools, then certificate pools.
fn targets(props: &ViewProps) -> Rc<Vec<ExerciseTarget>> {
    let workspace = &props.state.workspace;
    let pools = workspace.pools().iter().map(|p| ExerciseTarget::Pool(p.pool.id.clone()));
    let certificate_pools = workspace
        .certificate_pools()
        .iter()
        .map(|p| ExerciseTarget::CertificatePool(p.pool.id.clone()));
    Rc::new(pools.chain(certificate_pools).collect())
}

/// The target pool's current filter and the edit that changes it, for a filter exercise.
fn target_filter(
    props: &ViewProps,
    target: Option<&ExerciseTarget>,
) -> (Option<AttrValue>, Callback<String>) {
    let workspace = &props.state.workspace;
    let ondispatch = &props.ondispatch;
    let found = match target {
        Some(ExerciseTarget::Pool(id)) => {
            workspace.pools().iter().position(|p| p.pool.id == *id).map(|index| {
                let filter = workspace.pools()[index].pool.filter.clone();
                let onedit = ondispatch.reform(move |value| {
                    Action::Edit(Edit::SetPool { index, field: PoolField::Filter, value })
                });
                (filter, onedit)
            })
        }
        Some(ExerciseTarget::CertificatePool(id)) => {
            workspace.certificate_pools().iter().position(|p| p.pool.id == *id).map(|index| {
                let filter = workspace.certificate_pools()[index].pool.filter.clone();
                let onedit = ondispatch.reform(move |value| {
                    Action::Edit(Edit::SetCertificatePool {
                        index,
                        field: CertificatePoolField::Filter,
                        value,
                    })
                });
                (filter, onedit)
            })
        }
        None => None,
    };
    match found {
        Some((filter, onedit)) => (Some(AttrValue::from(filter)), onedit),
        None => (None, Callback::noop()),
    }
}
