//! [`ReconnectPolicy`]: after a close, whether to come back at all.

use std::fmt;
use std::ops::RangeInclusive;
use std::rc::Rc;

use crate::close::CloseEvent;

/// A `should_reconnect` predicate. `Rc`, not `Box`, so that the policy stays
/// `Clone`; not `Arc`, since a browser page runs it on one thread.
type ShouldReconnect = Rc<dyn Fn(&CloseEvent) -> bool>;

/// Decides, after a connection closed, whether to reconnect.
///
/// The rules, in order:
///
/// | close | decision |
/// |---|---|
/// | the user called `close()` | [`Stop(ClosedByUser)`](StopReason::ClosedByUser), always |
/// | its code is one of the [terminal codes](Self::with_terminal_codes) | [`Stop(TerminalCode(code))`](StopReason::TerminalCode) |
/// | a [`should_reconnect`](Self::with_should_reconnect) predicate is set | what it returns ([`Stop(Predicate)`](StopReason::Predicate) for `false`) |
/// | anything else | reconnect |
///
/// **By default no code is terminal, 1000 and 1008 included.** The crate
/// cannot know what a server means by a code. A server restarting or being
/// redeployed, and the proxies in front of it, commonly close with 1000 or
/// 1001, and a client that takes that as "done" stays offline with no one to
/// notice. 1008 ("policy violation") is sent both for refusals that last (a
/// banned client) and for ones that do not (an expired token, a rate
/// limit). The costs are lopsided: a needless retry is bounded by the
/// [`Backoff`](super::Backoff) and [`RetryLimits`](super::RetryLimits),
/// while a needless stop is a silent outage. A server that wants a client to
/// stay away should say so with an application code (4000-4999) that the
/// app lists as terminal.
#[derive(Clone, Default)]
pub struct ReconnectPolicy {
    terminal: Vec<RangeInclusive<u16>>,
    should_reconnect: Option<ShouldReconnect>,
}

// By hand: the predicate has no `Debug`; say whether there is one.
impl fmt::Debug for ReconnectPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReconnectPolicy")
            .field("terminal", &self.terminal)
            .field(
                "should_reconnect",
                &self
                    .should_reconnect
                    .as_ref()
                    .map(|_| "Fn(&CloseEvent) -> bool"),
            )
            .finish()
    }
}

impl ReconnectPolicy {
    /// The default policy: reconnect after every close but the user's own.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds codes after which the connection is not re-opened. Default: none.
    ///
    /// ```
    /// use wasm_websocket::reconnect::ReconnectPolicy;
    ///
    /// let policy = ReconnectPolicy::new().with_terminal_codes([1008, 4403]);
    /// assert!(policy.is_terminal(4403));
    /// assert!(!policy.is_terminal(4404));
    /// ```
    pub fn with_terminal_codes(mut self, codes: impl IntoIterator<Item = u16>) -> Self {
        self.terminal
            .extend(codes.into_iter().map(|code| code..=code));
        self
    }

    /// Adds a range of terminal codes, e.g. `4400..=4499` for an app whose
    /// 44xx codes mean "do not come back".
    ///
    /// ```
    /// use wasm_websocket::reconnect::ReconnectPolicy;
    ///
    /// let policy = ReconnectPolicy::new().with_terminal_range(4400..=4499);
    /// assert!(policy.is_terminal(4400) && policy.is_terminal(4499));
    /// assert!(!policy.is_terminal(4500));
    /// ```
    pub fn with_terminal_range(mut self, codes: RangeInclusive<u16>) -> Self {
        self.terminal.push(codes);
        self
    }

    /// Sets a predicate that decides for closes that are neither the user's
    /// nor terminal, in place of the default "reconnect": `true` reconnects.
    /// Default: none. It cannot make the helper reconnect after the user's
    /// own `close()`, nor after a terminal code.
    pub fn with_should_reconnect(
        mut self,
        should_reconnect: impl Fn(&CloseEvent) -> bool + 'static,
    ) -> Self {
        self.should_reconnect = Some(Rc::new(should_reconnect));
        self
    }

    /// These codes and no others are terminal (the predicate stays).
    pub(crate) fn replacing_terminal_codes(mut self, codes: impl IntoIterator<Item = u16>) -> Self {
        self.terminal.clear();
        self.with_terminal_codes(codes)
    }

    /// Whether `code` is one of the terminal codes.
    ///
    /// ```
    /// use wasm_websocket::reconnect::ReconnectPolicy;
    ///
    /// assert!(!ReconnectPolicy::new().is_terminal(1000));
    /// ```
    pub fn is_terminal(&self, code: u16) -> bool {
        self.terminal.iter().any(|range| range.contains(&code))
    }

    /// The `should_reconnect` predicate's answer for `close`, if the rules
    /// ask it (a predicate is set and the code is not terminal). The host
    /// asks it, outside the core, because it is the user's code: it may use
    /// the socket's handles.
    pub(crate) fn ask(&self, close: &CloseEvent) -> Option<bool> {
        if self.is_terminal(close.code) {
            return None;
        }
        self.should_reconnect
            .as_ref()
            .map(|should_reconnect| should_reconnect(close))
    }

