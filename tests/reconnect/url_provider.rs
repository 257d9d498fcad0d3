//! The URL provider is asked before every attempt; an error from it counts
//! as a failed attempt and is retried, it does not stall the helper.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use crate::common::{control, number, stats, unique_tag, ws_url};
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
