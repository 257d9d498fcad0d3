//! [`ReconnectingWebSocket`] and [`ReconnectingSender`]: long-lived handles
//! whose message stream and sending survive reconnections. The work is done
//! by a driver task (`driver.rs`); the handles and the driver share
//! [`Shared`].

use std::cell::RefCell;
use std::fmt;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use futures_core::{FusedStream, Stream};
use futures_sink::Sink;

use super::builder::ReconnectingBuilder;
use super::clock::Clock;
use super::events::{ConnectionEvents, EventQueue};
use super::shared::Shared;
use super::{ConnectionState, Rejection, SendOutcome};
use crate::close::CloseCode;
use crate::core::{Input, Machine, Next};
use crate::drain::DrainWait;
use crate::error::{Error, Result};
use crate::message::Message;

/// Dropped with the [`ReconnectingWebSocket`]: tells the driver to shut
/// down.
pub(crate) struct HandleGuard {
    shared: Rc<RefCell<Shared>>,
}

impl Drop for HandleGuard {
    fn drop(&mut self) {
        // `Err(AlreadyClosed)` if it was closed already, which is as good.
        let _ = close(&self.shared, CloseCode::NORMAL, "");
    }
}

/// `close_with` of every handle, the code already checked.
fn close(shared: &RefCell<Shared>, code: CloseCode, reason: &str) -> Result<()> {
    Shared::update(shared, |shared| {
        let now = shared.now();
        shared.core.close(code, reason, now)
    })
}

/// A WebSocket connection that comes back by itself after it drops.
///
/// One long-lived handle: its message stream and its sending keep working
/// across reconnections. Each reconnect waits one timer of the
/// [`Backoff`](super::Backoff) delay; nothing polls: while connected, no
/// timer runs at all unless a [heartbeat](super::ReconnectingBuilder::with_heartbeat)
/// or [idle timeout](super::ReconnectingBuilder::with_idle_timeout) asks for one.
///
/// - [`send`](Self::send)`.await` waits for room (the open socket's buffer
///   below its high-water mark, or room in the offline queue), then sends or
///   queues; [`try_send`](Self::try_send) decides at once. Both say what
///   they did in a [`SendOutcome`], and hand back a message they did not
///   take. It is also a [`Sink`] of [`Message`]s with the same
///   backpressure.
/// - messages sent while not connected wait in the offline queue and go out
///   in order after the next open, after what the `on_open` hook sends;
/// - [`events`](Self::events) is a stream of
///   [`ConnectionEvent`](super::ConnectionEvent)s, and [`state`](Self::state)
///   says where it is now;
/// - [`close`](Self::close) stops it for good, even with a retry pending;
///   [`reconnect`](Self::reconnect) retries now, also after giving up.
///
/// It is a `Stream` of `Result<Message>`: the messages of every connection
/// in order, and an `Err` for a message that arrived but could not be read
/// (a `Blob` the browser failed to read, say), which does not end the
/// stream. Connections closing and opening are
/// [events](Self::events), not errors. The stream ends with `None` when no
/// connection will follow on its own: after `close`, a terminal close code,
/// or giving up. After that it keeps returning `None`, and
/// [`is_terminated`](FusedStream::is_terminated) says so, until
/// [`reconnect`](Self::reconnect) starts it again.
///
/// This handle owns the connection: dropping it closes the socket (code
/// 1000), hands back what was still queued, and ends the driver task, even
/// if [senders](Self::sender) remain (their sends are then
/// [`Rejected`](SendOutcome::Rejected) with
/// [`Rejection::Closed`]). That is what makes a sender safe to keep
/// anywhere, in an option's closure included (an `on_open` hook, a URL
/// provider, a heartbeat matcher): it can never keep a connection alive
/// that nobody reads. The handles are not `Send`;
/// [`sync_sender`](Self::sync_sender) gives one that is.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// use std::time::Duration;
/// use futures::StreamExt;
/// use wasm_websocket::reconnect::{Backoff, ReconnectingWebSocket, RetryLimits};
///
/// let mut ws = ReconnectingWebSocket::builder("ws://127.0.0.1:8787/echo")
///     .with_backoff(Backoff::new().with_max_delay(Duration::from_secs(10)))
///     .with_retry_limits(RetryLimits::new().with_max_retries(20))
///     .with_on_open(|socket| {
///         let _ = socket.try_send("subscribe");
///     })
///     .start()?;
/// assert!(ws.send("hello").await.is_accepted()); // queued until the open
/// while let Some(message) = ws.next().await {
///     println!("{:?}", message?);
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "dropping it closes the connection"]
pub struct ReconnectingWebSocket {
    shared: Rc<RefCell<Shared>>,
    /// Closes the connection when this handle goes.
    _guard: HandleGuard,
    /// This handle's own wait for the socket's buffer, for its `Sink`.
    drain: DrainWait,
}

