//! The hook's own codecs: [`Text`], the default, and [`Raw`]. Any
//! [`Codec`] of the library works too: [`Json`] and [`MessagePack`]
//! (features `json` and `msgpack` of wasm-websocket), or one of your own.
//!
//! [`Json`]: https://docs.rs/wasm-websocket/latest/wasm_websocket/codec/struct.Json.html
//! [`MessagePack`]: https://docs.rs/wasm-websocket/latest/wasm_websocket/codec/struct.MessagePack.html
//!
//! The same file is in both hooks crates (Leptos and Yew).

use std::convert::Infallible;
use std::str::Utf8Error;

use wasm_websocket::codec::Codec;
use wasm_websocket::Message;

/// Messages as `String`s: the default codec.
///
/// A value is sent as a text message. A text message decodes as it is; a
/// binary one decodes if its bytes are UTF-8 (some servers send text as
/// binary) and is an error otherwise, which goes to the `on_error`
/// callback: nothing is turned into replacement characters unasked.
///
/// ```
/// use wasm_websocket::{codec::Codec, Message};
#[doc = concat!("use ", env!("CARGO_CRATE_NAME"), "::Text;")]
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

/// [`Message`]s as they are, text or binary: for a component that handles
/// both kinds itself. Nothing fails to decode, and
/// `send` takes anything that converts into a `Message` (`&str`, `String`,
/// `Vec<u8>`, `&[u8]`).
///
/// ```
/// use wasm_websocket::{codec::Codec, Message};
#[doc = concat!("use ", env!("CARGO_CRATE_NAME"), "::Raw;")]
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
    fn text_round_trips_and_takes_utf8_binary() {
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
