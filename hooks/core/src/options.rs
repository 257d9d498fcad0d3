//! [`UseWebSocketOptions`]: the socket's options (a reconnect builder used
//! as a template), the codec of the values, and the callbacks.

use std::fmt;
use std::rc::Rc;

use wasm_websocket::codec::{Codec, CodecError, Text};
use wasm_websocket::reconnect::{ConnectionEvent, ReconnectingBuilder};

// Shared (`Rc`), so that a host can take a callback out of options it keeps
// in a `RefCell` and call it with no borrow held: a callback may render
// the component, which replaces the options.
/// The `on_message` callback.
pub type OnMessage<T> = Rc<dyn Fn(T)>;
/// The `on_event` callback.
pub type OnEvent = Rc<dyn Fn(&ConnectionEvent)>;
/// The `on_error` callback, for a codec whose error is `E`.
pub type OnError<E> = Rc<dyn Fn(CodecError<E>)>;

/// Options of a `use_websocket` hook: how to connect and reconnect, how
/// values become messages, and who hears of every message.
///
/// | setting | default |
/// |---|---|
/// | [`builder`](Self::with_builder) | [`ReconnectingBuilder::new`]: the library's defaults (backoff 500 ms doubling to 30 s with jitter, retry forever, a queue of 100 messages / 1 MiB, no heartbeat) |
/// | codec | [`Text`] (`String`s) with [`new`](Self::new); yours with [`typed`](Self::typed) |
/// | [`immediate`](Self::with_immediate) | `true`: connects once the component is mounted |
/// | [`on_message`](Self::with_on_message) | none: only the latest message is kept, in the hook's handle |
/// | [`on_event`](Self::with_on_event) | none: only the latest event is kept, in the hook's handle |
/// | [`on_error`](Self::with_on_error) | none: a message that cannot be read or decoded is logged to the console as a warning |
///
/// Every setting of the reconnecting socket is in the builder: subprotocols
/// and connect timeout (its socket template), backoff, retry limits,
/// reconnect policy, offline queue, heartbeat, idle timeout, URL or socket
/// provider, `on_open`. The hook's URL replaces the template's URL; a URL
/// or socket provider, if set, still decides each attempt's URL.
///
/// ```
/// use std::time::Duration;
/// use wasm_websocket::reconnect::{Backoff, Heartbeat, ReconnectingBuilder, RetryLimits};
/// use wasm_websocket_hooks_core::UseWebSocketOptions;
///
/// let options = UseWebSocketOptions::new()
///     .with_builder(
///         ReconnectingBuilder::new("")
///             .with_backoff(Backoff::new().with_max_delay(Duration::from_secs(10)))
///             .with_retry_limits(RetryLimits::new().with_max_retries(20))
///             .with_heartbeat(Heartbeat::new(Duration::from_secs(20), "ping"))
///             .with_idle_timeout(Duration::from_secs(45)),
///     )
///     .with_on_message(|text: String| println!("{text}"));
/// assert_eq!(options.builder().retry_limits().max_retries(), Some(20));
/// assert!(options.has_on_message());
/// ```
#[must_use = "options do nothing until given to `use_websocket`"]
pub struct UseWebSocketOptions<T = String, C: Codec<T> = Text> {
    parts: UseWebSocketParts<T, C>,
}

/// [`UseWebSocketOptions`] taken apart, for a hook that keeps its parts in
/// different places (the codec where the handle reaches it, the callbacks
/// with the task).
#[non_exhaustive]
pub struct UseWebSocketParts<T, C: Codec<T>> {
    /// The reconnecting socket's options.
    pub builder: ReconnectingBuilder,
    /// The codec.
    pub codec: C,
    /// Whether the socket starts once the component is mounted.
    pub immediate: bool,
    /// The `on_message` callback, if any.
    pub on_message: Option<OnMessage<T>>,
    /// The `on_event` callback, if any.
    pub on_event: Option<OnEvent>,
    /// The `on_error` callback, if any.
    pub on_error: Option<OnError<C::Error>>,
}

