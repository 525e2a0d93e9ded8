//! Stage 4b, `search`: the site's search index, built in-process with Pagefind.
//!
//! Input: the [`LinkedSite`], the [`Theme`] (for localised filter values) and the render
//! options (for the URL form). Output: [`SearchIndex`]: the Pagefind bundle as output files
//! under `pagefind/` (one index per language, `vi` and `en`; the browser loads only the index
//! of the page's `<html lang>`), plus the number of records per language.
//!
//! Every record page of a language becomes one search record (tasks, indicators, projects,
//! agencies, documents, pages, the budget and the glossary); a hosted document text becomes one
//! record per section, linked to the section's anchor. Records are built from the model, not
//! from the rendered HTML, so that each record holds only its own text and the filters are
//! exact: kind, lead agency, solution group, deadline year, status (each only where it applies).
//!
//! Tone marks: Pagefind itself indexes a word with tone marks under its unmarked form and keeps
//! the marked form as a variant that ranks first for a query typed with the same marks
//! ("ke hoach" finds "kế hoạch"; "kế hoạch" ranks "kế hoạch" above "ke hoach"). It cannot map `đ`
//! to `d` (đ is a letter of its own in Unicode, not d with a mark), so each record also carries
//! a hidden metadata field `folded` with the fully folded form of its words containing đ/Đ
//! ("đào" → "dao"); metadata fields are searched too, so "dao tao" finds "đào tạo".
//!
//! Guarantee: records are added in a fixed order and Pagefind's output depends only on them, so
//! two builds give byte-identical files; no network, no separate command.

use std::collections::{BTreeMap, BTreeSet};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::link::{LParty, LinkedSite};
use crate::model::{Date, Lang, Markdown, Text};
use crate::render::{Formatter, OutputFile, RenderOptions, Route, Section as Sec};
use crate::strings::fold;
use crate::theme::Theme;

/// The folder of the Pagefind bundle in the output.
pub const BUNDLE_DIR: &str = "pagefind";

/// At most this many fragment files per language.
pub const MAX_FRAGMENT_FILES: u32 = 64;

/// One search record: a page, or a section of a hosted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRecord {
    /// Language of the record's index.
    pub lang: Lang,
    /// URL from the site root, starting with `/` (Pagefind prefixes the site's base path).
    pub url: String,
    /// Title shown in the results (and weighted in ranking).
    pub title: String,
    /// The text searched and quoted in excerpts.
    pub content: String,
    /// The record's number (task "V.9", document "71-NQ/TW"…), if any: a hidden metadata field
    /// that the search page weights high, so that a number finds its own record first.
    pub number: Option<String>,
    /// Filter name (`kind`, `agency`, `group`, `year`, `status`) → values.
    pub filters: BTreeMap<String, Vec<String>>,
}

impl SearchRecord {
    /// The hidden `folded` metadata: every word of title and content that holds `đ`/`Đ`, with
    /// all marks removed, each once, sorted.
    pub fn folded(&self) -> String {
        let words: BTreeSet<String> = self
            .title
            .split_whitespace()
            .chain(self.content.split_whitespace())
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| w.contains(['đ', 'Đ']))
            .map(|w| fold(w).to_lowercase())
            .collect();
        words.into_iter().collect::<Vec<_>>().join(" ")
    }
}

/// The built index.
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// The Pagefind files, paths under [`BUNDLE_DIR`].
    pub files: Vec<OutputFile>,
    /// Records indexed per language.
    pub records: BTreeMap<Lang, usize>,
}

/// Pagefind files the site does not use (the stock UIs and the playground): the search page
/// has its own small script on Pagefind's search API.
fn wanted(path: &str) -> bool {
    !(path.starts_with("pagefind-ui.")
        || path.starts_with("pagefind-modular-ui.")
        || path.starts_with("pagefind-component-ui.")
        || path.starts_with("pagefind-highlight.")
        || path.starts_with("playground/"))
}

