//! [`Backend`]: which browser API carries a connection.

/// Which browser API carries a connection; see
/// [`WebSocketBuilder::with_backend`](crate::WebSocketBuilder::with_backend).
///
/// | | [`Classic`](Self::Classic) | [`Stream`](Self::Stream) |
/// |---|---|---|
/// | where | every browser, workers, Node 22+ | Chromium 124+ (window and workers) |
/// | receiving | the browser reads as fast as the network delivers, whether the page reads or not (bounded here by `max_unread`) | read from the network only as fast as the page reads: a slow reader slows the server through TCP |
/// | sending | `bufferedAmount`, re-checked on a timer while a send waits | the writable stream's own signal, no timer |
/// | `as_raw`, `from_raw`, `into_raw`, the `on_*` listeners | yes | none (no browser `WebSocket` object) |
/// | Blob mode, `try_send_blob` | yes | no: binary messages are always bytes, and a Blob must be read first |
///
/// The default is `Classic`, which every browser has and whose whole
/// surface works; choose `Stream` (or `Auto`) for receive backpressure.
///
/// ```
/// use wasm_websocket::{Backend, WebSocket};
///
/// let builder = WebSocket::builder("ws://127.0.0.1:8787/feed").with_backend(Backend::Auto);
/// assert_eq!(builder.backend(), Backend::Auto);
/// assert_eq!(Backend::default(), Backend::Classic);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Backend {
    /// The browser's `WebSocket`.
    #[default]
    Classic,
    /// `WebSocketStream`, for receive backpressure. Connecting fails with
    /// [`Error::Unsupported`](crate::Error::Unsupported) where the global
    /// scope has none (Firefox and Safari today), and with
    /// [`Error::InvalidOption`](crate::Error::InvalidOption) together with
    /// Blob mode or a custom constructor, which are the classic socket's.
    Stream,
    /// `Stream` where the global scope has `WebSocketStream` (and neither
    /// Blob mode nor a custom constructor is asked for), `Classic`
    /// otherwise.
    Auto,
}
