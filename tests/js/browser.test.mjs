// The JS API in headless Chromium: the same scenarios as node.test.mjs
// (scenarios.mjs, and the compatibility suite, compat.mjs), run in a page that imports the package's browser entry
// without a bundler, against the local test server (the page is told its
// address in the query string).
import { after, before, test } from "node:test";

import { launchBrowser, pageErrors, serveStatic } from "./browser.mjs";
import { compatScenarios } from "./compat.mjs";
import { packageDir, root, serverHost } from "./paths.mjs";
import { scenarios } from "./scenarios.mjs";

let site;
let browser;
let page;
let errors;

before(async () => {
  site = await serveStatic({ "/pkg/": packageDir, "/tests/js/": `${root}/tests/js` });
  browser = await launchBrowser();
  page = await browser.newPage();
  errors = pageErrors(page);
  await page.goto(`${site.origin}/tests/js/browser/index.html?server=${serverHost}`);
  await page.waitForFunction(() => window.scenarioNames, null, { timeout: 20_000 });
});

after(async () => {
  await browser?.close();
  await site?.close();
});

// The names, from a list made without a browser (the scenarios only run in the page).
const noServer = { ws: () => "", control: () => {}, tag: () => "" };
const names = scenarios({}, noServer).map(([name]) => name);
const compatNames = compatScenarios({}, noServer).map(([name]) => name);

async function runInPage(name) {
  const result = await page.evaluate((name) => window.runScenario(name), name);
  if (!result.ok) throw new Error(result.error);
}

for (const name of names) {
  test(name, { timeout: 20_000 }, () => runInPage(name));
}

// The compatibility suite (compat.mjs), with its own count.
const compat = { passed: 0, failed: 0 };
for (const name of compatNames) {
  test(name, { timeout: 20_000 }, async () => {
    try {
      await runInPage(name);
      compat.passed += 1;
    } catch (error) {
      compat.failed += 1;
      throw error;
    }
  });
}
after(() => console.log(`compat suite in Chromium: ${compat.passed} passed, ${compat.failed} failed`));

test("the page logged no errors", () => {
  if (errors.length > 0) throw new Error(errors.join("\n"));
});
