//! The server drops the connection: the helper reconnects after the backoff
//! delay, and the same handle keeps sending and receiving.

use std::time::Duration;

use crate::common::{control, number, stats, unique_tag, ws_url};
use futures::StreamExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{
    ConnectionEvent, ConnectionEvents, ConnectionState, ReconnectingWebSocket, SendOutcome,
};
use wasm_websocket::Message;

const MS: Duration = Duration::from_millis(1);

async fn next_event(events: &mut ConnectionEvents) -> ConnectionEvent {
    events.next().await.expect("an event")
}

#[wasm_bindgen_test]
async fn a_dropped_connection_comes_back_and_the_stream_goes_on() {
    let tag = unique_tag("reconnect-drop");
    let mut ws = ReconnectingWebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_backoff(crate::common::exact_backoff(50))
        .start()
        .expect("starts");
    let mut events = ws.events();
    assert_eq!(
        next_event(&mut events).await,
        ConnectionEvent::Connecting {
            attempt: 0,
            delay: Duration::ZERO
        }
    );
    assert_eq!(next_event(&mut events).await, ConnectionEvent::Open);
    assert_eq!(ws.state(), ConnectionState::Open);
    assert_eq!(ws.try_send("one"), SendOutcome::Sent);
    assert_eq!(
        ws.next().await.transpose().expect("no message error"),
        Some(Message::text("one"))
    );

    control(&format!("drop?tag={tag}")).await;
    match next_event(&mut events).await {
        ConnectionEvent::Closed(close) => assert_eq!((close.code, close.was_clean), (1006, false)),
        other => panic!("expected Closed, got {other:?}"),
    }
    assert_eq!(
        next_event(&mut events).await,
        ConnectionEvent::Reconnecting {
            attempt: 1,
            delay: 50 * MS
        }
    );
    assert_eq!(ws.state(), ConnectionState::Waiting);
    assert_eq!(
        next_event(&mut events).await,
        ConnectionEvent::Connecting {
            attempt: 1,
            delay: 50 * MS
        }
    );
    assert_eq!(next_event(&mut events).await, ConnectionEvent::Open);
    assert_eq!(ws.try_send("two"), SendOutcome::Sent);
    assert_eq!(
        ws.next().await.transpose().expect("no message error"),
        Some(Message::text("two"))
    );

    let counters = stats(&tag).await;
    assert_eq!(number(&counters, "accepted"), 2.0);
    assert_eq!(number(&counters, "upgrades"), 2.0);

    ws.close().expect("not closed before");
    assert_eq!(
        ws.next().await.transpose().expect("no message error"),
        None,
        "the stream ends after close"
    );
}

#[wasm_bindgen_test]
async fn dropping_the_handle_closes_the_socket_and_ends_the_events() {
    let tag = unique_tag("reconnect-drop-handle");
    let ws = ReconnectingWebSocket::start(ws_url(&format!("/echo?tag={tag}"))).expect("starts");
    let mut events = ws.events();
    while next_event(&mut events).await != ConnectionEvent::Open {}
    drop(ws);
    let mut rest = Vec::new();
    while let Some(event) = events.next().await {
        rest.push(event);
    }
    assert_eq!(
        rest,
        [ConnectionEvent::Stopped(
            wasm_websocket::reconnect::StopReason::ClosedByUser
        )]
    );
    crate::common::sleep(200 * MS).await;
    let counters = stats(&tag).await;
    assert_eq!(number(&counters, "open"), 0.0);
    assert_eq!(number(&counters, "accepted"), 1.0);
}

/// A sender kept inside an option's closure (here the `on_open` hook, the
/// usual way to reach the socket from there) must not keep the connection
/// alive: dropping the socket's handle still closes it.
#[wasm_bindgen_test]
async fn a_sender_captured_in_a_hook_does_not_keep_it_open() {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_websocket::reconnect::ReconnectingSender;

    let tag = unique_tag("reconnect-drop-cycle");
    let slot: Rc<RefCell<Option<ReconnectingSender>>> = Rc::default();
    let in_hook = slot.clone();
    let ws = ReconnectingWebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_on_open(move |_| {
            if let Some(sender) = &*in_hook.borrow() {
                let _ = sender.try_send("from the hook");
            }
        })
        .with_url_provider({
            let captured = slot.clone();
            let url = ws_url(&format!("/echo?tag={tag}"));
            move || {
                // Captured by the provider too: still no cycle.
                let _alive = captured.borrow().is_some();
                let url = url.clone();
                async move { Ok::<_, String>(url) }
            }
        })
        .start()
        .expect("starts");
    *slot.borrow_mut() = Some(ws.sender());
    let mut events = ws.events();
    while next_event(&mut events).await != ConnectionEvent::Open {}
    drop(ws);
    let rest: Vec<_> = events.collect().await;
    assert_eq!(
        rest.last(),
        Some(&ConnectionEvent::Stopped(
            wasm_websocket::reconnect::StopReason::ClosedByUser
        ))
    );
    crate::common::sleep(200 * MS).await;
    assert_eq!(number(&stats(&tag).await, "open"), 0.0);
    // The captured sender is still usable, and says the socket is gone.
    let sender = slot.borrow_mut().take().expect("still there");
    assert!(!sender.try_send("late").is_accepted());
}
