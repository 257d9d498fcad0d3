//! `wasm-websocket`'s `ReconnectingWebSocket`: the handle is the message
//! stream, a `ReconnectingSender` sends.

use futures::StreamExt;
use wasm_websocket::reconnect::{
    ConnectionEvent, ReconnectingSender, ReconnectingWebSocket, SendOutcome,
};
use wasm_websocket::WebSocket;

use super::ours::{binary_type, to_message, to_payload};
use super::{BinaryMode, Client};
use crate::payload::Payload;

pub struct Reconnecting;

impl Client for Reconnecting {
    const BLOB: bool = true;
    type Tx = ReconnectingSender;
    type Rx = ReconnectingWebSocket;

    async fn connect(url: &str, mode: BinaryMode) -> Result<(Self::Tx, Self::Rx), String> {
        let ws = WebSocket::builder(url)
            .with_binary_type(binary_type(mode))
            .reconnecting()
            .start()
            .map_err(|error| error.to_string())?;
        // Subscribed before the driver first runs, so `Open` cannot be missed;
        // dropped once open, so that no events pile up during the run.
        let mut events = ws.events();
        loop {
            match events.next().await {
                Some(ConnectionEvent::Open) => break,
                Some(ConnectionEvent::AttemptFailed { error, .. }) => {
                    return Err(format!("could not connect: {error:?}"))
                }
                Some(_) => {}
                None => return Err("stopped before opening".to_owned()),
            }
        }
        Ok((ws.sender(), ws))
    }

    async fn send(tx: &mut Self::Tx, payload: Payload) -> Result<(), String> {
        // Like the plain socket's send: waits while the open socket's
        // buffer is above its high-water mark.
        match tx.send(to_message(payload)).await {
            SendOutcome::Sent => Ok(()),
            other => Err(format!("not sent: {other:?}")),
        }
    }

    async fn receive(rx: &mut Self::Rx) -> Result<Payload, String> {
        match rx.next().await {
            Some(Ok(message)) => Ok(to_payload(message)),
            Some(Err(error)) => Err(error.to_string()),
            None => Err("the stream ended".to_owned()),
        }
    }

    /// Ends when the message stream does: `close` stops the driver at once,
    /// and the socket's own closing handshake finishes in the background (the
    /// API has nothing to await it by).
    async fn close(tx: Self::Tx, mut rx: Self::Rx) -> Result<(), String> {
        drop(tx);
        rx.close().map_err(|error| error.to_string())?;
        while rx.next().await.is_some() {}
        Ok(())
    }
}
