//! The state one socket shares between its handles
//! ([`WebSocket`](crate::WebSocket) and its split halves) and what feeds it,
//! and the operations all handles have in common, whichever backend carries
//! the connection:
//!
//! - [`classic`]: the browser's `WebSocket`, driven by its events;
//! - [`stream`]: `WebSocketStream`, read only as fast as the page reads.
//!
//! Both fill the same inbox (with its limits), report the same open and
//! close, and are read, sent on and closed through the same methods here.

mod classic;
mod stream;
mod stream_api;

use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};

use wasm_bindgen::JsValue;
use web_sys::Blob;

use self::classic::ClassicIo;
use self::stream::StreamIo;
pub(crate) use self::stream::{available as stream_available, open as open_stream};
pub(crate) use self::stream_api::WebSocketStream;
use crate::close::{validate_close_reason, CloseCode, CloseEvent, IntoCloseCode};
use crate::error::{Error, JsError, Result};
use crate::inbox::{Inbox, OnBlobRead, Refused};
use crate::limits::ReceiveLimits;
use crate::message::Message;
use crate::state::{BinaryType, ReadyState};

pub(crate) struct Connection {
    io: Io,
    shared: RefCell<Shared>,
    /// `poll_ready` waits while `bufferedAmount` is above this.
    pub(crate) high_water_mark: u64,
}

/// The backend that carries the connection.
enum Io {
    Classic(ClassicIo),
    Stream(StreamIo),
}

/// What the backend writes and the handles read.
struct Shared {
    inbox: Inbox,
    opened: bool,
    closed: Option<CloseEvent>,
    stream: StreamEnd,
    /// The task reading messages (there is one reader).
    reader: Option<Waker>,
    /// Tasks waiting for `open` or `close`.
    watchers: Vec<Waker>,
}

/// How far the message stream has got in reporting the end of the
/// connection.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum StreamEnd {
    #[default]
    Running,
    /// An abnormal close has been reported as one `Err`; `None` comes next.
    ErrorReported,
    /// `None` has been returned; the stream is fused.
    Finished,
}

impl Connection {
    fn new(io: Io, high_water_mark: u64, limits: ReceiveLimits) -> Rc<Connection> {
        Rc::new_cyclic(|weak: &Weak<Connection>| {
            let weak = weak.clone();
            let on_blob_read: OnBlobRead = Rc::new(move || {
                if let Some(connection) = weak.upgrade() {
                    connection.wake_reader();
                }
            });
            Connection {
                io,
                shared: RefCell::new(Shared {
                    inbox: Inbox::new(limits, on_blob_read),
                    opened: false,
                    closed: None,
                    stream: StreamEnd::default(),
                    reader: None,
                    watchers: Vec::new(),
                }),
                high_water_mark,
            }
        })
    }

    /// Takes charge of a classic socket: listens to its events from now on.
    pub(crate) fn attach(
        raw: web_sys::WebSocket,
        high_water_mark: u64,
        limits: ReceiveLimits,
    ) -> Rc<Connection> {
        let connection = Self::new(Io::Classic(ClassicIo::new(raw)), high_water_mark, limits);
        if let Io::Classic(io) = &connection.io {
            if io.state() == ReadyState::Open {
                connection.shared.borrow_mut().opened = true;
            }
            classic::listen(&connection, io);
        }
        connection
    }

    /// Takes charge of a `WebSocketStream`: follows its open and close.
    pub(crate) fn attach_stream(
        ws: WebSocketStream,
        high_water_mark: u64,
        limits: ReceiveLimits,
    ) -> Rc<Connection> {
        let connection = Self::new(
            Io::Stream(StreamIo::new(ws.clone())),
            high_water_mark,
            limits,
        );
        stream::watch(&connection, &ws);
        connection
    }

    fn stream_io(&self) -> Option<&StreamIo> {
        match &self.io {
            Io::Stream(io) => Some(io),
            Io::Classic(_) => None,
        }
    }

