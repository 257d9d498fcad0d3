//! `Socket`: one WebSocket connection for JS, over the split halves of a
//! [`WebSocket`]. `await Socket.connect(url)`, `send`, `for await` over the
//! messages, `await close(code, reason)`; and the platform's
//! `WebSocket` shape: `readyState`, `binaryType`, `onmessage`,
//! `addEventListener`, ... (see `event_target`).

use std::cell::{Cell, RefCell};
use std::future::{poll_fn, Future};
use std::pin::{pin, Pin};
use std::rc::Rc;
use std::task::{Poll, Waker};

use futures_core::Stream;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

use super::abort::{abort_reason, abort_signal, is_aborted, on_abort};
use super::convert::{
    close_code_from_js, close_reason_from_js, close_to_js, message_to_js, url_from_js, Outgoing,
};
use super::errors::{
    check_websocket_available, disposed_error, named_error, to_js_error, type_error,
};
use super::event_target::{close_event, error_event, event_type, origin_of, Events};
use super::iterator::MessageIterator;
use super::options::{bytes_limit, strings_from_js, Options, Zero};
use wasm_websocket::CloseCode;
use wasm_websocket::CloseEvent;
use wasm_websocket::Error;
use wasm_websocket::ReadyState;
use wasm_websocket::WebSocket;
use wasm_websocket::WebSocketBuilder;
use wasm_websocket::{WebSocketReceiver, WebSocketSender};

/// Why a connect timeout of 0 is refused.
pub(crate) const NEVER_CONNECTS: &str = "a connect that could never succeed";

/// What a `Socket` and its iterators share.
pub(crate) struct Shared {
    sender: WebSocketSender,
    /// Taken out while a read waits, so that a second read at the same time
    /// is told so instead of racing the first for messages.
    receiver: RefCell<Option<WebSocketReceiver>>,
    /// The WebSocket-shaped listeners.
    events: Events,
    /// The origin of the URL, for `MessageEvent.origin`.
    origin: String,
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
pub(crate) async fn read(shared: &Shared) -> Result<Option<JsValue>, JsValue> {
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
            Step::Message(message) => {
                let event = shared.events.message_event(&message, &shared.origin);
                shared.events.dispatch("message", &event);
            }
            Step::Ended => stream_ended = true,
            Step::Closed(close) => {
                shared.close_dispatched.set(true);
                if !close.was_clean {
                    shared.events.dispatch("error", &error_event(None));
                }
                let event = close_event(close.code, &close.reason, close.was_clean);
                shared.events.dispatch("close", &event);
                break;
            }
            Step::Idle => break,
        }
    }
    shared.delivering.set(false);
    *shared.delivery_waker.borrow_mut() = None;
}

/// A WebSocket connection.
///
/// ```js
/// const socket = await Socket.connect("wss://example.com/chat", { protocols: ["chat.v1"] });
/// socket.send("hello");
/// for await (const message of socket) {   // string or Uint8Array
///   console.log(message);
/// }                                        // ends when the socket closes
/// ```
///
/// Unlike the platform's `WebSocket`, nothing is silently discarded: sending
/// on a socket that is not open throws, and `flush()` tells when the data
/// reached the network. It also has the platform's shape (`readyState`,
/// `binaryType`, `onmessage`, `addEventListener`, ...) for code written for
/// it; as it is open once `connect` resolves, `open` never fires.
#[wasm_bindgen(js_name = Socket)]
pub struct JsSocket {
    shared: Rc<Shared>,
    /// `free()` or `[Symbol.dispose]()` was called.
    disposed: Cell<bool>,
}

impl JsSocket {
    /// The socket, or `DisposedError` after `free()`.
    fn live(&self) -> Result<&Rc<Shared>, JsValue> {
        if self.disposed.get() {
            return Err(disposed_error("Socket"));
        }
        Ok(&self.shared)
    }

