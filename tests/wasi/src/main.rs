//! Every way in fails with `Error::Unsupported` on a WASI host: no panic,
//! and (checked by scripts/wasi.mjs) no import but WASI's own.

use futures::executor::block_on;
use wasm_websocket::reconnect::ReconnectingWebSocket;
use wasm_websocket::{Error, WebSocket};

fn report(what: &str, result: Result<(), Error>) {
    match result {
        Err(error @ Error::Unsupported(_)) => println!("{what}: unsupported: {error}"),
        other => println!("{what}: UNEXPECTED {other:?}"),
    }
}

fn main() {
    report(
        "connect",
        block_on(WebSocket::connect("ws://127.0.0.1:1/")).map(drop),
    );
    report(
        "start",
        WebSocket::builder("ws://127.0.0.1:1/").start().map(drop),
    );
    report(
        "reconnecting",
        ReconnectingWebSocket::start("ws://127.0.0.1:1/").map(drop),
    );
    println!("done");
}
