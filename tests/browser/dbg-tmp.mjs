import { newPage, run } from "./lib.mjs";
const Q = ["giao duc","trường mầm non","cơ sở vật chất","340-NQ/TW","đề án","dao tao","ngân sách","chuyển đổi số","y tế","I.1"];
async function top(browser, site, n) {
  const page = await newPage(browser);
  await page.goto(site + "vi/tim-kiem/index.html");
  await page.waitForSelector(".search-form:not([hidden])", { timeout: 60000 });
  const out = {};
  for (const q of Q) {
    out[q] = await page.evaluate(async ([site, q, n]) => {
      const pf = await import(site + "pagefind/pagefind.js");
      await pf.options({ excerptLength: 30, ranking: { metaWeights: { title: 5, number: 20 } } });
      const r = await pf.search(q);
      const d = await Promise.all(r.results.slice(0, n).map(async (x) => ({ s: x.score, u: (await x.data()).url })));
      return { total: r.results.length, d };
    }, [site, q, n]);
  }
  return out;
}
await run(async (b) => {
  const A = await top(b, "http://127.0.0.1:8734/one/", 400);
  const B = await top(b, "http://127.0.0.1:8734/sharded/", 10);
  for (const q of Q) {
    const rank = new Map(A[q].d.map((x, i) => [x.u.replace("/one/", "/"), [i, x.s]]));
    const tenth = A[q].d[Math.min(9, A[q].d.length - 1)].s;
    const row = B[q].d.map((x) => { const r = rank.get(x.u.replace("/sharded/", "/")); return r ? `${r[0]}:${(r[1]/tenth).toFixed(3)}` : "miss"; });
    console.log(q, A[q].total, B[q].total, "top1", A[q].d[0].s.toFixed(2), "10th", tenth.toFixed(2), row.join(" "));
  }
});
