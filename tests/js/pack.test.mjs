// What the npm tarball holds, file by file: the WebAssembly module, its JS
// glue (with the classes, JS modules of the binding crate's) and
// TypeScript declarations, the two entries, the manifest, the README and
// both licence texts, and nothing else (no Rust source, no build output
// of wasm-pack's that the package does not load).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";

import { packageDir, root } from "./paths.mjs";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

const expected = [
  "LICENSE-APACHE",
  "LICENSE-MIT",
  "README.md",
  "index.d.ts",
  "index.js",
  "node.js",
  "package.json",
  // The classes' JS modules: wasm-bindgen names the folder after the crate
  // and a hash of it.
  "snippets/wasm-websocket-js-<hash>/src/close.js",
  "snippets/wasm-websocket-js-<hash>/src/describe.js",
  "snippets/wasm-websocket-js-<hash>/src/engine.js",
  "snippets/wasm-websocket-js-<hash>/src/errors.js",
  "snippets/wasm-websocket-js-<hash>/src/event_target.js",
  "snippets/wasm-websocket-js-<hash>/src/message_iterator.js",
  "snippets/wasm-websocket-js-<hash>/src/options.js",
  "snippets/wasm-websocket-js-<hash>/src/outgoing.js",
  "snippets/wasm-websocket-js-<hash>/src/reconnect_hub.js",
  "snippets/wasm-websocket-js-<hash>/src/reconnect_options.js",
  "snippets/wasm-websocket-js-<hash>/src/reconnecting.js",
  "snippets/wasm-websocket-js-<hash>/src/socket.js",
  "snippets/wasm-websocket-js-<hash>/src/unread.js",
  "wasm_websocket.d.ts",
  "wasm_websocket.js",
  "wasm_websocket_bg.wasm",
  "wasm_websocket_bg.wasm.d.ts",
];

/** The files `npm pack` would put in the tarball, without writing it. */
function packedFiles() {
  const [packed] = JSON.parse(
    execFileSync(npm, ["pack", "--dry-run", "--json"], {
      cwd: packageDir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }),
  );
  return packed.files;
}

test("npm pack holds the module, glue, declarations, entries, README and licences, and nothing else", () => {
  const names = packedFiles()
    .map((file) => file.path.replace(/^snippets\/wasm-websocket-js-[0-9a-f]+\//, "snippets/wasm-websocket-js-<hash>/"))
    .sort();
  assert.deepEqual(names, expected);
});

test("the licence texts in the package are the repository's", () => {
  for (const licence of ["LICENSE-MIT", "LICENSE-APACHE"]) {
    assert.equal(
      fs.readFileSync(path.join(packageDir, licence), "utf8"),
      fs.readFileSync(path.join(root, licence), "utf8"),
      `${licence} differs from the repository's`,
    );
  }
});

test("the manifest lists the licence files and declares both licences", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8"));
  assert.equal(manifest.license, "MIT OR Apache-2.0");
  for (const licence of ["LICENSE-MIT", "LICENSE-APACHE"]) {
    assert.ok(manifest.files.includes(licence), `${licence} is not in "files"`);
  }
});
