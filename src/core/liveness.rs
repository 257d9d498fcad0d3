//! Noticing a dead connection: when the heartbeat is due, and when a
//! connection that has been silent for the idle timeout is declared dead.
//!
//! A connection whose peer vanished (a laptop lid closed, a NAT dropped the
//! mapping) can look open for minutes: the browser only notices when TCP
//! gives up. The only way to know sooner is to expect traffic, so the idle
//! timeout counts from the last message received, and the heartbeat makes
//! sure there is traffic to expect (the server answers it).
//!
//! Times are instants on the host's monotonic clock (any origin), as
//! everywhere in the core. Messages only move `last_received`; they never
//! touch the deadline the host's one timer was set for. When that timer
//! fires, [`check`](Liveness::check) finds what is due and
//! [`deadline`](Liveness::deadline) the next moment to look again, so a
//! busy connection costs no timer churn.

use std::time::Duration;

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

/// The deadlines of one open connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Liveness {
    heartbeat: Option<Duration>,
    idle_timeout: Option<Duration>,
    last_received: Duration,
    next_heartbeat: Duration,
}

impl Liveness {
    /// A connection that opened at `now`: the first heartbeat is an interval
    /// later, and the silence starts now.
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
        }
    }

    /// A message arrived at `now` (a clock that went back is read as no
    /// time passing).
    pub(crate) fn received(&mut self, now: Duration) {
        self.last_received = self.last_received.max(now);
    }

    /// The next moment something may be due, or `None` when nothing ever is
    /// (no heartbeat, no idle timeout): then no timer runs. Saturates at
    /// `Duration::MAX` (a heartbeat of `Duration::MAX` never comes).
    pub(crate) fn deadline(&self) -> Option<Duration> {
        let idle = self
            .idle_timeout
            .map(|limit| self.last_received.saturating_add(limit));
        let heartbeat = self.heartbeat.map(|_| self.next_heartbeat);
        match (idle, heartbeat) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// What is due at `now`. Death wins over a heartbeat due at the same
    /// moment. A heartbeat reported due counts as sent: the next one is an
    /// interval from now, so that a page that was asleep does not send the
    /// missed ones in a burst.
    pub(crate) fn check(&mut self, now: Duration) -> Due {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn without_heartbeat_or_idle_timeout_nothing_is_ever_due() {
        let mut liveness = Liveness::opened(None, None, 100 * MS);
        assert_eq!(liveness.deadline(), None);
        assert_eq!(liveness.check(1_000_000 * MS), Due::Nothing);
        assert_eq!(liveness.deadline(), None);
    }

    #[test]
    fn heartbeats_come_every_interval_from_the_open() {
        let mut liveness = Liveness::opened(Some(100 * MS), None, 1000 * MS);
        assert_eq!(liveness.deadline(), Some(1100 * MS));
        assert_eq!(liveness.check(1100 * MS), Due::Heartbeat);
        assert_eq!(liveness.deadline(), Some(1200 * MS));
        assert_eq!(liveness.check(1200 * MS), Due::Heartbeat);
        // Reported once per interval, not on every check.
        assert_eq!(liveness.check(1250 * MS), Due::Nothing);
        assert_eq!(liveness.deadline(), Some(1300 * MS));
    }

    #[test]
    fn a_late_check_sends_one_heartbeat_not_the_missed_ones() {
        let mut liveness = Liveness::opened(Some(100 * MS), None, Duration::ZERO);
        assert_eq!(liveness.check(1000 * MS), Due::Heartbeat);
        assert_eq!(liveness.deadline(), Some(1100 * MS));
        assert_eq!(liveness.check(1000 * MS), Due::Nothing);
    }

    #[test]
    fn silence_for_the_idle_timeout_is_death() {
        let mut liveness = Liveness::opened(None, Some(300 * MS), Duration::ZERO);
        assert_eq!(liveness.deadline(), Some(300 * MS));
        assert_eq!(liveness.check(299 * MS), Due::Nothing);
        assert_eq!(
            liveness.check(310 * MS),
            Due::Dead {
                silent_for: 310 * MS
            }
        );
    }

    #[test]
    fn messages_move_the_idle_deadline() {
        let mut liveness = Liveness::opened(None, Some(300 * MS), Duration::ZERO);
        liveness.received(200 * MS);
        // A timer set at the open fires at 300 ms: not dead, look again at
        // the moved deadline.
        assert_eq!(liveness.check(300 * MS), Due::Nothing);
        assert_eq!(liveness.deadline(), Some(500 * MS));
        assert_eq!(
            liveness.check(520 * MS),
            Due::Dead {
                silent_for: 320 * MS
            }
        );
    }

    #[test]
    fn the_earlier_of_the_two_deadlines_comes_first_and_death_wins_a_tie() {
        let mut liveness = Liveness::opened(Some(100 * MS), Some(250 * MS), Duration::ZERO);
        assert_eq!(liveness.deadline(), Some(100 * MS));
        assert_eq!(liveness.check(100 * MS), Due::Heartbeat);
        assert_eq!(liveness.check(200 * MS), Due::Heartbeat);
        assert_eq!(liveness.deadline(), Some(250 * MS));
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
        assert_eq!(liveness.deadline(), Some(1300 * MS));
    }

    #[test]
    fn the_longest_durations_saturate_instead_of_overflowing() {
        let start = Duration::from_secs(1_000);
        let mut liveness = Liveness::opened(Some(Duration::MAX), Some(Duration::MAX), start);
        assert_eq!(liveness.deadline(), Some(Duration::MAX));
        assert_eq!(
            liveness.check(start + Duration::from_secs(1 << 40)),
            Due::Nothing
        );
        liveness.received(Duration::MAX);
        assert!(!matches!(liveness.check(Duration::MAX), Due::Dead { .. }));
    }
}
