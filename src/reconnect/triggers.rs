//! The browser events that move a waiting reconnect along: `offline` pauses
//! the retries, `online` retries at once, and the page becoming visible
//! retries at once (a background tab's timers are throttled, and the user
//! is now looking). They are event listeners: nothing is polled.

use std::cell::RefCell;
use std::rc::Weak;

use wasm_bindgen::JsCast;
use web_sys::{Document, VisibilityState, Window};

use super::shared::Shared;
use crate::events::EventListener;

/// What the browser said since the driver last looked.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BrowserSignals {
    /// The latest `online` (true) or `offline` (false) event.
    pub(crate) network: Option<bool>,
    /// The page became visible.
    pub(crate) visible: bool,
}

/// The listeners, removed when dropped (with the driver).
pub(crate) struct BrowserTriggers {
    _listeners: Vec<EventListener>,
}

impl BrowserTriggers {
    /// Listens for what is asked, where the global scope has it: a worker or
    /// Node has no `document`, Node has no `online` events either, and then
    /// those triggers are simply absent.
    pub(crate) fn listen(shared: Weak<RefCell<Shared>>, network: bool, visibility: bool) -> Self {
        let mut listeners = Vec::new();
        let window = window();
        if let (true, Some(window)) = (network, &window) {
            for (event, online) in [("online", true), ("offline", false)] {
                let shared = shared.clone();
                listeners.push(EventListener::new(window, event, move |_| {
                    signal(&shared, |signals| signals.network = Some(online));
                }));
            }
        }
        if let (true, Some(document)) = (visibility, window.and_then(|w| w.document())) {
            let target = document.clone();
            listeners.push(EventListener::new(&target, "visibilitychange", move |_| {
                if is_visible(&document) {
                    signal(&shared, |signals| signals.visible = true);
                }
            }));
        }
        Self {
            _listeners: listeners,
        }
    }
}

/// Whether the browser says it is offline now (`navigator.onLine` false).
/// Outside a window it is taken as online.
pub(crate) fn browser_is_offline() -> bool {
    window().is_some_and(|window| !window.navigator().on_line())
}

/// The global scope's window, if it is one (not in a worker or Node).
fn window() -> Option<Window> {
    js_sys::global().dyn_into::<Window>().ok()
}

fn is_visible(document: &Document) -> bool {
    document.visibility_state() == VisibilityState::Visible
}

fn signal(shared: &Weak<RefCell<Shared>>, set: impl FnOnce(&mut BrowserSignals)) {
    let Some(shared) = shared.upgrade() else {
        return;
    };
    // Browser events are dispatched from the event loop, never while the
    // crate holds this borrow; should a script dispatch one synchronously
    // from inside a callback of ours, it is ignored rather than a panic.
    if let Ok(mut shared) = shared.try_borrow_mut() {
        set(&mut shared.commands.browser);
        shared.wake_driver();
    };
}
