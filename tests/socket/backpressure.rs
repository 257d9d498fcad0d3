//! Backpressure: a large pipelined send never lets the browser's buffer grow
//! past the high-water mark plus one message, and every byte echoes back in
//! order.

use crate::common::ws_url;
use futures::{SinkExt, StreamExt};
use wasm_bindgen_test::{console_log, wasm_bindgen_test};
use wasm_websocket::{Message, WebSocketReceiver, WebSocketSender};

const HIGH_WATER_MARK: u64 = 256 * 1024;
const MESSAGE: usize = 64 * 1024;
const COUNT: usize = 256; // 16 MiB in all

fn payload(i: usize) -> Vec<u8> {
    (0..MESSAGE).map(|j| (i * 31 + j) as u8).collect()
}

/// An echo connection with the tests' high-water mark, split.
async fn connect_with_mark() -> (WebSocketSender, WebSocketReceiver) {
    crate::common::builder(ws_url("/echo"))
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
    let ws = crate::common::builder(ws_url("/echo"))
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

/// Receive backpressure: a server floods 128 MiB at a page that reads
/// nothing for a while. On the stream backend the browser stops reading
/// from the network, so what the server managed to hand to TCP stays
/// bounded (the socket buffers); the classic socket keeps reading into the
/// page's memory (here with `max_unread` lifted, to show it).
#[wasm_bindgen_test]
async fn a_reader_that_does_not_read_slows_the_server_only_on_the_stream_backend() {
    use crate::common::{number, stats, unique_tag};
    use std::time::Duration;
    use wasm_websocket::Backend;

    const MIB: f64 = 1048576.0;
    let tag = unique_tag("flood");
    let ws = crate::common::builder(ws_url(&format!(
        "/flood?bytes={}&size=65536&tag={tag}",
        128 << 20
    )))
    .with_max_unread(usize::MAX)
    .connect()
    .await
    .expect("connects");
    crate::common::sleep(Duration::from_millis(1500)).await;
    let first = number(&stats(&tag).await, "bytesFlushed");
    crate::common::sleep(Duration::from_millis(500)).await;
    let second = number(&stats(&tag).await, "bytesFlushed");
    console_log!(
        "{:?} backend, nothing read for 2 s: the server flushed {:.1} MiB, then {:.1} MiB",
        ws.backend(),
        first / MIB,
        second / MIB
    );
    match ws.backend() {
        Backend::Stream => {
            assert!(second < 32.0 * MIB, "bounded: {second} bytes");
            assert!(second - first < 1.0 * MIB, "and no longer growing");
        }
        _ => assert!(
            second >= 64.0 * MIB,
            "the classic socket reads on: {second} bytes"
        ),
    }
    ws.close().expect("closes");
}
