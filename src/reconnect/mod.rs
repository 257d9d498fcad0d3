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
//! [`ConnectionEvent`]s of its life. The decisions in between (the backoff
//! maths, the retry count, the offline queue, the policy) are pure code
//! tested natively inside the crate.

mod backoff;
mod builder;
mod driver;
mod event_text;
mod events;
mod liveness;
mod policy;
mod queue;
mod shared;
mod socket;
mod sync_sender;
mod triggers;

pub(crate) use self::shared::Shared;
pub use self::{
    backoff::{Backoff, GiveUpReason, Jitter, RetryLimits},
    builder::{ReconnectingBuilder, DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_MAX_OFFLINE_WAIT},
    events::{
        AttemptError, ConnectionEvent, ConnectionEvents, ConnectionState, Rejection, ResumeCause,
        SendOutcome,
    },
    liveness::Heartbeat,
    policy::{ReconnectPolicy, StopReason},
    queue::{OverflowPolicy, QueueConfig, RejectReason},
    socket::{ReconnectingSender, ReconnectingWebSocket},
    sync_sender::SyncReconnectingSender,
};
