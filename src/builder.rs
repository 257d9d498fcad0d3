//! [`WebSocketBuilder`]: the options of a new connection, checked before the
//! browser sees them.

use std::time::Duration;

use crate::backend::Backend;
use crate::connect::Connecting;
use crate::error::{Error, JsError, Result};
use crate::limits::ReceiveLimits;
use crate::socket::WebSocket;
use crate::state::BinaryType;

/// The default [`high_water_mark`](WebSocketBuilder::high_water_mark): 4 MiB.
///
/// The browser says nothing when its buffer drains, so a waiting sender looks
/// again every 4 ms at most, and goes on at half the mark; half the mark
/// must outlast that pause on a fast link, or the link runs dry while the
/// sender waits. The browsers pull in different directions here: Firefox
/// keeps a fast link busy only with a larger mark, while Chromium sends
/// best with a smaller one, so the default sits between them. The
/// measurements behind it are in the benchmark's notes,
/// [bench/README.md](https://github.com/wasm-websocket/wasm-websocket/blob/main/bench/README.md#what-this-shows-candidly).
/// A smaller mark also bounds memory, and how long a new message waits
/// behind a bulk send, more tightly.
pub const DEFAULT_HIGH_WATER_MARK: u64 = 4 * 1024 * 1024;

/// Options for a new connection; [`connect`](Self::connect) opens it.
///
/// Like every options type of the crate, each setting has a `with_` setter
/// that consumes and returns the builder, and a getter of the same name
/// without the prefix.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// use std::time::Duration;
/// use wasm_websocket::{BinaryType, WebSocket};
///
/// let ws = WebSocket::builder("ws://127.0.0.1:8787/echo")
///     .with_protocols(["chat.v2", "chat.v1"])
///     .with_connect_timeout(Duration::from_secs(5))
///     .with_binary_type(BinaryType::ArrayBuffer)
///     .connect()
///     .await?;
/// assert_eq!(ws.protocol(), "chat.v2");
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until `connect` is called"]
pub struct WebSocketBuilder {
    url: String,
    protocols: Vec<String>,
    connect_timeout: Option<Duration>,
    binary_type: BinaryType,
    high_water_mark: u64,
    limits: ReceiveLimits,
    constructor: Option<js_sys::Function>,
    backend: Backend,
    /// How to connect through the stream backend: set by `with_backend`
    /// only, so that an app that never asks for that backend does not
    /// carry its code.
    stream: Option<StreamConnect>,
}

/// Connects through the stream backend, or leaves it to the classic socket
/// (`Ok(None)`).
type StreamConnect = fn(&WebSocketBuilder) -> Result<Option<WebSocket>>;

