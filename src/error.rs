//! The one error type of the crate, and [`JsError`], a browser exception kept
//! by name and message.

use std::fmt;
use std::time::Duration;

use wasm_bindgen::{JsCast, JsValue};

use crate::close::CloseEvent;
use crate::decimal::write_decimal;

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
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The browser rejected the URL (its constructor threw a `SyntaxError`):
    /// not parseable, a scheme other than ws/wss/http/https, or a `#fragment`.
    /// The browser's own words are the [`source`](std::error::Error::source).
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// The browser's exception.
        source: JsError,
    },

    /// A setting has a value that makes no sense, such as a zero connect
    /// timeout (it could never succeed) or a zero heartbeat interval (a busy
    /// loop). `option` names the setting, `problem` says what is wrong.
    InvalidOption {
        /// The setting, as its builder method names it (without `with_`).
        option: &'static str,
        /// What is wrong with its value.
        problem: &'static str,
    },

    /// A subprotocol is not a valid HTTP token (empty, or holds spaces,
    /// control characters, non-ASCII or one of `()<>@,;:\"/[]?={}`).
    InvalidProtocol(String),

    /// The same subprotocol was requested twice.
    DuplicateProtocol(String),

    /// A close code a page may not send. Browsers accept only 1000 and
    /// 3000-4999; everything else is reserved for the protocol itself.
    InvalidCloseCode(u16),

    /// The close reason is longer than the 123 UTF-8 bytes a close frame can
    /// carry.
    CloseReasonTooLong(usize),

    /// The connection closed before it opened: refused, the handshake failed,
    /// the server rejected the subprotocols, or [`close`](crate::WebSocket::close)
    /// was called while connecting.
    ConnectFailed(CloseEvent),

    /// The handshake did not complete within the configured connect timeout;
    /// the attempt has been abandoned and the socket closed.
    ConnectTimeout(Duration),

    /// An open connection ended abnormally (the browser fired `error`, or the
    /// close was not clean, e.g. code 1006 when the TCP connection dropped).
    /// The message stream yields this once, then ends.
    ConnectionLost(CloseEvent),

    /// The socket is closing or closed, so the message was not sent: the
    /// browser would have discarded it without a word.
    AlreadyClosed,

    /// The socket is still connecting. Only the non-waiting
    /// [`try_send`](crate::WebSocket::try_send) reports this; everything else
    /// waits for the connection to open.
    NotYetOpen,

    /// A reconnecting socket's offline queue did not take the message (the
    /// `Sink` of a reconnecting socket reports this; its `send` and
    /// `try_send` hand the message back instead).
    NotQueued(crate::reconnect::RejectReason),

    /// A message arrived that was larger than
    /// [`max_message_size`](crate::WebSocketBuilder::with_max_message_size);
    /// it was not read, and the connection was closed with
    /// [`CloseCode::MESSAGE_TOO_BIG`](crate::CloseCode::MESSAGE_TOO_BIG).
    /// The message stream yields this, then ends.
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
    UnreadLimit {
        /// The limit.
        limit: usize,
    },

    /// The connection closed while `bytes` bytes handed to
    /// [`send`](crate::WebSocket::send) had not yet reached the network. They
    /// were never sent.
    Unsent {
        /// What `bufferedAmount` still held when the connection closed.
        bytes: u64,
    },

    /// A message arrived whose data was neither text, an `ArrayBuffer` nor a
    /// `Blob`. Browsers do not do this; the variant exists so that one never
    /// panics.
    UnexpectedData(String),

    /// Reading a `Blob` message into bytes failed; the browser's exception
    /// is the [`source`](std::error::Error::source).
    BlobRead(JsError),

    /// There is no WebSocket to use here, for the reason given: a build for
    /// a target without a JavaScript host (native, or WASI; for example
    /// server-side rendering), or a JavaScript host whose global scope has
    /// no `WebSocket` constructor (Node before 22 without
    /// `--experimental-websocket`) and none was given with
    /// [`WebSocketBuilder::with_constructor`](crate::WebSocketBuilder::with_constructor).
    Unsupported(&'static str),

    /// The browser threw an exception we have no better variant for; its
    /// name and message are kept, and shown as this error's own message.
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

// Written by hand rather than derived: the messages quote with plain quotes
// and give durations in whole milliseconds instead of going through `Debug`
// (whose code for `str` and `Duration` is about 6 KB of wasm), every number
// goes through one decimal writer (not one `Display` per integer type), and
// the words are plain `write_str`s (no format string per variant). Every
// app that shows an error carries this function.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (before, after) = match self {
            Error::InvalidUrl { url, .. } => {
                f.write_str("invalid websocket url \"")?;
                (url.as_str(), "\"")
            }
            Error::InvalidOption { option, problem } => {
                f.write_str("invalid option ")?;
                f.write_str(option)?;
                (": ", *problem)
            }
            Error::InvalidProtocol(protocol) => {
                f.write_str("invalid subprotocol \"")?;
                (protocol.as_str(), "\": it must be a non-empty HTTP token")
            }
            Error::DuplicateProtocol(protocol) => {
                f.write_str("subprotocol \"")?;
                (protocol.as_str(), "\" is requested more than once")
            }
            Error::InvalidCloseCode(code) => {
                f.write_str("close code ")?;
                write_decimal(f, u64::from(*code))?;
                ("", " cannot be sent by a browser: use 1000 or 3000-4999")
            }
            Error::CloseReasonTooLong(length) => {
                f.write_str("close reason is ")?;
                write_decimal(f, *length as u64)?;
                ("", " bytes long; the limit is 123 UTF-8 bytes")
            }
            Error::ConnectFailed(close) => {
                f.write_str("could not connect: ")?;
                return close.fmt(f);
            }
            Error::ConnectTimeout(limit) => {
                f.write_str("could not connect within ")?;
                write_decimal(f, whole_millis(limit))?;
                ("", " ms")
            }
            Error::ConnectionLost(close) => {
                f.write_str("connection lost: ")?;
                return close.fmt(f);
            }
            Error::AlreadyClosed => ("the websocket is closing or closed; nothing was sent", ""),
            Error::NotYetOpen => ("the websocket is not open yet; nothing was sent", ""),
            Error::NotQueued(why) => {
                f.write_str("the message was not queued: ")?;
                return why.fmt(f);
            }
            Error::MessageTooLarge { size, limit } => {
                f.write_str("a message of ")?;
                write_decimal(f, *size as u64)?;
                f.write_str(" bytes is larger than the limit of ")?;
                write_decimal(f, *limit as u64)?;
                ("", " bytes")
            }
            Error::UnreadLimit { limit } => {
                f.write_str("more than ")?;
                write_decimal(f, *limit as u64)?;
                ("", " bytes of received messages were left unread")
            }
            Error::Unsent { bytes } => {
                f.write_str("the connection closed with ")?;
                write_decimal(f, *bytes)?;
                ("", " bytes still unsent")
            }
            Error::UnexpectedData(what) => {
                f.write_str("a message arrived with data of an unexpected type (")?;
                (what.as_str(), ")")
            }
            Error::BlobRead(_) => ("could not read a blob message", ""),
            Error::Unsupported(why) => ("websockets are not available here: ", *why),
            Error::Js(js) => return js.fmt(f),
        };
        f.write_str(before)?;
        f.write_str(after)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::InvalidUrl { source, .. } | Error::BlobRead(source) => Some(source),
            // `Js` is transparent: its message is the exception's own.
            Error::Js(js) => js.source(),
            _ => None,
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
        f.write_str(&self.name)?;
        f.write_str(": ")?;
        f.write_str(&self.message)
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
    fn every_variant_has_its_message() {
        let js = || JsError::new("SyntaxError", "bad");
        let close = |code, reason: &str, was_clean| CloseEvent {
            code,
            reason: reason.into(),
            was_clean,
        };
        let cases = [
            (
                Error::InvalidUrl {
                    url: "ws://x#y".into(),
                    source: js(),
                },
                "invalid websocket url \"ws://x#y\"",
            ),
            (
                Error::InvalidOption {
                    option: "connect_timeout",
                    problem: "must be more than zero",
                },
                "invalid option connect_timeout: must be more than zero",
            ),
            (
                Error::InvalidProtocol("a b".into()),
                "invalid subprotocol \"a b\": it must be a non-empty HTTP token",
            ),
            (
                Error::DuplicateProtocol("chat".into()),
                "subprotocol \"chat\" is requested more than once",
            ),
            (
                Error::InvalidCloseCode(1001),
                "close code 1001 cannot be sent by a browser: use 1000 or 3000-4999",
            ),
            (
                Error::CloseReasonTooLong(124),
                "close reason is 124 bytes long; the limit is 123 UTF-8 bytes",
            ),
            (
                Error::ConnectFailed(close(1006, "", false)),
                "could not connect: code 1006, not clean",
            ),
            (
                Error::ConnectTimeout(Duration::from_millis(250)),
                "could not connect within 250 ms",
            ),
            (
                Error::ConnectionLost(close(4000, "bye", true)),
                "connection lost: code 4000 (\"bye\")",
            ),
            (
                Error::AlreadyClosed,
                "the websocket is closing or closed; nothing was sent",
            ),
            (
                Error::NotYetOpen,
                "the websocket is not open yet; nothing was sent",
            ),
            (
                Error::NotQueued(crate::reconnect::RejectReason::Full),
                "the message was not queued: the offline queue is full",
            ),
            (
                Error::MessageTooLarge {
                    size: 70,
                    limit: 64,
                },
                "a message of 70 bytes is larger than the limit of 64 bytes",
            ),
            (
                Error::UnreadLimit { limit: 1024 },
                "more than 1024 bytes of received messages were left unread",
            ),
            (
                Error::Unsent { bytes: u64::MAX },
                "the connection closed with 18446744073709551615 bytes still unsent",
            ),
            (
                Error::UnexpectedData("number".into()),
                "a message arrived with data of an unexpected type (number)",
            ),
            (Error::BlobRead(js()), "could not read a blob message"),
            (
                Error::Unsupported("no host"),
                "websockets are not available here: no host",
            ),
            (Error::Js(js()), "SyntaxError: bad"),
        ];
        for (error, message) in cases {
            assert_eq!(error.to_string(), message, "{}", error.name());
        }
    }

    #[test]
    fn the_source_is_the_browser_exception() {
        use std::error::Error as _;
        let js = JsError::new("SyntaxError", "bad");
        let invalid = Error::InvalidUrl {
            url: "x".into(),
            source: js.clone(),
        };
        assert_eq!(
            invalid.source().map(ToString::to_string),
            Some(js.to_string())
        );
        let blob = Error::BlobRead(js.clone());
        assert_eq!(blob.source().map(ToString::to_string), Some(js.to_string()));
        // `Js` is the exception itself, not a wrapper of it.
        assert!(Error::Js(js).source().is_none());
        assert!(Error::AlreadyClosed.source().is_none());
    }

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
