//! [`use_websocket`] and its handle, [`UseWebSocket`].

use std::fmt;

use futures::channel::mpsc::{self, UnboundedSender};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_websocket::codec::Codec;
use wasm_websocket::reconnect::{
    ConnectionEvent, ConnectionState, ReconnectingBuilder, ReconnectingSender, SendOutcome,
};
use wasm_websocket::{CloseCode, Error, IntoCloseCode, Message, Result};
use wasm_websocket_hooks_core::{self as hooks_core, Command, Host};
use wasm_websocket_hooks_core::{OnError, OnEvent, OnMessage, UseWebSocketParts};

use crate::UseWebSocketOptions;

/// A WebSocket that belongs to the calling component: connects once the
/// component is mounted, reconnects after it drops, and closes with code
/// 1000 when the component goes away.
///
/// - `url` may be a signal: a new URL closes the socket, and the socket for
///   the new URL starts once the old connection has closed, so there are
///   never two. A server that does not answer the close within a second is
///   given up on, and the new socket starts then.
/// - Every value that arrives reaches the
///   [`on_message`](UseWebSocketOptions::with_on_message) callback, in
///   order, however many arrive at once; the handle's
///   [`message`](UseWebSocket::message) signal holds the latest.
/// - [`send`](UseWebSocket::send) answers at once what became of the value:
///   [`Sent`](SendOutcome::Sent), [`Queued`](SendOutcome::Queued) while
///   reconnecting (it goes out after the reconnect), or handed back
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
/// use leptos::prelude::*;
/// use wasm_websocket_leptos::{use_websocket, UseWebSocketOptions};
///
/// #[component]
/// fn Echo() -> impl IntoView {
///     let ws = use_websocket("ws://127.0.0.1:8787/echo", UseWebSocketOptions::new());
///     let send = move |_| { let _ = ws.send("hello"); };
///     view! { <button on:click=send>"Send"</button> <p>{move || ws.message().get()}</p> }
/// }
/// ```
///
/// Typed values, every message kept, and the URL as a signal:
///
/// ```no_run
/// use leptos::prelude::*;
/// use wasm_websocket::codec::Json;
/// use wasm_websocket_leptos::{use_websocket, UseWebSocketOptions};
///
/// #[derive(Clone, serde::Serialize, serde::Deserialize)]
/// struct Chat { from: String, text: String }
///
/// #[component]
/// fn Room(room: Signal<String>) -> impl IntoView {
///     let log = RwSignal::new(Vec::<Chat>::new());
///     let url = Signal::derive(move || format!("wss://chat.example/rooms/{}", room.get()));
///     let chat = use_websocket(
///         url,
///         UseWebSocketOptions::<Chat, _>::typed(Json)
///             .with_on_message(move |chat| log.update(|log| log.push(chat))),
///     );
///     let hello = move |_| {
///         match chat.send(Chat { from: "ann".into(), text: "hi".into() }) {
///             Ok(outcome) if outcome.is_accepted() => {}
///             Ok(outcome) => leptos::logging::warn!("not sent: {outcome:?}"),
///             Err(error) => leptos::logging::warn!("cannot encode: {error}"),
///         }
///     };
///     view! {
///         <p>{move || chat.state().get().map(|state| state.to_string())}</p>
///         <button on:click=hello>"Say hi"</button>
///         <ul>{move || log.get().into_iter().map(|c| view! { <li>{c.from}": "{c.text}</li> }).collect_view()}</ul>
///     }
/// }
/// ```
pub fn use_websocket<T, C>(
    url: impl Into<Signal<String>>,
    options: UseWebSocketOptions<T, C>,
) -> UseWebSocket<T, C>
where
    T: Clone + Send + Sync + 'static,
    C: Codec<T> + Send + Sync + 'static,
{
    let url = url.into();
    let (state, set_state) = signal(None);
    let (message, set_message) = signal(None);
    let (event, set_event) = signal(None);
    let (commands, receiver) = mpsc::unbounded();
    let UseWebSocketParts {
        builder,
        codec,
        immediate,
        on_message,
        on_event,
        on_error,
        ..
    } = options.into_parts();
    let link = StoredValue::new(Link {
        codec,
        commands: commands.clone(),
        live: None,
    });
    let host = LeptosHost {
        builder,
        link,
        set_state,
        set_message,
        set_event,
        on_message,
        on_event,
        on_error,
    };

    // Effects run after the component is mounted, and only in the browser:
    // the first run starts the socket's task, later ones (the URL signal
    // changed) hand it the new URL.
    let mut task = Some((host, receiver));
    let url_commands = commands.clone();
    Effect::new(move |_| {
        let url = url.get();
        match task.take() {
            Some((host, receiver)) => {
                leptos::task::spawn_local(hooks_core::run(host, url, immediate, receiver));
            }
            None => {
                let _ = url_commands.unbounded_send(Command::Url(url));
            }
        }
    });
    // The component goes away: the task closes the socket (1000) and ends.
    on_cleanup(move || commands.close_channel());

    UseWebSocket {
        state: state.into(),
        message: message.into(),
        event: event.into(),
        link,
    }
}