    /// The browser's `WebSocket`, on the classic backend.
    pub(crate) fn raw(&self) -> Option<&web_sys::WebSocket> {
        match &self.io {
            Io::Classic(io) => Some(&io.raw),
            Io::Stream(_) => None,
        }
    }

    pub(crate) fn is_stream(&self) -> bool {
        matches!(self.io, Io::Stream(_))
    }

    pub(crate) fn state(&self) -> ReadyState {
        match &self.io {
            Io::Classic(io) => io.state(),
            Io::Stream(io) => {
                let shared = self.shared.borrow();
                if shared.closed.is_some() {
                    ReadyState::Closed
                } else if io.is_closing() {
                    ReadyState::Closing
                } else if shared.opened {
                    ReadyState::Open
                } else {
                    ReadyState::Connecting
                }
            }
        }
    }

    pub(crate) fn url(&self) -> String {
        match &self.io {
            Io::Classic(io) => io.raw.url(),
            Io::Stream(io) => io.url(),
        }
    }

    pub(crate) fn protocol(&self) -> String {
        match &self.io {
            Io::Classic(io) => io.raw.protocol(),
            Io::Stream(io) => io.protocol(),
        }
    }

    pub(crate) fn extensions(&self) -> String {
        match &self.io {
            Io::Classic(io) => io.raw.extensions(),
            Io::Stream(io) => io.extensions(),
        }
    }

    pub(crate) fn binary_type(&self) -> BinaryType {
        match &self.io {
            Io::Classic(io) => io.binary_type(),
            // Binary messages always come as bytes.
            Io::Stream(_) => BinaryType::ArrayBuffer,
        }
    }

    pub(crate) fn set_binary_type(&self, binary_type: BinaryType) {
        if let Io::Classic(io) = &self.io {
            io.raw.set_binary_type(binary_type.to_raw());
        }
    }

    /// Bytes sent but not yet handed to the network.
    pub(crate) fn buffered_amount(&self) -> u64 {
        match &self.io {
            Io::Classic(io) => io.buffered_amount(),
            Io::Stream(io) => io.buffered_amount(),
        }
    }

    /// On the stream backend, registers `waker` to be woken when the
    /// buffered amount goes down (or the connection ends), and says so;
    /// the classic socket has no such event (`false`).
    pub(crate) fn wait_for_buffer(&self, waker: &Waker) -> bool {
        match &self.io {
            Io::Stream(io) => {
                io.wait_for_writes(waker);
                true
            }
            Io::Classic(_) => false,
        }
    }

    /// Removes the listeners and hands the classic socket back, open if it
    /// was.
    pub(crate) fn detach(&self) -> Option<web_sys::WebSocket> {
        match &self.io {
            Io::Classic(io) => Some(io.detach()),
            Io::Stream(_) => None,
        }
    }

    // --- sending ------------------------------------------------------------

    /// Fails unless the socket is open: the browser would throw while
    /// connecting and silently discard the data once closing.
    pub(crate) fn check_sendable(&self) -> Result<()> {
        match self.state() {
            ReadyState::Open => Ok(()),
            ReadyState::Connecting => Err(Error::NotYetOpen),
            ReadyState::Closing | ReadyState::Closed => Err(Error::AlreadyClosed),
        }
    }

    pub(crate) fn send_message(&self, message: &Message) -> Result<()> {
        self.check_sendable()?;
        match &self.io {
            Io::Classic(io) => io.send_message(message),
            Io::Stream(io) => io.send_message(message),
        }
    }

    pub(crate) fn send_blob(&self, blob: &Blob) -> Result<()> {
        self.check_sendable()?;
        match &self.io {
            Io::Classic(io) => io.send_blob(blob),
            Io::Stream(_) => Err(Error::Unsupported(
                "the stream backend cannot send a Blob without reading it first: \
                 read it into bytes, or use the classic backend",
            )),
        }
    }

    pub(crate) fn send_array_buffer(&self, buffer: &js_sys::ArrayBuffer) -> Result<()> {
        self.check_sendable()?;
        match &self.io {
            Io::Classic(io) => io.send_array_buffer(buffer),
            Io::Stream(io) => io.send_array_buffer(buffer),
        }
    }

