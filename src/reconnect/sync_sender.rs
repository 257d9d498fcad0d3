//! [`SyncReconnectingSender`]: a sending handle of a reconnecting socket that
//! is `Send + Sync`, for frameworks whose signals, contexts and callbacks
//! require it (Leptos, Yew). The channel behind it is the crate's
//! `sync_channel`, shared with [`SyncWebSocketSender`](crate::SyncWebSocketSender).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::events::ConnectionEvents;
use super::socket::ReconnectingSender;
use super::{ConnectionState, RejectReason, Rejection, SendOutcome};
use crate::close::{CloseCode, IntoCloseCode};
use crate::error::Result;
use crate::message::Message;
use crate::sync_channel::{Answer, Channel, Serve, SyncSend, Wait, WaitingBound};

/// A clonable, `Send + Sync` handle for sending on a
/// [`ReconnectingWebSocket`](super::ReconnectingWebSocket), made by
/// [`sync_sender`](super::ReconnectingWebSocket::sync_sender).
///
/// Use it where a framework asks for `Send + Sync` (a Leptos signal,
/// context or action; a value moved into a Yew callback that must be
/// `Send`). Elsewhere prefer the socket's own methods or a
/// [`ReconnectingSender`]: they need no channel hop, and `try_send` answers
/// without a future.
///
/// It hands each request to a small task on the socket's thread, which
/// takes every request as it arrives and never waits on one before taking
/// the next:
/// - a [`send`](Self::send) does what the socket's
///   [`send`](super::ReconnectingWebSocket::send) does. If it has to wait
///   for room (a full offline queue, or the open socket's buffer above its
///   high-water mark) it waits in a line, first in first out: only the
///   oldest one waits for the socket, the later ones wait behind it, so
///   messages go out in the order they were given to this handle (and all
///   its clones on one thread);
/// - a [`try_send`](Self::try_send) is decided at once, as the socket's
///   [`try_send`](super::ReconnectingWebSocket::try_send) decides it at
///   that moment, even while sends wait (so it can be sent or queued before
///   an older send that still waits: that one was not accepted yet);
/// - a [`close`](Self::close) takes effect at once; the sends still waiting
///   are handed back as
///   [`Rejected`](SendOutcome::Rejected)`(message, `[`Rejection::Closed`]`)`,
///   as the socket answers sends after a close.
///
/// The line is bounded by the offline queue's own limits
/// ([`QueueConfig`](super::QueueConfig): by default 100 messages and
/// 1 MiB), so that sends nobody awaits (`let _ = sender.send(m);` in a
/// loop) hold at most that much beside the queue itself. The oldest send
/// counts, and an empty line takes any one send, which the socket then
/// decides. A send that does not fit is handed back at once as
/// [`Rejected`](SendOutcome::Rejected)`(message, `[`Rejection::Queue`]`(`[`RejectReason::Full`]`))`,
/// whatever the queue's [`OverflowPolicy`](super::OverflowPolicy): nothing
/// queued or waiting is evicted for it. While a send waits, the task also
/// keeps a copy of its message, so that it can always be handed back.
///
/// Like a [`ReconnectingSender`], it does not keep the connection alive:
/// once the [`ReconnectingWebSocket`](super::ReconnectingWebSocket) is
/// dropped or closed, its sends are handed back as
/// [`Rejected`](SendOutcome::Rejected)`(message, `[`Rejection::Closed`]`)`.
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
    channel: Channel<SendOutcome>,
}

/// The task can be gone with a message in hand only when the socket's
/// thread tore it down: nothing will be sent, and the message comes back
/// with [`Rejection::Gone`].
impl Answer for SendOutcome {
    fn task_gone(message: Message) -> Self {
        SendOutcome::Rejected(message, Rejection::Gone)
    }
}

/// The socket as the task uses it.
struct Server {
    sender: ReconnectingSender,
    /// Wakes the task on every event, so that it sees a close made through
    /// another handle; `None` once the events have ended.
    events: Option<ConnectionEvents>,
}

/// The socket's own `send` of the oldest waiting message, once started.
type SocketSend = Option<Pin<Box<dyn Future<Output = SendOutcome>>>>;

impl Serve for Server {
    type Answer = SendOutcome;
    type Sending = SocketSend;

    fn waiting_bound(&self) -> WaitingBound {
        let queue = self.sender.queue_config();
        WaitingBound::new(queue.capacity(), queue.max_bytes())
    }

    fn poll_send(
        &mut self,
        sending: &mut SocketSend,
        message: &Message,
        cx: &mut Context<'_>,
    ) -> Poll<SendOutcome> {
        let send = sending.get_or_insert_with(|| {
            // The socket's `send` owns its message while it waits. It gets
            // a copy: the original stays with the task, which hands it
            // back whatever becomes of this future (a close drops it and
            // answers with the original at once).
            let sender = self.sender.clone();
            let message = message.clone();
            Box::pin(async move { sender.send(message).await })
        });
        send.as_mut().poll(cx)
    }

