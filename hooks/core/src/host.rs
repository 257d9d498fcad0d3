//! [`Host`]: the component's side of the task.

use wasm_websocket::reconnect::{
    ConnectionEvent, ConnectionState, ReconnectingBuilder, ReconnectingSender,
};
use wasm_websocket::{Message, Result};

/// The component's side of the task ([`run`](crate::run)): where the
/// socket's news go, in the framework's own terms (signals, a reducer,
/// state that renders again).
///
/// The task calls these on the page's thread, one at a time, and never
/// after the command channel closed.
pub trait Host {
    /// The socket options of the next start (the task puts the hook's URL
    /// in), or `None` once the component is gone: no socket starts then.
    /// A host that reads its options on every render returns the latest.
    fn template(&self) -> Option<ReconnectingBuilder>;

    /// A socket started (its sender, for the handle's
    /// [`send`](crate::send) and [`close`](crate::close)), or the last one
    /// ended (`None`).
    fn started(&self, sender: Option<ReconnectingSender>);

    /// A connection event, and the socket's state right after it: for the
    /// component's state and `on_event`. Options that no attempt could use
    /// are reported as the socket reports a URL that can never work:
    /// `AttemptFailed`, then `Stopped(InvalidRequest)`.
    fn event(&self, event: ConnectionEvent, state: ConnectionState);

    /// A message arrived, or could not be read: for the codec
    /// ([`decode`](crate::decode)), then `on_message` or `on_error`.
    fn received(&self, item: Result<Message>);
}
