//! A silent connection lets nothing through either way and leaves the
//! client's close unanswered (the client stays `Closing`); only the
//! client's own timers notice: a reconnecting socket's idle timeout
//! declares it dead and reconnects to the same server.

use std::time::Duration;

use futures::FutureExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{ConnectionState, ReconnectingWebSocket, SendOutcome};
use wasm_websocket::testing::MockServer;
use wasm_websocket::ReadyState;

use super::open;
use crate::common::{events_until, exact_backoff, sleep};

const MS: Duration = Duration::from_millis(1);

#[wasm_bindgen_test]
async fn nothing_passes_and_the_close_is_not_answered() {
    const URL: &str = "ws://silent.mock/plain";
    let server = MockServer::new(URL);
    let (ws, mut conn) = open(&server, URL).await;
    conn.go_silent();
    ws.try_send("lost").expect("the client cannot tell");
    assert_eq!(conn.recv().now_or_never(), None, "nothing arrived");
    ws.close().expect("closes");
    sleep(30 * MS).await;
    assert_eq!(ws.state(), ReadyState::Closing);
    assert_eq!(conn.close_event(), None);
    conn.drop_abruptly();
    assert_eq!(ws.closed().await.code, 1006);
}

#[wasm_bindgen_test]
async fn the_idle_timeout_notices_and_the_socket_comes_back() {
    const URL: &str = "ws://silent.mock/idle";
    let server = MockServer::new(URL);
    let ws = ReconnectingWebSocket::builder(URL)
        .with_backoff(exact_backoff(5))
        .with_idle_timeout(40 * MS)
        .start()
        .expect("starts");
    let mut events = ws.events();
    let first = server.accept().await;
    events_until(&mut events, "open").await;
    first.go_silent();
    let before = events_until(&mut events, "retry 1 in 5").await;
    assert!(
        before.iter().any(|line| line == "dead"),
        "declared dead first: {before:?}"
    );
    assert_eq!(ws.try_send("after the retry"), SendOutcome::Queued);
    let mut second = server.accept().await;
    events_until(&mut events, "open").await;
    assert_eq!(ws.state(), ConnectionState::Open);
    assert_eq!(second.recv_text().await, "after the retry");
    // The silent one never answered the idle timeout's close (3008).
    assert_eq!(first.close_event(), None);
    assert_eq!((server.accepted(), server.open_connections()), (2, 1));
}
