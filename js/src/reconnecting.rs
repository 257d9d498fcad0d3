//! `ReconnectingSocket`: a connection that comes back by itself, for JS,
//! over [`ReconnectingWebSocket`]. Two tasks feed JS from the Rust streams:
//! one reads the messages, one the [`ConnectionEvent`]s, and both hand them
//! to the listeners registered with `on()` and to the `for await` readers.

use std::cell::{Cell, RefCell};
use std::future::poll_fn;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Poll, Waker};

use futures_core::Stream;
use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

use super::abort::on_abort;
use super::convert::{close_code_from_js, close_reason_from_js, message_to_js, Outgoing};
use super::errors::{
    check_websocket_available, describe, disposed_error, report, set, to_js_error, type_error,
};
use super::event_target::{close_event, error_event, event_type as dom_event_type, origin_of};
use super::event_target::{plain_event, Events};
use super::iterator::{InboxLimits, MessageIterator, Subscription, Unread};
use super::reconnect_events::{event_object, event_to_js, event_type, rejection_name};
use super::reconnect_options::{builder_from_js, Gate};
use wasm_websocket::reconnect::{
    ConnectionEvent, ConnectionEvents, ConnectionState, ReconnectingWebSocket, SendOutcome,
    StopReason,
};
use wasm_websocket::CloseCode;

/// What the handle and its two tasks share.
struct Inner {
    socket: RefCell<ReconnectingWebSocket>,
    hub: RefCell<Hub>,
    /// The WebSocket-shaped listeners.
    events: Events,
    /// The URL as given, if it was a string: `url` before the first open.
    given_url: String,
    /// How many unread messages are kept (the `inbox` option).
    inbox: InboxLimits,
    /// With `startClosed`: the gate the first attempt waits at until
    /// `reconnect()`; the socket reads as `"stopped"` meanwhile.
    gate: Option<Rc<Gate>>,
}

/// Who gets what arrives.
#[derive(Default)]
struct Hub {
    listeners: Vec<(&'static str, Function)>,
    /// The `for await` readers; each keeps its own messages until read.
    readers: Vec<Rc<RefCell<Subscription>>>,
    /// Messages that arrived while nobody read or listened: the first
    /// reader or `message` listener to come gets them, so that attaching
    /// one a little late loses nothing.
    backlog: Unread,
    /// Whether the message task runs (it stops when the Rust stream ends,
    /// and starts again on the next `connecting`).
    pumping: bool,
    /// The state last reported to `state` listeners.
    state: &'static str,
    /// The socket is closed for good and every event has been handed out.
    finished: bool,
    /// `close()` calls waiting for `finished`.
    finish_waiters: Vec<Waker>,
    /// The open connection's origin, for `MessageEvent.origin`.
    origin: String,
    /// `close()` (or `free()`) was called, with this code and reason:
    /// `readyState` is `CLOSING` until `finished`.
    closing: Option<(u16, String)>,
    /// With `startClosed`: the first `connecting` event, held back until
    /// `reconnect()` lets the attempt go on.
    held: Option<ConnectionEvent>,
}

impl Hub {
    fn listeners_of(&self, kind: &str) -> Vec<Function> {
        self.listeners
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, listener)| listener.clone())
            .collect()
    }

    /// Whether a reader or a `message` listener takes the messages;
    /// `dom_listener`: whether a WebSocket-shaped one does.
    fn has_consumer(&mut self, dom_listener: bool) -> bool {
        self.readers.retain(|reader| !reader.borrow().is_ended());
        dom_listener
            || !self.readers.is_empty()
            || self.listeners.iter().any(|(k, _)| *k == "message")
    }
}

/// A WebSocket connection that comes back by itself after it drops, with
/// one long-lived handle: `send()` works across reconnects (queueing while
/// offline), and `for await` / `on("message")` get the messages of every
/// connection in order.
///
/// ```js
/// const socket = new ReconnectingSocket("wss://example.com/feed", {
///   backoff: { initialDelayMs: 500, maxDelayMs: 10_000 },
///   retryLimits: { maxRetries: 20 },
/// });
/// socket.on("state", ({ state }) => console.log(state));
/// socket.send("subscribe");            // "sent", "queued" or "rejected"
/// for await (const message of socket) console.log(message);
/// ```
///
/// It uses the same engine as the Rust `ReconnectingWebSocket`: the same
/// options, backoff, retry limits, policy and offline queue. It keeps
/// running until `close()`, `free()` or its `signal`. It also has the
/// platform's `WebSocket` shape (`readyState`, `binaryType`, `onmessage`,
/// `addEventListener`, ...), as partysocket and reconnecting-websocket do.
#[wasm_bindgen(js_name = ReconnectingSocket)]
pub struct JsReconnectingSocket {
    inner: Rc<Inner>,
    /// `free()` or `[Symbol.dispose]()` was called.
    disposed: Cell<bool>,
}

