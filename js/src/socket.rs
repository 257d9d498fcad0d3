//! The engine of the JS `Socket` (`socket.js`): one connection, over the
//! split halves of a [`WebSocket`]. `socket.js` checks the arguments and
//! names the states; this connects, sends, reads, closes, and delivers
//! messages and the close to the WebSocket-shaped listeners while there
//! are some.

use std::cell::{Cell, RefCell};
use std::future::{poll_fn, Future};
use std::pin::{pin, Pin};
use std::rc::Rc;
use std::task::{Poll, Waker};

use futures_core::Stream;
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

use super::abort::{abort_reason, is_aborted, on_abort};
use super::convert::{close_to_js, message_to_js, send_js};
use super::engine::{promise, Engine};
use super::errors::{named_error, to_js_error};
use super::event_target::SocketEvents;
use super::numbers;
use wasm_websocket::CloseEvent;
use wasm_websocket::Error;
use wasm_websocket::ReadyState;
use wasm_websocket::WebSocket;
use wasm_websocket::WebSocketBuilder;
use wasm_websocket::{WebSocketReceiver, WebSocketSender};

// The class itself is JavaScript; the package exports it from there.
#[wasm_bindgen(module = "/src/socket.js")]
extern "C" {
    #[wasm_bindgen(reexport, skip_typescript, js_name = Socket)]
    fn socket_class();
}

/// What a `Socket` and its delivery task share.
struct Shared {
    sender: WebSocketSender,
    /// Taken out while a read waits, so that a second read at the same time
    /// is told so instead of racing the first for messages.
    receiver: RefCell<Option<WebSocketReceiver>>,
    /// The WebSocket-shaped listeners.
    events: SocketEvents,
    /// Whether the task that delivers events to them runs.
    delivering: Cell<bool>,
    /// Wakes that task: listeners changed, or a read gave the receiver back.
    delivery_waker: RefCell<Option<Waker>>,
    /// `close` (and `error`) were dispatched: they happen once.
    close_dispatched: Cell<bool>,
}

impl Shared {
    fn wake_delivery(&self) {
        if let Some(waker) = self.delivery_waker.borrow_mut().take() {
            waker.wake();
        }
    }

    fn wants_messages(&self) -> bool {
        self.events.has("message")
    }

    fn wants_close(&self) -> bool {
        !self.close_dispatched.get() && (self.events.has("close") || self.events.has("error"))
    }
}

/// The next message: `Some(string | Uint8Array)`, `None` once closed
/// cleanly; an error once if it closed abnormally.
async fn read(shared: &Shared) -> Result<Option<JsValue>, JsValue> {
    if shared.wants_messages() {
        return Err(named_error(
            "ConcurrentReadError",
            "the messages of this socket go to its message listeners (onmessage, \
             addEventListener): remove them to read with next() or for await",
        ));
    }
    let taken = shared.receiver.borrow_mut().take();
    let Some(mut receiver) = taken else {
        return Err(named_error(
            "ConcurrentReadError",
            "another read of this socket's messages is still waiting: \
             read them from one loop at a time",
        ));
    };
    let message = poll_fn(|cx| Pin::new(&mut receiver).poll_next(cx)).await;
    *shared.receiver.borrow_mut() = Some(receiver);
    // A message listener added during the read waits for the receiver.
    shared.wake_delivery();
    match message {
        None => Ok(None),
        Some(Ok(message)) => Ok(Some(message_to_js(message))),
        Some(Err(error)) => Err(to_js_error(error)),
    }
}

/// What the delivery task does next.
enum Step {
    Message(JsValue),
    /// The message stream ended (the connection closed).
    Ended,
    Closed(CloseEvent),
    /// Nobody listens any more.
    Idle,
}

