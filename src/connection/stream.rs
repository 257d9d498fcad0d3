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

use super::status::Outgoing;
use super::stream_api::{Readable, Reader, WebSocketStream, Writable, Writer};
use super::{js_error, Connection, Io, Status};
use crate::backend::Backend;
use crate::builder::WebSocketBuilder;
use crate::close::{CloseCode, CloseEvent};
use crate::error::{Error, Result};
use crate::message::Message;
use crate::socket::WebSocket;
use crate::state::{BinaryType, ReadyState};

/// Whether the global scope has `WebSocketStream` (looked up on the global
/// object, so that a worker is covered).
fn available() -> bool {
    crate::host::JS_HOST
        && Reflect::get(&js_sys::global(), &"WebSocketStream".into())
            .is_ok_and(|constructor| constructor.is_function())
}

/// Connects `builder` through `WebSocketStream` if its backend asks for it
/// and the global scope has it; `Ok(None)` leaves it to the classic socket
/// (`Auto` without `WebSocketStream`, or with Blob mode or a constructor).
///
/// Reached only through [`WebSocketBuilder::with_backend`]: an app that
/// never calls it does not carry the stream backend.
pub(crate) fn connect(builder: &WebSocketBuilder) -> Result<Option<WebSocket>> {
    let classic_only = builder.binary_type() == BinaryType::Blob || builder.constructor().is_some();
    let stream = match builder.backend() {
        Backend::Classic => false,
        Backend::Auto => !classic_only && available(),
        Backend::Stream if classic_only => {
            return Err(Error::InvalidOption {
                option: "backend",
                problem: "Blob mode and a custom constructor need the classic backend",
            })
        }
        Backend::Stream => {
            crate::host::require_js_host()?;
            if !available() {
                return Err(Error::Unsupported(
                    "the global scope has no WebSocketStream (Chromium 124 and later have it)",
                ));
            }
            true
        }
    };
    if !stream {
        return Ok(None);
    }
    let ws = open(builder.url(), builder.protocols())
        .map_err(|thrown| crate::builder::constructor_error(builder.url(), thrown, false))?;
    let connection = Connection::new(
        |_| super::Transport::Other(Box::new(StreamIo::new(ws.clone()))),
        builder.high_water_mark(),
        builder.receive_limits(),
    );
    watch(&connection, &ws);
    Ok(Some(WebSocket::from_connection(connection)))
}

/// Opens a `WebSocketStream`; throws as the constructor does.
fn open(url: &str, protocols: &[String]) -> std::result::Result<WebSocketStream, JsValue> {
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

/// The bytes written and not yet taken by the browser: the count, shared
/// with the connection's status (which reads it after the connection is
/// gone), and the callbacks that keep it.
struct Writes {
    count: Rc<WriteCount>,
    on_taken: Closure<dyn FnMut(JsValue)>,
    /// A rejected write (the connection failed): the chunk stays counted as
    /// not taken; the rejection is handled rather than reported.
    on_rejected: Closure<dyn FnMut(JsValue)>,
}

#[derive(Default)]
struct WriteCount {
    /// The sizes of the chunks written, oldest first, trimmed to those not
    /// yet taken.
    sizes: RefCell<VecDeque<u64>>,
    /// Chunks written, ever.
    total: Cell<usize>,
    /// Chunks taken by the browser, counted by `on_taken`.
    taken: Cell<usize>,
    /// Senders and drains waiting for chunks to be taken.
    waiters: RefCell<Vec<Waker>>,
}

impl Writes {
    fn new() -> Self {
        let count = Rc::new(WriteCount::default());
        let on_taken = {
            let count = count.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_| {
                count.taken.set(count.taken.get() + 1);
                count.wake_all();
            })
        };
        let on_rejected = {
            let count = count.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_| count.wake_all())
        };
        Self {
            count,
            on_taken,
            on_rejected,
        }
    }
}

impl WriteCount {
    fn pending(&self) -> usize {
        self.total.get().saturating_sub(self.taken.get())
    }

    fn push(&self, size: u64) {
        self.bytes();
        self.sizes.borrow_mut().push_back(size);
        self.total.set(self.total.get() + 1);
    }
}

impl Outgoing for WriteCount {
    /// The bytes not yet taken: the newest `pending` sizes.
    fn bytes(&self) -> u64 {
        let pending = self.pending();
        let mut sizes = self.sizes.borrow_mut();
        while sizes.len() > pending {
            sizes.pop_front();
        }
        sizes.iter().sum()
    }

    fn wait(&self, waker: &Waker) {
        let mut waiters = self.waiters.borrow_mut();
        if !waiters.iter().any(|w| w.will_wake(waker)) {
            waiters.push(waker.clone());
        }
    }

    fn wake_all(&self) {
        let waiters = std::mem::take(&mut *self.waiters.borrow_mut());
        waiters.into_iter().for_each(Waker::wake);
    }
}

impl StreamIo {
    fn new(ws: WebSocketStream) -> Self {
        Self {
            ws,
            parts: RefCell::default(),
            closing: Cell::new(false),
            read: RefCell::default(),
            readable_done: Cell::new(false),
            writes: Writes::new(),
        }
    }

    fn write(&self, chunk: &JsValue, size: u64) -> Result<()> {
        let parts = self.parts.borrow();
        let Some(parts) = parts.as_ref() else {
            return Err(Error::NotYetOpen);
        };
        let written = parts.writer.write(chunk);
        // The settled promise is dropped: only the counter matters.
        let _ = written.then2(&self.writes.on_taken, &self.writes.on_rejected);
        self.writes.count.push(size);
        Ok(())
    }
}

