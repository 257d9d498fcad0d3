//! A chat component with `use_websocket`, mounted in a browser page and
//! tested through what it renders, the way an app tests its own
//! components. The same three tests are written twice: against the mock
//! server of the library's `testing` feature (`mock_server`, the way to
//! copy: no server to run) and against the repository's local test server
//! (`test_server`, driven through its HTTP control API), to compare the two
//! (docs/testing.md has their lines and run times).
//!
//! From the repository's root, with the test server on `WS_TEST_PORT`
//! (8787 by default; `npm run server`) for the `test_server` half:
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! CHROMEDRIVER=$(command -v chromedriver) cargo test -p wasm-websocket-yew
//! --target wasm32-unknown-unknown --test chat` (`-- mock_server::` runs
//! the mock half alone, which needs no server).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod component;
mod mock_server;
mod page;
mod test_server;
