//! The scenarios that run in a worker: one connection (either backend
//! where the worker has it), the reconnecting socket across a server-side
//! drop, and its `online`/`offline` trigger on the worker's own global
//! scope.

use std::time::Duration;

use crate::common::{control, dispatch_on_global, events_until, unique_tag, ws_url};
use futures::StreamExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{ConnectionState, ReconnectingWebSocket, SendOutcome};
use wasm_websocket::{Backend, Message, WebSocket};

#[wasm_bindgen_test]
async fn there_is_no_window() {
    assert!(web_sys::window().is_none(), "this runs in a worker");
}

async fn echo_and_close(backend: Backend) -> Backend {
    let mut ws = WebSocket::builder(ws_url("/echo"))
        .with_backend(backend)
        .connect()
        .await
        .expect("connects");
    ws.send("from a worker").await.expect("sent");
    ws.send(vec![1u8, 2, 3]).await.expect("sent");
    assert_eq!(
        ws.next().await.transpose().expect("a message"),
        Some(Message::text("from a worker"))
    );
    assert_eq!(
        ws.next().await.transpose().expect("a message"),
        Some(Message::binary([1u8, 2, 3]))
    );
    ws.close_with(4000, "done").expect("closes");
    let closed = ws.closed().await;
    assert_eq!((closed.code, closed.was_clean), (4000, true));
    ws.backend()
}

#[wasm_bindgen_test]
async fn a_classic_socket_echoes_and_closes() {
    assert_eq!(echo_and_close(Backend::Classic).await, Backend::Classic);
}

/// `Auto` finds `WebSocketStream` on the worker's global scope where the
/// browser has it (Chromium), and falls back to the classic socket.
#[wasm_bindgen_test]
async fn the_automatic_backend_finds_what_the_worker_has() {
    let has_stream =
        js_sys::Reflect::has(&js_sys::global(), &"WebSocketStream".into()).unwrap_or(false);
    let expected = if has_stream {
        Backend::Stream
    } else {
        Backend::Classic
    };
    assert_eq!(echo_and_close(Backend::Auto).await, expected);
}

#[wasm_bindgen_test]
async fn a_reconnecting_socket_comes_back_after_a_drop() {
    let tag = unique_tag("worker-reconnect");
    let mut ws = ReconnectingWebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_backoff(crate::common::exact_backoff(20))
        .start()
        .expect("starts");
    let mut events = ws.events();
    events_until(&mut events, "open").await;
    control(&format!("drop?tag={tag}")).await;
    events_until(&mut events, "closed 1006").await;
    assert_eq!(ws.try_send("queued meanwhile"), SendOutcome::Queued);
    events_until(&mut events, "open").await;
    assert_eq!(
        ws.next().await.transpose().expect("a message"),
        Some(Message::text("queued meanwhile"))
    );
    ws.close().expect("not closed before");
}

/// Workers have `online`/`offline` and `navigator.onLine` too, on their own
/// global scope: a retry waits for `online` there as in a window.
#[wasm_bindgen_test]
async fn offline_and_online_steer_the_retries_in_a_worker() {
    let tag = unique_tag("worker-offline");
    let (ws, mut events) = crate::common::start_refused(&tag, 300, |builder| builder).await;
    dispatch_on_global("offline");
    assert_eq!(
        events_until(&mut events, "offline 1").await,
        Vec::<String>::new()
    );
    assert_eq!(ws.state(), ConnectionState::Offline);
    crate::common::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        ws.state(),
        ConnectionState::Offline,
        "the timer was cancelled"
    );
    control(&format!("refuse?ms=0&tag={tag}")).await;
    dispatch_on_global("online");
    assert_eq!(
        events_until(&mut events, "open").await,
        ["resumed 1 Online", "connecting 1 after 0"]
    );
    ws.close().expect("not closed before");
}
