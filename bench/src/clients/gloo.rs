//! gloo-net's `websocket::futures::WebSocket`, split with `StreamExt::split`
//! as its documentation does.
//!
//! gloo-net has no "connected" future: its `Sink::poll_ready` waits for the
//! open. It has no close future either (`close` consumes the socket, and
//! dropping it dispatches a synthetic `close` event), so the adapter makes
//! the browser socket itself and hands it over with `TryFrom`, which is what
//! `WebSocket::open` does inside, to be able to wait for the real close.
//! gloo-net always receives in ArrayBuffer mode.

use std::future::poll_fn;
use std::pin::Pin;

use futures::stream::{SplitSink, SplitStream};
use futures::{Sink, SinkExt, StreamExt};
use gloo_net::websocket::futures::WebSocket;
use gloo_net::websocket::Message;
use wasm_bindgen_futures::JsFuture;

use super::{BinaryMode, Client};
use crate::payload::Payload;
use crate::raw;

pub struct Gloo;

pub struct Tx {
    sink: SplitSink<WebSocket, Message>,
    raw: web_sys::WebSocket,
}

impl Client for Gloo {
    const BLOB: bool = false;
    type Tx = Tx;
    type Rx = SplitStream<WebSocket>;

    async fn connect(url: &str, _mode: BinaryMode) -> Result<(Self::Tx, Self::Rx), String> {
        let raw = web_sys::WebSocket::new(url).map_err(|error| format!("{error:?}"))?;
        let mut ws = WebSocket::try_from(raw.clone()).map_err(|error| error.to_string())?;
        poll_fn(|cx| Sink::<Message>::poll_ready(Pin::new(&mut ws), cx))
            .await
            .map_err(|error| error.to_string())?;
        if raw.ready_state() != web_sys::WebSocket::OPEN {
            return Err("could not connect".to_owned());
        }
        let (sink, stream) = ws.split();
        Ok((Tx { sink, raw }, stream))
    }

    async fn send(tx: &mut Self::Tx, payload: Payload) -> Result<(), String> {
        let message = match payload {
            Payload::Text(text) => Message::Text(text),
            Payload::Binary(bytes) => Message::Bytes(bytes),
        };
        tx.sink
            .send(message)
            .await
            .map_err(|error| error.to_string())
    }

    async fn receive(rx: &mut Self::Rx) -> Result<Payload, String> {
        match rx.next().await {
            Some(Ok(Message::Text(text))) => Ok(Payload::Text(text)),
            Some(Ok(Message::Bytes(bytes))) => Ok(Payload::Binary(bytes)),
            Some(Err(error)) => Err(error.to_string()),
            None => Err("the stream ended".to_owned()),
        }
    }

    async fn close(tx: Self::Tx, rx: Self::Rx) -> Result<(), String> {
        let Tx { sink, raw } = tx;
        let ws = sink.reunite(rx).map_err(|error| error.to_string())?;
        ws.close(None, None).map_err(|error| error.to_string())?;
        JsFuture::from(raw::closed(&raw))
            .await
            .map_err(|error| format!("{error:?}"))?;
        Ok(())
    }
}
