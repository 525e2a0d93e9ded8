// Real-browser test of the whole site, run by tests/integration/quality.rs:
//   node tests/browser/site.mjs <site-url> <site-folder> <screenshot-folder>
// <site-url> serves the real site built by camket with `--base-url <site-url>` (a sub-path such
// as http://127.0.0.1:PORT/sub/; links are then pretty: folder/ without index.html); <site-folder> is the same site on disk, used to pick one page
// of every kind. Drives Debian's Chromium with playwright-core and checks:
//   - language switch vi → en → vi on a task page lands on the same record;
//   - task → lead agency → document (at the anchor) → back → back;
//   - the task list's facets (static views) and its instant filter, typed without tone marks;
//   - keyboard only: Tab reaches every link of a page, each with a visible focus indicator;
//   - every link and asset of every page resolves under the sub-path, anchors included;
//   - at phone width (360 px) no page of any kind scrolls sideways;
//   - axe-core (WCAG 2.0/2.1 A and AA) on one page of every kind in both languages: 0 violations;
//   - layout (layout.mjs), at 360 and 1366 px, on those pages and the ones the issue names (the
//     decision at #nv-v-4, the budget, an agency and its A4 report, task V.4): no word split
//     across two lines, no sideways scroll, every chart text inside its SVG; a screenshot of
//     each at both widths;
//   - the A4 agency report printed to PDF keeps every column header whole (pdftotext);
//   - on a phone (360 × 740), words typed in the home page's search box give a search page
//     whose first result shows on the first screen, without scrolling (the header is compact).
// Prints one line per check; exits 1 at the first failure.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { axe, newPage, ok, run } from "./lib.mjs";
import { checkLayout, checkPrint } from "./layout.mjs";

const [site, folder, shots] = process.argv.slice(2);
if (!site || !folder || !shots) {
  console.error("usage: node site.mjs <site-url> <site-folder> <screenshot-folder>");
  process.exit(2);
}
const TASK = "nhiem-vu/tham-dinh-thiet-ke-cong-trinh-co-so-giao-duc/";
const TASK_EN = "tasks/tham-dinh-thiet-ke-cong-trinh-co-so-giao-duc/";
const PHONE = { width: 360, height: 740 };
// Pages the issue names, checked for layout besides one page of every kind: the decision's
// table at the clause a journalist is sent to, the agency with the most tasks, its A4 report,
// task V.4 and the budget.
const EXTRA = [
  // An indicator with a baseline: its chart (baseline point, target line) and summary cards.
  "vi/muc-tieu/ty-le-giang-vien-trinh-do-tien-si-2030/",
  "en/objectives/ty-le-giang-vien-trinh-do-tien-si-2030/",
  "vi/van-ban/quyet-dinh-de-an-gddt-2030/#nv-v-4",
  "en/documents/quyet-dinh-de-an-gddt-2030/#nv-v-4",
  "vi/co-quan/so-giao-duc-dao-tao/",
  "en/agencies/so-giao-duc-dao-tao/",
  "vi/bao-cao-co-quan/so-giao-duc-dao-tao/",
  "en/agency-reports/so-giao-duc-dao-tao/",
  "vi/nhiem-vu/co-so-vat-chat-truong-mam-non-pho-thong-cong-lap/",
  "en/tasks/co-so-vat-chat-truong-mam-non-pho-thong-cong-lap/",
  "vi/kinh-phi/",
  "en/budget/",
];
const REPORTS = ["vi/bao-cao-co-quan/so-giao-duc-dao-tao/", "en/agency-reports/so-giao-duc-dao-tao/"];
const DESKTOP = { width: 1280, height: 900 };

/** One page of every kind in both languages: each section's list and its first record. */
function pagesOfEveryKind() {
  const pages = ["index.html", "404.html"];
  for (const lang of ["vi", "en"]) {
    pages.push(`${lang}/index.html`);
    const sections = fs
      .readdirSync(path.join(folder, lang), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    for (const s of sections) {
      const dir = path.join(folder, lang, s);
      if (fs.existsSync(path.join(dir, "index.html"))) pages.push(`${lang}/${s}/index.html`);
      const first = fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "index.html")))
        .map((d) => d.name)
        .sort()[0];
      if (first) pages.push(`${lang}/${s}/${first}/index.html`);
    }
  }
  return pages;
}

