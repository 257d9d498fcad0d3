//! Messages sent while offline are queued and arrive once and in order after
//! the reconnect, after what the `on_open` hook sends.

use std::time::Duration;

use crate::common::{control, unique_tag, ws_url};
use futures::StreamExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{
    ConnectionEvent, QueueConfig, ReconnectingWebSocket, RejectReason, Rejection, SendOutcome,
};
use wasm_websocket::Message;

const MS: Duration = Duration::from_millis(1);

#[wasm_bindgen_test]
async fn queued_messages_follow_the_hook_once_and_in_order() {
    let tag = unique_tag("reconnect-queue");
    control(&format!("refuse?ms=200&tag={tag}")).await;
    let mut ws = ReconnectingWebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_backoff(crate::common::exact_backoff(100))
        .with_queue(QueueConfig::new().with_capacity(3))
        .with_on_open(|socket| socket.try_send("hook").expect("open"))
        .start()
        .expect("starts");
    let mut events = ws.events();
    for text in ["q1", "q2", "q3"] {
        assert_eq!(ws.try_send(text), SendOutcome::Queued);
    }
    assert_eq!(
        ws.try_send("q4"),
        SendOutcome::Rejected(Message::text("q4"), Rejection::Queue(RejectReason::Full))
    );
    assert_eq!(ws.queued(), 3);
    while events.next().await != Some(ConnectionEvent::Open) {}
    assert_eq!(ws.queued(), 0);
    assert_eq!(ws.try_send("live"), SendOutcome::Sent);
    let mut echoed = Vec::new();
    for _ in 0..5 {
        echoed.push(
            ws.next()
                .await
                .transpose()
                .expect("no message error")
                .expect("a message"),
        );
    }
    assert_eq!(
        echoed,
        ["hook", "q1", "q2", "q3", "live"].map(Message::text)
    );

    control(&format!("drop?tag={tag}")).await;
    while !matches!(events.next().await, Some(ConnectionEvent::Closed(_))) {}
    assert_eq!(ws.try_send("q5"), SendOutcome::Queued);
    assert_eq!(ws.try_send("q6"), SendOutcome::Queued);
    while events.next().await != Some(ConnectionEvent::Open) {}
    for text in ["hook", "q5", "q6"] {
        assert_eq!(
            ws.next().await.transpose().expect("no message error"),
            Some(Message::text(text))
        );
    }
    crate::common::sleep(50 * MS).await;
    assert_eq!(
        crate::common::received_texts(&tag).await,
        ["hook", "q1", "q2", "q3", "live", "hook", "q5", "q6"]
    );
}
