//! The host's monotonic clock, as the core takes it: a `Duration` since an
//! origin of the host's choosing.
//!
//! `performance.now()` where the global scope has it (a window, a worker,
//! Node): it is monotonic, so a system clock set back or forward is not
//! read as silence or as a long outage. Elsewhere `Date.now()`, with a step
//! back read as no time passing.

use std::time::Duration;

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

pub(crate) struct Clock {
    performance: Option<(JsValue, Function)>,
    last: Duration,
}

impl Clock {
    pub(crate) fn new() -> Self {
        let performance = Reflect::get(&js_sys::global(), &"performance".into())
            .ok()
            .filter(|performance| performance.is_object())
            .and_then(|performance| {
                let now = Reflect::get(&performance, &"now".into()).ok()?;
                Some((performance, now.dyn_into::<Function>().ok()?))
            });
        Self {
            performance,
            last: Duration::ZERO,
        }
    }

    /// Now, never earlier than the last reading.
    pub(crate) fn now(&mut self) -> Duration {
        let millis = self
            .performance
            .as_ref()
            .and_then(|(performance, now)| now.call0(performance).ok())
            .and_then(|millis| millis.as_f64())
            .unwrap_or_else(js_sys::Date::now);
        // Whole microseconds: `as` saturates, and reads NaN or a negative
        // time as zero.
        let now = Duration::from_micros((millis * 1000.0) as u64);
        self.last = self.last.max(now);
        self.last
    }
}
