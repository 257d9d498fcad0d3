//! Typed messages: a [`Codec`] turns values into [`Message`]s and back, and
//! [`Typed`] wraps any socket of the crate (a [`WebSocket`](crate::WebSocket),
//! either half, a [`ReconnectingWebSocket`](crate::reconnect::ReconnectingWebSocket)
//! or its sender) into a `Stream` of decoded values and a `Sink` of values
//! to encode.
//!
//! Built in: [`Text`] (`String`s as text messages) and [`Raw`] (messages
//! as they are), and two behind a feature each: [`Json`] (`json`:
//! serde_json, text messages) and [`MessagePack`] (`msgpack`: rmp-serde,
//! binary messages). A codec of your own is a few lines:
//!
//! ```
//! use wasm_websocket::{codec::Codec, Message};
//!
//! /// Counters as decimal text.
//! struct Decimal;
//!
//! impl Codec<u64> for Decimal {
//!     type Error = std::num::ParseIntError;
//!
//!     fn encode(&self, value: &u64) -> Result<Message, Self::Error> {
//!         Ok(Message::text(value.to_string()))
//!     }
//!
//!     fn decode(&self, message: &Message) -> Result<u64, Self::Error> {
//!         String::from_utf8_lossy(message.as_bytes()).parse()
//!     }
//! }
//!
//! assert_eq!(Decimal.encode(&42).unwrap(), Message::text("42"));
//! assert_eq!(Decimal.decode(&Message::text("7")).unwrap(), 7);
//! assert!(Decimal.decode(&Message::text("seven")).is_err());
//! ```
//!
//! A message that does not decode is an error item that does not end the
//! stream, and it carries the message itself
//! ([`CodecError::Decode`]), so nothing is lost without a word.

mod error;
#[cfg(feature = "json")]
mod json;
#[cfg(feature = "msgpack")]
mod msgpack;
mod raw;
mod text;
mod typed;

pub use self::error::CodecError;
#[cfg(feature = "json")]
#[cfg_attr(docsrs, doc(cfg(feature = "json")))]
pub use self::json::Json;
#[cfg(feature = "msgpack")]
#[cfg_attr(docsrs, doc(cfg(feature = "msgpack")))]
pub use self::msgpack::{MessagePack, MessagePackError};
pub use self::raw::Raw;
pub use self::text::Text;
pub use self::typed::Typed;

use crate::message::Message;

/// How values of type `T` become [`Message`]s and back.
///
/// `decode` borrows the message, so that a message that fails to decode
/// can be handed back whole in [`CodecError::Decode`].
pub trait Codec<T> {
    /// Why a value could not be encoded, or a message decoded.
    type Error: std::error::Error + 'static;

    /// The message that carries `value`.
    fn encode(&self, value: &T) -> Result<Message, Self::Error>;

    /// The value `message` carries.
    fn decode(&self, message: &Message) -> Result<T, Self::Error>;
}
