//! Handles own the connection, observers do not: a `closed()` or `drained()`
//! future kept after the last handle is dropped lets the socket close with
//! 1000 at once, and still answers truthfully when the close arrives.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use crate::common::{field, number, sleep, stats, unique_tag, ws_url};
use futures::FutureExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::CloseEvent;

const MIB: usize = 1 << 20;

/// Waits (up to 5 s) until the server has seen the tag's connection end,
/// and returns the code and `wasClean` of that end.
async fn server_close(tag: &str) -> (f64, bool) {
    for _ in 0..250 {
        let closes = js_sys::Array::from(&field(&stats(tag).await, "closes"));
        if closes.length() > 0 {
            let close = closes.get(0);
            return (
                number(&close, "code"),
                field(&close, "wasClean").as_bool() == Some(true),
            );
        }
        sleep(Duration::from_millis(20)).await;
    }
    panic!("the server never saw the connection of {tag} close");
}

/// Waits (up to 2 s) for a task to fill `slot`.
async fn filled<T: Clone>(slot: &RefCell<Option<T>>) -> T {
    for _ in 0..100 {
        if let Some(value) = slot.borrow().clone() {
            return value;
        }
        sleep(Duration::from_millis(20)).await;
    }
    panic!("the kept future never resolved");
}

#[wasm_bindgen_test]
async fn a_closed_future_kept_in_a_task_lets_the_dropped_socket_close() {
    let tag = unique_tag("kept-closed");
    let ws = crate::common::connect(ws_url(&format!("/echo?tag={tag}")))
        .await
        .expect("connects");
    let seen: Rc<RefCell<Option<CloseEvent>>> = Rc::default();
    let slot = seen.clone();
    let closed = ws.closed();
    wasm_bindgen_futures::spawn_local(async move {
        *slot.borrow_mut() = Some(closed.await);
    });
    drop(ws);
    assert_eq!(server_close(&tag).await, (1000.0, true));
    let event = filled(&seen).await;
    assert_eq!((event.code, event.was_clean), (1000, true), "{event}");
}

#[wasm_bindgen_test]
async fn a_pending_drained_future_lets_the_dropped_socket_close() {
    let tag = unique_tag("kept-drained");
    let ws = crate::common::builder(ws_url(&format!("/silent?tag={tag}")))
        .with_high_water_mark(u64::MAX)
        .connect()
        .await
        .expect("connects");
    // One large message: Chromium's WebSocketStream takes the page down
    // when it is closed with several writes still queued.
    ws.try_send(vec![3u8; 16 * MIB]).expect("sent");
    let mut drained = ws.drained();
    assert!(
        (&mut drained).now_or_never().is_none(),
        "16 MiB cannot have left synchronously"
    );
    drop(ws);
    // The close goes out behind the bytes already handed to the browser,
    // so the server gets them all, then the close.
    assert_eq!(server_close(&tag).await, (1000.0, true));
    assert_eq!(
        number(&stats(&tag).await, "bytesReceived"),
        (16 * MIB) as f64
    );
    // Everything left the buffer before the close: that is a drain.
    assert_eq!(drained.await, Ok(()));
}

#[wasm_bindgen_test]
async fn a_sync_sender_keeps_the_socket_open_and_its_drop_closes_it() {
    let tag = unique_tag("sync-owner");
    let ws = crate::common::connect(ws_url(&format!("/echo?tag={tag}")))
        .await
        .expect("connects");
    let sender = ws.sync_sender();
    let closed = ws.closed();
    let seen: Rc<RefCell<Option<CloseEvent>>> = Rc::default();
    let slot = seen.clone();
    wasm_bindgen_futures::spawn_local(async move {
        *slot.borrow_mut() = Some(closed.await);
    });
    drop(ws);
    // A sending handle owns the connection: it is still open and sends.
    sender.send("still here").await.expect("sent");
    sleep(Duration::from_millis(50)).await;
    assert_eq!(number(&stats(&tag).await, "open"), 1.0);
    assert!(seen.borrow().is_none());
    drop(sender);
    assert_eq!(server_close(&tag).await, (1000.0, true));
    assert_eq!(filled(&seen).await.code, 1000);
}
