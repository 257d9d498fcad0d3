//! [`WebSocket`]: a browser WebSocket as a future (`connect`), a `Stream` of
//! messages, a `Sink` for sending, and a future of its close.

use std::fmt;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use futures_core::{FusedStream, Stream};
use futures_sink::Sink;

use crate::builder::{WebSocketBuilder, DEFAULT_HIGH_WATER_MARK};
use crate::connect::Connecting;
use crate::connection::Connection;
use crate::drain::DrainWait;
use crate::error::{Error, Result};
use crate::handle::{connection_methods, sending_methods};
use crate::limits::ReceiveLimits;
use crate::message::Message;
use crate::split::{WebSocketReceiver, WebSocketSender};
use crate::state::ReadyState;

/// A connection to a WebSocket server, through the browser's WebSocket.
///
/// - [`connect`](Self::connect)`.await` resolves when the connection is open;
/// - it is a [`Stream`] of [`Message`]s, in arrival order, binary ones as
///   bytes whatever the [`BinaryType`](crate::BinaryType);
/// - it is a [`Sink`] of [`Message`]s, waiting while the browser's send
///   buffer is above the high-water mark; the inherent
///   [`send`](Self::send) takes anything `Into<Message>`;
/// - [`closed`](Self::closed)`.await` gives the close code, reason and
///   whether the close was clean.
///
/// Like every browser object it is not `Send`: it lives on the thread that
/// made it. [`sync_sender`](Self::sync_sender) gives a handle that is.
///
/// # What keeps it open
///
/// The handles own the connection: this socket, its halves
/// ([`WebSocketSender`] and its clones, [`WebSocketReceiver`]) and the
/// [`SyncWebSocketSender`](crate::SyncWebSocketSender)s made from them.
/// When the last of them is dropped, the connection is closed with code
/// 1000 at once and every listener is removed. The futures of
/// [`closed`](Self::closed) and [`drained`](Self::drained) only observe
/// it: they never keep it open, and one still waiting after the drop
/// answers truthfully, [`Closed`](crate::Closed) with the real close event
/// when it arrives, [`Drained`](crate::Drained) with `Ok(())` if the send
/// buffer emptied before the close and [`Error::Unsent`] otherwise.
///
/// # What is held for the stream
///
/// Received messages are queued for the stream (up to
/// [`max_unread`](crate::WebSocketBuilder::with_max_unread)) only while it
/// can read them: not once the receiving side is dropped (after
/// [`split`](Self::split)), when they are discarded and what was queued is
/// freed, and not while an [`on_message`](Self::on_message) listener
/// lives, when they go to the listeners alone. A message over
/// [`max_message_size`](crate::WebSocketBuilder::with_max_message_size)
/// closes the connection with 3009 either way.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// use futures::StreamExt;
/// use wasm_websocket::{Message, WebSocket};
///
/// let mut ws = WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
/// ws.send("hello").await?;
/// ws.send(vec![1u8, 2, 3]).await?;
/// assert_eq!(ws.next().await.transpose()?, Some(Message::text("hello")));
/// assert_eq!(ws.next().await.transpose()?, Some(Message::binary([1, 2, 3])));
/// ws.close_with(4000, "done")?;
/// let closed = ws.closed().await;
/// assert_eq!((closed.code, closed.was_clean), (4000, true));
/// # Ok(())
/// # }
/// ```
#[must_use = "dropping a WebSocket closes the connection"]
pub struct WebSocket {
    sender: WebSocketSender,
    receiver: WebSocketReceiver,
}

impl WebSocket {
    /// Connects to `url` with default options; the future resolves when the
    /// connection is open. See [`builder`](Self::builder) for subprotocols,
    /// a connect timeout and the rest.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// assert_eq!(ws.url(), "ws://127.0.0.1:8787/echo");
    /// # Ok(())
    /// # }
    /// ```
    pub fn connect(url: impl Into<String>) -> Connecting {
        WebSocketBuilder::new(url).connect()
    }

    /// Options for a new connection.
    ///
    /// ```
    /// let builder = wasm_websocket::WebSocket::builder("ws://127.0.0.1:8787/echo");
    /// assert!(builder.protocols().is_empty());
    /// ```
    pub fn builder(url: impl Into<String>) -> WebSocketBuilder {
        WebSocketBuilder::new(url)
    }

