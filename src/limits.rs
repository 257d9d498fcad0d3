//! [`ReceiveLimits`]: how much a connection may receive before it is closed,
//! so that a server (or a reader that stopped reading) cannot make the page
//! hold unbounded memory.

use crate::inbox::ReadBlob;

/// The default [`max_message_size`](crate::WebSocketBuilder::with_max_message_size):
/// 64 MiB, as tungstenite's.
pub const DEFAULT_MAX_MESSAGE_SIZE: usize = 64 << 20;

/// The default [`max_unread`](crate::WebSocketBuilder::with_max_unread):
/// 128 MiB, room for two of the largest messages.
pub const DEFAULT_MAX_UNREAD: usize = 128 << 20;

/// How one connection receives: its limits, and whether it reads Blobs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ReceiveLimits {
    pub(crate) max_message_size: usize,
    pub(crate) max_unread: usize,
    /// How Blob messages are read into bytes, for a connection in Blob
    /// mode. Set only where Blob mode is asked for (`with_binary_type`,
    /// `set_binary_type`, `from_raw`), so that an app that never asks
    /// does not carry the reading code.
    pub(crate) read_blob: Option<ReadBlob>,
}

impl Default for ReceiveLimits {
    fn default() -> Self {
        Self {
            max_message_size: DEFAULT_MAX_MESSAGE_SIZE,
            max_unread: DEFAULT_MAX_UNREAD,
            read_blob: None,
        }
    }
}
