//! [`Json`]: serde values as JSON text messages.

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::Codec;
use crate::message::Message;

/// Values as JSON, with serde: encoded as text messages; decoded from text
/// messages, and from binary ones that hold UTF-8 JSON (some servers send
/// JSON as binary). Feature `json`.
///
/// ```
/// use serde::{Deserialize, Serialize};
/// use wasm_websocket::{codec::{Codec, Json}, Message};
///
/// #[derive(Debug, PartialEq, Serialize, Deserialize)]
/// struct Chat { from: String, text: String }
///
/// let chat = Chat { from: "ann".into(), text: "hi".into() };
/// let message = Json.encode(&chat).unwrap();
/// assert_eq!(message, Message::text(r#"{"from":"ann","text":"hi"}"#));
/// assert_eq!(Codec::<Chat>::decode(&Json, &message).unwrap(), chat);
/// assert!(Codec::<Chat>::decode(&Json, &Message::text("{}")).is_err());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Json;

impl<T: Serialize + DeserializeOwned> Codec<T> for Json {
    type Error = serde_json::Error;

    fn encode(&self, value: &T) -> Result<Message, serde_json::Error> {
        serde_json::to_string(value).map(Message::Text)
    }

    fn decode(&self, message: &Message) -> Result<T, serde_json::Error> {
        match message {
            Message::Text(text) => serde_json::from_str(text),
            Message::Binary(bytes) => serde_json::from_slice(bytes),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    enum Event {
        Joined { name: String },
        Left(u32),
    }

    fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: T) {
        let message = Json.encode(&value).expect("encodes");
        assert!(message.is_text());
        assert_eq!(Codec::<T>::decode(&Json, &message).expect("decodes"), value);
    }

    #[test]
    fn values_round_trip_as_text() {
        round_trip(Event::Joined { name: "ann".into() });
        round_trip(Event::Left(7));
        round_trip(vec![1.5f64, -2.0]);
        round_trip(BTreeMap::from([
            ("a".to_owned(), Some(1u8)),
            ("b".to_owned(), None),
        ]));
        round_trip("ünïcödé ✓".to_owned());
    }

    #[test]
    fn json_in_a_binary_message_decodes_too() {
        let message = Message::binary(br#"{"Left":3}"#.to_vec());
        assert_eq!(
            Codec::<Event>::decode(&Json, &message).expect("decodes"),
            Event::Left(3)
        );
    }

    #[test]
    fn what_does_not_fit_the_type_is_an_error() {
        for text in ["", "{", r#"{"Left":"x"}"#, r#"{"Unknown":1}"#, "[]"] {
            assert!(
                Codec::<Event>::decode(&Json, &Message::text(text)).is_err(),
                "{text}"
            );
        }
    }

    #[test]
    fn a_map_with_keys_json_cannot_hold_does_not_encode() {
        let map = BTreeMap::from([((1u8, 2u8), 3u8)]);
        assert!(Json.encode(&map).is_err());
    }
}
