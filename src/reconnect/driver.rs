//! The driver task of a [`ReconnectingWebSocket`](super::ReconnectingWebSocket):
//! the browser host of the core's [`Machine`](crate::core::Machine). It
//! owns the attempt under way, the open connection's receiving half, the
//! leftovers of connections that closed, and the one timer; it feeds the
//! core what they report and carries out the actions the core leaves to it.
//! It decides nothing itself.
//!
//! The open connection's close is watched on its own, never behind its
//! messages: a reader that stops reading stops the driver reading messages
//! (the inbox is full), but the close still reaches the core at once, and
//! the retry starts on time. The messages the closed connection still held
//! come first when the reader goes on, before anything from the next one.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use gloo_timers::future::TimeoutFuture;

use super::builder::{AttemptFuture, ReconnectingBuilder};
use super::shared::{Shared, Wakes};
use super::triggers::{BrowserTriggers, Signals, Wanted};
use crate::closed::Closed;
use crate::connect::Connecting;
use crate::core::{Action, AttemptError, ConnectionEvent, Input};
use crate::error::Error;
use crate::split::WebSocketReceiver;
use crate::timer::{timeout_millis, MAX_TIMEOUT};

/// Messages taken from the sockets in one go before the driver yields to
/// the rest of the page.
const MESSAGE_BUDGET: usize = 64;

pub(crate) fn spawn(options: ReconnectingBuilder, shared: Rc<RefCell<Shared>>) {
    let signals = Rc::new(Signals::default());
    let triggers = BrowserTriggers::listen(
        &Rc::downgrade(&shared),
        &signals,
        Wanted {
            network: options.pause_while_offline(),
            visibility: options.retry_when_visible(),
        },
    );
    let driver = Driver {
        options,
        shared,
        signals,
        attempt: None,
        open: None,
        leftovers: VecDeque::new(),
        timer: None,
        _triggers: triggers,
    };
    wasm_bindgen_futures::spawn_local(driver);
}

/// The attempt under way.
enum Attempt {
    /// Asking the URL provider.
    Resolving(AttemptFuture),
    /// The handshake.
    Connecting(Connecting),
}

/// The open connection: its receiving half (the sending half is in
/// [`Shared`]), and the future of its close, watched on its own.
struct OpenConnection {
    receiver: WebSocketReceiver,
    closed: Closed,
}

/// The one timer, set for the core's deadline (in steps of the longest
/// timer the browser honours, if it is further away).
struct Timer {
    deadline: Duration,
    /// Set short of the deadline: when it fires, it is only set again.
    short: bool,
    future: TimeoutFuture,
}

struct Driver {
    options: ReconnectingBuilder,
    shared: Rc<RefCell<Shared>>,
    signals: Rc<Signals>,
    attempt: Option<Attempt>,
    open: Option<OpenConnection>,
    /// Receiving halves of connections that ended, whose unread messages
    /// come before the next connection's, oldest first.
    leftovers: VecDeque<WebSocketReceiver>,
    timer: Option<Timer>,
    _triggers: BrowserTriggers,
}

impl Future for Driver {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        this.shared.borrow_mut().driver_waker = Some(cx.waker().clone());
        this.signals.set_driver(cx.waker());
        let mut budget = MESSAGE_BUDGET;
        loop {
            let mut progressed = this.take_signals();
            progressed |= this.perform();
            progressed |= this.poll_attempt(cx);
            progressed |= this.poll_close(cx);
            progressed |= this.read_messages(cx, &mut budget);
            progressed |= this.poll_timer(cx);
            if this.is_done() {
                let mut shared = this.shared.borrow_mut();
                shared.sender = None;
                shared.driver_waker = None;
                return Poll::Ready(());
            }
            if budget == 0 {
                // Yield to the page, and come back at once.
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            if !progressed {
                return Poll::Pending;
            }
        }
    }
}

impl Driver {
    /// Feeds the core `input` now, then carries out what it decided. The
    /// reader and the waiting sends are woken: a message may have arrived,
    /// room may have been made.
    fn feed(&mut self, input: Input) {
        let wakes = Shared::update(&self.shared, |shared| {
            shared.feed(input);
            shared.wake_waiters()
        });
        wakes.wake();
        self.perform();
    }

