//! The stream backend: Chromium's `WebSocketStream`, whose readable side
//! reads from the network only as fast as the page reads it. Messages are
//! read one at a time, when the message stream is polled, so a reader that
//! stops reading stops the connection (TCP then slows the server down);
//! the classic `WebSocket` has no such brake.
//!
//! Sending writes to the writable side. Its writer says how many chunks wait
//! (`desiredSize`), not how many bytes, so the backend counts bytes itself:
//! each write's promise, settled when the browser has taken the chunk for
//! the network, bumps a counter through one closure shared by every write.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};

use js_sys::{Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::stream_api::{Readable, Reader, WebSocketStream, Writable, Writer};
use super::{js_error, Connection};
use crate::close::{CloseCode, CloseEvent};
use crate::error::{Error, Result};
use crate::message::Message;

/// Whether the global scope has `WebSocketStream` (looked up on the global
/// object, so that a worker is covered).
pub(crate) fn available() -> bool {
    crate::host::JS_HOST
        && Reflect::get(&js_sys::global(), &"WebSocketStream".into())
            .is_ok_and(|constructor| constructor.is_function())
}

/// Opens a `WebSocketStream`; throws as the constructor does.
pub(crate) fn open(
    url: &str,
    protocols: &[String],
) -> std::result::Result<WebSocketStream, JsValue> {
    let options = Object::new();
    if !protocols.is_empty() {
        let list: js_sys::Array = protocols.iter().map(|p| JsValue::from_str(p)).collect();
        Reflect::set(&options, &"protocols".into(), &list)?;
    }
    WebSocketStream::new(url, &options)
}

pub(crate) struct StreamIo {
    ws: WebSocketStream,
    parts: RefCell<Option<Parts>>,
    /// `close` was called.
    closing: Cell<bool>,
    /// The read in flight, if any.
    read: RefCell<Option<JsFuture>>,
    /// The readable side has ended (done, or errored).
    readable_done: Cell<bool>,
    writes: Writes,
}

/// What `opened` gives.
struct Parts {
    reader: Reader,
    writer: Writer,
    protocol: String,
    extensions: String,
}

/// The bytes written and not yet taken by the browser.
struct Writes {
    /// The sizes of the chunks written, oldest first, trimmed to those not
    /// yet taken.
    sizes: RefCell<VecDeque<u64>>,
    /// Chunks written, ever.
    total: Cell<usize>,
    /// Chunks taken by the browser, counted by `on_taken`.
    taken: Rc<Cell<usize>>,
    /// Senders and drains waiting for chunks to be taken.
    waiters: Rc<RefCell<Vec<Waker>>>,
    on_taken: Closure<dyn FnMut(JsValue)>,
    /// A rejected write (the connection failed): the chunk stays counted as
    /// not taken; the rejection is handled rather than reported.
    on_rejected: Closure<dyn FnMut(JsValue)>,
}

impl Writes {
    fn new() -> Self {
        let taken = Rc::new(Cell::new(0usize));
        let waiters: Rc<RefCell<Vec<Waker>>> = Rc::default();
        let on_taken = {
            let taken = taken.clone();
            let waiters = waiters.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_| {
                taken.set(taken.get() + 1);
                wake_all(&waiters);
            })
        };
        let on_rejected = {
            let waiters = waiters.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_| wake_all(&waiters))
        };
        Self {
            sizes: RefCell::default(),
            total: Cell::new(0),
            taken,
            waiters,
            on_taken,
            on_rejected,
        }
    }

    fn pending(&self) -> usize {
        self.total.get().saturating_sub(self.taken.get())
    }

    /// The bytes not yet taken: the newest `pending` sizes.
    fn bytes(&self) -> u64 {
        let pending = self.pending();
        let mut sizes = self.sizes.borrow_mut();
        while sizes.len() > pending {
            sizes.pop_front();
        }
        sizes.iter().sum()
    }

    fn push(&self, size: u64) {
        self.bytes();
        self.sizes.borrow_mut().push_back(size);
        self.total.set(self.total.get() + 1);
    }
}

fn wake_all(waiters: &RefCell<Vec<Waker>>) {
    let waiters = std::mem::take(&mut *waiters.borrow_mut());
    waiters.into_iter().for_each(Waker::wake);
}

impl StreamIo {
    pub(super) fn new(ws: WebSocketStream) -> Self {
        Self {
            ws,
            parts: RefCell::default(),
            closing: Cell::new(false),
            read: RefCell::default(),
            readable_done: Cell::new(false),
            writes: Writes::new(),
        }
    }

    pub(super) fn url(&self) -> String {
        self.ws.url()
    }

    pub(super) fn protocol(&self) -> String {
        self.parts
            .borrow()
            .as_ref()
            .map(|p| p.protocol.clone())
            .unwrap_or_default()
    }

    pub(super) fn extensions(&self) -> String {
        self.parts
            .borrow()
            .as_ref()
            .map(|p| p.extensions.clone())
            .unwrap_or_default()
    }

    pub(super) fn is_closing(&self) -> bool {
        self.closing.get()
    }

    pub(super) fn readable_done(&self) -> bool {
        self.readable_done.get()
    }

    /// Reads nothing more (a message over the limits closed the
    /// connection).
    pub(super) fn stop_reading(&self) {
        self.readable_done.set(true);
        self.read.borrow_mut().take();
    }

    pub(super) fn buffered_amount(&self) -> u64 {
        self.writes.bytes()
    }

    /// Registers `waker` to be woken when a chunk is taken by the browser.
    pub(super) fn wait_for_writes(&self, waker: &Waker) {
        let mut waiters = self.writes.waiters.borrow_mut();
        if !waiters.iter().any(|w| w.will_wake(waker)) {
            waiters.push(waker.clone());
        }
    }

