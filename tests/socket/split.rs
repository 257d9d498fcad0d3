//! `split()` gives a sender and a receiver usable apart; either can close
//! the connection, and they can be put back together.

use crate::common::ws_url;
use futures::StreamExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::{Error, Message, ReadyState};

#[wasm_bindgen_test]
async fn halves_send_and_receive_from_different_tasks() {
    let (mut tx, rx) = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects")
        .split();
    let (done_tx, done_rx) = futures::channel::oneshot::channel();
    wasm_bindgen_futures::spawn_local(async move {
        let texts: Vec<String> = rx
            .take(3)
            .map(|m| m.expect("a message").into_text().expect("text"))
            .collect()
            .await;
        let _ = done_tx.send(texts);
    });
    for text in ["a", "b", "c"] {
        tx.send(text).await.expect("sent");
    }
    assert_eq!(done_rx.await.expect("the reader finished"), ["a", "b", "c"]);
}

#[wasm_bindgen_test]
async fn the_sender_closes_and_the_receiver_sees_the_end() {
    let (tx, mut rx) = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects")
        .split();
    tx.close_with(4000, "from the sender").expect("closing");
    assert!(rx.next().await.is_none());
    let closed = rx.closed().await;
    assert_eq!(
        (closed.code, closed.reason.as_str()),
        (4000, "from the sender")
    );
}

#[wasm_bindgen_test]
async fn the_receiver_closes_and_the_sender_is_told() {
    let (mut tx, rx) = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects")
        .split();
    rx.close().expect("closing");
    assert_eq!(tx.send("x").await, Err(Error::AlreadyClosed));
    assert!(tx.closed().await.was_clean);
    assert_eq!(tx.state(), ReadyState::Closed);
}

#[wasm_bindgen_test]
async fn the_connection_lives_while_either_half_does() {
    if crate::common::skip_on_stream("sends through the raw socket") {
        return;
    }
    let (tx, mut rx) = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects")
        .split();
    let raw = rx.as_raw().expect("the classic backend").clone();
    drop(tx);
    assert_eq!(rx.state(), ReadyState::Open);
    raw.send_with_str("still open").expect("sent");
    assert_eq!(
        rx.next().await.transpose(),
        Ok(Some(Message::text("still open")))
    );
    drop(rx);
    assert_eq!(ReadyState::from_raw(raw.ready_state()), ReadyState::Closing);
}

#[wasm_bindgen_test]
async fn reunited_halves_work_as_one() {
    let (tx, rx) = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects")
        .split();
    let mut ws = tx.reunite(rx).expect("same socket");
    ws.send("whole again").await.expect("sent");
    assert_eq!(
        ws.next().await.transpose(),
        Ok(Some(Message::text("whole again")))
    );
}
