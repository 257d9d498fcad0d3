//! The two halves of a [`WebSocket`]: [`WebSocketSender`] (a `Sink`) and
//! [`WebSocketReceiver`] (a `Stream`), for sending and receiving from
//! different tasks.
//!
//! Both halves share one connection and answer the same questions (url,
//! state, `closed()`, ...); it closes when both are dropped (with every
//! clone of the sender and every `SyncWebSocketSender`), or when either
//! calls `close`. Either half can be reunited with the other.

use std::fmt;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use futures_core::{FusedStream, Stream};
use futures_sink::Sink;

use crate::close::CloseCode;
use crate::connection::Connection;
use crate::drain::DrainWait;
use crate::error::{Error, Result};
use crate::handle::{connection_methods, sending_methods};
use crate::message::Message;
use crate::socket::WebSocket;

/// The sending half of a [`WebSocket`], made by [`WebSocket::split`].
///
/// A [`Sink`] of [`Message`]s with backpressure on the browser's send
/// buffer, and the same inherent sending methods as the socket. Clone it to
/// send from several places on this thread. Not `Send`
/// (browser objects live on one thread): see
/// [`sync_sender`](Self::sync_sender) for a handle that is.
///
/// Like the socket, it owns the connection: the connection stays open while
/// this sender, a clone of it, the receiver or a
/// [`SyncWebSocketSender`](crate::SyncWebSocketSender) lives, and closes
/// (code 1000) when the last of them is dropped. The `closed()` and
/// `drained()` futures only observe it.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// use futures::{SinkExt, StreamExt};
/// use wasm_websocket::{Message, WebSocket};
///
/// let (mut tx, mut rx) = WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
/// tx.send(Message::text("ping")).await?; // SinkExt::send: no turbofish needed
/// assert_eq!(rx.next().await.transpose()?, Some("ping".into()));
/// # Ok(())
/// # }
/// ```
#[must_use = "dropping both halves closes the connection"]
pub struct WebSocketSender {
    connection: Rc<Connection>,
    drain: DrainWait,
}

/// A clone sends on the same connection (with its own wait for the buffer)
/// and keeps it open like the original: the connection closes once every
/// handle is dropped (whatever `closed()` or `drained()` futures still
/// wait), or when any of them calls `close`. Any clone can be reunited with
/// the receiver.
impl Clone for WebSocketSender {
    fn clone(&self) -> Self {
        Self::new(self.connection.clone())
    }
}

/// The receiving half of a [`WebSocket`], made by [`WebSocket::split`].
///
/// A `Stream` of messages in arrival order. It ends with `None` after a clean
/// close, and with one `Err` and then `None` after an abnormal one. Not
/// `Send`, like every handle on a browser object.
///
/// It is the only reader of the connection's messages: dropping it (while
/// the sender keeps the connection open) frees the messages received and
/// not yet read, and from then on messages are discarded as they arrive,
/// so a socket used only to send holds nothing and never reaches
/// [`max_unread`](crate::WebSocketBuilder::with_max_unread). A message over
/// [`max_message_size`](crate::WebSocketBuilder::with_max_message_size)
/// still closes the connection with 3009.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// use futures::StreamExt;
///
/// let (tx, mut rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
/// tx.try_send("ping")?;
/// assert_eq!(rx.next().await.transpose()?, Some("ping".into()));
/// assert_eq!(rx.url(), tx.url());
/// # Ok(())
/// # }
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct WebSocketReceiver {
    connection: Rc<Connection>,
}

impl WebSocketSender {
    pub(crate) fn new(connection: Rc<Connection>) -> Self {
        Self {
            connection,
            drain: DrainWait::default(),
        }
    }

    pub(crate) fn connection(&self) -> &Rc<Connection> {
        &self.connection
    }

    pub(crate) fn sending(&mut self) -> (&Rc<Connection>, &mut DrainWait) {
        (&self.connection, &mut self.drain)
    }

    connection_methods!();
    sending_methods!();

