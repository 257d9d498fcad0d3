//! The minimal echo app with wasm-websocket: connect, send one text, return
//! the first message, close. Every size app does exactly this.

use futures::StreamExt;
use wasm_bindgen::prelude::*;
use wasm_websocket::{Message, WebSocket};

fn js_error(error: impl ToString) -> JsValue {
    JsValue::from_str(&error.to_string())
}

#[wasm_bindgen]
pub async fn echo(url: String) -> Result<String, JsValue> {
    let mut ws = WebSocket::connect(url).await.map_err(js_error)?;
    ws.send("hello").await.map_err(js_error)?;
    let reply = match ws.next().await {
        Some(Ok(Message::Text(text))) => text,
        Some(Ok(Message::Binary(bytes))) => format!("{} bytes", bytes.len()),
        Some(Err(error)) => return Err(js_error(error)),
        None => return Err(js_error("closed")),
    };
    ws.close().map_err(js_error)?;
    Ok(reply)
}
