//! The TypeScript declarations of the package's classes. The classes are
//! JavaScript (`socket.js`, ...), which wasm-bindgen re-exports without
//! declaring them: their declarations, with their doc comments, are here,
//! as the macro `class_declarations!`, which `types.rs` appends to its
//! section (one section: its first line must open the declarations).

// Only wasm-bindgen's wasm32 expansion of the section uses it.
#[cfg_attr(not(target_arch = "wasm32"), allow(unused_macros))]
macro_rules! class_declarations {
    () => {
        r#"
/**
 * A WebSocket connection that comes back by itself after it drops, with
 * one long-lived handle: `send()` works across reconnects (queueing while
 * offline), and `for await` / `on("message")` get the messages of every
 * connection in order.
 *
 * ```js
 * const socket = new ReconnectingSocket("wss://example.com/feed", {
 *   backoff: { initialDelayMs: 500, maxDelayMs: 10_000 },
 *   retryLimits: { maxRetries: 20 },
 * });
 * socket.on("state", ({ state }) => console.log(state));
 * socket.send("subscribe");            // "sent", "queued" or "rejected"
 * for await (const message of socket) console.log(message);
 * ```
 *
 * It uses the same engine as the Rust `ReconnectingWebSocket`: the same
 * options, backoff, retry limits, policy and offline queue. It keeps
 * running until `close()`, `free()` or its `signal`. It is an
 * `EventTarget` with the platform's `WebSocket` shape (`readyState`,
 * `binaryType`, `onmessage`, `addEventListener`, ...), and takes the
 * constructor, option names and members of partysocket and
 * reconnecting-websocket (`retryCount`, `shouldReconnect`,
 * `drainQueuedMessages()`, `reconnect(code, reason)`).
 */
export class ReconnectingSocket extends EventTarget {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * `for await (const message of socket)`: the messages of every
     * connection, in order, until no connection will follow by itself
     * (after `close()`, a terminal close code, or giving up). Each loop
     * gets the messages that arrive while it runs (the first one also
     * those that came before any reader). `break` leaves the socket open.
     */
    [Symbol.asyncIterator](): AsyncIterator<string | Uint8Array, undefined>;
    /**
     * Closes for good with `code` (default 1000; otherwise 3000-4999) and
     * `reason`: the open connection is closed, a pending retry cancelled,
     * and the messages still queued are not sent: a `dropped` event with
     * reason `"unsent"` hands them back. Rejects with `InvalidCloseError`,
     * closing nothing, for a code or reason the browser would refuse.
     *
     * As the platform's `close()`: it starts at once (`readyState` is
     * `CLOSING` on return); if the socket was connecting or open, a `close`
     * event follows once closed (`readyState` `CLOSED` in its listeners):
     * how the open connection closed, or code 1006 if none was open. A
     * second call does nothing more. Resolves, once every event has been
     * delivered, to how the last connection closed (`{ code, reason,
     * wasClean }`; code 1006 if none ever opened); a second call to the
     * same. `reconnect()` starts it again.
     */
    close(code?: number, reason?: string): Promise<CloseInfo>;
    /**
     * `dispatchEvent(event)`: calls the listeners of `event.type`; `false`
     * if one called `preventDefault()` on a cancelable event.
     */
    dispatchEvent(event: Event): boolean;
    /**
     * Starts connecting to `url` at once. `url` is a string or `URL`, or a
     * function returning one (or a promise of one), asked before every
     * attempt (for a fresh token, say); if it throws or rejects, that
     * attempt fails and is retried with backoff.
     *
     * `options` (all optional; see `ReconnectingOptions`): `protocols` (or
     * a function asked before every attempt), `connectTimeoutMs`,
     * `backoff`, `retryLimits`, `policy`, `queue`, `maxUnread`, `onOpen`,
     * `heartbeat`, `idleTimeoutMs`, `pauseWhileOffline`,
     * `retryWhenVisible`, `startClosed`, `signal`, `WebSocket`, `debug`,
     * and the option names of partysocket and reconnecting-websocket
     * (`maxRetries`, `minReconnectionDelay`, ...).
     *
     * Throws a `TypeError` / `RangeError` for bad options (an unknown key
     * included), and `UnsupportedError` where there is no global
     * `WebSocket` and none was given.
     */
    constructor(url: ReconnectingUrl, options?: ReconnectingOptions);
    /**
     * The form of partysocket and reconnecting-websocket: the subprotocols
     * (a string, an array, `null` or `undefined` for none, or a function
     * asked before every attempt) before the options. Giving them here and
     * as the `protocols` option is a `TypeError`.
     */
    constructor(url: ReconnectingUrl, protocols?: ReconnectingProtocols | null, options?: ReconnectingOptions);
    /**
     * Connects now. While open: closes the connection with `code`
     * (default 1000; otherwise 3000-4999) and `reason`, and connects again
     * as soon as it has closed (`readyState` is `CLOSING` meanwhile; its
     * `close` event carries them). While waiting to retry, offline, after
     * giving up or a terminal close: starts an attempt now. After
     * `close()`: starts again, as a new connection (once the close has
     * finished), unless it was closed by its `signal` or `free()`. While
     * connecting: nothing, an attempt is under way. `retryCount` starts
     * from 0 again. Throws `InvalidCloseError` for a code or reason the
     * browser would refuse.
     */
    reconnect(code?: number, reason?: string): void;
    /**
     * Takes the messages waiting in the offline queue out of it and returns
     * them, oldest first, as they were given to `send()`: they will not be
     * sent (re-send them elsewhere). The queue can only be emptied by
     * starting the engine anew, with no events: an attempt under way or a
     * pending retry starts over at once; a socket waiting for
     * `reconnect()` (`startClosed`, gave up, stopped) keeps waiting.
     * Nothing happens while the queue is empty.
     */
    drainQueuedMessages(): OutgoingData[];
    /**
     * Sends `data` (a string, or bytes as a `Uint8Array`, another
     * `ArrayBufferView` or an `ArrayBuffer`) if a connection is open, else
     * puts it in the offline queue, to go out in order after the next open.
     *
     * Returns `"sent"`, `"queued"`, `"rejected"` (the queue is full, off or
     * the message too large, or the socket is closed) or `"dropped"` (the
     * queue is full and its `overflow` is `"drop-newest"`). Every message
     * that will not be sent, including older ones evicted by
     * `"drop-oldest"`, is also reported by a `dropped` event.
     *
     * A `Blob` is sent only while a connection is open (`"sent"`);
     * otherwise it throws `NotYetOpenError` (`AlreadyClosedError` once
     * closing): queueing it would mean reading it first, a promise that
     * would let later messages overtake it. Read it into bytes to queue it.
     */
    send(data: string | ArrayBufferView | ArrayBuffer | Blob): SendResult;
    /**
     * What binary messages are to `message` listeners of the WebSocket
     * shape: `"blob"` (the default, as on the platform) or
     * `"arraybuffer"`; anything else is a `TypeError`. `on("message")` and
     * `for await` give a `Uint8Array` either way.
     */
    binaryType: BinaryType;
    /**
     * Bytes handed to the open connection but not yet to the network; 0
     * while none is open (what waits for one is counted by `queued`).
     */
    readonly bufferedAmount: number;
    static readonly CLOSED: 3;
    static readonly CLOSING: 2;
    static readonly CONNECTING: 0;
    static readonly OPEN: 1;
    readonly CLOSED: 3;
    readonly CLOSING: 2;
    readonly CONNECTING: 0;
    /**
     * The extensions the open connection's server chose; `""` if none,
     * or while no connection is open.
     */
    readonly extensions: string;
    /**
     * The `close` listener of the WebSocket shape: a function, or
     * `null`; anything else is a `TypeError`.
     */
    onclose: ((this: ReconnectingSocket, event: CloseEvent) => any) | null;
    /**
     * The retry number of the current (or next) attempt: 0 for the first
     * connection and again after `reconnect()`, then 1, 2, ... through an
     * outage, as the backoff counts them.
     */
    readonly retryCount: number;
    /**
     * Whether it will connect again by itself when a connection ends or an
     * attempt fails: `false` after `close()`, a terminal close or
     * `shouldReconnect` saying no, giving up, and with `startClosed` until
     * `reconnect()`.
     */
    readonly shouldReconnect: boolean;
    /**
     * The `error` listener of the WebSocket shape: a function, or
     * `null`; anything else is a `TypeError`.
     */
    onerror: ((this: ReconnectingSocket, event: Event) => any) | null;
    /**
     * The `message` listener of the WebSocket shape: a function, or
     * `null`; anything else is a `TypeError`.
     */
    onmessage: ((this: ReconnectingSocket, event: MessageEvent) => any) | null;
    /**
     * The `open` listener of the WebSocket shape: a function, or
     * `null`; anything else is a `TypeError`.
     */
    onopen: ((this: ReconnectingSocket, event: Event) => any) | null;
    readonly OPEN: 1;
    /**
     * The subprotocol the open connection's server chose; `""` if none,
     * or while no connection is open.
     */
    readonly protocol: string;
    /**
     * Messages waiting in the offline queue.
     */
    readonly queued: number;
    /**
     * The state as a number, as on the platform's `WebSocket`: `OPEN` (1)
     * while a connection is open, `CONNECTING` (0) while it connects or
     * waits to retry, `CLOSING` (2) between `close()` (or `reconnect(code,
     * reason)`) and the close, `CLOSED` (3) once closed, gave up or
     * stopped, and in the listeners of every `close` event.
     */
    readonly readyState: 0 | 1 | 2 | 3;
    /**
     * Where it is: `"connecting"`, `"open"`, `"waiting"` (for the backoff
     * timer), `"offline"` (waiting for the browser's `online` event),
     * `"gave-up"`, `"stopped"` (a terminal close), `"closed"` or
     * `"suspended"` (the page is in the back/forward cache).
     */
    readonly state: ReconnectingState;
    /**
     * The open connection's URL as the runtime resolved it; before one
     * opened, the URL given (`""` for a URL function).
     */
    readonly url: string;
}

/**
 * An async iterator over a socket's messages (`string` or `Uint8Array`),
 * made by `socket[Symbol.asyncIterator]()`; `for await` uses it for you.
 */
export class MessageIterator {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Resolves to `{ value: message, done: false }`, or to
     * `{ value: undefined, done: true }` once there are no more messages.
     */
    next(): Promise<IteratorResult<string | Uint8Array, undefined>>;
    /**
     * Called by `for await` when the loop is left early: stops this
     * iterator (the socket stays open), and resolves to `{ done: true }`.
     */
    return(): Promise<IteratorResult<string | Uint8Array, undefined>>;
}

/**
 * A WebSocket connection.
 *
 * ```js
 * const socket = await Socket.connect("wss://example.com/chat", { protocols: ["chat.v1"] });
 * socket.send("hello");
 * for await (const message of socket) {   // string or Uint8Array
 *   console.log(message);
 * }                                        // ends when the socket closes
 * ```
 *
 * Unlike the platform's `WebSocket`, nothing is silently discarded: sending
 * on a socket that is not open throws, and `flush()` tells when the data
 * reached the network. It is also an `EventTarget` with the platform's
 * shape (`new Socket(url, protocols)`, `readyState`, `binaryType`,
 * `onopen`, `onmessage`, `addEventListener`, ...) for code written for it.
 */
export class Socket extends EventTarget {
    /**
     * Starts connecting to `url` and returns at once, as the platform's
     * `new WebSocket(url, protocols)`: `readyState` is `CONNECTING`, `open`
     * fires once connected, and a failed connect fires `error` (an
     * `ErrorEvent` with the error: `ConnectFailedError`,
     * `ConnectTimeoutError`, `InvalidUrlError`, ...) then `close` (code
     * 1006 unless the refusal had one). `send()` before the open throws
     * `NotYetOpenError`; `next()`, `for await`, `flush()` and `closed`
     * wait for it. The second argument: the subprotocols (a string, an
     * array, `null` for none) or the options of `Socket.connect`. Throws
     * `InvalidProtocolError` for bad subprotocols and a `TypeError` for bad
     * options at once.
     */
    constructor(url: string | URL, protocols?: string | string[] | null | ConnectOptions);
    free(): void;
    [Symbol.dispose](): void;
    /**
     * `for await (const message of socket)`: the messages until the
     * connection closes. The loop ends after a clean close and throws
     * `ConnectionLostError` after an abnormal one. Leaving the loop early
     * (`break`) leaves the socket open.
     */
    [Symbol.asyncIterator](): AsyncIterator<string | Uint8Array, undefined>;
    /**
     * Closes with `code` (default 1000; otherwise 3000-4999) and `reason`
     * (default empty, at most 123 UTF-8 bytes) and resolves to
     * `{ code, reason, wasClean }` once closed. Calling it again, or after
     * the server closed, just resolves to how it closed.
     *
     * Rejects with `InvalidCloseError` for a code or reason the browser
     * would refuse, before anything is closed.
     *
     * The close starts at once (`readyState` is `CLOSING` on return), as
     * the platform's `close()` does; errors reject the promise. Before the
     * open (a socket made with `new Socket`), it stops the connect: `open`
     * never fires, and `close` comes with code 1006.
     */
    close(code?: number, reason?: string): Promise<CloseInfo>;
    /**
     * Connects to `url` (a string or a `URL`) and resolves once the
     * connection is open.
     *
     * `options`: `{ protocols, timeoutMs, WebSocket, maxMessageSize,
     * maxUnread, signal }`, or just the
     * subprotocols (a string or an array of strings), most preferred
     * first. `timeoutMs` abandons the attempt after that long
     * (`ConnectTimeoutError`); without it the runtime's own limit applies.
     * `WebSocket` is the constructor to use instead of the global one
     * (the `ws` package's in Node before 22, or a wrapper in a test).
     * `signal` stops the connect when it aborts (the promise rejects with
     * the signal's reason) and closes the open socket with code 1000.
     *
     * Rejects with `InvalidUrlError`, `InvalidProtocolError`,
     * `ConnectFailedError` (refused; `code`, `reason` and `wasClean` say how
     * it closed), `ConnectTimeoutError`, `UnsupportedError` (no global
     * `WebSocket`, and none given), or a `TypeError` / `RangeError` for bad
     * options.
     */
    static connect(url: string | URL, options?: ConnectOptions | string | string[]): Promise<Socket>;
    /**
     * `dispatchEvent(event)`: calls the listeners of `event.type`; `false`
     * if one called `preventDefault()` on a cancelable event.
     */
    dispatchEvent(event: Event): boolean;
    /**
     * Resolves once everything sent has been handed to the network
     * (`bufferedAmount` is 0). Rejects with `UnsentError` (its `bytes`
     * property says how much) if the connection closed first.
     */
    flush(): Promise<void>;
    /**
     * The next message: a `string` or a `Uint8Array`; `undefined` once the
     * connection has closed cleanly. Rejects once with
     * `ConnectionLostError` if it closed abnormally, and with
     * `ConcurrentReadError` while another read is waiting or message
     * listeners take the messages.
     */
    next(): Promise<string | Uint8Array | undefined>;
    /**
     * Sends a string as a text message, or a `Uint8Array` (or any other
     * `ArrayBufferView`), `ArrayBuffer` or `Blob` as a binary one, in call
     * order.
     *
     * Throws `NotYetOpenError` / `AlreadyClosedError` rather than dropping
     * the data, and a `TypeError` for anything else. Returns at once:
     * `bufferedAmount` and `flush()` tell when the data has left.
     */
    send(data: string | ArrayBufferView | ArrayBuffer | Blob): void;
    /**
     * What binary messages are to `message` listeners: `"blob"` (the
     * default, as on the platform) or `"arraybuffer"`; anything else is a
     * `TypeError`. `next()` and `for await` give a `Uint8Array` either way.
     */
    binaryType: BinaryType;
    /**
     * Bytes sent but not yet handed to the network.
     */
    readonly bufferedAmount: number;
    static readonly CLOSED: 3;
    static readonly CLOSING: 2;
    static readonly CONNECTING: 0;
    static readonly OPEN: 1;
    /**
     * Resolves to `{ code, reason, wasClean }` once the connection has
     * closed, whoever closed it.
     */
    readonly closed: Promise<CloseInfo>;
    readonly CLOSED: 3;
    readonly CLOSING: 2;
    readonly CONNECTING: 0;
    /**
     * The extensions the server chose (e.g. `"permessage-deflate"`), or `""`.
     */
    readonly extensions: string;
    /**
     * The `close` listener of the WebSocket shape: a function, or
     * `null`; anything else is a `TypeError`.
     */
    onclose: ((this: Socket, event: CloseEvent) => any) | null;
    /**
     * The `error` listener of the WebSocket shape: a function, or
     * `null`; anything else is a `TypeError`.
     */
    onerror: ((this: Socket, event: Event) => any) | null;
    /**
     * The `message` listener of the WebSocket shape: a function, or
     * `null`; anything else is a `TypeError`.
     */
    onmessage: ((this: Socket, event: MessageEvent) => any) | null;
    /**
     * The `open` listener of the WebSocket shape: a function, or
     * `null`; anything else is a `TypeError`. It fires for a socket made
     * with `new Socket`; one from `Socket.connect` is open already.
     */
    onopen: ((this: Socket, event: Event) => any) | null;
    readonly OPEN: 1;
    /**
     * The subprotocol the server chose, or `""`.
     */
    readonly protocol: string;
    /**
     * The state as a number, as on the platform's `WebSocket`:
     * `Socket.CONNECTING` (0), `OPEN` (1), `CLOSING` (2), `CLOSED` (3).
     */
    readonly readyState: 0 | 1 | 2 | 3;
    /**
     * `"connecting"`, `"open"`, `"closing"` or `"closed"`.
     */
    readonly state: SocketState;
    /**
     * The URL as the runtime resolved it; while connecting, as given.
     */
    readonly url: string;
}
"#
    };
}
