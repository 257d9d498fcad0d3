//! The page becoming visible starts a retry that waits for its timer at
//! once, unless that trigger is turned off.

use std::time::Duration;

use crate::common::{control, dispatch_on_document, events_until, number, stats, unique_tag};
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::ConnectionState;

const MS: Duration = Duration::from_millis(1);

fn page_is_visible() -> bool {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .expect("a document");
    document.visibility_state() == web_sys::VisibilityState::Visible
}

#[wasm_bindgen_test]
async fn becoming_visible_skips_the_backoff_wait() {
    assert!(page_is_visible(), "the test page is visible");
    let tag = unique_tag("reconnect-visible");
    let (ws, mut events) = crate::common::start_refused(&tag, 30_000, |builder| builder).await;
    control(&format!("refuse?ms=0&tag={tag}")).await;
    dispatch_on_document("visibilitychange");
    assert_eq!(
        events_until(&mut events, "open").await,
        ["resumed 1 Visible", "connecting 1 after 0"]
    );
    ws.close().expect("not closed before");
}

#[wasm_bindgen_test]
async fn with_the_trigger_off_the_timer_is_waited_for() {
    let tag = unique_tag("reconnect-visible-off");
    let (ws, _events) = crate::common::start_refused(&tag, 30_000, |builder| {
        builder.with_retry_when_visible(false)
    })
    .await;
    dispatch_on_document("visibilitychange");
    crate::common::sleep(300 * MS).await;
    assert_eq!(ws.state(), ConnectionState::Waiting);
    assert_eq!(number(&stats(&tag).await, "upgrades"), 1.0);
    ws.close().expect("not closed before");
}