/// Delivers messages to `message` listeners and the close to `close` and
/// `error` listeners while there are some; the task keeps the socket alive
/// meanwhile, as the platform keeps a WebSocket with listeners. Every
/// message is delivered before the close.
async fn deliver(shared: Rc<Shared>) {
    let mut closed = shared.sender.closed();
    let mut stream_ended = false;
    loop {
        let step = poll_fn(|cx| {
            *shared.delivery_waker.borrow_mut() = Some(cx.waker().clone());
            let wants_messages = shared.wants_messages() && !stream_ended;
            if wants_messages {
                if let Some(receiver) = shared.receiver.borrow_mut().as_mut() {
                    match Pin::new(receiver).poll_next(cx) {
                        Poll::Ready(Some(Ok(message))) => {
                            return Poll::Ready(Step::Message(message_to_js(message)))
                        }
                        // The error is the close's: `error` and `close` follow.
                        Poll::Ready(Some(Err(_)) | None) => return Poll::Ready(Step::Ended),
                        Poll::Pending => {}
                    }
                }
            }
            if !wants_messages && shared.wants_close() {
                if let Poll::Ready(close) = Pin::new(&mut closed).poll(cx) {
                    return Poll::Ready(Step::Closed(close));
                }
            }
            if !wants_messages && !shared.wants_close() {
                return Poll::Ready(Step::Idle);
            }
            Poll::Pending
        })
        .await;
        match step {
            Step::Message(message) => shared.events.emit_message(&message),
            Step::Ended => stream_ended = true,
            Step::Closed(close) => {
                shared.close_dispatched.set(true);
                shared
                    .events
                    .emit_close(close.code, &close.reason, close.was_clean);
                break;
            }
            Step::Idle => break,
        }
    }
    shared.delivering.set(false);
    *shared.delivery_waker.borrow_mut() = None;
}

/// Connects as `builder` says, unless `signal` aborts first (`None`): then
/// the attempt is dropped, which closes its socket.
async fn connect_unless_aborted(
    builder: WebSocketBuilder,
    signal: &JsValue,
) -> Option<Result<WebSocket, Error>> {
    if is_aborted(signal) {
        return None;
    }
    let (aborted, mut heard) = futures_channel::oneshot::channel::<()>();
    on_abort(signal, move || {
        let _ = aborted.send(());
    });
    let mut connecting = pin!(builder.connect());
    poll_fn(|cx| {
        if let Poll::Ready(connected) = connecting.as_mut().poll(cx) {
            return Poll::Ready(Some(connected));
        }
        // A dropped sender (the listener was never called and is gone)
        // is no abort: the connect goes on.
        match Pin::new(&mut heard).poll(cx) {
            Poll::Ready(Ok(())) => Poll::Ready(None),
            _ => Poll::Pending,
        }
    })
    .await
}

#[wasm_bindgen]
impl Engine {
    /// Connects to `url` and resolves once the connection is open, to the
    /// engine of a `Socket`. The options are checked already (socket.js):
    /// durations in milliseconds and counts are numbers, `Infinity` for no
    /// limit and `undefined` for the default; `signal` stops the connect
    /// (rejecting with its reason) and closes the open socket. Bad
    /// subprotocols throw at once, as the platform's constructor does.
    #[allow(clippy::too_many_arguments)]
    pub fn connect(
        &self,
        url: String,
        protocols: Vec<String>,
        timeout_ms: Option<f64>,
        constructor: Option<Function>,
        max_message_size: Option<f64>,
        max_unread: Option<f64>,
        signal: Option<JsValue>,
        events: SocketEvents,
    ) -> Result<Promise, JsValue> {
        wasm_websocket::validate_protocols(&protocols).map_err(to_js_error)?;
        let mut builder = WebSocket::builder(url).with_protocols(protocols);
        if let Some(ms) = timeout_ms {
            builder = builder.with_connect_timeout(numbers::duration(ms));
        }
        if let Some(constructor) = constructor {
            builder = builder.with_constructor(constructor);
        }
        if let Some(limit) = max_message_size {
            builder = builder.with_max_message_size(numbers::size(limit));
        }
        if let Some(limit) = max_unread {
            builder = builder.with_max_unread(numbers::size(limit));
        }
        Ok(promise(open(builder, signal, events)))
    }
}

