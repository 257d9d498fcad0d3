//! The npm package `wasm-websocket`: a thin `#[wasm_bindgen]` layer over the
//! public API of the `wasm-websocket` crate, so that JavaScript code gets
//! the same engine. It is a crate of its own (the only `cdylib`), so Rust
//! apps that use the library never carry these exports.
//!
//! - `socket`: `Socket`, one connection, over [`WebSocket`](wasm_websocket::WebSocket);
//! - `reconnecting`: `ReconnectingSocket`, over
//!   [`ReconnectingWebSocket`](wasm_websocket::reconnect::ReconnectingWebSocket);
//!   its events are turned into JS objects in `reconnect_events` and its
//!   options object into a builder in `reconnect_options`;
//! - `iterator`: the async iterator both hand to `for await`;
//! - `convert`: messages and close events between Rust and JS values;
//! - `options`: reading (and checking) the options objects;
//! - `event_target`: the WebSocket-shaped events (`addEventListener`,
//!   `onmessage`, ...) both classes offer;
//! - `errors`: every failure as a JS `Error` with a stable `name`, an
//!   instance of an exported class (`errors.js`);
//! - `types`: the TypeScript declarations of the options and events.
//!
//! Nothing here decides anything about connections: each method converts
//! its arguments, calls the Rust API and converts the answer.

mod abort;
#[macro_use]
mod class_types;
mod convert;
mod engine;
mod errors;
#[macro_use]
mod event_target;
mod iterator;
mod numbers;
mod options;
mod reconnect_events;
mod reconnect_options;
mod reconnecting;
mod socket;
mod types;
