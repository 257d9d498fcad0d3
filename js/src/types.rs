//! TypeScript declarations that `#[wasm_bindgen]` cannot derive: the
//! options objects, the event map of `ReconnectingSocket.on`, and the
//! string unions. The classes' own declarations (with their doc comments)
//! come from the exports themselves.
//!
//! This section is the first thing in the generated `.d.ts` after its
//! lint comments, which is what lets it start with a triple-slash
//! directive: the classes declare `[Symbol.dispose]()`, which TypeScript
//! knows only from the `esnext.disposable` lib, and a consumer compiling
//! with the default `lib` and `skipLibCheck: false` would otherwise fail
//! inside these declarations (TS2550).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = concat!(
    r#"/// <reference lib="esnext.disposable" />

/** The `name` of every `Error` this package throws or rejects with (besides
 * `TypeError` / `RangeError` for arguments, and the runtime's own names,
 * such as `SyntaxError`, where it threw); each is also a class, exported
 * from the package, so `error instanceof ConnectFailedError` works too. */
export type WebSocketErrorName =
  | "InvalidUrlError"       // the runtime rejected the URL
  | "InvalidProtocolError"  // a subprotocol is not an HTTP token, or repeats
  | "InvalidCloseError"     // a close code other than 1000 / 3000-4999, or a reason over 123 bytes
  | "ConnectFailedError"    // closed before it opened (refused, handshake failed); has code, reason, wasClean
  | "ConnectTimeoutError"   // not open within timeoutMs; has timeoutMs
  | "ConnectionLostError"   // an open connection ended abnormally; has code, reason, wasClean
  | "AlreadyClosedError"    // sending on a closing or closed socket
  | "NotYetOpenError"       // sending before the socket opened
  | "MessageTooLargeError"  // a message over the socket's size limit arrived; has size, limit
  | "UnreadLimitError"      // unread messages went past the socket's limit; has limit
  | "UnsentError"           // flush(): closed with data still buffered; has bytes
  | "UnsupportedError"      // no global WebSocket in this runtime
  | "ConcurrentReadError"   // a second read of a Socket while one waits
  | "UrlProviderError"      // a ReconnectingSocket URL or protocols function threw or rejected
  | "BlobReadError"
  | "UnexpectedDataError"
  | "DisposedError"         // a method called after free() or [Symbol.dispose]()
  | "WebSocketError";

/** The base class of every error of this package: `error instanceof
 * WebSocketError` tells them from the `TypeError` / `RangeError` of a bad
 * argument and from the runtime's own errors. Each `name` has its class;
 * a `WebSocketError` itself is a failure with no better class. */
export declare class WebSocketError extends Error {
  readonly name: WebSocketErrorName;
}
/** The runtime rejected the URL. */
export declare class InvalidUrlError extends WebSocketError {
  readonly name: "InvalidUrlError";
}
/** A subprotocol is not an HTTP token, or repeats. */
export declare class InvalidProtocolError extends WebSocketError {
  readonly name: "InvalidProtocolError";
}
/** A close code other than 1000 / 3000-4999, or a reason over 123 UTF-8 bytes. */
export declare class InvalidCloseError extends WebSocketError {
  readonly name: "InvalidCloseError";
  /** The code that was refused (absent when the reason was too long). */
  readonly code?: number;
}
/** The connection closed before it opened: refused, or the handshake failed. */
export declare class ConnectFailedError extends WebSocketError {
  readonly name: "ConnectFailedError";
  /** The close code; 1006 when there was no close frame (refused, unreachable). */
  readonly code: number;
  /** The reason the server gave, or `""`. */
  readonly reason: string;
  /** Whether the closing handshake completed. */
  readonly wasClean: boolean;
}
/** The connection was not open within the connect timeout; the attempt was abandoned. */
export declare class ConnectTimeoutError extends WebSocketError {
  readonly name: "ConnectTimeoutError";
  /** The timeout that passed, in milliseconds. */
  readonly timeoutMs: number;
}
/** An open connection ended abnormally (the network dropped, say). */
export declare class ConnectionLostError extends WebSocketError {
  readonly name: "ConnectionLostError";
  /** The close code; 1006 when there was no close frame. */
  readonly code: number;
  /** The reason given, or `""`. */
  readonly reason: string;
  /** Whether the closing handshake completed (false, mostly). */
  readonly wasClean: boolean;
}
/** Sending on a closing or closed socket: nothing was sent. */
export declare class AlreadyClosedError extends WebSocketError {
  readonly name: "AlreadyClosedError";
}
/** Sending before the socket opened: nothing was sent. */
export declare class NotYetOpenError extends WebSocketError {
  readonly name: "NotYetOpenError";
}
/** A message larger than the socket's limit arrived: the connection was
 * closed (code 3009) and the message dropped. */
