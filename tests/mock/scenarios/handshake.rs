//! Every way in is served by a mock server, with no network:
//! `WebSocket::connect`, `WebSocketBuilder::connect` and `start`, on any
//! backend asked for; the client sees the subprotocol (the first it offered
//! by default, or the server's choice), the extensions and the URL, and
//! the server counts each handshake.

use std::time::Duration;

use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::testing::MockServer;
use wasm_websocket::{Backend, BinaryType, ReadyState, WebSocket, WebSocketBuilder};

#[wasm_bindgen_test]
async fn connect_builder_connect_and_start_are_all_served() {
    const URL: &str = "ws://handshake.mock/ways";
    let server = MockServer::new(URL);

    let connecting = WebSocket::connect(URL);
    let _first = server.accept().await;
    let ws = connecting.await.expect("connect is served");
    assert_eq!(ws.state(), ReadyState::Open);
    assert_eq!(ws.url(), URL);
    assert_eq!(
        (ws.protocol(), ws.extensions()),
        (String::new(), String::new())
    );
    assert!(ws.as_raw().is_none(), "no browser socket behind it");
    assert_eq!(ws.backend(), Backend::Classic);

    let connecting = WebSocket::builder(URL)
        .with_connect_timeout(Duration::from_secs(5))
        .with_binary_type(BinaryType::Blob)
        .connect();
    let _second = server.accept().await;
    let built = connecting.await.expect("the builder's connect is served");
    assert_eq!(built.binary_type(), BinaryType::Blob);

    let mut started = WebSocketBuilder::new(URL).start().expect("start is served");
    assert_eq!(started.state(), ReadyState::Connecting);
    let mut third = server.accept().await;
    // A send through the Sink waits for the open.
    started.send("after the open").await.expect("sent");
    assert_eq!(third.recv_text().await, "after the open");

    assert_eq!(server.handshakes(), 3);
    assert_eq!(server.accepted(), 3);
    assert_eq!(server.open_connections(), 3);
}

#[wasm_bindgen_test]
async fn the_first_offered_subprotocol_is_chosen_by_default() {
    const URL: &str = "ws://handshake.mock/default-protocol";
    let server = MockServer::new(URL);
    let connecting = WebSocket::builder(URL)
        .with_protocols(["chat.v2", "chat.v1"])
        .connect();
    let conn = server.accept().await;
    assert_eq!(conn.protocols(), ["chat.v2", "chat.v1"]);
    assert_eq!(conn.protocol(), "chat.v2");
    assert_eq!(connecting.await.expect("opens").protocol(), "chat.v2");
}

#[wasm_bindgen_test]
async fn the_server_chooses_the_subprotocol_and_the_extensions() {
    const URL: &str = "ws://handshake.mock/chosen";
    let server = MockServer::new(URL);
    let connecting = WebSocket::builder(URL)
        .with_protocols(["chat.v2", "chat.v1"])
        .connect();
    let handshake = server.handshake().await;
    assert_eq!(handshake.url(), URL);
    assert_eq!(handshake.protocols(), ["chat.v2", "chat.v1"]);
    let conn = handshake
        .with_protocol("chat.v1")
        .with_extensions("permessage-deflate")
        .accept();
    let ws = connecting.await.expect("opens");
    assert_eq!(ws.protocol(), "chat.v1");
    assert_eq!(ws.extensions(), "permessage-deflate");
    assert_eq!(conn.extensions(), "permessage-deflate");

    // None at all, although the client offered some: allowed.
    let connecting = WebSocket::builder(URL).with_protocol("chat.v1").connect();
    let conn = server.handshake().await.with_protocol("").accept();
    assert_eq!(conn.protocol(), "");
    assert_eq!(connecting.await.expect("opens").protocol(), "");
}

#[wasm_bindgen_test]
async fn a_prefix_server_serves_every_url_under_it() {
    let server = MockServer::prefix("ws://handshake.mock/rooms/");
    let _a = WebSocket::builder("ws://handshake.mock/rooms/1").start();
    let _b = WebSocket::builder("ws://handshake.mock/rooms/2?token=x").start();
    assert_eq!(
        server.handshake().await.url(),
        "ws://handshake.mock/rooms/1"
    );
    assert_eq!(
        server.handshake().await.url(),
        "ws://handshake.mock/rooms/2?token=x"
    );
    assert_eq!(server.handshakes(), 2);
}

#[wasm_bindgen_test]
async fn every_backend_asked_for_is_served() {
    const URL: &str = "ws://handshake.mock/backends";
    let server = MockServer::new(URL);
    for backend in [Backend::Classic, Backend::Stream, Backend::Auto] {
        let connecting = WebSocket::builder(URL).with_backend(backend).connect();
        let _conn = server.accept().await;
        let ws = connecting.await.expect("served, whatever the browser has");
        assert_eq!(ws.backend(), Backend::Classic, "asked for {backend:?}");
    }
}
