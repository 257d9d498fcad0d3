//! The offline queue: messages sent while the connection is down, held in
//! order until it is back, within limits on their number and total size.

use std::collections::vec_deque::{self, VecDeque};
use std::fmt;

use crate::message::Message;

/// How much room an item takes in the offline queue, in bytes.
pub trait QueuedSize {
    /// The size counted against [`QueueConfig::with_max_bytes`].
    fn queued_size(&self) -> usize;
}

impl QueuedSize for Message {
    /// The payload length (UTF-8 bytes for text), as on the wire.
    fn queued_size(&self) -> usize {
        self.len()
    }
}

impl QueuedSize for Vec<u8> {
    fn queued_size(&self) -> usize {
        self.len()
    }
}

impl QueuedSize for String {
    /// UTF-8 bytes, not characters.
    fn queued_size(&self) -> usize {
        self.len()
    }
}

/// What a full offline queue does with one more message (see
/// [`QueueConfig::with_overflow`]).
///
/// ```
/// use wasm_websocket::reconnect::OverflowPolicy;
///
/// assert_eq!(OverflowPolicy::default(), OverflowPolicy::Reject);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum OverflowPolicy {
    /// Refuse the new message and hand it back as
    /// [`SendOutcome::Rejected`](super::SendOutcome::Rejected) (the
    /// default): the sender learns that it was not queued and decides what
    /// to do.
    #[default]
    Reject,
    /// Evict the oldest messages until the new one fits, and hand them back
    /// as [`SendOutcome::QueuedDropping`](super::SendOutcome::QueuedDropping):
    /// for state updates where only the latest matter.
    DropOldest,
    /// Drop the new message and hand it back as
    /// [`SendOutcome::Dropped`](super::SendOutcome::Dropped): the queue keeps
    /// what it has, and the sender is not meant to treat the loss as an
    /// error.
    DropNewest,
}

/// The limits of the offline queue: messages sent while no connection is
/// open wait there, in order, for the next one.
///
/// | setting | default | at the limits |
/// |---|---|---|
/// | [`capacity`](Self::with_capacity) | 100 messages | 0: queueing is off, every push is rejected |
/// | [`max_bytes`](Self::with_max_bytes) | `Some(1 MiB)` | `None`: no byte limit; `Some(0)`: only empty items fit |
/// | [`overflow`](Self::with_overflow) | [`OverflowPolicy::Reject`] | |
///
/// ```
/// use wasm_websocket::reconnect::{OverflowPolicy, QueueConfig};
///
/// let config = QueueConfig::new()
///     .with_capacity(1000)
///     .with_max_bytes(None)
///     .with_overflow(OverflowPolicy::DropOldest);
/// assert_eq!(config.capacity(), 1000);
/// assert_eq!(config.max_bytes(), None);
/// assert_eq!(config.overflow(), OverflowPolicy::DropOldest);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct QueueConfig {
    capacity: usize,
    max_bytes: Option<usize>,
    overflow: OverflowPolicy,
}

impl Default for QueueConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl QueueConfig {
    /// The defaults: up to 100 messages and 1 MiB, rejecting beyond.
    ///
    /// ```
    /// use wasm_websocket::reconnect::{OverflowPolicy, QueueConfig};
    ///
    /// let config = QueueConfig::new();
    /// assert_eq!(config, QueueConfig::default());
    /// assert_eq!(config.capacity(), 100);
    /// assert_eq!(config.max_bytes(), Some(1024 * 1024));
    /// assert_eq!(config.overflow(), OverflowPolicy::Reject);
    /// ```
    pub const fn new() -> Self {
        Self {
            capacity: 100,
            max_bytes: Some(1024 * 1024),
            overflow: OverflowPolicy::Reject,
        }
    }

    /// A configuration that queues nothing: every send while not connected
    /// is [`Rejected`](super::SendOutcome::Rejected) with
    /// [`RejectReason::Disabled`].
    ///
    /// ```
    /// use wasm_websocket::reconnect::QueueConfig;
    ///
    /// assert_eq!(QueueConfig::disabled().capacity(), 0);
    /// ```
    pub const fn disabled() -> Self {
        Self {
            capacity: 0,
            ..Self::new()
        }
    }

    /// Sets the most items held at once. Default: 100. Zero turns queueing
    /// off.
    ///
    /// ```
    /// use wasm_websocket::reconnect::QueueConfig;
    ///
    /// assert_eq!(QueueConfig::new().with_capacity(5).capacity(), 5);
    /// ```
    pub fn with_capacity(mut self, capacity: usize) -> Self {
        self.capacity = capacity;
        self
    }

