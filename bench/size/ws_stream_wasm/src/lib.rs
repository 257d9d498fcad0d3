//! The minimal echo app with ws_stream_wasm: connect, send one text, return
//! the first message, close.

use futures::{SinkExt, StreamExt};
use wasm_bindgen::prelude::*;
use ws_stream_wasm::{WsMessage, WsMeta};

fn js_error(error: impl ToString) -> JsValue {
    JsValue::from_str(&error.to_string())
}

#[wasm_bindgen]
pub async fn echo(url: String) -> Result<String, JsValue> {
    let (meta, mut stream) = WsMeta::connect(url, None).await.map_err(js_error)?;
    stream
        .send(WsMessage::Text("hello".to_owned()))
        .await
        .map_err(js_error)?;
    let reply = match stream.next().await {
        Some(WsMessage::Text(text)) => text,
        Some(WsMessage::Binary(bytes)) => format!("{} bytes", bytes.len()),
        None => return Err(js_error("closed")),
    };
    meta.close().await.map_err(js_error)?;
    Ok(reply)
}
