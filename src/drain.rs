//! Waiting for the browser's send buffer (`bufferedAmount`) to drain.
//!
//! The browser fires no event when `bufferedAmount` goes down, so the only
//! way to wait for it is to look again later. [`DrainWait`] does that with
//! one timer at a time, starting at 0 ms (the next turn of the event loop)
//! and doubling up to 4 ms. The cap is low because a fast link empties a
//! 1 MiB buffer in a few milliseconds: a longer wait would leave the socket
//! with nothing to send for part of it (browsers clamp repeated timers to
//! 4 ms anyway). It runs only while a send or flush is actually waiting; an
//! idle socket has no timer.

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use gloo_timers::future::TimeoutFuture;

use crate::connection::Connection;
use crate::error::{Error, Result};
use crate::state::ReadyState;

const MAX_DELAY_MS: u32 = 4;

/// The timer of one waiting sender; a sender keeps one across polls.
#[derive(Default)]
pub(crate) struct DrainWait {
    timer: Option<TimeoutFuture>,
    next_delay_ms: u32,
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
                ReadyState::Open if connection.buffered_amount() <= connection.high_water_mark => {
                    self.reset();
                    return Poll::Ready(Ok(()));
                }
                ReadyState::Open => ready!(self.poll_timer(cx)),
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
        loop {
            let buffered = connection.buffered_amount();
            match connection.state() {
                _ if buffered == 0 => {
                    self.reset();
                    return Poll::Ready(Ok(()));
                }
                // Data queued before close() still goes out ahead of the
                // close frame, so a closing socket may yet drain.
                ReadyState::Closed => {
                    self.reset();
                    return Poll::Ready(Err(Error::Unsent { bytes: buffered }));
                }
                ReadyState::Connecting | ReadyState::Open | ReadyState::Closing => {
                    ready!(self.poll_timer(cx))
                }
            }
        }
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
    }
}
