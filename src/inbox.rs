//! The queue of received messages, in arrival order, with `Blob`s read into
//! bytes without letting later messages overtake them, and within the
//! limits of [`ReceiveLimits`].
//!
//! Reading a `Blob` is asynchronous (`Blob.arrayBuffer()` returns a promise),
//! so converting each Blob on its own and handing it over when its promise
//! settles lets a small text message that arrived later overtake a large
//! binary one. Here every message takes its place in the queue as it
//! arrives, and the queue only yields its front, so a finished read waits
//! for those before it. Reads start when the queue is read, for the first
//! [`MAX_BLOB_READS`] Blobs waiting: a burst of Blobs nobody reads yet stays
//! in the browser's Blob storage instead of being copied into wasm memory
//! all at once.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::task::Poll;

use js_sys::{ArrayBuffer, JsString, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

use crate::error::{Error, JsError, Result};
use crate::limits::ReceiveLimits;
use crate::message::Message;

/// Blob reads in flight at most: enough to keep reads pipelined while the
/// first one is copied, few enough that wasm memory holds at most this many
/// Blobs' bytes beyond what the reader has not taken yet.
pub(crate) const MAX_BLOB_READS: usize = 4;

/// Where the result of one Blob read lands; shared by the queue entry and
/// the task reading the Blob.
pub(crate) type BlobSlot = Rc<RefCell<Option<Result<Message>>>>;

/// Starts reading a Blob; see [`ReceiveLimits::read_blob`].
pub(crate) type ReadBlob = fn(&Blob, &OnBlobRead) -> BlobSlot;

/// Called when a Blob read finishes, so that the reader is woken.
pub(crate) type OnBlobRead = Rc<dyn Fn()>;

enum Entry {
    Ready(Result<Message>),
    /// A Blob whose read has not started.
    Blob(Blob),
    Reading(BlobSlot),
}

/// Why a message was not queued; the connection closes on either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    /// The message alone is larger than `max_message_size`.
    TooLarge { size: usize },
    /// Unread messages would exceed `max_unread`.
    Full,
}

/// Received messages, oldest first, each with the bytes it counts for.
pub(crate) struct Inbox {
    entries: VecDeque<(Entry, usize)>,
    /// Bytes of the messages held (a Blob's size until it is read).
    bytes: usize,
    limits: ReceiveLimits,
    on_blob_read: OnBlobRead,
}

impl Inbox {
    pub(crate) fn new(limits: ReceiveLimits, on_blob_read: OnBlobRead) -> Self {
        Self {
            entries: VecDeque::new(),
            bytes: 0,
            limits,
            on_blob_read,
        }
    }

    /// Queues the `data` of a `message` event, unless it is larger than
    /// `max_message_size` or the unread messages would then exceed
    /// `max_unread` (a single message always fits an empty queue). Sizes
    /// are checked before anything is copied into wasm memory; for text,
    /// whose UTF-8 length is only known after the copy, a string of fewer
    /// UTF-16 units than the limit whose UTF-8 form is larger is copied,
    /// then refused.
    pub(crate) fn push(&mut self, data: JsValue) -> std::result::Result<(), Refused> {
        let (entry, size) = if let Some(text) = data.dyn_ref::<JsString>() {
            // Each UTF-16 unit is at least one UTF-8 byte.
            let units = text.length() as usize;
            self.check(units)?;
            let text = String::from(text);
            let size = text.len();
            self.check(size)?;
            (Entry::Ready(Ok(Message::Text(text))), size)
        } else if let Some(buffer) = data.dyn_ref::<ArrayBuffer>() {
            let size = buffer.byte_length() as usize;
            self.check(size)?;
            let bytes = Uint8Array::new(buffer).to_vec();
            (Entry::Ready(Ok(Message::Binary(bytes))), size)
        } else if let (Some(blob), Some(_)) = (data.dyn_ref::<Blob>(), self.limits.read_blob) {
            // A Blob's size is a double; any real one is exact in it.
            let size = blob.size() as usize;
            self.check(size)?;
            (Entry::Blob(blob.clone()), size)
        } else {
            (
                Entry::Ready(Err(Error::UnexpectedData(describe_type(&data)))),
                0,
            )
        };
        self.bytes = self.bytes.saturating_add(size);
        self.entries.push_back((entry, size));
        Ok(())
    }

