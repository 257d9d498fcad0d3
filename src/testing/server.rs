//! [`MockServer`]: serves the connections to its URLs, on this thread,
//! while it lives.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use super::connection::MockConnection;
use super::handshake::{check_refusal_status, Handshake};
use super::registry::{self, Pattern};
use crate::connection::Pipe;

/// An in-process WebSocket server for tests: while it lives, every
/// connection this thread makes to a URL it serves is served by it, in
/// memory (see the [module docs](super) for what that covers).
///
/// The test plays the server's part, one step at a time:
/// [`accept`](Self::accept) (or [`handshake`](Self::handshake), to choose
/// a subprotocol, refuse, or hold the handshake), then the
/// [`MockConnection`]'s `recv`, `send`, `close`, `drop_abruptly`. Nothing
/// happens that the test did not ask for, except what a real server's
/// WebSocket library does by itself: answering the client's close frame.
///
/// Handshakes wait, in arrival order, until the test takes them; a
/// handshake the client gave up on before then (a connect timeout, a
/// dropped `connect()` future) is skipped, though counted in
/// [`handshakes`](Self::handshakes).
///
/// Dropping the server drops every connection it holds, whether the test
/// still holds its [`MockConnection`] or not: the clients see 1006, as when
/// a server process dies; handshakes still waiting fail (1006 too). A
/// connection made after that goes to the network, as no live server
/// serves its URL any more.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// use wasm_websocket::{testing::MockServer, WebSocket};
///
/// let server = MockServer::new("ws://app.test/chat");
/// let connecting = WebSocket::connect("ws://app.test/chat");
/// let conn = server.accept().await;
/// let ws = connecting.await?;
/// assert_eq!(server.open_connections(), 1);
/// drop(server);
/// assert_eq!(ws.closed().await.code, 1006);
/// assert_eq!(conn.closed().await.code, 1006);
/// # Ok(())
/// # }
/// ```
pub struct MockServer {
    state: Rc<ServerState>,
}

/// What the server's handles and the registry share.
pub(crate) struct ServerState {
    pattern: Pattern,
    /// Handshakes the test has not taken yet, oldest first.
    waiting: RefCell<VecDeque<Rc<Pipe>>>,
    /// Handshakes the test took, and their connections, until they close.
    taken: RefCell<Vec<Rc<Pipe>>>,
    /// Tasks waiting for a handshake.
    takers: RefCell<Vec<Waker>>,
    refusal: Cell<Option<Refusal>>,
    handshakes: Cell<usize>,
    accepted: Cell<usize>,
    refused: Cell<usize>,
}

/// Which handshakes are refused as they arrive.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Refusal {
    /// This many more.
    Next { left: usize, status: u16 },
    /// Until this time (milliseconds on the host's clock).
    Until { deadline: f64, status: u16 },
}

impl MockServer {
    /// A server for exactly `url`, as the app gives it to `connect` (no
    /// resolution: a relative URL matches only the same relative URL).
    ///
    /// # Panics
    ///
    /// If a live server of this thread already serves `url`; the message
    /// names it.
    ///
    /// ```
    /// let server = wasm_websocket::testing::MockServer::new("ws://app.test/chat");
    /// assert_eq!(server.handshakes(), 0);
    /// ```
    pub fn new(url: impl Into<String>) -> Self {
        Self::serving(Pattern::Exact(url.into()))
    }

    /// A server for every URL that starts with `prefix`: one server for
    /// `ws://app.test/chat?room=1`, `ws://app.test/feed`, ... The
    /// [`Handshake`] says which URL each client asked for.
    ///
    /// # Panics
    ///
    /// If a live server of this thread serves a URL that starts with
    /// `prefix` (or whose prefix starts this one); the message names it.
    ///
    /// ```
    /// use wasm_websocket::testing::MockServer;
    ///
    /// let app = MockServer::prefix("ws://app.test/");
    /// let other = MockServer::new("ws://other.test/feed"); // no overlap: fine
    /// # drop((app, other));
    /// ```
    ///
    /// ```no_run
    /// use wasm_websocket::testing::MockServer;
    ///
    /// let app = MockServer::prefix("ws://app.test/");
    /// // Panics (tests/mock checks it in a browser): MockServer::new("ws://app.test/chat") cannot serve while
    /// // MockServer::prefix("ws://app.test/") lives: both would serve "ws://app.test/chat", ...
    /// let chat = MockServer::new("ws://app.test/chat");
    /// # drop((app, chat));
    /// ```
    pub fn prefix(prefix: impl Into<String>) -> Self {
        Self::serving(Pattern::Prefix(prefix.into()))
    }

