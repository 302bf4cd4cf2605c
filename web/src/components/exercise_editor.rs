//! The trainer's form for one exercise: id, title, instructions, the cases (each added from
//! the current token, a pasted token, claims or certificate, or the Build tab's token, with
//! the result it gives now as the expected one), hints, and the solution. Core judges every
//! change; a refused one is explained above the form and changes nothing.

use std::rc::Rc;

use poolcheck_core::commands::{ExerciseEdit, ExerciseField, NewCase};
use poolcheck_core::scenario::{CaseInput, Exercise, ExerciseKind, Expectation, Solution};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::TextField;

#[derive(Properties, PartialEq)]
pub struct ExerciseEditorProps {
    pub exercise: Rc<Exercise>,
    /// The exercise's position, which every edit names.
    pub index: usize,
    /// The token the Build tab signed last, offered as a case.
    pub built_token: Option<AttrValue>,
    pub onedit: Callback<ExerciseEdit>,
}

#[component]
pub fn ExerciseEditor(props: &ExerciseEditorProps) -> Html {
    // The pasted case is a draft: it reaches the reducer only when "Add this case" is pressed.
    let draft = use_state(String::new);
    let exercise = &props.exercise;
    let index = props.index;
    let onedit = &props.onedit;
    let set = |field: ExerciseField| {
        onedit.reform(move |value| ExerciseEdit::Set { exercise: index, field, value })
    };
    // The id is judged when the field is left, so typing through a taken id is not refused.
    let onid = onedit.reform(move |event: Event| ExerciseEdit::Set {
        exercise: index,
        field: ExerciseField::Id,
        value: event.target_unchecked_into::<HtmlInputElement>().value(),
    });
    let onremove = onedit.reform(move |_: MouseEvent| ExerciseEdit::Remove { exercise: index });
    html! {
        <section class="exercise-editor" aria-labelledby="exercise-editor-heading">
            <h3 id="exercise-editor-heading">{"Edit this exercise"}</h3>
            <div class="field-row">
                <div class="field">
                    <label for="exercise-id">{"Exercise ID"}</label>
                    <input id="exercise-id" value={exercise.id.clone()} onchange={onid} />
                </div>
                <TextField id="exercise-title" label="Title" value={exercise.title.clone()} oninput={set(ExerciseField::Title)} />
            </div>
            <TextField
                id="exercise-instructions"
                label="Instructions (plain text; *emphasis* and `code`)"
                rows={4}
                value={exercise.instructions.clone()}
                oninput={set(ExerciseField::Instructions)}
            />
            if exercise.kind == ExerciseKind::Filter {
                { cases(exercise, index, onedit) }
                { add_case(exercise, index, &draft, props.built_token.as_ref(), onedit) }
            } else {
                { outcome(exercise, index, onedit) }
            }
            { hints(exercise, index, onedit) }
            { solution(exercise, index, onedit) }
            <button type="button" class="secondary" onclick={onremove}>{"Remove this exercise"}</button>
        </section>
    }
}

