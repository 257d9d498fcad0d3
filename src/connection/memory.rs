//! The memory backend: a connection served on this thread by a mock server
//! (the `testing` feature), with no network and no JavaScript values on the
//! way.
//!
//! One [`Pipe`] joins the client's connection (through [`MemoryIo`], its
//! `Io`) and the server's side, which the `testing` module drives. The pipe
//! plays the part of the network and of the browser's protocol code:
//!
//! - what the server does (answer the handshake, send, close, drop) reaches
//!   the client at once: the client's tasks are woken and see it when they
//!   next run, as they would see a browser event;
//! - what the client starts that a browser finishes later (its close
//!   handshake, a close while connecting, an automatic refusal) finishes in
//!   a task of its own, so that the client is `Closing` (or `Connecting`)
//!   in between, as with a browser;
//! - nothing is buffered on the way: `bufferedAmount` is 0 after every send.
//!
//! The connection layer knows nothing of the mock server: the pipe is all
//! it offers, and the `testing` module builds the server on it.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};

use super::status::Outgoing;
use super::{Connection, Io, Status, Transport};
use crate::close::{CloseCode, CloseEvent};
use crate::error::{Error, Result};
use crate::limits::ReceiveLimits;
use crate::message::Message;
use crate::state::{BinaryType, ReadyState};

/// Makes the client's connection of `pipe`.
pub(crate) fn connect(
    pipe: &Rc<Pipe>,
    binary_type: BinaryType,
    high_water_mark: u64,
    limits: ReceiveLimits,
) -> Rc<Connection> {
    let io = MemoryIo {
        pipe: pipe.clone(),
        binary_type: Cell::new(binary_type),
    };
    let connection = Connection::new(|_| Transport::Other(Box::new(io)), high_water_mark, limits);
    {
        let mut state = pipe.state.borrow_mut();
        state.client = Rc::downgrade(&connection);
        state.status = Rc::downgrade(connection.status());
    }
    connection
}

/// One connection between a client of this crate and a mock server.
pub(crate) struct Pipe {
    url: String,
    offered: Vec<String>,
    state: RefCell<PipeState>,
}

struct PipeState {
    phase: Phase,
    /// The client started closing (or gave up connecting): its
    /// `readyState` is `CLOSING` until its close event.
    client_closing: bool,
    /// Nothing passes any more, either way, and the client's close frame
    /// is not answered: a network that died without a word.
    silent: bool,
    protocol: String,
    extensions: String,
    /// The client's connection, while it lives.
    client: Weak<Connection>,
    /// What the client's observers watch, for a close that comes after the
    /// connection was dropped.
    status: Weak<Status>,
    /// What the client sent, oldest first, until the server reads it.
    incoming: VecDeque<Message>,
    /// The close as the server saw it.
    server_close: Option<CloseEvent>,
    /// The server's task reading `incoming`.
    reader: Option<Waker>,
    /// The server's tasks waiting for the close.
    close_watchers: Vec<Waker>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    /// The handshake waits for the server's answer.
    Handshake,
    Open,
    /// The client sent a close frame that the server has not answered.
    ClientClosing {
        code: u16,
        reason: String,
    },
    Closed,
}

/// The close both sides see when the connection is lost: 1006, not clean.
fn abnormal() -> CloseEvent {
    CloseEvent {
        code: 1006,
        reason: String::new(),
        was_clean: false,
    }
}

/// Runs `step` in a task of its own, after what runs now: what a browser
/// would report in a later event.
fn later(step: impl FnOnce() + 'static) {
    wasm_bindgen_futures::spawn_local(async move { step() });
}

impl Pipe {
    /// A handshake from a client to `url`, offering `offered`.
    pub(crate) fn new(url: &str, offered: &[String]) -> Self {
        Self {
            url: url.to_owned(),
            offered: offered.to_vec(),
            state: RefCell::new(PipeState {
                phase: Phase::Handshake,
                client_closing: false,
                silent: false,
                protocol: String::new(),
                extensions: String::new(),
                client: Weak::new(),
                status: Weak::new(),
                incoming: VecDeque::new(),
                server_close: None,
                reader: None,
                close_watchers: Vec::new(),
            }),
        }
    }

    /// The URL as the client gave it.
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// The subprotocols the client offered, in its order.
    pub(crate) fn offered(&self) -> &[String] {
        &self.offered
    }

