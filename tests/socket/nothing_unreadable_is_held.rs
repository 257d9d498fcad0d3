//! Nothing is held for a reader that cannot exist: once the receiving side
//! is dropped, messages are discarded, and while an `on_message` listener
//! lives, messages go to it alone; neither socket reaches `max_unread`, and
//! a message over `max_message_size` still closes either with 3009.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use crate::common::{field, number, sleep, stats, unique_tag, ws_url};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

const MIB: usize = 1 << 20;
/// The burst: five times the unread limit.
const COUNT: u32 = 40;

/// Waits (up to 10 s) until the server has sent the whole burst.
async fn burst_sent(tag: &str) {
    for _ in 0..500 {
        if number(&stats(tag).await, "messagesSent") >= f64::from(COUNT) {
            return;
        }
        sleep(Duration::from_millis(20)).await;
    }
    panic!("the server never sent the burst of {tag}");
}

/// The codes of the connection ends the server has seen for `tag`.
async fn server_closes(tag: &str) -> Vec<f64> {
    js_sys::Array::from(&field(&stats(tag).await, "closes"))
        .iter()
        .map(|close| number(&close, "code"))
        .collect()
}

#[wasm_bindgen_test]
async fn a_dropped_receiver_leaves_nothing_to_hold() {
    let tag = unique_tag("sender-only");
    let (mut tx, rx) = crate::common::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_max_unread(8 * MIB)
        .connect()
        .await
        .expect("connects")
        .split();
    drop(rx);
    tx.send(format!("burst b{MIB} {COUNT}"))
        .await
        .expect("sent");
    burst_sent(&tag).await;
    sleep(Duration::from_millis(200)).await;
    // Not closed at the unread limit: the sender goes on.
    assert_eq!(tx.state(), wasm_websocket::ReadyState::Open);
    tx.send("still open").await.expect("sent");
    assert!(server_closes(&tag).await.is_empty());
    // The server's close comes behind the 40 MiB: seeing it means every
    // message arrived, and none of them closed the connection.
    crate::common::control(&format!("close?tag={tag}&code=4000")).await;
    let timeout = Box::pin(sleep(Duration::from_secs(10)));
    let closed = match futures::future::select(tx.closed(), timeout).await {
        futures::future::Either::Left((closed, _)) => closed,
        futures::future::Either::Right(_) => panic!("the server's close never arrived"),
    };
    assert_eq!((closed.code, closed.was_clean), (4000, true), "{closed}");
    assert_eq!(server_closes(&tag).await, [4000.0]);
}

#[wasm_bindgen_test]
async fn a_callback_only_socket_holds_nothing_and_the_listener_sees_everything() {
    if crate::common::skip_on_stream("on_message listeners") {
        return;
    }
    let tag = unique_tag("callback-only");
    let mut ws = crate::common::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_max_unread(8 * MIB)
        .connect()
        .await
        .expect("connects");
    let count = Rc::new(Cell::new(0u32));
    let bytes = Rc::new(Cell::new(0usize));
    let in_order = Rc::new(Cell::new(true));
    let listener = ws
        .on_message({
            let (count, bytes, in_order) = (count.clone(), bytes.clone(), in_order.clone());
            move |event| {
                let data = js_sys::Uint8Array::new(&event.data().unchecked_into());
                let mut head = [0u8; 4];
                data.subarray(0, 4).copy_to(&mut head);
                in_order.set(in_order.get() && u32::from_le_bytes(head) == count.get());
                count.set(count.get() + 1);
                bytes.set(bytes.get() + data.length() as usize);
            }
        })
        .expect("the classic backend");
    ws.send(format!("burst b{MIB} {COUNT}"))
        .await
        .expect("sent");
    for _ in 0..500 {
        if count.get() == COUNT {
            break;
        }
        sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        (count.get(), bytes.get(), in_order.get()),
        (COUNT, COUNT as usize * MIB, true),
        "every message, once, in order"
    );
    assert_eq!(ws.state(), wasm_websocket::ReadyState::Open);
    assert!(server_closes(&tag).await.is_empty());
    // Nothing was queued for the stream: once the listener is gone, the
    // next message is the first the stream yields.
    drop(listener);
    ws.send("after").await.expect("sent");
    assert_eq!(
        crate::common::next_message(&mut ws).await,
        wasm_websocket::Message::text("after")
    );
}

/// Waits (up to 2 s) until the server has seen the tag's connection end.
async fn server_close_code(tag: &str) -> f64 {
    for _ in 0..100 {
        if let Some(code) = server_closes(tag).await.first() {
            return *code;
        }
        sleep(Duration::from_millis(20)).await;
    }
    panic!("the server never saw the connection of {tag} close");
}

#[wasm_bindgen_test]
async fn a_message_nobody_reads_still_closes_at_the_size_limit() {
    let tag = unique_tag("unread-too-large");
    let (tx, rx) = crate::common::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_max_message_size(1000)
        .connect()
        .await
        .expect("connects")
        .split();
    drop(rx);
    tx.try_send("burst t10,b2000,t10").expect("sent");
    assert_eq!(server_close_code(&tag).await, 3009.0);
    assert_eq!(tx.closed().await.code, 3009);
}

#[wasm_bindgen_test]
async fn a_listener_gets_the_message_over_the_size_limit_and_nothing_after() {
    if crate::common::skip_on_stream("on_message listeners") {
        return;
    }
    let tag = unique_tag("heard-too-large");
    let ws = crate::common::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_max_message_size(1000)
        .connect()
        .await
        .expect("connects");
    let sizes = Rc::new(std::cell::RefCell::new(Vec::new()));
    let _listener = ws
        .on_message({
            let sizes = sizes.clone();
            move |event| {
                let data = event.data();
                let size = match data.as_string() {
                    Some(text) => text.len(),
                    None => data.unchecked_into::<js_sys::ArrayBuffer>().byte_length() as usize,
                };
                sizes.borrow_mut().push(size);
            }
        })
        .expect("the classic backend");
    ws.try_send("burst t10,b2000,t10").expect("sent");
    assert_eq!(server_close_code(&tag).await, 3009.0);
    assert_eq!(ws.closed().await.code, 3009);
    assert_eq!(*sizes.borrow(), [10, 2000]);
}
