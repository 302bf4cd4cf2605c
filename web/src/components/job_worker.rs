//! Runs jobs in web/builder-worker.js, off the main thread: the builder's (so that generating
//! an RSA key leaves typing responsive) and, in a second instance, Confluent import and export
//! (code the app's own wasm does not carry). Renders nothing. The worker (and the signer it loads,
//! dist/pkg) is fetched only when the first job starts; a job that is cancelled or replaced
//! while it runs cannot be interrupted, so its worker is terminated and the next job starts a
//! fresh one.

use std::cell::RefCell;
use std::rc::Rc;

use poolcheck_core::commands::{CommandError, CommandErrorCode};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::{Closure, JsValue};
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::prelude::*;

use crate::state::Job;

const WORKER_URL: &str = "./builder-worker.js";

#[derive(Properties, PartialEq)]
pub struct JobWorkerProps {
    pub job: Option<Rc<Job>>,
    /// A job's id and its JSON reply, or why it failed.
    pub ondone: Callback<(u32, Result<String, CommandError>)>,
}

/// The worker, its listeners, and the job it is running.
struct Running {
    worker: Worker,
    pending: Option<u32>,
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
    _onerror: Closure<dyn FnMut(web_sys::Event)>,
}

type Slot = Rc<RefCell<Option<Running>>>;

#[component]
pub fn JobWorker(props: &JobWorkerProps) -> Html {
    let slot: Slot = use_mut_ref(|| None);
    let ondone = props.ondone.clone();
    use_effect_with(props.job.clone(), move |job| {
        let wanted = job.as_ref().map(|job| job.id);
        let stale =
            slot.borrow().as_ref().is_some_and(|r| r.pending.is_some() && r.pending != wanted);
        let taken = if stale { slot.borrow_mut().take() } else { None };
        if let Some(running) = taken {
            running.worker.terminate();
        }
        let posted = |job: &Rc<Job>| {
            slot.borrow().as_ref().is_some_and(|running| running.pending == Some(job.id))
        };
        if let Some(job) = job.as_ref().filter(|job| !posted(job)) {
            post(&slot, job, &ondone);
        }
    });
    Html::default()
}

fn post(slot: &Slot, job: &Job, ondone: &Callback<(u32, Result<String, CommandError>)>) {
    let fail = |message: String| ondone.emit((job.id, Err(worker_failed(message))));
    if slot.borrow().is_none() {
        match start(slot, ondone) {
            Ok(running) => *slot.borrow_mut() = Some(running),
            Err(message) => return fail(message),
        }
    }
    let message = serde_json::to_string(job)
        .map_err(|error| error.to_string())
        .and_then(|text| js_sys::JSON::parse(&text).map_err(|error| format!("{error:?}")));
    let mut slot = slot.borrow_mut();
    let Some(running) = slot.as_mut() else { return };
    match message.and_then(|message| {
        running.worker.post_message(&message).map_err(|error| format!("{error:?}"))
    }) {
        Ok(()) => running.pending = Some(job.id),
        Err(message) => {
            drop(slot);
            fail(message);
        }
    }
}

fn start(
    slot: &Slot,
    ondone: &Callback<(u32, Result<String, CommandError>)>,
) -> Result<Running, String> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(WORKER_URL, &options).map_err(|e| format!("{e:?}"))?;
    let onmessage = {
        let (slot, ondone) = (Rc::downgrade(slot), ondone.clone());
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let (id, outcome) = reply(&event.data());
            if let Some(slot) = slot.upgrade()
                && let Some(running) = slot.borrow_mut().as_mut()
            {
                running.pending = None;
            }
            ondone.emit((id, outcome));
        })
    };
    let onerror = {
        let (slot, ondone) = (Rc::downgrade(slot), ondone.clone());
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            // The script or its wasm did not load: every later job would fail the same way
            // until a fresh worker is tried.
            let Some(slot) = slot.upgrade() else { return };
            let pending = slot.borrow_mut().take().and_then(|running| running.pending);
            if let Some(id) = pending {
                ondone.emit((id, Err(worker_failed("the builder's worker did not load".into()))));
            }
        })
    };
    worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
    Ok(Running { worker, pending: None, _onmessage: onmessage, _onerror: onerror })
}

/// `{ id, ok }` or `{ id, error: { code, message, hint } }` (web/builder-worker.js).
fn reply(data: &JsValue) -> (u32, Result<String, CommandError>) {
    let get = |name: &str| js_sys::Reflect::get(data, &JsValue::from_str(name)).ok();
    let id = get("id").and_then(|id| id.as_f64()).map_or(0, |id| id as u32);
    if let Some(ok) = get("ok").and_then(|ok| ok.as_string()) {
        return (id, Ok(ok));
    }
    let error = get("error").unwrap_or(JsValue::UNDEFINED);
    let text = js_sys::JSON::stringify(&error).ok().and_then(|text| text.as_string());
    let parsed = text.as_deref().and_then(|text| serde_json::from_str::<CommandError>(text).ok());
    let message = || {
        js_sys::Reflect::get(&error, &JsValue::from_str("message"))
            .ok()
            .and_then(|message| message.as_string())
            .unwrap_or_else(|| "the builder's worker failed".into())
    };
    (id, Err(parsed.unwrap_or_else(|| worker_failed(message()))))
}

fn worker_failed(message: String) -> CommandError {
    CommandError::new(CommandErrorCode::WorkerFailed, message)
}
