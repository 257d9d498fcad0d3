//! The state one socket shares between its handles
//! ([`WebSocket`](crate::WebSocket) and its split halves) and what feeds it,
//! and the operations all handles have in common, whichever backend carries
//! the connection:
//!
//! - [`classic`]: the browser's `WebSocket`, driven by its events;
//! - [`stream`]: `WebSocketStream`, read only as fast as the page reads;
//! - `memory` (the `testing` feature): a connection to a mock server on
//!   this thread, with no network.
//!
//! All fill the same inbox (with its limits), report the same open and
//! close, and are read, sent on and closed through the same methods here.
//! A backend other than the classic one is a trait object (`Io`) so that an
//! app that never asks for it does not carry its code: its vtable, and
//! everything it reaches, exist only where such a connection is made (the
//! stream backend is only reachable through `WebSocketBuilder::with_backend`,
//! the memory backend only with the `testing` feature).
//!
//! The handles own the connection (an `Rc<Connection>` each); the futures
//! that only observe it share its [`Status`] instead, so that the last
//! handle dropped closes it however many observers wait. The receiving
//! handle is counted apart: once it is gone nothing can read the inbox,
//! and messages are discarded rather than held (see `on_data`).

mod classic;
#[cfg(feature = "testing")]
mod memory;
mod status;
mod stream;
mod stream_api;

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};

use wasm_bindgen::JsValue;
use web_sys::Blob;

#[cfg(feature = "testing")]
pub(crate) use self::memory::{connect as connect_memory, Pipe};
pub(crate) use self::status::Status;
use self::status::{Gauge, Outgoing};
pub(crate) use self::stream::connect as connect_stream;
use crate::close::{validate_close_reason, CloseCode, CloseEvent, IntoCloseCode};
use crate::error::{Error, JsError, Result};
use crate::events::EventListener;
use crate::inbox::{Inbox, OnBlobRead, Refused};
use crate::limits::ReceiveLimits;
use crate::message::Message;
use crate::state::{BinaryType, ReadyState};

pub(crate) struct Connection {
    io: Transport,
    shared: RefCell<Shared>,
    /// What the observers watch; see [`Status`].
    status: Rc<Status>,
    /// The `on_message` listeners made through the handles that are alive:
    /// while there are any, messages go to them and not to the inbox.
    message_listeners: Rc<Cell<usize>>,
    /// `poll_ready` waits while `bufferedAmount` is above this.
    pub(crate) high_water_mark: u64,
}

/// The backend of one connection. The classic socket is called directly,
/// so that what an app does not use of it is left out of the app; any
/// other backend is a trait object, whose code exists only where one is
/// made.
enum Transport {
    Classic(classic::ClassicIo),
    Other(Box<dyn Io>),
}

/// Dispatches a call to whichever backend carries the connection.
macro_rules! io {
    ($self:expr, $io:ident => $call:expr) => {
        match &$self.io {
            Transport::Classic($io) => $call,
            Transport::Other($io) => $call,
        }
    };
}

/// What a backend other than the classic socket does for its connection
/// (the classic socket has the same methods, called directly). The
/// defaults are the classic socket's answers where only the stream backend
/// differs, and the other way round.
trait Io {
    /// The browser's `WebSocket`, if the backend has one.
    fn raw(&self) -> Option<&web_sys::WebSocket> {
        None
    }
    /// Whether this is the stream backend.
    fn is_stream(&self) -> bool {
        false
    }
    /// `readyState`, given what the connection has seen (the classic
    /// socket knows it itself).
    fn state(&self, opened: bool, closed: bool) -> ReadyState;
    fn url(&self) -> String;
    fn protocol(&self) -> String;
    fn extensions(&self) -> String;
    fn binary_type(&self) -> BinaryType;
    fn set_binary_type(&self, binary_type: BinaryType);
    /// Its count of the bytes still to send, shared with the [`Status`].
    fn outgoing(&self) -> Rc<dyn Outgoing>;
    fn detach(&self) -> Option<web_sys::WebSocket> {
        None
    }
    fn send_message(&self, message: &Message) -> Result<()>;
    fn send_blob(&self, blob: &Blob) -> Result<()>;
    fn send_array_buffer(&self, buffer: &js_sys::ArrayBuffer) -> Result<()>;
    fn send_uint8_array(&self, array: &js_sys::Uint8Array) -> Result<()>;
    fn close(&self, code: CloseCode, reason: &str) -> Result<()>;
    /// The next message's data, read when asked (the stream backend);
    /// `Ready(None)` once there is nothing to read this way (the classic
    /// socket pushes its messages through its events instead).
    fn poll_read(&self, _cx: &mut Context<'_>) -> Poll<Option<JsValue>> {
        Poll::Ready(None)
    }
    /// Reads nothing more.
    fn stop_reading(&self) {}
    /// Nothing can read the connection's messages any more: a backend that
    /// reads only when asked starts reading and discarding them (see
    /// [`Connection::discard_unread`]). Behind the trait, so that only an
    /// app that makes such a connection carries that task.
    fn discard_unread(&self, _connection: Weak<Connection>) {}
    /// The stream backend's `opened` value arrived.
    fn opened(&self, _info: &JsValue) {}
    /// The connection is dropped (`closed`: it has closed already).
    fn release(&mut self, closed: bool);
}

