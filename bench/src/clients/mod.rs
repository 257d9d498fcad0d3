//! One adapter per Rust WebSocket crate, all behind [`Client`], so that the
//! workloads in `workloads.rs` are written once and run the same way for
//! every crate. Dispatch is static (generics), so the adapter layer costs
//! nothing beyond a move of each message into or out of the crate's own
//! message type.
//!
//! Each adapter uses its crate the way its documentation shows: its own
//! connect, its own split (or `StreamExt::split` where the crate has none),
//! its own send. Sink-based peers send with `SinkExt::send` as their
//! documentation shows: after `StreamExt::split`, a message given to the
//! `SplitSink` without a flush (`feed`) waits in the split's one-item slot
//! until the next send, which would stall a round trip. Their flushes are
//! immediate (none of them waits for `bufferedAmount`).

pub mod generic;
pub mod gloo;
pub mod ours;
pub mod reconnecting;
pub mod websocket_web;
pub mod ws_stream;

use crate::payload::Payload;

/// How binary messages arrive: `ArrayBuffer`, or `Blob` (decoded to bytes in
/// order by the crates that support it).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BinaryMode {
    ArrayBuffer,
    Blob,
}

/// A WebSocket crate as the workloads see it.
#[allow(async_fn_in_trait)] // used by static dispatch only, in one thread
pub trait Client {
    /// Whether the crate can receive in Blob mode.
    const BLOB: bool;
    type Tx;
    type Rx;

    /// Connects and resolves once the connection is open.
    async fn connect(url: &str, mode: BinaryMode) -> Result<(Self::Tx, Self::Rx), String>;

    /// Sends one message, waiting if the crate applies backpressure.
    async fn send(tx: &mut Self::Tx, payload: Payload) -> Result<(), String>;

    /// Sends a pipelined run of messages: one `send` each, unless the
    /// adapter measures a path that takes them as a stream.
    async fn send_all(tx: &mut Self::Tx, payloads: Vec<Payload>) -> Result<(), String> {
        for payload in payloads {
            Self::send(tx, payload).await?;
        }
        Ok(())
    }

    /// The next message; an error if the connection ended instead.
    async fn receive(rx: &mut Self::Rx) -> Result<Payload, String>;

    /// Closes, and waits for the connection to end as far as the crate's API
    /// lets one wait (see each adapter).
    async fn close(tx: Self::Tx, rx: Self::Rx) -> Result<(), String>;
}
