//! Memory has a bound the user sets: a message over `max_message_size` is
//! refused before it is copied (in either binary type, and as text), and a
//! reader that does not read makes the connection close at `max_unread`
//! instead of growing the page's memory; Blob reads start only when the
//! stream is read, a few at a time. Each refusal closes with its own code,
//! and the stream says why before it ends.

use std::time::Duration;

use crate::common::{field, number, sleep, stats, unique_tag, ws_url};
use futures::StreamExt;
use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{ConnectionEvent, ReconnectPolicy, StopReason};
use wasm_websocket::{BinaryType, CloseCode, Error, Message};

const MIB: usize = 1 << 20;

fn wasm_memory_bytes() -> usize {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as usize
}

/// Waits until the server has seen the tag's connection close, and returns
/// that close's code.
async fn server_close_code(tag: &str) -> f64 {
    for _ in 0..100 {
        let closes = js_sys::Array::from(&field(&stats(tag).await, "closes"));
        if closes.length() > 0 {
            return number(&closes.get(0), "code");
        }
        sleep(Duration::from_millis(20)).await;
    }
    panic!("the server never saw the close of {tag}");
}

async fn too_large(binary_type: BinaryType, item: &str, size: usize) {
    let tag = unique_tag("too-large");
    let mut ws = crate::common::builder(ws_url(&format!("/burst?items=t10,{item},t10&tag={tag}")))
        .with_binary_type(binary_type)
        .with_max_message_size(1000)
        .connect()
        .await
        .expect("connects");
    assert!(
        matches!(ws.next().await, Some(Ok(Message::Text(_)))),
        "the small one first"
    );
    assert_eq!(
        ws.next().await,
        Some(Err(Error::MessageTooLarge { size, limit: 1000 }))
    );
    assert_eq!(
        ws.next().await,
        None,
        "then the end: nothing after it is read"
    );
    assert_eq!(
        server_close_code(&tag).await,
        f64::from(CloseCode::MESSAGE_TOO_BIG.get())
    );
}

#[wasm_bindgen_test]
async fn a_binary_message_over_the_limit_closes_with_3009() {
    too_large(BinaryType::ArrayBuffer, "b2000", 2000).await;
}

#[wasm_bindgen_test]
async fn a_blob_over_the_limit_closes_with_3009() {
    if crate::common::skip_on_stream("Blob mode") {
        return;
    }
    too_large(BinaryType::Blob, "b1001", 1001).await;
}

#[wasm_bindgen_test]
async fn a_text_over_the_limit_closes_with_3009() {
    too_large(BinaryType::ArrayBuffer, "t5000", 5000).await;
}

#[wasm_bindgen_test]
async fn a_message_at_the_limit_is_read() {
    let mut ws = crate::common::builder(ws_url("/burst?items=b1000,t1000"))
        .with_max_message_size(1000)
        .connect()
        .await
        .expect("connects");
    assert!(matches!(ws.next().await, Some(Ok(m)) if m.len() == 1000));
    assert!(matches!(ws.next().await, Some(Ok(m)) if m.len() == 1000));
}

async fn unread_limit(binary_type: BinaryType) {
    let tag = unique_tag("unread");
    let before = wasm_memory_bytes();
    // 64 MiB arrive for a reader that does not read.
    let mut ws = crate::common::builder(ws_url(&format!(
        "/burst?items=b1048576&repeat=64&tag={tag}"
    )))
    .with_binary_type(binary_type)
    .with_max_unread(4 * MIB)
    .connect()
    .await
    .expect("connects");
    assert_eq!(
        server_close_code(&tag).await,
        f64::from(CloseCode::UNREAD_LIMIT.get())
    );
    let mut read = 0;
    let error = loop {
        match ws.next().await {
            Some(Ok(message)) => read += message.len(),
            Some(Err(error)) => break error,
            None => panic!("the stream ended without saying why"),
        }
    };
    assert_eq!(error, Error::UnreadLimit { limit: 4 * MIB });
    assert_eq!(ws.next().await, None);
    // What was held is what is read: the limit, not the 64 MiB sent.
    assert!(read <= 4 * MIB, "{read} bytes were held");
    assert!(
        read >= 3 * MIB,
        "{read} bytes: the messages before the limit are kept"
    );
    let grown = wasm_memory_bytes().saturating_sub(before);
    assert!(grown < 16 * MIB, "wasm memory grew by {grown} bytes");
}

#[wasm_bindgen_test]
async fn a_reader_that_does_not_read_closes_at_the_unread_limit() {
    if crate::common::skip_on_stream("the stream backend applies backpressure instead") {
        return;
    }
    unread_limit(BinaryType::ArrayBuffer).await;
}

#[wasm_bindgen_test]
async fn unread_blobs_count_against_the_limit_too() {
    if crate::common::skip_on_stream("Blob mode") {
        return;
    }
    unread_limit(BinaryType::Blob).await;
}

