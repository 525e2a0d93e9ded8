// Real-browser test of the cascade pages, run by tests/integration/quality.rs:
//   node tests/browser/cascade.mjs <site-url> <site-folder>
// <site-url> serves a site with plans (content/plans/) built with `--base-url <site-url>`;
// <site-folder> is the same site on disk. Checks:
//   - the walk a reader makes: from the coverage table, a commitment that a task implements
//     (picked at run time: the first row with an implementing task) → its page → the task →
//     the task's lead agency → back → back to the commitment; and from the task page, its
//     link back to the commitment;
//   - at phone width (360 px) no page of a cascade kind scrolls sideways;
//   - axe-core (WCAG 2.1 A and AA) on one page of each cascade kind in both languages
//     (plan list, plan, commitment list, commitment, cascade index, cascade of a group,
//     coverage): 0 violations.
// Prints one line per check; exits 1 at the first failure.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { axe, newPage, ok, run } from "./lib.mjs";

const [site, folder] = process.argv.slice(2);
if (!site || !folder) {
  console.error("usage: node cascade.mjs <site-url> <site-folder>");
  process.exit(2);
}
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

/** The list page and the first record page of each cascade section, in both languages. */
function cascadePages() {
  const sections = {
    vi: ["ke-hoach", "cam-ket", "chuoi-thuc-hien", "muc-do-thuc-hien"],
    en: ["plans", "commitments", "cascade", "coverage"],
  };
  const pages = [];
  for (const [lang, dirs] of Object.entries(sections)) {
    for (const s of dirs) {
      const dir = path.join(folder, lang, s);
      assert.ok(fs.existsSync(dir), `${lang}/${s}/ exists`);
      if (fs.existsSync(path.join(dir, "index.html"))) pages.push(`${lang}/${s}/`);
      const first = fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "index.html")))
        .map((d) => d.name)
        .sort()[0];
      if (first) pages.push(`${lang}/${s}/${first}/`);
    }
  }
  return pages;
}

await run(async (browser) => {
  const pages = cascadePages();
  assert.ok(pages.length >= 12, `only ${pages.length} cascade pages`);

  // ----- coverage → commitment → task → lead agency → back → back ---------------------------
  const p = await newPage(browser, { viewport: DESKTOP });
  await p.goto(site + "vi/muc-do-thuc-hien/");
  const row = p.locator("table.coverage tbody tr", { has: p.locator("td:nth-child(2) a") }).first();
  assert.equal(await row.count(), 1, "a commitment with an implementing task in the coverage table");
  const label = (await row.locator("td.title a").first().textContent()).trim();
  await row.locator("td.title a").first().click();
  await p.waitForURL(/\/vi\/cam-ket\/[^/]+\/$/);
  const commitmentUrl = p.url();
  const commitmentTitle = (await p.textContent("h1")).trim();
  const card = p.locator("section[aria-labelledby='implemented-h'] .task-card").first();
  const taskLink = card.locator("p.c-head a").first();
  const agencyName = (await card.locator("p.c-facts a").first().textContent()).trim();
  await taskLink.click();
  await p.waitForURL(/\/vi\/nhiem-vu\/[^/]+\/$/);
  const taskUrl = p.url();
  const back = p.locator(`section[aria-labelledby='impl-h'] a[href$='${new URL(commitmentUrl).pathname.split("/").slice(-2).join("/")}']`);
  assert.ok((await back.count()) >= 1, "the task page links back to the commitment");
  const lead = p.locator("main dl dt", { hasText: "Cơ quan chủ trì" }).locator("xpath=following-sibling::dd[1]//a").first();
  assert.equal((await lead.textContent()).trim(), agencyName, "the card's lead is the task's");
  await lead.click();
  await p.waitForURL(/\/vi\/co-quan\/[^/]+\/$/);
  assert.ok((await p.textContent("h1")).trim().startsWith(agencyName), "the agency page is the lead's");
  await p.goBack();
  await p.waitForURL(taskUrl);
  await p.goBack();
  await p.waitForURL(commitmentUrl);
  assert.equal((await p.textContent("h1")).trim(), commitmentTitle);
  await p.goto(taskUrl);
  await back.first().click();
  await p.waitForURL(commitmentUrl);
  assert.deepEqual(p.errors, [], "no script error or failed request");
  ok(`coverage → ${label} → task → ${agencyName} → back → back, and task → commitment by its link`);

  // ----- phone width --------------------------------------------------------------------------
  const phone = await newPage(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
  const wide = [];
  for (const path of pages) {
    await phone.goto(site + path);
    const w = await phone.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    if (w[0] > w[1]) wide.push(`${path} (${w[0]} px)`);
  }
  assert.deepEqual(wide, [], "cascade pages wider than a 360 px phone");
  ok(`${pages.length} cascade pages: no sideways scroll at 360 px`);

  // ----- axe-core -----------------------------------------------------------------------------
  const a11y = await newPage(browser, { viewport: DESKTOP, bypassCSP: true });
  const violations = [];
  for (const path of pages) {
    await a11y.goto(site + path);
    const found = await axe(a11y);
    assert.ok(found.passes >= 5, `${path}: axe ran only ${found.passes} passing rules`);
    for (const v of found.violations) violations.push(`${path}: ${v}`);
  }
  assert.deepEqual(violations, [], "axe-core violations");
  ok(`axe-core, WCAG 2.1 A+AA: ${pages.length} cascade pages in both languages, 0 violations`);
});
