//! Noticing a dead connection: a [`Heartbeat`] message sent every interval,
//! and an idle timeout that declares a connection dead when nothing has
//! arrived for that long.
//!
//! A connection whose peer vanished (a laptop lid closed, a NAT dropped the
//! mapping) can look open for minutes: the browser only notices when TCP
//! gives up. The only way to know sooner is to expect traffic, so the idle
//! timeout counts from the last message received, and the heartbeat makes
//! sure there is traffic to expect (the server answers it).
//!
//! [`Liveness`] is the pure part: given the time, it says what is due and
//! when to look again, so the driver needs exactly one timer while open.

use std::fmt;
use std::rc::Rc;
use std::time::Duration;

use crate::message::Message;
use crate::timer::MAX_TIMEOUT;

type ReplyFilter = Rc<dyn Fn(&Message) -> bool>;

/// A message sent every `interval` while a connection is open, so that a
/// server that answers it keeps an [`idle_timeout`] from firing.
///
/// Replies are ordinary messages: they reach the message stream unless
/// [`with_reply`](Self::with_reply) says how to recognise (and hide) them.
///
/// | setting | default |
/// |---|---|
/// | interval, message | given to [`new`](Self::new); zero is refused when the socket starts |
/// | [`with_reply`](Self::with_reply) | none: every message is delivered |
///
/// [`idle_timeout`]: super::ReconnectingBuilder::with_idle_timeout
///
/// ```
/// use std::time::Duration;
/// use wasm_websocket::{reconnect::Heartbeat, Message};
///
/// let heartbeat = Heartbeat::new(Duration::from_secs(15), "ping")
///     .with_reply(|message| message.as_text() == Some("pong"));
/// assert_eq!(heartbeat.interval(), Duration::from_secs(15));
/// assert_eq!(heartbeat.message(), &Message::text("ping"));
/// assert!(heartbeat.is_reply(&Message::text("pong")));
/// assert!(!heartbeat.is_reply(&Message::text("news")));
/// ```
#[derive(Clone)]
pub struct Heartbeat {
    interval: Duration,
    message: Message,
    reply: Option<ReplyFilter>,
}

impl Heartbeat {
    /// Sends `message` every `interval` while open, the first one `interval`
    /// after the open.
    ///
    /// A zero interval would be a busy loop of timers:
    /// [`ReconnectingBuilder::start`](super::ReconnectingBuilder::start)
    /// refuses it with [`Error::InvalidOption`](crate::Error::InvalidOption).
    /// Any other interval is honoured, up to [`Duration::MAX`] (a heartbeat
    /// that never comes).
    ///
    /// ```
    /// use std::time::Duration;
    /// let heartbeat = wasm_websocket::reconnect::Heartbeat::new(Duration::from_secs(20), vec![0u8]);
    /// assert_eq!(heartbeat.interval(), Duration::from_secs(20));
    /// ```
    pub fn new(interval: Duration, message: impl Into<Message>) -> Self {
        Self {
            interval,
            message: message.into(),
            reply: None,
        }
    }

    /// Messages for which `is_reply` is true are the server's answers to the
    /// heartbeat: they count as traffic for the idle timeout but are not
    /// put in the message stream.
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::{reconnect::Heartbeat, Message};
    ///
    /// let heartbeat = Heartbeat::new(Duration::from_secs(10), "ping")
    ///     .with_reply(|message| message.as_text() == Some("ping"));
    /// assert!(heartbeat.is_reply(&Message::text("ping")));
    /// ```
    pub fn with_reply(mut self, is_reply: impl Fn(&Message) -> bool + 'static) -> Self {
        self.reply = Some(Rc::new(is_reply));
        self
    }

    /// How often the message is sent.
    ///
    /// ```
    /// use std::time::Duration;
    /// let heartbeat = wasm_websocket::reconnect::Heartbeat::new(Duration::from_secs(5), "ping");
    /// assert_eq!(heartbeat.interval(), Duration::from_secs(5));
    /// ```
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// The message sent.
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::{reconnect::Heartbeat, Message};
    /// let heartbeat = Heartbeat::new(Duration::from_secs(5), vec![1u8, 2]);
    /// assert_eq!(heartbeat.message(), &Message::binary(vec![1u8, 2]));
    /// ```
    pub fn message(&self) -> &Message {
        &self.message
    }

    /// Whether `message` is a reply to hide (always false without
    /// [`with_reply`](Self::with_reply)).
    ///
    /// ```
    /// use std::time::Duration;
    /// use wasm_websocket::{reconnect::Heartbeat, Message};
    /// let heartbeat = Heartbeat::new(Duration::from_secs(5), "ping");
    /// assert!(!heartbeat.is_reply(&Message::text("ping")));
    /// ```
    pub fn is_reply(&self, message: &Message) -> bool {
        self.reply
            .as_ref()
            .is_some_and(|is_reply| is_reply(message))
    }
}

