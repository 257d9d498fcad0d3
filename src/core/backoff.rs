//! When to retry: [`Backoff`] turns a retry number into a delay, and
//! [`Retries`] counts the retries of one outage against [`RetryLimits`].
//!
//! Time and randomness are arguments (`now` is any monotonic `Duration`
//! since an origin of the caller's choosing, `random` is a number in
//! `[0, 1)`), so that everything here is plain arithmetic, tested natively
//! and deterministically.

use std::fmt;
use std::time::Duration;

/// How much of a [`Backoff`] delay is randomised.
///
/// When a server restarts, every client loses its connection at the same
/// moment. Without jitter they would all come back at the same moments too
/// (after 0.5 s, 1 s, 2 s, ...) and hit the server in waves; jitter spreads
/// them out. The names follow AWS's article "Exponential Backoff and Jitter".
///
/// In the formulas, `capped` is `min(max_delay, initial_delay × factor^attempt)`.
///
/// ```
/// use std::time::Duration;
/// use wasm_websocket::reconnect::{Backoff, Jitter};
///
/// assert_eq!(Jitter::default(), Jitter::Full);
/// let backoff = Backoff::new().with_jitter(Jitter::Equal);
/// // Equal jitter never waits less than half of the capped delay.
/// assert_eq!(backoff.delay(0, 0.0), Duration::from_millis(250));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Jitter {
    /// Exactly `capped`: predictable, and every client retries in step.
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::reconnect::{Backoff, Jitter};
    ///
    /// let backoff = Backoff::new().with_jitter(Jitter::None);
    /// assert_eq!(backoff.delay(1, 0.3), Duration::from_secs(1));
    /// ```
    None,
    /// Uniform in `[0, capped]` (the default): spreads clients over the whole
    /// window, so a restarted server is not hit by all of them at once. A
    /// retry may come almost at once, but the window keeps growing.
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::reconnect::{Backoff, Jitter};
    ///
    /// let backoff = Backoff::new().with_jitter(Jitter::Full);
    /// assert_eq!(backoff.delay(1, 0.0), Duration::ZERO);
    /// assert_eq!(backoff.delay(1, 0.5), Duration::from_millis(500));
    /// ```
    #[default]
    Full,
    /// `capped / 2` plus uniform in `[0, capped / 2]`: a guaranteed minimum
    /// wait, with half of the spread of [`Full`](Jitter::Full).
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::reconnect::{Backoff, Jitter};
    ///
    /// let backoff = Backoff::new().with_jitter(Jitter::Equal);
    /// assert_eq!(backoff.delay(1, 0.5), Duration::from_millis(750));
    /// ```
    Equal,
}

/// Exponential backoff: the delay before retry number `attempt` (0 for the
/// first retry) is `min(max_delay, initial_delay × factor^attempt)`,
/// randomised by the [`Jitter`].
///
/// | setting | default | at the limits |
/// |---|---|---|
/// | [`initial_delay`](Self::with_initial_delay) | 500 ms | zero: every delay is zero |
/// | [`max_delay`](Self::with_max_delay) | 30 s | zero: every delay is zero; below `initial_delay`: every delay is `max_delay` |
/// | [`factor`](Self::with_factor) | 2.0 | below 1.0 or NaN: read as 1.0 (constant delay); infinite: `max_delay` from the second retry on |
/// | [`jitter`](Self::with_jitter) | [`Jitter::Full`] | |
///
/// ```
/// use std::time::Duration;
/// use wasm_websocket::reconnect::{Backoff, Jitter};
///
/// let backoff = Backoff::new()
///     .with_initial_delay(Duration::from_secs(1))
///     .with_max_delay(Duration::from_secs(10))
///     .with_factor(3.0)
///     .with_jitter(Jitter::None);
/// let schedule: Vec<u64> = (0..4).map(|n| backoff.delay(n, 0.0).as_secs()).collect();
/// assert_eq!(schedule, [1, 3, 9, 10]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Backoff {
    initial_delay: Duration,
    max_delay: Duration,
    factor: f64,
    jitter: Jitter,
}

impl Default for Backoff {
    fn default() -> Self {
        Self::new()
    }
}

