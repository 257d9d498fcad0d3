//! Bad use says what is wrong, in the test: a server whose URLs overlap a
//! live one's panics naming both, as do a close code no server may send, a
//! refusal with 101, and a `recv_text` that finds a binary message.
//! (A panicking test leaks what it held; each uses URLs of its own.)

use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::testing::MockServer;
use wasm_websocket::WebSocket;

use super::open;

#[wasm_bindgen_test]
#[should_panic(
    expected = "MockServer::new(\"ws://bad-use.mock/overlap/chat\") cannot serve while \
                MockServer::prefix(\"ws://bad-use.mock/overlap/\") lives: both would serve \
                \"ws://bad-use.mock/overlap/chat\""
)]
fn overlapping_servers_are_named() {
    let _app = MockServer::prefix("ws://bad-use.mock/overlap/");
    let _chat = MockServer::new("ws://bad-use.mock/overlap/chat");
}

#[wasm_bindgen_test]
fn a_server_for_the_same_url_after_the_first_is_dropped_is_fine() {
    drop(MockServer::new("ws://bad-use.mock/again"));
    drop(MockServer::new("ws://bad-use.mock/again"));
}

#[wasm_bindgen_test]
#[should_panic(expected = "no server sends 1006 in a close frame")]
async fn a_close_code_no_server_sends() {
    const URL: &str = "ws://bad-use.mock/close-code";
    let server = MockServer::new(URL);
    let (_ws, conn) = open(&server, URL).await;
    drop(conn.close(1006, ""));
}

#[wasm_bindgen_test]
#[should_panic(expected = "101 accepts it: use accept()")]
async fn a_refusal_with_101() {
    const URL: &str = "ws://bad-use.mock/refuse-101";
    let server = MockServer::new(URL);
    let _ws = WebSocket::connect(URL);
    server.handshake().await.refuse(101);
}

#[wasm_bindgen_test]
#[should_panic(expected = "the client sent a binary message of 3 bytes, not text")]
async fn recv_text_of_a_binary_message() {
    const URL: &str = "ws://bad-use.mock/recv-text";
    let server = MockServer::new(URL);
    let (ws, mut conn) = open(&server, URL).await;
    ws.try_send(vec![1u8, 2, 3]).expect("sent");
    conn.recv_text().await;
}
