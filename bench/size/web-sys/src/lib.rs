//! The minimal echo app with web-sys alone, no wrapper crate: the floor for
//! the other size apps. Connect, send one text, return the first message
//! (or, for a binary one, its length, formatted as the others do), close.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, WebSocket};

#[wasm_bindgen]
pub async fn echo(url: String) -> Result<String, JsValue> {
    let ws = WebSocket::new(&url)?;
    ws.set_binary_type(web_sys::BinaryType::Arraybuffer);
    let socket = ws.clone();
    let reply = js_sys::Promise::new(&mut |resolve, reject| {
        let sender = socket.clone();
        let on_open = Closure::once_into_js(move || sender.send_with_str("hello"));
        let on_message = Closure::once_into_js(move |event: MessageEvent| {
            let _ = resolve.call1(&JsValue::NULL, &event.data());
        });
        socket.set_onopen(Some(on_open.unchecked_ref()));
        socket.set_onmessage(Some(on_message.unchecked_ref()));
        socket.set_onerror(Some(&reject));
    });
    let data = JsFuture::from(reply).await?;
    ws.close()?;
    match data.as_string() {
        Some(text) => Ok(text),
        None => Ok(format!("{} bytes", js_sys::Uint8Array::new(&data).length())),
    }
}
