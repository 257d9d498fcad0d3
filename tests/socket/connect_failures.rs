//! Connecting fails with a typed error and never hangs: refused, rejected,
//! timed out; and a connect future dropped half-way closes its socket.

use std::time::Duration;

use crate::common::{number, sleep, stats, unique_tag, ws_url};
use futures::FutureExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::Error;

#[wasm_bindgen_test]
async fn nothing_listening_is_connect_failed_1006() {
    // Port 9 (discard) has no listener on the test machine.
    match crate::common::connect("ws://127.0.0.1:9/").await {
        Err(Error::ConnectFailed(close)) => {
            assert_eq!(close.code, 1006);
            assert!(!close.was_clean);
        }
        other => panic!("expected ConnectFailed, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn an_http_error_response_is_connect_failed() {
    let tag = unique_tag("refuse");
    match crate::common::connect(ws_url(&format!("/refuse?tag={tag}"))).await {
        Err(Error::ConnectFailed(close)) => assert_eq!(close.code, 1006),
        other => panic!("expected ConnectFailed, got {other:?}"),
    }
    assert_eq!(number(&stats(&tag).await, "refused"), 1.0);
}

#[wasm_bindgen_test]
async fn a_handshake_that_never_completes_times_out() {
    let started = js_sys::Date::now();
    let result = crate::common::builder(ws_url("/hang"))
        .with_connect_timeout(Duration::from_millis(300))
        .connect()
        .await;
    let waited = js_sys::Date::now() - started;
    assert_eq!(
        result.map(|_| ()),
        Err(Error::ConnectTimeout(Duration::from_millis(300)))
    );
    assert!(waited >= 290.0, "gave up after {waited} ms");
}

#[wasm_bindgen_test]
async fn a_timeout_longer_than_the_handshake_does_not_fire() {
    let ws = crate::common::builder(ws_url("/echo?delay=100"))
        .with_connect_timeout(Duration::from_secs(5))
        .connect()
        .await
        .expect("connects within the timeout");
    assert_eq!(ws.state(), wasm_websocket::ReadyState::Open);
}

#[wasm_bindgen_test]
async fn dropping_the_connect_future_closes_the_socket() {
    let tag = unique_tag("cancel");
    // The server completes this handshake after 400 ms; the attempt is
    // abandoned after 50 ms.
    let mut connecting =
        crate::common::builder(ws_url(&format!("/echo?delay=400&tag={tag}"))).connect();
    futures::select! {
        _ = (&mut connecting).fuse() => panic!("cannot have connected yet"),
        _ = sleep(Duration::from_millis(50)).fuse() => {}
    }
    drop(connecting);
    sleep(Duration::from_millis(800)).await;
    // Had the socket lived on, the server would hold an open connection now.
    let counters = stats(&tag).await;
    assert_eq!(number(&counters, "upgrades"), 1.0);
    assert_eq!(number(&counters, "open"), 0.0);
}

#[wasm_bindgen_test]
async fn a_connecting_socket_rejects_try_send_and_queues_send() {
    let mut ws = crate::common::builder(ws_url("/echo?delay=100"))
        .start()
        .expect("starts");
    assert_eq!(ws.state(), wasm_websocket::ReadyState::Connecting);
    assert_eq!(ws.try_send("early"), Err(Error::NotYetOpen));
    // `send` waits for the open instead.
    ws.send("after open").await.expect("sent once open");
    assert_eq!(
        crate::common::next_message(&mut ws).await,
        wasm_websocket::Message::text("after open")
    );
}