impl fmt::Debug for Heartbeat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Heartbeat")
            .field("interval", &self.interval)
            .field("message", &self.message)
            .field("hides_replies", &self.reply.is_some())
            .finish()
    }
}

/// What [`Liveness::check`] found due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Due {
    /// Nothing yet.
    Nothing,
    /// Time to send the heartbeat.
    Heartbeat,
    /// Nothing arrived for this long, which is at least the idle timeout.
    Dead { silent_for: Duration },
}

/// The deadlines of one open connection. Times are any monotonic `Duration`,
/// as in [`Retries`](super::Retries).
///
/// Messages only move `last_received`; they never touch the timer. The one
/// timer runs until the earliest deadline as it was when it was set, and a
/// deadline that moved meanwhile is found by [`check`](Self::check) then,
/// which only re-arms it.
///
/// A timer that fires is trusted to have reached the deadline it was set
/// for, even if the clock reads a little earlier: Firefox rounds and
/// jitters `Date.now()`. Going by the clock alone, such a timer would find
/// nothing due and set one more timer for the last fraction of a
/// millisecond.
#[derive(Debug, Clone)]
pub(crate) struct Liveness {
    heartbeat: Option<Duration>,
    idle_timeout: Option<Duration>,
    last_received: Duration,
    next_heartbeat: Duration,
    /// The deadline the running timer was set for.
    armed_for: Option<Duration>,
}

impl Liveness {
    /// A connection that opened at `now`.
    pub(crate) fn opened(
        heartbeat: Option<Duration>,
        idle_timeout: Option<Duration>,
        now: Duration,
    ) -> Self {
        Self {
            heartbeat,
            idle_timeout,
            last_received: now,
            next_heartbeat: now.saturating_add(heartbeat.unwrap_or_default()),
            armed_for: None,
        }
    }

    /// A message arrived at `now`.
    pub(crate) fn received(&mut self, now: Duration) {
        self.last_received = self.last_received.max(now);
    }

    /// What is due now that the timer fired at `now` (by the clock). A
    /// heartbeat reported due is counted as sent: the next one is an
    /// interval from now, so that a page that was asleep does not send the
    /// missed ones in a burst.
    pub(crate) fn check(&mut self, now: Duration) -> Due {
        let now = self
            .armed_for
            .take()
            .map_or(now, |deadline| now.max(deadline));
        let silent_for = now.saturating_sub(self.last_received);
        if self.idle_timeout.is_some_and(|limit| silent_for >= limit) {
            return Due::Dead { silent_for };
        }
        match self.heartbeat {
            Some(interval) if now >= self.next_heartbeat => {
                self.next_heartbeat = now.saturating_add(interval);
                Due::Heartbeat
            }
            _ => Due::Nothing,
        }
    }