impl Backoff {
    /// The defaults: 500 ms, doubling, capped at 30 s, full jitter.
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::reconnect::{Backoff, Jitter};
    ///
    /// let backoff = Backoff::new();
    /// assert_eq!(backoff, Backoff::default());
    /// assert_eq!(backoff.initial_delay(), Duration::from_millis(500));
    /// assert_eq!(backoff.max_delay(), Duration::from_secs(30));
    /// assert_eq!(backoff.factor(), 2.0);
    /// assert_eq!(backoff.jitter(), Jitter::Full);
    /// ```
    pub const fn new() -> Self {
        Self {
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            factor: 2.0,
            jitter: Jitter::Full,
        }
    }

    /// Sets the base of the exponential, which is also the longest first
    /// delay. Default: 500 ms. Zero makes every delay zero.
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::reconnect::{Backoff, Jitter};
    ///
    /// let backoff = Backoff::new()
    ///     .with_initial_delay(Duration::from_millis(100))
    ///     .with_jitter(Jitter::None);
    /// assert_eq!(backoff.delay(0, 0.0), Duration::from_millis(100));
    /// ```
    pub fn with_initial_delay(mut self, initial_delay: Duration) -> Self {
        self.initial_delay = initial_delay;
        self
    }

    /// Sets the longest delay, jitter included. Default: 30 s. It wins over
    /// `initial_delay` when it is smaller; zero makes every delay zero.
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::reconnect::{Backoff, Jitter};
    ///
    /// let backoff = Backoff::new()
    ///     .with_max_delay(Duration::from_secs(5))
    ///     .with_jitter(Jitter::None);
    /// assert_eq!(backoff.delay(100, 0.0), Duration::from_secs(5));
    /// ```
    pub fn with_max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// Sets how much each delay grows over the previous one. Default: 2.0.
    /// Values below 1.0, and NaN, are read as 1.0: a constant delay, since a
    /// shrinking one would hammer a server that stays down.
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::reconnect::{Backoff, Jitter};
    ///
    /// let constant = Backoff::new().with_factor(0.5).with_jitter(Jitter::None);
    /// assert_eq!(constant.delay(3, 0.0), Duration::from_millis(500));
    /// ```
    pub fn with_factor(mut self, factor: f64) -> Self {
        self.factor = factor;
        self
    }

    /// Sets the randomisation. Default: [`Jitter::Full`].
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::reconnect::{Backoff, Jitter};
    ///
    /// let backoff = Backoff::new().with_jitter(Jitter::None);
    /// assert_eq!(backoff.delay(0, 0.9), Duration::from_millis(500));
    /// ```
    pub fn with_jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = jitter;
        self
    }

    /// The base of the exponential.
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::reconnect::Backoff;
    ///
    /// assert_eq!(Backoff::new().initial_delay(), Duration::from_millis(500));
    /// ```
    pub fn initial_delay(&self) -> Duration {
        self.initial_delay
    }

    /// The longest delay.
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::reconnect::Backoff;
    ///
    /// assert_eq!(Backoff::new().max_delay(), Duration::from_secs(30));
    /// ```
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The growth factor as it was set (values below 1.0 or NaN are kept
    /// here, and read as 1.0 by [`delay`](Self::delay)).
    ///
    /// ```
    /// use wasm_websocket::reconnect::Backoff;
    ///
    /// assert_eq!(Backoff::new().with_factor(1.5).factor(), 1.5);
    /// ```
    pub fn factor(&self) -> f64 {
        self.factor
    }

    /// The randomisation.
    ///
    /// ```
    /// use wasm_websocket::reconnect::{Backoff, Jitter};
    ///
    /// assert_eq!(Backoff::new().jitter(), Jitter::Full);
    /// ```
    pub fn jitter(&self) -> Jitter {
        self.jitter
    }

    /// The delay before retry number `attempt` (0 for the first retry),
    /// given a `random` number in `[0, 1)`, e.g. from `js_sys::Math::random()`.
    ///
    /// Never panics and never exceeds `max_delay`: huge attempt numbers
    /// saturate at `max_delay`. A `random` below 0 is read as 0; one of 1 or
    /// more, and NaN, as 1 (the full `capped` delay: a broken random source
    /// should make clients wait longer, not hammer the server).
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::reconnect::{Backoff, Jitter};
    ///
    /// let backoff = Backoff::new();
    /// assert_eq!(backoff.delay(2, 0.5), Duration::from_secs(1));
    /// assert_eq!(backoff.delay(u32::MAX, f64::NAN), Duration::from_secs(30));
    /// ```
    pub fn delay(&self, attempt: u32, random: f64) -> Duration {
        let capped = self.capped_delay(attempt);
        let random = clamp_random(random);
        match self.jitter {
            Jitter::None => capped,
            Jitter::Full => scale(capped, random),
            Jitter::Equal => {
                let half = capped / 2;
                // `capped - half`, not `half`: with an odd number of
                // nanoseconds the upper bound is still exactly `capped`.
                half + scale(capped - half, random)
            }
        }
    }

    /// `min(max_delay, initial_delay × factor^attempt)`, without jitter.
    fn capped_delay(&self, attempt: u32) -> Duration {
        // Checked first because 0 × infinity would be NaN below.
        if self.initial_delay.is_zero() {
            return Duration::ZERO;
        }
        // `>=` is false for NaN, so NaN lands on 1.0 as well.
        let factor = if self.factor >= 1.0 { self.factor } else { 1.0 };
        // In floating point a huge attempt gives +infinity, never a panic or
        // a wrap-around like an integer power would. `powi` (repeated
        // squaring) rather than `powf`: the exponent is a whole number, and
        // `powf` would bring a general `pow` (2 KB) into every app.
        let exponent = i32::try_from(attempt).unwrap_or(i32::MAX);
        let growth = factor.powi(exponent);
        if growth <= 1.0 {
            // Exact, without a round trip through f64 seconds.
            return self.initial_delay.min(self.max_delay);
        }
        let secs = self.initial_delay.as_secs_f64() * growth;
        if secs >= self.max_delay.as_secs_f64() {
            return self.max_delay;
        }
        from_secs_f64_saturating(secs).min(self.max_delay)
    }
}

