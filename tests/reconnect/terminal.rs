//! A close code the policy calls terminal stops the reconnecting.

use std::time::Duration;

use crate::common::{number, stats, unique_tag, ws_url};
use futures::StreamExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{
    ConnectionEvent, ConnectionState, ReconnectPolicy, ReconnectingWebSocket, StopReason,
};

const MS: Duration = Duration::from_millis(1);

#[wasm_bindgen_test]
async fn a_terminal_code_is_not_retried() {
    let tag = unique_tag("reconnect-terminal");
    let mut ws = ReconnectingWebSocket::builder(ws_url(&format!(
        "/close?code=4401&reason=unauthorized&tag={tag}"
    )))
    .with_backoff(crate::common::exact_backoff(50))
    .with_policy(ReconnectPolicy::new().with_terminal_codes([4401]))
    .start()
    .expect("starts");
    let mut events = ws.events();
    let mut seen = Vec::new();
    loop {
        let event = events.next().await.expect("an event");
        let stopped = matches!(event, ConnectionEvent::Stopped(_));
        seen.push(event);
        if stopped {
            break;
        }
    }
    assert_eq!(seen.len(), 4, "{seen:?}");
    assert_eq!(seen[1], ConnectionEvent::Open);
    match &seen[2] {
        ConnectionEvent::Closed(close) => {
            assert_eq!((close.code, close.reason.as_str()), (4401, "unauthorized"))
        }
        other => panic!("expected Closed, got {other:?}"),
    }
    assert_eq!(
        seen[3],
        ConnectionEvent::Stopped(StopReason::TerminalCode(4401))
    );
    assert_eq!(ws.state(), ConnectionState::Stopped);
    assert_eq!(ws.next().await.transpose().expect("no message error"), None);
    crate::common::sleep(300 * MS).await;
    assert_eq!(number(&stats(&tag).await, "upgrades"), 1.0);
}

#[wasm_bindgen_test]
async fn a_non_terminal_code_is_retried() {
    let tag = unique_tag("reconnect-nonterminal");
    let ws = ReconnectingWebSocket::builder(ws_url(&format!("/close?code=4000&tag={tag}")))
        .with_backoff(crate::common::exact_backoff(50))
        .with_policy(ReconnectPolicy::new().with_terminal_codes([4401]))
        .start()
        .expect("starts");
    let mut events = ws.events();
    let mut opens = 0;
    while opens < 2 {
        if events.next().await == Some(ConnectionEvent::Open) {
            opens += 1;
        }
    }
    ws.close().expect("not closed before");
    assert!(number(&stats(&tag).await, "accepted") >= 2.0);
}