export declare class MessageTooLargeError extends WebSocketError {
  readonly name: "MessageTooLargeError";
  /** The message's size in bytes. */
  readonly size: number;
  /** The limit, in bytes. */
  readonly limit: number;
}
/** The unread messages went past the socket's limit: the connection was
 * closed (code 3010). */
export declare class UnreadLimitError extends WebSocketError {
  readonly name: "UnreadLimitError";
  /** The limit, in bytes. */
  readonly limit: number;
}
/** `flush()`: the connection closed with data still buffered, never sent. */
export declare class UnsentError extends WebSocketError {
  readonly name: "UnsentError";
  /** How many bytes were still buffered. */
  readonly bytes: number;
}
/** There is no WebSocket to use in this runtime (and none was given with
 * the `WebSocket` option). */
export declare class UnsupportedError extends WebSocketError {
  readonly name: "UnsupportedError";
}
/** A second read of a `Socket`'s messages while one waits, or a read while
 * message listeners take them. */
export declare class ConcurrentReadError extends WebSocketError {
  readonly name: "ConcurrentReadError";
}
/** A `ReconnectingSocket` URL (or protocols) function threw or rejected. */
export declare class UrlProviderError extends WebSocketError {
  readonly name: "UrlProviderError";
}
/** A `Blob` message could not be read. */
export declare class BlobReadError extends WebSocketError {
  readonly name: "BlobReadError";
}
/** A message arrived with data of an unexpected type. */
export declare class UnexpectedDataError extends WebSocketError {
  readonly name: "UnexpectedDataError";
}
/** A method was called after `free()` or `[Symbol.dispose]()`. */
export declare class DisposedError extends WebSocketError {
  readonly name: "DisposedError";
}

/** Options of `Socket.connect`. */
export interface ConnectOptions {
  /** Subprotocols to offer, most preferred first. */
  protocols?: string | string[];
  /** Abandon the attempt after this many milliseconds (`ConnectTimeoutError`):
   * more than 0 (`RangeError` otherwise), `Infinity` for never. Default: none
   * (the runtime's own limit). Read like every number option: see
   * `ReconnectingOptions`. */
  timeoutMs?: number;
  /** The constructor to make the socket with instead of the global
   * `WebSocket`: any with its interface, such as the `ws` package's
   * `WebSocket` in Node before 22, or a wrapper in a test. */
  WebSocket?: WebSocketConstructorLike;
  /** The largest message accepted, in bytes (UTF-8 for text): a larger one
   * closes the connection with 3009 and the next read rejects with
   * `MessageTooLargeError`. A whole number; `null`/`Infinity`: no limit.
   * Default: 64 MiB. */
  maxMessageSize?: number | null;
  /** The most bytes of received messages held for a reader that has not
   * taken them (UTF-8 for text): a message that would take them past it
   * closes the connection with 3010, and the read after the messages
   * before it rejects with `UnreadLimitError`. A message always fits when
   * nothing is unread. A whole number; `null`/`Infinity`: no limit.
   * Default: 128 MiB. */
  maxUnread?: number | null;
  /** Stops the connect when it aborts (the promise rejects with the
   * signal's `reason`, an `AbortError` unless `abort()` was given one), and
   * closes the socket with code 1000 if it aborts after the open. */
  signal?: AbortSignal;
}

/** A constructor with the platform's `WebSocket` interface (`new C(url,
 * protocols)`, `addEventListener`, `send`, `close`, `readyState`,
 * `binaryType`, `bufferedAmount`, ...). */
