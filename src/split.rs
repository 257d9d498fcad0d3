//! The two halves of a [`WebSocket`]: [`WebSocketSender`] (a `Sink`) and
//! [`WebSocketReceiver`] (a `Stream`), for sending and receiving from
//! different tasks.
//!
//! Both halves share one connection; it closes when both are dropped, or
//! when either calls `close`.

use std::fmt;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use futures_core::{FusedStream, Stream};
use futures_sink::Sink;
use web_sys::Blob;

use crate::close::{CloseCode, CloseEvent, IntoCloseCode};
use crate::connection::Connection;
use crate::drain::DrainWait;
use crate::error::{Error, Result};
use crate::message::Message;
use crate::socket::WebSocket;
use crate::state::ReadyState;

/// The sending half of a [`WebSocket`], made by [`WebSocket::split`].
///
/// A `Sink` of anything that converts into a [`Message`]; sending waits
/// while more than the high-water mark is buffered in the browser.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// use futures::{SinkExt, StreamExt};
/// use wasm_websocket::WebSocket;
///
/// let (mut tx, mut rx) = WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
/// tx.send("ping").await?;
/// assert_eq!(rx.next().await.transpose()?, Some("ping".into()));
/// # Ok(())
/// # }
/// ```
#[must_use = "dropping both halves closes the connection"]
pub struct WebSocketSender {
    pub(crate) connection: Rc<Connection>,
    pub(crate) drain: DrainWait,
}

/// The receiving half of a [`WebSocket`], made by [`WebSocket::split`].
///
/// A `Stream` of messages in arrival order. It ends with `None` after a clean
/// close, and with one `Err` and then `None` after an abnormal one.
#[must_use = "streams do nothing unless polled"]
pub struct WebSocketReceiver {
    pub(crate) connection: Rc<Connection>,
}

impl WebSocketSender {
    /// Sends a message once the browser's buffer is below the high-water
    /// mark (waiting while the socket connects). Resolves when the browser
    /// has taken the message, not when it reached the network: see
    /// [`flush`](Self::flush).
    ///
    /// Fails with [`Error::AlreadyClosed`] once the socket is closing.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let (mut tx, mut rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
    /// tx.send("ping").await?;
    /// assert_eq!(futures::StreamExt::next(&mut rx).await, Some(Ok("ping".into())));
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send(&mut self, message: impl Into<Message>) -> Result<()> {
        let message = message.into();
        poll_fn(|cx| self.drain.poll_ready(&self.connection, cx)).await?;
        self.connection.send_message(&message)
    }

    /// Sends a message now, without waiting for the buffer to drain.
    /// Fails with [`Error::NotYetOpen`] while connecting and
    /// [`Error::AlreadyClosed`] once closing: never a silent discard.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let (mut tx, mut rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
    /// tx.try_send(vec![1u8, 2])?;
    /// rx.close()?;
    /// assert_eq!(tx.try_send("x"), Err(wasm_websocket::Error::AlreadyClosed));
    /// # Ok(())
    /// # }
    /// ```
    pub fn try_send(&self, message: impl Into<Message>) -> Result<()> {
        self.connection.send_message(&message.into())
    }

    /// Sends a `Blob` as one binary message, as the browser sends it (the
    /// bytes never pass through wasm memory).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let (mut tx, mut rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
    /// tx.send_blob(&web_sys::Blob::new().expect("a blob"))?;
    /// # drop(rx);
    /// # Ok(())
    /// # }
    /// ```
    pub fn send_blob(&self, blob: &Blob) -> Result<()> {
        self.connection.send_blob(blob)
    }

    /// Sends an `ArrayBuffer` as one binary message.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let (mut tx, mut rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
    /// tx.send_array_buffer(&js_sys::ArrayBuffer::new(4))?;
    /// # drop(rx);
    /// # Ok(())
    /// # }
    /// ```
    pub fn send_array_buffer(&self, buffer: &js_sys::ArrayBuffer) -> Result<()> {
        self.connection.send_array_buffer(buffer)
    }

    /// Sends the bytes a `Uint8Array` views as one binary message. A view of
    /// shared memory is copied first (the browser refuses those).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let (mut tx, mut rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
    /// tx.send_uint8_array(&js_sys::Uint8Array::from(&b"bytes"[..]))?;
    /// # drop(rx);
    /// # Ok(())
    /// # }
    /// ```
    pub fn send_uint8_array(&self, array: &js_sys::Uint8Array) -> Result<()> {
        self.connection.send_uint8_array(array)
    }

