//! `drop_abruptly` is a lost connection: the client sees 1006, not clean,
//! `ConnectionLost` once on its stream after the messages before it and
//! then the end, and the server sees the same.

use futures::StreamExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::testing::MockServer;
use wasm_websocket::{CloseEvent, Error, Message};

use super::open;

#[wasm_bindgen_test]
async fn the_client_sees_1006_not_clean() {
    const URL: &str = "ws://abrupt.mock/drop";
    let server = MockServer::new(URL);
    let (mut ws, conn) = open(&server, URL).await;
    conn.send("before");
    conn.drop_abruptly();
    let lost = CloseEvent {
        code: 1006,
        reason: String::new(),
        was_clean: false,
    };
    assert_eq!(
        ws.next().await.transpose().expect("ok"),
        Some(Message::text("before"))
    );
    assert_eq!(
        ws.next().await,
        Some(Err(Error::ConnectionLost(lost.clone())))
    );
    assert!(ws.next().await.is_none());
    assert_eq!(ws.closed().await, lost);
    assert_eq!(conn.closed().await, lost);
    assert_eq!(server.open_connections(), 0);
}

#[wasm_bindgen_test]
async fn a_drop_during_the_clients_close_is_a_loss_too() {
    const URL: &str = "ws://abrupt.mock/closing";
    let server = MockServer::new(URL);
    let (ws, conn) = open(&server, URL).await;
    conn.go_silent();
    ws.close().expect("closes");
    conn.drop_abruptly();
    assert_eq!(ws.closed().await.code, 1006);
}
