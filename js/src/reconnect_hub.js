// What the engine of a `ReconnectingSocket` reports, handed out: the
// events to the `on()` listeners (with the `state` events they imply) and
// to the WebSocket-shaped ones, and the messages to the `for await`
// readers, the `on("message")` listeners and the `message` listeners, or
// kept for the first of them to come.
//
// A socket may run more than one engine in its life (`reconnect()` after
// `close()`, `drainQueuedMessages()` start a new one): each reports
// through its own `Port`, and only the current one is heard, but for its
// messages, which are never let go.

import { makeError } from "./errors.js";
import { originOf, report } from "./event_target.js";
import { Unread } from "./unread.js";

/** The state each event moves to; the others leave it as it is. */
const STATE_AFTER = {
  connecting: "connecting",
  open: "open",
  reconnecting: "waiting",
  offline: "offline",
  gaveup: "gave-up",
  suspended: "suspended",
};

/** How a connection that never opened closes, as the platform says it. */
export const NEVER_OPENED = Object.freeze({ code: 1006, reason: "", wasClean: false });

/** What one engine reports to (the engine calls `event`, `dropped`,
 * `messageError`, `message`, `ended` and `finish`). Once the socket has
 * started another engine, this one is retired: only its messages still
 * count. */
export class Port {
  /** The engine, until it has finished (then let go: it holds this port,
   * and a closed socket must be free to be collected). */
  core;

  constructor(hub) {
    this.hub = hub;
  }

