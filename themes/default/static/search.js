// The search page's script (camket). It runs Pagefind's search API, `pagefind/pagefind.js`
// written by `camket build`, on the index of the page's language (Pagefind picks it from
// <html lang>). UI strings come from the page's data-* attributes; results and excerpts are
// built as DOM nodes, never as HTML. An external file by design: the site allows no inline
// script. A classic script (not a module), so that it still runs when the site is opened as
// files (file://), where it can only say that search needs a web server.
"use strict";

(function () {
  const FILTERS = ["kind", "topic", "agency", "group", "year", "status"];
  const PAGE_SIZE = 10;
  const SCRIPT_URL = document.currentScript ? document.currentScript.src : location.href;

  const root = document.getElementById("search");
  if (root) start(root);

  async function start(root) {
    const ui = root.dataset;
    const form = root.querySelector(".search-form");
    const input = root.querySelector("#search-q");
    const fieldset = root.querySelector(".search-filters");
    const status = root.querySelector(".search-status");
    const list = root.querySelector(".search-results");
    const more = root.querySelector(".search-more");

    // The note for browsers without JavaScript, shown by default, is not for this one.
    root.querySelector(".search-needs-js").hidden = true;
    if (location.protocol === "file:") {
      root.querySelector(".search-needs-server").hidden = false;
      return;
    }

    status.textContent = ui.loading;
    let pagefind;
    try {
      // A large site's index is in shards (camket's search module): `pagefind/` holds the
      // first shard of each language and Pagefind's scripts, `pagefind/shard-K/` the others,
      // and camket-shards.json their number per language. The others are merged into the
      // first with Pagefind's mergeIndex: one search over all, filter counts added up.
      const bundle = new URL("../pagefind/", SCRIPT_URL);
      const [module, shards] = await Promise.all([
        import(new URL("pagefind.js", bundle).href),
        fetch(new URL("camket-shards.json", bundle))
          .then((r) => (r.ok ? r.json() : {}))
          .catch(() => ({})),
      ]);
      pagefind = module;
      // A number typed (task "V.9", document "71-NQ/TW") finds its own record first.
      // Tasks and indicators before projects, and these before agencies and documents: their
      // titles are also in the hidden fields `primary` and `secondary` (camket's search
      // records), weighted here.
      const options = {
        excerptLength: 30,
        ranking: { metaWeights: { title: 5, number: 20 } },
      };
      await pagefind.options(options);
      await pagefind.init();
      const count = shards[(document.documentElement.lang || "").toLowerCase()] || 1;
      const merges = [];
      for (let k = 1; k < count; k++) {
        merges.push(pagefind.mergeIndex(new URL(`shard-${k}/`, bundle).pathname, options));
      }
      await Promise.all(merges);
    } catch (e) {
      status.textContent = ui.failed;
      return;
    }
    let available = {};
    try {
      available = (await pagefind.filters()) || {};
    } catch (e) {
      status.textContent = ui.failed;
      return;
    }
    status.textContent = "";
    form.hidden = false;

    // One select per filter that the index has, values in the language's order.
    const collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true });
    const selects = {};
    for (const key of FILTERS) {
      const values = available[key];
      if (!values || Object.keys(values).length === 0) continue;
      const wrap = document.createElement("div");
      wrap.className = "search-filter";
      const label = document.createElement("label");
      label.htmlFor = "search-filter-" + key;
      label.textContent = ui["filter" + key[0].toUpperCase() + key.slice(1)] || key;
      const select = document.createElement("select");
      select.id = "search-filter-" + key;
      select.name = key;
      select.append(new Option(ui.all, ""));
      for (const value of Object.keys(values).sort(collator.compare)) {
        select.append(new Option(value, value));
      }
      select.addEventListener("change", () => run());
      wrap.append(label, select);
      fieldset.append(wrap);
      selects[key] = select;
    }
    fieldset.hidden = Object.keys(selects).length === 0;
    showCounts(available);

    // Shows "value (count)" in each filter; counts of the current results, or of everything.
    function showCounts(counts) {
      for (const [key, select] of Object.entries(selects)) {
        for (const option of select.options) {
          if (!option.value) continue;
          const n = (counts[key] && counts[key][option.value]) || 0;
          option.textContent = `${option.value} (${n})`;
        }
      }
    }

    let searchId = 0;
    let results = [];
    let shown = 0;
    let query = "";

    async function run() {
      const id = ++searchId;
      // For tests and styling: "searching" until the first results of this search are shown.
      root.dataset.state = "searching";
      query = input.value.trim();
      const filters = {};
      for (const [key, select] of Object.entries(selects)) {
        if (select.value) filters[key] = select.value;
      }
      const url = new URL(location.href);
      if (query) url.searchParams.set("q", query);
      else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      if (!query && Object.keys(filters).length === 0) {
        results = [];
        list.replaceChildren();
        more.hidden = true;
        status.textContent = "";
        showCounts(available);
        root.dataset.state = "done";
        return;
      }
      let response;
      try {
        response = await pagefind.search(query || null, { filters });
      } catch (e) {
        if (id === searchId) {
          status.textContent = ui.failed;
          root.dataset.state = "done";
        }
        return;
      }
      if (id !== searchId || !response) return;
      results = await rerank(response.results, filters);
      if (id !== searchId) return;
      shown = 0;
      list.replaceChildren();
      status.textContent =
        results.length === 0
          ? ui.none
          : results.length === 1
            ? ui.one
            : ui.results.replace("{n}", String(results.length));
      showCounts(response.filters || {});
      await showMore(id);
    }

    // Ranking, on top of Pagefind's score: what citizens look for first. A record holding the
    // words typed together, in that order, counts PHRASE times its score (Vietnamese words are
    // often two syllables or more, "phòng học", "cơ sở vật chất", and Pagefind matches each
    // syllable on its own; its quoted search finds the phrase); a task or an indicator (the
    // kinds named in data-first-kinds) FIRST times, before agencies and sections of documents;
    // a record of a topic whose name holds the words typed together (folded: "truong hoc" as
    // "trường học"; data-topics lists the names) TOPIC times: "trường học" finds the
    // school-buildings tasks through their topic, "Cơ sở vật chất trường học", even where their
    // own text says "trường mầm non". Only for two words or more: one syllable ("học") is in
    // several names and would lift them all. Ties keep Pagefind's order.
    const PHRASE = 3;
    const FIRST = 3;
    const TOPIC = 3;
    const firstKinds = (ui.firstKinds || "").split("|").filter(Boolean);
    let topics = [];
    try {
      topics = JSON.parse(ui.topics || "[]").map((title) => ({ title, words: ` ${foldAll(title)} ` }));
    } catch (e) {
      topics = [];
    }
    async function rerank(all, filters) {
      const words = query.split(/\s+/).filter(Boolean);
      if (all.length < 2 || words.length === 0) return all;
      const ids = async (q, f) => {
        try {
          const r = await pagefind.search(q, { filters: f });
          return new Set(((r && r.results) || []).map((x) => x.id));
        } catch (e) {
          return new Set();
        }
      };
      const phrase = ` ${foldAll(words.join(" "))} `;
      const ofTopics = words.length > 1 && !filters.topic
        ? topics.filter((t) => t.words.includes(phrase)).map((t) => t.title)
        : [];
      const [together, first, topical] = await Promise.all([
        words.length > 1 && !/["“”]/.test(query) ? ids(`"${words.join(" ")}"`, filters) : new Set(),
        firstKinds.length && !filters.kind
          ? ids(query, { ...filters, kind: { any: firstKinds } })
          : new Set(),
        ofTopics.length ? ids(query, { ...filters, topic: { any: ofTopics } }) : new Set(),
      ]);
      const score = (r) =>
        r.score *
        (together.has(r.id) ? PHRASE : 1) *
        (first.has(r.id) ? FIRST : 1) *
        (topical.has(r.id) ? TOPIC : 1);
      return all
        .map((r, i) => ({ r, i, s: score(r) }))
        .sort((a, b) => b.s - a.s || a.i - b.i)
        .map((x) => x.r);
    }

    async function showMore(id) {
      const next = results.slice(shown, shown + PAGE_SIZE);
      const data = await Promise.all(next.map((r) => r.data()));
      if (id !== searchId) return;
      const terms = new Set(query.split(/\s+/).map(fold).filter(Boolean));
      for (const d of data) list.append(resultItem(d, terms));
      shown += next.length;
      more.hidden = shown >= results.length;
      root.dataset.state = "done";
    }

    let timer;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(run, 200);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearTimeout(timer);
      run();
    });
    more.addEventListener("click", () => showMore(searchId));

    const initial = new URLSearchParams(location.search).get("q");
    if (initial) {
      input.value = initial;
      run();
    }
  }

  function resultItem(d, terms) {
    const li = document.createElement("li");
    li.className = "search-result";
    const kind = d.filters && d.filters.kind && d.filters.kind[0];
    if (kind) {
      const p = document.createElement("p");
      p.className = "search-kind";
      p.textContent = kind;
      li.append(p);
    }
    const h = document.createElement("h2");
    const a = document.createElement("a");
    a.href = d.url;
    a.textContent = (d.meta && d.meta.title) || d.url;
    h.append(a);
    li.append(h);
    const p = document.createElement("p");
    p.className = "search-excerpt";
    appendExcerpt(p, d.excerpt, terms);
    li.append(p);
    return li;
  }

  // Pagefind's excerpt is the record's text with < and > escaped and the matched words in
  // <mark>…</mark>: rebuilt here as text nodes and <mark> elements. Pagefind does not mark a
  // word matched through its folded form ("dao" for "đào"): such words are marked here.
  function appendExcerpt(el, excerpt, terms) {
    const parts = String(excerpt || "").split(/<(\/?)mark>/);
    let marked = false;
    parts.forEach((part, i) => {
      if (i % 2 === 1) {
        marked = part === "";
        return;
      }
      const text = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      if (!text) return;
      if (marked) {
        el.append(mark(text));
        return;
      }
      for (const piece of text.split(/(\s+)/)) {
        const core = piece.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
        if (core && terms.has(fold(core))) el.append(mark(piece));
        else el.append(piece);
      }
    });
  }

  function mark(text) {
    const m = document.createElement("mark");
    m.textContent = text;
    return m;
  }

  // Vietnamese without marks, as camket indexes it: "Đào" → "dao".
  function fold(word) {
    return word.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  // A text folded word by word, punctuation dropped, one space between words.
  function foldAll(text) {
    return String(text)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .map(fold)
      .join(" ");
  }
})();