    fn serving(pattern: Pattern) -> Self {
        let state = Rc::new(ServerState {
            pattern,
            waiting: RefCell::default(),
            taken: RefCell::default(),
            takers: RefCell::default(),
            refusal: Cell::new(None),
            handshakes: Cell::new(0),
            accepted: Cell::new(0),
            refused: Cell::new(0),
        });
        registry::register(&state.pattern, &state);
        Self { state }
    }

    /// A future of the next client's handshake, unanswered: the client
    /// stays `Connecting` until the test [accepts](Handshake::accept) or
    /// [refuses](Handshake::refuse) it (or drops it: a refusal). Holding
    /// it is how a test delays the handshake; the client's connect timeout
    /// still applies. It owns what it needs (`'static`).
    ///
    /// ```no_run
    /// # async fn run() {
    /// use std::time::Duration;
    /// use wasm_websocket::{testing::MockServer, Error, WebSocket};
    ///
    /// let server = MockServer::new("ws://app.test/slow");
    /// let connecting = WebSocket::builder("ws://app.test/slow")
    ///     .with_connect_timeout(Duration::from_millis(20))
    ///     .connect();
    /// let held = server.handshake().await; // never answered in time
    /// assert!(matches!(connecting.await, Err(Error::ConnectTimeout(_))));
    /// assert_eq!(held.accept().closed().await.code, 1006); // the client had gone
    /// # }
    /// ```
    pub fn handshake(&self) -> impl Future<Output = Handshake> + 'static {
        let state = self.state.clone();
        std::future::poll_fn(move |cx| state.poll_handshake(cx))
    }

    /// A future of the next client's connection: its handshake,
    /// [accepted](Handshake::accept) with the first subprotocol it offered
    /// (if any) and no extensions, as Node's `ws` server does by default.
    /// It owns what it needs (`'static`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// use wasm_websocket::{testing::MockServer, WebSocket};
    ///
    /// let server = MockServer::new("ws://app.test/chat");
    /// let connecting = WebSocket::builder("ws://app.test/chat")
    ///     .with_protocols(["chat.v2", "chat.v1"])
    ///     .connect();
    /// let conn = server.accept().await;
    /// assert_eq!(conn.protocol(), "chat.v2");
    /// assert_eq!(connecting.await?.protocol(), "chat.v2");
    /// # Ok(())
    /// # }
    /// ```
    pub fn accept(&self) -> impl Future<Output = MockConnection> + 'static {
        let handshake = self.handshake();
        async move { handshake.await.accept() }
    }

    /// Refuses the next `count` handshakes as they arrive, answering
    /// `status` (which the client never sees: a browser reports a refused
    /// handshake as [`ConnectFailed`](crate::Error::ConnectFailed) with
    /// 1006, and so does the mock). Replaces an earlier refusal rule.
    ///
    /// # Panics
    ///
    /// If `status` is not an HTTP status that refuses (100-599, not 101).
    ///
    /// ```no_run
    /// # async fn run() {
    /// use wasm_websocket::{testing::MockServer, Error, WebSocket};
    ///
    /// let server = MockServer::new("ws://app.test/feed");
    /// server.refuse_next(1, 503);
    /// match WebSocket::connect("ws://app.test/feed").await {
    ///     Err(Error::ConnectFailed(close)) => assert_eq!((close.code, close.was_clean), (1006, false)),
    ///     other => panic!("expected a refusal, got {other:?}"),
    /// }
    /// assert_eq!((server.handshakes(), server.refused()), (1, 1));
    /// # }
    /// ```
    pub fn refuse_next(&self, count: usize, status: u16) {
        check_refusal_status("MockServer::refuse_next", status);
        self.state.refusal.set(Some(Refusal::Next {
            left: count,
            status,
        }));
    }

    /// Refuses every handshake that arrives within `duration` from now, as
    /// [`refuse_next`](Self::refuse_next) does (`Duration::MAX`: until
    /// [`stop_refusing`](Self::stop_refusing)). The window is measured on
    /// the host's clock (`Date.now()`). Replaces an earlier refusal rule.
    ///
    /// # Panics
    ///
    /// If `status` is not an HTTP status that refuses (100-599, not 101).
    ///
    /// ```no_run
    /// # async fn run() {
    /// use std::time::Duration;
    /// use wasm_websocket::testing::MockServer;
    ///
    /// let server = MockServer::new("ws://app.test/feed");
    /// server.refuse_for(Duration::from_millis(200), 503);
    /// // ... a reconnecting socket retries, refused, for 200 ms, then:
    /// let conn = server.accept().await;
    /// # drop(conn);
    /// # }
    /// ```
    pub fn refuse_for(&self, duration: Duration, status: u16) {
        check_refusal_status("MockServer::refuse_for", status);
        let deadline = now_ms() + duration.as_secs_f64() * 1000.0;
        self.state
            .refusal
            .set(Some(Refusal::Until { deadline, status }));
    }

    /// Ends a refusal rule: handshakes wait for the test again.
    ///
    /// ```
    /// let server = wasm_websocket::testing::MockServer::new("ws://app.test/feed");
    /// server.refuse_next(usize::MAX, 503);
    /// server.stop_refusing();
    /// ```
    pub fn stop_refusing(&self) {
        self.state.refusal.set(None);
    }

    /// Handshakes that reached the server: every connection attempt to its
    /// URLs, refused, abandoned or accepted.
    ///
    /// ```
    /// assert_eq!(wasm_websocket::testing::MockServer::new("ws://a.test/").handshakes(), 0);
    /// ```
    pub fn handshakes(&self) -> usize {
        self.state.handshakes.get()
    }

    /// Handshakes accepted: connections that opened.
    ///
    /// ```
    /// assert_eq!(wasm_websocket::testing::MockServer::new("ws://a.test/").accepted(), 0);
    /// ```
    pub fn accepted(&self) -> usize {
        self.state.accepted.get()
    }

    /// Handshakes refused: by a refusal rule, by
    /// [`Handshake::refuse`], or by dropping a [`Handshake`].
    ///
    /// ```
    /// assert_eq!(wasm_websocket::testing::MockServer::new("ws://a.test/").refused(), 0);
    /// ```
    pub fn refused(&self) -> usize {
        self.state.refused.get()
    }

    /// Connections open now: accepted, and neither side has started
    /// closing.
    ///
    /// ```
    /// assert_eq!(wasm_websocket::testing::MockServer::new("ws://a.test/").open_connections(), 0);
    /// ```
    pub fn open_connections(&self) -> usize {
        self.state
            .taken
            .borrow()
            .iter()
            .filter(|pipe| pipe.is_open())
            .count()
    }
}

