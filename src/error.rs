//! The one error type of the crate, and [`JsError`], a browser exception kept
//! by name and message.

use std::fmt;
use std::time::Duration;

use wasm_bindgen::{JsCast, JsValue};

use crate::close::CloseEvent;

/// Everything that can go wrong when connecting, sending, receiving or
/// closing.
///
/// The browser reports very little about network failures (its `error` event
/// carries no detail, on purpose, so that pages cannot probe the network), so
/// failures of the connection itself carry the [`CloseEvent`] that followed:
/// its code (usually 1006) and whatever reason the browser gave.
///
/// ```
/// use wasm_websocket::{CloseCode, Error};
///
/// let err = CloseCode::new(1001).unwrap_err();
/// assert_eq!(err, Error::InvalidCloseCode(1001));
/// assert_eq!(
///     err.to_string(),
///     "close code 1001 cannot be sent by a browser: use 1000 or 3000-4999"
/// );
/// ```
// The messages quote with plain quotes and give durations in whole
// milliseconds instead of going through `Debug`: the `Debug` code for `str`
// (escaping) and `Duration` would otherwise ship in every app that displays
// an error, about 6 KB of wasm.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The browser rejected the URL (its constructor threw a `SyntaxError`):
    /// not parseable, a scheme other than ws/wss/http/https, or a `#fragment`.
    /// The browser's own words are the [`source`](std::error::Error::source).
    #[error("invalid websocket url \"{url}\"")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// The browser's exception.
        #[source]
        source: JsError,
    },

    /// A setting has a value that makes no sense, such as a zero connect
    /// timeout (it could never succeed) or a zero heartbeat interval (a busy
    /// loop). `option` names the setting, `problem` says what is wrong.
    #[error("invalid option {option}: {problem}")]
    InvalidOption {
        /// The setting, as its builder method names it (without `with_`).
        option: &'static str,
        /// What is wrong with its value.
        problem: &'static str,
    },

    /// A subprotocol is not a valid HTTP token (empty, or holds spaces,
    /// control characters, non-ASCII or one of `()<>@,;:\"/[]?={}`).
    #[error("invalid subprotocol \"{0}\": it must be a non-empty HTTP token")]
    InvalidProtocol(String),

    /// The same subprotocol was requested twice.
    #[error("subprotocol \"{0}\" is requested more than once")]
    DuplicateProtocol(String),

    /// A close code a page may not send. Browsers accept only 1000 and
    /// 3000-4999; everything else is reserved for the protocol itself.
    #[error("close code {} cannot be sent by a browser: use 1000 or 3000-4999", u64::from(*.0))]
    InvalidCloseCode(u16),

    /// The close reason is longer than the 123 UTF-8 bytes a close frame can
    /// carry.
    #[error("close reason is {} bytes long; the limit is 123 UTF-8 bytes", *.0 as u64)]
    CloseReasonTooLong(usize),

    /// The connection closed before it opened: refused, the handshake failed,
    /// the server rejected the subprotocols, or [`close`](crate::WebSocket::close)
    /// was called while connecting.
    #[error("could not connect: {0}")]
    ConnectFailed(CloseEvent),

    /// The handshake did not complete within the configured connect timeout;
    /// the attempt has been abandoned and the socket closed.
    // Formatted as a u64: `as_millis` gives a u128, whose formatting code
    // would add more than a kilobyte to every app that shows this error.
    #[error("could not connect within {} ms", whole_millis(.0))]
    ConnectTimeout(Duration),

    /// An open connection ended abnormally (the browser fired `error`, or the
    /// close was not clean, e.g. code 1006 when the TCP connection dropped).
    /// The message stream yields this once, then ends.
    #[error("connection lost: {0}")]
    ConnectionLost(CloseEvent),

    /// The socket is closing or closed, so the message was not sent: the
    /// browser would have discarded it without a word.
    #[error("the websocket is closing or closed; nothing was sent")]
    AlreadyClosed,

    /// The socket is still connecting. Only the non-waiting
    /// [`try_send`](crate::WebSocket::try_send) reports this; everything else
    /// waits for the connection to open.
    #[error("the websocket is not open yet; nothing was sent")]
    NotYetOpen,

    /// A reconnecting socket's offline queue did not take the message (the
    /// `Sink` of a reconnecting socket reports this; its `send` and
    /// `try_send` hand the message back instead).
    #[error("the message was not queued: {0}")]
    NotQueued(crate::reconnect::RejectReason),

    /// A message arrived that was larger than
    /// [`max_message_size`](crate::WebSocketBuilder::with_max_message_size);
    /// it was not read, and the connection was closed with
    /// [`CloseCode::MESSAGE_TOO_BIG`](crate::CloseCode::MESSAGE_TOO_BIG).
    /// The message stream yields this, then ends.
    #[error("a message of {} bytes is larger than the limit of {} bytes", *.size as u64, *.limit as u64)]
    MessageTooLarge {
        /// The message's size in bytes (for text, at least its UTF-16 length).
        size: usize,
        /// The limit.
        limit: usize,
    },

    /// The messages received and not yet read would have exceeded
    /// [`max_unread`](crate::WebSocketBuilder::with_max_unread) bytes: the
    /// connection was closed with
    /// [`CloseCode::UNREAD_LIMIT`](crate::CloseCode::UNREAD_LIMIT). The
    /// messages received before are still read first; then this, then the
    /// end.
    #[error("more than {} bytes of received messages were left unread", *.limit as u64)]
    UnreadLimit {
        /// The limit.
        limit: usize,
    },

    /// The connection closed while `bytes` bytes handed to
    /// [`send`](crate::WebSocket::send) had not yet reached the network. They
    /// were never sent.
    #[error("the connection closed with {bytes} bytes still unsent")]
    Unsent {
        /// What `bufferedAmount` still held when the connection closed.
        bytes: u64,
    },

    /// A message arrived whose data was neither text, an `ArrayBuffer` nor a
    /// `Blob`. Browsers do not do this; the variant exists so that one never
    /// panics.
    #[error("a message arrived with data of an unexpected type ({0})")]
    UnexpectedData(String),

    /// Reading a `Blob` message into bytes failed; the browser's exception
    /// is the [`source`](std::error::Error::source).
    #[error("could not read a blob message")]
    BlobRead(#[source] JsError),

    /// There is no WebSocket to use here, for the reason given: a build for
    /// a target without a JavaScript host (native, or WASI; for example
    /// server-side rendering), or a JavaScript host whose global scope has
    /// no `WebSocket` constructor (Node before 22 without
    /// `--experimental-websocket`) and none was given with
    /// [`WebSocketBuilder::with_constructor`](crate::WebSocketBuilder::with_constructor).
    #[error("websockets are not available here: {0}")]
    Unsupported(&'static str),

    /// The browser threw an exception we have no better variant for; its
    /// name and message are kept, and shown as this error's own message.
    #[error(transparent)]
    Js(JsError),
}

impl Error {
    /// The variant's name, stable across releases (`"ConnectFailed"`,
    /// `"AlreadyClosed"`, ...): for logs, metrics, and bindings such as the
    /// npm package, which names its JS errors after it.
    ///
    /// ```
    /// use wasm_websocket::Error;
    ///
    /// assert_eq!(Error::AlreadyClosed.name(), "AlreadyClosed");
    /// assert_eq!(Error::InvalidCloseCode(1001).name(), "InvalidCloseCode");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Error::InvalidUrl { .. } => "InvalidUrl",
            Error::InvalidOption { .. } => "InvalidOption",
            Error::InvalidProtocol(_) => "InvalidProtocol",
            Error::DuplicateProtocol(_) => "DuplicateProtocol",
            Error::InvalidCloseCode(_) => "InvalidCloseCode",
            Error::CloseReasonTooLong(_) => "CloseReasonTooLong",
            Error::ConnectFailed(_) => "ConnectFailed",
            Error::ConnectTimeout(_) => "ConnectTimeout",
            Error::ConnectionLost(_) => "ConnectionLost",
            Error::AlreadyClosed => "AlreadyClosed",
            Error::NotYetOpen => "NotYetOpen",
            Error::NotQueued(_) => "NotQueued",
            Error::MessageTooLarge { .. } => "MessageTooLarge",
            Error::UnreadLimit { .. } => "UnreadLimit",
            Error::Unsent { .. } => "Unsent",
            Error::UnexpectedData(_) => "UnexpectedData",
            Error::BlobRead(_) => "BlobRead",
            Error::Unsupported(_) => "Unsupported",
            Error::Js(_) => "Js",
        }
    }
}

