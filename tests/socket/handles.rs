//! Handles compose: `closed()` and `drained()` are owned, fused futures that
//! can be moved into a task or raced in `select!`; both halves answer the
//! same questions and either can reunite them; the `Send + Sync` sender
//! sends in order and closes; the `Sink` takes `Message`s without a
//! turbofish.

use std::cell::RefCell;
use std::rc::Rc;

use crate::common::{next_message, unique_tag, ws_url};
use futures::future::FusedFuture;
use futures::{select, SinkExt, StreamExt};
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::{Error, Message, ReadyState};

#[wasm_bindgen_test]
async fn closed_can_be_moved_into_a_task() {
    let ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    let seen = Rc::new(RefCell::new(None));
    let slot = seen.clone();
    let closed = ws.closed();
    wasm_bindgen_futures::spawn_local(async move {
        *slot.borrow_mut() = Some(closed.await.code);
    });
    ws.close_with(4000, "bye").expect("closes");
    // Both futures observe the one connection: ours resolves too.
    assert_eq!(ws.closed().await.code, 4000);
    crate::common::sleep(std::time::Duration::from_millis(10)).await;
    assert_eq!(*seen.borrow(), Some(4000));
}

#[wasm_bindgen_test]
async fn closed_races_the_stream_in_select() {
    let tag = unique_tag("select");
    let mut ws = crate::common::connect(ws_url(&format!("/close?code=4001&after=2&tag={tag}")))
        .await
        .expect("connects");
    ws.send("one").await.expect("sent");
    ws.send("two").await.expect("sent");
    let mut closed = ws.closed();
    let mut messages = Vec::new();
    let code = loop {
        select! {
            message = ws.next() => match message {
                Some(Ok(message)) => messages.push(message),
                Some(Err(error)) => panic!("unexpected {error}"),
                None => {}
            },
            close = closed => break close.code,
        }
    };
    assert_eq!(code, 4001);
    assert!(closed.is_terminated(), "fused once it has answered");
    // What arrived before the close is still there to read.
    while let Some(message) = ws.next().await {
        messages.push(message.expect("a message"));
    }
    assert_eq!(messages, [Message::text("one"), Message::text("two")]);
}

#[wasm_bindgen_test]
async fn both_halves_answer_the_same_questions_and_either_reunites() {
    let ws = crate::common::builder(ws_url("/echo"))
        .with_protocols(["chat.v1"])
        .connect()
        .await
        .expect("connects");
    let (tx, rx) = ws.split();
    assert_eq!(tx.url(), rx.url());
    assert_eq!(
        (tx.protocol(), rx.protocol()),
        ("chat.v1".into(), "chat.v1".into())
    );
    assert_eq!(tx.extensions(), rx.extensions());
    assert_eq!(
        (tx.state(), rx.state()),
        (ReadyState::Open, ReadyState::Open)
    );
    assert_eq!(rx.buffered_amount(), 0);
    let ws = rx.reunite(tx).expect("halves of one socket");
    let (tx, rx) = ws.split();
    let ws = tx.reunite(rx).expect("and back again");
    ws.close().expect("closes");
    let (tx, rx) = ws.split();
    assert_eq!(rx.closed().await, tx.closed().await);
}

#[wasm_bindgen_test]
async fn a_cloned_sender_shares_the_connection() {
    let (tx, mut rx) = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects")
        .split();
    let mut other = tx.clone();
    other.send("from the clone").await.expect("sent");
    assert_eq!(
        rx.next().await.transpose().expect("a message"),
        Some(Message::text("from the clone"))
    );
    drop(tx);
    assert_eq!(other.state(), ReadyState::Open, "a clone keeps it open");
    let ws = rx.reunite(other).expect("any clone reunites");
    ws.close().expect("closes");
}

#[wasm_bindgen_test]
async fn the_sync_sender_sends_in_order_and_closes() {
    fn assert_send_sync<T: Send + Sync + 'static>(value: T) -> T {
        value
    }
    let mut ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    let sender = assert_send_sync(ws.sync_sender());
    let answers: Vec<_> = (0..20)
        .map(|n| sender.clone().send(format!("s{n}")))
        .collect();
    for answer in answers {
        assert_eq!(answer.await, Ok(()));
    }
    for n in 0..20 {
        assert_eq!(next_message(&mut ws).await, Message::text(format!("s{n}")));
    }
    sender.close_with(4002, "from elsewhere").expect("valid");
    assert_eq!(
        sender.close_with(1001, ""),
        Err(Error::InvalidCloseCode(1001))
    );
    let closed = ws.closed().await;
    assert_eq!(
        (closed.code, closed.reason.as_str()),
        (4002, "from elsewhere")
    );
    assert_eq!(sender.send("late").await, Err(Error::AlreadyClosed));
}

#[wasm_bindgen_test]
async fn the_sink_takes_messages_without_a_turbofish() {
    let mut ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    ws.feed(Message::text("fed")).await.expect("fed");
    SinkExt::send(&mut ws, Message::binary([1u8, 2]))
        .await
        .expect("sent");
    let mut items = futures::stream::iter([Message::text("a"), Message::text("b")]).map(Ok);
    ws.send_all(&mut items).await.expect("all sent");
    let mut echoed = Vec::new();
    for _ in 0..4 {
        echoed.push(next_message(&mut ws).await);
    }
    assert_eq!(
        echoed,
        [
            Message::text("fed"),
            Message::binary([1u8, 2]),
            Message::text("a"),
            Message::text("b")
        ]
    );
    ws.drained().await.expect("nothing left");
    // The owned drain future is fused too.
    let mut drained = ws.drained();
    assert_eq!((&mut drained).await, Ok(()));
    assert!(drained.is_terminated());
    assert!(!ws.closed().is_terminated());
}
