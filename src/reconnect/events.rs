//! What a [`ReconnectingWebSocket`](super::ReconnectingWebSocket) reports:
//! its [`ConnectionState`], the [`ConnectionEvent`]s of its life, and the
//! [`SendOutcome`] of each send.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use futures_core::{FusedStream, Stream};

use super::{GiveUpReason, RejectReason, StopReason};
use crate::close::CloseEvent;
use crate::error::Error;
use crate::message::Message;

/// Where a [`ReconnectingWebSocket`](super::ReconnectingWebSocket) is.
///
/// ```
/// use wasm_websocket::reconnect::ConnectionState;
///
/// assert!(ConnectionState::GaveUp.is_final());
/// assert!(!ConnectionState::Waiting.is_final());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConnectionState {
    /// An attempt is under way (asking the URL provider, or the handshake).
    Connecting,
    /// A connection is open; sends go straight to it.
    Open,
    /// Waiting for the backoff timer before the next attempt.
    Waiting,
    /// A retry is due but the browser is offline: it waits, with no timer,
    /// for the browser's `online` event (or
    /// [`reconnect`](super::ReconnectingWebSocket::reconnect)).
    Offline,
    /// The retry limits were reached; only
    /// [`reconnect`](super::ReconnectingWebSocket::reconnect) starts again.
    GaveUp,
    /// The server closed with a code the [`ReconnectPolicy`](super::ReconnectPolicy)
    /// calls terminal (or its predicate declined); only
    /// [`reconnect`](super::ReconnectingWebSocket::reconnect) starts again.
    Stopped,
    /// [`close`](super::ReconnectingWebSocket::close) was called or every
    /// handle was dropped: nothing will ever connect again.
    Closed,
    /// The page went into the browser's back/forward cache: the connection
    /// was closed so that it could, and a new one starts when the page is
    /// shown again. See
    /// [`with_suspend_in_page_cache`](super::ReconnectingBuilder::with_suspend_in_page_cache).
    Suspended,
}

impl ConnectionState {
    /// The state's name, as [`Display`](fmt::Display) writes it.
    ///
    /// ```
    /// use wasm_websocket::reconnect::ConnectionState;
    ///
    /// assert_eq!(ConnectionState::Waiting.as_str(), "waiting");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionState::Connecting => "connecting",
            ConnectionState::Open => "open",
            ConnectionState::Waiting => "waiting",
            ConnectionState::Offline => "offline",
            ConnectionState::GaveUp => "gave-up",
            ConnectionState::Stopped => "stopped",
            ConnectionState::Closed => "closed",
            ConnectionState::Suspended => "suspended",
        }
    }

    /// Whether nothing happens any more without a call to `reconnect`
    /// (`GaveUp`, `Stopped`) or at all (`Closed`).
    ///
    /// ```
    /// use wasm_websocket::reconnect::ConnectionState;
    ///
    /// assert!(ConnectionState::Closed.is_final());
    /// assert!(!ConnectionState::Open.is_final());
    /// ```
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ConnectionState::GaveUp | ConnectionState::Stopped | ConnectionState::Closed
        )
    }
}

/// The state in lowercase words, as a page would show it: `connecting`,
/// `open`, `waiting`, `offline`, `gave-up`, `stopped`, `closed` (the same
/// names as the npm package's states).
///
/// ```
/// use wasm_websocket::reconnect::ConnectionState;
///
/// assert_eq!(ConnectionState::GaveUp.to_string(), "gave-up");
/// assert_eq!(format!("state: {}", ConnectionState::Open), "state: open");
/// ```
impl fmt::Display for ConnectionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why one connection attempt failed.
///
/// ```
/// use wasm_websocket::reconnect::AttemptError;
///
/// let error = AttemptError::Url("no token".into());
/// assert_eq!(error.to_string(), "the url provider failed: no token");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AttemptError {
    /// The URL provider returned this error.
    Url(String),
    /// Connecting failed (refused, timed out, bad URL, ...).
    Connect(Error),
}

impl fmt::Display for AttemptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttemptError::Url(error) => write!(f, "the url provider failed: {error}"),
            // Transparent: the connect error's own message, and its source.
            AttemptError::Connect(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for AttemptError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AttemptError::Url(_) => None,
            AttemptError::Connect(error) => std::error::Error::source(error),
        }
    }
}

