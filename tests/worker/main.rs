//! The worker scenarios in a dedicated worker, and the mock server's
//! scenarios (tests/mock) there too.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[path = "../common/mod.rs"]
mod common;

#[path = "../mock/scenarios/mod.rs"]
mod mock;
mod scenarios;
