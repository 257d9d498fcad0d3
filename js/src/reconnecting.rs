//! The engine of the JS `ReconnectingSocket` (`reconnecting.js`), over
//! [`ReconnectingWebSocket`]. Two tasks feed JS from the Rust streams: one
//! reads the messages, one the [`ConnectionEvent`]s, and both hand them to
//! the socket's hub (`reconnect_hub.js`), which hands them out to the
//! listeners and the `for await` readers.

use std::cell::{Cell, RefCell};
use std::future::poll_fn;
use std::pin::Pin;
use std::rc::Rc;

use futures_core::Stream;
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

use super::config::builder_from_js;
use super::convert::{close_to_js, message_from_js, message_to_js};
use super::engine::Engine;
use super::errors::to_js_error;
use super::reconnect_events::{event_to_js, rejection_name};
use wasm_websocket::reconnect::{
    ConnectionEvent, ConnectionEvents, ConnectionState, ReconnectingWebSocket, SendOutcome,
};
use wasm_websocket::{Error, Message, ReadyState, WebSocketSender};
use web_sys::Blob;

// The classes themselves are JavaScript; the package exports them from there.
#[wasm_bindgen(module = "/src/reconnecting.js")]
extern "C" {
    #[wasm_bindgen(reexport, skip_typescript, js_name = ReconnectingSocket)]
    fn reconnecting_socket_class();
}

#[wasm_bindgen(module = "/src/message_iterator.js")]
extern "C" {
    #[wasm_bindgen(reexport, skip_typescript, js_name = MessageIterator)]
    fn message_iterator_class();
}

#[wasm_bindgen(module = "/src/reconnect_hub.js")]
extern "C" {
    /// Where the engine reports what happens (`reconnect_hub.js`).
    pub type Hub;

    /// A connection event, as an object with its `type`.
    #[wasm_bindgen(method)]
    fn event(this: &Hub, event: &Object);

    /// Messages that will not be sent, and why.
    #[wasm_bindgen(method)]
    fn dropped(this: &Hub, reason: &str, messages: Array);

    /// A message that arrived but could not be read.
    #[wasm_bindgen(method, js_name = messageError)]
    fn message_error(this: &Hub, error: &JsValue);

    /// A message, with its size in bytes (UTF-8 for text).
    #[wasm_bindgen(method)]
    fn message(this: &Hub, message: &JsValue, size: f64);

    /// The message stream ended (until `reconnect()` revives it).
    #[wasm_bindgen(method)]
    fn ended(this: &Hub);

    /// The event stream ended: closed for good.
    #[wasm_bindgen(method)]
    fn finish(this: &Hub);
}

/// What the engine and its two tasks share.
struct Inner {
    socket: RefCell<ReconnectingWebSocket>,
    hub: Hub,
    /// Whether the message task runs (it stops when the Rust stream ends,
    /// and starts again on the next `connecting`).
    pumping: Cell<bool>,
    /// The sending half of the connection that opened last (set by the
    /// `on_open` hook, let go when it closes): what `reconnect(code,
    /// reason)`, the unread limit and `Blob`s use.
    open: Rc<RefCell<Option<WebSocketSender>>>,
    /// The connection open when `close()` was called: how it closed is the
    /// `close` event of that call.
    closed_by_user: RefCell<Option<WebSocketSender>>,
}

impl Inner {
    /// The open connection, if one is open.
    fn open_connection(&self) -> Option<WebSocketSender> {
        self.open
            .borrow()
            .clone()
            .filter(|sender| sender.state() == ReadyState::Open)
    }

    fn report_dropped(&self, reason: &str, messages: Vec<Message>) {
        let list: Array = messages.into_iter().map(message_to_js).collect();
        self.hub.dropped(reason, list);
    }
}

#[wasm_bindgen]
impl Engine {
    /// Starts connecting, as `config` (checked by `reconnect_options.js`)
    /// says, and reports to `hub`.
    pub fn reconnecting(&self, config: JsValue, hub: Hub) -> Result<ReconnectingCore, JsValue> {
        let open = Rc::new(RefCell::new(None));
        let socket = builder_from_js(config, open.clone())?
            .start()
            .map_err(to_js_error)?;
        // Subscribed before the driver first runs (it is spawned, so it
        // starts after this returns): the first `connecting` is not missed.
        let events = socket.events();
        let inner = Rc::new(Inner {
            socket: RefCell::new(socket),
            hub,
            pumping: Cell::new(false),
            open,
            closed_by_user: RefCell::new(None),
        });
        spawn_local(pump_events(inner.clone(), events));
        start_pumping(&inner);
        Ok(ReconnectingCore { inner })
    }
}

/// One reconnecting socket, as a `ReconnectingSocket` (reconnecting.js)
/// drives it.
#[wasm_bindgen(private, skip_typescript)]
pub struct ReconnectingCore {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl ReconnectingCore {
    /// Sends a string or a `Uint8Array` now if a connection is open, else
    /// queues it: `"sent"`, `"queued"`, `"rejected"` or `"dropped"`. What
    /// will not be sent is reported in a `dropped` event.
    pub fn send(&self, data: JsValue) -> Result<String, JsValue> {
        let outcome = self.inner.socket.borrow().try_send(message_from_js(data));
        let (result, dropped) = match outcome {
            SendOutcome::Sent => ("sent", None),
            SendOutcome::Queued => ("queued", None),
            SendOutcome::QueuedDropping(evicted) => ("queued", Some(("evicted", evicted))),
            SendOutcome::Dropped(message) => ("dropped", Some(("drop-newest", vec![message]))),
            SendOutcome::Rejected(message, why) => {
                ("rejected", Some((rejection_name(&why), vec![message])))
            }
            SendOutcome::Failed(_, error) => return Err(to_js_error(error)),
            // An outcome added to the crate after this binding was written:
            // whether the message will go out is what JS can be told.
            other if other.is_accepted() => ("queued", None),
            _ => ("rejected", None),
        };
        if let Some((reason, messages)) = dropped {
            self.inner.report_dropped(reason, messages);
        }
        Ok(result.to_owned())
    }

