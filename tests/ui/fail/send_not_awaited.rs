// `send` is a future: called without `.await`, it sends nothing, and the
// compiler says so.
#![deny(unused_must_use)]

use wasm_websocket::reconnect::ReconnectingWebSocket;

fn main() {
    let ws = ReconnectingWebSocket::start("ws://h/").expect("starts");
    ws.send("never sent");
}