fn cases(exercise: &Exercise, index: usize, onedit: &Callback<ExerciseEdit>) -> Html {
    let last = exercise.cases.len() == 1;
    let rows = exercise.cases.iter().enumerate().map(|(case, item)| {
        let onname = onedit.reform(move |event: Event| ExerciseEdit::RenameCase {
            exercise: index,
            case,
            name: event.target_unchecked_into::<HtmlInputElement>().value(),
        });
        let onexpect = onedit.reform(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlInputElement>().value();
            let expect = if value == "match" { Expectation::Match } else { Expectation::NoMatch };
            ExerciseEdit::SetExpectation { exercise: index, case, expect }
        });
        let onremove =
            onedit.reform(move |_: MouseEvent| ExerciseEdit::RemoveCase { exercise: index, case });
        let input = match item.input() {
            CaseInput::Token(_) => "token",
            CaseInput::Claims(_) => "claims",
            CaseInput::Certificate(_) => "certificate",
        };
        let matching = item.expect == Expectation::Match;
        html! {
            <tr>
                <td>
                    <label class="visually-hidden" for={format!("case-name-{case}")}>{format!("Name of case {}", case + 1)}</label>
                    <input id={format!("case-name-{case}")} value={item.name.clone()} onchange={onname} />
                </td>
                <td>{input}</td>
                <td>
                    <label class="visually-hidden" for={format!("case-expect-{case}")}>{format!("Expected result of case {}", case + 1)}</label>
                    <select id={format!("case-expect-{case}")} onchange={onexpect}>
                        <option value="match" selected={matching}>{"match"}</option>
                        <option value="no_match" selected={!matching}>{"no match"}</option>
                    </select>
                </td>
                <td>
                    <button type="button" class="secondary" disabled={last} onclick={onremove}>
                        {"Remove"}<span class="visually-hidden">{format!(" case {}", case + 1)}</span>
                    </button>
                </td>
            </tr>
        }
    });
    html! {
        <table class="cases">
            <caption>{"Cases the filter is checked against"}</caption>
            <thead><tr><th scope="col">{"Name"}</th><th scope="col">{"Input"}</th><th scope="col">{"Expected"}</th><th scope="col">{"Remove"}</th></tr></thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

fn add_case(
    exercise: &Exercise,
    index: usize,
    draft: &UseStateHandle<String>,
    built_token: Option<&AttrValue>,
    onedit: &Callback<ExerciseEdit>,
) -> Html {
    let add = |case: NewCase| {
        onedit.reform(move |_: MouseEvent| ExerciseEdit::AddCase {
            exercise: index,
            case: case.clone(),
        })
    };
    let ondraft = {
        let draft = draft.clone();
        Callback::from(move |event: InputEvent| {
            draft.set(event.target_unchecked_into::<HtmlTextAreaElement>().value());
        })
    };
    let onpasted = {
        let draft = draft.clone();
        onedit.reform(move |_: MouseEvent| {
            let text = (*draft).clone();
            draft.set(String::new());
            ExerciseEdit::AddCase { exercise: index, case: NewCase::Pasted { text } }
        })
    };
    let certificates = matches!(
        exercise.target,
        Some(poolcheck_core::scenario::ExerciseTarget::CertificatePool(_))
    );
    let current =
        if certificates { "Add the current client certificate" } else { "Add the current token" };
    let placeholder = if certificates {
        "-----BEGIN CERTIFICATE-----"
    } else {
        "A token (eyJ…) or claims: {\"sub\": \"…\", \"aud\": \"…\"}"
    };
    html! {
        <div class="add-case">
            <p class="help">{"A new case expects what the pool's filter gives it now; change the expectation if the filter is still to be written."}</p>
            <button type="button" class="secondary" onclick={add(NewCase::Current)}>{current}</button>
            if let (false, Some(token)) = (certificates, built_token) {
                <button type="button" class="secondary" onclick={add(NewCase::Token { token: token.to_string() })}>
                    {"Add the token from the Build tab"}
                </button>
            }
            <div class="field">
                <label for="case-paste">{if certificates { "Paste a client certificate (PEM)" } else { "Paste a token or claims (JSON)" }}</label>
                <textarea id="case-paste" rows="3" spellcheck="false" autocomplete="off" {placeholder} value={(**draft).clone()} oninput={ondraft} />
            </div>
            <button type="button" class="secondary" disabled={draft.trim().is_empty()} onclick={onpasted}>{"Add this case"}</button>
        </div>
    }
}

fn outcome(exercise: &Exercise, index: usize, onedit: &Callback<ExerciseEdit>) -> Html {
    let expected = exercise.expect.iter().flat_map(|expect| {
        [("OAuth", &expect.oauth), ("mTLS", &expect.mtls)]
            .into_iter()
            .filter_map(|(name, flow)| {
                flow.as_ref().map(|flow| html! { <li>{format!("{name}: {flow}")}</li> })
            })
            .collect::<Vec<_>>()
    });
    let oncapture =
        onedit.reform(move |_: MouseEvent| ExerciseEdit::CaptureOutcome { exercise: index });
    html! {
        <div class="outcome-editor">
            <p>{"Expected outcome:"}</p>
            <ul>{ for expected }</ul>
            <button type="button" class="secondary" onclick={oncapture}>
                {"Expect the current outcome, and record the current scenario as the solution"}
            </button>
            <p class="help">{"Set up the scenario that works, record it here, then break it for the learners: the exercise checks that they reach this outcome again."}</p>
        </div>
    }
}

fn hints(exercise: &Exercise, index: usize, onedit: &Callback<ExerciseEdit>) -> Html {
    let items = exercise.hints.iter().enumerate().map(|(hint, text)| {
        let oninput = onedit.reform(move |text| ExerciseEdit::SetHint { exercise: index, hint, text });
        let onremove =
            onedit.reform(move |_: MouseEvent| ExerciseEdit::RemoveHint { exercise: index, hint });
        html! {
            <li>
                <TextField id={format!("exercise-hint-{hint}")} label={format!("Hint {}", hint + 1)} value={text.clone()} {oninput} />
                <button type="button" class="secondary" onclick={onremove}>
                    {"Remove"}<span class="visually-hidden">{format!(" hint {}", hint + 1)}</span>
                </button>
            </li>
        }
    });
    let onadd = onedit.reform(move |_: MouseEvent| ExerciseEdit::AddHint { exercise: index });
    html! {
        <div class="hints-editor">
            <ol class="hint-list">{ for items }</ol>
            <button type="button" class="secondary" onclick={onadd}>{"Add a hint"}</button>
        </div>
    }
}

fn solution(exercise: &Exercise, index: usize, onedit: &Callback<ExerciseEdit>) -> Html {
    let set =
        move |value| ExerciseEdit::Set { exercise: index, field: ExerciseField::Solution, value };
    match exercise.kind {
        ExerciseKind::Filter => {
            let value = match &exercise.solution {
                Some(Solution::Filter(filter)) => filter.clone(),
                _ => String::new(),
            };
            html! {
                <TextField id="exercise-solution" label="Solution (the filter)" class="filter-input" rows={2} {value} oninput={onedit.reform(set)} />
            }
        }
        ExerciseKind::Outcome => {
            let value = match &exercise.solution {
                Some(Solution::Patch(operations)) => {
                    serde_json::to_string_pretty(operations).unwrap_or_default()
                }
                _ => String::new(),
            };
            // JSON is judged when the field is left: half-typed JSON is not an error yet.
            let onchange = onedit.reform(move |event: Event| {
                set(event.target_unchecked_into::<HtmlTextAreaElement>().value())
            });
            let ontrim =
                onedit.reform(move |_: MouseEvent| ExerciseEdit::TrimSolution { exercise: index });
            html! {
                <div class="field">
                    <label for="exercise-solution">{"Solution (JSON Patch operations on the scenario file)"}</label>
                    <textarea id="exercise-solution" class="filter-input" rows="6" spellcheck="false" autocomplete="off" {value} {onchange} />
                    <button type="button" class="secondary" onclick={ontrim}>{"Keep only what differs from the scenario now"}</button>
                </div>
            }
        }
    }
}
