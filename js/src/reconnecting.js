// `ReconnectingSocket`: a connection that comes back by itself, for JS.
// The engine (reconnecting.rs, over the crate's `ReconnectingWebSocket`)
// connects, retries, queues and reports; this class checks what JS code
// hands it, and the hub (reconnect_hub.js) hands out what the engine
// reports.
//
// The engine stops for good at `close()`, and its offline queue can only
// be emptied by closing it: `reconnect()` after `close()` and
// `drainQueuedMessages()` start a new engine with the same options, which
// the hub and every listener carry over to.

import { closeArguments } from "./close.js";
import { checkWebSocketAvailable, disposedError, makeError } from "./errors.js";
import { engine } from "./engine.js";
import { WebSocketShape, events, listening, live } from "./event_target.js";
import { describe } from "./describe.js";
import { MessageIterator } from "./message_iterator.js";
import { outgoing } from "./outgoing.js";
import { Hub, NEVER_OPENED, Port } from "./reconnect_hub.js";
import { engineConfig, readOptions } from "./reconnect_options.js";
import { Subscription } from "./unread.js";

/** The event types `on()` takes. `message` listeners get the message
 * itself; all others get an object with a `type`. */
const EVENT_TYPES = [
  "state",
  "message",
  "dropped",
  "messageerror",
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

/** What the first attempt of an engine waits for: `reconnect()` opens
 * it. Meanwhile the socket's state is `state` (`"stopped"` for
 * `startClosed`). */
class Gate {
  isOpen = false;
  #open;
  opened = new Promise((resolve) => (this.#open = resolve));

  constructor(state) {
    this.state = state;
  }

  open() {
    this.isOpen = true;
    this.#open();
  }
}

export class ReconnectingSocket extends WebSocketShape {
  #core;
  #hub;
  /** The checked options, for every engine. */
  #read;
  /** The URL as given, if it was a string: `url` before the first open. */
  #givenUrl;
  /** What `send()` queued, newest last: the engine's queue is its last
   * `queued` items (it only ever takes from the front), which
   * `drainQueuedMessages()` hands back as they were given. */
  #queued = [];
  #disposed = false;
  /** The `signal` aborted: closed for good, `reconnect()` included. */
  #aborted = false;
  /** A listener waits for the `signal` to abort. */
  #watching = false;

  /**
   * `new ReconnectingSocket(url, options)`, or the form of partysocket and
   * reconnecting-websocket: `new ReconnectingSocket(url, protocols,
   * options)`, where `protocols` is a string, an array, `null`,
   * `undefined` or a function.
   */
  constructor(url, protocols, options) {
    super("ReconnectingSocket");
    if (protocols !== null && typeof protocols === "object" && !Array.isArray(protocols)) {
      // `(url, options)`.
      if (options !== undefined) {
        throw new TypeError(
          `new ReconnectingSocket: the second argument is the options object, so there is no third (got ${describe(options)})`,
        );
      }
      [protocols, options] = [undefined, protocols];
    }
    const read = readOptions(url, protocols, options);
    if (read.base.WebSocket === undefined) checkWebSocketAvailable();
    this.#read = read;
    this.#hub = new Hub(this[events], read.maxUnread);
    if (read.debug) {
      const log = read.debug;
      this.#hub.listeners.push(
        ["event", (event) => log("ReconnectingSocket>", event.type, event)],
        ["state", (event) => log("ReconnectingSocket>", "state", event.state)],
      );
    }
    this.#givenUrl = typeof url === "string" ? url : typeof url?.href === "string" ? url.href : "";
    this.#start(read.startClosed ? new Gate("stopped") : undefined);
  }

  /** Starts an engine; its first attempt waits for `gate`, if given. */
  #start(gate) {
    const hub = this.#hub;
    const port = new Port(hub);
    hub.port = port;
    hub.finished = false;
    hub.closing = undefined;
    hub.closeResult = undefined;
    hub.gate = gate;
    hub.held = undefined;
    hub.restarting = false;
    hub.overLimit = false;
    if (gate && hub.state === null) hub.state = gate.state;
    // The engine subscribes to its events before its driver first runs:
    // the first `connecting` is not missed.
    port.core = engine.reconnecting(engineConfig(this.#read, gate?.opened), port);
    this.#core = port.core;
    this.#watchSignal();
  }

  /** Closes the socket for good (code 1000) when the `signal` option
   * aborts, or now if it has. The socket may be let go of meanwhile (it
   * runs until closed), so the listener holds it, until it has closed
   * (and no `reconnect()` started it again). */
  #watchSignal() {
    const { signal } = this.#read;
    if (!signal || this.#watching) return;
    const abort = () => {
      this.#aborted = true;
      this.#hub.afterFinish = undefined;
      this.#close(1000, "");
    };
    if (signal.aborted) {
      abort();
      return;
    }
    this.#watching = true;
    signal.addEventListener("abort", abort, { once: true });
    const hub = this.#hub;
    const unwatch = () =>
      hub.whenFinished().then(() => {
        if (!hub.finished) return unwatch();
        signal.removeEventListener("abort", abort);
        this.#watching = false;
      });
    unwatch();
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

  /**
   * Sends now if a connection is open, else queues (see the declarations).
   * A `Blob` is sent only while a connection is open: queueing it would
   * mean reading it first, a promise that would let later messages
   * overtake it.
   */
  send(data) {
    const core = this[live]();
    if (typeof Blob === "function" && data instanceof Blob) {
      if (this.#hub.closing || this.#hub.finished) {
        throw makeError("AlreadyClosedError", "the socket is closing or closed; the Blob was not sent", true);
      }
      core.sendBlob(data);
      return "sent";
    }
    const result = core.send(outgoing(data, "ReconnectingSocket.send", false));
    if (result === "queued") {
      this.#queued.push(data);
      const queued = core.queued();
      if (this.#queued.length > queued) this.#queued.splice(0, this.#queued.length - queued);
    }
    return result;
  }

  /**
   * Takes the messages waiting in the offline queue out of it and returns
   * them, as they were given to `send()`, oldest first: they will not be
   * sent. The queue is emptied by starting a new engine (see the
   * declarations for what that means for an attempt under way).
   */
  drainQueuedMessages() {
    const core = this[live]();
    const count = core.queued();
    const drained = count === 0 ? [] : this.#queued.slice(-count);
    this.#queued = [];
    if (count > 0) {
      const hub = this.#hub;
      // A socket that waits for reconnect() keeps waiting; any other
      // starts its next attempt now.
      const state = this.state;
      const gate = hub.waitsAtGate() || state === "gave-up" || state === "stopped" ? new Gate(state) : undefined;
      this.#retire(core);
      this.#start(gate);
    }
    return drained;
  }

  /** Stops the current engine without a word: a new one takes over. */
  #retire(core) {
    const hub = this.#hub;
    hub.port = undefined;
    try {
      core.close(1000, "");
    } catch {
      // Closed already.
    }
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
    const hub = this.#hub;
    return hub.waitsAtGate() && state !== "closed" ? hub.gate.state : state;
  }

  get queued() {
    return this[live]().queued();
  }

  /** The retry number of the current (or next) attempt: 0 for the first
   * connection, and again after `reconnect()`. */
  get retryCount() {
    this[live]();
    return this.#hub.retry.count;
  }

  /** Whether it will connect again by itself when a connection ends or
   * an attempt fails: not after `close()`, a stop, giving up, or with
   * `startClosed` before `reconnect()`. */
  get shouldReconnect() {
    const state = this[live]().state();
    const hub = this.#hub;
    return !(hub.finished || hub.closing || hub.waitsAtGate() || FINAL_STATES.includes(state));
  }

  /**
   * Connects now. While open: closes the connection with `code` (1000)
   * and `reason`, then connects again at once. While waiting to retry,
   * offline, gave up or stopped: starts an attempt now. After `close()`:
   * starts again (unless it was closed by its `signal` or `free()`).
   * While connecting: nothing (an attempt is under way). The retry count
   * starts from 0.
   */
  reconnect(code, reason) {
    const core = this[live]();
    [code, reason] = closeArguments(code, reason, "ReconnectingSocket.reconnect");
    const hub = this.#hub;
    if (hub.finished || hub.closing) {
      if (this.#aborted) return;
      this.#fresh();
      if (hub.finished) this.#start(undefined);
      // Once the close in progress has finished, with its `close` event.
      else hub.afterFinish = () => this.#start(undefined);
      return;
    }
    if (hub.waitsAtGate()) {
      this.#fresh();
      hub.gate.open();
      const held = hub.held;
      hub.held = undefined;
      if (held) hub.event(held);
      return;
    }
    const state = core.state();
    if (state === "open") {
      if (core.closeConnection(code, reason)) {
        hub.restarting = true;
        this.#fresh();
      }
      return;
    }
    if (state !== "connecting") this.#fresh();
    core.reconnect();
  }

  /** The retry count starts from 0 again. */
  #fresh() {
    const { retry } = this.#hub;
    retry.fresh = true;
    retry.count = 0;
  }

  close(code, reason) {
    try {
      this[live]();
      [code, reason] = closeArguments(code, reason, "ReconnectingSocket.close");
      return this.#close(code, reason);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Closes for good: a second call is a no-op that returns what the first
   * did, as the platform's `close()` is. A `close` event follows if the
   * socket was connecting or open. */
  #close(code, reason) {
    const hub = this.#hub;
    // A close after `reconnect()` after `close()`: it stays closed.
    hub.afterFinish = undefined;
    if (hub.closeResult) return hub.closeResult;
    const fires = this.#readyState() !== 3;
    let wasOpen = false;
    try {
      wasOpen = this.#core.close(code, reason);
    } catch (error) {
      if (error?.name !== "AlreadyClosedError") throw error;
    }
    hub.closing = { code, reason, fires, wasOpen };
    hub.closeResult = hub.whenFinished().then(() => ({ ...(hub.lastClose ?? NEVER_OPENED) }));
    return hub.closeResult;
  }

  free() {
    if (!this.#disposed) {
      this.#disposed = true;
      this.#hub.afterFinish = undefined;
      this.#close(1000, "");
    }
  }

  [Symbol.dispose]() {
    this.free();
  }

  get readyState() {
    this[live]();
    return this.#readyState();
  }

  #readyState() {
    const state = this.#core.state();
    const hub = this.#hub;
    if (hub.finished || hub.dispatchingClose) return 3;
    if (hub.closing || hub.restarting) return 2;
    if (hub.waitsAtGate()) return 3;
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
