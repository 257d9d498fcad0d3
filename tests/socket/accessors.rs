//! url, protocol, extensions, binaryType, readyState and bufferedAmount read
//! what the browser reports, through the whole life of a connection.

use crate::common::ws_url;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::{BinaryType, ReadyState, WebSocket};

#[wasm_bindgen_test]
async fn a_plain_connection() {
    let ws = crate::common::builder(ws_url("/echo"))
        .start()
        .expect("starts");
    assert_eq!(ws.state(), ReadyState::Connecting);
    // Handing the socket back and adopting it again keeps it connecting
    // (the classic socket's; the stream backend has none to hand back).
    let mut ws = match ws.into_raw() {
        Ok(raw) => WebSocket::from_raw(raw).expect("still connecting"),
        Err(ws) => ws,
    };
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
    let ws = crate::common::connect(http_url)
        .await
        .expect("http: urls are accepted");
    assert_eq!(ws.url(), ws_url("/echo"));
}

#[wasm_bindgen_test]
async fn extensions_are_reported_when_negotiated() {
    let ws = crate::common::connect(ws_url("/deflate/echo"))
        .await
        .expect("connects");
    assert!(
        ws.extensions().starts_with("permessage-deflate"),
        "{}",
        ws.extensions()
    );
    let plain = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    assert_eq!(plain.extensions(), "");
}

#[wasm_bindgen_test]
async fn compressed_messages_are_echoed_intact() {
    let mut ws = crate::common::connect(ws_url("/deflate/echo"))
        .await
        .expect("connects");
    let text = "compressible ".repeat(10_000);
    ws.send(text.as_str()).await.expect("sent");
    assert_eq!(
        crate::common::next_message(&mut ws).await.into_text(),
        Ok(text)
    );
}

#[wasm_bindgen_test]
async fn the_connection_uses_the_backend_under_test() {
    use wasm_websocket::Backend;
    let ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    let has_stream =
        js_sys::Reflect::has(&js_sys::global(), &"WebSocketStream".into()).unwrap_or(false);
    let expected = match crate::common::backend() {
        Backend::Auto if has_stream => Backend::Stream,
        Backend::Stream => Backend::Stream,
        _ => Backend::Classic,
    };
    assert_eq!(ws.backend(), expected);
    assert_eq!(ws.as_raw().is_some(), expected == Backend::Classic);
    wasm_bindgen_test::console_log!("backend under test: {expected:?}");
}
