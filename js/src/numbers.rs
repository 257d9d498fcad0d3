//! The numbers the JavaScript classes hand the engine, checked already by
//! `options.js`: milliseconds and counts, where `Infinity` (or any value
//! too large to hold) is no limit.

use std::time::Duration;

/// Milliseconds as a `Duration`: beyond what a `Duration` holds (about
/// 5.8e11 years, `Infinity`) is forever, [`Duration::MAX`]; the engine
/// waits that long in steps of what `setTimeout` honours.
pub(crate) fn duration(ms: f64) -> Duration {
    Duration::try_from_secs_f64(ms / 1000.0).unwrap_or(Duration::MAX)
}

/// A count: `None` for no limit, which is also what a count beyond
/// `u64::MAX` amounts to.
pub(crate) fn count(n: f64) -> Option<u64> {
    // `as` saturates; a whole f64 at or above 2^64 is no limit.
    (n < u64::MAX as f64).then_some(n as u64)
}

/// A size limit: no limit (or more than the address space) is
/// `usize::MAX`, which turns a check off.
pub(crate) fn size(n: f64) -> usize {
    count(n).map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX))
}
