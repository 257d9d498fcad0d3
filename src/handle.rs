//! The methods every handle of one browser socket shares:
//! [`WebSocket`](crate::WebSocket), [`WebSocketSender`](crate::WebSocketSender)
//! and [`WebSocketReceiver`](crate::WebSocketReceiver) all answer the same
//! questions (url, state, ...) and can all close the connection, so these
//! are written once, here, and stamped onto each handle by
//! [`connection_methods!`]; the sending methods, which the socket and its
//! sending half share, by [`sending_methods!`].
//!
//! A macro rather than a trait: a trait would make users import it before
//! calling `ws.url()`, and would put these methods behind a name that
//! explains nothing. Each handle only has to provide
//! `fn connection(&self) -> &Rc<Connection>` (and, for sending,
//! `fn sending(&mut self) -> (&Rc<Connection>, &mut DrainWait)`).

/// The methods every handle has. Examples use [`WebSocket`](crate::WebSocket);
/// the halves behave the same.
macro_rules! connection_methods {
    () => {
        /// The browser's `WebSocket`, for anything this crate does not
        /// cover; `None` on the [stream backend](crate::Backend::Stream),
        /// which has none.
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
        /// assert_eq!(ws.as_raw().map(|raw| raw.ready_state()), Some(web_sys::WebSocket::OPEN));
        /// # Ok(())
        /// # }
        /// ```
        pub fn as_raw(&self) -> Option<&web_sys::WebSocket> {
            self.connection().raw()
        }

        /// Which backend carries the connection: never
        /// [`Backend::Auto`](crate::Backend::Auto), the choice is made when
        /// connecting.
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// use wasm_websocket::{Backend, WebSocket};
        /// let ws = WebSocket::builder("ws://127.0.0.1:8787/echo").with_backend(Backend::Auto).connect().await?;
        /// assert!(matches!(ws.backend(), Backend::Classic | Backend::Stream));
        /// # Ok(())
        /// # }
        /// ```
        pub fn backend(&self) -> $crate::Backend {
            if self.connection().is_stream() {
                $crate::Backend::Stream
            } else {
                $crate::Backend::Classic
            }
        }

        /// Where the connection is in its life (`readyState`).
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
        /// assert_eq!(ws.state(), wasm_websocket::ReadyState::Open);
        /// # Ok(())
        /// # }
        /// ```
        pub fn state(&self) -> $crate::ReadyState {
            self.connection().state()
        }

        /// The URL as the browser resolved it (`url`).
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
        /// assert_eq!(ws.url(), "ws://127.0.0.1:8787/echo");
        /// # Ok(())
        /// # }
        /// ```
        pub fn url(&self) -> String {
            self.connection().url()
        }

        /// The subprotocol the server chose (`protocol`), empty if none.
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::WebSocket::builder("ws://127.0.0.1:8787/echo")
        ///     .with_protocols(["chat.v2", "chat.v1"])
        ///     .connect()
        ///     .await?;
        /// assert_eq!(ws.protocol(), "chat.v2");
        /// # Ok(())
        /// # }
        /// ```
        pub fn protocol(&self) -> String {
            self.connection().protocol()
        }

        /// The extensions the server chose (`extensions`), such as
        /// `permessage-deflate`; empty if none.
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/deflate/echo").await?;
        /// assert!(ws.extensions().contains("permessage-deflate"));
        /// # Ok(())
        /// # }
        /// ```
        pub fn extensions(&self) -> String {
            self.connection().extensions()
        }

        /// How the browser hands over binary messages (`binaryType`);
        /// always `ArrayBuffer` on the stream backend.
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
        /// assert_eq!(ws.binary_type(), wasm_websocket::BinaryType::ArrayBuffer);
        /// # Ok(())
        /// # }
        /// ```
        pub fn binary_type(&self) -> $crate::BinaryType {
            self.connection().binary_type()
        }

        /// Changes how the browser hands over binary messages from now on.
        /// The stream yields bytes either way, and messages keep their order
        /// across the change. The stream backend has no Blob mode: there
        /// this does nothing.
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// use wasm_websocket::BinaryType;
        /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
        /// ws.set_binary_type(BinaryType::Blob);
        /// assert_eq!(ws.binary_type(), BinaryType::Blob);
        /// # Ok(())
        /// # }
        /// ```
        pub fn set_binary_type(&self, binary_type: $crate::BinaryType) {
            self.connection().set_binary_type(binary_type);
        }

        /// Bytes handed to the browser but not yet to the network
        /// (`bufferedAmount`).
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
        /// assert_eq!(ws.buffered_amount(), 0);
        /// # Ok(())
        /// # }
        /// ```
        pub fn buffered_amount(&self) -> u64 {
            self.connection().buffered_amount()
        }

        /// Starts a normal close (code 1000, no reason) and returns at once;
        /// await [`closed`](Self::closed) for the outcome. Fails with
        /// [`Error::AlreadyClosed`](crate::Error::AlreadyClosed) if the
        /// connection is closing or closed already.
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
        /// ws.close()?;
        /// assert_eq!(ws.close(), Err(wasm_websocket::Error::AlreadyClosed));
        /// assert_eq!(ws.closed().await.code, 1000);
        /// # Ok(())
        /// # }
        /// ```
        pub fn close(&self) -> $crate::Result<()> {
            self.connection().close($crate::CloseCode::NORMAL, "")
        }

        /// Starts a close with a code and a reason, both checked first: the
        /// code must be 1000 or 3000-4999
        /// ([`Error::InvalidCloseCode`](crate::Error::InvalidCloseCode)), the
        /// reason at most 123 UTF-8 bytes
        /// ([`Error::CloseReasonTooLong`](crate::Error::CloseReasonTooLong)).
        /// Takes a [`CloseCode`](crate::CloseCode) or a plain integer.
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// use wasm_websocket::{CloseCode, Error};
        ///
        /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
        /// assert_eq!(ws.close_with(1001, "going"), Err(Error::InvalidCloseCode(1001)));
        /// ws.close_with(CloseCode::NORMAL, "bye")?;
        /// assert_eq!(ws.closed().await.reason, "bye");
        /// # Ok(())
        /// # }
        /// ```
        pub fn close_with(
            &self,
            code: impl $crate::IntoCloseCode,
            reason: &str,
        ) -> $crate::Result<()> {
            self.connection().close(code, reason)
        }

        /// A future of the close event: it resolves once the connection has
        /// closed, however that happened (at once if it has). It owns what
        /// it needs, so it can be moved into a task or raced with the
        /// message stream in `select!`. It does not keep the connection
        /// open: dropping the last handle closes it (code 1000), and the
        /// future then resolves with that close event.
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/close?code=4001&reason=done").await?;
        /// let closed = ws.closed().await;
        /// assert_eq!((closed.code, closed.reason.as_str(), closed.was_clean), (4001, "done", true));
        /// # Ok(())
        /// # }
        /// ```
        pub fn closed(&self) -> $crate::Closed {
            $crate::Closed::new(self.connection().status().clone())
        }

        /// The close event, if the connection has closed.
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
        /// assert_eq!(ws.close_event(), None);
        /// # Ok(())
        /// # }
        /// ```
        pub fn close_event(&self) -> Option<$crate::CloseEvent> {
            self.connection().close_event()
        }

        /// Calls `callback` on every `open` event until the listener is
        /// dropped. This and the other `on_*` methods are the classic
        /// socket's events: `None` on the stream backend, which has none
        /// (its open and close are the [`Connecting`](crate::Connecting) and
        /// [`closed`](Self::closed) futures).
        ///
        /// ```no_run
        /// # fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::WebSocket::builder("ws://127.0.0.1:8787/echo").start()?;
        /// let opened = std::rc::Rc::new(std::cell::Cell::new(false));
        /// let flag = opened.clone();
        /// let listener = ws.on_open(move |_event| flag.set(true));
        /// # drop(listener);
        /// # Ok(())
        /// # }
        /// ```
        pub fn on_open(
            &self,
            callback: impl FnMut(web_sys::Event) + 'static,
        ) -> Option<$crate::EventListener> {
            Some($crate::EventListener::new(self.as_raw()?, "open", callback))
        }

        /// Calls `callback` with every `message` event until the listener is
        /// dropped. This is the raw event: its data is a string, an
        /// `ArrayBuffer` or a `Blob` as the browser delivered it.
        ///
        /// While a listener made here lives, messages go to the listeners
        /// only: the message stream does not get them, and nothing is held
        /// for it, so a socket used through callbacks alone never reaches
        /// [`max_unread`](crate::WebSocketBuilder::with_max_unread).
        /// Messages that arrived before the first listener stay queued for
        /// the stream; once the last listener is dropped, messages are
        /// queued for the stream again. A message over
        /// [`max_message_size`](crate::WebSocketBuilder::with_max_message_size)
        /// still closes the connection with 3009 (the listeners get that
        /// message, as the browser delivered it, and nothing after it).
        /// Listeners added to [`as_raw`](Self::as_raw) directly are not
        /// counted: they see every message beside the stream.
        ///
        /// ```no_run
        /// # fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::WebSocket::builder("ws://127.0.0.1:8787/echo").start()?;
        /// let listener = ws.on_message(|event| assert!(!event.data().is_undefined()));
        /// # drop(listener);
        /// # Ok(())
        /// # }
        /// ```
        pub fn on_message(
            &self,
            callback: impl FnMut(web_sys::MessageEvent) + 'static,
        ) -> Option<$crate::EventListener> {
            let listener =
                $crate::EventListener::typed(self.as_raw()?, "message", "data", callback);
            Some(self.connection().count_message_listener(listener))
        }

        /// Calls `callback` with the close event until the listener is
        /// dropped.
        ///
        /// ```no_run
        /// # fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::WebSocket::builder("ws://127.0.0.1:8787/echo").start()?;
        /// let listener = ws.on_close(|close| assert!(close.code >= 1000));
        /// # drop(listener);
        /// # Ok(())
        /// # }
        /// ```
        pub fn on_close(
            &self,
            mut callback: impl FnMut($crate::CloseEvent) + 'static,
        ) -> Option<$crate::EventListener> {
            Some($crate::EventListener::typed(
                self.as_raw()?,
                "close",
                "code",
                move |event: web_sys::CloseEvent| callback($crate::CloseEvent::from_raw(&event)),
            ))
        }

        /// Calls `callback` on every `error` event until the listener is
        /// dropped. The browser gives no detail in it (on purpose); the close
        /// event that always follows has the code.
        ///
        /// ```no_run
        /// # fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::WebSocket::builder("ws://127.0.0.1:8787/refuse").start()?;
        /// let listener = ws.on_error(|event| assert_eq!(event.type_(), "error"));
        /// # drop(listener);
        /// # Ok(())
        /// # }
        /// ```
        pub fn on_error(
            &self,
            callback: impl FnMut(web_sys::Event) + 'static,
        ) -> Option<$crate::EventListener> {
            Some($crate::EventListener::new(
                self.as_raw()?,
                "error",
                callback,
            ))
        }

        /// This handle seen through `codec`: a `Stream` of decoded `T`
        /// values and a `Sink` of `T`, with the handle's own backpressure;
        /// see [`Typed`](crate::codec::Typed) for what each error means.
        /// The handle stays at hand through `get_ref` and `into_parts`.
        ///
        /// ```no_run
        /// # #[cfg(feature = "json")]
        /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
        /// use futures::{SinkExt, StreamExt};
        /// use wasm_websocket::{codec::Json, WebSocket};
        ///
        /// #[derive(serde::Serialize, serde::Deserialize)]
        /// struct Chat { text: String }
        ///
        /// let ws = WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
        /// let mut chat = ws.typed::<Chat>(Json);
        /// chat.send(Chat { text: "hi".into() }).await?;
        /// let echoed = chat.next().await.transpose()?;
        /// assert_eq!(echoed.map(|chat| chat.text), Some("hi".to_owned()));
        /// # Ok(())
        /// # }
        /// ```
        pub fn typed<T>(
            self,
            codec: impl $crate::codec::Codec<T> + Unpin,
        ) -> $crate::codec::Typed<T, Self, impl $crate::codec::Codec<T> + Unpin> {
            $crate::codec::Typed::new(self, codec)
        }
    };
}

