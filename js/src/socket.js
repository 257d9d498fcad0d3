// `Socket`: one WebSocket connection for JS. `await Socket.connect(url)`,
// or the platform's `new Socket(url, protocols)`; `send`, `for await` over
// the messages, `await close(code, reason)`; and the platform's
// `WebSocket` shape: `readyState`, `binaryType`, `onopen`, `onmessage`,
// `addEventListener`, ... (event_target.js).
//
// The connection itself is the Rust engine's (socket.rs): this class
// checks what JS code hands it, names the states, and stands in for the
// connection until it is open.

import { engine } from "./engine.js";
import { checkWebSocketAvailable, disposedError, makeError } from "./errors.js";
import { WebSocketShape, events, listening, live, originOf } from "./event_target.js";
import { MessageIterator } from "./message_iterator.js";
import { NEVER_CONNECTS, Options, stringsOf, urlOf } from "./options.js";
import { closeArguments } from "./close.js";
import { outgoing } from "./outgoing.js";

const CONNECT_OPTIONS = ["protocols", "timeoutMs", "WebSocket", "maxMessageSize", "maxUnread", "signal"];
const STATES = ["connecting", "open", "closing", "closed"];

/** Which method makes the socket, for error messages. */
let calledAs = "new Socket";

/** How a connection that never opened ended, as the platform's `close`
 * event says it: code 1006, not clean (unless the server's refusal had a
 * close code). */
function neverOpened(error) {
  const refused = error?.name === "ConnectFailedError";
  return {
    code: refused ? error.code : 1006,
    reason: refused ? error.reason : "",
    wasClean: refused ? error.wasClean : false,
  };
}

export class Socket extends WebSocketShape {
  /** The engine, once open. */
  #core;
  /** Resolves to the engine once open; rejects with why it never opened. */
  #opening;
  /** Stops the connect: `close()`, `free()` and the `signal` option. */
  #abort = new AbortController();
  #url;
  /** How it closed, if it never opened. */
  #neverOpened;
  /** `close()` was called before the open: `[code, reason]`. */
  #closing;
  /** What `close()` returns, once called: a second call returns it again. */
  #closeResult;
  #disposed = false;

  /**
   * Starts connecting to `url` and returns at once, as the platform's
   * `new WebSocket(url, protocols)`: `open` fires once connected; a failed
   * connect fires `error` (an `ErrorEvent` with the error) and `close`.
   * The second argument: the subprotocols (a string, an array, `null`) or
   * the options of `Socket.connect`.
   */
  constructor(url, options) {
    super("Socket");
    const given = connectOptions(url, options, calledAs);
    if (given.WebSocket === undefined) checkWebSocketAvailable();
    this.#url = given.url;
    const abort = this.#abort;
    const { signal } = given;
    if (signal?.aborted) abort.abort(signal.reason);
    else signal?.addEventListener("abort", () => abort.abort(signal.reason), { once: true });
    const socketEvents = this[events];
    this.#opening = engine
      .connect(
        given.url,
        given.protocols,
        given.timeoutMs,
        given.WebSocket,
        given.maxMessageSize,
        given.maxUnread,
        abort.signal,
        socketEvents,
      )
      .then(
        (core) => this.#opened(core),
        (error) => {
          this.#failed(error);
          throw error;
        },
      );
    // Handled: the failure is told by the events, `connect`, and any read.
    this.#opening.catch(() => {});
  }

  /**
   * Connects to `url` and resolves once the connection is open; rejects
   * with why it could not.
   */
  static async connect(url, options) {
    calledAs = "Socket.connect";
    let socket;
    try {
      socket = new Socket(url, options);
    } finally {
      calledAs = "new Socket";
    }
    await socket.#opening;
    return socket;
  }

  /** The engine once open; `undefined` if `close()` or `free()` stopped
   * the connect; rejects with why it failed otherwise. */
  async #whenOpen() {
    try {
      return await this.#opening;
    } catch (error) {
      if (this.#closing || this.#disposed) return undefined;
      throw error;
    }
  }

