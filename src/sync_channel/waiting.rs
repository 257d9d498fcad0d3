//! The line of sends a `Send + Sync` sender's task holds while the oldest
//! of them waits for room: first in, first out, within a count and a byte
//! limit, so that callers who never await their answers cannot make the
//! page hold more than that.

use std::collections::VecDeque;

/// The most sends, and bytes, a task holds at once (the oldest one, in the
/// socket's hands, included).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct WaitingBound {
    count: usize,
    bytes: Option<usize>,
}

impl WaitingBound {
    /// At most `count` sends and, if `bytes` is set, that many payload
    /// bytes (UTF-8 bytes for text).
    pub(crate) fn new(count: usize, bytes: Option<usize>) -> Self {
        Self { count, bytes }
    }
}

/// Sends waiting their turn, oldest first. The first one is the one the
/// socket is deciding; the others wait behind it, so that they go out in
/// the order they were given.
pub(crate) struct WaitingLine<T> {
    bound: WaitingBound,
    items: VecDeque<(usize, T)>,
    /// The sum of the items' sizes, kept so that `fits` needs no pass over
    /// the line.
    bytes: usize,
}

impl<T> WaitingLine<T> {
    pub(crate) fn new(bound: WaitingBound) -> Self {
        Self {
            bound,
            items: VecDeque::new(),
            bytes: 0,
        }
    }

    /// Whether a send of `size` bytes would be taken now. An empty line
    /// takes any send whatever the bound: nothing is ahead of it, so it is
    /// the socket's to decide (a message too large for the socket, or a
    /// socket that queues nothing, is answered by the socket itself, at
    /// once, as its own `send` would be).
    pub(crate) fn fits(&self, size: usize) -> bool {
        self.items.is_empty()
            || (self.items.len() < self.bound.count
                && self
                    .bound
                    .bytes
                    .is_none_or(|max| self.bytes.saturating_add(size) <= max))
    }

    /// Takes `item` (a send of `size` bytes) at the back if it
    /// [`fits`](Self::fits); hands it back otherwise.
    pub(crate) fn push(&mut self, size: usize, item: T) -> Result<(), T> {
        if !self.fits(size) {
            return Err(item);
        }
        self.bytes = self.bytes.saturating_add(size);
        self.items.push_back((size, item));
        Ok(())
    }

    /// The oldest send, left in place.
    pub(crate) fn front_mut(&mut self) -> Option<&mut T> {
        self.items.front_mut().map(|(_, item)| item)
    }

    /// Takes the oldest send, freeing its room.
    pub(crate) fn pop_front(&mut self) -> Option<T> {
        let (size, item) = self.items.pop_front()?;
        self.bytes = self.bytes.saturating_sub(size);
        Some(item)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(count: usize, bytes: Option<usize>) -> WaitingLine<&'static str> {
        WaitingLine::new(WaitingBound::new(count, bytes))
    }

    fn drain(line: &mut WaitingLine<&'static str>) -> Vec<&'static str> {
        std::iter::from_fn(|| line.pop_front()).collect()
    }

    #[test]
    fn sends_leave_in_the_order_they_came() {
        let mut line = line(10, None);
        for item in ["a", "b", "c"] {
            assert_eq!(line.push(1, item), Ok(()));
        }
        assert_eq!(line.front_mut(), Some(&mut "a"));
        assert_eq!(drain(&mut line), ["a", "b", "c"]);
        assert!(line.is_empty());
        assert_eq!(line.front_mut(), None);
    }

    #[test]
    fn the_count_includes_the_oldest_send() {
        let mut line = line(2, None);
        assert_eq!(line.push(1, "a"), Ok(()));
        assert_eq!(line.push(1, "b"), Ok(()));
        assert_eq!(line.push(0, "c"), Err("c"));
        assert_eq!(line.len(), 2);
        assert_eq!(line.pop_front(), Some("a"));
        assert_eq!(line.push(0, "c"), Ok(()));
        assert_eq!(drain(&mut line), ["b", "c"]);
    }

    #[test]
    fn the_bytes_of_every_held_send_count_and_are_freed_when_it_leaves() {
        let mut line = line(10, Some(10));
        assert_eq!(line.push(6, "six"), Ok(()));
        assert_eq!(line.push(4, "four"), Ok(()));
        assert!(!line.fits(1));
        assert!(line.fits(0), "an empty message still fits");
        assert_eq!(line.push(1, "one"), Err("one"));
        assert_eq!(line.pop_front(), Some("six"));
        assert!(line.fits(6));
        assert!(!line.fits(7));
        assert_eq!(line.push(6, "six again"), Ok(()));
        assert_eq!(drain(&mut line), ["four", "six again"]);
        // Empty again: the byte count is back to zero.
        assert_eq!(line.push(10, "ten"), Ok(()));
        assert_eq!(line.push(0, "empty"), Ok(()));
        assert_eq!(line.push(1, "one"), Err("one"));
    }

    #[test]
    fn an_empty_line_takes_any_send_whatever_the_bound() {
        // Zero count (a socket that queues nothing): one send at a time.
        let mut none = line(0, Some(0));
        assert!(none.fits(1 << 20));
        assert_eq!(none.push(1 << 20, "big"), Ok(()));
        assert_eq!(none.push(0, "next"), Err("next"));
        // Larger than the byte limit on its own: the socket says so.
        let mut small = line(10, Some(4));
        assert_eq!(small.push(5, "too large"), Ok(()));
        assert_eq!(small.push(0, "behind it"), Err("behind it"));
        assert_eq!(small.pop_front(), Some("too large"));
        assert_eq!(small.push(4, "fits"), Ok(()));
    }

    #[test]
    fn without_a_byte_limit_only_the_count_matters() {
        let mut line = line(2, None);
        assert_eq!(line.push(usize::MAX, "huge"), Ok(()));
        assert_eq!(line.push(usize::MAX, "huge too"), Ok(()));
        assert_eq!(line.push(0, "third"), Err("third"));
    }
}
