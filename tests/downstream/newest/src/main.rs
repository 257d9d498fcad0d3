//! Uses a little of wasm-websocket through the newest wasm-bindgen.
use wasm_bindgen::prelude::*;
use wasm_websocket::{CloseCode, Error, Message};

#[wasm_bindgen]
pub fn message_is_text() -> bool {
    Message::text("hello").is_text()
}

fn normal_close() -> Result<CloseCode, Error> {
    CloseCode::new(1000)
}

fn main() {
    assert!(message_is_text());
    assert!(normal_close().is_ok());
}
