//! The WebSocket-shaped events both socket classes offer, so that code
//! written for the platform's `WebSocket` (or for partysocket and
//! reconnecting-websocket, which copy it) works unchanged:
//! `addEventListener` / `removeEventListener` / `dispatchEvent` with the
//! platform's rules (a listener added twice is called once, `once`,
//! `signal`, `handleEvent` objects, removal during a dispatch), the
//! `onopen` / `onmessage` / `onclose` / `onerror` properties (each keeps the
//! place in the order where it was first set, as on the platform), and the
//! event objects: `Event`, `MessageEvent` (with `data` as `binaryType`
//! says), `CloseEvent` (`code`, `reason`, `wasClean`), and for `error` an
//! `ErrorEvent` with the `error` where there is one. Where the runtime has
//! no such class (Node before 23 has no `CloseEvent`), an `Event` with the
//! same fields. `event.target`, `currentTarget` and `this` in a listener
//! are the socket.
//!
//! The socket classes' own `on()` listeners and async iteration are
//! separate from these and unchanged.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::errors::{describe, report, set, type_error};

#[wasm_bindgen(module = "/src/event_target.js")]
extern "C" {
    /// The WebSocket-shaped listeners of one socket (`event_target.js`),
    /// which the engine tells what happened.
    pub type SocketEvents;

    /// Whether anything listens for `kind`.
    #[wasm_bindgen(method)]
    pub(crate) fn has(this: &SocketEvents, kind: &str) -> bool;

    /// A message (a string or a `Uint8Array`) to `message` listeners.
    #[wasm_bindgen(method, js_name = emitMessage)]
    pub(crate) fn emit_message(this: &SocketEvents, message: &JsValue);

    /// The close to `close` listeners, after an `error` if not clean.
    #[wasm_bindgen(method, js_name = emitClose)]
    pub(crate) fn emit_close(this: &SocketEvents, code: u16, reason: &str, was_clean: bool);
}

/// The `on<type>` properties of a socket class, written once for the four
/// types and both classes: `$rust` (`JsSocket`) is exported as `$js`
/// (`Socket`), and must have `live()` (its shared state, or the error for
/// a disposed socket) with an `events` field, and `deliver_if_needed()`.
macro_rules! handler_properties {
    ($rust:ident, $js:ident, $name:literal; $($kind:literal, $get:ident, $set:ident, $ts:literal;)*) => {
        #[wasm_bindgen(js_class = $js)]
        impl $rust {
            $(
                #[doc = concat!("The `on", $kind, "` handler, as on the platform's `WebSocket`: a")]
                #[doc = "function, or `null`; anything else is a `TypeError`."]
                #[wasm_bindgen(getter, unchecked_return_type = $ts)]
                pub fn $get(&self) -> Result<JsValue, JsValue> {
                    Ok(self.live()?.events.property($kind))
                }

                #[doc = concat!("Sets `on", $kind, "`.")]
                #[wasm_bindgen(setter)]
                pub fn $set(
                    &self,
                    #[wasm_bindgen(unchecked_param_type = $ts)] handler: JsValue,
                ) -> Result<(), JsValue> {
                    self.live()?.events.set_property($kind, handler, $name)?;
                    self.deliver_if_needed();
                    Ok(())
                }
            )*
        }
    };
}

/// The `readyState` values, on the class and on every socket, as the
/// platform's `WebSocket` has them.
macro_rules! ready_state_constants {
    ($rust:ident, $js:ident) => {
        ready_state_constants!(@ $rust, $js;
            CONNECTING, class_connecting, connecting, 0, "0";
            OPEN, class_open, open, 1, "1";
            CLOSING, class_closing, closing, 2, "2";
            CLOSED, class_closed, closed_state, 3, "3";
        );
    };
    (@ $rust:ident, $js:ident; $($name:ident, $class_fn:ident, $instance:ident, $value:literal, $ts:literal;)*) => {
        #[wasm_bindgen(js_class = $js)]
        impl $rust {
            $(
                #[doc = concat!("`readyState` ", stringify!($value), ".")]
                #[wasm_bindgen(getter = $name, unchecked_return_type = $ts)]
                pub fn $class_fn() -> u16 {
                    $value
                }

                #[doc = concat!("`readyState` ", stringify!($value), ".")]
                #[wasm_bindgen(getter = $name, unchecked_return_type = $ts)]
                pub fn $instance(&self) -> u16 {
                    $value
                }
            )*
        }
    };
}