/// What the backend writes and the handles read (the close event is in
/// the [`Status`]).
struct Shared {
    inbox: Inbox,
    opened: bool,
    stream: StreamEnd,
    /// The task reading messages (there is one reader).
    reader: Option<Waker>,
    /// The receiving handle is gone: nothing will read the inbox again.
    receiver_dropped: bool,
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
    fn new(
        make_io: impl FnOnce(&Weak<Connection>) -> Transport,
        high_water_mark: u64,
        limits: ReceiveLimits,
    ) -> Rc<Connection> {
        Rc::new_cyclic(|weak: &Weak<Connection>| {
            let io = make_io(weak);
            let gauge = match &io {
                Transport::Classic(io) => Gauge::Classic(io.raw.clone()),
                Transport::Other(io) => Gauge::Other(io.outgoing()),
            };
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
                    stream: StreamEnd::default(),
                    reader: None,
                    receiver_dropped: false,
                }),
                status: Rc::new(Status::new(gauge)),
                message_listeners: Rc::default(),
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
        let open = ReadyState::from_raw(raw.ready_state()) == ReadyState::Open;
        let connection = Self::new(
            |weak| Transport::Classic(classic::ClassicIo::listening(raw, weak)),
            high_water_mark,
            limits,
        );
        connection.shared.borrow_mut().opened = open;
        connection
    }

    /// The browser's `WebSocket`, on the classic backend.
    pub(crate) fn raw(&self) -> Option<&web_sys::WebSocket> {
        io!(self, io => io.raw())
    }

    /// The stream backend's `opened` value arrived.
    fn io_opened(&self, info: &JsValue) {
        if let Transport::Other(io) = &self.io {
            io.opened(info);
        }
    }

    pub(crate) fn is_stream(&self) -> bool {
        io!(self, io => io.is_stream())
    }

    pub(crate) fn state(&self) -> ReadyState {
        let opened = self.shared.borrow().opened;
        io!(self, io => io.state(opened, self.status.has_closed()))
    }

    /// What the observers of this connection share with it.
    pub(crate) fn status(&self) -> &Rc<Status> {
        &self.status
    }

    pub(crate) fn url(&self) -> String {
        io!(self, io => io.url())
    }

    pub(crate) fn protocol(&self) -> String {
        io!(self, io => io.protocol())
    }

    pub(crate) fn extensions(&self) -> String {
        io!(self, io => io.extensions())
    }

    pub(crate) fn binary_type(&self) -> BinaryType {
        io!(self, io => io.binary_type())
    }

    pub(crate) fn set_binary_type(&self, binary_type: BinaryType) {
        if binary_type == BinaryType::Blob {
            self.shared.borrow_mut().inbox.read_blobs();
        }
        io!(self, io => io.set_binary_type(binary_type));
    }

    /// Bytes sent but not yet handed to the network.
    pub(crate) fn buffered_amount(&self) -> u64 {
        self.status.buffered_amount()
    }

