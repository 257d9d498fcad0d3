//! The `ReconnectingSocket`'s events as JS sees them: the type names `on()`
//! takes, each [`ConnectionEvent`] as a plain object, and the names of the
//! states and rejections.

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

use super::convert::message_to_js;
use super::errors::{describe, named_error, set, to_js_error, type_error};
use super::event_target::known_name;
use wasm_websocket::reconnect::{
    AttemptError, ConnectionEvent, GiveUpReason, RejectReason, Rejection, ResumeCause, StopReason,
};

/// The event types `on()` takes. `message` listeners get the message
/// itself; all others get an object with a `type`.
pub(crate) const EVENT_TYPES: &[&str] = &[
    "state",
    "message",
    "dropped",
    "messageerror",
    "overflow",
    "event",
    "connecting",
    "open",
    "attemptfailed",
    "close",
    "reconnecting",
    "dead",
    "offline",
    "resumed",
    "gaveup",
    "stopped",
    "suspended",
];

pub(super) fn event_type(kind: &JsValue) -> Result<&'static str, JsValue> {
    known_name(kind, EVENT_TYPES).ok_or_else(|| {
        type_error(&format!(
            "unknown event type {}: use one of {}",
            describe(kind),
            EVENT_TYPES.join(", ")
        ))
    })
}

pub(super) fn event_object(kind: &str) -> Object {
    let object = Object::new();
    set(&object, "type", &kind.into());
    object
}

pub(super) fn millis(duration: std::time::Duration) -> JsValue {
    (duration.as_secs_f64() * 1000.0).into()
}

/// The event's type for `on()`, its JS object, and the state it moves to
/// (`None`: it does not change the state by itself).
pub(super) fn event_to_js(event: &ConnectionEvent) -> (&'static str, Object, Option<&'static str>) {
    let (kind, state): (&'static str, Option<&'static str>) = match event {
        ConnectionEvent::Connecting { .. } => ("connecting", Some("connecting")),
        ConnectionEvent::Open => ("open", Some("open")),
        ConnectionEvent::AttemptFailed { .. } => ("attemptfailed", None),
        ConnectionEvent::Closed(_) => ("close", None),
        ConnectionEvent::Reconnecting { .. } => ("reconnecting", Some("waiting")),
        ConnectionEvent::Dead { .. } => ("dead", None),
        ConnectionEvent::Offline { .. } => ("offline", Some("offline")),
        ConnectionEvent::Resumed { .. } => ("resumed", None),
        ConnectionEvent::GaveUp(_) => ("gaveup", Some("gave-up")),
        ConnectionEvent::Stopped(StopReason::ClosedByUser) => ("stopped", Some("closed")),
        ConnectionEvent::Stopped(_) => ("stopped", Some("stopped")),
        // JS has one event for every message that will not be sent.
        ConnectionEvent::Unsent(_) => ("dropped", None),
        ConnectionEvent::Suspended => ("suspended", Some("suspended")),
        // A variant added to the crate after this binding was written
        // reaches JS as an "unknown" event (for `event` listeners).
        _ => ("unknown", None),
    };
    let object = event_object(kind);
    match event {
        ConnectionEvent::Connecting { attempt, delay } => {
            set(&object, "attempt", &(*attempt).into());
            set(&object, "delayMs", &millis(*delay));
        }
        ConnectionEvent::AttemptFailed { attempt, error } => {
            set(&object, "attempt", &(*attempt).into());
            let error = match error {
                // The message says which function failed, and how.
                AttemptError::Url(message) => named_error("UrlProviderError", message),
                AttemptError::Connect(error) => to_js_error(error.clone()),
                other => named_error("WebSocketError", &other.to_string()),
            };
            set(&object, "error", &error);
        }
        ConnectionEvent::Closed(close) => {
            set(&object, "code", &close.code.into());
            set(&object, "reason", &close.reason.as_str().into());
            set(&object, "wasClean", &close.was_clean.into());
        }
        ConnectionEvent::Reconnecting { attempt, delay } => {
            set(&object, "attempt", &(*attempt).into());
            set(&object, "delayMs", &millis(*delay));
            // When it will start, for a countdown.
            let at = js_sys::Date::now() + delay.as_secs_f64() * 1000.0;
            set(&object, "retryAt", &at.into());
        }
        ConnectionEvent::Dead { silent_for } => set(&object, "silentForMs", &millis(*silent_for)),
        ConnectionEvent::Offline { attempt } => set(&object, "attempt", &(*attempt).into()),
        ConnectionEvent::Resumed { attempt, cause } => {
            set(&object, "attempt", &(*attempt).into());
            let cause = match cause {
                ResumeCause::Online => "online",
                ResumeCause::Visible => "visible",
                ResumeCause::OfflineWaitOver => "offline-wait-over",
                ResumeCause::PageShown => "page-shown",
                _ => "unknown",
            };
            set(&object, "cause", &cause.into());
        }
        ConnectionEvent::GaveUp(reason) => {
            let reason = match reason {
                GiveUpReason::MaxRetries => "max-retries",
                GiveUpReason::MaxElapsed => "max-elapsed",
                _ => "unknown",
            };
            set(&object, "reason", &reason.into());
        }
        ConnectionEvent::Stopped(reason) => {
            let reason = match reason {
                StopReason::ClosedByUser => "closed-by-user",
                StopReason::TerminalCode(code) => {
                    set(&object, "code", &(*code).into());
                    "terminal-code"
                }
                StopReason::Predicate => "predicate",
                StopReason::InvalidRequest => "invalid-request",
                _ => "unknown",
            };
            set(&object, "reason", &reason.into());
        }
        ConnectionEvent::Unsent(messages) => {
            set(&object, "reason", &"unsent".into());
            let list: Array = messages.iter().cloned().map(message_to_js).collect();
            set(&object, "messages", &list);
        }
        ConnectionEvent::Open | ConnectionEvent::Suspended => {}
        // Named only: describing it would ship Rust's Debug formatting of
        // every event in the package, for events that do not exist yet.
        _ => set(
            &object,
            "description",
            &"an event this version of the package does not know".into(),
        ),
    }
    (kind, object, state)
}

pub(super) fn rejection_name(rejection: &Rejection) -> &'static str {
    match rejection {
        Rejection::Queue(RejectReason::Full) => "full",
        Rejection::Queue(RejectReason::Disabled) => "disabled",
        Rejection::Queue(RejectReason::TooLarge) => "too-large",
        Rejection::Closed => "closed",
        _ => "rejected",
    }
}
