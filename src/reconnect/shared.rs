//! The state the handles of a [`ReconnectingWebSocket`](super::ReconnectingWebSocket)
//! and its driver task share, and the decisions about one send that do not
//! need the browser.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Weak;
use std::task::Waker;

use super::events::{ConnectionEvent, ConnectionState, EventQueue, Rejection, SendOutcome};
use super::queue::{OfflineQueue, PushOutcome, QueuedSize};
use super::triggers::BrowserSignals;
use crate::close::{validate_close_reason, CloseCode, IntoCloseCode};
use crate::error::{Error, Result};
use crate::message::Message;
use crate::split::WebSocketSender;
use crate::state::ReadyState;

/// What the handles ask of the driver.
#[derive(Default)]
pub(crate) struct Commands {
    /// `close` was called (or every handle dropped): shut down with this.
    pub(crate) close: Option<(CloseCode, String)>,
    /// `reconnect` was called.
    pub(crate) reconnect: bool,
    /// The browser went offline or online, or the page became visible.
    pub(crate) browser: BrowserSignals,
}

/// The state the handles and the driver share.
pub(crate) struct Shared {
    pub(crate) state: ConnectionState,
    /// The open connection's sending half; `None` unless `Open`.
    pub(crate) sender: Option<WebSocketSender>,
    pub(crate) queue: OfflineQueue<Message>,
    inbox: VecDeque<Result<Message>>,
    /// The bytes of the messages in `inbox`.
    inbox_bytes: usize,
    inbox_waker: Option<Waker>,
    /// The driver, waiting for the reader to take messages from a full
    /// inbox.
    inbox_full_waker: Option<Waker>,
    /// No connection will follow on its own (gave up, stopped, closed): the
    /// message stream ends once the inbox is read.
    inbox_ended: bool,
    /// The message stream has returned `None`; it stays ended until an
    /// explicit `reconnect`.
    stream_finished: bool,
    subscribers: Vec<Weak<RefCell<EventQueue>>>,
    /// The latest event that set the state, replayed to a new subscriber.
    last_state_event: Option<ConnectionEvent>,
    /// Sends and drains waiting for room in the queue, or for it to empty.
    queue_waiters: Vec<Waker>,
    pub(crate) commands: Commands,
    pub(crate) driver_waker: Option<Waker>,
}

impl Shared {
    pub(crate) fn new(queue: OfflineQueue<Message>) -> Self {
        Self {
            state: ConnectionState::Connecting,
            sender: None,
            queue,
            inbox: VecDeque::new(),
            inbox_bytes: 0,
            inbox_waker: None,
            inbox_full_waker: None,
            inbox_ended: false,
            stream_finished: false,
            subscribers: Vec::new(),
            last_state_event: None,
            queue_waiters: Vec::new(),
            commands: Commands::default(),
            driver_waker: None,
        }
    }

    // --- events ---------------------------------------------------------------

    pub(crate) fn emit(&mut self, event: ConnectionEvent) {
        if event.sets_state() {
            self.last_state_event = Some(event.clone());
        }
        self.subscribers
            .retain(|subscriber| match subscriber.upgrade() {
                Some(queue) => {
                    queue.borrow_mut().push(event.clone());
                    true
                }
                None => false,
            });
    }

    /// A new subscription: it starts with the event that set the current
    /// state (if any was emitted yet), then gets every event from now on.
    pub(crate) fn subscribe(&mut self, queue: &std::rc::Rc<RefCell<EventQueue>>) {
        if self.state == ConnectionState::Closed && self.driver_waker.is_none() {
            queue.borrow_mut().end();
            return;
        }
        if let Some(event) = &self.last_state_event {
            queue.borrow_mut().push(event.clone());
        }
        self.subscribers.push(std::rc::Rc::downgrade(queue));
    }

    /// Ends every event stream, for good.
    pub(crate) fn end_events(&mut self) {
        for subscriber in self.subscribers.drain(..) {
            if let Some(queue) = subscriber.upgrade() {
                queue.borrow_mut().end();
            }
        }
    }

    // --- the message stream ---------------------------------------------------

