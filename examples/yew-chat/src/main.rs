//! A small chat in Yew against the test server's `/echo` endpoint, with
//! wasm-websocket's reconnecting socket.
//!
//! The socket belongs to the `Chat` component: it is made by an effect once
//! the component is mounted, and the effect's teardown closes it when the
//! component goes away ("Leave chat"). Nothing outlives the component: the
//! socket's listeners are removed with it, and the one task that reads it
//! ends there too.

use std::rc::Rc;

use futures::channel::oneshot;
use futures::{select_biased, StreamExt};
use wasm_websocket::reconnect::{
    ConnectionEvent, ConnectionEvents, ConnectionState, ReconnectingWebSocket, SendOutcome,
    SyncReconnectingSender,
};
use wasm_websocket::Message;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

fn main() {
    let url = server_url().into();
    yew::Renderer::<App>::with_props(AppProps { url }).render();
}

#[derive(Properties, PartialEq)]
struct AppProps {
    url: AttrValue,
}

/// The page: the chat, and a button that unmounts and mounts it again.
#[component]
fn App(AppProps { url }: &AppProps) -> Html {
    let joined = use_state(|| true);
    let toggle = {
        let joined = joined.clone();
        Callback::from(move |_| joined.set(!*joined))
    };

    html! {
        <main>
            <h1>{ "Yew chat" }</h1>
            <p>{ "Server: " }<code data-testid="url">{ url }</code></p>
            <button data-testid="toggle" onclick={toggle}>
                { if *joined { "Leave chat" } else { "Join chat" } }
            </button>
            if *joined {
                <Chat url={url.clone()} />
            }
        </main>
    }
}

#[derive(Properties, PartialEq)]
struct ChatProps {
    url: AttrValue,
}

/// One connection's worth of chat: its state, what happened to it, what
/// came in, and a send box.
#[component]
fn Chat(ChatProps { url }: &ChatProps) -> Html {
    let chat = use_reducer(ChatView::default);
    // `None` until the effect has made the socket. Yew does not ask for
    // `Send`, so `ws.sender()` would do here too (and answers without a
    // channel hop); the `SyncReconnectingSender` also fits wherever `Send` is required.
    let sender = use_state(|| None::<SyncReconnectingSender>);
    let input = use_node_ref();

    {
        let chat = chat.dispatcher();
        let sender = sender.clone();
        // Effects run after the component is in the page, and only in the
        // browser. Keyed by the URL: a new URL closes the old socket (the
        // teardown) and opens a new one.
        use_effect_with(url.clone(), move |url| {
            let stop = match ReconnectingWebSocket::start(url.as_str()) {
                Ok(ws) => {
                    sender.set(Some(ws.sync_sender()));
                    // Subscribed now, before the socket's own task first runs,
                    // so that the log starts with the first attempt.
                    let events = ws.events();
                    let (stop, stopped) = oneshot::channel();
                    spawn_local(drive(ws, events, stopped, chat));
                    Some(stop)
                }
                Err(error) => {
                    chat.dispatch(ChatAction::Problem(Some(format!(
                        "cannot connect: {error}"
                    ))));
                    None
                }
            };
            // The teardown: runs when the component is unmounted.
            move || {
                if let Some(stop) = stop {
                    let _ = stop.send(());
                }
            }
        });
    }

    let onsubmit = {
        let sender = (*sender).clone();
        let input = input.clone();
        let chat = chat.dispatcher();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let (Some(sender), Some(field)) = (sender.clone(), input.cast::<HtmlInputElement>())
            else {
                return;
            };
            let text = field.value();
            if text.is_empty() {
                return;
            }
            field.set_value("");
            let chat = chat.clone();
            spawn_local(async move {
                // Sent, or queued while reconnecting: both go out. Anything
                // else comes back with the message, and is shown.
                let outcome = sender.try_send(text).await;
                let problem = (!outcome.is_accepted()).then(|| not_sent(outcome));
                chat.dispatch(ChatAction::Problem(problem));
            });
        })
    };

    let state = chat
        .state
        .map_or_else(|| "not started".to_owned(), |state| format!("{state:?}"));
    html! {
        <section data-testid="chat">
            <p>{ "Connection: " }<strong data-testid="state">{ state }</strong></p>
            <form data-testid="send-form" {onsubmit}>
                <input data-testid="message-input" ref={input} placeholder="Say something" />
                <button data-testid="send" type="submit" disabled={sender.is_none()}>{ "Send" }</button>
            </form>
            if let Some(problem) = &chat.problem {
                <p data-testid="send-problem">{ problem }</p>
            }
            <h2>{ "Messages" }</h2>
            <ul data-testid="messages">
                { for chat.messages.iter().map(|text| html! { <li>{ text }</li> }) }
            </ul>
            <h2>{ "Connection events" }</h2>
            <ol data-testid="events">
                { for chat.events.iter().map(|event| html! { <li>{ event }</li> }) }
            </ol>
        </section>
    }
}