impl JsReconnectingSocket {
    /// The socket, or `DisposedError` after `free()`.
    fn live(&self) -> Result<&Rc<Inner>, JsValue> {
        if self.disposed.get() {
            return Err(disposed_error("ReconnectingSocket"));
        }
        Ok(&self.inner)
    }

    /// Checks the code and reason and starts closing for good.
    fn start_close(&self, code: Option<JsValue>, reason: Option<JsValue>) -> Result<(), JsValue> {
        let method = "ReconnectingSocket.close";
        let inner = self.live()?;
        let code = close_code_from_js(&code.unwrap_or_default(), method)?
            .unwrap_or(CloseCode::NORMAL.get());
        let reason = close_reason_from_js(&reason.unwrap_or_default(), method)?;
        inner
            .socket
            .borrow()
            .close_with(code, &reason)
            .map_err(to_js_error)?;
        inner.hub.borrow_mut().closing = Some((code, reason));
        Ok(())
    }

    /// A `message` listener may have just been added: it gets what
    /// arrived while nobody listened.
    fn deliver_if_needed(&self) {
        let pending = !self.inner.hub.borrow().backlog.is_empty();
        if pending && self.inner.events.has("message") {
            // Not from inside the setter: the caller may not be ready yet.
            let inner = self.inner.clone();
            spawn_local(async move { inner.flush_backlog() });
        }
    }
}

/// What `on<type>` listeners and `addEventListener` say about the other
/// events.
const OTHER_EVENTS: &str = "; its other events (state, reconnecting, ...) are on on()";