/// The server goes away: every connection it holds is lost (1006 on both
/// sides), and its URLs are free for another server.
impl Drop for MockServer {
    fn drop(&mut self) {
        registry::unregister(&self.state);
        let pipes: Vec<Rc<Pipe>> = {
            let mut pipes: Vec<_> = self.state.waiting.borrow_mut().drain(..).collect();
            pipes.append(&mut self.state.taken.borrow_mut());
            pipes
        };
        for pipe in pipes {
            pipe.lose();
        }
        let takers = std::mem::take(&mut *self.state.takers.borrow_mut());
        takers.into_iter().for_each(Waker::wake);
    }
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("serves", &self.state.pattern)
            .field("handshakes", &self.handshakes())
            .field("accepted", &self.accepted())
            .field("refused", &self.refused())
            .field("open_connections", &self.open_connections())
            .finish()
    }
}

impl ServerState {
    /// A client's handshake arrives: refused now if a rule says so, else
    /// it waits for the test.
    pub(crate) fn incoming(&self, pipe: Rc<Pipe>) {
        self.handshakes.set(self.handshakes.get() + 1);
        if self.take_refusal() {
            self.count_refusal();
            pipe.refuse(false);
            return;
        }
        self.waiting.borrow_mut().push_back(pipe);
        let takers = std::mem::take(&mut *self.takers.borrow_mut());
        takers.into_iter().for_each(Waker::wake);
    }

