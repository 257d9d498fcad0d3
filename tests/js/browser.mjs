// Headless Chromium for the browser tests, driven by playwright-core with
// the system's Chromium (Playwright's own browser downloads are not used),
// and a static file server for the pages, on 127.0.0.1 like the test server
// they connect to.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

import { chromium } from "playwright-core";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

/** The Chromium binary: $CHROMIUM, or `chromium` / `chromium-browser` on the PATH. */
function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
    } catch {
      // not this one
    }
  }
  throw new Error("no Chromium found: install it (scripts/setup.sh does) or set CHROMIUM");
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath(),
    // As root (CI containers) Chromium refuses to start with its sandbox.
    chromiumSandbox: false,
    args: ["--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
}

/**
 * A static file server on 127.0.0.1 (a free port) for `mounts`
 * ({ "/prefix/": directory }). A real server rather than Playwright's
 * request interception: Chromium blocks WebSockets from intercepted pages
 * to loopback addresses (Local Network Access), and a page on 127.0.0.1 is
 * what `npm start` serves too. Resolves to `{ origin, close() }`.
 */
export async function serveStatic(mounts) {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, "http://localhost");
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (!url.pathname.startsWith(prefix)) continue;
      const root = path.resolve(dir);
      let file = path.resolve(root, `.${decodeURIComponent(url.pathname.slice(prefix.length - 1))}`);
      if (file !== root && !file.startsWith(root + path.sep)) break;
      if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
      if (!fs.existsSync(file)) break;
      response.writeHead(200, {
        "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
      });
      response.end(fs.readFileSync(file));
      return;
    }
    response.writeHead(404, { "content-type": "text/plain" });
    response.end("not found");
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * Collects the page's uncaught exceptions and console errors, except those
 * the browser logs by itself for failed WebSocket handshakes and missing
 * files (the tests fail handshakes on purpose; the favicon is missing).
 */
export function pageErrors(page) {
  const errors = [];
  const expected = /^(WebSocket connection to .* failed|Failed to load resource)/;
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !expected.test(message.text())) {
      errors.push(`console: ${message.text()}`);
    }
  });
  return errors;
}
