//! A close from the server: code, reason and wasClean reach `closed()`, and a
//! clean close ends the message stream with `None` after every message.

use crate::common::{next_message, ws_url};
use futures::stream::FusedStream;
use futures::StreamExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::{CloseEvent, Message};

#[wasm_bindgen_test]
async fn code_and_reason_arrive() {
    let mut ws = crate::common::connect(ws_url("/close?code=4001&reason=see%20you"))
        .await
        .expect("connects");
    assert!(ws.next().await.is_none(), "a clean close ends the stream");
    assert!(ws.is_terminated());
    let expected = CloseEvent {
        code: 4001,
        reason: "see you".into(),
        was_clean: true,
    };
    assert_eq!(ws.closed().await, expected);
    assert_eq!(ws.close_event(), Some(expected));
    assert_eq!(ws.state(), wasm_websocket::ReadyState::Closed);
}

#[wasm_bindgen_test]
async fn messages_before_the_close_are_all_delivered() {
    let mut ws = crate::common::connect(ws_url("/close?after=3&code=1000&reason=done"))
        .await
        .expect("connects");
    for text in ["one", "two", "three"] {
        ws.send(text).await.expect("sent");
    }
    for text in ["one", "two", "three"] {
        assert_eq!(next_message(&mut ws).await, Message::text(text));
    }
    assert!(ws.next().await.is_none());
    let closed = ws.closed().await;
    assert!(closed.is_normal());
    assert_eq!(closed.reason, "done");
}

#[wasm_bindgen_test]
async fn a_going_away_close_is_reported_as_is() {
    let ws = crate::common::connect(ws_url("/close?code=1001"))
        .await
        .expect("connects");
    let closed = ws.closed().await;
    assert_eq!((closed.code, closed.was_clean), (1001, true));
}

#[wasm_bindgen_test]
async fn several_tasks_can_await_the_close() {
    let ws = crate::common::connect(ws_url("/close?code=4002"))
        .await
        .expect("connects");
    let (a, b) = futures::join!(ws.closed(), ws.closed());
    assert_eq!(a, b);
    assert_eq!(a.code, 4002);
}
