// The WebSocket-shaped events both socket classes offer, so that code
// written for the platform's `WebSocket` (or for partysocket and
// reconnecting-websocket, which copy it) works unchanged. Both classes
// extend `EventTarget`, with its methods as the platform has them:
// `addEventListener` / `removeEventListener` / `dispatchEvent` for any
// event type, a listener added twice called once, `once`, `signal`,
// `handleEvent` objects, removal during a dispatch,
// `stopImmediatePropagation()`; and the `onopen` / `onmessage` / `onclose` /
// `onerror` properties (each keeps the place in the order where it was
// first set, as on the platform), `binaryType`, the `readyState` constants,
// and the event objects: `Event`, `MessageEvent` (with `data` as
// `binaryType` says), `CloseEvent` (`code`, `reason`, `wasClean`), and for
// `error` an `ErrorEvent` with the `error` where there is one. Where the
// runtime has no such class (Node before 23 has no `CloseEvent`), an
// `Event` with the same fields. `event.target`, `currentTarget` and `this`
// in a listener are the socket.
//
// The listeners are kept here rather than in the `EventTarget` itself: the
// engine must know whether anything listens for messages (they then go to
// the listeners instead of waiting for a reader), which the platform's
// `EventTarget` does not tell.
//
// JavaScript rather than Rust: every rule here is about JS values, and as
// Rust each `Reflect` call and error message weighed several times more.

import { describe } from "./describe.js";

/** What a socket class implements for its base: `[live]()` throws
 * `DisposedError` after `free()`; `[listening]()` is told that listeners
 * changed, so that events start (or stop) flowing. */
export const live = Symbol("live");
export const listening = Symbol("listening");
/** Where a socket keeps its `SocketEvents` (a symbol: not part of the API). */
export const events = Symbol("events");

/** The listeners of one socket, its `binaryType`, and the socket itself
 * (held weakly, for `event.target`: a socket with listeners is kept alive
 * by what delivers its events, as the platform keeps one). The Rust engine
 * holds this object and calls `has` and the `emit...` methods. */
export class SocketEvents {
  #listeners = [];
  #target;
  /** The origin of the open connection's URL, for `MessageEvent.origin`. */
  origin = "";
  binaryType = "blob";

  constructor(target) {
    this.#target = new WeakRef(target);
  }

  get target() {
    return this.#target.deref() ?? null;
  }

  /** Whether anything listens for `type` (a property or a listener). */
  has(type) {
    return this.#listeners.some((l) => l.type === type && !l.removed);
  }

