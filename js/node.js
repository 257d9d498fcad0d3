// The package's entry for Node (selected by the "node" condition of
// "exports"): reads the WebAssembly module from disk, since the browser
// entry's fetch() cannot load file: URLs, and first makes Node's WebSocket
// behave as the engine expects of a browser's (below).
import { readFileSync } from "node:fs";
import { initSync } from "./wasm_websocket.js";

patchEventClasses();
closeAfterFailedHandshake();
initSync({ module: readFileSync(new URL("./wasm_websocket_bg.wasm", import.meta.url)) });

export * from "./wasm_websocket.js";

// The engine tells a close or message event from other events with
// `instanceof CloseEvent` / `instanceof MessageEvent`, as in a browser. Node
// before 23 has no global CloseEvent, and its WebSocket dispatches a
// MessageEvent class of its own that the global one does not recognise, so
// without this every close and message would be ignored. For each class,
// events that a WebSocket dispatched with that type are also recognised
// (and a CloseEvent class is defined where there is none); other objects
// are judged as before.
function patchEventClasses() {
  const { WebSocket, Event } = globalThis;
  if (typeof WebSocket !== "function" || typeof Event !== "function") {
    return; // Socket.connect reports the missing WebSocket itself.
  }
  // One patch per class even with two copies of the package loaded.
  const patched = Symbol.for("wasm-websocket.event-class-patched");
  const fromWebSocket = (type) => (value) =>
    value instanceof Event && value.type === type && value.target instanceof WebSocket;

  if (typeof globalThis.CloseEvent !== "function") {
    // Enough of the standard class to construct one, for code that does.
    class CloseEvent extends Event {
      #code;
      #reason;
      #wasClean;
      constructor(type, init = {}) {
        super(type, init);
        this.#code = init.code ?? 0;
        this.#reason = init.reason ?? "";
        this.#wasClean = init.wasClean ?? false;
      }
      get code() {
        return this.#code;
      }
      get reason() {
        return this.#reason;
      }
      get wasClean() {
        return this.#wasClean;
      }
    }
    Object.defineProperty(globalThis, "CloseEvent", {
      value: CloseEvent,
      writable: true,
      configurable: true,
    });
  }
  for (const [name, type] of [["CloseEvent", "close"], ["MessageEvent", "message"]]) {
    const Class = globalThis[name];
    if (typeof Class !== "function" || Class[patched]) continue;
    const ordinary = Function.prototype[Symbol.hasInstance];
    const isWebSocketEvent = fromWebSocket(type);
    Object.defineProperty(Class, Symbol.hasInstance, {
      value(value) {
        return ordinary.call(this, value) || (this === Class && isWebSocketEvent(value));
      },
      configurable: true,
    });
    Object.defineProperty(Class, patched, { value: true });
  }
}

// A browser that cannot open a connection (refused, a 4xx answer) fires
// `error` and then `close` (code 1006), and its readyState becomes CLOSED;
// the engine waits for that `close` to report the failure. Node's WebSocket
// (undici 6, in Node 20 and 22) fires only `error` and stays CONNECTING, so
// `Socket.connect` would never settle and a ReconnectingSocket would never
// retry. The global is replaced by a subclass that completes the failure as
// a browser does, only when the runtime itself did not fire `close` by the
// next turn of the event loop; everything else is inherited.
function closeAfterFailedHandshake() {
  const Base = globalThis.WebSocket;
  const { CloseEvent } = globalThis;
  const marker = Symbol.for("wasm-websocket.closes-failed-handshakes");
  if (typeof Base !== "function" || typeof CloseEvent !== "function" || Base[marker]) {
    return;
  }
  class WebSocket extends Base {
    #failed = false;

    constructor(...args) {
      super(...args);
      let closed = false;
      this.addEventListener("close", () => {
        closed = true;
      });
      this.addEventListener("error", () => {
        if (super.readyState !== Base.CONNECTING) return;
        setTimeout(() => {
          if (closed || super.readyState !== Base.CONNECTING) return;
          this.#failed = true;
          this.dispatchEvent(new CloseEvent("close", { code: 1006, reason: "", wasClean: false }));
        }, 0);
      });
    }

    get readyState() {
      return this.#failed ? Base.CLOSED : super.readyState;
    }
  }
  Object.defineProperty(WebSocket, marker, { value: true });
  Object.defineProperty(globalThis, "WebSocket", {
    value: WebSocket,
    writable: true,
    configurable: true,
  });
}
