//! [`CodecError`]: what a typed socket reports.

use crate::error::Error;
use crate::message::Message;

/// What goes wrong on a [`Typed`](super::Typed) socket: the socket's own
/// error, a value the codec could not encode, or a message it could not
/// decode (handed back whole).
///
/// ```
/// use wasm_websocket::{codec::CodecError, Error, Message};
///
/// let error: CodecError<std::num::ParseIntError> = CodecError::Decode {
///     message: Message::text("seven"),
///     source: "seven".parse::<u8>().unwrap_err(),
/// };
/// assert_eq!(error.to_string(), "a message could not be decoded");
/// assert_eq!(error.message(), Some(&Message::text("seven")));
/// let socket: CodecError<std::num::ParseIntError> = Error::AlreadyClosed.into();
/// assert!(matches!(socket, CodecError::Socket(Error::AlreadyClosed)));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CodecError<E: std::error::Error + 'static> {
    /// The socket's own error, as the untyped socket reports it (the
    /// connection was lost, it is closed, ...).
    #[error(transparent)]
    Socket(#[from] Error),
    /// The codec could not encode the value; nothing was sent.
    #[error("a value could not be encoded")]
    Encode(#[source] E),
    /// A message arrived that the codec could not decode. The stream goes
    /// on after it.
    #[error("a message could not be decoded")]
    Decode {
        /// The message as it arrived.
        message: Message,
        /// Why it did not decode.
        #[source]
        source: E,
    },
}

impl<E: std::error::Error + 'static> CodecError<E> {
    /// The message that did not decode, if that is what this is.
    pub fn message(&self) -> Option<&Message> {
        match self {
            CodecError::Decode { message, .. } => Some(message),
            CodecError::Socket(_) | CodecError::Encode(_) => None,
        }
    }
}