#[wasm_bindgen(js_class = ReconnectingSocket)]
impl JsReconnectingSocket {
    /// Starts connecting to `url` at once. `url` is a string or `URL`, or a
    /// function returning one (or a promise of one), asked before every
    /// attempt (for a fresh token, say); if it throws or rejects, that
    /// attempt fails and is retried with backoff.
    ///
    /// `options` (all optional; see `ReconnectingOptions`): `protocols` (or
    /// a function asked before every attempt), `connectTimeoutMs`,
    /// `backoff`, `retryLimits`, `policy`, `queue`, `inbox`, `onOpen`,
    /// `heartbeat`, `idleTimeoutMs`, `pauseWhileOffline`,
    /// `retryWhenVisible`, `startClosed`, `signal`, `WebSocket`.
    ///
    /// Throws a `TypeError` / `RangeError` for bad options (an unknown key
    /// included), and `UnsupportedError` where there is no global
    /// `WebSocket` and none was given.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(
            unchecked_param_type = "string | URL | (() => string | URL | Promise<string | URL>)"
        )]
        url: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ReconnectingOptions")] options: Option<
            JsValue,
        >,
    ) -> Result<JsReconnectingSocket, JsValue> {
        let options = options.unwrap_or_default();
        let (builder, extras) = builder_from_js(&url, &options)?;
        if builder.socket().constructor().is_none() {
            check_websocket_available()?;
        }
        let socket = builder.start().map_err(to_js_error)?;
        // Subscribed before the driver first runs (it is spawned, so it
        // starts after this returns): the first `connecting` is not missed.
        let events = socket.events();
        let inner = Rc::new(Inner {
            socket: RefCell::new(socket),
            hub: RefCell::new(Hub {
                state: if extras.gate.is_some() {
                    "stopped"
                } else {
                    "connecting"
                },
                ..Hub::default()
            }),
            events: Events::default(),
            given_url: url.as_string().unwrap_or_default(),
            gate: extras.gate,
            inbox: extras.inbox,
        });
        spawn_local(pump_events(inner.clone(), events));
        start_pumping(&inner);
        if let Some(signal) = extras.signal {
            close_on_abort(&inner, &signal);
        }
        Ok(JsReconnectingSocket {
            inner,
            disposed: Cell::new(false),
        })
    }

    /// Sends `data` (a string, or bytes as a `Uint8Array`, another
    /// `ArrayBufferView` or an `ArrayBuffer`) if a connection is open, else
    /// puts it in the offline queue, to go out in order after the next open.
    ///
    /// Returns `"sent"`, `"queued"`, `"rejected"` (the queue is full, off or
    /// the message too large, or the socket is closed) or `"dropped"` (the
    /// queue is full and its `overflow` is `"drop-newest"`). Every message
    /// that will not be sent, including older ones evicted by
    /// `"drop-oldest"`, is also reported by a `dropped` event. A `Blob` must
    /// be read into bytes first (`TypeError`).
    #[wasm_bindgen(unchecked_return_type = "SendResult")]
    pub fn send(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | ArrayBufferView | ArrayBuffer")]
        data: JsValue,
    ) -> Result<String, JsValue> {
        let inner = self.live()?;
        let message = Outgoing::from_js(&data, "ReconnectingSocket.send")?
            .into_message("ReconnectingSocket.send")?;
        let outcome = inner.socket.borrow().try_send(message);
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
            let event = event_object("dropped");
            set(&event, "reason", &reason.into());
            let list: Array = messages.into_iter().map(message_to_js).collect();
            set(&event, "messages", &list);
            inner.dispatch("dropped", &event);
        }
        Ok(result.to_owned())
    }

    /// `for await (const message of socket)`: the messages of every
    /// connection, in order, until no connection will follow by itself
    /// (after `close()`, a terminal close code, or giving up). Each loop
    /// gets the messages that arrive while it runs (the first one also
    /// those that came before any reader). `break` leaves the socket open.
    #[wasm_bindgen(
        js_name = "[Symbol.asyncIterator]",
        unchecked_return_type = "AsyncIterator<string | Uint8Array, undefined>"
    )]
    pub fn messages(&self) -> Result<MessageIterator, JsValue> {
        let subscription = Rc::new(RefCell::new(Subscription::default()));
        let mut hub = self.live()?.hub.borrow_mut();
        let backlog = std::mem::take(&mut hub.backlog);
        subscription.borrow_mut().extend(backlog);
        if hub.pumping {
            hub.readers.push(subscription.clone());
        } else {
            // The stream has ended: read what was left, then stop.
            subscription.borrow_mut().end();
        }
        Ok(MessageIterator::of_subscription(subscription))
    }

    /// Registers `listener` for events of `type` and returns a function that
    /// removes it. See `ReconnectingSocketEventMap` for the types.
    #[wasm_bindgen(skip_typescript)]
    pub fn on(&self, kind: JsValue, listener: JsValue) -> Result<Function, JsValue> {
        self.live()?;
        let kind = event_type(&kind)?;
        let listener: Function = listener.dyn_into().map_err(|listener| {
            type_error(&format!(
                "ReconnectingSocket.on takes a function as the listener, not {}",
                describe(&listener)
            ))
        })?;
        let flush = {
            let mut hub = self.inner.hub.borrow_mut();
            hub.listeners.push((kind, listener.clone()));
            kind == "message" && !hub.backlog.is_empty()
        };
        if flush {
            // Not from inside on(): the caller may not be ready for calls yet.
            let inner = self.inner.clone();
            spawn_local(async move { inner.flush_backlog() });
        }
        let weak = Rc::downgrade(&self.inner);
        let remove = Closure::<dyn Fn()>::new(move || {
            if let Some(inner) = weak.upgrade() {
                inner.remove_listener(kind, &listener);
            }
        });
        Ok(remove.into_js_value().unchecked_into())
    }

    /// Removes a listener registered with `on()` (once, if it was added
    /// more than once).
    #[wasm_bindgen(skip_typescript)]
    pub fn off(&self, kind: JsValue, listener: JsValue) -> Result<(), JsValue> {
        let inner = self.live()?;
        let kind = event_type(&kind)?;
        inner.remove_listener(kind, &listener);
        Ok(())
    }

    /// Where it is: `"connecting"`, `"open"`, `"waiting"` (for the backoff
    /// timer), `"offline"` (waiting for the browser's `online` event),
    /// `"gave-up"`, `"stopped"` (a terminal close), `"closed"` or
    /// `"suspended"` (the page is in the back/forward cache).
    #[wasm_bindgen(getter, unchecked_return_type = "ReconnectingState")]
    pub fn state(&self) -> Result<String, JsValue> {
        let inner = self.live()?;
        let state = inner.socket.borrow().state();
        if inner.waits_at_gate() && state != ConnectionState::Closed {
            return Ok("stopped".to_owned());
        }
        Ok(state.as_str().to_owned())
    }

    /// Messages waiting in the offline queue.
    #[wasm_bindgen(getter)]
    pub fn queued(&self) -> Result<usize, JsValue> {
        Ok(self.live()?.socket.borrow().queued())
    }

    /// Tries to connect now: skips a pending backoff wait, or starts again
    /// after giving up or a terminal close (with a fresh retry count). Does
    /// nothing while connecting or open, or after `close()`.
    pub fn reconnect(&self) -> Result<(), JsValue> {
        let inner = self.live()?;
        if inner.waits_at_gate() {
            if inner.socket.borrow().state() != ConnectionState::Closed {
                if let Some(gate) = &inner.gate {
                    gate.open();
                }
                let held = inner.hub.borrow_mut().held.take();
                if let Some(event) = held {
                    inner.on_event(event);
                }
            }
            return Ok(());
        }
        let closed = {
            let socket = inner.socket.borrow();
            socket.reconnect();
            socket.state() == ConnectionState::Closed
        };
        if !closed {
            // The driver revives the message stream when it takes the
            // command, which it does before this task first runs (tasks run
            // in the order they were woken); `connecting` starts it too.
            start_pumping(inner);
        }
        Ok(())
    }

    /// Closes for good with `code` (default 1000; otherwise 3000-4999) and
    /// `reason`: the open connection is closed, a pending retry cancelled,
    /// and the messages still queued are not sent: a `dropped` event with
    /// reason `"unsent"` hands them back. Resolves once every event has
    /// been delivered; rejects with `InvalidCloseError`, closing nothing,
    /// for a code or reason the browser would refuse.
    ///
    /// The close starts at once (`readyState` is `CLOSING` on return), as
    /// the platform's `close()` does; errors reject the promise.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn close(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "number")] code: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] reason: Option<JsValue>,
    ) -> js_sys::Promise {
        match self.start_close(code, reason) {
            Err(error) => js_sys::Promise::reject(&error),
            Ok(()) => {
                let inner = self.inner.clone();
                wasm_bindgen_futures::future_to_promise(async move {
                    poll_fn(|cx| {
                        let mut hub = inner.hub.borrow_mut();
                        if hub.finished {
                            return Poll::Ready(());
                        }
                        hub.finish_waiters.push(cx.waker().clone());
                        Poll::Pending
                    })
                    .await;
                    Ok(JsValue::UNDEFINED)
                })
            }
        }
    }

    /// Closes it for good (code 1000), as `close()` does without waiting;
    /// every later call but this one throws `DisposedError`.
    /// `[Symbol.dispose]()` (for `using`) does the same. Only this, or
    /// `close()`, stops it: letting go of the object does not.
    #[wasm_bindgen(js_name = free, skip_typescript)]
    pub fn dispose(&self) {
        if !self.disposed.replace(true) {
            // Closed already is fine: there is nothing left to stop.
            self.inner.close_normally();
        }
    }

    /// Called by the constructor (see `build.mjs`): the socket's own JS
    /// object, which its events name as their target.
    #[wasm_bindgen(js_name = __adopt, skip_typescript)]
    pub fn adopt(&self, object: JsValue) {
        self.inner.events.set_target(&object);
    }

    /// The state as a number, as on the platform's `WebSocket`: `OPEN` (1)
    /// while a connection is open, `CONNECTING` (0) while it connects or
    /// waits to retry, `CLOSING` (2) between `close()` and its last event,
    /// `CLOSED` (3) once closed, gave up or stopped.
    #[wasm_bindgen(getter, js_name = readyState, unchecked_return_type = "0 | 1 | 2 | 3")]
    pub fn ready_state(&self) -> Result<u16, JsValue> {
        let inner = self.live()?;
        let state = inner.socket.borrow().state();
        let (closing, finished) = {
            let hub = inner.hub.borrow();
            (hub.closing.is_some(), hub.finished)
        };
        Ok(match state {
            _ if closing && !finished => 2,
            _ if finished || inner.waits_at_gate() => 3,
            ConnectionState::Open => 1,
            state if state.is_final() => 3,
            _ => 0,
        })
    }

    /// Bytes handed to the open connection but not yet to the network; 0
    /// while none is open (what waits for one is counted by `queued`).
    #[wasm_bindgen(getter, js_name = bufferedAmount)]
    pub fn buffered_amount(&self) -> Result<f64, JsValue> {
        Ok(self.live()?.socket.borrow().buffered_amount() as f64)
    }

    /// The open connection's URL as the runtime resolved it; before one
    /// opened, the URL given (`""` for a URL function).
    #[wasm_bindgen(getter)]
    pub fn url(&self) -> Result<String, JsValue> {
        let inner = self.live()?;
        let url = inner.socket.borrow().url();
        Ok(url.unwrap_or_else(|| inner.given_url.clone()))
    }

    /// The subprotocol the open connection's server chose; `""` if none,
    /// or while no connection is open.
    #[wasm_bindgen(getter)]
    pub fn protocol(&self) -> Result<String, JsValue> {
        Ok(self.live()?.socket.borrow().protocol().unwrap_or_default())
    }

    /// The extensions the open connection's server chose; `""` if none,
    /// or while no connection is open.
    #[wasm_bindgen(getter)]
    pub fn extensions(&self) -> Result<String, JsValue> {
        Ok(self
            .live()?
            .socket
            .borrow()
            .extensions()
            .unwrap_or_default())
    }

    /// What binary messages are to `message` listeners of the WebSocket
    /// shape: `"blob"` (the default, as on the platform) or
    /// `"arraybuffer"`; anything else is a `TypeError`. `on("message")` and
    /// `for await` give a `Uint8Array` either way.
    #[wasm_bindgen(getter, js_name = binaryType, unchecked_return_type = "BinaryType")]
    pub fn binary_type(&self) -> Result<String, JsValue> {
        Ok(self.live()?.events.binary_type().to_owned())
    }

    /// Sets `binaryType`.
    #[wasm_bindgen(setter, js_name = binaryType)]
    pub fn set_binary_type(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BinaryType")] value: JsValue,
    ) -> Result<(), JsValue> {
        self.live()?
            .events
            .set_binary_type(&value, "ReconnectingSocket")
    }

    /// `addEventListener(type, listener, options)`, as on the platform's
    /// `WebSocket`: `"open"` on every open, `"message"` (a `MessageEvent`),
    /// `"close"` (a `CloseEvent`) when an open connection closes, and
    /// `"error"` when an attempt fails (an `ErrorEvent` with its `error`)
    /// or before the `close` of an abnormal close. Another type is a
    /// `TypeError`: the other events are on `on()`.
    #[wasm_bindgen(js_name = addEventListener, skip_typescript)]
    pub fn add_event_listener(
        &self,
        kind: JsValue,
        listener: JsValue,
        options: JsValue,
    ) -> Result<(), JsValue> {
        let inner = self.live()?;
        let kind = dom_event_type(&kind, "ReconnectingSocket.addEventListener", OTHER_EVENTS)?;
        inner
            .events
            .add(kind, listener, &options, "ReconnectingSocket")?;
        self.deliver_if_needed();
        Ok(())
    }

    /// `removeEventListener(type, listener, options)`.
    #[wasm_bindgen(js_name = removeEventListener, skip_typescript)]
    pub fn remove_event_listener(
        &self,
        kind: JsValue,
        listener: JsValue,
        options: JsValue,
    ) -> Result<(), JsValue> {
        let inner = self.live()?;
        let kind = dom_event_type(
            &kind,
            "ReconnectingSocket.removeEventListener",
            OTHER_EVENTS,
        )?;
        inner.events.remove(kind, &listener, &options);
        Ok(())
    }

    /// `dispatchEvent(event)`: calls the listeners of `event.type`; `false`
    /// if one called `preventDefault()` on a cancelable event.
    #[wasm_bindgen(js_name = dispatchEvent)]
    pub fn dispatch_event(&self, event: &web_sys::Event) -> Result<bool, JsValue> {
        self.live()?
            .events
            .dispatch_event(event, "ReconnectingSocket")
    }
}