impl Io for StreamIo {
    fn is_stream(&self) -> bool {
        true
    }

    fn state(&self, opened: bool, closed: bool) -> ReadyState {
        if closed {
            ReadyState::Closed
        } else if self.closing.get() {
            ReadyState::Closing
        } else if opened {
            ReadyState::Open
        } else {
            ReadyState::Connecting
        }
    }

    fn url(&self) -> String {
        self.ws.url()
    }

    fn binary_type(&self) -> BinaryType {
        // Binary messages always come as bytes.
        BinaryType::ArrayBuffer
    }

    /// The stream backend has no Blob mode.
    fn set_binary_type(&self, _binary_type: BinaryType) {}

    fn protocol(&self) -> String {
        self.parts
            .borrow()
            .as_ref()
            .map(|p| p.protocol.clone())
            .unwrap_or_default()
    }

    fn extensions(&self) -> String {
        self.parts
            .borrow()
            .as_ref()
            .map(|p| p.extensions.clone())
            .unwrap_or_default()
    }

    /// Reads nothing more (a message over the limits closed the
    /// connection).
    fn stop_reading(&self) {
        self.readable_done.set(true);
        self.read.borrow_mut().take();
    }

    fn outgoing(&self) -> Rc<dyn Outgoing> {
        self.writes.count.clone()
    }

    fn opened(&self, info: &JsValue) {
        let field = |name: &str| Reflect::get(info, &name.into()).unwrap_or_default();
        *self.parts.borrow_mut() = Some(Parts {
            reader: field("readable").unchecked_into::<Readable>().get_reader(),
            writer: field("writable").unchecked_into::<Writable>().get_writer(),
            protocol: field("protocol").as_string().unwrap_or_default(),
            extensions: field("extensions").as_string().unwrap_or_default(),
        });
    }

    fn send_blob(&self, _blob: &web_sys::Blob) -> Result<()> {
        Err(Error::Unsupported(
            "the stream backend cannot send a Blob without reading it first: \
             read it into bytes, or use the classic backend",
        ))
    }

    fn send_message(&self, message: &Message) -> Result<()> {
        // Copied out of wasm memory: the browser takes the chunk later.
        let (chunk, size) = match message {
            Message::Text(text) => (JsValue::from_str(text), text.len()),
            Message::Binary(bytes) => (js_sys::Uint8Array::from(&bytes[..]).into(), bytes.len()),
        };
        self.write(&chunk, size as u64)
    }

    fn send_array_buffer(&self, buffer: &js_sys::ArrayBuffer) -> Result<()> {
        // A copy, as the classic socket takes one: the caller may reuse it.
        let size = buffer.byte_length();
        self.write(&buffer.slice(0).into(), u64::from(size))
    }

    fn send_uint8_array(&self, array: &js_sys::Uint8Array) -> Result<()> {
        let size = array.length();
        self.write(&array.slice(0, size).into(), u64::from(size))
    }

    fn close(&self, code: CloseCode, reason: &str) -> Result<()> {
        let info = Object::new();
        let _ = Reflect::set(&info, &"closeCode".into(), &code.get().into());
        let _ = Reflect::set(&info, &"reason".into(), &reason.into());
        self.ws.close(&info).map_err(js_error)?;
        self.closing.set(true);
        Ok(())
    }

    /// The next message's data, `None` once the readable side has ended;
    /// reads only when asked, which is the backpressure.
    fn poll_read(&self, cx: &mut Context<'_>) -> Poll<Option<JsValue>> {
        if self.readable_done.get() {
            return Poll::Ready(None);
        }
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
    fn discard_unread(&self, connection: Weak<Connection>) {
        Connection::discard_unread(connection);
    }

    fn release(&mut self, closed: bool) {
        if !closed && !self.closing.get() {
            let info = Object::new();
            let _ = Reflect::set(&info, &"closeCode".into(), &CloseCode::NORMAL.get().into());
            let _ = self.ws.close(&info);
        }
        if self.writes.count.pending() > 0 {
            let writes = std::mem::replace(&mut self.writes, Writes::new());
            writes.on_taken.forget();
            writes.on_rejected.forget();
        }
    }
}

/// Follows the stream's `opened` and `closed` promises for the connection
/// (held weakly): the open, then the close with its code and whether it was
/// clean. The close is also the observers' (`closed()`, `drained()`), who
/// may outlive the connection: that task holds the status itself.
fn watch(connection: &Rc<Connection>, ws: &WebSocketStream) {
    let opened = JsFuture::from(ws.opened());
    let closed = JsFuture::from(ws.closed());
    let weak = Rc::downgrade(connection);
    let status = connection.status().clone();
    wasm_bindgen_futures::spawn_local(on_opened(weak.clone(), opened));
    wasm_bindgen_futures::spawn_local(on_closed(weak, status, closed));
}

async fn on_opened(weak: Weak<Connection>, opened: JsFuture) {
    // A failure is reported by `closed`, which rejects too.
    let Ok(info) = opened.await else {
        return;
    };
    let Some(connection) = weak.upgrade() else {
        return;
    };
    connection.io_opened(&info);
    connection.on_open();
}

async fn on_closed(weak: Weak<Connection>, status: Rc<Status>, closed: JsFuture) {
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
    let event = CloseEvent {
        code,
        reason,
        was_clean,
    };
    match weak.upgrade() {
        Some(connection) => connection.on_close(event),
        None => status.on_close(event),
    }
}