/// A sending handle of a [`ReconnectingWebSocket`], made by
/// [`sender`](ReconnectingWebSocket::sender); clone it freely. It has the
/// socket's sending and closing methods and is a [`Sink`] too. It does not
/// keep the connection alive: once the [`ReconnectingWebSocket`] is dropped
/// (or closed), its sends are handed back as
/// [`Rejected`](SendOutcome::Rejected), so it can be stored anywhere, also
/// in an option's closure, without keeping a socket open that nobody
/// reads.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?;
/// let sender = ws.sender();
/// assert!(sender.send("from elsewhere").await.is_accepted());
/// # Ok(())
/// # }
/// ```
pub struct ReconnectingSender {
    shared: Rc<RefCell<Shared>>,
    drain: DrainWait,
}

impl Clone for ReconnectingSender {
    fn clone(&self) -> Self {
        Self {
            shared: self.shared.clone(),
            drain: DrainWait::default(),
        }
    }
}

/// The methods both handles share. Examples use the socket; a sender
/// behaves the same.
macro_rules! reconnecting_methods {
    () => {
        /// Where it is now.
        ///
        /// ```no_run
        /// # fn run() -> Result<(), wasm_websocket::Error> {
        /// use wasm_websocket::reconnect::{ConnectionState, ReconnectingWebSocket};
        /// let ws = ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?;
        /// assert_eq!(ws.state(), ConnectionState::Connecting);
        /// # Ok(())
        /// # }
        /// ```
        pub fn state(&self) -> ConnectionState {
            self.shared.borrow().core.state()
        }

        /// The open connection's URL, as the browser resolved it; `None`
        /// while no connection is open.
        ///
        /// ```no_run
        /// # fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?;
        /// assert_eq!(ws.url(), None); // still connecting
        /// # Ok(())
        /// # }
        /// ```
        pub fn url(&self) -> Option<String> {
            self.shared.borrow().sender.as_ref().map(|s| s.url())
        }

        /// The subprotocol the open connection's server chose (empty if
        /// none); `None` while no connection is open.
        pub fn protocol(&self) -> Option<String> {
            self.shared.borrow().sender.as_ref().map(|s| s.protocol())
        }

        /// The extensions the open connection's server chose (empty if
        /// none); `None` while no connection is open.
        pub fn extensions(&self) -> Option<String> {
            self.shared.borrow().sender.as_ref().map(|s| s.extensions())
        }

        /// Bytes handed to the open connection's browser socket but not yet
        /// to the network (`bufferedAmount`); 0 while no connection is open
        /// (messages waiting for one are counted by [`queued`](Self::queued)).
        pub fn buffered_amount(&self) -> u64 {
            self.shared
                .borrow()
                .sender
                .as_ref()
                .map_or(0, |s| s.buffered_amount())
        }

        /// Sends `message` once there is room, and says what became of it.
        ///
        /// While a connection is open, it waits until the socket's buffer is
        /// below the high-water mark and sends. Otherwise it queues the
        /// message for the next open, waiting first if the offline queue is
        /// full for the moment (a connection is on its way to empty it).
        /// It does not wait when no connection will come by itself (gave up,
        /// stopped): the queue's overflow policy then decides at once, as in
        /// [`try_send`](Self::try_send). After `close` the message is handed
        /// back as [`Rejected`](SendOutcome::Rejected).
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// use wasm_websocket::reconnect::{ReconnectingWebSocket, SendOutcome};
        /// let ws = ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?;
        /// assert_eq!(ws.send("early").await, SendOutcome::Queued);
        /// # Ok(())
        /// # }
        /// ```
        pub async fn send(&self, message: impl Into<Message>) -> SendOutcome {
            let message = message.into();
            let mut drain = DrainWait::default();
            std::future::poll_fn(|cx| poll_room(&self.shared, &message, &mut drain, cx)).await;
            Shared::update(&self.shared, |shared| shared.send(message, false))
        }

        /// Sends `message` now if a connection is open (whatever its buffer
        /// holds), else queues it under the queue's
        /// [overflow policy](super::OverflowPolicy); the outcome says which,
        /// and hands back a message that was neither.
        ///
        /// ```no_run
        /// # fn run() -> Result<(), wasm_websocket::Error> {
        /// use wasm_websocket::reconnect::{ReconnectingWebSocket, SendOutcome};
        /// let ws = ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?;
        /// assert_eq!(ws.try_send("early"), SendOutcome::Queued);
        /// # Ok(())
        /// # }
        /// ```
        pub fn try_send(&self, message: impl Into<Message>) -> SendOutcome {
            Shared::update(&self.shared, |shared| shared.send(message.into(), false))
        }

        /// A future that resolves once everything sent has left the browser
        /// for the network: the offline queue is empty and the open
        /// socket's buffer too. It fails with
        /// [`Error::Unsent`](crate::Error::Unsent) if messages are still
        /// queued or buffered when no connection will take them (closed,
        /// gave up, stopped, or the connection dropped with bytes in its
        /// buffer).
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?;
        /// let _ = ws.send(vec![0u8; 1 << 20]).await;
        /// ws.drained().await?;
        /// assert_eq!(ws.queued(), 0);
        /// # Ok(())
        /// # }
        /// ```
        pub fn drained(&self) -> crate::Drained {
            crate::Drained::of(self.shared.clone())
        }

        /// Messages waiting in the offline queue.
        ///
        /// ```no_run
        /// # fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?;
        /// let _ = ws.try_send("a");
        /// assert_eq!(ws.queued(), 1);
        /// # Ok(())
        /// # }
        /// ```
        pub fn queued(&self) -> usize {
            self.shared.borrow().core.queued()
        }

        /// Every [`ConnectionEvent`](super::ConnectionEvent) from now on, as
        /// a stream. Each call makes an independent subscription. It starts
        /// with the latest event that set the current state (`Open`,
        /// `Reconnecting`, ...), so a subscription made after an `.await`
        /// still learns where things stand; one made right after `start`
        /// sees the very first `Connecting`.
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// use futures::StreamExt;
        /// use wasm_websocket::reconnect::{ConnectionEvent, ReconnectingWebSocket};
        ///
        /// let ws = ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?;
        /// let mut events = ws.events();
        /// assert!(matches!(events.next().await, Some(ConnectionEvent::Connecting { attempt: 0, .. })));
        /// # Ok(())
        /// # }
        /// ```
        pub fn events(&self) -> ConnectionEvents {
            let queue = Rc::new(RefCell::new(EventQueue::default()));
            self.shared.borrow_mut().subscribe(&queue);
            ConnectionEvents { queue }
        }

        /// Tries to connect now: skips a pending backoff timer, or starts
        /// again after giving up or a terminal close (with a fresh retry
        /// count, and the message stream running again). Does nothing while
        /// connecting or open, or after [`close`](Self::close).
        ///
        /// ```no_run
        /// # fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?;
        /// ws.reconnect();
        /// # Ok(())
        /// # }
        /// ```
        pub fn reconnect(&self) {
            // Decided now, not when the driver next runs: a `send`,
            // `drained()` or read that follows this call sees a socket on
            // its way, not one that gave up.
            Shared::update(&self.shared, |shared| shared.feed(Input::Reconnect));
        }

        /// Closes for good with code 1000; see [`close_with`](Self::close_with).
        ///
        /// ```no_run
        /// # fn run() -> Result<(), wasm_websocket::Error> {
        /// use wasm_websocket::{reconnect::ReconnectingWebSocket, Error};
        /// let ws = ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?;
        /// ws.close()?;
        /// assert_eq!(ws.close(), Err(Error::AlreadyClosed));
        /// # Ok(())
        /// # }
        /// ```
        pub fn close(&self) -> Result<()> {
            self.close_with(CloseCode::NORMAL, "")
        }

        /// Closes for good, for every handle: the open connection (if any)
        /// is closed with this code and reason, a pending retry is
        /// cancelled, and no attempt follows. Messages still queued are not
        /// sent: they come back in a
        /// [`ConnectionEvent::Unsent`](super::ConnectionEvent::Unsent) on
        /// [`events`](Self::events), before `Stopped`. The code must be 1000
        /// or 3000-4999 and the reason at most 123 UTF-8 bytes; otherwise
        /// nothing happens and the error says why. Fails with
        /// [`Error::AlreadyClosed`](crate::Error::AlreadyClosed) if it is
        /// closed already.
        ///
        /// ```no_run
        /// # fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?;
        /// assert!(ws.close_with(1001, "x").is_err());
        /// ws.close_with(4000, "bye")?;
        /// # Ok(())
        /// # }
        /// ```
        pub fn close_with(&self, code: impl crate::IntoCloseCode, reason: &str) -> Result<()> {
            close(&self.shared, code.into_close_code()?, reason)
        }

        /// A `Send + Sync` handle for sending, for frameworks that require
        /// it; see [`SyncReconnectingSender`](super::SyncReconnectingSender).
        /// Each call starts a small task on this thread that serves that
        /// handle and its clones.
        ///
        /// ```no_run
        /// # fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?;
        /// fn needs_send_sync<T: Clone + Send + Sync + 'static>(_: T) {}
        /// needs_send_sync(ws.sync_sender());
        /// # Ok(())
        /// # }
        /// ```
        pub fn sync_sender(&self) -> super::SyncReconnectingSender {
            super::SyncReconnectingSender::spawn(self.sender_handle())
        }

        /// This handle seen through `codec`: a `Stream` of decoded `T`
        /// values and a `Sink` of `T`, across reconnections; see
        /// [`Typed`](crate::codec::Typed). Its `send` is the `Sink`'s: a
        /// value the queue refuses is an error, with the same backpressure
        /// as [`send`](Self::send).
        ///
        /// ```no_run
        /// # #[cfg(feature = "json")]
        /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
        /// use futures::{SinkExt, StreamExt};
        /// use wasm_websocket::{codec::Json, reconnect::ReconnectingWebSocket};
        ///
        /// #[derive(serde::Serialize, serde::Deserialize)]
        /// struct Price { symbol: String, cents: u64 }
        ///
        /// let mut prices = ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?.typed::<Price>(Json);
        /// prices.send(Price { symbol: "ACME".into(), cents: 1234 }).await?;
        /// let echoed = prices.next().await.transpose()?;
        /// assert_eq!(echoed.map(|price| price.cents), Some(1234));
        /// # Ok(())
        /// # }
        /// ```
        pub fn typed<T>(
            self,
            codec: impl crate::codec::Codec<T> + Unpin,
        ) -> crate::codec::Typed<T, Self, impl crate::codec::Codec<T> + Unpin> {
            crate::codec::Typed::new(self, codec)
        }

        fn sender_handle(&self) -> ReconnectingSender {
            ReconnectingSender {
                shared: self.shared.clone(),
                drain: DrainWait::default(),
            }
        }
    };
}

