//! The reconnecting socket's message stream, as data: what arrived on every
//! connection, in order, until the reader takes it, and when the stream
//! ends.
//!
//! The bound is `max_unread` bytes: at or above it the core stops asking the
//! host for more ([`Inbox::wants_more`]), and the host stops reading its
//! connection, which then holds the rest (and closes itself at its own
//! limit). A connection's close is never behind that wait: the host watches
//! it separately, so the policy hears of every close however far behind the
//! reader is.

use std::collections::VecDeque;

use super::queue::QueuedSize;
use crate::error::Result;
use crate::message::Message;

/// What the reader gets next from the inbox.
#[derive(Debug, PartialEq)]
pub enum Next<M = Message> {
    /// The next item.
    Item(Result<M>),
    /// Nothing now; more may come.
    Empty,
    /// The stream has ended (and stays ended until it is revived).
    End,
}

#[derive(Debug)]
pub(crate) struct Inbox<M = Message> {
    items: VecDeque<Result<M>>,
    /// The payload bytes of the messages held.
    bytes: usize,
    max_unread: usize,
    /// No connection will follow on its own: the stream ends once the
    /// items, and the leftovers of closed connections, are read.
    ended: bool,
    /// A closed connection still has messages the host has not fed yet;
    /// they come before the end.
    leftovers: bool,
    /// `End` has been returned; it is returned again until a revive.
    finished: bool,
}

impl<M: QueuedSize> Inbox<M> {
    pub(crate) fn new(max_unread: usize) -> Self {
        Self {
            items: VecDeque::new(),
            bytes: 0,
            max_unread,
            ended: false,
            leftovers: false,
            finished: false,
        }
    }

    /// Whether the host should read more from its connections: the unread
    /// bytes are below `max_unread` (an empty inbox always takes one more
    /// message, whatever its size).
    pub(crate) fn wants_more(&self) -> bool {
        !self.finished && (self.items.is_empty() || self.bytes < self.max_unread)
    }

    /// Whether the reader is behind: the host has stopped reading for it.
    pub(crate) fn is_full(&self) -> bool {
        !self.wants_more()
    }

    pub(crate) fn push(&mut self, item: Result<M>) {
        if let Ok(message) = &item {
            self.bytes = self.bytes.saturating_add(message.queued_size());
        }
        self.items.push_back(item);
    }

    pub(crate) fn pop(&mut self) -> Next<M> {
        if self.finished {
            return Next::End;
        }
        if let Some(item) = self.items.pop_front() {
            if let Ok(message) = &item {
                self.bytes = self.bytes.saturating_sub(message.queued_size());
            }
            return Next::Item(item);
        }
        if self.ended && !self.leftovers {
            self.finished = true;
            return Next::End;
        }
        Next::Empty
    }

    /// No connection will follow on its own (closed, gave up, stopped).
    pub(crate) fn end(&mut self) {
        self.ended = true;
    }

    /// A new start after an end (`reconnect`): the stream runs again.
    pub(crate) fn revive(&mut self) {
        self.ended = false;
        self.finished = false;
    }

    /// Whether a closed connection's unread messages are still to come.
    pub(crate) fn set_leftovers(&mut self, leftovers: bool) {
        self.leftovers = leftovers;
    }

    pub(crate) fn is_finished(&self) -> bool {
        self.finished
    }

    /// The unread messages' payload bytes.
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> usize {
        self.bytes
    }

    /// The unread items.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ended_stream_gives_its_items_then_the_end_until_revived() {
        let mut inbox = Inbox::new(1 << 20);
        inbox.push(Ok(Message::text("last")));
        inbox.end();
        assert_eq!(inbox.pop(), Next::Item(Ok(Message::text("last"))));
        assert_eq!(inbox.pop(), Next::End);
        assert!(inbox.is_finished());
        // A message that arrives afterwards does not un-end the stream...
        inbox.push(Ok(Message::text("late")));
        assert_eq!(inbox.pop(), Next::End);
        // ...only a revive does.
        inbox.revive();
        assert_eq!(inbox.pop(), Next::Item(Ok(Message::text("late"))));
        assert_eq!(inbox.pop(), Next::Empty);
    }

    #[test]
    fn leftovers_of_a_closed_connection_come_before_the_end() {
        let mut inbox = Inbox::new(1 << 20);
        inbox.end();
        inbox.set_leftovers(true);
        assert_eq!(inbox.pop(), Next::Empty);
        inbox.push(Ok(Message::text("left over")));
        inbox.set_leftovers(false);
        assert_eq!(inbox.pop(), Next::Item(Ok(Message::text("left over"))));
        assert_eq!(inbox.pop(), Next::End);
    }

    #[test]
    fn the_bound_stops_reading_but_one_message_always_fits() {
        let mut inbox = Inbox::new(4);
        assert!(inbox.wants_more());
        inbox.push(Ok(Message::binary(vec![0u8; 10])));
        assert!(inbox.is_full(), "over the bound");
        assert_eq!(inbox.bytes(), 10);
        let _ = inbox.pop();
        assert!(inbox.wants_more());
        inbox.push(Ok(Message::text("abc")));
        assert!(inbox.wants_more(), "3 of 4 bytes");
        inbox.push(Ok(Message::text("d")));
        assert!(inbox.is_full(), "4 of 4 bytes");
        assert_eq!(inbox.len(), 2);
    }
}
