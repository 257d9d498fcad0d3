//! [`MockConnection`]: the server's side of one accepted connection.

use std::fmt;
use std::future::Future;
use std::rc::Rc;

use crate::close::{validate_close_reason, CloseEvent};
use crate::codec::Codec;
use crate::connection::Pipe;
use crate::message::Message;

/// The server's side of one connection, as the test drives it: what the
/// client sent ([`recv`](Self::recv) and its typed forms), what to send it
/// ([`send`](Self::send)), and how the connection ends
/// ([`close`](Self::close), [`drop_abruptly`](Self::drop_abruptly),
/// [`go_silent`](Self::go_silent), or the client's own close, which the
/// server answers by itself as a WebSocket library does).
///
/// Made by [`MockServer::accept`](super::MockServer::accept) or
/// [`Handshake::accept`](super::Handshake::accept). Dropping it leaves the
/// connection open: the server holds it until the server itself is
/// dropped.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// use futures::StreamExt;
/// use wasm_websocket::{testing::MockServer, Message, WebSocket};
///
/// let server = MockServer::new("ws://app.test/chat");
/// let connecting = WebSocket::connect("ws://app.test/chat");
/// let mut conn = server.accept().await;
/// let mut ws = connecting.await?;
///
/// ws.send("hello").await?;
/// assert_eq!(conn.recv_text().await, "hello");
/// conn.send(vec![1u8, 2, 3]);
/// assert_eq!(ws.next().await.transpose()?, Some(Message::binary([1, 2, 3])));
///
/// let seen_by_server = conn.close(4001, "bye").await;
/// let seen_by_client = ws.closed().await;
/// assert_eq!((seen_by_client.code, seen_by_client.reason.as_str()), (4001, "bye"));
/// assert!(seen_by_client.was_clean && seen_by_server.was_clean);
/// # Ok(())
/// # }
/// ```
pub struct MockConnection {
    pipe: Rc<Pipe>,
}

impl MockConnection {
    pub(super) fn new(pipe: Rc<Pipe>) -> Self {
        Self { pipe }
    }

    /// The URL the client asked for, as it gave it.
    ///
    /// ```no_run
    /// # async fn run() {
    /// let server = wasm_websocket::testing::MockServer::new("ws://app.test/chat");
    /// let _client = wasm_websocket::WebSocket::builder("ws://app.test/chat").start();
    /// assert_eq!(server.accept().await.url(), "ws://app.test/chat");
    /// # }
    /// ```
    pub fn url(&self) -> &str {
        self.pipe.url()
    }

    /// The subprotocols the client offered, most preferred first.
    ///
    /// ```no_run
    /// # async fn run() {
    /// let server = wasm_websocket::testing::MockServer::new("ws://app.test/chat");
    /// let _client = wasm_websocket::WebSocket::builder("ws://app.test/chat").with_protocols(["a", "b"]).start();
    /// assert_eq!(server.accept().await.protocols(), ["a", "b"]);
    /// # }
    /// ```
    pub fn protocols(&self) -> &[String] {
        self.pipe.offered()
    }

    /// The subprotocol the server chose; empty if none.
    ///
    /// ```no_run
    /// # async fn run() {
    /// let server = wasm_websocket::testing::MockServer::new("ws://app.test/chat");
    /// let _client = wasm_websocket::WebSocket::builder("ws://app.test/chat").with_protocols(["a", "b"]).start();
    /// assert_eq!(server.accept().await.protocol(), "a");
    /// # }
    /// ```
    pub fn protocol(&self) -> String {
        self.pipe.protocol()
    }

    /// The extensions the server reported; empty if none.
    ///
    /// ```no_run
    /// # async fn run() {
    /// let server = wasm_websocket::testing::MockServer::new("ws://app.test/chat");
    /// let _client = wasm_websocket::WebSocket::builder("ws://app.test/chat").start();
    /// assert_eq!(server.accept().await.extensions(), "");
    /// # }
    /// ```
    pub fn extensions(&self) -> String {
        self.pipe.extensions()
    }

