// What the engine of a `ReconnectingSocket` reports, handed out: the
// events to the `on()` listeners (with the `state` events they imply) and
// to the WebSocket-shaped ones, and the messages to the `for await`
// readers, the `on("message")` listeners and the `message` listeners, or
// kept for the first of them to come.

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

/** The engine calls `event`, `dropped`, `messageError`, `message`,
 * `ended` and `finish`; the socket reads and changes the rest. */
export class Hub {
  /** The engine, until it has finished (then let go: it holds this hub,
   * and a closed socket must be free to be collected). */
  core;
  /** The `on()` listeners: `[type, listener]`. */
  listeners = [];
  /** The `for await` readers (`Subscription`s). */
  readers = [];
  /** Messages that arrived while nobody read or listened: the first
   * reader or `message` listener to come gets them, so that attaching one
   * a little late loses nothing. */
  backlog = new Unread();
  /** The state last reported to `state` listeners. */
  state;
  /** Closed for good, every event handed out. */
  finished = false;
  #finishing = [];
  /** `close()` (or `free()`) was called, with this `[code, reason]`:
   * `readyState` is `CLOSING` until `finished`. */
  closing;
  /** With `startClosed`: `open()` lets the first attempt go on, and
   * `held` is its `connecting` event, held back until then. */
  gate;
  held;

  /** `events`: the WebSocket-shaped listeners; `inbox`: how many unread
   * messages are kept (`{ capacity, maxBytes }`). */
  constructor(events, inbox, gate) {
    this.events = events;
    this.inbox = inbox;
    this.gate = gate;
    this.state = gate ? "stopped" : "connecting";
  }

  /** `startClosed` and `reconnect()` has not been called yet. */
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
    if (type === "connecting") {
      if (this.waitsAtGate()) {
        this.held = event;
        return;
      }
      // After `reconnect()` revived a stream that had ended.
      this.core?.pump();
    }
    let state = STATE_AFTER[type] ?? this.state;
    if (type === "stopped") state = event.reason === "closed-by-user" ? "closed" : "stopped";
    if (type === "unknown") state = this.core?.state() ?? state;
    const wasOpen = this.state === "open";
    if (type !== "unknown") this.dispatch(type, event);
    this.dispatch("event", event);
    this.#reportState(state);
    this.#dispatchDomEvent(event, wasOpen);
  }

  /** Messages that will not be sent: a `dropped` event (only). */
  dropped(reason, messages) {
    this.dispatch("dropped", { type: "dropped", reason, messages });
  }

  /** A message arrived but could not be read (a `Blob` the browser failed
   * to read, say): a `messageerror` event, so that it is never lost
   * without a word. The message stream goes on. */
  messageError(error) {
    this.dispatch("messageerror", { type: "messageerror", error });
  }

  /** The WebSocket-shaped events a connection event makes: `open`,
   * `close` (after `error` if it was not clean), and `error` for a failed
   * attempt. */
  #dispatchDomEvent(event, wasOpen) {
    const { events } = this;
    switch (event.type) {
      case "open":
        events.origin = originOfOpen(this.core);
        events.emitOpen();
        break;
      case "close":
        events.emitClose(event.code, event.reason, event.wasClean);
        break;
      case "stopped":
        // The user's own close of an open connection: the engine reports
        // no `close` for it, but the platform's `close` event comes, with
        // the code and reason given to `close()`.
        if (event.reason === "closed-by-user" && wasOpen) {
          const [code, reason] = this.closing ?? [1000, ""];
          events.emitClose(code, reason, true);
        }
        break;
      case "attemptfailed":
        events.emitError(event.error);
        break;
    }
  }

  #reportState(state) {
    const previous = this.state;
    this.state = state;
    if (previous !== state) this.dispatch("state", { type: "state", state, previous });
  }

  /** A message (and its size): to every reader and `message` listener,
   * or kept for the first one to come. */
  message(message, size) {
    if (!this.#hasConsumer()) {
      this.#reportOverflow(this.backlog.push(message, size, this.inbox));
      return;
    }
    const readers = [...this.readers];
    // Older messages first.
    this.flushBacklog();
    this.#handOut(message, size, readers);
  }

  /** Hands out the messages kept while nobody read, if someone does now. */
  flushBacklog() {
    while (this.#hasConsumer()) {
      const item = this.backlog.shift();
      if (!item) return;
      this.#handOut(item[0], item[1], [...this.readers]);
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
    for (const reader of readers) this.#reportOverflow(reader.push(message, size, this.inbox));
    this.dispatch("message", message);
    if (this.events.has("message")) this.events.emitMessage(message);
  }

  /** Unread messages that were discarded to keep within the `inbox`
   * limits: an `overflow` event hands them over, so that nothing goes
   * without a word. */
  #reportOverflow(discarded) {
    if (discarded.length > 0) this.dispatch("overflow", { type: "overflow", messages: discarded });
  }

  /** The message stream ended: so do the readers. */
  ended() {
    for (const reader of this.readers.splice(0)) reader.end();
  }

  /** The event stream ended: closed for good. */
  finish() {
    this.#reportState("closed");
    this.finished = true;
    this.core = undefined;
    for (const resolve of this.#finishing.splice(0)) resolve();
  }
}

/** The origin of the open connection's URL, for `MessageEvent.origin`. */
function originOfOpen(core) {
  return core ? originOf(core.url() ?? "") : "";
}
