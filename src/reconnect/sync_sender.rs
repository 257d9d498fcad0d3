//! [`SyncReconnectingSender`]: a sending handle of a reconnecting socket that
//! is `Send + Sync`, for frameworks whose signals, contexts and callbacks
//! require it (Leptos, Yew). The channel behind it is the crate's
//! `sync_channel`, shared with [`SyncWebSocketSender`](crate::SyncWebSocketSender).

use std::fmt;

use futures_channel::mpsc;

use super::socket::ReconnectingSender;
use super::{Rejection, SendOutcome};
use crate::close::{validate_close_reason, CloseCode, IntoCloseCode};
use crate::error::{Error, Result};
use crate::message::Message;
use crate::sync_channel::{self, Answer, Request, Serve, SyncSend, Wait};

/// A clonable, `Send + Sync` handle for sending on a
/// [`ReconnectingWebSocket`](super::ReconnectingWebSocket), made by
/// [`sync_sender`](super::ReconnectingWebSocket::sync_sender).
///
/// Use it where a framework asks for `Send + Sync` (a Leptos signal,
/// context or action; a value moved into a Yew callback that must be
/// `Send`). Elsewhere prefer the socket's own methods or a
/// [`ReconnectingSender`]: they need no channel hop, and `try_send` answers
/// at once.
///
/// Its [`send`](Self::send) does what the socket's
/// [`send`](super::ReconnectingWebSocket::send) does, on the socket's
/// thread. Messages go out in the order they were given to this handle (and
/// all its clones on one thread). Like a [`ReconnectingSender`], it does not
/// keep the connection alive: once the
/// [`ReconnectingWebSocket`](super::ReconnectingWebSocket) is dropped or
/// closed, its sends are handed back as
/// [`Rejected`](SendOutcome::Rejected).
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// use wasm_websocket::reconnect::{ReconnectingWebSocket, SendOutcome, SyncReconnectingSender};
///
/// fn assert_send_sync<T: Send + Sync>(_: &T) {}
///
/// let ws = ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?;
/// let sender: SyncReconnectingSender = ws.sync_sender();
/// assert_send_sync(&sender);
/// let outcome = sender.send("hello").await;
/// assert!(matches!(outcome, SendOutcome::Sent | SendOutcome::Queued));
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct SyncReconnectingSender {
    requests: mpsc::UnboundedSender<Request<SendOutcome>>,
}

impl Answer for SendOutcome {
    fn task_gone(message: Option<Message>) -> Self {
        match message {
            Some(message) => SendOutcome::Rejected(message, Rejection::Closed),
            None => SendOutcome::Failed(Message::Binary(Vec::new()), Error::AlreadyClosed),
        }
    }
}

impl Serve for ReconnectingSender {
    type Answer = SendOutcome;

    fn send(&mut self, message: Message) -> impl std::future::Future<Output = SendOutcome> {
        ReconnectingSender::send(self, message)
    }

    fn try_send(&self, message: Message) -> SendOutcome {
        ReconnectingSender::try_send(self, message)
    }

    fn close(&self, code: CloseCode, reason: &str) {
        // Fails only if it is closed already, which is what was asked.
        let _ = self.close_with(code, reason);
    }
}

impl SyncReconnectingSender {
    /// Starts the task that serves the channel on this thread, and returns
    /// the first handle. The task ends when every handle is dropped.
    pub(crate) fn spawn(sender: ReconnectingSender) -> Self {
        Self {
            requests: sync_channel::spawn(sender),
        }
    }

    /// Sends `message` as [`ReconnectingWebSocket::send`] does, on the
    /// socket's thread. The returned future resolves to its outcome: sent,
    /// queued, or handed back.
    ///
    /// [`ReconnectingWebSocket::send`]: super::ReconnectingWebSocket::send
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// use wasm_websocket::reconnect::ReconnectingWebSocket;
    ///
    /// let ws = ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?;
    /// let sender = ws.sync_sender();
    /// ws.close()?;
    /// assert!(!sender.send("late").await.is_accepted());
    /// # Ok(())
    /// # }
    /// ```
    pub fn send(&self, message: impl Into<Message>) -> SyncSend<SendOutcome> {
        sync_channel::request_send(&self.requests, message.into(), Wait::ForRoom)
    }

    /// Sends `message` as [`ReconnectingWebSocket::try_send`] does: on the
    /// socket's thread, decided at once (sent, queued under the queue's
    /// overflow policy, or handed back) without waiting for room. The
    /// answer still travels back through the channel, so it is a future
    /// too. This is what a user interface wants: a full queue is shown at
    /// once rather than waited out.
    ///
    /// [`ReconnectingWebSocket::try_send`]: super::ReconnectingWebSocket::try_send
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// use wasm_websocket::reconnect::{ReconnectingWebSocket, SendOutcome};
    ///
    /// let ws = ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?;
    /// assert_eq!(ws.sync_sender().try_send("early").await, SendOutcome::Queued);
    /// # Ok(())
    /// # }
    /// ```
    pub fn try_send(&self, message: impl Into<Message>) -> SyncSend<SendOutcome> {
        sync_channel::request_send(&self.requests, message.into(), Wait::No)
    }

    /// Closes the socket for good with code 1000, as
    /// [`ReconnectingWebSocket::close`](super::ReconnectingWebSocket::close)
    /// does, from wherever this handle is (a Leptos `on_cleanup`, say).
    /// Sends made through this handle before the close go out first. Fails
    /// with [`Error::AlreadyClosed`] only if the socket's task is gone.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?;
    /// let sender = ws.sync_sender();
    /// sender.close()?; // takes effect when the socket's task runs
    /// # Ok(())
    /// # }
    /// ```
    pub fn close(&self) -> Result<()> {
        self.close_with(CloseCode::NORMAL, "")
    }

    /// Closes the socket for good with this code and reason; see
    /// [`close`](Self::close). The code and reason are checked here: the
    /// code must be 1000 or 3000-4999, the reason at most 123 UTF-8 bytes.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?;
    /// let sender = ws.sync_sender();
    /// assert!(sender.close_with(1001, "").is_err());
    /// sender.close_with(4000, "leaving")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn close_with(&self, code: impl IntoCloseCode, reason: &str) -> Result<()> {
        let code = code.into_close_code()?;
        validate_close_reason(reason)?;
        self.requests
            .unbounded_send(Request::Close(code, reason.to_owned()))
            .map_err(|_| Error::AlreadyClosed)
    }
}

impl fmt::Debug for SyncReconnectingSender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SyncReconnectingSender")
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn the_handle_and_its_outcome_cross_threads() {
        assert_send_sync::<SyncReconnectingSender>();
        assert_send_sync::<SyncSend<SendOutcome>>();
        assert_send_sync::<SendOutcome>();
    }
}