    pub(crate) fn protocol(&self) -> String {
        self.state.borrow().protocol.clone()
    }

    pub(crate) fn extensions(&self) -> String {
        self.state.borrow().extensions.clone()
    }

    /// The handshake still waits for an answer (the client has not given
    /// up on it).
    pub(crate) fn is_waiting(&self) -> bool {
        self.state.borrow().phase == Phase::Handshake
    }

    /// Open, and neither side has started closing.
    pub(crate) fn is_open(&self) -> bool {
        self.state.borrow().phase == Phase::Open
    }

    /// Neither side will hear from the other any more.
    pub(crate) fn is_closed(&self) -> bool {
        self.state.borrow().phase == Phase::Closed
    }

    // --- the server's side ------------------------------------------------

    /// Answers the handshake with 101, choosing `protocol` (empty: none)
    /// and `extensions`. A protocol the client did not offer fails the
    /// connection, as a browser does (1006). Does nothing once the client
    /// has given up. Says whether the connection opened.
    pub(crate) fn accept(&self, protocol: &str, extensions: &str) -> bool {
        if !self.is_waiting() {
            return false;
        }
        if !protocol.is_empty() && !self.offered.iter().any(|offered| offered == protocol) {
            self.lose();
            return false;
        }
        let client = {
            let mut state = self.state.borrow_mut();
            state.phase = Phase::Open;
            state.protocol = protocol.to_owned();
            state.extensions = extensions.to_owned();
            state.client.upgrade()
        };
        if let Some(client) = client {
            client.on_open();
        }
        true
    }

    /// Answers the handshake with an HTTP error: the client sees the
    /// connection fail (1006), which is all a browser tells a page.
    /// `now`: in this step (the server's own answer), else in a later one
    /// (the client has only just started connecting). Says whether there
    /// was a handshake to refuse.
    pub(crate) fn refuse(self: &Rc<Self>, now: bool) -> bool {
        if !self.is_waiting() {
            return false;
        }
        self.state.borrow_mut().phase = Phase::Closed;
        if now {
            self.tell_client(abnormal());
        } else {
            let pipe = self.clone();
            later(move || pipe.tell_client(abnormal()));
        }
        true
    }

    /// Sends `message` to the client, if the connection is open: a browser
    /// drops what arrives once it is closing.
    pub(crate) fn send(&self, message: Message) {
        let client = {
            let state = self.state.borrow();
            if state.phase != Phase::Open || state.silent {
                return;
            }
            state.client.upgrade()
        };
        if let Some(client) = client {
            client.on_message(message);
        }
    }

    /// Closes with `code` and `reason`: the client answers at once, as a
    /// browser does, and both sides see that close, clean. If the client
    /// had started closing, this answers its close frame instead.
    pub(crate) fn close(&self, code: u16, reason: &str) {
        let phase = self.state.borrow().phase.clone();
        match phase {
            Phase::Open => self.finish(CloseEvent {
                code,
                reason: reason.to_owned(),
                was_clean: true,
            }),
            Phase::ClientClosing { code, reason } => self.finish(CloseEvent {
                code,
                reason,
                was_clean: true,
            }),
            Phase::Handshake => self.lose(),
            Phase::Closed => {}
        }
    }

    /// Drops the connection without a close frame: both sides see 1006.
    pub(crate) fn lose(&self) {
        if self.is_closed() {
            return;
        }
        self.finish(abnormal());
    }

    /// From now on nothing passes either way and the client's close frame
    /// is not answered.
    pub(crate) fn go_silent(&self) {
        self.state.borrow_mut().silent = true;
    }

    /// The next message the client sent; `None` once the client has sent
    /// its close frame (or the connection ended) and every message before
    /// it was read.
    pub(crate) fn poll_recv(&self, cx: &mut Context<'_>) -> Poll<Option<Message>> {
        let mut state = self.state.borrow_mut();
        if let Some(message) = state.incoming.pop_front() {
            return Poll::Ready(Some(message));
        }
        if matches!(state.phase, Phase::ClientClosing { .. } | Phase::Closed) {
            return Poll::Ready(None);
        }
        state.reader = Some(cx.waker().clone());
        Poll::Pending
    }

