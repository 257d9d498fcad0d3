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
  // Any type, as on the platform's EventTarget; the four of the socket are typed.
  socket.addEventListener("custom", (event: Event) => void event.type);
  const target: EventTarget = socket;
  void target;
  // @ts-expect-error: a close listener gets a CloseEvent, not a MessageEvent
  socket.addEventListener("close", (event: MessageEvent) => void event.data);
  // @ts-expect-error: numbers are not messages
  socket.send(42);
  // @ts-expect-error: the options object has no such key
  await Socket.connect("ws://127.0.0.1:8787/echo", { timeout: 5 });
  return socket.close(1000, "bye");
}

export function platformSocket(): Socket {
  // The platform's constructor: connecting at once, open fires later.
  const socket = new Socket("ws://127.0.0.1:8787/echo", ["chat.v2", "chat.v1"]);
  new Socket(new URL("ws://127.0.0.1:8787/echo"));
  new Socket("ws://127.0.0.1:8787/echo", null);
  new Socket("ws://127.0.0.1:8787/echo", { protocols: "chat", maxUnread: 1 << 20 });
  socket.onopen = function () {
    this.send("hello");
  };
  // @ts-expect-error: the subprotocols are strings
  new Socket("ws://127.0.0.1:8787/echo", [1, 2]);
  return socket;
}

export async function peerShapes(): Promise<CloseInfo> {
  // partysocket's and reconnecting-websocket's constructor and option names.
  const socket = new ReconnectingSocket("ws://127.0.0.1:8787/echo", undefined, {
    maxRetries: 0,
    minReconnectionDelay: 1000,
    maxReconnectionDelay: 10_000,
    reconnectionDelayGrowFactor: 1.3,
    minUptime: 5000,
    connectionTimeout: 4000,
    maxEnqueuedMessages: 100,
    startClosed: false,
    shouldReconnectOnClose: (close) => close.code !== 1008,
    debug: false,
  });
  new ReconnectingSocket("ws://127.0.0.1:8787/echo", "chat");
  new ReconnectingSocket("ws://127.0.0.1:8787/echo", ["a", "b"], { maxUnread: null });
  new ReconnectingSocket("ws://127.0.0.1:8787/echo", null, {});
  new ReconnectingSocket("ws://127.0.0.1:8787/echo", () => ["token"]);
  const retries: number = socket.retryCount;
  const again: boolean = socket.shouldReconnect;
  void retries;
  void again;
  socket.reconnect(4000, "fresh token");
  socket.send(new Blob(["only while open"]));
  const unsent: Array<string | ArrayBufferView | ArrayBuffer> = socket.drainQueuedMessages();
  void unsent;
  socket.on("state", ({ previous }) => {
    const first: boolean = previous === null;
    void first;
  });
  // @ts-expect-error: PartySocket's own options build a URL; they are not options here
  new ReconnectingSocket("ws://127.0.0.1:8787/echo", undefined, { room: "lobby" });
  const { code, reason, wasClean } = await socket.close();
  return { code, reason, wasClean };
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
  const bounded = new ReconnectingSocket("ws://127.0.0.1:8787/echo", { maxUnread: 1 << 20 });
  bounded.on("messageerror", (event) => {
    const name: WebSocketErrorName = event.error.name;
    void name;
  });
  // @ts-expect-error: unread messages are bounded in bytes (maxUnread), no longer by an inbox
  new ReconnectingSocket("ws://127.0.0.1:8787/echo", { inbox: { capacity: 100 } });
  // @ts-expect-error: nothing is discarded any more, so there is no overflow event
  bounded.on("overflow", () => {});
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
  // @ts-expect-error: an open listener gets an Event, not a CloseEvent
  socket.addEventListener("open", (event: CloseEvent) => void event.code);
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