  add(type, callback, capture, once, signal) {
    if (signal?.aborted) return;
    this.#listeners = this.#listeners.filter((l) => !l.removed);
    const duplicate = this.#listeners.some(
      (l) => !l.property && l.type === type && l.capture === capture && l.callback === callback,
    );
    if (duplicate) return;
    const listener = { type, callback, capture, once, removed: false, property: false };
    if (typeof signal?.addEventListener === "function") {
      signal.addEventListener(
        "abort",
        () => {
          listener.removed = true;
          this.target?.[listening]();
        },
        { once: true },
      );
    }
    this.#listeners.push(listener);
  }

  remove(type, callback, capture) {
    const index = this.#listeners.findIndex(
      (l) => !l.property && !l.removed && l.type === type && l.capture === capture && l.callback === callback,
    );
    if (index >= 0) this.#listeners.splice(index, 1)[0].removed = true;
  }

  /** The `on<type>` property: the function, or `null`. */
  property(type) {
    return this.#listeners.find((l) => l.property && l.type === type)?.callback ?? null;
  }

  /** A new function keeps the place of the one it replaces; `null` removes it. */
  setProperty(type, callback) {
    const index = this.#listeners.findIndex((l) => l.property && l.type === type);
    if (callback == null) {
      if (index >= 0) this.#listeners.splice(index, 1)[0].removed = true;
    } else if (index >= 0) {
      this.#listeners[index].callback = callback;
    } else {
      this.#listeners.push({ type, callback, capture: false, once: false, removed: false, property: true });
    }
  }

  /** Calls the listeners of `type` with `event`, in order. What a listener
   * throws is reported, as the platform does, and the others still run. */
  dispatch(type, event) {
    const due = this.#listeners.filter((l) => l.type === type && !l.removed);
    if (due.length === 0) return;
    const target = this.target;
    for (const key of ["target", "currentTarget", "srcElement"]) {
      Object.defineProperty(event, key, { value: target, configurable: true });
    }
    // The platform keeps the stop flag to itself: an own method notes the
    // call for this dispatch, and is removed afterwards.
    let stopped = false;
    const stop = event.stopImmediatePropagation;
    if (due.length > 1 && typeof stop === "function") {
      Object.defineProperty(event, "stopImmediatePropagation", {
        value() {
          stopped = true;
          stop.call(event);
        },
        configurable: true,
      });
    }
    try {
      for (const listener of due) {
        if (stopped) break;
        if (listener.removed) continue;
        if (listener.once) {
          listener.removed = true;
          this.#listeners = this.#listeners.filter((l) => !l.removed);
        }
        try {
          const { callback } = listener;
          if (typeof callback === "function") {
            callback.call(target, event);
          } else if (typeof callback.handleEvent === "function") {
            callback.handleEvent(event);
          } else {
            throw new TypeError("an event listener object has no handleEvent method");
          }
        } catch (exception) {
          report(exception);
        }
      }
    } finally {
      if (Object.hasOwn(event, "stopImmediatePropagation")) delete event.stopImmediatePropagation;
    }
  }

  emitOpen() {
    this.dispatch("open", newEvent("Event", "open", {}));
  }

  /** A message: a string, or bytes as a `Uint8Array` of their own, handed
   * over as `binaryType` says. */
  emitMessage(message) {
    let data = message;
    if (message instanceof Uint8Array) {
      data = this.binaryType === "arraybuffer" ? message.buffer : new Blob([message]);
    }
    this.dispatch("message", newEvent("MessageEvent", "message", { data, origin: this.origin }));
  }

  /** A close; an `error` event first if it was not clean, unless `quiet`
   * (the user's own close, or an `error` already said why). */
  emitClose(code, reason, wasClean, quiet) {
    if (!wasClean && !quiet) this.emitError();
    this.dispatch("close", newEvent("CloseEvent", "close", { code, reason, wasClean }));
  }

  /** An `error` event; with `error`, an `ErrorEvent` carrying it and its
   * message (the platform's own `error` events carry nothing). */
  emitError(error) {
    const event =
      error === undefined
        ? newEvent("Event", "error", {})
        : newEvent("ErrorEvent", "error", { error, message: error.message });
    this.dispatch("error", event);
  }
}

/** An event of `type` made with the global class `name` and `init`, or,
 * where the runtime has no such class, an `Event` with `init`'s fields. */
function newEvent(name, type, init) {
  const Class = globalThis[name];
  if (typeof Class === "function") {
    try {
      return new Class(type, init);
    } catch {
      // Made below.
    }
  }
  const event = new Event(type);
  for (const [key, value] of Object.entries(init)) {
    Object.defineProperty(event, key, { value, enumerable: true });
  }
  return event;
}

/** Reports an exception thrown by user code that this package called (an
 * event listener, a hook) the way the platform does for event listeners:
 * it surfaces as an unhandled rejection (logged by browsers; fatal in Node
 * by default) instead of being swallowed or stopping the other listeners. */
export function report(exception) {
  Promise.reject(exception);
}

/** The origin of a WebSocket URL (`ws://host:port`), as `MessageEvent`s
 * of the platform's WebSocket carry it. */
export function originOf(url) {
  try {
    const { origin } = new URL(url);
    if (origin !== "null") return origin;
  } catch {
    return "";
  }
  // `ws:` origins are "null" where the URL parser does not know the
  // scheme as special: scheme and host then.
  const [scheme, rest] = url.split("://", 2);
  return rest === undefined ? "" : `${scheme}://${rest.split(/[/?#]/)[0]}`;
}