handler_properties! {
    JsReconnectingSocket, ReconnectingSocket, "ReconnectingSocket";
    "open", onopen, set_onopen, "((this: ReconnectingSocket, event: Event) => any) | null";
    "message", onmessage, set_onmessage, "((this: ReconnectingSocket, event: MessageEvent) => any) | null";
    "close", onclose, set_onclose, "((this: ReconnectingSocket, event: CloseEvent) => any) | null";
    "error", onerror, set_onerror, "((this: ReconnectingSocket, event: Event) => any) | null";
}

ready_state_constants!(JsReconnectingSocket, ReconnectingSocket);

/// Closes `inner` (code 1000) when `signal` aborts, or now if it has.
fn close_on_abort(inner: &Rc<Inner>, signal: &JsValue) {
    // Weakly: a signal that outlives the socket keeps nothing alive.
    let weak = Rc::downgrade(inner);
    on_abort(signal, move || {
        if let Some(inner) = weak.upgrade() {
            inner.close_normally();
        }
    });
}

impl Inner {
    /// Closes for good with code 1000, unless closed already.
    fn close_normally(&self) {
        if self.socket.borrow().close().is_ok() {
            self.hub.borrow_mut().closing = Some((CloseCode::NORMAL.get(), String::new()));
        }
    }

