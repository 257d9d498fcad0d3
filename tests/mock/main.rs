//! The mock server of the `testing` feature, serving the crate's own
//! sockets in memory, in one test binary so that each browser starts once
//! for all of them. No test server: nothing here touches the network.
//! Each module of `scenarios/` is one scenario; its `//!` line says what it
//! proves. The same scenarios run in a worker (tests/worker) and in Node
//! (tests/node).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "../common/mod.rs"]
mod common;

mod scenarios;