    /// Starts delivering events if someone listens and it is not running.
    fn deliver_if_needed(&self) {
        let shared = &self.shared;
        shared.wake_delivery();
        if !shared.delivering.get() && (shared.wants_messages() || shared.wants_close()) {
            shared.delivering.set(true);
            spawn_local(deliver(shared.clone()));
        }
    }
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

#[wasm_bindgen(js_class = Socket)]
impl JsSocket {
    /// Connects to `url` (a string or a `URL`) and resolves once the
    /// connection is open.
    ///
    /// `options`: `{ protocols, timeoutMs, WebSocket, maxMessageSize,
    /// signal }`, or just the
    /// subprotocols (a string or an array of strings), most preferred
    /// first. `timeoutMs` abandons the attempt after that long
    /// (`ConnectTimeoutError`); without it the runtime's own limit applies.
    /// `WebSocket` is the constructor to use instead of the global one
    /// (the `ws` package's in Node before 22, or a wrapper in a test).
    /// `signal` stops the connect when it aborts (the promise rejects with
    /// the signal's reason) and closes the open socket with code 1000.
    ///
    /// Rejects with `InvalidUrlError`, `InvalidProtocolError`,
    /// `ConnectFailedError` (refused; `code`, `reason` and `wasClean` say how
    /// it closed), `ConnectTimeoutError`, `UnsupportedError` (no global
    /// `WebSocket`, and none given), or a `TypeError` / `RangeError` for bad
    /// options.
    #[wasm_bindgen(unchecked_return_type = "Socket")]
    pub async fn connect(
        #[wasm_bindgen(unchecked_param_type = "string | URL")] url: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ConnectOptions | string | string[]")]
        options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let options = options.unwrap_or_default();
        let url = url_from_js(&url, "Socket.connect")?;
        let mut builder = WebSocket::builder(url);
        let mut signal = None;
        if options.as_string().is_some() || js_sys::Array::is_array(&options) {
            // The shorthand: just the subprotocols.
            let protocols = strings_from_js(&options).ok_or_else(|| {
                type_error("Socket.connect: the subprotocols must all be strings")
            })?;
            builder = builder.with_protocols(protocols);
        } else {
            let options = Options::new(
                &options,
                "Socket.connect options",
                &[
                    "protocols",
                    "timeoutMs",
                    "WebSocket",
                    "maxMessageSize",
                    "signal",
                ],
            )?;
            if let Some(protocols) = options.strings("protocols")? {
                builder = builder.with_protocols(protocols);
            }
            if let Some(timeout) = options.duration("timeoutMs", Zero::Refused(NEVER_CONNECTS))? {
                builder = builder.with_connect_timeout(timeout);
            }
            if let Some(constructor) = options.function("WebSocket")? {
                builder = builder.with_constructor(constructor);
            }
            if let Some(limit) = options.count("maxMessageSize")? {
                builder = builder.with_max_message_size(bytes_limit(limit));
            }
            signal = options
                .get("signal")
                .map(|value| abort_signal(value, "Socket.connect options.signal"))
                .transpose()?;
        }
        if builder.constructor().is_none() {
            check_websocket_available()?;
        }
        let socket = match &signal {
            None => builder.connect().await,
            Some(signal) => match connect_unless_aborted(builder, signal).await {
                Some(connected) => connected,
                None => return Err(abort_reason(signal)),
            },
        }
        .map_err(to_js_error)?;
        let origin = origin_of(&socket.url());
        let (sender, receiver) = socket.split();
        let shared = Rc::new(Shared {
            sender,
            receiver: RefCell::new(Some(receiver)),
            events: Events::default(),
            origin,
            delivering: Cell::new(false),
            delivery_waker: RefCell::new(None),
            close_dispatched: Cell::new(false),
        });
        // The JS object is made here, not by the glue, so that the events
        // can name it as their target.
        let object = JsValue::from(JsSocket {
            shared: shared.clone(),
            disposed: Cell::new(false),
        });
        shared.events.set_target(&object);
        if let Some(signal) = &signal {
            // Weakly: a signal that outlives the socket keeps nothing alive.
            let weak = Rc::downgrade(&shared);
            on_abort(signal, move || {
                if let Some(shared) = weak.upgrade() {
                    let _ = shared.sender.close();
                }
            });
        }
        Ok(object)
    }

