//! `Socket`: one WebSocket connection for JS, over the split halves of a
//! [`WebSocket`]. `await Socket.connect(url)`, `send`, `for await` over the
//! messages, `await close(code, reason)`.

use std::cell::RefCell;
use std::future::poll_fn;
use std::pin::Pin;
use std::rc::Rc;

use futures_core::Stream;
use wasm_bindgen::prelude::*;

use super::convert::{
    close_code_from_js, close_reason_from_js, close_to_js, message_to_js, url_from_js, Outgoing,
};
use super::errors::{check_websocket_available, named_error, to_js_error, type_error};
use super::iterator::MessageIterator;
use super::options::{strings_from_js, Options, Zero};
use wasm_websocket::CloseCode;

use wasm_websocket::Error;
use wasm_websocket::ReadyState;
use wasm_websocket::WebSocket;
use wasm_websocket::{WebSocketReceiver, WebSocketSender};

/// Why a connect timeout of 0 is refused.
pub(crate) const NEVER_CONNECTS: &str = "a connect that could never succeed";

/// What a `Socket` and its iterators share.
pub(crate) struct Shared {
    sender: WebSocketSender,
    /// Taken out while a read waits, so that a second read at the same time
    /// is told so instead of racing the first for messages.
    receiver: RefCell<Option<WebSocketReceiver>>,
}