/// Connects as `builder` says; once open, the engine of a `Socket`.
async fn open(
    builder: WebSocketBuilder,
    signal: Option<JsValue>,
    events: SocketEvents,
) -> Result<JsValue, JsValue> {
    let socket = match &signal {
        None => builder.connect().await,
        Some(signal) => match connect_unless_aborted(builder, signal).await {
            Some(connected) => connected,
            None => return Err(abort_reason(signal)),
        },
    }
    .map_err(to_js_error)?;
    let (sender, receiver) = socket.split();
    let shared = Rc::new(Shared {
        sender,
        receiver: RefCell::new(Some(receiver)),
        events,
        delivering: Cell::new(false),
        delivery_waker: RefCell::new(None),
        close_dispatched: Cell::new(false),
    });
    if let Some(signal) = &signal {
        // Weakly: a signal that outlives the socket keeps nothing alive.
        let weak = Rc::downgrade(&shared);
        on_abort(signal, move || {
            if let Some(shared) = weak.upgrade() {
                let _ = shared.sender.close();
            }
        });
    }
    Ok(SocketCore { shared }.into())
}

/// One open connection, as a `Socket` (socket.js) drives it.
#[wasm_bindgen(private, skip_typescript)]
pub struct SocketCore {
    shared: Rc<Shared>,
}

#[wasm_bindgen]
impl SocketCore {
    /// Sends a string as a text message, or a `Uint8Array` or a `Blob` as a
    /// binary one (socket.js makes every other kind of bytes a
    /// `Uint8Array`), as it is: nothing is copied into wasm memory.
    pub fn send(&self, data: JsValue) -> Result<(), JsValue> {
        send_js(&self.shared.sender, data)
    }

    /// The next message: a `string` or a `Uint8Array`; `undefined` once the
    /// connection has closed cleanly.
    pub fn next(&self) -> Promise {
        let shared = self.shared.clone();
        promise(async move { Ok(read(&shared).await?.unwrap_or(JsValue::UNDEFINED)) })
    }

    /// Starts closing with `code` and `reason` (checked here for what the
    /// browser may send) and resolves to `{ code, reason, wasClean }` once
    /// closed; after a close, just to how it closed.
    pub fn close(&self, code: u16, reason: &str) -> Result<Promise, JsValue> {
        let sender = &self.shared.sender;
        match sender.close_with(code, reason) {
            Ok(()) | Err(Error::AlreadyClosed) => Ok(self.closed()),
            Err(error) => Err(to_js_error(error)),
        }
    }

    /// Resolves to `{ code, reason, wasClean }` once the connection has
    /// closed, whoever closed it.
    pub fn closed(&self) -> Promise {
        let closed = self.shared.sender.closed();
        promise(async move { Ok(close_to_js(&closed.await)) })
    }

    /// Resolves once everything sent has been handed to the network.
    pub fn flush(&self) -> Promise {
        let drained = self.shared.sender.drained();
        promise(async move {
            drained.await.map_err(to_js_error)?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Closes the connection (code 1000): `free()`.
    pub fn dispose(&self) {
        let _ = self.shared.sender.close();
    }

    /// `readyState`: 0 connecting, 1 open, 2 closing, 3 closed.
    pub fn state(&self) -> u8 {
        match self.shared.sender.state() {
            ReadyState::Connecting => 0,
            ReadyState::Open => 1,
            ReadyState::Closing => 2,
            _ => 3,
        }
    }

    #[wasm_bindgen(js_name = bufferedAmount)]
    pub fn buffered_amount(&self) -> f64 {
        self.shared.sender.buffered_amount() as f64
    }

    pub fn protocol(&self) -> String {
        self.shared.sender.protocol()
    }

    pub fn extensions(&self) -> String {
        self.shared.sender.extensions()
    }

    pub fn url(&self) -> String {
        self.shared.sender.url()
    }

    /// Listeners changed: starts delivering events if someone listens and
    /// it is not running, and wakes it if it is.
    pub fn listen(&self) {
        let shared = &self.shared;
        shared.wake_delivery();
        if !shared.delivering.get() && (shared.wants_messages() || shared.wants_close()) {
            shared.delivering.set(true);
            spawn_local(deliver(shared.clone()));
        }
    }
}
