//! [`Machine`]: every decision of a reconnecting socket, as a state machine
//! with no IO, no wakers, no clock and no interior mutability.
//!
//! The host (the browser driver in `reconnect/driver.rs`, or a simulation
//! in a test) owns the sockets and the one timer. It feeds the machine what
//! happened ([`handle`](Machine::handle) with an [`Input`], and the calls of
//! the handles: [`send`](Machine::send), [`close`](Machine::close), ...),
//! each with the time on its monotonic clock, then carries out the
//! [`Action`]s from [`poll_action`](Machine::poll_action) in order, and sets
//! its one timer to [`poll_timeout`](Machine::poll_timeout). A close is
//! therefore decided in the step that reports it, whatever the reader is
//! doing, and a send, a close or a `drained()` from any handle is answered
//! from the same state.
//!
//! What the machine keeps: the phase (connecting, open, waiting for a
//! retry, ...), the retry count ([`Retries`]), the offline queue, the
//! received messages not yet read, and the story of what was handed back.
//! User code (the `should_reconnect` predicate, the heartbeat reply filter,
//! `on_open`) never runs inside it: the host runs it and reports the answer.

use std::collections::VecDeque;
use std::time::Duration;

use super::backoff::{NextAttempt, Retries};
use super::inbox::{Inbox, Next};
use super::liveness::{Due, Liveness};
use super::policy::Decision;
use super::queue::{OfflineQueue, PushOutcome, QueuedSize};
use super::random::Random;
use super::{
    AttemptError, Backoff, ConnectionEvent, ConnectionState, QueueConfig, ReconnectPolicy,
    Rejection, ResumeCause, RetryLimits, StopReason,
};
use crate::close::{validate_close_reason, CloseCode, CloseEvent};
use crate::error::{Error, Result};
use crate::message::Message;

/// How long, after the user's close, the events wait for the open
/// connection's close handshake before they end anyway: a live connection
/// answers within a round trip, a dead one may never answer.
pub const CLOSE_WAIT: Duration = Duration::from_secs(1);

/// How long after the page came back from the back/forward cache a close of
/// the connection that was open when it went in is still read as the
/// browser's doing (Chromium closes such sockets on entry and delivers the
/// close event only after the page is restored).
pub const PAGE_CACHE_CLOSE_WINDOW: Duration = Duration::from_secs(1);

/// Everything the machine decides by; the defaults are the builder's.
#[derive(Debug, Clone)]
pub struct Config {
    /// The delay before each retry.
    pub backoff: Backoff,
    /// When to give up, and when an outage is over.
    pub retry_limits: RetryLimits,
    /// The terminal codes (the predicate is asked by the host).
    pub policy: ReconnectPolicy,
    /// The offline queue's limits.
    pub queue: QueueConfig,
    /// The heartbeat's interval, if one is sent.
    pub heartbeat: Option<Duration>,
    /// How long a silent connection lives, if it is limited.
    pub idle_timeout: Option<Duration>,
    /// Whether a retry due while offline waits for `online`.
    pub pause_while_offline: bool,
    /// The longest such wait.
    pub max_offline_wait: Duration,
    /// Whether the page becoming visible starts a waiting retry.
    pub retry_when_visible: bool,
    /// Whether the connection closes while the page is cached.
    pub suspend_in_page_cache: bool,
    /// The unread bytes past which the host stops reading.
    pub max_unread: usize,
    /// The URL comes from a provider: an invalid one is retried, since the
    /// next may differ.
    pub has_provider: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            backoff: Backoff::new(),
            retry_limits: RetryLimits::new(),
            policy: ReconnectPolicy::new(),
            queue: QueueConfig::new(),
            heartbeat: None,
            idle_timeout: None,
            pause_while_offline: true,
            max_offline_wait: Duration::from_secs(30),
            retry_when_visible: true,
            suspend_in_page_cache: true,
            max_unread: crate::DEFAULT_MAX_UNREAD,
            has_provider: false,
        }
    }
}

