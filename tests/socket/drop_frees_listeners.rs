//! Every listener added to the browser's socket is removed again: when the
//! last handle is dropped (which also closes the socket), when a listener
//! handle is dropped, and by `into_raw` (which leaves the socket open).

use crate::common::ws_url;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::{ReadyState, WebSocket};

// Counts add/removeEventListener calls on one socket by wrapping them.
#[wasm_bindgen(inline_js = r#"
export function countListeners(socket) {
  const counts = { added: 0, removed: 0 };
  const add = socket.addEventListener.bind(socket);
  const remove = socket.removeEventListener.bind(socket);
  socket.addEventListener = (type, callback, options) => { counts.added++; add(type, callback, options); };
  socket.removeEventListener = (type, callback, options) => { counts.removed++; remove(type, callback, options); };
  return counts;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = countListeners)]
    fn count_listeners(socket: &web_sys::WebSocket) -> JsValue;
}

fn counts(counter: &JsValue) -> (f64, f64) {
    (
        crate::common::number(counter, "added"),
        crate::common::number(counter, "removed"),
    )
}

async fn open_raw() -> web_sys::WebSocket {
    let ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    ws.into_raw().expect("the classic backend")
}

#[wasm_bindgen_test]
async fn dropping_the_socket_removes_all_and_closes() {
    if crate::common::skip_on_stream("the classic socket's listeners") {
        return;
    }
    let raw = open_raw().await;
    let counter = count_listeners(&raw);
    let ws = WebSocket::from_raw(raw.clone()).expect("adopted");
    let (added, removed) = counts(&counter);
    assert!(added >= 3.0, "open, message and close listeners at least");
    assert_eq!(removed, 0.0);
    drop(ws);
    assert_eq!(counts(&counter), (added, added), "every listener removed");
    assert_eq!(ReadyState::from_raw(raw.ready_state()), ReadyState::Closing);
}

#[wasm_bindgen_test]
async fn halves_remove_the_listeners_when_both_are_gone() {
    if crate::common::skip_on_stream("the classic socket's listeners") {
        return;
    }
    let raw = open_raw().await;
    let counter = count_listeners(&raw);
    let (tx, rx) = WebSocket::from_raw(raw).expect("adopted").split();
    let (added, _) = counts(&counter);
    drop(rx);
    assert_eq!(counts(&counter), (added, 0.0));
    drop(tx);
    assert_eq!(counts(&counter), (added, added));
}

#[wasm_bindgen_test]
async fn dropping_a_listener_handle_removes_it() {
    if crate::common::skip_on_stream("the classic socket's listeners") {
        return;
    }
    let raw = open_raw().await;
    let counter = count_listeners(&raw);
    let ws = WebSocket::from_raw(raw).expect("adopted");
    let (base, _) = counts(&counter);
    let on_message = ws.on_message(|_| {}).expect("the classic backend");
    let on_close = ws.on_close(|_| {}).expect("the classic backend");
    assert_eq!(counts(&counter), (base + 2.0, 0.0));
    drop(on_message);
    drop(on_close);
    assert_eq!(counts(&counter), (base + 2.0, 2.0));
}

#[wasm_bindgen_test]
async fn into_raw_removes_them_and_keeps_the_socket_open() {
    if crate::common::skip_on_stream("the classic socket's listeners") {
        return;
    }
    let raw = open_raw().await;
    let counter = count_listeners(&raw);
    let ws = WebSocket::from_raw(raw).expect("adopted");
    let raw = ws.into_raw().expect("the classic backend");
    let (added, removed) = counts(&counter);
    assert_eq!(added, removed);
    assert_eq!(ReadyState::from_raw(raw.ready_state()), ReadyState::Open);
    raw.close().expect("closes");
}