    /// The engine's state: `"connecting"`, `"open"`, `"waiting"`, ...
    pub fn state(&self) -> String {
        self.inner.socket.borrow().state().as_str().to_owned()
    }

    /// Messages waiting in the offline queue.
    pub fn queued(&self) -> usize {
        self.inner.socket.borrow().queued()
    }

    /// Tries to connect now (see `ReconnectingWebSocket::reconnect`).
    pub fn reconnect(&self) {
        let closed = {
            let socket = self.inner.socket.borrow();
            socket.reconnect();
            socket.state() == ConnectionState::Closed
        };
        if !closed {
            // The driver revives the message stream when it takes the
            // command, which it does before this task first runs (tasks run
            // in the order they were woken); `connecting` starts it too.
            start_pumping(&self.inner);
        }
    }

    /// Closes for good with `code` and `reason`, checked here for what the
    /// browser may send; `true` if a connection was open (or closing, after
    /// `closeConnection`: its close is this one's).
    pub fn close(&self, code: u16, reason: &str) -> Result<bool, JsValue> {
        let open = self.inner.open.borrow().clone();
        self.inner
            .socket
            .borrow()
            .close_with(code, reason)
            .map_err(to_js_error)?;
        let was_open = open.is_some();
        *self.inner.closed_by_user.borrow_mut() = open;
        Ok(was_open)
    }

    /// How the connection open at `close()` closed (`{ code, reason,
    /// wasClean }`), once it has; `undefined` before, or if none was open.
    #[wasm_bindgen(js_name = closeInfo)]
    pub fn close_info(&self) -> JsValue {
        self.inner
            .closed_by_user
            .borrow()
            .as_ref()
            .and_then(|sender| sender.close_event())
            .map_or(JsValue::UNDEFINED, |close| close_to_js(&close))
    }

    /// Closes the open connection only, with `code` and `reason`: what
    /// follows is up to the policy, as for any close. `false` if none is
    /// open.
    #[wasm_bindgen(js_name = closeConnection)]
    pub fn close_connection(&self, code: u16, reason: &str) -> Result<bool, JsValue> {
        match self.inner.open_connection() {
            Some(sender) => sender.close_with(code, reason).map(|()| true),
            None => Ok(false),
        }
        .map_err(to_js_error)
    }

    /// Sends a `Blob` on the open connection, as it is (a `Blob` cannot be
    /// queued without reading it, which would let later messages overtake
    /// it); `NotYetOpenError` if none is open.
    #[wasm_bindgen(js_name = sendBlob)]
    pub fn send_blob(&self, blob: &Blob) -> Result<(), JsValue> {
        match self.inner.open_connection() {
            Some(sender) => sender.try_send_blob(blob),
            None => Err(Error::NotYetOpen),
        }
        .map_err(to_js_error)
    }

    #[wasm_bindgen(js_name = bufferedAmount)]
    pub fn buffered_amount(&self) -> f64 {
        self.inner.socket.borrow().buffered_amount() as f64
    }

    /// The open connection's URL, if one is open.
    pub fn url(&self) -> Option<String> {
        self.inner.socket.borrow().url()
    }

    pub fn protocol(&self) -> Option<String> {
        self.inner.socket.borrow().protocol()
    }

    pub fn extensions(&self) -> Option<String> {
        self.inner.socket.borrow().extensions()
    }

    /// Starts the message task unless it runs (on `connecting`).
    pub fn pump(&self) {
        start_pumping(&self.inner);
    }

    /// Whether the message task runs: messages will still come.
    pub fn pumping(&self) -> bool {
        self.inner.pumping.get()
    }
}

/// Starts the message task unless it runs.
fn start_pumping(inner: &Rc<Inner>) {
    if !inner.pumping.replace(true) {
        spawn_local(pump_messages(inner.clone()));
    }
}

async fn pump_messages(inner: Rc<Inner>) {
    // The borrow lasts one poll: nothing JS can call runs during it.
    while let Some(message) =
        poll_fn(|cx| Pin::new(&mut *inner.socket.borrow_mut()).poll_next(cx)).await
    {
        match message {
            Ok(message) => {
                let size = message.len() as f64;
                inner.hub.message(&message_to_js(message), size);
            }
            Err(error) => inner.hub.message_error(&to_js_error(error)),
        }
    }
    inner.pumping.set(false);
    inner.hub.ended();
}

async fn pump_events(inner: Rc<Inner>, mut events: ConnectionEvents) {
    while let Some(event) = poll_fn(|cx| Pin::new(&mut events).poll_next(cx)).await {
        match event {
            // JS has one event for every message that will not be sent.
            ConnectionEvent::Unsent(messages) => inner.report_dropped("unsent", messages),
            event => {
                // The connection is gone: closed, or let go of without
                // waiting for its close (idle, the page cache).
                if let ConnectionEvent::Closed(_)
                | ConnectionEvent::Dead { .. }
                | ConnectionEvent::Suspended = event
                {
                    *inner.open.borrow_mut() = None;
                }
                inner.hub.event(&event_to_js(&event));
            }
        }
    }
    inner.hub.finish();
}
