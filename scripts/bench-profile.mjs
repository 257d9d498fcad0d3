#!/usr/bin/env node
// Where the time of one message goes (`npm run bench:profile`): the
// benchmark's page in headless Chromium under the DevTools CPU profiler,
// one implementation at a time, and the page's main-thread time per message
// split into the implementation's wasm, JavaScript (wasm-bindgen's glue, or
// the raw JS client), the browser's own work and garbage collection.
//
// Wall-clock ratios on a small shared machine move by several percent from
// one run to the next, and they include the server and the browser's network
// process, which no client can speed up. Main-thread time per message is
// what the client itself costs.
//
// Method: the benchmark is built with BENCH_PROFILE=1, which wraps every
// measurement (connect, the workload, close) in console.profile /
// profileEnd; the page runs under the DevTools protocol with the profiler
// on, so each measurement comes back as its own CPU profile. The per-message
// figures are medians over the repetitions, implementations interleaved as
// in `npm run bench`.
//
// Environment (all optional):
//   PROFILE_WORKLOAD  small-text (default), round-trip or binary-64k
//   PROFILE_IMPLS     comma list, default every implementation
//   PROFILE_REPS      repetitions, default 5
//   PROFILE_INTERVAL_US  sampling interval, default 100
//   PROFILE_TOP       also list the N functions with the most self time, per implementation
//   BENCH_PORT        the test server's port, default 8797
//   BENCH_SMALL, BENCH_RTT, BENCH_BIN64K  message counts, as for npm run bench
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { launchBrowser } from "../tests/js/browser.mjs";
import { startServer } from "../tests/server/server.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = process.env;
const WORKLOADS = {
  "small-text": { count: Number(env.BENCH_SMALL || 20000), unit: "message" },
  "round-trip": { count: Number(env.BENCH_RTT || 2000), unit: "round trip" },
  "binary-64k": { count: Number(env.BENCH_BIN64K || 500), unit: "64 KiB message" },
};
const IMPLS = ["raw-js", "wasm-websocket", "wasm-websocket-stream", "wasm-websocket-generic", "wasm-websocket-reconnect", "gloo-net", "ws_stream_wasm", "websocket-web"];
const workload = env.PROFILE_WORKLOAD || "small-text";
if (!WORKLOADS[workload]) throw new Error(`PROFILE_WORKLOAD must be one of ${Object.keys(WORKLOADS).join(", ")}`);
const impls = (env.PROFILE_IMPLS || IMPLS.join(",")).split(",").map((s) => s.trim()).filter(Boolean);
for (const impl of impls) if (!IMPLS.includes(impl)) throw new Error(`unknown implementation ${impl}`);
const reps = Math.max(1, Number(env.PROFILE_REPS || 5));
const interval = Math.max(10, Number(env.PROFILE_INTERVAL_US || 100));
const port = Number(env.BENCH_PORT || 8797);
const runnerAddress = `127.0.0.1:${port + 2}`;
const out = path.join(root, "target/bench");
const cargoBin = path.join(process.env.HOME || "", ".cargo/bin");
const PATH = `${cargoBin}${path.delimiter}${env.PATH}`;
const log = (...args) => console.log("[profile]", ...args);

/** Builds the benchmark with profiling on; returns the test's .wasm. */
function build() {
  const output = execFileSync(
    "cargo",
    ["test", "--release", "--target", "wasm32-unknown-unknown", "--test", "bench", "--no-run", "--message-format=json"],
    {
      cwd: path.join(root, "bench"),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      env: {
        ...env,
        PATH,
        BENCH_PROFILE: "1",
        BENCH_IMPLS: impls.join(","),
        BENCH_WORKLOADS: workload,
        BENCH_REPS: String(reps),
        BENCH_PORT: String(port),
      },
    },
  );
  for (const line of output.split("\n")) {
    if (!line.startsWith("{")) continue;
    const message = JSON.parse(line);
    if (message.reason === "compiler-artifact" && message.target?.name === "bench" && message.executable) return message.executable;
  }
  throw new Error("cargo did not name the benchmark's .wasm");
}

/** Serves the test page with wasm-bindgen's runner in interactive mode until `stop()`. */
async function serveTest(wasm) {
  const runner = spawn("wasm-bindgen-test-runner", [wasm], {
    env: { ...env, PATH, NO_HEADLESS: "1", WASM_BINDGEN_TEST_ADDRESS: runnerAddress },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`the test runner did not start: ${seen}`)), 30000);
    const look = (chunk) => {
      seen += chunk;
      if (seen.includes("available at")) {
        clearTimeout(timer);
        resolve();
      }
    };
    runner.stdout.on("data", look);
    runner.stderr.on("data", look);
    runner.on("exit", (code) => reject(new Error(`the test runner exited (${code}): ${seen}`)));
  });
  return { stop: () => runner.kill() };
}

