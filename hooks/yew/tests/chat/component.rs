//! The component under test, as an app would have it (in an app it lives
//! in `src/`, and the tests `use` it): a chat that shows the connection's
//! state, every message that arrived, in order, and what became of the
//! last message sent.

use std::fmt::Debug;
use std::rc::Rc;

use wasm_websocket::reconnect::{Backoff, ReconnectingBuilder, SendOutcome};
use wasm_websocket_yew::{use_websocket, UseWebSocketOptions};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChatProps {
    /// The server's WebSocket URL.
    pub url: AttrValue,
    /// How soon to reconnect after a drop: the library's default in the
    /// app, milliseconds in a test.
    pub backoff: Backoff,
}

/// Every message that arrived, oldest first.
#[derive(Default, PartialEq)]
struct Messages(Vec<String>);

impl Reducible for Messages {
    type Action = String;

    fn reduce(self: Rc<Self>, text: String) -> Rc<Self> {
        let mut list = self.0.clone();
        list.push(text);
        Rc::new(Messages(list))
    }
}

#[component]
pub fn Chat(props: &ChatProps) -> Html {
    let messages = use_reducer(Messages::default);
    let options = {
        let messages = messages.dispatcher();
        UseWebSocketOptions::new()
            .with_builder(ReconnectingBuilder::new("").with_backoff(props.backoff.clone()))
            .with_on_message(move |text| messages.dispatch(text))
    };
    let chat = use_websocket(props.url.clone(), options);

    let draft = use_node_ref();
    let outcome = use_state(String::new);
    let send = {
        let (chat, draft, outcome) = (chat.clone(), draft.clone(), outcome.clone());
        move |_| {
            if let Some(input) = draft.cast::<HtmlInputElement>() {
                outcome.set(describe(chat.send(input.value())));
                input.set_value("");
            }
        }
    };
    let state = chat
        .state()
        .map_or_else(|| "not started".to_owned(), |state| state.to_string());
    html! {
        <section>
            <p>{ "Connection: " }<strong data-testid="state">{ state }</strong></p>
            <input data-testid="draft" ref={draft} />
            <button data-testid="send" onclick={send}>{ "Send" }</button>
            <p data-testid="outcome">{ (*outcome).clone() }</p>
            <ul data-testid="messages">
                { for messages.0.iter().map(|text| html! { <li>{ text }</li> }) }
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