    /// Ready with the close as the server saw it, once the connection has
    /// closed.
    pub(crate) fn poll_closed(&self, cx: &mut Context<'_>) -> Poll<CloseEvent> {
        let mut state = self.state.borrow_mut();
        if let Some(close) = &state.server_close {
            return Poll::Ready(close.clone());
        }
        if !state.close_watchers.iter().any(|w| w.will_wake(cx.waker())) {
            state.close_watchers.push(cx.waker().clone());
        }
        Poll::Pending
    }

    /// The close as the server saw it, if the connection has closed.
    pub(crate) fn close_event(&self) -> Option<CloseEvent> {
        self.state.borrow().server_close.clone()
    }

    // --- the client's side --------------------------------------------------

    fn client_send(&self, message: Message) {
        let reader = {
            let mut state = self.state.borrow_mut();
            if state.silent || state.phase != Phase::Open {
                return;
            }
            state.incoming.push_back(message);
            state.reader.take()
        };
        if let Some(reader) = reader {
            reader.wake();
        }
    }

    /// The client closes: its close frame goes to the server, which
    /// answers it in a later step (unless it went silent); while
    /// connecting, the attempt fails (1006), as a browser fails it.
    fn client_close(self: &Rc<Self>, code: u16, reason: &str) {
        let phase = {
            let mut state = self.state.borrow_mut();
            state.client_closing = true;
            state.phase.clone()
        };
        match phase {
            Phase::Handshake => {
                self.set_server_close(abnormal());
                let pipe = self.clone();
                later(move || pipe.tell_client(abnormal()));
            }
            Phase::Open => {
                self.state.borrow_mut().phase = Phase::ClientClosing {
                    code,
                    reason: reason.to_owned(),
                };
                self.wake_server();
                let pipe = self.clone();
                later(move || pipe.answer_client_close());
            }
            Phase::ClientClosing { .. } | Phase::Closed => {}
        }
    }

    /// The server's side answers the client's close frame: both see the
    /// client's code and reason, clean.
    fn answer_client_close(&self) {
        let (phase, silent) = {
            let state = self.state.borrow();
            (state.phase.clone(), state.silent)
        };
        if let (Phase::ClientClosing { code, reason }, false) = (phase, silent) {
            self.finish(CloseEvent {
                code,
                reason,
                was_clean: true,
            });
        }
    }

    /// The client's connection is dropped (`closed`: it had closed): it
    /// closes with 1000, as every backend does then; a handshake under way
    /// is abandoned.
    fn client_dropped(self: &Rc<Self>, closed: bool) {
        if !closed && !self.state.borrow().client_closing {
            self.client_close(CloseCode::NORMAL.get(), "");
        }
    }

    // --- both ---------------------------------------------------------------

    /// The connection is over: the server sees `close`, and the client
    /// too.
    fn finish(&self, close: CloseEvent) {
        self.set_server_close(close.clone());
        self.tell_client(close);
    }

    fn set_server_close(&self, close: CloseEvent) {
        let wakers = {
            let mut state = self.state.borrow_mut();
            state.phase = Phase::Closed;
            state.server_close.get_or_insert(close);
            let mut wakers = std::mem::take(&mut state.close_watchers);
            wakers.extend(state.reader.take());
            wakers
        };
        wakers.into_iter().for_each(Waker::wake);
    }

    /// The client's close event: to its connection, or, once that is gone,
    /// to the observers still waiting.
    fn tell_client(&self, close: CloseEvent) {
        let (client, status) = {
            let state = self.state.borrow();
            (state.client.upgrade(), state.status.upgrade())
        };
        match (client, status) {
            (Some(client), _) => client.on_close(close),
            (None, Some(status)) => status.on_close(close),
            (None, None) => {}
        }
    }

    fn wake_server(&self) {
        let wakers = {
            let mut state = self.state.borrow_mut();
            let mut wakers = std::mem::take(&mut state.close_watchers);
            wakers.extend(state.reader.take());
            wakers
        };
        wakers.into_iter().for_each(Waker::wake);
    }
}

/// The client's end of a [`Pipe`].
struct MemoryIo {
    pipe: Rc<Pipe>,
    binary_type: Cell<BinaryType>,
}

/// Nothing waits to leave: each send reaches the pipe at once.
struct NothingBuffered;

impl Outgoing for NothingBuffered {
    fn bytes(&self) -> u64 {
        0
    }

