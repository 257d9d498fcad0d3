//! How a [`ConnectionEvent`] reads: one short lowercase line per event, for
//! a log or a status line, with the numbers a person wants (which attempt,
//! how long) and the reasons in words.

use std::fmt;
use std::time::Duration;

use super::{ConnectionEvent, ResumeCause};

/// A short line per event, as a page's event log would show it.
///
/// | event | reads |
/// |---|---|
/// | `Connecting` | `connecting (attempt 2)` |
/// | `Open` | `open` |
/// | `AttemptFailed` | `attempt 2 failed: ` and the error |
/// | `Closed` | `closed: code 1006, not clean` (the [`CloseEvent`](crate::CloseEvent)) |
/// | `Reconnecting` | `reconnecting: retry 3 in 1.5 s` (whole milliseconds below a second) |
/// | `Dead` | `dead: nothing arrived for 45 s` |
/// | `Offline` | `offline: retry 3 waits for the network` |
/// | `Resumed` | `resumed: retry 3 starts now, the browser is online` |
/// | `GaveUp` | `gave up: ` and the [`GiveUpReason`](super::GiveUpReason) |
/// | `Stopped` | `stopped: ` and the [`StopReason`](super::StopReason) |
/// | `Unsent` | `unsent: 2 messages were handed back` |
/// | `Suspended` | `suspended: the page is in the back/forward cache` |
///
/// ```
/// use std::time::Duration;
/// use wasm_websocket::reconnect::{ConnectionEvent, StopReason};
/// use wasm_websocket::CloseEvent;
///
/// let retry = ConnectionEvent::Reconnecting { attempt: 3, delay: Duration::from_millis(1500) };
/// assert_eq!(retry.to_string(), "reconnecting: retry 3 in 1.5 s");
/// let lost = CloseEvent { code: 1006, reason: String::new(), was_clean: false };
/// assert_eq!(ConnectionEvent::Closed(lost).to_string(), "closed: code 1006, not clean");
/// assert_eq!(
///     ConnectionEvent::Stopped(StopReason::TerminalCode(4001)).to_string(),
///     "stopped: close code 4001 is terminal"
/// );
/// ```
impl fmt::Display for ConnectionEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConnectionEvent::Connecting { attempt, .. } => {
                write!(f, "connecting (attempt {attempt})")
            }
            ConnectionEvent::Open => f.write_str("open"),
            ConnectionEvent::AttemptFailed { attempt, error } => {
                write!(f, "attempt {attempt} failed: {error}")
            }
            ConnectionEvent::Closed(close) => write!(f, "closed: {close}"),
            ConnectionEvent::Reconnecting { attempt, delay } => {
                write!(f, "reconnecting: retry {attempt} in {}", Span(*delay))
            }
            ConnectionEvent::Dead { silent_for } => {
                write!(f, "dead: nothing arrived for {}", Span(*silent_for))
            }
            ConnectionEvent::Offline { attempt } => {
                write!(f, "offline: retry {attempt} waits for the network")
            }
            ConnectionEvent::Resumed { attempt, cause } => {
                write!(f, "resumed: retry {attempt} starts now, {cause}")
            }
            ConnectionEvent::GaveUp(reason) => write!(f, "gave up: {reason}"),
            ConnectionEvent::Stopped(reason) => write!(f, "stopped: {reason}"),
            ConnectionEvent::Unsent(messages) => match messages.len() {
                1 => f.write_str("unsent: 1 message was handed back"),
                n => write!(f, "unsent: {n} messages were handed back"),
            },
            ConnectionEvent::Suspended => {
                f.write_str("suspended: the page is in the back/forward cache")
            }
        }
    }
}

/// What made a waiting retry start, as a clause.
///
/// ```
/// use wasm_websocket::reconnect::ResumeCause;
///
/// assert_eq!(ResumeCause::Online.to_string(), "the browser is online");
/// ```
impl fmt::Display for ResumeCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ResumeCause::Online => "the browser is online",
            ResumeCause::Visible => "the page is visible",
            ResumeCause::OfflineWaitOver => "the wait for the network is over",
            ResumeCause::PageShown => "the page is shown again",
        })
    }
}

