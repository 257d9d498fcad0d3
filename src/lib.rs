//! The browser's WebSocket as idiomatic Rust.
//!
//! - [`WebSocket::connect`]`.await` resolves when the connection is open;
//! - a [`WebSocket`] is a `Stream` of [`Message`]s (text, or bytes whatever
//!   the [`BinaryType`], in arrival order) and a `Sink` of anything
//!   `Into<Message>`, with backpressure on the browser's send buffer;
//! - [`WebSocket::closed`]`.await` gives the close code, reason and whether
//!   the close was clean;
//! - every browser exception and every message the browser would drop
//!   silently becomes a typed [`Error`].
//!
//! ```no_run
//! # async fn run() -> Result<(), wasm_websocket::Error> {
//! use std::time::Duration;
//! use futures::StreamExt;
//! use wasm_websocket::{CloseCode, Message, WebSocket};
//!
//! let mut ws = WebSocket::builder("ws://127.0.0.1:8787/echo")
//!     .protocols(["chat.v2", "chat.v1"])
//!     .connect_timeout(Duration::from_secs(5))
//!     .connect()
//!     .await?;
//! ws.send("hello").await?;
//! while let Some(message) = ws.next().await {
//!     match message? {
//!         Message::Text(text) => assert_eq!(text, "hello"),
//!         Message::Binary(bytes) => println!("{} bytes", bytes.len()),
//!     }
//!     ws.close_with(CloseCode::NORMAL, "bye")?;
//! }
//! assert!(ws.closed().await.was_clean);
//! # Ok(())
//! # }
//! ```
//!
//! On targets other than `wasm32` the crate compiles (so that server-side
//! rendering builds of Yew or Leptos apps work) and connecting fails with
//! [`Error::Unsupported`].

#![cfg_attr(docsrs, feature(doc_cfg))]

mod builder;
mod close;
mod connect;
mod connection;
mod drain;
mod error;
mod events;
mod inbox;
#[cfg(feature = "js")]
mod js;
mod message;
mod socket;
mod split;
mod state;
mod timer;

pub mod reconnect;

pub use crate::{
    builder::{validate_protocols, WebSocketBuilder, DEFAULT_HIGH_WATER_MARK},
    close::{validate_close_reason, CloseCode, CloseEvent, IntoCloseCode, MAX_CLOSE_REASON_BYTES},
    connect::Connecting,
    error::{Error, JsError, Result},
    events::EventListener,
    message::Message,
    socket::WebSocket,
    split::{Closed, ReuniteError, WebSocketReceiver, WebSocketSender},
    state::{BinaryType, ReadyState},
};
