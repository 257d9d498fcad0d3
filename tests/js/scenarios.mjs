// The JS API's test scenarios, written once and run twice: in Node
// (node.test.mjs) and in headless Chromium (browser.test.mjs). They use no
// Node or browser API beyond what both have (fetch, WebSocket, Blob), and
// talk only to the local test server (tests/server/README.md).
//
// scenarios(api, server) returns [name, async () => {...}] pairs; a
// scenario fails by throwing.

export function scenarios(api, server) {
  const { Socket, ReconnectingSocket } = api;
  const { ws, control, tag } = server;
  const list = [];
  const scenario = (name, run) => list.push([name, run]);

  // --- Socket ------------------------------------------------------------------------

  scenario("echo: text comes back as a string, with the chosen subprotocol", async () => {
    const socket = await Socket.connect(ws(`/echo?tag=${tag("echo")}`), { protocols: ["chat.v2", "chat.v1"] });
    equal(socket.state, "open");
    equal(socket.protocol, "chat.v2");
    socket.send("hello");
    socket.send("");
    equal(await socket.next(), "hello");
    equal(await socket.next(), "");
    await socket.close();
  });

  scenario("binary: Uint8Array, ArrayBuffer, DataView and Blob all arrive as Uint8Array", async () => {
    const socket = await Socket.connect(ws("/echo"), ["bin"]); // the shorthand for protocols
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    socket.send(bytes);
    socket.send(bytes.buffer.slice(250));
    socket.send(new DataView(bytes.buffer, 10, 3));
    socket.send(new Blob([new Uint8Array([7, 8, 9])]));
    socket.send(new Uint8Array(0));
    const received = [];
    for (let i = 0; i < 5; i++) received.push(await socket.next());
    for (const message of received) assert(message instanceof Uint8Array, `got ${typeof message}`);
    deepEqual(received.map((m) => [...m]), [
      [...bytes],
      [250, 251, 252, 253, 254, 255],
      [10, 11, 12],
      [7, 8, 9],
      [],
    ]);
    await socket.close();
  });

  scenario("binary messages of every size class, interleaved on two sockets, arrive byte for byte", async () => {
    // The package's wasm has its own allocator: small size classes, whole
    // pages beyond 32 KiB. Sizes either side of each boundary, several
    // in flight at once on two sockets, each with its own byte pattern.
    const sizes = [1, 7, 8, 9, 255, 4096, 32767, 32768, 32769, 65535, 65536, 65537, 200000, 1 << 20, 3 << 20];
    const pattern = (size, salt) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + salt + size) & 255);
    const sockets = await Promise.all([Socket.connect(ws("/echo")), Socket.connect(ws("/echo"))]);
    for (let round = 0; round < 3; round++) {
      const order = round % 2 ? [...sizes].reverse() : sizes;
      sockets.forEach((socket, salt) => order.forEach((size) => socket.send(pattern(size, salt))));
      for (const [salt, socket] of sockets.entries()) {
        for (const size of order) {
          const message = await socket.next();
          assert(message instanceof Uint8Array, `got ${typeof message}`);
          equal(message.length, size);
          const expected = pattern(size, salt);
          const first = message.findIndex((byte, i) => byte !== expected[i]);
          equal(first, -1, `message of ${size} bytes differs at byte ${first}`);
        }
      }
    }
    await Promise.all(sockets.map((socket) => socket.close()));
  });

  scenario("async iteration ends on a clean close, with its code and reason", async () => {
    const t = tag("iterate");
    const socket = await Socket.connect(ws(`/close?after=3&code=4001&reason=done&tag=${t}`));
    for (const text of ["a", "b", "c"]) socket.send(text);
    const received = [];
    for await (const message of socket) received.push(message);
    deepEqual(received, ["a", "b", "c"]);
    deepEqual(await socket.closed, { code: 4001, reason: "done", wasClean: true });
    equal(socket.state, "closed");
    equal(await socket.next(), undefined);
  });

  scenario("async iteration throws ConnectionLostError when the connection drops", async () => {
    const socket = await Socket.connect(ws("/drop?after=3"));
    for (const text of ["a", "b", "c"]) socket.send(text);
    const received = [];
    const error = await rejects(async () => {
      for await (const message of socket) received.push(message);
    }, "ConnectionLostError");
    deepEqual(received, ["a", "b"]);
    equal(error.code, 1006);
    equal(error.wasClean, false);
  });

  scenario("break leaves the socket open; a second loop reads on", async () => {
    const socket = await Socket.connect(ws("/echo"));
    for (const text of ["1", "2"]) socket.send(text);
    for await (const message of socket) {
      equal(message, "1");
      break;
    }
    equal(socket.state, "open");
    for await (const message of socket) {
      equal(message, "2");
      break;
    }
    await socket.close();
  });

  scenario("signal: an abort stops a pending connect with the signal's reason, and closes an open socket (code 1000)", async () => {
    // A handshake that never completes: the abort, not a timeout, ends it.
    const controller = new AbortController();
    const pending = Socket.connect(ws("/hang"), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const aborted = await rejects(() => pending, "AbortError");
    assert(!(aborted instanceof api.WebSocketError), "the signal's own reason, not a socket error");
    // A reason given to abort() is what the connect rejects with, as fetch does.
    const why = new Error("left the page");
    for (const path of ["/hang", "/echo"]) {
      const caught = await Socket.connect(ws(path), { signal: AbortSignal.abort(why) }).then(
        () => null,
        (error) => error,
      );
      equal(caught, why);
    }
    await rejects(() => Socket.connect(ws("/echo"), { signal: "stop" }), "TypeError");

    const t = tag("connect-signal");
    const later = new AbortController();
    const socket = await Socket.connect(ws(`/echo?tag=${t}`), { signal: later.signal });
    socket.send("x");
    equal(await socket.next(), "x");
    later.abort();
    deepEqual(await socket.closed, { code: 1000, reason: "", wasClean: true });
    const stats = await eventually(async () => {
      const stats = await control(`/control/stats?tag=${t}`);
      return stats.closes.length > 0 && stats;
    });
    equal(stats.closes.at(-1).code, 1000);
  });

  scenario("close(code, reason) resolves to how it closed, and the server saw it", async () => {
    const t = tag("close");
    const socket = await Socket.connect(ws(`/echo?tag=${t}`));
    deepEqual(await socket.close(4000, "bye"), { code: 4000, reason: "bye", wasClean: true });
    deepEqual(await socket.close(), { code: 4000, reason: "bye", wasClean: true }); // again: same answer
    const stats = await eventually(async () => {
      const stats = await control(`/control/stats?tag=${t}`);
      return stats.closes.length > 0 && stats;
    });
    deepEqual(closeOf(stats.closes.at(-1)), { code: 4000, reason: "bye", wasClean: true });
    await rejects(async () => socket.send("late"), "AlreadyClosedError");
  });

  scenario("bad input is a named error, and nothing is closed by it", async () => {
    const socket = await Socket.connect(ws("/echo"));
    await rejects(() => socket.close(1001), "InvalidCloseError");
    await rejects(() => socket.close(4000, "x".repeat(124)), "InvalidCloseError");
    await rejects(() => socket.close("1000"), "TypeError");
    await rejects(async () => socket.send(42), "TypeError");
    await rejects(async () => socket.send({}), "TypeError");
    equal(socket.state, "open");
    await rejects(() => Socket.connect(ws("/echo"), { timeout: 5 }), "TypeError");
    await rejects(() => Socket.connect(ws("/echo"), { timeoutMs: -1 }), "RangeError");
    await rejects(() => Socket.connect(ws("/echo"), ["a b"]), "InvalidProtocolError");
    await rejects(() => Socket.connect(ws("/echo"), ["x", "x"]), "InvalidProtocolError");
    await rejects(() => Socket.connect("ftp://127.0.0.1/"), "InvalidUrlError");
    await rejects(() => Socket.connect(42), "TypeError");
    await socket.close();
  });

  scenario("refused and hanging connects fail with their own names", async () => {
    const refused = await rejects(() => Socket.connect(ws("/refuse")), "ConnectFailedError");
    equal(refused.code, 1006);
    const timedOut = await rejects(() => Socket.connect(ws("/hang"), { timeoutMs: 300 }), "ConnectTimeoutError");
    equal(timedOut.timeoutMs, 300);
  });

  scenario("errors are instances of the exported classes, with their fields", async () => {
    const refused = await rejects(() => Socket.connect(ws("/refuse")), "ConnectFailedError");
    assert(refused instanceof api.ConnectFailedError, "instanceof ConnectFailedError");
    assert(refused instanceof api.WebSocketError, "instanceof WebSocketError");
    assert(refused instanceof Error, "instanceof Error");
    assert(!(refused instanceof api.ConnectionLostError), "not instanceof another class");
    deepEqual([refused.code, refused.reason, refused.wasClean], [1006, "", false]);
    const timedOut = await rejects(() => Socket.connect(ws("/hang"), { timeoutMs: 100 }), "ConnectTimeoutError");
    assert(timedOut instanceof api.ConnectTimeoutError, "instanceof ConnectTimeoutError");
    equal(timedOut.timeoutMs, 100);
    const lost = await rejects(async () => {
      const socket = await Socket.connect(ws("/drop?after=1"));
      socket.send("x");
      for await (const message of socket) void message;
    }, "ConnectionLostError");
    assert(lost instanceof api.ConnectionLostError, "instanceof ConnectionLostError");
    equal(lost.code, 1006);
    const socket = await Socket.connect(ws("/echo"));
    const invalid = await rejects(() => socket.close(1001), "InvalidCloseError");
    assert(invalid instanceof api.InvalidCloseError, "instanceof InvalidCloseError");
    equal(invalid.code, 1001);
    await socket.close();
    const closed = throws(() => socket.send("late"), "AlreadyClosedError");
    assert(closed instanceof api.AlreadyClosedError, "instanceof AlreadyClosedError");
    // Arguments of the wrong type or range stay the platform's own errors.
    const wrongType = await rejects(() => Socket.connect(42), "TypeError");
    assert(wrongType instanceof TypeError && !(wrongType instanceof api.WebSocketError), "a plain TypeError");
    // The name is on the prototype, as for the platform's errors, and the
    // classes can be made by JS code too (in tests, say).
    equal(Object.hasOwn(refused, "name"), false);
    const made = new api.UnsentError("made by hand");
    equal(made.name, "UnsentError");
    assert(made instanceof api.WebSocketError && made instanceof Error, "a hand-made error has the hierarchy");
  });

  scenario("maxMessageSize: a larger message is MessageTooLargeError with its size and the limit, on both classes", async () => {
    const socket = await Socket.connect(ws("/echo"), { maxMessageSize: 4 });
    socket.send("four");
    equal(await socket.next(), "four");
    socket.send("fives");
    const tooLarge = await rejects(() => socket.next(), "MessageTooLargeError");
    assert(tooLarge instanceof api.MessageTooLargeError, "instanceof MessageTooLargeError");
    deepEqual([tooLarge.size, tooLarge.limit], [5, 4]);

    const reconnecting = new ReconnectingSocket(ws("/echo"), { ...fast, maxMessageSize: 4 });
    const errors = [];
    reconnecting.on("messageerror", (event) => errors.push(event.error));
    reconnecting.on("open", () => reconnecting.send("fives"));
    await eventually(() => errors.length > 0, "a messageerror for the large message");
    assert(errors[0] instanceof api.MessageTooLargeError, `got ${errors[0]?.name}`);
    equal(errors[0].limit, 4);
    await reconnecting.close();
  });

  scenario("flush() resolves once a large send has left; bufferedAmount drops to 0", async () => {
    const socket = await Socket.connect(new URL(ws("/silent")));
    socket.send(new Uint8Array(4 << 20));
    await socket.flush();
    equal(socket.bufferedAmount, 0);
    await socket.close();
  });

  scenario("a second concurrent next() is a ConcurrentReadError", async () => {
    const socket = await Socket.connect(ws("/echo"));
    const first = socket.next();
    await rejects(() => socket.next(), "ConcurrentReadError");
    socket.send("x");
    equal(await first, "x");
    await socket.close();
  });

  // --- Socket, shaped like the platform's WebSocket -------------------------------

  scenario("WebSocket shape: readyState and its constants, url, protocol, extensions, bufferedAmount", async () => {
    const socket = await Socket.connect(ws("/echo"), ["chat"]);
    deepEqual([Socket.CONNECTING, Socket.OPEN, Socket.CLOSING, Socket.CLOSED], [0, 1, 2, 3]);
    deepEqual([socket.CONNECTING, socket.OPEN, socket.CLOSING, socket.CLOSED], [0, 1, 2, 3]);
    equal(socket.readyState, Socket.OPEN);
    equal(socket.url, ws("/echo"));
    equal(socket.protocol, "chat");
    equal(socket.extensions, "");
    equal(socket.bufferedAmount, 0);
    await socket.close();
    equal(socket.readyState, Socket.CLOSED);
  });

  scenario("WebSocket shape: onmessage gets MessageEvents, binary as binaryType says; next() waits its turn", async () => {
    const socket = await Socket.connect(ws("/echo"));
    equal(socket.binaryType, "blob");
    equal(socket.onmessage, null);
    const events = [];
    socket.onmessage = function (event) {
      events.push([event, this]);
    };
    equal(typeof socket.onmessage, "function");
    await rejects(() => socket.next(), "ConcurrentReadError");
    socket.send("text");
    socket.send(new Uint8Array([1, 2, 3]));
    await eventually(() => events.length === 2);
    const [[text, self], [blob]] = events;
    assert(text instanceof MessageEvent, "a MessageEvent");
    deepEqual([text.type, text.data, text.origin], ["message", "text", new URL(ws("/")).origin]);
    equal(text.target, socket);
    equal(text.currentTarget, socket);
    equal(self, socket);
    assert(blob.data instanceof Blob, "binary data is a Blob by default");
    deepEqual([...new Uint8Array(await blob.data.arrayBuffer())], [1, 2, 3]);
    socket.binaryType = "arraybuffer";
    equal(socket.binaryType, "arraybuffer");
    socket.send(new Uint8Array([4, 5]));
    await eventually(() => events.length === 3);
    assert(events[2][0].data instanceof ArrayBuffer, "binary data is an ArrayBuffer");
    deepEqual([...new Uint8Array(events[2][0].data)], [4, 5]);
    // Values the platform would ignore without a word are errors here.
    throws(() => (socket.binaryType = "nodebuffer"), "TypeError");
    throws(() => (socket.onmessage = "not a function"), "TypeError");
    equal(socket.binaryType, "arraybuffer");
    // Without message listeners, reading works again.
    socket.onmessage = null;
    socket.send("read");
    equal(await socket.next(), "read");
    equal(events.length, 3);
    await socket.close();
  });

  scenario("WebSocket shape: every message reaches the listeners before close; an abnormal close fires error first", async () => {
    const socket = await Socket.connect(ws("/close?after=2&code=4001&reason=done"));
    const log = [];
    socket.addEventListener("message", (event) => log.push(`message ${event.data}`));
    socket.addEventListener("close", (event) => log.push(`close ${event.code} ${event.reason} ${event.wasClean}`));
    socket.onerror = () => log.push("error");
    socket.send("a");
    socket.send("b");
    await eventually(() => log.length === 3, `three events; got ${log}`);
    deepEqual(log, ["message a", "message b", "close 4001 done true"]);

    const dropped = await Socket.connect(ws("/drop?after=1"));
    const seen = [];
    dropped.onclose = (event) => seen.push(`close ${event.code} ${event.wasClean}`);
    dropped.addEventListener("error", (event) => seen.push(event.type));
    dropped.send("x");
    await eventually(() => seen.length === 2, `error and close; got ${seen}`);
    deepEqual(seen, ["error", "close 1006 false"]);
    equal(dropped.readyState, Socket.CLOSED);
  });

  scenario("WebSocket shape: addEventListener follows the platform's rules", async () => {
    const socket = await Socket.connect(ws("/echo"));
    const calls = [];
    const listener = (event) => calls.push(`fn ${event.data}`);
    socket.addEventListener("message", listener);
    socket.addEventListener("message", listener); // the same one again: called once
    socket.addEventListener("message", (event) => calls.push(`once ${event.data}`), { once: true });
    const object = { handleEvent(event) { calls.push(`object ${event.data} ${this === object}`); } };
    socket.addEventListener("message", object);
    const controller = new AbortController();
    socket.addEventListener("message", () => calls.push("aborted"), { signal: controller.signal });
    controller.abort();
    socket.onmessage = (event) => calls.push(`property ${event.data}`);
    socket.send("1");
    await eventually(() => calls.length === 4, `four calls; got ${calls}`);
    deepEqual(calls, ["fn 1", "once 1", "object 1 true", "property 1"]);
    socket.removeEventListener("message", listener);
    socket.removeEventListener("message", object);
    socket.send("2");
    await eventually(() => calls.length === 5, `five calls; got ${calls}`);
    equal(calls[4], "property 2");
    // dispatchEvent reaches the listeners of any type, as the platform's
    // EventTarget does.
    let dispatched = 0;
    socket.addEventListener("open", () => dispatched++);
    socket.addEventListener("custom", () => dispatched++);
    equal(socket.dispatchEvent(new Event("open")), true);
    equal(socket.dispatchEvent(new Event("custom")), true);
    equal(dispatched, 2);
    assert(socket instanceof EventTarget, "an EventTarget");
    throws(() => socket.addEventListener("message", 42), "TypeError");
    await socket.close();
  });

  scenario("WebSocket shape: stopImmediatePropagation skips the listeners after it, stopPropagation does not", async () => {
    const socket = await Socket.connect(ws("/echo"));
    const calls = [];
    socket.addEventListener("message", (event) => {
      calls.push(`first ${event.data}`);
      if (event.data === "stop") event.stopImmediatePropagation();
      else event.stopPropagation();
    });
    socket.addEventListener("message", (event) => calls.push(`second ${event.data}`));
    socket.send("stop");
    socket.send("go on");
    await eventually(() => calls.length === 3, `three calls; got ${calls}`);
    deepEqual(calls, ["first stop", "first go on", "second go on"]);
    // The event keeps the platform's own method afterwards.
    const event = new Event("open");
    let seen = 0;
    socket.addEventListener("open", (e) => { seen++; e.stopImmediatePropagation(); });
    socket.addEventListener("open", () => seen++);
    socket.dispatchEvent(event);
    equal(seen, 1);
    equal(Object.hasOwn(event, "stopImmediatePropagation"), false);
    await socket.close();
  });

  scenario("free() and [Symbol.dispose]() close a Socket with 1000; later calls throw DisposedError", async () => {
    for (const dispose of ["free", Symbol.dispose]) {
      if (dispose === undefined) continue; // a runtime without Symbol.dispose
      const t = tag("dispose");
      const socket = await Socket.connect(ws(`/echo?tag=${t}`));
      socket[dispose]();
      const stats = await eventually(async () => {
        const stats = await control(`/control/stats?tag=${t}`);
        return stats.closes.length > 0 && stats;
      });
      equal(stats.closes.at(-1).code, 1000);
      const error = throws(() => socket.send("late"), "DisposedError");
      assert(error instanceof api.DisposedError, "instanceof DisposedError");
      assert(error.message.includes("disposed"), error.message);
      throws(() => socket.readyState, "DisposedError");
      throws(() => (socket.onmessage = () => {}), "DisposedError");
      await rejects(() => socket.close(), "DisposedError");
      await rejects(() => socket.next(), "DisposedError");
      socket[dispose](); // again: nothing happens
    }
  });

  // --- ReconnectingSocket ----------------------------------------------------------

  // Short, predictable retries for tests.
  const fast = { backoff: { initialDelayMs: 50, maxDelayMs: 200, jitter: "none" } };

  scenario("reconnect: WebSocket shape: open, message, error and close events across a reconnect; readyState, url, protocol", async () => {
    const t = tag("shape");
    const url = ws(`/echo?tag=${t}`);
    const socket = new ReconnectingSocket(url, { ...fast, protocols: ["chat"] });
    deepEqual([ReconnectingSocket.CONNECTING, ReconnectingSocket.OPEN, ReconnectingSocket.CLOSING, ReconnectingSocket.CLOSED], [0, 1, 2, 3]);
    deepEqual([socket.CONNECTING, socket.OPEN, socket.CLOSING, socket.CLOSED], [0, 1, 2, 3]);
    equal(socket.readyState, ReconnectingSocket.CONNECTING);
    deepEqual([socket.url, socket.protocol, socket.extensions, socket.bufferedAmount, socket.binaryType], [url, "", "", 0, "blob"]);
    const log = [];
    socket.onopen = function (event) {
      log.push(`open ${this === socket} ${event.target === socket}`);
    };
    socket.addEventListener("message", (event) => log.push(`message ${event.data instanceof Blob ? "blob" : event.data}`));
    socket.addEventListener("close", (event) => log.push(`close ${event.code} ${event.wasClean}`));
    socket.onerror = (event) => log.push(event.type);
    await eventually(() => log.length === 1, `open; got ${log}`);
    equal(socket.readyState, ReconnectingSocket.OPEN);
    equal(socket.protocol, "chat");
    socket.send("hi");
    socket.send(new Uint8Array([1]));
    await eventually(() => log.length === 3, `two messages; got ${log}`);
    await control(`/control/drop?tag=${t}`);
    await eventually(() => log.length === 6, `a reconnect; got ${log}`);
    deepEqual(log, ["open true true", "message hi", "message blob", "error", "close 1006 false", "open true true"]);
    const closing = socket.close();
    equal(socket.readyState, ReconnectingSocket.CLOSING);
    await closing;
    equal(socket.readyState, ReconnectingSocket.CLOSED);
    equal(log.at(-1), "close 1000 true");

    // A failed attempt is an error event carrying the error.
    const refusedTag = tag("shape-refused");
    await control(`/control/refuse?ms=60000&tag=${refusedTag}`);
    const refused = new ReconnectingSocket(ws(`/echo?tag=${refusedTag}`), fast);
    const errors = [];
    refused.addEventListener("error", (event) => errors.push(event));
    await eventually(() => errors.length > 0, "an error event");
    assert(errors[0].error instanceof api.ConnectFailedError, `the error: ${errors[0].error}`);
    equal(errors[0].message, errors[0].error.message);
    await refused.close();
    await control(`/control/refuse?ms=0&tag=${refusedTag}`);
  });

  scenario("reconnect: WebSocket shape: a message listener added late gets what arrived before it, as binaryType says", async () => {
    const t = tag("late");
    const socket = new ReconnectingSocket(ws(`/echo?tag=${t}`), fast);
    socket.binaryType = "arraybuffer";
    socket.send("early");
    socket.send(new Uint8Array([7]));
    await eventually(async () => (await control(`/control/stats?tag=${t}`)).messagesSent === 2, "both echoed");
    const data = [];
    socket.onmessage = (event) => data.push(event.data);
    await eventually(() => data.length === 2, `two messages; got ${data.length}`);
    equal(data[0], "early");
    assert(data[1] instanceof ArrayBuffer, "an ArrayBuffer");
    deepEqual([...new Uint8Array(data[1])], [7]);
    await socket.close();
  });

  scenario("reconnect: free() and [Symbol.dispose]() close with 1000 and stop retrying; later calls throw DisposedError", async () => {
    for (const dispose of ["free", Symbol.dispose]) {
      if (dispose === undefined) continue; // a runtime without Symbol.dispose
      const t = tag("rdispose");
      const socket = new ReconnectingSocket(ws(`/echo?tag=${t}`), fast);
      const log = recorder(socket);
      await log.until("open");
      socket[dispose]();
      await log.until("stopped");
      const stats = await eventually(async () => {
        const stats = await control(`/control/stats?tag=${t}`);
        return stats.closes.length > 0 && stats;
      });
      deepEqual(closeOf(stats.closes.at(-1)), { code: 1000, reason: "", wasClean: true });
      // Well past the backoff: no new connection.
      await new Promise((resolve) => setTimeout(resolve, 300));
      equal((await control(`/control/stats?tag=${t}`)).accepted, 1);
      const error = throws(() => socket.send("late"), "DisposedError");
      assert(error instanceof api.DisposedError, "instanceof DisposedError");
      assert(error.message.includes("ReconnectingSocket was disposed"), error.message);
      throws(() => socket.state, "DisposedError");
      throws(() => socket.reconnect(), "DisposedError");
      throws(() => socket.on("open", () => {}), "DisposedError");
      await rejects(() => socket.close(), "DisposedError");
      socket[dispose](); // again: nothing happens
    }
  });

  scenario("reconnect: a dropped connection comes back, and sends made meanwhile are queued then delivered", async () => {
    const t = tag("reconnect");
    const socket = new ReconnectingSocket(ws(`/echo?tag=${t}`), fast);
    const log = recorder(socket);
    equal(socket.send("early"), "queued"); // before the first open
    const messages = socket[Symbol.asyncIterator]();
    equal((await messages.next()).value, "early");
    equal(socket.state, "open");
    equal(socket.send("sent while open"), "sent");
    equal((await messages.next()).value, "sent while open");

    await control(`/control/drop?tag=${t}`);
    await log.until("reconnecting");
    equal(socket.send("while away"), "queued");
    equal(socket.queued, 1);
    equal((await messages.next()).value, "while away");
    equal(socket.queued, 0);
    await socket.close();
    equal(socket.state, "closed");
    deepEqual(await messages.next(), { value: undefined, done: true });
    equal(socket.send("after close"), "rejected");
    deepEqual(log.types(), [
      "connecting", "state:connecting", "open", "state:open",
      "close", "reconnecting", "state:waiting", "connecting", "state:connecting", "open", "state:open",
      // Your own close: its close event comes once the connection has closed.
      "stopped", "state:closed", "close", "dropped",
    ]);
    const [lost, own] = log.events.filter((e) => e.type === "close");
    equal(lost.code, 1006);
    deepEqual([own.code, own.reason, own.wasClean], [1000, "", true]);
    const reconnecting = log.events.find((e) => e.type === "reconnecting");
    equal(reconnecting.delayMs, 50);
    assert(reconnecting.retryAt >= Date.now() - 5000, "retryAt is a timestamp");
    deepEqual(log.events.at(-1).messages, ["after close"]);
    equal(log.events.at(-1).reason, "closed");
  });

  scenario("reconnect: refused attempts are retried with backoff until the server accepts", async () => {
    const t = tag("refused");
    await control(`/control/refuse?ms=700&tag=${t}`);
    const socket = new ReconnectingSocket(ws(`/echo?tag=${t}`), fast);
    const log = recorder(socket);
    await log.until("open");
    const failures = log.events.filter((e) => e.type === "attemptfailed");
    assert(failures.length >= 2, `expected at least 2 failed attempts, got ${failures.length}`);
    equal(failures[0].error.name, "ConnectFailedError");
    assert(failures[0].error instanceof Error, "the error is an Error");
    await socket.close();
  });

  scenario("reconnect: onOpen sends go out before the queue, on every open", async () => {
    const t = tag("onopen");
    const socket = new ReconnectingSocket(ws(`/echo?tag=${t}`), {
      ...fast,
      onOpen: (connection) => connection.send("hello from onOpen"),
    });
    socket.send("queued");
    const received = [];
    socket.on("message", (message) => received.push(message));
    await eventually(() => received.length === 2);
    deepEqual(received, ["hello from onOpen", "queued"]);
    await socket.close();
  });

  scenario("reconnect: a terminal close code stops it and ends the iteration", async () => {
    const socket = new ReconnectingSocket(ws("/close?after=1&code=4401&reason=banned"), {
      ...fast,
      policy: { terminalCodes: [4401, [4500, 4599]] },
    });
    const log = recorder(socket);
    socket.send("x");
    const received = [];
    for await (const message of socket) received.push(message);
    deepEqual(received, ["x"]);
    await log.until("stopped");
    const stopped = log.events.find((e) => e.type === "stopped");
    deepEqual([stopped.reason, stopped.code], ["terminal-code", 4401]);
    equal(socket.state, "stopped");
    await socket.close();
  });

  scenario("reconnect: close() hands back what is still queued, in a dropped event before stopped", async () => {
    const t = tag("unsent");
    await control(`/control/refuse?ms=60000&tag=${t}`);
    const socket = new ReconnectingSocket(ws(`/echo?tag=${t}`), fast);
    const log = recorder(socket);
    equal(socket.send("first"), "queued");
    equal(socket.send(new Uint8Array([1, 2, 3])), "queued");
    await log.until("attemptfailed");
    await socket.close();
    await control(`/control/refuse?ms=0&tag=${t}`);
    equal(socket.queued, 0);
    const dropped = log.events.filter((e) => e.type === "dropped");
    equal(dropped.length, 1);
    equal(dropped[0].reason, "unsent");
    equal(dropped[0].messages.length, 2);
    equal(dropped[0].messages[0], "first");
    assert(dropped[0].messages[1] instanceof Uint8Array, "binary comes back as a Uint8Array");
    deepEqual([...dropped[0].messages[1]], [1, 2, 3]);
    const types = log.types();
    assert(types.indexOf("dropped") < types.indexOf("stopped"), `dropped comes before stopped: ${types}`);
    // Closed while connecting: a close event as the platform's, code 1006.
    deepEqual(types.slice(-2), ["state:closed", "close"]);
    const close = log.events.at(-1);
    deepEqual([close.code, close.wasClean], [1006, false]);
  });

  scenario("reconnect: gives up after maxRetries, and reconnect() starts again", async () => {
    const t = tag("giveup");
    await control(`/control/refuse?ms=60000&tag=${t}`);
    const socket = new ReconnectingSocket(ws(`/echo?tag=${t}`), { ...fast, retryLimits: { maxRetries: 2 } });
    const log = recorder(socket);
    await log.until("gaveup");
    equal(socket.state, "gave-up");
    equal(log.events.filter((e) => e.type === "attemptfailed").length, 3);
    equal(log.events.find((e) => e.type === "gaveup").reason, "max-retries");
    await control(`/control/refuse?ms=0&tag=${t}`);
    socket.reconnect();
    await log.until("open");
    socket.send("back");
    for await (const message of socket) {
      equal(message, "back");
      break;
    }
    await socket.close();
  });

  scenario("reconnect: the URL function is asked before every attempt; its failure is a failed attempt", async () => {
    let calls = 0;
    const socket = new ReconnectingSocket(async () => {
      calls += 1;
      if (calls === 1) throw new Error("no token yet");
      return new URL(ws(`/echo?token=${calls}`));
    }, fast);
    const log = recorder(socket);
    await log.until("open");
    const failed = log.events.find((e) => e.type === "attemptfailed");
    equal(failed.error.name, "UrlProviderError");
    assert(failed.error.message.includes("no token yet"), failed.error.message);
    equal(calls, 2);
    await socket.close();
  });

  scenario("reconnect: startClosed waits for reconnect(), queueing meanwhile; readyState is CLOSED until then", async () => {
    const t = tag("start-closed");
    const socket = new ReconnectingSocket(ws(`/echo?tag=${t}`), { ...fast, startClosed: true });
    const log = recorder(socket);
    equal(socket.state, "stopped");
    equal(socket.readyState, ReconnectingSocket.CLOSED);
    equal(socket.send("before"), "queued");
    await new Promise((resolve) => setTimeout(resolve, 200));
    equal((await control(`/control/stats?tag=${t}`)).upgrades, 0);
    deepEqual(log.types(), []);
    socket.reconnect();
    for await (const message of socket) {
      equal(message, "before");
      break;
    }
    deepEqual(log.types().slice(0, 4), ["connecting", "state:connecting", "open", "state:open"]);
    await socket.close();

    // Closed before it ever started: nothing connects, the queue comes back.
    const never = new ReconnectingSocket(ws(`/echo?tag=${t}`), { ...fast, startClosed: true });
    const neverLog = recorder(never);
    never.send("unsent");
    await never.close();
    equal(never.state, "closed");
    deepEqual(neverLog.events.find((e) => e.type === "dropped")?.messages, ["unsent"]);
    equal((await control(`/control/stats?tag=${t}`)).upgrades, 1);
  });

  scenario("reconnect: an AbortSignal closes it (code 1000); an aborted one closes it at once", async () => {
    const t = tag("signal");
    const controller = new AbortController();
    const socket = new ReconnectingSocket(ws(`/echo?tag=${t}`), { ...fast, signal: controller.signal });
    const log = recorder(socket);
    await log.until("open");
    controller.abort();
    await log.until("stopped");
    equal(log.events.find((e) => e.type === "stopped").reason, "closed-by-user");
    const stats = await eventually(async () => {
      const stats = await control(`/control/stats?tag=${t}`);
      return stats.closes.length > 0 && stats;
    });
    equal(stats.closes.at(-1).code, 1000);

    const aborted = new ReconnectingSocket(ws(`/echo?tag=${t}`), { signal: AbortSignal.abort() });
    const abortedLog = recorder(aborted);
    await abortedLog.until("stopped");
    equal(aborted.state, "closed");
    throws(() => new ReconnectingSocket(ws("/echo"), { signal: "stop" }), "TypeError");
  });

  scenario("reconnect: reconnect(code, reason) then close() at once closes once; reconnect() starts again, but not after the signal closed it", async () => {
    const t = tag("reconnect-close");
    const socket = new ReconnectingSocket(ws(`/echo?tag=${t}`), fast);
    const closes = [];
    socket.addEventListener("close", (event) => closes.push(event.code));
    await eventually(() => socket.readyState === ReconnectingSocket.OPEN, "open");
    socket.reconnect(4000, "fresh");
    equal(socket.readyState, ReconnectingSocket.CLOSING);
    const closed = await socket.close();
    equal(closed.code, 4000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    deepEqual(closes, [4000]);
    equal(socket.readyState, ReconnectingSocket.CLOSED);
    equal((await control(`/control/stats?tag=${t}`)).accepted, 1);
    socket.reconnect();
    equal(socket.readyState, ReconnectingSocket.CONNECTING);
    await eventually(() => socket.readyState === ReconnectingSocket.OPEN, "open again");
    await socket.close();

    const controller = new AbortController();
    const aborted = new ReconnectingSocket(ws("/echo"), { ...fast, signal: controller.signal });
    await eventually(() => aborted.readyState === ReconnectingSocket.OPEN, "open");
    controller.abort();
    await eventually(() => aborted.readyState === ReconnectingSocket.CLOSED, "closed");
    aborted.reconnect();
    await new Promise((resolve) => setTimeout(resolve, 100));
    deepEqual([aborted.readyState, aborted.state], [ReconnectingSocket.CLOSED, "closed"]);
  });

  scenario("reconnect: a protocols function is asked before every attempt; its failure is a failed attempt", async () => {
    const t = tag("protocols");
    let calls = 0;
    const socket = new ReconnectingSocket(ws(`/echo?tag=${t}`), {
      ...fast,
      protocols: async () => {
        calls += 1;
        if (calls === 1) throw new Error("no token yet");
        return ["v1", `token-${calls}`];
      },
    });
    const log = recorder(socket);
    await log.until("open");
    const failed = log.events.find((e) => e.type === "attemptfailed");
    equal(failed.error.name, "UrlProviderError");
    assert(failed.error.message.includes("protocols function") && failed.error.message.includes("no token yet"), failed.error.message);
    equal(socket.protocol, "v1");
    deepEqual((await control(`/control/stats?tag=${t}`)).lastProtocols, ["v1", "token-2"]);
    await control(`/control/drop?tag=${t}`);
    await eventually(() => log.events.filter((e) => e.type === "open").length === 2, "a second open");
    deepEqual((await control(`/control/stats?tag=${t}`)).lastProtocols, ["v1", "token-3"]);
    await socket.close();
    // Static protocols are still checked when the socket is made.
    throws(() => new ReconnectingSocket(ws("/echo"), { protocols: ["a b"] }), "InvalidProtocolError");
  });

  scenario("reconnect: unread messages wait for a reader; past maxUnread bytes the connection closes with 3010 and comes back, with a messageerror", async () => {
    const received = async (t, count) =>
      eventually(async () => (await control(`/control/stats?tag=${t}`)).messagesSent === count, `${count} echoes`);

    // Nobody reads: every message waits for the first reader.
    const t = tag("unread");
    const socket = new ReconnectingSocket(ws(`/echo?tag=${t}`), { ...fast, maxUnread: 10 });
    const log = recorder(socket);
    const errors = [];
    socket.on("messageerror", (event) => errors.push(event.error));
    for (const text of ["1", "2", "3", "4", "5"]) socket.send(text);
    await received(t, 5);
    const read = [];
    for await (const message of socket) {
      read.push(message);
      if (read.length === 5) break;
    }
    deepEqual(read, ["1", "2", "3", "4", "5"]);
    equal(errors.length, 0);

    // 4 + 4 bytes fit in 10, a third message would not: the connection is
    // closed with 3010, the reader keeps what came before it (a whole
    // prefix), and the policy reconnects.
    for (const text of ["aaaa", "bbbb", "cccc", "dddd"]) socket.send(text);
    await log.until("reconnecting");
    await eventually(() => errors.length === 1, "a messageerror");
    assert(errors[0] instanceof api.UnreadLimitError, `got ${errors[0]?.name}`);
    equal(errors[0].limit, 10);
    const close = log.events.find((e) => e.type === "close");
    deepEqual([close.code, close.reason], [3010, "too many unread messages"]);
    const stats = await eventually(async () => {
      const stats = await control(`/control/stats?tag=${t}`);
      return stats.closes.length > 0 && stats;
    });
    equal(stats.closes.at(-1).code, 3010);
    await eventually(() => log.events.filter((e) => e.type === "open").length === 2, "a second open");
    socket.send("after");
    const rest = [];
    for await (const message of socket) {
      rest.push(message);
      if (message === "after") break;
    }
    deepEqual(rest, ["aaaa", "bbbb", "after"]);
    await socket.close();

    // No limit: null or Infinity.
    for (const maxUnread of [null, Infinity]) {
      const unbounded = new ReconnectingSocket(ws("/echo"), { maxUnread });
      unbounded.send("x".repeat(1000));
      for await (const message of unbounded) {
        equal(message.length, 1000);
        break;
      }
      await unbounded.close();
    }
  });

  for (const kind of ["Socket", "ReconnectingSocket"]) {
    scenario(`${kind}: a no-op for await loop over a burst of 50,000 messages loses none, with the default limits`, async () => {
      const count = 50_000;
      const url = ws(`/burst?items=t16&repeat=${count}`);
      const socket = kind === "Socket" ? await Socket.connect(url) : new ReconnectingSocket(url);
      const trouble = [];
      if (kind === "ReconnectingSocket") {
        socket.on("messageerror", (event) => trouble.push(event.error.name));
        socket.on("close", (event) => trouble.push(`close ${event.code}`));
      }
      let received = 0;
      let last;
      for await (const message of socket) {
        received += 1;
        last = message;
        if (received === count) break;
      }
      equal(received, count);
      // Message k is "k:" and filler: the last is the last sent.
      equal(last.split(":")[0], String(count - 1));
      deepEqual(trouble, []);
      await socket.close();
    });
  }

  scenario("reconnect: a full queue rejects and reports the message; drop-oldest reports what it evicted", async () => {
    const t = tag("queue");
    await control(`/control/refuse?ms=60000&tag=${t}`);
    const rejecting = new ReconnectingSocket(ws(`/echo?tag=${t}`), { ...fast, queue: { capacity: 1 } });
    const rejected = recorder(rejecting);
    equal(rejecting.send("one"), "queued");
    equal(rejecting.send("two"), "rejected");
    deepEqual(rejected.events.map((e) => [e.type, e.reason, e.messages]), [["dropped", "full", ["two"]]]);
    await rejecting.close();

    const evicting = new ReconnectingSocket(ws(`/echo?tag=${t}`), {
      ...fast,
      queue: { capacity: 2, overflow: "drop-oldest" },
    });
    const evicted = recorder(evicting);
    for (const text of ["a", "b", "c"]) equal(evicting.send(text), "queued");
    deepEqual(evicted.events.map((e) => [e.reason, e.messages]), [["evicted", ["a"]]]);
    equal(evicting.queued, 2);
    await evicting.close();

    const off = new ReconnectingSocket(ws(`/echo?tag=${t}`), { queue: false });
    equal(off.send("nowhere"), "rejected");
    await off.close();
    await control(`/control/refuse?ms=0&tag=${t}`);
  });

  scenario("reconnect: bad options and arguments are TypeError / RangeError", async () => {
    const url = ws("/echo");
    throws(() => new ReconnectingSocket(url, { backof: {} }), "TypeError");
    throws(() => new ReconnectingSocket(url, { backoff: { factor: 0.5 } }), "RangeError");
    throws(() => new ReconnectingSocket(url, { backoff: { jitter: "some" } }), "TypeError");
    throws(() => new ReconnectingSocket(url, { queue: { overflow: "drop" } }), "TypeError");
    throws(() => new ReconnectingSocket(url, { policy: { terminalCodes: [70000] } }), "TypeError");
    throws(() => new ReconnectingSocket(url, { retryLimits: { maxRetries: 1.5 } }), "RangeError");
    throws(() => new ReconnectingSocket(url, { heartbeat: { message: "ping" } }), "TypeError");
    throws(() => new ReconnectingSocket(42), "TypeError");
    const socket = new ReconnectingSocket(url, fast);
    throws(() => socket.on("mesage", () => {}), "TypeError");
    throws(() => socket.on("message", "not a function"), "TypeError");
    // A Blob is sent only while a connection is open: it is not queued.
    throws(() => socket.send(new Blob(["x"])), "NotYetOpenError");
    await rejects(() => socket.close(1005), "InvalidCloseError");
    equal(socket.state === "closed", false);
    await socket.close(4000, "done");
  });

  scenario("reconnect: the heartbeat is sent while open, and its replies are hidden", async () => {
    const t = tag("heartbeat");
    const socket = new ReconnectingSocket(ws(`/echo?tag=${t}`), {
      ...fast,
      heartbeat: { intervalMs: 50, message: "ping", isReply: (message) => message === "ping" },
    });
    const received = [];
    socket.on("message", (message) => received.push(message));
    await eventually(async () => {
      const stats = await control(`/control/stats?tag=${t}`);
      return stats.messagesReceived >= 3;
    });
    socket.send("real");
    await eventually(() => received.length === 1);
    deepEqual(received, ["real"]);
    await socket.close();
  });

  scenario("reconnect: idleTimeoutMs declares a silent connection dead, and it reconnects", async () => {
    const socket = new ReconnectingSocket(ws("/silent"), { ...fast, idleTimeoutMs: 150 });
    const log = recorder(socket);
    const shape = [];
    for (const type of ["open", "error", "close"]) {
      socket.addEventListener(type, (event) => shape.push(type === "close" ? `close ${event.code} ${socket.readyState}` : type));
    }
    await log.until("dead");
    const dead = log.events.find((e) => e.type === "dead");
    // A timer that fired counts as having reached its deadline, so never
    // less than the timeout.
    assert(dead.silentForMs >= 150, `silent for ${dead.silentForMs} ms`);
    await eventually(() => log.events.filter((e) => e.type === "open").length >= 2, "a second open");
    // The WebSocket shape has a close between the two opens.
    deepEqual(shape.slice(0, 4), ["open", "error", "close 3008 3", "open"]);
    await socket.close();
  });

  scenario("reconnect: the back/forward cache closes the connection with a close event (1000, page hidden), and it opens again when shown (in browsers)", async () => {
    // Node has no page: nothing to check there.
    if (typeof window === "undefined" || typeof PageTransitionEvent !== "function") return;
    const socket = new ReconnectingSocket(ws("/echo"), fast);
    const shape = [];
    for (const type of ["open", "error", "close"]) {
      socket.addEventListener(type, (event) => shape.push(type === "close" ? `close ${event.code} ${event.reason}` : type));
    }
    await eventually(() => shape.length === 1, "open");
    window.dispatchEvent(new PageTransitionEvent("pagehide", { persisted: true }));
    await eventually(() => socket.state === "suspended", `suspended; state ${socket.state}`);
    window.dispatchEvent(new PageTransitionEvent("pageshow", { persisted: true }));
    await eventually(() => shape.length === 3, `open again; got ${shape}`);
    deepEqual(shape, ["open", "close 1000 page hidden", "open"]);
    await socket.close();
  });

  // --- number options: one rule for every duration and count ---------------------

  // Each value below, given to each number option: accepted with its
  // documented meaning, or refused with a TypeError / RangeError that names
  // the option. None may trap the WebAssembly (an uncaught RuntimeError in
  // Node, a page error in the browser).
  const values = [0, -1, NaN, Infinity, 1e300, Number.MAX_VALUE, "5", 1.5];
  const outcomes = {
    // Durations in milliseconds; Infinity and huge values mean forever.
    duration: ["ok", "RangeError", "RangeError", "ok", "ok", "ok", "TypeError", "ok"],
    // Durations for which 0 makes no sense.
    positive: ["RangeError", "RangeError", "RangeError", "ok", "ok", "ok", "TypeError", "ok"],
    // Whole numbers; Infinity and huge values mean no limit.
    count: ["ok", "RangeError", "RangeError", "ok", "ok", "ok", "TypeError", "RangeError"],
    // backoff.factor: at least 1.
    factor: ["RangeError", "RangeError", "RangeError", "ok", "ok", "ok", "TypeError", "ok"],
  };
  const numberOptions = [
    ["connectTimeoutMs", "positive"],
    ["backoff.initialDelayMs", "duration"],
    ["backoff.maxDelayMs", "duration"],
    ["backoff.factor", "factor"],
    ["retryLimits.maxRetries", "count"],
    ["retryLimits.maxElapsedMs", "duration"],
    ["retryLimits.minUptimeMs", "duration"],
    ["queue.capacity", "count"],
    ["queue.maxBytes", "count"],
    ["heartbeat.intervalMs", "positive"],
    ["idleTimeoutMs", "positive"],
    ["maxUnread", "count"],
    ["maxOfflineWaitMs", "duration"],
    ["maxMessageSize", "count"],
  ];

  scenario("number options: Socket.connect timeoutMs is accepted or refused by the one rule, never a trap", async () => {
    for (const [i, value] of values.entries()) {
      const expected = outcomes.positive[i];
      const connecting = Socket.connect(ws("/echo"), { timeoutMs: value });
      if (expected !== "ok") {
        const error = await rejects(() => connecting, expected);
        assert(error.message.includes("timeoutMs"), `the message names the option: ${error.message}`);
        continue;
      }
      let socket;
      try {
        socket = await connecting;
      } catch (error) {
        // 1.5 ms may be too short even on loopback: then it is a timeout.
        if (value === 1.5 && error.name === "ConnectTimeoutError") continue;
        throw new Error(`timeoutMs ${value}: ${error.name}: ${error.message}`);
      }
      socket.send("x");
      equal(await socket.next(), "x");
      await socket.close();
    }
  });

  for (const [path, kind] of numberOptions) {
    scenario(`number options: ReconnectingSocket ${path} is accepted or refused by the one rule, never a trap`, async () => {
      for (const [i, value] of values.entries()) {
        const expected = outcomes[kind][i];
        // Short retries, so that the retry path runs with the value; the
        // option under test overrides them.
        const options = { backoff: { initialDelayMs: 20, maxDelayMs: 200, jitter: "none" } };
        if (path.startsWith("heartbeat.")) options.heartbeat = { message: "ping", isReply: (m) => m === "ping" };
        setPath(options, path, value);
        if (expected !== "ok") {
          const error = throws(() => new ReconnectingSocket(ws("/echo"), options), expected);
          assert(error.message.includes(path), `${path} ${String(value)}: the message names the option: ${error.message}`);
          continue;
        }
        // Open, then the server drops the connection at the first message,
        // so that the retry is computed with the value too.
        const socket = new ReconnectingSocket(ws(`/drop?after=1&tag=${tag("numbers")}`), options);
        const log = recorder(socket);
        socket.on("open", () => socket.send("x"));
        const next = await eventually(
          () => log.events.find((e) => e.type === "reconnecting" || e.type === "gaveup"),
          `${path} ${String(value)}: a retry or giving up; got ${log.types()}`,
        );
        if (path === "backoff.initialDelayMs" && next.type === "reconnecting") {
          // The first retry waits the initial delay, capped by maxDelayMs.
          equal(next.delayMs, Math.min(value, 200));
        }
        if (path === "retryLimits.maxRetries" && value === 0) equal(next.type, "gaveup");
        await socket.close();
        equal(socket.state, "closed");
      }
    });
  }

  return list;
}

/** `{ code, reason, wasClean }` of a close the test server recorded. */
export function closeOf({ code, reason, wasClean }) {
  return { code, reason, wasClean };
}

/** Sets `object.a.b = value` for the path `"a.b"`, making `a` if missing. */
function setPath(object, path, value) {
  const keys = path.split(".");
  const last = keys.pop();
  let at = object;
  for (const key of keys) at = at[key] ??= {};
  at[last] = value;
}

// --- helpers -------------------------------------------------------------------------

/** Records a ReconnectingSocket's events; `until(type)` waits for one. */
export function recorder(socket) {
  const events = [];
  const waiters = [];
  const add = (event) => {
    events.push(event);
    for (const waiter of [...waiters]) waiter();
  };
  socket.on("event", add);
  socket.on("state", add);
  socket.on("dropped", add);
  return {
    events,
    types: () => events.map((e) => (e.type === "state" ? `state:${e.state}` : e.type)),
    until: (type) =>
      eventually(() => events.some((e) => e.type === type), `no ${type} event; got ${events.map((e) => e.type)}`),
  };
}

/** Resolves once `check()` is truthy (checked every 20 ms, for at most 8 s). */
export async function eventually(check, what = "condition") {
  const deadline = Date.now() + 8000;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function assert(condition, message = "assertion failed") {
  if (!condition) throw new Error(message);
}

export function equal(actual, expected) {
  if (!Object.is(actual, expected)) {
    throw new Error(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

export function deepEqual(actual, expected) {
  const a = JSON.stringify(actual);
  const b = JSON.stringify(expected);
  if (a !== b) throw new Error(`expected ${b}, got ${a}`);
}

/** Awaits `run()`, which must reject with an Error named `name`; returns it. */
export async function rejects(run, name) {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof Error)) throw new Error(`expected an Error named ${name}, got ${error}`);
    if (error.name !== name) throw new Error(`expected ${name}, got ${error.name}: ${error.message}`);
    if (!error.message) throw new Error(`${name} has no message`);
    return error;
  }
  throw new Error(`expected ${name}, but nothing was thrown`);
}

/** `run()` must throw synchronously an Error named `name`. */
export function throws(run, name) {
  try {
    run();
  } catch (error) {
    if (error?.name !== name) throw new Error(`expected ${name}, got ${error?.name}: ${error?.message}`);
    return error;
  }
  throw new Error(`expected ${name}, but nothing was thrown`);
}

/** The test server's URLs and control API; `tag(prefix)` makes a unique tag. */
export function testServer(host) {
  let counter = 0;
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return {
    ws: (path) => `ws://${host}${path}`,
    control: async (path) => {
      const response = await fetch(`http://${host}${path}`);
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      return response.json();
    },
    tag: (prefix) => `${prefix}-${unique}-${++counter}`,
  };
}