    fn wait(&self, _waker: &Waker) {}

    fn wake_all(&self) {}
}

impl Io for MemoryIo {
    fn state(&self, opened: bool, closed: bool) -> ReadyState {
        if closed {
            ReadyState::Closed
        } else if self.pipe.state.borrow().client_closing {
            ReadyState::Closing
        } else if opened {
            ReadyState::Open
        } else {
            ReadyState::Connecting
        }
    }

    fn url(&self) -> String {
        self.pipe.url.clone()
    }

    fn protocol(&self) -> String {
        self.pipe.protocol()
    }

    fn extensions(&self) -> String {
        self.pipe.extensions()
    }

    /// Kept as set; binary messages are bytes either way (there is no Blob
    /// on the way to read).
    fn binary_type(&self) -> BinaryType {
        self.binary_type.get()
    }

    fn set_binary_type(&self, binary_type: BinaryType) {
        self.binary_type.set(binary_type);
    }

    fn outgoing(&self) -> Rc<dyn Outgoing> {
        Rc::new(NothingBuffered)
    }

    fn send_message(&self, message: &Message) -> Result<()> {
        self.pipe.client_send(message.clone());
        Ok(())
    }

    fn send_blob(&self, _blob: &web_sys::Blob) -> Result<()> {
        Err(Error::Unsupported(
            "a mock server's connection cannot send a Blob without reading it first: \
             read it into bytes",
        ))
    }

    fn send_array_buffer(&self, buffer: &js_sys::ArrayBuffer) -> Result<()> {
        let bytes = js_sys::Uint8Array::new(buffer).to_vec();
        self.pipe.client_send(Message::Binary(bytes));
        Ok(())
    }

    fn send_uint8_array(&self, array: &js_sys::Uint8Array) -> Result<()> {
        self.pipe.client_send(Message::Binary(array.to_vec()));
        Ok(())
    }

    fn close(&self, code: CloseCode, reason: &str) -> Result<()> {
        self.pipe.client_close(code.get(), reason);
        Ok(())
    }

    fn release(&mut self, closed: bool) {
        self.pipe.client_dropped(closed);
    }
}

/// The server's side driving a real client connection, natively: only the
/// steps that a browser would not defer (the deferred ones, such as the
/// client's own close, need the host's tasks; the browser tests in
/// `tests/mock` cover them). Each test ends the connection from the server
/// before the client is dropped, for that reason.
#[cfg(test)]
mod tests {
    use std::task::{Context, Poll};

    use super::*;
    use crate::error::Error;

    fn client(offered: &[&str]) -> (Rc<Pipe>, Rc<Connection>) {
        let offered: Vec<String> = offered.iter().map(|p| (*p).to_owned()).collect();
        let pipe = Rc::new(Pipe::new("ws://app.test/", &offered));
        let connection = connect(
            &pipe,
            BinaryType::ArrayBuffer,
            u64::MAX,
            ReceiveLimits::default(),
        );
        (pipe, connection)
    }

