//! Every failure the JS API reports is a JS `Error` whose `name` is stable,
//! so that JS code can branch on `error.name` instead of parsing messages:
//! one name per [`Error`] variant, `TypeError` / `RangeError` for arguments
//! of the wrong type or range (as the platform's own APIs do), and the
//! browser's own name (`SyntaxError`, ...) where the browser threw.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use wasm_websocket::Error;

// The error classes are JavaScript (errors.js): a Rust export cannot extend
// `Error`. The package re-exports them, so that `instanceof` works; they
// are imported as functions (which classes are) only for that, since a
// re-exported function can leave its declaration to types.rs, where each
// class has its fields.
#[wasm_bindgen(module = "/src/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(name: &str, message: &str, ours: bool) -> JsValue;

    #[wasm_bindgen(reexport, skip_typescript, js_name = WebSocketError)]
    fn web_socket_error_class();
    #[wasm_bindgen(reexport, skip_typescript, js_name = InvalidUrlError)]
    fn invalid_url_error_class();
    #[wasm_bindgen(reexport, skip_typescript, js_name = InvalidProtocolError)]
    fn invalid_protocol_error_class();
    #[wasm_bindgen(reexport, skip_typescript, js_name = InvalidCloseError)]
    fn invalid_close_error_class();
    #[wasm_bindgen(reexport, skip_typescript, js_name = ConnectFailedError)]
    fn connect_failed_error_class();
    #[wasm_bindgen(reexport, skip_typescript, js_name = ConnectTimeoutError)]
    fn connect_timeout_error_class();
    #[wasm_bindgen(reexport, skip_typescript, js_name = ConnectionLostError)]
    fn connection_lost_error_class();
    #[wasm_bindgen(reexport, skip_typescript, js_name = AlreadyClosedError)]
    fn already_closed_error_class();
    #[wasm_bindgen(reexport, skip_typescript, js_name = NotYetOpenError)]
    fn not_yet_open_error_class();
    #[wasm_bindgen(reexport, skip_typescript, js_name = MessageTooLargeError)]
    fn message_too_large_error_class();
    #[wasm_bindgen(reexport, skip_typescript, js_name = UnreadLimitError)]
    fn unread_limit_error_class();
    #[wasm_bindgen(reexport, skip_typescript, js_name = UnsentError)]
    fn unsent_error_class();
    #[wasm_bindgen(reexport, skip_typescript, js_name = UnsupportedError)]
    fn unsupported_error_class();
    #[wasm_bindgen(reexport, skip_typescript, js_name = ConcurrentReadError)]
    fn concurrent_read_error_class();
    #[wasm_bindgen(reexport, skip_typescript, js_name = UrlProviderError)]
    fn url_provider_error_class();
    #[wasm_bindgen(reexport, skip_typescript, js_name = BlobReadError)]
    fn blob_read_error_class();
    #[wasm_bindgen(reexport, skip_typescript, js_name = UnexpectedDataError)]
    fn unexpected_data_error_class();
    #[wasm_bindgen(reexport, skip_typescript, js_name = DisposedError)]
    fn disposed_error_class();
}

/// An error of this package named `name` (`ConnectFailedError`): an
/// instance of its class, which extends `WebSocketError` and `Error`.
pub(crate) fn named_error(name: &str, message: &str) -> JsValue {
    make_error(name, message, true)
}

/// The error for a method called after `free()` or `[Symbol.dispose]()`.
pub(crate) fn disposed_error(class: &str) -> JsValue {
    named_error(
        "DisposedError",
        &format!("this {class} was disposed: free() or [Symbol.dispose]() was called on it"),
    )
}

/// An `Error` named as the runtime named what it threw (`SyntaxError`).
fn runtime_error(name: &str, message: &str) -> JsValue {
    make_error(name, message, false)
}

/// A `TypeError`: an argument of the wrong type.
pub(crate) fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// A `RangeError`: an argument of the right type but outside what is allowed.
pub(crate) fn range_error(message: &str) -> JsValue {
    js_sys::RangeError::new(message).into()
}

/// The error for a runtime without a global `WebSocket` constructor: found
/// before connecting, since the browser's own `ReferenceError` would not say
/// what to do about it.
pub(crate) fn check_websocket_available() -> Result<(), JsValue> {
    let constructor = Reflect::get(&js_sys::global(), &"WebSocket".into()).unwrap_or_default();
    if constructor.is_function() {
        return Ok(());
    }
    Err(named_error(
        "UnsupportedError",
        "this runtime has no global WebSocket: use a browser, Node 22 or later, \
         or Node 20 started with --experimental-websocket, or pass a constructor \
         as the WebSocket option (the ws package's WebSocket, say)",
    ))
}

