//! What a reconnecting socket reports: its [`ConnectionState`] and the
//! [`ConnectionEvent`]s of its life. Plain data, made by the core
//! (`core::machine`) and handed to every subscriber by the host.

use std::fmt;
use std::time::Duration;

use super::{GiveUpReason, StopReason};
use crate::close::CloseEvent;
use crate::error::Error;
use crate::message::Message;

/// Where a [`ReconnectingWebSocket`](crate::reconnect::ReconnectingWebSocket) is.
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
    /// [`reconnect`](crate::reconnect::ReconnectingWebSocket::reconnect)).
    Offline,
    /// The retry limits were reached; only
    /// [`reconnect`](crate::reconnect::ReconnectingWebSocket::reconnect) starts again.
    GaveUp,
    /// The server closed with a code the [`ReconnectPolicy`](crate::reconnect::ReconnectPolicy)
    /// calls terminal (or its predicate declined); only
    /// [`reconnect`](crate::reconnect::ReconnectingWebSocket::reconnect) starts again.
    Stopped,
    /// [`close`](crate::reconnect::ReconnectingWebSocket::close) was called or every
    /// handle was dropped: nothing will ever connect again.
    Closed,
    /// The page went into the browser's back/forward cache: the connection
    /// was closed so that it could, and a new one starts when the page is
    /// shown again. See
    /// [`with_suspend_in_page_cache`](crate::reconnect::ReconnectingBuilder::with_suspend_in_page_cache).
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
/// [`ReconnectingWebSocket`](crate::reconnect::ReconnectingWebSocket), in order; see
/// [`events`](crate::reconnect::ReconnectingWebSocket::events).
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
    /// [`reconnect`](crate::reconnect::ReconnectingWebSocket::reconnect), and after
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
    /// [idle timeout](crate::reconnect::ReconnectingBuilder::idle_timeout). It is
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
    /// [`max_offline_wait`](crate::reconnect::ReconnectingBuilder::with_max_offline_wait)
    /// allows (`navigator.onLine` can be wrong behind VPNs and virtual
    /// network adapters).
    OfflineWaitOver,
    /// The page came back from the back/forward cache (`pageshow` with
    /// `persisted`).
    PageShown,
}
