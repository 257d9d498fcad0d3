//! websocket-web's `WebSocket`, split with its own `into_split`. With no
//! interface chosen it uses the browser's `WebSocketStream` where there is
//! one (Chromium) and the classic `WebSocket` elsewhere (Firefox), which is
//! what its users get by default. It always receives in ArrayBuffer mode.

use futures::{SinkExt, StreamExt};
use websocket_web::{Closed, Msg, WebSocket, WebSocketReceiver, WebSocketSender};

use super::{BinaryMode, Client};
use crate::payload::Payload;

pub struct WebsocketWeb;

pub struct Tx {
    sender: WebSocketSender,
    closed: Closed,
}

impl Client for WebsocketWeb {
    const BLOB: bool = false;
    type Tx = Tx;
    type Rx = WebSocketReceiver;

    async fn connect(url: &str, _mode: BinaryMode) -> Result<(Self::Tx, Self::Rx), String> {
        let ws = WebSocket::connect(url)
            .await
            .map_err(|error| error.to_string())?;
        // The future of the close exists only on the unsplit socket.
        let closed = ws.closed();
        let (sender, receiver) = ws.into_split();
        Ok((Tx { sender, closed }, receiver))
    }

    async fn send(tx: &mut Self::Tx, payload: Payload) -> Result<(), String> {
        let message = match payload {
            Payload::Text(text) => Msg::Text(text),
            Payload::Binary(bytes) => Msg::Binary(bytes),
        };
        tx.sender
            .send(message)
            .await
            .map_err(|error| error.to_string())
    }

    async fn receive(rx: &mut Self::Rx) -> Result<Payload, String> {
        match rx.next().await {
            Some(Ok(Msg::Text(text))) => Ok(Payload::Text(text)),
            Some(Ok(Msg::Binary(bytes))) => Ok(Payload::Binary(bytes)),
            Some(Err(error)) => Err(error.to_string()),
            None => Err("the stream ended".to_owned()),
        }
    }

    async fn close(tx: Self::Tx, rx: Self::Rx) -> Result<(), String> {
        let Tx { sender, closed } = tx;
        sender.close();
        closed.await;
        drop(rx);
        Ok(())
    }
}
