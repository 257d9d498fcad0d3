//! What the handles of a [`ReconnectingWebSocket`](super::ReconnectingWebSocket)
//! and its driver task share: the core's [`Machine`], which decides
//! everything, and the host's side of it (the open connection's sending
//! half, the subscribers, the wakers, the clock).
//!
//! Every change goes through [`Shared::update`]: the change, then the core's
//! actions that need no driver carried out at once (events handed to the
//! subscribers, a socket closed), the others left for the driver in order,
//! and only then, with no borrow held, the wakers called: an executor may
//! poll a woken task at once, and that poll borrows this state again.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use super::clock::Clock;
use super::events::EventQueue;
use crate::core::{Action, ConnectionEvent, DrainState, Input, Machine, SendDecision, SendOutcome};
use crate::drain::{DrainSource, DrainWait};
use crate::error::Error;
use crate::message::Message;
use crate::split::WebSocketSender;
use crate::state::ReadyState;

/// The state the handles and the driver share.
pub(crate) struct Shared {
    pub(crate) core: Machine,
    /// The open connection's sending half; `None` unless one is open.
    pub(crate) sender: Option<WebSocketSender>,
    subscribers: Vec<Weak<RefCell<EventQueue>>>,
    /// The latest event handed out that set the state: a new subscriber
    /// starts with it.
    last_state_event: Option<ConnectionEvent>,
    /// `EndEvents` was carried out: a new subscription ends at once.
    events_ended: bool,
    /// `Sink::poll_close` calls waiting for the end.
    end_waiters: Vec<Waker>,
    /// Actions only the driver carries out (connecting, the `on_open`
    /// hook, the receiving half), in the order the core gave them.
    pub(crate) deferred: VecDeque<Action>,
    inbox_waker: Option<Waker>,
    /// Sends and drains waiting for room in the queue, or for it to empty.
    queue_waiters: Vec<Waker>,
    pub(crate) driver_waker: Option<Waker>,
    clock: Clock,
}

/// The wakers to call once the borrow is released.
#[derive(Default)]
#[must_use = "the wakers must be called"]
pub(crate) struct Wakes(Vec<Waker>);

impl Wakes {
    pub(crate) fn push(&mut self, waker: Option<Waker>) {
        self.0.extend(waker);
    }

    pub(crate) fn wake(self) {
        self.0.into_iter().for_each(Waker::wake);
    }
}

impl Shared {
    pub(crate) fn new(core: Machine, clock: Clock) -> Self {
        Self {
            core,
            sender: None,
            subscribers: Vec::new(),
            last_state_event: None,
            events_ended: false,
            end_waiters: Vec::new(),
            deferred: VecDeque::new(),
            inbox_waker: None,
            queue_waiters: Vec::new(),
            driver_waker: None,
            clock,
        }
    }

    /// Runs `change`, carries out what the core then decided (see the
    /// module docs) and wakes whoever may be concerned, after the borrow.
    pub(crate) fn update<R>(shared: &RefCell<Shared>, change: impl FnOnce(&mut Shared) -> R) -> R {
        let (result, wakes) = {
            let mut this = shared.borrow_mut();
            let result = change(&mut this);
            (result, this.perform_local())
        };
        wakes.wake();
        result
    }

    pub(crate) fn now(&mut self) -> Duration {
        self.clock.now()
    }

    /// Whether the open connection's socket takes messages now (it may be
    /// closing before the core has heard of its close).
    pub(crate) fn writable(&self) -> bool {
        self.sender
            .as_ref()
            .is_some_and(|sender| sender.state() == ReadyState::Open)
    }

    /// Feeds the core what happened, now.
    pub(crate) fn feed(&mut self, input: Input) {
        let now = self.now();
        self.core.handle(input, now);
    }

    /// A send from any handle, decided by the core: straight to the open
    /// connection, queued, or handed back. `strict`: refused when the queue
    /// is full, whatever its overflow policy (the `Sink`).
    pub(crate) fn send(&mut self, message: Message, strict: bool) -> SendOutcome {
        let writable = self.writable();
        match self.core.send(message, writable, strict) {
            SendDecision::Decided(outcome) => outcome.into(),
            SendDecision::Transmit(message) => match &self.sender {
                Some(sender) => match sender.connection().send_message(&message) {
                    Ok(()) => SendOutcome::Sent,
                    Err(error) => SendOutcome::Failed(message, error),
                },
                // Not reached: writable means there is a sender.
                None => SendOutcome::Failed(message, Error::AlreadyClosed),
            },
        }
    }

    /// Hands the queue to the open connection, in order ([`Action::Flush`]);
    /// a message it refuses (it is closing) goes back to the front for the
    /// next connection.
    pub(crate) fn flush(&mut self) {
        let Some(connection) = self.sender.as_ref().map(|s| s.connection().clone()) else {
            return;
        };
        while let Some(message) = self.core.next_to_flush() {
            if connection.send_message(&message).is_err() {
                self.core.put_back(message);
                break;
            }
        }
    }

