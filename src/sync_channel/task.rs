//! The task on the socket's thread that serves a `Send + Sync` sender's
//! channel.
//!
//! It never waits on one request before taking the next: each time it
//! runs it takes every request that arrived, answers a `try_send` at once
//! (what the socket's own `try_send` answers at that moment), carries out a
//! close at once, and puts a waiting send in the [`WaitingLine`]. Only the
//! oldest send of the line is in the socket's hands, waiting for room; the
//! later ones wait behind it, so that sends go out in the order they were
//! given. A `try_send` can therefore be decided before an older send that
//! still waits: that send had not been accepted yet.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_channel::mpsc;
use futures_core::Stream;

use super::waiting::WaitingLine;
use super::{Request, Serve, Unanswered, Wait};

/// One send the task holds: the request, and where the socket stands with
/// it (only the oldest one is in the socket's hands).
struct Held<S: Serve> {
    send: Unanswered<S::Answer>,
    sending: S::Sending,
}

/// The serving task, as a future that ends once every handle is gone and
/// every send it took is answered.
pub(crate) struct Task<S: Serve> {
    server: S,
    incoming: mpsc::UnboundedReceiver<Request<S::Answer>>,
    /// Every handle is gone: no request will come.
    handles_gone: bool,
    line: WaitingLine<Held<S>>,
    /// Shared with the handles: set once the socket is known to be closed,
    /// so that their `close` can say so without a trip to this thread.
    closed: Arc<AtomicBool>,
}

impl<S: Serve> Task<S> {
    pub(crate) fn new(
        server: S,
        incoming: mpsc::UnboundedReceiver<Request<S::Answer>>,
        closed: Arc<AtomicBool>,
    ) -> Self {
        let line = WaitingLine::new(server.waiting_bound());
        Self {
            server,
            incoming,
            handles_gone: false,
            line,
            closed,
        }
    }

    fn take(&mut self, request: Request<S::Answer>, cx: &mut Context<'_>) {
        match request {
            Request::Send(send, Wait::No) => {
                send.answer_with(|message| self.server.try_send(message))
            }
            Request::Send(send, Wait::ForRoom) => self.take_waiting(send, cx),
            Request::Close(code, reason) => {
                self.server.close(code, &reason);
                // Sends still waiting are answered now, as the socket
                // answers sends after a close.
                self.advance(cx);
            }
        }
    }

    fn take_waiting(&mut self, send: Unanswered<S::Answer>, cx: &mut Context<'_>) {
        let size = send.size();
        if !self.line.fits(size) {
            // The oldest send may have been decided since the task last
            // looked, making room.
            self.advance(cx);
        }
        let held = Held {
            send,
            sending: S::Sending::default(),
        };
        match self.line.push(size, held) {
            // Nothing ahead of it: the socket decides it now (most sends
            // go out here, without waiting at all).
            Ok(()) if self.line.len() == 1 => self.advance(cx),
            Ok(()) => {}
            // Handed back at once rather than held without limit.
            Err(held) => held.send.answer_with(|message| self.server.refuse(message)),
        }
    }

    /// Lets the socket decide the oldest sends, in order, until one has to
    /// wait (its wake-up is registered with `cx`).
    fn advance(&mut self, cx: &mut Context<'_>) {
        if self.server.is_closed() {
            // The flag guards no other data: relaxed is enough.
            self.closed.store(true, Ordering::Relaxed);
            // The socket answers a send after close at once, with the
            // message handed back where its answer carries one: so is
            // every send still held, oldest first, without waiting for
            // each one's own wake-up.
            while let Some(held) = self.line.pop_front() {
                held.send
                    .answer_with(|message| self.server.try_send(message));
            }
            return;
        }
        while let Some(held) = self.line.front_mut() {
            let answer = match held.send.message() {
                Some(message) => match self.server.poll_send(&mut held.sending, message, cx) {
                    Poll::Ready(answer) => Some(answer),
                    Poll::Pending => return,
                },
                // Not expected: a held send is answered only as it leaves
                // the line. It would have nothing left to decide.
                None => None,
            };
            if let (Some(held), Some(answer)) = (self.line.pop_front(), answer) {
                held.send.answer(answer);
            }
        }
    }
}