/// A shorthand for `Result<T, wasm_websocket::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A JavaScript exception, kept as its `name` (e.g. `"SyntaxError"`) and
/// `message`.
///
/// ```
/// use wasm_websocket::JsError;
///
/// let err = JsError::new("SyntaxError", "The URL contains a fragment identifier");
/// assert_eq!(err.name, "SyntaxError");
/// assert_eq!(err.to_string(), "SyntaxError: The URL contains a fragment identifier");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct JsError {
    /// The exception's `name`: `SyntaxError`, `InvalidAccessError`, ...
    pub name: String,
    /// The exception's `message`, as the browser wrote it.
    pub message: String,
}

impl JsError {
    /// Builds one from a name and a message.
    pub fn new(name: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            message: message.into(),
        }
    }

    /// Reads the name and message of whatever was thrown. `DOMException`s and
    /// `Error`s keep both; any other thrown value becomes its string form.
    ///
    /// ```no_run
    /// use wasm_websocket::JsError;
    ///
    /// let thrown = js_sys::Error::new("boom");
    /// let error = JsError::from_js(&thrown.into());
    /// assert_eq!((error.name.as_str(), error.message.as_str()), ("Error", "boom"));
    /// ```
    pub fn from_js(value: &JsValue) -> Self {
        if let Some(dom) = value.dyn_ref::<web_sys::DomException>() {
            return Self::new(dom.name(), dom.message());
        }
        if let Some(error) = value.dyn_ref::<js_sys::Error>() {
            return Self::new(String::from(error.name()), String::from(error.message()));
        }
        let message = value.as_string().unwrap_or_else(|| describe(value));
        Self::new("Error", message)
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// JavaScript's `String(value)`, which throws only for an object that
    /// cannot be turned into a primitive.
    #[wasm_bindgen(js_name = String, catch)]
    fn js_string(value: &JsValue) -> std::result::Result<String, JsValue>;
}

/// A thrown value that is neither an exception nor a string, in words: what
/// `String(value)` gives (`"42"`, `"[object Object]"`). Not through `Debug`,
/// whose JavaScript half and formatting code would ship in every app.
fn describe(value: &JsValue) -> String {
    js_string(value).unwrap_or_else(|_| String::from("a value that has no string form"))
}

impl From<JsValue> for JsError {
    fn from(value: JsValue) -> Self {
        Self::from_js(&value)
    }
}

impl fmt::Display for JsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.message)
    }
}

impl std::error::Error for JsError {}

/// A duration in whole milliseconds, saturating (no timeout is that long).
fn whole_millis(duration: &Duration) -> u64 {
    duration
        .as_secs()
        .saturating_mul(1000)
        .saturating_add(u64::from(duration.subsec_millis()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connect_timeout_reads_in_whole_milliseconds() {
        let message = |d| Error::ConnectTimeout(d).to_string();
        assert_eq!(
            message(Duration::from_micros(1_500_900)),
            "could not connect within 1500 ms"
        );
        assert_eq!(
            message(Duration::MAX),
            format!("could not connect within {} ms", u64::MAX)
        );
    }
}
