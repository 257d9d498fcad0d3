//! The live mock servers of this thread, by the URLs they serve.
//!
//! A URL matches one live server at most: a server whose URLs would
//! overlap a live one's is refused when it is made, naming both, so that
//! which server answers a connection is never a matter of order.

use std::cell::RefCell;
use std::fmt;
use std::rc::{Rc, Weak};

use super::server::ServerState;

/// Which URLs a server serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Pattern {
    /// This URL, exactly as the app gives it.
    Exact(String),
    /// Every URL that starts with this.
    Prefix(String),
}

impl Pattern {
    pub(crate) fn matches(&self, url: &str) -> bool {
        match self {
            Self::Exact(exact) => url == exact,
            Self::Prefix(prefix) => url.starts_with(prefix.as_str()),
        }
    }

    /// A URL that both patterns match, if there is one.
    fn overlap<'a>(&'a self, other: &'a Self) -> Option<&'a str> {
        let candidate = |pattern: &'a Self| match pattern {
            Self::Exact(url) | Self::Prefix(url) => url.as_str(),
        };
        [candidate(self), candidate(other)]
            .into_iter()
            .find(|url| self.matches(url) && other.matches(url))
    }
}

/// How the test made the server: `MockServer::new("...")` or
/// `MockServer::prefix("...")`.
impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Exact(url) => write!(f, "MockServer::new({url:?})"),
            Self::Prefix(prefix) => write!(f, "MockServer::prefix({prefix:?})"),
        }
    }
}

thread_local! {
    static LIVE: RefCell<Vec<(Pattern, Weak<ServerState>)>> = const { RefCell::new(Vec::new()) };
}

/// Registers `server` for `pattern`.
///
/// # Panics
///
/// If a live server serves a URL that `pattern` matches too, naming both.
pub(crate) fn register(pattern: &Pattern, server: &Rc<ServerState>) {
    // The borrow ends before the panic, so a test that expects the panic
    // leaves the registry usable.
    let conflict = LIVE.with(|live| {
        let mut live = live.borrow_mut();
        live.retain(|(_, server)| server.strong_count() > 0);
        let conflict = live.iter().find_map(|(other, _)| {
            pattern
                .overlap(other)
                .map(|url| format!("{pattern} cannot serve while {other} lives: both would serve {url:?}, and a URL is served by one mock server at most (drop the other first)"))
        });
        if conflict.is_none() {
            live.push((pattern.clone(), Rc::downgrade(server)));
        }
        conflict
    });
    if let Some(conflict) = conflict {
        panic!("{conflict}");
    }
}

/// Removes `server` (dropped, or being dropped).
pub(crate) fn unregister(server: &ServerState) {
    LIVE.with(|live| {
        live.borrow_mut()
            .retain(|(_, other)| other.strong_count() > 0 && !std::ptr::eq(other.as_ptr(), server));
    });
}

/// The live server that serves `url`, if any.
pub(crate) fn find(url: &str) -> Option<Rc<ServerState>> {
    LIVE.with(|live| {
        live.borrow()
            .iter()
            .filter(|(pattern, _)| pattern.matches(url))
            .find_map(|(_, server)| server.upgrade())
    })
}

#[cfg(test)]
mod tests {
    use super::Pattern::{Exact, Prefix};

    #[test]
    fn exact_urls_match_only_themselves() {
        let pattern = Exact("ws://app.test/chat".into());
        assert!(pattern.matches("ws://app.test/chat"));
        assert!(!pattern.matches("ws://app.test/chat?room=1"));
        assert!(!pattern.matches("ws://app.test/"));
    }

    #[test]
    fn prefixes_match_what_starts_with_them() {
        let pattern = Prefix("ws://app.test/".into());
        assert!(pattern.matches("ws://app.test/"));
        assert!(pattern.matches("ws://app.test/chat?room=1"));
        assert!(!pattern.matches("wss://app.test/chat"));
        assert!(Prefix(String::new()).matches("anything"));
    }

    #[test]
    fn overlaps_name_a_url_both_serve() {
        let chat = Exact("ws://app.test/chat".into());
        let app = Prefix("ws://app.test/".into());
        let other = Prefix("ws://other.test/".into());
        assert_eq!(chat.overlap(&app), Some("ws://app.test/chat"));
        assert_eq!(app.overlap(&chat), Some("ws://app.test/chat"));
        assert_eq!(app.overlap(&Prefix("ws://".into())), Some("ws://app.test/"));
        assert_eq!(chat.overlap(&chat.clone()), Some("ws://app.test/chat"));
        assert_eq!(app.overlap(&other), None);
        assert_eq!(chat.overlap(&Exact("ws://app.test/chat2".into())), None);
    }

    #[test]
    fn patterns_read_as_the_test_wrote_them() {
        assert_eq!(
            Exact("ws://a/".into()).to_string(),
            "MockServer::new(\"ws://a/\")"
        );
        assert_eq!(
            Prefix("ws://a/".into()).to_string(),
            "MockServer::prefix(\"ws://a/\")"
        );
    }
}
