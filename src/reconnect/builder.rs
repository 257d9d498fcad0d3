//! [`ReconnectingBuilder`]: where to connect, how each attempt's socket is
//! set up, when to retry, and what to do with messages sent while offline.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

use super::socket::ReconnectingWebSocket;
use super::{Backoff, Heartbeat, QueueConfig, ReconnectPolicy, RetryLimits};
use crate::builder::WebSocketBuilder;
use crate::error::Result;
use crate::split::WebSocketSender;

/// The future a URL provider returns.
pub type UrlFuture = Pin<Box<dyn Future<Output = std::result::Result<String, String>>>>;

type UrlProvider = Rc<dyn Fn() -> UrlFuture>;
type Configure = Rc<dyn Fn(WebSocketBuilder) -> WebSocketBuilder>;
pub(crate) type OnOpen = Rc<dyn Fn(&WebSocketSender)>;

/// Where each attempt connects to.
#[derive(Clone)]
pub(crate) enum UrlSource {
    Fixed(String),
    Provider(UrlProvider),
}

/// Options for a [`ReconnectingWebSocket`]; [`start`](Self::start) starts it.
///
/// | setting | default |
/// |---|---|
/// | [`backoff`](Self::backoff) | [`Backoff::new`]: 500 ms doubling to 30 s, full jitter |
/// | [`retry_limits`](Self::retry_limits) | [`RetryLimits::new`]: retry forever, 5 s min uptime |
/// | [`policy`](Self::policy) | [`ReconnectPolicy::new`]: reconnect after every close but the user's own |
/// | [`queue`](Self::queue) | [`QueueConfig::new`]: 100 messages, 1 MiB, reject beyond |
/// | [`connect_timeout`](Self::connect_timeout) | none (the browser's own limit) |
/// | [`heartbeat`](Self::heartbeat) | none: nothing is sent unasked |
/// | [`idle_timeout`](Self::idle_timeout) | none: a silent connection is trusted until the browser says it closed |
/// | [`pause_while_offline`](Self::pause_while_offline) | on: no retries while the browser is offline, one at once when it is back |
/// | [`retry_when_visible`](Self::retry_when_visible) | on: a waiting retry starts at once when the page becomes visible |
/// | [`protocols`](Self::protocols), [`configure_socket`](Self::configure_socket), [`on_open`](Self::on_open) | none |
///
/// ```
/// use std::time::Duration;
/// use wasm_websocket::reconnect::{Backoff, ReconnectingWebSocket, RetryLimits};
///
/// let builder = ReconnectingWebSocket::builder("ws://127.0.0.1:8787/echo")
///     .backoff(Backoff::new().with_initial_delay(Duration::from_millis(100)))
///     .retry_limits(RetryLimits::new().with_max_retries(5))
///     .connect_timeout(Duration::from_secs(5))
///     .protocols(["chat.v1"]);
/// assert_eq!(builder.retry_limits_ref().max_retries(), Some(5));
/// ```
#[must_use = "a builder does nothing until `start` is called"]
#[derive(Clone)]
pub struct ReconnectingBuilder {
    pub(crate) url: UrlSource,
    pub(crate) protocols: Vec<String>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) configure: Option<Configure>,
    pub(crate) backoff: Backoff,
    pub(crate) limits: RetryLimits,
    pub(crate) policy: ReconnectPolicy,
    pub(crate) queue: QueueConfig,
    pub(crate) on_open: Option<OnOpen>,
    pub(crate) heartbeat: Option<Heartbeat>,
    pub(crate) idle_timeout: Option<Duration>,
    pub(crate) pause_while_offline: bool,
    pub(crate) retry_when_visible: bool,
}

