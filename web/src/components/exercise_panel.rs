//! One exercise: its instructions, what the learner edits (the target pool's filter, or the
//! scenario in the other views), each case with a live pass/fail badge, the expected and the
//! actual outcome, hints one at a time, and the solution behind a deliberate click.

use std::rc::Rc;

use poolcheck_core::commands::ExerciseResult;
use poolcheck_core::scenario::{Exercise, ExerciseTarget, Solution};
use yew::prelude::*;

use crate::components::{FilterExplanation, TextField};

#[derive(Properties, PartialEq)]
pub struct ExercisePanelProps {
    pub exercise: Rc<Exercise>,
    pub result: Option<ExerciseResult>,
    /// The target pool's filter as the learner has it now.
    pub filter: Option<AttrValue>,
    pub hints_shown: usize,
    pub solution_shown: bool,
    pub onfilter: Callback<String>,
    pub onhint: Callback<()>,
    pub onsolution: Callback<()>,
    pub onusesolution: Callback<()>,
}

#[component]
pub fn ExercisePanel(props: &ExercisePanelProps) -> Html {
    let exercise = &props.exercise;
    let solved = props.result.as_ref().is_some_and(|result| result.solved);
    let hints =
        exercise.hints.iter().take(props.hints_shown).map(|hint| html! { <li>{hint.clone()}</li> });
    let hints_left = exercise.hints.len().saturating_sub(props.hints_shown);
    let target = exercise.target.as_ref().map(|target| match target {
        ExerciseTarget::Pool(id) => format!("identity pool {id}"),
        ExerciseTarget::CertificatePool(id) => format!("certificate pool {id}"),
    });
    html! {
        <section class="exercise" aria-labelledby="exercise-heading">
            <h3 id="exercise-heading">
                {exercise.title.clone()}{" "}
                <span class={classes!("badge", if solved { "match" } else { "no-match" })}>
                    {if solved { "solved" } else { "not solved yet" }}
                </span>
            </h3>
            <p class="exercise-instructions">{exercise.instructions.clone()}</p>
            if let (Some(filter), Some(target)) = (&props.filter, target) {
                <TextField
                    id="exercise-filter"
                    label={format!("Filter of {target}")}
                    class="filter-input"
                    rows={3}
                    value={filter.clone()}
                    oninput={props.onfilter.clone()}
                />
            } else {
                <p class="help">{"Fix the scenario in the Identity pools and Certificates views; the outcome below follows every edit."}</p>
            }
            if let Some(result) = &props.result {
                { cases(result) }
                { outcome(result) }
            }
            <div class="hints">
                if props.hints_shown > 0 {
                    <ol class="hint-list">{ for hints }</ol>
                }
                if hints_left > 0 {
                    <button type="button" class="secondary" onclick={props.onhint.reform(|_: MouseEvent| ())}>
                        {format!("Show a hint ({hints_left} left)")}
                    </button>
                }
            </div>
            if let Some(solution) = &exercise.solution {
                if props.solution_shown {
                    { solution_view(solution, &props.onusesolution) }
                } else {
                    <button type="button" class="secondary" onclick={props.onsolution.reform(|_: MouseEvent| ())}>
                        {"Show the solution"}
                    </button>
                }
            }
        </section>
    }
}

fn cases(result: &ExerciseResult) -> Html {
    if result.cases.is_empty() {
        return Html::default();
    }
    let rows = result.cases.iter().map(|case| {
        let (expected, actual) = (case.expected.label(), case.actual.label());
        html! {
            <tr class={classes!("case", if case.passed { "passed" } else { "failed" })}>
                <th scope="row">{case.name.clone()}</th>
                <td>{expected}</td>
                <td>{actual}
                    if let Some(error) = &case.error {
                        <span class="case-error">{format!(": {error}")}</span>
                    }
                </td>
                <td><span class={classes!("badge", if case.passed { "match" } else { "no-match" })}>
                    {if case.passed { "pass" } else { "fail" }}
                </span></td>
            </tr>
        }
    });
    // The first case that fails, explained step by step.
    let failing = result.cases.iter().find(|case| !case.passed);
    html! {
        <>
            <table class="cases">
                <caption>{"Cases"}</caption>
                <thead><tr><th scope="col">{"Case"}</th><th scope="col">{"Expected"}</th><th scope="col">{"Actual"}</th><th scope="col">{"Result"}</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            if let Some(case) = failing {
                if let Some(report) = &case.explanation {
                    <div class="case-explanation">
                        <p>{format!("Why \"{}\" fails:", case.name)}</p>
                        <FilterExplanation report={report.clone()} />
                    </div>
                }
            }
        </>
    }
}

fn outcome(result: &ExerciseResult) -> Html {
    let (Some(expected), Some(actual)) = (&result.expected, &result.actual) else {
        return Html::default();
    };
    let flows = [("OAuth", &expected.oauth, &actual.oauth), ("mTLS", &expected.mtls, &actual.mtls)];
    let rows = flows.into_iter().filter_map(|(name, expected, actual)| {
        let expected = expected.as_ref()?;
        Some(html! {
            <tr>
                <th scope="row">{name}</th>
                <td>{expected.to_string()}</td>
                <td>{actual.as_ref().map_or_else(|| "not simulated".to_owned(), ToString::to_string)}</td>
            </tr>
        })
    });
    html! {
        <table class="cases">
            <caption>{"Outcome"}</caption>
            <thead><tr><th scope="col">{"Flow"}</th><th scope="col">{"Expected"}</th><th scope="col">{"Now"}</th></tr></thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

fn solution_view(solution: &Solution, onuse: &Callback<()>) -> Html {
    match solution {
        Solution::Filter(filter) => html! {
            <div class="solution">
                <p>{"Solution:"}</p>
                <pre class="filter-code">{filter.clone()}</pre>
                <button type="button" class="secondary" onclick={onuse.reform(|_: MouseEvent| ())}>{"Use this filter"}</button>
            </div>
        },
        Solution::Patch(operations) => html! {
            <div class="solution">
                <p>{"Solution (JSON Patch operations on the scenario file):"}</p>
                <pre class="filter-code">{serde_json::to_string_pretty(operations).unwrap_or_default()}</pre>
            </div>
        },
    }
}
