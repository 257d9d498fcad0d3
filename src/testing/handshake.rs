//! [`Handshake`]: a client's opening handshake, waiting for the server's
//! answer.

use std::fmt;
use std::rc::Rc;

use super::connection::MockConnection;
use super::server::ServerState;
use crate::connection::Pipe;

/// A client's opening handshake, unanswered: the client is `Connecting`
/// until the test [accepts](Self::accept) or [refuses](Self::refuse) it.
/// Dropping it unanswered refuses it. Made by
/// [`MockServer::handshake`](super::MockServer::handshake).
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// use wasm_websocket::{testing::MockServer, WebSocket};
///
/// let server = MockServer::prefix("ws://app.test/");
/// let connecting = WebSocket::builder("ws://app.test/chat?room=7")
///     .with_protocols(["chat.v2", "chat.v1"])
///     .connect();
/// let handshake = server.handshake().await;
/// assert_eq!(handshake.url(), "ws://app.test/chat?room=7");
/// assert_eq!(handshake.protocols(), ["chat.v2", "chat.v1"]);
/// let conn = handshake
///     .with_protocol("chat.v1")
///     .with_extensions("permessage-deflate")
///     .accept();
/// let ws = connecting.await?;
/// assert_eq!((ws.protocol(), ws.extensions()), ("chat.v1".into(), "permessage-deflate".into()));
/// # drop(conn);
/// # Ok(())
/// # }
/// ```
#[must_use = "dropping a Handshake refuses it"]
pub struct Handshake {
    server: Rc<ServerState>,
    pipe: Rc<Pipe>,
    /// Set by the answer, so that the drop does not refuse.
    answered: bool,
    protocol: Option<String>,
    extensions: String,
}

impl Handshake {
    pub(super) fn new(server: Rc<ServerState>, pipe: Rc<Pipe>) -> Self {
        Self {
            server,
            pipe,
            answered: false,
            protocol: None,
            extensions: String::new(),
        }
    }

    /// The URL the client asked for, as it gave it.
    ///
    /// ```no_run
    /// # async fn run() {
    /// let server = wasm_websocket::testing::MockServer::prefix("ws://app.test/");
    /// let _client = wasm_websocket::WebSocket::builder("ws://app.test/feed").start();
    /// assert_eq!(server.handshake().await.url(), "ws://app.test/feed");
    /// # }
    /// ```
    pub fn url(&self) -> &str {
        self.pipe.url()
    }

    /// The subprotocols the client offered, most preferred first.
    ///
    /// ```no_run
    /// # async fn run() {
    /// let server = wasm_websocket::testing::MockServer::new("ws://app.test/");
    /// let _client = wasm_websocket::WebSocket::builder("ws://app.test/").with_protocol("v1").start();
    /// assert_eq!(server.handshake().await.protocols(), ["v1"]);
    /// # }
    /// ```
    pub fn protocols(&self) -> &[String] {
        self.pipe.offered()
    }

    /// The subprotocol to choose when accepting; empty: none. Default: the
    /// first the client offered, as Node's `ws` server chooses. One the
    /// client did not offer fails the connection when accepted, as a
    /// browser fails it (1006).
    ///
    /// ```no_run
    /// # async fn run() {
    /// let server = wasm_websocket::testing::MockServer::new("ws://app.test/");
    /// let _client = wasm_websocket::WebSocket::builder("ws://app.test/").with_protocol("v1").start();
    /// let conn = server.handshake().await.with_protocol("").accept();
    /// assert_eq!(conn.protocol(), "");
    /// # }
    /// ```
    pub fn with_protocol(mut self, protocol: impl Into<String>) -> Self {
        self.protocol = Some(protocol.into());
        self
    }

    /// The extensions to report when accepting (the client's
    /// `extensions()`), such as `"permessage-deflate"`. Default: none. Only
    /// reported: messages are not compressed in memory.
    ///
    /// ```no_run
    /// # async fn run() {
    /// let server = wasm_websocket::testing::MockServer::new("ws://app.test/");
    /// let _client = wasm_websocket::WebSocket::builder("ws://app.test/").start();
    /// let conn = server.handshake().await.with_extensions("permessage-deflate").accept();
    /// assert_eq!(conn.extensions(), "permessage-deflate");
    /// # }
    /// ```
    pub fn with_extensions(mut self, extensions: impl Into<String>) -> Self {
        self.extensions = extensions.into();
        self
    }

    /// Answers with 101: the connection opens (the client's `connect()`
    /// resolves), unless the client gave up meanwhile, in which case the
    /// connection comes back closed (its [`closed`](MockConnection::closed)
    /// gives 1006), as a real server would find it.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// use wasm_websocket::{testing::MockServer, ReadyState, WebSocket};
    ///
    /// let server = MockServer::new("ws://app.test/");
    /// let connecting = WebSocket::connect("ws://app.test/");
    /// let conn = server.handshake().await.accept();
    /// assert_eq!(connecting.await?.state(), ReadyState::Open);
    /// assert_eq!(server.accepted(), 1);
    /// # drop(conn);
    /// # Ok(())
    /// # }
    /// ```
    pub fn accept(mut self) -> MockConnection {
        self.answered = true;
        let protocol = match self.protocol.take() {
            Some(protocol) => protocol,
            None => self.pipe.offered().first().cloned().unwrap_or_default(),
        };
        if self.pipe.accept(&protocol, &self.extensions) {
            self.server.count_accepted();
        }
        MockConnection::new(self.pipe.clone())
    }

    /// Answers with an HTTP error `status` (403, 503, ...): the client's
    /// connection fails with [`ConnectFailed`](crate::Error::ConnectFailed)
    /// and close code 1006, as a browser reports any refused handshake
    /// (the page never sees the status).
    ///
    /// # Panics
    ///
    /// If `status` is not an HTTP status that refuses (100-599, not 101).
    ///
    /// ```no_run
    /// # async fn run() {
    /// use wasm_websocket::{testing::MockServer, Error, WebSocket};
    ///
    /// let server = MockServer::new("ws://app.test/");
    /// let connecting = WebSocket::connect("ws://app.test/");
    /// server.handshake().await.refuse(403);
    /// assert!(matches!(connecting.await, Err(Error::ConnectFailed(close)) if close.code == 1006));
    /// # }
    /// ```
    pub fn refuse(mut self, status: u16) {
        check_refusal_status("Handshake::refuse", status);
        self.answer_with_refusal();
    }

    fn answer_with_refusal(&mut self) {
        if !std::mem::replace(&mut self.answered, true) && self.pipe.refuse(true) {
            self.server.count_refusal();
        }
    }
}

/// Unanswered: refused.
impl Drop for Handshake {
    fn drop(&mut self) {
        self.answer_with_refusal();
    }
}

impl fmt::Debug for Handshake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handshake")
            .field("url", &self.pipe.url())
            .field("protocols", &self.pipe.offered())
            .field("protocol", &self.protocol)
            .field("extensions", &self.extensions)
            .finish()
    }
}

/// Panics unless `status` is an HTTP status that refuses a handshake.
pub(super) fn check_refusal_status(method: &str, status: u16) {
    assert!(
        (100..=599).contains(&status) && status != 101,
        "{method}({status}): a handshake is refused with an HTTP status from 100 to 599 other than \
         101 (101 accepts it: use accept())"
    );
}
