//! [`run`]: the task behind one mounted `use_websocket`. It owns the
//! component's [`ReconnectingWebSocket`] (the handle that keeps a
//! connection alive), hands everything the socket reports to the component
//! through a [`Host`], and carries out the [`Command`]s of the hook's
//! handle.
//!
//! One task per mounted component, so there is one socket at most:
//! - a new URL closes the socket (code 1000), hands its last events over,
//!   and starts the next socket when the old one's
//!   [`events`](ReconnectingWebSocket::events) end, so that two never
//!   overlap. The task keeps no timer or close hook of its own for this:
//!   after a close, the reconnecting socket ends its events only once its
//!   open connection's close handshake is done (or, if the peer never
//!   answers, once it gave up on it after a second), and at once if no
//!   connection was open;
//! - when the component goes away (the command channel is closed), the
//!   socket is closed with 1000 and nothing more is handed over.

use std::future::{poll_fn, Future};
use std::task::Poll;

use futures::channel::mpsc::UnboundedReceiver;
use futures::stream::StreamExt;
use wasm_websocket::reconnect::{
    AttemptError, ConnectionEvent, ConnectionEvents, ConnectionState, ReconnectingWebSocket,
    StopReason,
};
use wasm_websocket::Message;

use crate::{Command, Host};

/// The task: runs until the command channel closes, on the page's thread
/// (spawn it with the framework's `spawn_local`, or
/// `wasm_bindgen_futures::spawn_local`, when the component is mounted).
/// Starts a socket to `url` at once if `open` (the options' `immediate`),
/// then follows the commands; see the [crate docs](crate) for a whole
/// hook.
///
/// Where there is no socket to make (natively, as with server-side
/// rendering), a start is reported as options no attempt could use:
/// `AttemptFailed` with `Error::Unsupported`, then `Stopped`.
pub async fn run<H: Host>(host: H, url: String, open: bool, commands: UnboundedReceiver<Command>) {
    let mut driver = Driver {
        host,
        url,
        wanted: open,
        live: None,
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
    /// The socket, from its start until its events end (it was closed for
    /// good, its connection has ended, and its last events are handed
    /// over); `None` before and after.
    live: Option<Live>,
    commands: UnboundedReceiver<Command>,
}

struct Live {
    ws: ReconnectingWebSocket,
    events: ConnectionEvents,
}

/// What woke the task.
enum Step {
    Command(Option<Command>),
    Event(Option<ConnectionEvent>),
    Message(wasm_websocket::Result<Message>),
}

impl<H: Host> Driver<H> {
    async fn run(mut self) {
        loop {
            match self.next().await {
                Step::Command(Some(command)) => self.command(command),
                Step::Command(None) => {
                    // The component is gone: close with 1000 (dropping the
                    // socket would too) and hand nothing more over.
                    if let Some(live) = &self.live {
                        let _ = live.ws.close();
                    }
                    return;
                }
                Step::Event(Some(event)) => {
                    if let Some(live) = &self.live {
                        let state = live.ws.state();
                        self.host.event(event, state);
                    }
                }
                Step::Event(None) => self.ended(),
                Step::Message(item) => self.host.received(item),
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
            if let Some(live) = &mut self.live {
                if let Poll::Ready(event) = live.events.poll_next_unpin(cx) {
                    return Poll::Ready(Step::Event(event));
                }
                // `None` (the socket gave up or was stopped) is not waited
                // on: a restart is announced by an event first.
                if let Poll::Ready(Some(item)) = live.ws.poll_next_unpin(cx) {
                    return Poll::Ready(Step::Message(item));
                }
            }
            Poll::Pending
        })
    }

    fn command(&mut self, command: Command) {
        match command {
            Command::Open | Command::Reconnect => {
                self.wanted = true;
                match &self.live {
                    None => self.start(),
                    // Skips the backoff wait, or starts a socket that gave
                    // up or was stopped again. A socket closed for good is
                    // replaced once its events end.
                    Some(live) => {
                        if command == Command::Reconnect || live.ws.state().is_final() {
                            live.ws.reconnect();
                        }
                    }
                }
            }
            Command::Close => {
                self.wanted = false;
                if let Some(live) = &self.live {
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
                // URL once this one's events end: after its connection's
                // close (see the module docs).
                if let Some(live) = &self.live {
                    let _ = live.ws.close();
                }
            }
        }
    }

    fn start(&mut self) {
        let Some(template) = self.host.template() else {
            return;
        };
        match template.with_url(self.url.as_str()).start() {
            Ok(ws) => {
                // Subscribed before the socket's own task first runs, so
                // that the first event is the first `Connecting`.
                let events = ws.events();
                self.host.started(Some(ws.sender()));
                self.live = Some(Live { ws, events });
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

    /// The socket's events ended: it was closed for good, its connection
    /// has ended (or was given up on), and everything it had to say was
    /// handed over. The next socket, if one is wanted, may start now.
    fn ended(&mut self) {
        if self.live.take().is_none() {
            return;
        }
        self.host.started(None);
        if self.wanted {
            self.start();
        }
    }
}

/// Natively there is no socket to make, so every start fails at once:
/// what the task does with commands shows in what it hands the host.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::cell::{Cell, RefCell};

    use futures::channel::mpsc;
    use futures::executor::block_on;
    use wasm_websocket::reconnect::{ReconnectingBuilder, ReconnectingSender};

    use super::*;

    /// A host that writes down what it is handed, as lines.
    #[derive(Default)]
    struct Log {
        lines: RefCell<Vec<String>>,
        gone: Cell<bool>,
    }

    impl Host for &Log {
        fn template(&self) -> Option<ReconnectingBuilder> {
            (!self.gone.get()).then(|| ReconnectingBuilder::new("ws://template/"))
        }

        fn started(&self, sender: Option<ReconnectingSender>) {
            let line = format!("started: {}", sender.is_some());
            self.lines.borrow_mut().push(line);
        }

        fn event(&self, event: ConnectionEvent, state: ConnectionState) {
            let line = match event {
                ConnectionEvent::AttemptFailed { attempt, .. } => {
                    format!("attempt {attempt} failed")
                }
                other => other.to_string(),
            };
            self.lines.borrow_mut().push(format!("{line} ({state})"));
        }

        fn received(&self, item: wasm_websocket::Result<Message>) {
            self.lines.borrow_mut().push(format!("received: {item:?}"));
        }
    }

    /// The lines of a task given `commands`, after which the component
    /// goes away.
    fn run_with(log: &Log, open: bool, commands: Vec<Command>) -> Vec<String> {
        let (sender, receiver) = mpsc::unbounded();
        for command in commands {
            sender.unbounded_send(command).expect("the task listens");
        }
        drop(sender);
        block_on(run(log, "ws://hook/".into(), open, receiver));
        log.lines.take()
    }

    const FAILED_START: [&str; 2] = [
        "attempt 0 failed (stopped)",
        "stopped: the url or subprotocols are invalid, so no attempt can succeed (stopped)",
    ];

    #[test]
    fn an_immediate_start_that_cannot_work_is_reported_as_a_stop() {
        assert_eq!(run_with(&Log::default(), true, vec![]), FAILED_START);
    }

    #[test]
    fn without_immediate_nothing_starts_until_open() {
        assert!(run_with(&Log::default(), false, vec![]).is_empty());
        let log = Log::default();
        assert_eq!(run_with(&log, false, vec![Command::Open]), FAILED_START);
        let reconnect = run_with(&log, false, vec![Command::Reconnect]);
        assert_eq!(reconnect, FAILED_START);
    }

    #[test]
    fn a_new_url_alone_starts_nothing_after_a_failed_start() {
        let url = Command::Url("ws://elsewhere/".into());
        assert_eq!(run_with(&Log::default(), true, vec![url]), FAILED_START);
    }

    #[test]
    fn after_close_a_new_url_waits_for_open() {
        let commands = vec![
            Command::Close,
            Command::Url("ws://elsewhere/".into()),
            Command::Open,
        ];
        let lines = run_with(&Log::default(), true, commands);
        assert_eq!(lines, [FAILED_START, FAILED_START].concat());
    }

    #[test]
    fn nothing_starts_for_a_component_that_is_gone() {
        let log = Log::default();
        log.gone.set(true);
        assert!(run_with(&log, true, vec![Command::Open]).is_empty());
    }
}
