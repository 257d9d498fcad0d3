//! The task behind one mounted `use_websocket`: it owns the component's
//! [`ReconnectingWebSocket`] (the handle that keeps a connection alive),
//! hands everything the socket reports to the component through a
//! [`Host`], and carries out the commands of the hook's handle.
//!
//! One task per mounted component, so there is one socket at most:
//! - a new URL closes the socket (code 1000), hands its last events over,
//!   and waits for the close of its connection before the next socket
//!   starts, so that two never overlap;
//! - when the component goes away (the command channel is closed), the
//!   socket is closed with 1000 and nothing more is handed over.
//!
//! The same file is in both hooks crates (Leptos and Yew); only the
//! [`Host`] differs.

use std::cell::RefCell;
use std::future::{poll_fn, Future};
use std::mem;
use std::rc::Rc;
use std::task::Poll;

use futures::channel::mpsc::UnboundedReceiver;
use futures::future::{select, FutureExt, Select};
use futures::stream::StreamExt;
use gloo_timers::future::TimeoutFuture;
use wasm_websocket::codec::{Codec, CodecError};
use wasm_websocket::reconnect::{
    AttemptError, ConnectionEvent, ConnectionEvents, ConnectionState, ReconnectingBuilder,
    ReconnectingSender, ReconnectingWebSocket, StopReason,
};
use wasm_websocket::{Closed, Message};

/// How long a socket for a new URL waits for the old connection's closing
/// handshake, in milliseconds: one second. The handshake takes a round trip
/// on a live connection; a dead one may never answer, and the browser's own
/// limit is longer than a user should wait for the new URL.
pub(crate) const CLOSE_WAIT_MS: u32 = 1_000;

/// What the hook's handle asks of the task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Command {
    /// Have a socket: start one if there is none, or start the stopped
    /// one again.
    Open,
    /// Connect now: as `Open`, and also skip a backoff wait.
    Reconnect,
    /// Closed by the user (the handle closed the socket already): do not
    /// start another until `Open` or `Reconnect`.
    Close,
    /// The hook's URL changed.
    Url(String),
}

/// The component's side: where the socket's news go.
pub(crate) trait Host {
    /// The socket options of the next start (the hook's URL is put in by
    /// the task), or `None` once the component is gone.
    fn template(&self) -> Option<ReconnectingBuilder>;
    /// A socket started (its sender), or the last one ended (`None`).
    fn started(&self, sender: Option<ReconnectingSender>);
    /// A connection event, and the socket's state right after it.
    fn event(&self, event: ConnectionEvent, state: ConnectionState);
    /// A message arrived, or could not be read.
    fn received(&self, item: wasm_websocket::Result<Message>);
}

/// `item` through `codec`: the value, or why there is none (a message that
/// does not decode is handed back in the error).
pub(crate) fn decode<T, C: Codec<T>>(
    codec: &C,
    item: wasm_websocket::Result<Message>,
) -> Result<T, CodecError<C::Error>> {
    let message = item?;
    codec
        .decode(&message)
        .map_err(|source| CodecError::Decode { message, source })
}

/// Where an error goes when the component has no `on_error`: the browser
/// console, as a warning, so that it is not lost without a word.
pub(crate) fn warn_unhandled(error: &dyn std::error::Error) {
    let mut text = format!("use_websocket: {error}");
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    web_sys::console::warn_1(&text.into());
}

/// Runs until the command channel closes: starts a socket to `url` at once
/// if `open`, then follows the commands.
pub(crate) async fn run<H: Host>(
    host: H,
    url: String,
    open: bool,
    commands: UnboundedReceiver<Command>,
) {
    let mut driver = Driver {
        host,
        url,
        wanted: open,
        phase: Phase::Idle,
        commands,
    };
    if driver.wanted {
        driver.start();
    }
    driver.run().await;
}

struct Driver<H> {
    host: H,
    url: String,
    /// Whether a socket should run: false after `close` (or a start that
    /// failed) until `open` or `reconnect`.
    wanted: bool,
    phase: Phase,
    commands: UnboundedReceiver<Command>,
}

enum Phase {
    /// No socket.
    Idle,
    /// A socket, from its start until its event stream ends (it was closed
    /// for good and its last events are handed over).
    Live(Live),
    /// The socket is gone; the close of its last connection is awaited
    /// (bounded by a timer) before the next socket starts.
    Settling(Select<Closed, TimeoutFuture>),
}

struct Live {
    ws: ReconnectingWebSocket,
    events: ConnectionEvents,
    /// The close of the latest connection that opened, set by the `on_open`
    /// hook the task installs (none if the template brings its own).
    last_open: Rc<RefCell<Option<Closed>>>,
}

/// What woke the task.
enum Step {
    Command(Option<Command>),
    Event(Option<ConnectionEvent>),
    Message(wasm_websocket::Result<Message>),
    Settled,
}

