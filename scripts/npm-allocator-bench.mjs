// Compares two builds of the npm package in one Node process, against the
// local test server: the package's own allocator and Rust's default one
// (dlmalloc), or any two builds. Each repetition runs every workload on
// both, in alternating order; the report gives each build's median time
// and the median of the per-repetition ratios (B / A), plus each module's
// linear memory at the end.
//
//   node js/build.mjs                                                   # A: pkg/
//   JS_FEATURES=std-allocator JS_PKG_DIR=target/pkg-std node js/build.mjs  # B
//   node tests/server/server.mjs --port 8787 &
//   WS_TEST_PORT=8787 node --experimental-websocket scripts/npm-allocator-bench.mjs pkg target/pkg-std
//
// BENCH_REPS sets the repetitions (default 7).
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [dirA, dirB] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error("usage: npm-allocator-bench.mjs <package A> <package B>");
  process.exit(2);
}
const port = Number(process.env.WS_TEST_PORT || 8787);
const url = `ws://127.0.0.1:${port}/echo`;
const reps = Number(process.env.BENCH_REPS || 7);

/** One build, instantiated on its own (its own module and memory). */
async function load(dir) {
  const bindings = await import(pathToFileURL(path.resolve(dir, "wasm_websocket.js")).href);
  const wasm = bindings.initSync({ module: readFileSync(path.resolve(dir, "wasm_websocket_bg.wasm")) });
  return { name: dir, Socket: bindings.Socket, memory: wasm.memory };
}

/**
 * Sends `count` messages made by `make`, at most `window` unread at once,
 * and checks each echo with `check`; resolves to the elapsed milliseconds.
 */
async function run(Socket, count, make, check, window = 100) {
  const socket = await Socket.connect(url);
  const start = performance.now();
  let received = 0;
  for (let i = 0; i < count; i++) {
    socket.send(make(i));
    if (i - received >= window) check(await socket.next(), received++);
  }
  while (received < count) check(await socket.next(), received++);
  const elapsed = performance.now() - start;
  await socket.close();
  return elapsed;
}

function fail(message) {
  throw new Error(message);
}

const bytes = (size) => Uint8Array.from({ length: size }, (_, i) => i & 255);
const kib64 = bytes(64 * 1024);
const mib1 = bytes(1024 * 1024);
const mixed = [10, 2_500_000, 1000, 40_000, 700_000, 100_000, 33_000].map(bytes);
const checkBinary = (size) => (message, i) => {
  if (!(message instanceof Uint8Array) || message.length !== size) fail(`message ${i}: wrong size`);
  if (message[size - 1] !== (size - 1) % 256) fail(`message ${i}: wrong content`);
};
const workloads = {
  "20,000 small texts": (Socket) =>
    run(Socket, 20000, (i) => `message ${i}`, (m, i) => m === `message ${i}` || fail(`message ${i}: ${m}`)),
  "2,000 binary of 64 KiB": (Socket) => run(Socket, 2000, () => kib64, checkBinary(kib64.length), 16),
  "64 binary of 1 MiB": (Socket) => run(Socket, 64, () => mib1, checkBinary(mib1.length), 4),
  // Sizes that change from message to message, for fragmentation.
  "600 binary of mixed sizes (10 B to 2.5 MB)": (Socket) =>
    run(
      Socket,
      600,
      (i) => mixed[i % mixed.length],
      (message, i) => checkBinary(mixed[i % mixed.length].length)(message, i),
      8,
    ),
};

const builds = [await load(dirA), await load(dirB)];
const times = Object.fromEntries(Object.keys(workloads).map((w) => [w, [[], []]]));
// One unmeasured round first: the JIT and the server warm up.
for (const build of builds) for (const workload of Object.values(workloads)) await workload(build.Socket);
for (let rep = 0; rep < reps; rep++) {
  const order = rep % 2 ? [1, 0] : [0, 1];
  for (const [name, workload] of Object.entries(workloads)) {
    for (const index of order) times[name][index].push(await workload(builds[index].Socket));
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
console.log(`A = ${builds[0].name}, B = ${builds[1].name}; ${reps} repetitions, medians`);
console.log("| workload | A (ms) | B (ms) | B / A |");
console.log("|---|---:|---:|---:|");
for (const [name, [a, b]] of Object.entries(times)) {
  const ratio = median(a.map((value, i) => b[i] / value));
  console.log(`| ${name} | ${median(a).toFixed(1)} | ${median(b).toFixed(1)} | ${ratio.toFixed(2)} |`);
}
const mib = (build) => (build.memory.buffer.byteLength / 1048576).toFixed(1);
console.log(`| linear memory at the end (MiB) | ${mib(builds[0])} | ${mib(builds[1])} | |`);