    /// On the stream backend, registers `waker` to be woken when the
    /// buffered amount goes down (or the connection ends), and says so;
    /// the classic socket has no such event (`false`).
    pub(crate) fn wait_for_buffer(&self, waker: &Waker) -> bool {
        self.status.wait_for_buffer(waker)
    }

    /// Removes the listeners and hands the classic socket back, open if it
    /// was.
    pub(crate) fn detach(&self) -> Option<web_sys::WebSocket> {
        io!(self, io => io.detach())
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
        io!(self, io => io.send_message(message))
    }

    pub(crate) fn send_blob(&self, blob: &Blob) -> Result<()> {
        self.check_sendable()?;
        io!(self, io => io.send_blob(blob))
    }

    pub(crate) fn send_array_buffer(&self, buffer: &js_sys::ArrayBuffer) -> Result<()> {
        self.check_sendable()?;
        io!(self, io => io.send_array_buffer(buffer))
    }

    pub(crate) fn send_uint8_array(&self, array: &js_sys::Uint8Array) -> Result<()> {
        self.check_sendable()?;
        io!(self, io => io.send_uint8_array(array))
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
        io!(self, io => io.close(code, reason))
    }

    /// Ready with the close event once the connection has closed.
    pub(crate) fn poll_closed(&self, cx: &mut Context<'_>) -> Poll<CloseEvent> {
        self.status.poll_closed(cx)
    }

    /// The close event, if the connection has closed.
    pub(crate) fn close_event(&self) -> Option<CloseEvent> {
        self.status.close_event()
    }

