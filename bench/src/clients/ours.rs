//! `wasm-websocket`'s `WebSocket`, split into its two halves.

use futures::StreamExt;
use wasm_websocket::{Backend, BinaryType, Message, WebSocket, WebSocketReceiver, WebSocketSender};

use super::{BinaryMode, Client};
use crate::payload::Payload;

pub struct Ours;

/// The same client on the stream backend (`WebSocketStream`, Chromium).
pub struct OursStream;

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

async fn connect_on(
    url: &str,
    mode: BinaryMode,
    backend: Backend,
) -> Result<(WebSocketSender, WebSocketReceiver), String> {
    let ws = WebSocket::builder(url)
        .with_binary_type(binary_type(mode))
        .with_backend(backend)
        .connect()
        .await
        .map_err(|error| error.to_string())?;
    Ok(ws.split())
}

impl Client for OursStream {
    /// The stream backend has no Blob mode.
    const BLOB: bool = false;
    type Tx = WebSocketSender;
    type Rx = WebSocketReceiver;

    async fn connect(url: &str, mode: BinaryMode) -> Result<(Self::Tx, Self::Rx), String> {
        connect_on(url, mode, Backend::Stream).await
    }

    async fn send(tx: &mut Self::Tx, payload: Payload) -> Result<(), String> {
        Ours::send(tx, payload).await
    }

    async fn receive(rx: &mut Self::Rx) -> Result<Payload, String> {
        Ours::receive(rx).await
    }

    async fn close(tx: Self::Tx, rx: Self::Rx) -> Result<(), String> {
        Ours::close(tx, rx).await
    }
}

impl Client for Ours {
    const BLOB: bool = true;
    type Tx = WebSocketSender;
    type Rx = WebSocketReceiver;

    async fn connect(url: &str, mode: BinaryMode) -> Result<(Self::Tx, Self::Rx), String> {
        connect_on(url, mode, Backend::Classic).await
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
