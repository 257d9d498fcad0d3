//! `MessageIterator`: what `for await (const message of socket)` walks, for
//! both socket classes. Each `next()` resolves to `{ value, done }`.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{Poll, Waker};

use js_sys::Object;
use wasm_bindgen::prelude::*;

use super::errors::set;

/// How many unread messages a `ReconnectingSocket` keeps, for the first
/// reader to come and for each reader that falls behind (the `inbox`
/// option): past either bound the oldest are discarded, and reported in an
/// `overflow` event.
#[derive(Clone, Copy)]
pub(crate) struct InboxLimits {
    pub(crate) capacity: usize,
    pub(crate) max_bytes: usize,
}

impl Default for InboxLimits {
    /// 1000 messages and 16 MiB.
    fn default() -> Self {
        Self {
            capacity: 1000,
            max_bytes: 16 << 20,
        }
    }
}

/// Unread messages, oldest first, with their sizes (UTF-8 bytes of text).
#[derive(Default)]
pub(crate) struct Unread {
    items: VecDeque<(JsValue, usize)>,
    bytes: usize,
}

impl Unread {
    /// Keeps `message`, then discards the oldest messages while over
    /// `limits`; returns those (a message larger than `max_bytes` on its
    /// own is one of them).
    pub(crate) fn push(
        &mut self,
        message: JsValue,
        size: usize,
        limits: InboxLimits,
    ) -> Vec<JsValue> {
        self.items.push_back((message, size));
        self.bytes = self.bytes.saturating_add(size);
        let mut discarded = Vec::new();
        while self.items.len() > limits.capacity || self.bytes > limits.max_bytes {
            match self.pop_sized() {
                Some((message, _)) => discarded.push(message),
                None => break,
            }
        }
        discarded
    }

    pub(crate) fn pop_sized(&mut self) -> Option<(JsValue, usize)> {
        let (message, size) = self.items.pop_front()?;
        self.bytes -= size;
        Some((message, size))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn clear(&mut self) {
        self.items.clear();
        self.bytes = 0;
    }
}

/// The messages kept for one reader of a `ReconnectingSocket` (an iterator,
/// or the first reader to come, for the messages that arrived before it).
#[derive(Default)]
pub(crate) struct Subscription {
    unread: Unread,
    waker: Option<Waker>,
    /// No more messages will come (the socket stopped, or the reader left).
    ended: bool,
}

impl Subscription {
    /// Keeps `message` for the reader; returns what had to be discarded.
    pub(crate) fn push(
        &mut self,
        message: JsValue,
        size: usize,
        limits: InboxLimits,
    ) -> Vec<JsValue> {
        let discarded = self.unread.push(message, size, limits);
        self.wake();
        discarded
    }

    pub(crate) fn end(&mut self) {
        self.ended = true;
        self.wake();
    }

    pub(crate) fn is_ended(&self) -> bool {
        self.ended
    }

    /// Takes over the messages nobody read yet (within the same limits).
    pub(crate) fn extend(&mut self, unread: Unread) {
        self.unread.items.extend(unread.items);
        self.unread.bytes += unread.bytes;
        self.wake();
    }

    fn wake(&mut self) {
        if let Some(waker) = self.waker.take() {
            waker.wake();
        }
    }
}

/// An async iterator over a socket's messages (`string` or `Uint8Array`),
/// made by `socket[Symbol.asyncIterator]()`; `for await` uses it for you.
#[wasm_bindgen]
pub struct MessageIterator {
    source: Rc<RefCell<Subscription>>,
    /// `return()` was called: the loop was left.
    finished: Cell<bool>,
}

impl MessageIterator {
    pub(crate) fn of_subscription(subscription: Rc<RefCell<Subscription>>) -> Self {
        Self {
            source: subscription,
            finished: Cell::new(false),
        }
    }
}

#[wasm_bindgen]
impl MessageIterator {
    /// Resolves to `{ value: message, done: false }`, or to
    /// `{ value: undefined, done: true }` once there are no more messages.
    #[wasm_bindgen(unchecked_return_type = "IteratorResult<string | Uint8Array, undefined>")]
    pub async fn next(&self) -> Result<JsValue, JsValue> {
        if self.finished.get() {
            return Ok(result(None));
        }
        let subscription = &self.source;
        let message = poll_fn(|cx| {
            let mut subscription = subscription.borrow_mut();
            if let Some((message, _)) = subscription.unread.pop_sized() {
                return Poll::Ready(Some(message));
            }
            if subscription.ended {
                return Poll::Ready(None);
            }
            subscription.waker = Some(cx.waker().clone());
            Poll::Pending
        })
        .await;
        if message.is_none() {
            self.finished.set(true);
        }
        Ok(result(message))
    }

    /// Called by `for await` when the loop is left early: stops this
    /// iterator (the socket stays open), and resolves to `{ done: true }`.
    #[wasm_bindgen(
        js_name = "return",
        unchecked_return_type = "Promise<IteratorResult<string | Uint8Array, undefined>>"
    )]
    pub fn finish(&self) -> js_sys::Promise {
        self.finished.set(true);
        let mut subscription = self.source.borrow_mut();
        subscription.unread.clear();
        subscription.end();
        js_sys::Promise::resolve(&result(None))
    }
}

/// `{ value, done }`.
fn result(message: Option<JsValue>) -> JsValue {
    let object = Object::new();
    set(&object, "done", &message.is_none().into());
    set(&object, "value", &message.unwrap_or(JsValue::UNDEFINED));
    object.into()
}
