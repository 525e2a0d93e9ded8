// Real-browser test of a sharded search index, run by tests/integration.rs (`search_shards`):
//   node tests/browser/shards.mjs <one-bundle-url> <sharded-url>
// Both URLs serve the same generated site, built once with one Pagefind bundle per language
// and once in shards merged by the search page (Pagefind's mergeIndex). For a fixed list of
// queries typed into the Vietnamese and English search pages:
// - the filters offered, with their counts, are the same; so are the result count and the
//   filter counts of each word query (the same records match). Not of a number query: a shard
//   that has no word starting with a query's term matches the longest word it has that starts
//   the term (Pagefind's fallback per index), so "340-NQ/TW" also finds weak matches of "340"
//   in the shards without it, ranked last;
// - ranking: each shard scores with its own statistics (BM25's page count and average length,
//   Pagefind's per-index word extensions), so near-ties may come in another order. The first
//   result of a number query is the same, and each of the first 10 results of the shards is
//   one the single bundle scores at least half as high as its own 10th (no weak result
//   promoted). The overlap of the two top-10 lists is printed.
// Prints one line per check; exits 1 at the first failure.

import assert from "node:assert/strict";
import { newPage, ok, run } from "./lib.mjs";

const [one, sharded] = process.argv.slice(2);
if (!one || !sharded) {
  console.error("usage: node shards.mjs <one-bundle-url> <sharded-url>");
  process.exit(2);
}

const QUERIES = {
  "vi/tim-kiem/index.html": [
    "giao duc",
    "trường mầm non",
    "cơ sở vật chất",
    "đề án",
    "dao tao",
    "ngân sách",
    "chuyển đổi số",
    "y tế",
  ],
  "en/search/index.html": ["preschool", "facilities", "approved scheme", "budget", "health"],
};

/** Number queries: the record of that number comes first in both (documents of the corpus
 * `camket-bench --tasks 300` writes, as the integration test builds it). */
const NUMBERS = {
  "vi/tim-kiem/index.html": ["10/CT-TTg", "15/QĐ-UBND", "28/UBND-VX"],
  "en/search/index.html": ["10/CT-TTg", "28/UBND-VX"],
};

/** The first `n` results of `query` through Pagefind's API on the page (the instance the
 * search page made, with its shards merged): path from the site root and score. */
async function scored(page, site, query, n) {
  const base = new URL(site).pathname;
  const rows = await page.evaluate(
    async ([site, query, n]) => {
      const pagefind = await import(site + "pagefind/pagefind.js");
      const r = await pagefind.search(query);
      return Promise.all(
        r.results.slice(0, n).map(async (x) => ({ score: x.score, url: (await x.data()).url })),
      );
    },
    [site, query, n],
  );
  return rows.map((r) => ({ score: r.score, path: r.url.slice(base.length) }));
}

/** Opens a search page, waits for its index; returns the page and the URLs it fetched. */
async function openSearch(browser, site, path) {
  const page = await newPage(browser);
  const fetched = [];
  page.on("request", (r) => fetched.push(r.url()));
  const response = await page.goto(site + path);
  assert.ok(response && response.ok(), `${site}${path} loads`);
  await page.waitForSelector(".search-form:not([hidden])", { timeout: 60000 });
  return { page, fetched };
}

/** Types a query, presses Enter; returns the count, the results' paths, the filter counts. */
async function search(page, site, query) {
  await page.fill("#search-q", query);
  await page.press("#search-q", "Enter");
  await page.waitForSelector("#search[data-state='done']", { timeout: 60000 });
  const shown = await page.evaluate(() => ({
    status: document.querySelector(".search-status").textContent,
    hrefs: [...document.querySelectorAll(".search-result h2 a")].map((a) => a.href),
    filters: [...document.querySelectorAll(".search-filter option")].map((o) => o.textContent),
  }));
  const base = new URL(site).pathname;
  return {
    status: shown.status,
    top: shown.hrefs.map((h) => new URL(h).pathname.slice(base.length)),
    filters: shown.filters,
  };
}

await run(async (browser) => {
  for (const [path, queries] of Object.entries(QUERIES)) {
    const a = await openSearch(browser, one, path);
    const b = await openSearch(browser, sharded, path);
    assert.ok(
      b.fetched.some((u) => u.includes("/pagefind/shard-1/")),
      "the sharded site merges its other shards",
    );
    assert.ok(!a.fetched.some((u) => u.includes("/shard-")), "one bundle: no shard fetched");
    ok(`${path}: the sharded index loads its shards, the other one bundle`);
    // The filters offered before any search: the same values with the same counts.
    const before = (p) =>
      p.evaluate(() => [...document.querySelectorAll(".search-filter option")].map((o) => o.textContent));
    assert.deepEqual(await before(b.page), await before(a.page), "filters and counts");
    for (const q of queries) {
      const ra = await search(a.page, one, q);
      const rb = await search(b.page, sharded, q);
      assert.equal(rb.status, ra.status, `“${q}”: result count`);
      assert.deepEqual(rb.filters, ra.filters, `“${q}”: filter counts`);
      assert.ok(ra.top.length > 0, `“${q}” finds something`);
      const all = await scored(a.page, one, q, 400);
      const top = await scored(b.page, sharded, q, 10);
      const tenth = all[Math.min(9, all.length - 1)].score;
      const score = new Map(all.map((r) => [r.path, r.score]));
      for (const r of top) {
        assert.ok(score.has(r.path), `“${q}”: ${r.path} found by the single bundle`);
        const ratio = score.get(r.path) / tenth;
        assert.ok(ratio >= 0.5, `“${q}”: ${r.path} scores ${ratio.toFixed(2)} of the 10th`);
      }
      const first10 = new Set(all.slice(0, 10).map((r) => r.path));
      const overlap = top.filter((r) => first10.has(r.path)).length;
      ok(
        `${path} “${q}”: ${ra.status}, the same filter counts; first 10: ${overlap} in common, ` +
          `lowest ${Math.min(...top.map((r) => score.get(r.path) / tenth)).toFixed(2)} of the 10th's score`,
      );
    }
    for (const q of NUMBERS[path]) {
      const [ta, tb] = [await scored(a.page, one, q, 1), await scored(b.page, sharded, q, 1)];
      assert.equal(tb[0].path, ta[0].path, `“${q}”: the same first result`);
      assert.match(ta[0].path, /\/(van-ban|documents)\//, `“${q}” finds its document first`);
      ok(`${path} “${q}”: the same first result, ${ta[0].path}`);
    }
    for (const p of [a.page, b.page]) assert.deepEqual(p.errors, [], "no script or request error");
    await a.page.context().close();
    await b.page.context().close();
  }
});
