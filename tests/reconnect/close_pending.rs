//! `close()` while a retry timer is pending: the timer is cancelled and no
//! further attempt reaches the server; messages still queued are handed
//! back in `Unsent`, not dropped.

use std::time::Duration;

use crate::common::{control, number, stats, unique_tag, ws_url};
use futures::StreamExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{
    ConnectionEvent, ConnectionState, ReconnectingWebSocket, Rejection, SendOutcome, StopReason,
};
use wasm_websocket::Message;

const MS: Duration = Duration::from_millis(1);

#[wasm_bindgen_test]
async fn close_during_backoff_stops_every_further_attempt() {
    let tag = unique_tag("reconnect-close-pending");
    control(&format!("refuse?ms=5000&tag={tag}")).await;
    let mut ws = ReconnectingWebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_backoff(crate::common::exact_backoff(300))
        .start()
        .expect("starts");
    let mut events = ws.events();
    loop {
        if let ConnectionEvent::Reconnecting { attempt, delay } =
            events.next().await.expect("an event")
        {
            assert_eq!((attempt, delay), (1, 300 * MS));
            break;
        }
    }
    ws.close().expect("not closed before");
    assert_eq!(ws.state(), ConnectionState::Closed);
    assert_eq!(
        ws.try_send("late"),
        SendOutcome::Rejected(Message::text("late"), Rejection::Closed)
    );
    assert_eq!(
        events.next().await,
        Some(ConnectionEvent::Stopped(StopReason::ClosedByUser))
    );
    assert_eq!(events.next().await, None);
    assert_eq!(ws.next().await.transpose().expect("no message error"), None);

    crate::common::sleep(600 * MS).await;
    let counters = stats(&tag).await;
    assert_eq!(number(&counters, "upgrades"), 1.0, "only the first attempt");
    control(&format!("refuse?ms=0&tag={tag}")).await;
    ws.reconnect();
    crate::common::sleep(200 * MS).await;
    assert_eq!(
        number(&stats(&tag).await, "upgrades"),
        1.0,
        "reconnect after close does nothing"
    );
}

#[wasm_bindgen_test]
async fn close_of_an_open_connection_is_not_followed_by_a_reconnect() {
    let tag = unique_tag("reconnect-close-open");
    let ws = ReconnectingWebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_backoff(crate::common::exact_backoff(50))
        .start()
        .expect("starts");
    let mut events = ws.events();
    while events.next().await != Some(ConnectionEvent::Open) {}
    ws.close_with(4000, "bye").expect("a valid code");
    crate::common::sleep(300 * MS).await;
    let counters = stats(&tag).await;
    assert_eq!(number(&counters, "accepted"), 1.0);
    assert_eq!(number(&counters, "open"), 0.0);
    let closes = crate::common::field(&counters, "closes");
    let last = js_sys::Array::from(&closes).pop();
    assert_eq!(number(&last, "code"), 4000.0);
}

/// A socket whose server refuses it (its first retry is scheduled), with
/// `messages` queued.
async fn queued_while_refused(
    name: &str,
    messages: &[Message],
) -> (
    ReconnectingWebSocket,
    wasm_websocket::reconnect::ConnectionEvents,
) {
    let (ws, events) =
        crate::common::start_refused(&unique_tag(name), 300, |builder| builder).await;
    for message in messages {
        assert_eq!(ws.try_send(message.clone()), SendOutcome::Queued);
    }
    assert_eq!(ws.queued(), messages.len());
    (ws, events)
}

#[wasm_bindgen_test]
async fn close_hands_back_the_messages_still_queued_before_stopped() {
    let messages = [Message::text("first"), Message::binary(vec![1, 2, 3])];
    let (ws, events) = queued_while_refused("reconnect-close-unsent", &messages).await;
    ws.close().expect("not closed before");
    let rest: Vec<_> = events.collect().await;
    assert_eq!(ws.queued(), 0, "handed back, not kept");
    assert_eq!(
        rest,
        [
            ConnectionEvent::Unsent(messages.to_vec()),
            ConnectionEvent::Stopped(StopReason::ClosedByUser),
        ]
    );
}

#[wasm_bindgen_test]
async fn dropping_the_last_handle_hands_back_the_queue_too() {
    let messages = [Message::text("only")];
    let (ws, events) = queued_while_refused("reconnect-drop-unsent", &messages).await;
    drop(ws);
    let rest: Vec<_> = events.collect().await;
    assert!(
        rest.contains(&ConnectionEvent::Unsent(messages.to_vec())),
        "no Unsent event in {rest:?}"
    );
}

#[wasm_bindgen_test]
async fn close_with_nothing_queued_emits_no_unsent_event() {
    let (ws, events) = queued_while_refused("reconnect-close-empty", &[]).await;
    ws.close().expect("not closed before");
    let rest: Vec<_> = events.collect().await;
    assert_eq!(
        rest.last(),
        Some(&ConnectionEvent::Stopped(StopReason::ClosedByUser))
    );
    assert!(
        !rest
            .iter()
            .any(|event| matches!(event, ConnectionEvent::Unsent(_))),
        "{rest:?}"
    );
}

/// `drained()` and the `Unsent` event tell one story, whenever `drained()`
/// is asked: before the close, right after it, or once the socket's task
/// has run.
#[wasm_bindgen_test]
async fn drained_after_close_reports_the_messages_that_never_left() {
    use wasm_websocket::Error;

    let messages = [
        Message::text("one"),
        Message::text("two"),
        Message::text("six"),
    ];
    let (ws, _events) = queued_while_refused("reconnect-close-drained", &messages).await;
    let before = ws.drained();
    ws.close().expect("not closed before");
    let right_after = ws.drained();
    crate::common::sleep(50 * MS).await;
    let later = ws.drained();
    let unsent = Err(Error::Unsent { bytes: 9 });
    assert_eq!(before.await, unsent, "asked before the close");
    assert_eq!(right_after.await, unsent, "asked right after it");
    assert_eq!(later.await, unsent, "asked once the task had run");
}
