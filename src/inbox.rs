//! The queue of received messages, in arrival order, with `Blob`s read into
//! bytes without letting later messages overtake them.
//!
//! Reading a `Blob` is asynchronous (`Blob.arrayBuffer()` returns a promise),
//! so converting each Blob on its own and handing it over when its promise
//! settles lets a small text message that arrived later overtake a large
//! binary one. Here every message takes its place in the queue as it
//! arrives; Blob reads all start at once and run concurrently, but the queue
//! only yields its front, so a finished read waits for those before it.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::task::Poll;

use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

use crate::error::{Error, JsError, Result};
use crate::message::Message;

/// Where the result of one Blob read lands; shared by the queue entry and
/// the task reading the Blob.
type BlobSlot = Rc<RefCell<Option<Result<Message>>>>;

enum Entry {
    Ready(Result<Message>),
    Reading(BlobSlot),
}

/// Received messages, oldest first.
#[derive(Default)]
pub(crate) struct Inbox {
    entries: VecDeque<Entry>,
}

impl Inbox {
    /// Queues the `data` of a `message` event. `on_blob_read` is called when
    /// a Blob read finishes, so the reader of the queue can be woken.
    pub(crate) fn push(&mut self, data: JsValue, on_blob_read: impl FnOnce() + 'static) {
        let entry = if let Some(text) = data.as_string() {
            Entry::Ready(Ok(Message::Text(text)))
        } else if let Some(buffer) = data.dyn_ref::<ArrayBuffer>() {
            Entry::Ready(Ok(Message::Binary(Uint8Array::new(buffer).to_vec())))
        } else if let Some(blob) = data.dyn_ref::<Blob>() {
            Entry::Reading(start_reading(blob, on_blob_read))
        } else {
            Entry::Ready(Err(Error::UnexpectedData(describe_type(&data))))
        };
        self.entries.push_back(entry);
    }

    /// Takes the oldest message if it is ready. `Ready(None)` means the queue
    /// is empty; `Pending` means the oldest message is a Blob still being
    /// read (the caller is woken through `on_blob_read`).
    pub(crate) fn poll_pop(&mut self) -> Poll<Option<Result<Message>>> {
        if let Some(Entry::Reading(slot)) = self.entries.front() {
            if slot.borrow().is_none() {
                return Poll::Pending;
            }
        }
        let result = match self.entries.pop_front() {
            None => return Poll::Ready(None),
            Some(Entry::Ready(result)) => result,
            Some(Entry::Reading(slot)) => match slot.borrow_mut().take() {
                Some(result) => result,
                // Checked just above; kept total rather than panicking.
                None => return Poll::Pending,
            },
        };
        Poll::Ready(Some(result))
    }
}

fn start_reading(blob: &Blob, on_done: impl FnOnce() + 'static) -> BlobSlot {
    let slot = BlobSlot::default();
    let filled = slot.clone();
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
    data.js_typeof()
        .as_string()
        .unwrap_or_else(|| "unknown".to_owned())
}