    pub(crate) fn send_uint8_array(&self, array: &js_sys::Uint8Array) -> Result<()> {
        self.check_sendable()?;
        match &self.io {
            Io::Classic(io) => io.send_uint8_array(array),
            Io::Stream(io) => io.send_uint8_array(array),
        }
    }

    // --- closing ------------------------------------------------------------

    /// Starts the closing handshake with a validated code and reason.
    pub(crate) fn close(&self, code: impl IntoCloseCode, reason: &str) -> Result<()> {
        let code = code.into_close_code()?;
        validate_close_reason(reason)?;
        if self.state().is_closing_or_closed() {
            return Err(Error::AlreadyClosed);
        }
        self.close_unchecked(code, reason)
    }

    fn close_unchecked(&self, code: CloseCode, reason: &str) -> Result<()> {
        match &self.io {
            Io::Classic(io) => io.close(code, reason),
            Io::Stream(io) => io.close(code, reason),
        }
    }

    /// Ready with the close event once the connection has closed.
    pub(crate) fn poll_closed(&self, cx: &mut Context<'_>) -> Poll<CloseEvent> {
        let mut shared = self.shared.borrow_mut();
        match &shared.closed {
            Some(event) => Poll::Ready(event.clone()),
            None => {
                watch(&mut shared.watchers, cx.waker());
                Poll::Pending
            }
        }
    }

    /// The close event, if the connection has closed.
    pub(crate) fn close_event(&self) -> Option<CloseEvent> {
        self.shared.borrow().closed.clone()
    }

    /// Ready once the connection is open, or with `ConnectFailed` if it
    /// closed first.
    pub(crate) fn poll_open(&self, cx: &mut Context<'_>) -> Poll<Result<()>> {
        let mut shared = self.shared.borrow_mut();
        if shared.opened {
            return Poll::Ready(Ok(()));
        }
        if let Some(event) = &shared.closed {
            return Poll::Ready(Err(Error::ConnectFailed(event.clone())));
        }
        watch(&mut shared.watchers, cx.waker());
        Poll::Pending
    }

    // --- receiving ----------------------------------------------------------

    /// The message stream: messages in arrival order, then, after a clean
    /// close, `None`; after an abnormal close, one `Err` and then `None`.
    /// On the stream backend the next message is read from the network
    /// here, only when asked for.
    pub(crate) fn poll_next_message(&self, cx: &mut Context<'_>) -> Poll<Option<Result<Message>>> {
        loop {
            {
                let mut shared = self.shared.borrow_mut();
                if shared.stream == StreamEnd::Finished {
                    return Poll::Ready(None);
                }
                match shared.inbox.poll_pop() {
                    Poll::Ready(Some(message)) => return Poll::Ready(Some(message)),
                    Poll::Pending => {
                        shared.reader = Some(cx.waker().clone());
                        return Poll::Pending;
                    }
                    Poll::Ready(None) => {}
                }
            }
            // The stream backend: read the next message, as long as the
            // readable side has any (after a clean close it still holds
            // what came before the close frame).
            if let Some(io) = self.stream_io() {
                let opened = self.shared.borrow().opened;
                if opened && !io.readable_done() {
                    match io.poll_read(cx) {
                        Poll::Ready(Some(data)) => {
                            self.on_data(data);
                            continue;
                        }
                        Poll::Ready(None) => {}
                        Poll::Pending => return Poll::Pending,
                    }
                }
            }
            return self.poll_end(cx);
        }
    }

    /// The inbox is empty: the end of the stream, if the connection closed.
    fn poll_end(&self, cx: &mut Context<'_>) -> Poll<Option<Result<Message>>> {
        let mut shared = self.shared.borrow_mut();
        let Some(event) = shared.closed.clone() else {
            shared.reader = Some(cx.waker().clone());
            return Poll::Pending;
        };
        if !event.was_clean && shared.stream == StreamEnd::Running {
            shared.stream = StreamEnd::ErrorReported;
            let error = if shared.opened {
                Error::ConnectionLost(event)
            } else {
                Error::ConnectFailed(event)
            };
            return Poll::Ready(Some(Err(error)));
        }
        shared.stream = StreamEnd::Finished;
        Poll::Ready(None)
    }

