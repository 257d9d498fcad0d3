//! A connection that drops without a close frame: the stream yields one
//! `ConnectionLost(1006)` error and then ends; `closed()` says not clean.

use crate::common::{control, next_message, unique_tag, ws_url};
use futures::stream::FusedStream;
use futures::StreamExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::{Error, Message};

fn assert_lost(item: Option<Result<Message, Error>>) {
    match item {
        Some(Err(Error::ConnectionLost(close))) => {
            assert_eq!(close.code, 1006);
            assert!(!close.was_clean);
        }
        other => panic!("expected ConnectionLost, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn a_drop_after_messages_is_one_error_then_the_end() {
    let mut ws = crate::common::connect(ws_url("/drop?after=2"))
        .await
        .expect("connects");
    ws.send("first").await.expect("sent");
    assert_eq!(next_message(&mut ws).await, Message::text("first"));
    ws.send("second").await.expect("sent");
    assert_lost(ws.next().await);
    assert!(ws.next().await.is_none());
    assert!(ws.is_terminated());
    assert!(ws.next().await.is_none(), "stays ended");
    let closed = ws.closed().await;
    assert_eq!((closed.code, closed.was_clean), (1006, false));
}

#[wasm_bindgen_test]
async fn a_drop_ordered_through_the_control_api() {
    let tag = unique_tag("drop");
    let mut ws = crate::common::connect(ws_url(&format!("/echo?tag={tag}")))
        .await
        .expect("connects");
    control(&format!("drop?tag={tag}")).await;
    assert_lost(ws.next().await);
    assert!(ws.next().await.is_none());
    assert_eq!(ws.send("late").await, Err(Error::AlreadyClosed));
}
