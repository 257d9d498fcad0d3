//! The host's events that move the reconnecting socket along: `offline`
//! pauses the retries and `online` retries at once (a window and a worker
//! both have them, on their global scope); the page becoming visible retries
//! at once (a background tab's timers are throttled, and the user is now
//! looking); and the back/forward cache: `pagehide` with `persisted` set
//! closes the connection, so that the page can be cached (browsers do not
//! cache a page with an open WebSocket), and `pageshow` with `persisted`
//! connects again. They are event listeners: nothing is polled.

use std::cell::RefCell;
use std::rc::Weak;

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Event, EventTarget, VisibilityState, Window};

use super::shared::Shared;
use crate::events::EventListener;

/// What the host said since the driver last looked.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BrowserSignals {
    /// The latest `online` (true) or `offline` (false) event.
    pub(crate) network: Option<bool>,
    /// The page became visible.
    pub(crate) visible: bool,
    /// The latest `pagehide` (false) or `pageshow` (true) of a page going
    /// into, or coming out of, the back/forward cache.
    pub(crate) cached_page_shown: Option<bool>,
}

/// The listeners, removed when dropped (with the driver).
pub(crate) struct BrowserTriggers {
    _listeners: Vec<EventListener>,
}

/// Which triggers to listen for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Wanted {
    pub(crate) network: bool,
    pub(crate) visibility: bool,
    pub(crate) page_cache: bool,
}

impl BrowserTriggers {
    /// Listens for what is asked, where the global scope has it: `online`
    /// and `offline` on any global scope that has them (a window or a
    /// worker; not Node), the rest only in a window.
    pub(crate) fn listen(shared: Weak<RefCell<Shared>>, wanted: Wanted) -> Self {
        let mut listeners = Vec::new();
        let global = js_sys::global();
        if let (true, Some(scope)) = (wanted.network, global.dyn_ref::<EventTarget>()) {
            if has_navigator_online() {
                for (event, online) in [("online", true), ("offline", false)] {
                    let shared = shared.clone();
                    listeners.push(EventListener::new(scope, event, move |_| {
                        signal(&shared, |signals| signals.network = Some(online));
                    }));
                }
            }
        }
        let window = global.dyn_into::<Window>().ok();
        if let (true, Some(document)) = (
            wanted.visibility,
            window.as_ref().and_then(|w| w.document()),
        ) {
            let target = document.clone();
            let shared = shared.clone();
            listeners.push(EventListener::new(&target, "visibilitychange", move |_| {
                if is_visible(&document) {
                    signal(&shared, |signals| signals.visible = true);
                }
            }));
        }
        if let (true, Some(window)) = (wanted.page_cache, &window) {
            let on_hide = shared.clone();
            listeners.push(EventListener::new(window, "pagehide", move |event| {
                if is_persisted(&event) {
                    // Closed now, in the event itself: the page is frozen
                    // right after it, before the driver could run.
                    if let Some(shared) = on_hide.upgrade() {
                        if let Ok(mut shared) = shared.try_borrow_mut() {
                            shared.close_for_page_cache();
                        }
                    }
                    signal(&on_hide, |signals| signals.cached_page_shown = Some(false));
                }
            }));
            let on_show = shared;
            listeners.push(EventListener::new(window, "pageshow", move |event| {
                if is_persisted(&event) {
                    signal(&on_show, |signals| signals.cached_page_shown = Some(true));
                }
            }));
        }
        Self {
            _listeners: listeners,
        }
    }
}

/// Whether the host says it is offline now (`navigator.onLine` false), in a
/// window or a worker. A host without `navigator.onLine` (Node) is taken as
/// online.
pub(crate) fn host_is_offline() -> bool {
    navigator_online() == Some(false)
}

fn navigator_online() -> Option<bool> {
    let navigator = Reflect::get(&js_sys::global(), &"navigator".into()).ok()?;
    if navigator.is_undefined() {
        return None;
    }
    Reflect::get(&navigator, &"onLine".into()).ok()?.as_bool()
}

fn has_navigator_online() -> bool {
    navigator_online().is_some()
}

fn is_visible(document: &Document) -> bool {
    document.visibility_state() == VisibilityState::Visible
}

/// `PageTransitionEvent.persisted`, read by name: a plain event a script
/// dispatched has none, and is not a page entering the cache.
fn is_persisted(event: &Event) -> bool {
    Reflect::get(event, &JsValue::from_str("persisted"))
        .ok()
        .and_then(|persisted| persisted.as_bool())
        .unwrap_or(false)
}

fn signal(shared: &Weak<RefCell<Shared>>, set: impl FnOnce(&mut BrowserSignals)) {
    let Some(shared) = shared.upgrade() else {
        return;
    };
    // Host events are dispatched from the event loop, never while the crate
    // holds this borrow; should a script dispatch one synchronously from
    // inside a callback of ours, it is ignored rather than a panic.
    if let Ok(mut shared) = shared.try_borrow_mut() {
        set(&mut shared.commands.browser);
        shared.wake_driver();
    };
}