impl WebSocketBuilder {
    /// Options for a connection to `url`: `ws:` or `wss:` (the browser also
    /// takes `http:`/`https:` and URLs relative to the page).
    ///
    /// ```
    /// let builder = wasm_websocket::WebSocketBuilder::new("wss://example.com/feed");
    /// assert_eq!(builder.url(), "wss://example.com/feed");
    /// ```
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            protocols: Vec::new(),
            connect_timeout: None,
            binary_type: BinaryType::default(),
            high_water_mark: DEFAULT_HIGH_WATER_MARK,
            limits: ReceiveLimits::default(),
            constructor: None,
            backend: Backend::Classic,
            stream: None,
        }
    }

    /// Adds one subprotocol to offer. Default: none.
    ///
    /// ```
    /// let builder = wasm_websocket::WebSocket::builder("ws://h/").with_protocol("chat.v1");
    /// assert_eq!(builder.protocols(), ["chat.v1"]);
    /// ```
    pub fn with_protocol(mut self, protocol: impl Into<String>) -> Self {
        self.protocols.push(protocol.into());
        self
    }

    /// Adds subprotocols to offer, most preferred first; the server picks one
    /// (read it with [`WebSocket::protocol`]). Each must be an HTTP token and
    /// none may repeat, else connecting fails with
    /// [`Error::InvalidProtocol`] or [`Error::DuplicateProtocol`].
    ///
    /// ```
    /// let builder = wasm_websocket::WebSocket::builder("ws://h/").with_protocols(["a", "b"]);
    /// assert_eq!(builder.protocols(), ["a", "b"]);
    /// ```
    pub fn with_protocols<I>(mut self, protocols: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.protocols.extend(protocols.into_iter().map(Into::into));
        self
    }

    /// Gives up connecting after `timeout`, closing the socket, with
    /// [`Error::ConnectTimeout`]. Default: none, the browser's own limit
    /// applies (which can be minutes for a server that accepts the TCP
    /// connection and never answers). Zero is refused when connecting
    /// ([`Error::InvalidOption`]); durations beyond what `setTimeout`
    /// honours (about 24.8 days, up to [`Duration::MAX`]) wait that long.
    ///
    /// ```
    /// # use std::time::Duration;
    /// let builder = wasm_websocket::WebSocket::builder("ws://h/")
    ///     .with_connect_timeout(Duration::from_secs(5));
    /// assert_eq!(builder.connect_timeout(), Some(Duration::from_secs(5)));
    /// ```
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How the browser hands over binary messages. Default:
    /// [`BinaryType::ArrayBuffer`]. Both yield bytes in arrival order.
    ///
    /// ```
    /// use wasm_websocket::BinaryType;
    /// let builder = wasm_websocket::WebSocket::builder("ws://h/").with_binary_type(BinaryType::Blob);
    /// assert_eq!(builder.binary_type(), BinaryType::Blob);
    /// ```
    pub fn with_binary_type(mut self, binary_type: BinaryType) -> Self {
        self.binary_type = binary_type;
        self.limits.read_blob = match binary_type {
            BinaryType::Blob => Some(crate::inbox::start_reading),
            BinaryType::ArrayBuffer => None,
        };
        self
    }

    /// Sending through the `Sink` (or [`WebSocket::send`]) waits while more
    /// than this many bytes are queued in the browser (`bufferedAmount`),
    /// and once it has had to wait, goes on when the buffer is down to half
    /// the mark, so that a fast sender waits once per half-buffer rather
    /// than once per message. Default: [`DEFAULT_HIGH_WATER_MARK`] (4 MiB).
    /// A single message larger than the mark is still sent, once the buffer
    /// has drained; `u64::MAX` turns waiting off, `0` sends one message at a
    /// time.
    ///
    /// ```
    /// let builder = wasm_websocket::WebSocket::builder("ws://h/").with_high_water_mark(64 * 1024);
    /// assert_eq!(builder.high_water_mark(), 64 * 1024);
    /// ```
    pub fn with_high_water_mark(mut self, bytes: u64) -> Self {
        self.high_water_mark = bytes;
        self
    }

    /// Changes the URL to connect to and keeps every other setting: the
    /// same options for another server, or for a URL with a fresh token in
    /// it. Default: the URL given to [`new`](Self::new).
    ///
    /// ```
    /// use wasm_websocket::{Backend, WebSocket};
    ///
    /// let builder = WebSocket::builder("ws://old.example/feed")
    ///     .with_protocols(["chat.v1"])
    ///     .with_max_message_size(1 << 20)
    ///     .with_backend(Backend::Auto)
    ///     .with_url("wss://new.example/feed");
    /// assert_eq!(builder.url(), "wss://new.example/feed");
    /// assert_eq!(builder.protocols(), ["chat.v1"]);
    /// assert_eq!(builder.max_message_size(), 1 << 20);
    /// assert_eq!(builder.backend(), Backend::Auto);
    /// ```
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = url.into();
        self
    }

    /// The URL to connect to.
    ///
    /// ```
    /// assert_eq!(wasm_websocket::WebSocket::builder("ws://h/").url(), "ws://h/");
    /// ```
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The subprotocols that will be offered, in order.
    ///
    /// ```
    /// assert!(wasm_websocket::WebSocket::builder("ws://h/").protocols().is_empty());
    /// ```
    pub fn protocols(&self) -> &[String] {
        &self.protocols
    }

    /// The connect timeout, if one is set.
    ///
    /// ```
    /// assert_eq!(wasm_websocket::WebSocket::builder("ws://h/").connect_timeout(), None);
    /// ```
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect_timeout
    }

    /// How binary messages will be handed over.
    ///
    /// ```
    /// use wasm_websocket::BinaryType;
    /// assert_eq!(wasm_websocket::WebSocket::builder("ws://h/").binary_type(), BinaryType::ArrayBuffer);
    /// ```
    pub fn binary_type(&self) -> BinaryType {
        self.binary_type
    }

    /// The high-water mark of the send buffer, in bytes.
    ///
    /// ```
    /// use wasm_websocket::{WebSocket, DEFAULT_HIGH_WATER_MARK};
    /// assert_eq!(WebSocket::builder("ws://h/").high_water_mark(), DEFAULT_HIGH_WATER_MARK);
    /// ```
    pub fn high_water_mark(&self) -> u64 {
        self.high_water_mark
    }

    /// Which browser API carries the connection. Default:
    /// [`Backend::Classic`]; see [`Backend`] for what each offers.
    ///
    /// ```
    /// use wasm_websocket::{Backend, WebSocket};
    /// let builder = WebSocket::builder("ws://h/").with_backend(Backend::Stream);
    /// assert_eq!(builder.backend(), Backend::Stream);
    /// ```
    pub fn with_backend(mut self, backend: Backend) -> Self {
        self.backend = backend;
        self.stream = match backend {
            Backend::Classic => None,
            Backend::Stream | Backend::Auto => Some(crate::connection::connect_stream),
        };
        self
    }

    /// The backend asked for.
    ///
    /// ```
    /// use wasm_websocket::{Backend, WebSocket};
    /// assert_eq!(WebSocket::builder("ws://h/").backend(), Backend::Classic);
    /// ```
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The largest message accepted, in bytes (UTF-8 bytes for text).
    /// Default: [`DEFAULT_MAX_MESSAGE_SIZE`](crate::DEFAULT_MAX_MESSAGE_SIZE) (64 MiB). A larger message is
    /// not copied into wasm memory: the connection is closed with
    /// [`CloseCode::MESSAGE_TOO_BIG`](crate::CloseCode::MESSAGE_TOO_BIG)
    /// (3009) and the message stream yields
    /// [`Error::MessageTooLarge`], then ends (a reconnecting socket then
    /// does what its policy says for that close). `0` accepts only empty
    /// messages; `usize::MAX` turns the check off.
    ///
    /// ```
    /// let builder = wasm_websocket::WebSocket::builder("ws://h/").with_max_message_size(1 << 20);
    /// assert_eq!(builder.max_message_size(), 1 << 20);
    /// ```
    pub fn with_max_message_size(mut self, bytes: usize) -> Self {
        self.limits.max_message_size = bytes;
        self
    }

    /// The largest message accepted, in bytes.
    ///
    /// ```
    /// use wasm_websocket::{WebSocket, DEFAULT_MAX_MESSAGE_SIZE};
    /// assert_eq!(WebSocket::builder("ws://h/").max_message_size(), DEFAULT_MAX_MESSAGE_SIZE);
    /// ```
    pub fn max_message_size(&self) -> usize {
        self.limits.max_message_size
    }

    /// The most bytes of received messages held for a reader that has not
    /// taken them yet. Default: [`DEFAULT_MAX_UNREAD`](crate::DEFAULT_MAX_UNREAD) (128 MiB). The
    /// browser's WebSocket cannot be paused, so a message that would take
    /// the unread bytes past this closes the connection with
    /// [`CloseCode::UNREAD_LIMIT`](crate::CloseCode::UNREAD_LIMIT) (3010):
    /// the messages before it are still read, then the stream yields
    /// [`Error::UnreadLimit`] and ends. A message always fits when nothing
    /// is unread, so `0` means one message at a time (each must be read
    /// before the next arrives), and the bytes held never exceed this plus
    /// one message. `usize::MAX` turns the check off. Only what the stream
    /// can read is held: nothing once the
    /// [`WebSocketReceiver`](crate::WebSocketReceiver) is dropped, nor
    /// while an `on_message` listener lives (see
    /// [`WebSocket::on_message`](crate::WebSocket::on_message)), so this
    /// limit is never reached then.
    ///
    /// ```
    /// let builder = wasm_websocket::WebSocket::builder("ws://h/").with_max_unread(16 << 20);
    /// assert_eq!(builder.max_unread(), 16 << 20);
    /// ```
    pub fn with_max_unread(mut self, bytes: usize) -> Self {
        self.limits.max_unread = bytes;
        self
    }

    /// The most bytes of received, unread messages held.
    ///
    /// ```
    /// use wasm_websocket::{WebSocket, DEFAULT_MAX_UNREAD};
    /// assert_eq!(WebSocket::builder("ws://h/").max_unread(), DEFAULT_MAX_UNREAD);
    /// ```
    pub fn max_unread(&self) -> usize {
        self.limits.max_unread
    }

    /// Uses `constructor` to make the socket instead of the global
    /// `WebSocket`: any constructor with the browser's `WebSocket` interface
    /// (`new C(url, protocols)`, `addEventListener`, `send`, `close`,
    /// `readyState`, `binaryType`, `bufferedAmount`, ...), such as the `ws`
    /// package's in Node before 22, or a wrapper in a test. Default: the
    /// global `WebSocket`.
    ///
    /// ```no_run
    /// use wasm_bindgen::JsCast;
    /// use wasm_websocket::WebSocket;
    ///
    /// let constructor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"WebSocket".into())
    ///     .expect("a global scope")
    ///     .unchecked_into();
    /// let builder = WebSocket::builder("ws://127.0.0.1:8787/echo").with_constructor(constructor);
    /// assert!(builder.constructor().is_some());
    /// ```
    pub fn with_constructor(mut self, constructor: js_sys::Function) -> Self {
        self.constructor = Some(constructor);
        self
    }

    /// The constructor given with [`with_constructor`](Self::with_constructor), if any.
    ///
    /// ```
    /// assert!(wasm_websocket::WebSocket::builder("ws://h/").constructor().is_none());
    /// ```
    pub fn constructor(&self) -> Option<&js_sys::Function> {
        self.constructor.as_ref()
    }

    /// Connects; the future resolves when the connection is open.
    ///
    /// Dropping the future before then abandons the attempt: the socket is
    /// closed and every listener removed.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::builder("ws://127.0.0.1:8787/echo").connect().await?;
    /// assert_eq!(ws.state(), wasm_websocket::ReadyState::Open);
    /// # Ok(())
    /// # }
    /// ```
    pub fn connect(self) -> Connecting {
        let timeout = self.connect_timeout;
        Connecting::new(self.start(), timeout)
    }

    /// Starts connecting and returns the socket at once, still
    /// [`Connecting`](crate::ReadyState::Connecting). Sends through the
    /// `Sink` wait for it to open; the message stream ends with
    /// [`Error::ConnectFailed`] if it never does. The connect timeout does
    /// not apply.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::WebSocket::builder("ws://127.0.0.1:8787/echo").start()?;
    /// assert_eq!(ws.state(), wasm_websocket::ReadyState::Connecting);
    /// # Ok(())
    /// # }
    /// ```
    pub fn start(self) -> Result<WebSocket> {
        self.validate()?;
        // A live mock server for this URL serves it in memory, whatever
        // the backend (see the `testing` module).
        #[cfg(feature = "testing")]
        if let Some(ws) = crate::testing::serve(&self)? {
            return Ok(ws);
        }
        if let Some(connect) = self.stream {
            if let Some(ws) = connect(&self)? {
                return Ok(ws);
            }
        }
        let raw = construct(&self.url, &self.protocols, self.constructor.as_ref())?;
        raw.set_binary_type(self.binary_type.to_raw());
        Ok(WebSocket::adopt(raw, self.high_water_mark, self.limits))
    }

    /// The receive limits, for the backends.
    pub(crate) fn receive_limits(&self) -> ReceiveLimits {
        self.limits
    }
}