/// Something that happened to a
/// [`ReconnectingWebSocket`](super::ReconnectingWebSocket), in order; see
/// [`events`](super::ReconnectingWebSocket::events).
///
/// A typical outage reads `Closed`, `Reconnecting`, `Connecting`,
/// `AttemptFailed`, `Reconnecting`, `Connecting`, `Open`. `Display` gives
/// each a short line for a log (`reconnecting: retry 1 in 412 ms`).
///
/// ```
/// use std::time::Duration;
/// use wasm_websocket::reconnect::ConnectionEvent;
///
/// let event = ConnectionEvent::Reconnecting { attempt: 1, delay: Duration::from_millis(500) };
/// assert_eq!(format!("{event:?}"), "Reconnecting { attempt: 1, delay: 500ms }");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConnectionEvent {
    /// An attempt starts now: 0 for the first connection, then the retry
    /// number of the current outage. `delay` is how long was waited before
    /// it (zero for the first one, for
    /// [`reconnect`](super::ReconnectingWebSocket::reconnect), and after
    /// [`Resumed`](ConnectionEvent::Resumed)).
    Connecting {
        /// 0 for the first connection, then 1, 2, ... per outage.
        attempt: u32,
        /// The backoff waited before this attempt.
        delay: Duration,
    },
    /// The attempt succeeded. The `on_open` hook has run and the offline
    /// queue has been flushed.
    Open,
    /// The attempt failed.
    AttemptFailed {
        /// The attempt's number, as in `Connecting`.
        attempt: u32,
        /// What went wrong.
        error: AttemptError,
    },
    /// An open connection closed.
    Closed(CloseEvent),
    /// A retry is scheduled: one timer of `delay` runs.
    Reconnecting {
        /// The retry's number in the current outage (1 for the first).
        attempt: u32,
        /// How long until it starts.
        delay: Duration,
    },
    /// The open connection was declared dead: nothing arrived for the
    /// [idle timeout](super::ReconnectingBuilder::idle_timeout). It is
    /// closed (code 3008, "idle timeout") without waiting for the peer's
    /// answer, and a retry follows as after a lost connection.
    Dead {
        /// How long nothing had arrived.
        silent_for: Duration,
    },
    /// A retry is due but the browser is offline: the retry waits for the
    /// `online` event instead of a timer.
    Offline {
        /// The retry's number, as in `Reconnecting`.
        attempt: u32,
    },
    /// The browser came back online (or the page became visible) while a
    /// retry waited: it starts now.
    Resumed {
        /// The retry's number, as in `Reconnecting`.
        attempt: u32,
        /// What made it start early.
        cause: ResumeCause,
    },
    /// The retry limits were reached; nothing more happens until
    /// `reconnect` is called.
    GaveUp(GiveUpReason),
    /// No reconnect, as the policy decided (a terminal code, the predicate,
    /// or the user's own close).
    Stopped(StopReason),
    /// The socket was closed for good (`close()`, or the last handle
    /// dropped) while these messages were still in the offline queue. They
    /// were never sent and are handed back here, oldest first, just before
    /// [`Stopped(ClosedByUser)`](StopReason::ClosedByUser). Not emitted
    /// when the queue was empty.
    Unsent(Vec<Message>),
    /// The page went into the back/forward cache (`pagehide` with
    /// `persisted`): the connection was closed (code 1000, "page hidden")
    /// so that the browser could cache the page, and nothing happens until
    /// it is shown again ([`Resumed`](ConnectionEvent::Resumed) with
    /// [`ResumeCause::PageShown`], then `Connecting`).
    Suspended,
}

impl ConnectionEvent {
    /// Whether this event moves the socket to a new
    /// [`ConnectionState`]: the one a late subscriber is told first.
    pub(crate) fn sets_state(&self) -> bool {
        match self {
            ConnectionEvent::Connecting { .. }
            | ConnectionEvent::Open
            | ConnectionEvent::Reconnecting { .. }
            | ConnectionEvent::Offline { .. }
            | ConnectionEvent::GaveUp(_)
            | ConnectionEvent::Stopped(_)
            | ConnectionEvent::Suspended => true,
            ConnectionEvent::AttemptFailed { .. }
            | ConnectionEvent::Closed(_)
            | ConnectionEvent::Dead { .. }
            | ConnectionEvent::Resumed { .. }
            | ConnectionEvent::Unsent(_) => false,
        }
    }
}

/// What cut a wait for a retry short; see [`ConnectionEvent::Resumed`].
///
/// ```
/// use wasm_websocket::reconnect::ResumeCause;
///
/// assert_ne!(ResumeCause::Online, ResumeCause::Visible);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResumeCause {
    /// The browser's `online` event.
    Online,
    /// The page became visible (`visibilitychange`).
    Visible,
    /// The host still says it is offline, but the retry waited for
    /// `online` as long as
    /// [`max_offline_wait`](super::ReconnectingBuilder::with_max_offline_wait)
    /// allows (`navigator.onLine` can be wrong behind VPNs and virtual
    /// network adapters).
    OfflineWaitOver,
    /// The page came back from the back/forward cache (`pageshow` with
    /// `persisted`).
    PageShown,
}