    /// Applies the rules above to a close that was not the user's own (the
    /// core handles that one), given the predicate's answer from
    /// [`ask`](Self::ask).
    pub(crate) fn decide(&self, close: &CloseEvent, verdict: Option<bool>) -> Decision {
        if self.is_terminal(close.code) {
            return Decision::Stop(StopReason::TerminalCode(close.code));
        }
        match verdict {
            Some(false) => Decision::Stop(StopReason::Predicate),
            Some(true) | None => Decision::Reconnect,
        }
    }
}

/// What [`ReconnectPolicy::decide`] concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Decision {
    /// Open a new connection (after the [`Backoff`](super::Backoff) delay).
    Reconnect,
    /// Stay closed.
    Stop(StopReason),
}

/// Why the socket stopped instead of reconnecting: see
/// [`ConnectionEvent::Stopped`](super::ConnectionEvent::Stopped).
///
/// ```
/// use wasm_websocket::reconnect::StopReason;
///
/// assert_eq!(StopReason::TerminalCode(4001).to_string(), "close code 4001 is terminal");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StopReason {
    /// The user closed the connection.
    ClosedByUser,
    /// The close code is one of the terminal codes.
    TerminalCode(u16),
    /// The [`should_reconnect`](ReconnectPolicy::with_should_reconnect)
    /// predicate returned `false`.
    Predicate,
    /// The URL or the subprotocols are invalid, so every attempt would
    /// fail the same way; the [`AttemptFailed`](super::ConnectionEvent::AttemptFailed)
    /// event just before says which. A URL from a
    /// [`url_provider`](crate::reconnect::ReconnectingBuilder::with_url_provider) is retried
    /// instead, since the next one may differ.
    InvalidRequest,
}

impl fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StopReason::ClosedByUser => f.write_str("the connection was closed by the user"),
            StopReason::TerminalCode(code) => write!(f, "close code {code} is terminal"),
            StopReason::Predicate => f.write_str("the should_reconnect predicate declined"),
            StopReason::InvalidRequest => {
                f.write_str("the url or subprotocols are invalid, so no attempt can succeed")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(code: u16, was_clean: bool) -> CloseEvent {
        CloseEvent {
            code,
            reason: String::new(),
            was_clean,
        }
    }

    #[test]
    fn decision_table() {
        use Decision::{Reconnect, Stop};
        use StopReason::{Predicate, TerminalCode};

        let default = ReconnectPolicy::new();
        let terminal = ReconnectPolicy::new()
            .with_terminal_codes([1008])
            .with_terminal_range(4400..=4499);
        // The predicate stops after clean closes, and would reconnect after
        // anything else, terminal codes and user closes included.
        let predicate = terminal
            .clone()
            .with_should_reconnect(|close| !close.was_clean);

        #[rustfmt::skip]
        let table = [
            // policy,     code, clean, decision
            (&default,   1000, true, Reconnect),
            (&default,   1001, true, Reconnect),
            (&default,   1006, false, Reconnect),
            (&default,   1008, true, Reconnect),
            (&default,   1011, true, Reconnect),
            (&default,   4000, true, Reconnect),
            (&terminal,  1008, true, Stop(TerminalCode(1008))),
            (&terminal,  4400, true, Stop(TerminalCode(4400))),
            (&terminal,  4499, false, Stop(TerminalCode(4499))),
            (&terminal,  4399, true, Reconnect),
            (&terminal,  4500, true, Reconnect),
            (&terminal,  1000, true, Reconnect),
            (&predicate, 1006, false, Reconnect),
            (&predicate, 1000, true, Stop(Predicate)),
            (&predicate, 4000, true, Stop(Predicate)),
            (&predicate, 1008, false, Stop(TerminalCode(1008))),
        ];
        for (policy, code, was_clean, expected) in table {
            let close = close(code, was_clean);
            let decided = policy.decide(&close, policy.ask(&close));
            assert_eq!(
                decided, expected,
                "code {code}, clean {was_clean}, {policy:?}"
            );
        }
    }

    #[test]
    fn the_predicate_sees_the_close_event() {
        let policy = ReconnectPolicy::new().with_should_reconnect(|close| close.reason != "banned");
        let mut banned = close(4000, true);
        banned.reason = "banned".into();
        assert_eq!(
            policy.decide(&banned, policy.ask(&banned)),
            Decision::Stop(StopReason::Predicate)
        );
        let fine = close(4000, true);
        assert_eq!(policy.decide(&fine, policy.ask(&fine)), Decision::Reconnect);
    }

    #[test]
    fn an_empty_range_makes_nothing_terminal() {
        #[allow(clippy::reversed_empty_ranges)]
        let policy = ReconnectPolicy::new().with_terminal_range(4001..=4000);
        assert!(!policy.is_terminal(4000) && !policy.is_terminal(4001));
    }

    #[test]
    fn debug_shows_the_codes_and_whether_there_is_a_predicate() {
        let policy = ReconnectPolicy::new()
            .with_terminal_codes([4001])
            .with_should_reconnect(|_| true);
        let shown = format!("{policy:?}");
        assert!(shown.contains("4001..=4001"), "{shown}");
        assert!(
            shown.contains("Some(\"Fn(&CloseEvent) -> bool\")"),
            "{shown}"
        );
    }
}
