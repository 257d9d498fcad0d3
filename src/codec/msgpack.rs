//! [`MessagePack`]: serde values as MessagePack binary messages.

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::Codec;
use crate::message::Message;

/// Values as [MessagePack](https://msgpack.org), with rmp-serde: compact
/// binary messages that servers in most languages can read. Structs are
/// encoded as maps (field names included), so that either side can add
/// optional fields without breaking the other. Feature `msgpack`.
///
/// ```
/// use serde::{Deserialize, Serialize};
/// use wasm_websocket::codec::{Codec, MessagePack};
///
/// #[derive(Debug, PartialEq, Serialize, Deserialize)]
/// struct Tick { price: u32 }
///
/// let message = MessagePack.encode(&Tick { price: 42 }).unwrap();
/// assert!(message.is_binary());
/// assert_eq!(Codec::<Tick>::decode(&MessagePack, &message).unwrap(), Tick { price: 42 });
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MessagePack;

/// Why a value could not be encoded as MessagePack, or a message decoded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MessagePackError {
    /// The value could not be encoded.
    #[error("could not encode as messagepack")]
    Encode(#[source] rmp_serde::encode::Error),
    /// The bytes are not the MessagePack of the expected type.
    #[error("could not decode messagepack")]
    Decode(#[source] rmp_serde::decode::Error),
    /// A text message arrived where MessagePack (binary) was expected.
    #[error("a text message is not messagepack")]
    NotBinary,
}

impl<T: Serialize + DeserializeOwned> Codec<T> for MessagePack {
    type Error = MessagePackError;

    fn encode(&self, value: &T) -> Result<Message, MessagePackError> {
        rmp_serde::to_vec_named(value)
            .map(Message::Binary)
            .map_err(MessagePackError::Encode)
    }

    fn decode(&self, message: &Message) -> Result<T, MessagePackError> {
        match message {
            Message::Binary(bytes) => {
                rmp_serde::from_slice(bytes).map_err(MessagePackError::Decode)
            }
            Message::Text(_) => Err(MessagePackError::NotBinary),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Tick {
        symbol: String,
        price: u64,
        sizes: Vec<u32>,
    }

    #[test]
    fn values_round_trip_as_binary_and_smaller_than_json() {
        let tick = Tick {
            symbol: "ABC".into(),
            price: 123_456,
            sizes: vec![1, 2, 3],
        };
        let message = MessagePack.encode(&tick).expect("encodes");
        assert!(message.is_binary());
        assert_eq!(
            Codec::<Tick>::decode(&MessagePack, &message).expect("decodes"),
            tick
        );
        #[cfg(feature = "json")]
        {
            let json = crate::codec::Json.encode(&tick).expect("encodes");
            assert!(
                message.len() < json.len(),
                "{} vs {}",
                message.len(),
                json.len()
            );
        }
    }

    #[test]
    fn text_and_bytes_of_another_shape_are_errors() {
        assert!(matches!(
            Codec::<Tick>::decode(&MessagePack, &Message::text("{}")),
            Err(MessagePackError::NotBinary)
        ));
        for bytes in [vec![], vec![0xc1], vec![0x93, 1, 2]] {
            assert!(matches!(
                Codec::<Tick>::decode(&MessagePack, &Message::binary(bytes)),
                Err(MessagePackError::Decode(_))
            ));
        }
    }
}