    /// How long from `now` until something may be due, or `None` when
    /// nothing ever is (no heartbeat, no idle timeout): then no timer runs.
    /// The caller sets its timer to this.
    pub(crate) fn next_check(&mut self, now: Duration) -> Option<Duration> {
        let idle = self
            .idle_timeout
            .map(|limit| self.last_received.saturating_add(limit).saturating_sub(now));
        let heartbeat = self
            .heartbeat
            .map(|_| self.next_heartbeat.saturating_sub(now));
        let delay = match (idle, heartbeat) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        // A deadline beyond what one timer can wait is reached in steps: the
        // timer is trusted to have reached only what it was set for.
        let delay = delay.map(|delay| delay.min(MAX_TIMEOUT));
        self.armed_for = delay.map(|delay| now.saturating_add(delay));
        delay
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn the_longest_durations_saturate_instead_of_overflowing() {
        let start = Duration::from_secs(1_000);
        let mut liveness = Liveness::opened(Some(Duration::MAX), Some(Duration::MAX), start);
        assert_eq!(liveness.next_check(start), Some(MAX_TIMEOUT));
        // The timer fires after its longest wait: nothing is due yet.
        let later = start + MAX_TIMEOUT;
        assert_eq!(liveness.check(later), Due::Nothing);
        assert_eq!(liveness.next_check(later), Some(MAX_TIMEOUT));
        liveness.received(Duration::MAX);
        assert!(!matches!(liveness.check(Duration::MAX), Due::Dead { .. }));
    }

    #[test]
    fn without_heartbeat_or_idle_timeout_no_timer_is_needed() {
        let mut liveness = Liveness::opened(None, None, 100 * MS);
        assert_eq!(liveness.next_check(100 * MS), None);
        assert_eq!(liveness.check(1_000_000 * MS), Due::Nothing);
        assert_eq!(liveness.next_check(1_000_000 * MS), None);
    }

    #[test]
    fn heartbeats_come_every_interval_from_the_open() {
        let mut liveness = Liveness::opened(Some(100 * MS), None, 1000 * MS);
        assert_eq!(liveness.next_check(1000 * MS), Some(100 * MS));
        assert_eq!(liveness.check(1100 * MS), Due::Heartbeat);
        assert_eq!(liveness.next_check(1100 * MS), Some(100 * MS));
        assert_eq!(liveness.check(1200 * MS), Due::Heartbeat);
        // Reported once per interval, not on every check.
        assert_eq!(liveness.check(1250 * MS), Due::Nothing);
        assert_eq!(liveness.next_check(1250 * MS), Some(50 * MS));
    }

    #[test]
    fn a_late_timer_sends_one_heartbeat_not_the_missed_ones() {
        let mut liveness = Liveness::opened(Some(100 * MS), None, Duration::ZERO);
        assert_eq!(liveness.next_check(Duration::ZERO), Some(100 * MS));
        assert_eq!(liveness.check(1000 * MS), Due::Heartbeat);
        assert_eq!(liveness.next_check(1000 * MS), Some(100 * MS));
    }

    #[test]
    fn a_timer_that_fires_a_little_early_by_the_clock_meets_its_deadline() {
        let mut liveness = Liveness::opened(Some(100 * MS), Some(300 * MS), Duration::ZERO);
        assert_eq!(liveness.next_check(Duration::ZERO), Some(100 * MS));
        assert_eq!(liveness.check(99 * MS), Due::Heartbeat);
        assert_eq!(liveness.next_check(99 * MS), Some(101 * MS));
        assert_eq!(liveness.check(199 * MS), Due::Heartbeat);
        assert_eq!(liveness.next_check(199 * MS), Some(101 * MS));
        // Not a whisker short of the idle timeout either.
        assert_eq!(
            liveness.check(299 * MS),
            Due::Dead {
                silent_for: 300 * MS
            }
        );
    }

    #[test]
    fn a_check_without_a_timer_goes_by_the_clock() {
        let mut liveness = Liveness::opened(None, Some(300 * MS), Duration::ZERO);
        assert_eq!(liveness.check(299 * MS), Due::Nothing);
        assert_eq!(
            liveness.check(300 * MS),
            Due::Dead {
                silent_for: 300 * MS
            }
        );
    }

    #[test]
    fn silence_for_the_idle_timeout_is_death() {
        let mut liveness = Liveness::opened(None, Some(300 * MS), Duration::ZERO);
        assert_eq!(liveness.next_check(Duration::ZERO), Some(300 * MS));
        assert_eq!(
            liveness.check(310 * MS),
            Due::Dead {
                silent_for: 310 * MS
            }
        );
    }

    #[test]
    fn messages_push_the_idle_deadline_without_a_new_timer() {
        let mut liveness = Liveness::opened(None, Some(300 * MS), Duration::ZERO);
        assert_eq!(liveness.next_check(Duration::ZERO), Some(300 * MS));
        liveness.received(200 * MS);
        // The timer set at the open fires at 300 ms: not dead, look again
        // when the moved deadline comes.
        assert_eq!(liveness.check(300 * MS), Due::Nothing);
        assert_eq!(liveness.next_check(300 * MS), Some(200 * MS));
        assert_eq!(
            liveness.check(520 * MS),
            Due::Dead {
                silent_for: 320 * MS
            }
        );
    }

    #[test]
    fn the_earlier_of_the_two_deadlines_sets_the_timer() {
        let mut liveness = Liveness::opened(Some(100 * MS), Some(250 * MS), Duration::ZERO);
        assert_eq!(liveness.next_check(Duration::ZERO), Some(100 * MS));
        assert_eq!(liveness.check(100 * MS), Due::Heartbeat);
        assert_eq!(liveness.next_check(100 * MS), Some(100 * MS));
        assert_eq!(liveness.check(200 * MS), Due::Heartbeat);
        assert_eq!(liveness.next_check(200 * MS), Some(50 * MS));
        // Death wins over a heartbeat due at the same moment.
        assert_eq!(
            liveness.check(300 * MS),
            Due::Dead {
                silent_for: 300 * MS
            }
        );
    }

    #[test]
    fn a_clock_that_went_back_is_not_read_as_silence() {
        let mut liveness = Liveness::opened(None, Some(300 * MS), 1000 * MS);
        liveness.received(500 * MS);
        assert_eq!(liveness.check(900 * MS), Due::Nothing);
        assert_eq!(liveness.next_check(900 * MS), Some(400 * MS));
    }
}
