//! The browser scenarios of the reconnecting socket, in one test binary so
//! that each browser starts once for all of them.
//! Each module is one scenario; its `//!` line says what it proves.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "../common/mod.rs"]
mod common;

mod close_pending;
mod drop;
mod give_up;
mod heartbeat;
mod invalid;
mod limits;
mod nothing_vanishes;
mod offline;
mod options;
mod overflow;
mod page_cache;
mod queue;
mod reader_pauses;
mod refused;
mod sending;
mod sync_sender;
mod terminal;
mod url_provider;
mod visible;