    /// Ready once the connection is open, or with `ConnectFailed` if it
    /// closed first.
    pub(crate) fn poll_open(&self, cx: &mut Context<'_>) -> Poll<Result<()>> {
        if self.shared.borrow().opened {
            return Poll::Ready(Ok(()));
        }
        if let Some(event) = self.status.close_event() {
            return Poll::Ready(Err(Error::ConnectFailed(event)));
        }
        self.status.watch(cx.waker());
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
            if self.shared.borrow().opened {
                match io!(self, io => io.poll_read(cx)) {
                    Poll::Ready(Some(data)) => {
                        self.on_data(data);
                        continue;
                    }
                    Poll::Ready(None) => {}
                    Poll::Pending => return Poll::Pending,
                }
            }
            return self.poll_end(cx);
        }
    }

    /// The inbox is empty: the end of the stream, if the connection closed.
    fn poll_end(&self, cx: &mut Context<'_>) -> Poll<Option<Result<Message>>> {
        let mut shared = self.shared.borrow_mut();
        let Some(event) = self.status.close_event() else {
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

    /// The receiving handle is gone, so nothing can read the inbox again:
    /// what it holds is freed, and messages are discarded from now on. The
    /// stream backend reads only when asked, so a task asks for it (and
    /// discards) until the readable side ends: unread messages would
    /// otherwise stop the connection, the server's close frame included.
    pub(crate) fn receiver_dropped(connection: &Rc<Self>) {
        {
            let mut shared = connection.shared.borrow_mut();
            shared.receiver_dropped = true;
            shared.inbox.clear();
            shared.reader = None;
        }
        // Only while the connection lives on (a sender holds it): when the
        // whole socket is dropped, it closes right after this.
        if let (Transport::Other(io), true) = (&connection.io, Rc::strong_count(connection) > 1) {
            io.discard_unread(Rc::downgrade(connection));
        }
    }

    /// For a backend that reads only when asked: a task that reads and
    /// discards the messages until the readable side ends. It holds the
    /// connection weakly, so it reads nothing once the handles are gone
    /// (the connection is then closing anyway).
    fn discard_unread(connection: Weak<Connection>) {
        wasm_bindgen_futures::spawn_local(std::future::poll_fn(move |cx| {
            match connection.upgrade() {
                Some(connection) => connection.poll_discard(cx),
                None => Poll::Ready(()),
            }
        }));
    }

    /// Reads messages and discards them (within the size limit), until the
    /// readable side ends.
    fn poll_discard(&self, cx: &mut Context<'_>) -> Poll<()> {
        loop {
            if !self.shared.borrow().opened {
                if self.status.has_closed() {
                    return Poll::Ready(());
                }
                // Woken by the open, as a reader would be.
                self.shared.borrow_mut().reader = Some(cx.waker().clone());
                return Poll::Pending;
            }
            match io!(self, io => io.poll_read(cx)) {
                Poll::Ready(Some(data)) => self.on_data(data),
                Poll::Ready(None) => return Poll::Ready(()),
                Poll::Pending => return Poll::Pending,
            }
        }
    }

    /// Counts `listener` (an `on_message` listener made through a handle)
    /// for as long as it lives: messages go to it instead of the inbox.
    pub(crate) fn count_message_listener(&self, listener: EventListener) -> EventListener {
        listener.counted(&self.message_listeners)
    }

    // --- what the backends report ---------------------------------------------

    // Wakers are woken after the borrow ends: an executor may poll the woken
    // task at once, and that poll borrows the shared state again.

    fn on_open(&self) {
        self.shared.borrow_mut().opened = true;
        self.status.wake_watchers();
        // The stream backend reads only when asked: a reader that asked
        // before the open asks again now.
        self.wake_reader();
    }

    /// Queues a message's data for the stream, if anything will read it
    /// there: not once the receiving handle is gone (nothing can), nor
    /// while an `on_message` listener lives (the message is the
    /// listeners', and the browser hands it to them after this). Holding
    /// it anyway would only fill the inbox up to `max_unread` with
    /// messages nobody reads.
    ///
    /// A message over the limits closes the connection (with
    /// [`CloseCode::MESSAGE_TOO_BIG`] or [`CloseCode::UNREAD_LIMIT`]) and,
    /// if there is a reader, takes its place in the stream as the error
    /// saying why; nothing more is delivered once the connection is
    /// closing. The size limit applies to every message, queued or not;
    /// the unread limit only to what is queued.
    fn on_data(&self, data: JsValue) {
        self.receive(|inbox, queued| {
            if queued {
                inbox.push(data)
            } else {
                inbox.check_size(&data)
            }
        });
    }

    /// [`on_data`](Self::on_data) for a message that is already a
    /// [`Message`]: the memory backend's, which has no JavaScript value to
    /// read. The same limits and the same refusals apply.
    #[cfg(feature = "testing")]
    fn on_message(&self, message: Message) {
        self.receive(|inbox, queued| {
            if queued {
                inbox.push_message(message)
            } else {
                inbox.check_message_size(&message)
            }
        });
    }

    /// Hands one received message to `take`, with whether it is to be
    /// queued (see [`on_data`](Self::on_data)), and closes the connection
    /// if `take` refused it.
    fn receive(&self, take: impl FnOnce(&mut Inbox, bool) -> std::result::Result<(), Refused>) {
        let refused = {
            let mut shared = self.shared.borrow_mut();
            let queued = !shared.receiver_dropped && self.message_listeners.get() == 0;
            match take(&mut shared.inbox, queued) {
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
                    if !shared.receiver_dropped {
                        shared.inbox.push_error(error);
                    }
                    Some((code, reason))
                }
            }
        };
        if let Some((code, reason)) = refused {
            // The first refusal closes; nothing is delivered while closing,
            // so there is no second one.
            let _ = self.close_unchecked(code, reason);
            // Nothing after the refused message is read.
            io!(self, io => io.stop_reading());
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
        self.status.on_close(event);
        self.wake_reader();
    }

    fn wake_reader(&self) {
        let reader = self.shared.borrow_mut().reader.take();
        if let Some(reader) = reader {
            reader.wake();
        }
    }
}

/// The last handle is gone: the connection closes (code 1000), and the
/// observers still waiting (they hold the status) hear of the close
/// through a watch the backend leaves behind: the classic socket a
/// listener that frees itself once the close came; the stream backend's
/// task on its `closed` promise holds the status already.
impl Drop for Connection {
    fn drop(&mut self) {
        let closed = self.status.has_closed();
        match &mut self.io {
            Transport::Classic(io) => {
                io.release(closed);
                // No observer, no watch: none can be made from now on.
                if !closed && Rc::strong_count(&self.status) > 1 {
                    io.watch_close(&self.status);
                }
            }
            Transport::Other(io) => io.release(closed),
        }
    }
}

fn js_error(value: JsValue) -> Error {
    Error::Js(JsError::from_js(&value))
}
