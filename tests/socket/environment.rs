//! The socket is made with whatever constructor the caller gives (a `ws`
//! package in Node, a wrapper in a test), and where the global scope has no
//! `WebSocket` and none was given, every way in fails with
//! `Error::Unsupported` saying so: the reconnecting socket does not start
//! instead of retrying forever.

use crate::common::{next_message, ws_url};
use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::ReconnectingWebSocket;
use wasm_websocket::{Error, Message};

/// A subclass of the global `WebSocket` that counts its constructions.
fn counting_constructor() -> Function {
    Function::new_no_args(
        "globalThis.__made = 0;
         return class Counted extends WebSocket {
             constructor(...args) { super(...args); globalThis.__made += 1; }
         };",
    )
    .call0(&JsValue::UNDEFINED)
    .expect("a class")
    .unchecked_into()
}

fn made() -> f64 {
    Reflect::get(&js_sys::global(), &"__made".into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0)
}

#[wasm_bindgen_test]
async fn the_given_constructor_makes_the_socket() {
    if crate::common::skip_on_stream("a custom constructor is the classic socket's") {
        return;
    }
    let mut ws = crate::common::builder(ws_url("/echo"))
        .with_constructor(counting_constructor())
        .with_protocols(["chat.v1"])
        .connect()
        .await
        .expect("connects");
    assert_eq!(made(), 1.0);
    assert_eq!(ws.protocol(), "chat.v1", "the protocols were passed on");
    ws.send("through the subclass").await.expect("sent");
    assert_eq!(
        next_message(&mut ws).await,
        Message::text("through the subclass")
    );
}

#[wasm_bindgen_test]
async fn without_a_global_websocket_every_way_in_is_unsupported() {
    if crate::common::skip_on_stream("a custom constructor is the classic socket's") {
        return;
    }
    let global = js_sys::global();
    let original = Reflect::get(&global, &"WebSocket".into()).expect("a global");
    Reflect::set(&global, &"WebSocket".into(), &JsValue::UNDEFINED).expect("hidden");
    let plain = crate::common::connect(ws_url("/echo")).await.map(drop);
    let started = crate::common::builder(ws_url("/echo")).start().map(drop);
    let reconnecting = ReconnectingWebSocket::start(ws_url("/echo")).map(drop);
    // A constructor given explicitly still works.
    let given = crate::common::builder(ws_url("/echo"))
        .with_constructor(original.clone().unchecked_into())
        .connect()
        .await
        .map(drop);
    Reflect::set(&global, &"WebSocket".into(), &original).expect("restored");
    for result in [plain, started, reconnecting] {
        match result {
            Err(Error::Unsupported(reason)) => assert!(reason.contains("WebSocket"), "{reason}"),
            other => panic!("expected Unsupported, got {other:?}"),
        }
    }
    assert_eq!(given, Ok(()));
}
