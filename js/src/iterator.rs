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
use super::socket;

/// The messages kept for one reader of a `ReconnectingSocket` (an iterator,
/// or the first reader to come, for the messages that arrived before it).
#[derive(Default)]
pub(crate) struct Subscription {
    items: VecDeque<JsValue>,
    waker: Option<Waker>,
    /// No more messages will come (the socket stopped, or the reader left).
    ended: bool,
}

impl Subscription {
    pub(crate) fn push(&mut self, message: JsValue) {
        self.items.push_back(message);
        self.wake();
    }

    pub(crate) fn end(&mut self) {
        self.ended = true;
        self.wake();
    }

    pub(crate) fn is_ended(&self) -> bool {
        self.ended
    }

    pub(crate) fn extend(&mut self, items: VecDeque<JsValue>) {
        self.items.extend(items);
        self.wake();
    }

    fn wake(&mut self) {
        if let Some(waker) = self.waker.take() {
            waker.wake();
        }
    }
}

enum Source {
    Socket(Rc<socket::Shared>),
    Reconnecting(Rc<RefCell<Subscription>>),
}

/// An async iterator over a socket's messages (`string` or `Uint8Array`),
/// made by `socket[Symbol.asyncIterator]()`; `for await` uses it for you.
#[wasm_bindgen]
pub struct MessageIterator {
    source: Source,
    /// `return()` was called: the loop was left.
    finished: Cell<bool>,
}

impl MessageIterator {
    pub(crate) fn of_socket(socket: Rc<socket::Shared>) -> Self {
        Self {
            source: Source::Socket(socket),
            finished: Cell::new(false),
        }
    }

    pub(crate) fn of_subscription(subscription: Rc<RefCell<Subscription>>) -> Self {
        Self {
            source: Source::Reconnecting(subscription),
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
        let message = match &self.source {
            Source::Socket(socket) => socket::read(socket).await?,
            Source::Reconnecting(subscription) => {
                poll_fn(|cx| {
                    let mut subscription = subscription.borrow_mut();
                    if let Some(message) = subscription.items.pop_front() {
                        return Poll::Ready(Some(message));
                    }
                    if subscription.ended {
                        return Poll::Ready(None);
                    }
                    subscription.waker = Some(cx.waker().clone());
                    Poll::Pending
                })
                .await
            }
        };
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
        if let Source::Reconnecting(subscription) = &self.source {
            let mut subscription = subscription.borrow_mut();
            subscription.items.clear();
            subscription.end();
        }
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