/// Runs for as long as one `Chat` is mounted: hands the socket's events and
/// messages to the component, and closes the socket once `stop` fires (or
/// its sender is dropped with the effect's teardown).
async fn drive(
    mut ws: ReconnectingWebSocket,
    mut events: ConnectionEvents,
    mut stop: oneshot::Receiver<()>,
    chat: UseReducerDispatcher<ChatView>,
) {
    loop {
        // Biased, `stop` first: once the component is gone nothing more is
        // dispatched to it, even with events still waiting.
        select_biased! {
            _ = stop => break,
            event = events.next() => {
                if let Some(event) = event {
                    chat.dispatch(ChatAction::Event(describe(&event), ws.state()));
                }
            }
            message = ws.next() => {
                match message {
                    Some(Ok(message)) => chat.dispatch(ChatAction::Message(message)),
                    Some(Err(error)) => chat.dispatch(ChatAction::Problem(Some(format!(
                        "a message could not be read: {error}"
                    )))),
                    None => {}
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

/// What the chat shows. One reducer, so that the socket's task updates it
/// through a dispatcher, which never holds a stale copy of the state.
#[derive(Clone, Default)]
struct ChatView {
    state: Option<ConnectionState>,
    events: Vec<String>,
    messages: Vec<String>,
    problem: Option<String>,
}

enum ChatAction {
    /// A connection event (described) and the state right after it.
    Event(String, ConnectionState),
    Message(Message),
    /// Why the last send (or connecting) failed; `None` after a good send.
    Problem(Option<String>),
}

impl Reducible for ChatView {
    type Action = ChatAction;

    fn reduce(self: Rc<Self>, action: ChatAction) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        match action {
            ChatAction::Event(event, state) => {
                next.events.push(event);
                next.state = Some(state);
            }
            ChatAction::Message(Message::Text(text)) => next.messages.push(text),
            ChatAction::Message(Message::Binary(bytes)) => {
                next.messages.push(format!("({} bytes)", bytes.len()));
            }
            ChatAction::Problem(problem) => next.problem = problem,
        }
        Rc::new(next)
    }
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

/// `ws://<this page's host>/echo?tag=<tag>`: the test server serves this
/// page and its WebSocket endpoints on one port. The tag (the page's own
/// `?tag=`, or a new one per load) names this page's connections in the
/// server's statistics.
fn server_url() -> String {
    let location = web_sys::window().expect("a page has a window").location();
    let scheme = match location.protocol().as_deref() {
        Ok("https:") => "wss",
        _ => "ws",
    };
    let host = location.host().unwrap_or_default();
    let tag = web_sys::UrlSearchParams::new_with_str(&location.search().unwrap_or_default())
        .ok()
        .and_then(|query| query.get("tag"))
        .unwrap_or_else(|| format!("yew-{}", js_sys::Date::now()));
    let tag = js_sys::encode_uri_component(&tag);
    format!("{scheme}://{host}/echo?tag={tag}")
}
