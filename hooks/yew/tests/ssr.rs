//! With server-side rendering (natively, Yew's `ssr` feature): a component
//! that uses the hook renders to HTML, no socket is made (effects run only
//! in the browser), and the handle answers without one.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use futures::executor::block_on;
use wasm_websocket::codec::Json;
use wasm_websocket::reconnect::{Rejection, SendOutcome};
use wasm_websocket::{Error, Message};
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

/// Every verb of the handle, during a render on the server.
#[component]
fn Verbs() -> Html {
    let ws = use_websocket("ws://127.0.0.1:1/echo", UseWebSocketOptions::new());
    assert_eq!(
        ws.send("hi"),
        Ok(SendOutcome::Rejected(
            Message::text("hi"),
            Rejection::Closed
        ))
    );
    assert_eq!(ws.close(), Err(Error::AlreadyClosed));
    assert_eq!(ws.close_with(1001, ""), Err(Error::InvalidCloseCode(1001)));
    ws.open();
    ws.reconnect();
    assert_eq!(ws.event(), None);
    // JSON object keys must be strings.
    let typed = use_websocket(
        "ws://127.0.0.1:1/echo",
        UseWebSocketOptions::<BTreeMap<(u8, u8), u8>, _>::typed(Json),
    );
    assert!(typed.send(BTreeMap::from([((1, 2), 3)])).is_err());
    assert!(matches!(
        typed.send(BTreeMap::new()),
        Ok(SendOutcome::Rejected(_, Rejection::Closed))
    ));
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
