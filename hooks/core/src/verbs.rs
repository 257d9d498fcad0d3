//! The verbs of a hook's handle that reach the socket, [`send`] and
//! [`close`], as every framework's handle does them: the handle keeps the
//! running socket's sender (from [`Host::started`](crate::Host::started))
//! where its framework allows, and calls these with it.

use futures::channel::mpsc::UnboundedSender;
use wasm_websocket::codec::Codec;
use wasm_websocket::reconnect::{ReconnectingSender, Rejection, SendOutcome};
use wasm_websocket::{validate_close_reason, Error, IntoCloseCode, Message, Result};

use crate::Command;

/// The handle's `send`: `value` through `codec`, then to the running
/// socket, which sends it now or queues it while it reconnects. A value
/// that can be neither is handed back in the outcome: the queue refused
/// it, or there is no socket (`sender` is `None`: closed, not started, on
/// the server), which is [`Rejected`](SendOutcome::Rejected) with
/// [`Rejection::Closed`]. An `Err` is a value the codec could not encode;
/// nothing was sent.
///
/// ```
/// use wasm_websocket::{codec::Text, reconnect::{Rejection, SendOutcome}, Message};
///
/// let outcome = wasm_websocket_hooks_core::send(&Text, None, &"hi".to_owned());
/// assert_eq!(outcome, Ok(SendOutcome::Rejected(Message::text("hi"), Rejection::Closed)));
/// ```
pub fn send<T, C: Codec<T>>(
    codec: &C,
    sender: Option<&ReconnectingSender>,
    value: &T,
) -> std::result::Result<SendOutcome, C::Error> {
    let message = codec.encode(value)?;
    Ok(match sender {
        Some(sender) => sender.try_send(message),
        None => SendOutcome::Rejected(message, Rejection::Closed),
    })
}

/// What the handle's `send` answers once its component has gone:
/// [`Failed`](SendOutcome::Failed) with [`Error::AlreadyClosed`], and an
/// empty message, since the codec went with the component.
///
/// ```
/// use wasm_websocket::{reconnect::SendOutcome, Error};
///
/// let outcome = wasm_websocket_hooks_core::send_after_unmount();
/// assert!(matches!(outcome, SendOutcome::Failed(_, Error::AlreadyClosed)));
/// ```
pub fn send_after_unmount() -> SendOutcome {
    SendOutcome::Failed(Message::binary(Vec::new()), Error::AlreadyClosed)
}

/// The handle's `close_with`: checks `code` (1000 or 3000-4999) and
/// `reason` (at most 123 UTF-8 bytes) and refuses anything else, closing
/// nothing; else closes the running socket for good (its queued messages
/// come back in a `ConnectionEvent::Unsent`) and tells the task, which
/// starts no other socket until [`Command::Open`] or
/// [`Command::Reconnect`]. Fails with [`Error::AlreadyClosed`] if there is
/// no socket to close.
///
/// ```
/// use futures::{channel::mpsc, FutureExt, StreamExt};
/// use wasm_websocket::{CloseCode, Error};
/// use wasm_websocket_hooks_core::{close, Command};
///
/// let (commands, mut task) = mpsc::unbounded();
/// assert_eq!(close(None, &commands, 1001, ""), Err(Error::InvalidCloseCode(1001)));
/// assert_eq!(close(None, &commands, CloseCode::NORMAL, "bye"), Err(Error::AlreadyClosed));
/// assert_eq!(task.next().now_or_never(), Some(Some(Command::Close)));
/// ```
pub fn close(
    sender: Option<&ReconnectingSender>,
    commands: &UnboundedSender<Command>,
    code: impl IntoCloseCode,
    reason: &str,
) -> Result<()> {
    let code = code.into_close_code()?;
    validate_close_reason(reason)?;
    let closed = match sender {
        Some(sender) => sender.close_with(code, reason),
        None => Err(Error::AlreadyClosed),
    };
    // Told even without a socket: one may be about to start (after a new
    // URL), and the user asked for none.
    let _ = commands.unbounded_send(Command::Close);
    closed
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use futures::channel::mpsc;
    use futures::{FutureExt, StreamExt};
    use wasm_websocket::codec::{Codec, Text};

    use super::*;

    #[test]
    fn without_a_socket_a_value_is_handed_back() {
        assert_eq!(
            send(&Text, None, &"hi".to_owned()),
            Ok(SendOutcome::Rejected(
                Message::text("hi"),
                Rejection::Closed
            ))
        );
    }

    /// Refuses maps whose keys are not strings, as JSON does.
    struct StringKeys;

    impl Codec<BTreeMap<u8, u8>> for StringKeys {
        type Error = std::fmt::Error;
        fn encode(&self, value: &BTreeMap<u8, u8>) -> std::result::Result<Message, Self::Error> {
            match value.is_empty() {
                true => Ok(Message::text("{}")),
                false => Err(std::fmt::Error),
            }
        }
        fn decode(&self, _: &Message) -> std::result::Result<BTreeMap<u8, u8>, Self::Error> {
            Ok(BTreeMap::new())
        }
    }

    #[test]
    fn a_value_the_codec_cannot_encode_is_an_error() {
        assert!(send(&StringKeys, None, &BTreeMap::from([(1, 2)])).is_err());
        assert!(matches!(
            send(&StringKeys, None, &BTreeMap::new()),
            Ok(SendOutcome::Rejected(_, Rejection::Closed))
        ));
    }

    #[test]
    fn closing_without_a_socket_fails_and_still_tells_the_task() {
        let (commands, mut task) = mpsc::unbounded();
        assert_eq!(close(None, &commands, 1000, ""), Err(Error::AlreadyClosed));
        assert_eq!(task.next().now_or_never(), Some(Some(Command::Close)));
    }

    #[test]
    fn a_bad_code_or_reason_closes_nothing_and_tells_nobody() {
        let (commands, mut task) = mpsc::unbounded();
        assert_eq!(
            close(None, &commands, 1001, ""),
            Err(Error::InvalidCloseCode(1001))
        );
        assert!(close(None, &commands, 1000, &"x".repeat(124)).is_err());
        assert_eq!(task.next().now_or_never(), None, "no command was sent");
    }
}
