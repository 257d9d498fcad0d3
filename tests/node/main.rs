//! The crate itself (not only the npm package) in Node, whose global
//! `WebSocket` (Node 22, or 20 with `--experimental-websocket`) it uses like
//! a browser's: one connection, a refused one, the reconnecting socket
//! across a drop; and without a global `WebSocket`, `Error::Unsupported`
//! saying what is missing, with the reconnecting socket refusing to start
//! rather than retrying forever. And the mock server's scenarios
//! (tests/mock), which need neither a test server nor a global `WebSocket`.
#![cfg(target_arch = "wasm32")]

#[path = "../common/mod.rs"]
mod common;

#[path = "../mock/scenarios/mod.rs"]
mod mock;

use common::{control, events_until, unique_tag, ws_url};
use futures::StreamExt;
use js_sys::Reflect;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{ReconnectingWebSocket, SendOutcome};
use wasm_websocket::{Error, Message, WebSocket};

#[wasm_bindgen_test]
fn this_is_node() {
    assert!(web_sys::window().is_none());
    let process = Reflect::get(&js_sys::global(), &"process".into()).expect("a global");
    assert!(process.is_object(), "Node has a global process");
}

#[wasm_bindgen_test]
async fn a_connection_echoes_and_closes() {
    let mut ws = WebSocket::builder(ws_url("/echo"))
        .with_protocols(["chat.v1"])
        .connect()
        .await
        .expect("connects");
    assert_eq!(ws.protocol(), "chat.v1");
    ws.send("from node").await.expect("sent");
    ws.send(vec![7u8; 100_000]).await.expect("sent");
    assert_eq!(
        ws.next().await.transpose().expect("a message"),
        Some(Message::text("from node"))
    );
    assert_eq!(
        ws.next().await.transpose().expect("a message"),
        Some(Message::binary(vec![7u8; 100_000]))
    );
    ws.drained().await.expect("drained");
    ws.close_with(4000, "bye").expect("closes");
    let closed = ws.closed().await;
    assert_eq!((closed.code, closed.reason.as_str()), (4000, "bye"));
}

#[wasm_bindgen_test]
async fn a_refused_connection_is_connect_failed() {
    match WebSocket::connect(ws_url("/refuse")).await {
        Err(Error::ConnectFailed(close)) => assert_eq!(close.code, 1006),
        other => panic!("expected ConnectFailed, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn a_reconnecting_socket_comes_back_after_a_drop() {
    let tag = unique_tag("node-reconnect");
    let mut ws = ReconnectingWebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_backoff(common::exact_backoff(20))
        .start()
        .expect("starts");
    let mut events = ws.events();
    events_until(&mut events, "open").await;
    control(&format!("drop?tag={tag}")).await;
    events_until(&mut events, "closed 1006").await;
    assert_eq!(ws.try_send("queued meanwhile"), SendOutcome::Queued);
    events_until(&mut events, "open").await;
    assert_eq!(
        ws.next().await.transpose().expect("a message"),
        Some(Message::text("queued meanwhile"))
    );
    ws.close().expect("not closed before");
}

#[wasm_bindgen_test]
async fn without_a_global_websocket_it_says_so() {
    let global = js_sys::global();
    let original = Reflect::get(&global, &"WebSocket".into()).expect("a global");
    Reflect::set(&global, &"WebSocket".into(), &JsValue::UNDEFINED).expect("hidden");
    let plain = WebSocket::connect(ws_url("/echo")).await.map(drop);
    let reconnecting = ReconnectingWebSocket::start(ws_url("/echo")).map(drop);
    Reflect::set(&global, &"WebSocket".into(), &original).expect("restored");
    for result in [plain, reconnecting] {
        match result {
            Err(Error::Unsupported(reason)) => {
                assert!(reason.contains("--experimental-websocket"), "{reason}")
            }
            other => panic!("expected Unsupported, got {other:?}"),
        }
    }
}