    /// Hands the core what the browser said while the shared state was
    /// borrowed.
    fn take_signals(&mut self) -> bool {
        let waiting = self.signals.take();
        let any = !waiting.is_empty();
        for signal in waiting {
            self.feed(signal.into());
        }
        any
    }

    /// Carries out the actions the core left to the driver, in order.
    fn perform(&mut self) -> bool {
        let mut acted = false;
        loop {
            let Some(action) = self.shared.borrow_mut().deferred.pop_front() else {
                return acted;
            };
            acted = true;
            match action {
                Action::Connect { attempt: _ } => self.attempt = Some(self.start_attempt()),
                // Dropping an attempt closes its socket if it has one.
                Action::CancelAttempt => self.attempt = None,
                Action::RunOnOpen => self.run_on_open(),
                Action::Flush => {
                    let wakes = {
                        let mut shared = self.shared.borrow_mut();
                        shared.flush();
                        shared.wake_waiters()
                    };
                    wakes.wake();
                }
                Action::SendHeartbeat => self.send_heartbeat(),
                // The socket was closed already (see `Shared::perform_local`):
                // its unread messages are leftovers now, and its close
                // event is not awaited.
                Action::CloseConnection { forget: true, .. } => {
                    if let Some(open) = self.open.take() {
                        self.leftovers.push_back(open.receiver);
                    }
                }
                Action::CloseConnection { forget: false, .. } => {}
                Action::DiscardLeftovers => self.leftovers.clear(),
                Action::Emit(event) => {
                    let mut wakes = Wakes::default();
                    self.shared.borrow_mut().emit(event, &mut wakes);
                    wakes.wake();
                }
                Action::HandBack(unsent) => {
                    let mut wakes = Wakes::default();
                    self.shared
                        .borrow_mut()
                        .emit(ConnectionEvent::Unsent(unsent), &mut wakes);
                    wakes.wake();
                }
                Action::EndEvents => {
                    let mut wakes = Wakes::default();
                    self.shared.borrow_mut().end_events(&mut wakes);
                    wakes.wake();
                }
            }
        }
    }

    fn start_attempt(&self) -> Attempt {
        match self.options.provider() {
            Some(provider) => Attempt::Resolving(provider(self.options.socket())),
            None => Attempt::Connecting(self.options.attempt(None).connect()),
        }
    }

    /// The hook runs with no borrow held: it may use the handles.
    fn run_on_open(&self) {
        let Some(on_open) = self.options.on_open() else {
            return;
        };
        let sender = self.shared.borrow().sender.clone();
        if let Some(sender) = sender {
            on_open(&sender);
        }
    }

    fn send_heartbeat(&self) {
        let Some(heartbeat) = self.options.heartbeat() else {
            return;
        };
        let shared = self.shared.borrow();
        if let Some(sender) = &shared.sender {
            // Fails only if the socket is closing, and then its close event
            // is on the way and decides what happens next.
            let _ = sender.connection().send_message(heartbeat.message());
        }
    }

    fn poll_attempt(&mut self, cx: &mut Context<'_>) -> bool {
        let Some(attempt) = &mut self.attempt else {
            return false;
        };
        match attempt {
            Attempt::Resolving(provided) => match provided.as_mut().poll(cx) {
                Poll::Ready(Ok(socket)) => {
                    *attempt = Attempt::Connecting(self.options.attempt(Some(socket)).connect());
                    true
                }
                Poll::Ready(Err(error)) => {
                    self.attempt = None;
                    self.feed(Input::AttemptFailed(AttemptError::Url(error)));
                    true
                }
                Poll::Pending => false,
            },
            Attempt::Connecting(connecting) => match Pin::new(connecting).poll(cx) {
                Poll::Ready(Ok(socket)) => {
                    self.attempt = None;
                    let (sender, receiver) = socket.split();
                    let closed = receiver.closed();
                    self.open = Some(OpenConnection { receiver, closed });
                    self.shared.borrow_mut().sender = Some(sender);
                    self.feed(Input::Opened);
                    true
                }
                Poll::Ready(Err(error)) => {
                    self.attempt = None;
                    self.feed(Input::AttemptFailed(AttemptError::Connect(error)));
                    true
                }
                Poll::Pending => false,
            },
        }
    }

