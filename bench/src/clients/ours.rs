//! `wasm-websocket`'s `WebSocket`, split into its two halves.

use futures::StreamExt;
use wasm_websocket::{BinaryType, Message, WebSocket, WebSocketReceiver, WebSocketSender};

use super::{BinaryMode, Client};
use crate::payload::Payload;

pub struct Ours;

pub(crate) fn binary_type(mode: BinaryMode) -> BinaryType {
    match mode {
        BinaryMode::ArrayBuffer => BinaryType::ArrayBuffer,
        BinaryMode::Blob => BinaryType::Blob,
    }
}

pub(crate) fn to_message(payload: Payload) -> Message {
    match payload {
        Payload::Text(text) => Message::Text(text),
        Payload::Binary(bytes) => Message::Binary(bytes),
    }
}

pub(crate) fn to_payload(message: Message) -> Payload {
    match message {
        Message::Text(text) => Payload::Text(text),
        Message::Binary(bytes) => Payload::Binary(bytes),
    }
}

impl Client for Ours {
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
        tx.send(to_message(payload))
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
