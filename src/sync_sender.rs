//! [`SyncWebSocketSender`]: a `Send + Sync` handle for sending on a
//! [`WebSocket`](crate::WebSocket), for frameworks whose signals, contexts
//! and actions require it.

use std::fmt;
use std::rc::Rc;

use futures_channel::mpsc;

use crate::close::{validate_close_reason, CloseCode, IntoCloseCode};
use crate::connection::Connection;
use crate::error::{Error, Result};
use crate::message::Message;
use crate::split::WebSocketSender;
use crate::sync_channel::{self, Answer, Request, Serve, SyncSend, Wait};

/// A clonable, `Send + Sync` handle for sending on a
/// [`WebSocket`](crate::WebSocket), made by `sync_sender()` on the socket or
/// its sending half.
///
/// It holds no browser object: it hands each message to a small task on the
/// socket's thread, which sends it as [`WebSocket::send`](crate::WebSocket::send)
/// does (waiting while the browser's buffer is above the high-water mark).
/// Messages go out in the order they were given to this handle and its
/// clones on one thread. Like the other handles it keeps the connection
/// alive: the socket closes once every handle, this one included, is
/// dropped.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// use wasm_websocket::{SyncWebSocketSender, WebSocket};
///
/// fn assert_send_sync<T: Send + Sync>(_: &T) {}
///
/// let ws = WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
/// let sender: SyncWebSocketSender = ws.sync_sender();
/// assert_send_sync(&sender);
/// sender.send("hello").await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct SyncWebSocketSender {
    requests: mpsc::UnboundedSender<Request<Result<()>>>,
}

impl Answer for Result<()> {
    fn task_gone(_message: Option<Message>) -> Self {
        Err(Error::AlreadyClosed)
    }
}

impl Serve for WebSocketSender {
    type Answer = Result<()>;

    fn send(&mut self, message: Message) -> impl std::future::Future<Output = Result<()>> {
        WebSocketSender::send(self, message)
    }

    fn try_send(&self, message: Message) -> Result<()> {
        WebSocketSender::try_send(self, message)
    }

    fn close(&self, code: CloseCode, reason: &str) {
        // Fails only if it is closing already, which is what was asked.
        let _ = self.close_with(code, reason);
    }
}

impl SyncWebSocketSender {
    pub(crate) fn spawn(connection: Rc<Connection>) -> Self {
        Self {
            requests: sync_channel::spawn(WebSocketSender::new(connection)),
        }
    }

    /// Sends `message` as [`WebSocket::send`](crate::WebSocket::send) does,
    /// from the socket's thread; the future resolves to its result.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// let sender = ws.sync_sender();
    /// ws.close()?;
    /// assert_eq!(sender.send("late").await, Err(wasm_websocket::Error::AlreadyClosed));
    /// # Ok(())
    /// # }
    /// ```
    pub fn send(&self, message: impl Into<Message>) -> SyncSend<Result<()>> {
        sync_channel::request_send(&self.requests, message.into(), Wait::ForRoom)
    }

    /// Sends `message` as [`WebSocket::try_send`](crate::WebSocket::try_send)
    /// does: on the socket's thread, without waiting for the browser's
    /// buffer. The answer still travels back through the channel, so it
    /// is a future too.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// ws.sync_sender().try_send("now").await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn try_send(&self, message: impl Into<Message>) -> SyncSend<Result<()>> {
        sync_channel::request_send(&self.requests, message.into(), Wait::No)
    }

    /// Starts a normal close (code 1000) from wherever this handle is (a
    /// Leptos `on_cleanup`, say). It takes effect when the socket's task
    /// runs, after the sends made through this handle before it. Fails with
    /// [`Error::AlreadyClosed`] only if that task is gone.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// ws.sync_sender().close()?;
    /// assert_eq!(ws.closed().await.code, 1000);
    /// # Ok(())
    /// # }
    /// ```
    pub fn close(&self) -> Result<()> {
        self.close_with(CloseCode::NORMAL, "")
    }

    /// Starts a close with this code and reason, checked here: the code
    /// must be 1000 or 3000-4999, the reason at most 123 UTF-8 bytes.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
    /// let sender = ws.sync_sender();
    /// assert!(sender.close_with(1001, "").is_err());
    /// sender.close_with(4000, "leaving")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn close_with(&self, code: impl IntoCloseCode, reason: &str) -> Result<()> {
        let code = code.into_close_code()?;
        validate_close_reason(reason)?;
        self.requests
            .unbounded_send(Request::Close(code, reason.to_owned()))
            .map_err(|_| Error::AlreadyClosed)
    }
}

impl fmt::Debug for SyncWebSocketSender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SyncWebSocketSender")
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn the_handle_and_its_answer_cross_threads() {
        assert_send_sync::<SyncWebSocketSender>();
        assert_send_sync::<SyncSend<Result<()>>>();
    }
}
