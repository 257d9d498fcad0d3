//! [`ReconnectingBuilder`]: the socket each attempt opens (a
//! [`WebSocketBuilder`] used as a template), where it connects to, when to
//! retry, and what to do with messages sent while offline.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

use super::socket::ReconnectingWebSocket;
use super::{Backoff, Heartbeat, QueueConfig, ReconnectPolicy, RetryLimits};
use crate::builder::WebSocketBuilder;
use crate::error::{Error, Result};
use crate::split::WebSocketSender;

/// What a provider gives for one attempt: the socket's options, or why
/// there are none this time.
pub(crate) type AttemptFuture =
    Pin<Box<dyn Future<Output = std::result::Result<WebSocketBuilder, String>>>>;

/// Asked before every attempt, with the socket template.
pub(crate) type AttemptProvider = Rc<dyn Fn(&WebSocketBuilder) -> AttemptFuture>;
pub(crate) type OnOpen = Rc<dyn Fn(&WebSocketSender)>;

/// How long one attempt may take when the socket template sets no
/// [connect timeout](WebSocketBuilder::with_connect_timeout): 10 seconds.
///
/// Without a limit, a proxy that accepts the TCP connection and never
/// answers the upgrade stalls the reconnect loop for the browser's own
/// limit, which can be minutes. The JavaScript reconnecting sockets use 4 s;
/// a handshake over a slow mobile link (DNS, TCP, TLS and the upgrade: four
/// or five round trips of 300-600 ms) can need more than that when a packet
/// is lost, and a failed attempt costs a backoff delay, so this allows more
/// while still ending a stalled attempt within seconds.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);

/// The default [`max_offline_wait`](ReconnectingBuilder::with_max_offline_wait):
/// 30 seconds, the backoff's default longest delay, so that trusting a wrong
/// `navigator.onLine` never costs more than a retry would have waited.
pub const DEFAULT_MAX_OFFLINE_WAIT: Duration = Duration::from_secs(30);

/// Options for a [`ReconnectingWebSocket`]; [`start`](Self::start) starts it.
///
/// Every setting has a `with_` setter and a getter of the same name, as in
/// [`WebSocketBuilder`], which is also the template of each attempt's
/// socket (subprotocols, connect timeout, binary type, high-water mark):
/// start from one with [`WebSocketBuilder::reconnecting`], or set it with
/// [`with_socket`](Self::with_socket).
///
/// | setting | default |
/// |---|---|
/// | [`socket`](Self::with_socket) | `WebSocket::builder(url)`; its connect timeout, if unset, is [`DEFAULT_ATTEMPT_TIMEOUT`] (10 s) |
/// | [`url_provider`](Self::with_url_provider) | none: the socket template's URL |
/// | [`backoff`](Self::with_backoff) | [`Backoff::new`]: 500 ms doubling to 30 s, full jitter |
/// | [`retry_limits`](Self::with_retry_limits) | [`RetryLimits::new`]: retry forever, 5 s min uptime |
/// | [`policy`](Self::with_policy) | [`ReconnectPolicy::new`]: reconnect after every close but the user's own |
/// | [`queue`](Self::with_queue) | [`QueueConfig::new`]: 100 messages, 1 MiB, reject beyond |
/// | [`heartbeat`](Self::with_heartbeat) | none: nothing is sent unasked |
/// | [`idle_timeout`](Self::with_idle_timeout) | none: a silent connection is trusted until the browser says it closed |
/// | [`pause_while_offline`](Self::with_pause_while_offline) | on: no retries while the browser is offline, one at once when it is back |
/// | [`max_offline_wait`](Self::with_max_offline_wait) | 30 s: then a retry starts anyway ([`DEFAULT_MAX_OFFLINE_WAIT`]) |
/// | [`retry_when_visible`](Self::with_retry_when_visible) | on: a waiting retry starts at once when the page becomes visible |
/// | [`suspend_in_page_cache`](Self::with_suspend_in_page_cache) | on: closed while the page is in the back/forward cache, connected again when it is shown |
/// | [`on_open`](Self::with_on_open) | none |
///
/// ```
/// use std::time::Duration;
/// use wasm_websocket::reconnect::{Backoff, RetryLimits};
/// use wasm_websocket::WebSocket;
///
/// let builder = WebSocket::builder("ws://127.0.0.1:8787/echo")
///     .with_protocols(["chat.v1"])
///     .with_connect_timeout(Duration::from_secs(5))
///     .reconnecting()
///     .with_backoff(Backoff::new().with_initial_delay(Duration::from_millis(100)))
///     .with_retry_limits(RetryLimits::new().with_max_retries(5));
/// assert_eq!(builder.retry_limits().max_retries(), Some(5));
/// assert_eq!(builder.socket().protocols(), ["chat.v1"]);
/// ```
#[must_use = "a builder does nothing until `start` is called"]
#[derive(Clone)]
pub struct ReconnectingBuilder {
    socket: WebSocketBuilder,
    provider: Option<AttemptProvider>,
    backoff: Backoff,
    retry_limits: RetryLimits,
    policy: ReconnectPolicy,
    queue: QueueConfig,
    on_open: Option<OnOpen>,
    heartbeat: Option<Heartbeat>,
    idle_timeout: Option<Duration>,
    pause_while_offline: bool,
    max_offline_wait: Duration,
    retry_when_visible: bool,
    suspend_in_page_cache: bool,
}

