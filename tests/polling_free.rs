//! Polling-free: with the page's setTimeout and setInterval wrapped and
//! counted, an idle or busy open connection starts no timer at all, a
//! reconnect starts exactly one per backoff step (and one per attempt, its
//! connect timeout), a heartbeat one per heartbeat, a close of an open
//! connection one (the bounded wait for its close handshake), and generic
//! `Sink` code (`SinkExt::send`, `forward`) never waits on a timer for the
//! network.
//! Its own test binary: the counts are page-wide, so no other scenario's
//! socket may run beside it.
#![cfg(target_arch = "wasm32")]

mod common;

use std::time::Duration;

use common::{control, events_until, number, stats, unique_tag, ws_url};
use futures::{SinkExt, StreamExt};
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use wasm_websocket::reconnect::{
    ConnectionEvents, Heartbeat, ReconnectingWebSocket, RetryLimits, SendOutcome,
};
use wasm_websocket::{Message, WebSocket};

wasm_bindgen_test_configure!(run_in_browser);

const MS: Duration = Duration::from_millis(1);

/// Wraps the page's timer functions (once per page) so that every call is
/// counted, and keeps the originals for the test's own waiting.
const INSTALL: &str = r#"
if (!globalThis.__timerCounts) {
    const counts = { timeout: 0, interval: 0 };
    const setTimeout = globalThis.setTimeout;
    const setInterval = globalThis.setInterval;
    globalThis.__uncountedSetTimeout = setTimeout;
    globalThis.setTimeout = function (...args) {
        counts.timeout += 1;
        return setTimeout.apply(this, args);
    };
    globalThis.setInterval = function (...args) {
        counts.interval += 1;
        return setInterval.apply(this, args);
    };
    globalThis.__timerCounts = counts;
}
"#;

struct TimerCounts {
    counts: JsValue,
}

impl TimerCounts {
    fn install() -> Self {
        Function::new_no_args(INSTALL)
            .call0(&JsValue::UNDEFINED)
            .expect("the wrappers install");
        let counts = Reflect::get(&js_sys::global(), &"__timerCounts".into()).expect("counts");
        Self { counts }
    }

    /// (setTimeout calls, setInterval calls) so far.
    fn read(&self) -> (u32, u32) {
        let get = |name: &str| number(&self.counts, name) as u32;
        (get("timeout"), get("interval"))
    }

    fn reset(&self) {
        for name in ["timeout", "interval"] {
            Reflect::set(&self.counts, &name.into(), &0.into()).expect("reset");
        }
    }
}

/// Waits with the original setTimeout, so the test's own waiting is not
/// counted.
async fn uncounted_sleep(duration: Duration) {
    let set_timeout: Function = Reflect::get(&js_sys::global(), &"__uncountedSetTimeout".into())
        .expect("installed")
        .into();
    let promise = Promise::new(&mut |resolve, _reject| {
        set_timeout
            .call2(
                &JsValue::UNDEFINED,
                &resolve,
                &JsValue::from(duration.as_millis() as f64),
            )
            .expect("setTimeout");
    });
    JsFuture::from(promise).await.expect("resolves");
}

/// Closes `ws` and waits until its events end: its connection's close
/// handshake is done, and the one timer that bounds that wait is set
/// before the next scenario counts.
async fn close_and_settle(ws: ReconnectingWebSocket, mut events: ConnectionEvents) {
    ws.close().expect("not closed before");
    while events.next().await.is_some() {}
}

#[wasm_bindgen_test]
async fn an_open_connection_runs_no_timer_idle_or_busy() {
    let timers = TimerCounts::install();
    let tag = unique_tag("polling-free-open");
    let mut ws = ReconnectingWebSocket::start(ws_url(&format!("/echo?tag={tag}"))).expect("starts");
    let mut events = ws.events();
    events_until(&mut events, "open").await;
    timers.reset();

    uncounted_sleep(2000 * MS).await;
    assert_eq!(timers.read(), (0, 0), "idle for 2 s");

    for n in 0..200 {
        assert_eq!(ws.try_send(format!("m{n}")), SendOutcome::Sent);
    }
    for n in 0..200 {
        assert_eq!(
            ws.next().await.transpose().expect("no message error"),
            Some(Message::text(format!("m{n}")))
        );
    }
    assert_eq!(timers.read(), (0, 0), "200 echoes");
    timers.reset();
    close_and_settle(ws, events).await;
    assert_eq!(timers.read(), (1, 0), "the wait for the close handshake");
}

