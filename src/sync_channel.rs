//! The channel behind the `Send + Sync` sending handles
//! ([`SyncWebSocketSender`](crate::SyncWebSocketSender) and
//! [`SyncReconnectingSender`](crate::reconnect::SyncReconnectingSender)).
//!
//! Browser objects live on one thread and cannot be `Send`, so such a handle
//! holds no browser object at all: it is the sending end of a channel, and a
//! task on the socket's own thread ([`task`]) takes the requests from the
//! channel and carries them out with an ordinary handle. The answer travels
//! back on a one-shot channel, and a request dropped unanswered answers by
//! itself ([`Unanswered`]), so nothing is dropped without the caller being
//! able to know.

mod task;
mod waiting;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_channel::{mpsc, oneshot};
use futures_core::FusedFuture;

pub(crate) use self::waiting::WaitingBound;
use crate::close::{validate_close_reason, CloseCode, IntoCloseCode};
use crate::error::{Error, Result};
use crate::message::Message;

/// What a handle asks of the task.
pub(crate) enum Request<T: Answer> {
    /// Send, waiting for room (`send`) or not (`try_send`).
    Send(Unanswered<T>, Wait),
    Close(CloseCode, String),
}

/// Whether a send through the channel waits for room, as `send` does, or
/// is decided at once, as `try_send` is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Wait {
    ForRoom,
    No,
}

/// The answer of a send, and what stands in for it when the task cannot
/// give one.
pub(crate) trait Answer: Send + Sized + 'static {
    /// The task is gone with `message` unsent (it ended, or the socket's
    /// thread tore it down): the answer hands the message back where the
    /// answer type can carry it.
    fn task_gone(message: Message) -> Self;
}

/// The side of the channel on the socket's thread: the socket, as the task
/// uses it.
pub(crate) trait Serve: 'static {
    type Answer: Answer;
    /// Where the socket stands with the send it is deciding (the oldest
    /// one the task holds).
    type Sending: Default;

    /// How many sends, and bytes, the task may hold while the oldest one
    /// waits for room.
    fn waiting_bound(&self) -> WaitingBound;
    /// Decides a send of `message` as the socket's own `send` does: ready
    /// with its answer once there was room, pending (with `cx` registered)
    /// while it waits. The task keeps `message` until the answer comes.
    fn poll_send(
        &mut self,
        sending: &mut Self::Sending,
        message: &Message,
        cx: &mut Context<'_>,
    ) -> Poll<Self::Answer>;
    /// The socket's own `try_send`.
    fn try_send(&self, message: Message) -> Self::Answer;
    /// The answer to a send that does not fit in the task's waiting line.
    fn refuse(&self, message: Message) -> Self::Answer;
    /// Starts a close (the handle checked the code and reason).
    fn close(&self, code: CloseCode, reason: &str);
    /// Whether the socket is closed (or closing) for good: nothing sent
    /// from now on will go out.
    fn is_closed(&self) -> bool;
    /// Registers `cx` to be woken when the socket may have closed.
    fn watch_close(&mut self, cx: &mut Context<'_>);
}

/// A send not answered yet: its message, and where its answer goes.
/// Dropped unanswered (the channel was closed when it was sent, or the task
/// went with it in hand), it answers [`Answer::task_gone`] with its message.
pub(crate) struct Unanswered<T: Answer> {
    inner: Option<(Message, oneshot::Sender<T>)>,
}

impl<T: Answer> Unanswered<T> {
    fn new(message: Message) -> (Self, oneshot::Receiver<T>) {
        let (reply, answer) = oneshot::channel();
        let send = Self {
            inner: Some((message, reply)),
        };
        (send, answer)
    }

    /// The message; `None` only once answered.
    pub(crate) fn message(&self) -> Option<&Message> {
        self.inner.as_ref().map(|(message, _)| message)
    }

    /// The message's size in bytes, as the queues count it.
    pub(crate) fn size(&self) -> usize {
        self.message().map_or(0, Message::len)
    }

    /// Answers with `answer`, dropping the message (the answer carries its
    /// own copy where it hands one back).
    pub(crate) fn answer(mut self, answer: T) {
        if let Some((_, reply)) = self.inner.take() {
            // The caller may have dropped the answer's future: the send
            // was carried out all the same.
            let _ = reply.send(answer);
        }
    }

    /// Answers with what `decide` makes of the message.
    pub(crate) fn answer_with(mut self, decide: impl FnOnce(Message) -> T) {
        if let Some((message, reply)) = self.inner.take() {
            let _ = reply.send(decide(message));
        }
    }
}

impl<T: Answer> Drop for Unanswered<T> {
    fn drop(&mut self) {
        if let Some((message, reply)) = self.inner.take() {
            let _ = reply.send(T::task_gone(message));
        }
    }
}