    /// Queues a message that is already a [`Message`] (the memory backend's:
    /// no JavaScript value to read), within the same limits as
    /// [`push`](Self::push).
    #[cfg_attr(not(feature = "testing"), allow(dead_code))]
    pub(crate) fn push_message(&mut self, message: Message) -> std::result::Result<(), Refused> {
        let size = message.len();
        self.check(size)?;
        self.bytes = self.bytes.saturating_add(size);
        self.entries.push_back((Entry::Ready(Ok(message)), size));
        Ok(())
    }

    /// [`check_size`](Self::check_size) for a message that is already a
    /// [`Message`].
    #[cfg_attr(not(feature = "testing"), allow(dead_code))]
    pub(crate) fn check_message_size(&self, message: &Message) -> std::result::Result<(), Refused> {
        let size = message.len();
        if size > self.limits.max_message_size {
            return Err(Refused::TooLarge { size });
        }
        Ok(())
    }

    /// Checks a message that is not queued (nothing would read it there)
    /// against `max_message_size`, as [`push`](Self::push) would, and keeps
    /// nothing of it. Text is copied only when its UTF-16 length leaves its
    /// UTF-8 length in doubt (each unit is one to three bytes).
    pub(crate) fn check_size(&self, data: &JsValue) -> std::result::Result<(), Refused> {
        let limit = self.limits.max_message_size;
        let size = if let Some(text) = data.dyn_ref::<JsString>() {
            let units = text.length() as usize;
            if units > limit || units.saturating_mul(3) <= limit {
                units
            } else {
                String::from(text).len()
            }
        } else if let Some(buffer) = data.dyn_ref::<ArrayBuffer>() {
            buffer.byte_length() as usize
        } else if let Some(blob) = data.dyn_ref::<Blob>() {
            blob.size() as usize
        } else {
            0
        };
        if size > limit {
            return Err(Refused::TooLarge { size });
        }
        Ok(())
    }

    /// Frees every message held: nothing will read them.
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
        self.bytes = 0;
    }

    /// Queues an error where the next message would be.
    pub(crate) fn push_error(&mut self, error: Error) {
        self.entries.push_back((Entry::Ready(Err(error)), 0));
    }

    fn check(&self, size: usize) -> std::result::Result<(), Refused> {
        if size > self.limits.max_message_size {
            return Err(Refused::TooLarge { size });
        }
        if !self.entries.is_empty() && self.bytes.saturating_add(size) > self.limits.max_unread {
            return Err(Refused::Full);
        }
        Ok(())
    }

    /// The limits this queue keeps.
    pub(crate) fn limits(&self) -> ReceiveLimits {
        self.limits
    }

    /// Blob messages are read into bytes from now on (Blob mode was asked
    /// for after the connection was made).
    pub(crate) fn read_blobs(&mut self) {
        self.limits.read_blob = Some(start_reading);
    }

    /// Takes the oldest message if it is ready. `Ready(None)` means the queue
    /// is empty; `Pending` means the oldest message is a Blob still being
    /// read (the reader is woken through `on_blob_read`).
    pub(crate) fn poll_pop(&mut self) -> Poll<Option<Result<Message>>> {
        self.start_reads();
        // A finished read's result is taken out first; a ready message is
        // moved out with its entry.
        let read = match self.entries.front_mut() {
            None => return Poll::Ready(None),
            Some((Entry::Ready(_), _)) => None,
            Some((Entry::Reading(slot), _)) => match slot.borrow_mut().take() {
                Some(result) => Some(result),
                None => return Poll::Pending,
            },
            // `start_reads` has just started it.
            Some((Entry::Blob(_), _)) => return Poll::Pending,
        };
        let Some((entry, size)) = self.entries.pop_front() else {
            return Poll::Ready(None);
        };
        self.bytes = self.bytes.saturating_sub(size);
        let result = match (read, entry) {
            (Some(result), _) | (None, Entry::Ready(result)) => result,
            // Not reached (the front was a ready message); kept total.
            (None, entry) => {
                self.bytes = self.bytes.saturating_add(size);
                self.entries.push_front((entry, size));
                return Poll::Pending;
            }
        };
        Poll::Ready(Some(result))
    }

    /// Starts reading the Blobs among the first entries, keeping at most
    /// [`MAX_BLOB_READS`] reads in flight.
    fn start_reads(&mut self) {
        let mut in_flight = 0;
        for (entry, _) in self.entries.iter_mut() {
            if in_flight == MAX_BLOB_READS {
                break;
            }
            match entry {
                Entry::Reading(slot) if slot.borrow().is_none() => in_flight += 1,
                Entry::Blob(blob) => {
                    // Only queued when there is a reader (see `push`).
                    if let Some(read_blob) = self.limits.read_blob {
                        *entry = Entry::Reading(read_blob(blob, &self.on_blob_read));
                        in_flight += 1;
                    }
                }
                Entry::Ready(_) | Entry::Reading(_) => {}
            }
        }
    }
}