/// Seconds as a `Duration`, saturating at `Duration::MAX` and reading a
/// negative or NaN number as zero. Cheaper than `Duration::try_from_secs_f64`
/// (whose exact rounding code every app would carry); a nanosecond of
/// rounding does not matter to a backoff.
fn from_secs_f64_saturating(secs: f64) -> Duration {
    // `as` saturates, and turns NaN into 0.
    let whole = secs as u64;
    let nanos = ((secs - whole as f64) * 1e9) as u32;
    Duration::new(whole, nanos.min(999_999_999))
}

/// Brings `random` into `[0, 1]`; see [`Backoff::delay`] for why NaN is 1.
fn clamp_random(random: f64) -> f64 {
    if random.is_nan() {
        1.0
    } else {
        random.clamp(0.0, 1.0)
    }
}

/// `duration × fraction` for a fraction in `[0, 1]`, never more than
/// `duration` and never a panic (`Duration::mul_f64` panics when rounding
/// pushes a huge duration past `Duration::MAX`).
fn scale(duration: Duration, fraction: f64) -> Duration {
    from_secs_f64_saturating(duration.as_secs_f64() * fraction).min(duration)
}

/// When to stop retrying, and when an outage counts as over.
///
/// | setting | default | at the limits |
/// |---|---|---|
/// | [`max_retries`](Self::with_max_retries) | `None`: unlimited | `Some(0)`: never retry |
/// | [`max_elapsed`](Self::with_max_elapsed) | `None`: unlimited | `Some(ZERO)`: never retry |
/// | [`min_uptime`](Self::with_min_uptime) | 5 s | zero: any connection that opened resets the count |
///
/// ```
/// use std::time::Duration;
/// use wasm_websocket::reconnect::RetryLimits;
///
/// let limits = RetryLimits::new()
///     .with_max_retries(10)
///     .with_max_elapsed(Duration::from_secs(120));
/// assert_eq!(limits.max_retries(), Some(10));
/// assert_eq!(limits.max_elapsed(), Some(Duration::from_secs(120)));
/// assert_eq!(limits.min_uptime(), Duration::from_secs(5));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RetryLimits {
    max_retries: Option<u32>,
    max_elapsed: Option<Duration>,
    min_uptime: Duration,
}

impl Default for RetryLimits {
    fn default() -> Self {
        Self::new()
    }
}

impl RetryLimits {
    /// The defaults: retry forever, and count an outage as over once a
    /// connection has stayed open for 5 s.
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::reconnect::RetryLimits;
    ///
    /// let limits = RetryLimits::new();
    /// assert_eq!(limits, RetryLimits::default());
    /// assert_eq!(limits.max_retries(), None);
    /// assert_eq!(limits.max_elapsed(), None);
    /// assert_eq!(limits.min_uptime(), Duration::from_secs(5));
    /// ```
    pub const fn new() -> Self {
        Self {
            max_retries: None,
            max_elapsed: None,
            min_uptime: Duration::from_secs(5),
        }
    }

