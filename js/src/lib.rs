//! The npm package `wasm-websocket`: JavaScript classes around a Rust
//! engine that drives the public API of the `wasm-websocket` crate, so that
//! JS code gets the same engine. It is a crate of its own (the only
//! `cdylib`), so Rust apps that use the library never carry these exports.
//!
//! The classes are JavaScript modules beside this file, which the package
//! exports: what they do with JS values (checking options, the
//! WebSocket-shaped events, `on()` listeners, unread messages, error
//! messages) weighs far less as JS than as Rust behind `#[wasm_bindgen]`.
//!
//! - `socket.js` / `socket`: `Socket`, one connection, over
//!   [`WebSocket`](wasm_websocket::WebSocket);
//! - `reconnecting.js` / `reconnecting`: `ReconnectingSocket`, over
//!   [`ReconnectingWebSocket`](wasm_websocket::reconnect::ReconnectingWebSocket);
//!   its options (`reconnect_options.js`) become a builder in `config`,
//!   its events become JS objects in `reconnect_events` and are handed out
//!   by `reconnect_hub.js`;
//! - `engine`: what the classes ask of Rust, handed to them at start;
//! - `event_target.js`: the WebSocket-shaped events both classes offer;
//! - `errors.js` / `errors`: every failure as a JS `Error` with a stable
//!   `name`, an instance of an exported class;
//! - `convert`, `numbers`, `abort`: values crossing between JS and Rust;
//! - `types`, `class_types`: the TypeScript declarations.
//!
//! Nothing here decides anything about connections: the engine converts
//! what the classes hand it, calls the Rust API and converts the answer.

mod abort;
// The package's allocator, installed in its (single-threaded) wasm build
// unless `std-allocator` asks for Rust's default; native builds compile it
// only to test it.
#[cfg(any(
    test,
    all(
        target_arch = "wasm32",
        not(target_feature = "atomics"),
        not(feature = "std-allocator")
    )
))]
mod allocator;
#[macro_use]
mod class_types;
mod config;
mod convert;
mod engine;
mod errors;
mod event_target;
mod numbers;
mod reconnect_events;
mod reconnecting;
mod socket;
mod types;