/// What happened, as the host reports it.
#[derive(Debug)]
pub enum Input<M = Message> {
    /// The attempt under way opened.
    Opened,
    /// The attempt under way failed.
    AttemptFailed(AttemptError),
    /// The host read this from a connection (the open one, or the leftovers
    /// of one that closed). `heartbeat_reply`: the heartbeat's reply filter
    /// recognised it (such a message counts as traffic and is not
    /// delivered).
    Received {
        /// The message, or an error about one message.
        item: Result<M>,
        /// The heartbeat's reply filter recognised it.
        heartbeat_reply: bool,
    },
    /// The open connection closed. `verdict` is the `should_reconnect`
    /// predicate's answer, asked by the host
    /// (`ReconnectPolicy::ask`).
    Closed {
        /// The close event.
        close: CloseEvent,
        /// The predicate's answer, if it was asked.
        verdict: Option<bool>,
    },
    /// Every connection that ended has had its unread messages fed.
    LeftoversDone,
    /// The host went online.
    Online,
    /// The host went offline.
    Offline,
    /// The page became visible.
    Visible,
    /// `pagehide`; `persisted`: into the back/forward cache.
    PageHidden {
        /// Into the back/forward cache.
        persisted: bool,
    },
    /// `pageshow`; `persisted`: back from the back/forward cache.
    PageShown {
        /// Back from the back/forward cache.
        persisted: bool,
    },
    /// `reconnect()` from a handle.
    Reconnect,
    /// The timer set for `deadline` (from [`Machine::poll_timeout`]) fired.
    Timeout {
        /// The deadline the timer was set for.
        deadline: Duration,
    },
}

/// What the host must do, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Action<M = Message> {
    /// Start attempt number `attempt` (ask the URL provider, connect).
    Connect {
        /// The attempt's number: 0 first, then the retry of the outage.
        attempt: u32,
    },
    /// Drop the attempt under way (its socket, if any, is closed).
    CancelAttempt,
    /// Run the `on_open` hook with the new connection, before the flush.
    RunOnOpen,
    /// Hand the queue to the open connection: take
    /// [`next_to_flush`](Machine::next_to_flush) until it is `None`, and
    /// [`put_back`](Machine::put_back) a message the connection refuses.
    Flush,
    /// Send the heartbeat message on the open connection.
    SendHeartbeat,
    /// Close the open connection (or one that opened too late). `forget`:
    /// it counts as gone now; its close event is not awaited (its unread
    /// messages are still leftovers).
    CloseConnection {
        /// The close code.
        code: CloseCode,
        /// The close reason.
        reason: String,
        /// The connection counts as gone now.
        forget: bool,
    },
    /// Drop the unread messages of closed connections: the user closed.
    DiscardLeftovers,
    /// The user closed with these messages still queued: they were never
    /// sent, and are handed back, oldest first (for the Rust handles, the
    /// [`ConnectionEvent::Unsent`] event).
    HandBack(Vec<M>),
    /// Hand this event to every subscriber.
    Emit(ConnectionEvent),
    /// End every event stream, for good.
    EndEvents,
}

/// What a send comes to.
#[derive(Debug, PartialEq)]
pub enum SendDecision<M = Message> {
    /// Hand it to the open connection now; if the connection throws, the
    /// message is handed back with the error.
    Transmit(M),
    /// Decided: queued, or handed back.
    Decided(Outcome<M>),
}

/// A send the machine decided without the connection. The Rust handles
/// answer it as a [`SendOutcome`](super::SendOutcome).
#[derive(Debug, PartialEq)]
pub enum Outcome<M = Message> {
    /// Queued for the next connection.
    Queued,
    /// Queued after evicting these older ones (handed back).
    QueuedDropping(Vec<M>),
    /// Dropped by the overflow policy (handed back).
    Dropped(M),
    /// Refused, for this reason (handed back).
    Rejected(M, Rejection),
}