/** Runs the page under the profiler; returns the measurements' profiles by label. */
async function profileRun(browser, wasm) {
  const server = await serveTest(wasm);
  const page = await browser.newPage();
  const failures = [];
  page.on("console", (message) => {
    if (/^BENCH \{.*"error":/.test(message.text())) failures.push(message.text());
  });
  const profiles = new Map();
  try {
    const cdp = await page.context().newCDPSession(page);
    cdp.on("Profiler.consoleProfileFinished", ({ title, profile }) => profiles.set(title, categorize(profile)));
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval });
    await page.goto(`http://${runnerAddress}/`);
    await page.waitForFunction(() => /test result:/.test(document.getElementById("output")?.textContent || ""), null, {
      timeout: 3600000,
      polling: 250,
    });
    const output = await page.textContent("#output");
    if (!/test result: ok/.test(output) || failures.length) {
      throw new Error(`the benchmark failed:\n${failures.join("\n")}\n${output}`);
    }
    return profiles;
  } finally {
    await page.close();
    server.stop();
  }
}

/** Sums the sampled time by what ran: idle, browser, gc, wasm (the client's compiled code) or js. */
function categorize(profile) {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const ms = { wasm: 0, js: 0, browser: 0, gc: 0, idle: 0, functions: new Map() };
  profile.samples.forEach((id, k) => {
    const frame = frames.get(id);
    const delta = (profile.timeDeltas[k] || 0) / 1000;
    // Starting and stopping the profile is the tool's own cost, not the client's.
    if (/^profile(Start|End)$/.test(frame.functionName)) return;
    const name = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").pop()}:${frame.lineNumber + 1}`;
    ms.functions.set(name, (ms.functions.get(name) || 0) + delta);
    if (frame.functionName === "(idle)") ms.idle += delta;
    else if (frame.functionName === "(program)") ms.browser += delta;
    else if (frame.functionName === "(garbage collector)") ms.gc += delta;
    else if (frame.url.endsWith(".wasm")) ms.wasm += delta;
    else ms.js += delta;
  });
  return ms;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// --- the run --------------------------------------------------------------------------
fs.mkdirSync(out, { recursive: true });
const testServer = await startServer({ port });

log(`${workload}: building the page`);
const wasm = build();
log(`running ${impls.length} implementations × ${reps} repetitions under the profiler`);
const browser = await launchBrowser();
let profiles;
try {
  profiles = await profileRun(browser, wasm);
} finally {
  await browser.close();
  await testServer.close();
}
const { count } = WORKLOADS[workload];
const perMessage = Object.fromEntries(
  impls.map((impl) => {
    const costs = [];
    for (let rep = 0; rep < reps; rep++) {
      const ms = profiles.get(`${workload} ${impl} ${rep}`);
      if (!ms) throw new Error(`no profile for ${impl}, repetition ${rep}`);
      const cost = {};
      for (const key of ["wasm", "js", "browser", "gc"]) cost[key] = (ms[key] * 1000) / count;
      cost.total = cost.wasm + cost.js + cost.browser + cost.gc;
      cost.idle = ms.idle / (ms.idle + cost.total * count / 1000);
      costs.push(cost);
    }
    return [impl, costs];
  }),
);

// --- the table ------------------------------------------------------------------------
const rawTotal = perMessage["raw-js"] ? median(perMessage["raw-js"].map((c) => c.total)) : null;
const fmt = (value) => value.toFixed(1);
const lines = [
  `## Main-thread time per ${WORKLOADS[workload].unit}, ${workload} (Chromium, CPU profiler)`,
  "",
  `Medians of ${reps} repetitions of ${count} ${WORKLOADS[workload].unit}s each (connect and close included), sampled every ${interval} µs. In µs of the page's main thread; "browser" is Chromium's own work there (event dispatch, IPC, the WebSocket itself); "idle" is the share of the measurement the thread had nothing to do.`,
  "",
  "| implementation | total | wasm | JS | browser | GC | vs raw JS | idle |",
  "|---|---:|---:|---:|---:|---:|---:|---:|",
];
for (const impl of impls) {
  const costs = perMessage[impl];
  const m = (key) => median(costs.map((c) => c[key]));
  const ratio = rawTotal ? `${(m("total") / rawTotal).toFixed(2)}×` : "–";
  const idle = `${Math.round(100 * m("idle"))} %`;
  lines.push(
    `| ${impl} | ${fmt(m("total"))} | ${fmt(m("wasm"))} | ${fmt(m("js"))} | ${fmt(m("browser"))} | ${fmt(m("gc"))} | ${ratio} | ${idle} |`,
  );
}
const top = Number(env.PROFILE_TOP || 0);
for (const impl of top > 0 ? impls : []) {
  const functions = new Map();
  for (let rep = 0; rep < reps; rep++) {
    for (const [name, ms] of profiles.get(`${workload} ${impl} ${rep}`).functions) {
      functions.set(name, (functions.get(name) || 0) + ms);
    }
  }
  lines.push("", `${impl}, self time per ${WORKLOADS[workload].unit} (µs), mean of the repetitions:`, "");
  for (const [name, ms] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`    ${((ms * 1000) / count / reps).toFixed(2).padStart(7)}  ${name}`);
  }
}
const table = lines.join("\n") + "\n";
const file = path.join(out, `profile-${workload}.md`);
fs.writeFileSync(file, table);
console.log(`\n${table}`);
log(`written to ${path.relative(root, file)}`);
