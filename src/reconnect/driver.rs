//! The driver task of a [`ReconnectingWebSocket`](super::ReconnectingWebSocket):
//! it owns the current connection attempt or socket, and moves between
//! connecting, open and waiting on events only (a close, the backoff timer,
//! the heartbeat timer, the browser's `online`/`offline`/`visibilitychange`,
//! a command from a handle). It is a hand-written future rather than an
//! `async` loop because it waits on several things at once and the crate
//! has no `select!`.

use std::cell::RefCell;
use std::future::Future;
use std::mem;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use gloo_timers::future::TimeoutFuture;

use super::backoff::{NextAttempt, Retries};
use super::builder::{AttemptFuture, ReconnectingBuilder};
use super::events::{AttemptError, ConnectionEvent, ConnectionState, ResumeCause};
use super::liveness::{Due, Heartbeat, Liveness};
use super::policy::Decision;
use super::shared::Shared;
use super::triggers::{host_is_offline, BrowserTriggers, Wanted};
use super::StopReason;
use crate::close::{CloseCode, CloseEvent};
use crate::connect::Connecting;
use crate::error::Error;
use crate::split::WebSocketReceiver;
use crate::timer::timeout_millis;

/// Messages taken from the socket in one go before the driver yields to
/// the rest of the page.
const MESSAGE_BUDGET: usize = 64;

/// The close code for a connection the idle timeout declared dead: 3008,
/// "Timeout" in IANA's registry of WebSocket close codes.
const IDLE_CLOSE_CODE: u16 = 3008;

pub(crate) fn spawn(options: ReconnectingBuilder, shared: Rc<RefCell<Shared>>) {
    let retries = Retries::new(options.backoff().clone(), *options.retry_limits());
    let triggers = BrowserTriggers::listen(
        Rc::downgrade(&shared),
        Wanted {
            network: options.pause_while_offline(),
            visibility: options.retry_when_visible(),
            page_cache: options.suspend_in_page_cache(),
        },
    );
    let offline = options.pause_while_offline() && host_is_offline();
    let driver = Driver {
        options,
        shared,
        retries,
        phase: Phase::Start {
            attempt: 0,
            delay: Duration::ZERO,
        },
        clock: Clock::default(),
        offline,
        _triggers: triggers,
    };
    wasm_bindgen_futures::spawn_local(driver);
}

pub(crate) enum Phase {
    /// Start this attempt at the next poll.
    Start { attempt: u32, delay: Duration },
    /// Asking the URL provider.
    Resolving { attempt: u32, socket: AttemptFuture },
    /// The handshake.
    Connecting { attempt: u32, socket: Connecting },
    /// Open; the sending half is in `Shared`.
    Open(Box<Open>),
    /// The one backoff timer before the next attempt.
    Waiting {
        attempt: u32,
        delay: Duration,
        timer: TimeoutFuture,
    },
    /// A retry is due but the host is offline: waits for `online`, or for
    /// the longest offline wait to pass.
    Offline { attempt: u32, timer: TimeoutFuture },
    /// The page is in the back/forward cache: waits for `pageshow`.
    Suspended,
    /// Gave up or stopped by the policy: waits for `reconnect`.
    Idle,
}

/// An open connection: its receiving half, and the heartbeat and idle
/// deadlines with the one timer that serves both (none if neither is set;
/// set by [`serve_liveness`] the first time it runs).
pub(crate) struct Open {
    receiver: WebSocketReceiver,
    liveness: Option<Liveness>,
    timer: Option<TimeoutFuture>,
}

impl Open {
    /// Sets the one timer to the next deadline, or none if there is none.
    fn arm_timer(&mut self, now: Duration) {
        self.timer = self
            .liveness
            .as_mut()
            .and_then(|liveness| liveness.next_check(now))
            .map(|delay| TimeoutFuture::new(timeout_millis(delay)));
    }
}

