//! The URL provider is asked before every attempt; an error from it counts
//! as a failed attempt and is retried, it does not stall the helper.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use crate::common::{control, events_until, number, stats, unique_tag, ws_url};
use futures::StreamExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{AttemptError, ConnectionEvent, ReconnectingWebSocket};

const MS: Duration = Duration::from_millis(1);

#[wasm_bindgen_test]
async fn the_provider_is_called_per_attempt_and_its_errors_are_retried() {
    let tag = unique_tag("reconnect-url");
    let calls = Rc::new(Cell::new(0u32));
    let counter = calls.clone();
    let url_tag = tag.clone();
    let ws = ReconnectingWebSocket::builder("unused")
        .with_url_provider(move || {
            let call = counter.get() + 1;
            counter.set(call);
            let url = ws_url(&format!("/echo?tag={url_tag}&call={call}"));
            async move {
                crate::common::sleep(10 * MS).await;
                if call == 1 {
                    Err("no token yet".to_owned())
                } else {
                    Ok(url)
                }
            }
        })
        .with_backoff(crate::common::exact_backoff(50))
        .start()
        .expect("starts");
    let mut events = ws.events();
    assert_eq!(
        events.next().await,
        Some(ConnectionEvent::Connecting {
            attempt: 0,
            delay: Duration::ZERO
        })
    );
    assert_eq!(
        events.next().await,
        Some(ConnectionEvent::AttemptFailed {
            attempt: 0,
            error: AttemptError::Url("no token yet".into())
        })
    );
    assert_eq!(
        events.next().await,
        Some(ConnectionEvent::Reconnecting {
            attempt: 1,
            delay: 50 * MS
        })
    );
    assert_eq!(
        events.next().await,
        Some(ConnectionEvent::Connecting {
            attempt: 1,
            delay: 50 * MS
        })
    );
    assert_eq!(events.next().await, Some(ConnectionEvent::Open));
    assert_eq!(calls.get(), 2);

    control(&format!("drop?tag={tag}")).await;
    while events.next().await != Some(ConnectionEvent::Open) {}
    assert_eq!(calls.get(), 3, "asked again for the reconnect");
    assert_eq!(number(&stats(&tag).await, "accepted"), 2.0);
}

#[wasm_bindgen_test]
async fn a_socket_provider_gives_each_attempt_its_own_subprotocols() {
    use wasm_websocket::WebSocket;

    let tag = unique_tag("socket-provider");
    let calls = Rc::new(Cell::new(0u32));
    let counter = calls.clone();
    let provided_tag = tag.clone();
    let ws = ReconnectingWebSocket::builder("unused")
        .with_backoff(crate::common::exact_backoff(10))
        .with_socket_provider(move || {
            let call = counter.get();
            counter.set(call + 1);
            let url = ws_url(&format!("/echo?tag={provided_tag}"));
            async move {
                Ok::<_, String>(WebSocket::builder(url).with_protocols([format!("token{call}")]))
            }
        })
        .start()
        .expect("starts");
    let mut events = ws.events();
    assert_eq!(ws.url(), None, "not open yet");
    events_until(&mut events, "open").await;
    assert_eq!(ws.protocol().as_deref(), Some("token0"));
    assert_eq!(ws.url(), Some(ws_url(&format!("/echo?tag={tag}"))));
    assert_eq!(ws.extensions().as_deref(), Some(""));
    assert_eq!(ws.buffered_amount(), 0);
    control(&format!("drop?tag={tag}")).await;
    events_until(&mut events, "open").await;
    assert_eq!(ws.protocol().as_deref(), Some("token1"), "asked again");
    assert_eq!(calls.get(), 2);
    ws.close().expect("not closed before");
}
