//! [`SyncWebSocketSender`]: a `Send + Sync` handle for sending on a
//! [`WebSocket`](crate::WebSocket), for frameworks whose signals, contexts
//! and actions require it.

use std::fmt;
use std::rc::Rc;
use std::task::{ready, Context, Poll};

use crate::close::{CloseCode, IntoCloseCode};
use crate::connection::Connection;
use crate::error::{Error, Result};
use crate::message::Message;
use crate::reconnect::RejectReason;
use crate::split::WebSocketSender;
use crate::sync_channel::{Answer, Channel, Serve, SyncSend, Wait, WaitingBound};

/// The most sends a [`SyncWebSocketSender`]'s task holds while the oldest
/// one waits for room (the same number as a reconnecting socket's offline
/// queue holds by default).
const MAX_WAITING_SENDS: usize = 100;

/// A clonable, `Send + Sync` handle for sending on a
/// [`WebSocket`](crate::WebSocket), made by `sync_sender()` on the socket or
/// its sending half.
///
/// It holds no browser object: it hands each message to a small task on the
/// socket's thread, which sends it as [`WebSocket::send`](crate::WebSocket::send)
/// does (waiting while the socket connects, and while the browser's buffer
/// is above the high-water mark). Like the other handles it keeps the
/// connection alive: the socket closes once every handle, this one
/// included, is dropped.
///
/// What the task does with each request, in the order they arrive:
/// - a [`send`](Self::send) that has to wait for room waits in a line,
///   first in first out: only the oldest one waits for the socket, the
///   later ones wait behind it, so messages go out in the order they were
///   given to this handle and its clones on one thread;
/// - a [`try_send`](Self::try_send) is decided at once, as
///   [`WebSocket::try_send`](crate::WebSocket::try_send) decides it at that
///   moment, even while sends wait (so it can go out before an older send
///   that is still waiting: that one was not sent yet);
/// - a [`close`](Self::close) takes effect at once; the sends still
///   waiting are then answered [`Error::AlreadyClosed`], as the socket
///   answers sends after a close.
///
/// The line is bounded, so that sends nobody awaits (`let _ =
/// sender.send(m);` in a loop) cannot pile up on the page: it holds at most
/// 100 sends and, together, as many bytes as the socket's
/// [high-water mark](crate::WebSocketBuilder::with_high_water_mark) (the
/// oldest send counts; an empty line takes any one send, which the socket
/// then decides). A send that does not fit is answered at once with
/// [`Error::NotQueued`]`(`[`RejectReason::Full`]`)` and not sent (that
/// error's text speaks of the offline queue: here it is this line). With
/// nothing waiting, every send goes straight to the socket.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// use wasm_websocket::{SyncWebSocketSender, WebSocket};
///
/// fn assert_send_sync<T: Send + Sync>(_: &T) {}
///
/// let ws = WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
/// let sender: SyncWebSocketSender = ws.sync_sender();
/// assert_send_sync(&sender);
/// sender.send("hello").await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct SyncWebSocketSender {
    channel: Channel<Result<()>>,
}

/// The task can be gone with a message in hand only if the socket's thread
/// tore it down: nothing will be sent, as after a close.
impl Answer for Result<()> {
    fn task_gone(_message: Message) -> Self {
        Err(Error::AlreadyClosed)
    }
}

/// The socket as the task uses it: its sending half, whose own wait for the
/// buffer serves the oldest waiting send, as it serves the half's `send`.
struct Server {
    sender: WebSocketSender,
}

impl Serve for Server {
    type Answer = Result<()>;
    /// The wait is the sending half's own: nothing to keep per send.
    type Sending = ();

    fn waiting_bound(&self) -> WaitingBound {
        let mark = self.sender.connection().high_water_mark;
        WaitingBound::new(
            MAX_WAITING_SENDS,
            Some(usize::try_from(mark).unwrap_or(usize::MAX)),
        )
    }

    fn poll_send(
        &mut self,
        _sending: &mut (),
        message: &Message,
        cx: &mut Context<'_>,
    ) -> Poll<Result<()>> {
        // What `WebSocketSender::send` does, with the message left with
        // the task until it goes.
        let (connection, drain) = self.sender.sending();
        ready!(drain.poll_ready(connection, cx))?;
        Poll::Ready(connection.send_message(message))
    }

    fn try_send(&self, message: Message) -> Result<()> {
        self.sender.connection().send_message(&message)
    }

    fn refuse(&self, _message: Message) -> Result<()> {
        Err(Error::NotQueued(RejectReason::Full))
    }

