//! Shared by the browser tests: where the local test server is, how to drive
//! its control API, and small helpers.
#![allow(dead_code)] // each test file uses a different part

use std::cell::Cell;
use std::time::Duration;

use futures::StreamExt;
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_websocket::reconnect::{
    Backoff, ConnectionEvent, ConnectionEvents, Jitter, ReconnectingBuilder, ReconnectingWebSocket,
};
use wasm_websocket::{Backend, Message, WebSocket, WebSocketBuilder};

/// The test server's port: `WS_TEST_PORT` when the tests were built, else the
/// port `npm test` uses.
pub const PORT: &str = match option_env!("WS_TEST_PORT") {
    Some(port) => port,
    None => "8787",
};

/// The backend the socket scenarios run on: `WS_TEST_BACKEND` when the
/// tests were built (`classic`, `stream` or `auto`), else the default.
pub fn backend() -> Backend {
    match option_env!("WS_TEST_BACKEND") {
        Some("stream") => Backend::Stream,
        Some("auto") => Backend::Auto,
        _ => Backend::Classic,
    }
}

/// `WebSocket::builder(url)` on the backend under test.
pub fn builder(url: impl Into<String>) -> WebSocketBuilder {
    WebSocket::builder(url).with_backend(backend())
}

/// `WebSocket::connect(url)` on the backend under test.
pub async fn connect(url: impl Into<String>) -> wasm_websocket::Result<WebSocket> {
    builder(url).connect().await
}

/// Whether this run may go through the stream backend, where a scenario
/// about the classic socket's own surface (the raw socket, its events, Blob
/// mode) does not apply; such a scenario returns early, saying so.
pub fn skip_on_stream(what: &str) -> bool {
    let skip = backend() == Backend::Stream
        || (backend() == Backend::Auto
            && js_sys::Reflect::has(&js_sys::global(), &"WebSocketStream".into()).unwrap_or(false));
    if skip {
        wasm_bindgen_test::console_log!("skipped on the stream backend: {what}");
    }
    skip
}

/// A WebSocket URL on the test server, e.g. `ws_url("/echo")`.
pub fn ws_url(path_and_query: &str) -> String {
    format!("ws://127.0.0.1:{PORT}{path_and_query}")
}

/// A WebSocket URL on the test server's stoppable port.
pub fn stoppable_url(path_and_query: &str) -> String {
    let port: u16 = PORT.parse().expect("WS_TEST_PORT is a port number");
    format!("ws://127.0.0.1:{}{path_and_query}", port + 1)
}

thread_local! {
    static NEXT_TAG: Cell<u32> = const { Cell::new(0) };
}

/// A tag no other test in this page (or the other browser's run) uses, so
/// that the server's counters are this test's alone.
pub fn unique_tag(name: &str) -> String {
    let n = NEXT_TAG.with(|next| {
        let n = next.get();
        next.set(n + 1);
        n
    });
    let random = (js_sys::Math::random() * 1e9) as u64;
    format!("{name}-{n}-{random}")
}

/// Calls the test server's control API and returns its JSON answer.
pub async fn control(path_and_query: &str) -> JsValue {
    let url = format!("http://127.0.0.1:{PORT}/control/{path_and_query}");
    // The global `fetch`: a window's, a worker's, or Node's.
    let global = js_sys::global();
    let fetch: js_sys::Function = Reflect::get(&global, &"fetch".into())
        .expect("a global fetch")
        .unchecked_into();
    let request: js_sys::Promise = fetch
        .call1(&global, &url.clone().into())
        .expect("fetch starts")
        .unchecked_into();
    let response: web_sys::Response = JsFuture::from(request)
        .await
        .expect("the test server answers")
        .dyn_into()
        .expect("fetch resolves to a Response");
    assert!(
        response.ok(),
        "control call {url} failed: {}",
        response.status()
    );
    JsFuture::from(response.json().expect("a JSON body"))
        .await
        .expect("valid JSON")
}

