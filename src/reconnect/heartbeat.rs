//! [`Heartbeat`]: the message a reconnecting socket sends every interval
//! while open, so that a server that answers it keeps an idle timeout from
//! firing. When it is due, and when a silent connection is dead, is decided
//! by the core (`core::liveness`); this is what the user configures.

use std::fmt;
use std::rc::Rc;
use std::time::Duration;

use crate::message::Message;

type ReplyFilter = Rc<dyn Fn(&Message) -> bool>;

/// A message sent every `interval` while a connection is open, so that a
/// server that answers it keeps an [`idle_timeout`] from firing.
///
/// Replies are ordinary messages: they reach the message stream unless
/// [`with_reply`](Self::with_reply) says how to recognise (and hide) them.
///
/// | setting | default |
/// |---|---|
/// | interval, message | given to [`new`](Self::new); zero is refused when the socket starts |
/// | [`with_reply`](Self::with_reply) | none: every message is delivered |
///
/// [`idle_timeout`]: super::ReconnectingBuilder::with_idle_timeout
///
/// ```
/// use std::time::Duration;
/// use wasm_websocket::{reconnect::Heartbeat, Message};
///
/// let heartbeat = Heartbeat::new(Duration::from_secs(15), "ping")
///     .with_reply(|message| message.as_text() == Some("pong"));
/// assert_eq!(heartbeat.interval(), Duration::from_secs(15));
/// assert_eq!(heartbeat.message(), &Message::text("ping"));
/// assert!(heartbeat.is_reply(&Message::text("pong")));
/// assert!(!heartbeat.is_reply(&Message::text("news")));
/// ```
#[derive(Clone)]
pub struct Heartbeat {
    interval: Duration,
    message: Message,
    reply: Option<ReplyFilter>,
}

impl Heartbeat {
    /// Sends `message` every `interval` while open, the first one `interval`
    /// after the open.
    ///
    /// A zero interval would be a busy loop of timers:
    /// [`ReconnectingBuilder::start`](super::ReconnectingBuilder::start)
    /// refuses it with [`Error::InvalidOption`](crate::Error::InvalidOption).
    /// Any other interval is honoured, up to [`Duration::MAX`] (a heartbeat
    /// that never comes).
    ///
    /// ```
    /// use std::time::Duration;
    /// let heartbeat = wasm_websocket::reconnect::Heartbeat::new(Duration::from_secs(20), vec![0u8]);
    /// assert_eq!(heartbeat.interval(), Duration::from_secs(20));
    /// ```
    pub fn new(interval: Duration, message: impl Into<Message>) -> Self {
        Self {
            interval,
            message: message.into(),
            reply: None,
        }
    }

    /// Messages for which `is_reply` is true are the server's answers to the
    /// heartbeat: they count as traffic for the idle timeout but are not
    /// put in the message stream.
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::{reconnect::Heartbeat, Message};
    ///
    /// let heartbeat = Heartbeat::new(Duration::from_secs(10), "ping")
    ///     .with_reply(|message| message.as_text() == Some("ping"));
    /// assert!(heartbeat.is_reply(&Message::text("ping")));
    /// ```
    pub fn with_reply(mut self, is_reply: impl Fn(&Message) -> bool + 'static) -> Self {
        self.reply = Some(Rc::new(is_reply));
        self
    }

    /// How often the message is sent.
    ///
    /// ```
    /// use std::time::Duration;
    /// let heartbeat = wasm_websocket::reconnect::Heartbeat::new(Duration::from_secs(5), "ping");
    /// assert_eq!(heartbeat.interval(), Duration::from_secs(5));
    /// ```
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// The message sent.
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::{reconnect::Heartbeat, Message};
    /// let heartbeat = Heartbeat::new(Duration::from_secs(5), vec![1u8, 2]);
    /// assert_eq!(heartbeat.message(), &Message::binary(vec![1u8, 2]));
    /// ```
    pub fn message(&self) -> &Message {
        &self.message
    }

    /// Whether `message` is a reply to hide (always false without
    /// [`with_reply`](Self::with_reply)).
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::{reconnect::Heartbeat, Message};
    /// let heartbeat = Heartbeat::new(Duration::from_secs(5), "ping");
    /// assert!(!heartbeat.is_reply(&Message::text("ping")));
    /// ```
    pub fn is_reply(&self, message: &Message) -> bool {
        self.reply
            .as_ref()
            .is_some_and(|is_reply| is_reply(message))
    }
}

impl fmt::Debug for Heartbeat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Heartbeat")
            .field("interval", &self.interval)
            .field("message", &self.message)
            .field("hides_replies", &self.reply.is_some())
            .finish()
    }
}
