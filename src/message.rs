//! [`Message`]: what travels over the socket, text or bytes.

use std::fmt;

/// One WebSocket message: UTF-8 text or binary data.
///
/// Binary messages arrive as bytes whether the socket receives `ArrayBuffer`s
/// or `Blob`s (see [`BinaryType`](crate::BinaryType)).
///
/// ```
/// use wasm_websocket::Message;
///
/// let text = Message::from("hello");
/// assert!(text.is_text());
/// assert_eq!(text.as_text(), Some("hello"));
///
/// let bytes = Message::binary([1u8, 2, 3]);
/// assert!(bytes.is_binary());
/// assert_eq!(bytes.len(), 3);
/// assert_eq!(bytes.into_data(), vec![1, 2, 3]);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
// Exhaustive on purpose: a browser hands a page exactly these two kinds
// (pings, pongs and close frames never reach it), so matching on both is
// complete for good.
pub enum Message {
    /// A text message.
    Text(String),
    /// A binary message.
    Binary(Vec<u8>),
}

impl Message {
    /// A text message.
    ///
    /// ```
    /// assert_eq!(wasm_websocket::Message::text("hi").as_text(), Some("hi"));
    /// ```
    pub fn text(text: impl Into<String>) -> Self {
        Message::Text(text.into())
    }

    /// A binary message.
    ///
    /// ```
    /// assert_eq!(wasm_websocket::Message::binary(vec![7u8]).as_bytes(), &[7]);
    /// ```
    pub fn binary(bytes: impl Into<Vec<u8>>) -> Self {
        Message::Binary(bytes.into())
    }

    /// Whether this is a text message.
    ///
    /// ```
    /// assert!(wasm_websocket::Message::text("").is_text());
    /// ```
    pub fn is_text(&self) -> bool {
        matches!(self, Message::Text(_))
    }

    /// Whether this is a binary message.
    ///
    /// ```
    /// assert!(wasm_websocket::Message::binary(vec![]).is_binary());
    /// ```
    pub fn is_binary(&self) -> bool {
        matches!(self, Message::Binary(_))
    }

    /// The length in bytes (UTF-8 bytes for text).
    ///
    /// ```
    /// assert_eq!(wasm_websocket::Message::text("€").len(), 3);
    /// ```
    pub fn len(&self) -> usize {
        self.as_bytes().len()
    }

    /// Whether the message has no content.
    ///
    /// ```
    /// assert!(wasm_websocket::Message::text("").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The text, if this is a text message.
    ///
    /// ```
    /// use wasm_websocket::Message;
    /// assert_eq!(Message::binary(vec![104, 105]).as_text(), None);
    /// ```
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Message::Text(text) => Some(text),
            Message::Binary(_) => None,
        }
    }

    /// The content as bytes (UTF-8 for text).
    ///
    /// ```
    /// assert_eq!(wasm_websocket::Message::text("hi").as_bytes(), b"hi");
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Message::Text(text) => text.as_bytes(),
            Message::Binary(bytes) => bytes,
        }
    }

    /// The content as bytes, without copying (UTF-8 for text).
    ///
    /// ```
    /// assert_eq!(wasm_websocket::Message::text("hi").into_data(), b"hi".to_vec());
    /// ```
    pub fn into_data(self) -> Vec<u8> {
        match self {
            Message::Text(text) => text.into_bytes(),
            Message::Binary(bytes) => bytes,
        }
    }

    /// The text, if this is a text message, else the message back.
    ///
    /// ```
    /// use wasm_websocket::Message;
    /// assert_eq!(Message::text("hi").into_text(), Ok("hi".to_string()));
    /// assert!(Message::binary(vec![1u8]).into_text().is_err());
    /// ```
    pub fn into_text(self) -> Result<String, Message> {
        match self {
            Message::Text(text) => Ok(text),
            other => Err(other),
        }
    }
}

// Long binary messages would flood logs; show their length and first bytes.
impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 32;
        match self {
            Message::Text(text) if text.len() <= 4 * SHOWN => {
                f.debug_tuple("Text").field(text).finish()
            }
            Message::Text(text) => write!(f, "Text({} bytes)", text.len()),
            Message::Binary(bytes) if bytes.len() <= SHOWN => {
                f.debug_tuple("Binary").field(bytes).finish()
            }
            Message::Binary(bytes) => {
                write!(f, "Binary({} bytes: {:?}..)", bytes.len(), &bytes[..SHOWN])
            }
        }
    }
}

impl From<String> for Message {
    fn from(text: String) -> Self {
        Message::Text(text)
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Self {
        Message::Text(text.to_owned())
    }
}

impl From<&String> for Message {
    fn from(text: &String) -> Self {
        Message::Text(text.clone())
    }
}

impl From<Vec<u8>> for Message {
    fn from(bytes: Vec<u8>) -> Self {
        Message::Binary(bytes)
    }
}

impl From<&[u8]> for Message {
    fn from(bytes: &[u8]) -> Self {
        Message::Binary(bytes.to_vec())
    }
}

impl<const N: usize> From<[u8; N]> for Message {
    fn from(bytes: [u8; N]) -> Self {
        Message::Binary(bytes.to_vec())
    }
}

impl<const N: usize> From<&[u8; N]> for Message {
    fn from(bytes: &[u8; N]) -> Self {
        Message::Binary(bytes.to_vec())
    }
}

impl From<Message> for Vec<u8> {
    fn from(message: Message) -> Self {
        message.into_data()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_keep_the_kind() {
        assert_eq!(Message::from("a"), Message::Text("a".into()));
        assert_eq!(Message::from(String::from("a")), Message::Text("a".into()));
        assert_eq!(Message::from(&b"ab"[..]), Message::Binary(vec![97, 98]));
        assert_eq!(Message::from([1u8, 2]), Message::Binary(vec![1, 2]));
        assert_eq!(Message::from(b"ab"), Message::Binary(vec![97, 98]));
        assert_eq!(Vec::<u8>::from(Message::text("ab")), vec![97, 98]);
    }

    #[test]
    fn debug_of_large_messages_is_short() {
        let big = Message::binary(vec![0u8; 1 << 20]);
        let shown = format!("{big:?}");
        assert!(shown.starts_with("Binary(1048576 bytes"), "{shown}");
        assert!(shown.len() < 200);
        assert_eq!(format!("{:?}", Message::text("hi")), "Text(\"hi\")");
        assert_eq!(
            format!("{:?}", Message::text("x".repeat(1000))),
            "Text(1000 bytes)"
        );
    }
}
