//! A chat component with `use_websocket`, mounted in a browser page with
//! client-side rendering and tested through what it renders, against the
//! mock server of the library's `testing` feature: the way an app tests
//! its own components, with no server to run.
//!
//! From the repository's root:
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! CHROMEDRIVER=$(command -v chromedriver) cargo test -p wasm-websocket-leptos
//! --target wasm32-unknown-unknown --test chat`.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod component;
mod mock_server;
mod page;
