// Real-browser test of the search page, run by tests/integration/search.rs:
//   node tests/browser/search.mjs <site-url> <site-folder>
// <site-url> serves the real site built by camket, under a sub-path (e.g.
// http://127.0.0.1:PORT/giao-duc/); <site-folder> is the same site on disk, to open it as
// files. Drives Debian's Chromium (/usr/bin/chromium) with playwright-core. Prints one line per
// check; exits 1 at the first failure.

import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { newPage as openPage, ok, run } from "./lib.mjs";

const [site, folder] = process.argv.slice(2);
if (!site || !folder) {
  console.error("usage: node search.mjs <site-url> <site-folder>");
  process.exit(2);
}

const pageErrors = [];
let browser;

async function newPage(options = {}) {
  const page = await openPage(browser, options);
  page.on("pageerror", (e) => pageErrors.push(e.message));
  return page;
}

/** Opens a search page and waits until its index is loaded and the form shown. */
async function openSearch(page, path) {
  const response = await page.goto(site + path);
  assert.ok(response && response.ok(), `${path} loads`);
  await page.waitForSelector(".search-form:not([hidden])", { timeout: 15000 });
}

/** Runs a search (typed, then Enter) and returns the results shown. */
async function search(page, query) {
  await page.fill("#search-q", query);
  await page.press("#search-q", "Enter");
  return settle(page);
}

/** Waits until the latest search has shown its results (search.js sets data-state). */
async function settle(page) {
  await page.waitForSelector("#search[data-state='done']", { timeout: 15000 });
  return page.evaluate(() => ({
    count: parseInt(document.querySelector(".search-status").textContent, 10) || 0,
    results: [...document.querySelectorAll(".search-result")].map((li) => ({
      kind: li.querySelector(".search-kind")?.textContent ?? "",
      href: li.querySelector("h2 a").href,
      title: li.querySelector("h2 a").textContent,
      excerpt: li.querySelector(".search-excerpt").textContent,
      marks: [...li.querySelectorAll("mark")].map((m) =>
        m.textContent.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ""),
      ),
    })),
  }));
}

async function selectFilter(page, key, label) {
  const value = await page.$eval(
    `#search-filter-${key}`,
    (s, label) => [...s.options].find((o) => o.value === label)?.value ?? null,
    label,
  );
  assert.ok(value, `filter ${key} offers “${label}”`);
  await page.selectOption(`#search-filter-${key}`, value);
  return settle(page);
}

const text = (r) => `${r.title} ${r.excerpt}`.toLowerCase();