/// The handles' end of the channel, shared by both `Send + Sync` senders.
pub(crate) struct Channel<T: Answer> {
    requests: mpsc::UnboundedSender<Request<T>>,
    /// Set by the first `close` through any clone, and by the task once it
    /// sees the socket closed.
    closed: Arc<AtomicBool>,
}

impl<T: Answer> Clone for Channel<T> {
    fn clone(&self) -> Self {
        Self {
            requests: self.requests.clone(),
            closed: self.closed.clone(),
        }
    }
}

impl<T: Answer> Channel<T> {
    /// Starts the task that serves requests with `server` on this thread,
    /// until every handle is gone and every send it took is answered.
    pub(crate) fn spawn<S: Serve<Answer = T>>(server: S) -> Self {
        let (channel, task) = Self::with_task(server);
        wasm_bindgen_futures::spawn_local(task);
        channel
    }

    /// The handles' end and the task, not started yet.
    fn with_task<S: Serve<Answer = T>>(server: S) -> (Self, task::Task<S>) {
        let (requests, incoming) = mpsc::unbounded();
        let closed = Arc::new(AtomicBool::new(false));
        let task = task::Task::new(server, incoming, closed.clone());
        (Self { requests, closed }, task)
    }

    /// Sends `message` down the channel; the future resolves to the task's
    /// answer.
    pub(crate) fn send(&self, message: Message, wait: Wait) -> SyncSend<T> {
        let (send, answer) = Unanswered::new(message);
        // If the task is gone the request comes back and is dropped here,
        // which answers it with its message.
        let _ = self.requests.unbounded_send(Request::Send(send, wait));
        SyncSend {
            answer: Some(answer),
        }
    }

    /// Checks the code and reason, then asks the task to close, unless a
    /// close was asked already or the task has seen the socket closed.
    pub(crate) fn close(&self, code: impl IntoCloseCode, reason: &str) -> Result<()> {
        let code = code.into_close_code()?;
        validate_close_reason(reason)?;
        // The flag guards no other data: relaxed is enough.
        if self.closed.swap(true, Ordering::Relaxed) {
            return Err(Error::AlreadyClosed);
        }
        self.requests
            .unbounded_send(Request::Close(code, reason.to_owned()))
            .map_err(|_| Error::AlreadyClosed)
    }
}

/// The answer to one send through a `Send + Sync` handle
/// ([`SyncWebSocketSender::send`](crate::SyncWebSocketSender::send) or
/// [`SyncReconnectingSender::send`](crate::reconnect::SyncReconnectingSender::send)).
/// It is `Send` itself, so it can be awaited in an action or a task that
/// requires it, and it is fused. The message is on its way as soon as the
/// send is called; dropping this only gives up the answer. The answer is
/// ready as soon as the socket's task has decided: at once (the next turn
/// of the socket's thread) for a `try_send`, for a send that did not fit in
/// the sender's bounded line of waiting sends, and for every send after a
/// close; when there is room for a send that waits for it.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
/// let answer: wasm_websocket::SyncSend<wasm_websocket::Result<()>> = ws.sync_sender().send("hi");
/// answer.await?;
/// # Ok(())
/// # }
/// ```
#[must_use = "the answer says whether the message was sent"]
pub struct SyncSend<T> {
    /// `None` once answered.
    answer: Option<oneshot::Receiver<T>>,
}

impl<T: Answer> Future for SyncSend<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = self.get_mut();
        // Fused: there is no second answer.
        let Some(answer) = &mut this.answer else {
            return Poll::Pending;
        };
        let answer = match Pin::new(answer).poll(cx) {
            Poll::Ready(Ok(answer)) => Poll::Ready(answer),
            // Not expected: every request answers when it is dropped (see
            // `Unanswered`), so its reply is never dropped without an
            // answer. Were it ever, there would be no honest answer to give
            // (the message went with it), and this stays pending, as it
            // would behind a task that never runs again.
            Poll::Ready(Err(oneshot::Canceled)) => Poll::Pending,
            Poll::Pending => return Poll::Pending,
        };
        this.answer = None;
        answer
    }
}

// Nothing is ever pinned inside (the answer is moved out by value), so it
// is `Unpin` whatever `T` is.
impl<T> Unpin for SyncSend<T> {}

impl<T: Answer> FusedFuture for SyncSend<T> {
    fn is_terminated(&self) -> bool {
        self.answer.is_none()
    }
}

impl<T> fmt::Debug for SyncSend<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = if self.answer.is_some() {
            "waiting"
        } else {
            "done"
        };
        f.debug_struct("SyncSend").field("state", &state).finish()
    }
}
