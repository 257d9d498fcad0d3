//! [`ReconnectingWebSocket`]: one long-lived handle whose message stream and
//! sending survive reconnections. The work is done by a driver task
//! (`driver.rs`); the handle and the driver share [`Shared`].

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};

use futures_core::{FusedStream, Stream};

use super::builder::ReconnectingBuilder;
use super::events::{
    ConnectionEvent, ConnectionEvents, ConnectionState, EventQueue, Rejection, SendOutcome,
};
use super::triggers::BrowserSignals;
use super::{OfflineQueue, PushOutcome};
use crate::close::{validate_close_reason, CloseCode, IntoCloseCode};
use crate::error::{Error, Result};
use crate::message::Message;
use crate::split::WebSocketSender;
use crate::state::ReadyState;

/// What the handles ask of the driver.
#[derive(Default)]
pub(crate) struct Commands {
    /// `close` was called (or every handle dropped): shut down with this.
    pub(crate) close: Option<(CloseCode, String)>,
    /// `reconnect` was called.
    pub(crate) reconnect: bool,
    /// The browser went offline or online, or the page became visible.
    pub(crate) browser: BrowserSignals,
}

/// The state the handles and the driver share.
pub(crate) struct Shared {
    pub(crate) state: ConnectionState,
    /// The open connection's sending half; `None` unless `Open`.
    pub(crate) sender: Option<WebSocketSender>,
    pub(crate) queue: OfflineQueue<Message>,
    inbox: VecDeque<Message>,
    inbox_waker: Option<Waker>,
    /// Whether the message stream has ended (for now: `reconnect` revives it).
    inbox_ended: bool,
    subscribers: Vec<Weak<RefCell<EventQueue>>>,
    pub(crate) commands: Commands,
    pub(crate) driver_waker: Option<Waker>,
}

impl Shared {
    pub(crate) fn new(queue: OfflineQueue<Message>) -> Self {
        Self {
            state: ConnectionState::Connecting,
            sender: None,
            queue,
            inbox: VecDeque::new(),
            inbox_waker: None,
            inbox_ended: false,
            subscribers: Vec::new(),
            commands: Commands::default(),
            driver_waker: None,
        }
    }

    pub(crate) fn emit(&mut self, event: ConnectionEvent) {
        self.subscribers
            .retain(|subscriber| match subscriber.upgrade() {
                Some(queue) => {
                    queue.borrow_mut().push(event.clone());
                    true
                }
                None => false,
            });
    }

    pub(crate) fn deliver(&mut self, message: Message) {
        self.inbox.push_back(message);
        self.wake_inbox();
    }

    /// Ends the message stream (`ended`) or revives it.
    pub(crate) fn set_inbox_ended(&mut self, ended: bool) {
        self.inbox_ended = ended;
        self.wake_inbox();
    }

    /// Ends every event stream, for good.
    pub(crate) fn end_events(&mut self) {
        for subscriber in self.subscribers.drain(..) {
            if let Some(queue) = subscriber.upgrade() {
                queue.borrow_mut().end();
            }
        }
    }

    fn wake_inbox(&mut self) {
        if let Some(waker) = self.inbox_waker.take() {
            waker.wake();
        }
    }

    pub(crate) fn wake_driver(&self) {
        if let Some(waker) = &self.driver_waker {
            waker.wake_by_ref();
        }
    }

    fn send(&mut self, message: Message) -> SendOutcome {
        if self.state == ConnectionState::Closed {
            return SendOutcome::Rejected(message, Rejection::Closed);
        }
        // Straight to the socket only if nothing older waits in the queue,
        // so that the order is kept.
        if let Some(sender) = &self.sender {
            if self.queue.is_empty() && sender.state() == ReadyState::Open {
                return match sender.try_send(message) {
                    Ok(()) => SendOutcome::Sent,
                    Err(error) => SendOutcome::Failed(error),
                };
            }
        }
        match self.queue.push(message) {
            PushOutcome::Queued => SendOutcome::Queued,
            PushOutcome::QueuedDropping(evicted) => SendOutcome::QueuedDropping(evicted),
            PushOutcome::Dropped(message) => SendOutcome::Dropped(message),
            PushOutcome::Rejected(message, reason) => {
                SendOutcome::Rejected(message, Rejection::Queue(reason))
            }
        }
    }

    /// `close_with` of every handle: checks the code and reason first.
    fn close_with(&mut self, code: impl IntoCloseCode, reason: &str) -> Result<()> {
        let code = code.into_close_code()?;
        validate_close_reason(reason)?;
        self.request_close(code, reason.to_owned());
        Ok(())
    }

