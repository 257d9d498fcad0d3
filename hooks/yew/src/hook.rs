//! [`use_websocket`] and its handle, [`UseWebSocketHandle`].

use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;

use futures::channel::mpsc::{self, UnboundedReceiver, UnboundedSender};
use wasm_websocket::codec::Codec;
use wasm_websocket::reconnect::{
    ConnectionEvent, ConnectionState, ReconnectingBuilder, ReconnectingSender, SendOutcome,
};
use wasm_websocket::{CloseCode, IntoCloseCode, Message, Result};
use wasm_websocket_hooks_core::{self as hooks_core, Command, Host};
use yew::prelude::*;

use crate::UseWebSocketOptions;

/// A WebSocket that belongs to the calling component: connects once the
/// component is mounted, reconnects after it drops, and closes with code
/// 1000 when the component goes away.
///
/// - A new `url` closes the socket, and the socket for the new URL starts
///   once the old connection has closed, so there are never two. A server
///   that does not answer the close within a second is given up on, and
///   the new socket starts then.
/// - Every value that arrives reaches the
///   [`on_message`](UseWebSocketOptions::with_on_message) callback, in
///   order, however many arrive at once; the handle's
///   [`message`](UseWebSocketHandle::message) is the latest, and the
///   component renders again when it changes.
/// - [`send`](UseWebSocketHandle::send) answers at once what became of the
///   value: [`Sent`](SendOutcome::Sent), [`Queued`](SendOutcome::Queued)
///   while reconnecting (it goes out after the reconnect), or handed back
///   ([`Rejected`](SendOutcome::Rejected), ...); a value the codec cannot
///   encode is an `Err`. Nothing is dropped without a word.
/// - Every option of the reconnecting socket is in
///   [`UseWebSocketOptions::with_builder`].
///
/// With server-side rendering the hook makes no socket: its effect runs
/// only in the browser. The state is `None` there, and `send` answers
/// [`Rejected`](SendOutcome::Rejected).
///
/// ```no_run
/// use yew::prelude::*;
/// use wasm_websocket_yew::{use_websocket, UseWebSocketOptions};
///
/// #[component]
/// fn Echo() -> Html {
///     let ws = use_websocket("ws://127.0.0.1:8787/echo", UseWebSocketOptions::new());
///     let send = { let ws = ws.clone(); move |_| { let _ = ws.send("hello"); } };
///     html! { <><button onclick={send}>{ "Send" }</button><p>{ ws.message().cloned() }</p></> }
/// }
/// ```
///
/// Typed values, every message kept (in a reducer), and the URL from a
/// prop:
///
/// ```no_run
/// use std::rc::Rc;
/// use yew::prelude::*;
/// use wasm_websocket::codec::Json;
/// use wasm_websocket_yew::{use_websocket, UseWebSocketOptions};
///
/// #[derive(Clone, PartialEq, serde::Serialize, serde::Deserialize)]
/// struct Chat { from: String, text: String }
///
/// #[derive(Default, PartialEq)]
/// struct Log(Vec<Chat>);
///
/// impl Reducible for Log {
///     type Action = Chat;
///     fn reduce(self: Rc<Self>, chat: Chat) -> Rc<Self> {
///         let mut log = self.0.clone();
///         log.push(chat);
///         Rc::new(Log(log))
///     }
/// }
///
/// #[derive(Properties, PartialEq)]
/// struct RoomProps { room: AttrValue }
///
/// #[component]
/// fn Room(RoomProps { room }: &RoomProps) -> Html {
///     let log = use_reducer(Log::default);
///     let options = {
///         let log = log.dispatcher();
///         UseWebSocketOptions::<Chat, _>::typed(Json).with_on_message(move |chat| log.dispatch(chat))
///     };
///     let chat = use_websocket(format!("wss://chat.example/rooms/{room}"), options);
///     let hello = {
///         let chat = chat.clone();
///         move |_| match chat.send(Chat { from: "ann".into(), text: "hi".into() }) {
///             Ok(outcome) if outcome.is_accepted() => {}
///             Ok(outcome) => web_sys::console::log_1(&format!("not sent: {outcome:?}").into()),
///             Err(error) => web_sys::console::log_1(&format!("cannot encode: {error}").into()),
///         }
///     };
///     html! {
///         <>
///             <p>{ chat.state().map(|state| state.to_string()) }</p>
///             <button onclick={hello}>{ "Say hi" }</button>
///             <ul>{ for log.0.iter().map(|c| html! { <li>{ format!("{}: {}", c.from, c.text) }</li> }) }</ul>
///         </>
///     }
/// }
/// ```
#[hook]
pub fn use_websocket<T, C>(
    url: impl Into<AttrValue>,
    options: UseWebSocketOptions<T, C>,
) -> UseWebSocketHandle<T, C>
where
    T: Clone + 'static,
    C: Codec<T> + 'static,
{
    let url: AttrValue = url.into();
    let view = use_reducer(Snapshot::<T>::default);
    let link = use_ref(Link::<T, C>::new);
    // The latest options, for the task and for `send`.
    link.options.replace(Some(options));

    {
        let link = Rc::clone(&link);
        let view = view.dispatcher();
        let url = url.clone();
        // Effects run after the component is in the page, and only in the
        // browser: this one once, at mount, and its teardown at unmount.
        use_effect_with((), move |_| {
            let immediate = link.options.borrow().as_ref().is_none_or(|o| o.immediate());
            if let Some(receiver) = link.receiver.take() {
                let host = YewHost {
                    link: Rc::clone(&link),
                    view,
                };
                let url = url.to_string();
                yew::platform::spawn_local(hooks_core::run(host, url, immediate, receiver));
            }
            move || {
                // The task closes the socket (1000) and ends. The options go
                // too: their callbacks may hold this handle, which holds them.
                link.commands.close_channel();
                link.options.take();
                link.live.take();
            }
        });
    }
    {
        let link = Rc::clone(&link);
        // The first run gives the task the URL it started with, which it
        // ignores.
        use_effect_with(url, move |url| {
            let _ = link.commands.unbounded_send(Command::Url(url.to_string()));
        });
    }

    UseWebSocketHandle { view, link }
}