    /// Sends a string as a text message, or a `Uint8Array` (or any other
    /// `ArrayBufferView`), `ArrayBuffer` or `Blob` as a binary one, in call
    /// order.
    ///
    /// Throws `NotYetOpenError` / `AlreadyClosedError` rather than dropping
    /// the data, and a `TypeError` for anything else. Returns at once:
    /// `bufferedAmount` and `flush()` tell when the data has left.
    pub fn send(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | ArrayBufferView | ArrayBuffer | Blob")]
        data: JsValue,
    ) -> Result<(), JsValue> {
        let shared = self.live()?;
        Outgoing::from_js(&data, "Socket.send")?
            .send_on(&shared.sender)
            .map_err(to_js_error)
    }

    /// The next message: a `string` or a `Uint8Array`; `undefined` once the
    /// connection has closed cleanly. Rejects once with
    /// `ConnectionLostError` if it closed abnormally, and with
    /// `ConcurrentReadError` while another read is waiting or message
    /// listeners take the messages.
    #[wasm_bindgen(unchecked_return_type = "string | Uint8Array | undefined")]
    pub async fn next(&self) -> Result<JsValue, JsValue> {
        Ok(read(self.live()?).await?.unwrap_or(JsValue::UNDEFINED))
    }

    /// `for await (const message of socket)`: the messages until the
    /// connection closes. The loop ends after a clean close and throws
    /// `ConnectionLostError` after an abnormal one. Leaving the loop early
    /// (`break`) leaves the socket open.
    #[wasm_bindgen(
        js_name = "[Symbol.asyncIterator]",
        unchecked_return_type = "AsyncIterator<string | Uint8Array, undefined>"
    )]
    pub fn messages(&self) -> Result<MessageIterator, JsValue> {
        Ok(MessageIterator::of_socket(self.live()?.clone()))
    }

    /// Closes with `code` (default 1000; otherwise 3000-4999) and `reason`
    /// (default empty, at most 123 UTF-8 bytes) and resolves to
    /// `{ code, reason, wasClean }` once closed. Calling it again, or after
    /// the server closed, just resolves to how it closed.
    ///
    /// Rejects with `InvalidCloseError` for a code or reason the browser
    /// would refuse, before anything is closed.
    ///
    /// The close starts at once (`readyState` is `CLOSING` on return), as
    /// the platform's `close()` does; errors reject the promise.
    #[wasm_bindgen(unchecked_return_type = "Promise<CloseInfo>")]
    pub fn close(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "number")] code: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] reason: Option<JsValue>,
    ) -> js_sys::Promise {
        let started = self.live().and_then(|shared| {
            let code = close_code_from_js(&code.unwrap_or_default(), "Socket.close")?
                .unwrap_or(CloseCode::NORMAL.get());
            let reason = close_reason_from_js(&reason.unwrap_or_default(), "Socket.close")?;
            match shared.sender.close_with(code, &reason) {
                Ok(()) | Err(Error::AlreadyClosed) => Ok(shared.sender.closed()),
                Err(error) => Err(to_js_error(error)),
            }
        });
        match started {
            Err(error) => js_sys::Promise::reject(&error),
            Ok(closed) => {
                wasm_bindgen_futures::future_to_promise(
                    async move { Ok(close_to_js(&closed.await)) },
                )
            }
        }
    }

    /// Resolves to `{ code, reason, wasClean }` once the connection has
    /// closed, whoever closed it.
    #[wasm_bindgen(getter, unchecked_return_type = "Promise<CloseInfo>")]
    pub fn closed(&self) -> Result<js_sys::Promise, JsValue> {
        let shared = self.live()?.clone();
        Ok(wasm_bindgen_futures::future_to_promise(async move {
            Ok(close_to_js(&shared.sender.closed().await))
        }))
    }

    /// Resolves once everything sent has been handed to the network
    /// (`bufferedAmount` is 0). Rejects with `UnsentError` (its `bytes`
    /// property says how much) if the connection closed first.
    pub async fn flush(&self) -> Result<(), JsValue> {
        self.live()?.sender.drained().await.map_err(to_js_error)
    }

    /// Closes the connection (code 1000) and releases it; every later call
    /// but this one throws `DisposedError`. `[Symbol.dispose]()` (for
    /// `using`) does the same. Letting go of a socket without listeners
    /// closes it too, once it is garbage-collected.
    #[wasm_bindgen(js_name = free, skip_typescript)]
    pub fn dispose(&self) {
        if !self.disposed.replace(true) {
            let _ = self.shared.sender.close();
        }
    }

    /// `"connecting"`, `"open"`, `"closing"` or `"closed"`.
    #[wasm_bindgen(getter, unchecked_return_type = "SocketState")]
    pub fn state(&self) -> Result<String, JsValue> {
        Ok(match self.live()?.sender.state() {
            ReadyState::Connecting => "connecting",
            ReadyState::Open => "open",
            ReadyState::Closing => "closing",
            ReadyState::Closed => "closed",
        }
        .to_owned())
    }

    /// The state as a number, as on the platform's `WebSocket`:
    /// `Socket.CONNECTING` (0), `OPEN` (1), `CLOSING` (2), `CLOSED` (3).
    #[wasm_bindgen(getter, js_name = readyState, unchecked_return_type = "0 | 1 | 2 | 3")]
    pub fn ready_state(&self) -> Result<u16, JsValue> {
        Ok(match self.live()?.sender.state() {
            ReadyState::Connecting => 0,
            ReadyState::Open => 1,
            ReadyState::Closing => 2,
            _ => 3,
        })
    }

    /// Bytes sent but not yet handed to the network.
    #[wasm_bindgen(getter, js_name = bufferedAmount)]
    pub fn buffered_amount(&self) -> Result<f64, JsValue> {
        Ok(self.live()?.sender.buffered_amount() as f64)
    }

    /// The subprotocol the server chose, or `""`.
    #[wasm_bindgen(getter)]
    pub fn protocol(&self) -> Result<String, JsValue> {
        Ok(self.live()?.sender.protocol())
    }

    /// The extensions the server chose (e.g. `"permessage-deflate"`), or `""`.
    #[wasm_bindgen(getter)]
    pub fn extensions(&self) -> Result<String, JsValue> {
        Ok(self.live()?.sender.extensions())
    }

    /// The URL as the runtime resolved it.
    #[wasm_bindgen(getter)]
    pub fn url(&self) -> Result<String, JsValue> {
        Ok(self.live()?.sender.url())
    }

    /// What binary messages are to `message` listeners: `"blob"` (the
    /// default, as on the platform) or `"arraybuffer"`; anything else is a
    /// `TypeError`. `next()` and `for await` give a `Uint8Array` either way.
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
        self.live()?.events.set_binary_type(&value, "Socket")
    }

    /// `addEventListener(type, listener, options)`, as on the platform's
    /// `WebSocket`, for `"message"` (a `MessageEvent`), `"close"` (a
    /// `CloseEvent`), `"error"` and `"open"`. While a `message` listener
    /// (or `onmessage`) is set, the messages go to it, and `next()` rejects
    /// with `ConcurrentReadError`. An unknown type is a `TypeError`.
    #[wasm_bindgen(js_name = addEventListener, skip_typescript)]
    pub fn add_event_listener(
        &self,
        kind: JsValue,
        listener: JsValue,
        options: JsValue,
    ) -> Result<(), JsValue> {
        let shared = self.live()?;
        let kind = event_type(&kind, "Socket.addEventListener", "")?;
        shared.events.add(kind, listener, &options, "Socket")?;
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
        let shared = self.live()?;
        let kind = event_type(&kind, "Socket.removeEventListener", "")?;
        shared.events.remove(kind, &listener, &options);
        shared.wake_delivery();
        Ok(())
    }

    /// `dispatchEvent(event)`: calls the listeners of `event.type`; `false`
    /// if one called `preventDefault()` on a cancelable event.
    #[wasm_bindgen(js_name = dispatchEvent)]
    pub fn dispatch_event(&self, event: &web_sys::Event) -> Result<bool, JsValue> {
        self.live()?.events.dispatch_event(event, "Socket")
    }
}

handler_properties! {
    JsSocket, Socket, "Socket";
    "open", onopen, set_onopen, "((this: Socket, event: Event) => any) | null";
    "message", onmessage, set_onmessage, "((this: Socket, event: MessageEvent) => any) | null";
    "close", onclose, set_onclose, "((this: Socket, event: CloseEvent) => any) | null";
    "error", onerror, set_onerror, "((this: Socket, event: Event) => any) | null";
}

ready_state_constants!(JsSocket, Socket);