    /// The open connection's close, reported whatever the reader does.
    fn poll_close(&mut self, cx: &mut Context<'_>) -> bool {
        let Some(open) = &mut self.open else {
            return false;
        };
        let Poll::Ready(close) = Pin::new(&mut open.closed).poll(cx) else {
            return false;
        };
        let Some(open) = self.open.take() else {
            return false;
        };
        let closed_by_user = self.shared.borrow().core.is_closed();
        // The user's predicate runs with no borrow held.
        let verdict = if closed_by_user {
            None
        } else {
            self.options.policy().ask(&close)
        };
        self.shared.borrow_mut().sender = None;
        if !closed_by_user {
            self.leftovers.push_back(open.receiver);
        }
        self.feed(Input::Closed { close, verdict });
        true
    }

    /// Reads messages while the core wants them: first what connections
    /// that ended still hold, then the open connection's.
    fn read_messages(&mut self, cx: &mut Context<'_>, budget: &mut usize) -> bool {
        let mut progressed = false;
        while *budget > 0 && self.shared.borrow().core.wants_messages() {
            let from_leftovers = !self.leftovers.is_empty();
            let receiver = match self.leftovers.front_mut() {
                Some(receiver) => receiver,
                None => match &mut self.open {
                    Some(open) => &mut open.receiver,
                    None => return progressed,
                },
            };
            match Pin::new(receiver).poll_next(cx) {
                Poll::Ready(Some(Ok(message))) => {
                    *budget -= 1;
                    progressed = true;
                    // The user's filter runs with no borrow held.
                    let heartbeat_reply = self
                        .options
                        .heartbeat()
                        .is_some_and(|heartbeat| heartbeat.is_reply(&message));
                    self.feed(Input::Received {
                        item: Ok(message),
                        heartbeat_reply,
                    });
                }
                // The end of a connection is its close event's to report
                // (`poll_close`), not the stream's.
                Poll::Ready(
                    None | Some(Err(Error::ConnectionLost(_) | Error::ConnectFailed(_))),
                ) => {
                    if !from_leftovers {
                        return progressed;
                    }
                    progressed = true;
                    self.leftovers.pop_front();
                    if self.leftovers.is_empty() {
                        self.feed(Input::LeftoversDone);
                    }
                }
                // An error about one message (a Blob that could not be
                // read, a limit) is the reader's to see; the connection
                // reports its own end.
                Poll::Ready(Some(Err(error))) => {
                    *budget -= 1;
                    progressed = true;
                    self.feed(Input::Received {
                        item: Err(error),
                        heartbeat_reply: false,
                    });
                }
                Poll::Pending => return progressed,
            }
        }
        progressed
    }

    /// The one timer: set for the core's deadline, and reported when it
    /// fires.
    fn poll_timer(&mut self, cx: &mut Context<'_>) -> bool {
        let (deadline, now) = {
            let mut shared = self.shared.borrow_mut();
            (shared.core.poll_timeout(), shared.now())
        };
        let Some(deadline) = deadline else {
            self.timer = None;
            return false;
        };
        if self.timer.as_ref().map(|timer| timer.deadline) != Some(deadline) {
            let wait = deadline.saturating_sub(now);
            self.timer = Some(Timer {
                deadline,
                short: wait > MAX_TIMEOUT,
                future: TimeoutFuture::new(timeout_millis(wait)),
            });
        }
        let Some(timer) = &mut self.timer else {
            return false;
        };
        if Pin::new(&mut timer.future).poll(cx).is_pending() {
            return false;
        }
        let short = timer.short;
        self.timer = None;
        if !short {
            self.feed(Input::Timeout { deadline });
        }
        true
    }

    /// Closed by the user, its events ended, nothing left to watch.
    fn is_done(&self) -> bool {
        self.shared.borrow().core.is_done() && self.shared.borrow().deferred.is_empty()
    }
}