/// Reads a Blob into bytes in a task of its own; see [`ReadBlob`].
pub(crate) fn start_reading(blob: &Blob, on_done: &OnBlobRead) -> BlobSlot {
    let slot = BlobSlot::default();
    let filled = slot.clone();
    let on_done = on_done.clone();
    let read = JsFuture::from(blob.array_buffer());
    wasm_bindgen_futures::spawn_local(async move {
        let result = match read.await {
            Ok(buffer) => Ok(Message::Binary(Uint8Array::new(&buffer).to_vec())),
            Err(error) => Err(Error::BlobRead(JsError::from_js(&error))),
        };
        *filled.borrow_mut() = Some(result);
        on_done();
    });
    slot
}

fn describe_type(data: &JsValue) -> String {
    if data.is_instance_of::<Blob>() {
        // Blob mode was not asked for through the crate (it was set on the
        // browser's socket directly): there is no reader for it.
        return "a Blob, but Blob mode was not asked for through the crate".to_owned();
    }
    data.js_typeof()
        .as_string()
        .unwrap_or_else(|| "unknown".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inbox(max_message_size: usize, max_unread: usize) -> Inbox {
        let limits = ReceiveLimits {
            max_message_size,
            max_unread,
            read_blob: None,
        };
        Inbox::new(limits, Rc::new(|| {}))
    }

    fn pop(inbox: &mut Inbox) -> Option<Message> {
        match inbox.poll_pop() {
            Poll::Ready(Some(Ok(message))) => Some(message),
            Poll::Ready(None) => None,
            other => panic!("expected a message or nothing, got {other:?}"),
        }
    }

    #[test]
    fn messages_pushed_directly_come_out_in_order() {
        let mut inbox = inbox(100, 100);
        assert_eq!(inbox.push_message(Message::text("one")), Ok(()));
        assert_eq!(inbox.push_message(Message::binary([2u8, 2])), Ok(()));
        assert_eq!(pop(&mut inbox), Some(Message::text("one")));
        assert_eq!(pop(&mut inbox), Some(Message::binary([2u8, 2])));
        assert_eq!(pop(&mut inbox), None);
    }

    #[test]
    fn messages_pushed_directly_keep_the_limits() {
        let mut inbox = inbox(4, 6);
        assert_eq!(
            inbox.push_message(Message::text("12345")),
            Err(Refused::TooLarge { size: 5 })
        );
        assert_eq!(
            inbox.check_message_size(&Message::text("12345")),
            Err(Refused::TooLarge { size: 5 })
        );
        assert_eq!(inbox.check_message_size(&Message::text("1234")), Ok(()));
        assert_eq!(inbox.push_message(Message::text("1234")), Ok(()));
        assert_eq!(inbox.push_message(Message::text("567")), Err(Refused::Full));
        // Reading makes room again.
        assert_eq!(pop(&mut inbox), Some(Message::text("1234")));
        assert_eq!(inbox.push_message(Message::text("567")), Ok(()));
    }
}