    /// `startClosed` and `reconnect()` has not been called yet.
    fn waits_at_gate(&self) -> bool {
        self.gate.as_ref().is_some_and(|gate| !gate.is_open())
    }

    /// Calls every listener of `kind` with `event`, holding no borrow (a
    /// listener may call back in); what a listener throws is reported, and
    /// the other listeners still run.
    fn dispatch(&self, kind: &str, event: &JsValue) {
        let listeners = self.hub.borrow().listeners_of(kind);
        for listener in listeners {
            if let Err(exception) = listener.call1(&JsValue::UNDEFINED, event) {
                report(&exception);
            }
        }
    }

    fn remove_listener(&self, kind: &str, listener: &JsValue) {
        let mut hub = self.hub.borrow_mut();
        if let Some(index) = hub
            .listeners
            .iter()
            .position(|(k, l)| *k == kind && JsValue::from(l) == *listener)
        {
            hub.listeners.remove(index);
        }
    }

    /// Hands a message to every reader and `message` listener, or keeps it
    /// for the first one to come.
    fn deliver(&self, message: JsValue, size: usize) {
        let readers = {
            let dom_listener = self.events.has("message");
            let mut hub = self.hub.borrow_mut();
            if !hub.has_consumer(dom_listener) {
                let discarded = hub.backlog.push(message, size, self.inbox);
                drop(hub);
                self.report_overflow(discarded);
                return;
            }
            hub.readers.clone()
        };
        // Older messages first.
        self.flush_backlog();
        self.hand_out(message, size, readers);
    }

