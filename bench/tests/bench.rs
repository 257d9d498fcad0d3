//! The benchmark, as one browser test so that one page runs everything.
//! Results are printed as `BENCH {json}` lines (run with `--nocapture`).

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn bench() {
    wasm_websocket_bench::run().await;
}