impl UseWebSocketOptions {
    /// The defaults, for text messages (`String`s, with the [`Text`]
    /// codec).
    ///
    /// ```
    /// let options = wasm_websocket_hooks_core::UseWebSocketOptions::new();
    /// assert!(options.immediate());
    /// assert!(!options.has_on_message());
    /// ```
    pub fn new() -> Self {
        Self::typed(Text)
    }
}

impl Default for UseWebSocketOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl<T, C: Codec<T>> UseWebSocketOptions<T, C> {
    /// The defaults, for values of type `T` that `codec` turns into
    /// messages and back: [`Json`] or [`MessagePack`] (features `json` and
    /// `msgpack` of wasm-websocket), [`Raw`](wasm_websocket::codec::Raw),
    /// or one of your own.
    ///
    /// [`Json`]: https://docs.rs/wasm-websocket/latest/wasm_websocket/codec/struct.Json.html
    /// [`MessagePack`]: https://docs.rs/wasm-websocket/latest/wasm_websocket/codec/struct.MessagePack.html
    ///
    /// ```
    /// use wasm_websocket::{codec::Codec, Message};
    /// use wasm_websocket_hooks_core::UseWebSocketOptions;
    ///
    /// /// Numbers as decimal text.
    /// struct Decimal;
    ///
    /// impl Codec<u64> for Decimal {
    ///     type Error = std::num::ParseIntError;
    ///     fn encode(&self, value: &u64) -> Result<Message, Self::Error> {
    ///         Ok(Message::text(value.to_string()))
    ///     }
    ///     fn decode(&self, message: &Message) -> Result<u64, Self::Error> {
    ///         String::from_utf8_lossy(message.as_bytes()).parse()
    ///     }
    /// }
    ///
    /// let options = UseWebSocketOptions::<u64, _>::typed(Decimal);
    /// assert_eq!(options.codec().decode(&Message::text("42")).unwrap(), 42);
    /// ```
    pub fn typed(codec: C) -> Self {
        let parts = UseWebSocketParts {
            builder: ReconnectingBuilder::new(""),
            codec,
            immediate: true,
            on_message: None,
            on_event: None,
            on_error: None,
        };
        Self { parts }
    }

    /// Sets the reconnecting socket's options: every socket the hook starts
    /// is this builder with the hook's URL. Default:
    /// [`ReconnectingBuilder::new`], the library's defaults.
    ///
    /// ```
    /// use wasm_websocket::{reconnect::QueueConfig, WebSocket};
    /// use wasm_websocket_hooks_core::UseWebSocketOptions;
    ///
    /// let options = UseWebSocketOptions::new().with_builder(
    ///     WebSocket::builder("").with_protocols(["chat.v1"]).reconnecting()
    ///         .with_queue(QueueConfig::new().with_capacity(1000)),
    /// );
    /// assert_eq!(options.builder().socket().protocols(), ["chat.v1"]);
    /// assert_eq!(options.builder().queue().capacity(), 1000);
    /// ```
    pub fn with_builder(mut self, builder: ReconnectingBuilder) -> Self {
        self.parts.builder = builder;
        self
    }

    /// The reconnecting socket's options.
    pub fn builder(&self) -> &ReconnectingBuilder {
        &self.parts.builder
    }

    /// The codec.
    pub fn codec(&self) -> &C {
        &self.parts.codec
    }

    /// Whether the socket starts as soon as the component is mounted.
    /// Default: `true`. With `false`, nothing connects until the handle's
    /// `open` or `reconnect`.
    ///
    /// ```
    /// let options = wasm_websocket_hooks_core::UseWebSocketOptions::new().with_immediate(false);
    /// assert!(!options.immediate());
    /// ```
    pub fn with_immediate(mut self, immediate: bool) -> Self {
        self.parts.immediate = immediate;
        self
    }

    /// Whether the socket starts once the component is mounted.
    pub fn immediate(&self) -> bool {
        self.parts.immediate
    }

    /// Calls `on_message` with every value that arrives, in order, however
    /// many arrive at once (the hook's handle keeps only the latest).
    /// Default: none.
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// use wasm_websocket_hooks_core::UseWebSocketOptions;
    ///
    /// let log = Rc::new(RefCell::new(Vec::new()));
    /// let options = UseWebSocketOptions::new().with_on_message({
    ///     let log = Rc::clone(&log);
    ///     move |text| log.borrow_mut().push(text)
    /// });
    /// let on_message = options.on_message().expect("set");
    /// on_message("a".to_owned());
    /// on_message("b".to_owned());
    /// assert_eq!(*log.borrow(), ["a", "b"]);
    /// ```
    pub fn with_on_message(mut self, on_message: impl Fn(T) + 'static) -> Self {
        self.parts.on_message = Some(Rc::new(on_message));
        self
    }

