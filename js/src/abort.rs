//! The `signal` option of `Socket.connect`: an `AbortSignal` (or anything
//! with its shape, as `options.js` checks) that stops a connect and closes
//! the socket, as `fetch` takes one.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::errors::set;

/// Whether `signal` has aborted.
pub(crate) fn is_aborted(signal: &JsValue) -> bool {
    Reflect::get(signal, &"aborted".into()).is_ok_and(|aborted| aborted.is_truthy())
}

/// Why `signal` aborted (its `reason`, an `AbortError` unless the caller
/// gave one), to reject with, as `fetch` does.
pub(crate) fn abort_reason(signal: &JsValue) -> JsValue {
    Reflect::get(signal, &"reason".into()).unwrap_or_default()
}

/// Runs `then` once `signal` aborts: now if it has, else from its `abort`
/// event (a listener that runs once).
pub(crate) fn on_abort(signal: &JsValue, then: impl FnOnce() + 'static) {
    if is_aborted(signal) {
        then();
        return;
    }
    let listener = Closure::once_into_js(then);
    let once = Object::new();
    set(&once, "once", &true.into());
    if let Ok(add) = Reflect::get(signal, &"addEventListener".into()) {
        if let Some(add) = add.dyn_ref::<Function>() {
            let _ = add.call3(signal, &"abort".into(), &listener, &once);
        }
    }
}
