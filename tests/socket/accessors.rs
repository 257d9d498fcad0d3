//! url, protocol, extensions, binaryType, readyState and bufferedAmount read
//! what the browser reports, through the whole life of a connection.

use crate::common::ws_url;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::{BinaryType, ReadyState, WebSocket};

#[wasm_bindgen_test]
async fn a_plain_connection() {
    let ws = WebSocket::builder(ws_url("/echo")).start().expect("starts");
    assert_eq!(ws.state(), ReadyState::Connecting);
    // Handing the socket back and adopting it again keeps it connecting.
    let mut ws = WebSocket::from_raw(ws.into_raw()).expect("still connecting");
    assert_eq!(ws.state(), ReadyState::Connecting);
    ws.send("x").await.expect("waits for open, then sends");
    assert_eq!(ws.state(), ReadyState::Open);
    assert_eq!(ws.url(), ws_url("/echo"));
    assert_eq!(ws.binary_type(), BinaryType::ArrayBuffer);
    ws.drained().await.expect("flushed");
    assert_eq!(ws.buffered_amount(), 0);
    assert_eq!(ws.protocol(), "");
    assert_eq!(ws.close_event(), None);
    ws.close().expect("closing");
    assert_eq!(ws.state(), ReadyState::Closing);
    ws.closed().await;
    assert_eq!(ws.state(), ReadyState::Closed);
}

#[wasm_bindgen_test]
async fn url_is_resolved_by_the_browser() {
    let http_url = ws_url("/echo").replacen("ws://", "http://", 1);
    let ws = WebSocket::connect(http_url)
        .await
        .expect("http: urls are accepted");
    assert_eq!(ws.url(), ws_url("/echo"));
}

#[wasm_bindgen_test]
async fn extensions_are_reported_when_negotiated() {
    let ws = WebSocket::connect(ws_url("/deflate/echo"))
        .await
        .expect("connects");
    assert!(
        ws.extensions().starts_with("permessage-deflate"),
        "{}",
        ws.extensions()
    );
    let plain = WebSocket::connect(ws_url("/echo")).await.expect("connects");
    assert_eq!(plain.extensions(), "");
}

#[wasm_bindgen_test]
async fn compressed_messages_are_echoed_intact() {
    let mut ws = WebSocket::connect(ws_url("/deflate/echo"))
        .await
        .expect("connects");
    let text = "compressible ".repeat(10_000);
    ws.send(text.as_str()).await.expect("sent");
    assert_eq!(
        crate::common::next_message(&mut ws).await.into_text(),
        Ok(text)
    );
}