/// Why [`send`](super::ReconnectingWebSocket::send) and [`try_send`](super::ReconnectingWebSocket::try_send) did not take a message.
///
/// ```
/// use wasm_websocket::reconnect::{RejectReason, Rejection};
///
/// assert_eq!(Rejection::Closed.to_string(), "the reconnecting websocket is closed");
/// assert_eq!(Rejection::Queue(RejectReason::Full).to_string(), "the offline queue is full");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejection {
    /// The offline queue refused it.
    Queue(RejectReason),
    /// `close` was called (or every handle dropped): nothing will be sent.
    Closed,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::Queue(reason) => reason.fmt(f),
            Rejection::Closed => f.write_str("the reconnecting websocket is closed"),
        }
    }
}

/// What [`send`](super::ReconnectingWebSocket::send) did with a message.
/// Every message that is neither sent nor queued comes back here.
///
/// ```
/// use wasm_websocket::reconnect::SendOutcome;
///
/// assert!(SendOutcome::Sent.is_accepted());
/// assert!(SendOutcome::Queued.is_accepted());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a message that was not sent or queued is handed back"]
#[non_exhaustive]
pub enum SendOutcome {
    /// Handed to the open socket.
    Sent,
    /// Queued; it will be sent, in order, after the next `open`.
    Queued,
    /// Queued after evicting these older queued messages
    /// ([`OverflowPolicy::DropOldest`](super::OverflowPolicy::DropOldest)).
    QueuedDropping(Vec<Message>),
    /// Dropped, as [`OverflowPolicy::DropNewest`](super::OverflowPolicy::DropNewest) asks.
    Dropped(Message),
    /// Refused; the message is handed back.
    Rejected(Message, Rejection),
    /// The open socket threw when given the message (browsers throw only
    /// for sockets that are not open, which are checked first, so this is
    /// not expected); the message is handed back with the error. Also the
    /// answer of a [`SyncReconnectingSender`](super::SyncReconnectingSender)
    /// whose serving task was dropped (only when the page goes away), with
    /// an empty message since the original went with the task.
    Failed(Message, Error),
}

impl SendOutcome {
    /// Whether the message was sent or will be.
    ///
    /// ```
    /// use wasm_websocket::{reconnect::{Rejection, SendOutcome}, Message};
    ///
    /// assert!(!SendOutcome::Rejected(Message::text("x"), Rejection::Closed).is_accepted());
    /// ```
    pub fn is_accepted(&self) -> bool {
        matches!(
            self,
            SendOutcome::Sent | SendOutcome::Queued | SendOutcome::QueuedDropping(_)
        )
    }
}

/// One subscriber's pending events.
#[derive(Default)]
pub(crate) struct EventQueue {
    items: VecDeque<ConnectionEvent>,
    waker: Option<Waker>,
    ended: bool,
}

impl EventQueue {
    pub(crate) fn push(&mut self, event: ConnectionEvent) {
        self.items.push_back(event);
        if let Some(waker) = self.waker.take() {
            waker.wake();
        }
    }

    pub(crate) fn end(&mut self) {
        self.ended = true;
        if let Some(waker) = self.waker.take() {
            waker.wake();
        }
    }
}

/// A `Stream` of [`ConnectionEvent`]s, made by
/// [`ReconnectingWebSocket::events`](super::ReconnectingWebSocket::events):
/// every event from its creation on, in order. It ends once the socket is
/// [`Closed`](ConnectionState::Closed) and the events before that are read.
/// Events are kept until read, so a subscription nobody reads grows; drop
/// it instead.
#[must_use = "streams do nothing unless polled"]
pub struct ConnectionEvents {
    pub(crate) queue: Rc<RefCell<EventQueue>>,
}

impl Stream for ConnectionEvents {
    type Item = ConnectionEvent;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<ConnectionEvent>> {
        let mut queue = self.queue.borrow_mut();
        if let Some(event) = queue.items.pop_front() {
            return Poll::Ready(Some(event));
        }
        if queue.ended {
            return Poll::Ready(None);
        }
        queue.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

impl FusedStream for ConnectionEvents {
    fn is_terminated(&self) -> bool {
        let queue = self.queue.borrow();
        queue.ended && queue.items.is_empty()
    }
}

impl fmt::Debug for ConnectionEvents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectionEvents")
            .field("pending", &self.queue.borrow().items.len())
            .finish_non_exhaustive()
    }
}
