//! The driver task of a [`ReconnectingWebSocket`](super::ReconnectingWebSocket):
//! it owns the current connection attempt or socket, and moves between
//! connecting, open and waiting on events only (a close, the backoff timer,
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

use super::builder::{ReconnectingBuilder, UrlFuture, UrlSource};
use super::events::{AttemptError, ConnectionEvent, ConnectionState};
use super::socket::Shared;
use super::{Decision, NextAttempt, Retries, StopReason};
use crate::close::CloseEvent;
use crate::connect::Connecting;
use crate::error::Error;
use crate::split::WebSocketReceiver;
use crate::timer::timeout_millis;

/// Messages taken from the socket in one go before the driver yields to
/// the rest of the page.
const MESSAGE_BUDGET: usize = 64;

pub(crate) fn spawn(options: ReconnectingBuilder, shared: Rc<RefCell<Shared>>) {
    let retries = Retries::new(options.backoff.clone(), options.limits);
    let driver = Driver {
        options,
        shared,
        retries,
        phase: Phase::Start {
            attempt: 0,
            delay: Duration::ZERO,
        },
        clock: Clock::default(),
    };
    wasm_bindgen_futures::spawn_local(driver);
}

enum Phase {
    /// Start this attempt at the next poll.
    Start { attempt: u32, delay: Duration },
    /// Asking the URL provider.
    Resolving { attempt: u32, url: UrlFuture },
    /// The handshake.
    Connecting { attempt: u32, socket: Connecting },
    /// Open; the sending half is in `Shared`.
    Open { receiver: WebSocketReceiver },
    /// The one backoff timer before the next attempt.
    Waiting {
        attempt: u32,
        delay: Duration,
        timer: TimeoutFuture,
    },
    /// Gave up or stopped by the policy: waits for `reconnect`.
    Idle,
}

struct Driver {
    options: ReconnectingBuilder,
    shared: Rc<RefCell<Shared>>,
    retries: Retries,
    phase: Phase,
    clock: Clock,
}

/// A monotonic `Duration` from `Date.now()` (which can step back when the
/// system clock is set; a step back is read as no time passing).
#[derive(Default)]
struct Clock {
    last: Duration,
}

impl Clock {
    fn now(&mut self) -> Duration {
        let now = Duration::try_from_secs_f64(js_sys::Date::now() / 1000.0).unwrap_or_default();
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
            let (close, reconnect) = {
                let mut shared = this.shared.borrow_mut();
                let commands = &mut shared.commands;
                (commands.close.take(), mem::take(&mut commands.reconnect))
            };
            if let Some((code, reason)) = close {
                this.shut_down(code, &reason);
                return Poll::Ready(());
            }
            if reconnect {
                this.force_attempt();
            }
            let phase = mem::replace(&mut this.phase, Phase::Idle);
            this.phase = match phase {
                Phase::Start { attempt, delay } => this.start_attempt(attempt, delay),
                Phase::Resolving { attempt, mut url } => match url.as_mut().poll(cx) {
                    Poll::Ready(Ok(url)) => this.connect(attempt, url),
                    Poll::Ready(Err(error)) => {
                        this.attempt_failed(attempt, AttemptError::Url(error))
                    }
                    Poll::Pending => {
                        this.phase = Phase::Resolving { attempt, url };
                        return Poll::Pending;
                    }
                },
                Phase::Connecting {
                    attempt,
                    mut socket,
                } => match Pin::new(&mut socket).poll(cx) {
                    Poll::Ready(Ok(socket)) => this.opened(socket),
                    Poll::Ready(Err(error)) => {
                        this.attempt_failed(attempt, AttemptError::Connect(error))
                    }
                    Poll::Pending => {
                        this.phase = Phase::Connecting { attempt, socket };
                        return Poll::Pending;
                    }
                },
                Phase::Open { mut receiver } => {
                    if budget == 0 {
                        this.phase = Phase::Open { receiver };
                        cx.waker().wake_by_ref();
                        return Poll::Pending;
                    }
                    match Pin::new(&mut receiver).poll_next(cx) {
                        Poll::Ready(Some(Ok(message))) => {
                            budget -= 1;
                            this.shared.borrow_mut().deliver(message);
                            Phase::Open { receiver }
                        }
                        Poll::Ready(Some(Err(Error::ConnectionLost(close)))) => this.closed(close),
                        // Errors about one message (a Blob that could not
                        // be read, say) do not end the connection.
                        Poll::Ready(Some(Err(_))) => Phase::Open { receiver },
                        Poll::Ready(None) => match Pin::new(&mut receiver.closed()).poll(cx) {
                            Poll::Ready(close) => this.closed(close),
                            Poll::Pending => {
                                this.phase = Phase::Open { receiver };
                                return Poll::Pending;
                            }
                        },
                        Poll::Pending => {
                            this.phase = Phase::Open { receiver };
                            return Poll::Pending;
                        }
                    }
                }
                Phase::Waiting {
                    attempt,
                    delay,
                    mut timer,
                } => match Pin::new(&mut timer).poll(cx) {
                    Poll::Ready(()) => this.start_attempt(attempt, delay),
                    Poll::Pending => {
                        this.phase = Phase::Waiting {
                            attempt,
                            delay,
                            timer,
                        };
                        return Poll::Pending;
                    }
                },
                Phase::Idle => return Poll::Pending,
            };
        }
    }
}

