//! With server-side rendering (natively, Yew's `ssr` feature): a component
//! that uses the hook renders to HTML, no socket is made (effects run only
//! in the browser), and the handle answers without one.
#![cfg(not(target_arch = "wasm32"))]

use futures::executor::block_on;
use wasm_websocket::reconnect::{Rejection, SendOutcome};
use wasm_websocket::Error;
use wasm_websocket_yew::{use_websocket, UseWebSocketOptions};
use yew::prelude::*;
use yew::LocalServerRenderer;

#[derive(Properties, PartialEq)]
struct StatusProps {
    url: AttrValue,
}

#[component]
fn Status(StatusProps { url }: &StatusProps) -> Html {
    let ws = use_websocket(url.clone(), UseWebSocketOptions::new());
    let state = ws
        .state()
        .map_or_else(|| "no socket".to_owned(), |state| state.to_string());
    html! {
        <>
            <p data-testid="state">{ state }</p>
            <p data-testid="message">{ ws.message().cloned() }</p>
            <p data-testid="url">{ url }</p>
        </>
    }
}

/// Every verb of the handle, during a render on the server. What each does
/// without a socket is the core crate's (tested there); this checks that
/// the handle gets there.
#[component]
fn Verbs() -> Html {
    let ws = use_websocket("ws://127.0.0.1:1/echo", UseWebSocketOptions::new());
    let sent = ws.send("hi");
    assert!(matches!(
        sent,
        Ok(SendOutcome::Rejected(_, Rejection::Closed))
    ));
    assert_eq!(ws.close(), Err(Error::AlreadyClosed));
    ws.open();
    ws.reconnect();
    assert_eq!((ws.state(), ws.event()), (None, None));
    html! { <p>{ "verbs checked" }</p> }
}

#[test]
fn a_component_with_the_hook_renders_without_a_socket() {
    let props = StatusProps {
        url: "ws://127.0.0.1:1/echo?tag=ssr".into(),
    };
    let html = block_on(LocalServerRenderer::<Status>::with_props(props).render());
    assert!(html.contains(">no socket<"), "{html}");
    assert!(html.contains("ws://127.0.0.1:1/echo?tag=ssr"), "{html}");
}

#[test]
fn the_handle_answers_without_a_socket() {
    let html = block_on(LocalServerRenderer::<Verbs>::new().render());
    assert!(html.contains("verbs checked"), "{html}");
}
