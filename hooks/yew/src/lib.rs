//! `use_websocket` for [Yew](https://yew.rs): the
//! [wasm-websocket](wasm_websocket) reconnecting socket as a hook, in three
//! lines.
//!
//! ```no_run
//! use yew::prelude::*;
//! use wasm_websocket_yew::{use_websocket, UseWebSocketOptions};
//!
//! #[component]
//! fn Echo() -> Html {
//!     let ws = use_websocket("ws://127.0.0.1:8787/echo", UseWebSocketOptions::new());
//!     let send = { let ws = ws.clone(); move |_| { let _ = ws.send("hello"); } };
//!     html! { <><button onclick={send}>{ "Send" }</button><p>{ ws.message().cloned() }</p></> }
//! }
//! ```
//!
//! What it does beyond a plain `use_websocket`:
//! - every message is delivered ([`on_message`](UseWebSocketOptions::with_on_message)),
//!   not only the latest, so a burst loses nothing;
//! - [`send`](UseWebSocketHandle::send) says what became of each value
//!   (sent, queued while reconnecting, or handed back), and a value sent
//!   while the connection is down goes out after the reconnect;
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
//!   `MessagePack`;
//! - the callbacks are read on every render, so they are never stale.
//!
//! With server-side rendering (Yew's `ssr` feature) the hook compiles and
//! renders, and makes no socket.
//!
//! # Options
//!
//! [`UseWebSocketOptions`] are the same for every framework's hook (they
//! come from [`wasm_websocket_hooks_core`], the framework-neutral half of
//! this crate). The hook reads them on every render: the callbacks called
//! are always the latest ones given (no stale closures), and a socket
//! started later (after [`open`](UseWebSocketHandle::open) or a new URL)
//! uses the latest builder and codec.
//!
//! Several values can arrive before the component renders again: keep them
//! with a reducer (each dispatch is applied to the state of the one
//! before), not with `use_state` (whose handle holds the state of the last
//! render). A Yew `Callback` is passed as `move |value| callback.emit(value)`.
//!
//! ```
//! use std::rc::Rc;
//! use yew::prelude::*;
//! use wasm_websocket_yew::UseWebSocketOptions;
//!
//! #[derive(Default)]
//! struct Log(Vec<String>);
//!
//! impl Reducible for Log {
//!     type Action = String;
//!     fn reduce(self: Rc<Self>, line: String) -> Rc<Self> {
//!         let mut lines = self.0.clone();
//!         lines.push(line);
//!         Rc::new(Log(lines))
//!     }
//! }
//!
//! #[hook]
//! fn use_log_options() -> UseWebSocketOptions {
//!     let log = use_reducer(Log::default);
//!     let log = log.dispatcher();
//!     UseWebSocketOptions::new().with_on_message(move |text| log.dispatch(text))
//! }
//!
//! // Every line a burst brings is applied, in order.
//! let log = ["a", "b"].map(String::from).into_iter().fold(Rc::new(Log::default()), Log::reduce);
//! assert_eq!(log.0, ["a", "b"]);
//! ```

mod hook;

pub use crate::hook::{use_websocket, UseWebSocketHandle};
// The default codec and the pass-through one, from the library, where any
// typed socket can use them.
pub use wasm_websocket::codec::{Raw, Text};
// The options are framework-neutral: the task behind the hook, shared with
// the other frameworks' hooks, reads them.
pub use wasm_websocket_hooks_core::UseWebSocketOptions;