impl WebSocketBuilder {
    /// Refuses what no connection could honour: bad subprotocols, a zero
    /// connect timeout.
    pub(crate) fn validate(&self) -> Result<()> {
        validate_protocols(&self.protocols)?;
        if self
            .connect_timeout
            .is_some_and(|timeout| timeout.is_zero())
        {
            return Err(Error::InvalidOption {
                option: "connect_timeout",
                problem: "must be more than zero: no handshake completes at once",
            });
        }
        Ok(())
    }
}

/// Calls the given constructor or the global `WebSocket`, or reports that
/// there is none.
fn construct(
    url: &str,
    protocols: &[String],
    constructor: Option<&js_sys::Function>,
) -> Result<web_sys::WebSocket> {
    crate::host::require_js_host()?;
    let list = || -> js_sys::Array {
        protocols
            .iter()
            .map(|p| wasm_bindgen::JsValue::from_str(p))
            .collect()
    };
    let created = match constructor {
        Some(constructor) => construct_with(constructor, url, list()),
        // The global constructor directly: no lookup of the global object
        // on the way (an app pays for that code only with a constructor).
        None if protocols.is_empty() => web_sys::WebSocket::new(url),
        None => web_sys::WebSocket::new_with_str_sequence(url, &list()),
    };
    created.map_err(|thrown| constructor_error(url, thrown, constructor.is_none()))
}

