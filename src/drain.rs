//! Waiting for the browser's send buffer (`bufferedAmount`) to drain.
//!
//! A sender that has had to wait for the buffer to fall below the high-water
//! mark waits until it is down to half the mark ([`may_send`]). Without that,
//! a sender faster than the network would wait, and set a timer, for every
//! message once the buffer is full; with it, one wait lets several messages
//! through, and the buffer still never holds more than the mark plus one
//! message.
//!
//! The browser fires no event when `bufferedAmount` goes down, so the only
//! way to wait for it is to look again later. [`DrainWait`] does that with
//! one timer at a time, starting at 0 ms (the next turn of the event loop)
//! and doubling up to 4 ms. The cap is low because a fast link empties a
//! few MiB in a few milliseconds: a longer wait would leave the socket with
//! nothing to send for part of it (browsers clamp repeated timers to 4 ms
//! anyway, and the default mark is sized for that). It runs only while a
//! send or flush is actually waiting; an idle socket has no timer.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{ready, Context, Poll, Waker};

use futures_core::FusedFuture;
use gloo_timers::future::TimeoutFuture;

use crate::connection::{Connection, Status};
use crate::error::{Error, Result};
use crate::state::ReadyState;

const MAX_DELAY_MS: u32 = 4;

/// What a drain watches: the bytes still to send, and whether the
/// connection has closed. The handles drain through the connection; a
/// [`Drained`] made from them through its status, which it shares
/// without keeping the connection open.
pub(crate) trait SendBuffer {
    /// Bytes sent but not yet handed to the network.
    fn buffered_amount(&self) -> u64;
    /// Whether the connection has closed: nothing more leaves.
    fn has_closed(&self) -> bool;
    /// Registers `waker` for a drop in the buffered amount, if the backend
    /// has an event for it (`false`: look again on a timer).
    fn wait_for_buffer(&self, waker: &Waker) -> bool;
}

impl SendBuffer for Connection {
    fn buffered_amount(&self) -> u64 {
        Connection::buffered_amount(self)
    }

    fn has_closed(&self) -> bool {
        self.state() == ReadyState::Closed
    }

    fn wait_for_buffer(&self, waker: &Waker) -> bool {
        Connection::wait_for_buffer(self, waker)
    }
}

/// After the last handle is dropped, the status still reads the buffer
/// (the classic socket's `bufferedAmount`, the stream backend's count)
/// and hears of the close: a drain then ends as it would have with the
/// handle, once the buffer is empty or the connection has closed.
impl SendBuffer for Status {
    fn buffered_amount(&self) -> u64 {
        Status::buffered_amount(self)
    }

    fn has_closed(&self) -> bool {
        Status::has_closed(self)
    }

    fn wait_for_buffer(&self, waker: &Waker) -> bool {
        Status::wait_for_buffer(self, waker)
    }
}

/// The timer of one waiting sender; a sender keeps one across polls.
#[derive(Default)]
pub(crate) struct DrainWait {
    timer: Option<TimeoutFuture>,
    next_delay_ms: u32,
    /// Set while waiting for the buffer to drain: the sender then goes on
    /// only at half the mark.
    throttled: bool,
}

/// Whether a sender may hand over its next message with `buffered` bytes in
/// the browser's buffer: at or below `mark`, or, once it has had to wait
/// (`throttled`), at or below half of it.
pub(crate) fn may_send(buffered: u64, mark: u64, throttled: bool) -> bool {
    let limit = if throttled { mark / 2 } else { mark };
    buffered <= limit
}

impl DrainWait {
    /// Ready once the socket can take more: open and `bufferedAmount` at or
    /// below the high-water mark. Waits while connecting.
    pub(crate) fn poll_ready(
        &mut self,
        connection: &Connection,
        cx: &mut Context<'_>,
    ) -> Poll<Result<()>> {
        loop {
            match connection.state() {
                ReadyState::Connecting => {
                    self.reset();
                    ready!(connection.poll_open(cx))?;
                }
                ReadyState::Open => {
                    let buffered = connection.buffered_amount();
                    if may_send(buffered, connection.high_water_mark, self.throttled) {
                        self.reset();
                        return Poll::Ready(Ok(()));
                    }
                    self.throttled = true;
                    ready!(self.poll_wait(connection, cx))
                }
                ReadyState::Closing | ReadyState::Closed => {
                    self.reset();
                    return Poll::Ready(Err(Error::AlreadyClosed));
                }
            }
        }
    }

    /// Ready once everything sent has been handed to the network
    /// (`bufferedAmount` is 0). If the connection is closed before that, the bytes
    /// still buffered were never sent: that is an [`Error::Unsent`].
    pub(crate) fn poll_drained(
        &mut self,
        connection: &Connection,
        cx: &mut Context<'_>,
    ) -> Poll<Result<()>> {
        self.poll_drained_of(connection, cx)
    }

    /// [`poll_drained`](Self::poll_drained), for whatever counts the
    /// bytes: a connection, or the status an observer shares with it.
    pub(crate) fn poll_drained_of(
        &mut self,
        buffer: &(impl SendBuffer + ?Sized),
        cx: &mut Context<'_>,
    ) -> Poll<Result<()>> {
        loop {
            let buffered = buffer.buffered_amount();
            if buffered == 0 {
                self.reset();
                return Poll::Ready(Ok(()));
            }
            // Data queued before close() still goes out ahead of the close
            // frame, so a closing socket may yet drain; a closed one will
            // not.
            if buffer.has_closed() {
                self.reset();
                return Poll::Ready(Err(Error::Unsent { bytes: buffered }));
            }
            ready!(self.poll_wait(buffer, cx))
        }
    }

