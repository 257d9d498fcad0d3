//! [`ReconnectingWebSocket`]: a connection that comes back by itself after
//! it drops, built on the public [`WebSocket`](crate::WebSocket) API and
//! driven by events only (the socket's close, the browser's
//! `online`/`offline` and `visibilitychange`, one timer per backoff step).
//!
//! What a user configures: the socket of each attempt (a
//! [`WebSocketBuilder`](crate::WebSocketBuilder)), [`Backoff`],
//! [`RetryLimits`], [`ReconnectPolicy`], [`QueueConfig`] and [`Heartbeat`],
//! gathered by [`ReconnectingBuilder`]. What a user receives: the handles
//! ([`ReconnectingWebSocket`], [`ReconnectingSender`],
//! [`SyncReconnectingSender`]), the [`SendOutcome`] of each send, and the
//! [`ConnectionEvent`]s of its life. The decisions in between (when to
//! connect, the backoff, the policy, the offline queue, what a send or a
//! close means in each state) are the crate's sans-IO core, a state machine
//! with no JavaScript in it that the tests drive natively through random
//! schedules of faults; this module is its browser host: the handles, and a
//! driver task that feeds it the sockets' events and carries out what it
//! decides.

mod builder;
mod clock;
mod driver;
mod event_text;
mod events;
mod heartbeat;
mod shared;
mod socket;
mod sync_sender;
mod triggers;

pub use self::{
    builder::{ReconnectingBuilder, DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_MAX_OFFLINE_WAIT},
    events::ConnectionEvents,
    heartbeat::Heartbeat,
    socket::{ReconnectingSender, ReconnectingWebSocket},
    sync_sender::SyncReconnectingSender,
};
// The decisions and what they report are the core's (`crate::core`), which
// knows nothing of this module; they are reached from here.
pub use crate::core::{
    AttemptError, Backoff, ConnectionEvent, ConnectionState, GiveUpReason, Jitter, OverflowPolicy,
    QueueConfig, ReconnectPolicy, RejectReason, Rejection, ResumeCause, RetryLimits, SendOutcome,
    StopReason,
};
