//! The `ReconnectingSocket`'s events as JS sees them: each
//! [`ConnectionEvent`] as a plain object with its `type` (the state it
//! moves to is `reconnect_hub.js`'s business), and the names of the
//! rejections.

use js_sys::Object;
use wasm_bindgen::prelude::*;

use super::errors::{self, named_error, set, to_js_error};
use wasm_websocket::reconnect::{
    AttemptError, ConnectionEvent, GiveUpReason, Rejection, ResumeCause, StopReason,
};

fn event_object(kind: &str) -> Object {
    let object = Object::new();
    set(&object, "type", &kind.into());
    object
}

fn millis(duration: std::time::Duration) -> JsValue {
    (duration.as_secs_f64() * 1000.0).into()
}

/// The event as a JS object, for `on()` listeners of its `type`.
pub(super) fn event_to_js(event: &ConnectionEvent) -> Object {
    let kind = match event {
        ConnectionEvent::Connecting { .. } => "connecting",
        ConnectionEvent::Open => "open",
        ConnectionEvent::AttemptFailed { .. } => "attemptfailed",
        ConnectionEvent::Closed(_) => "close",
        ConnectionEvent::Reconnecting { .. } => "reconnecting",
        ConnectionEvent::Dead { .. } => "dead",
        ConnectionEvent::Offline { .. } => "offline",
        ConnectionEvent::Resumed { .. } => "resumed",
        ConnectionEvent::GaveUp(_) => "gaveup",
        ConnectionEvent::Stopped(_) => "stopped",
        ConnectionEvent::Suspended => "suspended",
        // A variant added to the crate after this binding was written
        // reaches JS as an "unknown" event (for `event` listeners).
        _ => "unknown",
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
                // A kind of failure added to the crate after this binding
                // was written: named only (its words would bring the
                // crate's `Display` back into the module).
                _ => named_error(
                    "WebSocketError",
                    "an attempt failed in a way this version of the package does not know",
                ),
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
        ConnectionEvent::Open | ConnectionEvent::Suspended => {}
        // Named only: describing it would ship Rust's Debug formatting of
        // every event in the package, for events that do not exist yet.
        _ => set(
            &object,
            "description",
            &"an event this version of the package does not know".into(),
        ),
    }
    object
}

pub(super) fn rejection_name(rejection: &Rejection) -> &'static str {
    match rejection {
        Rejection::Queue(why) => errors::rejection_name(why),
        Rejection::Closed => "closed",
        _ => "rejected",
    }
}
