//! [`Raw`]: messages as they are.

use std::convert::Infallible;

use super::Codec;
use crate::message::Message;

/// [`Message`]s as they are, text or binary: for code that handles both
/// kinds itself, where a typed API asks for a codec. Nothing fails to
/// encode or decode.
///
/// ```
/// use wasm_websocket::{codec::{Codec, Raw}, Message};
///
/// let message = Message::binary([1u8, 2, 3]);
/// assert_eq!(Raw.decode(&message), Ok(message.clone()));
/// assert_eq!(Raw.encode(&message), Ok(message));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Raw;

impl Codec<Message> for Raw {
    type Error = Infallible;

    fn encode(&self, value: &Message) -> Result<Message, Infallible> {
        Ok(value.clone())
    }

    fn decode(&self, message: &Message) -> Result<Message, Infallible> {
        Ok(message.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_keeps_the_kind_of_message() {
        for message in [
            Message::text("a"),
            Message::binary([0u8]),
            Message::text(""),
        ] {
            assert_eq!(Raw.decode(&message), Ok(message.clone()));
            assert_eq!(Raw.encode(&message), Ok(message));
        }
    }
}
