//! The hook in a browser, against the local test server: a component is
//! mounted with it, and the test drives the handle the component keeps.
//! The task behind the hook is the core crate's (hooks/core), which the
//! Leptos hook runs too, so this covers its commands for Leptos as well.
//!
//! With the test server on `WS_TEST_PORT` (8787 by default), from the
//! repository's root: `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! CHROMEDRIVER=$(command -v chromedriver) cargo test -p wasm-websocket-yew
//! --target wasm32-unknown-unknown --test browser`.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use gloo_timers::future::sleep;
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test as test, wasm_bindgen_test_configure};
use wasm_websocket::codec::{CodecError, Json};
use wasm_websocket::reconnect::{
    ConnectionEvent, ConnectionState, ReconnectingBuilder, Rejection, SendOutcome, StopReason,
};
use wasm_websocket::{Error, Message, WebSocket};
use wasm_websocket_yew::{use_websocket, Text, UseWebSocketHandle, UseWebSocketOptions};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const PORT: &str = match option_env!("WS_TEST_PORT") {
    Some(port) => port,
    None => "8787",
};

fn ws_url(tag: &str) -> String {
    format!("ws://127.0.0.1:{PORT}/echo?tag={tag}")
}

fn unique_tag(name: &str) -> String {
    format!("yew-hook-{name}-{}", (js_sys::Math::random() * 1e9) as u64)
}

async fn control(path_and_query: &str) -> JsValue {
    let url = format!("http://127.0.0.1:{PORT}/control/{path_and_query}");
    let window = web_sys::window().expect("a window");
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&url))
        .await
        .expect("the test server answers")
        .dyn_into()
        .expect("a Response");
    assert!(response.ok(), "{url}: {}", response.status());
    JsFuture::from(response.json().expect("JSON"))
        .await
        .expect("valid JSON")
}

fn number(value: &JsValue, field: &str) -> f64 {
    Reflect::get(value, &field.into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or_else(|| panic!("no number {field} in {value:?}"))
}

/// The server's counters for `tag`, once `ready` holds for them (5 s at
/// most).
async fn stats_when(tag: &str, ready: impl Fn(&JsValue) -> bool) -> JsValue {
    for _ in 0..100 {
        let stats = control(&format!("stats?tag={tag}")).await;
        if ready(&stats) {
            return stats;
        }
        sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "the server never got there: {:?}",
        control(&format!("stats?tag={tag}")).await
    );
}

/// The server's `closes` entries for `tag`, oldest first.
async fn closes(tag: &str) -> Vec<JsValue> {
    let stats = control(&format!("stats?tag={tag}")).await;
    let closes: js_sys::Array = Reflect::get(&stats, &"closes".into())
        .expect("closes")
        .unchecked_into();
    closes.iter().collect()
}

/// The close codes the server saw for `tag`, oldest first.
async fn close_codes(tag: &str) -> Vec<u16> {
    closes(tag)
        .await
        .iter()
        .map(|close| number(close, "code") as u16)
        .collect()
}

/// Waits (5 s at most) until `ready` holds.
async fn until(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..250 {
        if ready() {
            return;
        }
        sleep(Duration::from_millis(20)).await;
    }
    panic!("never: {what}");
}

/// What the mounted component shares with the test: its latest handle, and
/// what its callbacks were given.
struct Probe<T: Clone + Typed + 'static> {
    handle: RefCell<Option<UseWebSocketHandle<T, CodecOf<T>>>>,
    messages: RefCell<Vec<T>>,
    events: RefCell<Vec<ConnectionEvent>>,
    errors: RefCell<Vec<String>>,
}

/// Text, or JSON for the typed test.
type CodecOf<T> = <T as Typed>::Codec;

trait Typed: Sized {
    type Codec: wasm_websocket::codec::Codec<Self> + 'static;
    fn options() -> UseWebSocketOptions<Self, Self::Codec>;
}

impl Typed for String {
    type Codec = Text;
    fn options() -> UseWebSocketOptions<String, Text> {
        UseWebSocketOptions::new()
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Chat {
    from: String,
    text: String,
}

impl Typed for Chat {
    type Codec = Json;
    fn options() -> UseWebSocketOptions<Chat, Json> {
        UseWebSocketOptions::typed(Json)
    }
}

impl<T: Clone + Typed + 'static> Probe<T> {
    fn new() -> Rc<Self> {
        Rc::new(Self {
            handle: RefCell::new(None),
            messages: RefCell::new(Vec::new()),
            events: RefCell::new(Vec::new()),
            errors: RefCell::new(Vec::new()),
        })
    }

    fn handle(&self) -> UseWebSocketHandle<T, CodecOf<T>> {
        self.handle
            .borrow()
            .clone()
            .expect("the component rendered")
    }

    fn state(&self) -> Option<ConnectionState> {
        self.handle
            .borrow()
            .as_ref()
            .and_then(|handle| handle.state())
    }

    async fn state_is(&self, state: ConnectionState) {
        until(&format!("state {state:?}"), || self.state() == Some(state)).await;
    }
}

#[derive(Properties)]
struct ProbeProps<T: Clone + Typed + 'static> {
    probe: Rc<Probe<T>>,
    url: AttrValue,
    builder: ReconnectingBuilder,
    immediate: bool,
}