    /// Sets the most bytes held at once, counting each message's payload
    /// (UTF-8 bytes for text; `None`: no limit). Default: 1 MiB. An item larger than this on its
    /// own is rejected whatever the [`OverflowPolicy`], since no eviction
    /// could make room for it.
    ///
    /// ```
    /// use wasm_websocket::reconnect::QueueConfig;
    ///
    /// assert_eq!(QueueConfig::new().with_max_bytes(64).max_bytes(), Some(64));
    /// assert_eq!(QueueConfig::new().with_max_bytes(None).max_bytes(), None);
    /// ```
    pub fn with_max_bytes(mut self, max_bytes: impl Into<Option<usize>>) -> Self {
        self.max_bytes = max_bytes.into();
        self
    }

    /// Sets what happens when an item does not fit. Default:
    /// [`OverflowPolicy::Reject`].
    ///
    /// ```
    /// use wasm_websocket::reconnect::{OverflowPolicy, QueueConfig};
    ///
    /// let config = QueueConfig::new().with_overflow(OverflowPolicy::DropNewest);
    /// assert_eq!(config.overflow(), OverflowPolicy::DropNewest);
    /// ```
    pub fn with_overflow(mut self, overflow: OverflowPolicy) -> Self {
        self.overflow = overflow;
        self
    }

    /// The most items held at once.
    ///
    /// ```
    /// assert_eq!(wasm_websocket::reconnect::QueueConfig::new().capacity(), 100);
    /// ```
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The most bytes held at once, if limited.
    ///
    /// ```
    /// assert_eq!(wasm_websocket::reconnect::QueueConfig::new().max_bytes(), Some(1 << 20));
    /// ```
    pub fn max_bytes(&self) -> Option<usize> {
        self.max_bytes
    }

    /// What happens when an item does not fit.
    ///
    /// ```
    /// use wasm_websocket::reconnect::{OverflowPolicy, QueueConfig};
    ///
    /// assert_eq!(QueueConfig::new().overflow(), OverflowPolicy::Reject);
    /// ```
    pub fn overflow(&self) -> OverflowPolicy {
        self.overflow
    }
}

/// What [`OfflineQueue::push`] did. Every item that did not end up in the
/// queue is handed back here: nothing is lost silently.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "items that were not queued are handed back in the outcome"]
pub(crate) enum PushOutcome<T> {
    /// The item was queued; nothing was evicted.
    Queued,
    /// The item was queued after evicting these older items, oldest first
    /// ([`OverflowPolicy::DropOldest`]).
    QueuedDropping(Vec<T>),
    /// The queue was full and the item was dropped, as
    /// [`OverflowPolicy::DropNewest`] asks. The queue is unchanged.
    Dropped(T),
    /// The item was refused, for the given reason, and the queue is
    /// unchanged: the queue was full under [`OverflowPolicy::Reject`],
    /// queueing is disabled (capacity 0), or the item alone is larger than
    /// `max_bytes`. The last two happen under every policy.
    Rejected(T, RejectReason),
}

/// Why the offline queue refused a message.
///
/// ```
/// use wasm_websocket::reconnect::RejectReason;
///
/// assert_eq!(RejectReason::Full.to_string(), "the offline queue is full");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RejectReason {
    /// The item would exceed the capacity or the byte limit, and the policy
    /// is [`OverflowPolicy::Reject`].
    Full,
    /// The capacity is 0: queueing is off.
    Disabled,
    /// The item on its own is larger than `max_bytes`.
    TooLarge,
}

impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RejectReason::Full => "the offline queue is full",
            RejectReason::Disabled => "offline queueing is disabled",
            RejectReason::TooLarge => "the message is larger than the offline queue's byte limit",
        })
    }
}

/// Items waiting for a connection, first in first out, within the limits of
/// a [`QueueConfig`].
///
/// Generic over the item so that it is tested with plain types; the
/// reconnect helper holds [`Message`]s.
#[derive(Debug, Clone)]
pub(crate) struct OfflineQueue<T> {
    config: QueueConfig,
    items: VecDeque<T>,
    /// The sum of the items' sizes, kept so that `push` needs no pass over
    /// the queue.
    bytes: usize,
}

impl<T: QueuedSize> Default for OfflineQueue<T> {
    /// An empty queue with the default [`QueueConfig`].
    fn default() -> Self {
        Self::new(QueueConfig::new())
    }
}

impl<T: QueuedSize> OfflineQueue<T> {
    /// An empty queue with these limits.
    pub(crate) fn new(config: QueueConfig) -> Self {
        Self {
            config,
            items: VecDeque::new(),
            bytes: 0,
        }
    }

