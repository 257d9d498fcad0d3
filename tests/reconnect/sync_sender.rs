//! The `Send + Sync` sender: its sends keep their order, answer with the
//! real outcome (queued before the open, sent after, handed back after
//! `close`), a send waiting for room holds up neither `try_send` nor
//! `close`, sends nobody awaits stay within the queue's limits (the rest
//! handed back, none lost), and it does not keep the connection alive once
//! the socket's own handle is gone.

use std::future::Future;
use std::time::Duration;

use crate::common::{control, events_until, field, number, stats, unique_tag, ws_url};
use futures::StreamExt;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{
    ReconnectingWebSocket, Rejection, SendOutcome, SyncReconnectingSender,
};
use wasm_websocket::Message;

const MS: Duration = Duration::from_millis(1);

/// Only compiles for futures a multi-threaded executor could run.
fn require_send<F: Future + Send>(future: F) -> F {
    future
}

#[wasm_bindgen_test]
async fn sends_are_answered_in_order_and_handed_back_after_close() {
    let tag = unique_tag("sync-sender");
    let mut ws = ReconnectingWebSocket::start(ws_url(&format!("/echo?tag={tag}"))).expect("starts");
    let sender: SyncReconnectingSender = ws.sync_sender();
    let mut events = ws.events();
    assert_eq!(
        require_send(sender.clone().send("early")).await,
        SendOutcome::Queued
    );
    events_until(&mut events, "open").await;
    for n in 0..20 {
        let outcome = sender.send(format!("s{n}"));
        if n == 10 {
            // The main handle answers at once; this one after a task hop.
            assert_eq!(ws.try_send("main"), SendOutcome::Sent);
        }
        assert_eq!(outcome.await, SendOutcome::Sent);
    }
    let mut echoed = Vec::new();
    for _ in 0..22 {
        echoed.push(
            ws.next()
                .await
                .transpose()
                .expect("no message error")
                .expect("an echo"),
        );
    }
    let mut expected = vec![Message::text("early")];
    expected.extend((0..10).map(|n| Message::text(format!("s{n}"))));
    expected.push(Message::text("main"));
    expected.extend((10..20).map(|n| Message::text(format!("s{n}"))));
    assert_eq!(echoed, expected);

    ws.close().expect("not closed before");
    assert_eq!(
        sender.send("late").await,
        SendOutcome::Rejected(Message::text("late"), Rejection::Closed)
    );
}

#[wasm_bindgen_test]
async fn it_does_not_keep_the_connection_alive() {
    let tag = unique_tag("sync-sender-alive");
    let ws = ReconnectingWebSocket::start(ws_url(&format!("/echo?tag={tag}"))).expect("starts");
    let sender = ws.sync_sender();
    let mut events = ws.events();
    events_until(&mut events, "open").await;
    assert_eq!(sender.send("before").await, SendOutcome::Sent);
    drop(events);
    drop(ws);
    crate::common::sleep(200 * MS).await;
    let counters = stats(&tag).await;
    assert_eq!(number(&counters, "open"), 0.0, "closed: {counters:?}");
    let closes = js_sys::Array::from(&field(&counters, "closes"));
    let close: JsValue = closes.get(0);
    assert_eq!(number(&close, "code"), 1000.0);
    assert_eq!(
        sender.send("after").await,
        SendOutcome::Rejected(Message::text("after"), Rejection::Closed)
    );
    let received = control(&format!("received?tag={tag}")).await;
    assert_eq!(js_sys::Array::from(&received).length(), 1);
}