impl ReconnectingWebSocket {
    /// Options for a reconnecting connection to `url`.
    ///
    /// ```
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/");
    /// assert_eq!(builder.socket().url(), "ws://h/");
    /// ```
    pub fn builder(url: impl Into<String>) -> ReconnectingBuilder {
        ReconnectingBuilder::new(url)
    }

    /// Starts connecting to `url` with the default options, and returns the
    /// handle at once (as [`WebSocketBuilder::start`](crate::WebSocketBuilder::start)
    /// does for one connection).
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?;
    /// # drop(ws);
    /// # Ok(())
    /// # }
    /// ```
    pub fn start(url: impl Into<String>) -> Result<Self> {
        ReconnectingBuilder::new(url).start()
    }

    pub(crate) fn spawn(options: ReconnectingBuilder) -> Result<Self> {
        crate::validate_protocols(options.socket().protocols())?;
        options.validate()?;
        // Without a WebSocket every attempt would fail the same way: say so
        // now rather than retry forever.
        if options.socket().constructor().is_none() && !served_by_a_mock(&options) {
            crate::host::require_global_websocket()?;
        }
        crate::host::require_js_host()?;
        let mut clock = Clock::new();
        let offline = options.pause_while_offline() && super::triggers::host_is_offline();
        // The jitter's seed; 2^53 keeps every bit of `Math.random()`.
        let seed = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
        let core = Machine::new(options.core_config(), clock.now(), offline, seed);
        let shared = Rc::new(RefCell::new(Shared::new(core, clock)));
        // The first `Connecting` is handed out now (to nobody yet: a
        // subscriber made next starts with it), the attempt left to the
        // driver.
        Shared::update(&shared, |_| {});
        super::driver::spawn(options, shared.clone());
        Ok(Self {
            _guard: HandleGuard {
                shared: shared.clone(),
            },
            shared,
            drain: DrainWait::default(),
        })
    }

