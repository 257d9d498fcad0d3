//! [`Status`]: what the observers of a connection ([`Closed`](crate::Closed),
//! [`Drained`](crate::Drained)) watch, kept apart from the connection so
//! that watching it does not keep the connection open.
//!
//! The handles own the [`Connection`](super::Connection); the connection
//! and every observer share one `Status`: the close event once it came, the
//! tasks waiting for it, and a gauge of the bytes still to send. When the
//! last handle is dropped the connection closes, and whatever still holds
//! the status goes on hearing about it: the backend leaves a watch on the
//! close behind, which writes the real close event here.

use std::cell::RefCell;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use crate::close::CloseEvent;
use crate::events::EventListener;

pub(crate) struct Status {
    closed: RefCell<Option<CloseEvent>>,
    /// The classic socket's close listener left behind for the observers
    /// when the connection went (removed when they go).
    close_watch: RefCell<Option<EventListener>>,
    /// Tasks waiting for the open or the close.
    watchers: RefCell<Vec<Waker>>,
    gauge: Gauge,
}

/// Where the bytes still to send are counted.
pub(super) enum Gauge {
    /// The classic socket counts them itself (`bufferedAmount`); reading
    /// it does not keep the socket open.
    Classic(web_sys::WebSocket),
    /// A backend that counts them itself (the stream backend), behind a
    /// trait object for the reason `Io` is one.
    Other(Rc<dyn Outgoing>),
}

/// The count of bytes written and not yet taken by the browser, for a
/// backend without `bufferedAmount`.
pub(super) trait Outgoing {
    fn bytes(&self) -> u64;
    /// Registers `waker` for the next change of the count.
    fn wait(&self, waker: &Waker);
    /// Wakes what waits: the connection closed, the count will not change.
    fn wake_all(&self);
}

impl Status {
    pub(super) fn new(gauge: Gauge) -> Self {
        Self {
            closed: RefCell::default(),
            close_watch: RefCell::default(),
            watchers: RefCell::default(),
            gauge,
        }
    }

    /// Keeps `listener` (the close watch) as long as an observer holds this.
    pub(super) fn keep_close_watch(&self, listener: EventListener) {
        *self.close_watch.borrow_mut() = Some(listener);
    }

    /// The close event, if the connection has closed.
    pub(crate) fn close_event(&self) -> Option<CloseEvent> {
        self.closed.borrow().clone()
    }

    pub(crate) fn has_closed(&self) -> bool {
        self.closed.borrow().is_some()
    }

    /// Ready with the close event once the connection has closed.
    pub(crate) fn poll_closed(&self, cx: &mut Context<'_>) -> Poll<CloseEvent> {
        if let Some(event) = self.close_event() {
            return Poll::Ready(event);
        }
        self.watch(cx.waker());
        Poll::Pending
    }

    /// Registers `waker` for the open or the close.
    pub(super) fn watch(&self, waker: &Waker) {
        let mut watchers = self.watchers.borrow_mut();
        if !watchers.iter().any(|w| w.will_wake(waker)) {
            watchers.push(waker.clone());
        }
    }

    /// Wakes the tasks waiting for the open or the close. They are taken
    /// out first: an executor may poll a woken task at once, and that poll
    /// registers again.
    pub(super) fn wake_watchers(&self) {
        let watchers = std::mem::take(&mut *self.watchers.borrow_mut());
        watchers.into_iter().for_each(Waker::wake);
    }

    /// The connection closed. The first close is the truth: a second one
    /// could only be dispatched by a script (or follow an `error` that was
    /// read as the close).
    pub(super) fn on_close(&self, event: CloseEvent) {
        {
            let mut closed = self.closed.borrow_mut();
            if closed.is_none() {
                *closed = Some(event);
            }
        }
        self.wake_watchers();
        if let Gauge::Other(outgoing) = &self.gauge {
            outgoing.wake_all();
        }
    }

    /// Bytes sent but not yet handed to the network.
    pub(crate) fn buffered_amount(&self) -> u64 {
        match &self.gauge {
            Gauge::Classic(raw) => u64::from(raw.buffered_amount()),
            Gauge::Other(outgoing) => outgoing.bytes(),
        }
    }

    /// Registers `waker` for a drop in the buffered amount (or the close)
    /// and says so, if the backend has an event for it; the classic socket
    /// has none (`false`: the caller looks again on a timer).
    pub(crate) fn wait_for_buffer(&self, waker: &Waker) -> bool {
        match &self.gauge {
            Gauge::Classic(_) => false,
            Gauge::Other(outgoing) => {
                outgoing.wait(waker);
                true
            }
        }
    }
}
