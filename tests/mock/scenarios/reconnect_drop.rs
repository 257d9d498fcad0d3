//! A reconnecting socket served by a mock: a drop is followed, after the
//! backoff (milliseconds here), by a new connection to the same server; the
//! messages sent meanwhile wait in the offline queue and reach the new
//! connection first, in order; the user's close reaches the server clean.

use std::time::Duration;

use futures::StreamExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{ConnectionState, ReconnectingWebSocket, SendOutcome};
use wasm_websocket::testing::MockServer;
use wasm_websocket::Message;

use crate::common::{events_until, exact_backoff};

#[wasm_bindgen_test]
async fn a_drop_reconnects_in_milliseconds_and_the_queue_goes_first() {
    const URL: &str = "ws://reconnect-drop.mock/feed";
    let server = MockServer::new(URL);
    let started = js_sys::Date::now();
    let mut ws = ReconnectingWebSocket::builder(URL)
        .with_backoff(exact_backoff(5))
        .start()
        .expect("starts");
    let mut events = ws.events();
    let first = server.accept().await;
    events_until(&mut events, "open").await;
    assert_eq!(ws.try_send("on the first"), SendOutcome::Sent);
    first.send("from the first");
    assert_eq!(
        ws.next().await.transpose().expect("ok"),
        Some(Message::text("from the first"))
    );

    first.drop_abruptly();
    events_until(&mut events, "closed 1006").await;
    assert_eq!(ws.state(), ConnectionState::Waiting);
    assert_eq!(ws.try_send("queued 1"), SendOutcome::Queued);
    assert_eq!(ws.try_send("queued 2"), SendOutcome::Queued);
    assert_eq!(ws.queued(), 2);

    let mut second = server.accept().await;
    events_until(&mut events, "open").await;
    assert_eq!(ws.try_send("after"), SendOutcome::Sent);
    assert_eq!(second.recv_text().await, "queued 1");
    assert_eq!(second.recv_text().await, "queued 2");
    assert_eq!(second.recv_text().await, "after");
    second.send("from the second");
    assert_eq!(
        ws.next().await.transpose().expect("ok"),
        Some(Message::text("from the second"))
    );
    assert_eq!((server.handshakes(), server.accepted()), (2, 2));
    let took = js_sys::Date::now() - started;
    assert!(took < 1000.0, "a drop and a reconnect in {took} ms");

    ws.close_with(4000, "done").expect("closes");
    let close = second.closed().await;
    assert_eq!(
        (close.code, close.reason.as_str(), close.was_clean),
        (4000, "done", true)
    );
    while events.next().await.is_some() {}
    assert_eq!(ws.state(), ConnectionState::Closed);
}

#[wasm_bindgen_test]
async fn the_backoff_between_drops_is_the_schedules() {
    const URL: &str = "ws://reconnect-drop.mock/backoff";
    let server = MockServer::new(URL);
    let ws = ReconnectingWebSocket::builder(URL)
        .with_backoff(exact_backoff(5).with_max_delay(Duration::from_millis(20)))
        .start()
        .expect("starts");
    let mut events = ws.events();
    let mut delays = Vec::new();
    for _ in 0..4 {
        let conn = server.accept().await;
        events_until(&mut events, "open").await;
        conn.drop_abruptly();
        events_until(&mut events, "closed 1006").await;
        let event = events.next().await.expect("an event");
        delays.push(crate::common::describe(&event));
    }
    // Each connection lasted less than the minimum uptime (5 s), so the
    // backoff did not start over: 5, 10, 20, then capped at 20.
    assert_eq!(
        delays,
        [
            "retry 1 in 5",
            "retry 2 in 10",
            "retry 3 in 20",
            "retry 4 in 20"
        ]
    );
    drop(ws);
}