    fn request_close(&mut self, code: CloseCode, reason: String) {
        if self.state == ConnectionState::Closed {
            return;
        }
        // Closed at once, so that sends from now on are refused.
        self.state = ConnectionState::Closed;
        self.commands.close = Some((code, reason));
        self.wake_driver();
    }
}

/// Dropped with the last handle: tells the driver to shut down.
struct HandleGuard {
    shared: Rc<RefCell<Shared>>,
}

impl Drop for HandleGuard {
    fn drop(&mut self) {
        self.shared
            .borrow_mut()
            .request_close(CloseCode::NORMAL, String::new());
    }
}

/// A WebSocket connection that comes back by itself after it drops.
///
/// One long-lived handle: its message stream and [`send`](Self::send) keep
/// working across reconnections. Each reconnect waits one timer of the
/// [`Backoff`](super::Backoff) delay; nothing polls: while connected, no
/// timer runs at all unless a [heartbeat](super::ReconnectingBuilder::heartbeat)
/// or [idle timeout](super::ReconnectingBuilder::idle_timeout) asks for one.
///
/// - messages sent while not connected wait in an [`OfflineQueue`] and go
///   out in order after the next open, after what the `on_open` hook sends;
/// - [`events`](Self::events) is a stream of [`ConnectionEvent`]s, and
///   [`state`](Self::state) says where it is now;
/// - [`close`](Self::close) stops it for good, even with a retry pending;
///   [`reconnect`](Self::reconnect) retries now, also after giving up.
///
/// The message stream yields the messages of every connection in order. It
/// ends with `None` when no connection will follow on its own: after
/// `close`, a terminal close code, or giving up. `reconnect` revives it.
///
/// Dropping the handle and every [`ReconnectingSender`] closes the socket
/// (code 1000) and ends the driver task.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// use std::time::Duration;
/// use futures::StreamExt;
/// use wasm_websocket::reconnect::{Backoff, ReconnectingWebSocket, RetryLimits, SendOutcome};
///
/// let mut ws = ReconnectingWebSocket::builder("ws://127.0.0.1:8787/echo")
///     .backoff(Backoff::new().with_max_delay(Duration::from_secs(10)))
///     .retry_limits(RetryLimits::new().with_max_retries(20))
///     .on_open(|socket| {
///         let _ = socket.try_send("subscribe");
///     })
///     .start()?;
/// assert!(ws.send("hello").is_accepted()); // queued until the open
/// while let Some(message) = ws.next().await {
///     println!("{message:?}");
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "dropping the last handle closes the connection"]
pub struct ReconnectingWebSocket {
    shared: Rc<RefCell<Shared>>,
    _guard: Rc<HandleGuard>,
}

/// A sending handle of a [`ReconnectingWebSocket`], made by
/// [`sender`](ReconnectingWebSocket::sender); clone it freely. It keeps the
/// connection alive like the main handle does.
///
/// ```no_run
/// # fn run() -> Result<(), wasm_websocket::Error> {
/// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::connect("ws://127.0.0.1:8787/echo")?;
/// let sender = ws.sender();
/// assert!(sender.send("from elsewhere").is_accepted());
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
#[must_use = "dropping the last handle closes the connection"]
pub struct ReconnectingSender {
    shared: Rc<RefCell<Shared>>,
    _guard: Rc<HandleGuard>,
}

impl ReconnectingWebSocket {
    /// Options for a reconnecting connection to `url`.
    ///
    /// ```
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/");
    /// # let _ = builder;
    /// ```
    pub fn builder(url: impl Into<String>) -> ReconnectingBuilder {
        ReconnectingBuilder::new(url)
    }

    /// Starts connecting to `url` with the default options.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::connect("ws://127.0.0.1:8787/echo")?;
    /// # drop(ws);
    /// # Ok(())
    /// # }
    /// ```
    pub fn connect(url: impl Into<String>) -> Result<Self> {
        ReconnectingBuilder::new(url).start()
    }

    pub(crate) fn start(options: ReconnectingBuilder) -> Result<Self> {
        crate::validate_protocols(&options.protocols)?;
        if !cfg!(target_arch = "wasm32") {
            return Err(Error::Unsupported);
        }
        let shared = Rc::new(RefCell::new(Shared::new(OfflineQueue::new(options.queue))));
        super::driver::spawn(options, shared.clone());
        Ok(Self {
            _guard: Rc::new(HandleGuard {
                shared: shared.clone(),
            }),
            shared,
        })
    }