    fn try_send(&self, message: Message) -> SendOutcome {
        self.sender.try_send(message)
    }

    fn refuse(&self, message: Message) -> SendOutcome {
        SendOutcome::Rejected(message, Rejection::Queue(RejectReason::Full))
    }

    fn close(&self, code: CloseCode, reason: &str) {
        // Fails only if it is closed already, which is what was asked.
        let _ = self.sender.close_with(code, reason);
    }

    fn is_closed(&self) -> bool {
        self.sender.state() == ConnectionState::Closed
    }

    fn watch_close(&mut self, cx: &mut Context<'_>) {
        // The events themselves do not matter: the task looks at the state
        // after each wake-up.
        while let Some(events) = &mut self.events {
            match Pin::new(events).poll_next(cx) {
                Poll::Ready(Some(_)) => {}
                Poll::Ready(None) => self.events = None,
                Poll::Pending => break,
            }
        }
    }
}

impl SyncReconnectingSender {
    /// Starts the task that serves the channel on this thread, and returns
    /// the first handle. The task ends when every handle is dropped and
    /// every send it took is answered.
    pub(crate) fn spawn(sender: ReconnectingSender) -> Self {
        let events = Some(sender.events());
        Self {
            channel: Channel::spawn(Server { sender, events }),
        }
    }

    /// Sends `message` as [`ReconnectingWebSocket::send`] does, on the
    /// socket's thread, after the sends given before it that still wait.
    /// The returned future resolves to its outcome: sent, queued, or handed
    /// back; handed back at once as
    /// [`Rejected`](SendOutcome::Rejected)`(message, `[`Rejection::Queue`]`(`[`RejectReason::Full`]`))`
    /// if the line of waiting sends is full (see [`SyncReconnectingSender`]).
    /// Dropping the future gives up the outcome, not the send.
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
        self.channel.send(message.into(), Wait::ForRoom)
    }

    /// Sends `message` as [`ReconnectingWebSocket::try_send`] does: on the
    /// socket's thread, decided at once (sent, queued under the queue's
    /// overflow policy, or handed back) without waiting for room, and
    /// without waiting behind sends that wait for it. The answer still
    /// travels back through the channel, so it is a future too, ready as
    /// soon as the socket's task has run. This is what a user interface
    /// wants: a full queue is shown at once rather than waited out.
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
        self.channel.send(message.into(), Wait::No)
    }

    /// Closes the socket for good with code 1000, as
    /// [`ReconnectingWebSocket::close`](super::ReconnectingWebSocket::close)
    /// does, from wherever this handle is (a Leptos `on_cleanup`, say). It
    /// takes effect as soon as the socket's task runs, even while sends
    /// wait for room: no retry follows, the sends given before it were
    /// sent or queued as usual (what is still queued comes back in
    /// [`ConnectionEvent::Unsent`](super::ConnectionEvent::Unsent)), and
    /// those still waiting are handed back as
    /// [`Rejected`](SendOutcome::Rejected)`(message, `[`Rejection::Closed`]`)`.
    ///
    /// This handle cannot look at the socket from where it is, so it
    /// answers from what it knows: [`Error::AlreadyClosed`](crate::Error::AlreadyClosed)
    /// if a close was asked already through it or one of its clones, or if
    /// its task has seen the socket closed (the task watches the socket's
    /// events, so it knows from the turn of the event loop after a close
    /// through any handle, or after the socket was dropped); `Ok(())`
    /// otherwise, also after a close through another handle that the task
    /// has not seen yet (this close then changes nothing).
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// use wasm_websocket::{reconnect::ReconnectingWebSocket, Error};
    ///
    /// let ws = ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?;
    /// let sender = ws.sync_sender();
    /// sender.close()?; // takes effect when the socket's task runs
    /// assert_eq!(sender.clone().close(), Err(Error::AlreadyClosed));
    /// # Ok(())
    /// # }
    /// ```
    pub fn close(&self) -> Result<()> {
        self.close_with(CloseCode::NORMAL, "")
    }

    /// Closes the socket for good with this code and reason; see
    /// [`close`](Self::close). The code and reason are checked here: the
    /// code must be 1000 or 3000-4999, the reason at most 123 UTF-8 bytes
    /// (a refused code or reason is no close: a valid one may follow).
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// use wasm_websocket::Error;
    ///
    /// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?;
    /// let sender = ws.sync_sender();
    /// assert_eq!(sender.close_with(1001, ""), Err(Error::InvalidCloseCode(1001)));
    /// sender.close_with(4000, "leaving")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn close_with(&self, code: impl IntoCloseCode, reason: &str) -> Result<()> {
        self.channel.close(code, reason)
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