    /// Resolves once everything sent has been handed to the network
    /// (`bufferedAmount` is 0); fails with [`Error::Unsent`] if the
    /// connection closed before that.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let (mut tx, mut rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
    /// tx.send(vec![0u8; 1 << 20]).await?;
    /// tx.flush().await?;
    /// assert_eq!(tx.buffered_amount(), 0);
    /// # drop(rx);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn flush(&mut self) -> Result<()> {
        poll_fn(|cx| self.drain.poll_drained(&self.connection, cx)).await
    }

    /// Bytes sent but not yet handed to the network (`bufferedAmount`).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let (mut tx, mut rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
    /// assert_eq!(tx.buffered_amount(), 0);
    /// # drop(rx);
    /// # Ok(())
    /// # }
    /// ```
    pub fn buffered_amount(&self) -> u64 {
        self.connection.buffered_amount()
    }

    /// Starts a normal close; see [`WebSocket::close`].
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let (mut tx, mut rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
    /// tx.close()?;
    /// assert_eq!(rx.closed().await.code, 1000);
    /// # Ok(())
    /// # }
    /// ```
    pub fn close(&self) -> Result<()> {
        self.connection.close(CloseCode::NORMAL, "")
    }

    /// Starts a close with a checked code and reason; see
    /// [`WebSocket::close_with`].
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let (mut tx, mut rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
    /// tx.close_with(4000, "bye")?;
    /// assert_eq!(rx.closed().await.reason, "bye");
    /// # Ok(())
    /// # }
    /// ```
    pub fn close_with(&self, code: impl IntoCloseCode, reason: &str) -> Result<()> {
        self.connection.close(code, reason)
    }

    /// Resolves to the close event; see [`WebSocket::closed`].
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let (mut tx, mut rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
    /// rx.close()?;
    /// assert!(tx.closed().await.was_clean);
    /// # Ok(())
    /// # }
    /// ```
    pub fn closed(&self) -> Closed<'_> {
        Closed {
            connection: &self.connection,
        }
    }

    /// The connection's state; see [`WebSocket::state`].
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let (mut tx, mut rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
    /// assert_eq!(tx.state(), wasm_websocket::ReadyState::Open);
    /// # drop(rx);
    /// # Ok(())
    /// # }
    /// ```
    pub fn state(&self) -> ReadyState {
        self.connection.state()
    }

    /// The browser's socket; see [`WebSocket::as_raw`].
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let (mut tx, mut rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
    /// assert_eq!(tx.as_raw().url(), "ws://127.0.0.1:8787/echo");
    /// # drop(rx);
    /// # Ok(())
    /// # }
    /// ```
    pub fn as_raw(&self) -> &web_sys::WebSocket {
        self.connection.raw()
    }

    /// Puts the halves back together; fails, returning both, if they come
    /// from different sockets.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let (tx, rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
    /// let ws = tx.reunite(rx).expect("halves of one socket");
    /// assert!(ws.state() == wasm_websocket::ReadyState::Open);
    /// # Ok(())
    /// # }
    /// ```
    pub fn reunite(
        self,
        receiver: WebSocketReceiver,
    ) -> std::result::Result<WebSocket, ReuniteError> {
        if Rc::ptr_eq(&self.connection, &receiver.connection) {
            Ok(WebSocket::from_halves(self, receiver))
        } else {
            Err(ReuniteError {
                sender: self,
                receiver,
            })
        }
    }
}

impl WebSocketReceiver {
    /// Starts a normal close; see [`WebSocket::close`].
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let (mut tx, mut rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
    /// rx.close()?;
    /// assert_eq!(tx.send("x").await, Err(wasm_websocket::Error::AlreadyClosed));
    /// # Ok(())
    /// # }
    /// ```
    pub fn close(&self) -> Result<()> {
        self.connection.close(CloseCode::NORMAL, "")
    }

    /// Starts a close with a checked code and reason; see
    /// [`WebSocket::close_with`].
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let (mut tx, mut rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
    /// rx.close_with(4001, "done")?;
    /// assert_eq!(tx.closed().await.code, 4001);
    /// # Ok(())
    /// # }
    /// ```
    pub fn close_with(&self, code: impl IntoCloseCode, reason: &str) -> Result<()> {
        self.connection.close(code, reason)
    }

    /// Resolves to the close event; see [`WebSocket::closed`].
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let (mut tx, mut rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
    /// tx.close()?;
    /// assert!(rx.closed().await.was_clean);
    /// # Ok(())
    /// # }
    /// ```
    pub fn closed(&self) -> Closed<'_> {
        Closed {
            connection: &self.connection,
        }
    }

    /// The connection's state; see [`WebSocket::state`].
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let (mut tx, mut rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
    /// assert_eq!(rx.state(), wasm_websocket::ReadyState::Open);
    /// # drop(tx);
    /// # Ok(())
    /// # }
    /// ```
    pub fn state(&self) -> ReadyState {
        self.connection.state()
    }

    /// The browser's socket; see [`WebSocket::as_raw`].
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let (mut tx, mut rx) = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
    /// assert_eq!(rx.as_raw().protocol(), "");
    /// # drop(tx);
    /// # Ok(())
    /// # }
    /// ```
    pub fn as_raw(&self) -> &web_sys::WebSocket {
        self.connection.raw()
    }
}

impl<M: Into<Message>> Sink<M> for WebSocketSender {
    type Error = Error;

    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
        let this = self.get_mut();
        this.drain.poll_ready(&this.connection, cx)
    }

    fn start_send(self: Pin<&mut Self>, message: M) -> Result<()> {
        self.connection.send_message(&message.into())
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
        let this = self.get_mut();
        this.drain.poll_drained(&this.connection, cx)
    }

    /// Starts a normal close (code 1000) unless closing already, and resolves
    /// when the connection has closed; fails with [`Error::Unsent`] if bytes
    /// were still buffered then.
    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<()>> {
        let this = self.get_mut();
        if !this.connection.state().is_closing_or_closed() {
            this.connection.close(CloseCode::NORMAL, "")?;
        }
        let _event = std::task::ready!(this.connection.poll_closed(cx));
        // Closed now: this reports what stayed in the buffer, at once.
        this.drain.poll_drained(&this.connection, cx)
    }
}

impl Stream for WebSocketReceiver {
    type Item = Result<Message>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.connection.poll_next_message(cx)
    }
}

impl FusedStream for WebSocketReceiver {
    fn is_terminated(&self) -> bool {
        self.connection.is_stream_finished()
    }
}

/// Resolves to the [`CloseEvent`] once the connection has closed, however it
/// closed. Made by [`WebSocket::closed`] and the halves' `closed`.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/close?code=4000").await?;
/// let closed: wasm_websocket::Closed<'_> = ws.closed();
/// assert_eq!(closed.await.code, 4000);
/// # Ok(())
/// # }
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct Closed<'a> {
    pub(crate) connection: &'a Connection,
}

impl Future for Closed<'_> {
    type Output = CloseEvent;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<CloseEvent> {
        self.connection.poll_closed(cx)
    }
}

impl fmt::Debug for Closed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Closed").finish_non_exhaustive()
    }
}

impl fmt::Debug for WebSocketSender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebSocketSender")
            .field("state", &self.state())
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for WebSocketReceiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebSocketReceiver")
            .field("state", &self.state())
            .finish_non_exhaustive()
    }
}

/// The halves given to [`WebSocketSender::reunite`] came from different
/// sockets; both are handed back.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// use wasm_websocket::WebSocket;
///
/// let (tx_a, rx_a) = WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
/// let (tx_b, rx_b) = WebSocket::connect("ws://127.0.0.1:8787/echo").await?.split();
/// let error = tx_a.reunite(rx_b).unwrap_err();
/// let (tx_a, rx_b) = (error.sender, error.receiver);
/// assert!(tx_a.reunite(rx_a).is_ok() && tx_b.reunite(rx_b).is_ok());
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct ReuniteError {
    /// The sender, as given.
    pub sender: WebSocketSender,
    /// The receiver, as given.
    pub receiver: WebSocketReceiver,
}

impl fmt::Display for ReuniteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the sender and receiver belong to different websockets")
    }
}

impl std::error::Error for ReuniteError {}
