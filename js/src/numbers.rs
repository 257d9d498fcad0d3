//! The numbers the JavaScript classes hand the engine, checked already by
//! `options.js`: milliseconds and counts, where `Infinity` (or any value
//! too large to hold) is no limit.

use std::time::Duration;

/// Milliseconds as a `Duration`, rounded up to whole microseconds (so that
/// a positive value stays positive); `2^64` microseconds or more (about
/// 585,000 years, `Infinity`) is forever, [`Duration::MAX`]; the engine
/// waits that long in steps of what `setTimeout` honours. (Through whole
/// microseconds rather than `Duration::try_from_secs_f64`, whose exact
/// float decoding weighs half a kilobyte of wasm.)
pub(crate) fn duration(ms: f64) -> Duration {
    let micros = (ms * 1000.0).ceil();
    if micros < u64::MAX as f64 {
        // Below 2^64 and (checked by the options) not negative or NaN.
        Duration::from_micros(micros as u64)
    } else {
        Duration::MAX
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milliseconds_become_durations() {
        assert_eq!(duration(1500.0), Duration::from_millis(1500));
        assert_eq!(duration(1.5), Duration::from_micros(1500));
        assert_eq!(duration(0.0001), Duration::from_micros(1));
        assert_eq!(duration(0.0), Duration::ZERO);
        assert_eq!(duration(f64::INFINITY), Duration::MAX);
        assert_eq!(duration(1e300), Duration::MAX);
        assert_eq!(duration(f64::MAX), Duration::MAX);
    }

    #[test]
    fn counts_and_sizes_saturate_to_no_limit() {
        assert_eq!(count(3.0), Some(3));
        assert_eq!(count(f64::INFINITY), None);
        assert_eq!(count(1e300), None);
        assert_eq!(size(1024.0), 1024);
        assert_eq!(size(f64::INFINITY), usize::MAX);
    }
}
