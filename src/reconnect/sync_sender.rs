//! [`SyncSender`]: a sending handle that is `Send + Sync`, for frameworks
//! whose signals, contexts and callbacks require it (Leptos, Yew).
//!
//! Browser objects live on one thread and cannot be `Send`, so the handle
//! holds no browser object at all: it is the sending end of a channel, and
//! a task on the socket's own thread takes each message from the channel
//! and hands it to the [`ReconnectingSender`]. The outcome travels back on a
//! one-shot channel, so nothing is dropped without the caller being able to
//! know.

use std::fmt;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_channel::{mpsc, oneshot};
use futures_core::Stream;

use super::events::{Rejection, SendOutcome};
use super::socket::ReconnectingSender;
use crate::close::{validate_close_reason, CloseCode, IntoCloseCode};
use crate::error::Error;
use crate::message::Message;

/// What a handle asks of the task.
enum Request {
    Send(Message, oneshot::Sender<SendOutcome>),
    Close(CloseCode, String),
}

/// A clonable, `Send + Sync` handle for sending on a
/// [`ReconnectingWebSocket`](super::ReconnectingWebSocket), made by
/// [`sync_sender`](super::ReconnectingWebSocket::sync_sender).
///
/// Use it where a framework asks for `Send + Sync` (a Leptos signal,
/// context or action; a value moved into a Yew callback that must be
/// `Send`). Elsewhere prefer the socket's own
/// [`send`](super::ReconnectingWebSocket::send) or a
/// [`ReconnectingSender`]: they answer at once, without a channel hop.
///
/// Messages go out in the order they were given to this handle (and all
/// its clones on one thread). Like the other handles, it keeps the
/// connection alive: the socket closes once every handle, this one
/// included, is dropped.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// use wasm_websocket::reconnect::{ReconnectingWebSocket, SendOutcome, SyncSender};
///
/// fn assert_send_sync<T: Send + Sync>(_: &T) {}
///
/// let ws = ReconnectingWebSocket::connect("ws://127.0.0.1:8787/echo")?;
/// let sender: SyncSender = ws.sync_sender();
/// assert_send_sync(&sender);
/// let outcome = sender.send("hello").await;
/// assert!(matches!(outcome, SendOutcome::Sent | SendOutcome::Queued));
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct SyncSender {
    requests: mpsc::UnboundedSender<Request>,
}

impl SyncSender {
    /// Starts the task that serves the channel on this thread, and returns
    /// the first handle. The task ends when every handle is dropped.
    pub(crate) fn spawn(sender: ReconnectingSender) -> Self {
        let (requests, mut incoming) = mpsc::unbounded::<Request>();
        wasm_bindgen_futures::spawn_local(async move {
            while let Some(request) = poll_fn(|cx| Pin::new(&mut incoming).poll_next(cx)).await {
                match request {
                    // The caller may have dropped the outcome future; the
                    // message is sent all the same.
                    Request::Send(message, reply) => {
                        let _ = reply.send(sender.send(message));
                    }
                    // Checked by the handle already.
                    Request::Close(code, reason) => {
                        let _ = sender.close_with(code, &reason);
                    }
                }
            }
        });
        Self { requests }
    }

    /// Sends `message` through the socket's task. The returned future
    /// resolves to what [`ReconnectingWebSocket::send`] decided: sent,
    /// queued, or handed back. The message is on its way as soon as this is
    /// called; dropping the future only gives up the answer.
    ///
    /// [`ReconnectingWebSocket::send`]: super::ReconnectingWebSocket::send
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// use wasm_websocket::reconnect::{ReconnectingWebSocket, SendOutcome};
    ///
    /// let ws = ReconnectingWebSocket::connect("ws://127.0.0.1:8787/echo")?;
    /// let sender = ws.sync_sender();
    /// ws.close();
    /// assert!(!sender.send("late").await.is_accepted());
    /// # Ok(())
    /// # }
    /// ```
    pub fn send(&self, message: impl Into<Message>) -> SendResult {
        let (reply, outcome) = oneshot::channel();
        let state = match self
            .requests
            .unbounded_send(Request::Send(message.into(), reply))
        {
            Ok(()) => ResultState::Waiting(outcome),
            // The task is gone only if the socket's thread dropped it.
            Err(error) => match error.into_inner() {
                Request::Send(message, _) => {
                    ResultState::Ready(Some(SendOutcome::Rejected(message, Rejection::Closed)))
                }
                Request::Close(..) => {
                    ResultState::Ready(Some(SendOutcome::Failed(Error::AlreadyClosed)))
                }
            },
        };
        SendResult { state }
    }

    /// Closes the socket for good with code 1000, as
    /// [`ReconnectingWebSocket::close`](super::ReconnectingWebSocket::close)
    /// does, from wherever this handle is (a Leptos `on_cleanup`, say).
    /// Sends made through this handle before the close go out first.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::connect("ws://127.0.0.1:8787/echo")?;
    /// let sender = ws.sync_sender();
    /// sender.close(); // takes effect when the socket's task runs
    /// # Ok(())
    /// # }
    /// ```
    pub fn close(&self) {
        // Fails only if the task is gone, and then so is the socket.
        let _ = self
            .requests
            .unbounded_send(Request::Close(CloseCode::NORMAL, String::new()));
    }

    /// Closes the socket for good with this code and reason; see
    /// [`close`](Self::close). The code and reason are checked here: the
    /// code must be 1000 or 3000-4999, the reason at most 123 UTF-8 bytes.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::connect("ws://127.0.0.1:8787/echo")?;
    /// let sender = ws.sync_sender();
    /// assert!(sender.close_with(1001, "").is_err());
    /// sender.close_with(4000, "leaving")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn close_with(&self, code: impl IntoCloseCode, reason: &str) -> crate::Result<()> {
        let code = code.into_close_code()?;
        validate_close_reason(reason)?;
        let _ = self
            .requests
            .unbounded_send(Request::Close(code, reason.to_owned()));
        Ok(())
    }
}

impl fmt::Debug for SyncSender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SyncSender").finish_non_exhaustive()
    }
}

/// The outcome of one [`SyncSender::send`]; `Send`, so it can be awaited
/// in an action or a task that requires it.
#[must_use = "the outcome says whether the message was sent, queued or handed back"]
pub struct SendResult {
    state: ResultState,
}

enum ResultState {
    Waiting(oneshot::Receiver<SendOutcome>),
    Ready(Option<SendOutcome>),
}

impl Future for SendResult {
    type Output = SendOutcome;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<SendOutcome> {
        match &mut self.get_mut().state {
            // The task answers every request, also those still in the
            // channel when the last handle goes; no answer means the task
            // itself was dropped (the page is going away), and the message
            // with it.
            ResultState::Waiting(outcome) => Pin::new(outcome)
                .poll(cx)
                .map(|answer| answer.unwrap_or(SendOutcome::Failed(Error::AlreadyClosed))),
            // Polled again after it finished: there is no second answer.
            ResultState::Ready(outcome) => Poll::Ready(
                outcome
                    .take()
                    .unwrap_or(SendOutcome::Failed(Error::AlreadyClosed)),
            ),
        }
    }
}

impl fmt::Debug for SendResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendResult").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn the_handle_and_its_outcome_cross_threads() {
        assert_send_sync::<SyncSender>();
        assert_send_sync::<SendResult>();
        assert_send_sync::<SendOutcome>();
    }
}