/// How the driver serves the heartbeat and idle timeout: a function the
/// builder holds only when one of them is set, so that an app with neither
/// does not carry their code (see [`serve_liveness`]).
pub(crate) type ServeLiveness = fn(&mut Driver, &mut Open, &mut Context<'_>, bool) -> Option<Phase>;

/// What one step of the state machine leads to.
enum Flow {
    /// Go on with this phase now.
    Next(Phase),
    /// This phase waits; a waker is registered.
    Wait(Phase),
}

pub(crate) struct Driver {
    options: ReconnectingBuilder,
    shared: Rc<RefCell<Shared>>,
    retries: Retries,
    phase: Phase,
    clock: Clock,
    /// The browser said it is offline (only with `pause_while_offline`).
    offline: bool,
    _triggers: BrowserTriggers,
}

/// A monotonic `Duration` from `Date.now()` (which can step back when the
/// system clock is set; a step back is read as no time passing).
#[derive(Default)]
struct Clock {
    last: Duration,
}

impl Clock {
    fn now(&mut self) -> Duration {
        // `as` saturates, and reads NaN or a negative time as zero.
        let now = Duration::from_millis(js_sys::Date::now() as u64);
        self.last = self.last.max(now);
        self.last
    }
}

impl Future for Driver {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        this.shared.borrow_mut().driver_waker = Some(cx.waker().clone());
        let mut budget = MESSAGE_BUDGET;
        loop {
            if let Some((code, reason)) = this.take_commands() {
                this.shut_down(code, &reason);
                return Poll::Ready(());
            }
            let phase = mem::replace(&mut this.phase, Phase::Idle);
            match this.step(phase, cx, &mut budget) {
                Flow::Next(phase) => this.phase = phase,
                Flow::Wait(phase) => {
                    this.phase = phase;
                    return Poll::Pending;
                }
            }
        }
    }
}

impl Driver {
    /// Acts on what the handles and the browser asked since the last poll;
    /// returns the close request, if any, which overrides everything else.
    fn take_commands(&mut self) -> Option<(CloseCode, String)> {
        let (close, reconnect, browser) = {
            let mut shared = self.shared.borrow_mut();
            let commands = &mut shared.commands;
            (
                commands.close.take(),
                mem::take(&mut commands.reconnect),
                mem::take(&mut commands.browser),
            )
        };
        if close.is_some() {
            return close;
        }
        match browser.cached_page_shown {
            Some(false) => self.suspend(),
            Some(true) => self.wake_from_page_cache(),
            None => {}
        }
        match browser.network {
            Some(false) => self.went_offline(),
            Some(true) => {
                self.offline = false;
                self.resume(ResumeCause::Online);
            }
            None => {}
        }
        if browser.visible {
            self.resume(ResumeCause::Visible);
        }
        if reconnect {
            self.force_attempt();
        }
        None
    }

    fn step(&mut self, phase: Phase, cx: &mut Context<'_>, budget: &mut usize) -> Flow {
        match phase {
            Phase::Start { attempt, delay } => Flow::Next(self.start_attempt(attempt, delay)),
            Phase::Resolving {
                attempt,
                mut socket,
            } => match socket.as_mut().poll(cx) {
                Poll::Ready(Ok(socket)) => Flow::Next(self.connect(attempt, Some(socket))),
                Poll::Ready(Err(error)) => {
                    Flow::Next(self.attempt_failed(attempt, AttemptError::Url(error)))
                }
                Poll::Pending => Flow::Wait(Phase::Resolving { attempt, socket }),
            },
            Phase::Connecting {
                attempt,
                mut socket,
            } => match Pin::new(&mut socket).poll(cx) {
                Poll::Ready(Ok(socket)) => Flow::Next(self.opened(socket)),
                Poll::Ready(Err(error)) => {
                    Flow::Next(self.attempt_failed(attempt, AttemptError::Connect(error)))
                }
                Poll::Pending => Flow::Wait(Phase::Connecting { attempt, socket }),
            },
            Phase::Open(open) => self.step_open(open, cx, budget),
            Phase::Waiting {
                attempt,
                delay,
                mut timer,
            } => match Pin::new(&mut timer).poll(cx) {
                Poll::Ready(()) => Flow::Next(self.start_attempt(attempt, delay)),
                Poll::Pending => Flow::Wait(Phase::Waiting {
                    attempt,
                    delay,
                    timer,
                }),
            },
            Phase::Offline { attempt, mut timer } => match Pin::new(&mut timer).poll(cx) {
                // `navigator.onLine` can be wrong (VPNs, virtual adapters):
                // after the longest wait, try anyway.
                Poll::Ready(()) => {
                    self.emit(ConnectionEvent::Resumed {
                        attempt,
                        cause: ResumeCause::OfflineWaitOver,
                    });
                    Flow::Next(Phase::Start {
                        attempt,
                        delay: Duration::ZERO,
                    })
                }
                Poll::Pending => Flow::Wait(Phase::Offline { attempt, timer }),
            },
            phase @ (Phase::Suspended | Phase::Idle) => Flow::Wait(phase),
        }
    }