await run(async (b) => {
  browser = b;
  // ----- Vietnamese ------------------------------------------------------------------------
  const vi = await newPage();
  await openSearch(vi, "vi/tim-kiem/index.html");
  ok("vi search page loads its index under a sub-path");

  let r = await search(vi, "giao duc");
  assert.ok(r.count > 0, "“giao duc” finds something");
  assert.ok(
    r.results.some((x) => text(x).includes("giáo dục")),
    "a result for “giao duc” shows “giáo dục”",
  );
  assert.ok(r.results[0].marks.includes("giáo") && r.results[0].marks.includes("dục"),
    `the first result for “giao duc” marks “giáo” and “dục”: ${r.results[0].marks}`);
  const giaoDuc = r.count;
  ok(`“giao duc” (no tone marks) finds “giáo dục”: ${r.count} results`);

  r = await search(vi, "dao tao");
  assert.ok(r.count > 0 && r.results.some((x) => text(x).includes("đào tạo")),
    "“dao tao” finds “đào tạo”");
  assert.ok(r.results.some((x) => x.marks.includes("đào") && x.marks.includes("tạo")),
    "“đào” and “tạo” are marked in an excerpt");
  ok(`“dao tao” finds “đào tạo” (đ folded to d): ${r.count} results`);

  r = await search(vi, "giao");
  assert.ok(r.results[0].marks.includes("giao"),
    `exact “giao” ranks first: first result marks ${r.results[0].marks}`);
  r = await search(vi, "giáo");
  assert.ok(r.results[0].marks.includes("giáo"),
    `exact “giáo” ranks first: first result marks ${r.results[0].marks}`);
  ok("results with the tone marks as typed rank first (“giao” vs “giáo”)");

  for (const [query, path] of [
    ["71-NQ/TW", "vi/van-ban/71-nq-tw-2025/index.html"],
    ["2811", "vi/van-ban/2811-qd-bgddt-2025/index.html"],
    ["2811/QD-BGDDT", "vi/van-ban/2811-qd-bgddt-2025/index.html"],
    ["V.9", "vi/nhiem-vu/tham-dinh-thiet-ke-cong-trinh-co-so-giao-duc/index.html"],
  ]) {
    r = await search(vi, query);
    assert.ok(r.count > 0, `“${query}” finds something`);
    assert.equal(r.results[0].href, site + path, `“${query}” finds its own page first`);
    ok(`“${query}” finds ${path} first`);
  }

  // What citizens look for ranks first: the school-buildings task among the first five,
  // whatever the tone marks: "phòng học" through its budget line ("9.141 khối phòng học"),
  // "trường học" through its topic, "Cơ sở vật chất trường học" (search.js ranks a topic's
  // records first when the words typed are in its name).
  const schoolBuildings = (x) => x.kind === "Nhiệm vụ" && x.title.startsWith("V.4 ");
  for (const query of ["trường học", "truong hoc", "phòng học", "co so vat chat", "cơ sở vật chất"]) {
    r = await search(vi, query);
    const at = r.results.slice(0, 5).findIndex(schoolBuildings);
    assert.ok(at >= 0, `task V.4 is among the first 5 results for “${query}”: ${r.results.slice(0, 5).map((x) => x.title.slice(0, 40)).join(" | ")}`);
    ok(`“${query}” finds task V.4 (school buildings) at rank ${at + 1}`);
  }
  // Tasks, indicators and projects before agencies and the documents' texts.
  r = await search(vi, "trường học");
  const kinds = r.results.slice(0, 5).map((x) => x.kind);
  assert.ok(kinds.every((k) => ["Nhiệm vụ", "Chỉ tiêu", "Dự án"].includes(k)),
    `tasks, indicators and projects come before agencies and document texts for “trường học”: ${kinds}`);
  ok("tasks, indicators and projects rank before agencies and sections of documents");
  // The topic filter: only the records of the topic chosen.
  const topical = await selectFilter(vi, "topic", "Cơ sở vật chất trường học");
  assert.ok(topical.count > 0 && topical.count < r.count, `topic filter narrows ${r.count} → ${topical.count}`);
  assert.ok(topical.results.some(schoolBuildings), "task V.4 is in its topic");
  assert.ok(topical.results.every((x) => ["Nhiệm vụ", "Chỉ tiêu", "Dự án"].includes(x.kind)), "only tasks, indicators and projects have topics");
  ok(`the topic filter narrows “trường học” to ${topical.count} records of the school-buildings topic`);
  await vi.selectOption("#search-filter-topic", "");
  await settle(vi);

  r = await search(vi, "giao duc");
  assert.equal(r.count, giaoDuc);
  const tasks = await selectFilter(vi, "kind", "Nhiệm vụ");
  assert.ok(tasks.count > 0 && tasks.count < giaoDuc, `kind filter narrows ${giaoDuc} → ${tasks.count}`);
  assert.ok(tasks.results.every((x) => x.kind === "Nhiệm vụ"), "only tasks are shown");
  const tasks2026 = await selectFilter(vi, "year", "2026");
  assert.ok(tasks2026.count > 0 && tasks2026.count < tasks.count,
    `year filter narrows further ${tasks.count} → ${tasks2026.count}`);
  ok(`filters narrow “giao duc”: ${giaoDuc} → ${tasks.count} tasks → ${tasks2026.count} due in 2026`);

  // A result link opens its page (relative to the sub-path).
  const first = tasks2026.results[0].href;
  const response = await vi.goto(first);
  assert.ok(response && response.ok(), `${first} opens`);
  assert.ok((await vi.textContent("h1")).length > 0);
  ok("a result links to an existing page");

  // The query is kept in the address: reloading or sharing the link searches again.
  await openSearch(vi, "vi/tim-kiem/index.html?q=gi%C3%A1o%20d%E1%BB%A5c");
  r = await settle(vi);
  assert.ok(r.count > 0, "?q= runs the search");
  ok("a link with ?q= opens with its results");

  // Every page links to the search page from its header.
  await vi.goto(site + "vi/nhiem-vu/index.html");
  await vi.click("header nav a[href$='tim-kiem/index.html']");
  await vi.waitForSelector(".search-form:not([hidden])", { timeout: 15000 });
  ok("the header of a page links to the search page");

  // ----- English ---------------------------------------------------------------------------
  const en = await newPage();
  await openSearch(en, "en/search/index.html");
  r = await search(en, "education");
  assert.ok(r.count > 0, "“education” finds something");
  assert.ok(["Task", "Indicator", "Project", "Agency", "Document", "Document text", "Page"].includes(r.results[0].kind),
    `English kind label: ${r.results[0].kind}`);
  r = await search(en, "school buildings");
  const at = r.results.slice(0, 5).findIndex((x) => x.kind === "Task" && x.title.startsWith("V.4 "));
  assert.ok(at >= 0, `task V.4 is among the first 5 results for “school buildings”: ${r.results.slice(0, 5).map((x) => x.title.slice(0, 40)).join(" | ")}`);
  ok(`“school buildings” finds task V.4 at rank ${at + 1} (through its topic, “School buildings and facilities”)`);
  r = await search(en, "71-NQ/TW");
  assert.equal(r.results[0].href, site + "en/documents/71-nq-tw-2025/index.html");
  ok("the English search page searches the English index");

  // ----- without JavaScript, and opened as files --------------------------------------------
  const nojs = await newPage({ javaScriptEnabled: false });
  await nojs.goto(site + "vi/tim-kiem/index.html");
  const note = nojs.getByText("Tìm kiếm cần JavaScript");
  assert.ok(await note.isVisible(), "the no-JavaScript note is shown");
  const href = await nojs.$eval(".search-needs-js a", (a) => a.href);
  assert.equal(href, site + "vi/nhiem-vu/index.html", "it links to the task list");
  assert.ok(!(await nojs.isVisible(".search-form")), "no dead search form without JavaScript");
  ok("without JavaScript the page says so and links to the task list");

  const files = await newPage();
  await files.goto(pathToFileURL(folder).href + "/vi/tim-kiem/index.html");
  await files.waitForSelector(".search-needs-server:not([hidden])", { timeout: 15000 });
  assert.ok(!(await files.isVisible(".search-needs-js")), "the no-JavaScript note is hidden");
  ok("opened as files, the page says that search needs a web server");

  assert.deepEqual(pageErrors, [], "no script errors");
  ok("no script errors");
});
