//! With server-side rendering (natively, Leptos's `ssr` feature): a
//! component that uses the hook renders to HTML, no socket is made (the
//! effect that makes it runs only in the browser), and the handle answers
//! without one.
#![cfg(not(target_arch = "wasm32"))]

use leptos::prelude::*;
use wasm_websocket::reconnect::{Rejection, SendOutcome};
use wasm_websocket::{Error, Message};
use wasm_websocket_leptos::{use_websocket, UseWebSocketOptions};

#[component]
fn Status(url: Signal<String>) -> impl IntoView {
    let ws = use_websocket(url, UseWebSocketOptions::new());
    let state = move || {
        ws.state()
            .get()
            .map_or_else(|| "no socket".to_owned(), |state| state.to_string())
    };
    view! {
        <p data-testid="state">{state}</p>
        <p data-testid="message">{move || ws.message().get()}</p>
        <p data-testid="url">{url}</p>
    }
}

#[test]
fn a_component_with_the_hook_renders_without_a_socket() {
    let owner = Owner::new();
    let html = owner.with(|| {
        let url = RwSignal::new("ws://127.0.0.1:1/echo?tag=ssr".to_owned());
        view! { <Status url=url.into() /> }.to_html()
    });
    assert!(html.contains(">no socket<"), "{html}");
    assert!(html.contains("ws://127.0.0.1:1/echo?tag=ssr"), "{html}");
}

/// What each verb does without a socket is the core crate's (tested
/// there); this checks that the handle gets there.
#[test]
fn the_handle_answers_without_a_socket() {
    let owner = Owner::new();
    owner.with(|| {
        let ws = use_websocket("ws://127.0.0.1:1/echo", UseWebSocketOptions::new());
        let rejected = SendOutcome::Rejected(Message::text("hi"), Rejection::Closed);
        assert_eq!(ws.send("hi"), Ok(rejected));
        assert_eq!(ws.close(), Err(Error::AlreadyClosed));
        ws.open();
        ws.reconnect();
        assert_eq!(ws.state().get_untracked(), None);
        assert_eq!(ws.message().get_untracked(), None);
        assert_eq!(ws.event().get_untracked(), None);
    });
}

#[test]
fn a_handle_used_after_its_component_is_gone_says_so() {
    let owner = Owner::new();
    let ws = owner.with(|| use_websocket("ws://127.0.0.1:1/echo", UseWebSocketOptions::new()));
    owner.cleanup();
    assert!(matches!(
        ws.send("late"),
        Ok(SendOutcome::Failed(_, Error::AlreadyClosed))
    ));
    assert_eq!(ws.close(), Err(Error::AlreadyClosed));
    ws.open();
}
