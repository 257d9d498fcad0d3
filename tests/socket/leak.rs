//! 10,000 connect / send / receive / close cycles in one page grow wasm
//! memory by less than 1 MiB: closures and listeners are freed every time.

use crate::common::{next_message, ws_url};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{console_log, wasm_bindgen_test};
use wasm_websocket::Message;

const WARM_UP: usize = 200;
const CYCLES: usize = 10_000;
/// Cycles run in this many concurrent loops, as in a busy page. (Chromium
/// still opens one connection to a host at a time, about 10 ms apart, so
/// this test takes about two minutes there.)
const LOOPS: usize = 8;
const LIMIT: f64 = 1024.0 * 1024.0;

fn wasm_memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

async fn cycle(url: &str, i: usize) {
    let mut ws = crate::common::connect(url).await.expect("connects");
    let text = format!("cycle {i}");
    ws.send(text.as_str()).await.expect("sent");
    assert_eq!(next_message(&mut ws).await, Message::Text(text));
    ws.close().expect("closing");
    assert!(ws.closed().await.was_clean);
}

#[wasm_bindgen_test]
async fn ten_thousand_cycles_grow_memory_by_less_than_a_mebibyte() {
    let url = ws_url("/echo");
    for i in 0..WARM_UP {
        cycle(&url, i).await;
    }
    let before = wasm_memory_bytes();
    let started = js_sys::Date::now();
    let loops = (0..LOOPS).map(|first| {
        let url = url.clone();
        async move {
            for i in (first..CYCLES).step_by(LOOPS) {
                cycle(&url, i).await;
            }
        }
    });
    futures::future::join_all(loops).await;
    let growth = wasm_memory_bytes() - before;
    let seconds = (js_sys::Date::now() - started) / 1000.0;
    console_log!(
        "{CYCLES} cycles ({LOOPS} at a time) in {seconds:.1} s: wasm memory {before} -> {} bytes (growth {growth} bytes)",
        before + growth
    );
    assert!(growth < LIMIT, "wasm memory grew by {growth} bytes");
}
