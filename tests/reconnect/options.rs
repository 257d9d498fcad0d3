//! Every duration and count option, at its edges (zero, the smallest step,
//! the largest value), is either refused by `start` with
//! `Error::InvalidOption` naming it, or accepted and run with its documented
//! meaning: no value panics, overflows or spins.

use std::time::Duration;

use crate::common::{describe, unique_tag, ws_url};
use futures::{FutureExt, StreamExt};
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{
    AttemptError, Backoff, ConnectionEvent, Heartbeat, QueueConfig, ReconnectingBuilder,
    ReconnectingWebSocket, RetryLimits,
};
use wasm_websocket::{Error, Message, WebSocketBuilder};

const NS: Duration = Duration::from_nanos(1);
const MAX: Duration = Duration::MAX;

/// What a configuration is expected to do.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// `start` refuses it, naming this option.
    Refused(&'static str),
    /// It connects and echoes a message.
    Echoes,
    /// Its first attempt fails with a connect timeout.
    TimesOut,
    /// With attempts that fail, it schedules its retries (or gives up) as
    /// its backoff and limits say.
    Retries,
    /// It connects, then declares the silent connection dead.
    DiesIdle,
}

type Configure = fn(ReconnectingBuilder) -> ReconnectingBuilder;

/// Changes the builder's socket template.
fn socket(
    builder: ReconnectingBuilder,
    change: fn(WebSocketBuilder) -> WebSocketBuilder,
) -> ReconnectingBuilder {
    let template = change(builder.socket().clone());
    builder.with_socket(template)
}

fn table() -> Vec<(&'static str, Configure, Expect)> {
    use Expect::*;
    vec![
        (
            "connect_timeout 0",
            |b| socket(b, |s| s.with_connect_timeout(Duration::ZERO)),
            Refused("connect_timeout"),
        ),
        (
            "connect_timeout 1 ns",
            |b| socket(b, |s| s.with_connect_timeout(NS)),
            TimesOut,
        ),
        (
            "connect_timeout MAX",
            |b| socket(b, |s| s.with_connect_timeout(MAX)),
            Echoes,
        ),
        (
            "heartbeat 0",
            |b| b.with_heartbeat(Heartbeat::new(Duration::ZERO, "ping")),
            Refused("heartbeat interval"),
        ),
        (
            "heartbeat 1 ns",
            |b| {
                b.with_heartbeat(
                    Heartbeat::new(NS, "ping").with_reply(|m| m.as_text() == Some("ping")),
                )
            },
            Echoes,
        ),
        (
            "heartbeat MAX",
            |b| b.with_heartbeat(Heartbeat::new(MAX, "ping")),
            Echoes,
        ),
        (
            "idle_timeout 0",
            |b| b.with_idle_timeout(Duration::ZERO),
            Refused("idle_timeout"),
        ),
        ("idle_timeout 1 ns", |b| b.with_idle_timeout(NS), DiesIdle),
        ("idle_timeout MAX", |b| b.with_idle_timeout(MAX), Echoes),
        (
            "heartbeat and idle_timeout MAX",
            |b| {
                b.with_heartbeat(Heartbeat::new(MAX, "ping"))
                    .with_idle_timeout(MAX)
            },
            Echoes,
        ),
        (
            "max_offline_wait 0",
            |b| b.with_max_offline_wait(Duration::ZERO),
            Echoes,
        ),
        (
            "max_offline_wait MAX",
            |b| b.with_max_offline_wait(MAX),
            Echoes,
        ),
        (
            "high_water_mark 0",
            |b| socket(b, |s| s.with_high_water_mark(0)),
            Echoes,
        ),
        (
            "high_water_mark MAX",
            |b| socket(b, |s| s.with_high_water_mark(u64::MAX)),
            Echoes,
        ),
        (
            "max_message_size MAX",
            |b| socket(b, |s| s.with_max_message_size(usize::MAX)),
            Echoes,
        ),
        (
            "max_unread 0",
            |b| socket(b, |s| s.with_max_unread(0)),
            Echoes,
        ),
        (
            "max_unread MAX",
            |b| socket(b, |s| s.with_max_unread(usize::MAX)),
            Echoes,
        ),
        (
            "queue capacity 0",
            |b| b.with_queue(QueueConfig::new().with_capacity(0)),
            Echoes,
        ),
        (
            "queue capacity MAX, no byte limit",
            |b| {
                b.with_queue(
                    QueueConfig::new()
                        .with_capacity(usize::MAX)
                        .with_max_bytes(None),
                )
            },
            Echoes,
        ),
        (
            "queue max_bytes 0",
            |b| b.with_queue(QueueConfig::new().with_max_bytes(0)),
            Echoes,
        ),
        (
            "backoff 0",
            |b| b.with_backoff(Backoff::new().with_initial_delay(Duration::ZERO)),
            Retries,
        ),
        (
            "backoff 1 ns",
            |b| b.with_backoff(Backoff::new().with_initial_delay(NS).with_max_delay(NS)),
            Retries,
        ),
        (
            "backoff MAX",
            |b| b.with_backoff(Backoff::new().with_initial_delay(MAX).with_max_delay(MAX)),
            Retries,
        ),
        (
            "backoff max_delay 0",
            |b| b.with_backoff(Backoff::new().with_max_delay(Duration::ZERO)),
            Retries,
        ),
        (
            "backoff factor 0",
            |b| b.with_backoff(Backoff::new().with_initial_delay(NS).with_factor(0.0)),
            Retries,
        ),
        (
            "backoff factor NaN",
            |b| b.with_backoff(Backoff::new().with_initial_delay(NS).with_factor(f64::NAN)),
            Retries,
        ),
        (
            "backoff factor -1",
            |b| b.with_backoff(Backoff::new().with_initial_delay(NS).with_factor(-1.0)),
            Retries,
        ),
        (
            "backoff factor infinity",
            |b| {
                b.with_backoff(
                    Backoff::new()
                        .with_initial_delay(NS)
                        .with_max_delay(Duration::from_millis(5))
                        .with_factor(f64::INFINITY),
                )
            },
            Retries,
        ),
        (
            "backoff factor MAX",
            |b| {
                b.with_backoff(
                    Backoff::new()
                        .with_initial_delay(NS)
                        .with_max_delay(Duration::from_millis(5))
                        .with_factor(f64::MAX),
                )
            },
            Retries,
        ),
        (
            "max_retries 0",
            |b| b.with_retry_limits(RetryLimits::new().with_max_retries(0)),
            Retries,
        ),
        (
            "max_retries MAX",
            |b| {
                b.with_retry_limits(RetryLimits::new().with_max_retries(u32::MAX))
                    .with_backoff(Backoff::new().with_initial_delay(NS))
            },
            Retries,
        ),
        (
            "max_elapsed 0",
            |b| b.with_retry_limits(RetryLimits::new().with_max_elapsed(Duration::ZERO)),
            Retries,
        ),
        (
            "max_elapsed 1 ns",
            |b| b.with_retry_limits(RetryLimits::new().with_max_elapsed(NS)),
            Retries,
        ),
        (
            "max_elapsed MAX",
            |b| {
                b.with_retry_limits(RetryLimits::new().with_max_elapsed(MAX))
                    .with_backoff(Backoff::new().with_initial_delay(NS))
            },
            Retries,
        ),
        (
            "min_uptime 0",
            |b| b.with_retry_limits(RetryLimits::new().with_min_uptime(Duration::ZERO)),
            Echoes,
        ),
        (
            "min_uptime MAX",
            |b| b.with_retry_limits(RetryLimits::new().with_min_uptime(MAX)),
            Echoes,
        ),
    ]
}

