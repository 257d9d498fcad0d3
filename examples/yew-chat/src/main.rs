//! A small chat in Yew against the test server's `/echo` endpoint, with
//! wasm-websocket's `use_websocket` hook.
//!
//! The socket belongs to the `Chat` component: the hook starts it once the
//! component is mounted and closes it when the component goes away ("Leave
//! chat"); a new server URL closes it and opens one to the new URL.

use std::rc::Rc;
use std::str::Utf8Error;

use wasm_websocket::reconnect::SendOutcome;
use wasm_websocket_yew::{use_websocket, UseWebSocketOptions};
use web_sys::HtmlInputElement;
use yew::prelude::*;

fn main() {
    let url = server_url().into();
    yew::Renderer::<App>::with_props(AppProps { url }).render();
}

#[derive(Properties, PartialEq)]
struct AppProps {
    url: AttrValue,
}

/// The page: the server's URL (which can be changed), the chat, and a
/// button that unmounts and mounts it again.
#[component]
fn App(AppProps { url }: &AppProps) -> Html {
    let joined = use_state(|| true);
    let server = use_state(|| url.clone());
    let next = use_node_ref();
    let toggle = {
        let joined = joined.clone();
        Callback::from(move |_| joined.set(!*joined))
    };
    let switch = {
        let (server, next) = (server.clone(), next.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Some(field) = next.cast::<HtmlInputElement>() {
                server.set(field.value().into());
            }
        })
    };

    html! {
        <main>
            <h1>{ "Yew chat" }</h1>
            <p>{ "Server: " }<code data-testid="url">{ &*server }</code></p>
            <form data-testid="url-form" onsubmit={switch}>
                <input data-testid="url-input" ref={next} placeholder="Another server URL" />
                <button data-testid="switch" type="submit">{ "Switch server" }</button>
            </form>
            <button data-testid="toggle" onclick={toggle}>
                { if *joined { "Leave chat" } else { "Join chat" } }
            </button>
            if *joined {
                <Chat url={(*server).clone()} />
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
    // Reducers, so that every message of a burst is kept: each dispatch
    // applies to the list as the one before left it.
    let (messages, events) = (use_reducer(Lines::default), use_reducer(Lines::default));
    let options = {
        let (messages, errors) = (messages.dispatcher(), messages.dispatcher());
        let events = events.dispatcher();
        UseWebSocketOptions::new()
            .with_on_message(move |text| messages.dispatch(text))
            .with_on_error(move |error| {
                errors.dispatch(format!("(a message could not be read: {error})"))
            })
            .with_on_event(move |event| events.dispatch(event.to_string()))
    };
    let chat = use_websocket(url.clone(), options);

    let (input, report) = (use_node_ref(), use_state(|| None));
    let onsubmit = {
        let (chat, input, report) = (chat.clone(), input.clone(), report.clone());
        move |event: SubmitEvent| {
            event.prevent_default();
            let field = input
                .cast::<HtmlInputElement>()
                .expect("the input is in the page");
            if !field.value().is_empty() {
                report.set(Some(send_report(chat.send(field.value()))));
                field.set_value("");
            }
        }
    };
    let state = chat.state().map(|state| format!("{state:?}"));
    html! {
        <section data-testid="chat">
            <p>{ "Connection: " }<strong data-testid="state">{ state.unwrap_or("not started".into()) }</strong></p>
            <form data-testid="send-form" {onsubmit}>
                <input data-testid="message-input" ref={input} placeholder="Say something" />
                <button data-testid="send" type="submit">{ "Send" }</button>
            </form>
            if let Some((id, text)) = &*report {
                <p data-testid={*id}>{ text }</p>
            }
            <h2>{ "Messages" }</h2>
            <ul data-testid="messages">{ for messages.0.iter().map(|text| html! { <li>{ text }</li> }) }</ul>
            <h2>{ "Connection events" }</h2>
            <ol data-testid="events">{ for events.0.iter().map(|event| html! { <li>{ event }</li> }) }</ol>
        </section>
    }
}

/// A list that grows by one line per dispatch.
#[derive(Default)]
struct Lines(Vec<String>);

impl Reducible for Lines {
    type Action = String;

    fn reduce(self: Rc<Self>, line: String) -> Rc<Self> {
        let mut lines = self.0.clone();
        lines.push(line);
        Rc::new(Lines(lines))
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