export type WebSocketConstructorLike = new (url: string, protocols?: string | string[]) => unknown;

/** How a connection closed. */
export interface CloseInfo {
  /** The close code: 1000 normal, 1006 lost (no close frame), ... */
  code: number;
  /** The reason the closing side gave, or `""`. */
  reason: string;
  /** Whether the closing handshake completed; `false` means it was lost. */
  wasClean: boolean;
}

/** What binary messages are to `message` listeners (`binaryType`). */
export type BinaryType = "blob" | "arraybuffer";

/** The events of the WebSocket shape of both classes, by type, as the
 * platform's `WebSocket` has them: `message` listeners get a `MessageEvent`
 * (binary `data` as `binaryType` says), `close` listeners a `CloseEvent`
 * (an `Event` with `code`, `reason`, `wasClean` where the runtime has no
 * `CloseEvent`), `error` listeners an `Event` (an `ErrorEvent` with
 * `error` where the package knows what failed). */
export interface SocketEventMap {
  open: Event;
  message: MessageEvent;
  close: CloseEvent;
  error: Event;
}

/** A listener of the WebSocket shape: a function (called with the socket
 * as `this`) or an object with a `handleEvent` method. */
export type SocketEventListener<T, E> = ((this: T, event: E) => any) | { handleEvent(event: E): any };

