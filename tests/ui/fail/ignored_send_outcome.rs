// A send's outcome hands back a message it did not take: ignoring it is a
// warning (an error here), never a silent drop.
#![deny(unused_must_use)]

use wasm_websocket::reconnect::ReconnectingWebSocket;

fn main() {
    let ws = ReconnectingWebSocket::start("ws://h/").expect("starts");
    ws.try_send("lost?");
}
