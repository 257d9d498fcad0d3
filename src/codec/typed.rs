//! [`Typed`]: a socket that sends and receives values through a codec.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures_core::{FusedStream, Stream};
use futures_sink::Sink;

use super::{Codec, CodecError};
use crate::error::Error;
use crate::message::Message;

/// A socket of the crate seen through a [`Codec`]: a `Stream` of
/// `Result<T, CodecError>` and a `Sink` of `T`.
///
/// It wraps whatever it is given: a [`WebSocket`](crate::WebSocket), either
/// half of one, a [`ReconnectingWebSocket`](crate::reconnect::ReconnectingWebSocket)
/// or a [`ReconnectingSender`](crate::reconnect::ReconnectingSender) (the
/// `Stream` needs a socket that receives, the `Sink` one that sends). The
/// socket's own methods stay at hand through [`get_ref`](Self::get_ref).
///
/// - Each message is decoded as it is read; one that does not decode is a
///   [`CodecError::Decode`] carrying the message, and the stream goes on.
/// - The socket's own errors come through as [`CodecError::Socket`], and
///   its end (`None`) as the stream's end.
/// - Sending encodes first: a value the codec refuses is
///   [`CodecError::Encode`] and nothing is sent. Backpressure and flushing
///   are the socket's own.
///
/// ```no_run
/// # #[cfg(feature = "json")]
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use futures::{SinkExt, StreamExt};
/// use serde::{Deserialize, Serialize};
/// use wasm_websocket::{codec::{Json, Typed}, WebSocket};
///
/// #[derive(Debug, PartialEq, Serialize, Deserialize)]
/// struct Chat { from: String, text: String }
///
/// let ws = WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
/// let mut chat = Typed::<Chat, _, _>::new(ws, Json);
/// chat.send(Chat { from: "ann".into(), text: "hi".into() }).await?;
/// let echoed = chat.next().await.transpose()?;
/// assert_eq!(echoed.map(|c| c.text), Some("hi".to_owned()));
/// # Ok(())
/// # }
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct Typed<T, S, C> {
    inner: S,
    codec: C,
    // `fn() -> T`: the wrapper neither owns nor borrows a `T`, so it is
    // `Send`/`Sync` and `Unpin` as `S` and `C` are, whatever `T` is.
    value: PhantomData<fn() -> T>,
}

impl<T, S, C> Typed<T, S, C> {
    /// `inner`, seen through `codec`.
    pub fn new(inner: S, codec: C) -> Self {
        Self {
            inner,
            codec,
            value: PhantomData,
        }
    }

    /// The socket.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The socket, to use it untyped for a while.
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// The codec.
    pub fn codec(&self) -> &C {
        &self.codec
    }

    /// The socket back, and the codec.
    pub fn into_parts(self) -> (S, C) {
        (self.inner, self.codec)
    }
}

impl<T, S, C> Stream for Typed<T, S, C>
where
    S: Stream<Item = Result<Message, Error>> + Unpin,
    C: Codec<T> + Unpin,
{
    type Item = Result<T, CodecError<C::Error>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let item = match ready!(Pin::new(&mut this.inner).poll_next(cx)) {
            None => return Poll::Ready(None),
            Some(Err(error)) => Err(CodecError::Socket(error)),
            Some(Ok(message)) => match this.codec.decode(&message) {
                Ok(value) => Ok(value),
                Err(source) => Err(CodecError::Decode { message, source }),
            },
        };
        Poll::Ready(Some(item))
    }
}

impl<T, S, C> FusedStream for Typed<T, S, C>
where
    S: FusedStream<Item = Result<Message, Error>> + Unpin,
    C: Codec<T> + Unpin,
{
    fn is_terminated(&self) -> bool {
        self.inner.is_terminated()
    }
}

impl<T, S, C> Sink<T> for Typed<T, S, C>
where
    S: Sink<Message, Error = Error> + Unpin,
    C: Codec<T> + Unpin,
{
    type Error = CodecError<C::Error>;

    fn poll_ready(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Pin::new(&mut self.get_mut().inner)
            .poll_ready(cx)
            .map_err(CodecError::Socket)
    }

    fn start_send(self: Pin<&mut Self>, value: T) -> Result<(), Self::Error> {
        let this = self.get_mut();
        let message = this.codec.encode(&value).map_err(CodecError::Encode)?;
        Pin::new(&mut this.inner)
            .start_send(message)
            .map_err(CodecError::Socket)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Pin::new(&mut self.get_mut().inner)
            .poll_flush(cx)
            .map_err(CodecError::Socket)
    }

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Pin::new(&mut self.get_mut().inner)
            .poll_close(cx)
            .map_err(CodecError::Socket)
    }
}

impl<T, S: fmt::Debug, C: fmt::Debug> fmt::Debug for Typed<T, S, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Typed")
            .field("inner", &self.inner)
            .field("codec", &self.codec)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::block_on;
    use futures::{SinkExt, StreamExt};

    /// Bytes as their length, for tests: decoding fails on text.
    struct Length;

    #[derive(Debug, thiserror::Error, PartialEq)]
    #[error("not binary")]
    struct NotBinary;

    impl Codec<usize> for Length {
        type Error = NotBinary;
        fn encode(&self, value: &usize) -> Result<Message, NotBinary> {
            Ok(Message::binary(vec![0u8; *value]))
        }
        fn decode(&self, message: &Message) -> Result<usize, NotBinary> {
            match message {
                Message::Binary(bytes) => Ok(bytes.len()),
                Message::Text(_) => Err(NotBinary),
            }
        }
    }

    #[test]
    fn a_message_that_does_not_decode_is_handed_back_and_the_stream_goes_on() {
        let items: Vec<Result<Message, Error>> = vec![
            Ok(Message::binary([1u8, 2])),
            Ok(Message::text("oops")),
            Err(Error::AlreadyClosed),
            Ok(Message::binary([])),
        ];
        let mut typed = Typed::<usize, _, _>::new(futures::stream::iter(items), Length);
        assert!(matches!(block_on(typed.next()), Some(Ok(2))));
        match block_on(typed.next()) {
            Some(Err(CodecError::Decode { message, source })) => {
                assert_eq!((message, source), (Message::text("oops"), NotBinary));
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
        assert!(matches!(
            block_on(typed.next()),
            Some(Err(CodecError::Socket(Error::AlreadyClosed)))
        ));
        assert!(matches!(block_on(typed.next()), Some(Ok(0))));
        assert!(block_on(typed.next()).is_none());
    }

    #[test]
    fn values_are_encoded_on_the_way_out() {
        let (sender, mut receiver) = futures::channel::mpsc::unbounded::<Message>();
        let sink = sender.sink_map_err(|_| Error::AlreadyClosed);
        let mut typed = Typed::<usize, _, _>::new(sink, Length);
        block_on(typed.send(3)).expect("sent");
        assert_eq!(block_on(receiver.next()), Some(Message::binary([0u8; 3])));
        drop(typed);
        assert_eq!(block_on(receiver.next()), None);
    }
}
