import { newPage, run } from "./lib.mjs";
const [site, out, ...pages] = process.argv.slice(2);
await run(async (b) => {
  for (const [w, h] of [[360, 740], [1366, 900]]) {
    const p = await newPage(b, { viewport: { width: w, height: h }, isMobile: w < 500, hasTouch: w < 500 });
    for (const pg of pages) {
      const [path, q] = pg.split("?q=");
      await p.goto(site + path + (q ? "?q=" + encodeURIComponent(q) : ""));
      if (q) { await p.waitForSelector(".search-results li", { timeout: 30000 }); }
      const info = await p.evaluate(() => {
        const hd = document.querySelector(".site-header").getBoundingClientRect();
        const r = document.querySelector(".search-results li");
        return { header: Math.round(hd.height), first: r ? Math.round(r.getBoundingClientRect().top) : null };
      });
      const name = pg.replace(/[^a-z0-9]+/gi, "-");
      console.log(w, pg, JSON.stringify(info));
      const H = await p.evaluate(() => document.documentElement.scrollHeight);
      for (let y = 0, k = 0; y < Math.min(H, 6000) && (!q || k < 1); y += 1400, k++) await p.screenshot({ path: `${out}/${name}-${w}-${k}.png`, fullPage: true, clip: { x: 0, y, width: w, height: Math.min(1400, H - y) } });
    }
    await p.context().close();
  }
});