/// Builds the search index of both languages.
pub fn index(
    site: &LinkedSite,
    theme: &Theme,
    opts: &RenderOptions,
) -> Result<SearchIndex, String> {
    let records = records(site, theme, opts);
    let mut counts: BTreeMap<Lang, usize> = BTreeMap::new();
    for r in &records {
        *counts.entry(r.lang).or_default() += 1;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("search index: cannot start the indexer: {e}"))?;
    let files = runtime
        .block_on(pagefind_files(records, ONE_INDEX_UP_TO))
        .map_err(|e| format!("search index: {e}"))?;
    let mut out: Vec<OutputFile> = files
        .into_iter()
        .filter_map(|(path, bytes)| {
            wanted(&path).then(|| OutputFile {
                path: format!("{BUNDLE_DIR}/{path}"),
                bytes,
                kind: "search index",
                lang: None,
            })
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(SearchIndex {
        files: out,
        records: counts,
    })
}

/// Runs Pagefind over the records; returns (path in the bundle, bytes).
///
/// For a large site, one Pagefind index per language, built one after the other (a small
/// one, up to [`ONE_INDEX_UP_TO`] records, gets one index): Pagefind keeps every word
/// position of every record it was given until it writes the bundle, so indexing the
/// languages separately halves the memory it needs at once (and the time of its per-record
/// lookups, which grow with the number of records). The files of each language are exactly
/// those a single index of both would write; the files common to all languages are taken
/// once, and `pagefind-entry.json`, which lists the languages, is merged.
async fn pagefind_files(
    records: Vec<SearchRecord>,
    one_index_up_to: usize,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    if records.len() <= one_index_up_to {
        // Small: one index for both (the same files, without doing Pagefind's common work,
        // such as minifying its scripts, twice).
        return pagefind_language(records).await;
    }
    let mut by_lang: BTreeMap<Lang, Vec<SearchRecord>> = BTreeMap::new();
    for r in records {
        by_lang.entry(r.lang).or_default().push(r);
    }
    if by_lang.is_empty() {
        // No records: Pagefind's bundle without a language (the script still loads).
        return pagefind_language(Vec::new()).await;
    }
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut entry: Option<Entry> = None;
    for (_, records) in by_lang {
        for (path, bytes) in pagefind_language(records).await? {
            if path == ENTRY_FILE {
                let e: Entry = serde_json::from_slice(&bytes)
                    .map_err(|e| format!("unexpected {ENTRY_FILE}: {e}"))?;
                match &mut entry {
                    Some(all) => all.languages.extend(e.languages),
                    None => entry = Some(e),
                }
            } else {
                files.insert(path, bytes);
            }
        }
    }
    if let Some(e) = entry {
        let bytes = serde_json::to_vec(&e).map_err(|e| e.to_string())?;
        files.insert(ENTRY_FILE.to_owned(), bytes);
    }
    Ok(files.into_iter().collect())
}

/// Up to this many records (both languages), one Pagefind index takes them all; above, one
/// per language, one after the other (about 100 KB of Pagefind's memory per record: 10,000
/// tasks make 27,600 records).
const ONE_INDEX_UP_TO: usize = 5_000;

/// Pagefind's list of the languages of a bundle.
const ENTRY_FILE: &str = "pagefind-entry.json";

/// `pagefind-entry.json`, field for field and in Pagefind's order, so that the merged file is
/// byte for byte the one Pagefind writes for all languages at once.
#[derive(serde::Serialize, serde::Deserialize)]
struct Entry {
    version: String,
    languages: BTreeMap<String, EntryLanguage>,
    include_characters: Vec<char>,
}

/// One language of `pagefind-entry.json`.
#[derive(serde::Serialize, serde::Deserialize)]
struct EntryLanguage {
    hash: String,
    wasm: Option<String>,
    page_count: usize,
}

/// The Pagefind bundle of some records (one language's, or all).
async fn pagefind_language(records: Vec<SearchRecord>) -> Result<Vec<(String, Vec<u8>)>, String> {
    // Fragments (a record's text, fetched per result shown) bundled into at most 64 files per
    // language instead of one file per record: 6 records a file on the real site, so a site
    // of a few hundred files more rather than a thousand, at a few KiB more per fetch.
    let config = PagefindServiceConfig::builder()
        .keep_index_url(true)
        .max_fragments(MAX_FRAGMENT_FILES)
        .build();
    let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
    for r in records {
        let folded = r.folded();
        let mut meta = BTreeMap::from([("title".to_owned(), r.title)]);
        if !folded.is_empty() {
            meta.insert("folded".to_owned(), folded);
        }
        if let Some(n) = r.number {
            // With its folded form too: "2811/QD-BGDDT" finds "2811/QĐ-BGDĐT".
            let f = fold(&n);
            let value = if f == n { n } else { format!("{n} {f}") };
            meta.insert("number".to_owned(), value);
        }
        index
            .add_custom_record(
                r.url,
                r.content,
                r.lang.code().to_owned(),
                Some(meta),
                Some(r.filters),
                None,
            )
            .await
            .map_err(|e| e.to_string())?;
    }
    let files = index.get_files().await.map_err(|e| e.to_string())?;
    Ok(files
        .into_iter()
        .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
        .collect())
}

// ----- records ---------------------------------------------------------------------------

/// Every search record of both languages, in a fixed order.
pub fn records(site: &LinkedSite, theme: &Theme, opts: &RenderOptions) -> Vec<SearchRecord> {
    let fmt = Formatter::new();
    let mut out = Vec::new();
    for lang in Lang::ALL {
        let r = Recorder {
            site,
            theme,
            fmt: &fmt,
            pretty: opts.base_url.is_some(),
            lang,
        };
        r.all(&mut out);
    }
    // Pagefind drops a record without words (an empty glossary): so do the counts.
    out.retain(|r| !r.content.is_empty());
    out
}

/// Builds the records of one language.
struct Recorder<'a> {
    site: &'a LinkedSite,
    theme: &'a Theme,
    fmt: &'a Formatter,
    pretty: bool,
    lang: Lang,
}

/// Collects the text of a record, one field after another.
#[derive(Default)]
struct Content(Vec<String>);

impl Content {
    fn push(&mut self, s: impl AsRef<str>) {
        let s = s.as_ref().trim();
        if !s.is_empty() {
            self.0.push(s.to_owned());
        }
    }
    /// The fields, separated by a middle dot so that excerpts read as separate fields.
    fn text(self) -> String {
        self.0.join(" · ")
    }
}

impl Recorder<'_> {
    fn ui(&self, key: &str) -> String {
        self.theme.ui(self.lang, key).to_owned()
    }

    fn t<'t>(&self, t: &'t Text) -> &'t str {
        t.get(self.lang).0
    }

    fn url(&self, route: &Route) -> String {
        let path = route.path();
        if self.pretty {
            format!("/{}", path.strip_suffix("index.html").unwrap_or(&path))
        } else {
            format!("/{path}")
        }
    }

    fn record(
        &self,
        route: &Route,
        anchor: Option<&str>,
        kind: &str,
        title: String,
        content: Content,
    ) -> SearchRecord {
        let mut url = self.url(route);
        if let Some(a) = anchor {
            url.push('#');
            url.push_str(a);
        }
        SearchRecord {
            lang: self.lang,
            url,
            title,
            content: content.text(),
            number: None,
            filters: BTreeMap::from([("kind".to_owned(), vec![self.ui(kind)])]),
        }
    }

    fn party_name(&self, p: &LParty) -> String {
        match p {
            LParty::Agency(a) => self.t(&self.site.site.agencies[*a].name).to_owned(),
            LParty::Text(t, _) => self.t(t).to_owned(),
        }
    }

    /// Agencies a list of parties stands for (by name in this language), for the filter.
    fn agencies(&self, ps: &[LParty]) -> Vec<String> {
        let names: BTreeSet<String> = ps
            .iter()
            .filter_map(|p| match p {
                LParty::Agency(a) | LParty::Text(_, Some(a)) => Some(*a),
                LParty::Text(_, None) => None,
            })
            .map(|a| self.t(&self.site.site.agencies[a].name).to_owned())
            .collect();
        names.into_iter().collect()
    }

    fn doc_label(&self, di: usize) -> String {
        let d = &self.site.site.documents[di];
        let ty = self.ui(&format!("doctype_{}", d.doc_type.key()));
        match (&d.number, &d.title) {
            (Some(n), _) => format!("{ty} {n}"),
            (None, Some(t)) => self.t(t).to_owned(),
            (None, None) => ty,
        }
    }

    fn date(&self, d: Date) -> String {
        self.fmt.date(self.lang, d)
    }

    fn all(&self, out: &mut Vec<SearchRecord>) {
        let s = self.site;
        for &ti in &s.tasks_in_order {
            out.push(self.task(ti));
        }
        for oi in 0..s.site.objectives.len() {
            out.push(self.objective(oi));
        }
        for pi in 0..s.site.projects.len() {
            out.push(self.project(pi));
        }
        for ai in 0..s.site.agencies.len() {
            out.push(self.agency(ai));
        }
        for &di in &s.documents_in_order {
            self.document(di, out);
        }
        for pi in 0..s.site.pages.len() {
            self.page(pi, out);
        }
        out.push(self.budget());
        out.push(self.glossary());
    }

    fn task(&self, ti: usize) -> SearchRecord {
        let s = self.site;
        let t = &s.site.tasks[ti];
        let l = &s.tasks[ti];
        let route = Route::Record(self.lang, Sec::Tasks, t.id.clone());
        let mut c = Content::default();
        c.push(&t.number);
        c.push(self.t(&t.title));
        for p in l.lead.iter().chain(&l.coordinators) {
            c.push(self.party_name(p));
        }
        if let Some(r) = &t.result {
            c.push(self.t(r));
        }
        if let Some(d) = &t.deadline {
            c.push(self.t(&d.text));
        }
        for b in &l.basis {
            c.push(self.doc_label(b.document));
            if let Some(a) = &b.as_written {
                c.push(a);
            }
        }
        if let Some(m) = &t.budget {
            if let Some(a) = &m.as_written {
                c.push(a);
            }
            if let Some(f) = &m.funding {
                c.push(self.t(f));
            }
        }
        for r in &t.reports {
            if let Some(n) = &r.note {
                c.push(self.t(n));
            }
        }
        for n in &t.notes {
            c.push(self.t(&n.text));
        }
        let title = format!("{} {}", t.number, self.t(&t.title));
        let mut rec = self.record(&route, None, "search_kind_task", title, c);
        rec.number = Some(t.number.clone());
        let g = &s.site.groups[l.group];
        rec.filters.insert(
            "group".into(),
            vec![format!("{}. {}", g.number, self.t(&g.title))],
        );
        let agencies = self.agencies(&l.lead);
        if !agencies.is_empty() {
            rec.filters.insert("agency".into(), agencies);
        }
        if let Some(y) = t.deadline.as_ref().and_then(|d| d.year()) {
            rec.filters.insert("year".into(), vec![y.to_string()]);
        }
        rec.filters
            .insert("status".into(), vec![self.ui(l.status.ui_key())]);
        rec
    }

    fn objective(&self, oi: usize) -> SearchRecord {
        let s = self.site;
        let o = &s.site.objectives[oi];
        let l = &s.objectives[oi];
        let route = Route::Record(self.lang, Sec::Objectives, o.id.clone());
        let mut c = Content::default();
        c.push(&o.number);
        c.push(self.t(&o.title));
        if let Some(u) = &o.unit {
            c.push(self.t(u));
        }
        if let Some(t) = &o.target {
            c.push(self.t(&t.text));
        }
        for p in &o.parts {
            c.push(self.t(&p.title));
            if let Some(t) = &p.target {
                c.push(self.t(&t.text));
            }
        }
        for p in l.lead.iter().chain(&l.coordinators) {
            c.push(self.party_name(p));
        }
        for n in &o.notes {
            c.push(self.t(&n.text));
        }
        let title = format!("{} {}", o.number, self.t(&o.title));
        let mut rec = self.record(&route, None, "search_kind_objective", title, c);
        rec.number = Some(o.number.clone());
        let agencies = self.agencies(&l.lead);
        if !agencies.is_empty() {
            rec.filters.insert("agency".into(), agencies);
        }
        rec.filters
            .insert("year".into(), vec![o.horizon.to_string()]);
        rec
    }

    fn project(&self, pi: usize) -> SearchRecord {
        let s = self.site;
        let p = &s.site.projects[pi];
        let l = &s.projects[pi];
        let route = Route::Record(self.lang, Sec::Projects, p.id.clone());
        let mut c = Content::default();
        c.push(&p.number);
        c.push(self.t(&p.title));
        for party in &l.lead {
            c.push(self.party_name(party));
        }
        if let Some(m) = &p.budget {
            if let Some(a) = &m.as_written {
                c.push(a);
            }
            if let Some(f) = &m.funding {
                c.push(self.t(f));
            }
        }
        for n in &p.notes {
            c.push(self.t(&n.text));
        }
        let title = self.t(&p.title).to_owned();
        let mut rec = self.record(&route, None, "search_kind_project", title, c);
        rec.number = Some(p.number.clone());
        let agencies = self.agencies(&l.lead);
        if !agencies.is_empty() {
            rec.filters.insert("agency".into(), agencies);
        }
        rec
    }

    fn agency(&self, ai: usize) -> SearchRecord {
        let a = &self.site.site.agencies[ai];
        let route = Route::Record(self.lang, Sec::Agencies, a.id.clone());
        let mut c = Content::default();
        c.push(self.t(&a.name));
        if let Some(sn) = &a.short_name {
            c.push(self.t(sn));
        }
        for al in &a.aliases {
            c.push(al);
        }
        c.push(self.ui(&format!("agency_kind_{}", a.kind.key())));
        for d in &a.duties {
            c.push(&d.label);
            c.push(self.t(&d.text));
        }
        for n in &a.notes {
            c.push(self.t(&n.text));
        }
        let title = self.t(&a.name).to_owned();
        self.record(&route, None, "search_kind_agency", title, c)
    }

    fn document(&self, di: usize, out: &mut Vec<SearchRecord>) {
        let d = &self.site.site.documents[di];
        let route = Route::Record(self.lang, Sec::Documents, d.id.clone());
        let label = self.doc_label(di);
        let mut c = Content::default();
        c.push(&label);
        for a in &d.aliases {
            c.push(a);
        }
        if let Some(t) = &d.title {
            c.push(self.t(t));
        }
        if let Some(i) = &d.issuer {
            c.push(self.t(i));
        }
        if let Some(date) = d.date {
            c.push(self.date(date));
        }
        if let Some(v) = &d.validity {
            c.push(self.t(v));
        }
        for n in &d.notes {
            c.push(self.t(&n.text));
        }
        let text = match self.lang {
            Lang::En => d.text.en.as_ref().or(d.text.vi.as_ref()),
            Lang::Vi => d.text.vi.as_ref(),
        };
        let mut secs = text.map(sections).unwrap_or_default();
        // The text before the first heading belongs to the document's own record.
        if secs.first().is_some_and(|s| s.anchor.is_none()) {
            c.push(secs.remove(0).text);
        }
        let title = match &d.title {
            Some(t) if d.number.is_some() => format!("{label}: {}", self.t(t)),
            _ => label.clone(),
        };
        let mut rec = self.record(&route, None, "search_kind_document", title, c);
        rec.number = d.number.clone();
        out.push(rec);
        for sec in secs {
            let mut c = Content::default();
            c.push(&sec.heading);
            c.push(&sec.text);
            let title = format!("{label} — {}", sec.heading);
            out.push(self.record(
                &route,
                sec.anchor.as_deref(),
                "search_kind_document_text",
                title,
                c,
            ));
        }
    }

    fn page(&self, pi: usize, out: &mut Vec<SearchRecord>) {
        let p = &self.site.site.pages[pi];
        let route = Route::Record(self.lang, Sec::Pages, p.id.clone());
        let md = match (self.lang, &p.en) {
            (Lang::En, Some(en)) => en,
            _ => &p.vi,
        };
        let title = md.title.clone().unwrap_or_default();
        let mut c = Content::default();
        for s in sections(md) {
            c.push(&s.heading);
            c.push(&s.text);
        }
        out.push(self.record(&route, None, "search_kind_page", title, c));
    }

    fn budget(&self) -> SearchRecord {
        let s = self.site;
        let route = Route::List(self.lang, Sec::Budget);
        let mut c = Content::default();
        for b in &s.site.budget {
            c.push(self.t(&b.title));
            if let Some(a) = &b.as_written {
                c.push(a);
            }
            for n in &b.notes {
                c.push(self.t(&n.text));
            }
        }
        self.record(&route, None, "search_kind_page", self.ui("nav_budget"), c)
    }

    fn glossary(&self) -> SearchRecord {
        let route = Route::List(self.lang, Sec::Glossary);
        let mut c = Content::default();
        for e in &self.site.site.glossary {
            c.push(&e.vi);
            c.push(&e.en);
            if let Some(n) = &e.note {
                c.push(n);
            }
        }
        self.record(&route, None, "search_kind_page", self.ui("nav_glossary"), c)
    }
}