    pub(super) fn wake_writers(&self) {
        wake_all(&self.writes.waiters);
    }

    pub(super) fn send_message(&self, message: &Message) -> Result<()> {
        // Copied out of wasm memory: the browser takes the chunk later.
        let (chunk, size) = match message {
            Message::Text(text) => (JsValue::from_str(text), text.len()),
            Message::Binary(bytes) => (js_sys::Uint8Array::from(&bytes[..]).into(), bytes.len()),
        };
        self.write(&chunk, size as u64)
    }

    pub(super) fn send_array_buffer(&self, buffer: &js_sys::ArrayBuffer) -> Result<()> {
        // A copy, as the classic socket takes one: the caller may reuse it.
        let size = buffer.byte_length();
        self.write(&buffer.slice(0).into(), u64::from(size))
    }

    pub(super) fn send_uint8_array(&self, array: &js_sys::Uint8Array) -> Result<()> {
        let size = array.length();
        self.write(&array.slice(0, size).into(), u64::from(size))
    }

    fn write(&self, chunk: &JsValue, size: u64) -> Result<()> {
        let parts = self.parts.borrow();
        let Some(parts) = parts.as_ref() else {
            return Err(Error::NotYetOpen);
        };
        let written = parts.writer.write(chunk);
        // The settled promise is dropped: only the counter matters.
        let _ = written.then2(&self.writes.on_taken, &self.writes.on_rejected);
        self.writes.push(size);
        Ok(())
    }

    pub(super) fn close(&self, code: CloseCode, reason: &str) -> Result<()> {
        let info = Object::new();
        let _ = Reflect::set(&info, &"closeCode".into(), &code.get().into());
        let _ = Reflect::set(&info, &"reason".into(), &reason.into());
        self.ws.close(&info).map_err(js_error)?;
        self.closing.set(true);
        Ok(())
    }

    /// The next message's data, `None` once the readable side has ended;
    /// reads only when asked, which is the backpressure.
    pub(super) fn poll_read(&self, cx: &mut Context<'_>) -> Poll<Option<JsValue>> {
        let mut read = self.read.borrow_mut();
        if read.is_none() {
            let parts = self.parts.borrow();
            let Some(parts) = parts.as_ref() else {
                return Poll::Pending;
            };
            *read = Some(JsFuture::from(parts.reader.read()));
        }
        let Some(future) = read.as_mut() else {
            return Poll::Pending;
        };
        let result = std::task::ready!(Pin::new(future).poll(cx));
        *read = None;
        let chunk = result.ok().filter(|chunk| {
            !Reflect::get(chunk, &"done".into())
                .ok()
                .and_then(|done| done.as_bool())
                .unwrap_or(true)
        });
        match chunk {
            Some(chunk) => Poll::Ready(Reflect::get(&chunk, &"value".into()).ok()),
            None => {
                self.readable_done.set(true);
                Poll::Ready(None)
            }
        }
    }

    /// On drop of the connection: a normal close unless one is under way.
    /// The write callbacks are kept if writes are still settling (a few
    /// bytes, once), since the browser will call them.
    pub(super) fn release(&mut self, closed: bool) {
        if !closed && !self.closing.get() {
            let info = Object::new();
            let _ = Reflect::set(&info, &"closeCode".into(), &CloseCode::NORMAL.get().into());
            let _ = self.ws.close(&info);
        }
        if self.writes.pending() > 0 {
            let writes = std::mem::replace(&mut self.writes, Writes::new());
            writes.on_taken.forget();
            writes.on_rejected.forget();
        }
    }
}

/// Follows the stream's `opened` and `closed` promises for the connection
/// (held weakly): the open, then the close with its code and whether it was
/// clean.
pub(super) fn watch(connection: &Rc<Connection>, ws: &WebSocketStream) {
    let opened = JsFuture::from(ws.opened());
    let closed = JsFuture::from(ws.closed());
    let weak = Rc::downgrade(connection);
    wasm_bindgen_futures::spawn_local(on_opened(weak.clone(), opened));
    wasm_bindgen_futures::spawn_local(on_closed(weak, closed));
}

async fn on_opened(weak: Weak<Connection>, opened: JsFuture) {
    // A failure is reported by `closed`, which rejects too.
    let Ok(info) = opened.await else {
        return;
    };
    let Some(connection) = weak.upgrade() else {
        return;
    };
    if let Some(io) = connection.stream_io() {
        let field = |name: &str| Reflect::get(&info, &name.into()).unwrap_or_default();
        *io.parts.borrow_mut() = Some(Parts {
            reader: field("readable").unchecked_into::<Readable>().get_reader(),
            writer: field("writable").unchecked_into::<Writable>().get_writer(),
            protocol: field("protocol").as_string().unwrap_or_default(),
            extensions: field("extensions").as_string().unwrap_or_default(),
        });
    }
    connection.on_open();
}

async fn on_closed(weak: Weak<Connection>, closed: JsFuture) {
    let (info, was_clean) = match closed.await {
        Ok(info) => (info, true),
        Err(error) => (error, false),
    };
    let code = Reflect::get(&info, &"closeCode".into())
        .ok()
        .and_then(|code| code.as_f64())
        .map_or(if was_clean { 1005 } else { 1006 }, |code| code as u16);
    let reason = Reflect::get(&info, &"reason".into())
        .ok()
        .and_then(|reason| reason.as_string())
        .unwrap_or_default();
    if let Some(connection) = weak.upgrade() {
        connection.on_close(CloseEvent {
            code,
            reason,
            was_clean,
        });
    }
}
