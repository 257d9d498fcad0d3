// End-to-end test of the framework examples (examples/yew-chat and
// examples/leptos-chat, each built on its framework's `use_websocket` hook
// in hooks/), as `scripts/examples.sh build` leaves them in
// target/examples-site/. The local test server serves each page and its
// WebSocket endpoints on one port (a free one); headless Chromium drives
// the page. Per example: the page connects, a sent message comes back, a
// server-side drop shows the reconnect, a send while disconnected is queued
// and goes out after the reconnect, unmounting the chat component closes
// its socket with 1000, a burst of 100 messages reaches the component
// whole, and a new URL closes the old socket (1000) before one to the new
// URL opens. The page counts its WebSocket objects: no socket is ever made
// while another one is not yet closed. Screenshots go to
// target/examples-tests/.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";

import { launchBrowser } from "../js/browser.mjs";
import { burstText, startServer } from "../server/server.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const site = path.join(root, "target/examples-site");
const artifacts = path.join(root, "target/examples-tests");
const examples = ["yew-chat", "leptos-chat"];

let server;
let browser;

before(async () => {
  for (const example of examples) {
    if (!fs.existsSync(path.join(site, example, "index.html"))) {
      throw new Error(`no build of ${example} in ${site}: run \`bash scripts/examples.sh build\` first`);
    }
  }
  fs.mkdirSync(artifacts, { recursive: true });
  server = await startServer({ port: 0, staticDir: site });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function control(action, tag, params = {}) {
  const query = new URLSearchParams({ ...params, tag });
  const response = await fetch(`${server.url}/control/${action}?${query}`);
  assert.equal(response.status, 200, `/control/${action}`);
  return response.json();
}

/** Polls the server's stats for `tag` until `ready(stats)` holds. */
async function statsWhen(tag, ready, what) {
  const deadline = Date.now() + 5_000;
  let stats;
  while (Date.now() < deadline) {
    stats = await control("stats", tag);
    if (ready(stats)) return stats;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`the server never saw ${what}; stats: ${JSON.stringify(stats)}`);
}

for (const example of examples) {
  describe(example, () => {
    // One tag per run and example: the server counts its connections apart.
    const tag = `${example}-${process.pid}-${Date.now()}`;
    let page;
    const errors = [];
    const byTestId = (id) => page.getByTestId(id);
    const state = () => byTestId("state");

    before(async () => {
      page = await browser.newPage({ viewport: { width: 800, height: 900 } });
      // Every WebSocket the page makes, and each one made while another was
      // not yet closed (connecting, open or closing): there should be none.
      await page.addInitScript(() => {
        const Native = window.WebSocket;
        const alive = new Set();
        window.sockets = { made: [], overlaps: [] };
        window.WebSocket = class extends Native {
          constructor(...args) {
            super(...args);
            const others = [...alive].filter((ws) => ws.readyState !== Native.CLOSED);
            if (others.length > 0) {
              window.sockets.overlaps.push({ url: this.url, others: others.map((ws) => [ws.url, ws.readyState]) });
            }
            window.sockets.made.push(this.url);
            alive.add(this);
            this.addEventListener("close", () => alive.delete(this));
          }
        };
      });
      page.on("pageerror", (error) => errors.push(error.message));
      page.on("console", (message) => {
        // The browser's own report of the handshakes the test has the server refuse.
        const refused = /^WebSocket connection to .* failed: .* 503$/.test(message.text());
        if (message.type() === "error" && !refused) errors.push(message.text());
      });
      await page.goto(`${server.url}/${example}/?tag=${tag}`);
    });

    after(async () => {
      await page?.close();
    });

    test("the page loads and connects", async () => {
      await state().filter({ hasText: /^Open$/ }).waitFor({ timeout: 10_000 });
      assert.equal(await byTestId("url").textContent(), `${server.url.replace("http", "ws")}/echo?tag=${tag}`);
      await byTestId("events").getByText("open", { exact: true }).waitFor();
      assert.deepEqual(await byTestId("events").locator("li").allTextContents(), ["connecting (attempt 0)", "open"]);
      const stats = await control("stats", tag);
      assert.equal(stats.open, 1);
      assert.equal(stats.accepted, 1);
    });

    test("a sent message comes back from the server and shows in the list", async () => {
      await byTestId("message-input").fill(`hello from ${example}`);
      await byTestId("send").click();
      await byTestId("messages").getByText(`hello from ${example}`, { exact: true }).waitFor({ timeout: 5_000 });
      assert.equal(await byTestId("message-input").inputValue(), "");
      assert.equal(await byTestId("send-outcome").textContent(), "sent");
      const received = await control("received", tag);
      assert.deepEqual(received, [{ type: "text", data: `hello from ${example}` }]);
    });

    test("a server-side drop shows the state go to waiting and back to open", async () => {
      // Every state the page shows from now on, in order, recorded in the page.
      await page.evaluate(() => {
        const badge = document.querySelector('[data-testid="state"]');
        window.states = [];
        new MutationObserver(() => window.states.push(badge.textContent)).observe(badge, {
          childList: true,
          characterData: true,
          subtree: true,
        });
      });
      assert.deepEqual(await control("drop", tag), { dropped: 1 });

      const events = byTestId("events");
      await events.getByText("closed: code 1006, not clean").waitFor({ timeout: 5_000 });
      await events.getByText(/^reconnecting: retry 1 in \d+ ms$/).waitFor();
      // Sent while the connection is down: queued, and echoed after the reconnect.
      await byTestId("message-input").fill("sent during the outage");
      await byTestId("send").click();
      // Queued, unless the retry (at most 500 ms away) was quicker.
      assert.match(await byTestId("send-outcome").textContent(), /^(queued|sent)$/);

      await page.waitForFunction(() => window.states.includes("Waiting") && window.states.at(-1) === "Open", null, {
        timeout: 10_000,
      });
      const states = await page.evaluate(() => window.states);
      assert.deepEqual(states.slice(states.indexOf("Waiting")), ["Waiting", "Connecting", "Open"]);
      await byTestId("messages").getByText("sent during the outage", { exact: true }).waitFor({ timeout: 5_000 });
      assert.equal(await byTestId("send-problem").count(), 0);
      await page.screenshot({ path: path.join(artifacts, `${example}.png`), fullPage: true });

      const stats = await control("stats", tag);
      assert.equal(stats.open, 1);
      assert.equal(stats.accepted, 2);
    });

    test("while it cannot reconnect, 100 messages queue up, the 101st is handed back and shown", async () => {
      // Upgrades are refused until the window is ended below.
      await control("refuse", tag, { ms: 30_000 });
      assert.deepEqual(await control("drop", tag), { dropped: 1 });
      await byTestId("events").getByText("closed: code 1006, not clean").nth(1).waitFor({ timeout: 5_000 });

      const input = byTestId("message-input");
      for (let i = 1; i <= 101; i++) {
        await input.fill(`queued ${i}`);
        await input.press("Enter");
        if (i === 1 || i === 100) {
          // No connection can be made: the send is queued, and says so.
          await byTestId("send-outcome").filter({ hasText: /^queued$/ }).waitFor();
        }
      }
      // The default offline queue holds 100 messages.
      await byTestId("send-problem").filter({ hasText: "not sent: the offline queue is full" }).waitFor();
      await byTestId("events").getByText(/^attempt \d+ failed: /).first().waitFor({ timeout: 5_000 });
      await page.screenshot({ path: path.join(artifacts, `${example}-queue-full.png`), fullPage: true });

      await control("refuse", tag, { ms: 0 });
      // The next retry (at most the backoff's current delay away) gets through,
      // and the queue goes out in order.
      await byTestId("messages").getByText("queued 100", { exact: true }).waitFor({ timeout: 20_000 });
      const messages = await byTestId("messages").locator("li").allTextContents();
      assert.deepEqual(
        messages.slice(-100),
        Array.from({ length: 100 }, (_, i) => `queued ${i + 1}`),
      );
      assert.equal(messages.includes("queued 101"), false);
      await state().filter({ hasText: /^Open$/ }).waitFor();
      assert.equal((await control("stats", tag)).messagesReceived, 102);
    });

    test("leaving the chat unmounts it, and its socket closes with 1000", async () => {
      await byTestId("toggle").click();
      await byTestId("toggle").filter({ hasText: "Join chat" }).waitFor();
      assert.equal(await byTestId("chat").count(), 0);
      const stats = await statsWhen(tag, (s) => s.open === 0 && s.closes.length === 3, "the close");
      assert.deepEqual(
        stats.closes.map(({ code, wasClean }) => ({ code, wasClean })),
        [
          { code: 1006, wasClean: false },
          { code: 1006, wasClean: false },
          { code: 1000, wasClean: true },
        ],
      );
      await page.screenshot({ path: path.join(artifacts, `${example}-left.png`) });
    });

    test("joining again mounts a new chat with its own socket, and leaving closes it too", async () => {
      await byTestId("toggle").click();
      await state().filter({ hasText: /^Open$/ }).waitFor({ timeout: 10_000 });
      // A fresh component: the old messages went with the old one.
      assert.equal(await byTestId("messages").locator("li").count(), 0);
      assert.equal((await control("stats", tag)).accepted, 4);

      await byTestId("toggle").click();
      const stats = await statsWhen(tag, (s) => s.open === 0 && s.closes.length === 4, "the second close");
      assert.equal(stats.closes.at(-1).code, 1000);
      assert.equal(stats.accepted, 4);
    });

    test("a burst of 100 messages reaches the component whole, in order", async () => {
      await byTestId("toggle").click();
      await state().filter({ hasText: /^Open$/ }).waitFor({ timeout: 10_000 });
      // The echo endpoint answers this command with 100 text messages at once.
      await byTestId("message-input").fill("burst t8 100");
      await byTestId("send").click();
      await byTestId("messages").getByText(burstText(99, 8), { exact: true }).waitFor({ timeout: 10_000 });
      const messages = await byTestId("messages").locator("li").allTextContents();
      assert.deepEqual(
        messages,
        Array.from({ length: 100 }, (_, k) => burstText(k, 8)),
      );
      const stats = await control("stats", tag);
      assert.equal(stats.accepted, 5);
      assert.equal(stats.messagesSent, 102 + 100);
    });

    test("a new URL closes the old socket with 1000, then opens one to the new URL", async () => {
      const moved = `${tag}-moved`;
      const url = `${server.url.replace("http", "ws")}/echo?tag=${moved}`;
      await byTestId("url-input").fill(url);
      await byTestId("switch").click();
      await byTestId("url").filter({ hasText: url }).waitFor();

      const old = await statsWhen(tag, (s) => s.open === 0 && s.closes.length === 5, "the old socket's close");
      assert.deepEqual(
        { code: old.closes.at(-1).code, wasClean: old.closes.at(-1).wasClean },
        { code: 1000, wasClean: true },
      );
      await statsWhen(moved, (s) => s.open === 1, "the new socket");
      await state().filter({ hasText: /^Open$/ }).waitFor({ timeout: 10_000 });
      const events = await byTestId("events").locator("li").allTextContents();
      assert.deepEqual(events.slice(-2), ["connecting (attempt 0)", "open"]);

      // The same component, on the new server.
      await byTestId("message-input").fill("on the new server");
      await byTestId("send").click();
      await byTestId("messages").getByText("on the new server", { exact: true }).waitFor({ timeout: 5_000 });
      assert.deepEqual(await control("received", moved), [{ type: "text", data: "on the new server" }]);
      assert.equal((await control("stats", tag)).accepted, 5);
      assert.equal((await control("stats", moved)).accepted, 1);
      await page.screenshot({ path: path.join(artifacts, `${example}-moved.png`), fullPage: true });

      await byTestId("toggle").click();
      const stats = await statsWhen(moved, (s) => s.open === 0 && s.closes.length === 1, "the close on unmount");
      assert.deepEqual(stats.closes.map(({ code, wasClean }) => ({ code, wasClean })), [{ code: 1000, wasClean: true }]);
    });

    test("the page never had two sockets at once", async () => {
      const sockets = await page.evaluate(() => window.sockets);
      assert.deepEqual(sockets.overlaps, []);
      assert.ok(sockets.made.length >= 7, JSON.stringify(sockets.made));
    });

    test("the page logged no errors", () => {
      assert.deepEqual(errors, []);
    });
  });
}
