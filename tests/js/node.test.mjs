// The JS API in Node (started with --experimental-websocket on Node 20),
// through the package's Node entry, against the local test server on
// 127.0.0.1:$WS_TEST_PORT.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";

import { packageDir, serverHost } from "./paths.mjs";
import { scenarios, testServer } from "./scenarios.mjs";

const api = await import(new URL("node.js", `file://${packageDir}/`).href);

for (const [name, run] of scenarios(api, testServer(serverHost))) {
  test(name, { timeout: 20_000 }, run);
}

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
