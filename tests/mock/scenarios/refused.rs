//! A refused handshake (any HTTP status, a dropped `Handshake`, a
//! subprotocol the client did not offer) is `ConnectFailed` with 1006, not
//! clean, as a browser reports it; refusal rules refuse that many
//! handshakes, or for that long, and each refusal is counted.

use std::time::Duration;

use futures::StreamExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::testing::MockServer;
use wasm_websocket::{CloseEvent, Error, ReadyState, WebSocket};

fn assert_refused(result: wasm_websocket::Result<WebSocket>) {
    match result {
        Err(Error::ConnectFailed(close)) => assert_eq!(
            close,
            CloseEvent {
                code: 1006,
                reason: String::new(),
                was_clean: false
            }
        ),
        other => panic!("expected ConnectFailed, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn a_refusal_with_any_status_is_connect_failed_1006() {
    const URL: &str = "ws://refused.mock/status";
    let server = MockServer::new(URL);
    for status in [403, 503, 404] {
        let connecting = WebSocket::connect(URL);
        server.handshake().await.refuse(status);
        assert_refused(connecting.await);
    }
    assert_eq!((server.handshakes(), server.refused()), (3, 3));
    assert_eq!(server.accepted(), 0);
}

#[wasm_bindgen_test]
async fn a_dropped_handshake_is_a_refusal() {
    const URL: &str = "ws://refused.mock/dropped";
    let server = MockServer::new(URL);
    let connecting = WebSocket::connect(URL);
    drop(server.handshake().await);
    assert_refused(connecting.await);
    assert_eq!(server.refused(), 1);
}

#[wasm_bindgen_test]
async fn a_subprotocol_the_client_did_not_offer_fails_the_connection() {
    const URL: &str = "ws://refused.mock/protocol";
    let server = MockServer::new(URL);
    let connecting = WebSocket::builder(URL).with_protocol("chat.v1").connect();
    let conn = server.handshake().await.with_protocol("chat.v9").accept();
    assert_refused(connecting.await);
    assert_eq!(conn.closed().await.code, 1006);
    assert_eq!(server.accepted(), 0);
}

#[wasm_bindgen_test]
async fn refuse_next_refuses_that_many_then_handshakes_wait_again() {
    const URL: &str = "ws://refused.mock/next";
    let server = MockServer::new(URL);
    server.refuse_next(2, 503);
    assert_refused(WebSocket::connect(URL).await);
    assert_refused(WebSocket::connect(URL).await);
    let connecting = WebSocket::connect(URL);
    let _conn = server.accept().await;
    let _ws = connecting.await.expect("the third one opens");
    assert_eq!(
        (server.handshakes(), server.refused(), server.accepted()),
        (3, 2, 1)
    );
}

#[wasm_bindgen_test]
async fn refuse_for_refuses_within_the_window_only() {
    const URL: &str = "ws://refused.mock/window";
    let server = MockServer::new(URL);
    server.refuse_for(Duration::from_millis(40), 503);
    assert_refused(WebSocket::connect(URL).await);
    crate::common::sleep(Duration::from_millis(60)).await;
    let connecting = WebSocket::connect(URL);
    let _conn = server.accept().await;
    let _ws = connecting.await.expect("after the window it opens");
    assert_eq!(server.refused(), 1);

    server.refuse_for(Duration::MAX, 503);
    assert_refused(WebSocket::connect(URL).await);
    server.stop_refusing();
    let connecting = WebSocket::connect(URL);
    let _conn = server.accept().await;
    let _ws = connecting.await.expect("refusals stopped");
}

#[wasm_bindgen_test]
async fn a_started_socket_sees_the_refusal_on_its_stream() {
    const URL: &str = "ws://refused.mock/started";
    let server = MockServer::new(URL);
    server.refuse_next(1, 503);
    let mut ws = WebSocket::builder(URL).start().expect("starts");
    // As with a browser, the refusal comes in a later event.
    assert_eq!(ws.state(), ReadyState::Connecting);
    match ws.next().await {
        Some(Err(Error::ConnectFailed(close))) => assert_eq!(close.code, 1006),
        other => panic!("expected ConnectFailed, got {other:?}"),
    }
    assert!(ws.next().await.is_none());
    assert_eq!(ws.state(), ReadyState::Closed);
}