    /// Gives up after this many retries in one outage (`None`: never).
    /// Default: `None`. `Some(0)` gives up at the first failure.
    ///
    /// ```
    /// use wasm_websocket::reconnect::RetryLimits;
    ///
    /// assert_eq!(RetryLimits::new().with_max_retries(3).max_retries(), Some(3));
    /// assert_eq!(RetryLimits::new().with_max_retries(None).max_retries(), None);
    /// ```
    pub fn with_max_retries(mut self, max_retries: impl Into<Option<u32>>) -> Self {
        self.max_retries = max_retries.into();
        self
    }

    /// Gives up once this much time has passed since the first failure of
    /// the outage (`None`: never). Default: `None`. No retry is scheduled to
    /// start later than this: a delay that would end past it is shortened.
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::reconnect::RetryLimits;
    ///
    /// let limits = RetryLimits::new().with_max_elapsed(Duration::from_secs(60));
    /// assert_eq!(limits.max_elapsed(), Some(Duration::from_secs(60)));
    /// ```
    pub fn with_max_elapsed(mut self, max_elapsed: impl Into<Option<Duration>>) -> Self {
        self.max_elapsed = max_elapsed.into();
        self
    }

    /// How long a connection must stay open for its close to start a fresh
    /// outage (retry count and elapsed time back to zero). Default: 5 s.
    ///
    /// Without it, a server that accepts connections and drops them at once
    /// would be retried at the first, shortest delay forever.
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::reconnect::RetryLimits;
    ///
    /// let limits = RetryLimits::new().with_min_uptime(Duration::from_secs(30));
    /// assert_eq!(limits.min_uptime(), Duration::from_secs(30));
    /// ```
    pub fn with_min_uptime(mut self, min_uptime: Duration) -> Self {
        self.min_uptime = min_uptime;
        self
    }

    /// The most retries per outage, if limited.
    ///
    /// ```
    /// assert_eq!(wasm_websocket::reconnect::RetryLimits::new().max_retries(), None);
    /// ```
    pub fn max_retries(&self) -> Option<u32> {
        self.max_retries
    }

    /// The longest time spent retrying per outage, if limited.
    ///
    /// ```
    /// assert_eq!(wasm_websocket::reconnect::RetryLimits::new().max_elapsed(), None);
    /// ```
    pub fn max_elapsed(&self) -> Option<Duration> {
        self.max_elapsed
    }

    /// How long a connection must stay open to end an outage.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let limits = wasm_websocket::reconnect::RetryLimits::new();
    /// assert_eq!(limits.min_uptime(), Duration::from_secs(5));
    /// ```
    pub fn min_uptime(&self) -> Duration {
        self.min_uptime
    }
}

/// What [`Retries::next_attempt`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum NextAttempt {
    /// Wait `delay`, then try to connect.
    Retry {
        /// Which retry of the current outage this is: 1 for the first.
        attempt: u32,
        /// How long to wait before connecting.
        delay: Duration,
    },
    /// Stop retrying.
    GiveUp {
        /// Which limit was reached.
        reason: GiveUpReason,
    },
}

/// Which [`RetryLimits`] ended the retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GiveUpReason {
    /// [`max_retries`](RetryLimits::with_max_retries) retries were made.
    MaxRetries,
    /// [`max_elapsed`](RetryLimits::with_max_elapsed) has passed since the
    /// outage began.
    MaxElapsed,
}

impl fmt::Display for GiveUpReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GiveUpReason::MaxRetries => "the retry limit was reached",
            GiveUpReason::MaxElapsed => "the time allowed for retrying ran out",
        })
    }
}