/// Where a `drained()` stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrainState {
    /// Messages wait in the queue for a connection that is on its way.
    Queued,
    /// The queue is empty and a connection is open: its own buffer decides.
    Socket,
    /// Nothing is left to send.
    Done,
    /// These bytes will never be sent: still queued when no connection will
    /// come, or handed back by the user's close.
    Unsent(u64),
}

#[derive(Debug)]
enum Phase {
    /// An attempt is under way.
    Connecting { attempt: u32 },
    /// A connection is open.
    Open { liveness: Liveness },
    /// The one backoff timer before attempt `attempt`.
    Waiting {
        attempt: u32,
        delay: Duration,
        until: Duration,
    },
    /// A retry is due but the host is offline: waits for `online`, or
    /// until `until`.
    Offline { attempt: u32, until: Duration },
    /// The page is in the back/forward cache: waits for `pageshow`.
    Suspended,
    /// Gave up or stopped (the state says which): waits for `reconnect`.
    Halted,
    /// Closed by the user; the open connection's close is awaited until
    /// `until`, then the events end (so that whoever waits for their end,
    /// a hook about to start the next socket, knows this one is gone).
    Closing { until: Duration },
    /// Closed by the user, and the events have ended.
    Closed,
}

/// The back/forward cache, as far as the machine has heard.
#[derive(Debug, Default)]
struct PageCache {
    /// `pagehide` with `persisted`, and no `pageshow` since.
    hidden: bool,
    /// When the page last came back from the cache.
    restored_at: Option<Duration>,
    /// The open connection was open when the page went into the cache (and
    /// was not closed by the machine then).
    connection_was_cached: bool,
}

/// The state machine of one reconnecting socket; see the module docs.
#[derive(Debug)]
pub struct Machine<M = Message> {
    config: Config,
    phase: Phase,
    state: ConnectionState,
    retries: Retries,
    queue: OfflineQueue<M>,
    inbox: Inbox<M>,
    offline: bool,
    page: PageCache,
    actions: VecDeque<Action<M>>,
    random: Random,
    /// Bytes the user's close handed back (an `Unsent` event): what a
    /// `drained()` asked afterwards reports.
    handed_back: u64,
    /// The latest time seen: the clock never goes back here.
    now: Duration,
}

impl<M: QueuedSize> Machine<M> {
    /// A socket that starts its first attempt now. `offline`: the host
    /// says it is offline (the first attempt is made all the same).
    /// `seed` drives the jitter.
    pub fn new(config: Config, now: Duration, offline: bool, seed: u64) -> Self {
        let mut machine = Self {
            retries: Retries::new(config.backoff.clone(), config.retry_limits),
            queue: OfflineQueue::new(config.queue),
            inbox: Inbox::new(config.max_unread),
            offline: offline && config.pause_while_offline,
            config,
            phase: Phase::Halted,
            state: ConnectionState::Connecting,
            page: PageCache::default(),
            actions: VecDeque::new(),
            random: Random::new(seed),
            handed_back: 0,
            now,
        };
        machine.start_attempt(0, Duration::ZERO);
        machine
    }

    // --- what the host reads ----------------------------------------------------

    /// Where it is now.
    pub fn state(&self) -> ConnectionState {
        self.state
    }

    /// The next thing to do, in order.
    pub fn poll_action(&mut self) -> Option<Action<M>> {
        self.actions.pop_front()
    }

    /// When the one timer must fire, if one is needed: the backoff wait, the
    /// longest offline wait, the heartbeat or idle deadline, or the wait for
    /// the close handshake after the user's close. Never more than one.
    pub fn poll_timeout(&self) -> Option<Duration> {
        match &self.phase {
            Phase::Waiting { until, .. }
            | Phase::Offline { until, .. }
            | Phase::Closing { until } => Some(*until),
            Phase::Open { liveness } => liveness.deadline(),
            Phase::Connecting { .. } | Phase::Suspended | Phase::Halted | Phase::Closed => None,
        }
    }