// ----- hosted texts as plain text, by section ----------------------------------------------

/// A section of a hosted text: from one heading (h2–h4 with an id) to the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading's anchor; `None` for the text before the first heading.
    pub anchor: Option<String>,
    /// Heading text (empty before the first heading).
    pub heading: String,
    /// Plain text of the section's body.
    pub text: String,
}

/// Splits compiled markdown into sections at its headings, as plain text: tags removed,
/// entities decoded, citation marks and self-links (`#`, `§`) dropped.
pub fn sections(md: &Markdown) -> Vec<Section> {
    let mut out = vec![Section {
        anchor: None,
        heading: String::new(),
        text: String::new(),
    }];
    // Text since the last section or heading boundary.
    let mut buf = String::new();
    let mut in_heading = false;
    let mut in_self_link = false;
    let mut rest = md.html.as_str();
    loop {
        let (chunk, tag) = match rest.find('<') {
            Some(i) => {
                let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
                let parts = (&rest[..i], Some(&rest[i..end]));
                rest = &rest[end..];
                parts
            }
            None => (rest, None),
        };
        if !in_self_link {
            push_text(&mut buf, chunk);
        }
        let Some(tag) = tag else { break };
        let closing = tag.starts_with("</");
        match (tag_name(tag), closing) {
            ("h2" | "h3" | "h4", false) => {
                if let Some(id) = attr(tag, "id") {
                    if let Some(last) = out.last_mut() {
                        last.text = squash(&buf);
                    }
                    buf.clear();
                    out.push(Section {
                        anchor: Some(id.to_owned()),
                        heading: String::new(),
                        text: String::new(),
                    });
                    in_heading = true;
                }
            }
            ("h2" | "h3" | "h4", true) if in_heading => {
                if let Some(last) = out.last_mut() {
                    last.heading = squash(&buf);
                }
                buf.clear();
                in_heading = false;
            }
            ("a", false) => {
                in_self_link =
                    attr(tag, "class").is_some_and(|c| c.split(' ').any(|c| c == "self-link"));
            }
            ("a", true) => in_self_link = false,
            (
                "p" | "li" | "td" | "th" | "br" | "tr" | "div" | "blockquote" | "h1" | "h2" | "h3"
                | "h4" | "h5" | "h6",
                _,
            ) => buf.push(' '),
            _ => {}
        }
    }
    if let Some(last) = out.last_mut() {
        last.text = squash(&buf);
    }
    out.retain(|s| s.anchor.is_some() || !s.text.is_empty());
    out
}