    /// Waits for the buffered amount to change: on the stream backend for
    /// its event (a chunk taken, or the end), after which the caller looks
    /// again; on the classic socket, which has no such event, a timer.
    fn poll_wait(&mut self, buffer: &(impl SendBuffer + ?Sized), cx: &mut Context<'_>) -> Poll<()> {
        if buffer.wait_for_buffer(cx.waker()) {
            // Registered first, then looked at: a chunk taken in between
            // is not missed.
            let before = buffer.buffered_amount();
            return if before == 0 || buffer.has_closed() {
                Poll::Ready(())
            } else {
                Poll::Pending
            };
        }
        self.poll_timer(cx)
    }

    fn poll_timer(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let timer = self.timer.get_or_insert_with(|| {
            let delay = self.next_delay_ms;
            self.next_delay_ms = (delay * 2).clamp(1, MAX_DELAY_MS);
            TimeoutFuture::new(delay)
        });
        ready!(Pin::new(timer).poll(cx));
        self.timer = None;
        Poll::Ready(())
    }

    fn reset(&mut self) {
        self.timer = None;
        self.next_delay_ms = 0;
        self.throttled = false;
    }
}

/// Resolves once everything sent has left the browser for the network,
/// or fails with [`Error::Unsent`] if some of it never will. Made by
/// `drained()` on [`WebSocket`](crate::WebSocket) and its sending half
/// (`bufferedAmount` reaches 0; it fails if the connection closed first),
/// and on the reconnecting handles (the offline queue is empty and the open
/// socket's buffer too; it fails if messages are left when no connection
/// will take them).
///
/// Like [`Closed`](crate::Closed), it owns what it watches, so it can be
/// moved into a task, and it is fused. Made from a one-connection handle,
/// it observes the connection without keeping it open: once every handle
/// is dropped the connection closes (code 1000) at once, and a pending
/// `Drained` then resolves to `Ok(())` if the browser's buffer emptied
/// before the close (what was handed over still goes out ahead of the
/// close frame), or to [`Error::Unsent`] with the bytes that never left.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// let mut ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
/// ws.send(vec![0u8; 1 << 20]).await?;
/// let drained: wasm_websocket::Drained = ws.drained();
/// drained.await?;
/// assert_eq!(ws.buffered_amount(), 0);
/// # Ok(())
/// # }
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct Drained {
    /// `None` once the answer has been returned.
    target: Option<Target>,
    wait: DrainWait,
}

enum Target {
    /// A one-connection socket, observed through its status.
    Socket(Rc<Status>),
    /// A socket of a layer above (the reconnecting socket), which says
    /// itself where its drain stands.
    Other(Rc<dyn DrainSource>),
}

/// What a [`Drained`] of a socket that is more than one connection watches
/// (the reconnecting socket implements it): defined here so that this
/// layer knows nothing of the ones above it.
pub(crate) trait DrainSource {
    /// Ready once everything sent has left for the network, or with
    /// [`Error::Unsent`] once some of it never will; `wait` is the
    /// future's own wait for a connection's buffer.
    fn poll_drained(&self, wait: &mut DrainWait, cx: &mut Context<'_>) -> Poll<Result<()>>;
}

impl Drained {
    pub(crate) fn new(status: Rc<Status>) -> Self {
        Self {
            target: Some(Target::Socket(status)),
            wait: DrainWait::default(),
        }
    }

    pub(crate) fn of(source: Rc<dyn DrainSource>) -> Self {
        Self {
            target: Some(Target::Other(source)),
            wait: DrainWait::default(),
        }
    }
}

impl Future for Drained {
    type Output = Result<()>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
        let this = self.get_mut();
        let drained = match &this.target {
            None => return Poll::Pending,
            Some(Target::Socket(status)) => ready!(this.wait.poll_drained_of(&**status, cx)),
            Some(Target::Other(source)) => ready!(source.poll_drained(&mut this.wait, cx)),
        };
        this.target = None;
        Poll::Ready(drained)
    }
}

impl FusedFuture for Drained {
    fn is_terminated(&self) -> bool {
        self.target.is_none()
    }
}

impl fmt::Debug for Drained {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Drained")
            .field("terminated", &self.is_terminated())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::may_send;

    const MARK: u64 = 1 << 20;

    #[test]
    fn a_sender_that_never_waited_goes_up_to_the_mark() {
        assert!(may_send(0, MARK, false));
        assert!(may_send(MARK, MARK, false));
        assert!(!may_send(MARK + 1, MARK, false));
    }

    #[test]
    fn a_sender_that_waited_goes_on_at_half_the_mark() {
        assert!(!may_send(MARK, MARK, true));
        assert!(!may_send(MARK / 2 + 1, MARK, true));
        assert!(may_send(MARK / 2, MARK, true));
        assert!(may_send(0, MARK, true));
    }

    #[test]
    fn the_extreme_marks_keep_their_meaning() {
        // u64::MAX: never wait. 0: one message at a time, either way.
        assert!(may_send(u64::MAX - 1, u64::MAX, false));
        assert!(may_send(0, 0, false) && may_send(0, 0, true));
        assert!(!may_send(1, 0, false) && !may_send(1, 0, true));
    }
}
