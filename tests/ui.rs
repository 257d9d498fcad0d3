//! The API checked at compile time: every handle's verbs type-check as the
//! crate docs' table says (`tests/ui/pass/`), the misuse the docs warn
//! about does not compile (`tests/ui/fail/`, each with the compiler's
//! message it must give), and which handles may cross threads (checked as
//! this file compiles).
#![cfg(not(target_arch = "wasm32"))]

use std::marker::PhantomData;

use wasm_websocket::reconnect::{
    ReconnectingSender, ReconnectingWebSocket, SendOutcome, SyncReconnectingSender,
};
use wasm_websocket::{
    Closed, Drained, SyncSend, SyncWebSocketSender, WebSocket, WebSocketReceiver, WebSocketSender,
};

#[test]
fn the_verb_table_holds_and_misuse_does_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}

/// Whether `T` is `Send`, as a constant: the inherent constant exists only
/// when the bound holds, and wins over the trait's when it does.
struct Probe<T>(PhantomData<T>);

trait NotSend {
    const SEND: bool = false;
}

impl<T> NotSend for Probe<T> {}

impl<T: Send> Probe<T> {
    const SEND: bool = true;
}

// Which handles cross threads, checked as the test compiles. Browser
// objects live on one thread: the handles stay on theirs; the `Send + Sync`
// senders hold no browser object.
const _: () = {
    assert!(!Probe::<WebSocket>::SEND);
    assert!(!Probe::<WebSocketSender>::SEND);
    assert!(!Probe::<WebSocketReceiver>::SEND);
    assert!(!Probe::<ReconnectingWebSocket>::SEND);
    assert!(!Probe::<ReconnectingSender>::SEND);
    assert!(!Probe::<Closed>::SEND);
    assert!(!Probe::<Drained>::SEND);
    assert!(Probe::<SyncWebSocketSender>::SEND);
    assert!(Probe::<SyncReconnectingSender>::SEND);
    assert!(Probe::<SyncSend<SendOutcome>>::SEND);
    assert!(Probe::<SendOutcome>::SEND);
};
