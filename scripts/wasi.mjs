// A WASI build of an app that uses the crate (tests/wasi): it builds for
// wasm32-wasip1, imports nothing but WASI (no wasm-bindgen glue, which a
// WASI host does not have), and, run under Node's WASI, reports
// Error::Unsupported for every way in instead of panicking.
//
//   node scripts/wasi.mjs
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { WASI } from "node:wasi";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const app = path.join(root, "tests", "wasi");
const target = path.join(root, "target", "wasi");

const built = spawnSync("cargo", ["build", "--locked", "--target", "wasm32-wasip1"], {
  cwd: app,
  stdio: "inherit",
  env: { ...process.env, CARGO_TARGET_DIR: target },
});
if (built.error) throw built.error;
if (built.status !== 0) throw new Error(`the WASI build failed (exit ${built.status})`);

const file = path.join(target, "wasm32-wasip1", "debug", "wasi-check.wasm");
const module = await WebAssembly.compile(fs.readFileSync(file));
const foreign = WebAssembly.Module.imports(module).filter((i) => i.module !== "wasi_snapshot_preview1");
if (foreign.length) {
  throw new Error(`imports other than WASI: ${foreign.map((i) => `${i.module}.${i.name}`).join(", ")}`);
}
console.log("[wasi] imports: WASI only");

const output = path.join(target, "stdout.txt");
const fd = fs.openSync(output, "w");
const wasi = new WASI({ version: "preview1", args: ["wasi-check"], env: {}, stdout: fd, returnOnExit: true });
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
const code = wasi.start(instance);
fs.closeSync(fd);
const printed = fs.readFileSync(output, "utf8");
process.stdout.write(printed);
const lines = printed.trim().split("\n");
const expected = ["connect", "start", "reconnecting"];
const ok =
  code === 0 &&
  lines.at(-1) === "done" &&
  expected.every((what) => lines.some((line) => line.startsWith(`${what}: unsupported: `)));
if (!ok) throw new Error(`the WASI program did not report Unsupported everywhere (exit ${code})`);
console.log("[wasi] every way in reports Unsupported");