/// What the handle and the task share.
struct Link<T, C: Codec<T>> {
    commands: UnboundedSender<Command>,
    /// The task's end of the channel, until the task starts.
    receiver: Cell<Option<UnboundedReceiver<Command>>>,
    /// The running socket's sender.
    live: RefCell<Option<ReconnectingSender>>,
    /// The options of the latest render; `None` once unmounted.
    options: RefCell<Option<UseWebSocketOptions<T, C>>>,
}

impl<T, C: Codec<T>> Link<T, C> {
    fn new() -> Self {
        let (commands, receiver) = mpsc::unbounded();
        Self {
            commands,
            receiver: Cell::new(Some(receiver)),
            live: RefCell::new(None),
            options: RefCell::new(None),
        }
    }
}

/// What the component renders from: the socket's state, the latest value
/// and the latest event.
#[derive(Debug, Clone, PartialEq)]
struct Snapshot<T> {
    state: Option<ConnectionState>,
    message: Option<T>,
    event: Option<ConnectionEvent>,
}

impl<T> Default for Snapshot<T> {
    fn default() -> Self {
        Self {
            state: None,
            message: None,
            event: None,
        }
    }
}

/// One change to a [`Snapshot`].
enum Update<T> {
    /// An event, and the state right after it.
    Event(ConnectionEvent, ConnectionState),
    Message(T),
}

impl<T: Clone> Reducible for Snapshot<T> {
    type Action = Update<T>;

    fn reduce(self: Rc<Self>, update: Update<T>) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        match update {
            Update::Event(event, state) => {
                next.state = Some(state);
                next.event = Some(event);
            }
            Update::Message(value) => next.message = Some(value),
        }
        Rc::new(next)
    }
}

