//! Values crossing between JS and Rust: messages and close events as JS
//! sees them, and what the JS classes hand over to send (a string, a
//! `Uint8Array` or a `Blob`: `outgoing.js` makes every other kind of bytes
//! a `Uint8Array`).

use js_sys::{Object, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use super::errors::{set, to_js_error};
use wasm_websocket::{CloseEvent, Message, WebSocketSender};

/// Sends `data` now on `sender`, as it is: bytes and a `Blob` go to the
/// browser without a copy into wasm memory.
pub(crate) fn send_js(sender: &WebSocketSender, data: JsValue) -> Result<(), JsValue> {
    match data.as_string() {
        Some(text) => sender.try_send(Message::Text(text)),
        None => match data.dyn_into::<Uint8Array>() {
            Ok(bytes) => sender.try_send_uint8_array(&bytes),
            Err(blob) => sender.try_send_blob(blob.unchecked_ref()),
        },
    }
    .map_err(to_js_error)
}

/// A string or a `Uint8Array` as a [`Message`], copying bytes into wasm
/// memory (the queue and the heartbeat keep their messages).
pub(crate) fn message_from_js(data: JsValue) -> Message {
    match data.as_string() {
        Some(text) => Message::Text(text),
        None => Message::Binary(data.unchecked_into::<Uint8Array>().to_vec()),
    }
}

/// A message as JS sees it: a `string`, or a `Uint8Array` of its own.
pub(crate) fn message_to_js(message: Message) -> JsValue {
    match message {
        Message::Text(text) => text.into(),
        Message::Binary(bytes) => Uint8Array::from(bytes.as_slice()).into(),
    }
}

/// `{ code, reason, wasClean }`.
pub(crate) fn close_to_js(close: &CloseEvent) -> JsValue {
    let object = Object::new();
    set(&object, "code", &close.code.into());
    set(&object, "reason", &close.reason.as_str().into());
    set(&object, "wasClean", &close.was_clean.into());
    object.into()
}
