//! After the retry limit the helper gives up (an event, the state, the end
//! of the message stream), and `reconnect()` brings it back.

use std::time::Duration;

use crate::common::{control, number, stats, unique_tag, ws_url};
use futures::StreamExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{
    ConnectionEvent, ConnectionState, GiveUpReason, ReconnectingWebSocket, RetryLimits, SendOutcome,
};
use wasm_websocket::Message;

const MS: Duration = Duration::from_millis(1);

#[wasm_bindgen_test]
async fn gives_up_after_max_retries_and_reconnect_revives() {
    let tag = unique_tag("reconnect-give-up");
    control(&format!("refuse?ms=60000&tag={tag}")).await;
    let mut ws = ReconnectingWebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_backoff(crate::common::exact_backoff(50).with_factor(1.0))
        .with_retry_limits(RetryLimits::new().with_max_retries(2))
        .start()
        .expect("starts");
    let mut events = ws.events();
    let mut failures = 0;
    loop {
        match events.next().await.expect("an event") {
            ConnectionEvent::AttemptFailed { .. } => failures += 1,
            ConnectionEvent::GaveUp(reason) => {
                assert_eq!(reason, GiveUpReason::MaxRetries);
                break;
            }
            ConnectionEvent::Open => panic!("opened inside the refuse window"),
            _ => {}
        }
    }
    assert_eq!(failures, 3, "the first attempt and two retries");
    assert_eq!(ws.state(), ConnectionState::GaveUp);
    assert_eq!(
        ws.next().await.transpose().expect("no message error"),
        None,
        "the message stream ends on giving up"
    );
    crate::common::sleep(200 * MS).await;
    let counters = stats(&tag).await;
    assert_eq!(
        number(&counters, "upgrades"),
        3.0,
        "no attempt after giving up"
    );
    assert_eq!(ws.try_send("kept"), SendOutcome::Queued);

    control(&format!("refuse?ms=0&tag={tag}")).await;
    ws.reconnect();
    assert_eq!(
        events.next().await,
        Some(ConnectionEvent::Connecting {
            attempt: 0,
            delay: Duration::ZERO
        })
    );
    assert_eq!(events.next().await, Some(ConnectionEvent::Open));
    assert_eq!(
        ws.next().await.transpose().expect("no message error"),
        Some(Message::text("kept"))
    );
}
