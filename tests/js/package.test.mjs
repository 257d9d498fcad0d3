// The npm package as published: its manifest, its TypeScript declarations,
// and the tarball `npm pack` makes, installed into a fresh project and
// imported by its name from Node (which must pick the Node entry through
// "exports") to talk to the local test server.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";

import { artifactDir, packageDir, serverHost } from "./paths.mjs";

const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

test("package.json describes an ESM package with a Node and a browser entry", () => {
  assert.equal(manifest.name, "wasm-websocket");
  assert.equal(manifest.type, "module");
  assert.match(manifest.description, /WebSocket/);
  assert.equal(manifest.license, "MIT OR Apache-2.0");
  assert.match(manifest.repository.url, /github\.com/);
  assert.ok(manifest.keywords.includes("websocket"));
  assert.deepEqual(manifest.exports["."], { types: "./index.d.ts", node: "./node.js", default: "./index.js" });
  for (const file of manifest.files) {
    assert.ok(fs.existsSync(path.join(packageDir, file)), `${file} is listed but missing`);
  }
});

test("the declarations carry the doc comments and the option and event types", () => {
  const dts = fs.readFileSync(path.join(packageDir, "wasm_websocket.d.ts"), "utf8");
  for (const declaration of [
    "export class Socket",
    "export class ReconnectingSocket",
    "static connect(url: string | URL, options?: ConnectOptions | string | string[]): Promise<Socket>;",
    "[Symbol.asyncIterator](): AsyncIterator<string | Uint8Array, undefined>;",
    "close(code?: number, reason?: string): Promise<CloseInfo>;",
    "send(data: string | ArrayBufferView | ArrayBuffer | Blob): SendResult;",
    "export class ReconnectingSocket extends EventTarget",
    "drainQueuedMessages(): OutgoingData[];",
    "export interface ReconnectingOptions",
    "export interface ReconnectingSocketEventMap",
    "export type WebSocketErrorName",
  ]) {
    assert.ok(dts.includes(declaration), `missing: ${declaration}`);
  }
  // A doc comment from the Rust source, right above what it documents.
  assert.match(dts, /Connects to `url`[^]*?\*\/\s*static connect\(/);
  assert.equal(fs.readFileSync(path.join(packageDir, "index.d.ts"), "utf8").trim(), 'export * from "./wasm_websocket.js";');
});

test("npm pack makes a tarball that installs and works from Node by its name", { timeout: 60_000 }, () => {
  fs.mkdirSync(artifactDir, { recursive: true });
  const [packed] = JSON.parse(
    execFileSync(npm, ["pack", "--json", "--pack-destination", artifactDir], {
      cwd: packageDir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }),
  );
  const names = packed.files.map((file) => file.path).sort();
  for (const file of ["index.js", "node.js", "wasm_websocket.js", "wasm_websocket_bg.wasm", "wasm_websocket.d.ts", "README.md"]) {
    assert.ok(names.includes(file), `${file} is not in the tarball: ${names}`);
  }

  const consumer = path.join(artifactDir, "consumer");
  fs.rmSync(consumer, { recursive: true, force: true });
  fs.mkdirSync(consumer, { recursive: true });
  fs.writeFileSync(path.join(consumer, "package.json"), '{ "name": "consumer", "private": true, "type": "module" }\n');
  // The package has no dependencies: installing the tarball needs no registry.
  execFileSync(npm, ["install", "--offline", "--no-audit", "--no-fund", path.join(artifactDir, packed.filename)], {
    cwd: consumer,
    stdio: ["ignore", "ignore", "inherit"],
  });
  fs.writeFileSync(
    path.join(consumer, "main.js"),
    `import { Socket } from "wasm-websocket";
const socket = await Socket.connect("ws://${serverHost}/echo");
socket.send("from an installed package");
console.log(await socket.next());
console.log(JSON.stringify(await socket.close(4000, "done")));
`,
  );
  const flags = Number(process.versions.node.split(".")[0]) < 22 ? ["--experimental-websocket"] : [];
  const output = execFileSync(process.execPath, [...flags, "main.js"], {
    cwd: consumer,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 20_000,
  });
  assert.deepEqual(output.trim().split("\n"), [
    "from an installed package",
    '{"code":4000,"reason":"done","wasClean":true}',
  ]);
});