    /// Sends a text or binary message to the client. It reaches the
    /// client's inbox at once, within the client's limits (a message over
    /// `max_message_size` closes the client's side with 3009, as from a
    /// real server). Once either side has started closing, or after
    /// [`go_silent`](Self::go_silent), it is dropped, as a browser drops
    /// what arrives while it is closing.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// use futures::StreamExt;
    /// use wasm_websocket::{testing::MockServer, Message, WebSocket};
    ///
    /// let server = MockServer::new("ws://app.test/feed");
    /// let connecting = WebSocket::connect("ws://app.test/feed");
    /// let conn = server.accept().await;
    /// conn.send("welcome"); // sent before the client even looked
    /// let mut ws = connecting.await?;
    /// assert_eq!(ws.next().await.transpose()?, Some(Message::text("welcome")));
    /// # Ok(())
    /// # }
    /// ```
    pub fn send(&self, message: impl Into<Message>) {
        self.pipe.send(message.into());
    }

    /// Sends `value` encoded by `codec`, as a client's
    /// [`Typed`](crate::codec::Typed) socket would.
    ///
    /// # Panics
    ///
    /// If `codec` cannot encode `value`.
    ///
    /// ```no_run
    /// # async fn run() {
    /// use wasm_websocket::{codec::Text, testing::MockServer};
    ///
    /// let server = MockServer::new("ws://app.test/feed");
    /// let _client = wasm_websocket::WebSocket::builder("ws://app.test/feed").start();
    /// server.accept().await.send_as(&Text, &"typed".to_owned());
    /// # }
    /// ```
    pub fn send_as<T, C: Codec<T>>(&self, codec: &C, value: &T) {
        match codec.encode(value) {
            Ok(message) => self.send(message),
            Err(error) => {
                panic!("MockConnection::send_as: the codec could not encode the value: {error}")
            }
        }
    }

