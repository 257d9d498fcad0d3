//! `wasm-websocket`'s `WebSocket` driven only through the `futures` traits,
//! as generic code written against `S: Sink<Message>` drives it:
//! `SinkExt::send` for each message (it flushes after every item), and
//! `SinkExt::send_all` for a whole pipelined stream. `StreamExt::forward`
//! takes the same path as `send_all` but closes the sink once the stream
//! ends, and the browser drops what arrives after its close, so an echo
//! benchmark cannot use it; a browser test counts its timers instead.

use futures::{SinkExt, StreamExt};
use wasm_websocket::{WebSocket, WebSocketReceiver, WebSocketSender};

use super::ours::{binary_type, to_message, to_payload};
use super::{BinaryMode, Client};
use crate::payload::Payload;

pub struct Generic;

impl Client for Generic {
    const BLOB: bool = true;
    type Tx = WebSocketSender;
    type Rx = WebSocketReceiver;

    async fn connect(url: &str, mode: BinaryMode) -> Result<(Self::Tx, Self::Rx), String> {
        let ws = WebSocket::builder(url)
            .with_binary_type(binary_type(mode))
            .connect()
            .await
            .map_err(|error| error.to_string())?;
        Ok(ws.split())
    }

    async fn send(tx: &mut Self::Tx, payload: Payload) -> Result<(), String> {
        SinkExt::send(tx, to_message(payload))
            .await
            .map_err(|error| error.to_string())
    }

    async fn send_all(tx: &mut Self::Tx, payloads: Vec<Payload>) -> Result<(), String> {
        let mut messages = futures::stream::iter(payloads.into_iter().map(|p| Ok(to_message(p))));
        tx.send_all(&mut messages)
            .await
            .map_err(|error| error.to_string())
    }

    async fn receive(rx: &mut Self::Rx) -> Result<Payload, String> {
        match rx.next().await {
            Some(Ok(message)) => Ok(to_payload(message)),
            Some(Err(error)) => Err(error.to_string()),
            None => Err("the stream ended".to_owned()),
        }
    }

    async fn close(tx: Self::Tx, rx: Self::Rx) -> Result<(), String> {
        tx.close().map_err(|error| error.to_string())?;
        rx.closed().await;
        Ok(())
    }
}