/// A duration as a person reads it: whole milliseconds below a second
/// (`734 ms`), seconds to a tenth above (`1.5 s`, `30 s`). The backoff's
/// jitter makes delays of any nanosecond count, which nobody wants to read.
struct Span(Duration);

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let millis = self.0.as_millis();
        if millis < 1000 {
            return write!(f, "{millis} ms");
        }
        let tenths = (millis + 50) / 100;
        match tenths % 10 {
            0 => write!(f, "{} s", tenths / 10),
            tenth => write!(f, "{}.{tenth} s", tenths / 10),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::close::CloseEvent;
    use crate::error::Error;
    use crate::message::Message;
    use crate::reconnect::{AttemptError, GiveUpReason, StopReason};

    fn reads(event: ConnectionEvent) -> String {
        event.to_string()
    }

    #[test]
    fn an_outage_reads_as_a_log() {
        let lines: Vec<String> = [
            ConnectionEvent::Connecting {
                attempt: 0,
                delay: Duration::ZERO,
            },
            ConnectionEvent::Open,
            ConnectionEvent::Closed(CloseEvent {
                code: 1006,
                reason: String::new(),
                was_clean: false,
            }),
            ConnectionEvent::Reconnecting {
                attempt: 1,
                delay: Duration::from_nanos(412_345_678),
            },
            ConnectionEvent::Connecting {
                attempt: 1,
                delay: Duration::from_nanos(412_345_678),
            },
            ConnectionEvent::AttemptFailed {
                attempt: 1,
                error: AttemptError::Url("no token".into()),
            },
            ConnectionEvent::Offline { attempt: 2 },
            ConnectionEvent::Resumed {
                attempt: 2,
                cause: ResumeCause::Online,
            },
        ]
        .into_iter()
        .map(reads)
        .collect();
        assert_eq!(
            lines,
            [
                "connecting (attempt 0)",
                "open",
                "closed: code 1006, not clean",
                "reconnecting: retry 1 in 412 ms",
                "connecting (attempt 1)",
                "attempt 1 failed: the url provider failed: no token",
                "offline: retry 2 waits for the network",
                "resumed: retry 2 starts now, the browser is online",
            ]
        );
    }

    #[test]
    fn the_ends_say_why() {
        assert_eq!(
            reads(ConnectionEvent::GaveUp(GiveUpReason::MaxRetries)),
            "gave up: the retry limit was reached"
        );
        assert_eq!(
            reads(ConnectionEvent::Stopped(StopReason::ClosedByUser)),
            "stopped: the connection was closed by the user"
        );
        assert_eq!(
            reads(ConnectionEvent::AttemptFailed {
                attempt: 0,
                error: AttemptError::Connect(Error::AlreadyClosed),
            }),
            format!("attempt 0 failed: {}", Error::AlreadyClosed)
        );
    }

    #[test]
    fn the_rest_read_as_sentences() {
        assert_eq!(
            reads(ConnectionEvent::Dead {
                silent_for: Duration::from_secs(45),
            }),
            "dead: nothing arrived for 45 s"
        );
        assert_eq!(
            reads(ConnectionEvent::Unsent(vec![Message::text("a")])),
            "unsent: 1 message was handed back"
        );
        assert_eq!(
            reads(ConnectionEvent::Unsent(vec![Message::text("a"); 3])),
            "unsent: 3 messages were handed back"
        );
        assert_eq!(
            reads(ConnectionEvent::Suspended),
            "suspended: the page is in the back/forward cache"
        );
        for (cause, clause) in [
            (ResumeCause::Visible, "the page is visible"),
            (
                ResumeCause::OfflineWaitOver,
                "the wait for the network is over",
            ),
            (ResumeCause::PageShown, "the page is shown again"),
        ] {
            assert_eq!(cause.to_string(), clause);
        }
    }

    #[test]
    fn durations_read_in_milliseconds_then_tenths_of_seconds() {
        let span = |millis| Span(Duration::from_millis(millis)).to_string();
        assert_eq!(span(0), "0 ms");
        assert_eq!(span(999), "999 ms");
        assert_eq!(span(1000), "1 s");
        assert_eq!(span(1500), "1.5 s");
        assert_eq!(span(1949), "1.9 s");
        assert_eq!(span(1950), "2 s");
        assert_eq!(span(30_000), "30 s");
        assert_eq!(
            Span(Duration::from_nanos(999_999_999)).to_string(),
            "999 ms"
        );
    }
}
