//! The chat against the mock server of the library's `testing` feature: no
//! server to run, and the test plays the server, step by step. It proves
//! that the chat renders a burst of 100 messages whole and in order, shows
//! a dropped connection reconnecting and then open again, and queues a
//! message sent while it reconnects, which reaches the server after the
//! reconnect, and shows the server's reply.

use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::testing::MockServer;

use crate::page::Page;

#[wasm_bindgen_test]
async fn a_burst_of_100_messages_is_rendered_whole_and_in_order() {
    let server = MockServer::new("ws://chat.test/burst");
    let page = Page::mount("ws://chat.test/burst");
    let conn = server.accept().await;
    page.until("open", |page| page.state() == "open").await;

    let burst: Vec<String> = (1..=100).map(|n| format!("message {n}")).collect();
    for text in &burst {
        conn.send(text.as_str());
    }
    page.until("100 messages", |page| page.messages().len() == 100)
        .await;
    assert_eq!(page.messages(), burst);
}

#[wasm_bindgen_test]
async fn a_dropped_connection_shows_reconnecting_then_open_again() {
    let server = MockServer::new("ws://chat.test/reconnect");
    let page = Page::mount("ws://chat.test/reconnect");
    let first = server.accept().await;
    page.until("open", |page| page.state() == "open").await;

    first.drop_abruptly();
    // The retry's handshake, unanswered: the chat shows it reconnecting
    // for as long as the test holds it.
    let retry = server.handshake().await;
    page.until("reconnecting", |page| page.state() == "connecting")
        .await;
    let _second = retry.accept();
    page.until("open again", |page| page.state() == "open")
        .await;
    assert_eq!((server.handshakes(), server.accepted()), (2, 2));
}

#[wasm_bindgen_test]
async fn a_message_sent_while_reconnecting_goes_out_after_and_the_reply_is_shown() {
    let server = MockServer::new("ws://chat.test/queue");
    let page = Page::mount("ws://chat.test/queue");
    let first = server.accept().await;
    page.until("open", |page| page.state() == "open").await;

    first.drop_abruptly();
    let retry = server.handshake().await;
    page.until("reconnecting", |page| page.state() == "connecting")
        .await;
    page.send("are you there?");
    page.until("queued", |page| page.outcome() == "queued")
        .await;

    let mut second = retry.accept();
    assert_eq!(second.recv_text().await, "are you there?");
    second.send("yes, back again");
    page.until("the reply", |page| page.messages() == ["yes, back again"])
        .await;

    // Unmounting the chat closes its socket with 1000.
    drop(page);
    assert_eq!(second.closed().await.code, 1000);
}