    /// Puts the halves back together; fails, returning both, if they come
    /// from different sockets.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let (tx, rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
    /// let ws = tx.reunite(rx).expect("halves of one socket");
    /// assert_eq!(ws.state(), wasm_websocket::ReadyState::Open);
    /// # Ok(())
    /// # }
    /// ```
    pub fn reunite(self, receiver: WebSocketReceiver) -> Result<WebSocket, ReuniteError> {
        if Rc::ptr_eq(&self.connection, &receiver.connection) {
            Ok(WebSocket::from_halves(self, receiver))
        } else {
            Err(ReuniteError {
                sender: self,
                receiver,
            })
        }
    }
}

impl WebSocketReceiver {
    pub(crate) fn new(connection: Rc<Connection>) -> Self {
        Self { connection }
    }

    pub(crate) fn connection(&self) -> &Rc<Connection> {
        &self.connection
    }

    connection_methods!();

    /// Puts the halves back together, as [`WebSocketSender::reunite`] does
    /// from the other side.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let (tx, rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
    /// let ws = rx.reunite(tx).expect("halves of one socket");
    /// assert_eq!(ws.state(), wasm_websocket::ReadyState::Open);
    /// # Ok(())
    /// # }
    /// ```
    pub fn reunite(self, sender: WebSocketSender) -> Result<WebSocket, ReuniteError> {
        sender.reunite(self)
    }
}

/// - `poll_ready` is where backpressure lives: it waits while the socket is
///   connecting, and while the browser's buffer (`bufferedAmount`) is above
///   the high-water mark; it fails with [`Error::AlreadyClosed`] once the
///   socket is closing.
/// - `start_send` hands the message to the browser.
/// - `poll_flush` is ready at once: every message `start_send` took is in
///   the browser's hands already, which is what a flush promises. Waiting
///   until the bytes reached the network is
///   [`drained`](WebSocketSender::drained), a method of its own, so that
///   `SinkExt::send`, `send_all` and `StreamExt::forward` (which flush after
///   items) do not wait on the network for each message.
/// - `poll_close` starts a normal close (code 1000) unless one is under way,
///   and waits until the connection has closed; it fails with
///   [`Error::Unsent`] if bytes were still buffered then.
impl Sink<Message> for WebSocketSender {
    type Error = Error;

    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
        let this = self.get_mut();
        this.drain.poll_ready(&this.connection, cx)
    }

    fn start_send(self: Pin<&mut Self>, message: Message) -> Result<()> {
        self.connection.send_message(&message)
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
        let this = self.get_mut();
        if !this.connection.state().is_closing_or_closed() {
            this.connection.close(CloseCode::NORMAL, "")?;
        }
        let _event = std::task::ready!(this.connection.poll_closed(cx));
        // Closed now: this reports what stayed in the buffer, at once.
        this.drain.poll_drained(&this.connection, cx)
    }
}

impl Stream for WebSocketReceiver {
    type Item = Result<Message>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.connection.poll_next_message(cx)
    }
}

/// Nothing can read the messages any more: they are freed, and those that
/// still arrive are discarded (see the type's docs).
impl Drop for WebSocketReceiver {
    fn drop(&mut self) {
        Connection::receiver_dropped(&self.connection);
    }
}

impl FusedStream for WebSocketReceiver {
    fn is_terminated(&self) -> bool {
        self.connection.is_stream_finished()
    }
}

impl fmt::Debug for WebSocketSender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebSocketSender")
            .field("state", &self.state())
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for WebSocketReceiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebSocketReceiver")
            .field("state", &self.state())
            .finish_non_exhaustive()
    }
}

/// The halves given to `reunite` came from different sockets; both are
/// handed back.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// use wasm_websocket::WebSocket;
///
/// let (tx_a, rx_a) = WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
/// let (tx_b, rx_b) = WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
/// let error = tx_a.reunite(rx_b).unwrap_err();
/// let (tx_a, rx_b) = (error.sender, error.receiver);
/// assert!(tx_a.reunite(rx_a).is_ok() && rx_b.reunite(tx_b).is_ok());
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct ReuniteError {
    /// The sender, as given.
    pub sender: WebSocketSender,
    /// The receiver, as given.
    pub receiver: WebSocketReceiver,
}

impl fmt::Display for ReuniteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the sender and receiver belong to different websockets")
    }
}

impl std::error::Error for ReuniteError {}
