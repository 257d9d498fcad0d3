//! The browser's `offline` event pauses retries (no attempt, one timer for
//! the longest wait) and `online` retries at once; an open connection is
//! left alone.

use std::time::Duration;

use crate::common::{control, dispatch_on_window, events_until, number, stats, unique_tag, ws_url};
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{ConnectionState, ReconnectingWebSocket, SendOutcome};

const MS: Duration = Duration::from_millis(1);

#[wasm_bindgen_test]
async fn offline_turns_a_pending_retry_into_a_wait_for_online() {
    let tag = unique_tag("reconnect-offline");
    let (ws, mut events) = crate::common::start_refused(&tag, 300, |builder| builder).await;
    dispatch_on_window("offline");
    assert_eq!(
        events_until(&mut events, "offline 1").await,
        Vec::<String>::new()
    );
    assert_eq!(ws.state(), ConnectionState::Offline);
    // Past the cancelled timer: no attempt.
    crate::common::sleep(600 * MS).await;
    assert_eq!(number(&stats(&tag).await, "upgrades"), 1.0);
    assert_eq!(ws.state(), ConnectionState::Offline);

    control(&format!("refuse?ms=0&tag={tag}")).await;
    dispatch_on_window("online");
    assert_eq!(
        events_until(&mut events, "open").await,
        ["resumed 1 Online", "connecting 1 after 0"]
    );
    assert_eq!(number(&stats(&tag).await, "upgrades"), 2.0);
    ws.close().expect("not closed before");
}

#[wasm_bindgen_test]
async fn a_connection_lost_while_offline_waits_for_online() {
    let tag = unique_tag("reconnect-offline-open");
    let ws = ReconnectingWebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_backoff(crate::common::exact_backoff(20))
        .start()
        .expect("starts");
    let mut events = ws.events();
    events_until(&mut events, "open").await;
    dispatch_on_window("offline");
    // Offline does not close an open connection.
    crate::common::sleep(50 * MS).await;
    assert_eq!(ws.state(), ConnectionState::Open);
    assert_eq!(ws.try_send("still here"), SendOutcome::Sent);

    control(&format!("drop?tag={tag}")).await;
    assert_eq!(
        events_until(&mut events, "offline 1").await,
        ["closed 1006"]
    );
    crate::common::sleep(200 * MS).await;
    assert_eq!(number(&stats(&tag).await, "upgrades"), 1.0);
    assert_eq!(ws.try_send("queued"), SendOutcome::Queued);

    dispatch_on_window("online");
    assert_eq!(
        events_until(&mut events, "open").await,
        ["resumed 1 Online", "connecting 1 after 0"]
    );
    assert_eq!(ws.queued(), 0);
    ws.close().expect("not closed before");
}

#[wasm_bindgen_test]
async fn reconnect_ends_a_wait_for_online() {
    let tag = unique_tag("reconnect-offline-force");
    let (ws, mut events) = crate::common::start_refused(&tag, 300, |builder| builder).await;
    dispatch_on_window("offline");
    events_until(&mut events, "offline 1").await;
    control(&format!("refuse?ms=0&tag={tag}")).await;
    ws.reconnect();
    assert_eq!(
        events_until(&mut events, "open").await,
        ["connecting 1 after 0"]
    );
    // Back online, as far as the next test in this page is concerned.
    dispatch_on_window("online");
    ws.close().expect("not closed before");
}

#[wasm_bindgen_test]
async fn with_the_trigger_off_offline_changes_nothing() {
    let tag = unique_tag("reconnect-offline-off");
    control(&format!("refuse?ms=250&tag={tag}")).await;
    let ws = ReconnectingWebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_backoff(crate::common::exact_backoff(300))
        .with_pause_while_offline(false)
        .start()
        .expect("starts");
    let mut events = ws.events();
    events_until(&mut events, "retry 1 in 300").await;
    dispatch_on_window("offline");
    assert_eq!(
        events_until(&mut events, "open").await,
        ["connecting 1 after 300"]
    );
    dispatch_on_window("online");
    ws.close().expect("not closed before");
}

/// `navigator.onLine` can be wrong: a retry waits for `online` at most
/// `max_offline_wait`, then tries anyway.
#[wasm_bindgen_test]
async fn the_wait_for_online_is_capped() {
    let tag = unique_tag("reconnect-offline-cap");
    let (ws, mut events) =
        crate::common::start_refused(&tag, 300, |builder| builder.with_max_offline_wait(200 * MS))
            .await;
    control(&format!("refuse?ms=0&tag={tag}")).await;
    dispatch_on_window("offline");
    assert_eq!(
        events_until(&mut events, "open").await,
        [
            "offline 1",
            "resumed 1 OfflineWaitOver",
            "connecting 1 after 0"
        ]
    );
    assert_eq!(number(&stats(&tag).await, "upgrades"), 2.0);
    ws.close().expect("not closed before");
}
