//! The worker scenarios in a shared worker.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_shared_worker);

#[path = "../common/mod.rs"]
mod common;

#[path = "../worker/scenarios.rs"]
mod scenarios;
