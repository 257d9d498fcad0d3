//! The reconnecting socket speaks the crate's vocabulary: `send().await`
//! waits for room and `try_send` answers at once, `drained()` waits until
//! everything queued has left, the `Sink` has the same backpressure, a late
//! subscriber learns the current state, `close` twice is an error, closing
//! through the `Sink` waits for the close handshake, and a stream that has
//! ended stays ended until `reconnect`.

use std::time::Duration;

use crate::common::{control, received_texts, unique_tag, ws_url};
use futures::stream::FusedStream;
use futures::{select, FutureExt, SinkExt, StreamExt};
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{
    ConnectionEvent, QueueConfig, ReconnectingWebSocket, RejectReason, Rejection, RetryLimits,
    SendOutcome,
};
use wasm_websocket::{Error, Message};

const MS: Duration = Duration::from_millis(1);

#[wasm_bindgen_test]
async fn send_waits_for_room_in_a_full_queue_and_goes_out_after_the_reconnect() {
    let tag = unique_tag("send-waits");
    let (ws, mut events) = crate::common::start_refused(&tag, 50, |builder| {
        builder.with_queue(QueueConfig::new().with_capacity(1))
    })
    .await;
    assert_eq!(ws.send("first").await, SendOutcome::Queued);
    // The queue is full: try_send is refused at once, send waits.
    assert_eq!(
        ws.try_send("refused"),
        SendOutcome::Rejected(
            Message::text("refused"),
            Rejection::Queue(RejectReason::Full)
        )
    );
    let mut second = Box::pin(ws.send("second").fuse());
    select! {
        _ = second => panic!("a full queue makes send wait"),
        _ = crate::common::sleep(150 * MS).fuse() => {}
    }
    control(&format!("refuse?ms=0&tag={tag}")).await;
    // The queue empties on the open; the waiting send then goes straight out.
    assert_eq!(second.await, SendOutcome::Sent);
    while events.next().await != Some(ConnectionEvent::Open) {}
    ws.drained().await.expect("everything left");
    crate::common::sleep(50 * MS).await;
    assert_eq!(received_texts(&tag).await, ["first", "second"]);
    ws.close().expect("open until now");
}

#[wasm_bindgen_test]
async fn drained_waits_for_the_queue_and_fails_when_nothing_will_take_it() {
    let tag = unique_tag("drained");
    let (ws, _events) = crate::common::start_refused(&tag, 50, |builder| {
        builder.with_retry_limits(RetryLimits::new().with_max_retries(1))
    })
    .await;
    assert_eq!(ws.try_send("stuck"), SendOutcome::Queued);
    // Retries run out with the message still queued: it will never leave.
    assert_eq!(ws.drained().await, Err(Error::Unsent { bytes: 5 }));
    control(&format!("refuse?ms=0&tag={tag}")).await;
    ws.reconnect();
    ws.drained().await.expect("sent after the reconnect");
    assert_eq!(ws.queued(), 0);
    ws.close().expect("open until now");
}

#[wasm_bindgen_test]
async fn the_sink_forwards_a_stream_and_refuses_after_close() {
    let tag = unique_tag("reconnect-sink");
    let mut ws = ReconnectingWebSocket::start(ws_url(&format!("/echo?tag={tag}"))).expect("starts");
    let mut items = futures::stream::iter((0..50).map(|n| Ok(Message::text(format!("a{n}")))));
    ws.send_all(&mut items).await.expect("all sent");
    for n in 0..50 {
        assert_eq!(
            ws.next().await.transpose().expect("no message error"),
            Some(Message::text(format!("a{n}")))
        );
    }
    // `forward` closes the sink once the stream ends: for good, here.
    let items = futures::stream::iter((0..50).map(|n| Ok(Message::text(format!("f{n}")))));
    items
        .forward(ws.sender())
        .await
        .expect("forwarded, then closed");
    assert_eq!(
        ws.state(),
        wasm_websocket::reconnect::ConnectionState::Closed
    );
    // Closing through the `Sink` waited for the close handshake, as the
    // plain socket's does: the server has seen the close already.
    let counters = crate::common::stats(&tag).await;
    assert_eq!(crate::common::number(&counters, "open"), 0.0);
    ws.drained().await.expect("nothing was left behind");
    let mut sender = ws.sender();
    assert_eq!(
        SinkExt::close(&mut sender).await,
        Ok(()),
        "closing a closed sink is done at once"
    );
    assert_eq!(
        SinkExt::send(&mut ws, Message::text("late")).await,
        Err(Error::AlreadyClosed)
    );
    assert_eq!(ws.close(), Err(Error::AlreadyClosed));
    crate::common::sleep(50 * MS).await;
    assert_eq!(received_texts(&tag).await.len(), 100);
}

#[wasm_bindgen_test]
async fn a_late_subscriber_learns_the_current_state_first() {
    let ws = ReconnectingWebSocket::start(ws_url("/echo")).expect("starts");
    let mut early = ws.events();
    while early.next().await != Some(ConnectionEvent::Open) {}
    let mut late = ws.events();
    assert_eq!(late.next().await, Some(ConnectionEvent::Open));
    ws.close().expect("open until now");
    let rest: Vec<_> = late.collect().await;
    assert!(
        matches!(rest.last(), Some(ConnectionEvent::Stopped(_))),
        "{rest:?}"
    );
}

#[wasm_bindgen_test]
async fn an_ended_stream_stays_ended_until_reconnect() {
    let tag = unique_tag("fused");
    control(&format!("refuse?ms=60000&tag={tag}")).await;
    let mut ws = ReconnectingWebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_backoff(crate::common::exact_backoff(20))
        .with_retry_limits(RetryLimits::new().with_max_retries(1))
        .start()
        .expect("starts");
    let mut events = ws.events();
    assert_eq!(ws.next().await.transpose().expect("no error"), None);
    assert!(ws.is_terminated());
    // `select!` skips a terminated stream instead of polling it again.
    select! {
        _ = ws.next() => panic!("a terminated stream is not polled"),
        complete => {}
    }
    assert_eq!(ws.next().await.transpose().expect("no error"), None);
    control(&format!("refuse?ms=0&tag={tag}")).await;
    ws.reconnect();
    assert!(!ws.is_terminated(), "reconnect starts it again");
    while events.next().await != Some(ConnectionEvent::Open) {}
    assert_eq!(ws.send("back").await, SendOutcome::Sent);
    assert_eq!(
        ws.next().await.transpose().expect("no error"),
        Some(Message::text("back"))
    );
    ws.close().expect("open until now");
    assert_eq!(ws.next().await.transpose().expect("no error"), None);
    assert!(ws.is_terminated());
}