    /// Takes charge of a socket made elsewhere (by JavaScript code, say),
    /// connecting or open, with the default limits. Its `binaryType` is
    /// kept; Blob messages are read into bytes in order as usual. Messages it received before this call
    /// are not seen. Fails with [`Error::AlreadyClosed`] if it is closing or
    /// closed.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// let raw = web_sys::WebSocket::new("ws://127.0.0.1:8787/echo").expect("a valid url");
    /// let ws = wasm_websocket::WebSocket::from_raw(raw)?;
    /// assert_eq!(ws.binary_type(), wasm_websocket::BinaryType::Blob); // the browser's default
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_raw(raw: web_sys::WebSocket) -> Result<Self> {
        if ReadyState::from_raw(raw.ready_state()).is_closing_or_closed() {
            return Err(Error::AlreadyClosed);
        }
        // It may be in Blob mode (the browser's default): Blobs are read.
        let limits = ReceiveLimits {
            read_blob: Some(crate::inbox::start_reading),
            ..ReceiveLimits::default()
        };
        Ok(Self::adopt(raw, DEFAULT_HIGH_WATER_MARK, limits))
    }

    pub(crate) fn adopt(
        raw: web_sys::WebSocket,
        high_water_mark: u64,
        limits: ReceiveLimits,
    ) -> Self {
        let connection = Connection::attach(raw, high_water_mark, limits);
        Self {
            sender: WebSocketSender::new(connection.clone()),
            receiver: WebSocketReceiver::new(connection),
        }
    }

    pub(crate) fn from_connection(connection: Rc<Connection>) -> Self {
        Self {
            sender: WebSocketSender::new(connection.clone()),
            receiver: WebSocketReceiver::new(connection),
        }
    }

    pub(crate) fn from_halves(sender: WebSocketSender, receiver: WebSocketReceiver) -> Self {
        Self { sender, receiver }
    }

    pub(crate) fn connection(&self) -> &Rc<Connection> {
        self.receiver.connection()
    }

    fn sending(&mut self) -> (&Rc<Connection>, &mut DrainWait) {
        self.sender.sending()
    }

    connection_methods!();
    sending_methods!();

    /// Hands the browser's socket back, still open, with this crate's
    /// listeners removed. Messages received and not yet taken are lost. On
    /// the stream backend, which has no such socket, the `WebSocket` comes
    /// back unchanged as the error.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// let raw = ws.into_raw().expect("the classic backend");
    /// assert_eq!(raw.ready_state(), web_sys::WebSocket::OPEN);
    /// # Ok(())
    /// # }
    /// ```
    pub fn into_raw(self) -> std::result::Result<web_sys::WebSocket, WebSocket> {
        match self.connection().detach() {
            Some(raw) => Ok(raw),
            None => Err(self),
        }
    }

    /// Splits into a sending and a receiving half, to use from different
    /// tasks; `reunite` on either half puts them back together.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let (tx, rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
    /// tx.close()?; // either half can close
    /// assert!(rx.closed().await.was_clean);
    /// # Ok(())
    /// # }
    /// ```
    pub fn split(self) -> (WebSocketSender, WebSocketReceiver) {
        (self.sender, self.receiver)
    }
}

impl Stream for WebSocket {
    type Item = Result<Message>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.get_mut().receiver).poll_next(cx)
    }
}

impl FusedStream for WebSocket {
    fn is_terminated(&self) -> bool {
        self.receiver.is_terminated()
    }
}

/// The same `Sink` as [`WebSocketSender`]'s: see there for what each step
/// means.
impl Sink<Message> for WebSocket {
    type Error = Error;

    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
        Pin::new(&mut self.get_mut().sender).poll_ready(cx)
    }

    fn start_send(self: Pin<&mut Self>, message: Message) -> Result<()> {
        Pin::new(&mut self.get_mut().sender).start_send(message)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
        Pin::new(&mut self.get_mut().sender).poll_flush(cx)
    }

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
        Pin::new(&mut self.get_mut().sender).poll_close(cx)
    }
}

impl fmt::Debug for WebSocket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebSocket")
            .field("url", &self.url())
            .field("state", &self.state())
            .finish_non_exhaustive()
    }
}
