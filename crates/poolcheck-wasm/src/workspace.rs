//! The core `Workspace` as a JavaScript class: build it from a scenario, send it the same
//! `Edit`s the app sends, read the same reports.

use poolcheck_core::commands::{self, ExerciseEdit, ScenarioInput, SimulateOptions};
use poolcheck_core::filter::Detail;
use poolcheck_core::scenario::Scenario;
use poolcheck_core::workspace::{self, Edit};
use serde::Deserialize;
use serde_json::Value;
use wasm_bindgen::prelude::{JsValue, wasm_bindgen};

use crate::convert::{clock, optional, output, required, thrown};

/// A scenario given as JSON text (size and duplicate members checked, as the CLI does) or as
/// an object, with the options applied.
pub fn read_scenario(scenario: JsValue, options: &SimulateOptions) -> Result<Scenario, JsValue> {
    let read = match scenario.as_string() {
        Some(text) => commands::scenario(ScenarioInput::Text(&text), options),
        None => {
            let value: Value = required(scenario, "scenario")?;
            commands::scenario(ScenarioInput::Value(&value), options)
        }
    };
    read.map_err(|error| thrown(&error))
}

/// The constructor's options: `simulate`'s, and the detail to start at.
#[derive(Default, Deserialize)]
struct WorkspaceOptions {
    #[serde(flatten)]
    simulate: SimulateOptions,
    #[serde(default)]
    detail: Detail,
}

#[wasm_bindgen]
pub struct Workspace {
    inner: workspace::Workspace,
}

#[wasm_bindgen]
impl Workspace {
    /// A workspace for a scenario (object or JSON text); `options` override its `now`,
    /// `leeway_seconds` or `token`, and `detail` starts it at that detail (see `setDetail`).
    /// Without a `now` anywhere, the clock is read once, here.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SimulateOptions & { detail?: Detail }")]
        options: Option<js_sys::Object>,
    ) -> Result<Workspace, JsValue> {
        let WorkspaceOptions { simulate, detail } = optional(options.map(Into::into), "options")?;
        let scenario = read_scenario(scenario, &simulate)?;
        Ok(Workspace { inner: workspace::Workspace::with_detail(scenario, clock(), detail) })
    }

    /// Applies one edit, exactly as the app does (`{ edit: "set_token", token }`, …).
    pub fn apply(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Edit")] edit: JsValue,
    ) -> Result<(), JsValue> {
        let edit: Edit = required(edit, "edit")?;
        self.inner.apply(edit);
        Ok(())
    }

    /// A trainer's change to the exercises (`{ edit: "add_filter_exercise", target: { pool } }`,
    /// `{ edit: "add_case", exercise, case: { from: "pasted", text } }`, …), judged as the
    /// app judges it: throws the `CommandError` of a refused edit and changes nothing.
    #[wasm_bindgen(js_name = editExercises)]
    pub fn edit_exercises(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ExerciseEdit")] edit: JsValue,
    ) -> Result<(), JsValue> {
        let edit: ExerciseEdit = required(edit, "edit")?;
        let exercises = commands::edit_exercises(&self.inner.scenario(), edit, self.inner.now())
            .map_err(|error| thrown(&error))?;
        self.inner.set_exercises(exercises);
        Ok(())
    }

    /// `"verdict"`: the OAuth report (in `reports()` and `simulation()`) gives each pool's
    /// verdict and only the error lints that decide it: no explanation, no warnings (about five
    /// times cheaper per edit with many pools); `explainedPoolResult` gives a pool's full
    /// result. `"explained"` (the default): every pool is explained, with every lint.
    #[wasm_bindgen(js_name = setDetail)]
    pub fn set_detail(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Detail")] detail: JsValue,
    ) -> Result<(), JsValue> {
        self.inner.set_detail(required(detail, "detail")?);
        Ok(())
    }

    /// The OAuth report's result for the pool at `index`, explained whatever the detail;
    /// `undefined` past the last pool.
    #[wasm_bindgen(js_name = explainedPoolResult, unchecked_return_type = "PoolResult | undefined")]
    pub fn explained_pool_result(&self, index: usize) -> Result<JsValue, JsValue> {
        match self.inner.explained_pool_result(index) {
            Some(result) => output(&result),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Every report the app renders: token, keys, signature, OAuth, mTLS.
    #[wasm_bindgen(unchecked_return_type = "Reports")]
    pub fn reports(&self) -> Result<JsValue, JsValue> {
        output(&self.inner.reports())
    }

    /// What `poolcheck simulate --json` prints for the workspace's current scenario.
    #[wasm_bindgen(unchecked_return_type = "SimulationReport")]
    pub fn simulation(&self) -> Result<JsValue, JsValue> {
        output(&self.inner.simulation())
    }

    /// The current state as a scenario document, as the app exports it.
    #[wasm_bindgen(unchecked_return_type = "Scenario")]
    pub fn scenario(&self) -> Result<JsValue, JsValue> {
        output(&self.inner.scenario())
    }
}
