//! Text, binary, empty and large (16 MiB) messages come back from the echo
//! server as they were sent, text as text and binary as binary.

use crate::common::{next_message, ws_url};
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::Message;

#[wasm_bindgen_test]
async fn text_comes_back_as_text() {
    let mut ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    ws.send("hello, world").await.expect("sent");
    assert_eq!(next_message(&mut ws).await, Message::text("hello, world"));
    ws.send("ünïcödé €😀").await.expect("sent");
    assert_eq!(next_message(&mut ws).await, Message::text("ünïcödé €😀"));
}

#[wasm_bindgen_test]
async fn binary_comes_back_as_binary() {
    let mut ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    let bytes: Vec<u8> = (0..=255).collect();
    ws.send(bytes.clone()).await.expect("sent");
    assert_eq!(next_message(&mut ws).await, Message::Binary(bytes));
}

#[wasm_bindgen_test]
async fn empty_messages_keep_their_kind() {
    let mut ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    ws.send("").await.expect("sent");
    ws.send(Vec::<u8>::new()).await.expect("sent");
    assert_eq!(next_message(&mut ws).await, Message::text(""));
    assert_eq!(next_message(&mut ws).await, Message::binary(Vec::new()));
}

#[wasm_bindgen_test]
async fn sixteen_mebibytes_round_trip_intact() {
    const SIZE: usize = 16 << 20;
    let mut ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    let bytes: Vec<u8> = (0..SIZE).map(|i| (i * 7 + i / 256) as u8).collect();
    ws.send(bytes.clone()).await.expect("sent");
    let text = "t".repeat(SIZE);
    ws.send(text.clone()).await.expect("sent");
    let echoed = next_message(&mut ws).await;
    assert!(echoed.is_binary());
    assert_eq!(echoed.len(), SIZE);
    assert!(
        echoed.as_bytes() == bytes.as_slice(),
        "binary content differs"
    );
    let echoed = next_message(&mut ws).await;
    assert_eq!(echoed.as_text().map(str::len), Some(SIZE));
    assert!(
        echoed.as_text() == Some(text.as_str()),
        "text content differs"
    );
}

#[wasm_bindgen_test]
async fn typed_js_sends_arrive_as_binary() {
    let mut ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    ws.try_send_uint8_array(&js_sys::Uint8Array::from(&[1u8, 2, 3][..]))
        .expect("sent");
    let buffer = js_sys::Uint8Array::from(&[4u8, 5][..]).buffer();
    ws.try_send_array_buffer(&buffer).expect("sent");
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(&[6u8, 7, 8, 9][..]));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).expect("a blob");
    let blob_sent = match ws.try_send_blob(&blob) {
        Ok(()) => true,
        // The stream backend says so instead of reading the Blob.
        Err(wasm_websocket::Error::Unsupported(_)) if ws.as_raw().is_none() => false,
        Err(error) => panic!("{error}"),
    };
    assert_eq!(next_message(&mut ws).await, Message::binary([1, 2, 3]));
    assert_eq!(next_message(&mut ws).await, Message::binary([4, 5]));
    if blob_sent {
        assert_eq!(next_message(&mut ws).await, Message::binary([6, 7, 8, 9]));
    }
}