export interface Socket {
  /** Adds a listener, with the platform's rules (the same one twice is
   * added once; `once`, `signal`). While a `message` listener (or
   * `onmessage`) is set, the messages go to it and `next()` rejects with
   * `ConcurrentReadError`. `open` fires for a socket made with `new
   * Socket` (one from `connect` is open already). Any type is taken, as
   * the platform's `EventTarget` does (`dispatchEvent` can deliver it);
   * the socket itself dispatches these four. */
  addEventListener<K extends keyof SocketEventMap>(
    type: K,
    listener: SocketEventListener<Socket, SocketEventMap[K]> | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  /** Removes a listener added with `addEventListener`. */
  removeEventListener<K extends keyof SocketEventMap>(
    type: K,
    listener: SocketEventListener<Socket, SocketEventMap[K]> | null,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/** `Socket.state`. */
export type SocketState = "connecting" | "open" | "closing" | "closed";

/** `ReconnectingSocket.state`: `"stopped"` also before the first
 * `reconnect()` with `startClosed`. */
export type ReconnectingState =
  | "connecting" | "open" | "waiting" | "offline" | "gave-up" | "stopped" | "closed" | "suspended";

/** What `ReconnectingSocket.send` did with a message. */
export type SendResult = "sent" | "queued" | "rejected" | "dropped";

/** What a message can be sent as. */
export type OutgoingData = string | ArrayBufferView | ArrayBuffer;

/** Where a `ReconnectingSocket` connects: a URL, or a function asked
 * before every attempt. */
export type ReconnectingUrl = string | URL | (() => string | URL | Promise<string | URL>);

/** The subprotocols of a `ReconnectingSocket`: a string, an array, or a
 * function asked before every attempt (returning them, or a promise of
 * them; `null` for none). */
export type ReconnectingProtocols =
  | string
  | string[]
  | (() => string | string[] | null | Promise<string | string[] | null>);

/** The connection that just opened, as `onOpen` sees it. */
export interface OpenSocket {
  /** Sends on this connection now, before the offline queue is flushed.
   * Throws `AlreadyClosedError` once this connection is gone. */
  send(data: OutgoingData | Blob): void;
  /** The subprotocol the server chose, or `""`. */
  readonly protocol: string;
  /** The URL connected to. */
  readonly url: string;
}

/** Options of `new ReconnectingSocket(url, options)`: the Rust
 * `ReconnectingBuilder`'s, with durations in milliseconds.
 *
 * Every number option (here and `timeoutMs` of `Socket.connect`) is read by
 * one rule. Not a number: `TypeError`. `NaN` or negative: `RangeError`.
 * Durations (`...Ms`) may have a fraction; counts must be whole numbers
 * (`RangeError`). `Infinity`, and values too large to hold (`1e300`),
 * mean no limit: forever for a duration, no bound for a count. 0 is
 * refused (`RangeError`) where it makes no sense: `connectTimeoutMs`,
 * `heartbeat.intervalMs`, `idleTimeoutMs`. Each error names the option
 * (`heartbeat.intervalMs`). An unknown key is a `TypeError` too.
 *
 * The option names of partysocket and reconnecting-websocket are taken
 * for the options they stand for (`maxRetries` is `retryLimits.maxRetries`,
 * `minReconnectionDelay` is `backoff.initialDelayMs`, ...); giving both
 * names of one option is a `TypeError`, and so are their names that mean
 * nothing here (PartySocket's `host`, `room`, ...). The defaults are this
 * package's, not theirs. */
export interface ReconnectingOptions {
  /** Subprotocols to offer on every attempt, most preferred first (`null`:
   * none); or a function returning them (or a promise of them; `null` for
   * none), asked before every attempt, for a token carried in a
   * subprotocol. If it throws or rejects, that attempt fails
   * (`UrlProviderError`) and is retried. */
  protocols?: ReconnectingProtocols | null;
  /** Don't connect until `reconnect()` is called; meanwhile `state` is
   * `"stopped"`, `readyState` is `CLOSED`, and sends are queued. Default:
   * false. */
  startClosed?: boolean;
  /** Closes the socket for good (code 1000) when it aborts; an aborted one
   * closes it at once. */
  signal?: AbortSignal;
  /** The most bytes of messages kept unread (UTF-8 for text): for the
   * first reader or `message` listener to come (messages that arrive while
   * nobody reads wait for it), and for each `for await` reader that falls
   * behind. A message always fits when nothing is unread; one that would
   * take them past it closes the connection with 3010 (the reconnect
   * policy decides what follows, as for any close), a `messageerror`
   * event hands over the `UnreadLimitError`, and what arrives before the
   * next connection opens is discarded: a reader gets a whole prefix of
   * each connection's messages, never one with a gap. Nothing is dropped
   * without a word. A whole number; `null`/`Infinity`: no limit. Default:
   * 128 MiB (134217728), as the Rust socket's. */
  maxUnread?: number | null;
  /** Logs every event and state change with `debugLogger` (default:
   * `console.log`). Default: false. */
  debug?: boolean;
  /** What `debug` logs with: called as `("ReconnectingSocket>", type, event)`. */
  debugLogger?: (...args: any[]) => void;
  /** partysocket's and reconnecting-websocket's name for
   * `backoff.initialDelayMs`. */
  minReconnectionDelay?: number;
  /** partysocket's and reconnecting-websocket's name for
   * `backoff.maxDelayMs`. */
  maxReconnectionDelay?: number;
  /** partysocket's and reconnecting-websocket's name for `backoff.factor`. */
  reconnectionDelayGrowFactor?: number;
  /** partysocket's and reconnecting-websocket's name for
   * `retryLimits.minUptimeMs`. */
  minUptime?: number;
  /** partysocket's and reconnecting-websocket's name for
   * `retryLimits.maxRetries`. */
  maxRetries?: number | null;
  /** partysocket's and reconnecting-websocket's name for `connectTimeoutMs`. */
  connectionTimeout?: number;
  /** partysocket's and reconnecting-websocket's name for `queue.capacity`
   * (a full queue rejects, and reports, what does not fit). */
  maxEnqueuedMessages?: number | null;
  /** partysocket's name for `policy.shouldReconnect`. */
  shouldReconnectOnClose?: (close: CloseInfo) => boolean;
  /** Gives up each attempt after this long (a failed attempt, retried with
   * backoff): more than 0; `Infinity`: never. Default: 10000. */
  connectTimeoutMs?: number;
  /** How long to wait before each retry: `min(maxDelayMs, initialDelayMs *
   * factor ** retry)`, randomised by `jitter`. */
  backoff?: {
    /** Default: 500; 0 retries at once. */
    initialDelayMs?: number;
    /** Default: 30000; 0 retries at once; `Infinity`: no cap. */
    maxDelayMs?: number;
    /** At least 1. Default: 2; `Infinity`: `maxDelayMs` from the second retry on. */
    factor?: number;
    /** `"full"`: uniform in [0, delay] (default); `"equal"`: delay/2 plus up to
     * delay/2; `"none"`: exactly the delay. */
    jitter?: "full" | "equal" | "none";
  };
  /** When to give up; `null` or `Infinity` means no limit. */
  retryLimits?: {
    /** Retries per outage; 0: never retry. Default: no limit. */
    maxRetries?: number | null;
    /** Time since the outage began; 0: never retry. Default: no limit. */
    maxElapsedMs?: number | null;
    /** How long a connection must stay open for its close to start a fresh
     * outage (0: any open does). Default: 5000. */
    minUptimeMs?: number;
  };
  /** Which closes are followed by a reconnect. By default every close but
   * your own `close()`. */
  policy?: {
    /** Close codes (or `[from, to]` ranges) after which it stops: state
     * `"stopped"` until `reconnect()`. */
    terminalCodes?: Array<number | [number, number]>;
    /** Decides for other closes: `false` stops. */
    shouldReconnect?: (close: CloseInfo) => boolean;
  };
  /** Messages sent while not connected wait here; `false` turns it off
   * (such sends are rejected). */
  queue?: false | {
    /** Default: 100 messages (`null`/`Infinity`: no limit). */
    capacity?: number | null;
    /** Default: 1048576 bytes (`null`/`Infinity`: no limit). */
    maxBytes?: number | null;
    /** When full: `"reject"` the new message (default), evict the oldest
     * (`"drop-oldest"`), or drop the new one (`"drop-newest"`). */
    overflow?: "reject" | "drop-oldest" | "drop-newest";
  };
  /** Runs on every open, before the queue is flushed: what it sends (a
   * login, subscriptions) goes first. */
  onOpen?: (socket: OpenSocket) => void;
  /** Sends `message` every `intervalMs` while open. Replies for which
   * `isReply` is true count as traffic for `idleTimeoutMs` but are not
   * delivered as messages. */
  heartbeat?: {
    /** More than 0; `Infinity`: never sent. */
    intervalMs: number;
    message: OutgoingData;
    isReply?: (message: string | Uint8Array) => boolean;
  };
  /** Declares an open connection dead (closes it with 3008 and retries) when
   * nothing arrived for this long: more than 0. Default: none. */
  idleTimeoutMs?: number;
  /** While the browser is offline, wait for its `online` event instead of
   * retrying on a timer. Default: true. */
  pauseWhileOffline?: boolean;
  /** Retry at once when the page becomes visible. Default: true. */
  retryWhenVisible?: boolean;
  /** How long a retry waits for `online` before trying anyway (browsers
   * can be wrong about being offline): 0 does not wait, `Infinity` waits
   * for `online` however long. Default: 30000. */
  maxOfflineWaitMs?: number;
  /** Close the connection when the page goes into the back/forward cache
   * (state `"suspended"`) and connect again when it is shown. Default: true. */
  suspendInPageCache?: boolean;
  /** The largest message accepted, in bytes (UTF-8 for text): a larger one
   * closes the connection with 3009 and the socket reconnects as its policy
   * says; a `messageerror` event names the `MessageTooLargeError`. A whole
   * number; `null`/`Infinity`: no limit. Default: 64 MiB. */
  maxMessageSize?: number | null;
  /** The constructor to make each attempt's socket with instead of the
   * global `WebSocket` (the `ws` package's in Node before 22, say). */
  WebSocket?: WebSocketConstructorLike;
}

/** Events of a `ReconnectingSocket`. A typical outage reads `close`,
 * `reconnecting`, `connecting`, `attemptfailed`, `reconnecting`,
 * `connecting`, `open`. */
export interface ReconnectingSocketEventMap {
  /** The state changed; the first (`"connecting"`) has `previous` `null`. */
  state: { type: "state"; state: ReconnectingState; previous: ReconnectingState | null };
  /** A message arrived (the message itself, not an event object). */
  message: string | Uint8Array;
  /** Messages that will not be sent: `reason` is `"full"`, `"too-large"`,
   * `"disabled"`, `"closed"` (rejected by `send`), `"drop-newest"`,
   * `"evicted"` (older queued messages pushed out by `"drop-oldest"`), or
   * `"unsent"` (still queued when `close()` was called). */
  dropped: { type: "dropped"; reason: string; messages: Array<string | Uint8Array> };
  /** A message arrived but could not be read (`error.name` says why, e.g.
   * `BlobReadError`; `UnreadLimitError` when a reader fell `maxUnread`
   * bytes behind and the connection was closed with 3010). */
  messageerror: { type: "messageerror"; error: Error & { name: WebSocketErrorName } };
  /** Every event below, in order. */
  event: ReconnectingSocketEventMap[Exclude<keyof ReconnectingSocketEventMap,
    "state" | "message" | "dropped" | "messageerror" | "event">] | { type: "unknown"; description: string };
  /** An attempt starts: 0 for the first connection, then the retry number. */
  connecting: { type: "connecting"; attempt: number; delayMs: number };
  /** Connected; `onOpen` has run and the queue has been flushed. */
  open: { type: "open" };
  /** An attempt failed (`error.name` says how). */
  attemptfailed: { type: "attemptfailed"; attempt: number; error: Error & { name: WebSocketErrorName } };
  /** A connection closed: an open one, or, after `close()`, the socket
   * (code 1006 if no connection was open). */
  close: { type: "close" } & CloseInfo;
  /** A retry is scheduled at `retryAt` (milliseconds since the epoch). */
  reconnecting: { type: "reconnecting"; attempt: number; delayMs: number; retryAt: number };
  /** Nothing arrived for `idleTimeoutMs`: the connection was closed. */
  dead: { type: "dead"; silentForMs: number };
  /** A retry is due but the browser is offline: it waits for `online`. */
  offline: { type: "offline"; attempt: number };
  /** The retry starts now: the browser came online, the page became
   * visible, the wait for `online` reached `maxOfflineWaitMs`, or the page
   * came back from the back/forward cache. */
  resumed: { type: "resumed"; attempt: number; cause: "online" | "visible" | "offline-wait-over" | "page-shown" };
  /** The retry limits were reached; `reconnect()` starts again. */
  gaveup: { type: "gaveup"; reason: "max-retries" | "max-elapsed" };
  /** No reconnect: your `close()` (or `free()`, or the `signal`), a terminal code, `shouldReconnect`, or a URL or subprotocols that can never work. */
  stopped: { type: "stopped"; reason: "closed-by-user" | "terminal-code" | "predicate" | "invalid-request"; code?: number };
  /** The page went into the back/forward cache: the connection was closed
   * so that it could, and a new one starts when the page is shown again. */
  suspended: { type: "suspended" };
}

export interface ReconnectingSocket {
  /** Adds a listener, with the platform's rules (the same one twice is
   * added once; `once`, `signal`): `open` on every open, `message` (a
   * `MessageEvent`, binary `data` as `binaryType` says), `close` when an
   * open connection closes (the idle timeout and the back/forward cache
   * included) and after `close()`, `error` when an attempt
   * fails (an `ErrorEvent` with its `error`) or before the `close` of an
   * abnormal close. Any type is taken, as the platform's `EventTarget`
   * does (`dispatchEvent` can deliver it); the other events of the socket
   * (`state`, `reconnecting`, ...) are on `on()`. */
  addEventListener<K extends keyof SocketEventMap>(
    type: K,
    listener: SocketEventListener<ReconnectingSocket, SocketEventMap[K]> | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  /** Removes a listener added with `addEventListener`. */
  removeEventListener<K extends keyof SocketEventMap>(
    type: K,
    listener: SocketEventListener<ReconnectingSocket, SocketEventMap[K]> | null,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
  /** Calls `listener` for each event of `type`; returns a function that
   * removes it. A listener that throws does not stop the others; the
   * exception is reported as an unhandled rejection. */
  on<K extends keyof ReconnectingSocketEventMap>(
    type: K,
    listener: (event: ReconnectingSocketEventMap[K]) => void,
  ): () => void;
  /** Removes a listener added with `on`. */
  off<K extends keyof ReconnectingSocketEventMap>(
    type: K,
    listener: (event: ReconnectingSocketEventMap[K]) => void,
  ): void;
}
"#,
    class_declarations!()
);
