//! The minimal echo app with gloo-net: connect, send one text, return the
//! first message, close.

use futures::{SinkExt, StreamExt};
use gloo_net::websocket::futures::WebSocket;
use gloo_net::websocket::Message;
use wasm_bindgen::prelude::*;

fn js_error(error: impl ToString) -> JsValue {
    JsValue::from_str(&error.to_string())
}

#[wasm_bindgen]
pub async fn echo(url: String) -> Result<String, JsValue> {
    let mut ws = WebSocket::open(&url).map_err(js_error)?;
    ws.send(Message::Text("hello".to_owned()))
        .await
        .map_err(js_error)?;
    let reply = match ws.next().await {
        Some(Ok(Message::Text(text))) => text,
        Some(Ok(Message::Bytes(bytes))) => format!("{} bytes", bytes.len()),
        Some(Err(error)) => return Err(js_error(error)),
        None => return Err(js_error("closed")),
    };
    ws.close(None, None).map_err(js_error)?;
    Ok(reply)
}
