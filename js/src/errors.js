// The package's error classes, so that JS code can write
// `error instanceof ConnectFailedError` as well as test `error.name`. They
// are JavaScript (a Rust export cannot extend `Error`); errors.rs imports
// `makeError` and re-exports the classes from the package. Their TypeScript
// declarations, with each class's fields, are in types.rs.

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