    /// Unread messages that were discarded to keep within the `inbox`
    /// limits: an `overflow` event hands them over, so that nothing goes
    /// without a word.
    fn report_overflow(&self, discarded: Vec<JsValue>) {
        if discarded.is_empty() {
            return;
        }
        let event = event_object("overflow");
        let list: Array = discarded.into_iter().collect();
        set(&event, "messages", &list);
        self.dispatch("overflow", &event);
    }

    /// One message to the readers, the `on("message")` listeners and the
    /// WebSocket-shaped ones, in that order.
    fn hand_out(&self, message: JsValue, size: usize, readers: Vec<Rc<RefCell<Subscription>>>) {
        for reader in readers {
            let discarded = reader.borrow_mut().push(message.clone(), size, self.inbox);
            self.report_overflow(discarded);
        }
        self.dispatch("message", &message);
        if self.events.has("message") {
            let event = self
                .events
                .message_event(&message, &self.hub.borrow().origin);
            self.events.dispatch("message", &event);
        }
    }

    /// A message arrived but could not be read (a `Blob` the browser failed
    /// to read, say): a `messageerror` event, so that it is never lost
    /// without a word. The message stream goes on.
    fn report_message_error(&self, error: wasm_websocket::Error) {
        let event = event_object("messageerror");
        set(&event, "error", &to_js_error(error));
        self.dispatch("messageerror", &event);
    }

    fn flush_backlog(&self) {
        loop {
            let (message, readers) = {
                let dom_listener = self.events.has("message");
                let mut hub = self.hub.borrow_mut();
                if !hub.has_consumer(dom_listener) {
                    return;
                }
                match hub.backlog.pop_sized() {
                    Some(message) => (message, hub.readers.clone()),
                    None => return,
                }
            };
            self.hand_out(message.0, message.1, readers);
        }
    }

