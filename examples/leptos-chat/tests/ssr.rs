//! With server-side rendering (the `ssr` feature, natively): the crate
//! compiles for the server, the app renders to HTML there, and no socket is
//! made, since the effect that makes it runs only in the browser.
//!
//! `cargo test --no-default-features --features ssr`
#![cfg(feature = "ssr")]

use leptos::prelude::*;
use leptos_chat::App;
use wasm_websocket::reconnect::ReconnectingWebSocket;
use wasm_websocket::Error;

#[test]
fn the_app_renders_on_the_server() {
    let owner = Owner::new();
    let html = owner
        .with(|| view! { <App url="ws://127.0.0.1:8787/echo?tag=ssr".to_owned() /> }.to_html());

    assert!(html.contains("ws://127.0.0.1:8787/echo?tag=ssr"), "{html}");
    assert!(html.contains(">Leave chat<"), "{html}");
    assert!(html.contains(r#"data-testid="chat""#), "{html}");
    // The effect did not run: no state yet, and no failed attempt to connect.
    assert!(html.contains(">not started<"), "{html}");
    assert!(!html.contains("cannot connect"), "{html}");
    assert!(!html.contains(r#"data-testid="send-problem""#), "{html}");
}

#[test]
fn the_socket_is_unsupported_off_the_browser_instead_of_panicking() {
    let error = ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo").err();
    assert!(matches!(error, Some(Error::Unsupported(_))), "{error:?}");
}
