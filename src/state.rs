//! [`ReadyState`] and [`BinaryType`]: the browser's enumerations, as Rust
//! enums.

/// Where a connection is in its life (the browser's `readyState`).
///
/// ```
/// use wasm_websocket::ReadyState;
///
/// assert_eq!(ReadyState::from_raw(1), ReadyState::Open);
/// assert!(ReadyState::Closing.is_closing_or_closed());
/// ```
// Exhaustive on purpose: the four states of the WebSocket standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReadyState {
    /// The handshake has not completed yet (`CONNECTING`, 0).
    Connecting,
    /// Messages can be sent and received (`OPEN`, 1).
    Open,
    /// The closing handshake has started (`CLOSING`, 2).
    Closing,
    /// The connection is closed or could not be opened (`CLOSED`, 3).
    Closed,
}

impl ReadyState {
    /// Maps the browser's numeric `readyState`. A value outside 0-3 (which no
    /// browser reports) is read as `Closed`, the state in which nothing more
    /// is attempted.
    ///
    /// ```
    /// use wasm_websocket::ReadyState;
    /// assert_eq!(ReadyState::from_raw(0), ReadyState::Connecting);
    /// assert_eq!(ReadyState::from_raw(9), ReadyState::Closed);
    /// ```
    pub fn from_raw(value: u16) -> Self {
        match value {
            0 => ReadyState::Connecting,
            1 => ReadyState::Open,
            2 => ReadyState::Closing,
            _ => ReadyState::Closed,
        }
    }

    /// Whether the connection is closing or closed: nothing more can be sent.
    ///
    /// ```
    /// assert!(!wasm_websocket::ReadyState::Open.is_closing_or_closed());
    /// ```
    pub fn is_closing_or_closed(self) -> bool {
        matches!(self, ReadyState::Closing | ReadyState::Closed)
    }
}

/// How the browser hands over binary messages (the socket's `binaryType`).
///
/// Either way the message stream yields bytes in arrival order; the choice
/// only matters for speed and for sockets shared with JavaScript code.
///
/// ```
/// use wasm_websocket::BinaryType;
/// assert_eq!(BinaryType::default(), BinaryType::ArrayBuffer);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
// Exhaustive on purpose: the standard's two binary types.
pub enum BinaryType {
    /// Binary messages arrive as `ArrayBuffer`s and are copied into a
    /// `Vec<u8>` as they arrive.
    ///
    /// The default: an `ArrayBuffer` is readable at once, while reading a
    /// `Blob` is asynchronous (a promise), which costs a round through the
    /// event loop per message and needs care to keep messages in order.
    #[default]
    ArrayBuffer,
    /// Binary messages arrive as `Blob`s, which the browser may keep out of
    /// the page's memory; each is read into bytes before it is yielded, and
    /// later messages wait for it so that nothing is reordered.
    Blob,
}

impl BinaryType {
    pub(crate) fn to_raw(self) -> web_sys::BinaryType {
        match self {
            BinaryType::ArrayBuffer => web_sys::BinaryType::Arraybuffer,
            BinaryType::Blob => web_sys::BinaryType::Blob,
        }
    }

    pub(crate) fn from_raw(raw: web_sys::BinaryType) -> Self {
        match raw {
            web_sys::BinaryType::Arraybuffer => BinaryType::ArrayBuffer,
            // "blob" and anything a future browser might add: Blob handling
            // also copes with ArrayBuffers, so it is the safe reading.
            _ => BinaryType::Blob,
        }
    }
}
