//! The raw-JavaScript side (`js/raw.js`): the ceiling every client is
//! compared with, plus the page's clock and timers.

use js_sys::Promise;
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(module = "/js/raw.js")]
extern "C" {
    /// `performance.now()`, in milliseconds.
    pub fn now() -> f64;
    /// `console.profile(label)`: starts a CPU profile if DevTools listens.
    #[wasm_bindgen(js_name = profileStart)]
    pub fn profile_start(label: &str);
    /// `console.profileEnd(label)`.
    #[wasm_bindgen(js_name = profileEnd)]
    pub fn profile_end(label: &str);
    /// Resolves after `ms` milliseconds.
    pub fn sleep(ms: f64) -> Promise;
    /// Resolves once the browser socket is really closed.
    pub fn closed(ws: &web_sys::WebSocket) -> Promise;
    /// Elapsed ms of `count` pipelined echoes of `size`-byte messages.
    pub fn pipelined(url: &str, binary: bool, count: u32, size: u32) -> Promise;
    /// Elapsed ms of `count` sequential round trips of a 4-byte text.
    #[wasm_bindgen(js_name = roundTrips)]
    pub fn round_trips(url: &str, count: u32) -> Promise;
    /// Elapsed ms of `count` connect/close cycles.
    pub fn cycles(url: &str, count: u32) -> Promise;
    /// Elapsed ms of a Blob-mode burst of `items`, `repeat` times.
    #[wasm_bindgen(js_name = blobBurst)]
    pub fn blob_burst(url: &str, items: &str, repeat: u32) -> Promise;
}
