// Testing an app without a server, in JavaScript: mock-socket's `Server`
// answers `Socket` and `ReconnectingSocket` through their `WebSocket`
// option, in the same process, with no network. This is the example
// js/README.md shows ("Testing your app"); it runs in Node.
import assert from "node:assert/strict";
import { test } from "node:test";

import { Server, WebSocket as MockWebSocket } from "mock-socket";

import { packageDir } from "./paths.mjs";

const { Socket, ReconnectingSocket } = await import(new URL("node.js", `file://${packageDir}/`).href);

/** A mock server at `url` that echoes every message, prefixed. */
function echoServer(url) {
  const server = new Server(url);
  server.on("connection", (socket) => {
    socket.on("message", (data) => socket.send(`echo ${data}`));
  });
  return server;
}

/** The next message of `socket`'s `for await`. */
async function next(socket) {
  for await (const message of socket) return message;
  throw new Error("the messages ended");
}

test("Socket talks to a mock server: send, receive, close with a code and reason", async () => {
  const url = "ws://chat.test/plain";
  const server = echoServer(url);
  let serverSaw;
  server.on("connection", (socket) => {
    socket.on("close", (event) => (serverSaw = event));
  });
  try {
    const socket = await Socket.connect(url, { WebSocket: MockWebSocket });
    socket.send("hello");
    assert.equal(await next(socket), "echo hello");
    // (mock-socket reports its own closes as not clean.)
    const { code, reason } = await socket.close(4001, "done");
    assert.deepEqual({ code, reason }, { code: 4001, reason: "done" });
    assert.equal(serverSaw?.code, 4001);
  } finally {
    server.stop();
  }
});

test("ReconnectingSocket: sends while connecting are queued, and a server close brings a new connection", async () => {
  const url = "ws://chat.test/reconnect";
  const server = echoServer(url);
  let connections = 0;
  server.on("connection", () => (connections += 1));
  try {
    const socket = new ReconnectingSocket(url, {
      WebSocket: MockWebSocket,
      backoff: { initialDelayMs: 5, jitter: "none" },
    });
    // Queued until the open, then sent.
    assert.equal(socket.send("early"), "queued");
    assert.equal(await next(socket), "echo early");
    // The server closes every connection: the socket comes back by itself.
    const reopened = new Promise((resolve) => socket.addEventListener("open", resolve, { once: true }));
    for (const client of server.clients()) client.close({ code: 4000, reason: "restart", wasClean: true });
    await reopened;
    assert.equal(connections, 2);
    socket.send("again");
    assert.equal(await next(socket), "echo again");
    await socket.close();
  } finally {
    server.stop();
  }
});
