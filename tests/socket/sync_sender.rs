//! The plain socket's `Send + Sync` sender: sends waiting for the socket
//! hold up neither `try_send` nor `close`, they are bounded by the
//! high-water mark (the rest refused at once), and after the open they go
//! out in the order they were given.

use std::future::Future;
use std::time::Duration;

use crate::common::{burst_text, next_message, ws_url};
use futures::FutureExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::RejectReason;
use wasm_websocket::{Error, Message};

const MS: Duration = Duration::from_millis(1);

/// Waits at most `limit` for `future`; `None` if it had not resolved.
async fn within<F: Future + Unpin>(limit: Duration, future: F) -> Option<F::Output> {
    futures::select! {
        output = future.fuse() => Some(output),
        _ = crate::common::sleep(limit).fuse() => None,
    }
}

#[wasm_bindgen_test]
async fn sends_waiting_for_the_open_hold_up_neither_try_send_nor_close() {
    // A handshake the server never answers: every send waits.
    let ws = crate::common::builder(ws_url("/hang"))
        .with_high_water_mark(1000)
        .start()
        .expect("starts");
    let sender = ws.sync_sender();
    // Ten sends of 100 bytes: exactly the mark.
    let mut waiting: Vec<_> = (0..10).map(|k| sender.send(burst_text(k, 100))).collect();
    assert_eq!(
        within(100 * MS, sender.clone().try_send("now")).await,
        Some(Err(Error::NotYetOpen)),
        "try_send is answered at once while sends wait"
    );
    assert_eq!(
        within(100 * MS, sender.send("one byte too many")).await,
        Some(Err(Error::NotQueued(RejectReason::Full))),
        "a send past the bound is refused at once"
    );
    for answer in &mut waiting {
        assert_eq!(answer.now_or_never(), None, "still waiting for the open");
    }
    sender.close().expect("not closed before");
    for answer in waiting {
        assert_eq!(
            within(100 * MS, answer).await,
            Some(Err(Error::AlreadyClosed)),
            "a close answers the waiting sends at once"
        );
    }
    assert_eq!(sender.close(), Err(Error::AlreadyClosed));
    assert!(ws.state().is_closing_or_closed());
}

#[wasm_bindgen_test]
async fn sends_waiting_for_the_open_go_out_in_order() {
    let mut ws = crate::common::builder(ws_url("/echo?delay=200"))
        .start()
        .expect("starts");
    let sender = ws.sync_sender();
    let answers: Vec<_> = (0..20)
        .map(|k| sender.clone().send(format!("s{k}")))
        .collect();
    assert_eq!(
        within(100 * MS, sender.try_send("early")).await,
        Some(Err(Error::NotYetOpen))
    );
    for answer in answers {
        assert_eq!(answer.await, Ok(()));
    }
    for k in 0..20 {
        assert_eq!(next_message(&mut ws).await, Message::text(format!("s{k}")));
    }
    ws.close().expect("not closed before");
}
