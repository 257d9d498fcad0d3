//! The client's close completes the handshake by itself: the server sees
//! the client's code and reason, clean, after the messages sent before it,
//! while the client is `Closing` and then `Closed`; dropping the last
//! handle closes with 1000; closing while connecting fails the attempt
//! (1006 on both sides).

use futures::StreamExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::testing::MockServer;
use wasm_websocket::{CloseEvent, Error, ReadyState, WebSocket};

use super::open;

#[wasm_bindgen_test]
async fn the_server_sees_the_clients_code_and_reason() {
    const URL: &str = "ws://client-close.mock/code";
    let server = MockServer::new(URL);
    let (mut ws, mut conn) = open(&server, URL).await;
    ws.try_send("before the close").expect("sent");
    ws.close_with(4000, "done").expect("closes");
    assert_eq!(ws.state(), ReadyState::Closing);
    // The server still sends: a browser drops what arrives while closing.
    conn.send("dropped");
    let expected = CloseEvent {
        code: 4000,
        reason: "done".into(),
        was_clean: true,
    };
    assert_eq!(ws.closed().await, expected);
    assert_eq!(ws.state(), ReadyState::Closed);
    assert!(ws.next().await.is_none());
    assert_eq!(conn.closed().await, expected);
    assert_eq!(conn.recv_text().await, "before the close");
    assert_eq!(conn.recv().await, None);
}

#[wasm_bindgen_test]
async fn either_half_closes() {
    const URL: &str = "ws://client-close.mock/halves";
    let server = MockServer::new(URL);
    let (ws, conn) = open(&server, URL).await;
    let (tx, rx) = ws.split();
    tx.close().expect("closes");
    assert_eq!(rx.closed().await.code, 1000);
    assert_eq!(conn.closed().await.code, 1000);
}

#[wasm_bindgen_test]
async fn dropping_the_last_handle_closes_with_1000() {
    const URL: &str = "ws://client-close.mock/dropped";
    let server = MockServer::new(URL);
    let (ws, conn) = open(&server, URL).await;
    let closed = ws.closed();
    drop(ws);
    let close = closed.await;
    assert_eq!((close.code, close.was_clean), (1000, true));
    assert_eq!(conn.closed().await, close);
}

#[wasm_bindgen_test]
async fn closing_while_connecting_fails_the_attempt() {
    const URL: &str = "ws://client-close.mock/connecting";
    let server = MockServer::new(URL);
    let mut ws = WebSocket::builder(URL).start().expect("starts");
    let handshake = server.handshake().await;
    ws.close().expect("closes");
    assert_eq!(ws.state(), ReadyState::Closing);
    match ws.next().await {
        Some(Err(Error::ConnectFailed(close))) => assert_eq!(close.code, 1006),
        other => panic!("expected ConnectFailed, got {other:?}"),
    }
    let close = handshake.accept().closed().await;
    assert_eq!((close.code, close.was_clean), (1006, false));
}
