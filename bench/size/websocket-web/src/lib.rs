//! The minimal echo app with websocket-web: connect, send one text, return
//! the first message, close.

use futures::{SinkExt, StreamExt};
use wasm_bindgen::prelude::*;
use websocket_web::{Msg, WebSocket};

fn js_error(error: impl ToString) -> JsValue {
    JsValue::from_str(&error.to_string())
}

#[wasm_bindgen]
pub async fn echo(url: String) -> Result<String, JsValue> {
    let mut ws = WebSocket::connect(url).await.map_err(js_error)?;
    ws.send("hello").await.map_err(js_error)?;
    let reply = match ws.next().await {
        Some(Ok(Msg::Text(text))) => text,
        Some(Ok(Msg::Binary(bytes))) => format!("{} bytes", bytes.len()),
        Some(Err(error)) => return Err(js_error(error)),
        None => return Err(js_error("closed")),
    };
    ws.close();
    Ok(reply)
}
