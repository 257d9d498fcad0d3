//! `drained()` resolves once everything sent has left the browser's buffer, and
//! reports bytes that a closed connection will never send; closing through
//! the `Sink` resolves once the connection has closed.

use crate::common::{number, sleep, stats, unique_tag, ws_url};
use std::time::Duration;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::Error;

#[wasm_bindgen_test]
async fn drained_waits_for_the_buffer_to_drain() {
    let tag = unique_tag("flush");
    let ws = crate::common::builder(ws_url(&format!("/silent?tag={tag}")))
        .with_high_water_mark(u64::MAX)
        .connect()
        .await
        .expect("connects");
    for _ in 0..8 {
        ws.try_send(vec![9u8; 1 << 20]).expect("sent");
    }
    assert!(
        ws.buffered_amount() > 0,
        "8 MiB cannot have left synchronously"
    );
    ws.drained().await.expect("drained");
    assert_eq!(ws.buffered_amount(), 0);
    // Handed to the network means the server gets it all.
    for _ in 0..50 {
        if number(&stats(&tag).await, "messagesReceived") == 8.0 {
            break;
        }
        sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(number(&stats(&tag).await, "bytesReceived"), 8.0 * 1048576.0);
}

#[wasm_bindgen_test]
async fn drained_of_an_idle_socket_is_immediate() {
    let ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    ws.drained().await.expect("nothing to drain");
}

#[wasm_bindgen_test]
async fn bytes_left_in_a_closed_socket_are_reported_unsent() {
    if crate::common::skip_on_stream("sends through the raw socket") {
        return;
    }
    let ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    ws.close().expect("closing");
    ws.closed().await;
    // Sending through the raw socket after close is what the browser
    // silently discards; it only grows bufferedAmount.
    ws.as_raw()
        .expect("the classic backend")
        .send_with_str("lost")
        .expect("the browser does not throw");
    assert_eq!(ws.drained().await, Err(Error::Unsent { bytes: 4 }));
}

#[wasm_bindgen_test]
async fn closing_through_the_sink_waits_for_the_close() {
    let mut ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    ws.send(vec![5u8; 1 << 20]).await.expect("sent");
    futures::SinkExt::close(&mut ws)
        .await
        .expect("closed with nothing left unsent");
    let closed = ws.close_event().expect("closed before close() resolved");
    assert!(closed.is_normal(), "{closed}");
    assert_eq!(ws.buffered_amount(), 0);
}