    pub(crate) fn deliver(&mut self, item: Result<Message>) {
        if let Ok(message) = &item {
            self.inbox_bytes = self.inbox_bytes.saturating_add(message.len());
        }
        self.inbox.push_back(item);
        self.wake_inbox();
    }

    /// Whether the unread messages reach `max_unread` bytes; if so, the
    /// driver (`waker`) is woken once the reader has taken some.
    pub(crate) fn is_inbox_full(&mut self, max_unread: usize, waker: &Waker) -> bool {
        let full = !self.inbox.is_empty() && self.inbox_bytes >= max_unread;
        if full {
            self.inbox_full_waker = Some(waker.clone());
        }
        full
    }

    /// Ends the message stream once it is read (no connection will follow
    /// on its own), or revives it (`reconnect`).
    pub(crate) fn set_inbox_ended(&mut self, ended: bool) {
        self.inbox_ended = ended;
        if !ended {
            self.stream_finished = false;
        }
        self.wake_inbox();
    }

    pub(crate) fn poll_inbox(&mut self, waker: &Waker) -> Option<Option<Result<Message>>> {
        if self.stream_finished {
            return Some(None);
        }
        if let Some(item) = self.inbox.pop_front() {
            if let Ok(message) = &item {
                self.inbox_bytes = self.inbox_bytes.saturating_sub(message.len());
            }
            if let Some(driver) = self.inbox_full_waker.take() {
                driver.wake();
            }
            return Some(Some(item));
        }
        if self.inbox_ended {
            self.stream_finished = true;
            return Some(None);
        }
        self.inbox_waker = Some(waker.clone());
        None
    }

    pub(crate) fn is_stream_finished(&self) -> bool {
        self.stream_finished
    }

    fn wake_inbox(&mut self) {
        if let Some(waker) = self.inbox_waker.take() {
            waker.wake();
        }
    }

    // --- sending ----------------------------------------------------------------

    pub(crate) fn wake_driver(&self) {
        if let Some(waker) = &self.driver_waker {
            waker.wake_by_ref();
        }
    }

    /// Wakes the sends and drains that wait on the queue or the state.
    pub(crate) fn wake_queue_waiters(&mut self) {
        for waker in self.queue_waiters.drain(..) {
            waker.wake();
        }
    }

    pub(crate) fn wait_for_queue(&mut self, waker: &Waker) {
        if !self.queue_waiters.iter().any(|w| w.will_wake(waker)) {
            self.queue_waiters.push(waker.clone());
        }
    }

    /// The open socket messages go straight to: only while nothing older
    /// waits in the queue, so that the order is kept.
    pub(crate) fn direct_sender(&self) -> Option<&WebSocketSender> {
        self.sender
            .as_ref()
            .filter(|sender| self.queue.is_empty() && sender.state() == ReadyState::Open)
    }

    /// Whether a send of `message` should wait rather than be decided now:
    /// the queue is full for the moment, and a connection is on its way
    /// (connecting, waiting or offline) to empty it.
    pub(crate) fn must_wait_for_room(&self, message: &Message) -> bool {
        !self.state.is_final()
            && self.direct_sender().is_none()
            && self.queue.is_full_for(message.queued_size())
    }

    /// Sends `message` now if a connection is open, else queues it under
    /// the queue's overflow policy (`honour_overflow`) or refuses it when
    /// the queue is full.
    pub(crate) fn try_send(&mut self, message: Message, honour_overflow: bool) -> SendOutcome {
        if self.state == ConnectionState::Closed {
            return SendOutcome::Rejected(message, Rejection::Closed);
        }
        if let Some(sender) = self.direct_sender() {
            return match sender.try_send(message.clone()) {
                Ok(()) => SendOutcome::Sent,
                Err(error) => SendOutcome::Failed(message, error),
            };
        }
        let outcome = if honour_overflow {
            self.queue.push(message)
        } else {
            self.queue.push_or_reject(message)
        };
        match outcome {
            PushOutcome::Queued => SendOutcome::Queued,
            PushOutcome::QueuedDropping(evicted) => SendOutcome::QueuedDropping(evicted),
            PushOutcome::Dropped(message) => SendOutcome::Dropped(message),
            PushOutcome::Rejected(message, reason) => {
                SendOutcome::Rejected(message, Rejection::Queue(reason))
            }
        }
    }

