//! Values crossing between JS and Rust: what `send` accepts, how messages
//! and close events look in JS, and URLs given as strings or `URL` objects.

use js_sys::{ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use super::errors::{describe, describe_number, set, type_error};
use wasm_websocket::CloseEvent;

use wasm_websocket::{Message, WebSocketSender};

/// What a JS caller can send.
pub(crate) enum Outgoing {
    Text(String),
    /// Bytes viewed by a `Uint8Array` (any `ArrayBufferView` becomes one,
    /// over the same memory: nothing is copied on the JS side).
    Bytes(Uint8Array),
    Buffer(ArrayBuffer),
    Blob(web_sys::Blob),
}

impl Outgoing {
    /// Reads `data`, or says what was wrong with it; `method` names the
    /// caller in the message.
    pub(crate) fn from_js(data: &JsValue, method: &str) -> Result<Self, JsValue> {
        if let Some(text) = data.as_string() {
            Ok(Outgoing::Text(text))
        } else if let Some(bytes) = data.dyn_ref::<Uint8Array>() {
            Ok(Outgoing::Bytes(bytes.clone()))
        } else if ArrayBuffer::is_view(data) {
            // DataView, Int16Array, Buffer, ...: the bytes they cover.
            let get = |key: &str| Reflect::get(data, &key.into()).unwrap_or_default();
            let offset = get("byteOffset").as_f64().unwrap_or(0.0) as u32;
            let length = get("byteLength").as_f64().unwrap_or(0.0) as u32;
            Ok(Outgoing::Bytes(
                Uint8Array::new_with_byte_offset_and_length(&get("buffer"), offset, length),
            ))
        } else if let Some(buffer) = data.dyn_ref::<ArrayBuffer>() {
            Ok(Outgoing::Buffer(buffer.clone()))
        } else if let Some(blob) = data.dyn_ref::<web_sys::Blob>() {
            Ok(Outgoing::Blob(blob.clone()))
        } else {
            Err(type_error(&format!(
                "{method} takes a string, Uint8Array (or another ArrayBufferView), \
                 ArrayBuffer or Blob, not {}",
                describe(data)
            )))
        }
    }

    /// Sends it now on `sender`, as it is (a `Blob` or JS bytes go to the
    /// browser without a copy into wasm memory).
    pub(crate) fn send_on(self, sender: &WebSocketSender) -> wasm_websocket::Result<()> {
        match self {
            Outgoing::Text(text) => sender.try_send(Message::Text(text)),
            Outgoing::Bytes(bytes) => sender.try_send_uint8_array(&bytes),
            Outgoing::Buffer(buffer) => sender.try_send_array_buffer(&buffer),
            Outgoing::Blob(blob) => sender.try_send_blob(&blob),
        }
    }

    /// As a [`Message`], copying bytes into wasm memory. A `Blob` cannot be
    /// one without reading it (a promise, which would let later messages
    /// overtake it), so it is refused with a hint instead.
    pub(crate) fn into_message(self, method: &str) -> Result<Message, JsValue> {
        match self {
            Outgoing::Text(text) => Ok(Message::Text(text)),
            Outgoing::Bytes(bytes) => Ok(Message::Binary(bytes.to_vec())),
            Outgoing::Buffer(buffer) => Ok(Message::Binary(Uint8Array::new(&buffer).to_vec())),
            Outgoing::Blob(_) => Err(type_error(&format!(
                "{method} cannot queue a Blob: read it first, \
                 e.g. send(new Uint8Array(await blob.arrayBuffer()))"
            ))),
        }
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

/// A URL given as a string, or as an object with a string `href` (`URL`,
/// `Location`).
pub(crate) fn url_from_js(url: &JsValue, method: &str) -> Result<String, JsValue> {
    if let Some(url) = url.as_string() {
        return Ok(url);
    }
    if url.is_object() {
        if let Some(href) = Reflect::get(url, &"href".into())
            .ok()
            .and_then(|href| href.as_string())
        {
            return Ok(href);
        }
    }
    Err(type_error(&format!(
        "{method} takes the URL as a string or a URL object, not {}",
        describe(url)
    )))
}

/// A close code given to `close()`: `undefined` for the default, else an
/// integer (whether it may be sent is checked by the Rust layer).
pub(crate) fn close_code_from_js(code: &JsValue, method: &str) -> Result<Option<u16>, JsValue> {
    if code.is_undefined() || code.is_null() {
        return Ok(None);
    }
    match code.as_f64() {
        Some(number) if number.fract() == 0.0 && (0.0..=65535.0).contains(&number) => {
            Ok(Some(number as u16))
        }
        Some(number) => Err(super::errors::named_error(
            "InvalidCloseError",
            &format!(
                "close code {} cannot be sent by a browser: use 1000 or 3000-4999",
                describe_number(number)
            ),
        )),
        None => Err(type_error(&format!(
            "{method} takes the close code as a number, not {}",
            describe(code)
        ))),
    }
}

/// A close reason: `undefined` for none, else a string.
pub(crate) fn close_reason_from_js(reason: &JsValue, method: &str) -> Result<String, JsValue> {
    if reason.is_undefined() || reason.is_null() {
        return Ok(String::new());
    }
    reason.as_string().ok_or_else(|| {
        type_error(&format!(
            "{method} takes the close reason as a string, not {}",
            describe(reason)
        ))
    })
}