/// Appends the text between two tags: citation marks removed, entities decoded.
fn push_text(out: &mut String, raw: &str) {
    use crate::model::{CITE_CLOSE, CITE_MID, CITE_OPEN};
    let mut rest = raw;
    // A mark is `OPEN index MID … CLOSE`: drop the marks and the index, keep the text.
    let mut kept = String::with_capacity(raw.len());
    while let Some(i) = rest.find(CITE_OPEN) {
        kept.push_str(&rest[..i]);
        rest = &rest[i + CITE_OPEN.len_utf8()..];
        if let Some(m) = rest.find(CITE_MID) {
            rest = &rest[m + CITE_MID.len_utf8()..];
        }
    }
    kept.push_str(rest);
    kept.retain(|c| c != CITE_CLOSE && c != CITE_MID);
    out.push_str(&decode_entities(&kept));
}

fn tag_name(tag: &str) -> &str {
    let t = tag.trim_start_matches('<').trim_start_matches('/');
    let end = t
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(t.len());
    &t[..end]
}

fn attr<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    let end = tag[i..].find('"')? + i;
    Some(&tag[i..end])
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::RenderOptions;

    fn minimal() -> (LinkedSite, Theme) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let (raw, _) = crate::load::load(&root).expect("fixture loads");
        let options = crate::validate::ValidateOptions { strict: false };
        let (site, _) = crate::validate::validate(&raw, options).expect("fixture is valid");
        let theme = crate::theme::load_theme(&root, "default").expect("theme loads");
        (crate::link::link(site), theme)
    }

    fn record<'r>(records: &'r [SearchRecord], lang: Lang, url: &str) -> &'r SearchRecord {
        records
            .iter()
            .find(|r| r.lang == lang && r.url == url)
            .unwrap_or_else(|| panic!("no record {url}"))
    }

    /// One index per language writes exactly the files of one index of both.
    #[test]
    fn languages_indexed_apart_give_the_same_bundle() {
        let (site, theme) = minimal();
        let records = records(&site, &theme, &RenderOptions::default());
        assert!(records.iter().any(|r| r.lang == Lang::En));
        let bundle = |up_to| {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .build()
                .expect("runtime");
            runtime
                .block_on(pagefind_files(records.clone(), up_to))
                .expect("indexed")
        };
        let mut together = bundle(usize::MAX);
        let mut apart = bundle(0);
        together.sort();
        apart.sort();
        assert!(together.iter().any(|(p, _)| p == ENTRY_FILE));
        assert_eq!(together, apart);
    }

    #[test]
    fn folded_holds_the_words_with_d_stroke_without_marks() {
        let r = SearchRecord {
            lang: Lang::Vi,
            url: "/x".into(),
            title: "Đào tạo giáo viên".into(),
            content: "Sở Giáo dục và Đào tạo; Quyết định 2811/QĐ-BGDĐT; đào tạo".into(),
            number: None,
            filters: BTreeMap::new(),
        };
        // "giáo", "dục" need no copy: Pagefind folds tone marks itself.
        assert_eq!(r.folded(), "2811/qd-bgddt dao dinh");
    }

    #[test]
    fn sections_split_a_hosted_text_at_its_headings() {
        let md = "# Tiêu đề\n\nLời mở &amp; đầu.\n\n## Điều 1. Phạm vi {#dieu-1}\n\nNội dung *điều* 1.\n\n### Khoản 2 {#k-2}\n\n- Một\n- Hai\n";
        let (md, issues) = crate::markdown::compile(md, "liên kết");
        assert!(issues.is_empty(), "{issues:?}");
        let s = sections(&md);
        assert_eq!(s.len(), 3, "{s:#?}");
        assert_eq!(s[0].anchor, None);
        assert_eq!(
            s[0].text, "Lời mở & đầu.",
            "the title (h1) is the page's, not text"
        );
        assert_eq!(s[1].anchor.as_deref(), Some("dieu-1"));
        assert_eq!(
            s[1].heading, "Điều 1. Phạm vi",
            "the self-link # is not text"
        );
        assert_eq!(s[1].text, "Nội dung điều 1.");
        assert_eq!(
            (s[2].heading.as_str(), s[2].text.as_str()),
            ("Khoản 2", "Một Hai")
        );
    }

    #[test]
    fn records_carry_the_filters_that_apply() {
        let (site, theme) = minimal();
        let records = records(&site, &theme, &RenderOptions::default());
        let vi = |k: &str| record(&records, Lang::Vi, k);
        let task = vi("/vi/nhiem-vu/xay-dung-ke-hoach/index.html");
        assert_eq!(task.title, "I.1 Xây dựng kế hoạch tuyên truyền");
        assert_eq!(task.number.as_deref(), Some("I.1"));
        let f = |r: &SearchRecord, k: &str| r.filters.get(k).cloned().unwrap_or_default();
        assert_eq!(f(task, "kind"), ["Nhiệm vụ"]);
        assert_eq!(f(task, "agency"), ["Sở Giáo dục và Đào tạo"]);
        assert_eq!(f(task, "year"), ["2025"]);
        assert_eq!(
            f(task, "status"),
            ["Đã quá hạn, chưa có báo cáo hoàn thành"]
        );
        assert!(
            f(task, "group")[0].starts_with("I. "),
            "{:?}",
            f(task, "group")
        );
        assert!(
            task.content.contains("Kế hoạch số 1/KH-UBND"),
            "basis as written"
        );
        assert!(
            task.content.contains("Phần nội dung ghi 21.000 tỷ đồng."),
            "notes"
        );
        // A recurring task has no deadline year; agencies and documents have no status.
        let recurring = vi("/vi/nhiem-vu/thuong-xuyen/index.html");
        assert!(!recurring.filters.contains_key("year"));
        let agency = vi("/vi/co-quan/so-giao-duc/index.html");
        assert_eq!(agency.filters.keys().collect::<Vec<_>>(), ["kind"]);
        let objective = vi("/vi/muc-tieu/ty-le-truong/index.html");
        assert_eq!(f(objective, "kind"), ["Chỉ tiêu"]);
        assert_eq!(f(objective, "year").len(), 1, "the indicator's horizon");
        // A hosted text's section is its own record, linked to its anchor.
        let section = vi("/vi/van-ban/ke-hoach-thu/index.html#dieu-1");
        assert_eq!(f(section, "kind"), ["Toàn văn văn bản"]);
        assert!(section.title.starts_with("Kế hoạch 1/KH-UBND — Điều 1"));
        // English: English labels and texts, the same records.
        let en = record(&records, Lang::En, "/en/tasks/xay-dung-ke-hoach/index.html");
        assert_eq!(f(en, "kind"), ["Task"]);
        assert_eq!(en.title, "I.1 Draw up a communication plan");
        let count = |l: Lang| records.iter().filter(|r| r.lang == l).count();
        assert_eq!(count(Lang::Vi), count(Lang::En));
        // With a base URL, URLs are pretty (no index.html).
        let opts = RenderOptions {
            base_url: Some("https://example.gov.vn/giao-duc/".into()),
        };
        let pretty = super::records(&site, &theme, &opts);
        assert!(
            pretty
                .iter()
                .any(|r| r.url == "/vi/nhiem-vu/xay-dung-ke-hoach/")
        );
    }
}
