//! Nothing vanishes without a word: a message that arrives but cannot be
//! read is an `Err` in the reconnecting stream (which goes on after it), and
//! a send the socket throws on comes back in `SendOutcome::Failed` with the
//! message.

use crate::common::{events_until, unique_tag, ws_url};
use futures::StreamExt;
use js_sys::{Function, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{ReconnectingWebSocket, SendOutcome};
use wasm_websocket::{BinaryType, Error, Message, WebSocket};

/// Dispatches, on `raw`, a message event whose data is a Blob that cannot
/// be read (its `arrayBuffer()` rejects), as a failing disk-backed Blob
/// would.
fn dispatch_unreadable_blob(raw: &web_sys::WebSocket) {
    let make: Function = Function::new_with_args(
        "socket",
        "class Unreadable extends Blob {
             arrayBuffer() { return Promise.reject(new DOMException('the file went away', 'NotReadableError')); }
         }
         socket.dispatchEvent(new MessageEvent('message', { data: new Unreadable(['x']) }));",
    );
    make.call1(&JsValue::UNDEFINED, raw).expect("dispatched");
}

#[wasm_bindgen_test]
async fn a_message_that_cannot_be_read_is_an_error_and_the_stream_goes_on() {
    let tag = unique_tag("unreadable");
    // In Blob mode: a Blob is read into bytes, and this one's read fails.
    let mut ws = WebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_binary_type(BinaryType::Blob)
        .reconnecting()
        .with_on_open(|socket| {
            socket.try_send("before").expect("open");
            dispatch_unreadable_blob(socket.as_raw().expect("the classic backend"));
        })
        .start()
        .expect("starts");
    let mut events = ws.events();
    events_until(&mut events, "open").await;
    let unreadable = ws.next().await.expect("an item");
    match unreadable {
        Err(Error::BlobRead(js)) => assert_eq!(js.name, "NotReadableError"),
        other => panic!("expected a Blob read error, got {other:?}"),
    }
    assert_eq!(
        ws.next().await.transpose().expect("a message"),
        Some(Message::text("before")),
        "the stream goes on, in order"
    );
    assert_eq!(ws.send("after").await, SendOutcome::Sent);
    assert_eq!(
        ws.next().await.transpose().expect("a message"),
        Some(Message::text("after"))
    );
    ws.close().expect("not closed before");
}

#[wasm_bindgen_test]
async fn a_send_the_socket_throws_on_hands_the_message_back() {
    let ws = ReconnectingWebSocket::builder(ws_url("/echo"))
        .with_on_open(|socket| {
            // This connection's socket throws on every send from now on.
            let throwing = Function::new_no_args("throw new TypeError('send refused')");
            Reflect::set(
                socket.as_raw().expect("the classic backend"),
                &"send".into(),
                &throwing,
            )
            .expect("replaced");
        })
        .start()
        .expect("starts");
    let mut events = ws.events();
    events_until(&mut events, "open").await;
    match ws.try_send("precious") {
        SendOutcome::Failed(message, Error::Js(js)) => {
            assert_eq!(message, Message::text("precious"));
            assert_eq!(js.name, "TypeError");
        }
        other => panic!("expected the message back, got {other:?}"),
    }
    ws.close().expect("not closed before");
}
