//! A small chat in Leptos against the test server's `/echo` endpoint, with
//! wasm-websocket's `use_websocket` hook.
//!
//! The socket belongs to the `Chat` component: the hook starts it once the
//! component is mounted and closes it when the component goes away ("Leave
//! chat"); a new server URL closes it and opens one to the new URL. The
//! hook's effect runs only in the browser, so with the `ssr` feature the
//! same components render on the server, without a socket.

use std::str::Utf8Error;

use leptos::prelude::*;
use wasm_websocket::reconnect::SendOutcome;
use wasm_websocket_leptos::{use_websocket, UseWebSocketOptions};

/// The page: the server's URL (which can be changed), the chat, and a
/// button that unmounts and mounts it again.
#[component]
pub fn App(
    /// The WebSocket URL the chat connects to first.
    url: String,
) -> impl IntoView {
    let joined = RwSignal::new(true);
    let server = RwSignal::new(url);
    let next = RwSignal::new(String::new());
    let switch = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        server.set(next.get_untracked());
    };

    view! {
        <main>
            <h1>"Leptos chat"</h1>
            <p>"Server: " <code data-testid="url">{server}</code></p>
            <form data-testid="url-form" on:submit=switch>
                <input data-testid="url-input" placeholder="Another server URL" bind:value=next />
                <button data-testid="switch" type="submit">"Switch server"</button>
            </form>
            <button data-testid="toggle" on:click=move |_| joined.update(|joined| *joined = !*joined)>
                {move || if joined.get() { "Leave chat" } else { "Join chat" }}
            </button>
            <Show when=move || joined.get()>
                <Chat url=server.into() />
            </Show>
        </main>
    }
}

/// One connection's worth of chat: its state, what happened to it, what
/// came in, and a send box.
#[component]
pub fn Chat(
    /// The WebSocket URL to connect to; a new one reconnects there.
    url: Signal<String>,
) -> impl IntoView {
    let (messages, events) = (RwSignal::new(Vec::new()), RwSignal::new(Vec::new()));
    let options = UseWebSocketOptions::new()
        .with_on_message(move |text| messages.update(|list| list.push(text)))
        .with_on_error(move |error| {
            let text = format!("(a message could not be read: {error})");
            messages.update(|list| list.push(text));
        })
        .with_on_event(move |event| events.update(|list| list.push(event.to_string())));
    let chat = use_websocket(url, options);

    let (text, report) = (RwSignal::new(String::new()), RwSignal::new(None));
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let message = text.get_untracked();
        if !message.is_empty() {
            report.set(Some(send_report(chat.send(message))));
            text.set(String::new());
        }
    };
    let state = move || chat.state().get().map(|state| format!("{state:?}"));
    view! {
        <section data-testid="chat">
            <p>"Connection: " <strong data-testid="state">{move || state().unwrap_or("not started".into())}</strong></p>
            <form data-testid="send-form" on:submit=on_submit>
                <input data-testid="message-input" placeholder="Say something" bind:value=text />
                <button data-testid="send" type="submit">"Send"</button>
            </form>
            {move || report.get().map(|(id, text)| view! { <p data-testid=id>{text}</p> })}
            <h2>"Messages"</h2>
            <ul data-testid="messages">
                {move || messages.get().into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}
            </ul>
            <h2>"Connection events"</h2>
            <ol data-testid="events">
                {move || events.get().into_iter().map(|event| view! { <li>{event}</li> }).collect_view()}
            </ol>
        </section>
    }
}

/// The line the page shows about a send: its test id, and its text.
fn send_report(sent: Result<SendOutcome, Utf8Error>) -> (&'static str, String) {
    match sent {
        Ok(outcome @ (SendOutcome::Sent | SendOutcome::Queued)) => {
            ("send-outcome", format!("{outcome:?}").to_lowercase())
        }
        Ok(SendOutcome::Rejected(_, why)) => ("send-problem", format!("not sent: {why}")),
        other => ("send-problem", format!("not sent: {other:?}")),
    }
}