/// The retry bookkeeping of one reconnecting connection.
///
/// The caller reports what happens, with `now` read from one monotonic clock
/// (e.g. `performance.now()` as a `Duration`; any origin works, and a clock
/// that steps back is read as no time passing):
///
/// - [`connection_opened`](Self::connection_opened) when a connection opens;
/// - [`connection_closed`](Self::connection_closed) when an open connection
///   closes (and a reconnect is wanted);
/// - [`attempt_failed`](Self::attempt_failed) when a connection attempt
///   fails before opening;
/// - then [`next_attempt`](Self::next_attempt), once per retry, for the
///   delay before the next attempt, or the verdict to give up.
///
/// **Outages.** An outage begins with the first close or failure after a
/// stable connection (or after [`reset`](Self::reset), or at the start) and
/// ends when a connection closes after staying open for at least
/// [`min_uptime`](RetryLimits::with_min_uptime). Only then does the retry
/// count go back to zero and the elapsed-time budget start over: a
/// connection that opens and closes quickly (a flapping server, a proxy that
/// accepts and drops) stays in the same outage, so its delays keep growing
/// and the limits still apply.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Retries {
    backoff: Backoff,
    limits: RetryLimits,
    /// Retries handed out in the current outage.
    retries: u32,
    /// The first failure of the current outage, if one is going on.
    outage_start: Option<Duration>,
    /// When the current connection opened, if one is open.
    opened_at: Option<Duration>,
}

impl Default for Retries {
    /// Default [`Backoff`] and [`RetryLimits`].
    fn default() -> Self {
        Self::new(Backoff::new(), RetryLimits::new())
    }
}

impl Retries {
    /// A tracker with no outage going on.
    pub(crate) fn new(backoff: Backoff, limits: RetryLimits) -> Self {
        Self {
            backoff,
            limits,
            retries: 0,
            outage_start: None,
            opened_at: None,
        }
    }

    /// Records that a connection opened at `now`. This alone does not end the
    /// outage: the connection must first stay open for `min_uptime`.
    pub(crate) fn connection_opened(&mut self, now: Duration) {
        self.opened_at = Some(now);
    }

    /// Records that the connection closed at `now`. If it had been open for
    /// at least `min_uptime`, the previous outage is over and a new one
    /// begins at `now`; otherwise the current outage goes on.
    pub(crate) fn connection_closed(&mut self, now: Duration) {
        if let Some(opened_at) = self.opened_at.take() {
            if now.saturating_sub(opened_at) >= self.limits.min_uptime {
                self.retries = 0;
                self.outage_start = None;
            }
        }
        self.outage_start.get_or_insert(now);
    }

    /// Records that a connection attempt failed at `now` without opening.
    /// It begins an outage if none is going on.
    pub(crate) fn attempt_failed(&mut self, now: Duration) {
        self.opened_at = None;
        self.outage_start.get_or_insert(now);
    }

    /// Hands out the next retry, or gives up. Call it once per retry: each
    /// [`NextAttempt::Retry`] counts against `max_retries`.
    ///
    /// The delay is [`Backoff::delay`] of the retries made so far in this
    /// outage (so the first retry of an outage waits at most
    /// `initial_delay`). With `max_elapsed`, no retry is scheduled to start
    /// later than `max_elapsed` after the outage began: a longer delay is
    /// shortened to end right then, and asking at or after that moment gives
    /// up. When both limits are reached, the reason is
    /// [`GiveUpReason::MaxRetries`]. Giving up changes nothing: asking again
    /// gives up again, until [`reset`](Self::reset).
    ///
    /// If no close or failure was recorded, the outage begins at `now`.
    pub(crate) fn next_attempt(&mut self, now: Duration, random: f64) -> NextAttempt {
        let outage_start = *self.outage_start.get_or_insert(now);
        if self
            .limits
            .max_retries
            .is_some_and(|max_retries| self.retries >= max_retries)
        {
            return NextAttempt::GiveUp {
                reason: GiveUpReason::MaxRetries,
            };
        }
        let mut delay = self.backoff.delay(self.retries, random);
        if let Some(max_elapsed) = self.limits.max_elapsed {
            let elapsed = now.saturating_sub(outage_start);
            match max_elapsed.checked_sub(elapsed) {
                Some(left) if !left.is_zero() => delay = delay.min(left),
                _ => {
                    return NextAttempt::GiveUp {
                        reason: GiveUpReason::MaxElapsed,
                    }
                }
            }
        }
        self.retries = self.retries.saturating_add(1);
        NextAttempt::Retry {
            attempt: self.retries,
            delay,
        }
    }

    /// Forgets the current outage: the next retry is attempt 1 again, with a
    /// fresh elapsed-time budget. For a reconnect the user forced, which says
    /// nothing about the server's health.
    pub(crate) fn reset(&mut self) {
        self.retries = 0;
        self.outage_start = None;
        self.opened_at = None;
    }

    /// How many retries the current outage has had.
    #[cfg(test)]
    pub(crate) fn retries(&self) -> u32 {
        self.retries
    }

