//! Testing your app without a server: an in-process mock WebSocket server
//! (the `testing` feature).
//!
//! A test makes a [`MockServer`] for a URL (or a URL prefix). While it
//! lives, every connection this thread makes to a matching URL is served by
//! it, in memory, instead of the network: [`WebSocket::connect`],
//! [`WebSocketBuilder::connect`] and [`start`](WebSocketBuilder::start),
//! every attempt of a [`ReconnectingWebSocket`](crate::reconnect::ReconnectingWebSocket),
//! and the Leptos and Yew hooks, which are built on it. The app's code does
//! not change: same types, same methods, same events and errors as with a
//! browser connection. The test plays the server, one step at a time, so
//! that it reads as a script:
//!
//! ```no_run
//! # async fn run() -> Result<(), wasm_websocket::Error> {
//! use futures::StreamExt;
//! use wasm_websocket::{testing::MockServer, Message, WebSocket};
//!
//! let server = MockServer::new("ws://app.test/chat");
//! let connecting = WebSocket::connect("ws://app.test/chat"); // the app's own code
//! let mut conn = server.accept().await;
//! let mut ws = connecting.await?;
//!
//! ws.send("hello").await?;
//! assert_eq!(conn.recv_text().await, "hello");
//! conn.send("welcome");
//! assert_eq!(ws.next().await.transpose()?, Some(Message::text("welcome")));
//!
//! conn.close(4001, "bye").await;
//! let closed = ws.closed().await;
//! assert_eq!((closed.code, closed.reason.as_str(), closed.was_clean), (4001, "bye", true));
//! # Ok(())
//! # }
//! ```
//!
//! # Set-up
//!
//! Enable the feature for the tests only; cargo adds it to the app's own
//! dependency on the crate when the tests are built, and the app itself
//! never carries it:
//!
//! ```toml
//! [dev-dependencies]
//! wasm-websocket = { version = "0.2", features = ["testing"] }
//! ```
//!
//! # What the server does, and what the client sees
//!
//! | the test (server side) | the app (client side) |
//! |---|---|
//! | [`server.accept().await`](MockServer::accept) | `connect()` resolves; the first offered subprotocol is chosen |
//! | [`server.handshake().await`](MockServer::handshake), then [`with_protocol`](Handshake::with_protocol), [`with_extensions`](Handshake::with_extensions), [`accept()`](Handshake::accept) | `protocol()`, `extensions()` as chosen; a protocol it did not offer fails the connection (1006), as in a browser |
//! | hold the [`Handshake`] | stays `Connecting`: its connect timeout ([`Error::ConnectTimeout`](crate::Error::ConnectTimeout)) applies |
//! | [`Handshake::refuse(503)`](Handshake::refuse), or drop the `Handshake` | [`Error::ConnectFailed`](crate::Error::ConnectFailed), 1006, not clean: a browser never shows the page the status |
//! | [`refuse_next(n, status)`](MockServer::refuse_next), [`refuse_for(duration, status)`](MockServer::refuse_for) | every attempt in the window fails that way |
//! | [`conn.recv().await`](MockConnection::recv), [`recv_text`](MockConnection::recv_text), [`recv_binary`](MockConnection::recv_binary), [`recv_as(&codec)`](MockConnection::recv_as) | what it sent, in order |
//! | [`conn.send(m)`](MockConnection::send), [`send_as(&codec, &v)`](MockConnection::send_as) | the message, text or binary, within its limits |
//! | [`conn.close(4001, "bye").await`](MockConnection::close) | `closed()` gives 4001, "bye", clean |
//! | [`conn.drop_abruptly()`](MockConnection::drop_abruptly) | 1006, not clean ([`Error::ConnectionLost`](crate::Error::ConnectionLost)) |
//! | [`conn.go_silent()`](MockConnection::go_silent) | nothing more arrives, its sends are lost, its close is not answered: only an idle timeout or a heartbeat notices |
//! | (the app closes) | the server answers by itself: both sides see the app's code and reason, clean ([`conn.closed().await`](MockConnection::closed)) |
//! | drop the [`MockServer`] | every connection of it: 1006, not clean |
//! | [`handshakes()`](MockServer::handshakes), [`accepted()`](MockServer::accepted), [`refused()`](MockServer::refused), [`open_connections()`](MockServer::open_connections) | (counts, to assert on) |
//!
//! A reconnecting socket, with durations short enough for a test (see
//! [Time](#time)): refused twice, then a connection that drops; the
//! messages sent meanwhile wait in the offline queue and go out on the next
//! connection.
//!
//! ```no_run
//! # async fn run() -> Result<(), wasm_websocket::Error> {
//! use std::time::Duration;
//! use futures::StreamExt;
//! use wasm_websocket::reconnect::{Backoff, ConnectionEvent, Jitter, ReconnectingWebSocket, SendOutcome};
//! use wasm_websocket::testing::MockServer;
//!
//! let server = MockServer::new("ws://app.test/feed");
//! server.refuse_next(2, 503);
//! let ws = ReconnectingWebSocket::builder("ws://app.test/feed")
//!     .with_backoff(Backoff::new().with_initial_delay(Duration::from_millis(5)).with_jitter(Jitter::None))
//!     .start()?;
//! let mut events = ws.events();
//! let conn = server.accept().await; // the third attempt, about 15 ms later
//! assert_eq!(server.refused(), 2);
//! while events.next().await != Some(ConnectionEvent::Open) {}
//! conn.drop_abruptly();
//! while !matches!(events.next().await, Some(ConnectionEvent::Closed(_))) {}
//! assert_eq!(ws.try_send("sent while away"), SendOutcome::Queued);
//!
//! let mut conn = server.accept().await; // the retry, after the backoff
//! assert_eq!(conn.recv_text().await, "sent while away");
//! # Ok(())
//! # }
//! ```
//!
//! # Time
//!
//! The mock serves connections; it does not control time. Backoff delays,
//! heartbeats, idle timeouts and connect timeouts run on the host's real
//! timers, as in the app, so a test sets them short, in milliseconds
//! ([`Backoff::with_initial_delay`](crate::reconnect::Backoff::with_initial_delay)
//! and [`Jitter::None`](crate::reconnect::Jitter::None) for exact delays,
//! [`with_idle_timeout`](crate::reconnect::ReconnectingBuilder::with_idle_timeout),
//! [`Heartbeat::new`](crate::reconnect::Heartbeat::new),
//! [`with_connect_timeout`](WebSocketBuilder::with_connect_timeout)): a
//! reconnect after a drop then takes a few milliseconds, as above. Where a
//! test can wait for an event instead of a duration (the next handshake,
//! an `Open`, a `Closed`), it should: that is exact on a loaded machine.
//! Virtual time (a clock the test advances) is not offered yet.
//!
//! # Where it works
//!
//! Wherever the crate connects: `wasm32-unknown-unknown` in a browser
//! page, a worker, or Node (which then needs no global `WebSocket`). The
//! server and its connection live on the thread that made them; a
//! connection from another thread (another worker) is not served.
//!
//! Natively (`cargo test` on the host) the crate still has no way in:
//! connecting returns [`Error::Unsupported`](crate::Error::Unsupported),
//! with or without a mock server, because the handles rely on the host's
//! timers and tasks. Serving native tests is planned, not done.
//!
//! # Differences from a browser connection
//!
//! - The URL is matched as the app gives it, not resolved: a server for
//!   `ws://app.test/chat` does not serve `ws://APP.test/chat`, and a
//!   relative URL matches only the same relative URL.
//! - There is no browser `WebSocket` object: `as_raw()` and the `on_*`
//!   listeners give `None`, `into_raw()` hands the socket back as its
//!   error, as on the [stream backend](crate::Backend::Stream), and
//!   [`backend()`](crate::WebSocket::backend) says `Classic`, whatever the
//!   builder asked for. `try_send_blob` fails with
//!   [`Error::Unsupported`](crate::Error::Unsupported).
//! - Nothing is buffered on the way: `buffered_amount()` is 0 after every
//!   send, and `drained()` resolves at once.
//! - Extensions are only reported: nothing is compressed.
//!
//! # Bad use
//!
//! - A URL is served by one live server at most: making a server whose
//!   URLs overlap a live one's panics, naming both.
//! - A server dropped while clients are connected drops their connections
//!   (they see 1006), and their reconnection attempts then go to the
//!   network: keep the server alive for the whole test.
//! - [`MockConnection::close`] with a code no server may send (1005, 1006,
//!   1015, 2000, ...), a refusal with status 101, a `recv_text` that finds
//!   a binary message, a `recv_as` that does not decode: each panics,
//!   saying what it found.
//!
//! [`WebSocket::connect`]: crate::WebSocket::connect

