//! The npm face: a thin `#[wasm_bindgen]` layer over the Rust types, so that
//! JavaScript code gets the same engine (compiled in only with the `js`
//! feature, so Rust apps do not carry these exports).
//!
//! - [`socket`]: `Socket`, one connection, over [`WebSocket`](crate::WebSocket);
//! - [`reconnecting`]: `ReconnectingSocket`, over
//!   [`ReconnectingWebSocket`](crate::reconnect::ReconnectingWebSocket);
//!   its events are turned into JS objects in [`reconnect_events`] and its
//!   options object into a builder in [`reconnect_options`];
//! - [`iterator`]: the async iterator both hand to `for await`;
//! - [`convert`]: messages and close events between Rust and JS values;
//! - [`options`]: reading (and checking) the options objects;
//! - [`errors`]: every failure as a JS `Error` with a stable `name`;
//! - [`types`]: the TypeScript declarations of the options and events.
//!
//! Nothing here decides anything about connections: each method converts
//! its arguments, calls the Rust API and converts the answer.

mod convert;
mod errors;
mod iterator;
mod options;
mod reconnect_events;
mod reconnect_options;
mod reconnecting;
mod socket;
mod types;