    /// When the current outage began, if one is going on.
    #[cfg(test)]
    pub(crate) fn outage_start(&self) -> Option<Duration> {
        self.outage_start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    fn secs(secs: u64) -> Duration {
        Duration::from_secs(secs)
    }

    fn exact() -> Backoff {
        Backoff::new().with_jitter(Jitter::None)
    }

    fn retry(attempt: u32, delay: Duration) -> NextAttempt {
        NextAttempt::Retry { attempt, delay }
    }

    fn give_up(reason: GiveUpReason) -> NextAttempt {
        NextAttempt::GiveUp { reason }
    }

    #[test]
    fn without_jitter_the_delay_doubles_from_half_a_second_up_to_the_cap() {
        let schedule: Vec<u128> = (0..10).map(|n| exact().delay(n, 0.7).as_millis()).collect();
        assert_eq!(
            schedule,
            [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]
        );
    }

    #[test]
    fn full_jitter_spans_zero_to_the_capped_delay() {
        let backoff = Backoff::new().with_jitter(Jitter::Full);
        for (attempt, capped) in [(0, 500 * MS), (3, secs(4)), (9, secs(30))] {
            assert_eq!(backoff.delay(attempt, 0.0), Duration::ZERO);
            assert_eq!(backoff.delay(attempt, 0.5), capped / 2);
            let high = backoff.delay(attempt, 0.999);
            assert!(high <= capped, "{high:?} > {capped:?}");
            assert!(high >= capped * 998 / 1000, "{high:?}");
        }
    }

    #[test]
    fn equal_jitter_spans_half_to_the_whole_capped_delay() {
        let backoff = Backoff::new().with_jitter(Jitter::Equal);
        for (attempt, capped) in [(0, 500 * MS), (3, secs(4)), (9, secs(30))] {
            assert_eq!(backoff.delay(attempt, 0.0), capped / 2);
            assert_eq!(backoff.delay(attempt, 0.5), capped * 3 / 4);
            let high = backoff.delay(attempt, 0.999);
            assert!(high <= capped, "{high:?} > {capped:?}");
            assert!(high >= capped * 999 / 1000, "{high:?}");
        }
        // An odd number of nanoseconds still reaches exactly the cap.
        let odd = Backoff::new()
            .with_initial_delay(Duration::from_nanos(3))
            .with_jitter(Jitter::Equal);
        assert_eq!(odd.delay(0, 0.0), Duration::from_nanos(1));
        assert_eq!(odd.delay(0, 1.0), Duration::from_nanos(3));
    }

    #[test]
    fn a_factor_below_one_or_nan_gives_a_constant_delay() {
        for factor in [0.999, 0.5, 0.0, -3.0, f64::NEG_INFINITY, f64::NAN] {
            let backoff = exact().with_factor(factor);
            for attempt in [0, 1, 5, 1000, u32::MAX] {
                assert_eq!(backoff.delay(attempt, 0.0), 500 * MS, "{factor} {attempt}");
            }
        }
        let one = exact().with_factor(1.0);
        assert_eq!(one.delay(u32::MAX, 0.0), 500 * MS);
    }

    #[test]
    fn other_factors_grow_by_that_factor() {
        let backoff = exact().with_factor(1.5);
        assert_eq!(backoff.delay(1, 0.0), 750 * MS);
        assert_eq!(backoff.delay(2, 0.0), 1125 * MS);
        let infinite = exact().with_factor(f64::INFINITY);
        assert_eq!(infinite.delay(0, 0.0), 500 * MS);
        assert_eq!(infinite.delay(1, 0.0), secs(30));
    }

    #[test]
    fn huge_attempt_numbers_saturate_at_the_max_delay() {
        for jitter in [Jitter::None, Jitter::Full, Jitter::Equal] {
            let backoff = Backoff::new().with_jitter(jitter);
            for attempt in [31, 64, 1023, 1024, 1_000_000, u32::MAX] {
                let delay = backoff.delay(attempt, 1.0);
                assert_eq!(delay, secs(30), "{jitter:?} {attempt}");
            }
        }
        // A barely growing factor still gets there without overflowing.
        let slow = exact().with_factor(1.000_001);
        assert_eq!(slow.delay(u32::MAX, 0.0), secs(30));
        // The largest durations do not overflow either.
        for jitter in [Jitter::None, Jitter::Full, Jitter::Equal] {
            let huge = Backoff::new()
                .with_initial_delay(Duration::MAX)
                .with_max_delay(Duration::MAX)
                .with_jitter(jitter);
            for random in [0.0, 0.5, 0.999_999_999, 1.0] {
                for attempt in [0, 1, u32::MAX] {
                    // Only checks that nothing panics on the way.
                    let _ = huge.delay(attempt, random);
                }
            }
            assert!(huge.delay(u32::MAX, 0.5) >= Duration::MAX / 3, "{jitter:?}");
        }
    }

    #[test]
    fn out_of_range_random_numbers_are_clamped() {
        let full = Backoff::new();
        assert_eq!(full.delay(1, -0.5), Duration::ZERO);
        assert_eq!(full.delay(1, f64::NEG_INFINITY), Duration::ZERO);
        for high in [1.0, 1.5, 1e300, f64::INFINITY, f64::NAN] {
            assert_eq!(full.delay(1, high), secs(1), "{high}");
        }
        let equal = Backoff::new().with_jitter(Jitter::Equal);
        assert_eq!(equal.delay(1, -1.0), 500 * MS);
        assert_eq!(equal.delay(1, f64::NAN), secs(1));
    }

    #[test]
    fn zero_delays_stay_zero() {
        let no_initial = Backoff::new()
            .with_initial_delay(Duration::ZERO)
            .with_factor(f64::INFINITY);
        let no_max = Backoff::new().with_max_delay(Duration::ZERO);
        for attempt in [0, 1, u32::MAX] {
            assert_eq!(no_initial.delay(attempt, 0.9), Duration::ZERO);
            assert_eq!(no_max.delay(attempt, 0.9), Duration::ZERO);
        }
    }

    #[test]
    fn a_max_delay_below_the_initial_delay_wins() {
        let backoff = exact().with_max_delay(100 * MS);
        assert_eq!(backoff.delay(0, 0.0), 100 * MS);
        assert_eq!(backoff.delay(5, 0.0), 100 * MS);
    }

    #[test]
    fn retries_give_up_exactly_after_max_retries() {
        let mut retries = Retries::new(exact(), RetryLimits::new().with_max_retries(3));
        retries.attempt_failed(secs(0));
        assert_eq!(retries.next_attempt(secs(0), 0.0), retry(1, 500 * MS));
        assert_eq!(retries.next_attempt(secs(1), 0.0), retry(2, secs(1)));
        assert_eq!(retries.next_attempt(secs(2), 0.0), retry(3, secs(2)));
        for _ in 0..3 {
            assert_eq!(
                retries.next_attempt(secs(5), 0.0),
                give_up(GiveUpReason::MaxRetries)
            );
        }
        assert_eq!(retries.retries(), 3);
    }

    #[test]
    fn zero_max_retries_never_retries() {
        let mut retries = Retries::new(exact(), RetryLimits::new().with_max_retries(0));
        retries.connection_closed(secs(1));
        assert_eq!(
            retries.next_attempt(secs(1), 0.0),
            give_up(GiveUpReason::MaxRetries)
        );
    }

    #[test]
    fn unlimited_retries_keep_going_at_the_max_delay() {
        let mut retries = Retries::new(exact(), RetryLimits::new());
        let mut now = secs(0);
        let mut last = None;
        for _ in 0..10_000 {
            retries.attempt_failed(now);
            last = Some(retries.next_attempt(now, 0.0));
            now += secs(30);
        }
        assert_eq!(last, Some(retry(10_000, secs(30))));
    }

    #[test]
    fn max_elapsed_counts_from_the_first_failure_and_clips_the_last_delay() {
        let mut retries = Retries::new(exact(), RetryLimits::new().with_max_elapsed(secs(10)));
        let mut now = secs(100);
        retries.connection_opened(secs(0));
        retries.connection_closed(now);
        let mut delays = Vec::new();
        loop {
            match retries.next_attempt(now, 0.0) {
                NextAttempt::Retry { delay, .. } => {
                    delays.push(delay.as_millis());
                    now += delay;
                    retries.attempt_failed(now);
                }
                NextAttempt::GiveUp { reason } => {
                    assert_eq!(reason, GiveUpReason::MaxElapsed);
                    break;
                }
            }
        }
        // 0.5 + 1 + 2 + 4 = 7.5 s; the 8 s delay is cut to the 2.5 s left.
        assert_eq!(delays, [500, 1000, 2000, 4000, 2500]);
        assert_eq!(now, secs(110));
        assert_eq!(retries.outage_start(), Some(secs(100)));
    }

    #[test]
    fn a_zero_time_budget_never_retries() {
        let mut retries =
            Retries::new(exact(), RetryLimits::new().with_max_elapsed(Duration::ZERO));
        assert_eq!(
            retries.next_attempt(secs(3), 0.0),
            give_up(GiveUpReason::MaxElapsed)
        );
    }

    #[test]
    fn max_retries_is_reported_when_both_limits_are_reached() {
        let limits = RetryLimits::new()
            .with_max_retries(1)
            .with_max_elapsed(secs(1));
        let mut retries = Retries::new(exact(), limits);
        assert_eq!(retries.next_attempt(secs(0), 0.0), retry(1, 500 * MS));
        assert_eq!(
            retries.next_attempt(secs(9), 0.0),
            give_up(GiveUpReason::MaxRetries)
        );
    }

    #[test]
    fn a_connection_that_stayed_up_long_enough_starts_a_fresh_outage() {
        let mut retries = Retries::new(exact(), RetryLimits::new());
        retries.attempt_failed(secs(0));
        for _ in 0..4 {
            let _ = retries.next_attempt(secs(0), 0.0);
        }
        retries.connection_opened(secs(10));
        // Exactly `min_uptime` is enough.
        retries.connection_closed(secs(15));
        assert_eq!(retries.retries(), 0);
        assert_eq!(retries.outage_start(), Some(secs(15)));
        assert_eq!(retries.next_attempt(secs(15), 0.0), retry(1, 500 * MS));
    }

    #[test]
    fn a_flapping_connection_keeps_growing_the_delay() {
        let mut retries = Retries::new(exact(), RetryLimits::new());
        let mut now = secs(0);
        retries.connection_opened(now);
        now += secs(60);
        retries.connection_closed(now);
        let outage_start = now;
        let mut delays = Vec::new();
        for _ in 0..6 {
            let NextAttempt::Retry { delay, .. } = retries.next_attempt(now, 0.0) else {
                panic!("unlimited retries gave up");
            };
            delays.push(delay.as_millis());
            // The server accepts, then drops the connection after 4.999 s.
            now += delay;
            retries.connection_opened(now);
            now += 4999 * MS;
            retries.connection_closed(now);
        }
        assert_eq!(delays, [500, 1000, 2000, 4000, 8000, 16000]);
        assert_eq!(retries.outage_start(), Some(outage_start));
    }

    #[test]
    fn a_flapping_connection_still_runs_out_of_time() {
        let limits = RetryLimits::new().with_max_elapsed(secs(20));
        let mut retries = Retries::new(exact(), limits);
        let mut now = secs(0);
        retries.connection_closed(now);
        while let NextAttempt::Retry { delay, .. } = retries.next_attempt(now, 0.0) {
            now += delay;
            retries.connection_opened(now);
            now += secs(1);
            retries.connection_closed(now);
        }
        assert!(now >= secs(20) && now <= secs(21), "{now:?}");
    }

    #[test]
    fn reset_starts_over() {
        let limits = RetryLimits::new()
            .with_max_retries(2)
            .with_max_elapsed(secs(10));
        let mut retries = Retries::new(exact(), limits);
        retries.attempt_failed(secs(0));
        let _ = retries.next_attempt(secs(0), 0.0);
        let _ = retries.next_attempt(secs(1), 0.0);
        assert_eq!(
            retries.next_attempt(secs(2), 0.0),
            give_up(GiveUpReason::MaxRetries)
        );
        retries.reset();
        assert_eq!(retries.retries(), 0);
        assert_eq!(retries.outage_start(), None);
        // A fresh time budget too: 50 s is long past the old one.
        assert_eq!(retries.next_attempt(secs(50), 0.0), retry(1, 500 * MS));
        assert_eq!(retries.outage_start(), Some(secs(50)));
    }

    #[test]
    fn a_clock_that_steps_back_reads_as_no_time_passing() {
        let limits = RetryLimits::new().with_max_elapsed(secs(10));
        let mut retries = Retries::new(exact(), limits);
        retries.attempt_failed(secs(100));
        assert_eq!(retries.next_attempt(secs(50), 0.0), retry(1, 500 * MS));
        retries.connection_opened(secs(200));
        retries.connection_closed(secs(150));
        assert_eq!(retries.retries(), 1);
    }
}
