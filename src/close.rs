//! Close codes a page may send, the rules for close reasons, and the close
//! event a connection ends with.

use std::fmt;

use crate::decimal::write_decimal;
use crate::error::{Error, Result};

/// The longest close reason, in UTF-8 bytes, that fits a close frame
/// (125 bytes of control-frame payload minus the 2-byte code).
pub const MAX_CLOSE_REASON_BYTES: usize = 123;

/// A close code that a browser lets a page send: 1000, or 3000-4999.
///
/// Every other code (1001-2999 and beyond 4999) is reserved for the protocol
/// or for endpoints that are not browsers, and the browser's `close()` would
/// throw. `CloseCode` checks this in Rust, before the browser sees it.
///
/// ```
/// use wasm_websocket::{CloseCode, Error};
///
/// assert_eq!(CloseCode::new(4001)?.get(), 4001);
/// assert_eq!(CloseCode::NORMAL.get(), 1000);
/// assert_eq!(CloseCode::new(1006), Err(Error::InvalidCloseCode(1006)));
/// assert!(CloseCode::try_from(2999).is_err());
/// # Ok::<(), Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CloseCode(u16);

impl CloseCode {
    /// 1000: the purpose of the connection has been fulfilled.
    pub const NORMAL: CloseCode = CloseCode(1000);

    /// 3009: the code this crate closes with when a message was larger than
    /// [`max_message_size`](crate::WebSocketBuilder::with_max_message_size).
    /// The protocol's own code for this, 1009, is one a browser may not
    /// send; 3009 keeps its last digits, in the range meant for libraries
    /// (4000-4999 is left to applications).
    pub const MESSAGE_TOO_BIG: CloseCode = CloseCode(3009);

    /// 3010: the code this crate closes with when the messages received and
    /// not yet read exceeded [`max_unread`](crate::WebSocketBuilder::with_max_unread).
    pub const UNREAD_LIMIT: CloseCode = CloseCode(3010);

    /// 3008, "Timeout" in IANA's registry: the code a reconnecting socket
    /// closes with when its idle timeout declared the connection dead.
    pub(crate) const IDLE_TIMEOUT: CloseCode = CloseCode(3008);

    /// Validates a code: 1000, or 3000-4999 (3000-3999 are registered with
    /// IANA for libraries and frameworks, 4000-4999 are for applications).
    ///
    /// ```
    /// use wasm_websocket::CloseCode;
    ///
    /// assert!(CloseCode::new(3000).is_ok());
    /// assert!(CloseCode::new(5000).is_err());
    /// ```
    pub const fn new(code: u16) -> Result<CloseCode> {
        match code {
            1000 | 3000..=4999 => Ok(CloseCode(code)),
            _ => Err(Error::InvalidCloseCode(code)),
        }
    }

    /// The numeric code.
    ///
    /// ```
    /// assert_eq!(wasm_websocket::CloseCode::NORMAL.get(), 1000);
    /// ```
    pub const fn get(self) -> u16 {
        self.0
    }
}

impl TryFrom<u16> for CloseCode {
    type Error = Error;

    fn try_from(code: u16) -> Result<Self> {
        Self::new(code)
    }
}

impl From<CloseCode> for u16 {
    fn from(code: CloseCode) -> u16 {
        code.0
    }
}

impl fmt::Display for CloseCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Anything that names a close code: a [`CloseCode`], or an integer that is
/// checked when it is used (`ws.close_with(4000, "bye")` works as written,
/// since integer literals are `i32`).
///
/// ```
/// use wasm_websocket::{CloseCode, Error, IntoCloseCode};
///
/// assert_eq!(4000.into_close_code(), CloseCode::new(4000));
/// assert_eq!(4000u16.into_close_code(), CloseCode::new(4000));
/// assert_eq!(CloseCode::NORMAL.into_close_code(), Ok(CloseCode::NORMAL));
/// assert_eq!((-1).into_close_code(), Err(Error::InvalidCloseCode(0)));
/// ```
pub trait IntoCloseCode {
    /// The validated code, or [`Error::InvalidCloseCode`].
    fn into_close_code(self) -> Result<CloseCode>;
}

impl IntoCloseCode for CloseCode {
    fn into_close_code(self) -> Result<CloseCode> {
        Ok(self)
    }
}

impl IntoCloseCode for u16 {
    fn into_close_code(self) -> Result<CloseCode> {
        CloseCode::new(self)
    }
}

