//! Dropping the server drops every connection it holds, whether the test
//! kept its `MockConnection` or not (1006, not clean), fails the handshakes
//! still waiting, and frees its URL for a new server.

use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::testing::MockServer;
use wasm_websocket::{Error, WebSocket};

use super::open;

#[wasm_bindgen_test]
async fn its_clients_see_1006_and_its_url_is_free_again() {
    const URL: &str = "ws://dropped.mock/server";
    let server = MockServer::new(URL);
    let (kept, conn) = open(&server, URL).await;
    let (forgotten, conn_dropped) = open(&server, URL).await;
    drop(conn_dropped); // the server still holds that connection
    let waiting = WebSocket::connect(URL);
    drop(server);

    for ws in [&kept, &forgotten] {
        let close = ws.closed().await;
        assert_eq!((close.code, close.was_clean), (1006, false));
    }
    assert_eq!(conn.closed().await.code, 1006);
    match waiting.await {
        Err(Error::ConnectFailed(close)) => assert_eq!(close.code, 1006),
        other => panic!("expected ConnectFailed, got {other:?}"),
    }

    let again = MockServer::new(URL);
    let (ws, _conn) = open(&again, URL).await;
    assert_eq!(ws.url(), URL);
}
