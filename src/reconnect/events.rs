//! [`ConnectionEvents`]: one subscriber's stream of the
//! [`ConnectionEvent`]s a [`ReconnectingWebSocket`](super::ReconnectingWebSocket)
//! reports, in order.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use futures_core::{FusedStream, Stream};

use super::ConnectionEvent;

/// One subscriber's pending events.
#[derive(Default)]
pub(crate) struct EventQueue {
    items: VecDeque<ConnectionEvent>,
    waker: Option<Waker>,
    ended: bool,
}

// Both return the reader's waker, for the caller to wake once it holds no
// borrow.
impl EventQueue {
    pub(crate) fn push(&mut self, event: ConnectionEvent) -> Option<Waker> {
        self.items.push_back(event);
        self.waker.take()
    }

    pub(crate) fn end(&mut self) -> Option<Waker> {
        self.ended = true;
        self.waker.take()
    }
}

/// A `Stream` of [`ConnectionEvent`]s, made by
/// [`ReconnectingWebSocket::events`](super::ReconnectingWebSocket::events):
/// every event from its creation on, in order. It ends once the socket is
/// [`Closed`](super::ConnectionState::Closed), its connection's close
/// handshake is done (at most a second after the close), and the events
/// before that are read; an observer, it does not keep the socket open.
/// Events are kept until read, so a subscription nobody reads grows; drop
/// it instead.
#[must_use = "streams do nothing unless polled"]
pub struct ConnectionEvents {
    pub(crate) queue: Rc<RefCell<EventQueue>>,
}

impl Stream for ConnectionEvents {
    type Item = ConnectionEvent;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<ConnectionEvent>> {
        let mut queue = self.queue.borrow_mut();
        if let Some(event) = queue.items.pop_front() {
            return Poll::Ready(Some(event));
        }
        if queue.ended {
            return Poll::Ready(None);
        }
        queue.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

impl FusedStream for ConnectionEvents {
    fn is_terminated(&self) -> bool {
        let queue = self.queue.borrow();
        queue.ended && queue.items.is_empty()
    }
}

impl fmt::Debug for ConnectionEvents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectionEvents")
            .field("pending", &self.queue.borrow().items.len())
            .finish_non_exhaustive()
    }
}
