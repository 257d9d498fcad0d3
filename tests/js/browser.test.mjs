// The JS API in headless Chromium: the same scenarios as node.test.mjs
// (scenarios.mjs), run in a page that imports the package's browser entry
// without a bundler, against the local test server (the page is told its
// address in the query string).
import { after, before, test } from "node:test";

import { launchBrowser, pageErrors, serveStatic } from "./browser.mjs";
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
const names = scenarios({}, { ws: () => "", control: () => {}, tag: () => "" }).map(([name]) => name);

for (const name of names) {
  test(name, { timeout: 20_000 }, async () => {
    const result = await page.evaluate((name) => window.runScenario(name), name);
    if (!result.ok) throw new Error(result.error);
  });
}

test("the page logged no errors", () => {
  if (errors.length > 0) throw new Error(errors.join("\n"));
});
