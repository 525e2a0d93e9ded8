//! The search records: every record page of a language as one [`SearchRecord`], built from
//! the linked model (not from the rendered HTML), and hosted texts by the plain-text sections
//! `markdown::compile` split them into.
//!
//! Input: the [`LinkedSite`], the [`Theme`] (localised filter values) and the render options
//! (the URL form). Output: the records of both languages, in a fixed order. Guarantee: the same
//! site gives the same records in the same order.

use std::collections::{BTreeMap, BTreeSet};

use super::SearchRecord;

mod cascade;
use crate::link::{LParty, LinkedSite};
use crate::model::{Date, Lang, Text, TextSection};
use crate::render::{Formatter, RenderOptions, Route, Section as Sec};
use crate::theme::Theme;

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
    /// The fields, separated by a middle dot so that excerpts read as separate fields, inside
    /// Pagefind's word-weight markers when the weight is not 1 (what `data-pagefind-weight`
    /// becomes in an HTML page; the markers are not part of the text shown).
    fn text(self, weight: f32) -> String {
        let text = self.0.join(" · ");
        if weight == 1.0 || text.is_empty() {
            text
        } else {
            format!("___PAGEFIND_WEIGHT___{weight} {text} ___END_PAGEFIND_WEIGHT___")
        }
    }
}

/// How much a kind of record's words count in ranking (Pagefind word weights; 1 is normal):
/// tasks, indicators and projects as they are; documents, agencies and sections of hosted
/// texts, whose many words match almost any query, below them, so that what citizens look for
/// comes first.
fn kind_weight(kind: &str) -> f32 {
    match kind {
        "search_kind_task" | "search_kind_objective" | "search_kind_project" => 1.0,
        "search_kind_document" => WEIGHT_DOCUMENT,
        "search_kind_agency" => WEIGHT_AGENCY,
        _ => WEIGHT_TEXT,
    }
}
const WEIGHT_DOCUMENT: f32 = 0.7;
const WEIGHT_AGENCY: f32 = 0.6;
const WEIGHT_TEXT: f32 = 0.5;

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
            content: content.text(kind_weight(kind)),
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

    /// The names of a record's topics, among its words: a topic's name is what a reader types
    /// ("cơ sở vật chất trường học") where the record's own text may not say it.
    fn topic_words(&self, c: &mut Content, ts: &[usize]) {
        for &k in ts {
            c.push(self.t(&self.site.site.topics[k].title));
        }
    }

    /// The `topic` filter of a record of topics `ts` (their titles in the language): the
    /// search page filters by it, and ranks a topic's records first when the words typed are
    /// the topic's own (search.js).
    fn topic_filter(&self, rec: &mut SearchRecord, ts: &[usize]) {
        if !ts.is_empty() {
            let titles = ts
                .iter()
                .map(|&k| self.t(&self.site.site.topics[k].title).to_owned());
            rec.filters.insert("topic".into(), titles.collect());
        }
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
        for k in 0..s.site.topics.len() {
            out.push(self.topic(k));
        }
        self.cascade(out);
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
        // What the task's budget lines say, and its projects' titles: the school-building task
        // is found by "phòng học", the classrooms its budget line builds.
        for &b in &l.budget {
            let b = &s.site.budget[b];
            c.push(self.t(&b.title));
            for n in &b.notes {
                c.push(self.t(&n.text));
            }
        }
        for &p in &l.projects {
            c.push(self.t(&s.site.projects[p].title));
        }
        let title = format!("{} {}", t.number, self.t(&t.title));
        self.topic_words(&mut c, &l.topics);
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
        self.topic_filter(&mut rec, &l.topics);
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
        self.topic_words(&mut c, &l.topics);
        let mut rec = self.record(&route, None, "search_kind_objective", title, c);
        rec.number = Some(o.number.clone());
        let agencies = self.agencies(&l.lead);
        if !agencies.is_empty() {
            rec.filters.insert("agency".into(), agencies);
        }
        rec.filters
            .insert("year".into(), vec![o.horizon.to_string()]);
        self.topic_filter(&mut rec, &l.topics);
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
        self.topic_words(&mut c, &l.topics);
        let mut rec = self.record(&route, None, "search_kind_project", title, c);
        rec.number = Some(p.number.clone());
        let agencies = self.agencies(&l.lead);
        if !agencies.is_empty() {
            rec.filters.insert("agency".into(), agencies);
        }
        self.topic_filter(&mut rec, &l.topics);
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
        let mut secs: &[TextSection] = text.map_or(&[], |md| &md.sections);
        // The text before the first heading belongs to the document's own record.
        if let Some((first, rest)) = secs.split_first()
            && first.anchor.is_none()
        {
            c.push(&first.text);
            secs = rest;
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
        for s in &md.sections {
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

    /// A topic page: its name and description only (its records are found as themselves).
    fn topic(&self, k: usize) -> SearchRecord {
        let t = &self.site.site.topics[k];
        let route = Route::Record(self.lang, Sec::Topics, t.id.clone());
        let mut c = Content::default();
        c.push(self.t(&t.title));
        if let Some(d) = &t.description {
            c.push(self.t(d));
        }
        let title = self.t(&t.title).to_owned();
        self.record(&route, None, "search_kind_topic", title, c)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::RenderOptions;
    use crate::search::test_site::minimal;

    fn record<'r>(records: &'r [SearchRecord], lang: Lang, url: &str) -> &'r SearchRecord {
        records
            .iter()
            .find(|r| r.lang == lang && r.url == url)
            .unwrap_or_else(|| panic!("no record {url}"))
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
