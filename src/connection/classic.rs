//! The classic backend: the browser's `WebSocket`, driven by its events.
//!
//! The listeners hold only a `Weak` reference to the connection, so when the
//! last handle is dropped the connection is dropped too: its listeners are
//! removed, their closures freed, and the socket closed. If observers still
//! wait, one listener for the close stays behind for them, kept by their
//! status and removed with the last of them.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, Event, MessageEvent};

use super::{js_error, Connection, Status};
use crate::close::{CloseCode, CloseEvent};
use crate::error::Result;
use crate::events::EventListener;
use crate::message::Message;
use crate::state::{BinaryType, ReadyState};

pub(crate) struct ClassicIo {
    pub(super) raw: web_sys::WebSocket,
    /// Kept only so that they are removed when the connection is dropped.
    listeners: RefCell<Vec<EventListener>>,
    /// Set when the socket was handed back with `into_raw`: dropping the
    /// connection must then leave it open.
    detached: Cell<bool>,
}

impl ClassicIo {
    /// Takes charge of `raw`, listening to its events for the connection
    /// (held weakly).
    pub(super) fn listening(raw: web_sys::WebSocket, connection: &Weak<Connection>) -> Self {
        let listeners = listen(&raw, connection);
        Self {
            raw,
            listeners: RefCell::new(listeners),
            detached: Cell::new(false),
        }
    }
}

// The same methods as `Io`'s, but inherent: called directly, each is in an
// app only if the app uses it.
impl ClassicIo {
    pub(super) fn raw(&self) -> Option<&web_sys::WebSocket> {
        Some(&self.raw)
    }

    pub(super) fn state(&self, _opened: bool, _closed: bool) -> ReadyState {
        ReadyState::from_raw(self.raw.ready_state())
    }

    pub(super) fn url(&self) -> String {
        self.raw.url()
    }

    pub(super) fn protocol(&self) -> String {
        self.raw.protocol()
    }

    pub(super) fn extensions(&self) -> String {
        self.raw.extensions()
    }

    pub(super) fn binary_type(&self) -> BinaryType {
        BinaryType::from_raw(self.raw.binary_type())
    }

    pub(super) fn set_binary_type(&self, binary_type: BinaryType) {
        self.raw.set_binary_type(binary_type.to_raw());
    }

    /// Removes the listeners and hands the socket back, open if it was.
    pub(super) fn detach(&self) -> Option<web_sys::WebSocket> {
        self.listeners.borrow_mut().clear();
        self.detached.set(true);
        Some(self.raw.clone())
    }

    pub(super) fn send_message(&self, message: &Message) -> Result<()> {
        let sent = match message {
            Message::Text(text) => self.raw.send_with_str(text),
            Message::Binary(bytes) => send_bytes(&self.raw, bytes),
        };
        sent.map_err(js_error)
    }

    pub(super) fn send_blob(&self, blob: &Blob) -> Result<()> {
        self.raw.send_with_blob(blob).map_err(js_error)
    }

    pub(super) fn send_array_buffer(&self, buffer: &js_sys::ArrayBuffer) -> Result<()> {
        self.raw.send_with_array_buffer(buffer).map_err(js_error)
    }

    pub(super) fn send_uint8_array(&self, array: &js_sys::Uint8Array) -> Result<()> {
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

    pub(super) fn close(&self, code: CloseCode, reason: &str) -> Result<()> {
        self.raw
            .close_with_code_and_reason(code.get(), reason)
            .map_err(js_error)
    }

    /// On drop of the connection: listeners first, so that closing fires
    /// nothing into freed closures; then a normal close, unless handed back.
    pub(super) fn release(&mut self, _closed: bool) {
        self.listeners.get_mut().clear();
        if !self.detached.get()
            && !ReadyState::from_raw(self.raw.ready_state()).is_closing_or_closed()
        {
            let _ = self.raw.close_with_code(CloseCode::NORMAL.get());
        }
    }

    /// After the release, for observers still waiting: tells `status` of
    /// the close event, unless the socket was handed back (it is the
    /// caller's then, and nothing of this crate listens to it).
    pub(super) fn watch_close(&self, status: &Rc<Status>) {
        if self.detached.get() {
            return;
        }
        // Weakly: the status keeps the listener, and both go with the last
        // observer. A plain event of that name (a script's) has no code.
        let weak = Rc::downgrade(status);
        let listener = EventListener::new(self.raw.as_ref(), "close", move |event: Event| {
            let close = event.unchecked_ref::<web_sys::CloseEvent>();
            if let (true, Some(status)) = (close.code() != 0, weak.upgrade()) {
                status.on_close(CloseEvent::from_raw(close));
            }
        });
        status.keep_close_watch(listener);
    }
}

/// Registers the listeners behind the futures and the stream. A browser's
/// `error` event carries no detail and is always followed by `close` (with
/// `wasClean` false), which is where the failure is reported. Node's
/// WebSocket, though, fires only `error` when the handshake fails and stays
/// `CONNECTING`: an `error` that finds the socket still connecting is that
/// failure, reported as the close a browser would give (1006).
fn listen(raw: &web_sys::WebSocket, weak: &Weak<Connection>) -> Vec<EventListener> {
    let target = raw.as_ref();
    vec![
        EventListener::new(target, "open", with(weak, |c, _| c.on_open())),
        EventListener::new(target, "message", with(weak, on_message)),
        EventListener::new(target, "close", with(weak, on_close_event)),
        EventListener::new(target, "error", with(weak, |c, _| c.on_error())),
    ]
}

/// Queues a message's `data`. The listener takes any `Event` and reads the
/// field, which is what recognises a message without `instanceof` (see
/// [`EventListener::typed`]) and without a second lookup on the hot path: a
/// real message always has `data`, and a plain event that a script
/// dispatched under this name has none and is ignored.
fn on_message(connection: &Rc<Connection>, event: Event) {
    let data = event.unchecked_ref::<MessageEvent>().data();
    if !data.is_undefined() {
        connection.on_data(data);
    }
}

/// Like [`on_message`], by field: a real close event always has a code
/// (1005 when the peer gave none), and a plain event of this name has none,
/// which reads as 0.
fn on_close_event(connection: &Rc<Connection>, event: Event) {
    let event = event.unchecked_ref::<web_sys::CloseEvent>();
    if event.code() != 0 {
        connection.on_close(CloseEvent::from_raw(event));
    }
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

// What the classic socket answers where the `Io` defaults are the stream
// backend's concern.
impl ClassicIo {
    pub(super) fn is_stream(&self) -> bool {
        false
    }

    pub(super) fn poll_read(
        &self,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<JsValue>> {
        std::task::Poll::Ready(None)
    }

    pub(super) fn stop_reading(&self) {}
}
