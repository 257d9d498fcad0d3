// The package's error classes, so that JS code can write
// `error instanceof ConnectFailedError` as well as test `error.name`. They
// are JavaScript (a Rust export cannot extend `Error`); errors.rs re-exports
// them from the package, and hands the engine's failures to `engineError`,
// which words them. Their TypeScript declarations, with each class's
// fields, are in types.rs.

/** The base of every error of this package (its own name for a failure
 * with no better class). */
export class WebSocketError extends Error {}
/** The runtime rejected the URL. */
export class InvalidUrlError extends WebSocketError {}
/** A subprotocol is not an HTTP token, or repeats. */
export class InvalidProtocolError extends WebSocketError {}
/** A close code other than 1000 / 3000-4999, or a reason over 123 bytes. */
export class InvalidCloseError extends WebSocketError {}
/** Closed before it opened; `code`, `reason`, `wasClean` say how. */
export class ConnectFailedError extends WebSocketError {}
/** Not open within `timeoutMs`. */
export class ConnectTimeoutError extends WebSocketError {}
/** An open connection ended abnormally; `code`, `reason`, `wasClean`. */
export class ConnectionLostError extends WebSocketError {}
/** Sending on a closing or closed socket. */
export class AlreadyClosedError extends WebSocketError {}
/** Sending before the socket opened. */
export class NotYetOpenError extends WebSocketError {}
/** A message larger than the socket's limit arrived; `size`, `limit`. */
export class MessageTooLargeError extends WebSocketError {}
/** Unread messages went past the socket's limit; `limit`. */
export class UnreadLimitError extends WebSocketError {}
/** `flush()`: closed with `bytes` still buffered. */
export class UnsentError extends WebSocketError {}
/** No WebSocket to use in this runtime. */
export class UnsupportedError extends WebSocketError {}
/** A second read of a `Socket` while one waits, or a read while message
 * listeners take the messages. */
export class ConcurrentReadError extends WebSocketError {}
/** A `ReconnectingSocket` URL or protocols function threw or rejected. */
export class UrlProviderError extends WebSocketError {}
/** A `Blob` message could not be read. */
export class BlobReadError extends WebSocketError {}
/** A message arrived with data of an unexpected type. */
export class UnexpectedDataError extends WebSocketError {}
/** A method was called after `free()` or `[Symbol.dispose]()`. */
export class DisposedError extends WebSocketError {}

// Written out, not read from `class.name`: a minifier may rename classes.
const classes = {
  WebSocketError,
  InvalidUrlError,
  InvalidProtocolError,
  InvalidCloseError,
  ConnectFailedError,
  ConnectTimeoutError,
  ConnectionLostError,
  AlreadyClosedError,
  NotYetOpenError,
  MessageTooLargeError,
  UnreadLimitError,
  UnsentError,
  UnsupportedError,
  ConcurrentReadError,
  UrlProviderError,
  BlobReadError,
  UnexpectedDataError,
  DisposedError,
};
for (const [name, type] of Object.entries(classes)) {
  // On the prototype, as the platform's own errors have it.
  Object.defineProperty(type.prototype, "name", { value: name, writable: true, configurable: true });
}

/** An error named `name`: an instance of its class; for a name with no
 * class, a `WebSocketError` if it is `ours` (a failure of this package
 * added since), else a plain `Error` (the runtime's own, `SyntaxError`...). */
export function makeError(name, message, ours) {
  const type = Object.hasOwn(classes, name) ? classes[name] : ours ? WebSocketError : Error;
  const error = new type(message);
  if (error.name !== name) error.name = name;
  return error;
}

/** The words of the engine's failures, by variant of the crate's `Error`,
 * as its `Display` has them (the crate's own tests hold those words), but
 * for the connect timeout's, which starts with "TIMEOUT" as the timeout
 * errors of partysocket and reconnecting-websocket say it (code that
 * tests `message.includes("TIMEOUT")` keeps working). */
