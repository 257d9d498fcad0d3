// Compiled (never run) by `npm test` with `tsc --noEmit --strict` against the
// built package's declarations: the documented usage type-checks, and
// misuse is a type error (each `@ts-expect-error` fails the build if the
// line below it stops being an error).
import {
  ConnectFailedError,
  ConnectTimeoutError,
  ReconnectingSocket,
  Socket,
  WebSocketError,
  type CloseInfo,
  type ReconnectingState,
  type SendResult,
  type WebSocketErrorName,
} from "../../../pkg/index.js";

export async function plainSocket(): Promise<CloseInfo> {
  const socket = await Socket.connect("ws://127.0.0.1:8787/echo", { protocols: ["chat.v2"], timeoutMs: 5000 });
  socket.send("hello");
  socket.send(new Uint8Array([1, 2, 3]));
  socket.send(new Blob(["bytes"]));
  for await (const message of socket) {
    const text: string | Uint8Array = message;
    void text;
    break;
  }
  const buffered: number = socket.bufferedAmount;
  void buffered;
  await socket.flush();
  socket.onmessage = (event) => {
    const data: unknown = event.data;
    void data;
  };
  socket.addEventListener("close", function (event) {
    const code: number = event.code;
    const self: Socket = this;
    void code;
    void self;
  }, { once: true });
  socket.binaryType = "arraybuffer";
  const open: boolean = socket.readyState === Socket.OPEN;
  void open;
  // @ts-expect-error: binaryType is "blob" or "arraybuffer"
  socket.binaryType = "nodebuffer";
  // @ts-expect-error: a Socket dispatches open, message, close and error
  socket.addEventListener("opened", () => {});
  // @ts-expect-error: numbers are not messages
  socket.send(42);
  // @ts-expect-error: the options object has no such key
  await Socket.connect("ws://127.0.0.1:8787/echo", { timeout: 5 });
  return socket.close(1000, "bye");
}

export function reconnecting(): ReconnectingState {
  const socket = new ReconnectingSocket(async () => "ws://127.0.0.1:8787/echo", {
    backoff: { initialDelayMs: 100, jitter: "equal" },
    retryLimits: { maxRetries: 10, minUptimeMs: 2000 },
    policy: { terminalCodes: [4401, [4500, 4599]], shouldReconnect: (close) => close.code !== 4000 },
    queue: { capacity: 50, overflow: "drop-oldest" },
    heartbeat: { intervalMs: 20_000, message: "ping", isReply: (m) => m === "pong" },
    idleTimeoutMs: 45_000,
    onOpen: (open) => open.send("subscribe"),
  });
  const controller = new AbortController();
  const lazy = new ReconnectingSocket("ws://127.0.0.1:8787/echo", {
    startClosed: true,
    signal: controller.signal,
    protocols: async () => ["v1", "token"],
  });
  lazy.reconnect();
  const bounded = new ReconnectingSocket("ws://127.0.0.1:8787/echo", { inbox: { capacity: 100, maxBytes: null } });
  bounded.on("overflow", (event) => {
    const lost: Array<string | Uint8Array> = event.messages;
    void lost;
  });
  // @ts-expect-error: a protocols function returns strings
  new ReconnectingSocket("ws://127.0.0.1:8787/echo", { protocols: () => 42 });
  const result: SendResult = socket.send("hello");
  void result;
  const off = socket.on("reconnecting", (event) => {
    const delay: number = event.delayMs;
    void delay;
  });
  off();
  socket.on("attemptfailed", (event) => {
    const name: WebSocketErrorName = event.error.name;
    void name;
  });
  socket.on("message", (message) => {
    const data: string | Uint8Array = message;
    void data;
  });
  socket.onclose = (event) => {
    const reason: string = event.reason;
    void reason;
  };
  socket.addEventListener("message", (event) => {
    const data: unknown = event.data;
    void data;
  });
  const closed: boolean = socket.readyState === ReconnectingSocket.CLOSED;
  void closed;
  // @ts-expect-error: the WebSocket shape has open, message, close and error; the rest is on on()
  socket.addEventListener("reconnecting", () => {});
  // @ts-expect-error: not an event of a ReconnectingSocket
  socket.on("opened", () => {});
  // @ts-expect-error: jitter is "full", "equal" or "none"
  new ReconnectingSocket("ws://127.0.0.1:8787/echo", { backoff: { jitter: "some" } });
  return socket.state;
}

export async function errors(): Promise<string> {
  try {
    await Socket.connect("ws://127.0.0.1:8787/refuse");
    return "open";
  } catch (error) {
    if (error instanceof ConnectFailedError) {
      const close: CloseInfo = { code: error.code, reason: error.reason, wasClean: error.wasClean };
      return `${error.name} ${close.code}`;
    }
    if (error instanceof ConnectTimeoutError) {
      const ms: number = error.timeoutMs;
      return `timed out after ${ms}`;
    }
    if (error instanceof WebSocketError) {
      const name: WebSocketErrorName = error.name;
      // @ts-expect-error: only ConnectFailedError and ConnectionLostError have a close code
      void error.wasClean;
      return name;
    }
    throw error;
  }
}
