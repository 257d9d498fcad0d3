//! The framework-neutral half of wasm-websocket's `use_websocket` hooks
//! (`wasm-websocket-leptos`, `wasm-websocket-yew`): everything but the
//! framework. Both hooks are built on it; a hook for another framework
//! (Dioxus, Sycamore, ...) is its state, an effect and a cleanup around
//! the same parts.
//!
//! - [`UseWebSocketOptions`]: the socket's options (a
//!   [`ReconnectingBuilder`](wasm_websocket::reconnect::ReconnectingBuilder)
//!   used as a template), the codec, and the callbacks;
//! - [`run`]: the task behind one mounted hook. It owns the component's
//!   reconnecting socket, never two at once (a new URL's socket starts
//!   when the old socket's events end, which they do only after its
//!   connection's close, or after a second if the server never answers
//!   it), closes it with 1000 when the
//!   component goes away, and hands what happens to a [`Host`]: the
//!   component's side, in the framework's terms;
//! - [`Command`]: what the handle asks of the task (`open`, `reconnect`,
//!   `close`, a new URL), through a channel whose closing means the
//!   component is gone;
//! - [`send`], [`close`], [`send_after_unmount`]: the handle's verbs that
//!   reach the socket; [`decode`] and [`warn_unhandled`]: what becomes of a
//!   message that arrived.
//!
//! A hook, without a framework: the "component" keeps the latest state and
//! every value; mounting spawns [`run`], unmounting closes the channel.
//!
//! ```
//! use std::cell::RefCell;
//! use std::rc::Rc;
//! use futures::channel::mpsc;
//! use wasm_websocket::reconnect::{ConnectionEvent, ConnectionState, ReconnectingBuilder, ReconnectingSender};
//! use wasm_websocket::{Message, Result};
//! use wasm_websocket_hooks_core::{decode, run, warn_unhandled, Host, UseWebSocketOptions};
//!
//! /// What the component renders from.
//! #[derive(Default)]
//! struct View { state: Option<ConnectionState>, values: Vec<String>, sender: Option<ReconnectingSender> }
//!
//! struct MyHost { options: UseWebSocketOptions, view: Rc<RefCell<View>> }
//!
//! impl Host for MyHost {
//!     fn template(&self) -> Option<ReconnectingBuilder> {
//!         Some(self.options.builder().clone())
//!     }
//!     fn started(&self, sender: Option<ReconnectingSender>) {
//!         self.view.borrow_mut().sender = sender;
//!     }
//!     fn event(&self, event: ConnectionEvent, state: ConnectionState) {
//!         if let Some(on_event) = self.options.on_event() {
//!             on_event(&event);
//!         }
//!         self.view.borrow_mut().state = Some(state);
//!     }
//!     fn received(&self, item: Result<Message>) {
//!         match decode(self.options.codec(), item) {
//!             Ok(text) => self.view.borrow_mut().values.push(text),
//!             Err(error) => warn_unhandled(&error),
//!         }
//!     }
//! }
//!
//! let events = Rc::new(RefCell::new(Vec::new()));
//! let options = UseWebSocketOptions::new().with_on_event({
//!     let events = Rc::clone(&events);
//!     move |event| events.borrow_mut().push(event.to_string())
//! });
//! let view = Rc::new(RefCell::new(View::default()));
//! let (commands, receiver) = mpsc::unbounded();
//! let host = MyHost { options, view: Rc::clone(&view) };
//! let task = run(host, "wss://example.com/chat".into(), true, receiver);
//! // Mounted: in the browser, `wasm_bindgen_futures::spawn_local(task)`, and
//! // the handle's verbs send through `view.sender` and `commands`.
//! commands.close_channel(); // unmounted
//! # #[cfg(not(target_arch = "wasm32"))]
//! futures::executor::block_on(task);
//!
//! // Natively there is no socket to make: the start is reported as a stop.
//! # #[cfg(not(target_arch = "wasm32"))]
//! # {
//! assert_eq!(view.borrow().state, Some(ConnectionState::Stopped));
//! assert_eq!(events.borrow().len(), 2);
//! assert!(events.borrow()[1].starts_with("stopped: "));
//! # }
//! ```

mod command;
mod driver;
mod host;
mod options;
mod received;
mod verbs;

pub use crate::{
    command::Command,
    driver::run,
    host::Host,
    options::{OnError, OnEvent, OnMessage, UseWebSocketOptions, UseWebSocketParts},
    received::{decode, warn_unhandled},
    verbs::{close, send, send_after_unmount},
};