/// The sending methods of [`WebSocket`](crate::WebSocket) and
/// [`WebSocketSender`](crate::WebSocketSender).
macro_rules! sending_methods {
    () => {
        /// Sends a message once the browser's buffer is below the
        /// high-water mark (waiting for the socket to open first), and
        /// resolves when the browser has taken it. Use
        /// [`drained`](Self::drained) to wait until it has reached the
        /// network.
        ///
        /// Fails with [`Error::AlreadyClosed`](crate::Error::AlreadyClosed)
        /// once the socket is closing or closed, where the browser would
        /// drop the message without a word. `SinkExt::send` does the same
        /// (through [`Sink`](futures_sink::Sink)).
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// let mut ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
        /// ws.send("text").await?;
        /// ws.send(vec![1u8, 2, 3]).await?;
        /// ws.close()?;
        /// assert_eq!(ws.send("late").await, Err(wasm_websocket::Error::AlreadyClosed));
        /// # Ok(())
        /// # }
        /// ```
        pub async fn send(&mut self, message: impl Into<$crate::Message>) -> $crate::Result<()> {
            let message = message.into();
            let (connection, drain) = self.sending();
            std::future::poll_fn(|cx| drain.poll_ready(connection, cx)).await?;
            connection.send_message(&message)
        }

        /// Sends a message now, whatever the browser's buffer holds. Fails
        /// with [`Error::NotYetOpen`](crate::Error::NotYetOpen) while
        /// connecting and [`Error::AlreadyClosed`](crate::Error::AlreadyClosed)
        /// once closing: never a silent discard.
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
        /// ws.try_send("now")?;
        /// ws.close()?;
        /// assert_eq!(ws.try_send("late"), Err(wasm_websocket::Error::AlreadyClosed));
        /// # Ok(())
        /// # }
        /// ```
        pub fn try_send(&self, message: impl Into<$crate::Message>) -> $crate::Result<()> {
            self.connection().send_message(&message.into())
        }

        /// Sends a `Blob` now as one binary message, as the browser sends it
        /// (its bytes never pass through wasm memory); fails like
        /// [`try_send`](Self::try_send). The stream backend cannot send a
        /// Blob without reading it: there this fails with
        /// [`Error::Unsupported`](crate::Error::Unsupported).
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
        /// let blob = web_sys::Blob::new().expect("an empty blob");
        /// ws.try_send_blob(&blob)?;
        /// # Ok(())
        /// # }
        /// ```
        pub fn try_send_blob(&self, blob: &web_sys::Blob) -> $crate::Result<()> {
            self.connection().send_blob(blob)
        }

        /// Sends an `ArrayBuffer` now as one binary message; fails like
        /// [`try_send`](Self::try_send).
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
        /// ws.try_send_array_buffer(&js_sys::ArrayBuffer::new(8))?;
        /// # Ok(())
        /// # }
        /// ```
        pub fn try_send_array_buffer(&self, buffer: &js_sys::ArrayBuffer) -> $crate::Result<()> {
            self.connection().send_array_buffer(buffer)
        }

        /// Sends the bytes a `Uint8Array` views now as one binary message
        /// (a view of shared memory is copied first, as the browser refuses
        /// those); fails like [`try_send`](Self::try_send).
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
        /// ws.try_send_uint8_array(&js_sys::Uint8Array::from(&[1u8, 2, 3][..]))?;
        /// # Ok(())
        /// # }
        /// ```
        pub fn try_send_uint8_array(&self, array: &js_sys::Uint8Array) -> $crate::Result<()> {
            self.connection().send_uint8_array(array)
        }

        /// A future that resolves once everything sent has left the browser
        /// for the network (`bufferedAmount` is 0), and fails with
        /// [`Error::Unsent`](crate::Error::Unsent) if the connection closed
        /// first. The browser has no event for this, so the future looks at
        /// `bufferedAmount` on a short timer while it waits. It owns what it
        /// needs, like [`closed`](Self::closed), and like it does not keep
        /// the connection open: if the last handle is dropped while it
        /// waits, the connection closes (code 1000) at once, and it resolves
        /// to `Ok(())` if the buffer emptied before the close and to
        /// `Unsent` otherwise.
        ///
        /// This is not the `Sink`'s flush: `poll_flush` only means "handed to
        /// the browser", which every send already is.
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// let mut ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
        /// ws.send(vec![7u8; 4 << 20]).await?;
        /// ws.drained().await?;
        /// assert_eq!(ws.buffered_amount(), 0);
        /// # Ok(())
        /// # }
        /// ```
        pub fn drained(&self) -> $crate::Drained {
            $crate::Drained::new(self.connection().status().clone())
        }

        /// A `Send + Sync` handle for sending on this connection from code
        /// that requires it (a Leptos signal or action, say); see
        /// [`SyncWebSocketSender`](crate::SyncWebSocketSender). Each call
        /// starts a small task on this thread that serves that handle and
        /// its clones.
        ///
        /// ```no_run
        /// # async fn run() -> Result<(), wasm_websocket::Error> {
        /// let ws = wasm_websocket::WebSocket::connect("ws://127.0.0.1:8787/echo").await?;
        /// fn needs_send_sync<T: Clone + Send + Sync + 'static>(_: T) {}
        /// needs_send_sync(ws.sync_sender());
        /// # Ok(())
        /// # }
        /// ```
        pub fn sync_sender(&self) -> $crate::SyncWebSocketSender {
            $crate::SyncWebSocketSender::spawn(self.connection().clone())
        }
    };
}

pub(crate) use {connection_methods, sending_methods};