impl Driver {
    fn emit(&self, event: ConnectionEvent) {
        self.shared.borrow_mut().emit(event);
    }

    fn set_state(&self, state: ConnectionState) {
        let mut shared = self.shared.borrow_mut();
        // `Closed` is set by the handles and is final.
        if shared.state != ConnectionState::Closed {
            shared.state = state;
        }
    }

    /// `reconnect()`: skip the timer, or start again after stopping.
    fn force_attempt(&mut self) {
        match mem::replace(&mut self.phase, Phase::Idle) {
            Phase::Waiting { attempt, .. } => {
                self.phase = Phase::Start {
                    attempt,
                    delay: Duration::ZERO,
                }
            }
            Phase::Idle => {
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

    fn start_attempt(&mut self, attempt: u32, delay: Duration) -> Phase {
        self.set_state(ConnectionState::Connecting);
        self.emit(ConnectionEvent::Connecting { attempt, delay });
        match &self.options.url {
            UrlSource::Fixed(url) => {
                let url = url.clone();
                self.connect(attempt, url)
            }
            UrlSource::Provider(provider) => Phase::Resolving {
                attempt,
                url: provider(),
            },
        }
    }

    fn connect(&mut self, attempt: u32, url: String) -> Phase {
        Phase::Connecting {
            attempt,
            socket: self.options.socket(url).connect(),
        }
    }

    fn opened(&mut self, socket: crate::WebSocket) -> Phase {
        let now = self.clock.now();
        self.retries.connection_opened(now);
        let (sender, receiver) = socket.split();
        // The hook runs with no borrow held: it may use the handles.
        if let Some(on_open) = self.options.on_open.clone() {
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
        if shared.state != ConnectionState::Closed {
            shared.state = ConnectionState::Open;
        }
        shared.emit(ConnectionEvent::Open);
        Phase::Open { receiver }
    }

    fn attempt_failed(&mut self, attempt: u32, error: AttemptError) -> Phase {
        self.emit(ConnectionEvent::AttemptFailed { attempt, error });
        let now = self.clock.now();
        self.retries.attempt_failed(now);
        self.schedule()
    }

    fn closed(&mut self, close: CloseEvent) -> Phase {
        self.shared.borrow_mut().sender = None;
        self.emit(ConnectionEvent::Closed(close.clone()));
        match self.options.policy.decide(&close, false) {
            Decision::Reconnect => {
                let now = self.clock.now();
                self.retries.connection_closed(now);
                self.schedule()
            }
            Decision::Stop(reason) => self.stop(ConnectionState::Stopped, reason),
        }
    }

    fn stop(&mut self, state: ConnectionState, reason: StopReason) -> Phase {
        self.set_state(state);
        let mut shared = self.shared.borrow_mut();
        shared.emit(ConnectionEvent::Stopped(reason));
        shared.set_inbox_ended(true);
        Phase::Idle
    }

    fn schedule(&mut self) -> Phase {
        let now = self.clock.now();
        match self.retries.next_attempt(now, js_sys::Math::random()) {
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
                self.set_state(ConnectionState::GaveUp);
                let mut shared = self.shared.borrow_mut();
                shared.emit(ConnectionEvent::GaveUp(reason));
                shared.set_inbox_ended(true);
                Phase::Idle
            }
        }
    }

    /// `close()` or the last handle dropped: close the socket, cancel
    /// whatever is pending (dropping the phase does: a pending handshake is
    /// closed, the timer cleared), end the streams.
    fn shut_down(&mut self, code: crate::CloseCode, reason: &str) {
        self.phase = Phase::Idle;
        let mut shared = self.shared.borrow_mut();
        if let Some(sender) = shared.sender.take() {
            // Fails only if it is closing already, which is as good.
            let _ = sender.close_with(code, reason);
        }
        shared.state = ConnectionState::Closed;
        shared.queue.drain().for_each(drop);
        shared.emit(ConnectionEvent::Stopped(StopReason::ClosedByUser));
        shared.end_events();
        shared.set_inbox_ended(true);
        shared.driver_waker = None;
    }
}
