//! A small chat in Leptos against the test server's `/echo` endpoint, with
//! wasm-websocket's reconnecting socket.
//!
//! The socket belongs to the `Chat` component: an effect makes it once the
//! component is mounted, and the effect's `on_cleanup` closes it when the
//! component goes away ("Leave chat"). Effects run only in the browser, so
//! with the `ssr` feature the same components render on the server, without
//! a socket.

use futures::channel::oneshot;
use futures::{select_biased, StreamExt};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_websocket::reconnect::{
    ConnectionEvent, ConnectionEvents, ConnectionState, ReconnectingWebSocket, SendOutcome,
    SyncReconnectingSender,
};
use wasm_websocket::Message;

/// The page: the chat, and a button that unmounts and mounts it again.
#[component]
pub fn App(
    /// The WebSocket URL the chat connects to.
    url: String,
) -> impl IntoView {
    let joined = RwSignal::new(true);
    let shown = url.clone();

    view! {
        <main>
            <h1>"Leptos chat"</h1>
            <p>"Server: " <code data-testid="url">{shown}</code></p>
            <button data-testid="toggle" on:click=move |_| joined.update(|joined| *joined = !*joined)>
                {move || if joined.get() { "Leave chat" } else { "Join chat" }}
            </button>
            <Show when=move || joined.get()>
                <Chat url=url.clone() />
            </Show>
        </main>
    }
}

/// One connection's worth of chat: its state, what happened to it, what
/// came in, and a send box.
#[component]
pub fn Chat(
    /// The WebSocket URL to connect to.
    url: String,
) -> impl IntoView {
    let chat = ChatSignals {
        state: RwSignal::new(None),
        events: RwSignal::new(Vec::new()),
        messages: RwSignal::new(Vec::new()),
    };
    let problem = RwSignal::new(None::<String>);
    // A plain (thread-safe) signal can hold the sender because it is
    // `Send + Sync`; `None` until the effect has made the socket.
    let sender = RwSignal::new(None::<SyncReconnectingSender>);

    // Effects run after the component is mounted, and only in the browser:
    // on the server this never runs and no socket is made.
    Effect::new(move |_| match ReconnectingWebSocket::start(url.as_str()) {
        Ok(ws) => {
            sender.set(Some(ws.sync_sender()));
            // Subscribed now, before the socket's own task first runs,
            // so that the log starts with the first attempt.
            let events = ws.events();
            let (stop, stopped) = oneshot::channel();
            spawn_local(drive(ws, events, stopped, chat));
            // Runs when the component is unmounted: the effect's owner
            // is a child of the component's, and is cleaned up with it.
            on_cleanup(move || {
                let _ = stop.send(());
            });
        }
        Err(error) => problem.set(Some(format!("cannot connect: {error}"))),
    });

    // An action's future must be `Send`: the `SyncReconnectingSender` and the future
    // its `send` returns are.
    let send = Action::new(move |text: &String| {
        let sender = sender.get_untracked();
        let text = text.clone();
        async move { Some(sender?.try_send(text).await) }
    });
    let send_problem = move || match send.value().get() {
        Some(Some(outcome)) if !outcome.is_accepted() => Some(not_sent(outcome)),
        _ => problem.get(),
    };

    let text = RwSignal::new(String::new());
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let message = text.get_untracked();
        if !message.is_empty() {
            send.dispatch(message);
            text.set(String::new());
        }
    };

    let state = move || {
        chat.state
            .get()
            .map_or_else(|| "not started".to_owned(), |state| format!("{state:?}"))
    };
    view! {
        <section data-testid="chat">
            <p>"Connection: " <strong data-testid="state">{state}</strong></p>
            <form data-testid="send-form" on:submit=on_submit>
                <input data-testid="message-input" placeholder="Say something" bind:value=text />
                <button data-testid="send" type="submit" disabled=move || sender.with(Option::is_none)>
                    "Send"
                </button>
            </form>
            {move || send_problem().map(|problem| view! { <p data-testid="send-problem">{problem}</p> })}
            <h2>"Messages"</h2>
            <ul data-testid="messages">
                // Append-only lists: the index is a stable key.
                <For each=move || chat.messages.get().into_iter().enumerate() key=|(i, _)| *i let((_, text))>
                    <li>{text}</li>
                </For>
            </ul>
            <h2>"Connection events"</h2>
            <ol data-testid="events">
                <For each=move || chat.events.get().into_iter().enumerate() key=|(i, _)| *i let((_, event))>
                    <li>{event}</li>
                </For>
            </ol>
        </section>
    }
}

/// What the socket's task writes to.
#[derive(Clone, Copy)]
struct ChatSignals {
    state: RwSignal<Option<ConnectionState>>,
    events: RwSignal<Vec<String>>,
    messages: RwSignal<Vec<String>>,
}

/// Runs for as long as one `Chat` is mounted: hands the socket's events and
/// messages to the component's signals, and closes the socket once `stop`
/// fires (or its sender is dropped with the effect's cleanup).
async fn drive(
    mut ws: ReconnectingWebSocket,
    mut events: ConnectionEvents,
    mut stop: oneshot::Receiver<()>,
    chat: ChatSignals,
) {
    loop {
        // Biased, `stop` first: once the component is gone, its signals are
        // disposed, and nothing more is written to them.
        select_biased! {
            _ = stop => break,
            event = events.next() => {
                if let Some(event) = event {
                    chat.events.update(|events| events.push(describe(&event)));
                    chat.state.set(Some(ws.state()));
                }
            }
            message = ws.next() => {
                if let Some(message) = message {
                    let text = match message {
                        Ok(Message::Text(text)) => text,
                        Ok(Message::Binary(bytes)) => format!("({} bytes)", bytes.len()),
                        Err(error) => format!("(a message could not be read: {error})"),
                    };
                    chat.messages.update(|messages| messages.push(text));
                }
            }
            complete => break,
        }
    }
    // Closed here, explicitly (dropping `ws` would do the same): the send
    // box's sender answers `Rejected` from now on. It fails only if the
    // socket is closed already.
    let _ = ws.close();
}

/// One line of the event log.
fn describe(event: &ConnectionEvent) -> String {
    match event {
        ConnectionEvent::Connecting { attempt, .. } => format!("connecting (attempt {attempt})"),
        ConnectionEvent::Open => "open".to_owned(),
        ConnectionEvent::Closed(close) => format!("closed: {close}"),
        ConnectionEvent::Reconnecting { attempt, delay } => {
            format!("reconnecting: retry {attempt} in {} ms", delay.as_millis())
        }
        ConnectionEvent::AttemptFailed { attempt, error } => {
            format!("attempt {attempt} failed: {error}")
        }
        other => format!("{other:?}"),
    }
}

fn not_sent(outcome: SendOutcome) -> String {
    match outcome {
        SendOutcome::Rejected(_, why) => format!("not sent: {why}"),
        other => format!("not sent: {other:?}"),
    }
}
