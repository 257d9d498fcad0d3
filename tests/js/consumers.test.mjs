// The package's TypeScript declarations as an app compiles them: the
// consumer project in tests/js/consumers/ (strict, the default `lib`,
// `skipLibCheck: false`) is copied next to a node_modules/wasm-websocket
// that is the built package, then type-checked once per moduleResolution
// (bundler, node16, nodenext) by TypeScript 5 (`tsc`) and by TypeScript 7,
// the native port (`tsgo`). Both `wasm-websocket` and `wasm-websocket/init`
// must resolve through the package's "exports" map in each.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";

import { artifactDir, packageDir, root } from "./paths.mjs";

const source = path.join(root, "tests/js/consumers");
const work = path.join(artifactDir, "consumers");
const modes = ["bundler", "node16", "nodenext"];
const compilers = [
  ["TypeScript 5 (tsc)", path.join(root, "node_modules/.bin/tsc")],
  ["TypeScript 7 (tsgo)", path.join(root, "node_modules/.bin/tsgo")],
];

fs.rmSync(work, { recursive: true, force: true });
fs.cpSync(source, work, { recursive: true });
fs.mkdirSync(path.join(work, "node_modules"), { recursive: true });
fs.symlinkSync(packageDir, path.join(work, "node_modules/wasm-websocket"), "dir");

test("the consumer projects are strict, use the default lib and check the package's declarations", () => {
  for (const mode of modes) {
    const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(source, mode, "tsconfig.json"), "utf8"));
    assert.equal(compilerOptions.moduleResolution, mode);
    assert.equal(compilerOptions.strict, true);
    assert.equal(compilerOptions.skipLibCheck, false);
    assert.equal(compilerOptions.lib, undefined, `${mode}: the default lib, as most apps have it`);
  }
});

for (const [compiler, bin] of compilers) {
  for (const mode of modes) {
    test(`${compiler}, moduleResolution ${mode}: the app type-checks`, () => {
      const result = run(bin, ["-p", path.join(work, mode), "--pretty", "false"]);
      assert.equal(result.status, 0, `${compiler} failed:\n${result.output}`);
    });
  }
}

test("both entries resolve to the package's declarations", () => {
  const result = run(compilers[0][1], ["-p", path.join(work, "nodenext"), "--traceResolution"]);
  assert.equal(result.status, 0, result.output);
  for (const entry of ["wasm-websocket", "wasm-websocket/init"]) {
    const resolved = new RegExp(`Module name '${entry}' was successfully resolved to '([^']+)'`).exec(result.output);
    assert.ok(resolved, `${entry} did not resolve:\n${result.output.slice(-2000)}`);
    assert.match(resolved[1], entry.endsWith("/init") ? /wasm_websocket\.d\.ts$/ : /index\.d\.ts$/);
  }
});

/** Runs a compiler; resolves to its exit status and everything it printed. */
function run(bin, args) {
  try {
    const output = execFileSync(bin, args, { cwd: work, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { status: 0, output };
  } catch (error) {
    return { status: error.status ?? 1, output: `${error.stdout ?? ""}${error.stderr ?? ""}${error.message}` };
  }
}
