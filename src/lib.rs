//! The browser's WebSocket as idiomatic Rust.
//!
//! - [`WebSocket::connect`]`.await` resolves when the connection is open;
//! - a [`WebSocket`] is a `Stream` of [`Message`]s (text, or bytes whatever
//!   the [`BinaryType`], in arrival order) and a `Sink` of `Message`s, with
//!   backpressure on the browser's send buffer;
//! - [`WebSocket::closed`]`.await` gives the close code, reason and whether
//!   the close was clean;
//! - every browser exception and every message the browser would drop
//!   silently becomes a typed [`Error`];
//! - [`reconnect::ReconnectingWebSocket`] keeps one handle across
//!   reconnections, driven by events only.
//!
//! ```no_run
//! # async fn run() -> Result<(), wasm_websocket::Error> {
//! use std::time::Duration;
//! use futures::StreamExt;
//! use wasm_websocket::{CloseCode, Message, WebSocket};
//!
//! let mut ws = WebSocket::builder("ws://127.0.0.1:8787/echo")
//!     .with_protocols(["chat.v2", "chat.v1"])
//!     .with_connect_timeout(Duration::from_secs(5))
//!     .connect()
//!     .await?;
//! ws.send("hello").await?;
//! while let Some(message) = ws.next().await {
//!     match message? {
//!         Message::Text(text) => assert_eq!(text, "hello"),
//!         Message::Binary(bytes) => println!("{} bytes", bytes.len()),
//!     }
//!     ws.close_with(CloseCode::NORMAL, "bye")?;
//! }
//! assert!(ws.closed().await.was_clean);
//! # Ok(())
//! # }
//! ```
//!
//! # API conventions
//!
//! One vocabulary for every handle: [`WebSocket`], its halves
//! ([`WebSocketSender`], [`WebSocketReceiver`]),
//! [`ReconnectingWebSocket`](reconnect::ReconnectingWebSocket), its
//! [`ReconnectingSender`](reconnect::ReconnectingSender), and the `Send + Sync`
//! senders ([`SyncWebSocketSender`],
//! [`SyncReconnectingSender`](reconnect::SyncReconnectingSender)).
//!
//! | verb | means | one connection | reconnecting |
//! |---|---|---|---|
//! | `connect(url)` | a future that resolves when the connection is open | [`WebSocket::connect`] | (none: it never "is open" for good) |
//! | `start()` | starts connecting and returns the handle at once | [`WebSocketBuilder::start`] | [`ReconnectingBuilder::start`](reconnect::ReconnectingBuilder::start), [`ReconnectingWebSocket::start`](reconnect::ReconnectingWebSocket::start) |
//! | `send(m).await` | waits for room (the high-water mark; the offline queue), then hands the message over | `Result<()>` | [`SendOutcome`](reconnect::SendOutcome) |
//! | `try_send(m)` | hands the message over now, or says why not | `Result<()>` (`try_send_blob`, ... for JS data) | [`SendOutcome`](reconnect::SendOutcome) |
//! | `drained()` | a future: everything sent has left for the network | [`Drained`] | [`Drained`] |
//! | `close()`, `close_with(code, reason)` | starts closing and returns at once; `Err(AlreadyClosed)` the second time | `Result<()>` | `Result<()>`, for good |
//! | `closed()` | a future of the close event | [`Closed`] | (events: [`ConnectionEvent`](reconnect::ConnectionEvent)) |
//! | `state()` | where it is now | [`ReadyState`] | [`ConnectionState`](reconnect::ConnectionState) |
//! | `Stream` item | the next message | `Result<Message>`; one `Err`, then `None`, after an abnormal close | `Result<Message>`; an `Err` for a message that could not be read, which does not end it |
//! | `Sink<Message>` | `poll_ready` waits for room, `poll_flush` is "handed to the browser", `poll_close` closes and waits for the close | yes (the close event) | yes (the close handshake, at most 1 s) |
//!
//! Futures that a caller may move into a task or race in `select!`
//! ([`Closed`], [`Drained`], [`SyncSend`]) own what they need (`'static`)
//! and are fused. The `Send + Sync` senders answer through such a future,
//! since they reach the socket's thread through a channel.
//!
//! Handles own a connection; observers do not. A plain socket stays open
//! while any of its handles lives ([`WebSocket`], [`WebSocketSender`] and
//! its clones, [`WebSocketReceiver`], [`SyncWebSocketSender`]); dropping
//! the last one closes it with 1000 at once, and a [`Closed`] or
//! [`Drained`] still waiting then resolves with what really happened (see
//! [`WebSocket`]'s docs).
//!
//! Options types ([`WebSocketBuilder`], the reconnect builder and its
//! parts) have `with_x` setters that consume and return the value, and an
//! `x()` getter; each documents its default and its limits.
//!
//! Every handle except the `Sync` senders holds browser objects, which live
//! on one thread: they are neither `Send` nor `Sync`.
//!
//! # Guarantees
//!
//! Each promise, with what proves it: "schedules" is the random
//! fault-schedule test of the reconnecting socket's sans-IO core (100,000
//! random schedules in `npm test`, every invariant checked after every
//! step); the other names are browser tests (`tests/<binary>/<module>.rs`)
//! run in headless Chromium and Firefox.
//!
//! | promise | proved by |
//! |---|---|
//! | A reconnecting socket has at most one connection open or opening, and none after `close()`. | [schedules](https://github.com/wasm-websocket/wasm-websocket/blob/main/src/core/machine/schedules.rs); [`reconnect/close_pending`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/reconnect/close_pending.rs) |
//! | Every close reaches the reconnect policy in the step that reports it, whatever the reader does. | [schedules](https://github.com/wasm-websocket/wasm-websocket/blob/main/src/core/machine/schedules.rs); [`reconnect/reader_pauses`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/reconnect/reader_pauses.rs) |
//! | Every message a send accepted is sent once and in order, still queued, or handed back ([`SendOutcome`](reconnect::SendOutcome), [`Unsent`](reconnect::ConnectionEvent::Unsent)): never lost, duplicated or reordered. | [schedules](https://github.com/wasm-websocket/wasm-websocket/blob/main/src/core/machine/schedules.rs); [`reconnect/queue`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/reconnect/queue.rs), [`reconnect/overflow`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/reconnect/overflow.rs), [`reconnect/nothing_vanishes`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/reconnect/nothing_vanishes.rs) |
//! | [`Drained`] and `Unsent` tell the same story, whenever `drained()` is asked. | [schedules](https://github.com/wasm-websocket/wasm-websocket/blob/main/src/core/machine/schedules.rs); [`reconnect/close_pending`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/reconnect/close_pending.rs), [`socket/drained`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/socket/drained.rs) |
//! | Received messages reach the reader in arrival order, across reconnections and Blob reads; a paused reader loses none of a closed connection's messages. | [schedules](https://github.com/wasm-websocket/wasm-websocket/blob/main/src/core/machine/schedules.rs); [`reconnect/reader_pauses`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/reconnect/reader_pauses.rs), [`socket/ordering`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/socket/ordering.rs) |
//! | Memory has bounds the user sets: the offline queue, unread messages (`max_unread`; at most twice it for a reconnecting socket), the send buffer, `max_message_size`, the sync senders' waiting sends. | [schedules](https://github.com/wasm-websocket/wasm-websocket/blob/main/src/core/machine/schedules.rs); [`socket/limits`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/socket/limits.rs), [`socket/backpressure`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/socket/backpressure.rs), [`reconnect/sync_sender`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/reconnect/sync_sender.rs) |
//! | Backoff delays stay within `max_delay` and `max_elapsed`; one timer at most, only while something is waited for; none while open and idle. | [schedules](https://github.com/wasm-websocket/wasm-websocket/blob/main/src/core/machine/schedules.rs); [`polling_free`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/polling_free.rs), [`reconnect/refused`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/reconnect/refused.rs) |
//! | `try_send` decides at once, on every handle, also while another send waits. | [`reconnect/sync_sender`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/reconnect/sync_sender.rs), [`socket/sync_sender`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/socket/sync_sender.rs) |
//! | Handles own a connection, observers ([`Closed`], [`Drained`], `events()`) do not: dropping the last handle closes it (1000), and pending observers still answer truthfully. | [`socket/observers_do_not_keep_alive`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/socket/observers_do_not_keep_alive.rs), [`reconnect/drop`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/reconnect/drop.rs) |
//! | Nothing nobody can read is held: a dropped receiver, or a socket read only through `on_message`, queues nothing. | [`socket/nothing_unreadable_is_held`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/socket/nothing_unreadable_is_held.rs), [`socket/event_listeners`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/socket/event_listeners.rs) |
//! | A close the browser makes for its back/forward cache (Chromium 149+) reconnects at once, with no backoff and no retry counted. | [schedules](https://github.com/wasm-websocket/wasm-websocket/blob/main/src/core/machine/schedules.rs); [`reconnect/page_cache`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/reconnect/page_cache.rs) |
//! | Deadlines (heartbeat, idle timeout, minimum uptime) run on the monotonic clock. | [`reconnect/heartbeat`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/reconnect/heartbeat.rs) |
//! | Sends after a close fail with a typed error, never silently. | [`socket/send_after_close`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/socket/send_after_close.rs) |
//! | Bad input is a typed [`Error`], never a panic or an escaping JS exception. | [`socket/bad_input`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/socket/bad_input.rs), [`reconnect/options`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/reconnect/options.rs), [`reconnect/invalid`](https://github.com/wasm-websocket/wasm-websocket/blob/main/tests/reconnect/invalid.rs) |
//!
//! Not promised: `Sent` means handed to the browser, not received by the
//! server. A message sent after the network silently died, before the
//! browser or the idle timeout noticed, is lost with the connection.
//!
//! # Testing your app
//!
//! With the `testing` feature (for `[dev-dependencies]`), a test makes a
//! [`MockServer`] for a URL or a URL prefix and plays the server's part,
//! step by step: accept or refuse the handshake, `recv` and `send`
//! messages, close with a code, drop the connection, go silent. While it
//! lives, every connection the thread makes to that URL (the plain socket,
//! every attempt of the reconnecting socket, the hooks) is served by it in
//! memory, with the same types, events and errors, and no test server. It
//! works in a browser page, a worker and Node; not yet in native tests.
//! The [`testing`] module has the examples, what the server can do, and
//! how to keep a test's durations short.
//!
//! ```toml
//! [dev-dependencies]
//! wasm-websocket = { version = "0.2", features = ["testing"] }
//! ```
//!
//! On targets other than `wasm32` the crate compiles (so that server-side
//! rendering builds of Yew or Leptos apps work) and connecting fails with
//! [`Error::Unsupported`].
#![cfg_attr(
    feature = "testing",
    doc = "",
    doc = "[`testing`]: crate::testing",
    doc = "[`MockServer`]: crate::testing::MockServer"
)]
#![cfg_attr(
    not(feature = "testing"),
    doc = "",
    doc = "[`testing`]: https://docs.rs/wasm-websocket/latest/wasm_websocket/testing/index.html",
    doc = "[`MockServer`]: https://docs.rs/wasm-websocket/latest/wasm_websocket/testing/struct.MockServer.html"
)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod backend;
mod builder;
mod close;
mod closed;
mod connect;
mod connection;
mod core;
mod decimal;
mod drain;
mod error;
mod events;
mod handle;
mod host;
mod inbox;
mod limits;
mod message;
mod socket;
mod split;
mod state;
mod sync_channel;
mod sync_sender;
mod timer;

pub mod codec;
pub mod reconnect;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;

/// The sans-IO core of the reconnecting socket, for the npm binding's
/// engine (the `js` crate of this repository) only: not part of the
/// crate's API, not covered by semver.
#[cfg(feature = "engine")]
#[doc(hidden)]
pub mod __engine {
    pub use crate::core::{
        Action, Config, DrainState, Input, Machine, Next, Outcome, QueuedSize, SendDecision,
    };
}

pub use crate::{
    backend::Backend,
    builder::{validate_protocols, WebSocketBuilder, DEFAULT_HIGH_WATER_MARK},
    close::{validate_close_reason, CloseCode, CloseEvent, IntoCloseCode, MAX_CLOSE_REASON_BYTES},
    closed::Closed,
    connect::Connecting,
    drain::Drained,
    error::{Error, JsError, Result},
    events::EventListener,
    limits::{DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_UNREAD},
    message::Message,
    socket::WebSocket,
    split::{ReuniteError, WebSocketReceiver, WebSocketSender},
    state::{BinaryType, ReadyState},
    sync_channel::SyncSend,
    sync_sender::SyncWebSocketSender,
};
