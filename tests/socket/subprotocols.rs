//! Subprotocols: the server's choice is reported, every offered protocol
//! reaches the server in order, and a refusal to pick one is visible.

use crate::common::{field, stats, unique_tag, ws_url};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn the_server_picks_the_first_offered_by_default() {
    let tag = unique_tag("proto-first");
    let ws = crate::common::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_protocols(["chat.v2", "chat.v1"])
        .connect()
        .await
        .expect("connects");
    assert_eq!(ws.protocol(), "chat.v2");
    let offered = field(&stats(&tag).await, "lastProtocols");
    let offered: Vec<String> = js_sys::Array::from(&offered)
        .iter()
        .filter_map(|p| p.as_string())
        .collect();
    assert_eq!(offered, ["chat.v2", "chat.v1"]);
}

#[wasm_bindgen_test]
async fn the_server_may_pick_a_later_one() {
    let ws = crate::common::builder(ws_url("/echo?accept=chat.v1"))
        .with_protocol("chat.v2")
        .with_protocol("chat.v1")
        .connect()
        .await
        .expect("connects");
    assert_eq!(ws.protocol(), "chat.v1");
}

#[wasm_bindgen_test]
async fn no_protocol_offered_means_none_chosen() {
    let ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    assert_eq!(ws.protocol(), "");
}

#[wasm_bindgen_test]
async fn a_server_that_picks_none_is_visible() {
    // RFC 6455 lets the client fail such a connection; Chromium does, Firefox
    // opens it with no protocol. Either way the application can tell.
    let result = crate::common::builder(ws_url("/echo?accept=none"))
        .with_protocol("chat.v1")
        .connect()
        .await;
    match result {
        Ok(ws) => assert_eq!(ws.protocol(), ""),
        Err(wasm_websocket::Error::ConnectFailed(close)) => {
            assert_eq!(close.code, 1006);
            assert!(!close.was_clean);
        }
        Err(other) => panic!("expected ConnectFailed or no protocol, got {other}"),
    }
}
