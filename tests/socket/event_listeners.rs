//! The callback layer: several listeners per event, each removed when its
//! handle is dropped; while an `on_message` listener lives, messages go to
//! the listeners instead of the stream, and back to the stream after it.

use std::cell::RefCell;
use std::rc::Rc;

use crate::common::{next_message, ws_url};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_websocket::{CloseEvent, EventListener, Message};

/// Lets the event being dispatched finish: a timer runs after it.
async fn settle() {
    crate::common::sleep(std::time::Duration::ZERO).await;
}

/// Waits (up to 2 s) until `done` says so.
async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        crate::common::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}

#[wasm_bindgen_test]
async fn open_message_close_and_error_reach_their_listeners() {
    if crate::common::skip_on_stream("the classic socket's events") {
        return;
    }
    let log = Rc::new(RefCell::new(Vec::<String>::new()));
    let ws = crate::common::builder(ws_url("/drop?after=2"))
        .start()
        .expect("starts");
    let entry = |name: &'static str| {
        let log = log.clone();
        move |_| log.borrow_mut().push(name.to_owned())
    };
    let _open = ws.on_open(entry("open")).expect("the classic backend");
    let _error = ws.on_error(entry("error")).expect("the classic backend");
    let closes = log.clone();
    let _close = ws
        .on_close(move |close: CloseEvent| {
            closes.borrow_mut().push(format!("close {}", close.code))
        })
        .expect("the classic backend");
    let messages = log.clone();
    let _message = ws
        .on_message(move |event| {
            messages.borrow_mut().push(format!(
                "message {}",
                event.data().as_string().unwrap_or_default()
            ))
        })
        .expect("the classic backend");
    let mut ws = ws;
    ws.send("one").await.expect("sent");
    until("the echo", || {
        log.borrow().iter().any(|e| e == "message one")
    })
    .await;
    ws.send("two").await.expect("sent");
    ws.closed().await;
    // The stream and `closed()` are woken by the crate's own listener, which
    // was added first; let the event reach the listeners added after it.
    settle().await;
    // Whether an abrupt drop fires `error` before `close` differs between
    // browsers (Chromium does not, Firefox does); if it fires, it comes first.
    let mut seen = log.borrow().clone();
    seen.retain(|entry| entry != "error");
    assert_eq!(seen, ["open", "message one", "close 1006"]);
    let error_at = log.borrow().iter().position(|entry| entry == "error");
    assert!(error_at.is_none_or(|at| at == 2), "{:?}", log.borrow());
}

#[wasm_bindgen_test]
async fn a_dropped_listener_stops_while_others_go_on() {
    if crate::common::skip_on_stream("the classic socket's events") {
        return;
    }
    let mut ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    let counts = Rc::new(RefCell::new([0u32; 2]));
    let first_counts = counts.clone();
    let first = ws
        .on_message(move |_| first_counts.borrow_mut()[0] += 1)
        .expect("the classic backend");
    let second_counts = counts.clone();
    let _second = ws
        .on_message(move |_| second_counts.borrow_mut()[1] += 1)
        .expect("the classic backend");
    ws.send("a").await.expect("sent");
    until("a", || *counts.borrow() == [1, 1]).await;
    drop(first);
    ws.send("b").await.expect("sent");
    until("b", || counts.borrow()[1] == 2).await;
    settle().await;
    assert_eq!(*counts.borrow(), [1, 2]);
}

#[wasm_bindgen_test]
async fn listeners_work_on_any_event_target() {
    if crate::common::skip_on_stream("the classic socket's events") {
        return;
    }
    let window = web_sys::window().expect("a window");
    let seen = Rc::new(RefCell::new(0));
    let counter = seen.clone();
    let listener = EventListener::new(&window, "wasm-websocket-test", move |_| {
        *counter.borrow_mut() += 1
    });
    let event = web_sys::Event::new("wasm-websocket-test").expect("an event");
    window.dispatch_event(&event).expect("dispatched");
    drop(listener);
    window.dispatch_event(&event).expect("dispatched");
    assert_eq!(*seen.borrow(), 1);
}

#[wasm_bindgen_test]
async fn plain_events_named_message_or_close_are_not_misread() {
    if crate::common::skip_on_stream("the classic socket's events") {
        return;
    }
    let mut ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    let closes = Rc::new(RefCell::new(0));
    let counter = closes.clone();
    let _close_listener = ws
        .on_close(move |_| *counter.borrow_mut() += 1)
        .expect("the classic backend");
    let messages = Rc::new(RefCell::new(0));
    let counter = messages.clone();
    let _message_listener = ws
        .on_message(move |_| *counter.borrow_mut() += 1)
        .expect("the classic backend");
    // A script can dispatch anything on the socket; events without `data`
    // or `code` are not messages or closes.
    for name in ["message", "close"] {
        let event = web_sys::Event::new(name).expect("an event");
        ws.as_raw()
            .expect("the classic backend")
            .dispatch_event(&event)
            .expect("dispatched");
    }
    settle().await;
    assert_eq!((*messages.borrow(), *closes.borrow()), (0, 0));
    assert_eq!(ws.state(), wasm_websocket::ReadyState::Open);
    ws.send("still open").await.expect("sent");
    until("the echo", || *messages.borrow() == 1).await;
    settle().await;
    assert_eq!(*messages.borrow(), 1);
}

#[wasm_bindgen_test]
async fn messages_go_to_the_listeners_or_to_the_stream_never_both() {
    if crate::common::skip_on_stream("the classic socket's events") {
        return;
    }
    let mut ws = crate::common::connect(ws_url("/echo"))
        .await
        .expect("connects");
    // A listener added on the raw socket directly is not the crate's: it
    // sees every message and changes nothing about the stream.
    let raw_seen = Rc::new(RefCell::new(Vec::<String>::new()));
    let _raw = EventListener::new(ws.as_raw().expect("the classic backend"), "message", {
        let raw_seen = raw_seen.clone();
        move |event| {
            let data = event.unchecked_into::<web_sys::MessageEvent>().data();
            raw_seen
                .borrow_mut()
                .push(data.as_string().unwrap_or_default());
        }
    });
    ws.send("queued").await.expect("sent");
    until("queued", || raw_seen.borrow().len() == 1).await;
    // Queued before the listener came: it stays for the stream.
    let heard = Rc::new(RefCell::new(Vec::<String>::new()));
    let listener = ws
        .on_message({
            let heard = heard.clone();
            move |event| {
                heard
                    .borrow_mut()
                    .push(event.data().as_string().unwrap_or_default())
            }
        })
        .expect("the classic backend");
    ws.send("heard").await.expect("sent");
    until("heard", || heard.borrow().len() == 1).await;
    drop(listener);
    ws.send("read").await.expect("sent");
    assert_eq!(next_message(&mut ws).await, Message::text("queued"));
    assert_eq!(next_message(&mut ws).await, Message::text("read"));
    // The raw listener was added after the crate's: let it see "read" too.
    settle().await;
    assert_eq!(*heard.borrow(), ["heard"]);
    assert_eq!(*raw_seen.borrow(), ["queued", "heard", "read"]);
}
