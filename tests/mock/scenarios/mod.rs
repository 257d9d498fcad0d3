//! The mock server's scenarios, shared by the browser binary (tests/mock),
//! the worker binary and the Node binary; each uses URLs of its own, so
//! that no two scenarios meet in the registry.

mod abrupt_drop;
mod bad_use;
mod client_close;
mod delayed_handshake;
mod doc_examples;
mod handshake;
mod messages;
mod reconnect_drop;
mod reconnect_refused;
mod refused;
mod server_close;
mod server_dropped;
mod silent;

use wasm_websocket::testing::{MockConnection, MockServer};
use wasm_websocket::WebSocket;

/// Connects to `url` and accepts the handshake: the client's socket and the
/// server's side of it.
async fn open(server: &MockServer, url: &str) -> (WebSocket, MockConnection) {
    let connecting = WebSocket::connect(url);
    let conn = server.accept().await;
    (connecting.await.expect("the mock accepted"), conn)
}
