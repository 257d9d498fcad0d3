//! Durations as `setTimeout` takes them.

use std::time::Duration;

/// The longest delay `setTimeout` honours: beyond 2^31 - 1 ms it fires at
/// once.
const MAX_TIMEOUT_MS: u32 = i32::MAX as u32;

/// [`MAX_TIMEOUT_MS`] as a `Duration`: the longest one timer waits.
pub(crate) const MAX_TIMEOUT: Duration = Duration::from_millis(MAX_TIMEOUT_MS as u64);

/// Whole milliseconds, rounded up so that a timer never fires early, and
/// capped at what `setTimeout` honours.
pub(crate) fn timeout_millis(delay: Duration) -> u32 {
    // In u64, not through `as_nanos` (a u128, whose division code would be
    // in every app).
    let millis = delay
        .as_secs()
        .saturating_mul(1000)
        .saturating_add(u64::from(delay.subsec_nanos().div_ceil(1_000_000)));
    u32::try_from(millis).map_or(MAX_TIMEOUT_MS, |ms| ms.min(MAX_TIMEOUT_MS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_up_and_caps() {
        assert_eq!(timeout_millis(Duration::ZERO), 0);
        assert_eq!(timeout_millis(Duration::from_micros(1)), 1);
        assert_eq!(timeout_millis(Duration::from_micros(300_500)), 301);
        assert_eq!(timeout_millis(Duration::from_secs(30)), 30_000);
        assert_eq!(timeout_millis(Duration::from_secs(1 << 40)), MAX_TIMEOUT_MS);
        assert_eq!(timeout_millis(Duration::MAX), MAX_TIMEOUT_MS);
    }
}