impl<T: Clone + Typed + 'static> PartialEq for ProbeProps<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.probe, &other.probe) && self.url == other.url
    }
}

#[component]
fn ProbeView<T: Clone + Typed + 'static>(props: &ProbeProps<T>) -> Html {
    let options = {
        let (messages, events, errors) = (
            props.probe.clone(),
            props.probe.clone(),
            props.probe.clone(),
        );
        T::options()
            .with_builder(props.builder.clone())
            .with_immediate(props.immediate)
            .with_on_message(move |value| messages.messages.borrow_mut().push(value))
            .with_on_event(move |event| events.events.borrow_mut().push(event.clone()))
            .with_on_error(move |error: CodecError<_>| {
                let text = match error.message() {
                    Some(message) => format!("{error}: {message:?}"),
                    None => error.to_string(),
                };
                errors.errors.borrow_mut().push(text);
            })
    };
    let handle = use_websocket(props.url.clone(), options);
    *props.probe.handle.borrow_mut() = Some(handle.clone());
    html! { <p>{ handle.state().map(|state| state.to_string()) }</p> }
}

/// Mounts the probe component in a fresh element; dropping the result
/// unmounts it.
struct Mounted<T: Clone + Typed + 'static> {
    app: Option<yew::AppHandle<ProbeView<T>>>,
}

impl<T: Clone + Typed + 'static> Mounted<T> {
    fn new(props: ProbeProps<T>) -> Self {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .expect("a document");
        let root = document.create_element("div").expect("a div");
        document
            .body()
            .expect("a body")
            .append_child(&root)
            .expect("appended");
        Self {
            app: Some(yew::Renderer::<ProbeView<T>>::with_root_and_props(root, props).render()),
        }
    }

    /// Renders the component again with `props` (a new URL, say).
    fn update(&mut self, props: ProbeProps<T>) {
        if let Some(app) = &mut self.app {
            app.update(props);
        }
    }

    fn unmount(mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}

fn props<T: Clone + Typed + 'static>(
    probe: &Rc<Probe<T>>,
    tag: &str,
    immediate: bool,
) -> ProbeProps<T> {
    ProbeProps {
        probe: probe.clone(),
        url: ws_url(tag).into(),
        builder: ReconnectingBuilder::new(""),
        immediate,
    }
}

#[test]
async fn open_close_with_and_reconnect_do_what_they_say() {
    let tag = unique_tag("verbs");
    let probe = Probe::<String>::new();
    let mounted = Mounted::new(props(&probe, &tag, false));

    // Not immediate: nothing connects, and sends are handed back.
    sleep(Duration::from_millis(200)).await;
    assert_eq!(probe.state(), None);
    assert_eq!(
        number(&control(&format!("stats?tag={tag}")).await, "upgrades"),
        0.0
    );
    assert_eq!(
        probe.handle().send("early"),
        Ok(SendOutcome::Rejected(
            Message::text("early"),
            Rejection::Closed
        ))
    );
    assert_eq!(probe.handle().close(), Err(Error::AlreadyClosed));

    probe.handle().open();
    probe.state_is(ConnectionState::Open).await;
    assert_eq!(probe.handle().send("one"), Ok(SendOutcome::Sent));
    until("the echo", || probe.messages.borrow().as_slice() == ["one"]).await;
    assert_eq!(probe.handle().message().map(String::as_str), Some("one"));
    // A second open does nothing.
    probe.handle().open();

    assert_eq!(
        probe.handle().close_with(1001, ""),
        Err(Error::InvalidCloseCode(1001))
    );
    assert_eq!(probe.handle().close_with(4000, "bye"), Ok(()));
    probe.state_is(ConnectionState::Closed).await;
    stats_when(&tag, |s| number(s, "open") == 0.0).await;
    assert_eq!(close_codes(&tag).await, [4000]);
    assert!(matches!(
        probe.handle().send("late"),
        Ok(SendOutcome::Rejected(_, Rejection::Closed))
    ));
    assert!(probe
        .events
        .borrow()
        .contains(&ConnectionEvent::Stopped(StopReason::ClosedByUser)));

    // Closed stays closed until asked: then a new socket.
    sleep(Duration::from_millis(200)).await;
    assert_eq!(
        number(&control(&format!("stats?tag={tag}")).await, "accepted"),
        1.0
    );
    probe.handle().reconnect();
    probe.state_is(ConnectionState::Open).await;
    assert_eq!(probe.handle().send("two"), Ok(SendOutcome::Sent));
    until("the second echo", || probe.messages.borrow().len() == 2).await;

    mounted.unmount();
    stats_when(&tag, |s| number(s, "open") == 0.0).await;
    assert_eq!(close_codes(&tag).await, [4000, 1000]);
    assert_eq!(
        number(&control(&format!("stats?tag={tag}")).await, "accepted"),
        2.0
    );
    assert!(
        probe.errors.borrow().is_empty(),
        "{:?}",
        probe.errors.borrow()
    );
}

