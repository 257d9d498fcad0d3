// `ReconnectingSocket`: a connection that comes back by itself, for JS.
// The engine (reconnecting.rs, over the crate's `ReconnectingWebSocket`)
// connects, retries, queues and reports; this class checks what JS code
// hands it, and the hub (reconnect_hub.js) hands out what the engine
// reports.

import { closeArguments } from "./close.js";
import { checkWebSocketAvailable, disposedError } from "./errors.js";
import { engine } from "./engine.js";
import { WebSocketShape, events, listening, live } from "./event_target.js";
import { describe } from "./describe.js";
import { MessageIterator } from "./message_iterator.js";
import { outgoing } from "./outgoing.js";
import { Hub } from "./reconnect_hub.js";
import { readOptions } from "./reconnect_options.js";
import { Subscription } from "./unread.js";

/** The event types `on()` takes. `message` listeners get the message
 * itself; all others get an object with a `type`. */
const EVENT_TYPES = [
  "state",
  "message",
  "dropped",
  "messageerror",
  "overflow",
  "event",
  "connecting",
  "open",
  "attemptfailed",
  "close",
  "reconnecting",
  "dead",
  "offline",
  "resumed",
  "gaveup",
  "stopped",
  "suspended",
];

const FINAL_STATES = ["gave-up", "stopped", "closed"];

/** What the first attempt waits for with `startClosed`: `reconnect()`
 * opens it. */
class Gate {
  isOpen = false;
  #open;
  opened = new Promise((resolve) => (this.#open = resolve));

  open() {
    this.isOpen = true;
    this.#open();
  }
}

export class ReconnectingSocket extends WebSocketShape {
  #core;
  #hub;
  /** The URL as given, if it was a string: `url` before the first open. */
  #givenUrl;
  #disposed = false;

  constructor(url, options) {
    super("ReconnectingSocket", "; its other events (state, reconnecting, ...) are on on()");
    const gate = new Gate();
    const { config, startClosed, signal, inbox } = readOptions(url, options, gate.opened);
    if (config.WebSocket === undefined) checkWebSocketAvailable();
    this.#hub = new Hub(this[events], inbox, startClosed ? gate : undefined);
    // The engine subscribes to its events before its driver first runs:
    // the first `connecting` is not missed.
    this.#core = engine.reconnecting(config, this.#hub);
    this.#hub.core = this.#core;
    this.#givenUrl = typeof url === "string" ? url : "";
    if (signal) closeOnAbort(signal, this.#core, this.#hub);
  }

  [live]() {
    if (this.#disposed) throw disposedError("ReconnectingSocket");
    return this.#core;
  }

  /** A `message` listener may have just been added: it gets what arrived
   * while nobody listened (not from inside the call: the caller may not
   * be ready for it yet). */
  [listening]() {
    const hub = this.#hub;
    if (hub.backlog.length > 0 && this[events].has("message")) queueMicrotask(() => hub.flushBacklog());
  }

  send(data) {
    const core = this[live]();
    return core.send(outgoing(data, "ReconnectingSocket.send", false));
  }

  [Symbol.asyncIterator]() {
    const core = this[live]();
    const hub = this.#hub;
    const subscription = new Subscription();
    subscription.takeOver(hub.backlog);
    // Once the stream has ended, it reads what was left, then stops.
    if (core.pumping()) hub.readers.push(subscription);
    else subscription.end();
    return new MessageIterator(
      () => subscription.next(),
      () => subscription.leave(),
    );
  }

  on(type, listener) {
    this[live]();
    type = eventType(type);
    if (typeof listener !== "function") {
      throw new TypeError(`ReconnectingSocket.on takes a function as the listener, not ${describe(listener)}`);
    }
    const hub = this.#hub;
    const entry = [type, listener];
    hub.listeners.push(entry);
    if (type === "message" && hub.backlog.length > 0) queueMicrotask(() => hub.flushBacklog());
    return () => removeListener(hub, type, listener);
  }

  off(type, listener) {
    this[live]();
    removeListener(this.#hub, eventType(type), listener);
  }

  get state() {
    const state = this[live]().state();
    return this.#hub.waitsAtGate() && state !== "closed" ? "stopped" : state;
  }

  get queued() {
    return this[live]().queued();
  }

  reconnect() {
    const core = this[live]();
    const hub = this.#hub;
    if (!hub.waitsAtGate()) {
      core.reconnect();
    } else if (core.state() !== "closed") {
      hub.gate.open();
      const held = hub.held;
      hub.held = undefined;
      if (held) hub.event(held);
    }
  }

  close(code, reason) {
    try {
      const core = this[live]();
      [code, reason] = closeArguments(code, reason, "ReconnectingSocket.close");
      core.close(code, reason);
      this.#hub.closing = [code, reason];
      return this.#hub.whenFinished();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  free() {
    if (!this.#disposed) {
      this.#disposed = true;
      // Closed already is fine: there is nothing left to stop.
      closeNormally(this.#core, this.#hub);
    }
  }

  [Symbol.dispose]() {
    this.free();
  }

  get readyState() {
    const state = this[live]().state();
    const hub = this.#hub;
    if (hub.closing && !hub.finished) return 2;
    if (hub.finished || hub.waitsAtGate()) return 3;
    if (state === "open") return 1;
    return FINAL_STATES.includes(state) ? 3 : 0;
  }

  get bufferedAmount() {
    return this[live]().bufferedAmount();
  }

  get url() {
    return this[live]().url() ?? this.#givenUrl;
  }

  get protocol() {
    return this[live]().protocol() ?? "";
  }

  get extensions() {
    return this[live]().extensions() ?? "";
  }
}

/** Closes for good with code 1000, unless closed already. */
function closeNormally(core, hub) {
  if (core.closeNormally()) hub.closing = [1000, ""];
}

/** Closes the socket (code 1000) when `signal` aborts, or now if it has.
 * The socket may be let go of meanwhile (it runs until closed), so the
 * listener holds what closes it, until it has closed for good. */
function closeOnAbort(signal, core, hub) {
  if (signal.aborted) {
    closeNormally(core, hub);
    return;
  }
  const close = () => closeNormally(core, hub);
  signal.addEventListener("abort", close, { once: true });
  hub.whenFinished().then(() => signal.removeEventListener("abort", close));
}

function eventType(type) {
  if (EVENT_TYPES.includes(type)) return type;
  throw new TypeError(`unknown event type ${describe(type)}: use one of ${EVENT_TYPES.join(", ")}`);
}

/** Removes a listener registered with `on()` (once, if it was added more
 * than once). */
function removeListener(hub, type, listener) {
  const index = hub.listeners.findIndex(([kind, l]) => kind === type && l === listener);
  if (index >= 0) hub.listeners.splice(index, 1);
}