  #opened(core) {
    this.#core = core;
    this[events].origin = originOf(core.url());
    if (this.#disposed) {
      core.dispose();
    } else if (this.#closing) {
      // Closed while connecting, and opened all the same: closed now,
      // with no `open` event, as the platform does.
      core.close(...this.#closing).catch(() => {});
      this[listening]();
    } else {
      this[listening]();
      this[events].emitOpen();
    }
    return core;
  }

  #failed(error) {
    const info = neverOpened(error);
    this.#neverOpened = info;
    if (this.#disposed) return;
    // The user's own close (or abort) is no failure: `close` only.
    const quiet = this.#closing !== undefined || this.#abort.signal.aborted;
    if (!quiet) this[events].emitError(error);
    this[events].emitClose(info.code, info.reason, info.wasClean, true);
  }

  [live]() {
    if (this.#disposed) throw disposedError("Socket");
    return this.#core;
  }

  [listening]() {
    this.#core?.listen();
  }

  send(data) {
    const core = this[live]();
    if (!core) {
      throw this.#neverOpened
        ? makeError("AlreadyClosedError", "the websocket never opened; nothing was sent", true)
        : makeError("NotYetOpenError", "the websocket is not open yet; nothing was sent", true);
    }
    core.send(outgoing(data, "Socket.send", true));
  }

  async next() {
    const core = this[live]() ?? (await this.#whenOpen());
    return core ? core.next() : undefined;
  }

  [Symbol.asyncIterator]() {
    this[live]();
    return new MessageIterator(() => this.next());
  }

  close(code, reason) {
    try {
      const core = this[live]();
      const [checkedCode, checkedReason] = closeArguments(code, reason, "Socket.close");
      if (this.#closeResult) return this.#closeResult;
      if (core) {
        this.#closeResult = core.close(checkedCode, checkedReason);
      } else {
        this.#closing = [checkedCode, checkedReason];
        this.#abort.abort();
        this.#closeResult = this.closed;
      }
      return this.#closeResult;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  get closed() {
    const core = this[live]();
    if (core) return core.closed();
    return this.#opening.then(
      (opened) => opened.closed(),
      () => ({ ...this.#neverOpened }),
    );
  }

  async flush() {
    const core = this[live]() ?? (await this.#whenOpen());
    return core?.flush();
  }

  free() {
    if (!this.#disposed) {
      this.#disposed = true;
      if (this.#core) this.#core.dispose();
      else this.#abort.abort();
    }
  }

  [Symbol.dispose]() {
    this.free();
  }

  get state() {
    return STATES[this.readyState];
  }

  get readyState() {
    const core = this[live]();
    if (core) return core.state();
    if (this.#neverOpened) return 3;
    return this.#closing ? 2 : 0;
  }

  get bufferedAmount() {
    return this[live]()?.bufferedAmount() ?? 0;
  }

  get protocol() {
    return this[live]()?.protocol() ?? "";
  }

  get extensions() {
    return this[live]()?.extensions() ?? "";
  }

  /** The URL as the runtime resolved it once connected; the one given
   * before. */
  get url() {
    return this[live]()?.url() ?? this.#url;
  }
}

/** The arguments of `new Socket` and `Socket.connect`, checked. */
function connectOptions(url, options, method) {
  url = urlOf(url, method);
  if (options === null || typeof options === "string" || Array.isArray(options)) {
    // The platform's form: just the subprotocols (`null`: none).
    const protocols = options === null ? [] : stringsOf(options);
    if (protocols === undefined) throw new TypeError(`${method}: the subprotocols must all be strings`);
    return { url, protocols };
  }
  const given = new Options(options, `${method} options`, CONNECT_OPTIONS);
  return {
    url,
    protocols: given.strings("protocols") ?? [],
    timeoutMs: given.duration("timeoutMs", NEVER_CONNECTS),
    WebSocket: given.function("WebSocket"),
    maxMessageSize: given.count("maxMessageSize"),
    maxUnread: given.count("maxUnread"),
    signal: given.signal("signal", `${method} options.signal`),
  };
}
