//! The worker scenarios in a dedicated worker.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[path = "../common/mod.rs"]
mod common;

mod scenarios;