    /// Adds an item at the back, if the limits and the [`OverflowPolicy`]
    /// allow; see [`PushOutcome`] for what comes back.
    pub(crate) fn push(&mut self, item: T) -> PushOutcome<T> {
        if self.config.capacity == 0 {
            return PushOutcome::Rejected(item, RejectReason::Disabled);
        }
        let size = item.queued_size();
        if self.config.max_bytes.is_some_and(|max| size > max) {
            return PushOutcome::Rejected(item, RejectReason::TooLarge);
        }
        if self.fits(size) {
            self.push_unchecked(item, size);
            return PushOutcome::Queued;
        }
        match self.config.overflow {
            OverflowPolicy::Reject => PushOutcome::Rejected(item, RejectReason::Full),
            OverflowPolicy::DropNewest => PushOutcome::Dropped(item),
            OverflowPolicy::DropOldest => {
                let mut evicted = Vec::new();
                // Ends: the item fits an empty queue (checked above).
                while !self.fits(size) {
                    match self.pop_front() {
                        Some(old) => evicted.push(old),
                        None => break,
                    }
                }
                self.push_unchecked(item, size);
                PushOutcome::QueuedDropping(evicted)
            }
        }
    }

    /// Puts an item back at the front, e.g. one that was taken with
    /// [`pop_front`](Self::pop_front) but could not be sent, so that the
    /// order is kept.
    ///
    /// This ignores the limits: the item had already been accepted, and
    /// evicting or refusing it now would lose a message or break the order.
    /// Until the queue drains it may exceed its limits by the items put
    /// back, and later pushes are judged against that (under
    /// [`OverflowPolicy::DropOldest`], the items put back are the first to be
    /// evicted).
    pub(crate) fn push_front(&mut self, item: T) {
        self.bytes = self.bytes.saturating_add(item.queued_size());
        self.items.push_front(item);
    }

    /// Takes the oldest item.
    pub(crate) fn pop_front(&mut self) -> Option<T> {
        let item = self.items.pop_front()?;
        self.bytes = self.bytes.saturating_sub(item.queued_size());
        Some(item)
    }

    /// The oldest item, left in place.
    #[cfg(test)]
    pub(crate) fn front(&self) -> Option<&T> {
        self.items.front()
    }

