//! The same three tests as `mock_server`, against the local test server
//! (tests/server/server.mjs), the way the repository's browser tests use
//! it: each test tags its connections, asks the server's HTTP control API
//! to drop them, refuse new ones, or say what it received, and, where the
//! mock holds the retry's handshake, keeps a refusal window open instead.
//! Kept beside the mock half to compare the two ways.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::page::Page;

const PORT: &str = match option_env!("WS_TEST_PORT") {
    Some(port) => port,
    None => "8787",
};

/// A URL on the test server for a tag no other test uses.
fn tagged(path: &str, name: &str) -> (String, String) {
    let tag = format!("yew-chat-{name}-{}", (js_sys::Math::random() * 1e9) as u64);
    let separator = if path.contains('?') { '&' } else { '?' };
    let url = format!("ws://127.0.0.1:{PORT}{path}{separator}tag={tag}");
    (url, tag)
}

/// One call of the control API, and its JSON answer.
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

fn field(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &name.into()).unwrap_or_else(|_| panic!("no {name} in {value:?}"))
}

/// The tag's counter `name` on the server.
async fn stat(tag: &str, name: &str) -> f64 {
    let stats = control(&format!("stats?tag={tag}")).await;
    field(&stats, name)
        .as_f64()
        .unwrap_or_else(|| panic!("no number {name} in {stats:?}"))
}

/// The texts the server received from the tag's clients, oldest first.
async fn received(tag: &str) -> Vec<String> {
    let received: js_sys::Array = control(&format!("received?tag={tag}"))
        .await
        .unchecked_into();
    received
        .iter()
        .filter_map(|entry| field(&entry, "data").as_string())
        .collect()
}

/// Message `k` of a burst of `size`-byte texts, as the server numbers and
/// fills them: "7:abcdefghijklmn".
fn burst_text(k: usize, size: usize) -> String {
    let mut text = format!("{k}:");
    let filler = (b'a'..=b'z').cycle().map(char::from);
    text.extend(filler.take(size - text.len()));
    text
}

/// Waits until the server has no open connection for the tag (5 s at
/// most).
async fn until_closed(tag: &str) {
    for _ in 0..100 {
        if stat(tag, "open").await == 0.0 {
            return;
        }
        gloo_timers::future::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the server still has a connection open for {tag}");
}

#[wasm_bindgen_test]
async fn a_burst_of_100_messages_is_rendered_whole_and_in_order() {
    // The server sends 100 numbered 16-byte texts as soon as it opens.
    let (url, _) = tagged("/burst?items=t16&repeat=100", "burst");
    let page = Page::mount(url);
    page.until("open", |page| page.state() == "open").await;

    let burst: Vec<String> = (0..100).map(|k| burst_text(k, 16)).collect();
    page.until("100 messages", |page| page.messages().len() == 100)
        .await;
    assert_eq!(page.messages(), burst);
}

#[wasm_bindgen_test]
async fn a_dropped_connection_shows_reconnecting_then_open_again() {
    let (url, tag) = tagged("/echo", "reconnect");
    let page = Page::mount(url);
    page.until("open", |page| page.state() == "open").await;

    // Refused retries keep the chat reconnecting until the test has seen
    // it; then the window ends and the next retry connects.
    control(&format!("refuse?ms=10000&tag={tag}")).await;
    control(&format!("drop?tag={tag}")).await;
    page.until("reconnecting", |page| {
        matches!(page.state().as_str(), "waiting" | "connecting")
    })
    .await;
    control(&format!("refuse?ms=0&tag={tag}")).await;
    page.until("open again", |page| page.state() == "open")
        .await;
    assert_eq!(stat(&tag, "accepted").await, 2.0);
}

#[wasm_bindgen_test]
async fn a_message_sent_while_reconnecting_goes_out_after_and_the_reply_is_shown() {
    let (url, tag) = tagged("/echo", "queue");
    let page = Page::mount(url);
    page.until("open", |page| page.state() == "open").await;

    control(&format!("refuse?ms=10000&tag={tag}")).await;
    control(&format!("drop?tag={tag}")).await;
    page.until("reconnecting", |page| {
        matches!(page.state().as_str(), "waiting" | "connecting")
    })
    .await;
    page.send("are you there?");
    page.until("queued", |page| page.outcome() == "queued")
        .await;

    // The echo server's reply is the message itself.
    control(&format!("refuse?ms=0&tag={tag}")).await;
    page.until("the reply", |page| page.messages() == ["are you there?"])
        .await;
    assert_eq!(received(&tag).await, ["are you there?"]);

    // Unmounting the chat closes its socket with 1000.
    drop(page);
    until_closed(&tag).await;
    let closes: js_sys::Array =
        field(&control(&format!("stats?tag={tag}")).await, "closes").unchecked_into();
    let last = closes.pop();
    assert_eq!(field(&last, "code").as_f64(), Some(1000.0));
}