/**
 * Shows the root page (a language chooser that forwards to vi/ with a meta refresh) without
 * forwarding, so that it can be measured and checked like the others.
 */
async function holdRoot(page) {
  await page.route(site + "index.html", async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace(/<meta http-equiv="refresh"[^>]*>/, "");
    await route.fulfill({ response, body });
  });
}

/** The links and assets of the HTML text of a page, resolved against its URL. */
function refsOf(html, url) {
  const refs = [];
  for (const m of html.matchAll(/\s(href|src)="([^"]*)"/g)) {
    const raw = m[2].replaceAll("&amp;", "&");
    if (/^(mailto|tel|data):/.test(raw)) continue;
    refs.push(new URL(raw, url));
  }
  return refs;
}

await run(async (browser) => {
  const pages = pagesOfEveryKind();
  assert.ok(pages.length >= 36, `only ${pages.length} pages of every kind`);

  // ----- on a phone: home search box → the first result on the first screen ----------------
  const ph = await newPage(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
  for (const [home, q] of [["vi/", "trường học"], ["en/", "school buildings"]]) {
    await ph.goto(site + home);
    await ph.fill("#home-q", q);
    await ph.press("#home-q", "Enter");
    await ph.waitForURL(/\/(tim-kiem|search)\/\?q=/);
    await ph.waitForSelector(".search-results li h2 a", { timeout: 60000 });
    const at = await ph.evaluate(() => {
      const h = document.querySelector(".search-results li h2").getBoundingClientRect();
      const header = document.querySelector(".site-header").getBoundingClientRect();
      return { top: h.top, bottom: h.bottom, scrollY: window.scrollY, header: header.height, typed: document.querySelector("#search-q").value };
    });
    assert.equal(at.typed, q, "the search page reads the words typed on the home page");
    assert.equal(at.scrollY, 0, "the search page is not scrolled");
    assert.ok(at.bottom <= PHONE.height, `${home}: the first result's title ends at ${Math.round(at.bottom)} px, below the first screen (${PHONE.height} px; header ${Math.round(at.header)} px)`);
    ok(`phone ${PHONE.width}×${PHONE.height}: “${q}” from the ${home} home page → first result's title at ${Math.round(at.top)}–${Math.round(at.bottom)} px (header ${Math.round(at.header)} px)`);
  }
  assert.deepEqual(ph.errors, [], "no script error or failed request");
  await ph.context().close();

  // ----- language switch on a task page ----------------------------------------------------
  const p = await newPage(browser, { viewport: DESKTOP });
  await p.goto(site + "vi/" + TASK);
  const viTitle = await p.textContent("h1");
  await p.click("a.lang-switch");
  await p.waitForURL(site + "en/" + TASK_EN);
  assert.equal(await p.getAttribute("html", "lang"), "en");
  const enTitle = await p.textContent("h1");
  assert.notEqual(enTitle, viTitle, "the English page has the English title");
  await p.click("a.lang-switch");
  await p.waitForURL(site + "vi/" + TASK);
  assert.equal(await p.textContent("h1"), viTitle);
  ok(`vi → en → vi on a task page stays on the same record (“${enTitle.trim()}”)`);

  // ----- task → lead agency → document → back → back ----------------------------------------
  const lead = p.locator("main dl dt", { hasText: "Cơ quan chủ trì" }).locator("xpath=following-sibling::dd[1]//a").first();
  const agencyName = (await lead.textContent()).trim();
  await lead.click();
  await p.waitForURL(/\/vi\/co-quan\/[^/]+\/$/);
  const agencyUrl = p.url();
  assert.equal((await p.textContent("h1")).trim(), agencyName, "the agency page is the lead's");
  const doc = p.locator("main a[href*='/van-ban/'][href*='#']").first();
  const docHref = await doc.getAttribute("href");
  await doc.click();
  await p.waitForURL(/\/vi\/van-ban\/[^/]+\/#.+$/);
  const anchor = decodeURIComponent(new URL(p.url()).hash.slice(1));
  assert.equal(await p.locator(`[id="${anchor}"]`).count(), 1, `anchor #${anchor} exists`);
  assert.ok(await p.locator(`[id="${anchor}"]`).isVisible(), `#${anchor} is shown`);
  await p.goBack();
  await p.waitForURL(agencyUrl);
  await p.goBack();
  await p.waitForURL(site + "vi/" + TASK);
  assert.equal(await p.textContent("h1"), viTitle);
  ok(`task → ${agencyName} → ${docHref.replace(/^(\.\.\/)+/, "")} → back → back`);

  // ----- facets of the task list ------------------------------------------------------------
  await p.goto(site + "vi/nhiem-vu/");
  const total = await p.locator("table.tasks tbody tr").count();
  const approved = await p.locator("section:not([aria-labelledby='draft-only']) table.tasks tbody tr").count();
  assert.ok(approved >= 48 && total > approved, `${total} tasks listed, ${approved} approved`);
  await p.click("main a[href$='theo-nam/']");
  await p.waitForURL(/theo-nam\/$/);
  const years = await p.locator("main section h2").allTextContents();
  assert.ok(years.some((y) => y.includes("2030")), `year sections: ${years}`);
  assert.equal(await p.locator("table.tasks tbody tr").count(), approved, "every approved task under a year");
  await p.goBack();
  await p.waitForSelector("#quick-filter:not([hidden]) input");
  await p.fill("#quick-filter input", "giao duc");
  const shown = p.locator("table.tasks tbody tr:not([hidden])");
  const n = await shown.count();
  assert.ok(n > 0 && n < total, `“giao duc” filters ${total} → ${n}`);
  for (const t of await shown.allTextContents()) {
    assert.ok(t.toLowerCase().includes("giáo dục"), `a shown row lacks “giáo dục”: ${t.slice(0, 80)}`);
  }
  assert.match(await p.textContent("#quick-filter [role=status]"), new RegExp(`\\b${n}\\b`));
  const options = await p.$$eval("#quick-filter select option", (os) => os.map((o) => o.value));
  await p.selectOption("#quick-filter select", options[1]);
  const m = await shown.count();
  assert.ok(m <= n, "the status narrows further");
  const statuses = await shown.evaluateAll((rs) => rs.map((r) => r.dataset.status));
  assert.ok(statuses.every((s) => s === options[1]), "only the chosen status is shown");
  ok(`facets: by year lists all ${approved} approved tasks; filter “giao duc” → ${n}, status ${options[1]} → ${m}`);

  // ----- keyboard only ----------------------------------------------------------------------
  for (const target of ["vi/", "en/" + TASK_EN, "vi/nhiem-vu/", "en/search/"]) {
    await p.goto(site + target);
    const links = await p.$$eval("a[href]", (as) =>
      as.filter((a) => a.offsetParent !== null || a.classList.contains("skip-link")).length,
    );
    const reached = new Set();
    let missingFocus = [];
    for (let i = 0; i < 600; i++) {
      await p.keyboard.press("Tab");
      const f = await p.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        if (!el.dataset.tabSeen) el.dataset.tabSeen = String(Math.random());
        const cs = getComputedStyle(el);
        const visible =
          (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2) ||
          (cs.boxShadow && cs.boxShadow !== "none");
        return { key: el.dataset.tabSeen, tag: el.tagName, link: el.matches("a[href]"), visible, text: el.textContent.trim().slice(0, 40) };
      });
      if (!f) continue;
      if (reached.has(f.key)) break;
      reached.add(f.key);
      if (!f.visible) missingFocus.push(`${f.tag} “${f.text}”`);
      if (f.link) reached.links = (reached.links || 0) + 1;
    }
    assert.deepEqual(missingFocus, [], `${target}: focus not visible on`);
    assert.equal(reached.links, links, `${target}: Tab reaches ${reached.links} of ${links} links`);
    ok(`${target}: Tab alone reaches all ${links} links, each with a visible focus ring`);
  }
  assert.deepEqual(p.errors, [], "no script error or failed request");

  // ----- every link and asset under the sub-path --------------------------------------------
  const seen = new Map(); // URL without fragment → HTML text (or "" for other files)
  const queue = [site, site + "vi/index.html", site + "en/index.html", site + "404.html"];
  const anchors = [];
  let refs = 0;
  // One key per page: a folder URL and its index.html are the same page.
  const key = (u) => u.replace(/\/index\.html$/, "/");
  while (queue.length) {
    const url = key(queue.shift());
    if (seen.has(url)) continue;
    const res = await fetch(url);
    assert.equal(res.status, 200, `${url} (linked) answers ${res.status}`);
    const type = res.headers.get("content-type") || "";
    const body = type.startsWith("text/html") ? await res.text() : "";
    if (!type.startsWith("text/html")) await res.arrayBuffer();
    seen.set(url, body);
    if (!body) continue;
    for (const r of refsOf(body, url)) {
      if (r.origin !== new URL(site).origin) continue;
      refs++;
      assert.ok(r.pathname.startsWith(new URL(site).pathname), `${url} links outside the sub-path: ${r.href}`);
      if (r.hash.length > 1) anchors.push([url, new URL(r.href)]);
      r.hash = "";
      queue.push(r.href);
    }
  }
  for (const [from, r] of anchors) {
    const id = decodeURIComponent(r.hash.slice(1));
    const target = new URL(r.href);
    target.hash = "";
    const html = seen.get(key(target.href));
    assert.ok(html !== undefined, `${from}: ${r.href} not fetched`);
    assert.ok(html.includes(`id="${id}"`), `${from}: no anchor #${id} in ${target.href}`);
  }
  const htmlPages = [...seen.values()].filter((b) => b).length;
  // Every page on disk is reachable by following links from the home pages (no orphan).
  const onDisk = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.name.endsWith(".html")) onDisk.push(key(site + path.relative(folder, f)));
    }
  };
  walk(folder);
  const orphans = onDisk.filter((u) => !seen.has(u));
  assert.deepEqual(orphans, [], "pages no link leads to");
  ok(`under the sub-path: ${seen.size} files (${htmlPages} pages: all ${onDisk.length} on disk) reachable, ${refs} links and assets, ${anchors.length} anchors, none broken`);

  // ----- phone width, axe-core --------------------------------------------------------------
  const phone = await newPage(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
  await holdRoot(phone);
  const wide = [];
  for (const path of pages) {
    await phone.goto(site + path);
    const w = await phone.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    if (w[0] > w[1]) wide.push(`${path} (${w[0]} px)`);
  }
  assert.deepEqual(wide, [], "pages wider than a 360 px phone");
  assert.deepEqual(phone.errors, [], "no script error or failed request at phone width");
  ok(`${pages.length} pages of every kind: no sideways scroll at 360 px`);

  const a11y = await newPage(browser, { viewport: DESKTOP, bypassCSP: true });
  await holdRoot(a11y);
  const violations = [];
  let rules = 0;
  for (const path of pages) {
    await a11y.goto(site + path);
    const found = await axe(a11y);
    assert.ok(found.passes >= 5, `${path}: axe ran only ${found.passes} passing rules`);
    rules += found.passes;
    for (const v of found.violations) violations.push(`${path}: ${v}`);
  }
  assert.deepEqual(violations, [], "axe-core violations");
  ok(`axe-core, WCAG 2.1 A+AA: ${pages.length} pages of every kind in both languages, ${rules} rule checks passed, 0 violations`);

  // ----- layout at phone and desktop width, screenshots, the A4 report ---------------------
  const named = { "vi/index.html": "home-vi", "en/index.html": "home-en", ["vi/" + TASK]: "task-vi", ["en/" + TASK_EN]: "task-en", "vi/cam-ket/index.html": "commitments-vi", "en/commitments/index.html": "commitments-en" };
  const layoutPages = [...pages, ...EXTRA.filter((p) => !pages.includes(p + "index.html"))].map((p) => [p, named[p] || null]);
  for (const p of Object.keys(named)) if (!layoutPages.some(([q]) => q === p)) layoutPages.push([p, named[p]]);
  await checkLayout(browser, site, layoutPages, shots, holdRoot);
  await checkPrint(browser, site, REPORTS);
});