    reconnecting_methods!();

    /// A clonable handle for sending from elsewhere on this thread.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::start("ws://127.0.0.1:8787/echo")?;
    /// let sender = ws.sender().clone();
    /// # drop(sender);
    /// # Ok(())
    /// # }
    /// ```
    pub fn sender(&self) -> ReconnectingSender {
        self.sender_handle()
    }
}

impl ReconnectingSender {
    reconnecting_methods!();

    /// The offline queue's limits, which also bound the sends a
    /// [`SyncReconnectingSender`](super::SyncReconnectingSender) holds.
    pub(crate) fn queue_config(&self) -> super::QueueConfig {
        self.shared.borrow().core.queue_config()
    }
}

/// Waits until a send of `message` can be decided: the open socket's
/// buffer is below its high-water mark, or there is room in the queue, or
/// nothing will make room by itself.
fn poll_room(
    shared: &RefCell<Shared>,
    message: &Message,
    drain: &mut DrainWait,
    cx: &mut Context<'_>,
) -> Poll<()> {
    let connection = {
        let mut shared = shared.borrow_mut();
        let writable = shared.writable();
        match &shared.sender {
            Some(sender) if shared.core.goes_direct(writable) => sender.connection().clone(),
            _ if shared.core.must_wait_for_room(message.len(), writable) => {
                shared.wait_for_queue(cx.waker());
                return Poll::Pending;
            }
            _ => return Poll::Ready(()),
        }
    };
    // An error means that socket is closing: then the send is decided
    // without it (queued for the next one).
    drain.poll_ready(&connection, cx).map(|_| ())
}

