//! The sans-IO core: every decision of a reconnecting socket as plain data
//! and plain functions of (state, event, time), with no JavaScript, no
//! wakers, no clock and no interior mutability.
//!
//! The model is the protocol libraries the field trusts most: quinn-proto's
//! `Connection` (events and timeouts in, transmits and application events
//! out), str0m's `handle_input`/`poll_output`, rustls's unbuffered API. The
//! host (the browser driver, `reconnect::driver`; a simulation in the tests)
//! owns sockets and timers and stays small; the decisions live here, where a
//! test can drive them through every order of events with a fake clock
//! (`machine/tests/schedules.rs`).
//!
//! - [`Machine`]: the state machine of one reconnecting socket;
//! - [`Backoff`], [`RetryLimits`] and the retry count; [`ReconnectPolicy`];
//!   the offline queue and its [`QueueConfig`]; the liveness deadlines; the
//!   message inbox: the pure parts it is made of;
//! - [`ConnectionState`], [`ConnectionEvent`], [`SendOutcome`]: what it
//!   reports, re-exported by [`reconnect`](crate::reconnect).
//!
//! Nothing here imports the layers above it.

mod backoff;
mod events;
mod inbox;
mod liveness;
mod machine;
mod outcome;
mod policy;
mod queue;
mod random;

pub use self::{
    backoff::{Backoff, GiveUpReason, Jitter, RetryLimits},
    events::{AttemptError, ConnectionEvent, ConnectionState, ResumeCause},
    outcome::{Rejection, SendOutcome},
    policy::{ReconnectPolicy, StopReason},
    queue::{OverflowPolicy, QueueConfig, RejectReason},
};
// `pub` within this private module: reached from outside the crate only
// through the hidden `__engine` module (feature `engine`), which some of
// them are only for.
#[cfg_attr(not(feature = "engine"), allow(unused_imports))]
pub use self::{
    inbox::Next,
    machine::{Action, Config, DrainState, Input, Machine, Outcome, SendDecision},
    queue::QueuedSize,
};
