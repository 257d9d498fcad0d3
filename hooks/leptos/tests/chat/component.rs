//! The component under test, as an app would have it (in an app it lives
//! in `src/`, and the tests `use` it): a chat that shows the connection's
//! state, every message that arrived, in order, and what became of the
//! last message sent.

use std::fmt::Debug;

use leptos::html::Input;
use leptos::prelude::*;
use wasm_websocket::reconnect::{Backoff, ReconnectingBuilder, SendOutcome};
use wasm_websocket_leptos::{use_websocket, UseWebSocketOptions};

#[component]
pub fn Chat(
    /// The server's WebSocket URL.
    url: String,
    /// How soon to reconnect after a drop: the library's default in the
    /// app, milliseconds in a test.
    backoff: Backoff,
) -> impl IntoView {
    let messages = RwSignal::new(Vec::<String>::new());
    let options = UseWebSocketOptions::new()
        .with_builder(ReconnectingBuilder::new("").with_backoff(backoff))
        .with_on_message(move |text| messages.update(|list| list.push(text)));
    let chat = use_websocket(url, options);

    let draft = NodeRef::<Input>::new();
    let outcome = RwSignal::new(String::new());
    let send = move |_| {
        if let Some(input) = draft.get_untracked() {
            outcome.set(describe(chat.send(input.value())));
            input.set_value("");
        }
    };
    let state = move || {
        chat.state()
            .get()
            .map_or_else(|| "not started".to_owned(), |state| state.to_string())
    };
    view! {
        <section>
            <p>"Connection: " <strong data-testid="state">{state}</strong></p>
            <input data-testid="draft" node_ref=draft />
            <button data-testid="send" on:click=send>"Send"</button>
            <p data-testid="outcome">{outcome}</p>
            <ul data-testid="messages">
                {move || messages.get().into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}
            </ul>
        </section>
    }
}

/// What the page says about a send.
fn describe(sent: Result<SendOutcome, impl Debug>) -> String {
    match sent {
        Ok(SendOutcome::Sent) => "sent".to_owned(),
        Ok(SendOutcome::Queued) => "queued".to_owned(),
        other => format!("not sent: {other:?}"),
    }
}
