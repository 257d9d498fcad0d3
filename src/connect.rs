//! [`Connecting`]: the future of a connection being opened.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use gloo_timers::future::TimeoutFuture;

use crate::error::{Error, Result};
use crate::socket::WebSocket;
use crate::timer::timeout_millis;

/// Resolves to the open [`WebSocket`], or to why it could not open.
///
/// Returned by [`WebSocket::connect`] and
/// [`WebSocketBuilder::connect`](crate::WebSocketBuilder::connect).
/// Cancel-safe: dropping it before it resolves closes the half-opened socket
/// and removes every listener.
///
/// ```no_run
/// # async fn run() {
/// use wasm_websocket::{Error, WebSocket};
///
/// match WebSocket::connect("ws://127.0.0.1:9/nobody-listens").await {
///     Ok(_) => unreachable!("nothing listens there"),
///     Err(Error::ConnectFailed(close)) => assert_eq!(close.code, 1006),
///     Err(other) => panic!("unexpected: {other}"),
/// }
/// # }
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct Connecting {
    /// The socket until it opens, or the error found before it was created.
    pending: Option<Result<WebSocket>>,
    timeout: Option<(Duration, TimeoutFuture)>,
}

impl Connecting {
    pub(crate) fn new(started: Result<WebSocket>, timeout: Option<Duration>) -> Self {
        // The timer only starts for a socket that exists; a zero timeout
        // still gives the handshake one timer turn.
        let timeout = match (&started, timeout) {
            (Ok(_), Some(limit)) => Some((limit, TimeoutFuture::new(timeout_millis(limit).max(1)))),
            _ => None,
        };
        Self {
            pending: Some(started),
            timeout,
        }
    }
}

impl Future for Connecting {
    type Output = Result<WebSocket>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let opened = match &this.pending {
            // Polled again after completing: report it rather than panic.
            None => return Poll::Ready(Err(Error::AlreadyClosed)),
            Some(Err(_)) => None,
            Some(Ok(socket)) => Some(socket.connection().poll_open(cx)),
        };
        match opened {
            None | Some(Poll::Ready(_)) => {
                let result = this.pending.take().unwrap_or(Err(Error::AlreadyClosed));
                this.timeout = None;
                // An Err from poll_open drops the socket here, which also
                // removes its listeners.
                return Poll::Ready(match opened {
                    Some(Poll::Ready(Err(error))) => Err(error),
                    _ => result,
                });
            }
            Some(Poll::Pending) => {}
        }
        if let Some((limit, timer)) = &mut this.timeout {
            if Pin::new(timer).poll(cx).is_ready() {
                let limit = *limit;
                // Dropping the socket closes it and removes its listeners.
                this.pending = None;
                this.timeout = None;
                return Poll::Ready(Err(Error::ConnectTimeout(limit)));
            }
        }
        Poll::Pending
    }
}

impl std::fmt::Debug for Connecting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connecting")
            .field("timeout", &self.timeout.as_ref().map(|(limit, _)| limit))
            .finish_non_exhaustive()
    }
}