impl<H: Host> Driver<H> {
    async fn run(mut self) {
        loop {
            match self.next().await {
                Step::Command(Some(command)) => self.command(command),
                Step::Command(None) => {
                    // The component is gone: close with 1000 (dropping the
                    // socket would too) and hand nothing more over.
                    if let Phase::Live(live) = &self.phase {
                        let _ = live.ws.close();
                    }
                    return;
                }
                Step::Event(Some(event)) => {
                    if let Phase::Live(live) = &self.phase {
                        let state = live.ws.state();
                        self.host.event(event, state);
                    }
                }
                Step::Event(None) => self.ended(),
                Step::Message(item) => self.host.received(item),
                Step::Settled => {
                    self.phase = Phase::Idle;
                    if self.wanted {
                        self.start();
                    }
                }
            }
        }
    }

    /// The next thing to do. Commands come first, so that nothing is handed
    /// to a component that has gone; then events before messages, so that
    /// `Open` is known before what arrives on the connection.
    fn next(&mut self) -> impl Future<Output = Step> + '_ {
        poll_fn(move |cx| {
            if let Poll::Ready(command) = self.commands.poll_next_unpin(cx) {
                return Poll::Ready(Step::Command(command));
            }
            match &mut self.phase {
                Phase::Idle => {}
                Phase::Live(live) => {
                    if let Poll::Ready(event) = live.events.poll_next_unpin(cx) {
                        return Poll::Ready(Step::Event(event));
                    }
                    // `None` (the socket gave up or was stopped) is not
                    // waited on: a restart is announced by an event first.
                    if let Poll::Ready(Some(item)) = live.ws.poll_next_unpin(cx) {
                        return Poll::Ready(Step::Message(item));
                    }
                }
                Phase::Settling(wait) => {
                    if wait.poll_unpin(cx).is_ready() {
                        return Poll::Ready(Step::Settled);
                    }
                }
            }
            Poll::Pending
        })
    }

    fn command(&mut self, command: Command) {
        match command {
            Command::Open | Command::Reconnect => {
                self.wanted = true;
                match &self.phase {
                    Phase::Idle => self.start(),
                    // Skips the backoff wait, or starts a socket that gave
                    // up or was stopped again. A socket closed for good is
                    // replaced once its last events are in.
                    Phase::Live(live) => {
                        if command == Command::Reconnect || live.ws.state().is_final() {
                            live.ws.reconnect();
                        }
                    }
                    Phase::Settling(_) => {}
                }
            }
            Command::Close => {
                self.wanted = false;
                if let Phase::Live(live) = &self.phase {
                    // Closed by the handle already, unless it was replaced
                    // meanwhile.
                    let _ = live.ws.close();
                }
            }
            Command::Url(url) => {
                if url == self.url {
                    return;
                }
                self.url = url;
                // The next socket, if one is wanted, starts with the new
                // URL once this one has ended.
                if let Phase::Live(live) = &self.phase {
                    let _ = live.ws.close();
                }
            }
        }
    }

    fn start(&mut self) {
        let Some(template) = self.host.template() else {
            return;
        };
        let mut builder = template.with_url(self.url.as_str());
        let last_open = Rc::new(RefCell::new(None));
        if !builder.has_on_open() {
            let slot = Rc::clone(&last_open);
            builder = builder.with_on_open(move |sender| {
                *slot.borrow_mut() = Some(sender.closed());
            });
        }
        match builder.start() {
            Ok(ws) => {
                // Subscribed before the socket's own task first runs, so
                // that the first event is the first `Connecting`.
                let events = ws.events();
                self.host.started(Some(ws.sender()));
                self.phase = Phase::Live(Live {
                    ws,
                    events,
                    last_open,
                });
            }
            Err(error) => {
                // Options that no attempt could use: reported as the socket
                // reports a URL that can never work.
                self.wanted = false;
                let stopped = ConnectionState::Stopped;
                let failed = ConnectionEvent::AttemptFailed {
                    attempt: 0,
                    error: AttemptError::Connect(error),
                };
                self.host.event(failed, stopped);
                let stop = ConnectionEvent::Stopped(StopReason::InvalidRequest);
                self.host.event(stop, stopped);
            }
        }
    }

    /// The socket's events ended: it was closed for good and everything it
    /// had to say was handed over.
    fn ended(&mut self) {
        let Phase::Live(live) = mem::replace(&mut self.phase, Phase::Idle) else {
            return;
        };
        self.host.started(None);
        let last_close = live.last_open.borrow_mut().take();
        drop(live);
        if !self.wanted {
            return;
        }
        match last_close {
            Some(closed) => {
                let timer = TimeoutFuture::new(CLOSE_WAIT_MS);
                self.phase = Phase::Settling(select(closed, timer));
            }
            None => self.start(),
        }
    }
}

#[cfg(test)]
mod tests {
    use wasm_websocket::{codec::CodecError, Error, Message};

    use super::*;
    use crate::Text;

    #[test]
    fn decoding_hands_back_what_does_not_decode() {
        assert_eq!(
            decode(&Text, Ok(Message::text("hi"))).expect("decodes"),
            "hi"
        );
        match decode(&Text, Ok(Message::binary([0xff]))) {
            Err(CodecError::Decode { message, .. }) => {
                assert_eq!(message, Message::binary([0xff]));
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
        assert!(matches!(
            decode(&Text, Err(Error::AlreadyClosed)),
            Err(CodecError::Socket(Error::AlreadyClosed))
        ));
    }
}