    /// The items, oldest first.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        self.items.iter()
    }

    /// Removes every item, oldest first. The queue is empty as soon as this
    /// returns, even if the iterator is dropped before the end (the rest are
    /// then dropped with it).
    pub(crate) fn drain(&mut self) -> vec_deque::Drain<'_, T> {
        self.bytes = 0;
        self.items.drain(..)
    }

    /// How many items are held.
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    /// The sum of the held items' [`QueuedSize`]s.
    pub(crate) fn bytes(&self) -> usize {
        self.bytes
    }

    /// Whether no item is held.
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Adds an item at the back if it fits, and refuses it otherwise,
    /// whatever the [`OverflowPolicy`]: nothing queued is evicted.
    pub(crate) fn push_or_reject(&mut self, item: T) -> PushOutcome<T> {
        let size = item.queued_size();
        if self.config.capacity == 0 || !self.is_full_for(size) {
            return self.push(item);
        }
        PushOutcome::Rejected(item, RejectReason::Full)
    }

    /// Whether an item of `size` bytes is refused only because the queue
    /// holds too much for now: it would fit an empty queue, but not this
    /// one.
    pub(crate) fn is_full_for(&self, size: usize) -> bool {
        self.config.capacity > 0
            && self.config.max_bytes.is_none_or(|max| size <= max)
            && !self.fits(size)
    }

    /// Whether one more item of `size` bytes stays within both limits.
    fn fits(&self, size: usize) -> bool {
        self.items.len() < self.config.capacity
            && self
                .config
                .max_bytes
                .is_none_or(|max| self.bytes.saturating_add(size) <= max)
    }

    fn push_unchecked(&mut self, item: T, size: usize) {
        self.bytes = self.bytes.saturating_add(size);
        self.items.push_back(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queue(
        capacity: usize,
        max_bytes: Option<usize>,
        overflow: OverflowPolicy,
    ) -> OfflineQueue<String> {
        OfflineQueue::new(
            QueueConfig::new()
                .with_capacity(capacity)
                .with_max_bytes(max_bytes)
                .with_overflow(overflow),
        )
    }

    fn s(text: &str) -> String {
        text.to_owned()
    }

    fn contents(queue: &mut OfflineQueue<String>) -> Vec<String> {
        let bytes = queue.bytes();
        let items: Vec<String> = queue.drain().collect();
        assert_eq!(bytes, items.iter().map(String::len).sum::<usize>());
        items
    }

    #[test]
    fn items_come_out_in_the_order_they_went_in() {
        let mut q = OfflineQueue::default();
        for i in 0..100 {
            assert_eq!(q.push(i.to_string()), PushOutcome::Queued);
        }
        assert_eq!(q.len(), 100);
        assert_eq!(q.bytes(), 10 + 90 * 2);
        assert_eq!(q.pop_front(), Some(s("0")));
        assert_eq!(q.front(), Some(&s("1")));
        let rest = contents(&mut q);
        assert_eq!(rest, (1..100).map(|i| i.to_string()).collect::<Vec<_>>());
        assert!(q.is_empty());
        assert_eq!(q.pop_front(), None);
    }

    #[test]
    fn reject_refuses_by_count_and_by_bytes_and_leaves_the_queue_alone() {
        let mut q = queue(2, Some(5), OverflowPolicy::Reject);
        assert_eq!(q.push(s("ab")), PushOutcome::Queued);
        assert_eq!(q.push(s("cd")), PushOutcome::Queued);
        assert_eq!(
            q.push(s("")),
            PushOutcome::Rejected(s(""), RejectReason::Full)
        );
        assert_eq!(q.pop_front(), Some(s("ab")));
        // One slot free, 3 bytes free: 4 bytes do not fit, 3 do.
        assert_eq!(
            q.push(s("efgh")),
            PushOutcome::Rejected(s("efgh"), RejectReason::Full)
        );
        assert_eq!(q.push(s("efg")), PushOutcome::Queued);
        assert_eq!(contents(&mut q), [s("cd"), s("efg")]);
    }

    #[test]
    fn drop_oldest_evicts_until_the_new_item_fits_and_returns_what_it_evicted() {
        let mut q = queue(3, Some(10), OverflowPolicy::DropOldest);
        for item in ["a", "bb", "ccc"] {
            assert_eq!(q.push(s(item)), PushOutcome::Queued);
        }
        // Full by count: one eviction.
        assert_eq!(q.push(s("d")), PushOutcome::QueuedDropping(vec![s("a")]));
        assert_eq!(q.bytes(), 6);
        // 6 + 9 bytes: "bb" and "ccc" must go, "d" is enough to keep.
        assert_eq!(
            q.push(s("eeeeeeeee")),
            PushOutcome::QueuedDropping(vec![s("bb"), s("ccc")])
        );
        assert_eq!(contents(&mut q), [s("d"), s("eeeeeeeee")]);
    }

    #[test]
    fn drop_oldest_can_empty_the_queue_for_an_item_of_exactly_max_bytes() {
        let mut q = queue(10, Some(4), OverflowPolicy::DropOldest);
        let _ = q.push(s("ab"));
        let _ = q.push(s("c"));
        assert_eq!(
            q.push(s("wxyz")),
            PushOutcome::QueuedDropping(vec![s("ab"), s("c")])
        );
        assert_eq!(contents(&mut q), [s("wxyz")]);
    }

    #[test]
    fn drop_newest_hands_back_the_incoming_item() {
        let mut q = queue(2, Some(4), OverflowPolicy::DropNewest);
        let _ = q.push(s("a"));
        let _ = q.push(s("b"));
        assert_eq!(q.push(s("c")), PushOutcome::Dropped(s("c")));
        let _ = q.pop_front();
        assert_eq!(q.push(s("cdef")), PushOutcome::Dropped(s("cdef")));
        assert_eq!(q.push(s("cde")), PushOutcome::Queued);
        assert_eq!(contents(&mut q), [s("b"), s("cde")]);
    }

    #[test]
    fn a_disabled_queue_rejects_everything_under_every_policy() {
        for overflow in [
            OverflowPolicy::Reject,
            OverflowPolicy::DropOldest,
            OverflowPolicy::DropNewest,
        ] {
            let mut q = OfflineQueue::new(QueueConfig::disabled().with_overflow(overflow));
            assert_eq!(
                q.push(s("")),
                PushOutcome::Rejected(s(""), RejectReason::Disabled)
            );
            assert_eq!(
                q.push(s("a")),
                PushOutcome::Rejected(s("a"), RejectReason::Disabled)
            );
            assert!(q.is_empty());
        }
    }

    #[test]
    fn an_item_larger_than_max_bytes_is_rejected_under_every_policy() {
        for overflow in [
            OverflowPolicy::Reject,
            OverflowPolicy::DropOldest,
            OverflowPolicy::DropNewest,
        ] {
            let mut q = queue(10, Some(3), overflow);
            let _ = q.push(s("ab"));
            assert_eq!(
                q.push(s("abcd")),
                PushOutcome::Rejected(s("abcd"), RejectReason::TooLarge),
                "{overflow:?}"
            );
            // Nothing was evicted for it.
            assert_eq!(contents(&mut q), [s("ab")]);
        }
    }

    #[test]
    fn zero_max_bytes_holds_only_empty_items() {
        let mut q = queue(10, Some(0), OverflowPolicy::Reject);
        assert_eq!(q.push(s("")), PushOutcome::Queued);
        assert_eq!(
            q.push(s("a")),
            PushOutcome::Rejected(s("a"), RejectReason::TooLarge)
        );
        assert_eq!(q.len(), 1);
    }

    #[test]
    fn without_a_byte_limit_only_the_count_matters() {
        let mut q = queue(2, None, OverflowPolicy::Reject);
        let big = "x".repeat(10 << 20);
        assert_eq!(q.push(big.clone()), PushOutcome::Queued);
        assert_eq!(q.push(big.clone()), PushOutcome::Queued);
        assert_eq!(q.bytes(), 20 << 20);
        assert!(matches!(
            q.push(s("a")),
            PushOutcome::Rejected(_, RejectReason::Full)
        ));
    }

    #[test]
    fn push_front_keeps_the_order_and_the_byte_count() {
        let mut q = queue(3, Some(6), OverflowPolicy::Reject);
        for item in ["ab", "cd", "ef"] {
            let _ = q.push(s(item));
        }
        let first = q.pop_front().unwrap_or_default();
        assert_eq!(q.push(s("gh")), PushOutcome::Queued);
        // Back in front although the queue is full by both limits again.
        q.push_front(first);
        assert_eq!((q.len(), q.bytes()), (4, 8));
        assert_eq!(
            q.push(s("")),
            PushOutcome::Rejected(s(""), RejectReason::Full)
        );
        assert_eq!(contents(&mut q), [s("ab"), s("cd"), s("ef"), s("gh")]);
    }

    #[test]
    fn drop_oldest_gets_back_within_limits_after_push_front() {
        let mut q = queue(2, None, OverflowPolicy::DropOldest);
        let _ = q.push(s("a"));
        let _ = q.push(s("b"));
        q.push_front(s("z"));
        assert_eq!(
            q.push(s("c")),
            PushOutcome::QueuedDropping(vec![s("z"), s("a")])
        );
        assert_eq!(contents(&mut q), [s("b"), s("c")]);
    }

    #[test]
    fn a_dropped_drain_still_empties_the_queue() {
        let mut q = OfflineQueue::default();
        for item in ["a", "b", "c"] {
            let _ = q.push(s(item));
        }
        let mut drain = q.drain();
        assert_eq!(drain.next(), Some(s("a")));
        drop(drain);
        assert_eq!((q.len(), q.bytes()), (0, 0));
        assert_eq!(q.push(s("d")), PushOutcome::Queued);
        assert_eq!(q.bytes(), 1);
    }

    #[test]
    fn full_for_now_is_told_apart_from_never_fitting() {
        let mut q = queue(2, Some(10), OverflowPolicy::DropOldest);
        assert!(!q.is_full_for(4));
        let _ = q.push(s("12345678"));
        assert!(q.is_full_for(4), "over the byte limit for now");
        assert!(!q.is_full_for(11), "never fits: not a matter of waiting");
        assert_eq!(
            q.push_or_reject(s("abcd")),
            PushOutcome::Rejected(s("abcd"), RejectReason::Full)
        );
        assert_eq!(q.len(), 1);
        assert_eq!(q.push_or_reject(s("ab")), PushOutcome::Queued);
        assert!(q.is_full_for(0), "at capacity");
        let disabled: OfflineQueue<String> = OfflineQueue::new(QueueConfig::disabled());
        assert!(!disabled.is_full_for(0));
    }

    #[test]
    fn messages_count_their_payload_bytes() {
        let mut q = OfflineQueue::new(QueueConfig::new().with_max_bytes(6));
        assert_eq!(q.push(Message::text("€")), PushOutcome::Queued);
        assert_eq!(q.push(Message::binary([1u8, 2, 3])), PushOutcome::Queued);
        assert_eq!(q.bytes(), 6);
        assert!(matches!(
            q.push(Message::text("a")),
            PushOutcome::Rejected(_, RejectReason::Full)
        ));
    }
}
