//! A request that can never succeed (subprotocols the browser refuses, a
//! fixed URL that is not a WebSocket URL) is reported once, not retried
//! forever; a URL provider's bad URL is retried, since the next may differ.

use std::cell::Cell;
use std::rc::Rc;

use crate::common::{describe, events_until, ws_url};
use futures::StreamExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{
    AttemptError, ConnectionEvent, ConnectionState, ReconnectingWebSocket, StopReason,
};
use wasm_websocket::{Error, WebSocket};

/// Reads events up to and including the first `Stopped`, `GaveUp` or `Open`.
async fn events_until_settled(ws: &ReconnectingWebSocket) -> Vec<ConnectionEvent> {
    let mut events = ws.events();
    let mut seen = Vec::new();
    while let Some(event) = events.next().await {
        let settled = matches!(
            event,
            ConnectionEvent::Stopped(_) | ConnectionEvent::GaveUp(_) | ConnectionEvent::Open
        );
        seen.push(event);
        if settled {
            break;
        }
    }
    seen
}

#[wasm_bindgen_test]
fn invalid_subprotocols_are_refused_by_start() {
    for (protocols, expected) in [
        (vec!["chat v1"], Error::InvalidProtocol("chat v1".into())),
        (vec![""], Error::InvalidProtocol(String::new())),
        (vec!["a", "a"], Error::DuplicateProtocol("a".into())),
    ] {
        let started = WebSocket::builder(ws_url("/echo"))
            .with_protocols(protocols.clone())
            .reconnecting()
            .start();
        assert_eq!(started.err(), Some(expected), "{protocols:?}");
    }
}

#[wasm_bindgen_test]
async fn a_fixed_url_that_is_not_a_websocket_url_stops_after_one_attempt() {
    let ws = ReconnectingWebSocket::builder("ftp://127.0.0.1/echo")
        .with_backoff(crate::common::exact_backoff(10))
        .start()
        .expect("starts");
    let seen = events_until_settled(&ws).await;
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert_eq!(describe(&seen[0]), "connecting 0 after 0");
    match &seen[1] {
        ConnectionEvent::AttemptFailed {
            attempt: 0,
            error: AttemptError::Connect(Error::InvalidUrl { url, .. }),
        } => assert_eq!(url, "ftp://127.0.0.1/echo"),
        other => panic!("expected an invalid URL, got {other:?}"),
    }
    assert_eq!(
        seen[2],
        ConnectionEvent::Stopped(StopReason::InvalidRequest)
    );
    assert_eq!(ws.state(), ConnectionState::Stopped);
}

#[wasm_bindgen_test]
async fn a_providers_bad_url_is_retried_and_a_good_one_then_connects() {
    let calls = Rc::new(Cell::new(0u32));
    let counter = calls.clone();
    let ws = ReconnectingWebSocket::builder("unused")
        .with_backoff(crate::common::exact_backoff(10))
        .with_url_provider(move || {
            let call = counter.get();
            counter.set(call + 1);
            async move {
                Ok::<_, String>(if call < 2 {
                    "not a url".to_owned()
                } else {
                    ws_url("/echo")
                })
            }
        })
        .start()
        .expect("starts");
    let mut events = ws.events();
    let before = events_until(&mut events, "open").await;
    assert_eq!(
        before,
        [
            "connecting 0 after 0",
            "failed 0",
            "retry 1 in 10",
            "connecting 1 after 10",
            "failed 1",
            "retry 2 in 20",
            "connecting 2 after 20",
        ]
    );
    assert_eq!(calls.get(), 3);
    ws.close().expect("not closed before");
}