    /// The next message the client sent, in order; `None` once the client
    /// has closed (or the connection ended) and every message it sent
    /// before was read.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// use wasm_websocket::{testing::MockServer, Message, WebSocket};
    ///
    /// let server = MockServer::new("ws://app.test/feed");
    /// let connecting = WebSocket::connect("ws://app.test/feed");
    /// let mut conn = server.accept().await;
    /// let ws = connecting.await?;
    /// ws.try_send("last words")?;
    /// ws.close()?;
    /// assert_eq!(conn.recv().await, Some(Message::text("last words")));
    /// assert_eq!(conn.recv().await, None);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn recv(&mut self) -> Option<Message> {
        std::future::poll_fn(|cx| self.pipe.poll_recv(cx)).await
    }

    /// The next message the client sent, which must be text.
    ///
    /// # Panics
    ///
    /// If it is binary, or if the client's messages ended first; the
    /// message says which.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let server = wasm_websocket::testing::MockServer::new("ws://app.test/feed");
    /// let connecting = wasm_websocket::WebSocket::connect("ws://app.test/feed");
    /// let mut conn = server.accept().await;
    /// connecting.await?.try_send("hi")?;
    /// assert_eq!(conn.recv_text().await, "hi");
    /// # Ok(())
    /// # }
    /// ```
    pub async fn recv_text(&mut self) -> String {
        match self.recv().await {
            Some(Message::Text(text)) => text,
            Some(Message::Binary(bytes)) => panic!(
                "MockConnection::recv_text: the client sent a binary message of {} bytes, not text",
                bytes.len()
            ),
            None => panic!("MockConnection::recv_text: {}", self.ended()),
        }
    }

    /// The next message the client sent, which must be binary.
    ///
    /// # Panics
    ///
    /// If it is text, or if the client's messages ended first; the message
    /// says which.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let server = wasm_websocket::testing::MockServer::new("ws://app.test/feed");
    /// let connecting = wasm_websocket::WebSocket::connect("ws://app.test/feed");
    /// let mut conn = server.accept().await;
    /// connecting.await?.try_send(vec![1u8, 2])?;
    /// assert_eq!(conn.recv_binary().await, [1, 2]);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn recv_binary(&mut self) -> Vec<u8> {
        match self.recv().await {
            Some(Message::Binary(bytes)) => bytes,
            Some(Message::Text(text)) => panic!(
                "MockConnection::recv_binary: the client sent a text message, not binary: {text:?}"
            ),
            None => panic!("MockConnection::recv_binary: {}", self.ended()),
        }
    }

    /// The next message the client sent, decoded by `codec`, as a
    /// client's [`Typed`](crate::codec::Typed) socket would decode it.
    ///
    /// # Panics
    ///
    /// If it does not decode, or if the client's messages ended first; the
    /// message says which.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// use wasm_websocket::{codec::Text, testing::MockServer};
    ///
    /// let server = MockServer::new("ws://app.test/feed");
    /// let connecting = wasm_websocket::WebSocket::connect("ws://app.test/feed");
    /// let mut conn = server.accept().await;
    /// connecting.await?.try_send("typed")?;
    /// let value: String = conn.recv_as(&Text).await;
    /// assert_eq!(value, "typed");
    /// # Ok(())
    /// # }
    /// ```
    pub async fn recv_as<T, C: Codec<T>>(&mut self, codec: &C) -> T {
        let Some(message) = self.recv().await else {
            panic!("MockConnection::recv_as: {}", self.ended());
        };
        match codec.decode(&message) {
            Ok(value) => value,
            Err(error) => {
                panic!("MockConnection::recv_as: the client's message {message:?} does not decode: {error}")
            }
        }
    }

    /// Why the client's messages ended, for a panic message.
    fn ended(&self) -> String {
        match self.pipe.close_event() {
            Some(close) => format!(
                "the client's messages ended: the connection closed ({}, {:?}, {})",
                close.code,
                close.reason,
                if close.was_clean {
                    "clean"
                } else {
                    "not clean"
                }
            ),
            None => "the client's messages ended: the client is closing".to_owned(),
        }
    }

    /// Closes the connection with `code` and `reason`, at once: the client
    /// answers, as a browser does by itself, and its
    /// [`closed()`](crate::WebSocket::closed) gives this code and reason,
    /// clean. The future gives the close as the server saw it. Messages the
    /// client sent before are still there for [`recv`](Self::recv). If the
    /// client had started closing, this answers its close frame instead
    /// (both sides see the client's code and reason).
    ///
    /// # Panics
    ///
    /// If no server may send `code` (1000-1003, 1007-1014 and 3000-4999
    /// may be sent; for the client to see 1006, use
    /// [`drop_abruptly`](Self::drop_abruptly)), or if `reason` is longer
    /// than 123 UTF-8 bytes.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// use wasm_websocket::{testing::MockServer, WebSocket};
    ///
    /// let server = MockServer::new("ws://app.test/feed");
    /// let connecting = WebSocket::connect("ws://app.test/feed");
    /// let conn = server.accept().await;
    /// let ws = connecting.await?;
    /// let close = conn.close(4001, "bye").await;
    /// assert_eq!((close.code, close.reason.as_str(), close.was_clean), (4001, "bye", true));
    /// assert_eq!(ws.closed().await, close);
    /// # Ok(())
    /// # }
    /// ```
    pub fn close(&self, code: u16, reason: &str) -> impl Future<Output = CloseEvent> + 'static {
        assert!(
            matches!(code, 1000..=1003 | 1007..=1014 | 3000..=4999),
            "MockConnection::close({code}, ..): no server sends {code} in a close frame (1000-1003, \
             1007-1014 and 3000-4999 may be sent); drop_abruptly() makes the client see 1006"
        );
        if let Err(error) = validate_close_reason(reason) {
            panic!("MockConnection::close({code}, ..): {error}");
        }
        self.pipe.close(code, reason);
        self.closed()
    }

    /// Drops the connection without a close frame, as when the server's
    /// process dies or the network fails: the client sees 1006, not clean
    /// ([`Error::ConnectionLost`](crate::Error::ConnectionLost) on its
    /// message stream), and a reconnecting socket reconnects.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// use wasm_websocket::{testing::MockServer, WebSocket};
    ///
    /// let server = MockServer::new("ws://app.test/feed");
    /// let connecting = WebSocket::connect("ws://app.test/feed");
    /// let conn = server.accept().await;
    /// let ws = connecting.await?;
    /// conn.drop_abruptly();
    /// let close = ws.closed().await;
    /// assert_eq!((close.code, close.was_clean), (1006, false));
    /// # Ok(())
    /// # }
    /// ```
    pub fn drop_abruptly(&self) {
        self.pipe.lose();
    }

    /// Stops answering, as a network that died without a word: from now
    /// on nothing passes either way (what the client sends is lost, as is
    /// what the server sends) and the client's close frame is not
    /// answered, so the client stays `Closing` after a close. Only the
    /// client's own timers notice: a reconnecting socket's
    /// [idle timeout](crate::reconnect::ReconnectingBuilder::with_idle_timeout)
    /// or [heartbeat](crate::reconnect::Heartbeat).
    /// [`drop_abruptly`](Self::drop_abruptly) (or dropping the server)
    /// ends it with 1006.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// use wasm_websocket::{testing::MockServer, ReadyState, WebSocket};
    ///
    /// let server = MockServer::new("ws://app.test/feed");
    /// let connecting = WebSocket::connect("ws://app.test/feed");
    /// let conn = server.accept().await;
    /// let ws = connecting.await?;
    /// conn.go_silent();
    /// ws.close()?;
    /// assert_eq!(ws.state(), ReadyState::Closing); // and stays so
    /// conn.drop_abruptly();
    /// assert_eq!(ws.closed().await.code, 1006);
    /// # Ok(())
    /// # }
    /// ```
    pub fn go_silent(&self) {
        self.pipe.go_silent();
    }

    /// A future of the close as the server saw it: the client's code and
    /// reason after the client closed, the server's own after
    /// [`close`](Self::close), 1006 (not clean) after a loss. It owns what
    /// it needs (`'static`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// use wasm_websocket::{testing::MockServer, WebSocket};
    ///
    /// let server = MockServer::new("ws://app.test/feed");
    /// let connecting = WebSocket::connect("ws://app.test/feed");
    /// let conn = server.accept().await;
    /// connecting.await?.close_with(4000, "done")?;
    /// let close = conn.closed().await;
    /// assert_eq!((close.code, close.reason.as_str(), close.was_clean), (4000, "done", true));
    /// # Ok(())
    /// # }
    /// ```
    pub fn closed(&self) -> impl Future<Output = CloseEvent> + 'static {
        let pipe = self.pipe.clone();
        std::future::poll_fn(move |cx| pipe.poll_closed(cx))
    }

    /// The close as the server saw it, if the connection has closed.
    ///
    /// ```no_run
    /// # async fn run() {
    /// let server = wasm_websocket::testing::MockServer::new("ws://app.test/feed");
    /// let _client = wasm_websocket::WebSocket::builder("ws://app.test/feed").start();
    /// assert_eq!(server.accept().await.close_event(), None);
    /// # }
    /// ```
    pub fn close_event(&self) -> Option<CloseEvent> {
        self.pipe.close_event()
    }
}

impl fmt::Debug for MockConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockConnection")
            .field("url", &self.url())
            .field("protocol", &self.protocol())
            .field("close_event", &self.close_event())
            .finish_non_exhaustive()
    }
}
