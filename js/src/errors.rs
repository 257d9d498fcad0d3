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

/// An `Error` named as the runtime named what it threw (`SyntaxError`).
fn runtime_error(name: &str, message: &str) -> JsValue {
    make_error(name, message, false)
}

/// A `RangeError`: an argument of the right type but outside what is allowed.
fn range_error(message: &str) -> JsValue {
    js_sys::RangeError::new(message).into()
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