    /// Carries out the core's actions that need no driver, and leaves the
    /// rest to it; returns who must be woken. Order is kept: once an action
    /// is left to the driver, so is everything after it (an `Open` event
    /// follows the `on_open` hook and the flush). A connection to close is
    /// closed at once all the same (in a `pagehide` the page is frozen right
    /// after the event). Anything decided can free room, end a stream or
    /// change the state, so the reader, the waiting sends and the driver are
    /// woken whenever there was an action.
    fn perform_local(&mut self) -> Wakes {
        let mut wakes = Wakes::default();
        let mut acted = false;
        let mut deferring = !self.deferred.is_empty();
        while let Some(action) = self.core.poll_action() {
            acted = true;
            match action {
                Action::CloseConnection {
                    code,
                    ref reason,
                    forget,
                } => {
                    let sender = if forget {
                        self.sender.take()
                    } else {
                        self.sender.clone()
                    };
                    if let Some(sender) = sender {
                        // Fails only if it is closing already, which is as
                        // good.
                        let _ = sender.close_with(code, reason);
                    }
                    // The driver lets go of the receiving half.
                    if forget {
                        self.deferred.push_back(action);
                        deferring = true;
                    }
                }
                Action::Emit(event) if !deferring => self.emit(event, &mut wakes),
                Action::HandBack(unsent) if !deferring => {
                    self.emit(ConnectionEvent::Unsent(unsent), &mut wakes)
                }
                Action::EndEvents if !deferring => self.end_events(&mut wakes),
                action => {
                    self.deferred.push_back(action);
                    deferring = true;
                }
            }
        }
        if acted {
            wakes.push(self.inbox_waker.take());
            wakes.0.append(&mut self.queue_waiters);
            wakes.push(self.driver_waker.clone());
        }
        wakes
    }

    /// Hands `event` to every subscriber.
    pub(crate) fn emit(&mut self, event: ConnectionEvent, wakes: &mut Wakes) {
        if event.sets_state() {
            self.last_state_event = Some(event.clone());
        }
        self.subscribers
            .retain(|subscriber| match subscriber.upgrade() {
                Some(queue) => {
                    wakes.push(queue.borrow_mut().push(event.clone()));
                    true
                }
                None => false,
            });
    }

    /// Ends every event stream, for good.
    pub(crate) fn end_events(&mut self, wakes: &mut Wakes) {
        self.events_ended = true;
        wakes.0.append(&mut self.end_waiters);
        for subscriber in self.subscribers.drain(..) {
            if let Some(queue) = subscriber.upgrade() {
                wakes.push(queue.borrow_mut().end());
            }
        }
    }

    // --- events -------------------------------------------------------------

    /// A new subscription: it starts with the event that set the current
    /// state (if any was emitted yet), then gets every event from now on. A
    /// subscription made after the events ended is ended at once. (The
    /// queue is new: nobody waits on it yet, so there is no one to wake.)
    pub(crate) fn subscribe(&mut self, queue: &Rc<RefCell<EventQueue>>) {
        let mut queue_ref = queue.borrow_mut();
        if self.events_ended {
            let _ = queue_ref.end();
            return;
        }
        if let Some(event) = &self.last_state_event {
            let _ = queue_ref.push(event.clone());
        }
        self.subscribers.push(Rc::downgrade(queue));
    }

    // --- waiting --------------------------------------------------------------

    /// Ready once the events have ended (closed, and the connection's
    /// close handshake done or given up on); else `waker` is woken then.
    pub(crate) fn poll_ended(&mut self, waker: &Waker) -> std::task::Poll<crate::Result<()>> {
        if self.events_ended {
            return std::task::Poll::Ready(Ok(()));
        }
        if !self.end_waiters.iter().any(|w| w.will_wake(waker)) {
            self.end_waiters.push(waker.clone());
        }
        std::task::Poll::Pending
    }

    pub(crate) fn wait_for_inbox(&mut self, waker: &Waker) {
        self.inbox_waker = Some(waker.clone());
    }

    pub(crate) fn wait_for_queue(&mut self, waker: &Waker) {
        if !self.queue_waiters.iter().any(|w| w.will_wake(waker)) {
            self.queue_waiters.push(waker.clone());
        }
    }

    /// The reader or the waiting sends may go on: the driver changed
    /// something (a message arrived, the queue was flushed, ...).
    pub(crate) fn wake_waiters(&mut self) -> Wakes {
        let mut wakes = Wakes::default();
        wakes.push(self.inbox_waker.take());
        wakes.0.append(&mut self.queue_waiters);
        wakes
    }
}

/// The reconnecting socket's drain, as its core tells it: first the queue,
/// then the open connection's buffer.
impl DrainSource for RefCell<Shared> {
    fn poll_drained(&self, wait: &mut DrainWait, cx: &mut Context<'_>) -> Poll<crate::Result<()>> {
        let connection = {
            let mut shared = self.borrow_mut();
            match shared.core.drain_state() {
                DrainState::Done => return Poll::Ready(Ok(())),
                DrainState::Unsent(bytes) => return Poll::Ready(Err(Error::Unsent { bytes })),
                DrainState::Queued => {
                    shared.wait_for_queue(cx.waker());
                    return Poll::Pending;
                }
                DrainState::Socket => match &shared.sender {
                    Some(sender) => sender.connection().clone(),
                    None => return Poll::Ready(Ok(())),
                },
            }
        };
        wait.poll_drained(&connection, cx)
    }
}