/// The `Sink` of both handles:
/// - `poll_ready` waits as [`send`](ReconnectingWebSocket::send) does;
/// - `start_send` sends or queues; a message it cannot take fails with
///   [`Error::AlreadyClosed`] (after `close`) or [`Error::NotQueued`] (the
///   queue refused it); the queue's overflow policy is not applied, so
///   nothing queued earlier is evicted by a `Sink`;
/// - `poll_flush` is ready at once (everything is with the browser or in
///   the queue); [`drained`](ReconnectingWebSocket::drained) waits for the
///   network;
/// - `poll_close` closes for good (code 1000) and is ready once the
///   connection's close handshake is done (at most a second, as
///   [`events`](ReconnectingWebSocket::events) ends), as the plain socket's
///   is ready once its close event came.
fn start_send(shared: &RefCell<Shared>, message: Message) -> Result<()> {
    match Shared::update(shared, |shared| shared.send(message, true)) {
        SendOutcome::Sent | SendOutcome::Queued => Ok(()),
        SendOutcome::Failed(_, error) => Err(error),
        SendOutcome::Rejected(_, Rejection::Closed | Rejection::Gone) => Err(Error::AlreadyClosed),
        SendOutcome::Rejected(_, Rejection::Queue(reason)) => Err(Error::NotQueued(reason)),
        // Not produced without the overflow policy; kept as refusals.
        SendOutcome::QueuedDropping(_) | SendOutcome::Dropped(_) => {
            Err(Error::NotQueued(super::RejectReason::Full))
        }
    }
}