impl IntoCloseCode for i32 {
    /// Values outside `u16` are reported as 0 (negative) or 65535 (too
    /// large): no such code exists either way.
    fn into_close_code(self) -> Result<CloseCode> {
        let code = u16::try_from(self).unwrap_or(if self < 0 { 0 } else { u16::MAX });
        CloseCode::new(code)
    }
}

/// Checks a close reason against the 123-byte limit of a close frame.
///
/// The limit counts UTF-8 bytes, not characters: 41 three-byte characters
/// fit, 42 do not.
///
/// ```
/// use wasm_websocket::{validate_close_reason, Error};
///
/// assert!(validate_close_reason(&"€".repeat(41)).is_ok());
/// assert_eq!(validate_close_reason(&"€".repeat(42)), Err(Error::CloseReasonTooLong(126)));
/// ```
pub fn validate_close_reason(reason: &str) -> Result<()> {
    if reason.len() > MAX_CLOSE_REASON_BYTES {
        Err(Error::CloseReasonTooLong(reason.len()))
    } else {
        Ok(())
    }
}

/// How a connection ended: the `close` event's code, reason and `wasClean`.
///
/// The code is a plain `u16` because the browser reports codes a page may not
/// send itself: 1006 when the TCP connection dropped, 1005 when the peer sent
/// no code, 1001 when the server is going away, ...
///
/// ```
/// use wasm_websocket::CloseEvent;
///
/// let ev = CloseEvent { code: 1006, reason: String::new(), was_clean: false };
/// assert!(!ev.is_normal());
/// assert_eq!(ev.to_string(), "code 1006, not clean");
/// ```
// Exhaustive on purpose, with public fields to build one in a test or
// match on it: the standard's close event has exactly these three.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseEvent {
    /// The close code.
    pub code: u16,
    /// The reason the closing side gave (may be empty).
    pub reason: String,
    /// Whether the closing handshake completed: `false` means the connection
    /// was lost.
    pub was_clean: bool,
}

impl CloseEvent {
    /// A clean close with code 1000.
    ///
    /// ```
    /// use wasm_websocket::CloseEvent;
    ///
    /// let ev = CloseEvent { code: 1000, reason: "bye".into(), was_clean: true };
    /// assert!(ev.is_normal());
    /// ```
    pub fn is_normal(&self) -> bool {
        self.was_clean && self.code == CloseCode::NORMAL.get()
    }

    pub(crate) fn from_raw(event: &web_sys::CloseEvent) -> Self {
        Self {
            code: event.code(),
            reason: event.reason(),
            was_clean: event.was_clean(),
        }
    }
}

impl fmt::Display for CloseEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("code ")?;
        write_decimal(f, u64::from(self.code))?;
        if !self.reason.is_empty() {
            f.write_str(" (\"")?;
            f.write_str(&self.reason)?;
            f.write_str("\")")?;
        }
        if !self.was_clean {
            f.write_str(", not clean")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sendable_codes_are_1000_and_3000_to_4999() {
        for code in [1000, 3000, 3999, 4000, 4999] {
            assert_eq!(CloseCode::new(code).map(CloseCode::get), Ok(code));
        }
        for code in [0, 999, 1001, 1005, 1006, 1015, 2999, 5000, u16::MAX] {
            assert_eq!(CloseCode::new(code), Err(Error::InvalidCloseCode(code)));
        }
    }

    #[test]
    fn reasons_are_limited_in_bytes_not_chars() {
        assert!(validate_close_reason("").is_ok());
        assert!(validate_close_reason(&"a".repeat(123)).is_ok());
        assert_eq!(
            validate_close_reason(&"a".repeat(124)),
            Err(Error::CloseReasonTooLong(124))
        );
        // 30 four-byte characters are 120 bytes; one more ASCII fits, a
        // two-byte one does not.
        let emoji = "😀".repeat(30);
        assert!(validate_close_reason(&format!("{emoji}abc")).is_ok());
        assert_eq!(
            validate_close_reason(&format!("{emoji}ab€")),
            Err(Error::CloseReasonTooLong(125))
        );
    }

    #[test]
    fn close_event_display_mentions_reason_and_cleanliness() {
        let ev = CloseEvent {
            code: 4000,
            reason: "bye".into(),
            was_clean: true,
        };
        assert_eq!(ev.to_string(), "code 4000 (\"bye\")");
        assert!(!ev.is_normal());
    }
}
