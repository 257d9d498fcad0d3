//! The server's close reaches the client with its code and reason, clean:
//! the client's stream ends with `None` after the messages sent before the
//! close, the server sees the same close, and what the client sent before
//! stays readable.

use futures::StreamExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::testing::MockServer;
use wasm_websocket::{CloseEvent, Error, Message, ReadyState};

use super::open;

#[wasm_bindgen_test]
async fn the_client_sees_the_servers_code_and_reason_clean() {
    const URL: &str = "ws://server-close.mock/code";
    let server = MockServer::new(URL);
    let (mut ws, mut conn) = open(&server, URL).await;
    ws.try_send("sent before").expect("sent");
    conn.send("last");
    let seen_by_server = conn.close(4001, "bye").await;
    let expected = CloseEvent {
        code: 4001,
        reason: "bye".into(),
        was_clean: true,
    };
    assert_eq!(seen_by_server, expected);
    assert_eq!(ws.closed().await, expected);
    assert_eq!(ws.state(), ReadyState::Closed);
    assert_eq!(
        ws.next().await.transpose().expect("ok"),
        Some(Message::text("last"))
    );
    assert!(ws.next().await.is_none(), "a clean close ends the stream");
    assert_eq!(ws.try_send("late"), Err(Error::AlreadyClosed));
    assert_eq!(conn.recv_text().await, "sent before");
    assert_eq!(conn.recv().await, None);
    assert_eq!(server.open_connections(), 0);
}

#[wasm_bindgen_test]
async fn a_server_may_send_codes_a_page_may_not() {
    const URL: &str = "ws://server-close.mock/going-away";
    let server = MockServer::new(URL);
    let (ws, conn) = open(&server, URL).await;
    conn.close(1001, "going away").await;
    let close = ws.closed().await;
    assert_eq!((close.code, close.reason.as_str()), (1001, "going away"));
    // Closing again does nothing more.
    assert_eq!(conn.close(4000, "again").await.code, 1001);
}