    /// The `on_message` callback, if one is set.
    pub fn on_message(&self) -> Option<&OnMessage<T>> {
        self.parts.on_message.as_ref()
    }

    /// Whether an `on_message` callback is set.
    pub fn has_on_message(&self) -> bool {
        self.parts.on_message.is_some()
    }

    /// Calls `on_event` with every [`ConnectionEvent`], in order: each
    /// attempt, open, close, scheduled retry, give-up, and the messages
    /// handed back unsent when the socket is closed
    /// ([`ConnectionEvent::Unsent`]). Default: none.
    ///
    /// ```
    /// use wasm_websocket::reconnect::ConnectionEvent;
    /// use wasm_websocket_hooks_core::UseWebSocketOptions;
    ///
    /// let options = UseWebSocketOptions::new().with_on_event(|event| {
    ///     if let ConnectionEvent::Unsent(messages) = event {
    ///         println!("{} messages were never sent", messages.len());
    ///     }
    /// });
    /// assert!(options.has_on_event());
    /// ```
    pub fn with_on_event(mut self, on_event: impl Fn(&ConnectionEvent) + 'static) -> Self {
        self.parts.on_event = Some(Rc::new(on_event));
        self
    }

    /// The `on_event` callback, if one is set.
    pub fn on_event(&self) -> Option<&OnEvent> {
        self.parts.on_event.as_ref()
    }

    /// Whether an `on_event` callback is set.
    pub fn has_on_event(&self) -> bool {
        self.parts.on_event.is_some()
    }

    /// Calls `on_error` with every message that could not be read
    /// ([`CodecError::Socket`]) or decoded ([`CodecError::Decode`], with the
    /// message itself). Default: none, and such errors are logged to the
    /// browser console as warnings.
    ///
    /// ```
    /// use wasm_websocket_hooks_core::UseWebSocketOptions;
    ///
    /// let options = UseWebSocketOptions::new()
    ///     .with_on_error(|error| eprintln!("{error}: {:?}", error.message()));
    /// assert!(options.has_on_error());
    /// ```
    pub fn with_on_error(mut self, on_error: impl Fn(CodecError<C::Error>) + 'static) -> Self {
        self.parts.on_error = Some(Rc::new(on_error));
        self
    }

    /// The `on_error` callback, if one is set.
    pub fn on_error(&self) -> Option<&OnError<C::Error>> {
        self.parts.on_error.as_ref()
    }

    /// Whether an `on_error` callback is set.
    pub fn has_on_error(&self) -> bool {
        self.parts.on_error.is_some()
    }

    /// The options taken apart.
    ///
    /// ```
    /// let parts = wasm_websocket_hooks_core::UseWebSocketOptions::new()
    ///     .with_immediate(false)
    ///     .into_parts();
    /// assert!(!parts.immediate);
    /// assert!(parts.on_message.is_none());
    /// ```
    pub fn into_parts(self) -> UseWebSocketParts<T, C> {
        self.parts
    }
}

impl<T, C: Codec<T> + fmt::Debug> fmt::Debug for UseWebSocketOptions<T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.parts.fmt_as("UseWebSocketOptions", f)
    }
}

impl<T, C: Codec<T> + fmt::Debug> fmt::Debug for UseWebSocketParts<T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_as("UseWebSocketParts", f)
    }
}

impl<T, C: Codec<T> + fmt::Debug> UseWebSocketParts<T, C> {
    /// Debug output under `name`: whether each callback is set, since a
    /// closure has nothing to show.
    fn fmt_as(&self, name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(name)
            .field("builder", &self.builder)
            .field("codec", &self.codec)
            .field("immediate", &self.immediate)
            .field("on_message", &self.on_message.is_some())
            .field("on_event", &self.on_event.is_some())
            .field("on_error", &self.on_error.is_some())
            .finish()
    }
}