    /// Hands over the messages that arrived (at most `budget` of them before
    /// yielding to the page), notices a close, and serves the heartbeat and
    /// idle deadlines.
    fn step_open(&mut self, mut open: Box<Open>, cx: &mut Context<'_>, budget: &mut usize) -> Flow {
        let mut heard = false;
        let max_unread = self.options.socket().max_unread();
        let out_of_budget = loop {
            if *budget == 0 {
                break true;
            }
            // The reader is behind: leave the rest in the socket, which
            // closes itself at its own limit, until the reader catches up
            // (it wakes this task). The reader, not the server, is slow, so
            // this counts as hearing from the server.
            if self
                .shared
                .borrow_mut()
                .is_inbox_full(max_unread, cx.waker())
            {
                heard = true;
                break false;
            }
            match Pin::new(&mut open.receiver).poll_next(cx) {
                Poll::Ready(Some(Ok(message))) => {
                    *budget -= 1;
                    heard = true;
                    let is_reply = self
                        .options
                        .heartbeat()
                        .is_some_and(|heartbeat| heartbeat.is_reply(&message));
                    if !is_reply {
                        self.shared.borrow_mut().deliver(Ok(message));
                    }
                }
                Poll::Ready(Some(Err(Error::ConnectionLost(close)))) => {
                    return Flow::Next(self.closed(close))
                }
                // Errors about one message (a Blob that could not be read,
                // say) do not end the connection; the message did arrive,
                // and the reader hears about it.
                Poll::Ready(Some(Err(error))) => {
                    *budget -= 1;
                    heard = true;
                    self.shared.borrow_mut().deliver(Err(error));
                }
                Poll::Ready(None) => match Pin::new(&mut open.receiver.closed()).poll(cx) {
                    Poll::Ready(close) => return Flow::Next(self.closed(close)),
                    Poll::Pending => break false,
                },
                Poll::Pending => break false,
            }
        };
        if let Some(serve) = self.options.liveness() {
            if let Some(phase) = serve(self, &mut open, cx, heard) {
                return Flow::Next(phase);
            }
        }
        if out_of_budget {
            cx.waker().wake_by_ref();
        }
        Flow::Wait(Phase::Open(open))
    }

    fn emit(&self, event: ConnectionEvent) {
        self.shared.borrow_mut().emit(event);
    }

    fn set_state(&self, state: ConnectionState) {
        let mut shared = self.shared.borrow_mut();
        // `Closed` is set by the handles and is final.
        if shared.state != ConnectionState::Closed {
            shared.state = state;
        }
        // A send waiting for room or a drain may be decided now.
        shared.wake_queue_waiters();
    }

    /// `reconnect()`: skip the timer or the wait for `online`, or start
    /// again after stopping.
    fn force_attempt(&mut self) {
        match mem::replace(&mut self.phase, Phase::Idle) {
            Phase::Waiting { attempt, .. } | Phase::Offline { attempt, .. } => {
                self.phase = Phase::Start {
                    attempt,
                    delay: Duration::ZERO,
                }
            }
            Phase::Idle | Phase::Suspended => {
                self.retries.reset();
                self.shared.borrow_mut().set_inbox_ended(false);
                self.phase = Phase::Start {
                    attempt: 0,
                    delay: Duration::ZERO,
                };
            }
            busy => self.phase = busy,
        }
    }

    /// The browser went offline: a retry waiting for its timer waits for
    /// `online` instead (the timer is cleared with the phase).
    fn went_offline(&mut self) {
        self.offline = true;
        if let Phase::Waiting { attempt, .. } = self.phase {
            self.phase = self.pause(attempt);
        }
    }

    /// `online` or the page became visible: a waiting retry starts now
    /// (`Visible` does not end a wait for `online`).
    fn resume(&mut self, cause: ResumeCause) {
        let attempt = match self.phase {
            Phase::Waiting { attempt, .. } => attempt,
            Phase::Offline { attempt, .. } if cause == ResumeCause::Online => attempt,
            _ => return,
        };
        self.emit(ConnectionEvent::Resumed { attempt, cause });
        self.phase = Phase::Start {
            attempt,
            delay: Duration::ZERO,
        };
    }

