// Layout checks that measure what a reader sees, used by site.mjs (and nothing else):
//   - no visible word renders across two lines (each word's Range.getClientRects() lie on one
//     line; tokens over 30 characters, such as URLs, are exempt; a break right after a hyphen,
//     dash or slash, which the text itself offers, is allowed: "double-|degree", "71-|NQ/TW");
//   - the page does not scroll sideways, nor does a table shown as stacked cards on a phone;
//   - every <text> of every chart SVG lies inside the SVG's box;
//   - a full-page screenshot of each page (a viewport one for a page opened at an anchor);
// in Chromium at 360 px (phone) and 1366 px (desktop); and the A4 agency report printed to PDF
// keeps every column header whole (pdftotext finds each header's text), and at A4 width no
// cell's text runs over the next column.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { newPage, ok } from "./lib.mjs";

export const PHONE = { width: 360, height: 740 };
export const WIDE = { width: 1366, height: 900 };

/**
 * Runs in the page: the words that render across two lines, the sideways overflow and the
 * chart texts outside their SVG.
 */
function measure() {
  const skip = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TITLE", "TEMPLATE"]);
  const split = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode(n) {
      for (let e = n.parentElement; e; e = e.parentElement) {
        if (skip.has(e.tagName) || e instanceof SVGElement) return NodeFilter.FILTER_REJECT;
      }
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  const range = document.createRange();
  let words = 0;
  let dashBreaks = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (const m of n.data.matchAll(/\S+/g)) {
      if ([...m[0]].length > 30) continue;
      range.setStart(n, m.index);
      range.setEnd(n, m.index + m[0].length);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
      if (!rects.length) continue; // not rendered (hidden, collapsed details)
      words++;
      rects.sort((a, b) => a.top - b.top);
      // Two rects are on different lines when they do not overlap vertically.
      let lines = 1;
      for (let i = 1; i < rects.length; i++) {
        if (rects[i].top >= rects[i - 1].bottom - 1) lines++;
      }
      if (lines > 1) {
        // Where it breaks: a "|" between the characters on different lines.
        let shown = "";
        let top = null;
        for (let i = 0; i < m[0].length; i++) {
          range.setStart(n, m.index + i);
          range.setEnd(n, m.index + i + 1);
          const r = range.getClientRects()[0];
          if (r && top !== null && r.top >= top + r.height / 2) shown += "|";
          if (r) top = r.top;
          shown += m[0][i];
        }
        // A break right after a hyphen, dash or slash is one the text itself offers
        // ("double-|degree", "71-|NQ/TW", "2026–|2030"), as in print; a break anywhere else cuts
        // a word in two.
        if ([...shown.matchAll(/\|/g)].every((b) => /[-‐–—\/]/.test(shown[b.index - 1]))) {
          dashBreaks++;
          continue;
        }
        const where = n.parentElement.closest("td, th, li, p, dd, dt, h1, h2, h3, h4, span, a");
        split.push(`“${shown}” on ${lines} lines (in <${where ? where.tagName.toLowerCase() : "?"}>)`);
      }
    }
  }
  const outside = [];
  for (const svg of document.querySelectorAll("svg")) {
    const box = svg.getBoundingClientRect();
    if (!box.width) continue;
    for (const t of svg.querySelectorAll("text")) {
      const r = t.getBoundingClientRect();
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
        outside.push(`“${t.textContent}” (${Math.round(r.left - box.left)}…${Math.round(r.right - box.left)} of ${Math.round(box.width)} px)`);
      }
    }
  }
  // A stacked table (cards on a phone) fits its column: it never needs its own scroll bar.
  const scrolled = [];
  if (window.innerWidth < 640) {
    for (const t of document.querySelectorAll("table.stack")) {
      const box = t.closest(".table-wrap") || t;
      if (box.scrollWidth > box.clientWidth + 1) scrolled.push(`${t.className} (${box.scrollWidth} px in ${box.clientWidth})`);
    }
  }
  return {
    split,
    scrolled,
    words,
    dashBreaks,
    charts: document.querySelectorAll("svg.chart").length,
    outside,
    scroll: [document.documentElement.scrollWidth, window.innerWidth],
    icon: !!document.querySelector('link[rel="icon"]'),
  };
}