fn poll_close(shared: &RefCell<Shared>, cx: &mut Context<'_>) -> Poll<Result<()>> {
    // Closing twice is no error for a `Sink`.
    let _ = close(shared, CloseCode::NORMAL, "");
    shared.borrow_mut().poll_ended(cx.waker())
}

macro_rules! reconnecting_sink {
    ($handle:ty) => {
        /// See [`ReconnectingWebSocket`]'s `Sink` notes on `start_send`:
        /// backpressure in `poll_ready`, a refusal as an error, a flush that
        /// is ready at once, a close for good that waits for the close
        /// handshake.
        impl Sink<Message> for $handle {
            type Error = Error;

            fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
                let this = self.get_mut();
                // The size of the next message is not known yet: wait for
                // the socket's buffer, or for any room in the queue.
                poll_room(
                    &this.shared,
                    &Message::Binary(Vec::new()),
                    &mut this.drain,
                    cx,
                )
                .map(Ok)
            }

            fn start_send(self: Pin<&mut Self>, message: Message) -> Result<()> {
                start_send(&self.shared, message)
            }

            fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Result<()>> {
                Poll::Ready(Ok(()))
            }

            fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
                poll_close(&self.shared, cx)
            }
        }
    };
}

reconnecting_sink!(ReconnectingWebSocket);
reconnecting_sink!(ReconnectingSender);

impl Stream for ReconnectingWebSocket {
    type Item = Result<Message>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Message>>> {
        let (next, driver) = {
            let mut shared = self.shared.borrow_mut();
            let was_full = !shared.core.wants_messages();
            let next = shared.core.pop_message();
            if matches!(next, Next::Empty) {
                shared.wait_for_inbox(cx.waker());
            }
            // The driver stopped reading for a reader that was behind: it
            // goes on now that there is room.
            let driver = (was_full && shared.core.wants_messages())
                .then(|| shared.driver_waker.clone())
                .flatten();
            (next, driver)
        };
        if let Some(driver) = driver {
            driver.wake();
        }
        match next {
            Next::Item(item) => Poll::Ready(Some(item)),
            Next::Empty => Poll::Pending,
            Next::End => Poll::Ready(None),
        }
    }
}

impl FusedStream for ReconnectingWebSocket {
    /// True once the stream has returned `None`, until
    /// [`reconnect`](ReconnectingWebSocket::reconnect) starts it again.
    fn is_terminated(&self) -> bool {
        self.shared.borrow().core.is_stream_finished()
    }
}

impl fmt::Debug for ReconnectingWebSocket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReconnectingWebSocket")
            .field("state", &self.state())
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for ReconnectingSender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReconnectingSender")
            .field("state", &self.state())
            .finish_non_exhaustive()
    }
}

#[cfg(all(test, not(all(target_family = "wasm", target_os = "unknown"))))]
mod tests {
    use super::*;

    #[test]
    fn starting_natively_is_unsupported() {
        assert!(matches!(
            ReconnectingWebSocket::start("ws://127.0.0.1:1/"),
            Err(Error::Unsupported(_))
        ));
    }
}

/// Whether every attempt goes to a live mock server (the `testing`
/// feature), which needs no global `WebSocket`.
#[cfg(feature = "testing")]
fn served_by_a_mock(options: &ReconnectingBuilder) -> bool {
    !options.has_url_provider() && crate::testing::serves(options.url())
}

#[cfg(not(feature = "testing"))]
fn served_by_a_mock(_options: &ReconnectingBuilder) -> bool {
    false
}
