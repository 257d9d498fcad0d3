//! A handshake the server holds keeps the client `Connecting` for as long
//! as it is held, and opens when accepted; the client's connect timeout
//! still applies (`ConnectTimeout`), after which the server finds the
//! client gone (1006); a handshake the client gave up on before the server
//! took it is skipped.

use std::time::Duration;

use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::testing::MockServer;
use wasm_websocket::{Error, ReadyState, WebSocket};

const MS: Duration = Duration::from_millis(1);

#[wasm_bindgen_test]
async fn a_held_handshake_keeps_the_client_connecting_until_accepted() {
    const URL: &str = "ws://delayed.mock/held";
    let server = MockServer::new(URL);
    let mut ws = WebSocket::builder(URL).start().expect("starts");
    let handshake = server.handshake().await;
    crate::common::sleep(30 * MS).await;
    assert_eq!(ws.state(), ReadyState::Connecting);
    let mut conn = handshake.accept();
    ws.send("late but open").await.expect("sent once open");
    assert_eq!(ws.state(), ReadyState::Open);
    assert_eq!(conn.recv_text().await, "late but open");
}

#[wasm_bindgen_test]
async fn the_connect_timeout_still_applies() {
    const URL: &str = "ws://delayed.mock/timeout";
    let server = MockServer::new(URL);
    let connecting = WebSocket::builder(URL)
        .with_connect_timeout(20 * MS)
        .connect();
    let held = server.handshake().await;
    match connecting.await {
        Err(Error::ConnectTimeout(limit)) => assert_eq!(limit, 20 * MS),
        other => panic!("expected ConnectTimeout, got {other:?}"),
    }
    // The client gave up: accepting now finds it gone.
    let conn = held.accept();
    let close = conn.closed().await;
    assert_eq!((close.code, close.was_clean), (1006, false));
    assert_eq!((server.accepted(), server.open_connections()), (0, 0));
}

#[wasm_bindgen_test]
async fn a_handshake_abandoned_before_the_server_took_it_is_skipped() {
    const URL: &str = "ws://delayed.mock/abandoned";
    let server = MockServer::new(URL);
    drop(WebSocket::connect(URL));
    let connecting = WebSocket::builder(URL).with_protocol("second").connect();
    let conn = server.accept().await;
    assert_eq!(conn.protocol(), "second");
    let _ws = connecting.await.expect("the second one opens");
    assert_eq!(server.handshakes(), 2);
}