#[wasm_bindgen_test]
async fn it_can_close_the_socket_after_what_it_sent() {
    let tag = unique_tag("sync-sender-close");
    let ws = ReconnectingWebSocket::start(ws_url(&format!("/echo?tag={tag}"))).expect("starts");
    let sender = ws.sync_sender();
    let mut events = ws.events();
    events_until(&mut events, "open").await;
    let last = sender.send("last words");
    assert!(
        sender.close_with(1001, "").is_err(),
        "1001 is not for browsers"
    );
    sender.close_with(4000, "leaving").expect("a valid close");
    assert_eq!(last.await, SendOutcome::Sent);
    crate::common::sleep(200 * MS).await;
    assert_eq!(
        ws.state(),
        wasm_websocket::reconnect::ConnectionState::Closed
    );
    let counters = stats(&tag).await;
    let close: JsValue = js_sys::Array::from(&field(&counters, "closes")).get(0);
    assert_eq!(number(&close, "code"), 4000.0);
    assert_eq!(
        field(&close, "reason").as_string().as_deref(),
        Some("leaving")
    );
    assert_eq!(crate::common::received_texts(&tag).await, ["last words"]);
}

#[wasm_bindgen_test]
async fn try_send_answers_a_full_queue_at_once_where_send_waits() {
    use futures::FutureExt;
    use wasm_websocket::reconnect::{QueueConfig, RejectReason};

    let tag = unique_tag("sync-try-send");
    let (ws, _events) = crate::common::start_refused(&tag, 50, |builder| {
        builder.with_queue(QueueConfig::new().with_capacity(1))
    })
    .await;
    let sender = ws.sync_sender();
    assert_eq!(sender.try_send("first").await, SendOutcome::Queued);
    assert_eq!(
        sender.try_send("second").await,
        SendOutcome::Rejected(
            Message::text("second"),
            Rejection::Queue(RejectReason::Full)
        )
    );
    let mut waiting = Box::pin(sender.send("third").fuse());
    futures::select! {
        _ = waiting => panic!("send waits for room in a full queue"),
        _ = crate::common::sleep(100 * MS).fuse() => {}
    }
    control(&format!("refuse?ms=0&tag={tag}")).await;
    assert_eq!(waiting.await, SendOutcome::Sent);
    ws.close().expect("not closed before");
}

/// Waits at most `limit` for `future`; `None` if it had not resolved.
async fn within<F: Future + Unpin>(limit: Duration, future: F) -> Option<F::Output> {
    use futures::FutureExt;
    futures::select! {
        output = future.fuse() => Some(output),
        _ = crate::common::sleep(limit).fuse() => None,
    }
}

#[wasm_bindgen_test]
async fn a_waiting_send_holds_up_neither_try_send_nor_close() {
    use futures::FutureExt;
    use wasm_websocket::reconnect::{QueueConfig, RejectReason};

    let tag = unique_tag("sync-waiting");
    // A retry every 50 ms while the server refuses.
    let (ws, _events) = crate::common::start_refused(&tag, 50, |builder| {
        builder
            .with_backoff(crate::common::exact_backoff(50).with_factor(1.0))
            .with_queue(QueueConfig::new().with_capacity(2))
    })
    .await;
    let sender = ws.sync_sender();
    assert_eq!(sender.send("first").await, SendOutcome::Queued);
    assert_eq!(sender.send("second").await, SendOutcome::Queued);
    let mut third = sender.send("third").fuse();
    assert_eq!(
        within(100 * MS, &mut third).await,
        None,
        "a full queue makes send wait"
    );

    let asked = js_sys::Date::now();
    let fourth = within(100 * MS, sender.clone().try_send("fourth")).await;
    wasm_bindgen_test::console_log!(
        "try_send answered in {} ms while a send waited",
        js_sys::Date::now() - asked
    );
    assert_eq!(
        fourth,
        Some(SendOutcome::Rejected(
            Message::text("fourth"),
            Rejection::Queue(RejectReason::Full)
        )),
        "try_send is answered at once while a send waits"
    );

    sender.close().expect("not closed before");
    assert_eq!(
        within(100 * MS, &mut third).await,
        Some(SendOutcome::Rejected(
            Message::text("third"),
            Rejection::Closed
        )),
        "the waiting send is handed back at once"
    );
    assert_eq!(
        ws.state(),
        wasm_websocket::reconnect::ConnectionState::Closed
    );
    assert_eq!(sender.close(), Err(wasm_websocket::Error::AlreadyClosed));
    // An attempt under way when the close came may still reach the server.
    crate::common::sleep(100 * MS).await;
    let upgrades = number(&stats(&tag).await, "upgrades");
    crate::common::sleep(500 * MS).await;
    assert_eq!(
        number(&stats(&tag).await, "upgrades"),
        upgrades,
        "no retry after the close"
    );
    assert_eq!(ws.queued(), 0, "the queue was handed back on close");
}

