//! The browser scenarios of one connection (`WebSocket` and its halves), in
//! one test binary so that each browser starts once for all of them.
//! Each module is one scenario; its `//!` line says what it proves.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "../common/mod.rs"]
mod common;

mod abrupt_drop;
mod accessors;
mod backpressure;
mod bad_input;
mod connect_failures;
mod drained;
mod drop_frees_listeners;
mod echo;
mod environment;
mod event_listeners;
mod handles;
mod leak;
mod limits;
mod nothing_unreadable_is_held;
mod observers_do_not_keep_alive;
mod ordering;
mod send_after_close;
mod server_close;
mod split;
mod subprotocols;
mod sync_sender;
mod typed;