    /// Whether the refusal rule refuses a handshake arriving now (and
    /// counts it).
    fn take_refusal(&self) -> bool {
        match self.refusal.get() {
            None => false,
            Some(Refusal::Next { left: 0, .. }) => {
                self.refusal.set(None);
                false
            }
            Some(Refusal::Next { left, status }) => {
                self.refusal.set(Some(Refusal::Next {
                    left: left - 1,
                    status,
                }));
                true
            }
            Some(Refusal::Until { deadline, .. }) => {
                let refused = now_ms() < deadline;
                if !refused {
                    self.refusal.set(None);
                }
                refused
            }
        }
    }

    pub(super) fn count_accepted(&self) {
        self.accepted.set(self.accepted.get() + 1);
    }

    pub(super) fn count_refusal(&self) {
        self.refused.set(self.refused.get() + 1);
    }

    /// The next handshake still waiting, handed to the test.
    fn poll_handshake(self: &Rc<Self>, cx: &mut Context<'_>) -> Poll<Handshake> {
        loop {
            let next = self.waiting.borrow_mut().pop_front();
            match next {
                Some(pipe) if pipe.is_waiting() => {
                    let mut taken = self.taken.borrow_mut();
                    taken.retain(|pipe| !pipe.is_closed());
                    taken.push(pipe.clone());
                    return Poll::Ready(Handshake::new(self.clone(), pipe));
                }
                // The client gave up before the test took it.
                Some(_) => {}
                None => break,
            }
        }
        let mut takers = self.takers.borrow_mut();
        if !takers.iter().any(|w| w.will_wake(cx.waker())) {
            takers.push(cx.waker().clone());
        }
        Poll::Pending
    }
}

/// The host's clock in milliseconds (`Date.now()`); natively, where no
/// connection reaches a mock server yet, a constant.
fn now_ms() -> f64 {
    if crate::host::JS_HOST {
        js_sys::Date::now()
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panic_message(run: impl FnOnce()) -> String {
        let payload =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).expect_err("it panics");
        match payload.downcast::<String>() {
            Ok(message) => *message,
            Err(payload) => payload
                .downcast::<&str>()
                .map(|message| (*message).to_owned())
                .unwrap_or_default(),
        }
    }

    #[test]
    fn an_overlapping_server_is_refused_naming_both() {
        let app = MockServer::prefix("ws://overlap.test/");
        let message = panic_message(|| drop(MockServer::new("ws://overlap.test/chat")));
        assert!(
            message.starts_with(
                "MockServer::new(\"ws://overlap.test/chat\") cannot serve while \
                 MockServer::prefix(\"ws://overlap.test/\") lives: both would serve \
                 \"ws://overlap.test/chat\""
            ),
            "{message}"
        );
        // The registry is still usable, and the live server still serves.
        assert!(super::super::serves("ws://overlap.test/feed"));
        drop(app);
        assert!(!super::super::serves("ws://overlap.test/feed"));
        let chat = MockServer::new("ws://overlap.test/chat");
        assert!(super::super::serves("ws://overlap.test/chat"));
        drop(chat);
    }

    #[test]
    fn servers_for_other_urls_live_side_by_side() {
        let a = MockServer::new("ws://side.test/a");
        let b = MockServer::new("ws://side.test/b");
        let c = MockServer::prefix("ws://side.test/c/");
        assert!(super::super::serves("ws://side.test/c/1"));
        assert!(!super::super::serves("ws://side.test/d"));
        drop((a, b, c));
    }

    #[test]
    fn refuse_next_refuses_that_many_then_lets_handshakes_wait() {
        let server = MockServer::new("ws://refuse.test/");
        server.refuse_next(2, 503);
        assert!(server.state.take_refusal());
        assert!(server.state.take_refusal());
        assert!(!server.state.take_refusal());
        assert_eq!(server.state.refusal.get(), None);
        server.refuse_next(usize::MAX, 503);
        server.stop_refusing();
        assert!(!server.state.take_refusal());
    }

    #[test]
    fn refusal_statuses_are_checked() {
        let server = MockServer::new("ws://status.test/");
        for status in [403, 503, 100, 599, 302] {
            server.refuse_next(1, status);
        }
        for status in [101, 0, 99, 600] {
            let message = panic_message(|| server.refuse_next(1, status));
            assert!(message.contains("101 accepts it"), "{message}");
        }
    }
}
