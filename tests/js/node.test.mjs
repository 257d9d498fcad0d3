// The JS API in Node (started with --experimental-websocket on Node 20),
// through the package's Node entry, against the local test server on
// 127.0.0.1:$WS_TEST_PORT: the scenarios (scenarios.mjs) and the
// compatibility suite (compat.mjs).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, test } from "node:test";

import { compatScenarios } from "./compat.mjs";
import { packageDir, root, serverHost } from "./paths.mjs";
import { scenarios, testServer } from "./scenarios.mjs";

const api = await import(new URL("node.js", `file://${packageDir}/`).href);
const server = testServer(serverHost);

for (const [name, run] of scenarios(api, server)) {
  test(name, { timeout: 20_000 }, run);
}

// The compatibility suite (compat.mjs), with its own count.
const compat = { passed: 0, failed: 0 };
for (const [name, run] of compatScenarios(api, server)) {
  test(name, { timeout: 20_000 }, async () => {
    try {
      await run();
      compat.passed += 1;
    } catch (error) {
      compat.failed += 1;
      throw error;
    }
  });
}
after(() => console.log(`compat suite in Node: ${compat.passed} passed, ${compat.failed} failed`));

test("without a global WebSocket, connecting is an UnsupportedError", () => {
  const entry = new URL("node.js", `file://${packageDir}/`).href;
  const script = `
    const { Socket, ReconnectingSocket } = await import(${JSON.stringify(entry)});
    const names = [];
    try { await Socket.connect("ws://127.0.0.1:1/"); } catch (error) { names.push(error.name); }
    try { new ReconnectingSocket("ws://127.0.0.1:1/"); } catch (error) { names.push(error.name); }
    console.log(names.join(" "));
  `;
  const output = execFileSync(process.execPath, ["--no-experimental-websocket", "--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  assert.equal(output.trim(), "UnsupportedError UnsupportedError");
});

test("the ws package's WebSocket, given as the WebSocket option, works where there is no global one", () => {
  const entry = new URL("node.js", `file://${packageDir}/`).href;
  const ws = new URL("node_modules/ws/wrapper.mjs", `file://${root}/`).href;
  const url = `ws://${serverHost}/echo`;
  const script = `
    const { Socket, ReconnectingSocket } = await import(${JSON.stringify(entry)});
    const { WebSocket } = await import(${JSON.stringify(ws)});
    const out = [typeof globalThis.WebSocket];
    const socket = await Socket.connect(${JSON.stringify(url)}, { WebSocket, protocols: ["chat"] });
    socket.send("plain");
    out.push(await socket.next(), socket.protocol);
    socket.send(new Uint8Array([1, 2]));
    out.push([...(await socket.next())].join(","));
    out.push(JSON.stringify(await socket.close(4000, "bye")));
    const reconnecting = new ReconnectingSocket(${JSON.stringify(url)}, { WebSocket });
    reconnecting.send("queued");
    for await (const message of reconnecting) { out.push(message); break; }
    await reconnecting.close();
    console.log(out.join(" | "));
  `;
  const output = execFileSync(process.execPath, ["--no-experimental-websocket", "--input-type=module", "-e", script], {
    encoding: "utf8",
    timeout: 20_000,
  });
  assert.equal(output.trim(), 'undefined | plain | chat | 1,2 | {"code":4000,"reason":"bye","wasClean":true} | queued');
});
