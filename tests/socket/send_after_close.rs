//! Sending after a close, ours or the server's, is an error: the browser
//! would discard the message silently, and nothing reaches the server.

use crate::common::{next_message, number, stats, unique_tag, ws_url};
use futures::SinkExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::{Error, Message};

#[wasm_bindgen_test]
async fn after_our_close() {
    let tag = unique_tag("after-close");
    let mut ws = crate::common::connect(ws_url(&format!("/echo?tag={tag}")))
        .await
        .expect("connects");
    ws.send("before").await.expect("sent");
    assert_eq!(next_message(&mut ws).await, Message::text("before"));
    ws.close().expect("closing");
    // While closing ...
    assert_eq!(ws.send("during").await, Err(Error::AlreadyClosed));
    ws.closed().await;
    // ... and once closed, through every way of sending.
    assert_eq!(ws.send("after").await, Err(Error::AlreadyClosed));
    assert_eq!(
        SinkExt::send(&mut ws, Message::binary([1u8])).await,
        Err(Error::AlreadyClosed)
    );
    assert_eq!(ws.try_send("after"), Err(Error::AlreadyClosed));
    assert_eq!(number(&stats(&tag).await, "messagesReceived"), 1.0);
}

#[wasm_bindgen_test]
async fn after_the_server_closed() {
    let mut ws = crate::common::connect(ws_url("/close?code=4000"))
        .await
        .expect("connects");
    ws.closed().await;
    assert_eq!(ws.send("too late").await, Err(Error::AlreadyClosed));
    assert_eq!(ws.buffered_amount(), 0, "the browser was never handed it");
}