    fn pause(&mut self, attempt: u32) -> Phase {
        self.set_state(ConnectionState::Offline);
        self.emit(ConnectionEvent::Offline { attempt });
        Phase::Offline {
            attempt,
            timer: TimeoutFuture::new(timeout_millis(self.options.max_offline_wait())),
        }
    }

    /// `pagehide` of a page going into the back/forward cache: the open
    /// socket was closed in the event itself; whatever else is under way
    /// (a handshake, a timer) is dropped with the phase.
    fn suspend(&mut self) {
        if matches!(self.phase, Phase::Suspended | Phase::Idle) {
            return;
        }
        self.phase = Phase::Suspended;
        self.shared.borrow_mut().sender = None;
        self.set_state(ConnectionState::Suspended);
        self.emit(ConnectionEvent::Suspended);
    }

    /// `pageshow` of a page back from the cache: connect again at once, as
    /// a new start rather than a retry.
    fn wake_from_page_cache(&mut self) {
        if !matches!(self.phase, Phase::Suspended) {
            return;
        }
        self.retries.reset();
        self.emit(ConnectionEvent::Resumed {
            attempt: 0,
            cause: ResumeCause::PageShown,
        });
        self.phase = Phase::Start {
            attempt: 0,
            delay: Duration::ZERO,
        };
    }

    fn start_attempt(&mut self, attempt: u32, delay: Duration) -> Phase {
        self.set_state(ConnectionState::Connecting);
        self.emit(ConnectionEvent::Connecting { attempt, delay });
        match self.options.provider() {
            None => self.connect(attempt, None),
            Some(provider) => Phase::Resolving {
                attempt,
                socket: provider(self.options.socket()),
            },
        }
    }

    fn connect(&mut self, attempt: u32, provided: Option<crate::WebSocketBuilder>) -> Phase {
        Phase::Connecting {
            attempt,
            socket: self.options.attempt(provided).connect(),
        }
    }

    fn opened(&mut self, socket: crate::WebSocket) -> Phase {
        let now = self.clock.now();
        self.retries.connection_opened(now);
        let (sender, receiver) = socket.split();
        // The hook runs with no borrow held: it may use the handles.
        if let Some(on_open) = self.options.on_open().cloned() {
            on_open(&sender);
        }
        let mut shared = self.shared.borrow_mut();
        // Everything queued goes out now, in order, before any later send
        // (those go to the queue while it is not empty). `try_send` fails
        // only if the socket closed meanwhile: then the rest waits for the
        // next connection.
        while let Some(message) = shared.queue.pop_front() {
            if sender.try_send(message.clone()).is_err() {
                shared.queue.push_front(message);
                break;
            }
        }
        shared.sender = Some(sender);
        drop(shared);
        self.set_state(ConnectionState::Open);
        self.emit(ConnectionEvent::Open);
        Phase::Open(Box::new(Open {
            receiver,
            liveness: None,
            timer: None,
        }))
    }

    /// Serves the heartbeat and idle deadlines of the open connection: at
    /// the first call (the step right after the open) it starts them and
    /// sets the one timer; then it notes that messages were `heard`, sends
    /// the heartbeat when due, and returns the next phase when the
    /// connection is declared dead.
    pub(crate) fn serve_liveness(
        &mut self,
        open: &mut Open,
        cx: &mut Context<'_>,
        heard: bool,
    ) -> Option<Phase> {
        match &mut open.liveness {
            None => {
                let now = self.clock.now();
                open.liveness = Some(Liveness::opened(
                    self.options.heartbeat().map(Heartbeat::interval),
                    self.options.idle_timeout(),
                    now,
                ));
                open.arm_timer(now);
            }
            // One clock read per batch of messages, and no timer touched.
            Some(liveness) if heard => liveness.received(self.clock.now()),
            Some(_) => {}
        }
        while let Some(timer) = &mut open.timer {
            if Pin::new(timer).poll(cx).is_pending() {
                break;
            }
            let now = self.clock.now();
            let due = open
                .liveness
                .as_mut()
                .map_or(Due::Nothing, |liveness| liveness.check(now));
            match due {
                Due::Dead { silent_for } => return Some(self.dead(silent_for)),
                Due::Heartbeat => self.send_heartbeat(),
                Due::Nothing => {}
            }
            // Polled at the top of the loop, so that it wakes this task.
            open.arm_timer(now);
        }
        None
    }

