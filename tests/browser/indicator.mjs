// Real-browser test of an indicator page with a series, run by tests/integration/quality.rs:
//   node tests/browser/indicator.mjs <site-url> <vi-path> <en-path>
// <site-url> serves a site built with `--base-url <site-url>`; the two paths are the same
// indicator's page in Vietnamese and English, one with a baseline and several reported values
// (tests/fixtures/minimal's `ty-le-truong`). For each language, at 360 px and 1366 px:
//   - the series chart is drawn, and every value of the table that follows it (baseline and
//     reported values, as the page writes them) is a text of the chart;
//   - every text of the chart lies inside the chart (nothing clipped), and the page does not
//     scroll sideways;
//   - the CSV and JSON downloads the page links to load, in Open SDG's long format, with one row
//     per point of the table;
//   - axe-core (WCAG 2.1 A and AA) finds no violation.
// Prints one line per check; exits 1 at the first failure.

import assert from "node:assert/strict";
import { axe, newPage, ok, run } from "./lib.mjs";

const [site, viPath, enPath] = process.argv.slice(2);
if (!site || !viPath || !enPath) {
  console.error("usage: node indicator.mjs <site-url> <vi-path> <en-path>");
  process.exit(2);
}

await run(async (browser) => {
  for (const [lang, path] of [["vi", viPath], ["en", enPath]]) {
    for (const viewport of [{ width: 360, height: 740 }, { width: 1366, height: 900 }]) {
      const page = await newPage(browser, { viewport, bypassCSP: true });
      await page.goto(site + path);
      const seen = await page.evaluate(() => {
        const svg = document.querySelector("svg.chart.series");
        if (!svg) return null;
        const box = svg.getBoundingClientRect();
        const texts = [...svg.querySelectorAll("text")].map((t) => {
          const r = t.getBoundingClientRect();
          return {
            text: t.textContent.trim(),
            inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5 &&
              r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5,
          };
        });
        const table = svg.closest("figure").querySelector("table");
        const values = [...table.querySelectorAll("tbody tr")].map((tr) =>
          // The value cell: its number, without the unit and the note.
          (tr.cells[1].textContent.trim().match(/^[\d.,]+/) || [""])[0]);
        const links = [...document.querySelectorAll("a[download]")].map((a) => a.href);
        return {
          texts,
          values,
          links,
          width: [document.documentElement.scrollWidth, window.innerWidth],
        };
      });
      const where = `${lang} ${viewport.width} px`;
      assert.ok(seen, `${where}: ${path} has a series chart`);
      assert.ok(seen.values.length >= 3, `${where}: the chart's table has ${seen.values.length} rows`);
      const chartTexts = seen.texts.map((t) => t.text);
      for (const v of seen.values) {
        assert.ok(chartTexts.includes(v), `${where}: the value ${v} of the table is in the chart (${chartTexts.join(" | ")})`);
      }
      const outside = seen.texts.filter((t) => !t.inside).map((t) => t.text);
      assert.deepEqual(outside, [], `${where}: chart texts outside the chart`);
      assert.ok(seen.width[0] <= seen.width[1], `${where}: the page scrolls sideways (${seen.width[0]} px)`);
      ok(`${where}: ${seen.values.length} values of the table drawn in the chart, ${seen.texts.length} texts all inside it, no sideways scroll`);

      if (viewport.width === 1366) {
        const [csvUrl, jsonUrl] = [seen.links.find((u) => u.endsWith(".csv")), seen.links.find((u) => u.endsWith(".json"))];
        assert.ok(csvUrl && jsonUrl, `${where}: CSV and JSON download links (${seen.links})`);
        const csv = await (await page.request.get(csvUrl)).text();
        const lines = csv.replace(/^\uFEFF/, "").trim().split(/\r?\n/);
        assert.match(lines[0], /^indicator,period,year,value,unit,source/, `${where}: CSV header`);
        assert.equal(lines.length - 1, seen.values.length, `${where}: one CSV row per point of the table`);
        const json = await (await page.request.get(jsonUrl)).json();
        const records = json.records ?? json;
        assert.equal(records.length, seen.values.length, `${where}: one JSON record per point`);
        assert.ok(["indicator", "period", "value", "unit", "source"].every((k) => k in records[0]), `${where}: long-format keys`);
        ok(`${where}: the CSV and JSON downloads hold the ${seen.values.length} points in the long format`);

        const found = await axe(page);
        assert.ok(found.passes >= 5, `${where}: axe ran only ${found.passes} passing rules`);
        assert.deepEqual(found.violations, [], `${where}: axe-core violations`);
        ok(`${where}: axe-core, WCAG 2.1 A+AA: 0 violations`);
      }
      assert.deepEqual(page.errors, [], `${where}: script or request errors`);
      await page.context().close();
    }
  }
});