    pub(crate) fn is_stream_finished(&self) -> bool {
        self.shared.borrow().stream == StreamEnd::Finished
    }

    // --- what the backends report ---------------------------------------------

    // Wakers are woken after the borrow ends: an executor may poll the woken
    // task at once, and that poll borrows the shared state again.

    fn on_open(&self) {
        let watchers = {
            let mut shared = self.shared.borrow_mut();
            shared.opened = true;
            std::mem::take(&mut shared.watchers)
        };
        watchers.into_iter().for_each(Waker::wake);
        // The stream backend reads only when asked: a reader that asked
        // before the open asks again now.
        self.wake_reader();
    }

    /// Queues a message's data.
    ///
    /// A message over the limits closes the connection (with
    /// [`CloseCode::MESSAGE_TOO_BIG`] or [`CloseCode::UNREAD_LIMIT`]) and
    /// takes its place in the stream as the error saying why; nothing more
    /// is delivered once the connection is closing.
    fn on_data(&self, data: JsValue) {
        let refused = {
            let mut shared = self.shared.borrow_mut();
            match shared.inbox.push(data) {
                Ok(()) => None,
                Err(refused) => {
                    let limits = shared.inbox.limits();
                    let (code, reason, error) = match refused {
                        Refused::TooLarge { size } => (
                            CloseCode::MESSAGE_TOO_BIG,
                            "message too big",
                            Error::MessageTooLarge {
                                size,
                                limit: limits.max_message_size,
                            },
                        ),
                        Refused::Full => (
                            CloseCode::UNREAD_LIMIT,
                            "too many unread messages",
                            Error::UnreadLimit {
                                limit: limits.max_unread,
                            },
                        ),
                    };
                    shared.inbox.push_error(error);
                    Some((code, reason))
                }
            }
        };
        if let Some((code, reason)) = refused {
            // The first refusal closes; nothing is delivered while closing,
            // so there is no second one.
            let _ = self.close_unchecked(code, reason);
            if let Some(io) = self.stream_io() {
                // Nothing after the refused message is read.
                io.stop_reading();
            }
        }
        self.wake_reader();
    }

    /// The classic socket's `error`: a browser always follows it with
    /// `close`; Node's WebSocket, though, fires only `error` when the
    /// handshake fails and stays `CONNECTING`, which is read as the close a
    /// browser would give (1006).
    fn on_error(&self) {
        if self.state() == ReadyState::Connecting {
            self.on_close(CloseEvent {
                code: 1006,
                reason: String::new(),
                was_clean: false,
            });
        }
    }

    fn on_close(&self, event: CloseEvent) {
        let watchers = {
            let mut shared = self.shared.borrow_mut();
            // One close per connection; a second one could only be dispatched
            // by a script (or follow an `error` that was read as the close),
            // and the first is the truth.
            if shared.closed.is_none() {
                shared.closed = Some(event);
            }
            std::mem::take(&mut shared.watchers)
        };
        watchers.into_iter().for_each(Waker::wake);
        if let Some(io) = self.stream_io() {
            io.wake_writers();
        }
        self.wake_reader();
    }

    fn wake_reader(&self) {
        let reader = self.shared.borrow_mut().reader.take();
        if let Some(reader) = reader {
            reader.wake();
        }
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        let closed = self.shared.get_mut().closed.is_some();
        match &mut self.io {
            Io::Classic(io) => io.release(),
            Io::Stream(io) => io.release(closed),
        }
    }
}

fn watch(watchers: &mut Vec<Waker>, waker: &Waker) {
    if !watchers.iter().any(|w| w.will_wake(waker)) {
        watchers.push(waker.clone());
    }
}

fn js_error(value: JsValue) -> Error {
    Error::Js(JsError::from_js(&value))
}
