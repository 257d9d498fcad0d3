//! While the server refuses upgrades, attempts follow the backoff schedule
//! (counted on the server), then the connection opens.

use crate::common::{control, number, stats, unique_tag, ws_url};
use futures::StreamExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{ConnectionEvent, ReconnectingWebSocket};

#[wasm_bindgen_test]
async fn refused_attempts_follow_the_schedule_then_one_succeeds() {
    let tag = unique_tag("reconnect-refused");
    // In Chromium, attempts at about 0, 50, 150 and 350 ms fall in the
    // window and the one at about 750 ms opens.
    control(&format!("refuse?ms=500&tag={tag}")).await;
    let ws = ReconnectingWebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_backoff(crate::common::exact_backoff(50))
        .start()
        .expect("starts");
    let mut events = ws.events();
    let mut seen = Vec::new();
    while let Some(event) = events.next().await {
        let open = event == ConnectionEvent::Open;
        seen.push(match event {
            ConnectionEvent::AttemptFailed { attempt, .. } => format!("failed {attempt}"),
            ConnectionEvent::Connecting { attempt, delay } => {
                format!("connecting {attempt} after {}", delay.as_millis())
            }
            ConnectionEvent::Reconnecting { attempt, delay } => {
                format!("retry {attempt} in {}", delay.as_millis())
            }
            other => format!("{other:?}"),
        });
        if open {
            break;
        }
    }
    // Firefox delays a new connection to a host whose last one failed (its
    // own backoff), so how many attempts fall in the window depends on the
    // browser; the delays between them must follow the schedule either way.
    let failures = seen
        .iter()
        .filter(|line| line.starts_with("failed"))
        .count();
    assert!(failures >= 2, "{seen:?}");
    let mut expected = vec!["connecting 0 after 0".to_owned()];
    for attempt in 1..=failures {
        let delay = 50 << (attempt - 1);
        expected.push(format!("failed {}", attempt - 1));
        expected.push(format!("retry {attempt} in {delay}"));
        expected.push(format!("connecting {attempt} after {delay}"));
    }
    expected.push("Open".to_owned());
    assert_eq!(seen, expected);
    let counters = stats(&tag).await;
    assert_eq!(number(&counters, "upgrades"), failures as f64 + 1.0);
    assert_eq!(number(&counters, "refused"), failures as f64);
    assert_eq!(number(&counters, "accepted"), 1.0);
}
