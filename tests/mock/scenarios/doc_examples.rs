//! The `testing` module's examples do what they say, run as written (the
//! doctests only compile them: they need a JavaScript host).

use std::time::Duration;

use futures::StreamExt;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::reconnect::{
    Backoff, ConnectionEvent, Jitter, ReconnectingWebSocket, SendOutcome,
};
use wasm_websocket::testing::MockServer;
use wasm_websocket::{Message, WebSocket};

#[wasm_bindgen_test]
async fn the_plain_socket_example() {
    async fn run() -> Result<(), wasm_websocket::Error> {
        let server = MockServer::new("ws://app.test/chat");
        let connecting = WebSocket::connect("ws://app.test/chat"); // the app's own code
        let mut conn = server.accept().await;
        let mut ws = connecting.await?;

        ws.send("hello").await?;
        assert_eq!(conn.recv_text().await, "hello");
        conn.send("welcome");
        assert_eq!(ws.next().await.transpose()?, Some(Message::text("welcome")));

        conn.close(4001, "bye").await;
        let closed = ws.closed().await;
        assert_eq!(
            (closed.code, closed.reason.as_str(), closed.was_clean),
            (4001, "bye", true)
        );
        Ok(())
    }
    run().await.expect("the example runs");
}

#[wasm_bindgen_test]
async fn the_reconnecting_socket_example() {
    async fn run() -> Result<(), wasm_websocket::Error> {
        let server = MockServer::new("ws://app.test/feed");
        server.refuse_next(2, 503);
        let ws = ReconnectingWebSocket::builder("ws://app.test/feed")
            .with_backoff(
                Backoff::new()
                    .with_initial_delay(Duration::from_millis(5))
                    .with_jitter(Jitter::None),
            )
            .start()?;
        let mut events = ws.events();
        let conn = server.accept().await; // the third attempt, about 15 ms later
        assert_eq!(server.refused(), 2);
        while events.next().await != Some(ConnectionEvent::Open) {}
        conn.drop_abruptly();
        while !matches!(events.next().await, Some(ConnectionEvent::Closed(_))) {}
        assert_eq!(ws.try_send("sent while away"), SendOutcome::Queued);

        let mut conn = server.accept().await; // the retry, after the backoff
        assert_eq!(conn.recv_text().await, "sent while away");
        Ok(())
    }
    run().await.expect("the example runs");
}
