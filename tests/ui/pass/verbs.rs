// The crate docs' verb table, checked: every handle has each verb with the
// receiver and the answer the table gives it. Compiled, not run (there is
// no browser here): `main` only names the functions.
use futures::future::FusedFuture;
use futures::stream::FusedStream;
use futures::{Sink, Stream};
use wasm_websocket::reconnect::{
    ConnectionEvent, ConnectionEvents, ConnectionState, ReconnectingBuilder, ReconnectingSender,
    ReconnectingWebSocket, SendOutcome, SyncReconnectingSender,
};
use wasm_websocket::{
    Closed, Drained, Error, Message, ReadyState, Result, SyncSend, SyncWebSocketSender, WebSocket,
    WebSocketBuilder, WebSocketReceiver, WebSocketSender,
};

fn stream<S: Stream<Item = Result<Message>> + FusedStream>(_: &S) {}
fn sink<S: Sink<Message, Error = Error>>(_: &S) {}
fn owned_fused<F: FusedFuture + 'static>(_: &F) {}
fn thread_safe<T: Send + Sync + Clone + 'static>(_: &T) {}
fn sendable<T: Send>(_: &T) {}

async fn one_connection() -> Result<()> {
    let mut ws: WebSocket = WebSocket::connect("ws://h/").await?;
    let _: Result<WebSocket> = WebSocketBuilder::new("ws://h/").start();
    let sent: Result<()> = ws.send("text").await;
    sent?;
    let now: Result<()> = ws.try_send(vec![1u8]);
    now?;
    let drained: Drained = ws.drained();
    owned_fused(&drained);
    let closed: Closed = ws.closed();
    owned_fused(&closed);
    let _: ReadyState = ws.state();
    stream(&ws);
    sink(&ws);
    let sync: SyncWebSocketSender = ws.sync_sender();
    thread_safe(&sync);
    let answer: SyncSend<Result<()>> = sync.send("from anywhere");
    sendable(&answer);
    owned_fused(&answer);
    let _: Result<()> = sync.try_send("now").await;
    let _: Result<()> = sync.close();

    let (mut tx, rx): (WebSocketSender, WebSocketReceiver) = ws.split();
    let _: Result<()> = tx.send("half").await;
    let _: Result<()> = tx.try_send("half");
    let _: Drained = tx.drained();
    let _: Closed = rx.closed();
    let _: ReadyState = rx.state();
    sink(&tx);
    stream(&rx);
    let _: Result<()> = tx.close_with(4000, "bye");
    let _: Result<()> = rx.close();
    Ok(())
}

async fn reconnecting() -> Result<()> {
    let ws: ReconnectingWebSocket = ReconnectingWebSocket::start("ws://h/")?;
    let _: Result<ReconnectingWebSocket> = ReconnectingBuilder::new("ws://h/").start();
    let sent: SendOutcome = ws.send("text").await;
    sent.into_result()?;
    let now: SendOutcome = ws.try_send("text");
    let _: bool = now.is_accepted();
    let drained: Drained = ws.drained();
    owned_fused(&drained);
    let _: ConnectionState = ws.state();
    let mut events: ConnectionEvents = ws.events();
    let _: Option<ConnectionEvent> = futures::StreamExt::next(&mut events).await;
    stream(&ws);
    sink(&ws);
    ws.reconnect();
    let sender: ReconnectingSender = ws.sender();
    let _: SendOutcome = sender.send("text").await;
    let _: SendOutcome = sender.try_send("text");
    let _: Drained = sender.drained();
    sink(&sender);
    let sync: SyncReconnectingSender = ws.sync_sender();
    thread_safe(&sync);
    let answer: SyncSend<SendOutcome> = sync.send("from anywhere");
    sendable(&answer);
    owned_fused(&answer);
    let _: SendOutcome = sync.try_send("now").await;
    let _: Result<()> = sync.close();
    let _: Result<()> = sender.close_with(4000, "bye");
    let _: Result<()> = ws.close();
    Ok(())
}

fn main() {
    let _ = one_connection;
    let _ = reconnecting;
}
