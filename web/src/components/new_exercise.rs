//! Starting an exercise from what is on the page: a filter exercise for a chosen pool (its
//! filter is the solution, the current token the first case), or an outcome exercise that
//! expects the current outcome.

use std::rc::Rc;

use poolcheck_core::commands::ExerciseEdit;
use poolcheck_core::scenario::ExerciseTarget;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NewExerciseProps {
    /// The scenario's identity pools, then its certificate pools.
    pub targets: Rc<Vec<ExerciseTarget>>,
    pub onedit: Callback<ExerciseEdit>,
}

#[component]
pub fn NewExercise(props: &NewExerciseProps) -> Html {
    // Which pool is chosen is the form's own business until "New filter exercise" is pressed.
    let chosen = use_state(|| 0_usize);
    let onchoose = {
        let chosen = chosen.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().selected_index();
            chosen.set(usize::try_from(value).unwrap_or_default());
        })
    };
    let target = props.targets.get(*chosen).or_else(|| props.targets.first()).cloned();
    let onfilter = match target.clone() {
        Some(target) => props.onedit.reform(move |_: MouseEvent| ExerciseEdit::AddFilterExercise {
            target: target.clone(),
        }),
        None => Callback::noop(),
    };
    let onoutcome = props.onedit.reform(|_: MouseEvent| ExerciseEdit::AddOutcomeExercise);
    let options = props.targets.iter().enumerate().map(|(index, target)| {
        let label = match target {
            ExerciseTarget::Pool(id) => format!("identity pool {id}"),
            ExerciseTarget::CertificatePool(id) => format!("certificate pool {id}"),
        };
        html! { <option value={index.to_string()} selected={index == *chosen}>{label}</option> }
    });
    html! {
        <div class="new-exercise">
            <div class="field">
                <label for="new-exercise-target">{"Pool for a new filter exercise"}</label>
                <select id="new-exercise-target" disabled={target.is_none()} onchange={onchoose}>{ for options }</select>
            </div>
            <button type="button" disabled={target.is_none()} onclick={onfilter}>{"New filter exercise"}</button>
            <button type="button" class="secondary" onclick={onoutcome}>{"New outcome exercise from the current outcome"}</button>
        </div>
    }
}