impl From<WebSocketBuilder> for ReconnectingBuilder {
    fn from(socket: WebSocketBuilder) -> Self {
        Self {
            socket,
            provider: None,
            backoff: Backoff::new(),
            retry_limits: RetryLimits::new(),
            policy: ReconnectPolicy::new(),
            queue: QueueConfig::new(),
            on_open: None,
            heartbeat: None,
            idle_timeout: None,
            pause_while_offline: true,
            max_offline_wait: DEFAULT_MAX_OFFLINE_WAIT,
            retry_when_visible: true,
            suspend_in_page_cache: true,
        }
    }
}

impl WebSocketBuilder {
    /// A reconnecting socket whose every attempt opens a socket with these
    /// options; see [`ReconnectingBuilder`].
    ///
    /// ```
    /// use wasm_websocket::WebSocket;
    ///
    /// let builder = WebSocket::builder("ws://h/").with_protocol("chat").reconnecting();
    /// assert_eq!(builder.socket().protocols(), ["chat"]);
    /// ```
    pub fn reconnecting(self) -> ReconnectingBuilder {
        ReconnectingBuilder::from(self)
    }
}

impl ReconnectingBuilder {
    /// Options for connections to the fixed `url`, with a default socket
    /// template.
    ///
    /// ```
    /// let builder = wasm_websocket::reconnect::ReconnectingBuilder::new("wss://example.com/feed");
    /// assert_eq!(builder.socket().url(), "wss://example.com/feed");
    /// ```
    pub fn new(url: impl Into<String>) -> Self {
        Self::from(WebSocketBuilder::new(url))
    }

    /// Sets the template of each attempt's socket: its URL (unless a
    /// [URL provider](Self::with_url_provider) gives one), subprotocols,
    /// connect timeout, binary type and high-water mark.
    ///
    /// ```
    /// use wasm_websocket::{reconnect::ReconnectingWebSocket, BinaryType, WebSocket};
    ///
    /// let builder = ReconnectingWebSocket::builder("ws://h/")
    ///     .with_socket(WebSocket::builder("ws://h/").with_binary_type(BinaryType::Blob));
    /// assert_eq!(builder.socket().binary_type(), BinaryType::Blob);
    /// ```
    pub fn with_socket(mut self, socket: WebSocketBuilder) -> Self {
        self.socket = socket;
        self
    }

    /// The template of each attempt's socket.
    ///
    /// ```
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/");
    /// assert_eq!(builder.socket().connect_timeout(), None); // DEFAULT_ATTEMPT_TIMEOUT then
    /// ```
    pub fn socket(&self) -> &WebSocketBuilder {
        &self.socket
    }

