//! ws_stream_wasm's `WsMeta` (control) and `WsStream` (a Sink and Stream,
//! split with `StreamExt::split`). It always receives in ArrayBuffer mode.

use futures::stream::{SplitSink, SplitStream};
use futures::{SinkExt, StreamExt};
use ws_stream_wasm::{WsMessage, WsMeta, WsStream};

use super::{BinaryMode, Client};
use crate::payload::Payload;

pub struct WsStreamWasm;

pub struct Tx {
    meta: WsMeta,
    sink: SplitSink<WsStream, WsMessage>,
}

impl Client for WsStreamWasm {
    const BLOB: bool = false;
    type Tx = Tx;
    type Rx = SplitStream<WsStream>;

    async fn connect(url: &str, _mode: BinaryMode) -> Result<(Self::Tx, Self::Rx), String> {
        let (meta, stream) = WsMeta::connect(url, None)
            .await
            .map_err(|error| error.to_string())?;
        let (sink, stream) = stream.split();
        Ok((Tx { meta, sink }, stream))
    }

    async fn send(tx: &mut Self::Tx, payload: Payload) -> Result<(), String> {
        let message = match payload {
            Payload::Text(text) => WsMessage::Text(text),
            Payload::Binary(bytes) => WsMessage::Binary(bytes),
        };
        tx.sink
            .send(message)
            .await
            .map_err(|error| error.to_string())
    }

    async fn receive(rx: &mut Self::Rx) -> Result<Payload, String> {
        match rx.next().await {
            Some(WsMessage::Text(text)) => Ok(Payload::Text(text)),
            Some(WsMessage::Binary(bytes)) => Ok(Payload::Binary(bytes)),
            None => Err("the stream ended".to_owned()),
        }
    }

    /// `WsMeta::close` resolves with the close event.
    async fn close(tx: Self::Tx, rx: Self::Rx) -> Result<(), String> {
        let result = tx.meta.close().await.map_err(|error| error.to_string());
        drop((tx.sink, rx));
        result.map(drop)
    }
}