    fn close(&self, code: CloseCode, reason: &str) {
        // Fails only if it is closing already, which is what was asked.
        let _ = self.sender.close_with(code, reason);
    }

    fn is_closed(&self) -> bool {
        self.sender.state().is_closing_or_closed()
    }

    fn watch_close(&mut self, cx: &mut Context<'_>) {
        // Only the close event wakes: a close started elsewhere is seen
        // once it has closed (or when a send wakes the task before).
        let _ = self.sender.connection().poll_closed(cx);
    }
}

impl SyncWebSocketSender {
    pub(crate) fn spawn(connection: Rc<Connection>) -> Self {
        Self {
            channel: Channel::spawn(Server {
                sender: WebSocketSender::new(connection),
            }),
        }
    }

    /// Sends `message` as [`WebSocket::send`](crate::WebSocket::send) does,
    /// from the socket's thread, after the sends given before it that are
    /// still waiting; the future resolves to its result. If the line of
    /// waiting sends is full it resolves at once to
    /// [`Error::NotQueued`]`(`[`RejectReason::Full`]`)`, unsent (see
    /// [`SyncWebSocketSender`]). Dropping the future gives up the answer,
    /// not the send.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// let sender = ws.sync_sender();
    /// ws.close()?;
    /// assert_eq!(sender.send("late").await, Err(wasm_websocket::Error::AlreadyClosed));
    /// # Ok(())
    /// # }
    /// ```
    pub fn send(&self, message: impl Into<Message>) -> SyncSend<Result<()>> {
        self.channel.send(message.into(), Wait::ForRoom)
    }

    /// Sends `message` as [`WebSocket::try_send`](crate::WebSocket::try_send)
    /// does: on the socket's thread, without waiting for the browser's
    /// buffer, and without waiting behind sends that wait for it. The
    /// answer still travels back through the channel, so it is a future
    /// too, ready as soon as the socket's task has run.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::builder("ws://127.0.0.1:8787/echo").start()?;
    /// let sender = ws.sync_sender();
    /// let waiting = sender.send("once open"); // waits for the open
    /// assert_eq!(sender.try_send("now").await, Err(wasm_websocket::Error::NotYetOpen));
    /// assert_eq!(waiting.await, Ok(()));
    /// # Ok(())
    /// # }
    /// ```
    pub fn try_send(&self, message: impl Into<Message>) -> SyncSend<Result<()>> {
        self.channel.send(message.into(), Wait::No)
    }

    /// Starts a normal close (code 1000) from wherever this handle is (a
    /// Leptos `on_cleanup`, say). It takes effect as soon as the socket's
    /// task runs, even while sends wait: the sends given before it that
    /// could go out have gone out, and those still waiting are answered
    /// [`Error::AlreadyClosed`].
    ///
    /// This handle cannot look at the socket from where it is, so it
    /// answers from what it knows: [`Error::AlreadyClosed`] if a close was
    /// asked already through it or one of its clones, or if its task has
    /// seen the socket closing or closed (the task looks whenever it runs,
    /// and the close event wakes it); `Ok(())` otherwise, also when another
    /// handle started a close that the task has not seen yet (this close
    /// then changes nothing).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// let sender = ws.sync_sender();
    /// sender.close()?;
    /// assert_eq!(sender.clone().close(), Err(wasm_websocket::Error::AlreadyClosed));
    /// assert_eq!(ws.closed().await.code, 1000);
    /// # Ok(())
    /// # }
    /// ```
    pub fn close(&self) -> Result<()> {
        self.close_with(CloseCode::NORMAL, "")
    }

    /// Starts a close with this code and reason, checked here: the code
    /// must be 1000 or 3000-4999, the reason at most 123 UTF-8 bytes (a
    /// refused code or reason is no close: a valid one may follow). See
    /// [`close`](Self::close) for when it takes effect and what it returns.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// let sender = ws.sync_sender();
    /// assert_eq!(sender.close_with(1001, ""), Err(wasm_websocket::Error::InvalidCloseCode(1001)));
    /// sender.close_with(4000, "leaving")?;
    /// assert_eq!(ws.closed().await.code, 4000);
    /// # Ok(())
    /// # }
    /// ```
    pub fn close_with(&self, code: impl IntoCloseCode, reason: &str) -> Result<()> {
        self.channel.close(code, reason)
    }
}

impl fmt::Debug for SyncWebSocketSender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SyncWebSocketSender")
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn the_handle_and_its_answer_cross_threads() {
        assert_send_sync::<SyncWebSocketSender>();
        assert_send_sync::<SyncSend<Result<()>>>();
    }
}
