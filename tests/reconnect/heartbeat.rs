//! A heartbeat keeps an answering connection alive; when the server stops
//! answering, the idle timeout declares the connection dead, closes it with
//! 3008 and reconnects; heartbeat replies can be kept out of the stream.

use std::time::Duration;

use crate::common::{control, events_until, field, number, stats, unique_tag, ws_url};
use futures::StreamExt;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{
    ConnectionEvent, ConnectionState, Heartbeat, ReconnectingWebSocket, SendOutcome,
};
use wasm_websocket::Message;

const MS: Duration = Duration::from_millis(1);

/// The close codes the server saw from this tag's clients.
async fn close_codes(tag: &str) -> Vec<u16> {
    js_sys::Array::from(&field(&stats(tag).await, "closes"))
        .iter()
        .map(|close: JsValue| number(&close, "code") as u16)
        .collect()
}

#[wasm_bindgen_test]
async fn a_silent_server_is_declared_dead_and_the_socket_comes_back() {
    let tag = unique_tag("reconnect-heartbeat");
    let mut ws = ReconnectingWebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_backoff(crate::common::exact_backoff(50))
        // The echo server answers "ping" with "ping": that is the reply.
        .with_heartbeat(
            Heartbeat::new(100 * MS, "ping")
                .with_reply(|message| message.as_text() == Some("ping")),
        )
        .with_idle_timeout(450 * MS)
        .start()
        .expect("starts");
    let mut events = ws.events();
    events_until(&mut events, "open").await;

    // Answered heartbeats keep it alive, and their replies stay hidden.
    crate::common::sleep(700 * MS).await;
    assert_eq!(ws.state(), ConnectionState::Open);
    assert_eq!(ws.try_send("hello"), SendOutcome::Sent);
    assert_eq!(
        ws.next().await.transpose().expect("no message error"),
        Some(Message::text("hello"))
    );
    let counters = stats(&tag).await;
    assert_eq!(number(&counters, "accepted"), 1.0);
    assert!(
        number(&counters, "messagesReceived") >= 5.0,
        "heartbeats reach the server: {counters:?}"
    );

    // The server goes quiet (the connection stays up): dead, then a retry.
    control(&format!("silence?on=1&tag={tag}")).await;
    let before = events_until(&mut events, "dead").await;
    assert!(
        before.is_empty(),
        "nothing before the idle timeout: {before:?}"
    );
    assert_eq!(
        events_until(&mut events, "open").await,
        ["retry 1 in 50", "connecting 1 after 50"]
    );
    // The new connection is silenced too: dead again, with the next delay
    // (the first one did not stay up for the minimum uptime).
    events_until(&mut events, "dead").await;
    assert_eq!(
        events_until(&mut events, "open").await,
        ["retry 2 in 100", "connecting 2 after 100"]
    );

    // Answering again: it stays up.
    control(&format!("silence?on=0&tag={tag}")).await;
    crate::common::sleep(900 * MS).await;
    assert_eq!(ws.state(), ConnectionState::Open);
    assert_eq!(number(&stats(&tag).await, "accepted"), 3.0);
    assert_eq!(ws.try_send("again"), SendOutcome::Sent);
    assert_eq!(
        ws.next().await.transpose().expect("no message error"),
        Some(Message::text("again"))
    );
    // The dead connections were closed by us, with 3008.
    assert_eq!(close_codes(&tag).await, [3008, 3008]);
    ws.close().expect("not closed before");
}

#[wasm_bindgen_test]
async fn without_a_reply_filter_heartbeat_answers_are_delivered() {
    let tag = unique_tag("reconnect-heartbeat-visible");
    let mut ws = ReconnectingWebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_heartbeat(Heartbeat::new(50 * MS, vec![7u8]))
        .start()
        .expect("starts");
    for _ in 0..3 {
        assert_eq!(
            ws.next().await.transpose().expect("no message error"),
            Some(Message::binary(vec![7u8]))
        );
    }
    ws.close().expect("not closed before");
}

#[wasm_bindgen_test]
async fn an_idle_timeout_without_heartbeat_detects_a_server_that_never_speaks() {
    let tag = unique_tag("reconnect-idle");
    let ws = ReconnectingWebSocket::builder(ws_url(&format!("/silent?tag={tag}")))
        .with_backoff(crate::common::exact_backoff(50))
        .with_idle_timeout(200 * MS)
        .start()
        .expect("starts");
    let mut events = ws.events();
    events_until(&mut events, "open").await;
    match events.next().await {
        Some(ConnectionEvent::Dead { silent_for }) => {
            assert!(silent_for >= 200 * MS, "{silent_for:?}")
        }
        other => panic!("expected Dead, got {other:?}"),
    }
    ws.close().expect("not closed before");
}

/// The deadlines run on the host's monotonic clock: a wall clock set an
/// hour forward (the user fixes the time, a laptop syncs after sleep) is
/// not an hour of silence.
#[wasm_bindgen_test]
async fn a_wall_clock_that_jumps_is_not_read_as_silence() {
    let tag = unique_tag("reconnect-clock-jump");
    let ws = ReconnectingWebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_heartbeat(
            Heartbeat::new(100 * MS, "ping")
                .with_reply(|message| message.as_text() == Some("ping")),
        )
        .with_idle_timeout(1_000 * MS)
        .start()
        .expect("starts");
    let mut events = ws.events();
    events_until(&mut events, "open").await;
    let jump = js_sys::Function::new_no_args(
        "const wall = Date.now; globalThis.__restoreDateNow = () => { Date.now = wall; }; \
         Date.now = () => wall() + 3600000;",
    );
    jump.call0(&JsValue::UNDEFINED).expect("Date.now replaced");
    crate::common::sleep(600 * MS).await;
    js_sys::Function::new_no_args("globalThis.__restoreDateNow()")
        .call0(&JsValue::UNDEFINED)
        .expect("Date.now restored");
    assert_eq!(
        ws.state(),
        ConnectionState::Open,
        "declared dead by the jump"
    );
    assert_eq!(number(&stats(&tag).await, "accepted"), 1.0);
    ws.close().expect("not closed before");
}
