//! Text and binary messages cross both ways, in order, typed through a
//! codec too; `buffered_amount()` is 0 after every send and `drained()`
//! resolves at once; JS buffers are sent as bytes and a Blob is refused;
//! the client's receive limits apply to what the server sends.

use futures::{SinkExt, StreamExt};
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::codec::{Text, Typed};
use wasm_websocket::testing::MockServer;
use wasm_websocket::{CloseCode, Error, Message, WebSocket};

use super::open;

#[wasm_bindgen_test]
async fn messages_cross_both_ways_in_order() {
    const URL: &str = "ws://messages.mock/order";
    let server = MockServer::new(URL);
    let (mut ws, mut conn) = open(&server, URL).await;

    for n in 0..20u8 {
        ws.send(format!("text {n}")).await.expect("sent");
        ws.send(vec![n; usize::from(n)]).await.expect("sent");
    }
    for n in 0..20u8 {
        assert_eq!(conn.recv_text().await, format!("text {n}"));
        assert_eq!(conn.recv_binary().await, vec![n; usize::from(n)]);
    }

    conn.send("one");
    conn.send(vec![2u8, 2]);
    conn.send(Message::text(""));
    conn.send(Vec::<u8>::new());
    assert_eq!(
        ws.next().await.transpose().expect("ok"),
        Some(Message::text("one"))
    );
    assert_eq!(
        ws.next().await.transpose().expect("ok"),
        Some(Message::binary([2u8, 2]))
    );
    assert_eq!(
        ws.next().await.transpose().expect("ok"),
        Some(Message::text(""))
    );
    assert_eq!(
        ws.next().await.transpose().expect("ok"),
        Some(Message::binary([]))
    );
}

#[wasm_bindgen_test]
async fn a_message_the_server_sends_before_the_client_looks_is_kept() {
    const URL: &str = "ws://messages.mock/welcome";
    let server = MockServer::new(URL);
    let connecting = WebSocket::connect(URL);
    let conn = server.accept().await;
    conn.send("welcome");
    let mut ws = connecting.await.expect("opens");
    assert_eq!(
        ws.next().await.transpose().expect("ok"),
        Some(Message::text("welcome"))
    );
}

#[wasm_bindgen_test]
async fn nothing_is_buffered_and_drained_resolves_at_once() {
    const URL: &str = "ws://messages.mock/buffered";
    let server = MockServer::new(URL);
    let connecting = WebSocket::builder(URL).with_high_water_mark(0).connect();
    let mut conn = server.accept().await;
    let mut ws = connecting.await.expect("opens");
    for _ in 0..3 {
        ws.send(vec![0u8; 1 << 20]).await.expect("sent");
        assert_eq!(ws.buffered_amount(), 0);
    }
    ws.try_send("now").expect("sent");
    assert_eq!(ws.buffered_amount(), 0);
    ws.drained().await.expect("drained at once");
    for _ in 0..3 {
        assert_eq!(conn.recv_binary().await.len(), 1 << 20);
    }
    assert_eq!(conn.recv_text().await, "now");
}

#[wasm_bindgen_test]
async fn js_buffers_are_sent_as_bytes_and_a_blob_is_refused() {
    const URL: &str = "ws://messages.mock/js";
    let server = MockServer::new(URL);
    let (ws, mut conn) = open(&server, URL).await;
    ws.try_send_array_buffer(&js_sys::Uint8Array::from(&[1u8, 2][..]).buffer())
        .expect("sent");
    ws.try_send_uint8_array(&js_sys::Uint8Array::from(&[3u8, 4, 5][..]))
        .expect("sent");
    assert_eq!(conn.recv_binary().await, [1, 2]);
    assert_eq!(conn.recv_binary().await, [3, 4, 5]);
    let blob = web_sys::Blob::new().expect("a blob");
    assert!(matches!(
        ws.try_send_blob(&blob),
        Err(Error::Unsupported(_))
    ));
}

#[wasm_bindgen_test]
async fn typed_messages_go_through_a_codec_on_both_sides() {
    const URL: &str = "ws://messages.mock/typed";
    let server = MockServer::new(URL);
    let (ws, mut conn) = open(&server, URL).await;
    let mut typed = Typed::new(ws, Text);
    typed.send("to the server".to_owned()).await.expect("sent");
    let received: String = conn.recv_as(&Text).await;
    assert_eq!(received, "to the server");
    conn.send_as(&Text, &"to the client".to_owned());
    assert_eq!(
        typed.next().await.transpose().expect("decodes"),
        Some("to the client".to_owned())
    );
}

#[cfg(feature = "json")]
#[wasm_bindgen_test]
async fn json_values_cross_both_ways() {
    use serde::{Deserialize, Serialize};
    use wasm_websocket::codec::Json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Chat {
        from: String,
        text: String,
    }

    const URL: &str = "ws://messages.mock/json";
    let server = MockServer::new(URL);
    let (ws, mut conn) = open(&server, URL).await;
    let mut typed = Typed::new(ws, Json);
    let hello = Chat {
        from: "app".into(),
        text: "hello".into(),
    };
    typed.send(hello).await.expect("sent");
    let received: Chat = conn.recv_as(&Json).await;
    assert_eq!(received.text, "hello");
    conn.send_as(
        &Json,
        &Chat {
            from: "server".into(),
            text: "hi".into(),
        },
    );
    let reply: Option<Chat> = typed.next().await.transpose().expect("decodes");
    assert_eq!(reply.map(|chat| chat.from), Some("server".to_owned()));
}

#[wasm_bindgen_test]
async fn the_clients_limits_apply_to_what_the_server_sends() {
    const URL: &str = "ws://messages.mock/limits";
    let server = MockServer::new(URL);
    let connecting = WebSocket::builder(URL).with_max_message_size(4).connect();
    let conn = server.accept().await;
    let mut ws = connecting.await.expect("opens");
    conn.send("1234");
    conn.send("12345");
    assert_eq!(
        ws.next().await.transpose().expect("ok"),
        Some(Message::text("1234"))
    );
    match ws.next().await {
        Some(Err(Error::MessageTooLarge { size, limit })) => assert_eq!((size, limit), (5, 4)),
        other => panic!("expected MessageTooLarge, got {other:?}"),
    }
    let close = conn.closed().await;
    assert_eq!(
        (close.code, close.reason.as_str(), close.was_clean),
        (CloseCode::MESSAGE_TOO_BIG.get(), "message too big", true)
    );
    assert!(ws.next().await.is_none());
}