/// `new constructor(url, protocols)`.
fn construct_with(
    constructor: &js_sys::Function,
    url: &str,
    protocols: js_sys::Array,
) -> std::result::Result<web_sys::WebSocket, wasm_bindgen::JsValue> {
    let arguments = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(url));
    if protocols.length() > 0 {
        arguments.push(&protocols);
    }
    js_sys::Reflect::construct(constructor, &arguments)
        .map(wasm_bindgen::JsCast::unchecked_into::<web_sys::WebSocket>)
}

/// What a socket's constructor threw (`global`: the global `WebSocket`
/// was called, not one the caller gave).
pub(crate) fn constructor_error(url: &str, thrown: wasm_bindgen::JsValue, global: bool) -> Error {
    let source = JsError::from_js(&thrown);
    match source.name.as_str() {
        // The protocols were checked already, so a SyntaxError is the URL's.
        "SyntaxError" => Error::InvalidUrl {
            url: url.to_owned(),
            source,
        },
        // With a URL and protocols that are strings, the global
        // constructor can only fail like this when there is none:
        // `WebSocket` is not defined (ReferenceError) or not a constructor
        // (TypeError).
        "ReferenceError" | "TypeError" if global => {
            Error::Unsupported(crate::host::NO_GLOBAL_WEBSOCKET)
        }
        _ => Error::Js(source),
    }
}