    /// Whether the host should read more messages from its connections.
    pub fn wants_messages(&self) -> bool {
        !self.is_closed() && self.inbox.wants_more()
    }

    /// Whether a connection is open (the machine's view; the host's socket
    /// may already be closing).
    pub fn is_open(&self) -> bool {
        matches!(self.phase, Phase::Open { .. })
    }

    /// Whether an attempt is under way.
    pub fn is_connecting(&self) -> bool {
        matches!(self.phase, Phase::Connecting { .. })
    }

    /// Closed by the user (or every handle dropped).
    pub fn is_closed(&self) -> bool {
        matches!(self.phase, Phase::Closing { .. } | Phase::Closed)
    }

    /// Closed, and the events have ended: the host has nothing left to do.
    pub fn is_done(&self) -> bool {
        matches!(self.phase, Phase::Closed) && self.actions.is_empty()
    }

    /// The messages waiting in the offline queue.
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    /// The offline queue's limits.
    pub fn queue_config(&self) -> QueueConfig {
        self.config.queue
    }

    /// The queued messages, oldest first.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub fn queued_messages(&self) -> impl Iterator<Item = &M> {
        self.queue.iter()
    }

    /// The queue's bytes.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub fn queued_bytes(&self) -> usize {
        self.queue.bytes()
    }

    /// The unread messages' payload bytes.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub fn unread_bytes(&self) -> usize {
        self.inbox.bytes()
    }

    /// The reader takes the next message, if any.
    pub fn pop_message(&mut self) -> Next<M> {
        self.inbox.pop()
    }

    /// Whether the message stream has returned its end.
    pub fn is_stream_finished(&self) -> bool {
        self.inbox.is_finished()
    }

    /// Where a `drained()` stands; see [`DrainState`]. The same answer
    /// whenever it is asked, before or after the host ran.
    pub fn drain_state(&self) -> DrainState {
        if self.is_closed() {
            return match self.handed_back {
                0 => DrainState::Done,
                bytes => DrainState::Unsent(bytes),
            };
        }
        if !self.queue.is_empty() {
            return if self.state.is_final() {
                DrainState::Unsent(u64::try_from(self.queue.bytes()).unwrap_or(u64::MAX))
            } else {
                DrainState::Queued
            };
        }
        if self.is_open() {
            DrainState::Socket
        } else {
            DrainState::Done
        }
    }

    // --- what the handles ask ---------------------------------------------------

    /// Whether a send of `message` should wait rather than be decided now:
    /// the queue is full for the moment and a connection is on its way to
    /// empty it. (Waiting for the open socket's buffer is the host's.)
    pub fn must_wait_for_room(&self, size: usize, writable: bool) -> bool {
        !self.state.is_final() && !self.goes_direct(writable) && self.queue.is_full_for(size)
    }

    /// Whether a send goes straight to the connection: it is open and
    /// `writable` (the host's socket is not closing), and nothing older waits
    /// in the queue, so that the order is kept.
    pub fn goes_direct(&self, writable: bool) -> bool {
        self.is_open() && writable && self.queue.is_empty()
    }

    /// A send from any handle: straight to the open connection, or into the
    /// queue under its overflow policy (`strict`: refused when full,
    /// whatever the policy, as the `Sink` does), or handed back.
    pub fn send(&mut self, message: M, writable: bool, strict: bool) -> SendDecision<M> {
        if self.is_closed() {
            return SendDecision::Decided(Outcome::Rejected(message, Rejection::Closed));
        }
        if self.goes_direct(writable) {
            return SendDecision::Transmit(message);
        }
        let pushed = if strict {
            self.queue.push_or_reject(message)
        } else {
            self.queue.push(message)
        };
        SendDecision::Decided(match pushed {
            PushOutcome::Queued => Outcome::Queued,
            PushOutcome::QueuedDropping(evicted) => Outcome::QueuedDropping(evicted),
            PushOutcome::Dropped(message) => Outcome::Dropped(message),
            PushOutcome::Rejected(message, reason) => {
                Outcome::Rejected(message, Rejection::Queue(reason))
            }
        })
    }

    /// The next queued message to hand to the open connection (for
    /// [`Action::Flush`]).
    pub fn next_to_flush(&mut self) -> Option<M> {
        if self.is_open() {
            self.queue.pop_front()
        } else {
            None
        }
    }

    /// A message from [`next_to_flush`](Self::next_to_flush) that the
    /// connection refused: it goes back to the front, for the next one.
    pub fn put_back(&mut self, message: M) {
        self.queue.push_front(message);
    }

    /// Closes for good from any handle: checks the code and reason, hands
    /// back what is queued, stops. `Err(AlreadyClosed)` the second time.
    pub fn close(&mut self, code: CloseCode, reason: &str, now: Duration) -> Result<()> {
        validate_close_reason(reason)?;
        if self.is_closed() {
            return Err(Error::AlreadyClosed);
        }
        let now = self.tick(now);
        let unsent: Vec<M> = self.queue.drain().collect();
        self.handed_back = unsent
            .iter()
            .map(|message| u64::try_from(message.queued_size()).unwrap_or(u64::MAX))
            .fold(0, u64::saturating_add);
        self.state = ConnectionState::Closed;
        self.inbox.end();
        self.inbox.set_leftovers(false);
        if !unsent.is_empty() {
            self.actions.push_back(Action::HandBack(unsent));
        }
        self.emit(ConnectionEvent::Stopped(StopReason::ClosedByUser));
        match std::mem::replace(&mut self.phase, Phase::Closed) {
            Phase::Open { .. } => {
                self.actions.push_back(Action::CloseConnection {
                    code,
                    reason: reason.to_owned(),
                    forget: false,
                });
                self.actions.push_back(Action::DiscardLeftovers);
                self.phase = Phase::Closing {
                    until: now.saturating_add(CLOSE_WAIT),
                };
            }
            Phase::Connecting { .. } => {
                self.actions.push_back(Action::CancelAttempt);
                self.actions.push_back(Action::DiscardLeftovers);
                self.end_events();
            }
            _ => {
                self.actions.push_back(Action::DiscardLeftovers);
                self.end_events();
            }
        }
        Ok(())
    }

    // --- what happened ----------------------------------------------------------

    /// Takes in one thing that happened at `now`.
    pub fn handle(&mut self, input: Input<M>, now: Duration) {
        let now = self.tick(now);
        match input {
            Input::Opened => self.opened(now),
            Input::AttemptFailed(error) => self.attempt_failed(error, now),
            Input::Received {
                item,
                heartbeat_reply,
            } => self.received(item, heartbeat_reply, now),
            Input::Closed { close, verdict } => self.connection_closed(close, verdict, now),
            Input::LeftoversDone => self.inbox.set_leftovers(false),
            Input::Online => self.online(),
            Input::Offline => self.went_offline(now),
            Input::Visible => {
                if self.config.retry_when_visible {
                    self.resume(ResumeCause::Visible);
                }
            }
            Input::PageHidden { persisted } => self.page_hidden(persisted),
            Input::PageShown { persisted } => self.page_shown(persisted, now),
            Input::Reconnect => self.force_attempt(),
            Input::Timeout { deadline } => {
                if self.poll_timeout() == Some(deadline) {
                    // The timer is trusted to have reached its deadline even
                    // if the clock reads a little earlier (Firefox rounds and
                    // jitters it).
                    self.timeout(now.max(deadline));
                }
            }
        }
    }

    fn tick(&mut self, now: Duration) -> Duration {
        self.now = self.now.max(now);
        self.now
    }

    fn emit(&mut self, event: ConnectionEvent) {
        self.actions.push_back(Action::Emit(event));
    }

    fn end_events(&mut self) {
        self.phase = Phase::Closed;
        self.actions.push_back(Action::EndEvents);
    }

    /// Sets the state, unless the user closed (which is final).
    fn set_state(&mut self, state: ConnectionState) {
        if !self.is_closed() {
            self.state = state;
        }
    }

    fn start_attempt(&mut self, attempt: u32, delay: Duration) {
        self.phase = Phase::Connecting { attempt };
        self.set_state(ConnectionState::Connecting);
        self.emit(ConnectionEvent::Connecting { attempt, delay });
        self.actions.push_back(Action::Connect { attempt });
    }

    fn opened(&mut self, now: Duration) {
        if !self.is_connecting() {
            // Cancelled meanwhile: whatever opened is closed at once.
            self.actions.push_back(Action::CloseConnection {
                code: CloseCode::NORMAL,
                reason: String::new(),
                forget: true,
            });
            return;
        }
        self.retries.connection_opened(now);
        self.page.connection_was_cached = false;
        self.phase = Phase::Open {
            liveness: Liveness::opened(self.config.heartbeat, self.config.idle_timeout, now),
        };
        self.actions.push_back(Action::RunOnOpen);
        self.actions.push_back(Action::Flush);
        self.set_state(ConnectionState::Open);
        self.emit(ConnectionEvent::Open);
    }

    fn attempt_failed(&mut self, error: AttemptError, now: Duration) {
        let Phase::Connecting { attempt } = self.phase else {
            return;
        };
        let hopeless = self.fails_every_time(&error);
        self.emit(ConnectionEvent::AttemptFailed { attempt, error });
        if hopeless {
            self.halt(
                ConnectionState::Stopped,
                ConnectionEvent::Stopped(StopReason::InvalidRequest),
            );
            return;
        }
        self.retries.attempt_failed(now);
        self.schedule(now);
    }

    /// Whether the same attempt would fail again whatever the network does:
    /// there is no WebSocket at all, or the URL, subprotocols or options are
    /// invalid. What a provider gives may differ next time, so its attempts
    /// are retried.
    fn fails_every_time(&self, error: &AttemptError) -> bool {
        let error = match error {
            AttemptError::Url(_) => return false,
            AttemptError::Connect(error) => error,
        };
        // Listed in full, so that a new variant is a decision, not a default.
        match error {
            Error::Unsupported(_) => true,
            Error::InvalidUrl { .. }
            | Error::InvalidProtocol(_)
            | Error::DuplicateProtocol(_)
            | Error::InvalidOption { .. } => !self.config.has_provider,
            Error::ConnectFailed(_)
            | Error::ConnectTimeout(_)
            | Error::ConnectionLost(_)
            | Error::AlreadyClosed
            | Error::NotYetOpen
            | Error::NotQueued(_)
            | Error::MessageTooLarge { .. }
            | Error::UnreadLimit { .. }
            | Error::Unsent { .. }
            | Error::UnexpectedData(_)
            | Error::BlobRead(_)
            | Error::InvalidCloseCode(_)
            | Error::CloseReasonTooLong(_)
            | Error::Js(_) => false,
        }
    }

    fn received(&mut self, item: Result<M>, heartbeat_reply: bool, now: Duration) {
        if self.is_closed() {
            // The user closed: nothing more is delivered.
            return;
        }
        if let Phase::Open { liveness } = &mut self.phase {
            liveness.received(now);
        }
        if !heartbeat_reply {
            self.inbox.push(item);
        }
    }

    fn connection_closed(&mut self, close: CloseEvent, verdict: Option<bool>, now: Duration) {
        match self.phase {
            Phase::Open { .. } => {}
            // The user's close is complete: the last event was its
            // `Stopped`, and now the events end.
            Phase::Closing { .. } => {
                self.end_events();
                return;
            }
            // A connection the machine no longer follows.
            _ => return,
        }
        self.inbox.set_leftovers(true);
        self.emit(ConnectionEvent::Closed(close.clone()));
        if self.page.connection_was_cached && self.is_page_cache_close(now) {
            self.page_cache_closed();
            return;
        }
        match self.config.policy.decide(&close, verdict) {
            Decision::Reconnect => self.retry_after_close(now),
            Decision::Stop(reason) => {
                self.halt(ConnectionState::Stopped, ConnectionEvent::Stopped(reason))
            }
        }
    }

    /// A close of the connection that was open when the page went into the
    /// back/forward cache, while the page is still there or right after it
    /// came back: the browser's doing, not the server's.
    fn is_page_cache_close(&self, now: Duration) -> bool {
        self.page.hidden
            || self
                .page
                .restored_at
                .is_some_and(|at| now.saturating_sub(at) <= PAGE_CACHE_CLOSE_WINDOW)
    }

    /// The browser closed the connection for its back/forward cache: no
    /// backoff, no retry counted. Still cached: wait for `pageshow`;
    /// restored: connect again at once, as a fresh start.
    fn page_cache_closed(&mut self) {
        self.page.connection_was_cached = false;
        self.retries.reset();
        if self.page.hidden {
            self.suspend();
        } else {
            self.start_attempt(0, Duration::ZERO);
        }
    }

    /// An open connection ended (closed, or declared dead): the outage
    /// starts, or goes on if the connection was too short-lived.
    fn retry_after_close(&mut self, now: Duration) {
        self.retries.connection_closed(now);
        self.schedule(now);
    }

    fn schedule(&mut self, now: Duration) {
        let random = self.random.next_unit();
        match self.retries.next_attempt(now, random) {
            NextAttempt::Retry { attempt, .. } if self.offline => self.pause(attempt, now),
            NextAttempt::Retry { attempt, delay } => {
                self.phase = Phase::Waiting {
                    attempt,
                    delay,
                    until: now.saturating_add(delay),
                };
                self.set_state(ConnectionState::Waiting);
                self.emit(ConnectionEvent::Reconnecting { attempt, delay });
            }
            NextAttempt::GiveUp { reason } => {
                self.halt(ConnectionState::GaveUp, ConnectionEvent::GaveUp(reason))
            }
        }
    }

    /// Stopped by the policy or gave up: nothing happens until `reconnect`,
    /// and the message stream ends once read.
    fn halt(&mut self, state: ConnectionState, event: ConnectionEvent) {
        self.phase = Phase::Halted;
        self.set_state(state);
        self.emit(event);
        self.inbox.end();
    }

    fn pause(&mut self, attempt: u32, now: Duration) {
        self.phase = Phase::Offline {
            attempt,
            until: now.saturating_add(self.config.max_offline_wait),
        };
        self.set_state(ConnectionState::Offline);
        self.emit(ConnectionEvent::Offline { attempt });
    }

    fn timeout(&mut self, now: Duration) {
        match &mut self.phase {
            Phase::Waiting { attempt, delay, .. } => {
                let (attempt, delay) = (*attempt, *delay);
                self.start_attempt(attempt, delay);
            }
            Phase::Offline { attempt, .. } => {
                // `navigator.onLine` can be wrong (VPNs, virtual adapters):
                // after the longest wait, try anyway.
                let attempt = *attempt;
                self.emit(ConnectionEvent::Resumed {
                    attempt,
                    cause: ResumeCause::OfflineWaitOver,
                });
                self.start_attempt(attempt, Duration::ZERO);
            }
            Phase::Open { liveness } => {
                // A reader that is behind is the page's slowness, not the
                // server's: the host has stopped reading for it.
                if self.inbox.is_full() {
                    liveness.received(now);
                }
                match liveness.check(now) {
                    Due::Dead { silent_for } => self.dead(silent_for, now),
                    Due::Heartbeat => self.actions.push_back(Action::SendHeartbeat),
                    Due::Nothing => {}
                }
            }
            Phase::Closing { .. } => {
                // The close handshake did not finish in time: the
                // connection is given up on, and the events end.
                self.end_events();
            }
            Phase::Connecting { .. } | Phase::Suspended | Phase::Halted | Phase::Closed => {}
        }
    }

    /// The idle timeout passed: close without waiting for a peer that may
    /// never answer, then retry as after a lost connection (the policy is
    /// not asked: the server said nothing).
    fn dead(&mut self, silent_for: Duration, now: Duration) {
        self.actions.push_back(Action::CloseConnection {
            code: CloseCode::IDLE_TIMEOUT,
            reason: "idle timeout".to_owned(),
            forget: true,
        });
        self.inbox.set_leftovers(true);
        self.emit(ConnectionEvent::Dead { silent_for });
        self.retry_after_close(now);
    }

    fn online(&mut self) {
        if !self.config.pause_while_offline {
            return;
        }
        self.offline = false;
        self.resume(ResumeCause::Online);
    }

    /// The host went offline: a retry waiting for its timer waits for
    /// `online` instead.
    fn went_offline(&mut self, now: Duration) {
        if !self.config.pause_while_offline {
            return;
        }
        self.offline = true;
        if let Phase::Waiting { attempt, .. } = self.phase {
            self.pause(attempt, now);
        }
    }

    /// `online`, or the page became visible: a waiting retry starts now
    /// (`Visible` does not end a wait for `online`).
    fn resume(&mut self, cause: ResumeCause) {
        let attempt = match self.phase {
            Phase::Waiting { attempt, .. } => attempt,
            Phase::Offline { attempt, .. } if cause == ResumeCause::Online => attempt,
            _ => return,
        };
        self.emit(ConnectionEvent::Resumed { attempt, cause });
        self.start_attempt(attempt, Duration::ZERO);
    }

    /// `reconnect()`: skip the timer or the wait for `online`, or start
    /// again after giving up or stopping (with a fresh retry count, and the
    /// message stream running again). Nothing while connecting or open, or
    /// after the user's close.
    fn force_attempt(&mut self) {
        match self.phase {
            Phase::Waiting { attempt, .. } | Phase::Offline { attempt, .. } => {
                self.start_attempt(attempt, Duration::ZERO);
            }
            Phase::Halted | Phase::Suspended => {
                self.retries.reset();
                self.inbox.revive();
                self.start_attempt(0, Duration::ZERO);
            }
            Phase::Connecting { .. }
            | Phase::Open { .. }
            | Phase::Closing { .. }
            | Phase::Closed => {}
        }
    }

    fn page_hidden(&mut self, persisted: bool) {
        if !persisted {
            return;
        }
        self.page.hidden = true;
        if !self.config.suspend_in_page_cache {
            // The connection is left to the browser, which may close it for
            // the cache (see `is_page_cache_close`).
            self.page.connection_was_cached = self.is_open();
            return;
        }
        match self.phase {
            Phase::Open { .. } => {
                // Closed now, in the event itself: the page is frozen right
                // after it, before anything else could run.
                self.actions.push_back(Action::CloseConnection {
                    code: CloseCode::NORMAL,
                    reason: "page hidden".to_owned(),
                    forget: true,
                });
                self.inbox.set_leftovers(true);
            }
            Phase::Connecting { .. } => self.actions.push_back(Action::CancelAttempt),
            Phase::Waiting { .. } | Phase::Offline { .. } => {}
            Phase::Suspended | Phase::Halted | Phase::Closing { .. } | Phase::Closed => return,
        }
        self.suspend();
    }

    fn suspend(&mut self) {
        self.phase = Phase::Suspended;
        self.set_state(ConnectionState::Suspended);
        self.emit(ConnectionEvent::Suspended);
    }

    fn page_shown(&mut self, persisted: bool, now: Duration) {
        if !persisted {
            return;
        }
        self.page.hidden = false;
        self.page.restored_at = Some(now);
        if matches!(self.phase, Phase::Suspended) {
            self.retries.reset();
            self.emit(ConnectionEvent::Resumed {
                attempt: 0,
                cause: ResumeCause::PageShown,
            });
            self.start_attempt(0, Duration::ZERO);
        }
    }
}

#[cfg(test)]
mod tests;

// Natively only: the schedule generator is not built for wasm32.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod schedules;
