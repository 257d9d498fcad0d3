//! The pure parts of the reconnect helper, `ReconnectingWebSocket`: a
//! connection that comes back by itself after it drops, built on the public
//! [`WebSocket`](crate::WebSocket) API. Here are the decisions it makes,
//! without the browser: how long to wait before each retry and when to give
//! up ([`Backoff`], [`RetryLimits`], [`Retries`]), what to do with messages
//! sent while offline ([`OfflineQueue`]), and whether a close should be
//! followed by a reconnect at all ([`ReconnectPolicy`]). Time and randomness
//! are passed in, so all of it is tested natively.

mod backoff;
mod builder;
mod driver;
mod events;
mod liveness;
mod policy;
mod queue;
mod socket;
mod sync_sender;
mod triggers;

pub use self::{
    backoff::{Backoff, GiveUpReason, Jitter, NextAttempt, Retries, RetryLimits},
    builder::{ReconnectingBuilder, UrlFuture},
    events::{
        AttemptError, ConnectionEvent, ConnectionEvents, ConnectionState, Rejection, ResumeCause,
        SendOutcome,
    },
    liveness::Heartbeat,
    policy::{Decision, ReconnectPolicy, StopReason},
    queue::{OfflineQueue, OverflowPolicy, PushOutcome, QueueConfig, QueuedSize, RejectReason},
    socket::{ReconnectingSender, ReconnectingWebSocket},
    sync_sender::{SendResult, SyncSender},
};