#[wasm_bindgen_test]
async fn unawaited_sends_are_bounded_and_none_is_lost() {
    use futures::FutureExt;
    use wasm_websocket::reconnect::{QueueConfig, RejectReason};

    const COUNT: u32 = 1000;
    const SIZE: usize = 1024;
    const CAPACITY: usize = 100;
    let tag = unique_tag("sync-unawaited");
    let (ws, mut events) = crate::common::start_refused(&tag, 50, |builder| {
        builder.with_queue(
            QueueConfig::new()
                .with_capacity(CAPACITY)
                .with_max_bytes(1 << 20),
        )
    })
    .await;
    let sender = ws.sync_sender();
    // Fire and forget, as a caller that never awaits would; the answers
    // are kept only to be looked at afterwards.
    let mut answers: Vec<_> = (0..COUNT)
        .map(|k| sender.send(crate::common::burst_text(k, SIZE)))
        .collect();
    crate::common::sleep(100 * MS).await;

    let mut queued = Vec::new();
    let mut waiting = Vec::new();
    let mut handed_back = 0;
    for (k, answer) in (0..COUNT).zip(&mut answers) {
        match answer.now_or_never() {
            Some(SendOutcome::Queued) => queued.push(k),
            None => waiting.push(k),
            Some(SendOutcome::Rejected(message, Rejection::Queue(RejectReason::Full))) => {
                assert_eq!(
                    message,
                    Message::text(crate::common::burst_text(k, SIZE)),
                    "send {k} hands back its own message"
                );
                handed_back += 1;
            }
            Some(other) => panic!("send {k}: {other:?}"),
        }
    }
    assert!(
        queued.len() <= CAPACITY && waiting.len() <= CAPACITY,
        "{} queued and {} waiting: at most {CAPACITY} each",
        queued.len(),
        waiting.len()
    );
    assert_eq!(queued.len() + waiting.len() + handed_back, COUNT as usize);
    wasm_bindgen_test::console_log!(
        "{} queued, {} waiting, {handed_back} handed back",
        queued.len(),
        waiting.len()
    );
    assert_eq!(ws.queued(), queued.len());

    control(&format!("refuse?ms=0&tag={tag}")).await;
    ws.reconnect();
    events_until(&mut events, "open").await;
    let mut accepted = queued;
    for (k, answer) in (0..COUNT).zip(answers) {
        if waiting.contains(&k) {
            let outcome = answer.await;
            assert!(outcome.is_accepted(), "send {k}: {outcome:?}");
            accepted.push(k);
        }
    }
    accepted.sort_unstable();

    // Exactly the accepted ones arrive, in the order they were given.
    let expected: Vec<String> = accepted
        .iter()
        .map(|&k| crate::common::burst_text(k, SIZE))
        .collect();
    let mut arrived = Vec::new();
    for _ in 0..100 {
        let list = control(&format!("received?tag={tag}&limit=1000")).await;
        arrived = js_sys::Array::from(&list)
            .iter()
            .map(|entry| field(&entry, "data").as_string().expect("text"))
            .collect::<Vec<_>>();
        if arrived.len() >= expected.len() {
            break;
        }
        crate::common::sleep(50 * MS).await;
    }
    assert_eq!(arrived.len(), expected.len());
    assert!(arrived == expected, "the accepted messages arrive in order");
    ws.close().expect("not closed before");
}
