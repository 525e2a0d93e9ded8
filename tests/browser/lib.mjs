// Shared by the real-browser scripts: Debian's Chromium through playwright-core, one "ok - …"
// line per check, and a run() wrapper that prints the tally and sets the exit code.

import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

let checks = 0;
export function ok(what) {
  checks += 1;
  console.log(`ok - ${what}`);
}

/** Runs the checks in `body(browser)`; prints "N passed, 0 failed" or the first failure. */
export async function run(body) {
  const browser = await launch();
  try {
    await body(browser);
    console.log(`${checks} passed, 0 failed`);
  } catch (e) {
    console.error(`not ok - ${e.message}`);
    console.log(`${checks} passed, 1 failed`);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

/** A page in a new context; script errors and failed requests are collected on it. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(`script error: ${e.message}`));
  // Requests cut short by leaving the page (net::ERR_ABORTED) are not failures.
  page.on("requestfailed", (r) => {
    if (r.failure()?.errorText !== "net::ERR_ABORTED") {
      page.errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
    }
  });
  page.on("response", (r) => {
    if (r.status() >= 400) page.errors.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return page;
}

/** Runs axe-core (WCAG 2.1 A and AA) on the page as loaded (its context needs `bypassCSP`):
 * the number of rules that passed and one line per violation. */
export async function axe(page) {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return {
      passes: r.passes.length,
      violations: r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} × ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`),
    };
  });
}