/// Reads a number field of a JSON object.
pub fn number(value: &JsValue, field: &str) -> f64 {
    Reflect::get(value, &field.into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or_else(|| panic!("field {field} is not a number in {value:?}"))
}

/// Reads any field of a JSON object.
pub fn field(value: &JsValue, field: &str) -> JsValue {
    Reflect::get(value, &field.into()).unwrap_or(JsValue::UNDEFINED)
}

/// The server's counters for a tag.
pub async fn stats(tag: &str) -> JsValue {
    control(&format!("stats?tag={tag}")).await
}

/// Waits for `duration` (a browser timer).
pub async fn sleep(duration: Duration) {
    gloo_timers::future::sleep(duration).await;
}

/// A reconnect schedule without jitter, so a test knows each delay:
/// `initial_ms`, then doubling.
pub fn exact_backoff(initial_ms: u64) -> Backoff {
    Backoff::new()
        .with_initial_delay(Duration::from_millis(initial_ms))
        .with_jitter(Jitter::None)
}

/// The next message, failing the test on an error or the end of the stream.
pub async fn next_message(ws: &mut WebSocket) -> Message {
    match ws.next().await {
        Some(Ok(message)) => message,
        Some(Err(error)) => panic!("expected a message, got error {error}"),
        None => panic!("expected a message, the stream ended"),
    }
}

/// The bytes the test server puts in binary burst message `k` of `size`
/// bytes (see "Burst content rules" in tests/server/README.md).
pub fn burst_binary(k: u32, size: usize) -> Vec<u8> {
    let mut bytes: Vec<u8> = (0..size).map(|i| (k as usize + i) as u8).collect();
    if size >= 4 {
        bytes[..4].copy_from_slice(&k.to_le_bytes());
    }
    bytes
}

/// The text the test server puts in text burst message `k` of `size` bytes.
pub fn burst_text(k: u32, size: usize) -> String {
    let head = format!("{k}:");
    if size <= head.len() {
        return k.to_string().chars().take(size).collect();
    }
    let filler = (0..size - head.len()).map(|i| (b'a' + (i % 26) as u8) as char);
    head.chars().chain(filler).collect()
}

/// Dispatches a plain event named `name` on the window (`online`, `offline`),
/// as the browser would.
pub fn dispatch_on_window(name: &str) {
    let window = web_sys::window().expect("tests run in a window");
    let event = web_sys::Event::new(name).expect("an event");
    window.dispatch_event(&event).expect("dispatched");
}

/// Dispatches a plain event named `name` on the global scope (a window or
/// a worker), as the host would (`online`, `offline`).
pub fn dispatch_on_global(name: &str) {
    let event = web_sys::Event::new(name).expect("an event");
    js_sys::global()
        .unchecked_into::<web_sys::EventTarget>()
        .dispatch_event(&event)
        .expect("dispatched");
}

/// Dispatches a plain event named `name` on the document
/// (`visibilitychange`).
pub fn dispatch_on_document(name: &str) {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .expect("tests run in a document");
    let event = web_sys::Event::new(name).expect("an event");
    document.dispatch_event(&event).expect("dispatched");
}

/// A short, comparable line for a reconnect event: `"retry 1 in 50"`,
/// `"connecting 1 after 50"`, `"failed 0"`, `"open"`, `"closed 1006"`, ...
pub fn describe(event: &ConnectionEvent) -> String {
    match event {
        ConnectionEvent::Connecting { attempt, delay } => {
            format!("connecting {attempt} after {}", delay.as_millis())
        }
        ConnectionEvent::Open => "open".to_owned(),
        ConnectionEvent::AttemptFailed { attempt, .. } => format!("failed {attempt}"),
        ConnectionEvent::Closed(close) => format!("closed {}", close.code),
        ConnectionEvent::Reconnecting { attempt, delay } => {
            format!("retry {attempt} in {}", delay.as_millis())
        }
        ConnectionEvent::Dead { .. } => "dead".to_owned(),
        ConnectionEvent::Offline { attempt } => format!("offline {attempt}"),
        ConnectionEvent::Resumed { attempt, cause } => format!("resumed {attempt} {cause:?}"),
        other => format!("{other:?}"),
    }
}

/// Reads events until one whose description is `wanted`; returns what came
/// before it. Fails if the stream ends first.
pub async fn events_until(events: &mut ConnectionEvents, wanted: &str) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        let event = events
            .next()
            .await
            .unwrap_or_else(|| panic!("events ended before {wanted:?}; saw {seen:?}"));
        let line = describe(&event);
        if line == wanted {
            return seen;
        }
        seen.push(line);
    }
}

/// Whether the tests run in Firefox (for the few places where the browsers
/// differ by design).
pub fn is_firefox() -> bool {
    web_sys::window()
        .and_then(|window| window.navigator().user_agent().ok())
        .is_some_and(|agent| agent.contains("Firefox"))
}

/// Starts a reconnecting socket to `/echo?tag=<tag>` with an exact backoff
/// of `first_delay_ms` while the server refuses that tag for a minute, and
/// returns once its first retry is scheduled (the refusal lasts until the
/// test ends it with `refuse?ms=0`).
pub async fn start_refused(
    tag: &str,
    first_delay_ms: u64,
    configure: impl FnOnce(ReconnectingBuilder) -> ReconnectingBuilder,
) -> (ReconnectingWebSocket, ConnectionEvents) {
    control(&format!("refuse?ms=60000&tag={tag}")).await;
    let builder = ReconnectingWebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_backoff(exact_backoff(first_delay_ms));
    let ws = configure(builder).start().expect("starts");
    let mut events = ws.events();
    events_until(&mut events, &format!("retry 1 in {first_delay_ms}")).await;
    (ws, events)
}

/// The texts the server received from a tag's clients, oldest first.
pub async fn received_texts(tag: &str) -> Vec<String> {
    let list = control(&format!("received?tag={tag}")).await;
    js_sys::Array::from(&list)
        .iter()
        .map(|entry: JsValue| field(&entry, "data").as_string().expect("text"))
        .collect()
}