/// Runs one configuration against the echo server (a server that never
/// answers the handshake for the timeout cases, attempts that fail for the
/// retry cases) and checks what it does.
async fn run(name: &str, configure: Configure, expect: Expect) {
    let tag = unique_tag("options");
    // A timeout is proven against a handshake that never completes: on
    // loopback a real one can finish within the one timer turn that even
    // a 1 ns timeout gets.
    let path = if expect == Expect::TimesOut {
        "/hang"
    } else {
        "/echo"
    };
    let mut builder = ReconnectingWebSocket::builder(ws_url(&format!("{path}?tag={tag}")));
    if expect == Expect::Retries {
        // Attempts that fail without touching the network: browsers slow
        // down repeated failed connections to one host (Firefox waits up to
        // a minute), which would time the schedule, not the options.
        builder = builder.with_url_provider(|| async { Err::<String, String>("no url".into()) });
    }
    let started = configure(builder).start();
    let mut ws = match (started, expect) {
        (Err(Error::InvalidOption { option, .. }), Expect::Refused(wanted)) => {
            assert_eq!(option, wanted, "{name}");
            return;
        }
        (Err(error), _) => panic!("{name}: refused with {error}, expected {expect:?}"),
        (Ok(_), Expect::Refused(_)) => panic!("{name}: accepted, expected {expect:?}"),
        (Ok(ws), _) => ws,
    };
    let mut events = ws.events();
    // Each case settles well within this; a spinning one would starve it.
    let mut seen = Vec::new();
    let settled = {
        let settled = async {
            while let Some(event) = events.next().await {
                seen.push(describe(&event));
                let done = match (expect, &event) {
                    (Expect::Echoes, ConnectionEvent::Open) => {
                        assert!(ws.send("edge").await.is_accepted(), "{name}");
                        let echo = ws.next().await.transpose().expect("no error");
                        assert_eq!(echo, Some(Message::text("edge")), "{name}");
                        true
                    }
                    (Expect::DiesIdle, ConnectionEvent::Dead { .. }) => true,
                    (
                        Expect::TimesOut,
                        ConnectionEvent::AttemptFailed {
                            error: AttemptError::Connect(Error::ConnectTimeout(_)),
                            ..
                        },
                    ) => true,
                    (
                        Expect::Retries,
                        ConnectionEvent::Reconnecting { .. } | ConnectionEvent::GaveUp(_),
                    ) => true,
                    _ => false,
                };
                if done {
                    return true;
                }
            }
            false
        }
        .fuse();
        let timeout = crate::common::sleep(Duration::from_secs(5)).fuse();
        futures::pin_mut!(settled, timeout);
        futures::select! {
            settled = settled => settled,
            _ = timeout => false,
        }
    };
    assert!(settled, "{name}: expected {expect:?}, saw {seen:?}");
    ws.close().expect("not closed before");
}

#[wasm_bindgen_test]
async fn every_option_at_its_edges_is_refused_or_honoured() {
    for (name, configure, expect) in table() {
        run(name, configure, expect).await;
    }
}