/// What the handle and the task share.
struct Link<C> {
    codec: C,
    commands: UnboundedSender<Command>,
    /// The running socket's sender. Set only in the browser, where there
    /// is one thread, so the wrapper is never touched from another; on a
    /// server it stays `None`.
    live: Option<SendWrapper<ReconnectingSender>>,
}

/// The handle [`use_websocket`] returns: the socket's state, the latest
/// message and event as signals, and its verbs. It is `Copy`, `Send` and
/// `Sync`, for use in any closure of the component.
pub struct UseWebSocket<T: Send + Sync + 'static, C: Send + Sync + 'static> {
    state: Signal<Option<ConnectionState>>,
    message: Signal<Option<T>>,
    event: Signal<Option<ConnectionEvent>>,
    link: StoredValue<Link<C>>,
}

impl<T: Send + Sync, C: Send + Sync> Clone for UseWebSocket<T, C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync, C: Send + Sync> Copy for UseWebSocket<T, C> {}

impl<T, C> UseWebSocket<T, C>
where
    T: Clone + Send + Sync + 'static,
    C: Codec<T> + Send + Sync + 'static,
{
    /// The socket's [`ConnectionState`]: `None` before the first socket
    /// starts (before the component is mounted, on the server, or with
    /// [`immediate`](UseWebSocketOptions::with_immediate) off), then the
    /// state after each event; `Closed` after [`close`](Self::close).
    pub fn state(&self) -> Signal<Option<ConnectionState>> {
        self.state
    }

    /// The latest value that arrived (`None` before the first). Every one
    /// of them goes to the [`on_message`](UseWebSocketOptions::with_on_message)
    /// callback.
    pub fn message(&self) -> Signal<Option<T>> {
        self.message
    }

    /// The latest [`ConnectionEvent`] (`None` before the first). Every one
    /// of them goes to the [`on_event`](UseWebSocketOptions::with_on_event)
    /// callback.
    pub fn event(&self) -> Signal<Option<ConnectionEvent>> {
        self.event
    }

    /// Sends `value` now if the connection is open, or queues it while the
    /// socket reconnects (it goes out, in order, after the next open), and
    /// says which; a value that can be neither is handed back in the
    /// outcome ([`Rejected`](SendOutcome::Rejected): the queue is full, or
    /// there is no socket: closed, not started, on the server). An `Err` is
    /// a value the codec could not encode; nothing was sent.
    ///
    /// Used after its component has gone, it answers
    /// [`Failed`](SendOutcome::Failed) with [`Error::AlreadyClosed`] (and
    /// an empty message: the codec went with the component).
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use wasm_websocket::reconnect::SendOutcome;
    /// use wasm_websocket_leptos::{use_websocket, UseWebSocketOptions};
    ///
    /// # let owner = Owner::new();
    /// # owner.with(|| {
    /// let ws = use_websocket("ws://127.0.0.1:8787/echo", UseWebSocketOptions::new());
    /// match ws.send("hello") {
    ///     Ok(SendOutcome::Sent | SendOutcome::Queued) => {}
    ///     Ok(other) => leptos::logging::warn!("not sent: {other:?}"),
    ///     Err(error) => leptos::logging::warn!("cannot encode: {error}"),
    /// }
    /// # });
    /// ```
    pub fn send(&self, value: impl Into<T>) -> std::result::Result<SendOutcome, C::Error> {
        let value = value.into();
        self.link
            .try_with_value(|link| hooks_core::send(&link.codec, link.live.as_deref(), &value))
            .unwrap_or_else(|| Ok(hooks_core::send_after_unmount()))
    }

    /// Starts the socket if there is none (with
    /// [`immediate`](UseWebSocketOptions::with_immediate) off, or after
    /// [`close`](Self::close)), or starts it again if it gave up or was
    /// stopped by its policy. Does nothing while it connects, is open or
    /// waits to retry.
    pub fn open(&self) {
        self.command(Command::Open);
    }

    /// Connects now: as [`open`](Self::open), and also skips a backoff wait
    /// in progress.
    pub fn reconnect(&self) {
        self.command(Command::Reconnect);
    }

    /// Closes the socket for good with code 1000: messages still queued come
    /// back in a [`ConnectionEvent::Unsent`], the state becomes `Closed`,
    /// and no socket starts again (also not for a new URL) until
    /// [`open`](Self::open) or [`reconnect`](Self::reconnect). Fails with
    /// [`Error::AlreadyClosed`] if there is no socket to close.
    pub fn close(&self) -> Result<()> {
        self.close_with(CloseCode::NORMAL, "")
    }

    /// Closes as [`close`](Self::close) does, with this code (1000 or
    /// 3000-4999) and reason (at most 123 UTF-8 bytes); anything else is
    /// refused, and nothing is closed. Used after its component has gone,
    /// it fails with [`Error::AlreadyClosed`].
    pub fn close_with(&self, code: impl IntoCloseCode, reason: &str) -> Result<()> {
        self.link
            .try_with_value(|link| {
                hooks_core::close(link.live.as_deref(), &link.commands, code, reason)
            })
            .unwrap_or(Err(Error::AlreadyClosed))
    }

    fn command(&self, command: Command) {
        self.link.try_with_value(|link| {
            let _ = link.commands.unbounded_send(command);
        });
    }
}

