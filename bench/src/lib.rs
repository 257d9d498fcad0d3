//! Benchmarks of `wasm-websocket` (`npm run bench`): the same workloads, in
//! one browser page, through the browser's WebSocket driven by plain
//! JavaScript (the ceiling), `wasm-websocket`, its reconnecting socket, and
//! the peer crates gloo-net, ws_stream_wasm and websocket-web.
//!
//! `tests/bench.rs` runs [`run`] in the browser; `scripts/bench.sh` starts the
//! local test server, runs it in Chromium and Firefox, and
//! `scripts/bench-report.mjs` writes the tables. The method is described in
//! bench/README.md.

mod clients;
mod config;
mod harness;
mod heap;
mod payload;
mod raw;
mod workloads;

pub use harness::run;