const MESSAGES = {
  InvalidUrl: (d) => `invalid websocket url "${d.url}"`,
  InvalidOption: (d) => `invalid option ${d.option}: ${d.problem}`,
  InvalidProtocol: (d) => `invalid subprotocol "${d.protocol}": it must be a non-empty HTTP token`,
  DuplicateProtocol: (d) => `subprotocol "${d.protocol}" is requested more than once`,
  InvalidCloseCode: (d) => `close code ${d.code} cannot be sent by a browser: use 1000 or 3000-4999`,
  CloseReasonTooLong: (d) => `close reason is ${d.length} bytes long; the limit is 123 UTF-8 bytes`,
  ConnectFailed: (d) => `could not connect: ${closeText(d)}`,
  ConnectTimeout: (d) => `TIMEOUT: could not connect within ${d.wholeMs} ms`,
  ConnectionLost: (d) => `connection lost: ${closeText(d)}`,
  AlreadyClosed: () => "the websocket is closing or closed; nothing was sent",
  NotYetOpen: () => "the websocket is not open yet; nothing was sent",
  NotQueued: (d) => `the message was not queued: ${REJECTIONS[d.why]}`,
  MessageTooLarge: (d) => `a message of ${d.size} bytes is larger than the limit of ${d.limit} bytes`,
  UnreadLimit: (d) => `more than ${d.limit} bytes of received messages were left unread`,
  Unsent: (d) => `the connection closed with ${d.bytes} bytes still unsent`,
  UnexpectedData: (d) => `a message arrived with data of an unexpected type (${d.what})`,
  BlobRead: () => "could not read a blob message",
  Unsupported: (d) => `websockets are not available here: ${d.why}`,
};

const REJECTIONS = {
  full: "the offline queue is full",
  disabled: "offline queueing is disabled",
  "too-large": "the message is larger than the offline queue's byte limit",
};

/** Two pairs of variants share the names JS code already branches on. */
const NAMES = {
  DuplicateProtocol: "InvalidProtocolError",
  CloseReasonTooLong: "InvalidCloseError",
  InvalidCloseCode: "InvalidCloseError",
};

/** The data of a variant that its error carries as properties. */
const FIELDS = ["code", "reason", "wasClean", "timeoutMs", "bytes", "size", "limit"];

/** How a connection closed, in a message: `code 1006, not clean`. */
function closeText({ code, reason, wasClean }) {
  return `code ${code}${reason ? ` ("${reason}")` : ""}${wasClean ? "" : ", not clean"}`;
}

/** The error for a failure of the engine: the variant `variant` of the
 * crate's `Error`, with its `data`. The message ends with the browser's
 * own words where it threw (JS errors have no chain of sources). */
export function engineError(variant, data) {
  if (variant === "Js") return makeError(data.name, data.message, false);
  let message = MESSAGES[variant]?.(data) ?? data.message;
  if (data.sourceName !== undefined) message += `: ${data.sourceName}: ${data.sourceMessage}`;
  // An invalid option is an argument out of range, as the platform says it.
  if (variant === "InvalidOption") return new RangeError(message);
  const error = makeError(NAMES[variant] ?? `${variant}Error`, message, true);
  for (const key of FIELDS) {
    if (Object.hasOwn(data, key)) error[key] = data[key];
  }
  return error;
}

/** The error for a method called after `free()` or `[Symbol.dispose]()`. */
export function disposedError(name) {
  return makeError(
    "DisposedError",
    `this ${name} was disposed: free() or [Symbol.dispose]() was called on it`,
    true,
  );
}

/** The error for a runtime without a global `WebSocket` constructor: found
 * before connecting, since the runtime's own `ReferenceError` would not say
 * what to do about it. */
export function checkWebSocketAvailable() {
  if (typeof globalThis.WebSocket === "function") return;
  throw makeError(
    "UnsupportedError",
    "this runtime has no global WebSocket: use a browser, Node 22 or later, " +
      "or Node 20 started with --experimental-websocket, or pass a constructor " +
      "as the WebSocket option (the ws package's WebSocket, say)",
    true,
  );
}