/// The event types a socket dispatches by itself.
pub(crate) const EVENT_TYPES: [&str; 4] = ["open", "message", "close", "error"];

/// How binary messages reach `message` listeners (`binaryType`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinaryType {
    /// A `Blob`: the platform's default.
    Blob,
    /// An `ArrayBuffer`.
    ArrayBuffer,
}

struct Listener {
    kind: &'static str,
    callback: JsValue,
    capture: bool,
    once: bool,
    /// Set once removed (also by its `signal`), so that a dispatch already
    /// under way skips it.
    removed: Rc<Cell<bool>>,
    /// The slot of an `on<type>` property rather than an added listener.
    property: bool,
}

/// The listeners of one socket, its `binaryType`, and the socket's own JS
/// object (held weakly, for `event.target`; a socket with listeners is kept
/// alive by what delivers its events, as the platform keeps one).
pub(crate) struct Events {
    listeners: RefCell<Vec<Listener>>,
    binary_type: Cell<BinaryType>,
    target: RefCell<Option<js_sys::WeakRef>>,
}

impl Default for Events {
    fn default() -> Self {
        Self {
            listeners: RefCell::default(),
            binary_type: Cell::new(BinaryType::Blob),
            target: RefCell::default(),
        }
    }
}

/// Sets `object[key]` as an own, configurable value (over a getter of its
/// prototype, such as an `Event`'s `target`).
fn define_value(object: &Object, key: &str, value: &JsValue) {
    let descriptor = Object::new();
    set(&descriptor, "value", value);
    set(&descriptor, "configurable", &true.into());
    let _ = Reflect::define_property(object, &key.into(), &descriptor);
}

/// Notices a listener calling `stopImmediatePropagation()` during one
/// dispatch, so that the listeners after it are skipped as the platform
/// skips them. The platform keeps that flag to itself, so the event gets
/// an own `stopImmediatePropagation` for the dispatch that notes the call
/// and then calls the event's own; it is removed afterwards.
struct ImmediateStop {
    event: Object,
    stopped: Rc<Cell<bool>>,
    _note: Closure<dyn FnMut()>,
}

impl ImmediateStop {
    /// `None` if `event` has no `stopImmediatePropagation` to watch.
    fn watch(event: &JsValue) -> Option<Self> {
        let event = event.dyn_ref::<Object>()?.clone();
        let original = Reflect::get(&event, &"stopImmediatePropagation".into())
            .ok()?
            .dyn_into::<Function>()
            .ok()?;
        let stopped = Rc::new(Cell::new(false));
        let note = {
            let (stopped, event) = (stopped.clone(), event.clone());
            Closure::<dyn FnMut()>::new(move || {
                stopped.set(true);
                let _ = original.call0(&event);
            })
        };
        define_value(&event, "stopImmediatePropagation", note.as_ref());
        Some(Self {
            event,
            stopped,
            _note: note,
        })
    }

    fn stopped(&self) -> bool {
        self.stopped.get()
    }
}

impl Drop for ImmediateStop {
    fn drop(&mut self) {
        let _ = Reflect::delete_property(&self.event, &"stopImmediatePropagation".into());
    }
}

/// The event type, one of [`EVENT_TYPES`], or a `TypeError` that lists them
/// (`hint` says where the others are, for `ReconnectingSocket`).
pub(crate) fn event_type(
    kind: &JsValue,
    method: &str,
    hint: &str,
) -> Result<&'static str, JsValue> {
    known_name(kind, &EVENT_TYPES).ok_or_else(|| {
        type_error(&format!(
            "{method}: unknown event type {}: a socket dispatches {}{hint}",
            describe(kind),
            EVENT_TYPES.join(", ")
        ))
    })
}

