//! [`WebSocket`]: a browser WebSocket as a future (`connect`), a `Stream` of
//! messages, a `Sink` for sending, and a future of its close.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::{FusedStream, Stream};
use futures_sink::Sink;
use web_sys::{Blob, Event, MessageEvent};

use crate::builder::{WebSocketBuilder, DEFAULT_HIGH_WATER_MARK};
use crate::close::{CloseEvent, IntoCloseCode};
use crate::connect::Connecting;
use crate::connection::Connection;
use crate::drain::DrainWait;
use crate::error::{Error, Result};
use crate::events::EventListener;
use crate::message::Message;
use crate::split::{Closed, WebSocketReceiver, WebSocketSender};
use crate::state::{BinaryType, ReadyState};

/// A connection to a WebSocket server, through the browser's WebSocket.
///
/// - [`connect`](Self::connect)`.await` resolves when the connection is open;
/// - it is a [`Stream`] of [`Message`]s, in arrival order, binary ones as
///   bytes whatever the [`BinaryType`];
/// - it is a [`Sink`] of anything `Into<Message>`, waiting while the browser's
///   send buffer is above the high-water mark;
/// - [`closed`](Self::closed)`.await` gives the close code, reason and
///   whether the close was clean.
///
/// Dropping it closes the connection (code 1000) and removes every listener.
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
    /// Connects to `url` with default options; see [`builder`](Self::builder)
    /// for subprotocols, a connect timeout and the rest.
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
    /// assert!(builder.requested_protocols().is_empty());
    /// ```
    pub fn builder(url: impl Into<String>) -> WebSocketBuilder {
        WebSocketBuilder::new(url)
    }

    /// Takes charge of a socket made elsewhere (by JavaScript code, say),
    /// connecting or open. Its `binaryType` is kept; Blob messages are read
    /// into bytes in order as usual. Messages it received before this call
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
        Ok(Self::adopt(raw, DEFAULT_HIGH_WATER_MARK))
    }

    pub(crate) fn adopt(raw: web_sys::WebSocket, high_water_mark: u64) -> Self {
        let connection = Connection::attach(raw, high_water_mark);
        Self {
            sender: WebSocketSender {
                connection: connection.clone(),
                drain: DrainWait::default(),
            },
            receiver: WebSocketReceiver { connection },
        }
    }

    pub(crate) fn from_halves(sender: WebSocketSender, receiver: WebSocketReceiver) -> Self {
        Self { sender, receiver }
    }

    pub(crate) fn connection(&self) -> &Connection {
        &self.receiver.connection
    }

    /// The browser's socket, for anything this crate does not cover.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// assert_eq!(ws.as_raw().ready_state(), web_sys::WebSocket::OPEN);
    /// # Ok(())
    /// # }
    /// ```
    pub fn as_raw(&self) -> &web_sys::WebSocket {
        self.connection().raw()
    }

    /// Hands the browser's socket back, still open, with this crate's
    /// listeners removed. Messages queued and not yet taken are lost.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// let raw = ws.into_raw();
    /// assert_eq!(raw.ready_state(), web_sys::WebSocket::OPEN);
    /// # Ok(())
    /// # }
    /// ```
    pub fn into_raw(self) -> web_sys::WebSocket {
        self.connection().detach()
    }

    /// Where the connection is in its life (`readyState`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// assert_eq!(ws.state(), wasm_websocket::ReadyState::Open);
    /// # Ok(())
    /// # }
    /// ```
    pub fn state(&self) -> ReadyState {
        self.connection().state()
    }

    /// The URL as the browser resolved it (`url`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// assert_eq!(ws.url(), "ws://127.0.0.1:8787/echo");
    /// # Ok(())
    /// # }
    /// ```
    pub fn url(&self) -> String {
        self.as_raw().url()
    }

    /// The subprotocol the server chose (`protocol`), empty if none.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::builder("ws://127.0.0.1:8787/echo")
    ///     .protocols(["chat.v2", "chat.v1"])
    ///     .connect()
    ///     .await?;
    /// assert_eq!(ws.protocol(), "chat.v2");
    /// # Ok(())
    /// # }
    /// ```
    pub fn protocol(&self) -> String {
        self.as_raw().protocol()
    }

    /// The extensions the server chose (`extensions`), such as
    /// `permessage-deflate`; empty if none.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/deflate/echo").await?;
    /// assert!(ws.extensions().contains("permessage-deflate"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn extensions(&self) -> String {
        self.as_raw().extensions()
    }

    /// How binary messages are handed over (`binaryType`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// assert_eq!(ws.binary_type(), wasm_websocket::BinaryType::ArrayBuffer);
    /// # Ok(())
    /// # }
    /// ```
    pub fn binary_type(&self) -> BinaryType {
        BinaryType::from_raw(self.as_raw().binary_type())
    }

    /// Changes how binary messages are handed over from now on. Messages
    /// keep their order across the change.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// use wasm_websocket::BinaryType;
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// ws.set_binary_type(BinaryType::Blob);
    /// assert_eq!(ws.binary_type(), BinaryType::Blob);
    /// # Ok(())
    /// # }
    /// ```
    pub fn set_binary_type(&self, binary_type: BinaryType) {
        self.as_raw().set_binary_type(binary_type.to_raw());
    }

    /// Bytes sent but not yet handed to the network (`bufferedAmount`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let mut ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// ws.send(vec![0u8; 1 << 20]).await?;
    /// ws.flush().await?;
    /// assert_eq!(ws.buffered_amount(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn buffered_amount(&self) -> u64 {
        self.sender.buffered_amount()
    }

    /// Sends a message once the browser's buffer is below the high-water
    /// mark. Resolves when the browser has taken the message; use
    /// [`flush`](Self::flush) to wait until it reached the network. This is
    /// also what `SinkExt::send` does.
    ///
    /// Fails with [`Error::AlreadyClosed`] once the socket is closing or
    /// closed, where the browser would drop the message silently.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let mut ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// ws.send("text").await?;
    /// ws.send(vec![1u8, 2, 3]).await?;
    /// ws.close()?;
    /// assert_eq!(ws.send("late").await, Err(wasm_websocket::Error::AlreadyClosed));
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send(&mut self, message: impl Into<Message>) -> Result<()> {
        self.sender.send(message).await
    }

    /// Sends a message now, whatever the buffer holds. Fails with
    /// [`Error::NotYetOpen`] while connecting and [`Error::AlreadyClosed`]
    /// once closing.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// ws.try_send("now")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn try_send(&self, message: impl Into<Message>) -> Result<()> {
        self.sender.try_send(message)
    }

    /// Sends a `Blob` as one binary message, as the browser sends it.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// let blob = web_sys::Blob::new().expect("an empty blob");
    /// ws.send_blob(&blob)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn send_blob(&self, blob: &Blob) -> Result<()> {
        self.sender.send_blob(blob)
    }

    /// Sends an `ArrayBuffer` as one binary message.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// ws.send_array_buffer(&js_sys::ArrayBuffer::new(8))?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn send_array_buffer(&self, buffer: &js_sys::ArrayBuffer) -> Result<()> {
        self.sender.send_array_buffer(buffer)
    }

    /// Sends the bytes a `Uint8Array` views as one binary message; a view of
    /// shared memory is copied first, as the browser refuses those.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// ws.send_uint8_array(&js_sys::Uint8Array::from(&[1u8, 2, 3][..]))?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn send_uint8_array(&self, array: &js_sys::Uint8Array) -> Result<()> {
        self.sender.send_uint8_array(array)
    }

    /// Resolves once everything sent has been handed to the network
    /// (`bufferedAmount` is 0). Fails with [`Error::Unsent`] if the connection
    /// closed first. The browser has no event for this, so it looks at
    /// `bufferedAmount` on a short timer while it waits.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let mut ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// ws.send(vec![7u8; 4 << 20]).await?;
    /// ws.flush().await?;
    /// assert_eq!(ws.buffered_amount(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn flush(&mut self) -> Result<()> {
        self.sender.flush().await
    }

    /// Starts a normal close (code 1000, no reason). Fails with
    /// [`Error::AlreadyClosed`] if the socket is already closing or closed.
    /// Await [`closed`](Self::closed) for the outcome.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// ws.close()?;
    /// assert_eq!(ws.closed().await.code, 1000);
    /// # Ok(())
    /// # }
    /// ```
    pub fn close(&self) -> Result<()> {
        self.sender.close()
    }

    /// Starts a close with a code and a reason, both checked first: the code
    /// must be 1000 or 3000-4999 ([`Error::InvalidCloseCode`]), the reason at
    /// most 123 UTF-8 bytes ([`Error::CloseReasonTooLong`]). Takes a
    /// [`CloseCode`](crate::CloseCode) or a plain integer.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// use wasm_websocket::{CloseCode, Error};
    ///
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// assert_eq!(ws.close_with(1001, "going"), Err(Error::InvalidCloseCode(1001)));
    /// ws.close_with(CloseCode::NORMAL, "bye")?;
    /// assert_eq!(ws.closed().await.reason, "bye");
    /// # Ok(())
    /// # }
    /// ```
    pub fn close_with(&self, code: impl IntoCloseCode, reason: &str) -> Result<()> {
        self.sender.close_with(code, reason)
    }

    /// Resolves to the close event once the connection has closed, however
    /// that happened; at once if it has closed already.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/close?code=4001&reason=done").await?;
    /// let closed = ws.closed().await;
    /// assert_eq!((closed.code, closed.reason.as_str(), closed.was_clean), (4001, "done", true));
    /// # Ok(())
    /// # }
    /// ```
    pub fn closed(&self) -> Closed<'_> {
        self.receiver.closed()
    }

    /// The close event, if the connection has closed.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// assert_eq!(ws.close_event(), None);
    /// # Ok(())
    /// # }
    /// ```
    pub fn close_event(&self) -> Option<CloseEvent> {
        self.connection().close_event()
    }

    /// Splits into a sending and a receiving half, to use from different
    /// tasks; [`WebSocketSender::reunite`] puts them back together.
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

    /// Calls `callback` on every `open` event until the listener is dropped.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::builder("ws://127.0.0.1:8787/echo").start()?;
    /// let opened = std::rc::Rc::new(std::cell::Cell::new(false));
    /// let flag = opened.clone();
    /// let listener = ws.on_open(move |_event| flag.set(true));
    /// # drop(listener);
    /// # Ok(())
    /// # }
    /// ```
    pub fn on_open(&self, callback: impl FnMut(Event) + 'static) -> EventListener {
        EventListener::new(self.as_raw(), "open", callback)
    }

    /// Calls `callback` with every `message` event until the listener is
    /// dropped. This is the raw event: its data is a string, an `ArrayBuffer`
    /// or a `Blob` as the browser delivered it. The message stream still
    /// receives every message too.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::builder("ws://127.0.0.1:8787/echo").start()?;
    /// let listener = ws.on_message(|event| assert!(event.data().is_truthy() || true));
    /// # drop(listener);
    /// # Ok(())
    /// # }
    /// ```
    pub fn on_message(&self, callback: impl FnMut(MessageEvent) + 'static) -> EventListener {
        EventListener::typed(self.as_raw(), "message", "data", callback)
    }

    /// Calls `callback` with the close event until the listener is dropped.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::builder("ws://127.0.0.1:8787/echo").start()?;
    /// let listener = ws.on_close(|close| assert!(close.code >= 1000));
    /// # drop(listener);
    /// # Ok(())
    /// # }
    /// ```
    pub fn on_close(&self, mut callback: impl FnMut(CloseEvent) + 'static) -> EventListener {
        EventListener::typed(
            self.as_raw(),
            "close",
            "code",
            move |event: web_sys::CloseEvent| callback(CloseEvent::from_raw(&event)),
        )
    }

    /// Calls `callback` on every `error` event until the listener is dropped.
    /// The browser gives no detail in it (on purpose); the close event that
    /// always follows has the code.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::builder("ws://127.0.0.1:8787/refuse").start()?;
    /// let listener = ws.on_error(|event| assert_eq!(event.type_(), "error"));
    /// # drop(listener);
    /// # Ok(())
    /// # }
    /// ```
    pub fn on_error(&self, callback: impl FnMut(Event) + 'static) -> EventListener {
        EventListener::new(self.as_raw(), "error", callback)
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

impl<M: Into<Message>> Sink<M> for WebSocket {
    type Error = Error;

    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
        Sink::<M>::poll_ready(Pin::new(&mut self.get_mut().sender), cx)
    }

    fn start_send(self: Pin<&mut Self>, message: M) -> Result<()> {
        Pin::new(&mut self.get_mut().sender).start_send(message)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
        Sink::<M>::poll_flush(Pin::new(&mut self.get_mut().sender), cx)
    }

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
        Sink::<M>::poll_close(Pin::new(&mut self.get_mut().sender), cx)
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
