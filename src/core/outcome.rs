//! What became of one send: a [`SendOutcome`], which hands back every
//! message that was neither sent nor queued, and the [`Rejection`] that says
//! why.

use std::fmt;

use super::RejectReason;
use crate::error::Error;
use crate::message::Message;

/// Why [`send`](crate::reconnect::ReconnectingWebSocket::send) and [`try_send`](crate::reconnect::ReconnectingWebSocket::try_send) did not take a message.
///
/// ```
/// use wasm_websocket::reconnect::{RejectReason, Rejection};
///
/// assert_eq!(Rejection::Closed.to_string(), "the reconnecting websocket is closed");
/// assert_eq!(Rejection::Queue(RejectReason::Full).to_string(), "the offline queue is full");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejection {
    /// The offline queue refused it.
    Queue(RejectReason),
    /// `close` was called (or every handle dropped): nothing will be sent.
    Closed,
    /// The task behind a `Send + Sync` sender is gone (the socket's thread
    /// tore it down, as when the page goes away): the message never reached
    /// the socket.
    Gone,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::Queue(reason) => reason.fmt(f),
            Rejection::Closed => f.write_str("the reconnecting websocket is closed"),
            Rejection::Gone => f.write_str("the task behind the sender is gone"),
        }
    }
}

/// What [`send`](crate::reconnect::ReconnectingWebSocket::send) did with a message.
/// Every message that is neither sent nor queued comes back here.
///
/// ```
/// use wasm_websocket::reconnect::SendOutcome;
///
/// assert!(SendOutcome::Sent.is_accepted());
/// assert!(SendOutcome::Queued.is_accepted());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a message that was not sent or queued is handed back"]
#[non_exhaustive]
pub enum SendOutcome {
    /// Handed to the open socket.
    Sent,
    /// Queued; it will be sent, in order, after the next `open`.
    Queued,
    /// Queued after evicting these older queued messages
    /// ([`OverflowPolicy::DropOldest`](crate::reconnect::OverflowPolicy::DropOldest)).
    QueuedDropping(Vec<Message>),
    /// Dropped, as [`OverflowPolicy::DropNewest`](crate::reconnect::OverflowPolicy::DropNewest) asks.
    Dropped(Message),
    /// Refused; the message is handed back.
    Rejected(Message, Rejection),
    /// The open socket threw when given the message (browsers throw only
    /// for sockets that are not open, which are checked first, so this is
    /// not expected); the message is handed back with the error.
    Failed(Message, Error),
}

impl SendOutcome {
    /// Whether the message was sent or will be.
    ///
    /// ```
    /// use wasm_websocket::{reconnect::{Rejection, SendOutcome}, Message};
    ///
    /// assert!(!SendOutcome::Rejected(Message::text("x"), Rejection::Closed).is_accepted());
    /// ```
    pub fn is_accepted(&self) -> bool {
        matches!(
            self,
            SendOutcome::Sent | SendOutcome::Queued | SendOutcome::QueuedDropping(_)
        )
    }

    /// As a `Result`, for `?`: `Ok` when the message was sent or queued
    /// (messages a `DropOldest` queue evicted for it are dropped here, use
    /// the outcome itself to keep them), otherwise the error that says why
    /// (the message handed back is dropped with the outcome):
    /// [`Error::AlreadyClosed`] after `close`, [`Error::NotQueued`] when the
    /// queue refused it, or the socket's own error.
    ///
    /// ```
    /// use wasm_websocket::{reconnect::{RejectReason, Rejection, SendOutcome}, Error, Message};
    ///
    /// assert_eq!(SendOutcome::Queued.into_result(), Ok(()));
    /// assert_eq!(
    ///     SendOutcome::Rejected(Message::text("x"), Rejection::Closed).into_result(),
    ///     Err(Error::AlreadyClosed)
    /// );
    /// assert_eq!(
    ///     SendOutcome::Rejected(Message::text("x"), Rejection::Queue(RejectReason::Full)).into_result(),
    ///     Err(Error::NotQueued(RejectReason::Full))
    /// );
    /// ```
    pub fn into_result(self) -> Result<(), Error> {
        match self {
            SendOutcome::Sent | SendOutcome::Queued | SendOutcome::QueuedDropping(_) => Ok(()),
            SendOutcome::Dropped(_) => Err(Error::NotQueued(RejectReason::Full)),
            SendOutcome::Rejected(_, Rejection::Queue(reason)) => Err(Error::NotQueued(reason)),
            SendOutcome::Rejected(_, Rejection::Closed | Rejection::Gone) => {
                Err(Error::AlreadyClosed)
            }
            SendOutcome::Failed(_, error) => Err(error),
        }
    }
}

/// How the Rust handles answer a send the core decided.
impl From<super::machine::Outcome> for SendOutcome {
    fn from(outcome: super::machine::Outcome) -> Self {
        use super::machine::Outcome;
        match outcome {
            Outcome::Queued => SendOutcome::Queued,
            Outcome::QueuedDropping(evicted) => SendOutcome::QueuedDropping(evicted),
            Outcome::Dropped(message) => SendOutcome::Dropped(message),
            Outcome::Rejected(message, why) => SendOutcome::Rejected(message, why),
        }
    }
}
