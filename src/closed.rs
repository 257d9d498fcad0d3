//! [`Closed`]: the future of a connection's close event.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use futures_core::FusedFuture;

use crate::close::CloseEvent;
use crate::connection::Status;

/// Resolves to the [`CloseEvent`] once the connection has closed, however
/// it closed. Made by `closed()` on [`WebSocket`](crate::WebSocket) and on
/// both halves.
///
/// It owns what it watches rather than borrowing a handle, so it can be
/// moved into a task, kept beside the message stream in `select!`, or
/// outlive the handle that made it. It observes the connection without
/// keeping it open: the handles own the connection, and once every one of
/// them is dropped the connection closes (code 1000) at once; a `Closed`
/// still waiting then resolves with the real close event when it arrives.
/// It is fused: polled again after it resolved, it stays pending and
/// [`is_terminated`](FusedFuture::is_terminated) says so.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// use futures::{select, FutureExt, StreamExt};
/// use wasm_websocket::WebSocket;
///
/// let mut ws = WebSocket::connect("ws://127.0.0.1:8787/close?code=4000&after=1").await?;
/// ws.send("one").await?;
/// let mut closed = ws.closed();
/// loop {
///     select! {
///         message = ws.next() => println!("{message:?}"),
///         close = closed => { assert_eq!(close.code, 4000); break; }
///     }
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct Closed {
    /// What it shares with the connection; `None` once the close event has
    /// been returned.
    status: Option<Rc<Status>>,
}

impl Closed {
    pub(crate) fn new(status: Rc<Status>) -> Self {
        Self {
            status: Some(status),
        }
    }
}

impl Future for Closed {
    type Output = CloseEvent;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<CloseEvent> {
        let this = self.get_mut();
        let Some(status) = &this.status else {
            // Fused: the event was handed out already.
            return Poll::Pending;
        };
        let event = std::task::ready!(status.poll_closed(cx));
        this.status = None;
        Poll::Ready(event)
    }
}

impl FusedFuture for Closed {
    fn is_terminated(&self) -> bool {
        self.status.is_none()
    }
}

impl fmt::Debug for Closed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Closed")
            .field("terminated", &self.is_terminated())
            .finish()
    }
}