impl<T: Send + Sync, C: Send + Sync> fmt::Debug for UseWebSocket<T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UseWebSocket").finish_non_exhaustive()
    }
}

/// The component's side of the task: its signals and callbacks.
struct LeptosHost<T: 'static, C: Codec<T> + 'static> {
    builder: ReconnectingBuilder,
    link: StoredValue<Link<C>>,
    set_state: WriteSignal<Option<ConnectionState>>,
    set_message: WriteSignal<Option<T>>,
    set_event: WriteSignal<Option<ConnectionEvent>>,
    on_message: Option<OnMessage<T>>,
    on_event: Option<OnEvent>,
    on_error: Option<OnError<C::Error>>,
}

impl<T, C> Host for LeptosHost<T, C>
where
    T: Clone + Send + Sync + 'static,
    C: Codec<T> + Send + Sync + 'static,
{
    fn template(&self) -> Option<ReconnectingBuilder> {
        Some(self.builder.clone())
    }

    fn started(&self, sender: Option<ReconnectingSender>) {
        self.link
            .try_update_value(|link| link.live = sender.map(SendWrapper::new));
    }

    fn event(&self, event: ConnectionEvent, state: ConnectionState) {
        self.set_state.try_set(Some(state));
        if let Some(on_event) = &self.on_event {
            on_event(&event);
        }
        self.set_event.try_set(Some(event));
    }

    fn received(&self, item: Result<Message>) {
        let Some(decoded) = self
            .link
            .try_with_value(|link| hooks_core::decode(&link.codec, item))
        else {
            return;
        };
        match decoded {
            Ok(value) => {
                self.set_message.try_set(Some(value.clone()));
                if let Some(on_message) = &self.on_message {
                    on_message(value);
                }
            }
            Err(error) => match &self.on_error {
                Some(on_error) => on_error(error),
                None => hooks_core::warn_unhandled(&error),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use wasm_websocket::codec::Codec;

    use super::UseWebSocket;
    use crate::{Raw, Text};

    fn assert_copy_send_sync<T: Copy + Send + Sync + 'static>() {}

    #[test]
    fn the_handle_goes_into_any_closure_of_a_component() {
        assert_copy_send_sync::<UseWebSocket<String, Text>>();
        assert_copy_send_sync::<UseWebSocket<wasm_websocket::Message, Raw>>();
        // A typed handle, whatever the codec's error type.
        struct Zero;
        impl Codec<u8> for Zero {
            type Error = std::fmt::Error;
            fn encode(&self, _: &u8) -> Result<wasm_websocket::Message, std::fmt::Error> {
                Ok(wasm_websocket::Message::binary([0]))
            }
            fn decode(&self, _: &wasm_websocket::Message) -> Result<u8, std::fmt::Error> {
                Ok(0)
            }
        }
        assert_copy_send_sync::<UseWebSocket<u8, Zero>>();
    }
}