    fn send_heartbeat(&self) {
        let shared = self.shared.borrow();
        if let (Some(heartbeat), Some(sender)) = (self.options.heartbeat(), &shared.sender) {
            // Fails only if the socket is closing, and then its close event
            // is on the way and decides what happens next.
            let _ = sender.try_send(heartbeat.message().clone());
        }
    }

    /// The idle timeout passed: close without waiting for a peer that may
    /// never answer (the receiving half is dropped with the phase, which
    /// removes its listeners), then retry as after a lost connection.
    fn dead(&mut self, silent_for: Duration) -> Phase {
        let sender = self.shared.borrow_mut().sender.take();
        if let Some(sender) = sender {
            // Fails only if it is closing already, which is as good.
            let _ = sender.close_with(IDLE_CLOSE_CODE, "idle timeout");
        }
        self.emit(ConnectionEvent::Dead { silent_for });
        self.retry_after_close()
    }

    fn attempt_failed(&mut self, attempt: u32, error: AttemptError) -> Phase {
        let hopeless = self.fails_every_time(&error);
        self.emit(ConnectionEvent::AttemptFailed { attempt, error });
        if hopeless {
            return self.halt(
                ConnectionState::Stopped,
                ConnectionEvent::Stopped(StopReason::InvalidRequest),
            );
        }
        let now = self.clock.now();
        self.retries.attempt_failed(now);
        self.schedule()
    }

    /// Whether the same attempt would fail again whatever the network does:
    /// there is no WebSocket at all, or the template's URL, subprotocols or
    /// options are invalid. What a provider gives may differ next time, so
    /// its attempts are retried.
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
            | Error::InvalidOption { .. } => !self.options.has_url_provider(),
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

    fn closed(&mut self, close: CloseEvent) -> Phase {
        self.shared.borrow_mut().sender = None;
        self.emit(ConnectionEvent::Closed(close.clone()));
        match self.options.policy().decide(&close, false) {
            Decision::Reconnect => self.retry_after_close(),
            Decision::Stop(reason) => {
                self.halt(ConnectionState::Stopped, ConnectionEvent::Stopped(reason))
            }
        }
    }

    /// An open connection ended (closed, or declared dead): the outage
    /// starts, or goes on if the connection was too short-lived.
    fn retry_after_close(&mut self) -> Phase {
        let now = self.clock.now();
        self.retries.connection_closed(now);
        self.schedule()
    }

    /// Stopped by the policy or gave up: nothing happens until `reconnect`,
    /// and the message stream ends for now.
    fn halt(&mut self, state: ConnectionState, event: ConnectionEvent) -> Phase {
        self.set_state(state);
        let mut shared = self.shared.borrow_mut();
        shared.emit(event);
        shared.set_inbox_ended(true);
        Phase::Idle
    }

    fn schedule(&mut self) -> Phase {
        let now = self.clock.now();
        match self.retries.next_attempt(now, js_sys::Math::random()) {
            NextAttempt::Retry { attempt, .. } if self.offline => self.pause(attempt),
            NextAttempt::Retry { attempt, delay } => {
                self.set_state(ConnectionState::Waiting);
                self.emit(ConnectionEvent::Reconnecting { attempt, delay });
                Phase::Waiting {
                    attempt,
                    delay,
                    timer: TimeoutFuture::new(timeout_millis(delay)),
                }
            }
            NextAttempt::GiveUp { reason } => {
                self.halt(ConnectionState::GaveUp, ConnectionEvent::GaveUp(reason))
            }
        }
    }

    /// `close()` or the last handle dropped: close the socket, cancel
    /// whatever is pending (dropping the phase does: a pending handshake is
    /// closed, the timer cleared), hand back what is still queued, end the
    /// streams.
    fn shut_down(&mut self, code: CloseCode, reason: &str) {
        self.phase = Phase::Idle;
        let mut shared = self.shared.borrow_mut();
        if let Some(sender) = shared.sender.take() {
            // Fails only if it is closing already, which is as good.
            let _ = sender.close_with(code, reason);
        }
        shared.state = ConnectionState::Closed;
        // Accepted as "queued" but never sent: handed back, not dropped.
        let unsent: Vec<_> = shared.queue.drain().collect();
        if !unsent.is_empty() {
            shared.emit(ConnectionEvent::Unsent(unsent));
        }
        shared.emit(ConnectionEvent::Stopped(StopReason::ClosedByUser));
        shared.end_events();
        shared.set_inbox_ended(true);
        shared.wake_queue_waiters();
        shared.driver_waker = None;
    }
}
