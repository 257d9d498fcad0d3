//! What becomes of what the socket received: a value through the codec,
//! or an error that somebody hears of.

use wasm_websocket::codec::{Codec, CodecError};
use wasm_websocket::Message;

/// `item` through `codec`: the value, or why there is none. A message that
/// does not decode is handed back in [`CodecError::Decode`].
///
/// ```
/// use wasm_websocket::{codec::{CodecError, Text}, Message};
/// use wasm_websocket_hooks_core::decode;
///
/// assert_eq!(decode(&Text, Ok(Message::text("hi"))).unwrap(), "hi");
/// assert!(matches!(
///     decode(&Text, Ok(Message::binary([0xff]))),
///     Err(CodecError::Decode { message, .. }) if message == Message::binary([0xff])
/// ));
/// ```
pub fn decode<T, C: Codec<T>>(
    codec: &C,
    item: wasm_websocket::Result<Message>,
) -> Result<T, CodecError<C::Error>> {
    let message = item?;
    codec
        .decode(&message)
        .map_err(|source| CodecError::Decode { message, source })
}

/// Where an error goes when the component has no `on_error`: the browser
/// console, as a warning (`use_websocket: ` and the error with its
/// sources), so that it is not lost without a word.
pub fn warn_unhandled(error: &dyn std::error::Error) {
    web_sys::console::warn_1(&unhandled(error).into());
}

/// The warning's text.
fn unhandled(error: &dyn std::error::Error) -> String {
    let mut text = format!("use_websocket: {error}");
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use wasm_websocket::codec::Text;
    use wasm_websocket::Error;

    use super::*;

    #[test]
    fn decoding_hands_back_what_does_not_decode() {
        assert_eq!(
            decode(&Text, Ok(Message::text("hi"))).expect("decodes"),
            "hi"
        );
        match decode(&Text, Ok(Message::binary([0xff]))) {
            Err(CodecError::Decode { message, .. }) => {
                assert_eq!(message, Message::binary([0xff]));
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
        assert!(matches!(
            decode(&Text, Err(Error::AlreadyClosed)),
            Err(CodecError::Socket(Error::AlreadyClosed))
        ));
    }

    #[test]
    fn the_warning_names_every_cause() {
        let error = decode(&Text, Ok(Message::binary([0xff]))).expect_err("not UTF-8");
        let text = unhandled(&error);
        assert!(text.starts_with("use_websocket: "), "{text}");
        assert!(
            text.ends_with(&format!(": {}", error_source(&error))),
            "{text}"
        );
    }

    fn error_source(error: &dyn std::error::Error) -> String {
        error.source().map(ToString::to_string).unwrap_or_default()
    }
}