    fn on_event(self: &Rc<Self>, event: ConnectionEvent) {
        if self.waits_at_gate() && matches!(event, ConnectionEvent::Connecting { .. }) {
            self.hub.borrow_mut().held = Some(event);
            return;
        }
        if matches!(event, ConnectionEvent::Connecting { .. }) {
            // After `reconnect()` revived a stream that had ended.
            start_pumping(self);
        }
        let (kind, object, state) = event_to_js(&event);
        let state = state.unwrap_or_else(|| {
            if kind == "unknown" {
                self.socket.borrow().state().as_str()
            } else {
                self.hub.borrow().state
            }
        });
        let was_open = self.hub.borrow().state == "open";
        if kind != "unknown" {
            self.dispatch(kind, &object);
        }
        // `dropped` is reported on its own, as it is for `send`.
        if kind != "dropped" {
            self.dispatch("event", &object);
        }
        self.report_state(state);
        self.dispatch_dom_event(&event, &object, was_open);
    }

    /// The WebSocket-shaped events a connection event makes: `open`,
    /// `close` (after `error` if it was not clean), and `error` for a
    /// failed attempt.
    fn dispatch_dom_event(&self, event: &ConnectionEvent, object: &JsValue, was_open: bool) {
        match event {
            ConnectionEvent::Open => {
                let origin = self
                    .socket
                    .borrow()
                    .url()
                    .map(|url| origin_of(&url))
                    .unwrap_or_default();
                self.hub.borrow_mut().origin = origin;
                self.events.dispatch("open", &plain_event("open"));
            }
            ConnectionEvent::Closed(close) => {
                if !close.was_clean {
                    self.events.dispatch("error", &error_event(None));
                }
                let event = close_event(close.code, &close.reason, close.was_clean);
                self.events.dispatch("close", &event);
            }
            // The user's own close of an open connection: the engine
            // reports no `Closed` for it, but the platform's `close` event
            // comes, with the code and reason given to `close()`.
            ConnectionEvent::Stopped(StopReason::ClosedByUser) if was_open => {
                let (code, reason) = self
                    .hub
                    .borrow()
                    .closing
                    .clone()
                    .unwrap_or((CloseCode::NORMAL.get(), String::new()));
                self.events
                    .dispatch("close", &close_event(code, &reason, true));
            }
            ConnectionEvent::AttemptFailed { .. } => {
                let error = js_sys::Reflect::get(object, &"error".into()).ok();
                self.events.dispatch("error", &error_event(error.as_ref()));
            }
            _ => {}
        }
    }

    fn report_state(&self, state: &'static str) {
        let previous = {
            let mut hub = self.hub.borrow_mut();
            std::mem::replace(&mut hub.state, state)
        };
        if previous != state {
            let event = event_object("state");
            set(&event, "state", &state.into());
            set(&event, "previous", &previous.into());
            self.dispatch("state", &event);
        }
    }

    /// The event stream ended: closed for good.
    fn finish(&self) {
        self.report_state("closed");
        let waiters = {
            let mut hub = self.hub.borrow_mut();
            hub.finished = true;
            std::mem::take(&mut hub.finish_waiters)
        };
        waiters.into_iter().for_each(Waker::wake);
    }
}

/// Starts the message task unless it runs.
fn start_pumping(inner: &Rc<Inner>) {
    {
        let mut hub = inner.hub.borrow_mut();
        if hub.pumping {
            return;
        }
        hub.pumping = true;
    }
    spawn_local(pump_messages(inner.clone()));
}

async fn pump_messages(inner: Rc<Inner>) {
    // The borrow lasts one poll: nothing JS can call runs during it.
    while let Some(message) =
        poll_fn(|cx| Pin::new(&mut *inner.socket.borrow_mut()).poll_next(cx)).await
    {
        match message {
            Ok(message) => {
                let size = message.len();
                inner.deliver(message_to_js(message), size);
            }
            Err(error) => inner.report_message_error(error),
        }
    }
    let readers = {
        let mut hub = inner.hub.borrow_mut();
        hub.pumping = false;
        std::mem::take(&mut hub.readers)
    };
    for reader in readers {
        reader.borrow_mut().end();
    }
}

async fn pump_events(inner: Rc<Inner>, mut events: ConnectionEvents) {
    while let Some(event) = poll_fn(|cx| Pin::new(&mut events).poll_next(cx)).await {
        inner.on_event(event);
    }
    inner.finish();
}