    /// Where it is now.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// use wasm_websocket::reconnect::{ConnectionState, ReconnectingWebSocket};
    /// let ws = ReconnectingWebSocket::connect("ws://127.0.0.1:8787/echo")?;
    /// assert_eq!(ws.state(), ConnectionState::Connecting);
    /// # Ok(())
    /// # }
    /// ```
    pub fn state(&self) -> ConnectionState {
        self.shared.borrow().state
    }

    /// Sends `message` if a connection is open, else queues it; the outcome
    /// says which, and hands back a message that was neither. This does not
    /// wait for the browser's send buffer to drain.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// use wasm_websocket::reconnect::{ReconnectingWebSocket, SendOutcome};
    /// let ws = ReconnectingWebSocket::connect("ws://127.0.0.1:8787/echo")?;
    /// assert_eq!(ws.send("early"), SendOutcome::Queued);
    /// # Ok(())
    /// # }
    /// ```
    pub fn send(&self, message: impl Into<Message>) -> SendOutcome {
        self.shared.borrow_mut().send(message.into())
    }

    /// A clonable handle for sending from elsewhere.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::connect("ws://127.0.0.1:8787/echo")?;
    /// let sender = ws.sender().clone();
    /// # drop(sender);
    /// # Ok(())
    /// # }
    /// ```
    pub fn sender(&self) -> ReconnectingSender {
        ReconnectingSender {
            shared: self.shared.clone(),
            _guard: self._guard.clone(),
        }
    }

    /// A clonable `Send + Sync` handle for sending, for frameworks that
    /// require it; see [`SyncSender`](super::SyncSender). Each call starts a
    /// small task on this thread that serves that handle and its clones.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::connect("ws://127.0.0.1:8787/echo")?;
    /// fn needs_send_sync<T: Clone + Send + Sync + 'static>(_: T) {}
    /// needs_send_sync(ws.sync_sender());
    /// # Ok(())
    /// # }
    /// ```
    pub fn sync_sender(&self) -> super::SyncSender {
        super::SyncSender::spawn(self.sender())
    }

    /// Every [`ConnectionEvent`] from now on, as a stream. Each call makes
    /// an independent subscription. To see the very first `Connecting`,
    /// subscribe right after starting, before the page's event loop runs
    /// the socket's task (that is, before the next `.await`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// use futures::StreamExt;
    /// use wasm_websocket::reconnect::{ConnectionEvent, ReconnectingWebSocket};
    ///
    /// let ws = ReconnectingWebSocket::connect("ws://127.0.0.1:8787/echo")?;
    /// let mut events = ws.events();
    /// assert!(matches!(events.next().await, Some(ConnectionEvent::Connecting { attempt: 0, .. })));
    /// # Ok(())
    /// # }
    /// ```
    pub fn events(&self) -> ConnectionEvents {
        subscribe(&self.shared)
    }

    /// Messages waiting in the offline queue.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::connect("ws://127.0.0.1:8787/echo")?;
    /// let _ = ws.send("a");
    /// assert_eq!(ws.queued(), 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn queued(&self) -> usize {
        self.shared.borrow().queue.len()
    }

    /// Tries to connect now: skips a pending backoff timer, or starts again
    /// after giving up or a terminal close (with a fresh retry count). Does
    /// nothing while connecting or open, or after [`close`](Self::close).
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::connect("ws://127.0.0.1:8787/echo")?;
    /// ws.reconnect();
    /// # Ok(())
    /// # }
    /// ```
    pub fn reconnect(&self) {
        let mut shared = self.shared.borrow_mut();
        if shared.state != ConnectionState::Closed {
            shared.commands.reconnect = true;
            shared.wake_driver();
        }
    }

    /// Closes for good with code 1000; see [`close_with`](Self::close_with).
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// use wasm_websocket::reconnect::{ConnectionState, ReconnectingWebSocket};
    /// let ws = ReconnectingWebSocket::connect("ws://127.0.0.1:8787/echo")?;
    /// ws.close();
    /// assert_eq!(ws.state(), ConnectionState::Closed);
    /// # Ok(())
    /// # }
    /// ```
    pub fn close(&self) {
        self.shared
            .borrow_mut()
            .request_close(CloseCode::NORMAL, String::new());
    }

    /// Closes for good: the open connection (if any) is closed with this
    /// code and reason, a pending retry is cancelled, and no attempt follows.
    /// Messages still queued are not sent: they come back in a
    /// [`ConnectionEvent::Unsent`] on [`events`](Self::events), before
    /// `Stopped`. The code must be 1000 or 3000-4999 and the reason at most
    /// 123 UTF-8 bytes; otherwise nothing happens and the error says why.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::connect("ws://127.0.0.1:8787/echo")?;
    /// assert!(ws.close_with(1001, "x").is_err());
    /// ws.close_with(4000, "bye")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn close_with(&self, code: impl IntoCloseCode, reason: &str) -> Result<()> {
        self.shared.borrow_mut().close_with(code, reason)
    }
}