/** A file name for the screenshot of `p` ("vi/co-quan/x/index.html#a" → "vi-co-quan-x-a"). */
function shotName(p) {
  return p.replace(/index\.html/, "").replace(/[/#.]+/g, "-").replace(/^-+|-+$/g, "") || "root";
}

/**
 * Checks every page of `pages` ([path, screenshot name or null]) at both widths; throws with
 * every failure found (page, width, word) at the end.
 */
export async function checkLayout(browser, site, pages, shots, prepare) {
  fs.mkdirSync(shots, { recursive: true });
  const failures = [];
  let words = 0;
  let dashBreaks = 0;
  let charts = 0;
  let n = 0;
  for (const [size, viewport, opts] of [
    ["phone", PHONE, { isMobile: true, hasTouch: true }],
    ["desktop", WIDE, {}],
  ]) {
    const page = await newPage(browser, { viewport, ...opts });
    if (prepare) await prepare(page);
    for (const [p, name] of pages) {
      await page.goto(site + p);
      await page.evaluate(() => document.fonts.ready);
      const r = await page.evaluate(measure);
      const at = `${p} at ${viewport.width} px`;
      for (const s of r.split.slice(0, 12)) failures.push(`${at}: word ${s}`);
      if (r.split.length > 12) failures.push(`${at}: … ${r.split.length - 12} more split words`);
      if (r.scroll[0] > r.scroll[1]) failures.push(`${at}: scrolls sideways (${r.scroll[0]} px wide)`);
      for (const t of r.scrolled) failures.push(`${at}: stacked table wider than its column: ${t}`);
      if (!r.icon) failures.push(`${at}: no <link rel="icon"> (the browser would ask for /favicon.ico)`);
      for (const o of r.outside) failures.push(`${at}: chart text outside its SVG: ${o}`);
      words += r.words;
      dashBreaks += r.dashBreaks;
      charts += r.charts;
      const anchored = p.includes("#");
      await page.screenshot({ path: `${shots}/${name || shotName(p)}-${size}.png`, fullPage: !anchored });
      n++;
    }
    for (const e of page.errors) failures.push(`${size}: ${e}`);
    await page.context().close();
  }
  if (failures.length) throw new Error(`layout: ${failures.length} problems\n  ${failures.join("\n  ")}`);
  ok(`layout at 360 and 1366 px, ${pages.length} pages: ${words} words each on one line (${dashBreaks} broken after a hyphen, dash or slash), no sideways scroll, ${charts} charts with every text inside; ${n} screenshots in ${shots}`);
}

/**
 * Prints each report page of `reports` to an A4 PDF and finds every column header of its
 * tables in the PDF's text (a clipped header loses its end).
 */
export async function checkPrint(browser, site, reports) {
  const page = await newPage(browser, { viewport: WIDE });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "camket-print-"));
  const missing = [];
  let headers = 0;
  for (const p of reports) {
    await page.goto(site + p);
    await page.emulateMedia({ media: "print" });
    const heads = await page.$$eval("main table thead th", (ths) =>
      ths.map((th) => th.textContent.replace(/\s+/g, " ").trim()),
    );
    // At the width of an A4 page less its margins (210 − 2 × 15 mm), no cell's text runs
    // out of its cell (over the next column).
    await page.setViewportSize({ width: 680, height: 1000 });
    const over = await page.$$eval("main table td, main table th", (cells) =>
      cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent.trim().slice(0, 60)),
    );
    for (const o of over) missing.push(`${p}: “${o}” runs out of its cell`);
    await page.setViewportSize(WIDE);
    const pdf = path.join(tmp, "report.pdf");
    await page.pdf({ path: pdf, format: "A4", printBackground: true });
    const text = execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", pdf, "-"], { encoding: "utf8" })
      .normalize("NFC")
      .replace(/\s+/g, " ");
    for (const h of new Set(heads)) {
      headers++;
      if (!text.includes(h.normalize("NFC"))) missing.push(`${p}: “${h}”`);
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  await page.context().close();
  if (missing.length) throw new Error(`A4 report: column headers not found whole in the PDF, or cells overflowing:\n  ${missing.join("\n  ")}`);
  ok(`A4 report printed to PDF: all ${headers} column headers of ${reports.length} reports found whole, no cell overflows at A4 width`);
}
