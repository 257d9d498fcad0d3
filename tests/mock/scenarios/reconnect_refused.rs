//! While the mock refuses (a count, or a time window), a reconnecting
//! socket's attempts follow the backoff schedule, each a failed attempt
//! counted by the server, and then one opens.

use std::time::Duration;

use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{ConnectionState, ReconnectingWebSocket};
use wasm_websocket::testing::MockServer;

use crate::common::{events_until, exact_backoff};

#[wasm_bindgen_test]
async fn refused_attempts_follow_the_schedule_then_one_opens() {
    const URL: &str = "ws://reconnect-refused.mock/next";
    let server = MockServer::new(URL);
    server.refuse_next(3, 503);
    let ws = ReconnectingWebSocket::builder(URL)
        .with_backoff(exact_backoff(5))
        .start()
        .expect("starts");
    let mut events = ws.events();
    let _conn = server.accept().await;
    let seen = events_until(&mut events, "open").await;
    assert_eq!(
        seen,
        [
            "connecting 0 after 0",
            "failed 0",
            "retry 1 in 5",
            "connecting 1 after 5",
            "failed 1",
            "retry 2 in 10",
            "connecting 2 after 10",
            "failed 2",
            "retry 3 in 20",
            "connecting 3 after 20",
        ]
    );
    assert_eq!(ws.state(), ConnectionState::Open);
    assert_eq!(
        (server.handshakes(), server.refused(), server.accepted()),
        (4, 3, 1)
    );
}

#[wasm_bindgen_test]
async fn a_refusal_window_is_waited_out() {
    const URL: &str = "ws://reconnect-refused.mock/window";
    let server = MockServer::new(URL);
    server.refuse_for(Duration::from_millis(200), 503);
    let ws = ReconnectingWebSocket::builder(URL)
        .with_backoff(exact_backoff(10))
        .start()
        .expect("starts");
    let mut events = ws.events();
    let _conn = server.accept().await;
    events_until(&mut events, "open").await;
    // Attempts at 0, 10, 30, 70 and 150 ms fall in the window when timers
    // are punctual; a loaded machine fires them late, never early.
    assert!(server.refused() >= 2, "{server:?}");
    assert_eq!(server.handshakes(), server.refused() + 1);
}