/// `kind` as the one of `names` it equals, if it is a string that does.
pub(crate) fn known_name(kind: &JsValue, names: &[&'static str]) -> Option<&'static str> {
    let name = kind.as_string()?;
    names.iter().find(|known| **known == name).copied()
}

/// `capture`, `once` and `signal` from the options argument (a boolean is
/// `capture`).
struct ListenerOptions {
    capture: bool,
    once: bool,
    signal: Option<JsValue>,
}

fn listener_options(options: &JsValue) -> ListenerOptions {
    if !options.is_object() {
        return ListenerOptions {
            capture: options.is_truthy(),
            once: false,
            signal: None,
        };
    }
    let get = |key: &str| Reflect::get(options, &key.into()).unwrap_or_default();
    let signal = get("signal");
    ListenerOptions {
        capture: get("capture").is_truthy(),
        once: get("once").is_truthy(),
        signal: (!signal.is_undefined() && !signal.is_null()).then_some(signal),
    }
}

impl Events {
    /// Remembers the socket's JS object, for `event.target` and `this`.
    pub(crate) fn set_target(&self, object: &JsValue) {
        if let Some(object) = object.dyn_ref::<Object>() {
            *self.target.borrow_mut() = Some(js_sys::WeakRef::new(object));
        }
    }

    fn target(&self) -> JsValue {
        self.target
            .borrow()
            .as_ref()
            .and_then(|weak| weak.deref())
            .map(JsValue::from)
            .unwrap_or(JsValue::NULL)
    }

    pub(crate) fn binary_type(&self) -> &'static str {
        match self.binary_type.get() {
            BinaryType::Blob => "blob",
            BinaryType::ArrayBuffer => "arraybuffer",
        }
    }

    /// Sets `binaryType`; anything but `"blob"` or `"arraybuffer"` is a
    /// `TypeError` (the platform would ignore it without a word).
    pub(crate) fn set_binary_type(&self, value: &JsValue, class: &str) -> Result<(), JsValue> {
        let binary_type = match value.as_string().as_deref() {
            Some("blob") => BinaryType::Blob,
            Some("arraybuffer") => BinaryType::ArrayBuffer,
            _ => {
                return Err(type_error(&format!(
                    "{class}.binaryType must be \"blob\" or \"arraybuffer\", not {}",
                    describe(value)
                )))
            }
        };
        self.binary_type.set(binary_type);
        Ok(())
    }

    /// Whether anything listens for `kind` (a property or a listener).
    pub(crate) fn has(&self, kind: &str) -> bool {
        self.listeners
            .borrow()
            .iter()
            .any(|l| l.kind == kind && !l.removed.get())
    }

    /// `addEventListener(type, listener, options)`.
    pub(crate) fn add(
        &self,
        kind: &'static str,
        callback: JsValue,
        options: &JsValue,
        class: &str,
    ) -> Result<(), JsValue> {
        if callback.is_null() || callback.is_undefined() {
            // As the platform: nothing to add.
            return Ok(());
        }
        if !callback.is_object() && !callback.is_function() {
            return Err(type_error(&format!(
                "{class}.addEventListener takes a function or an object with a handleEvent \
                 method as the listener, not {}",
                describe(&callback)
            )));
        }
        let options = listener_options(options);
        if let Some(signal) = &options.signal {
            if Reflect::get(signal, &"aborted".into())
                .unwrap_or_default()
                .is_truthy()
            {
                return Ok(());
            }
        }
        let mut listeners = self.listeners.borrow_mut();
        listeners.retain(|l| !l.removed.get());
        let duplicate = listeners.iter().any(|l| {
            !l.property && l.kind == kind && l.capture == options.capture && l.callback == callback
        });
        if duplicate {
            return Ok(());
        }
        let removed = Rc::new(Cell::new(false));
        if let Some(signal) = &options.signal {
            let flag = removed.clone();
            let on_abort = Closure::once_into_js(move || flag.set(true));
            if let Some(add) = Reflect::get(signal, &"addEventListener".into())
                .ok()
                .and_then(|add| add.dyn_into::<Function>().ok())
            {
                let once = Object::new();
                set(&once, "once", &true.into());
                let _ = add.call3(signal, &"abort".into(), &on_abort, &once);
            }
        }
        listeners.push(Listener {
            kind,
            callback,
            capture: options.capture,
            once: options.once,
            removed,
            property: false,
        });
        Ok(())
    }

    /// `removeEventListener(type, listener, options)`.
    pub(crate) fn remove(&self, kind: &str, callback: &JsValue, options: &JsValue) {
        let capture = listener_options(options).capture;
        let mut listeners = self.listeners.borrow_mut();
        if let Some(index) = listeners.iter().position(|l| {
            !l.property
                && !l.removed.get()
                && l.kind == kind
                && l.capture == capture
                && l.callback == *callback
        }) {
            listeners.remove(index).removed.set(true);
        }
    }

    /// The value of the `on<type>` property: the function, or `null`.
    pub(crate) fn property(&self, kind: &str) -> JsValue {
        self.listeners
            .borrow()
            .iter()
            .find(|l| l.property && l.kind == kind)
            .map_or(JsValue::NULL, |l| l.callback.clone())
    }

    /// Sets the `on<type>` property: a function, or `null` (or `undefined`)
    /// for none; anything else is a `TypeError`. A new function keeps the
    /// place of the one it replaces.
    pub(crate) fn set_property(
        &self,
        kind: &'static str,
        value: JsValue,
        class: &str,
    ) -> Result<(), JsValue> {
        let mut listeners = self.listeners.borrow_mut();
        let index = listeners.iter().position(|l| l.property && l.kind == kind);
        if value.is_null() || value.is_undefined() {
            if let Some(index) = index {
                listeners.remove(index).removed.set(true);
            }
            return Ok(());
        }
        if !value.is_function() {
            return Err(type_error(&format!(
                "{class}.on{kind} must be a function or null, not {}",
                describe(&value)
            )));
        }
        match index {
            Some(index) => listeners[index].callback = value,
            None => listeners.push(Listener {
                kind,
                callback: value,
                capture: false,
                once: false,
                removed: Rc::new(Cell::new(false)),
                property: true,
            }),
        }
        Ok(())
    }

    /// Calls the listeners of `kind` with `event`, in order, holding no
    /// borrow (a listener may add or remove listeners, or close the
    /// socket). What a listener throws is reported, as the platform does,
    /// and the others still run.
    pub(crate) fn dispatch(&self, kind: &str, event: &JsValue) {
        let due: Vec<(JsValue, bool, Rc<Cell<bool>>)> = self
            .listeners
            .borrow()
            .iter()
            .filter(|l| l.kind == kind && !l.removed.get())
            .map(|l| (l.callback.clone(), l.once, l.removed.clone()))
            .collect();
        if due.is_empty() {
            return;
        }
        let target = self.target();
        if let Some(event) = event.dyn_ref::<Object>() {
            for key in ["target", "currentTarget", "srcElement"] {
                define_value(event, key, &target);
            }
        }
        // Only with a listener after the first is there anything to stop.
        let stop = (due.len() > 1)
            .then(|| ImmediateStop::watch(event))
            .flatten();
        for (callback, once, removed) in due {
            if stop.as_ref().is_some_and(ImmediateStop::stopped) {
                break;
            }
            if removed.get() {
                continue;
            }
            if once {
                removed.set(true);
                self.listeners.borrow_mut().retain(|l| !l.removed.get());
            }
            let result = match callback.dyn_ref::<Function>() {
                Some(function) => function.call1(&target, event),
                None => Reflect::get(&callback, &"handleEvent".into()).and_then(|handle| {
                    handle
                        .dyn_into::<Function>()
                        .map_err(|_| {
                            type_error("an event listener object has no handleEvent method")
                        })?
                        .call1(&callback, event)
                }),
            };
            if let Err(exception) = result {
                report(&exception);
            }
        }
    }

    /// `dispatchEvent(event)`: to the listeners of `event.type` (any type);
    /// `false` if a listener called `preventDefault()` on a cancelable event.
    pub(crate) fn dispatch_event(&self, event: &JsValue, class: &str) -> Result<bool, JsValue> {
        let kind = Reflect::get(event, &"type".into())
            .ok()
            .and_then(|kind| kind.as_string())
            .filter(|_| event.is_object())
            .ok_or_else(|| {
                type_error(&format!(
                    "{class}.dispatchEvent takes an Event, not {}",
                    describe(event)
                ))
            })?;
        self.dispatch(&kind, event);
        let prevented = Reflect::get(event, &"defaultPrevented".into()).unwrap_or_default();
        Ok(!prevented.is_truthy())
    }

    /// A `MessageEvent` for `message` (a string, or bytes as a
    /// `Uint8Array` of their own), its binary data a `Blob` or an
    /// `ArrayBuffer` as `binaryType` says.
    pub(crate) fn message_event(&self, message: &JsValue, origin: &str) -> JsValue {
        let data = match message.dyn_ref::<Uint8Array>() {
            None => message.clone(),
            Some(bytes) => match self.binary_type.get() {
                // The Uint8Array covers its whole buffer: it was made for
                // this message.
                BinaryType::ArrayBuffer => bytes.buffer().into(),
                BinaryType::Blob => {
                    let parts = Array::of1(bytes);
                    web_sys::Blob::new_with_u8_array_sequence(&parts)
                        .map(JsValue::from)
                        .unwrap_or_else(|_| bytes.buffer().into())
                }
            },
        };
        let init = Object::new();
        set(&init, "data", &data);
        set(&init, "origin", &origin.into());
        new_event("MessageEvent", "message", &init)
    }
}

/// An event of `kind` made with the global class `class` and `init`, or,
/// where the runtime has no such class, an `Event` with `init`'s fields.
pub(crate) fn new_event(class: &str, kind: &str, init: &Object) -> JsValue {
    let constructor = Reflect::get(&js_sys::global(), &class.into()).unwrap_or_default();
    if let Some(constructor) = constructor.dyn_ref::<Function>() {
        let arguments = Array::of2(&kind.into(), init);
        if let Ok(event) = Reflect::construct(constructor, &arguments) {
            return event;
        }
    }
    let event: JsValue = web_sys::Event::new(kind)
        .map(JsValue::from)
        .unwrap_or_else(|_| Object::new().into());
    for key in Object::keys(init).iter() {
        let descriptor = Object::new();
        set(
            &descriptor,
            "value",
            &Reflect::get(init, &key).unwrap_or_default(),
        );
        set(&descriptor, "enumerable", &true.into());
        let object: &Object = event.unchecked_ref();
        let _ = Reflect::define_property(object, &key, &descriptor);
    }
    if event.is_object() && !Reflect::has(&event, &"type".into()).unwrap_or(false) {
        set(event.unchecked_ref(), "type", &kind.into());
    }
    event
}

/// An `Event` of `kind`.
pub(crate) fn plain_event(kind: &str) -> JsValue {
    new_event("Event", kind, &Object::new())
}

/// A `CloseEvent`.
pub(crate) fn close_event(code: u16, reason: &str, was_clean: bool) -> JsValue {
    let init = Object::new();
    set(&init, "code", &code.into());
    set(&init, "reason", &reason.into());
    set(&init, "wasClean", &was_clean.into());
    new_event("CloseEvent", "close", &init)
}

/// An `error` event; with `error`, an `ErrorEvent` carrying it and its
/// message (the platform's own `error` events carry nothing).
pub(crate) fn error_event(error: Option<&JsValue>) -> JsValue {
    let Some(error) = error else {
        return plain_event("error");
    };
    let init = Object::new();
    set(&init, "error", error);
    let message = Reflect::get(error, &"message".into()).unwrap_or_default();
    set(&init, "message", &message);
    new_event("ErrorEvent", "error", &init)
}

/// The origin of a WebSocket URL (`ws://host:port`), as `MessageEvent`s
/// of the platform's WebSocket carry it.
pub(crate) fn origin_of(url: &str) -> String {
    web_sys::Url::new(url)
        .map(|url| url.origin())
        .ok()
        .filter(|origin| origin != "null")
        .unwrap_or_else(|| {
            // `ws:` origins are "null" where the URL parser does not know
            // the scheme as special: scheme and host then.
            match url.split_once("://") {
                Some((scheme, rest)) => {
                    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
                    format!("{scheme}://{host}")
                }
                None => String::new(),
            }
        })
}