/// The next message: `Some(string | Uint8Array)`, `None` once closed
/// cleanly; an error once if it closed abnormally.
pub(crate) async fn read(shared: &Shared) -> Result<Option<JsValue>, JsValue> {
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
    match message {
        None => Ok(None),
        Some(Ok(message)) => Ok(Some(message_to_js(message))),
        Some(Err(error)) => Err(to_js_error(error)),
    }
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
/// reached the network.
#[wasm_bindgen(js_name = Socket)]
pub struct JsSocket {
    shared: Rc<Shared>,
}

#[wasm_bindgen(js_class = Socket)]
impl JsSocket {
    /// Connects to `url` (a string or a `URL`) and resolves once the
    /// connection is open.
    ///
    /// `options`: `{ protocols, timeoutMs }`, or just the subprotocols (a
    /// string or an array of strings), most preferred first. `timeoutMs`
    /// abandons the attempt after that long (`ConnectTimeoutError`);
    /// without it the runtime's own limit applies.
    ///
    /// Rejects with `InvalidUrlError`, `InvalidProtocolError`,
    /// `ConnectFailedError` (refused; `code`, `reason` and `wasClean` say how
    /// it closed), `ConnectTimeoutError`, `UnsupportedError` (no global
    /// `WebSocket`), or a `TypeError` / `RangeError` for bad options.
    pub async fn connect(
        #[wasm_bindgen(unchecked_param_type = "string | URL")] url: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ConnectOptions | string | string[]")]
        options: Option<JsValue>,
    ) -> Result<JsSocket, JsValue> {
        let options = options.unwrap_or_default();
        let url = url_from_js(&url, "Socket.connect")?;
        let mut builder = WebSocket::builder(url);
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
                &["protocols", "timeoutMs"],
            )?;
            if let Some(protocols) = options.strings("protocols")? {
                builder = builder.with_protocols(protocols);
            }
            if let Some(timeout) = options.duration("timeoutMs", Zero::Refused(NEVER_CONNECTS))? {
                builder = builder.with_connect_timeout(timeout);
            }
        }
        check_websocket_available()?;
        let socket = builder.connect().await.map_err(to_js_error)?;
        let (sender, receiver) = socket.split();
        Ok(JsSocket {
            shared: Rc::new(Shared {
                sender,
                receiver: RefCell::new(Some(receiver)),
            }),
        })
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
        Outgoing::from_js(&data, "Socket.send")?
            .send_on(&self.shared.sender)
            .map_err(to_js_error)
    }

    /// The next message: a `string` or a `Uint8Array`; `undefined` once the
    /// connection has closed cleanly. Rejects once with
    /// `ConnectionLostError` if it closed abnormally, and with
    /// `ConcurrentReadError` while another read is waiting.
    #[wasm_bindgen(unchecked_return_type = "string | Uint8Array | undefined")]
    pub async fn next(&self) -> Result<JsValue, JsValue> {
        Ok(read(&self.shared).await?.unwrap_or(JsValue::UNDEFINED))
    }

    /// `for await (const message of socket)`: the messages until the
    /// connection closes. The loop ends after a clean close and throws
    /// `ConnectionLostError` after an abnormal one. Leaving the loop early
    /// (`break`) leaves the socket open.
    #[wasm_bindgen(
        js_name = "[Symbol.asyncIterator]",
        unchecked_return_type = "AsyncIterator<string | Uint8Array, undefined>"
    )]
    pub fn messages(&self) -> MessageIterator {
        MessageIterator::of_socket(self.shared.clone())
    }

    /// Closes with `code` (default 1000; otherwise 3000-4999) and `reason`
    /// (default empty, at most 123 UTF-8 bytes) and resolves to
    /// `{ code, reason, wasClean }` once closed. Calling it again, or after
    /// the server closed, just resolves to how it closed.
    ///
    /// Rejects with `InvalidCloseError` for a code or reason the browser
    /// would refuse, before anything is closed.
    #[wasm_bindgen(unchecked_return_type = "CloseInfo")]
    pub async fn close(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "number")] code: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] reason: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let code = close_code_from_js(&code.unwrap_or_default(), "Socket.close")?
            .unwrap_or(CloseCode::NORMAL.get());
        let reason = close_reason_from_js(&reason.unwrap_or_default(), "Socket.close")?;
        match self.shared.sender.close_with(code, &reason) {
            Ok(()) | Err(Error::AlreadyClosed) => {}
            Err(error) => return Err(to_js_error(error)),
        }
        let close = self.shared.sender.closed().await;
        Ok(close_to_js(&close))
    }

    /// Resolves to `{ code, reason, wasClean }` once the connection has
    /// closed, whoever closed it.
    #[wasm_bindgen(getter, unchecked_return_type = "Promise<CloseInfo>")]
    pub fn closed(&self) -> js_sys::Promise {
        let shared = self.shared.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            Ok(close_to_js(&shared.sender.closed().await))
        })
    }

    /// Resolves once everything sent has been handed to the network
    /// (`bufferedAmount` is 0). Rejects with `UnsentError` (its `bytes`
    /// property says how much) if the connection closed first.
    pub async fn flush(&self) -> Result<(), JsValue> {
        self.shared.sender.drained().await.map_err(to_js_error)
    }

    /// `"connecting"`, `"open"`, `"closing"` or `"closed"`.
    #[wasm_bindgen(getter, unchecked_return_type = "SocketState")]
    pub fn state(&self) -> String {
        match self.shared.sender.state() {
            ReadyState::Connecting => "connecting",
            ReadyState::Open => "open",
            ReadyState::Closing => "closing",
            ReadyState::Closed => "closed",
        }
        .to_owned()
    }

    /// Bytes sent but not yet handed to the network.
    #[wasm_bindgen(getter, js_name = bufferedAmount)]
    pub fn buffered_amount(&self) -> f64 {
        self.shared.sender.buffered_amount() as f64
    }

    /// The subprotocol the server chose, or `""`.
    #[wasm_bindgen(getter)]
    pub fn protocol(&self) -> String {
        self.shared.sender.as_raw().protocol()
    }

    /// The extensions the server chose (e.g. `"permessage-deflate"`), or `""`.
    #[wasm_bindgen(getter)]
    pub fn extensions(&self) -> String {
        self.shared.sender.as_raw().extensions()
    }

    /// The URL as the runtime resolved it.
    #[wasm_bindgen(getter)]
    pub fn url(&self) -> String {
        self.shared.sender.as_raw().url()
    }
}
