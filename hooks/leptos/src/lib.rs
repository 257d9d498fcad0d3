//! `use_websocket` for [Leptos](https://leptos.dev): the
//! [wasm-websocket](wasm_websocket) reconnecting socket as a hook, in three
//! lines.
//!
//! ```no_run
//! use leptos::prelude::*;
//! use wasm_websocket_leptos::{use_websocket, UseWebSocketOptions};
//!
//! #[component]
//! fn Echo() -> impl IntoView {
//!     let ws = use_websocket("ws://127.0.0.1:8787/echo", UseWebSocketOptions::new());
//!     let send = move |_| { let _ = ws.send("hello"); };
//!     view! { <button on:click=send>"Send"</button> <p>{move || ws.message().get()}</p> }
//! }
//! ```
//!
//! What it does beyond a plain `use_websocket`:
//! - every message is delivered ([`on_message`](UseWebSocketOptions::with_on_message)),
//!   not only the latest, so a burst loses nothing;
//! - [`send`](UseWebSocket::send) says what became of each value (sent,
//!   queued while reconnecting, or handed back), and a value sent while
//!   the connection is down goes out after the reconnect;
//! - reconnects with exponential backoff and jitter, without a retry
//!   limit by default, and every other option of the library's
//!   [`ReconnectingBuilder`](wasm_websocket::reconnect::ReconnectingBuilder):
//!   limits, policy, offline queue, a heartbeat with an idle timeout that
//!   finds dead connections, a URL provider;
//! - one socket per mounted component, never two: a new URL closes the old
//!   socket, and the new URL's socket starts once the old connection has
//!   closed (whatever the options, an `on_open` hook included); unmounting
//!   closes it with code 1000;
//! - typed values through a [`Codec`](wasm_websocket::codec::Codec):
//!   [`Text`] (the default), [`Raw`], or the library's `Json` and
//!   `MessagePack`.
//!
//! With server-side rendering (Leptos's `ssr` feature) the hook compiles
//! and renders, and makes no socket.
//!
//! # Options
//!
//! [`UseWebSocketOptions`] are the same for every framework's hook (they
//! come from [`wasm_websocket_hooks_core`], the framework-neutral half of
//! this crate). In Leptos, keep every value in a signal from `on_message`:
//! the handle's [`message`](UseWebSocket::message) signal holds only the
//! latest.
//!
//! ```
//! use leptos::prelude::*;
//! use wasm_websocket_leptos::UseWebSocketOptions;
//!
//! # let owner = Owner::new();
//! # owner.with(|| {
//! let log = RwSignal::new(Vec::new());
//! let options = UseWebSocketOptions::new()
//!     .with_on_message(move |text| log.update(|log| log.push(text)));
//! // What the hook does with every value that arrives:
//! let on_message = options.on_message().expect("set");
//! on_message("a".to_owned());
//! on_message("b".to_owned());
//! assert_eq!(log.get_untracked(), ["a", "b"]);
//! # });
//! ```

mod hook;

pub use crate::hook::{use_websocket, UseWebSocket};
// The default codec and the pass-through one, from the library, where any
// typed socket can use them.
pub use wasm_websocket::codec::{Raw, Text};
// The options are framework-neutral: the task behind the hook, shared with
// the other frameworks' hooks, reads them.
pub use wasm_websocket_hooks_core::UseWebSocketOptions;
