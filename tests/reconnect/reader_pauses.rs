//! A reader that stops reading does not hide a close: whether the server
//! closes, the connection is cut, or the socket closes itself at its own
//! unread limit, the close is seen at once (events, state, the next send
//! queued for the next connection), and when the reader goes on it gets
//! every message the closed connection had received, in order.

use std::future::Future;
use std::time::Duration;

use crate::common::{burst_binary, events_until, exact_backoff, unique_tag, ws_url};
use futures::{FutureExt, StreamExt};
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{ConnectionState, ReconnectingWebSocket, SendOutcome};
use wasm_websocket::{Error, Message, WebSocket};

const MIB: usize = 1 << 20;

/// A retry that waits this long (below the default 30 s cap): the state stays `Waiting` while the test
/// looks.
const LONG_BACKOFF_MS: u64 = 20_000;

/// `future`, or a failure naming `what` after `ms` milliseconds.
async fn within<T>(ms: u64, what: &str, future: impl Future<Output = T>) -> T {
    let timeout = crate::common::sleep(Duration::from_millis(ms)).fuse();
    let future = future.fuse();
    futures::pin_mut!(timeout, future);
    futures::select! {
        value = future => value,
        _ = timeout => panic!("{what}: nothing after {ms} ms"),
    }
}

/// A reconnecting socket to a burst of `repeat` × 1 MiB then `then`, with
/// `max_unread` at 4 MiB, whose reader does not read.
fn start(tag: &str, repeat: u32, then: &str) -> ReconnectingWebSocket {
    let url = ws_url(&format!(
        "/burst?items=b{MIB}&repeat={repeat}&then={then}&tag={tag}"
    ));
    WebSocket::builder(url)
        .with_max_unread(4 * MIB)
        .reconnecting()
        .with_backoff(exact_backoff(LONG_BACKOFF_MS))
        .start()
        .expect("starts")
}

/// The close is seen with nobody reading: the events say so, the state
/// moved on, and a send is queued for the next connection.
async fn the_close_is_seen(ws: &ReconnectingWebSocket, code: u16) {
    let mut events = ws.events();
    let seen = within(
        3_000,
        &format!("the close {code} with the reader paused"),
        events_until(&mut events, &format!("retry 1 in {LONG_BACKOFF_MS}")),
    )
    .await;
    assert!(
        seen.contains(&format!("closed {code}")),
        "{seen:?} has no close {code}"
    );
    assert_eq!(ws.state(), ConnectionState::Waiting);
    assert_eq!(ws.try_send("after the close"), SendOutcome::Queued);
}

/// The reader goes on: burst messages `0..count`, in order.
async fn reads_the_burst(ws: &mut ReconnectingWebSocket, count: u32) {
    for k in 0..count {
        let message = within(3_000, "a message of the closed connection", ws.next())
            .await
            .expect("the stream goes on")
            .unwrap_or_else(|error| panic!("message {k}: {error}"));
        assert_eq!(
            message,
            Message::binary(burst_binary(k, MIB)),
            "message {k}"
        );
    }
}

#[wasm_bindgen_test]
async fn a_server_close_is_seen_while_the_reader_pauses() {
    let mut ws = start(&unique_tag("pause-close"), 6, "4000");
    the_close_is_seen(&ws, 4000).await;
    reads_the_burst(&mut ws, 6).await;
    ws.close().expect("not closed before");
}

#[wasm_bindgen_test]
async fn a_cut_connection_is_seen_while_the_reader_pauses() {
    let mut ws = start(&unique_tag("pause-drop"), 6, "drop");
    the_close_is_seen(&ws, 1006).await;
    reads_the_burst(&mut ws, 6).await;
    ws.close().expect("not closed before");
}

#[wasm_bindgen_test]
async fn the_sockets_own_unread_limit_is_seen_while_the_reader_pauses() {
    // 12 MiB for a reader that takes none: 4 MiB wait for the reader, the
    // socket holds 4 MiB more and closes itself (3010) at the next one.
    let mut ws = start(&unique_tag("pause-limit"), 12, "echo");
    the_close_is_seen(&ws, 3010).await;
    reads_the_burst(&mut ws, 8).await;
    let limit = within(3_000, "the limit's error", ws.next())
        .await
        .expect("the stream goes on");
    assert_eq!(limit, Err(Error::UnreadLimit { limit: 4 * MIB }));
    ws.close().expect("not closed before");
}
