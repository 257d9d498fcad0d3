//! The WebSocket-shaped events of both socket classes are JavaScript
//! (`event_target.js`): the engine holds each socket's listeners and tells
//! them what happened.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/event_target.js")]
extern "C" {
    /// The WebSocket-shaped listeners of one socket (`event_target.js`),
    /// which the engine tells what happened.
    pub type SocketEvents;

    /// Whether anything listens for `kind`.
    #[wasm_bindgen(method)]
    pub(crate) fn has(this: &SocketEvents, kind: &str) -> bool;

    /// A message (a string or a `Uint8Array`) to `message` listeners.
    #[wasm_bindgen(method, js_name = emitMessage)]
    pub(crate) fn emit_message(this: &SocketEvents, message: &JsValue);

    /// The close to `close` listeners, after an `error` if not clean.
    #[wasm_bindgen(method, js_name = emitClose)]
    pub(crate) fn emit_close(this: &SocketEvents, code: u16, reason: &str, was_clean: bool);
}