/** The WebSocket shape of both socket classes, an `EventTarget`:
 * `addEventListener` and its kin, the `on<type>` properties, `binaryType`
 * and the `readyState` constants, over a `SocketEvents`. `name` is the
 * class's name for error messages. */
export class WebSocketShape extends EventTarget {
  #name;
  [events] = new SocketEvents(this);

  constructor(name) {
    super();
    this.#name = name;
  }

  /** `addEventListener(type, listener, options)`, as on the platform's
   * `WebSocket`: any type (`dispatchEvent` can deliver any); a listener
   * that is neither a function nor an object is a `TypeError`. */
  addEventListener(type, listener, options) {
    this[live]();
    type = String(type);
    // As the platform: nothing to add.
    if (listener == null) return;
    if (typeof listener !== "object" && typeof listener !== "function") {
      throw new TypeError(
        `${this.#name}.addEventListener takes a function or an object with a handleEvent ` +
          `method as the listener, not ${describe(listener)}`,
      );
    }
    const { capture, once, signal } = listenerOptions(options);
    this[events].add(type, listener, capture, once, signal);
    this[listening]();
  }

  /** `removeEventListener(type, listener, options)`. */
  removeEventListener(type, listener, options) {
    this[live]();
    this[events].remove(String(type), listener, listenerOptions(options).capture);
    this[listening]();
  }

  /** `dispatchEvent(event)`: to the listeners of `event.type` (any type);
   * `false` if a listener called `preventDefault()` on a cancelable event. */
  dispatchEvent(event) {
    this[live]();
    if (typeof event !== "object" || event === null || typeof event.type !== "string") {
      throw new TypeError(`${this.#name}.dispatchEvent takes an Event, not ${describe(event)}`);
    }
    this[events].dispatch(event.type, event);
    return !event.defaultPrevented;
  }

  #property(type) {
    this[live]();
    return this[events].property(type);
  }

  #setProperty(type, handler) {
    this[live]();
    if (handler != null && typeof handler !== "function") {
      throw new TypeError(`${this.#name}.on${type} must be a function or null, not ${describe(handler)}`);
    }
    this[events].setProperty(type, handler);
    this[listening]();
  }

  get onopen() {
    return this.#property("open");
  }
  set onopen(handler) {
    this.#setProperty("open", handler);
  }
  get onmessage() {
    return this.#property("message");
  }
  set onmessage(handler) {
    this.#setProperty("message", handler);
  }
  get onclose() {
    return this.#property("close");
  }
  set onclose(handler) {
    this.#setProperty("close", handler);
  }
  get onerror() {
    return this.#property("error");
  }
  set onerror(handler) {
    this.#setProperty("error", handler);
  }

  /** What binary messages are to `message` listeners: `"blob"` (the
   * default, as on the platform) or `"arraybuffer"`; anything else is a
   * `TypeError` (the platform would ignore it without a word). */
  get binaryType() {
    this[live]();
    return this[events].binaryType;
  }
  set binaryType(value) {
    this[live]();
    if (value !== "blob" && value !== "arraybuffer") {
      throw new TypeError(`${this.#name}.binaryType must be "blob" or "arraybuffer", not ${describe(value)}`);
    }
    this[events].binaryType = value;
  }

  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  get CONNECTING() {
    return 0;
  }
  get OPEN() {
    return 1;
  }
  get CLOSING() {
    return 2;
  }
  get CLOSED() {
    return 3;
  }
}

/** `capture`, `once` and `signal` from the options argument (a boolean is
 * `capture`). */
function listenerOptions(options) {
  if (options === null || (typeof options !== "object" && typeof options !== "function")) {
    return { capture: Boolean(options), once: false, signal: undefined };
  }
  return { capture: Boolean(options.capture), once: Boolean(options.once), signal: options.signal ?? undefined };
}
