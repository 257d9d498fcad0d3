// `Socket`: one WebSocket connection for JS. `await Socket.connect(url)`,
// `send`, `for await` over the messages, `await close(code, reason)`; and
// the platform's `WebSocket` shape: `readyState`, `binaryType`,
// `onmessage`, `addEventListener`, ... (event_target.js).
//
// The connection itself is the Rust engine's (socket.rs): this class
// checks what JS code hands it, and names the states.

import { engine } from "./engine.js";
import { checkWebSocketAvailable, disposedError } from "./errors.js";
import { WebSocketShape, events, listening, live, originOf } from "./event_target.js";
import { MessageIterator } from "./message_iterator.js";
import { NEVER_CONNECTS, Options, stringsOf, urlOf } from "./options.js";
import { closeArguments } from "./close.js";
import { outgoing } from "./outgoing.js";

const CONNECT_OPTIONS = ["protocols", "timeoutMs", "WebSocket", "maxMessageSize", "signal"];
const STATES = ["connecting", "open", "closing", "closed"];

/** Only `connect` makes sockets. */
const making = Symbol("making");

export class Socket extends WebSocketShape {
  #core;
  #disposed = false;

  constructor(token) {
    super("Socket", "");
    if (token !== making) throw new TypeError("Socket has no constructor: use `await Socket.connect(url)`");
  }

  static async connect(url, options) {
    url = urlOf(url, "Socket.connect");
    let protocols = [];
    let timeoutMs, WebSocket, maxMessageSize, signal;
    if (typeof options === "string" || Array.isArray(options)) {
      // The shorthand: just the subprotocols.
      protocols = stringsOf(options);
      if (protocols === undefined) throw new TypeError("Socket.connect: the subprotocols must all be strings");
    } else {
      const given = new Options(options, "Socket.connect options", CONNECT_OPTIONS);
      protocols = given.strings("protocols") ?? [];
      timeoutMs = given.duration("timeoutMs", NEVER_CONNECTS);
      WebSocket = given.function("WebSocket");
      maxMessageSize = given.count("maxMessageSize");
      signal = given.signal("signal", "Socket.connect options.signal");
    }
    if (WebSocket === undefined) checkWebSocketAvailable();
    const socket = new Socket(making);
    const core = await engine.connect(url, protocols, timeoutMs, WebSocket, maxMessageSize, signal, socket[events]);
    socket.#core = core;
    socket[events].origin = originOf(core.url());
    return socket;
  }

  [live]() {
    if (this.#disposed) throw disposedError("Socket");
    return this.#core;
  }

  [listening]() {
    this.#core.listen();
  }

  send(data) {
    this[live]().send(outgoing(data, "Socket.send", true));
  }

  async next() {
    return this[live]().next();
  }

  [Symbol.asyncIterator]() {
    const core = this[live]();
    return new MessageIterator(() => core.next());
  }

  close(code, reason) {
    try {
      const core = this[live]();
      const [checkedCode, checkedReason] = closeArguments(code, reason, "Socket.close");
      return core.close(checkedCode, checkedReason);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  get closed() {
    return this[live]().closed();
  }

  async flush() {
    return this[live]().flush();
  }

  free() {
    if (!this.#disposed) {
      this.#disposed = true;
      this.#core.dispose();
    }
  }

  [Symbol.dispose]() {
    this.free();
  }

  get state() {
    return STATES[this[live]().state()];
  }

  get readyState() {
    return this[live]().state();
  }

  get bufferedAmount() {
    return this[live]().bufferedAmount();
  }

  get protocol() {
    return this[live]().protocol();
  }

  get extensions() {
    return this[live]().extensions();
  }

  get url() {
    return this[live]().url();
  }
}
