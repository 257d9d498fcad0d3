//! The channel behind the `Send + Sync` sending handles
//! ([`SyncWebSocketSender`](crate::SyncWebSocketSender) and
//! [`SyncReconnectingSender`](crate::reconnect::SyncReconnectingSender)).
//!
//! Browser objects live on one thread and cannot be `Send`, so such a handle
//! holds no browser object at all: it is the sending end of a channel, and a
//! task on the socket's own thread takes each request from the channel, in
//! order, and carries it out with an ordinary handle. The answer travels
//! back on a one-shot channel, so nothing is dropped without the caller
//! being able to know.

use std::fmt;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_channel::{mpsc, oneshot};
use futures_core::{FusedFuture, Stream};

use crate::close::CloseCode;
use crate::message::Message;

/// What a handle asks of the task.
pub(crate) enum Request<T> {
    /// Send, waiting for room (`send`) or not (`try_send`).
    Send(Message, Wait, oneshot::Sender<T>),
    Close(CloseCode, String),
}

/// Whether a send through the channel waits for room, as `send` does, or
/// is decided at once, as `try_send` is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Wait {
    ForRoom,
    No,
}

/// The answer of a send, and what stands in for it when there is none.
pub(crate) trait Answer: Sized + 'static {
    /// The task is gone (the socket's thread dropped it, which happens only
    /// when the page goes away). `message` is the message if it never left
    /// the handle.
    fn task_gone(message: Option<Message>) -> Self;
}

/// The side of the channel on the socket's thread.
pub(crate) trait Serve: 'static {
    type Answer: Answer;
    fn send(&mut self, message: Message) -> impl Future<Output = Self::Answer>;
    fn try_send(&self, message: Message) -> Self::Answer;
    fn close(&self, code: CloseCode, reason: &str);
}

/// Starts the task that serves requests with `server`, one at a time and in
/// order, until every handle is gone.
pub(crate) fn spawn<S: Serve>(mut server: S) -> mpsc::UnboundedSender<Request<S::Answer>> {
    let (requests, mut incoming) = mpsc::unbounded::<Request<S::Answer>>();
    wasm_bindgen_futures::spawn_local(async move {
        while let Some(request) = poll_fn(|cx| Pin::new(&mut incoming).poll_next(cx)).await {
            match request {
                // The caller may have dropped the answer's future; the
                // message is sent all the same.
                Request::Send(message, Wait::ForRoom, reply) => {
                    let answer = server.send(message).await;
                    let _ = reply.send(answer);
                }
                Request::Send(message, Wait::No, reply) => {
                    let _ = reply.send(server.try_send(message));
                }
                // Checked by the handle already.
                Request::Close(code, reason) => server.close(code, &reason),
            }
        }
    });
    requests
}

/// Sends `message` down the channel; the future resolves to the task's
/// answer.
pub(crate) fn request_send<T: Answer>(
    requests: &mpsc::UnboundedSender<Request<T>>,
    message: Message,
    wait: Wait,
) -> SyncSend<T> {
    let (reply, answer) = oneshot::channel();
    let state = match requests.unbounded_send(Request::Send(message, wait, reply)) {
        Ok(()) => State::Waiting(answer),
        Err(error) => match error.into_inner() {
            Request::Send(message, ..) => State::Ready(T::task_gone(Some(message))),
            Request::Close(..) => State::Ready(T::task_gone(None)),
        },
    };
    SyncSend { state }
}

/// The answer to one send through a `Send + Sync` handle
/// ([`SyncWebSocketSender::send`](crate::SyncWebSocketSender::send) or
/// [`SyncReconnectingSender::send`](crate::reconnect::SyncReconnectingSender::send)).
/// It is `Send` itself, so it can be awaited in an action or a task that
/// requires it, and it is fused. The message is on its way as soon as the
/// send is called; dropping this only gives up the answer.
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
    state: State<T>,
}

enum State<T> {
    Waiting(oneshot::Receiver<T>),
    Ready(T),
    Done,
}

impl<T: Answer> Future for SyncSend<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = self.get_mut();
        let answer = match &mut this.state {
            // The task answers every request it takes, also those still in
            // the channel when the last handle goes; no answer means the
            // task itself was dropped (the page is going away), and the
            // message with it.
            State::Waiting(answer) => match Pin::new(answer).poll(cx) {
                Poll::Ready(answer) => answer.unwrap_or_else(|_| T::task_gone(None)),
                Poll::Pending => return Poll::Pending,
            },
            State::Ready(_) => match std::mem::replace(&mut this.state, State::Done) {
                State::Ready(answer) => answer,
                _ => T::task_gone(None),
            },
            // Fused: there is no second answer.
            State::Done => return Poll::Pending,
        };
        this.state = State::Done;
        Poll::Ready(answer)
    }
}

// Nothing is ever pinned inside (the answer is moved out by value), so it
// is `Unpin` whatever `T` is.
impl<T> Unpin for SyncSend<T> {}

impl<T: Answer> FusedFuture for SyncSend<T> {
    fn is_terminated(&self) -> bool {
        matches!(self.state, State::Done)
    }
}

impl<T> fmt::Debug for SyncSend<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match self.state {
            State::Waiting(_) => "waiting",
            State::Ready(_) => "ready",
            State::Done => "done",
        };
        f.debug_struct("SyncSend").field("state", &state).finish()
    }
}
