//! [`Text`]: messages as `String`s.

use std::str::Utf8Error;

use super::Codec;
use crate::message::Message;

/// Messages as `String`s.
///
/// A value is sent as a text message. A text message decodes as it is; a
/// binary one decodes if its bytes are UTF-8 (some servers send text as
/// binary) and is an error otherwise: nothing is turned into replacement
/// characters unasked.
///
/// The error type is the decoding error, [`Utf8Error`]: encoding a
/// `String` never fails, and a [`Codec`] has one error type for both
/// directions.
///
/// ```
/// use wasm_websocket::{codec::{Codec, Text}, Message};
///
/// assert_eq!(Text.encode(&"hi".to_owned()).unwrap(), Message::text("hi"));
/// assert_eq!(Text.decode(&Message::binary(*b"ok")).unwrap(), "ok");
/// assert!(Text.decode(&Message::binary([0xff])).is_err());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Text;

impl Codec<String> for Text {
    type Error = Utf8Error;

    fn encode(&self, value: &String) -> Result<Message, Utf8Error> {
        Ok(Message::text(value.as_str()))
    }

    fn decode(&self, message: &Message) -> Result<String, Utf8Error> {
        match message {
            Message::Text(text) => Ok(text.clone()),
            Message::Binary(bytes) => std::str::from_utf8(bytes).map(str::to_owned),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trips_and_utf8_binary_decodes() {
        let message = Text.encode(&"ünïcödé ✓".to_owned()).expect("encodes");
        assert!(message.is_text());
        assert_eq!(Text.decode(&message).expect("decodes"), "ünïcödé ✓");
        assert_eq!(
            Text.decode(&Message::binary("ünï".as_bytes()))
                .expect("decodes"),
            "ünï"
        );
        assert_eq!(Text.decode(&Message::text("")).expect("decodes"), "");
    }

    #[test]
    fn binary_that_is_not_utf8_is_an_error() {
        let error = Text
            .decode(&Message::binary([b'o', b'k', 0xc3]))
            .expect_err("not UTF-8");
        assert_eq!(error.valid_up_to(), 2);
    }
}
