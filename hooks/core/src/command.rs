//! [`Command`]: what a hook's handle asks of the task behind it.

/// What the hook's handle asks of the task ([`run`](crate::run)), through
/// the command channel. Closing the channel (dropping every sender, or
/// `close_channel`) is the last command: the component is gone.
///
/// ```
/// use futures::{channel::mpsc, FutureExt, StreamExt};
/// use wasm_websocket_hooks_core::Command;
///
/// let (commands, mut task) = mpsc::unbounded();
/// commands.unbounded_send(Command::Url("wss://example.com/b".into())).unwrap();
/// commands.close_channel(); // the component is gone
/// assert_eq!(task.next().now_or_never(), Some(Some(Command::Url("wss://example.com/b".into()))));
/// assert_eq!(task.next().now_or_never(), Some(None));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Command {
    /// Have a socket: start one if there is none, or start the stopped
    /// one again (after it gave up, or its policy stopped it). Nothing
    /// changes while it connects, is open or waits to retry.
    Open,
    /// Connect now: as `Open`, and also skip a backoff wait.
    Reconnect,
    /// Closed by the user (the handle closed the socket already, see
    /// [`close`](crate::close)): do not start another until `Open` or
    /// `Reconnect`, also not for a new URL.
    Close,
    /// The hook's URL changed: the socket closes (1000), and the one for
    /// this URL starts once the old socket's events have ended, that is
    /// once its connection has closed (or was given up on after a second
    /// without an answer to the close). The same URL again changes
    /// nothing.
    Url(String),
}
