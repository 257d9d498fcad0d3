//! The state one browser socket shares between its handles
//! ([`WebSocket`](crate::WebSocket) and its split halves) and its event
//! listeners, and the operations all handles have in common.
//!
//! The listeners hold only a `Weak` reference, so when the last handle is
//! dropped the connection is dropped too: its listeners are removed, their
//! closures freed, and the socket closed.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, Event, MessageEvent};

use crate::close::{validate_close_reason, CloseCode, CloseEvent, IntoCloseCode};
use crate::error::{Error, JsError, Result};
use crate::events::EventListener;
use crate::inbox::{Inbox, OnBlobRead, Refused};
use crate::limits::ReceiveLimits;
use crate::message::Message;
use crate::state::ReadyState;

pub(crate) struct Connection {
    raw: web_sys::WebSocket,
    shared: RefCell<Shared>,
    /// Kept only so that they are removed when the connection is dropped.
    listeners: RefCell<Vec<EventListener>>,
    /// Set when the socket was handed back with `into_raw`: dropping the
    /// connection must then leave it open.
    detached: Cell<bool>,
    /// `poll_ready` waits while `bufferedAmount` is above this.
    pub(crate) high_water_mark: u64,
}

/// What the listeners write and the handles read.
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
    /// Takes charge of `raw`: listens to its events from now on.
    pub(crate) fn attach(
        raw: web_sys::WebSocket,
        high_water_mark: u64,
        limits: ReceiveLimits,
    ) -> Rc<Connection> {
        let connection = Rc::new_cyclic(|weak: &Weak<Connection>| {
            let weak = weak.clone();
            let on_blob_read: OnBlobRead = Rc::new(move || {
                if let Some(connection) = weak.upgrade() {
                    connection.wake_reader();
                }
            });
            Connection {
                raw,
                shared: RefCell::new(Shared {
                    inbox: Inbox::new(limits, on_blob_read),
                    opened: false,
                    closed: None,
                    stream: StreamEnd::default(),
                    reader: None,
                    watchers: Vec::new(),
                }),
                listeners: RefCell::default(),
                detached: Cell::new(false),
                high_water_mark,
            }
        });
        if connection.state() == ReadyState::Open {
            connection.shared.borrow_mut().opened = true;
        }
        let listeners = listen(&connection);
        *connection.listeners.borrow_mut() = listeners;
        connection
    }

    pub(crate) fn raw(&self) -> &web_sys::WebSocket {
        &self.raw
    }

    pub(crate) fn state(&self) -> ReadyState {
        ReadyState::from_raw(self.raw.ready_state())
    }

    pub(crate) fn buffered_amount(&self) -> u64 {
        u64::from(self.raw.buffered_amount())
    }

    /// Removes the listeners and hands the socket back, open if it was.
    pub(crate) fn detach(&self) -> web_sys::WebSocket {
        self.listeners.borrow_mut().clear();
        self.detached.set(true);
        self.raw.clone()
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
        let sent = match message {
            Message::Text(text) => self.raw.send_with_str(text),
            Message::Binary(bytes) => send_bytes(&self.raw, bytes),
        };
        sent.map_err(js_error)
    }

    pub(crate) fn send_blob(&self, blob: &Blob) -> Result<()> {
        self.check_sendable()?;
        self.raw.send_with_blob(blob).map_err(js_error)
    }

    pub(crate) fn send_array_buffer(&self, buffer: &js_sys::ArrayBuffer) -> Result<()> {
        self.check_sendable()?;
        self.raw.send_with_array_buffer(buffer).map_err(js_error)
    }

    pub(crate) fn send_uint8_array(&self, array: &js_sys::Uint8Array) -> Result<()> {
        self.check_sendable()?;
        // The browser refuses views of a SharedArrayBuffer (as wasm memory is
        // in builds with atomics); `slice` copies into a plain ArrayBuffer.
        let buffer = JsValue::from(array.buffer());
        let sent = if buffer.is_instance_of::<js_sys::SharedArrayBuffer>() {
            self.raw
                .send_with_js_u8_array(&array.slice(0, array.length()))
        } else {
            self.raw.send_with_js_u8_array(array)
        };
        sent.map_err(js_error)
    }

    // --- closing ------------------------------------------------------------

    /// Starts the closing handshake with a validated code and reason.
    pub(crate) fn close(&self, code: impl IntoCloseCode, reason: &str) -> Result<()> {
        let code = code.into_close_code()?;
        validate_close_reason(reason)?;
        if self.state().is_closing_or_closed() {
            return Err(Error::AlreadyClosed);
        }
        self.raw
            .close_with_code_and_reason(code.get(), reason)
            .map_err(js_error)
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
    pub(crate) fn poll_next_message(&self, cx: &mut Context<'_>) -> Poll<Option<Result<Message>>> {
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

    // --- events -------------------------------------------------------------

    // Wakers are woken after the borrow ends: an executor may poll the woken
    // task at once, and that poll borrows the shared state again.

    fn on_open(&self) {
        let watchers = {
            let mut shared = self.shared.borrow_mut();
            shared.opened = true;
            std::mem::take(&mut shared.watchers)
        };
        watchers.into_iter().for_each(Waker::wake);
    }

    /// Queues a message's `data`. The listener takes any `Event` and reads
    /// the field, which is what recognises a message without `instanceof`
    /// (see [`EventListener::typed`]) and without a second lookup on the
    /// hot path: a real message always has `data`, and a plain event that a
    /// script dispatched under this name has none and is ignored.
    ///
    /// A message over the limits closes the connection (with
    /// [`CloseCode::MESSAGE_TOO_BIG`] or [`CloseCode::UNREAD_LIMIT`]) and
    /// takes its place in the stream as the error saying why; the browser
    /// delivers nothing more once it is closing.
    fn on_message(&self, event: Event) {
        let data = event.unchecked_ref::<MessageEvent>().data();
        if data.is_undefined() {
            return;
        }
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
            // The first refusal closes; the browser fires no message while
            // closing, so there is no second one.
            let _ = self.raw.close_with_code_and_reason(code.get(), reason);
        }
        self.wake_reader();
    }

    fn on_error(&self) {
        if self.state() == ReadyState::Connecting {
            self.on_close(CloseEvent {
                code: 1006,
                reason: String::new(),
                was_clean: false,
            });
        }
    }

    /// Like [`on_message`](Self::on_message), by field: a real close event
    /// always has a code (1005 when the peer gave none), and a plain event
    /// of this name has none, which reads as 0.
    fn on_close_event(&self, event: Event) {
        let event = event.unchecked_ref::<web_sys::CloseEvent>();
        if event.code() != 0 {
            self.on_close(CloseEvent::from_raw(event));
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
        // Listeners first, so that closing fires nothing into freed closures.
        self.listeners.get_mut().clear();
        if !self.detached.get() && !self.state().is_closing_or_closed() {
            let _ = self.raw.close_with_code(CloseCode::NORMAL.get());
        }
    }
}

/// Registers the listeners behind the futures and the stream. A browser's
/// `error` event carries no detail and is always followed by `close` (with
/// `wasClean` false), which is where the failure is reported. Node's
/// WebSocket, though, fires only `error` when the handshake fails and stays
/// `CONNECTING`: an `error` that finds the socket still connecting is that
/// failure, reported as the close a browser would give (1006).
fn listen(connection: &Rc<Connection>) -> Vec<EventListener> {
    let target = connection.raw.as_ref();
    let weak = Rc::downgrade(connection);
    vec![
        EventListener::new(target, "open", with(&weak, |c, _| c.on_open())),
        EventListener::new(target, "message", with(&weak, |c, e| c.on_message(e))),
        EventListener::new(target, "close", with(&weak, |c, e| c.on_close_event(e))),
        EventListener::new(target, "error", with(&weak, |c, _| c.on_error())),
    ]
}

/// Adapts a handler to a callback that holds the connection weakly.
fn with<E>(
    weak: &Weak<Connection>,
    handler: impl Fn(&Rc<Connection>, E) + 'static,
) -> impl FnMut(E) + 'static {
    let weak = weak.clone();
    move |event| {
        if let Some(connection) = weak.upgrade() {
            handler(&connection, event);
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

/// Sends bytes from wasm memory. Without atomics the browser may read a view
/// of wasm memory directly (it copies the bytes before `send` returns); with
/// atomics wasm memory is a SharedArrayBuffer, which `send` refuses, so the
/// bytes are copied into a fresh JS array first.
fn send_bytes(raw: &web_sys::WebSocket, bytes: &[u8]) -> std::result::Result<(), JsValue> {
    if cfg!(target_feature = "atomics") {
        raw.send_with_js_u8_array(&js_sys::Uint8Array::from(bytes))
    } else {
        raw.send_with_u8_array(bytes)
    }
}
