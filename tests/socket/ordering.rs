//! A burst of text and binary messages (up to 4 MiB) arrives complete and in
//! order, whether binary messages come as ArrayBuffers or as Blobs, and for a
//! socket adopted with `from_raw` whose binaryType is the browser's "blob".

use crate::common::{burst_binary, burst_text, ws_url};
use futures::StreamExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::{BinaryType, Message, WebSocket};

/// A large binary message followed by small text ones: the case where
/// per-message Blob reads let text overtake binary.
const ITEMS: &[(char, usize)] = &[
    ('b', 4 << 20),
    ('t', 1),
    ('t', 20),
    ('b', 16),
    ('b', 0),
    ('t', 0),
    ('b', 1 << 20),
    ('t', 5),
    ('b', 3),
    ('t', 70_000),
];
const REPEAT: usize = 3;

fn burst_path() -> String {
    let items: Vec<String> = ITEMS
        .iter()
        .map(|(kind, size)| format!("{kind}{size}"))
        .collect();
    format!("/burst?items={}&repeat={REPEAT}&then=1000", items.join(","))
}

fn expected(k: usize) -> Message {
    let (kind, size) = ITEMS[k % ITEMS.len()];
    match kind {
        't' => Message::Text(burst_text(k as u32, size)),
        _ => Message::Binary(burst_binary(k as u32, size)),
    }
}

/// Reads the whole burst and checks every message, then the clean end.
async fn check_burst(mut ws: WebSocket) {
    let total = ITEMS.len() * REPEAT;
    for k in 0..total {
        let got = match ws.next().await {
            Some(Ok(message)) => message,
            other => panic!("message {k}: expected a message, got {other:?}"),
        };
        let want = expected(k);
        assert_eq!(
            got.is_text(),
            want.is_text(),
            "message {k} has the wrong kind"
        );
        assert_eq!(got.len(), want.len(), "message {k} has the wrong length");
        assert!(got == want, "message {k} has the wrong content");
    }
    assert!(
        ws.next().await.is_none(),
        "the burst ends with a clean close"
    );
}

#[wasm_bindgen_test]
async fn in_order_as_array_buffers() {
    let ws = crate::common::builder(ws_url(&burst_path()))
        .with_binary_type(BinaryType::ArrayBuffer)
        .connect()
        .await
        .expect("connects");
    check_burst(ws).await;
}

#[wasm_bindgen_test]
async fn in_order_as_blobs() {
    if crate::common::skip_on_stream("Blob mode") {
        return;
    }
    let ws = crate::common::builder(ws_url(&burst_path()))
        .with_binary_type(BinaryType::Blob)
        .connect()
        .await
        .expect("connects");
    assert_eq!(ws.binary_type(), BinaryType::Blob);
    check_burst(ws).await;
}

#[wasm_bindgen_test]
async fn in_order_for_an_adopted_blob_socket() {
    if crate::common::skip_on_stream("Blob mode") {
        return;
    }
    let raw = web_sys::WebSocket::new(&ws_url(&burst_path())).expect("a valid url");
    assert_eq!(raw.binary_type(), web_sys::BinaryType::Blob);
    let ws = WebSocket::from_raw(raw).expect("adopted while connecting");
    check_burst(ws).await;
}

#[wasm_bindgen_test]
async fn in_order_across_a_binary_type_switch() {
    if crate::common::skip_on_stream("Blob mode") {
        return;
    }
    let mut ws = crate::common::builder(ws_url("/echo"))
        .with_binary_type(BinaryType::Blob)
        .connect()
        .await
        .expect("connects");
    ws.send(vec![1u8; 2 << 20]).await.expect("sent");
    ws.send("after the blob").await.expect("sent");
    // Wait until both are queued, then switch: the next one is an ArrayBuffer.
    crate::common::sleep(std::time::Duration::from_millis(200)).await;
    ws.set_binary_type(BinaryType::ArrayBuffer);
    ws.send(vec![2u8; 10]).await.expect("sent");
    assert_eq!(
        crate::common::next_message(&mut ws).await,
        Message::binary(vec![1u8; 2 << 20])
    );
    assert_eq!(
        crate::common::next_message(&mut ws).await,
        Message::text("after the blob")
    );
    assert_eq!(
        crate::common::next_message(&mut ws).await,
        Message::binary(vec![2u8; 10])
    );
}

/// Blob mode is asked for through the crate (`with_binary_type`,
/// `set_binary_type`, `from_raw`), which is what brings the Blob-reading
/// code into an app; set behind the crate's back, a Blob is an error that
/// says so, not a silent loss.
#[wasm_bindgen_test]
async fn a_blob_without_blob_mode_is_an_error_that_says_so() {
    if crate::common::skip_on_stream("Blob mode") {
        return;
    }
    let mut ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    ws.as_raw()
        .expect("the classic backend")
        .set_binary_type(web_sys::BinaryType::Blob);
    ws.send(vec![1u8, 2]).await.expect("sent");
    match ws.next().await {
        Some(Err(wasm_websocket::Error::UnexpectedData(what))) => {
            assert!(what.contains("Blob mode"), "{what}")
        }
        other => panic!("expected an error, got {other:?}"),
    }
    // Asked for properly, the next one is read.
    ws.set_binary_type(BinaryType::Blob);
    ws.send(vec![3u8]).await.expect("sent");
    assert_eq!(
        ws.next().await.transpose().expect("read"),
        Some(Message::binary([3u8]))
    );
}
