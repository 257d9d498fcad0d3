//! The minimal echo app with wasm-websocket's reconnecting socket: connect,
//! send one text, return the first message, close.

use futures::StreamExt;
use wasm_bindgen::prelude::*;
use wasm_websocket::reconnect::ReconnectingWebSocket;
use wasm_websocket::Message;

fn js_error(error: impl ToString) -> JsValue {
    JsValue::from_str(&error.to_string())
}

#[wasm_bindgen]
pub async fn echo(url: String) -> Result<String, JsValue> {
    let mut ws = ReconnectingWebSocket::start(url).map_err(js_error)?;
    // Queued until the connection opens.
    if !ws.send("hello").await.is_accepted() {
        return Err(js_error("not sent"));
    }
    let reply = match ws.next().await {
        Some(Ok(Message::Text(text))) => text,
        Some(Ok(Message::Binary(bytes))) => format!("{} bytes", bytes.len()),
        Some(Err(error)) => return Err(js_error(error)),
        None => return Err(js_error("closed")),
    };
    ws.close().map_err(js_error)?;
    Ok(reply)
}