    /// Changes the socket template's URL and keeps every other setting, of
    /// the template and of the reconnecting socket: the same options for
    /// another server. A [URL provider](Self::with_url_provider), if set,
    /// still gives each attempt's URL.
    ///
    /// ```
    /// use wasm_websocket::{reconnect::RetryLimits, WebSocket};
    ///
    /// let builder = WebSocket::builder("ws://old.example/feed")
    ///     .with_protocols(["chat.v1"])
    ///     .reconnecting()
    ///     .with_retry_limits(RetryLimits::new().with_max_retries(5))
    ///     .with_url("wss://new.example/feed");
    /// assert_eq!(builder.url(), "wss://new.example/feed");
    /// assert_eq!(builder.socket().protocols(), ["chat.v1"]);
    /// assert_eq!(builder.retry_limits().max_retries(), Some(5));
    /// ```
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.socket = self.socket.with_url(url);
        self
    }

    /// The socket template's URL: where each attempt connects, unless a
    /// URL or socket provider says otherwise.
    ///
    /// ```
    /// let builder = wasm_websocket::reconnect::ReconnectingBuilder::new("ws://h/");
    /// assert_eq!(builder.url(), "ws://h/");
    /// ```
    pub fn url(&self) -> &str {
        self.socket.url()
    }

    /// Asks `provider` for the URL before every attempt (for a fresh token,
    /// say), instead of using the socket template's URL. An `Err` counts as
    /// a failed attempt: it is reported as
    /// [`AttemptError::Url`](super::AttemptError::Url) and retried with
    /// backoff like a refused connection.
    ///
    /// ```
    /// use wasm_websocket::reconnect::ReconnectingWebSocket;
    ///
    /// let builder = ReconnectingWebSocket::builder("unused")
    ///     .with_url_provider(|| async { Ok::<_, String>("ws://127.0.0.1:8787/echo".to_owned()) });
    /// assert!(builder.has_url_provider());
    /// ```
    pub fn with_url_provider<F, Fut>(mut self, provider: F) -> Self
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = std::result::Result<String, String>> + 'static,
    {
        self.provider = Some(Rc::new(move |template: &WebSocketBuilder| {
            let socket = template.clone();
            let url = provider();
            Box::pin(async move { Ok(socket.with_url(url.await?)) }) as AttemptFuture
        }));
        self
    }

    /// Asks `provider` for the whole socket of every attempt (URL,
    /// subprotocols, connect timeout, ...) instead of using the template:
    /// for subprotocols that carry a fresh token, say. It replaces a
    /// [URL provider](Self::with_url_provider). An `Err` counts as a failed
    /// attempt, as for a URL provider; a socket without a connect timeout
    /// gets [`DEFAULT_ATTEMPT_TIMEOUT`].
    ///
    /// ```
    /// use wasm_websocket::{reconnect::ReconnectingWebSocket, WebSocket};
    ///
    /// let builder = ReconnectingWebSocket::builder("unused").with_socket_provider(|| async {
    ///     let token = "t0k3n"; // fetched here
    ///     Ok::<_, String>(WebSocket::builder("ws://127.0.0.1:8787/echo").with_protocols(["v1", token]))
    /// });
    /// assert!(builder.has_url_provider());
    /// ```
    pub fn with_socket_provider<F, Fut>(mut self, provider: F) -> Self
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = std::result::Result<WebSocketBuilder, String>> + 'static,
    {
        self.provider = Some(Rc::new(move |_: &WebSocketBuilder| {
            Box::pin(provider()) as AttemptFuture
        }));
        self
    }

    /// Whether a URL or socket provider is set.
    ///
    /// ```
    /// assert!(!wasm_websocket::reconnect::ReconnectingBuilder::new("ws://h/").has_url_provider());
    /// ```
    pub fn has_url_provider(&self) -> bool {
        self.provider.is_some()
    }

    /// How long to wait before each retry. Default: [`Backoff::new`].
    ///
    /// ```
    /// use wasm_websocket::reconnect::{Backoff, Jitter};
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .with_backoff(Backoff::new().with_jitter(Jitter::Equal));
    /// assert_eq!(builder.backoff().jitter(), Jitter::Equal);
    /// ```
    pub fn with_backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = backoff;
        self
    }

    /// The backoff.
    pub fn backoff(&self) -> &Backoff {
        &self.backoff
    }

    /// When to give up, and when an outage counts as over. Default:
    /// [`RetryLimits::new`].
    ///
    /// ```
    /// use wasm_websocket::reconnect::RetryLimits;
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .with_retry_limits(RetryLimits::new().with_max_retries(3));
    /// assert_eq!(builder.retry_limits().max_retries(), Some(3));
    /// ```
    pub fn with_retry_limits(mut self, limits: RetryLimits) -> Self {
        self.retry_limits = limits;
        self
    }

    /// The retry limits.
    pub fn retry_limits(&self) -> &RetryLimits {
        &self.retry_limits
    }

    /// Which closes are followed by a reconnect. Default:
    /// [`ReconnectPolicy::new`] (all but the user's own).
    ///
    /// ```
    /// use wasm_websocket::reconnect::ReconnectPolicy;
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .with_policy(ReconnectPolicy::new().with_terminal_codes([4401]));
    /// assert!(builder.policy().is_terminal(4401));
    /// ```
    pub fn with_policy(mut self, policy: ReconnectPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The reconnect policy.
    pub fn policy(&self) -> &ReconnectPolicy {
        &self.policy
    }

    /// The most retries per outage: a shortcut for
    /// [`RetryLimits::with_max_retries`] on the builder's limits, so that
    /// the common case needs no import. `None` (the default): retry
    /// forever; `Some(0)`: give up at the first failure.
    ///
    /// ```
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .with_max_retries(10);
    /// assert_eq!(builder.max_retries(), Some(10));
    /// ```
    pub fn with_max_retries(mut self, max_retries: impl Into<Option<u32>>) -> Self {
        self.retry_limits = self.retry_limits.with_max_retries(max_retries);
        self
    }

    /// The most retries per outage, if limited.
    pub fn max_retries(&self) -> Option<u32> {
        self.retry_limits.max_retries()
    }

    /// The first retry's longest delay: a shortcut for
    /// [`Backoff::with_initial_delay`] on the builder's backoff. Default:
    /// 500 ms.
    ///
    /// ```
    /// use std::time::Duration;
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .with_initial_delay(Duration::from_millis(100));
    /// assert_eq!(builder.initial_delay(), Duration::from_millis(100));
    /// ```
    pub fn with_initial_delay(mut self, delay: Duration) -> Self {
        self.backoff = self.backoff.with_initial_delay(delay);
        self
    }

    /// The first retry's longest delay.
    pub fn initial_delay(&self) -> Duration {
        self.backoff.initial_delay()
    }

    /// The longest delay between retries: a shortcut for
    /// [`Backoff::with_max_delay`] on the builder's backoff. Default: 30 s.
    ///
    /// ```
    /// use std::time::Duration;
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .with_max_delay(Duration::from_secs(10));
    /// assert_eq!(builder.max_delay(), Duration::from_secs(10));
    /// ```
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.backoff = self.backoff.with_max_delay(delay);
        self
    }

    /// The longest delay between retries.
    pub fn max_delay(&self) -> Duration {
        self.backoff.max_delay()
    }

    /// Sets the close codes after which no reconnect follows, in place of
    /// the policy's (a predicate set with
    /// [`ReconnectPolicy::with_should_reconnect`] stays). Default: none.
    /// A shortcut for the common case of
    /// [`with_policy`](Self::with_policy).
    ///
    /// ```
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .with_terminal_codes([4401, 4403]);
    /// assert!(builder.policy().is_terminal(4403));
    /// assert!(!builder.policy().is_terminal(4000));
    /// ```
    pub fn with_terminal_codes(mut self, codes: impl IntoIterator<Item = u16>) -> Self {
        self.policy = self.policy.replacing_terminal_codes(codes);
        self
    }

    /// The offline queue's capacity in messages: a shortcut for
    /// [`QueueConfig::with_capacity`] on the builder's queue. Default: 100;
    /// 0 refuses every send while not open.
    ///
    /// ```
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .with_queue_capacity(1000);
    /// assert_eq!(builder.queue_capacity(), 1000);
    /// ```
    pub fn with_queue_capacity(mut self, capacity: usize) -> Self {
        self.queue = self.queue.with_capacity(capacity);
        self
    }

    /// The offline queue's capacity in messages.
    pub fn queue_capacity(&self) -> usize {
        self.queue.capacity()
    }

    /// The limits of the offline queue. Default: [`QueueConfig::new`];
    /// [`QueueConfig::disabled`] refuses every send while not open.
    ///
    /// ```
    /// use wasm_websocket::reconnect::QueueConfig;
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .with_queue(QueueConfig::new().with_capacity(1000));
    /// assert_eq!(builder.queue().capacity(), 1000);
    /// ```
    pub fn with_queue(mut self, queue: QueueConfig) -> Self {
        self.queue = queue;
        self
    }

    /// The limits of the offline queue.
    pub fn queue(&self) -> QueueConfig {
        self.queue
    }

    /// Runs `hook` on every open, before the offline queue is flushed: what
    /// it sends (a login, re-subscriptions) goes out first.
    ///
    /// ```
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .with_on_open(|socket| {
    ///         let _ = socket.try_send("subscribe prices");
    ///     });
    /// assert!(builder.has_on_open());
    /// ```
    pub fn with_on_open(mut self, hook: impl Fn(&WebSocketSender) + 'static) -> Self {
        self.on_open = Some(Rc::new(hook));
        self
    }

    /// Whether an `on_open` hook is set.
    pub fn has_on_open(&self) -> bool {
        self.on_open.is_some()
    }

    /// Sends a heartbeat message every interval while a connection is open.
    /// Default: none. On its own it keeps proxies and NATs from closing an
    /// idle connection; with an [`idle_timeout`](Self::with_idle_timeout)
    /// longer than the interval, and a server that answers it, it also finds
    /// dead connections.
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::reconnect::{Heartbeat, ReconnectingWebSocket};
    ///
    /// let builder = ReconnectingWebSocket::builder("ws://h/")
    ///     .with_heartbeat(Heartbeat::new(Duration::from_secs(20), r#"{"type":"ping"}"#))
    ///     .with_idle_timeout(Duration::from_secs(45));
    /// assert_eq!(builder.heartbeat().map(|h| h.interval()), Some(Duration::from_secs(20)));
    /// ```
    pub fn with_heartbeat(mut self, heartbeat: Heartbeat) -> Self {
        self.heartbeat = Some(heartbeat);
        self
    }

    /// The heartbeat, if one is set.
    pub fn heartbeat(&self) -> Option<&Heartbeat> {
        self.heartbeat.as_ref()
    }

    /// Declares an open connection dead when no message has arrived for
    /// `timeout`: it is closed (code 3008, "idle timeout") without waiting
    /// for the peer, a [`Dead`](super::ConnectionEvent::Dead) event is
    /// emitted, and a retry follows as after a lost connection (the
    /// [policy](Self::with_policy) is not asked: the server said nothing).
    /// Default: none. A zero timeout is refused by [`start`](Self::start)
    /// (it would kill every connection as it opens); a timeout longer than
    /// `setTimeout` honours (about 24.8 days) is waited in steps of that.
    ///
    /// One timer runs while open, set to the next deadline; messages do not
    /// reset it (they only move the deadline), so busy connections cost no
    /// timer churn.
    ///
    /// ```
    /// use std::time::Duration;
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .with_idle_timeout(Duration::from_secs(30));
    /// assert_eq!(builder.idle_timeout(), Some(Duration::from_secs(30)));
    /// ```
    pub fn with_idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = Some(timeout);
        self
    }

    /// The idle timeout, if one is set.
    pub fn idle_timeout(&self) -> Option<Duration> {
        self.idle_timeout
    }

    /// Whether the host's `offline` and `online` events steer the
    /// retries. Default: on. A retry that comes due while the host is
    /// offline ([`navigator.onLine`] false) waits for the `online` event
    /// instead of its backoff timer, in state
    /// [`Offline`](super::ConnectionState::Offline), for at most
    /// [`max_offline_wait`](Self::with_max_offline_wait); `online` starts a
    /// waiting retry at once. An open connection is left alone either way:
    /// the browser closes it if it really is cut off. Windows and workers
    /// both have these events (on their global scope); Node has neither
    /// them nor `navigator.onLine`, and there this does nothing.
    ///
    /// [`navigator.onLine`]: https://developer.mozilla.org/en-US/docs/Web/API/Navigator/onLine
    ///
    /// ```
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .with_pause_while_offline(false);
    /// assert!(!builder.pause_while_offline());
    /// ```
    pub fn with_pause_while_offline(mut self, on: bool) -> Self {
        self.pause_while_offline = on;
        self
    }

    /// Whether retries pause while the browser is offline.
    pub fn pause_while_offline(&self) -> bool {
        self.pause_while_offline
    }

    /// The longest a retry waits for `online` while the host says it is
    /// offline; after it, the retry starts anyway
    /// ([`Resumed`](super::ConnectionEvent::Resumed) with
    /// [`ResumeCause::OfflineWaitOver`](super::ResumeCause::OfflineWaitOver)).
    /// `navigator.onLine` is known to be wrong behind VPNs and virtual
    /// network adapters, and a retry that trusted it would wait forever.
    /// Default: [`DEFAULT_MAX_OFFLINE_WAIT`] (30 s). One timer runs while it
    /// waits. Zero retries at once (the pause is skipped); a duration longer
    /// than `setTimeout` honours (about 24.8 days) waits that long.
    ///
    /// ```
    /// use std::time::Duration;
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .with_max_offline_wait(Duration::from_secs(120));
    /// assert_eq!(builder.max_offline_wait(), Duration::from_secs(120));
    /// ```
    pub fn with_max_offline_wait(mut self, wait: Duration) -> Self {
        self.max_offline_wait = wait;
        self
    }

    /// The longest a retry waits for `online`.
    pub fn max_offline_wait(&self) -> Duration {
        self.max_offline_wait
    }

    /// Whether a retry waiting for its backoff timer starts at once when the
    /// page becomes visible (`visibilitychange`). Default: on. The retry
    /// still counts as the next one of the outage, so flipping tabs cannot
    /// cause a storm: each failure still lengthens the next delay.
    ///
    /// ```
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .with_retry_when_visible(false);
    /// assert!(!builder.retry_when_visible());
    /// ```
    pub fn with_retry_when_visible(mut self, on: bool) -> Self {
        self.retry_when_visible = on;
        self
    }

    /// Whether a waiting retry starts when the page becomes visible.
    pub fn retry_when_visible(&self) -> bool {
        self.retry_when_visible
    }

    /// Whether the connection is closed while the page is in the browser's
    /// back/forward cache. Default: on. Browsers do not cache a page that
    /// has an open WebSocket, so a page with one loses the instant back
    /// navigation; and a connection kept while the page is frozen only goes
    /// stale. On `pagehide` with `persisted` the socket is closed (1000,
    /// "page hidden"), anything pending is cancelled, the state is
    /// [`Suspended`](super::ConnectionState::Suspended) (no timer runs); on
    /// `pageshow` with `persisted` it connects again at once, as a fresh
    /// start. Messages sent meanwhile are queued as usual. Only in a window.
    ///
    /// ```
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .with_suspend_in_page_cache(false);
    /// assert!(!builder.suspend_in_page_cache());
    /// ```
    pub fn with_suspend_in_page_cache(mut self, on: bool) -> Self {
        self.suspend_in_page_cache = on;
        self
    }

    /// Whether the connection is closed while the page is cached.
    pub fn suspend_in_page_cache(&self) -> bool {
        self.suspend_in_page_cache
    }

    /// Starts connecting, and returns the handle at once (in state
    /// [`Connecting`](super::ConnectionState::Connecting)).
    ///
    /// # Errors
    ///
    /// - [`Error::InvalidProtocol`] or [`Error::DuplicateProtocol`] for
    ///   subprotocols that no attempt could offer; they are checked here
    ///   rather than failing every attempt.
    /// - [`Error::InvalidOption`] for a setting that makes no sense: a zero
    ///   connect timeout, heartbeat interval or idle timeout.
    /// - [`Error::Unsupported`] outside a browser (natively).
    ///
    /// ```
    /// use wasm_websocket::{reconnect::ReconnectingWebSocket, Error, WebSocket};
    ///
    /// let started = WebSocket::builder("ws://127.0.0.1:8787/echo")
    ///     .with_protocols(["chat v1"])
    ///     .reconnecting()
    ///     .start();
    /// assert_eq!(started.err(), Some(Error::InvalidProtocol("chat v1".into())));
    /// ```
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_websocket::Error> {
    /// let ws = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://127.0.0.1:8787/echo")
    ///     .start()?;
    /// assert_eq!(ws.state(), wasm_websocket::reconnect::ConnectionState::Connecting);
    /// # Ok(())
    /// # }
    /// ```
    pub fn start(self) -> Result<ReconnectingWebSocket> {
        ReconnectingWebSocket::spawn(self)
    }

    /// Refuses the settings that make no sense.
    pub(crate) fn validate(&self) -> Result<()> {
        self.socket.validate()?;
        if self
            .heartbeat
            .as_ref()
            .is_some_and(|h| h.interval().is_zero())
        {
            return Err(Error::InvalidOption {
                option: "heartbeat interval",
                problem: "must be more than zero",
            });
        }
        if self.idle_timeout.is_some_and(|t| t.is_zero()) {
            return Err(Error::InvalidOption {
                option: "idle_timeout",
                problem: "must be more than zero",
            });
        }
        Ok(())
    }

    /// What the core decides by.
    pub(crate) fn core_config(&self) -> crate::core::Config {
        crate::core::Config {
            backoff: self.backoff.clone(),
            retry_limits: self.retry_limits,
            policy: self.policy.clone(),
            queue: self.queue,
            heartbeat: self.heartbeat.as_ref().map(Heartbeat::interval),
            idle_timeout: self.idle_timeout,
            pause_while_offline: self.pause_while_offline,
            max_offline_wait: self.max_offline_wait,
            retry_when_visible: self.retry_when_visible,
            suspend_in_page_cache: self.suspend_in_page_cache,
            max_unread: self.socket.max_unread(),
            has_provider: self.provider.is_some(),
        }
    }

    /// What to ask before an attempt, if anything.
    pub(crate) fn provider(&self) -> Option<&AttemptProvider> {
        self.provider.as_ref()
    }

    pub(crate) fn on_open(&self) -> Option<&OnOpen> {
        self.on_open.as_ref()
    }

    /// The socket options of one attempt: what the provider gave, or the
    /// template, with the default attempt timeout.
    pub(crate) fn attempt(&self, provided: Option<WebSocketBuilder>) -> WebSocketBuilder {
        let mut socket = provided.unwrap_or_else(|| self.socket.clone());
        if socket.connect_timeout().is_none() {
            socket = socket.with_connect_timeout(DEFAULT_ATTEMPT_TIMEOUT);
        }
        socket
    }
}

impl fmt::Debug for ReconnectingBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReconnectingBuilder")
            .field("socket", &self.socket)
            .field("provider", &self.provider.is_some())
            .field("backoff", &self.backoff)
            .field("retry_limits", &self.retry_limits)
            .field("policy", &self.policy)
            .field("queue", &self.queue)
            .field("heartbeat", &self.heartbeat)
            .field("idle_timeout", &self.idle_timeout)
            .field("pause_while_offline", &self.pause_while_offline)
            .field("max_offline_wait", &self.max_offline_wait)
            .field("retry_when_visible", &self.retry_when_visible)
            .field("suspend_in_page_cache", &self.suspend_in_page_cache)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attempt_without_a_connect_timeout_gets_the_default() {
        let builder = ReconnectingBuilder::new("ws://h/");
        assert_eq!(
            builder.attempt(None).connect_timeout(),
            Some(DEFAULT_ATTEMPT_TIMEOUT)
        );
        let own = WebSocketBuilder::new("ws://h/").with_connect_timeout(Duration::from_secs(3));
        assert_eq!(
            builder.attempt(Some(own)).connect_timeout(),
            Some(Duration::from_secs(3)),
            "a provider's own timeout is kept"
        );
        let template = WebSocketBuilder::new("ws://h/")
            .with_connect_timeout(Duration::MAX)
            .reconnecting();
        assert_eq!(
            template.attempt(None).connect_timeout(),
            Some(Duration::MAX)
        );
    }

    #[test]
    fn zero_durations_that_mean_nothing_are_refused_and_the_rest_accepted() {
        let refused = |builder: ReconnectingBuilder| match builder.validate() {
            Err(Error::InvalidOption { option, .. }) => option,
            other => panic!("expected a refusal, got {other:?}"),
        };
        let base = || ReconnectingBuilder::new("ws://h/");
        assert_eq!(
            refused(base().with_idle_timeout(Duration::ZERO)),
            "idle_timeout"
        );
        assert_eq!(
            refused(base().with_heartbeat(Heartbeat::new(Duration::ZERO, "ping"))),
            "heartbeat interval"
        );
        assert_eq!(
            refused(base().with_socket(
                WebSocketBuilder::new("ws://h/").with_connect_timeout(Duration::ZERO)
            )),
            "connect_timeout"
        );
        for duration in [Duration::from_nanos(1), Duration::MAX] {
            let builder = base()
                .with_idle_timeout(duration)
                .with_heartbeat(Heartbeat::new(duration, "ping"))
                .with_max_offline_wait(duration)
                .with_socket(WebSocketBuilder::new("ws://h/").with_connect_timeout(duration));
            assert_eq!(builder.validate(), Ok(()), "{duration:?}");
        }
        assert_eq!(
            base().with_max_offline_wait(Duration::ZERO).validate(),
            Ok(())
        );
    }
}