  #current() {
    return this.hub.port === this;
  }

  event(event) {
    if (this.#current()) this.hub.event(event);
  }

  dropped(reason, messages) {
    if (this.#current()) this.hub.dispatch("dropped", { type: "dropped", reason, messages });
  }

  /** A message arrived but could not be read (a `Blob` the browser failed
   * to read, say): a `messageerror` event, so that it is never lost
   * without a word. The message stream goes on. */
  messageError(error) {
    if (this.#current()) this.hub.dispatch("messageerror", { type: "messageerror", error });
  }

  message(message, size) {
    this.hub.message(message, size);
  }

  ended() {
    if (this.#current()) this.hub.ended();
  }

  finish() {
    const core = this.core;
    this.core = undefined;
    if (this.#current()) this.hub.finish(core);
  }
}

/** What the socket's engines report, and what the socket keeps between
 * them. The socket reads and changes most of it. */
export class Hub {
  /** The current engine's port. */
  port;
  /** The `on()` listeners: `[type, listener]`. */
  listeners = [];
  /** The `for await` readers (`Subscription`s). */
  readers = [];
  /** Messages that arrived while nobody read or listened: the first
   * reader or `message` listener to come gets them, so that attaching one
   * a little late loses nothing. */
  backlog = new Unread();
  /** The state last reported to `state` listeners (`null` before the
   * first). */
  state = null;
  /** How the last connection closed (`{ code, reason, wasClean }`). */
  lastClose;
  /** `retryCount`, and how the engine's attempt numbers map to it (see
   * `countRetry`). */
  retry = { count: 0, offset: 0, fresh: false };
  /** Past `maxUnread`: the messages that arrive before the next open are
   * discarded (the connection they came on was closed with 3010). */
  overLimit = false;
  /** A `close` event is being dispatched: `readyState` is `CLOSED` in its
   * listeners, as on the platform. */
  dispatchingClose = false;
  /** `reconnect(code, reason)` closed the open connection: the next
   * attempt starts at its `close`. */
  restarting = false;

  // Of the current engine:
  /** Closed for good, every event handed out. */
  finished = false;
  #finishing = [];
  /** `close()` (or `free()`, the signal) was called: `{ code, reason,
   * fires, wasOpen }`. `readyState` is `CLOSING` until `finished`. */
  closing;
  /** What `close()` returned: a second call returns it again. */
  closeResult;
  /** Runs once finished (a `reconnect()` after `close()`). */
  afterFinish;
  /** While the engine waits for `reconnect()` (`startClosed`, or a new
   * engine that stands in for a stopped one): `open()` lets its first
   * attempt go on, and `held` is that attempt's `connecting` event, held
   * back until then. */
  gate;
  held;

  /** `events`: the WebSocket-shaped listeners; `maxUnread`: the most bytes
   * kept unread for a reader (or for the first to come). */
  constructor(events, maxUnread) {
    this.events = events;
    this.maxUnread = maxUnread;
  }

  /** The engine waits for `reconnect()` to start. */
  waitsAtGate() {
    return this.gate !== undefined && !this.gate.isOpen;
  }

  /** Resolves once `finished`. */
  whenFinished() {
    return this.finished ? Promise.resolve() : new Promise((resolve) => this.#finishing.push(resolve));
  }

  /** Calls every `on()` listener of `type` with `event`; what a listener
   * throws is reported, and the others still run. */
  dispatch(type, event) {
    for (const [, listener] of this.listeners.filter(([kind]) => kind === type)) {
      try {
        listener(event);
      } catch (exception) {
        report(exception);
      }
    }
  }

  /** A connection event (an object with its `type`). */
  event(event) {
    const { type } = event;
    const core = this.port.core;
    if (type === "connecting") {
      if (this.waitsAtGate()) {
        this.held = event;
        return;
      }
      // After `reconnect()` revived a stream that had ended.
      core?.pump();
    }
    if (type === "connecting" || type === "reconnecting") this.#countRetry(event.attempt, type === "connecting");
    // A new connection: what it brings is read again.
    if (type === "open") this.overLimit = false;
    let state = STATE_AFTER[type] ?? this.state;
    if (type === "stopped") state = event.reason === "closed-by-user" ? "closed" : "stopped";
    if (type === "unknown") state = core?.state() ?? state;
    const close = this.#closeOf(event);
    if (close) this.lastClose = close;
    this.dispatchingClose = close !== undefined;
    try {
      if (type !== "unknown") this.dispatch(type, event);
      this.dispatch("event", event);
      this.#reportState(state);
      this.#dispatchDomEvent(event, close);
    } finally {
      this.dispatchingClose = false;
    }
    const isClose = type === "close";
    if (isClose && this.restarting) {
      // The close `reconnect(code, reason)` asked for: the next attempt
      // starts now, whatever the policy said of it.
      this.restarting = false;
      this.port.core?.reconnect();
    }
  }

  /** `retryCount` from the attempt numbers the engine reports: the retry
   * number of the current (or next) attempt, counted from 0 again after
   * `reconnect()` (`fresh`, until that attempt starts: the engine may
   * number it on from where it was). */
  #countRetry(attempt, starting) {
    const retry = this.retry;
    if (retry.fresh) {
      if (starting) {
        retry.fresh = false;
        retry.offset = attempt;
      }
      retry.count = 0;
      return;
    }
    // The engine counts from 1 again after a connection that stayed up.
    if (attempt <= retry.offset) retry.offset = 0;
    retry.count = attempt - retry.offset;
  }

  /** How the open connection ended, for a connection event that ends it:
   * `close`, and the two that let go of it without waiting for its close
   * (`dead`: the idle timeout closed it with 3008; `suspended`: the page
   * went into the back/forward cache), so that every `open` of the
   * WebSocket shape has its `close`. */
  #closeOf(event) {
    switch (event.type) {
      case "close":
        return { code: event.code, reason: event.reason, wasClean: event.wasClean };
      case "dead":
        return { code: 3008, reason: "idle timeout", wasClean: false };
      case "suspended":
        return this.state === "open" ? { code: 1000, reason: "page hidden", wasClean: false } : undefined;
    }
    return undefined;
  }

  /** The WebSocket-shaped events a connection event makes: `open`,
   * `close` (after `error` if it was not clean, but for the page cache's),
   * and `error` for a failed attempt. */
  #dispatchDomEvent(event, close) {
    const { events } = this;
    if (close) {
      events.emitClose(close.code, close.reason, close.wasClean, event.type === "suspended");
    } else if (event.type === "open") {
      events.origin = originOf(this.port.core?.url() ?? "");
      events.emitOpen();
    } else if (event.type === "attemptfailed") {
      events.emitError(event.error);
    }
  }

  #reportState(state) {
    const previous = this.state;
    this.state = state;
    if (previous !== state) this.dispatch("state", { type: "state", state, previous });
  }

  /** A message (and its size): to every reader and `message` listener,
   * or kept for the first one to come; past `maxUnread`, the connection
   * is closed instead. */
  message(message, size) {
    if (this.overLimit) return;
    const consumers = this.#hasConsumer();
    if (consumers) this.flushBacklog();
    const queues = consumers ? this.readers.map((reader) => reader.unread) : [this.backlog];
    // As the Rust socket's `max_unread`: a message always fits when nothing
    // is unread; one that would take the unread bytes past the bound
    // closes the connection instead.
    if (queues.some((queue) => queue.length > 0 && queue.bytes + size > this.maxUnread)) {
      this.#unreadLimit();
    } else if (consumers) {
      this.#handOut(message, size, [...this.readers]);
    } else {
      this.backlog.push(message, size);
    }
  }

  /** A reader is more than `maxUnread` bytes behind: the connection is
   * closed with 3010 (the reconnect policy decides what follows, as for
   * any close), a `messageerror` event says why, and what arrives before
   * the next connection opens is discarded: every reader gets a whole
   * prefix of each connection's messages, never one with a gap. */
  #unreadLimit() {
    this.overLimit = true;
    const error = makeError(
      "UnreadLimitError",
      `more than ${this.maxUnread} bytes of received messages were left unread`,
      true,
    );
    error.limit = this.maxUnread;
    try {
      this.port.core?.closeConnection(3010, "too many unread messages");
    } catch (exception) {
      report(exception);
    }
    this.dispatch("messageerror", { type: "messageerror", error });
  }

  /** Hands out the messages kept while nobody read, if someone does now. */
  flushBacklog() {
    while (this.backlog.length > 0 && this.#hasConsumer()) {
      const [message, size] = this.backlog.shift();
      this.#handOut(message, size, [...this.readers]);
    }
  }

  /** Whether a reader or a listener takes the messages. */
  #hasConsumer() {
    this.readers = this.readers.filter((reader) => !reader.ended);
    return (
      this.readers.length > 0 ||
      this.events.has("message") ||
      this.listeners.some(([type]) => type === "message")
    );
  }

  /** One message to the readers, the `on("message")` listeners and the
   * WebSocket-shaped ones, in that order. */
  #handOut(message, size, readers) {
    for (const reader of readers) reader.push(message, size);
    this.dispatch("message", message);
    if (this.events.has("message")) this.events.emitMessage(message);
  }

  /** The message stream ended: so do the readers. */
  ended() {
    for (const reader of this.readers.splice(0)) reader.end();
  }

  /** The event stream of `core` ended: closed for good. The `close` event
   * of `close()` comes now, with `readyState` `CLOSED`: how the
   * connection open then closed, or, if none was open, code 1006. */
  finish(core) {
    const closing = this.closing;
    let close;
    if (closing?.fires) {
      close = core?.closeInfo() ?? (closing.wasOpen ? { code: closing.code, reason: closing.reason, wasClean: false } : NEVER_OPENED);
      this.lastClose = { ...close };
    }
    this.finished = true;
    if (close) {
      const event = { type: "close", ...close };
      this.dispatch("close", event);
      this.dispatch("event", event);
    }
    this.#reportState("closed");
    if (close) this.events.emitClose(close.code, close.reason, close.wasClean, true);
    for (const resolve of this.#finishing.splice(0)) resolve();
    const after = this.afterFinish;
    this.afterFinish = undefined;
    after?.();
  }
}
