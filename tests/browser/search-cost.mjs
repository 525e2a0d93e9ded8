// What a search costs the reader: requests and bytes (as Chromium received them) to open the
// search page until its form shows, then for each query typed, until its first results show.
// A measurement tool (docs/performance.md), not a test:
//   node tests/browser/search-cost.mjs <site-url> <page-path> <query>...
// e.g. node tests/browser/search-cost.mjs http://127.0.0.1:8000/ vi/tim-kiem/index.html "giao duc"
// Each query runs in a fresh browser context (no cache), after the page has loaded; prints a
// markdown row per step.

import { launch } from "./lib.mjs";

const [site, path, ...queries] = process.argv.slice(2);
if (!site || !path) {
  console.error("usage: node search-cost.mjs <site-url> <page-path> <query>...");
  process.exit(2);
}

const browser = await launch();
const rows = [];
async function measure(query) {
  const context = await browser.newContext();
  const page = await context.newPage();
  let log = [];
  page.on("requestfinished", async (r) => {
    const s = await r.sizes().catch(() => null);
    log.push({ url: r.url(), bytes: s ? s.responseBodySize + s.responseHeadersSize : 0 });
  });
  await page.goto(site + path);
  await page.waitForSelector(".search-form:not([hidden])", { timeout: 120000 });
  await page.waitForLoadState("networkidle");
  const open = log;
  log = [];
  if (query !== null) {
    await page.fill("#search-q", query);
    await page.press("#search-q", "Enter");
    await page.waitForSelector("#search[data-state='done']", { timeout: 120000 });
    await page.waitForLoadState("networkidle");
  }
  const sum = (l) => l.reduce((a, x) => a + x.bytes, 0);
  const index = (l) => l.filter((x) => x.url.includes("/pagefind/"));
  await context.close();
  return { open, q: log, sum, index };
}

const first = await measure(null);
rows.push(
  `| open the search page | ${first.open.length} (${first.index(first.open).length} index) | ${(first.sum(first.open) / 1024).toFixed(0)} KiB (${(first.sum(first.index(first.open)) / 1024).toFixed(0)} index) |`,
);
for (const q of queries) {
  const m = await measure(q);
  rows.push(`| then “${q}” | ${m.q.length} | ${(m.sum(m.q) / 1024).toFixed(0)} KiB |`);
}
console.log(`${site}${path}`);
console.log("| step | requests | bytes |");
console.log("|---|---:|---:|");
for (const r of rows) console.log(r);
await browser.close();
