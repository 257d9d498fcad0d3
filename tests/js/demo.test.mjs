// End-to-end test of the demo page (www/), as built by Vite (the output
// `npm start` serves): loads it in headless Chromium against the local test
// server, sends text and a file, drops the connection and refuses
// reconnects through the page's buttons, and watches the state go to
// waiting and back to open. Screenshots go to target/js-tests/.
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { launchBrowser, pageErrors, serveStatic } from "./browser.mjs";
import { artifactDir, root, serverHost } from "./paths.mjs";

const demoDir = process.env.DEMO_OUT_DIR ? path.resolve(process.env.DEMO_OUT_DIR) : path.join(root, "www/dist");
let site;
let browser;
let page;
let errors;

before(async () => {
  if (!fs.existsSync(path.join(demoDir, "index.html"))) {
    throw new Error(`no demo build in ${demoDir}: run \`npm run build:demo\` first`);
  }
  fs.mkdirSync(artifactDir, { recursive: true });
  site = await serveStatic({ "/": demoDir });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 900, height: 800 } });
  errors = pageErrors(page);
  await page.goto(`${site.origin}/?server=${serverHost}`);
  // Every state the badge shows and every countdown text, in order,
  // recorded in the page (a short wait can come and go between two looks).
  await page.evaluate(() => {
    const record = (id, list) => {
      const element = document.getElementById(id);
      window[list] = [element.textContent];
      new MutationObserver(() => window[list].push(element.textContent)).observe(element, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    };
    record("state", "states");
    record("countdown", "countdowns");
  });
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const state = () => page.locator("#state");
const received = () => page.locator("#log li.received");

test("the page connects and shows it", async () => {
  await state().filter({ hasText: /^open$/ }).waitFor({ timeout: 10_000 });
});

test("text typed and sent comes back in the log", async () => {
  await page.fill("#text", "hello from the e2e test");
  await page.click("#send");
  await received().filter({ hasText: '"hello from the e2e test"' }).waitFor({ timeout: 5_000 });
  await page.locator("#log li.sent", { hasText: "(sent)" }).first().waitFor();
});

test("a file is sent as binary and comes back as bytes", async () => {
  await page.setInputFiles("#file", {
    name: "data.bin",
    mimeType: "application/octet-stream",
    buffer: Buffer.alloc(3000, 7),
  });
  await page.click("#send-file");
  await received().filter({ hasText: "3000 bytes (binary)" }).waitFor({ timeout: 5_000 });
});

test('"Drop connection" makes it reconnect: waiting, then open again', async () => {
  await page.evaluate(() => {
    window.states = [];
  });
  await page.click("#drop");
  await page.waitForFunction(() => window.states.includes("waiting") && window.states.at(-1) === "open", null, {
    timeout: 10_000,
  });
  const states = await page.evaluate(() => window.states);
  assert.deepEqual(states.slice(states.indexOf("waiting")), ["waiting", "connecting", "open"]);
  await page.locator("#log li", { hasText: "closed: code 1006, not clean" }).first().waitFor();
});

test('"Refuse reconnects" shows failed attempts and the backoff countdown, then recovers', async () => {
  await page.evaluate(() => {
    window.states = [];
    window.countdowns = [];
  });
  await page.fill("#refuse-seconds", "2");
  await page.click("#refuse");
  await page.locator("#log li.error", { hasText: "failed: ConnectFailedError" }).first().waitFor({ timeout: 10_000 });
  // During the outage (what it shows depends on where the backoff is).
  await page.screenshot({ path: path.join(artifactDir, "demo-reconnecting.png") });
  await page.waitForFunction(() => window.states.at(-1) === "open", null, { timeout: 20_000 });
  const { states, countdowns } = await page.evaluate(() => ({ states: window.states, countdowns: window.countdowns }));
  assert.ok(states.includes("waiting"), `never waiting: ${states}`);
  assert.ok(
    countdowns.some((text) => /^retry #\d+ in \d+\.\d s$/.test(text)),
    `no countdown was shown: ${JSON.stringify(countdowns)}`,
  );
  assert.equal(await page.locator("#countdown").isHidden(), true);

  // Still the same socket: sending works as before.
  await page.fill("#text", "after the outage");
  await page.click("#send");
  await received().filter({ hasText: '"after the outage"' }).waitFor({ timeout: 5_000 });
  await page.screenshot({ path: path.join(artifactDir, "demo.png"), fullPage: true });
});

test("the page logged no errors", () => {
  assert.deepEqual(errors, []);
});
