//! Backpressure: a large pipelined send never lets the browser's buffer grow
//! past the high-water mark plus one message, and every byte echoes back in
//! order.

use crate::common::ws_url;
use futures::{SinkExt, StreamExt};
use wasm_bindgen_test::{console_log, wasm_bindgen_test};
use wasm_websocket::{Message, WebSocket, WebSocketReceiver, WebSocketSender};

const HIGH_WATER_MARK: u64 = 256 * 1024;
const MESSAGE: usize = 64 * 1024;
const COUNT: usize = 256; // 16 MiB in all

fn payload(i: usize) -> Vec<u8> {
    (0..MESSAGE).map(|j| (i * 31 + j) as u8).collect()
}

/// An echo connection with the tests' high-water mark, split.
async fn connect_with_mark() -> (WebSocketSender, WebSocketReceiver) {
    WebSocket::builder(ws_url("/echo"))
        .with_high_water_mark(HIGH_WATER_MARK)
        .connect()
        .await
        .expect("connects")
        .split()
}

/// Reads the `COUNT` echoes and checks each against its payload, in order.
async fn receive_all(rx: &mut WebSocketReceiver) {
    for i in 0..COUNT {
        match rx.next().await {
            Some(Ok(Message::Binary(bytes))) => assert!(bytes == payload(i), "echo {i} differs"),
            other => panic!("echo {i}: {other:?}"),
        }
    }
}

#[wasm_bindgen_test]
async fn the_buffer_stays_below_the_mark_and_everything_echoes() {
    let (mut tx, mut rx) = connect_with_mark().await;

    let send_all = async {
        let mut highest = 0;
        for i in 0..COUNT {
            // SinkExt::feed waits in poll_ready, then hands the message over.
            tx.feed(Message::binary(payload(i))).await.expect("sent");
            let buffered = tx.buffered_amount();
            highest = highest.max(buffered);
            assert!(
                buffered <= HIGH_WATER_MARK + MESSAGE as u64,
                "message {i}: {buffered} bytes buffered"
            );
        }
        tx.drained().await.expect("flushed");
        highest
    };
    let (highest, ()) = futures::join!(send_all, receive_all(&mut rx));
    console_log!("highest bufferedAmount seen: {highest} bytes (mark {HIGH_WATER_MARK})");
}

#[wasm_bindgen_test]
async fn a_sender_that_had_to_wait_goes_on_at_half_the_mark() {
    let (mut tx, mut rx) = connect_with_mark().await;
    let send_all = async {
        let mut waits = 0;
        for i in 0..COUNT {
            // Over the mark now, so this feed must wait; the message goes out
            // (synchronously after the wait) once the buffer is at half.
            let must_wait = tx.buffered_amount() > HIGH_WATER_MARK;
            tx.feed(Message::binary(payload(i))).await.expect("sent");
            if must_wait {
                waits += 1;
                let buffered = tx.buffered_amount();
                assert!(
                    buffered <= HIGH_WATER_MARK / 2 + MESSAGE as u64,
                    "message {i}: went on with {buffered} bytes buffered"
                );
            }
        }
        tx.drained().await.expect("flushed");
        waits
    };
    let (waits, ()) = futures::join!(send_all, receive_all(&mut rx));
    // 16 MiB through a 256 KiB mark cannot go without waiting.
    assert!(waits > 0, "the sender never had to wait");
}

#[wasm_bindgen_test]
async fn send_all_of_a_stream_works_through_the_sink() {
    let ws = WebSocket::builder(ws_url("/echo"))
        .with_high_water_mark(0)
        .connect()
        .await
        .expect("connects");
    let (mut tx, rx) = ws.split();
    let mut outgoing = futures::stream::iter((0..100).map(|i| Ok(Message::text(format!("m{i}")))));
    tx.send_all(&mut outgoing).await.expect("all sent");
    let echoed: Vec<Message> = rx.take(100).map(|m| m.expect("a message")).collect().await;
    let expected: Vec<Message> = (0..100).map(|i| Message::text(format!("m{i}"))).collect();
    assert_eq!(echoed, expected);
}
