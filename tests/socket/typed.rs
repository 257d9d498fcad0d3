//! Typed messages through the echo server: JSON over a socket, MessagePack
//! over a reconnecting socket and a split half, and a message that does not
//! decode handed back without ending the stream.
#![cfg(all(feature = "json", feature = "msgpack"))]

use crate::common::{unique_tag, ws_url};
use futures::{SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::codec::{CodecError, Json, MessagePack, MessagePackError, Typed};
use wasm_websocket::reconnect::{ConnectionEvent, ReconnectingWebSocket};
use wasm_websocket::Message;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Chat {
    Said { from: String, text: String },
    Typing(String),
}

fn said(text: &str) -> Chat {
    Chat::Said {
        from: "ann".into(),
        text: text.into(),
    }
}

#[wasm_bindgen_test]
async fn json_values_round_trip() {
    let ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    let mut chat = Typed::<Chat, _, _>::new(ws, Json);
    chat.send(said("hi")).await.expect("sent");
    chat.send(Chat::Typing("bob".into())).await.expect("sent");
    assert_eq!(
        chat.next().await.transpose().expect("decodes"),
        Some(said("hi"))
    );
    assert_eq!(
        chat.next().await.transpose().expect("decodes"),
        Some(Chat::Typing("bob".into()))
    );
    // The socket is still there, untyped.
    chat.get_ref().try_send("not json").expect("sent");
    match chat.next().await {
        Some(Err(CodecError::Decode { message, .. })) => {
            assert_eq!(message, Message::text("not json"))
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    chat.send(said("still here")).await.expect("sent");
    assert_eq!(
        chat.next().await.transpose().expect("decodes"),
        Some(said("still here"))
    );
}

#[wasm_bindgen_test]
async fn messagepack_values_round_trip_on_a_reconnecting_socket() {
    let tag = unique_tag("typed");
    let ws = ReconnectingWebSocket::start(ws_url(&format!("/echo?tag={tag}"))).expect("starts");
    let mut events = ws.events();
    let sender = Typed::<Chat, _, _>::new(ws.sender(), MessagePack);
    let mut chat = Typed::<Chat, _, _>::new(ws, MessagePack);
    // Queued until the open, then sent in order.
    let mut sender = sender;
    sender.send(said("queued")).await.expect("queued");
    while events.next().await != Some(ConnectionEvent::Open) {}
    sender.send(said("live")).await.expect("sent");
    assert_eq!(
        chat.next().await.transpose().expect("decodes"),
        Some(said("queued"))
    );
    assert_eq!(
        chat.next().await.transpose().expect("decodes"),
        Some(said("live"))
    );
    // Text is not MessagePack: handed back, and the stream goes on.
    assert!(chat.get_ref().try_send("text").is_accepted());
    assert!(matches!(
        chat.next().await,
        Some(Err(CodecError::Decode {
            source: MessagePackError::NotBinary,
            ..
        }))
    ));
    sender.send(Chat::Typing("eve".into())).await.expect("sent");
    assert_eq!(
        chat.next().await.transpose().expect("decodes"),
        Some(Chat::Typing("eve".into()))
    );
    chat.get_ref().close().expect("closes");
}

#[wasm_bindgen_test]
async fn a_split_half_can_be_typed_on_its_own() {
    let (tx, rx) = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects")
        .split();
    let mut tx = Typed::<Vec<u32>, _, _>::new(tx, MessagePack);
    let mut rx = Typed::<Vec<u32>, _, _>::new(rx, MessagePack);
    tx.send(vec![1, 2, 3]).await.expect("sent");
    assert_eq!(
        rx.next().await.transpose().expect("decodes"),
        Some(vec![1, 2, 3])
    );
    tx.close().await.expect("closed");
    assert!(rx.next().await.is_none());
}

/// `typed::<T>(codec)` on every handle: the plain socket, its sending and
/// receiving halves, and the reconnecting socket.
#[wasm_bindgen_test]
async fn every_handle_turns_typed_with_one_call() {
    let ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    let mut chat = ws.typed::<Chat>(Json);
    chat.send(said("plain")).await.expect("sent");
    assert_eq!(
        chat.next().await.transpose().expect("decodes"),
        Some(said("plain"))
    );
    let (ws, _codec) = chat.into_parts();
    let (tx, rx) = ws.split();
    let mut tx = tx.typed::<Chat>(Json);
    let mut rx = rx.typed::<Chat>(Json);
    tx.send(said("halves")).await.expect("sent");
    assert_eq!(
        rx.next().await.transpose().expect("decodes"),
        Some(said("halves"))
    );

    let tag = unique_tag("typed-method");
    let mut reconnecting = ReconnectingWebSocket::start(ws_url(&format!("/echo?tag={tag}")))
        .expect("starts")
        .typed::<Chat>(MessagePack);
    // Queued until the open, then sent.
    reconnecting.send(said("later")).await.expect("queued");
    assert_eq!(
        reconnecting.next().await.transpose().expect("decodes"),
        Some(said("later"))
    );
    reconnecting.get_ref().close().expect("not closed before");
}