    /// `pagehide` into the back/forward cache: the open socket is closed at
    /// once (code 1000), so that the browser can cache the page.
    pub(crate) fn close_for_page_cache(&mut self) {
        if let Some(sender) = self.sender.take() {
            // Fails only if it is closing already, which is as good.
            let _ = sender.close_with(CloseCode::NORMAL, "page hidden");
        }
    }

    // --- closing ----------------------------------------------------------------

    /// `close_with` of every handle: checks the code and reason first.
    pub(crate) fn close_with(&mut self, code: impl IntoCloseCode, reason: &str) -> Result<()> {
        let code = code.into_close_code()?;
        validate_close_reason(reason)?;
        if self.state == ConnectionState::Closed {
            return Err(Error::AlreadyClosed);
        }
        self.request_close(code, reason.to_owned());
        Ok(())
    }

    pub(crate) fn request_close(&mut self, code: CloseCode, reason: String) {
        if self.state == ConnectionState::Closed {
            return;
        }
        // Closed at once, so that sends from now on are refused.
        self.state = ConnectionState::Closed;
        self.commands.close = Some((code, reason));
        self.wake_queue_waiters();
        self.wake_driver();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconnect::{QueueConfig, RejectReason};

    #[test]
    fn sends_without_a_connection_are_queued_then_refused_when_full_or_closed() {
        let mut shared = Shared::new(OfflineQueue::new(QueueConfig::new().with_capacity(1)));
        assert_eq!(
            shared.try_send(Message::text("a"), true),
            SendOutcome::Queued
        );
        assert!(shared.must_wait_for_room(&Message::text("b")));
        assert_eq!(
            shared.try_send(Message::text("b"), true),
            SendOutcome::Rejected(Message::text("b"), Rejection::Queue(RejectReason::Full))
        );
        shared.request_close(CloseCode::NORMAL, String::new());
        assert_eq!(shared.state, ConnectionState::Closed);
        assert!(!shared.must_wait_for_room(&Message::text("c")));
        assert_eq!(
            shared.try_send(Message::text("c"), true),
            SendOutcome::Rejected(Message::text("c"), Rejection::Closed)
        );
        assert_eq!(
            shared.close_with(CloseCode::NORMAL, ""),
            Err(Error::AlreadyClosed)
        );
    }

    #[test]
    fn the_strict_path_refuses_instead_of_evicting() {
        use crate::reconnect::OverflowPolicy;
        let config = QueueConfig::new()
            .with_capacity(1)
            .with_overflow(OverflowPolicy::DropOldest);
        let mut shared = Shared::new(OfflineQueue::new(config));
        assert_eq!(
            shared.try_send(Message::text("a"), false),
            SendOutcome::Queued
        );
        assert_eq!(
            shared.try_send(Message::text("b"), false),
            SendOutcome::Rejected(Message::text("b"), Rejection::Queue(RejectReason::Full))
        );
        assert_eq!(
            shared.try_send(Message::text("c"), true),
            SendOutcome::QueuedDropping(vec![Message::text("a")])
        );
    }

    #[test]
    fn a_finished_stream_stays_finished_until_revived() {
        let waker = futures_task_noop();
        let mut shared = Shared::new(OfflineQueue::new(QueueConfig::new()));
        shared.deliver(Ok(Message::text("last")));
        shared.set_inbox_ended(true);
        assert_eq!(
            shared.poll_inbox(&waker),
            Some(Some(Ok(Message::text("last"))))
        );
        assert_eq!(shared.poll_inbox(&waker), Some(None));
        assert!(shared.is_stream_finished());
        // A message that arrives afterwards does not un-end the stream...
        shared.deliver(Ok(Message::text("late")));
        assert_eq!(shared.poll_inbox(&waker), Some(None));
        // ...only an explicit restart does.
        shared.set_inbox_ended(false);
        assert!(!shared.is_stream_finished());
        assert_eq!(
            shared.poll_inbox(&waker),
            Some(Some(Ok(Message::text("late"))))
        );
    }

    fn futures_task_noop() -> Waker {
        struct Noop;
        impl std::task::Wake for Noop {
            fn wake(self: std::sync::Arc<Self>) {}
        }
        Waker::from(std::sync::Arc::new(Noop))
    }
}