impl ReconnectingBuilder {
    /// Options for connections to the fixed `url`.
    ///
    /// ```
    /// let builder = wasm_websocket::reconnect::ReconnectingBuilder::new("wss://example.com/feed");
    /// # let _ = builder;
    /// ```
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: UrlSource::Fixed(url.into()),
            protocols: Vec::new(),
            connect_timeout: None,
            configure: None,
            backoff: Backoff::new(),
            limits: RetryLimits::new(),
            policy: ReconnectPolicy::new(),
            queue: QueueConfig::new(),
            on_open: None,
            heartbeat: None,
            idle_timeout: None,
            pause_while_offline: true,
            retry_when_visible: true,
        }
    }

    /// Asks `provider` for the URL before every attempt (for a fresh token,
    /// say), instead of the fixed URL. An `Err` counts as a failed attempt:
    /// it is reported as [`AttemptError::Url`](super::AttemptError::Url) and
    /// retried with backoff like a refused connection.
    ///
    /// ```
    /// use wasm_websocket::reconnect::ReconnectingWebSocket;
    ///
    /// let builder = ReconnectingWebSocket::builder("unused")
    ///     .url_provider(|| async { Ok::<_, String>("ws://127.0.0.1:8787/echo".to_owned()) });
    /// # let _ = builder;
    /// ```
    pub fn url_provider<F, Fut>(mut self, provider: F) -> Self
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = std::result::Result<String, String>> + 'static,
    {
        self.url = UrlSource::Provider(Rc::new(move || Box::pin(provider()) as UrlFuture));
        self
    }

    /// Subprotocols to offer on every attempt, most preferred first.
    ///
    /// ```
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .protocols(["a", "b"]);
    /// # let _ = builder;
    /// ```
    pub fn protocols<I>(mut self, protocols: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.protocols.extend(protocols.into_iter().map(Into::into));
        self
    }

    /// Gives up each attempt after `timeout` (a failed attempt, retried with
    /// backoff). Default: none.
    ///
    /// ```
    /// use std::time::Duration;
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .connect_timeout(Duration::from_secs(3));
    /// # let _ = builder;
    /// ```
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Adjusts the [`WebSocketBuilder`] of every attempt (binary type,
    /// high-water mark, ...), after the URL, protocols and timeout are set.
    ///
    /// ```
    /// use wasm_websocket::BinaryType;
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .configure_socket(|socket| socket.binary_type(BinaryType::Blob));
    /// # let _ = builder;
    /// ```
    pub fn configure_socket(
        mut self,
        configure: impl Fn(WebSocketBuilder) -> WebSocketBuilder + 'static,
    ) -> Self {
        self.configure = Some(Rc::new(configure));
        self
    }

    /// How long to wait before each retry. Default: [`Backoff::new`].
    ///
    /// ```
    /// use wasm_websocket::reconnect::{Backoff, Jitter};
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .backoff(Backoff::new().with_jitter(Jitter::Equal));
    /// # let _ = builder;
    /// ```
    pub fn backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = backoff;
        self
    }

    /// When to give up, and when an outage counts as over. Default:
    /// [`RetryLimits::new`].
    ///
    /// ```
    /// use wasm_websocket::reconnect::RetryLimits;
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .retry_limits(RetryLimits::new().with_max_retries(3));
    /// assert_eq!(builder.retry_limits_ref().max_retries(), Some(3));
    /// ```
    pub fn retry_limits(mut self, limits: RetryLimits) -> Self {
        self.limits = limits;
        self
    }

    /// The retry limits set so far.
    ///
    /// ```
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/");
    /// assert_eq!(builder.retry_limits_ref().max_retries(), None);
    /// ```
    pub fn retry_limits_ref(&self) -> &RetryLimits {
        &self.limits
    }

    /// Which closes are followed by a reconnect. Default:
    /// [`ReconnectPolicy::new`] (all but the user's own).
    ///
    /// ```
    /// use wasm_websocket::reconnect::ReconnectPolicy;
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .policy(ReconnectPolicy::new().with_terminal_codes([4401]));
    /// # let _ = builder;
    /// ```
    pub fn policy(mut self, policy: ReconnectPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The limits of the offline queue. Default: [`QueueConfig::new`];
    /// [`QueueConfig::disabled`] rejects every send while not open.
    ///
    /// ```
    /// use wasm_websocket::reconnect::QueueConfig;
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .queue(QueueConfig::new().with_capacity(1000));
    /// # let _ = builder;
    /// ```
    pub fn queue(mut self, queue: QueueConfig) -> Self {
        self.queue = queue;
        self
    }

    /// Runs `hook` on every open, before the offline queue is flushed: what
    /// it sends (a login, re-subscriptions) goes out first.
    ///
    /// ```
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .on_open(|socket| {
    ///         let _ = socket.try_send("subscribe prices");
    ///     });
    /// # let _ = builder;
    /// ```
    pub fn on_open(mut self, hook: impl Fn(&WebSocketSender) + 'static) -> Self {
        self.on_open = Some(Rc::new(hook));
        self
    }

    /// Sends a heartbeat message every interval while a connection is open.
    /// Default: none. On its own it keeps proxies and NATs from closing an
    /// idle connection; with an [`idle_timeout`](Self::idle_timeout) longer
    /// than the interval, and a server that answers it, it also finds dead
    /// connections.
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::reconnect::{Heartbeat, ReconnectingWebSocket};
    ///
    /// let builder = ReconnectingWebSocket::builder("ws://h/")
    ///     .heartbeat(Heartbeat::new(Duration::from_secs(20), r#"{"type":"ping"}"#))
    ///     .idle_timeout(Duration::from_secs(45));
    /// assert_eq!(builder.heartbeat_ref().map(|h| h.interval()), Some(Duration::from_secs(20)));
    /// ```
    pub fn heartbeat(mut self, heartbeat: Heartbeat) -> Self {
        self.heartbeat = Some(heartbeat);
        self
    }

    /// The heartbeat set so far.
    ///
    /// ```
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/");
    /// assert!(builder.heartbeat_ref().is_none());
    /// ```
    pub fn heartbeat_ref(&self) -> Option<&Heartbeat> {
        self.heartbeat.as_ref()
    }

    /// Declares an open connection dead when no message has arrived for
    /// `timeout`: it is closed (code 3008, "idle timeout") without waiting
    /// for the peer, a [`Dead`](super::ConnectionEvent::Dead) event is
    /// emitted, and a retry follows as after a lost connection (the
    /// [policy](Self::policy) is not asked: the server said nothing).
    /// Default: none. A zero timeout is read as 1 ms.
    ///
    /// One timer runs while open, set to the next deadline; messages do not
    /// reset it (they only move the deadline), so busy connections cost no
    /// timer churn.
    ///
    /// ```
    /// use std::time::Duration;
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .idle_timeout(Duration::from_secs(30));
    /// # let _ = builder;
    /// ```
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = Some(timeout.max(Duration::from_millis(1)));
        self
    }

    /// Whether the browser's `offline` and `online` events steer the
    /// retries. Default: on. A retry that comes due while the browser is
    /// offline ([`navigator.onLine`] false) waits for the `online` event
    /// instead of a timer, in state
    /// [`Offline`](super::ConnectionState::Offline); `online` starts a
    /// waiting retry at once. An open connection is left alone either way:
    /// the browser closes it if it really is cut off. Outside a window (a
    /// worker, Node) there are no such events and this does nothing.
    ///
    /// [`navigator.onLine`]: https://developer.mozilla.org/en-US/docs/Web/API/Navigator/onLine
    ///
    /// ```
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .pause_while_offline(false);
    /// # let _ = builder;
    /// ```
    pub fn pause_while_offline(mut self, on: bool) -> Self {
        self.pause_while_offline = on;
        self
    }

    /// Whether a retry waiting for its backoff timer starts at once when the
    /// page becomes visible (`visibilitychange`). Default: on. The retry
    /// still counts as the next one of the outage, so flipping tabs cannot
    /// cause a storm: each failure still lengthens the next delay.
    ///
    /// ```
    /// let builder = wasm_websocket::reconnect::ReconnectingWebSocket::builder("ws://h/")
    ///     .retry_when_visible(false);
    /// # let _ = builder;
    /// ```
    pub fn retry_when_visible(mut self, on: bool) -> Self {
        self.retry_when_visible = on;
        self
    }

    /// Starts connecting, and returns the handle at once (in state
    /// [`Connecting`](super::ConnectionState::Connecting)).
    ///
    /// # Errors
    ///
    /// - [`Error::InvalidProtocol`](crate::Error::InvalidProtocol) or
    ///   [`Error::DuplicateProtocol`](crate::Error::DuplicateProtocol) for
    ///   subprotocols that no attempt could offer; they are checked here
    ///   rather than failing every attempt.
    /// - [`Error::Unsupported`](crate::Error::Unsupported) outside a
    ///   browser (natively).
    ///
    /// ```
    /// use wasm_websocket::{reconnect::ReconnectingWebSocket, Error};
    ///
    /// let started = ReconnectingWebSocket::builder("ws://127.0.0.1:8787/echo")
    ///     .protocols(["chat v1"])
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
        ReconnectingWebSocket::start(self)
    }

    /// The socket options of one attempt.
    pub(crate) fn socket(&self, url: String) -> WebSocketBuilder {
        let mut socket = WebSocketBuilder::new(url).protocols(self.protocols.iter().cloned());
        if let Some(timeout) = self.connect_timeout {
            socket = socket.connect_timeout(timeout);
        }
        match &self.configure {
            Some(configure) => configure(socket),
            None => socket,
        }
    }
}

impl fmt::Debug for ReconnectingBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = match &self.url {
            UrlSource::Fixed(url) => url.as_str(),
            UrlSource::Provider(_) => "<provider>",
        };
        f.debug_struct("ReconnectingBuilder")
            .field("url", &url)
            .field("protocols", &self.protocols)
            .field("connect_timeout", &self.connect_timeout)
            .field("backoff", &self.backoff)
            .field("limits", &self.limits)
            .field("policy", &self.policy)
            .field("queue", &self.queue)
            .field("heartbeat", &self.heartbeat)
            .field("idle_timeout", &self.idle_timeout)
            .field("pause_while_offline", &self.pause_while_offline)
            .field("retry_when_visible", &self.retry_when_visible)
            .finish_non_exhaustive()
    }
}