/// The handle [`use_websocket`] returns: the socket's state, the latest
/// message and event (the component renders again when they change), and
/// its verbs. Clone it into callbacks.
pub struct UseWebSocketHandle<T: Clone + 'static, C: Codec<T> + 'static> {
    view: UseReducerHandle<Snapshot<T>>,
    link: Rc<Link<T, C>>,
}

impl<T: Clone, C: Codec<T>> Clone for UseWebSocketHandle<T, C> {
    fn clone(&self) -> Self {
        Self {
            view: self.view.clone(),
            link: Rc::clone(&self.link),
        }
    }
}

/// Equal when they are handles of the same hook showing the same values,
/// so that a handle passed down as a prop renders the child again when
/// something changed.
impl<T: Clone + PartialEq, C: Codec<T>> PartialEq for UseWebSocketHandle<T, C> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.link, &other.link) && self.view == other.view
    }
}

impl<T, C> UseWebSocketHandle<T, C>
where
    T: Clone + 'static,
    C: Codec<T> + 'static,
{
    /// The socket's [`ConnectionState`]: `None` before the first socket
    /// starts (on the server, before the component's effects ran, or with
    /// [`immediate`](UseWebSocketOptions::with_immediate) off), then the
    /// state after each event; `Closed` after [`close`](Self::close).
    pub fn state(&self) -> Option<ConnectionState> {
        self.view.state
    }

    /// The latest value that arrived (`None` before the first). Every one
    /// of them goes to the [`on_message`](UseWebSocketOptions::with_on_message)
    /// callback.
    pub fn message(&self) -> Option<&T> {
        self.view.message.as_ref()
    }

    /// The latest [`ConnectionEvent`] (`None` before the first). Every one
    /// of them goes to the [`on_event`](UseWebSocketOptions::with_on_event)
    /// callback.
    pub fn event(&self) -> Option<&ConnectionEvent> {
        self.view.event.as_ref()
    }

    /// Sends `value` now if the connection is open, or queues it while the
    /// socket reconnects (it goes out, in order, after the next open), and
    /// says which; a value that can be neither is handed back in the
    /// outcome ([`Rejected`](SendOutcome::Rejected): the queue is full, or
    /// there is no socket: closed, not started, on the server). An `Err` is
    /// a value the codec could not encode; nothing was sent.
    ///
    /// Used after its component has gone, it answers
    /// [`Failed`](SendOutcome::Failed) with
    /// [`Error::AlreadyClosed`](wasm_websocket::Error::AlreadyClosed) (and
    /// an empty message: the codec went with the component).
    pub fn send(&self, value: impl Into<T>) -> std::result::Result<SendOutcome, C::Error> {
        let value = value.into();
        match self.link.options.borrow().as_ref() {
            Some(options) => {
                hooks_core::send(options.codec(), self.link.live.borrow().as_ref(), &value)
            }
            None => Ok(hooks_core::send_after_unmount()),
        }
    }

    /// Starts the socket if there is none (with
    /// [`immediate`](UseWebSocketOptions::with_immediate) off, or after
    /// [`close`](Self::close)), or starts it again if it gave up or was
    /// stopped by its policy. Does nothing while it connects, is open or
    /// waits to retry.
    pub fn open(&self) {
        let _ = self.link.commands.unbounded_send(Command::Open);
    }

    /// Connects now: as [`open`](Self::open), and also skips a backoff wait
    /// in progress.
    pub fn reconnect(&self) {
        let _ = self.link.commands.unbounded_send(Command::Reconnect);
    }

    /// Closes the socket for good with code 1000: messages still queued come
    /// back in a [`ConnectionEvent::Unsent`], the state becomes `Closed`,
    /// and no socket starts again (also not for a new URL) until
    /// [`open`](Self::open) or [`reconnect`](Self::reconnect). Fails with
    /// [`Error::AlreadyClosed`](wasm_websocket::Error::AlreadyClosed) if
    /// there is no socket to close.
    pub fn close(&self) -> Result<()> {
        self.close_with(CloseCode::NORMAL, "")
    }

    /// Closes as [`close`](Self::close) does, with this code (1000 or
    /// 3000-4999) and reason (at most 123 UTF-8 bytes); anything else is
    /// refused, and nothing is closed.
    pub fn close_with(&self, code: impl IntoCloseCode, reason: &str) -> Result<()> {
        let live = self.link.live.borrow();
        hooks_core::close(live.as_ref(), &self.link.commands, code, reason)
    }
}

