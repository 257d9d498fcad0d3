//! The callback layer: event listeners on the raw socket that are removed
//! when their handle is dropped.
//!
//! The futures and streams of [`WebSocket`](crate::WebSocket) are built on
//! these, and they are public for code that wants `addEventListener`-style
//! callbacks, several per event if need be.

use std::cell::Cell;
use std::fmt;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, EventTarget};

/// A listener registered on an event target; dropping it removes the
/// listener and frees its closure.
///
/// Created by [`WebSocket::on_open`](crate::WebSocket::on_open) and its
/// siblings, or by [`EventListener::new`] for any event target. Keep the
/// handle for as long as the callback should run:
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_websocket::Error> {
/// use std::{cell::Cell, rc::Rc};
/// use wasm_websocket::WebSocket;
///
/// let ws = WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
/// let seen = Rc::new(Cell::new(0));
/// let counter = seen.clone();
/// let listener = ws.on_message(move |_event| counter.set(counter.get() + 1));
/// // ... while `listener` lives, every message bumps the counter ...
/// drop(listener); // removed: the closure is freed, nothing is leaked
/// # assert_eq!(seen.get(), 0);
/// # Ok(())
/// # }
/// ```
#[must_use = "dropping an EventListener removes it at once"]
pub struct EventListener {
    target: EventTarget,
    event_type: &'static str,
    callback: Closure<dyn FnMut(Event)>,
    /// The count this listener is in while it lives (a connection's
    /// `on_message` listeners), if any.
    count: Option<Rc<Cell<usize>>>,
}

impl EventListener {
    /// Adds `callback` as a listener for `event_type` on `target`.
    ///
    /// ```no_run
    /// use wasm_websocket::EventListener;
    ///
    /// let window = web_sys::window().expect("a browser window");
    /// let listener = EventListener::new(&window, "online", |_event| {
    ///     // the browser is back online
    /// });
    /// assert_eq!(listener.event_type(), "online");
    /// ```
    pub fn new(
        target: &EventTarget,
        event_type: &'static str,
        callback: impl FnMut(Event) + 'static,
    ) -> Self {
        let callback = Closure::<dyn FnMut(Event)>::new(callback);
        // addEventListener only throws for a non-callable callback, which a
        // Closure never is; a failure here would be a browser bug, and the
        // listener would simply never fire.
        let _ =
            target.add_event_listener_with_callback(event_type, callback.as_ref().unchecked_ref());
        Self {
            target: target.clone(),
            event_type,
            callback,
            count: None,
        }
    }

    /// Counts this listener in `count` until it is dropped.
    pub(crate) fn counted(mut self, count: &Rc<Cell<usize>>) -> Self {
        count.set(count.get() + 1);
        if let Some(previous) = self.count.replace(count.clone()) {
            previous.set(previous.get().saturating_sub(1));
        }
        self
    }

    /// Like [`new`](Self::new), for events of a known subtype `E` that carry
    /// `field` (`data` for a message, `code` for a close). Events without it
    /// (a plain `Event` a script dispatched with that name) are ignored
    /// rather than misread. The field is checked instead of `instanceof`
    /// because runtimes other than browsers dispatch their own event
    /// classes: Node's `MessageEvent` is not the global one, and Node before
    /// 23 has no global `CloseEvent` at all.
    pub(crate) fn typed<E: JsCast>(
        target: &EventTarget,
        event_type: &'static str,
        field: &'static str,
        mut callback: impl FnMut(E) + 'static,
    ) -> Self {
        Self::new(target, event_type, move |event: Event| {
            if js_sys::Reflect::has(&event, &JsValue::from_str(field)).unwrap_or(false) {
                callback(event.unchecked_into::<E>());
            }
        })
    }

    /// The event type this listener is registered for.
    ///
    /// ```no_run
    /// # let window = web_sys::window().unwrap();
    /// let listener = wasm_websocket::EventListener::new(&window, "offline", |_| {});
    /// assert_eq!(listener.event_type(), "offline");
    /// ```
    pub fn event_type(&self) -> &'static str {
        self.event_type
    }

    /// The target the listener is registered on.
    ///
    /// ```no_run
    /// # let window = web_sys::window().unwrap();
    /// let listener = wasm_websocket::EventListener::new(&window, "offline", |_| {});
    /// assert!(listener.target().is_object());
    /// ```
    pub fn target(&self) -> &EventTarget {
        &self.target
    }
}

impl Drop for EventListener {
    fn drop(&mut self) {
        // removeEventListener does not throw for a listener that is missing.
        let _ = self.target.remove_event_listener_with_callback(
            self.event_type,
            self.callback.as_ref().unchecked_ref(),
        );
        if let Some(count) = &self.count {
            count.set(count.get().saturating_sub(1));
        }
    }
}

impl fmt::Debug for EventListener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventListener")
            .field("event_type", &self.event_type)
            .finish_non_exhaustive()
    }
}
