//! The back/forward cache: `pagehide` with `persisted` closes the
//! connection at once (the browser does not cache a page with an open
//! WebSocket) and nothing reconnects while the page is cached; `pageshow`
//! with `persisted` connects again. A plain `pagehide` (the page is being
//! unloaded, not cached) changes nothing. And the way Chromium 149 and later
//! do it (the socket left open in `pagehide`, closed by the browser, its
//! close event, 1006, delivered only after `pageshow`): a fresh connection
//! at once, with no backoff and no retry counted.

use std::time::Duration;

use crate::common::{control, events_until, field, number, stats, unique_tag, ws_url};
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{ConnectionState, ReconnectingWebSocket, SendOutcome};

const MS: Duration = Duration::from_millis(1);

/// Dispatches a `PageTransitionEvent` on the window, as the browser does.
fn page_transition(name: &str, persisted: bool) {
    let init = Object::new();
    Reflect::set(&init, &"persisted".into(), &persisted.into()).expect("set");
    let constructor = Reflect::get(&js_sys::global(), &"PageTransitionEvent".into())
        .expect("the browser has PageTransitionEvent");
    let event = Reflect::construct(
        &constructor.into(),
        &js_sys::Array::of2(&JsValue::from_str(name), &init),
    )
    .expect("an event");
    let window = web_sys::window().expect("a window");
    window.dispatch_event(&event.into()).expect("dispatched");
}

#[wasm_bindgen_test]
async fn the_connection_is_closed_while_cached_and_back_when_shown() {
    let tag = unique_tag("page-cache");
    let ws = ReconnectingWebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_backoff(crate::common::exact_backoff(20))
        .start()
        .expect("starts");
    let mut events = ws.events();
    events_until(&mut events, "open").await;

    page_transition("pagehide", true);
    // Closed in the event itself, before the page would be frozen.
    assert_eq!(ws.url(), None);
    assert_eq!(
        events_until(&mut events, "Suspended").await,
        Vec::<String>::new()
    );
    assert_eq!(ws.state(), ConnectionState::Suspended);
    assert_eq!(ws.try_send("while cached"), SendOutcome::Queued);
    crate::common::sleep(300 * MS).await;
    let counters = stats(&tag).await;
    assert_eq!(
        number(&counters, "upgrades"),
        1.0,
        "no reconnect while cached"
    );
    let close = js_sys::Array::from(&field(&counters, "closes")).get(0);
    assert_eq!(number(&close, "code"), 1000.0);

    page_transition("pageshow", true);
    assert_eq!(
        events_until(&mut events, "open").await,
        ["resumed 0 PageShown", "connecting 0 after 0"]
    );
    assert_eq!(ws.queued(), 0, "the queue went out on the new connection");
    ws.close().expect("not closed before");
}

#[wasm_bindgen_test]
async fn a_page_that_is_not_cached_keeps_its_connection() {
    let tag = unique_tag("page-cache-no");
    let ws = ReconnectingWebSocket::start(ws_url(&format!("/echo?tag={tag}"))).expect("starts");
    let mut events = ws.events();
    events_until(&mut events, "open").await;
    page_transition("pagehide", false);
    page_transition("pageshow", false);
    crate::common::sleep(100 * MS).await;
    assert_eq!(ws.state(), ConnectionState::Open);
    assert_eq!(number(&stats(&tag).await, "open"), 1.0);
    ws.close().expect("not closed before");
}

#[wasm_bindgen_test]
async fn it_can_be_turned_off() {
    let tag = unique_tag("page-cache-off");
    let ws = ReconnectingWebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_suspend_in_page_cache(false)
        .start()
        .expect("starts");
    let mut events = ws.events();
    events_until(&mut events, "open").await;
    page_transition("pagehide", true);
    crate::common::sleep(100 * MS).await;
    assert_eq!(ws.state(), ConnectionState::Open);
    ws.close().expect("not closed before");
}

#[wasm_bindgen_test]
async fn a_close_the_browser_delivers_after_pageshow_reconnects_at_once() {
    let tag = unique_tag("page-cache-chromium");
    let ws = ReconnectingWebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        // Left to the browser, as Chromium now does it; an ordinary loss
        // would wait a minute.
        .with_suspend_in_page_cache(false)
        .with_backoff(crate::common::exact_backoff(60_000))
        .start()
        .expect("starts");
    let mut events = ws.events();
    events_until(&mut events, "open").await;

    // The order Chromium delivers them in: the page goes into the cache
    // (the socket stays open in the event), comes back, and only then the
    // close of the socket the browser closed meanwhile.
    page_transition("pagehide", true);
    page_transition("pageshow", true);
    control(&format!("drop?tag={tag}")).await;
    assert_eq!(
        events_until(&mut events, "open").await,
        ["closed 1006", "connecting 0 after 0"],
        "no backoff, no retry counted"
    );
    assert_eq!(number(&stats(&tag).await, "accepted"), 2.0);
    ws.close().expect("not closed before");
}