impl<T: Clone + fmt::Debug, C: Codec<T>> fmt::Debug for UseWebSocketHandle<T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UseWebSocketHandle")
            .field("state", &self.view.state)
            .field("message", &self.view.message)
            .field("event", &self.view.event)
            .finish_non_exhaustive()
    }
}

/// The component's side of the task: its reducer, and the latest options.
struct YewHost<T: Clone + 'static, C: Codec<T> + 'static> {
    link: Rc<Link<T, C>>,
    view: UseReducerDispatcher<Snapshot<T>>,
}

impl<T, C> Host for YewHost<T, C>
where
    T: Clone + 'static,
    C: Codec<T> + 'static,
{
    fn template(&self) -> Option<ReconnectingBuilder> {
        self.link
            .options
            .borrow()
            .as_ref()
            .map(|o| o.builder().clone())
    }

    fn started(&self, sender: Option<ReconnectingSender>) {
        self.link.live.replace(sender);
    }

    fn event(&self, event: ConnectionEvent, state: ConnectionState) {
        let on_event = self
            .link
            .options
            .borrow()
            .as_ref()
            .and_then(|o| o.on_event().cloned());
        if let Some(on_event) = on_event {
            on_event(&event);
        }
        self.view.dispatch(Update::Event(event, state));
    }

    fn received(&self, item: Result<Message>) {
        // Taken out of the options first: a callback may render the
        // component, which replaces them.
        let (decoded, on_message, on_error) = {
            let options = self.link.options.borrow();
            let Some(options) = options.as_ref() else {
                return;
            };
            (
                hooks_core::decode(options.codec(), item),
                options.on_message().cloned(),
                options.on_error().cloned(),
            )
        };
        match decoded {
            Ok(value) => {
                if let Some(on_message) = on_message {
                    on_message(value.clone());
                }
                self.view.dispatch(Update::Message(value));
            }
            Err(error) => match on_error {
                Some(on_error) => on_error(error),
                None => hooks_core::warn_unhandled(&error),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use wasm_websocket::reconnect::ConnectionEvent;

    use super::*;

    fn apply(snapshot: Snapshot<String>, updates: Vec<Update<String>>) -> Rc<Snapshot<String>> {
        updates
            .into_iter()
            .fold(Rc::new(snapshot), |snapshot, update| {
                snapshot.reduce(update)
            })
    }

    #[test]
    fn an_event_sets_the_state_and_keeps_the_latest_message() {
        let snapshot = apply(
            Snapshot::default(),
            vec![
                Update::Message("a".into()),
                Update::Event(ConnectionEvent::Open, ConnectionState::Open),
            ],
        );
        assert_eq!(snapshot.state, Some(ConnectionState::Open));
        assert_eq!(snapshot.event, Some(ConnectionEvent::Open));
        assert_eq!(snapshot.message.as_deref(), Some("a"));
    }

    #[test]
    fn a_message_replaces_the_latest_and_keeps_the_state() {
        let snapshot = apply(
            Snapshot::default(),
            vec![
                Update::Event(ConnectionEvent::Open, ConnectionState::Open),
                Update::Message("a".into()),
                Update::Message("b".into()),
            ],
        );
        assert_eq!(snapshot.state, Some(ConnectionState::Open));
        assert_eq!(snapshot.event, Some(ConnectionEvent::Open));
        assert_eq!(snapshot.message.as_deref(), Some("b"));
    }

    #[test]
    fn nothing_is_known_before_the_first_event() {
        let snapshot = Snapshot::<String>::default();
        assert_eq!(snapshot.state, None);
        assert_eq!(snapshot.message, None);
        assert_eq!(snapshot.event, None);
    }
}
