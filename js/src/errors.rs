//! Every failure the JS API reports is a JS `Error` whose `name` is stable,
//! so that JS code can branch on `error.name` instead of parsing messages:
//! one name per [`Error`] variant, `TypeError` / `RangeError` for arguments
//! of the wrong type or range (as the platform's own APIs do), and the
//! browser's own name (`SyntaxError`, ...) where the browser threw.
//!
//! The engine hands over each [`Error`] as its variant's name and data;
//! `errors.js` words the message as the crate's `Display` does. Worded in
//! Rust, the `Display` of every variant and the number formatting under
//! it were more than 6 KB of the gzipped module.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use wasm_websocket::reconnect::RejectReason;
use wasm_websocket::{CloseEvent, Error, JsError};

// The error classes are JavaScript (errors.js): a Rust export cannot extend
// `Error`. The package re-exports them, so that `instanceof` works; they
// are imported as functions (which classes are) only for that, since a
// re-exported function can leave its declaration to types.rs, where each
// class has its fields.
#[wasm_bindgen(module = "/src/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(name: &str, message: &str, ours: bool) -> JsValue;

    /// The JS error for the variant `variant` of [`Error`], with its data.
    #[wasm_bindgen(js_name = engineError)]
    fn engine_error(variant: &str, data: &Object) -> JsValue;

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

/// A JS `Error` whose `name` says which [`Error`] variant it was, with the
/// variant's data as properties (`code`, `reason`, `wasClean`, `timeoutMs`,
/// `bytes`, `size`, `limit`) where it has some.
pub(crate) fn to_js_error(error: Error) -> JsValue {
    let data = Object::new();
    let put = |key: &str, value: JsValue| set(&data, key, &value);
    // Sizes lose precision only beyond 2^53 bytes, which no buffer holds.
    match &error {
        Error::InvalidUrl { url, source } => {
            put("url", url.into());
            put_source(&data, source);
        }
        Error::InvalidOption { option, problem } => {
            put("option", (*option).into());
            put("problem", (*problem).into());
        }
        Error::InvalidProtocol(protocol) | Error::DuplicateProtocol(protocol) => {
            put("protocol", protocol.into());
        }
        Error::InvalidCloseCode(code) => put("code", (*code).into()),
        Error::CloseReasonTooLong(bytes) => put("length", (*bytes as f64).into()),
        Error::ConnectFailed(close) | Error::ConnectionLost(close) => put_close(&data, close),
        Error::ConnectTimeout(after) => {
            put("timeoutMs", (after.as_secs_f64() * 1000.0).into());
            // The message's whole milliseconds, as the crate counts them.
            let whole = after.as_secs() as f64 * 1000.0 + f64::from(after.subsec_millis());
            put("wholeMs", whole.into());
        }
        Error::NotQueued(why) => put("why", rejection_name(why).into()),
        Error::MessageTooLarge { size, limit } => {
            put("size", (*size as f64).into());
            put("limit", (*limit as f64).into());
        }
        Error::UnreadLimit { limit } => put("limit", (*limit as f64).into()),
        Error::Unsent { bytes } => put("bytes", (*bytes as f64).into()),
        Error::UnexpectedData(what) => put("what", what.into()),
        Error::BlobRead(source) => put_source(&data, source),
        Error::Unsupported(why) => put("why", (*why).into()),
        // What the browser threw, as it is: its name is the stable part.
        Error::Js(js) => {
            put("name", js.name.as_str().into());
            put("message", js.message.as_str().into());
        }
        // No data: `errors.js` words these from the name alone.
        Error::AlreadyClosed | Error::NotYetOpen => {}
        // A variant added to the crate after this binding was written.
        // (Every variant of today has its arm, so that the crate's
        // `Display`, which words them all, does not ship in the package.)
        _ => put("message", error.to_string().into()),
    }
    engine_error(error.name(), &data)
}

fn put_close(data: &Object, close: &CloseEvent) {
    set(data, "code", &close.code.into());
    set(data, "reason", &close.reason.as_str().into());
    set(data, "wasClean", &close.was_clean.into());
}

/// The browser's exception behind an error, for the end of its message.
fn put_source(data: &Object, source: &JsError) {
    set(data, "sourceName", &source.name.as_str().into());
    set(data, "sourceMessage", &source.message.as_str().into());
}

/// Why the offline queue refused a message, as JS names it.
pub(crate) fn rejection_name(why: &RejectReason) -> &'static str {
    match why {
        RejectReason::Full => "full",
        RejectReason::Disabled => "disabled",
        RejectReason::TooLarge => "too-large",
        _ => "rejected",
    }
}

/// Sets a property; on a plain object or an `Error` this cannot fail.
pub(crate) fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &key.into(), value);
}