#[wasm_bindgen_test]
async fn reconnecting_runs_one_timer_per_backoff_step() {
    let timers = TimerCounts::install();
    let tag = unique_tag("polling-free-retry");
    control(&format!("refuse?ms=60000&tag={tag}")).await;
    timers.reset();
    let ws = ReconnectingWebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_backoff(common::exact_backoff(40))
        .with_retry_limits(RetryLimits::new().with_max_retries(4))
        .start()
        .expect("starts");
    let mut events = ws.events();
    let seen = events_until(&mut events, "GaveUp(MaxRetries)").await;
    let steps = seen.iter().filter(|line| line.starts_with("retry")).count();
    assert_eq!(steps, 4, "{seen:?}");
    // One timer per backoff step, and one per attempt: its connect timeout
    // (DEFAULT_ATTEMPT_TIMEOUT), cleared when the attempt ends.
    assert_eq!(
        timers.read(),
        (4 + 5, 0),
        "one timer per step and attempt: {seen:?}"
    );
    // Given up: nothing runs.
    uncounted_sleep(500 * MS).await;
    assert_eq!(timers.read(), (4 + 5, 0));
    assert_eq!(number(&stats(&tag).await, "upgrades"), 5.0);
    close_and_settle(ws, events).await;
}

#[wasm_bindgen_test]
async fn a_heartbeat_runs_one_timer_per_beat() {
    let timers = TimerCounts::install();
    let tag = unique_tag("polling-free-heartbeat");
    timers.reset();
    let ws = ReconnectingWebSocket::builder(ws_url(&format!("/echo?tag={tag}")))
        .with_heartbeat(
            Heartbeat::new(100 * MS, "ping").with_reply(|m| m.as_text() == Some("ping")),
        )
        // Replies push this deadline back; they must not add timers.
        .with_idle_timeout(1000 * MS)
        .start()
        .expect("starts");
    let mut events = ws.events();
    events_until(&mut events, "open").await;
    uncounted_sleep(1000 * MS).await;
    let (timeouts, intervals) = timers.read();
    close_and_settle(ws, events).await;
    uncounted_sleep(200 * MS).await;
    let beats = number(&stats(&tag).await, "messagesReceived") as u32;
    assert!(beats >= 3, "heartbeats were sent: {beats}");
    // The attempt's connect timeout, one timer armed at the open, then one
    // more after each beat.
    assert_eq!((timeouts, intervals), (1 + beats + 1, 0));
}

/// `SinkExt::send` flushes after every item; a flush that waited for the
/// network would set a timer per message (and, in Firefox, wait 4 ms each).
#[wasm_bindgen_test]
async fn generic_sink_code_sets_no_timer_per_message() {
    let timers = TimerCounts::install();
    let mut ws = WebSocket::connect(ws_url("/echo")).await.expect("connects");
    timers.reset();
    for n in 0..1000 {
        SinkExt::send(&mut ws, Message::text(format!("s{n}")))
            .await
            .expect("sent");
    }
    let mut items = futures::stream::iter((0..1000).map(|n| Ok(Message::text(format!("f{n}")))));
    let (mut tx, mut rx) = ws.split();
    tx.send_all(&mut items).await.expect("all sent");
    assert_eq!(timers.read(), (0, 0), "2,000 messages through the Sink");
    for n in 0..2000 {
        let expected = if n < 1000 {
            format!("s{n}")
        } else {
            format!("f{}", n - 1000)
        };
        assert_eq!(
            rx.next().await.transpose().expect("no error"),
            Some(Message::text(expected))
        );
    }

    // `forward` sends everything, then closes the sink (and so the socket),
    // waiting for the close event: no timer either.
    let tag = unique_tag("polling-free-forward");
    let ws = WebSocket::connect(ws_url(&format!("/echo?tag={tag}")))
        .await
        .expect("connects");
    let (tx, _rx) = ws.split();
    timers.reset();
    let items = futures::stream::iter((0..1000).map(|n| Ok(Message::text(format!("f{n}")))));
    items.forward(tx).await.expect("forwarded and closed");
    assert_eq!(timers.read(), (0, 0), "1,000 messages forwarded");
    assert_eq!(number(&stats(&tag).await, "messagesReceived"), 1000.0);

    let mut reconnecting = ReconnectingWebSocket::start(ws_url("/echo")).expect("starts");
    let mut events = reconnecting.events();
    events_until(&mut events, "open").await;
    timers.reset();
    for n in 0..1000 {
        SinkExt::send(&mut reconnecting, Message::text(format!("r{n}")))
            .await
            .expect("sent");
    }
    assert_eq!(
        timers.read(),
        (0, 0),
        "1,000 messages through the reconnecting Sink"
    );
    for n in 0..1000 {
        assert_eq!(
            reconnecting.next().await.transpose().expect("no error"),
            Some(Message::text(format!("r{n}")))
        );
    }
    close_and_settle(reconnecting, events).await;
}