/// Wraps `Blob.prototype.arrayBuffer` to count the reads started and the
/// most in flight at once; returns a function that restores it.
fn count_blob_reads() -> Function {
    Function::new_no_args(
        "const original = Blob.prototype.arrayBuffer;
         const counts = globalThis.__blobReads = { started: 0, inFlight: 0, most: 0 };
         Blob.prototype.arrayBuffer = function () {
             counts.started += 1;
             counts.inFlight += 1;
             counts.most = Math.max(counts.most, counts.inFlight);
             const done = () => { counts.inFlight -= 1; };
             return original.call(this).then((b) => { done(); return b; }, (e) => { done(); throw e; });
         };
         return () => { Blob.prototype.arrayBuffer = original; };",
    )
    .call0(&JsValue::UNDEFINED)
    .expect("installed")
    .unchecked_into()
}

fn blob_reads(name: &str) -> f64 {
    let counts = Reflect::get(&js_sys::global(), &"__blobReads".into()).expect("counts");
    number(&counts, name)
}

#[wasm_bindgen_test]
async fn blob_reads_wait_for_the_reader_and_run_a_few_at_a_time() {
    if crate::common::skip_on_stream("Blob mode") {
        return;
    }
    let restore = count_blob_reads();
    let mut ws = crate::common::builder(ws_url("/burst?items=b65536&repeat=40"))
        .with_binary_type(BinaryType::Blob)
        .connect()
        .await
        .expect("connects");
    sleep(Duration::from_millis(300)).await;
    let unread_reads = blob_reads("started");
    for k in 0..40u32 {
        let message = ws.next().await.expect("a message").expect("read");
        assert_eq!(message.as_bytes()[..4], k.to_le_bytes(), "in order");
    }
    let (started, most) = (blob_reads("started"), blob_reads("most"));
    restore.call0(&JsValue::UNDEFINED).expect("restored");
    assert_eq!(unread_reads, 0.0, "nothing is read before the stream is");
    assert_eq!(started, 40.0);
    assert!(most <= 4.0, "{most} reads at once");
}

#[wasm_bindgen_test]
async fn a_reconnecting_socket_reports_the_refusal_and_asks_its_policy() {
    let tag = unique_tag("too-large-reconnect");
    let mut ws = crate::common::builder(ws_url(&format!("/burst?items=b2000&tag={tag}")))
        .with_max_message_size(1000)
        .reconnecting()
        .with_policy(ReconnectPolicy::new().with_terminal_codes([CloseCode::MESSAGE_TOO_BIG.get()]))
        .start()
        .expect("starts");
    let mut events = ws.events();
    assert_eq!(
        ws.next().await,
        Some(Err(Error::MessageTooLarge {
            size: 2000,
            limit: 1000
        }))
    );
    let mut seen = Vec::new();
    while let Some(event) = events.next().await {
        let stop = matches!(event, ConnectionEvent::Stopped(_));
        seen.push(event);
        if stop {
            break;
        }
    }
    assert!(
        seen.iter()
            .any(|e| matches!(e, ConnectionEvent::Closed(close) if close.code == 3009)),
        "{seen:?}"
    );
    assert_eq!(
        seen.last(),
        Some(&ConnectionEvent::Stopped(StopReason::TerminalCode(3009)))
    );
    assert_eq!(ws.next().await, None);
}

#[wasm_bindgen_test]
async fn a_reconnecting_socket_nobody_reads_stays_within_its_limit() {
    if crate::common::skip_on_stream("the stream backend applies backpressure instead") {
        return;
    }
    let tag = unique_tag("unread-reconnect");
    let before = wasm_memory_bytes();
    let mut ws = crate::common::builder(ws_url(&format!(
        "/burst?items=b1048576&repeat=64&tag={tag}"
    )))
    .with_max_unread(4 * MIB)
    .reconnecting()
    .with_policy(ReconnectPolicy::new().with_terminal_codes([CloseCode::UNREAD_LIMIT.get()]))
    .start()
    .expect("starts");
    // Nobody reads while the server sends 64 MiB.
    assert_eq!(
        server_close_code(&tag).await,
        f64::from(CloseCode::UNREAD_LIMIT.get())
    );
    let grown = wasm_memory_bytes().saturating_sub(before);
    let mut read = 0;
    let error = loop {
        match ws.next().await {
            Some(Ok(message)) => read += message.len(),
            Some(Err(error)) => break error,
            None => panic!("the stream ended without saying why"),
        }
    };
    assert_eq!(error, Error::UnreadLimit { limit: 4 * MIB });
    assert_eq!(ws.next().await, None, "3010 is terminal by this policy");
    // The socket's limit and the reconnecting socket's own: at most twice.
    assert!(read <= 8 * MIB + MIB, "{read} bytes were held");
    assert!(grown < 24 * MIB, "wasm memory grew by {grown} bytes");
}