#[test]
async fn typed_values_arrive_decoded_and_what_does_not_decode_comes_back() {
    let tag = unique_tag("typed");
    let probe = Probe::<Chat>::new();
    let mounted = Mounted::new(props(&probe, &tag, true));
    probe.state_is(ConnectionState::Open).await;

    let hi = Chat {
        from: "ann".into(),
        text: "hi".into(),
    };
    assert!(matches!(
        probe.handle().send(hi.clone()),
        Ok(SendOutcome::Sent)
    ));
    until("the typed echo", || probe.messages.borrow().len() == 1).await;
    assert_eq!(probe.messages.borrow()[0], hi);
    assert_eq!(probe.handle().message(), Some(&hi));

    control(&format!("send?tag={tag}&text=not%20json")).await;
    until("the decode error", || probe.errors.borrow().len() == 1).await;
    let error = probe.errors.borrow()[0].clone();
    assert!(
        error.contains("could not be decoded") && error.contains("not json"),
        "{error}"
    );
    assert_eq!(probe.messages.borrow().len(), 1);
    mounted.unmount();
    stats_when(&tag, |s| number(s, "open") == 0.0).await;
    assert_eq!(close_codes(&tag).await, [1000]);
}

#[test]
async fn options_no_attempt_could_use_are_reported_as_a_stop() {
    let tag = unique_tag("invalid");
    let probe = Probe::<String>::new();
    let mut props = props(&probe, &tag, true);
    props.builder = WebSocket::builder("")
        .with_protocols(["chat v1"])
        .reconnecting();
    let mounted = Mounted::new(props);
    probe.state_is(ConnectionState::Stopped).await;
    let events = probe.events.borrow().clone();
    assert!(
        matches!(
            events.as_slice(),
            [
                ConnectionEvent::AttemptFailed { attempt: 0, .. },
                ConnectionEvent::Stopped(StopReason::InvalidRequest)
            ]
        ),
        "{events:?}"
    );
    assert_eq!(
        number(&control(&format!("stats?tag={tag}")).await, "upgrades"),
        0.0
    );
    mounted.unmount();
}

/// The user's `on_open` in the options does not cost the promise of one
/// socket at a time: while the server leaves the old connection's close
/// unanswered (it stays CLOSING), the socket for the new URL waits, and its
/// first upgrade reaches the server after the old connection has ended.
#[test]
async fn a_new_url_waits_for_the_old_close_even_with_an_on_open_hook() {
    let (old_tag, new_tag) = (unique_tag("switch-old"), unique_tag("switch-new"));
    let probe = Probe::<String>::new();
    let opens = Rc::new(std::cell::Cell::new(0));
    let template = {
        let opens = Rc::clone(&opens);
        ReconnectingBuilder::new("").with_on_open(move |_| opens.set(opens.get() + 1))
    };
    let mut first = props(&probe, &old_tag, true);
    first.builder = template.clone();
    let mut mounted = Mounted::new(first);
    probe.state_is(ConnectionState::Open).await;
    assert_eq!(opens.get(), 1);

    // Half a second: well inside the second the hooks wait at most for
    // the handshake, so the old connection really closes before they give
    // up on it.
    let stall = control(&format!("stall?tag={old_tag}&ms=500")).await;
    assert_eq!(number(&stall, "stalled"), 1.0);
    let switched = js_sys::Date::now();
    let mut second = props(&probe, &new_tag, true);
    second.builder = template;
    mounted.update(second);

    let new = stats_when(&new_tag, |s| number(s, "open") == 1.0).await;
    probe.state_is(ConnectionState::Open).await;
    let waited = js_sys::Date::now() - switched;
    // Both ends, each timed by the server when it saw it.
    stats_when(&old_tag, |s| number(s, "open") == 0.0).await;
    let old = closes(&old_tag).await;
    let (old_closed_at, new_started_at) = (number(&old[0], "at"), number(&new, "firstUpgradeAt"));
    assert!(
        old_closed_at < new_started_at,
        "two sockets at once: the new URL's first upgrade came {:.1} ms before the old \
         connection ended",
        old_closed_at - new_started_at
    );
    assert_eq!(close_codes(&old_tag).await, [1000]);
    assert!(
        waited >= 400.0,
        "the new socket opened {waited} ms after the switch"
    );
    assert_eq!(number(&new, "upgrades"), 1.0);
    assert_eq!(opens.get(), 2, "the user's on_open ran for each socket");

    mounted.unmount();
    stats_when(&new_tag, |s| number(s, "open") == 0.0).await;
    assert_eq!(close_codes(&new_tag).await, [1000]);
}