// Nothing inside is ever pinned in place (the server and the sends are
// used by reference, and a send's own future is boxed), so the task is
// `Unpin` whatever the server is.
impl<S: Serve> Unpin for Task<S> {}

impl<S: Serve> Future for Task<S> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        // Every request that arrived, in order: the channel holds no more
        // than what came since the task last ran.
        while !this.handles_gone {
            match Pin::new(&mut this.incoming).poll_next(cx) {
                Poll::Ready(Some(request)) => this.take(request, cx),
                Poll::Ready(None) => this.handles_gone = true,
                Poll::Pending => break,
            }
        }
        if !this.handles_gone {
            // A close made through another handle wakes the task, so that
            // its sends are answered and its handles learn of it.
            this.server.watch_close(cx);
        }
        this.advance(cx);
        // Sends taken before the last handle went are still answered.
        if this.handles_gone && this.line.is_empty() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;
    use std::task::Waker;

    use futures::task::noop_waker_ref;
    use futures::FutureExt;

    use super::*;
    use crate::close::CloseCode;
    use crate::error::Error;
    use crate::message::Message;
    use crate::sync_channel::{Answer, Channel, SyncSend, WaitingBound};

    /// What the fake socket answers.
    #[derive(Debug, PartialEq)]
    enum Out {
        Sent,
        /// Its `try_send` found no room.
        Full(Message),
        /// The waiting line had no room.
        Refused(Message),
        Closed(Message),
        Gone(Message),
    }

    impl Answer for Out {
        fn task_gone(message: Message) -> Self {
            Out::Gone(message)
        }
    }

    /// A socket that sends as long as it has room, then makes sends wait.
    #[derive(Default)]
    struct Socket {
        room: usize,
        closed: bool,
        sent: Vec<Message>,
        waiting: Option<Waker>,
    }

    struct Fake {
        socket: Rc<RefCell<Socket>>,
        bound: WaitingBound,
    }

    impl Serve for Fake {
        type Answer = Out;
        type Sending = ();

        fn waiting_bound(&self) -> WaitingBound {
            self.bound
        }

        fn poll_send(&mut self, _: &mut (), message: &Message, cx: &mut Context<'_>) -> Poll<Out> {
            let mut socket = self.socket.borrow_mut();
            if socket.closed {
                return Poll::Ready(Out::Closed(message.clone()));
            }
            if socket.room == 0 {
                socket.waiting = Some(cx.waker().clone());
                return Poll::Pending;
            }
            socket.room -= 1;
            socket.sent.push(message.clone());
            Poll::Ready(Out::Sent)
        }

        fn try_send(&self, message: Message) -> Out {
            let mut socket = self.socket.borrow_mut();
            if socket.closed {
                Out::Closed(message)
            } else if socket.room == 0 {
                Out::Full(message)
            } else {
                socket.room -= 1;
                socket.sent.push(message);
                Out::Sent
            }
        }

        fn refuse(&self, message: Message) -> Out {
            Out::Refused(message)
        }

        fn close(&self, _code: CloseCode, _reason: &str) {
            self.socket.borrow_mut().closed = true;
        }

        fn is_closed(&self) -> bool {
            self.socket.borrow().closed
        }

        fn watch_close(&mut self, _cx: &mut Context<'_>) {}
    }

    struct Setup {
        channel: Channel<Out>,
        task: Task<Fake>,
        socket: Rc<RefCell<Socket>>,
    }

    fn setup(count: usize, bytes: Option<usize>) -> Setup {
        let socket = Rc::new(RefCell::new(Socket::default()));
        let (channel, task) = Channel::with_task(Fake {
            socket: socket.clone(),
            bound: WaitingBound::new(count, bytes),
        });
        Setup {
            channel,
            task,
            socket,
        }
    }

    /// One turn of the task, as the executor would give it.
    fn run(task: &mut Task<Fake>) -> Poll<()> {
        Pin::new(task).poll(&mut Context::from_waker(noop_waker_ref()))
    }

    fn send(channel: &Channel<Out>, text: &str) -> SyncSend<Out> {
        channel.send(Message::text(text), Wait::ForRoom)
    }

    fn try_send(channel: &Channel<Out>, text: &str) -> SyncSend<Out> {
        channel.send(Message::text(text), Wait::No)
    }

    fn text(text: &str) -> Message {
        Message::text(text)
    }

    impl Setup {
        fn sent(&self) -> Vec<Message> {
            self.socket.borrow().sent.clone()
        }

        fn make_room(&self, room: usize) {
            self.socket.borrow_mut().room = room;
        }
    }

    #[test]
    fn a_try_send_is_answered_while_a_send_waits() {
        let mut s = setup(10, None);
        let mut waiting = send(&s.channel, "waits");
        let mut now = try_send(&s.channel, "now");
        assert_eq!(run(&mut s.task), Poll::Pending);
        assert_eq!((&mut now).now_or_never(), Some(Out::Full(text("now"))));
        assert_eq!((&mut waiting).now_or_never(), None);
        // A try_send may go before an older send that still waits: that one
        // was not sent yet.
        s.make_room(1);
        let first = try_send(&s.channel, "first");
        assert_eq!(run(&mut s.task), Poll::Pending);
        assert_eq!(first.now_or_never(), Some(Out::Sent));
        assert_eq!((&mut waiting).now_or_never(), None);
        s.make_room(1);
        assert_eq!(run(&mut s.task), Poll::Pending);
        assert_eq!(waiting.now_or_never(), Some(Out::Sent));
        assert_eq!(s.sent(), [text("first"), text("waits")]);
    }

    #[test]
    fn later_sends_wait_behind_the_oldest_and_keep_their_order() {
        let mut s = setup(10, None);
        let answers: Vec<_> = ["a", "b", "c"].map(|t| send(&s.channel, t)).into();
        assert_eq!(run(&mut s.task), Poll::Pending);
        // Room appears before the task has run again; "d" still goes last.
        s.make_room(10);
        let d = send(&s.channel, "d");
        assert_eq!(run(&mut s.task), Poll::Pending);
        for answer in answers.into_iter().chain([d]) {
            assert_eq!(answer.now_or_never(), Some(Out::Sent));
        }
        assert_eq!(s.sent(), [text("a"), text("b"), text("c"), text("d")]);
    }

    #[test]
    fn with_room_every_send_goes_at_once() {
        let mut s = setup(1, Some(0));
        s.make_room(100);
        let answers: Vec<_> = (0..50).map(|n| send(&s.channel, &n.to_string())).collect();
        assert_eq!(run(&mut s.task), Poll::Pending);
        for answer in answers {
            assert_eq!(answer.now_or_never(), Some(Out::Sent));
        }
        assert_eq!(
            s.sent().len(),
            50,
            "a tight bound does not limit sends that need not wait"
        );
    }

    #[test]
    fn sends_past_the_bound_are_handed_back_at_once() {
        let mut s = setup(3, Some(10));
        let held: Vec<_> = ["1111", "2222", "33"].map(|t| send(&s.channel, t)).into();
        let over_bytes = send(&s.channel, "4");
        assert_eq!(run(&mut s.task), Poll::Pending);
        assert_eq!(over_bytes.now_or_never(), Some(Out::Refused(text("4"))));
        // Room for one: the oldest goes, and its place is free again.
        s.make_room(1);
        let fits_again = send(&s.channel, "55");
        let over_count = send(&s.channel, "");
        assert_eq!(run(&mut s.task), Poll::Pending);
        assert_eq!(over_count.now_or_never(), Some(Out::Refused(text(""))));
        s.make_room(10);
        assert_eq!(run(&mut s.task), Poll::Pending);
        for answer in held.into_iter().chain([fits_again]) {
            assert_eq!(answer.now_or_never(), Some(Out::Sent));
        }
        assert_eq!(
            s.sent(),
            [text("1111"), text("2222"), text("33"), text("55")]
        );
    }

    #[test]
    fn a_close_answers_every_waiting_send_at_once_oldest_first() {
        let mut s = setup(10, None);
        let a = send(&s.channel, "a");
        let b = send(&s.channel, "b");
        assert_eq!(run(&mut s.task), Poll::Pending);
        assert_eq!(s.channel.close(CloseCode::NORMAL, ""), Ok(()));
        // Known here already, without a trip to the task.
        assert_eq!(
            s.channel.clone().close(4000, "again"),
            Err(Error::AlreadyClosed)
        );
        let late = send(&s.channel, "late");
        assert_eq!(run(&mut s.task), Poll::Pending);
        assert_eq!(a.now_or_never(), Some(Out::Closed(text("a"))));
        assert_eq!(b.now_or_never(), Some(Out::Closed(text("b"))));
        assert_eq!(late.now_or_never(), Some(Out::Closed(text("late"))));
        assert!(s.sent().is_empty());
    }

    #[test]
    fn an_invalid_close_is_no_close() {
        let s = setup(10, None);
        assert_eq!(
            s.channel.close(1001, ""),
            Err(Error::InvalidCloseCode(1001))
        );
        assert_eq!(s.channel.close(CloseCode::NORMAL, ""), Ok(()));
    }

    #[test]
    fn the_handles_learn_of_a_close_made_elsewhere_once_the_task_has_run() {
        let mut s = setup(10, None);
        let waiting = send(&s.channel, "waits");
        assert_eq!(run(&mut s.task), Poll::Pending);
        s.socket.borrow_mut().closed = true;
        assert_eq!(run(&mut s.task), Poll::Pending);
        assert_eq!(waiting.now_or_never(), Some(Out::Closed(text("waits"))));
        assert_eq!(
            s.channel.close(CloseCode::NORMAL, ""),
            Err(Error::AlreadyClosed)
        );
    }

    #[test]
    fn sends_taken_before_the_last_handle_went_are_still_answered() {
        let mut s = setup(10, None);
        let waiting = send(&s.channel, "waits");
        let unread = send(&s.channel, "unread");
        drop(s.channel);
        // The answer's future may go too: the message is sent all the same.
        drop(unread);
        assert_eq!(run(&mut s.task), Poll::Pending);
        s.socket.borrow_mut().room = 2;
        assert_eq!(run(&mut s.task), Poll::Ready(()));
        assert_eq!(waiting.now_or_never(), Some(Out::Sent));
        assert_eq!(s.socket.borrow().sent, [text("waits"), text("unread")]);
    }

    #[test]
    fn a_task_that_goes_hands_back_every_message_it_held() {
        let mut s = setup(10, None);
        let held: Vec<_> = ["a", "b"].map(|t| send(&s.channel, t)).into();
        assert_eq!(run(&mut s.task), Poll::Pending);
        let in_the_channel = send(&s.channel, "c");
        drop(s.task);
        let answers: Vec<_> = held
            .into_iter()
            .chain([in_the_channel])
            .map(|answer| answer.now_or_never())
            .collect();
        assert_eq!(
            answers,
            [
                Some(Out::Gone(text("a"))),
                Some(Out::Gone(text("b"))),
                Some(Out::Gone(text("c")))
            ]
        );
        // And a send after it went.
        assert_eq!(
            send(&s.channel, "d").now_or_never(),
            Some(Out::Gone(text("d")))
        );
        assert_eq!(
            s.channel.close(CloseCode::NORMAL, ""),
            Err(Error::AlreadyClosed)
        );
    }

    #[test]
    fn the_answer_is_fused() {
        use futures_core::FusedFuture;

        let mut s = setup(10, None);
        s.make_room(1);
        let mut answer = send(&s.channel, "once");
        assert!(!answer.is_terminated());
        assert_eq!(run(&mut s.task), Poll::Pending);
        assert_eq!((&mut answer).now_or_never(), Some(Out::Sent));
        assert!(answer.is_terminated());
        assert_eq!((&mut answer).now_or_never(), None);
        assert_eq!(format!("{answer:?}"), r#"SyncSend { state: "done" }"#);
    }
}