impl ReconnectingSender {
    /// See [`ReconnectingWebSocket::send`].
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// use wasm_websocket::reconnect::{ReconnectingWebSocket, SendOutcome};
    /// let ws = ReconnectingWebSocket::connect("ws://127.0.0.1:8787/echo")?;
    /// assert_eq!(ws.sender().send("queued until open"), SendOutcome::Queued);
    /// # Ok(())
    /// # }
    /// ```
    pub fn send(&self, message: impl Into<Message>) -> SendOutcome {
        self.shared.borrow_mut().send(message.into())
    }

    /// Closes for good with code 1000, for every handle; see
    /// [`ReconnectingWebSocket::close_with`].
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// use wasm_websocket::reconnect::{ConnectionState, ReconnectingWebSocket};
    /// let ws = ReconnectingWebSocket::connect("ws://127.0.0.1:8787/echo")?;
    /// ws.sender().close();
    /// assert_eq!(ws.state(), ConnectionState::Closed);
    /// # Ok(())
    /// # }
    /// ```
    pub fn close(&self) {
        self.shared
            .borrow_mut()
            .request_close(CloseCode::NORMAL, String::new());
    }

    /// Closes for good with this code and reason; see
    /// [`ReconnectingWebSocket::close_with`].
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::connect("ws://127.0.0.1:8787/echo")?;
    /// ws.sender().close_with(4000, "bye")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn close_with(&self, code: impl IntoCloseCode, reason: &str) -> Result<()> {
        self.shared.borrow_mut().close_with(code, reason)
    }

    /// See [`ReconnectingWebSocket::state`].
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// use wasm_websocket::reconnect::{ConnectionState, ReconnectingWebSocket};
    /// let ws = ReconnectingWebSocket::connect("ws://127.0.0.1:8787/echo")?;
    /// let sender = ws.sender();
    /// ws.close();
    /// assert_eq!(sender.state(), ConnectionState::Closed);
    /// # Ok(())
    /// # }
    /// ```
    pub fn state(&self) -> ConnectionState {
        self.shared.borrow().state
    }
}

fn subscribe(shared: &Rc<RefCell<Shared>>) -> ConnectionEvents {
    let queue = Rc::new(RefCell::new(EventQueue::default()));
    let mut shared = shared.borrow_mut();
    if shared.state == ConnectionState::Closed && shared.driver_waker.is_none() {
        queue.borrow_mut().end();
    } else {
        shared.subscribers.push(Rc::downgrade(&queue));
    }
    ConnectionEvents { queue }
}

impl Stream for ReconnectingWebSocket {
    type Item = Message;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Message>> {
        let mut shared = self.shared.borrow_mut();
        if let Some(message) = shared.inbox.pop_front() {
            return Poll::Ready(Some(message));
        }
        if shared.inbox_ended {
            return Poll::Ready(None);
        }
        shared.inbox_waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

impl FusedStream for ReconnectingWebSocket {
    /// True once closed for good and every message has been taken.
    fn is_terminated(&self) -> bool {
        let shared = self.shared.borrow();
        shared.state == ConnectionState::Closed && shared.inbox.is_empty()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconnect::{QueueConfig, RejectReason};

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn starting_natively_is_unsupported() {
        assert!(matches!(
            ReconnectingWebSocket::connect("ws://127.0.0.1:1/"),
            Err(Error::Unsupported)
        ));
    }

    #[test]
    fn sends_without_a_connection_are_queued_then_refused_when_full_or_closed() {
        let mut shared = Shared::new(OfflineQueue::new(QueueConfig::new().with_capacity(1)));
        assert_eq!(shared.send(Message::text("a")), SendOutcome::Queued);
        assert_eq!(
            shared.send(Message::text("b")),
            SendOutcome::Rejected(Message::text("b"), Rejection::Queue(RejectReason::Full))
        );
        shared.request_close(CloseCode::NORMAL, String::new());
        assert_eq!(shared.state, ConnectionState::Closed);
        assert_eq!(
            shared.send(Message::text("c")),
            SendOutcome::Rejected(Message::text("c"), Rejection::Closed)
        );
    }
}
