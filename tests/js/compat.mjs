// The compatibility suite: what code written for the platform's WebSocket,
// partysocket or reconnecting-websocket relies on, checked against our
// `Socket` and `ReconnectingSocket` as such code uses them: the peers'
// constructor and option names, events and their order, `readyState` at
// each step, the close and reconnect rules, queueing, `retryCount`,
// `shouldReconnect`, `drainQueuedMessages()`. Written from what the peers
// document and test (their own tests are not run or copied); where we
// differ on purpose, js/README.md says so and why, and the scenario
// checks our side of it.
//
// Run, like scenarios.mjs, in Node (node.test.mjs) and in headless
// Chromium (browser.test.mjs), against the local test server.

import { assert, closeOf, deepEqual, equal, eventually, rejects, throws } from "./scenarios.mjs";

export function compatScenarios(api, server) {
  const { Socket, ReconnectingSocket } = api;
  const { ws, control, tag } = server;
  const list = [];
  const scenario = (name, run) => list.push([`compat: ${name}`, run]);
  // Short retries, in the peers' own option names.
  const quick = { minReconnectionDelay: 20, maxReconnectionDelay: 100 };
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const stats = (t) => control(`/control/stats?tag=${t}`);

  /** Calls `listener` for each event of `type`, and records them. */
  const record = (target, types) => {
    const log = [];
    for (const type of types) target.addEventListener(type, (event) => log.push(event));
    return log;
  };
  const nameOf = (event) => (event.type === "close" ? `close ${event.code}` : event.type);

  // --- constructors ------------------------------------------------------------------

  scenario("new ReconnectingSocket(url, undefined, options) applies the options (maxRetries: 0 never retries)", async () => {
    const t = tag("ctor-options");
    const socket = new ReconnectingSocket(ws(`/refuse?tag=${t}`), undefined, { ...quick, maxRetries: 0 });
    const errors = record(socket, ["error"]);
    await eventually(() => socket.state === "gave-up", `giving up; state ${socket.state}`);
    equal(errors.length, 1);
    equal(socket.retryCount, 0);
    equal(socket.readyState, ReconnectingSocket.CLOSED);
    equal(socket.shouldReconnect, false);
    await sleep(150);
    equal((await stats(t)).upgrades, 1);
    await socket.close();
  });

  scenario("the protocols as the second argument: a string, an array, null, undefined, a function", async () => {
    for (const [protocols, chosen] of [
      ["chat", "chat"],
      [["v2", "v1"], "v2"],
      [null, ""],
      [undefined, ""],
      [() => "fn", "fn"],
      [async () => ["async-fn"], "async-fn"],
    ]) {
      const socket = new ReconnectingSocket(ws("/echo"), protocols, {});
      await eventually(() => socket.readyState === ReconnectingSocket.OPEN, `open with ${String(protocols)}`);
      equal(socket.protocol, chosen);
      equal(socket.url, ws("/echo"));
      await socket.close();
    }
    // The same as an option, null included.
    const option = new ReconnectingSocket(ws("/echo"), { protocols: null });
    await eventually(() => option.readyState === ReconnectingSocket.OPEN, "open");
    equal(option.protocol, "");
    await option.close();
    throws(() => new ReconnectingSocket(ws("/echo"), "a", { protocols: "b" }), "TypeError");
    throws(() => new ReconnectingSocket(ws("/echo"), 42, {}), "TypeError");
    throws(() => new ReconnectingSocket(ws("/echo"), ["a b"]), "InvalidProtocolError");
  });

  scenario("new Socket(url, protocols): the platform's synchronous constructor, then open, message, close", async () => {
    const socket = new Socket(ws("/echo"), ["chat"]);
    assert(socket instanceof EventTarget, "an EventTarget");
    deepEqual([socket.readyState, socket.state, socket.url, socket.protocol, socket.bufferedAmount], [0, "connecting", ws("/echo"), "", 0]);
    throws(() => socket.send("too early"), "NotYetOpenError");
    const log = record(socket, ["open", "message", "close", "error"]);
    const states = [];
    socket.onopen = () => {
      states.push(socket.readyState);
      socket.send("hi");
    };
    socket.onmessage = (event) => {
      states.push(socket.readyState);
      socket.close(4000, "done");
      states.push(socket.readyState);
    };
    socket.onclose = (event) => states.push(socket.readyState, event.code, event.reason, event.wasClean);
    await eventually(() => log.some((e) => e.type === "close"), `a close; got ${log.map(nameOf)}`);
    deepEqual(log.map(nameOf), ["open", "message", "close 4000"]);
    equal(log[1].data, "hi");
    deepEqual(states, [1, 1, 2, 3, 4000, "done", true]);
    // Other forms of the second argument.
    for (const second of [undefined, null, "chat", { protocols: "chat", timeoutMs: 5000 }]) {
      const other = new Socket(ws("/echo"), second);
      await eventually(() => other.readyState === Socket.OPEN, `open with ${JSON.stringify(second)}`);
      await other.close();
    }
    throws(() => new Socket(ws("/echo"), ["a b"]), "InvalidProtocolError");
  });

  scenario("new Socket: a failed connect is an error event carrying the error, then close (1006); next() rejects with it", async () => {
    const socket = new Socket(ws("/hang"), { timeoutMs: 200 });
    const log = record(socket, ["open", "error", "close"]);
    await eventually(() => log.length === 2, `error and close; got ${log.map(nameOf)}`);
    deepEqual(log.map(nameOf), ["error", "close 1006"]);
    equal(log[0].error.name, "ConnectTimeoutError");
    assert(log[0].message.includes("TIMEOUT"), log[0].message);
    equal(log[1].wasClean, false);
    equal(socket.readyState, Socket.CLOSED);
    throws(() => socket.send("x"), "AlreadyClosedError");
    await rejects(() => socket.next(), "ConnectTimeoutError");
    deepEqual(await socket.close(), { code: 1006, reason: "", wasClean: false });
  });

  scenario("Socket: sends that the platform would discard without a word throw instead", async () => {
    const socket = new Socket(ws("/echo"));
    throws(() => socket.send("connecting"), "NotYetOpenError");
    await eventually(() => socket.readyState === Socket.OPEN, "open");
    const closing = socket.close();
    throws(() => socket.send("closing"), "AlreadyClosedError");
    await closing;
    throws(() => socket.send("closed"), "AlreadyClosedError");
  });

  scenario("new Socket: close() before the open: no open event, one close (1006); close() resolves to it", async () => {
    const socket = new Socket(ws("/hang"));
    const log = record(socket, ["open", "error", "close"]);
    const first = socket.close();
    equal(socket.readyState, Socket.CLOSING);
    const again = socket.close(4000);
    equal(first, again);
    deepEqual(await first, { code: 1006, reason: "", wasClean: false });
    await eventually(() => log.length > 0, "a close");
    await sleep(50);
    deepEqual(log.map(nameOf), ["close 1006"]);
    equal(socket.readyState, Socket.CLOSED);
    equal(await socket.next(), undefined);
  });

  // --- options -----------------------------------------------------------------------

  scenario("minReconnectionDelay, maxReconnectionDelay, reconnectionDelayGrowFactor set the backoff", async () => {
    const t = tag("delays");
    const socket = new ReconnectingSocket(ws(`/refuse?tag=${t}`), undefined, {
      minReconnectionDelay: 20,
      maxReconnectionDelay: 80,
      reconnectionDelayGrowFactor: 2,
      backoff: { jitter: "none" },
    });
    const delays = [];
    socket.on("reconnecting", (event) => delays.push(event.delayMs));
    await eventually(() => delays.length >= 4, `four retries; got ${delays}`);
    deepEqual(delays.slice(0, 4), [20, 40, 80, 80]);
    await socket.close();
  });

  scenario("minUptime: a connection shorter than it does not start a fresh outage", async () => {
    // The server closes each connection as it opens: with a long minUptime
    // the retries count on; with none, each close starts over.
    const retries = async (minUptime) => {
      const socket = new ReconnectingSocket(ws("/close?after=0&code=4000"), undefined, { ...quick, minUptime });
      const attempts = [];
      socket.on("reconnecting", (event) => attempts.push(event.attempt));
      await eventually(() => attempts.length >= 3, `three retries; got ${attempts}`);
      await socket.close();
      return attempts.slice(0, 3);
    };
    deepEqual(await retries(60_000), [1, 2, 3]);
    deepEqual(await retries(0), [1, 1, 1]);
  });

  scenario("connectionTimeout: an attempt that hangs fails with an error whose message says TIMEOUT", async () => {
    const socket = new ReconnectingSocket(ws("/hang"), undefined, { ...quick, connectionTimeout: 150, maxRetries: 1 });
    const errors = record(socket, ["error"]);
    await eventually(() => socket.state === "gave-up", `giving up; state ${socket.state}`);
    equal(errors.length, 2);
    for (const event of errors) {
      assert(event.message.includes("TIMEOUT"), `the message: ${event.message}`);
      equal(event.error.name, "ConnectTimeoutError");
      equal(event.error.timeoutMs, 150);
    }
    equal(socket.retryCount, 1);
    await socket.close();
  });

  scenario("maxRetries: N retries, then no more; retryCount says N, shouldReconnect false", async () => {
    for (const maxRetries of [0, 1, 3]) {
      const t = tag("retries");
      const socket = new ReconnectingSocket(ws(`/refuse?tag=${t}`), undefined, { ...quick, maxRetries });
      const seen = [];
      socket.addEventListener("error", () => seen.push(socket.retryCount));
      // A failed attempt is an error only: no connection was open to close.
      socket.addEventListener("close", () => seen.push("close"));
      await eventually(() => socket.state === "gave-up", `maxRetries ${maxRetries}: giving up`);
      deepEqual(seen, Array.from({ length: maxRetries + 1 }, (_, i) => i));
      await sleep(150);
      equal((await stats(t)).upgrades, maxRetries + 1);
      equal(socket.shouldReconnect, false);
      await socket.close();
    }
  });

  scenario("the defaults (ours, documented): retries without limit, the first within 500 ms; a queue of 100 messages", async () => {
    const t = tag("defaults");
    const socket = new ReconnectingSocket(ws(`/refuse?tag=${t}`));
    const delays = [];
    socket.on("reconnecting", (event) => delays.push(event.delayMs));
    await eventually(() => delays.length >= 2, `two retries; got ${delays}`);
    assert(delays[0] <= 500, `the first retry after ${delays[0]} ms`);
    equal(socket.shouldReconnect, true);
    const results = Array.from({ length: 101 }, (_, i) => socket.send(`m${i}`));
    deepEqual([results[99], results[100]], ["queued", "rejected"]);
    await socket.close();
  });

  scenario("maxEnqueuedMessages bounds the queue: what does not fit is refused and reported", async () => {
    const socket = new ReconnectingSocket(ws("/echo"), undefined, { startClosed: true, maxEnqueuedMessages: 2 });
    const dropped = [];
    socket.on("dropped", (event) => dropped.push(...event.messages));
    deepEqual(["a", "b", "c"].map((m) => socket.send(m)), ["queued", "queued", "rejected"]);
    deepEqual(dropped, ["c"]);
    equal(socket.queued, 2);
    await socket.close();
  });

  scenario("shouldReconnectOnClose: false stops before the close listeners run; reconnect() starts again", async () => {
    const t = tag("should");
    const socket = new ReconnectingSocket(ws(`/close?after=0&code=4008&reason=policy&tag=${t}`), undefined, {
      ...quick,
      shouldReconnectOnClose: (close) => close.code !== 4008,
    });
    const seen = [];
    socket.addEventListener("close", (event) => {
      seen.push([event.code, event.reason, socket.shouldReconnect, socket.readyState]);
      if (seen.length === 1) socket.reconnect();
    });
    await eventually(() => seen.length === 2, `two closes; got ${JSON.stringify(seen)}`);
    deepEqual(seen, [[4008, "policy", false, 3], [4008, "policy", false, 3]]);
    await sleep(150);
    equal((await stats(t)).upgrades, 2);
    equal(socket.state, "stopped");
    await socket.close();
  });

  scenario("startClosed: CLOSED until reconnect(), then connect, send, receive, close", async () => {
    const socket = new ReconnectingSocket(ws("/echo"), "foobar", { ...quick, startClosed: true });
    equal(socket.readyState, ReconnectingSocket.CLOSED);
    equal(socket.shouldReconnect, false);
    await sleep(50);
    equal(socket.readyState, ReconnectingSocket.CLOSED);
    const steps = [];
    socket.reconnect();
    socket.addEventListener("open", () => {
      steps.push(["open", socket.protocol, socket.readyState]);
      socket.send("hello");
    });
    socket.addEventListener("message", (event) => {
      steps.push(["message", event.data, socket.readyState]);
      socket.close(1000, "some reason");
      steps.push(["closing", socket.readyState]);
    });
    socket.addEventListener("close", (event) => steps.push(["close", event.code, event.reason, socket.readyState, socket.url]));
    await eventually(() => steps.length === 4, `four steps; got ${JSON.stringify(steps)}`);
    deepEqual(steps, [
      ["open", "foobar", 1],
      ["message", "hello", 1],
      ["closing", 2],
      ["close", 1000, "some reason", 3, ws("/echo")],
    ]);
  });

  scenario("the WebSocket option: each attempt's socket is made with the constructor given", async () => {
    let made = 0;
    const Counting = class extends globalThis.WebSocket {
      constructor(url, protocols) {
        super(url, protocols);
        made += 1;
      }
    };
    const socket = new ReconnectingSocket(ws("/echo"), undefined, { WebSocket: Counting });
    await eventually(() => socket.readyState === ReconnectingSocket.OPEN, "open");
    equal(made, 1);
    await socket.close();
  });

  scenario("debug and debugLogger: every event is logged with the logger given", async () => {
    const lines = [];
    const socket = new ReconnectingSocket(ws("/echo"), undefined, { debug: true, debugLogger: (...args) => lines.push(args) });
    await eventually(() => socket.readyState === ReconnectingSocket.OPEN, "open");
    await socket.close();
    const logged = lines.map((args) => args[1]);
    for (const type of ["connecting", "open", "stopped"]) assert(logged.includes(type), `${type} logged: ${logged}`);
    const quiet = new ReconnectingSocket(ws("/echo"), undefined, { debug: false, debugLogger: () => lines.push("no") });
    await quiet.close();
    assert(!lines.includes("no"), "nothing logged without debug");
  });

  scenario("their option names that mean nothing here, both names of one option, bad values: TypeError / RangeError that say so", async () => {
    for (const name of ["host", "room", "party", "query", "protocol", "constructor"]) {
      const error = throws(() => new ReconnectingSocket(ws("/echo"), undefined, { [name]: "x" }), "TypeError");
      assert(error.message.includes(`"${name}"`) && error.message.includes("no meaning"), error.message);
    }
    throws(() => new ReconnectingSocket(ws("/echo"), undefined, { maxRetries: 1, retryLimits: { maxRetries: 2 } }), "TypeError");
    throws(() => new ReconnectingSocket(ws("/echo"), undefined, { maxEnqueuedMessages: 1, queue: false }), "TypeError");
    const range = throws(() => new ReconnectingSocket(ws("/echo"), undefined, { maxRetries: -1 }), "RangeError");
    assert(range.message.includes("maxRetries"), range.message);
    const type = throws(() => new ReconnectingSocket(ws("/echo"), undefined, { minReconnectionDelay: "1s" }), "TypeError");
    assert(type.message.includes("minReconnectionDelay"), type.message);
    throws(() => new ReconnectingSocket(ws("/echo"), undefined, { shouldReconnectOnClose: true }), "TypeError");
    throws(() => new ReconnectingSocket(ws("/echo"), undefined, { debug: "yes" }), "TypeError");
    throws(() => new ReconnectingSocket(ws("/echo"), {}, {}), "TypeError");
  });

  // --- events ------------------------------------------------------------------------

  scenario("getters before the open: readyState CONNECTING, bufferedAmount 0, protocol and extensions empty, binaryType blob; the constants", async () => {
    const socket = new ReconnectingSocket(ws("/hang"), undefined, { maxRetries: 0 });
    deepEqual(
      [socket.readyState, socket.bufferedAmount, socket.protocol, socket.extensions, socket.binaryType, socket.retryCount],
      [ReconnectingSocket.CONNECTING, 0, "", "", "blob", 0],
    );
    // The URL given, as the platform's url (the peers say "" until a socket exists).
    equal(socket.url, ws("/hang"));
    for (const target of [ReconnectingSocket, socket, Socket]) {
      deepEqual([target.CONNECTING, target.OPEN, target.CLOSING, target.CLOSED], [0, 1, 2, 3]);
    }
    assert(socket instanceof EventTarget, "an EventTarget");
    await socket.close();
  });

  scenario("connect, send, receive, close: the events in order, readyState at each step, one close", async () => {
    const socket = new ReconnectingSocket(ws("/echo"), "foobar", quick);
    equal(socket.readyState, ReconnectingSocket.CONNECTING);
    const steps = [];
    socket.addEventListener("open", () => {
      steps.push(`open ${socket.protocol} ${socket.readyState}`);
      socket.send("hello");
    });
    socket.addEventListener("message", (event) => {
      steps.push(`message ${socket.readyState}`);
      socket.close(1000, "some reason");
      steps.push(`closing ${socket.readyState}`);
    });
    socket.addEventListener("close", (event) => steps.push(`close ${event.code} ${event.reason} ${event.wasClean} ${socket.readyState}`));
    socket.addEventListener("error", () => steps.push("error"));
    await eventually(() => steps.length === 4, `four steps; got ${steps}`);
    await sleep(100);
    deepEqual(steps, ["open foobar 1", "message 1", "closing 2", "close 1000 some reason true 3"]);
  });

  scenario("close() twice, and close() inside a close listener: one close event, no rejection, both resolve to the close", async () => {
    const socket = new ReconnectingSocket(ws("/echo"), undefined, quick);
    const promises = [];
    let closes = 0;
    socket.addEventListener("close", () => {
      closes += 1;
      promises.push(socket.close());
      equal(socket.readyState, ReconnectingSocket.CLOSED);
    });
    socket.addEventListener("open", () => {
      promises.push(socket.close(), socket.close(), socket.close(4000));
    });
    await eventually(() => closes === 1, "a close");
    await sleep(100);
    equal(closes, 1);
    for (const result of await Promise.all(promises)) deepEqual(result, { code: 1000, reason: "", wasClean: true });
    // And once closed, again.
    deepEqual(await socket.close(), { code: 1000, reason: "", wasClean: true });
    const plain = await Socket.connect(ws("/echo"));
    let plainCloses = 0;
    plain.onclose = () => {
      plainCloses += 1;
      promises.push(plain.close());
    };
    const first = plain.close(4000, "bye");
    equal(plain.close(), first);
    deepEqual(await first, { code: 4000, reason: "bye", wasClean: true });
    await eventually(() => plainCloses === 1, "a close");
    deepEqual(await promises.at(-1), { code: 4000, reason: "bye", wasClean: true });
  });

  scenario("close() before the connection opens: no open event, at most one close, no reconnect", async () => {
    const t = tag("early-close");
    const socket = new ReconnectingSocket(ws(`/echo?tag=${t}`), undefined, quick);
    socket.close();
    const log = record(socket, ["open", "close", "error"]);
    await sleep(300);
    assert(!log.some((e) => e.type === "open"), "no open");
    assert(log.filter((e) => e.type === "close").length <= 1, "one close at most");
    assert((await stats(t)).accepted <= 1, "no reconnect");
    equal(socket.readyState, ReconnectingSocket.CLOSED);
  });

  scenario("the server closes: close (with its code), then it reconnects; close() inside the listener keeps it closed", async () => {
    const t = tag("server-close");
    const socket = new ReconnectingSocket(ws(`/close?after=0&code=4001&reason=bye&tag=${t}`), undefined, quick);
    const closes = [];
    socket.addEventListener("close", (event) => {
      closes.push([event.code, event.reason, socket.readyState]);
      if (closes.length === 3) socket.close();
    });
    let opens = 0;
    socket.addEventListener("open", () => (opens += 1));
    await eventually(() => closes.length === 3, `three closes; got ${closes.length}`);
    await sleep(200);
    equal(opens, 3);
    deepEqual(closes, [[4001, "bye", 3], [4001, "bye", 3], [4001, "bye", 3]]);
    equal((await stats(t)).accepted, 3);
    equal(socket.readyState, ReconnectingSocket.CLOSED);
  });

  scenario("onopen, onmessage, onclose, onerror stay set across reconnects", async () => {
    const t = tag("level0");
    const socket = new ReconnectingSocket(ws(`/echo?tag=${t}`), undefined, quick);
    const handlers = { onopen: () => {}, onclose: () => {}, onmessage: () => {}, onerror: () => {} };
    Object.assign(socket, handlers);
    let opens = 0;
    socket.addEventListener("open", () => (opens += 1));
    await eventually(() => opens === 1, "open");
    await control(`/control/drop?tag=${t}`);
    await eventually(() => opens === 2, "open again");
    for (const [name, handler] of Object.entries(handlers)) equal(socket[name], handler);
    await socket.close();
  });

  scenario("addEventListener: the same listener twice is called once; handleEvent objects; any type can be added and removed", async () => {
    const socket = new ReconnectingSocket(ws("/echo"), "foobar", {});
    const calls = [];
    const fail = () => calls.push("removed listener called");
    const listener = () => calls.push("fn");
    socket.addEventListener("open", listener);
    socket.addEventListener("open", listener);
    socket.addEventListener("open", { handleEvent: (event) => calls.push(`object ${event.type}`) });
    socket.addEventListener("open", fail);
    socket.removeEventListener("open", fail);
    socket.addEventListener("unknown1", fail);
    socket.removeEventListener("unknown2", fail);
    await eventually(() => calls.length >= 2, "open");
    await sleep(20);
    deepEqual(calls, ["fn", "object open"]);
    equal(socket.dispatchEvent(new Event("unknown1")), true);
    equal(calls.at(-1), "removed listener called");
    await socket.close();
  });

  // --- reconnect ---------------------------------------------------------------------

  scenario("reconnect(code, reason) while open: CLOSING, a close with them, retryCount 0, open again; three rounds", async () => {
    const t = tag("reconnect-round");
    const socket = new ReconnectingSocket(ws(`/echo?tag=${t}`), "foobar", quick);
    const steps = [];
    let rounds = 0;
    socket.onopen = () => {
      rounds += 1;
      steps.push(`open ${socket.readyState}`);
      socket.send(`round ${rounds}`);
    };
    socket.onmessage = (event) => {
      if (rounds < 3) {
        socket.reconnect(4000, "reconnect");
        steps.push(`reconnecting ${socket.readyState} ${socket.retryCount}`);
      } else {
        socket.close(1000, "close");
        steps.push(`closing ${socket.readyState}`);
      }
    };
    socket.addEventListener("close", (event) => steps.push(`close ${event.code} ${event.reason} ${socket.readyState}`));
    await eventually(() => steps.at(-1)?.startsWith("close 1000"), `the last close; got ${steps}`);
    deepEqual(steps, [
      "open 1", "reconnecting 2 0", "close 4000 reconnect 3",
      "open 1", "reconnecting 2 0", "close 4000 reconnect 3",
      "open 1", "closing 2", "close 1000 close 3",
    ]);
    const closes = (await stats(t)).closes.map(closeOf);
    deepEqual(closes.slice(-3), [
      { code: 4000, reason: "reconnect", wasClean: true },
      { code: 4000, reason: "reconnect", wasClean: true },
      { code: 1000, reason: "close", wasClean: true },
    ]);
    throws(() => socket.reconnect(1001), "InvalidCloseError");
  });

  scenario("reconnect() while connecting, twice: one connection, which opens", async () => {
    const t = tag("reconnect-early");
    const socket = new ReconnectingSocket(ws(`/echo?tag=${t}`), undefined, {});
    socket.reconnect();
    socket.reconnect();
    await eventually(() => socket.readyState === ReconnectingSocket.OPEN, "open");
    equal((await stats(t)).accepted, 1);
    await socket.close();
  });

  scenario("reconnect() after close(): it connects again, and closes again", async () => {
    const t = tag("reconnect-after");
    const socket = new ReconnectingSocket(ws(`/echo?tag=${t}`), undefined, quick);
    let opens = 0;
    let closes = 0;
    socket.addEventListener("open", () => {
      opens += 1;
      socket.close();
    });
    socket.addEventListener("close", () => {
      closes += 1;
      if (closes === 1) setTimeout(() => socket.reconnect(), 50);
    });
    await eventually(() => closes === 2, `two closes; got ${closes}`);
    await sleep(200);
    deepEqual([opens, closes], [2, 2]);
    equal((await stats(t)).accepted, 2);
    equal(socket.readyState, ReconnectingSocket.CLOSED);
    // Messages flow again after the restart.
    socket.reconnect();
    socket.send("again");
    for await (const message of socket) {
      equal(message, "again");
      break;
    }
    await socket.close();
  });

  scenario("reconnect() right after close(): the close event once, then a new open", async () => {
    const socket = new ReconnectingSocket(ws("/echo"), undefined, quick);
    let closes = 0;
    let opens = 0;
    socket.addEventListener("close", () => (closes += 1));
    socket.addEventListener("open", () => {
      opens += 1;
      if (opens === 1) {
        socket.close();
        socket.reconnect();
      }
    });
    await eventually(() => opens === 2, "a second open");
    equal(closes, 1);
    equal(socket.readyState, ReconnectingSocket.OPEN);
    await socket.close();
    equal(closes, 2);
  });

  // --- queueing ----------------------------------------------------------------------

  scenario("messages sent before the open go out in order after it, before what open listeners send", async () => {
    const t = tag("queue-order");
    const socket = new ReconnectingSocket(ws(`/echo?tag=${t}`));
    const messages = ["message1", "message2", "message3"];
    for (const message of messages) equal(socket.send(message), "queued");
    equal(socket.queued, 3);
    socket.addEventListener("open", () => equal(socket.send("ok"), "sent"));
    const received = await eventually(async () => {
      const got = await control(`/control/received?tag=${t}`);
      return got.length === 4 && got;
    }, "four messages at the server");
    deepEqual(received.map((m) => m.data), [...messages, "ok"]);
    equal(socket.queued, 0);
    await socket.close();
  });

  scenario("drainQueuedMessages() takes the queued messages out, as given, oldest first; they are never sent", async () => {
    const t = tag("drain");
    const socket = new ReconnectingSocket(ws(`/echo?tag=${t}`), undefined, { startClosed: true });
    const bytes = new Uint8Array([1, 2, 3]);
    socket.send("one");
    socket.send(bytes);
    socket.send("two");
    const drained = socket.drainQueuedMessages();
    equal(drained.length, 3);
    deepEqual([drained[0], drained[2]], ["one", "two"]);
    equal(drained[1], bytes);
    deepEqual(socket.drainQueuedMessages(), []);
    equal(socket.queued, 0);
    // Still waiting for reconnect(), as before.
    equal(socket.readyState, ReconnectingSocket.CLOSED);
    equal(socket.state, "stopped");
    socket.send("three");
    socket.reconnect();
    await eventually(() => socket.readyState === ReconnectingSocket.OPEN, "open");
    await eventually(async () => (await control(`/control/received?tag=${t}`)).length > 0, "a message at the server");
    await sleep(100);
    deepEqual((await control(`/control/received?tag=${t}`)).map((m) => m.data), ["three"]);
    await socket.close();

    // While an attempt is refused and retried: the next attempt starts now.
    const refused = tag("drain-refused");
    await control(`/control/refuse?ms=60000&tag=${refused}`);
    const retrying = new ReconnectingSocket(ws(`/echo?tag=${refused}`), undefined, quick);
    retrying.send("stale");
    await eventually(() => retrying.retryCount >= 1, "a retry");
    deepEqual(retrying.drainQueuedMessages(), ["stale"]);
    await control(`/control/refuse?ms=0&tag=${refused}`);
    await eventually(() => retrying.readyState === ReconnectingSocket.OPEN, "open");
    await sleep(100);
    deepEqual(await control(`/control/received?tag=${refused}`), []);
    await retrying.close();
  });

  scenario("send(Blob): sent while open, as binary; refused with NotYetOpenError before", async () => {
    const socket = new ReconnectingSocket(ws("/echo"));
    throws(() => socket.send(new Blob(["early"])), "NotYetOpenError");
    await eventually(() => socket.readyState === ReconnectingSocket.OPEN, "open");
    equal(socket.send(new Blob([new Uint8Array([9, 8, 7])])), "sent");
    equal(socket.send("after"), "sent");
    const received = [];
    for await (const message of socket) {
      received.push(message instanceof Uint8Array ? [...message] : message);
      if (received.length === 2) break;
    }
    deepEqual(received, [[9, 8, 7], "after"]);
    const closing = socket.close();
    throws(() => socket.send(new Blob(["late"])), "AlreadyClosedError");
    await closing;
  });

  // --- retryCount, shouldReconnect ---------------------------------------------------

  scenario("retryCount: 0 at first, 1, 2, ... through failed attempts, 0 again after reconnect(); shouldReconnect until close()", async () => {
    const t = tag("retry-count");
    await control(`/control/refuse?ms=60000&tag=${t}`);
    const socket = new ReconnectingSocket(ws(`/echo?tag=${t}`), undefined, { ...quick, backoff: { jitter: "none" } });
    equal(socket.retryCount, 0);
    equal(socket.shouldReconnect, true);
    const seen = [];
    socket.addEventListener("error", () => seen.push(socket.retryCount));
    await eventually(() => seen.length >= 3, `three failures; got ${seen}`);
    deepEqual(seen.slice(0, 3), [0, 1, 2]);
    socket.reconnect();
    equal(socket.retryCount, 0);
    const after = seen.length;
    await eventually(() => seen.length >= after + 2, "two more failures");
    deepEqual(seen.slice(after, after + 2), [0, 1]);
    await control(`/control/refuse?ms=0&tag=${t}`);
    await eventually(() => socket.readyState === ReconnectingSocket.OPEN, "open");
    equal(socket.shouldReconnect, true);
    socket.close();
    equal(socket.shouldReconnect, false);
  });

  // --- what our own API adds to the same events -------------------------------------

  scenario("on(): a first state event for connecting; close for your own close(); close() resolves to it", async () => {
    const socket = new ReconnectingSocket(ws("/echo"));
    const log = [];
    socket.on("state", ({ state, previous }) => log.push(`state ${previous} -> ${state}`));
    socket.on("close", ({ code, reason, wasClean }) => log.push(`close ${code} ${reason} ${wasClean}`));
    await eventually(() => socket.state === "open", "open");
    const { code, reason, wasClean } = await socket.close(4000, "done");
    deepEqual([code, reason, wasClean], [4000, "done", true]);
    deepEqual(log, ["state null -> connecting", "state connecting -> open", "state open -> closed", "close 4000 done true"]);
  });

  return list;
}