/// A JS `Error` whose `name` says which [`Error`] variant it was, with the
/// variant's data as properties (`code`, `reason`, `wasClean`, `timeoutMs`,
/// `bytes`, `size`, `limit`) where it has some.
pub(crate) fn to_js_error(error: Error) -> JsValue {
    // Keep what the browser threw: its name is the stable part.
    if let Error::Js(js) = &error {
        return runtime_error(&js.name, &js.message);
    }
    // The crate's own stable variant name, with two pairs merged into the
    // names JS code already branches on; any other variant (also one added
    // later) gets its own name.
    let name = match error.name() {
        "DuplicateProtocol" => "InvalidProtocolError".to_owned(),
        "CloseReasonTooLong" | "InvalidCloseCode" => "InvalidCloseError".to_owned(),
        "InvalidOption" => return range_error(&message_with_sources(&error)),
        other => format!("{other}Error"),
    };
    let close = match &error {
        Error::ConnectFailed(close) | Error::ConnectionLost(close) => Some(close),
        _ => None,
    };
    // Sizes lose precision only beyond 2^53 bytes, which no buffer holds.
    let extras: Vec<(&str, f64)> = match &error {
        Error::InvalidCloseCode(code) => vec![("code", (*code).into())],
        Error::ConnectTimeout(after) => vec![("timeoutMs", after.as_secs_f64() * 1000.0)],
        Error::Unsent { bytes } => vec![("bytes", *bytes as f64)],
        Error::MessageTooLarge { size, limit } => {
            vec![("size", *size as f64), ("limit", *limit as f64)]
        }
        Error::UnreadLimit { limit } => vec![("limit", *limit as f64)],
        _ => Vec::new(),
    };
    let value = named_error(&name, &message_with_sources(&error));
    let object: &Object = value.unchecked_ref();
    if let Some(close) = close {
        set(object, "code", &close.code.into());
        set(object, "reason", &close.reason.as_str().into());
        set(object, "wasClean", &close.was_clean.into());
    }
    for (key, number) in extras {
        set(object, key, &number.into());
    }
    value
}

/// The error's message followed by its sources' (the browser's own words,
/// for example), as one line: JS errors have no source chain to walk.
fn message_with_sources(error: &Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// Sets a property; on a plain object or an `Error` this cannot fail.
pub(crate) fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &key.into(), value);
}

/// A short description of a JS value for error messages: its type, and the
/// value itself for primitives (`number 42`, `an object`, `null`).
/// `number` as JS writes it (`1.5`, `Infinity`, `1e+300`), by JS: Rust's
/// float formatting would be the largest single function in the module.
pub(crate) fn describe_number(number: f64) -> String {
    js_sys::Number::from(number)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}

pub(crate) fn describe(value: &JsValue) -> String {
    if value.is_undefined() {
        "undefined".to_owned()
    } else if value.is_null() {
        "null".to_owned()
    } else if value.is_string() || value.as_f64().is_some() {
        // As JS writes it (quoted and escaped; `Infinity`, `1e+300`), and
        // without Rust's float and Debug formatting, which would weigh
        // more than the rest of the error messages together.
        let kind = if value.is_string() {
            "string"
        } else {
            "number"
        };
        let text = js_sys::JSON::stringify(value)
            .ok()
            .and_then(|text| text.as_string())
            .filter(|text| text != "null")
            .or_else(|| value.as_f64().map(describe_number))
            .unwrap_or_default();
        format!("the {kind} {text}")
    } else if let Some(flag) = value.as_bool() {
        format!("{flag}")
    } else if js_sys::Array::is_array(value) {
        "an array".to_owned()
    } else if value.is_function() {
        "a function".to_owned()
    } else {
        "an object".to_owned()
    }
}

/// Reports an exception thrown by user code that this layer called (an
/// event listener, a hook) the way the platform does for event listeners:
/// it surfaces as an unhandled rejection (logged by browsers; fatal in Node
/// by default) instead of being swallowed or stopping the other listeners.
pub(crate) fn report(exception: &JsValue) {
    let _ = js_sys::Promise::reject(exception);
}
