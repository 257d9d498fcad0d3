//! The host's events that move the reconnecting socket along: `offline`
//! pauses the retries and `online` retries at once (a window and a worker
//! both have them, on their global scope); the page becoming visible retries
//! at once (a background tab's timers are throttled, and the user is now
//! looking); and the back/forward cache: `pagehide` with `persisted` set
//! closes the connection, so that the page can be cached (browsers do not
//! cache a page with an open WebSocket), and `pageshow` with `persisted`
//! connects again. They are event listeners: nothing is polled.

use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::task::Waker;

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Event, EventTarget, VisibilityState, Window};

use super::shared::Shared;
use crate::core::Input;
use crate::events::EventListener;

/// What the host said, on its way to the core. A listener puts its signal
/// here and hands it over at once when it can; if the shared state is
/// borrowed at that moment (a script dispatched the event from inside one
/// of this crate's callbacks), the signal waits here for the driver instead
/// of being lost.
#[derive(Default)]
pub(crate) struct Signals {
    inputs: RefCell<Vec<Signal>>,
    driver: RefCell<Option<Waker>>,
}

impl Signals {
    /// The driver, to be woken when a signal waits for it.
    pub(crate) fn set_driver(&self, waker: &Waker) {
        *self.driver.borrow_mut() = Some(waker.clone());
    }

    /// The signals that wait, oldest first.
    pub(crate) fn take(&self) -> Vec<Signal> {
        std::mem::take(&mut *self.inputs.borrow_mut())
    }
}

/// One thing the page said: small and `Copy`, for the mailbox; the core
/// takes it as an [`Input`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Signal {
    Online,
    Offline,
    Visible,
    PageHidden { persisted: bool },
    PageShown { persisted: bool },
}

impl From<Signal> for Input {
    fn from(signal: Signal) -> Input {
        match signal {
            Signal::Online => Input::Online,
            Signal::Offline => Input::Offline,
            Signal::Visible => Input::Visible,
            Signal::PageHidden { persisted } => Input::PageHidden { persisted },
            Signal::PageShown { persisted } => Input::PageShown { persisted },
        }
    }
}

/// Hands `signal` to the core now if it can, else leaves it for the driver.
fn signal(signals: &Signals, shared: &Weak<RefCell<Shared>>, signal: Signal) {
    signals.inputs.borrow_mut().push(signal);
    let Some(shared) = shared.upgrade() else {
        return;
    };
    if shared.try_borrow_mut().is_ok() {
        let waiting = signals.take();
        Shared::update(&shared, |shared| {
            for signal in waiting {
                shared.feed(signal.into());
            }
        });
    } else if let Some(driver) = signals.driver.borrow().as_ref() {
        driver.wake_by_ref();
    }
}

/// The listeners, removed when dropped (with the driver).
pub(crate) struct BrowserTriggers {
    _listeners: Vec<EventListener>,
}

/// Which triggers to listen for (the page cache's are always listened to
/// in a window).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Wanted {
    pub(crate) network: bool,
    pub(crate) visibility: bool,
}

impl BrowserTriggers {
    /// Listens for what is asked, where the global scope has it: `online`
    /// and `offline` on any global scope that has them (a window or a
    /// worker; not Node), the rest only in a window.
    pub(crate) fn listen(
        shared: &Weak<RefCell<Shared>>,
        signals: &Rc<Signals>,
        wanted: Wanted,
    ) -> Self {
        let mut listeners = Vec::new();
        let global = js_sys::global();
        let mut on =
            |target: &EventTarget, name: &'static str, to_signal: fn(&Event) -> Option<Signal>| {
                let shared = shared.clone();
                let signals = signals.clone();
                listeners.push(EventListener::new(target, name, move |event| {
                    if let Some(found) = to_signal(&event) {
                        signal(&signals, &shared, found);
                    }
                }));
            };
        if let (true, Some(scope)) = (wanted.network, global.dyn_ref::<EventTarget>()) {
            if has_navigator_online() {
                on(scope, "online", |_| Some(Signal::Online));
                on(scope, "offline", |_| Some(Signal::Offline));
            }
        }
        let window = global.dyn_into::<Window>().ok();
        if let (true, Some(document)) = (
            wanted.visibility,
            window.as_ref().and_then(|w| w.document()),
        ) {
            on(&document, "visibilitychange", |event| {
                let document = event.target()?.dyn_into::<Document>().ok()?;
                is_visible(&document).then_some(Signal::Visible)
            });
        }
        if let Some(window) = &window {
            // Listened to whether or not the socket closes itself for the
            // cache: a connection the browser closes for it is told apart
            // from a lost one by these.
            on(window, "pagehide", |event| {
                Some(Signal::PageHidden {
                    persisted: is_persisted(event),
                })
            });
            on(window, "pageshow", |event| {
                Some(Signal::PageShown {
                    persisted: is_persisted(event),
                })
            });
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