    fn poll<T>(f: impl FnOnce(&mut Context<'_>) -> Poll<T>) -> Poll<T> {
        let waker = futures::task::noop_waker();
        f(&mut Context::from_waker(&waker))
    }

    #[test]
    fn an_accepted_handshake_opens_with_the_chosen_protocol() {
        let (pipe, client) = client(&["chat.v2", "chat.v1"]);
        assert_eq!(client.state(), ReadyState::Connecting);
        assert!(pipe.accept("chat.v1", "permessage-deflate"));
        assert_eq!(poll(|cx| client.poll_open(cx)), Poll::Ready(Ok(())));
        assert_eq!(client.state(), ReadyState::Open);
        assert_eq!(client.protocol(), "chat.v1");
        assert_eq!(client.extensions(), "permessage-deflate");
        assert_eq!(client.url(), "ws://app.test/");
        assert!(!pipe.accept("chat.v1", ""), "answered once");
        // Lost before the client is dropped: a client's own close finishes
        // in a task of the host's.
        pipe.lose();
    }

    #[test]
    fn a_protocol_the_client_did_not_offer_fails_the_connection() {
        let (pipe, client) = client(&["chat.v1"]);
        assert!(!pipe.accept("chat.v9", ""));
        let failed = CloseEvent {
            code: 1006,
            reason: String::new(),
            was_clean: false,
        };
        assert_eq!(
            poll(|cx| client.poll_open(cx)),
            Poll::Ready(Err(Error::ConnectFailed(failed.clone())))
        );
        assert_eq!(pipe.close_event(), Some(failed));
    }

    #[test]
    fn a_refusal_fails_the_connection_with_1006() {
        let (pipe, client) = client(&[]);
        assert!(pipe.refuse(true));
        match poll(|cx| client.poll_open(cx)) {
            Poll::Ready(Err(Error::ConnectFailed(close))) => {
                assert_eq!((close.code, close.was_clean), (1006, false));
            }
            other => panic!("expected ConnectFailed, got {other:?}"),
        }
        assert!(!pipe.accept("", ""), "nothing to accept after a refusal");
    }

    #[test]
    fn messages_both_ways_in_order_with_nothing_buffered() {
        let (pipe, client) = client(&[]);
        pipe.accept("", "");
        pipe.send(Message::text("one"));
        pipe.send(Message::binary([2u8]));
        assert_eq!(
            poll(|cx| client.poll_next_message(cx)),
            Poll::Ready(Some(Ok(Message::text("one"))))
        );
        assert_eq!(
            poll(|cx| client.poll_next_message(cx)),
            Poll::Ready(Some(Ok(Message::binary([2u8]))))
        );
        assert!(poll(|cx| client.poll_next_message(cx)).is_pending());

        client.send_message(&Message::text("up")).expect("open");
        assert_eq!(client.buffered_amount(), 0);
        assert_eq!(
            poll(|cx| pipe.poll_recv(cx)),
            Poll::Ready(Some(Message::text("up")))
        );
        assert!(poll(|cx| pipe.poll_recv(cx)).is_pending());
        pipe.lose();
    }

    #[test]
    fn the_servers_close_reaches_the_client_clean_and_ends_its_stream() {
        let (pipe, client) = client(&[]);
        pipe.accept("", "");
        client.send_message(&Message::text("before")).expect("open");
        pipe.send(Message::text("last"));
        pipe.close(4001, "bye");
        let close = CloseEvent {
            code: 4001,
            reason: "bye".into(),
            was_clean: true,
        };
        assert_eq!(client.close_event(), Some(close.clone()));
        assert_eq!(client.state(), ReadyState::Closed);
        assert_eq!(pipe.close_event(), Some(close));
        // What came before the close is still read, on both sides.
        assert_eq!(
            poll(|cx| client.poll_next_message(cx)),
            Poll::Ready(Some(Ok(Message::text("last"))))
        );
        assert_eq!(poll(|cx| client.poll_next_message(cx)), Poll::Ready(None));
        assert_eq!(
            poll(|cx| pipe.poll_recv(cx)),
            Poll::Ready(Some(Message::text("before")))
        );
        assert_eq!(poll(|cx| pipe.poll_recv(cx)), Poll::Ready(None));
        // Nothing passes after the close.
        pipe.send(Message::text("late"));
        assert_eq!(poll(|cx| client.poll_next_message(cx)), Poll::Ready(None));
    }

    #[test]
    fn a_lost_connection_is_1006_on_both_sides() {
        let (pipe, client) = client(&[]);
        pipe.accept("", "");
        pipe.lose();
        let lost = CloseEvent {
            code: 1006,
            reason: String::new(),
            was_clean: false,
        };
        assert_eq!(client.close_event(), Some(lost.clone()));
        assert_eq!(pipe.close_event(), Some(lost.clone()));
        assert_eq!(
            poll(|cx| client.poll_next_message(cx)),
            Poll::Ready(Some(Err(Error::ConnectionLost(lost))))
        );
        assert_eq!(poll(|cx| client.poll_next_message(cx)), Poll::Ready(None));
    }

    #[test]
    fn a_silent_connection_lets_nothing_through() {
        let (pipe, client) = client(&[]);
        pipe.accept("", "");
        pipe.go_silent();
        pipe.send(Message::text("lost"));
        client
            .send_message(&Message::text("lost too"))
            .expect("open");
        assert!(poll(|cx| client.poll_next_message(cx)).is_pending());
        assert!(poll(|cx| pipe.poll_recv(cx)).is_pending());
        assert_eq!(client.state(), ReadyState::Open);
        pipe.lose();
    }
}