/// Checks subprotocols as the browser would, so that the error names the
/// culprit: each must be a non-empty HTTP token (RFC 6455 section 4.1,
/// RFC 7230 section 3.2.6) and none may repeat.
///
/// ```
/// use wasm_websocket::{validate_protocols, Error};
///
/// assert!(validate_protocols(&["chat.v1", "graphql-ws"]).is_ok());
/// assert_eq!(validate_protocols(&["a b"]), Err(Error::InvalidProtocol("a b".into())));
/// assert_eq!(validate_protocols(&["x", "x"]), Err(Error::DuplicateProtocol("x".into())));
/// ```
pub fn validate_protocols<S: AsRef<str>>(protocols: &[S]) -> Result<()> {
    for (index, protocol) in protocols.iter().enumerate() {
        let protocol = protocol.as_ref();
        if !is_token(protocol) {
            return Err(Error::InvalidProtocol(protocol.to_owned()));
        }
        if protocols[..index]
            .iter()
            .any(|earlier| earlier.as_ref() == protocol)
        {
            return Err(Error::DuplicateProtocol(protocol.to_owned()));
        }
    }
    Ok(())
}

fn is_token(value: &str) -> bool {
    const SEPARATORS: &[u8] = b"()<>@,;:\\\"/[]?={} \t";
    !value.is_empty()
        && value
            .bytes()
            .all(|b| (0x21..=0x7e).contains(&b) && !SEPARATORS.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_printable_ascii_without_separators() {
        for ok in [
            "chat",
            "v1.chat.example.com",
            "graphql-transport-ws",
            "a_b~c!#$%&'*+^`|",
        ] {
            assert_eq!(validate_protocols(&[ok]), Ok(()), "{ok}");
        }
        for bad in [
            "", "a b", "a,b", "a/b", "chat\t", "é", "a\u{0}", "{x}", "\"q\"", "a=b",
        ] {
            assert_eq!(
                validate_protocols(&[bad]),
                Err(Error::InvalidProtocol(bad.into())),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn duplicates_are_named() {
        assert_eq!(
            validate_protocols(&["a", "b", "a"]),
            Err(Error::DuplicateProtocol("a".into()))
        );
        // Case matters to the browser, so these are two protocols.
        assert_eq!(validate_protocols(&["chat", "Chat"]), Ok(()));
    }

    /// Every setting but the constructor, which needs a JavaScript host.
    fn configured(url: &str) -> WebSocketBuilder {
        WebSocketBuilder::new(url)
            .with_protocols(["chat.v2", "chat.v1"])
            .with_connect_timeout(Duration::from_secs(3))
            .with_binary_type(BinaryType::Blob)
            .with_high_water_mark(1024)
            .with_backend(Backend::Auto)
            .with_max_message_size(1 << 20)
            .with_max_unread(1 << 22)
    }

    #[test]
    fn a_new_url_changes_nothing_else() {
        let moved = configured("ws://old.example/a").with_url("ws://new.example/b");
        assert_eq!(moved.url(), "ws://new.example/b");
        // Debug shows every field, so a setting added later is covered too.
        assert_eq!(
            format!("{moved:?}"),
            format!("{:?}", configured("ws://new.example/b"))
        );
    }

    #[test]
    #[cfg(not(all(target_family = "wasm", target_os = "unknown")))]
    fn connecting_natively_is_unsupported() {
        let result = WebSocketBuilder::new("ws://127.0.0.1:1/").start();
        assert!(matches!(result, Err(Error::Unsupported(_))));
    }

    #[test]
    fn bad_protocols_are_reported_before_anything_else() {
        let result = WebSocketBuilder::new("ws://127.0.0.1:1/")
            .with_protocol("a b")
            .start();
        assert!(matches!(result, Err(Error::InvalidProtocol(p)) if p == "a b"));
    }
}
