//! The retry count grows while connections die young and resets once one
//! stays up for the minimum uptime; a per-attempt connect timeout turns a
//! hanging handshake into a failed attempt that is retried.

use std::time::Duration;

use crate::common::{events_until, number, stats, unique_tag, ws_url};
use futures::StreamExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{
    AttemptError, ConnectionEvent, ReconnectingWebSocket, RetryLimits,
};
use wasm_websocket::{Error, WebSocket};

const MS: Duration = Duration::from_millis(1);

#[wasm_bindgen_test]
async fn connections_shorter_than_the_min_uptime_keep_counting() {
    let tag = unique_tag("limits-short");
    // The server closes (1000) right after each open.
    let ws = ReconnectingWebSocket::builder(ws_url(&format!("/close?after=0&tag={tag}")))
        .with_backoff(crate::common::exact_backoff(20))
        .with_retry_limits(
            RetryLimits::new()
                .with_min_uptime(10_000 * MS)
                .with_max_retries(3),
        )
        .start()
        .expect("starts");
    let mut events = ws.events();
    let seen = events_until(&mut events, "GaveUp(MaxRetries)").await;
    let retries: Vec<_> = seen.iter().filter(|l| l.starts_with("retry")).collect();
    assert_eq!(
        retries,
        ["retry 1 in 20", "retry 2 in 40", "retry 3 in 80"],
        "{seen:?}"
    );
    assert_eq!(number(&stats(&tag).await, "accepted"), 4.0);
}

#[wasm_bindgen_test]
async fn a_connection_that_stays_up_long_enough_resets_the_count() {
    let tag = unique_tag("limits-long");
    // Each connection is dropped 200 ms after it opens.
    let ws = ReconnectingWebSocket::builder(ws_url(&format!("/drop?after=0&delay=200&tag={tag}")))
        .with_backoff(crate::common::exact_backoff(20))
        .with_retry_limits(RetryLimits::new().with_min_uptime(100 * MS))
        .start()
        .expect("starts");
    let mut events = ws.events();
    for _ in 0..3 {
        let seen = events_until(&mut events, "open").await;
        let retries: Vec<_> = seen.iter().filter(|l| l.starts_with("retry")).collect();
        assert!(retries.len() <= 1, "{seen:?}");
        if let Some(retry) = retries.first() {
            assert_eq!(*retry, "retry 1 in 20", "{seen:?}");
        }
    }
    ws.close().expect("not closed before");
}

#[wasm_bindgen_test]
async fn a_hanging_handshake_times_out_and_is_retried() {
    let tag = unique_tag("limits-timeout");
    let ws = WebSocket::builder(ws_url(&format!("/hang?tag={tag}")))
        .with_connect_timeout(150 * MS)
        .reconnecting()
        .with_backoff(crate::common::exact_backoff(20))
        .with_retry_limits(RetryLimits::new().with_max_retries(2))
        .start()
        .expect("starts");
    let mut events = ws.events();
    let mut timeouts = 0;
    loop {
        match events.next().await.expect("an event") {
            ConnectionEvent::AttemptFailed { error, .. } => {
                assert_eq!(
                    error,
                    AttemptError::Connect(Error::ConnectTimeout(150 * MS))
                );
                timeouts += 1;
            }
            ConnectionEvent::GaveUp(_) => break,
            ConnectionEvent::Open => panic!("a hanging handshake opened"),
            _ => {}
        }
    }
    assert_eq!(timeouts, 3, "the first attempt and two retries");
    crate::common::sleep(100 * MS).await;
    // Chromium sends each attempt's request. Firefox holds a new connection
    // to a host whose last one failed back for a while of its own, longer
    // than this timeout, so later attempts may time out before they leave
    // the browser. Never more requests than attempts, though.
    let upgrades = number(&stats(&tag).await, "upgrades");
    if crate::common::is_firefox() {
        assert!((1.0..=3.0).contains(&upgrades), "{upgrades} upgrades");
    } else {
        assert_eq!(upgrades, 3.0);
    }
}
