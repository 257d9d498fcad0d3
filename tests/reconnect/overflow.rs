//! The offline queue's overflow policies on a live socket: drop-oldest keeps
//! the newest messages, drop-newest the oldest, and what is kept arrives
//! once and in order after the reconnect.

use std::time::Duration;

use crate::common::{control, events_until, unique_tag};
use futures::StreamExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{OverflowPolicy, QueueConfig, SendOutcome};
use wasm_websocket::Message;

const MS: Duration = Duration::from_millis(1);

/// Queues a..e in a socket that cannot connect yet, with room for 3, then
/// lets it connect; returns the outcomes and what the server received.
async fn queue_five(policy: OverflowPolicy) -> (Vec<SendOutcome>, Vec<String>) {
    let tag = unique_tag("overflow");
    let (mut ws, mut events) = crate::common::start_refused(&tag, 50, |builder| {
        builder.with_queue(QueueConfig::new().with_capacity(3).with_overflow(policy))
    })
    .await;
    let outcomes = ["a", "b", "c", "d", "e"]
        .map(|text| ws.try_send(text))
        .to_vec();
    assert_eq!(ws.queued(), 3);
    control(&format!("refuse?ms=0&tag={tag}")).await;
    ws.reconnect();
    events_until(&mut events, "open").await;
    for _ in 0..3 {
        assert!(ws
            .next()
            .await
            .transpose()
            .expect("no message error")
            .is_some());
    }
    crate::common::sleep(50 * MS).await;
    let got = crate::common::received_texts(&tag).await;
    ws.close().expect("not closed before");
    (outcomes, got)
}

#[wasm_bindgen_test]
async fn drop_oldest_keeps_the_newest() {
    let (outcomes, got) = queue_five(OverflowPolicy::DropOldest).await;
    assert_eq!(
        outcomes,
        [
            SendOutcome::Queued,
            SendOutcome::Queued,
            SendOutcome::Queued,
            SendOutcome::QueuedDropping(vec![Message::text("a")]),
            SendOutcome::QueuedDropping(vec![Message::text("b")]),
        ]
    );
    assert_eq!(got, ["c", "d", "e"]);
}

#[wasm_bindgen_test]
async fn drop_newest_keeps_the_oldest() {
    let (outcomes, got) = queue_five(OverflowPolicy::DropNewest).await;
    assert_eq!(
        outcomes,
        [
            SendOutcome::Queued,
            SendOutcome::Queued,
            SendOutcome::Queued,
            SendOutcome::Dropped(Message::text("d")),
            SendOutcome::Dropped(Message::text("e")),
        ]
    );
    assert_eq!(got, ["a", "b", "c"]);
}