mod connection;
mod handshake;
mod registry;
mod server;

use std::rc::Rc;

pub use self::{connection::MockConnection, handshake::Handshake, server::MockServer};

use crate::builder::WebSocketBuilder;
use crate::connection::{connect_memory, Pipe};
use crate::error::Result;
use crate::socket::WebSocket;

/// Serves `builder`'s connection in memory if a live mock server of this
/// thread serves its URL (`Ok(None)`: none does, the network it is).
pub(crate) fn serve(builder: &WebSocketBuilder) -> Result<Option<WebSocket>> {
    let Some(server) = registry::find(builder.url()) else {
        return Ok(None);
    };
    // Natively the handles have no timers or tasks: not served yet.
    crate::host::require_js_host()?;
    let pipe = Rc::new(Pipe::new(builder.url(), builder.protocols()));
    let connection = connect_memory(
        &pipe,
        builder.binary_type(),
        builder.high_water_mark(),
        builder.receive_limits(),
    );
    server.incoming(pipe);
    Ok(Some(WebSocket::from_connection(connection)))
}

/// Whether a live mock server of this thread serves `url`.
pub(crate) fn serves(url: &str) -> bool {
    registry::find(url).is_some()
}

/// Natively the crate has no timers or tasks to drive a connection with,
/// mock or not: it says so rather than pretend.
#[cfg(all(test, not(all(target_family = "wasm", target_os = "unknown"))))]
mod tests {
    use super::MockServer;
    use crate::error::Error;
    use crate::reconnect::ReconnectingWebSocket;
    use crate::WebSocketBuilder;

    #[test]
    fn natively_a_served_url_is_still_unsupported() {
        let server = MockServer::new("ws://native.test/");
        let plain = WebSocketBuilder::new("ws://native.test/").start();
        assert!(matches!(plain, Err(Error::Unsupported(_))), "{plain:?}");
        let reconnecting = ReconnectingWebSocket::start("ws://native.test/").map(drop);
        assert!(
            matches!(reconnecting, Err(Error::Unsupported(_))),
            "{reconnecting:?}"
        );
        assert_eq!(server.handshakes(), 0);
    }
}
