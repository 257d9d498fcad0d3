//! The npm face: a thin `#[wasm_bindgen]` layer over [`WebSocket`], so that
//! JavaScript code gets the same engine (compiled in only with the `js`
//! feature, so Rust apps do not carry these exports).

use std::cell::RefCell;
use std::pin::Pin;
use std::rc::Rc;

use futures_core::Stream;
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::close::{CloseCode, CloseEvent};
use crate::error::Error;
use crate::message::Message;
use crate::socket::WebSocket;
use crate::split::{WebSocketReceiver, WebSocketSender};

/// A WebSocket connection: `await Socket.connect(url)`, then `send`,
/// `await next()` (or `for await`), and `await close(code, reason)`.
#[wasm_bindgen(js_name = Socket)]
pub struct JsSocket {
    sender: Rc<WebSocketSender>,
    /// Taken out while a `next()` waits, so a second concurrent `next()`
    /// is told so instead of racing it.
    receiver: Rc<RefCell<Option<WebSocketReceiver>>>,
}

#[wasm_bindgen(js_class = Socket)]
impl JsSocket {
    /// Connects to `url`, offering `protocols` (a string or an array of
    /// strings) if given; resolves once the connection is open.
    pub async fn connect(url: String, protocols: Option<Vec<String>>) -> Result<JsSocket, JsValue> {
        let socket = WebSocket::builder(url)
            .protocols(protocols.unwrap_or_default())
            .connect()
            .await
            .map_err(to_js_error)?;
        let (sender, receiver) = socket.split();
        Ok(JsSocket {
            sender: Rc::new(sender),
            receiver: Rc::new(RefCell::new(Some(receiver))),
        })
    }

    /// Sends a string as text, or a `Uint8Array`, `ArrayBuffer` or `Blob` as
    /// binary. Throws if the socket is not open (never a silent discard).
    pub fn send(&self, data: JsValue) -> Result<(), JsValue> {
        let sent = if let Some(text) = data.as_string() {
            self.sender.try_send(text)
        } else if let Some(bytes) = data.dyn_ref::<Uint8Array>() {
            self.sender.send_uint8_array(bytes)
        } else if let Some(buffer) = data.dyn_ref::<js_sys::ArrayBuffer>() {
            self.sender.send_array_buffer(buffer)
        } else if let Some(blob) = data.dyn_ref::<web_sys::Blob>() {
            self.sender.send_blob(blob)
        } else {
            let error =
                js_sys::TypeError::new("send takes a string, Uint8Array, ArrayBuffer or Blob");
            return Err(error.into());
        };
        sent.map_err(to_js_error)
    }

    /// The next message: a `string` or a `Uint8Array`; `undefined` once the
    /// connection has closed cleanly. Rejects once if it closed abnormally.
    pub async fn next(&self) -> Result<JsValue, JsValue> {
        let slot = self.receiver.clone();
        let taken = slot.borrow_mut().take();
        let Some(mut receiver) = taken else {
            return Err(named_error(
                "ConcurrentReadError",
                "another next() is still waiting",
            ));
        };
        let message = std::future::poll_fn(|cx| Pin::new(&mut receiver).poll_next(cx)).await;
        *slot.borrow_mut() = Some(receiver);
        match message {
            None => Ok(JsValue::UNDEFINED),
            Some(Ok(Message::Text(text))) => Ok(text.into()),
            Some(Ok(Message::Binary(bytes))) => Ok(Uint8Array::from(bytes.as_slice()).into()),
            Some(Err(error)) => Err(to_js_error(error)),
        }
    }

    /// Closes with `code` (default 1000) and `reason` (default empty) and
    /// resolves to `{ code, reason, wasClean }` once closed.
    pub async fn close(
        &self,
        code: Option<u16>,
        reason: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let code = match (code, &reason) {
            (Some(code), _) => code,
            (None, None) => CloseCode::NORMAL.get(),
            (None, Some(_)) => {
                return Err(named_error(
                    "InvalidCloseError",
                    "a close reason needs a close code",
                ))
            }
        };
        match self
            .sender
            .close_with(code, reason.as_deref().unwrap_or(""))
        {
            Ok(()) | Err(Error::AlreadyClosed) => {}
            Err(error) => return Err(to_js_error(error)),
        }
        let sender = self.sender.clone();
        let event = sender.closed().await;
        Ok(close_event_to_js(&event))
    }

    /// `"connecting"`, `"open"`, `"closing"` or `"closed"`.
    #[wasm_bindgen(getter)]
    pub fn state(&self) -> String {
        format!("{:?}", self.sender.state()).to_lowercase()
    }

    /// Bytes sent but not yet handed to the network.
    #[wasm_bindgen(getter, js_name = bufferedAmount)]
    pub fn buffered_amount(&self) -> f64 {
        self.sender.buffered_amount() as f64
    }

    /// The subprotocol the server chose, or `""`.
    #[wasm_bindgen(getter)]
    pub fn protocol(&self) -> String {
        self.sender.as_raw().protocol()
    }

    /// The URL as the browser resolved it.
    #[wasm_bindgen(getter)]
    pub fn url(&self) -> String {
        self.sender.as_raw().url()
    }
}

fn close_event_to_js(event: &CloseEvent) -> JsValue {
    let object = Object::new();
    let _ = Reflect::set(&object, &"code".into(), &event.code.into());
    let _ = Reflect::set(&object, &"reason".into(), &event.reason.as_str().into());
    let _ = Reflect::set(&object, &"wasClean".into(), &event.was_clean.into());
    object.into()
}

fn named_error(name: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    error.into()
}

/// A JS `Error` whose `name` says which [`Error`] variant it was, so that JS
/// code can branch on it.
fn to_js_error(error: Error) -> JsValue {
    let name = match &error {
        Error::InvalidUrl { .. } => "InvalidUrlError",
        Error::InvalidProtocol(_) | Error::DuplicateProtocol(_) => "InvalidProtocolError",
        Error::InvalidCloseCode(_) | Error::CloseReasonTooLong(_) => "InvalidCloseError",
        Error::ConnectFailed(_) => "ConnectFailedError",
        Error::ConnectTimeout(_) => "ConnectTimeoutError",
        Error::ConnectionLost(_) => "ConnectionLostError",
        Error::AlreadyClosed => "AlreadyClosedError",
        Error::NotYetOpen => "NotYetOpenError",
        Error::Unsent { .. } => "UnsentError",
        Error::Js(js) => return named_error(&js.name, &js.message),
        _ => "WebSocketError",
    };
    named_error(name, &error.to_string())
}
