//! Per-language views: what templates receive.
//!
//! Input: the linked site, one language. Output: for every page, its route, template name and
//! context. Guarantee: contexts hold only display-ready data: texts for the language (with a
//! `missing` flag and the Vietnamese fallback when not translated), formatted numbers and
//! dates, relative links; never ids to resolve.

use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::Value;
use minijinja::value::{Enumerator, Object, ObjectRepr};
use rust_decimal::Decimal;
use serde_json::{Map, Value as J, json};

use crate::link::{LParty, LSource, LinkedSite, Status};
use crate::model::*;
use crate::render::RenderOptions;
use crate::render::charts;
use crate::render::format::Formatter;
use crate::strings::escape_html;
use crate::theme::Theme;

mod search;

/// An output location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/index.html`: language choice.
    Root,
    /// `/404.html`.
    NotFound,
    /// Home of a language.
    Home(Lang),
    /// A list page: section key (`tasks`, `agencies`…).
    List(Lang, &'static str),
    /// A record page: section key and id.
    Record(Lang, &'static str, String),
    /// A redirect from an old task id.
    Alias(Lang, String),
    /// An Atom feed of changes: the whole site, or one agency's tasks.
    Feed(Lang, Option<String>),
}

/// Localised folder name of a section.
pub fn section_dir(lang: Lang, section: &str) -> &'static str {
    match (lang, section) {
        (Lang::Vi, "tasks") => "nhiem-vu",
        (Lang::En, "tasks") => "tasks",
        (Lang::Vi, "agencies") => "co-quan",
        (Lang::En, "agencies") => "agencies",
        (Lang::Vi, "objectives") => "muc-tieu",
        (Lang::En, "objectives") => "objectives",
        (Lang::Vi, "projects") => "du-an",
        (Lang::En, "projects") => "projects",
        (Lang::Vi, "documents") => "van-ban",
        (Lang::En, "documents") => "documents",
        (Lang::Vi, "budget") => "kinh-phi",
        (Lang::En, "budget") => "budget",
        (Lang::Vi, "glossary") => "thuat-ngu",
        (Lang::En, "glossary") => "glossary",
        (Lang::Vi, "pages") => "trang",
        (Lang::En, "pages") => "pages",
        (Lang::Vi, "agency-reports") => "bao-cao-co-quan",
        (Lang::En, "agency-reports") => "agency-reports",
        (Lang::Vi, "changes") => "thay-doi",
        (Lang::En, "changes") => "changes",
        (Lang::Vi, "data") => "du-lieu",
        (Lang::En, "data") => "data",
        (Lang::Vi, "tasks-by-agency") => "nhiem-vu/theo-co-quan",
        (Lang::En, "tasks-by-agency") => "tasks/by-agency",
        (Lang::Vi, "tasks-by-year") => "nhiem-vu/theo-nam",
        (Lang::En, "tasks-by-year") => "tasks/by-year",
        (Lang::Vi, "tasks-by-status") => "nhiem-vu/theo-tinh-trang",
        (Lang::En, "tasks-by-status") => "tasks/by-status",
        (Lang::Vi, "search") => "tim-kiem",
        (Lang::En, "search") => "search",
        _ => "other",
    }
}

impl Route {
    /// Output file path, relative to the output folder.
    pub fn path(&self) -> String {
        match self {
            Route::Root => "index.html".into(),
            Route::NotFound => "404.html".into(),
            Route::Home(l) => format!("{}/index.html", l.code()),
            Route::List(l, s) => format!("{}/{}/index.html", l.code(), section_dir(*l, s)),
            Route::Record(l, s, id) => {
                format!("{}/{}/{}/index.html", l.code(), section_dir(*l, s), id)
            }
            Route::Alias(l, id) => format!(
                "{}/{}/{}/index.html",
                l.code(),
                section_dir(*l, "tasks"),
                id
            ),
            Route::Feed(l, None) => format!("{}/feed.xml", l.code()),
            Route::Feed(l, Some(a)) => {
                format!(
                    "{}/{}/{}/feed.xml",
                    l.code(),
                    section_dir(*l, "agencies"),
                    a
                )
            }
        }
    }

    /// Page kind, for the build summary.
    pub fn kind(&self) -> &'static str {
        match self {
            Route::Root => "root",
            Route::NotFound => "404",
            Route::Home(_) => "home",
            Route::List(_, s) => match *s {
                "tasks" => "task list",
                "agencies" => "agency list",
                "objectives" => "objective list",
                "projects" => "project list",
                "documents" => "document list",
                "budget" => "budget",
                "glossary" => "glossary",
                "data" => "data dictionary",
                "changes" => "changes",
                "tasks-by-agency" | "tasks-by-year" | "tasks-by-status" => "task facet",
                "search" => "search",
                _ => "list",
            },
            Route::Record(_, s, _) => match *s {
                "tasks" => "task",
                "agencies" => "agency",
                "objectives" => "objective",
                "projects" => "project",
                "documents" => "document",
                "pages" => "page",
                "agency-reports" => "agency report",
                _ => "record",
            },
            Route::Alias(..) => "redirect",
            Route::Feed(..) => "feed",
        }
    }

    /// Language of the page.
    pub fn lang(&self) -> Option<Lang> {
        match self {
            Route::Root | Route::NotFound => None,
            Route::Home(l)
            | Route::List(l, _)
            | Route::Record(l, ..)
            | Route::Alias(l, _)
            | Route::Feed(l, _) => Some(*l),
        }
    }

    /// The same page in another language.
    pub fn in_lang(&self, lang: Lang) -> Route {
        match self {
            Route::Home(_) => Route::Home(lang),
            Route::List(_, s) => Route::List(lang, s),
            Route::Record(_, s, id) => Route::Record(lang, s, id.clone()),
            Route::Alias(_, id) => Route::Alias(lang, id.clone()),
            Route::Feed(_, a) => Route::Feed(lang, a.clone()),
            other => other.clone(),
        }
    }
}

/// The static views of the task list besides the one by solution group.
const FACETS: [&str; 3] = ["tasks-by-agency", "tasks-by-year", "tasks-by-status"];

/// A page to build, the same in both languages (language-neutral pages are built in
/// Vietnamese). Indices are into the linked site's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageId {
    /// `/index.html`.
    Root,
    /// `/404.html`.
    NotFound,
    /// Home of a language.
    Home,
    /// Task list.
    TaskList,
    /// A static view of the task list (one of `FACETS`).
    TaskFacet(&'static str),
    /// A task.
    Task(usize),
    /// Redirect from a task's earlier id: task index, alias index.
    Alias(usize, usize),
    /// Agency list.
    AgencyList,
    /// An agency.
    Agency(usize),
    /// The A4 task report of an agency (one that leads or supports a task).
    AgencyReport(usize),
    /// Objective list.
    ObjectiveList,
    /// An objective.
    Objective(usize),
    /// Project list.
    ProjectList,
    /// A project.
    Project(usize),
    /// Document list.
    DocumentList,
    /// A document.
    Document(usize),
    /// The budget page.
    Budget,
    /// The glossary.
    Glossary,
    /// The open data page.
    DataPage,
    /// What changed.
    ChangesPage,
    /// Atom feed: the whole site, or one lead agency's tasks.
    Feed(Option<usize>),
    /// A free page.
    FreePage(usize),
    /// The search page.
    SearchPage,
}

/// What every page of a language shares, computed once per build: the `site` and `ui`
/// context values (so they are not rebuilt per page), and lookup tables.
pub struct Prepared {
    /// `{site, ui}` per language (Vietnamese, English).
    shared: [Value; 2],
    /// Position of each task in `tasks_in_order`.
    task_rank: Vec<usize>,
    /// Document index by id.
    doc_index: std::collections::HashMap<String, usize>,
    /// The `status` value of a row (key and label), per language and status.
    statuses: [Vec<Value>; 2],
}

impl Prepared {
    /// Computes the shared values and tables.
    pub fn new(site: &LinkedSite, theme: &Theme, fmt: &Formatter, opts: &RenderOptions) -> Self {
        let mut task_rank = vec![0; site.site.tasks.len()];
        for (rank, &t) in site.tasks_in_order.iter().enumerate() {
            task_rank[t] = rank;
        }
        let doc_index = (site.site.documents.iter().enumerate())
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        let mut prep = Prepared {
            shared: [Value::UNDEFINED, Value::UNDEFINED],
            task_rank,
            doc_index,
            statuses: [Vec::new(), Vec::new()],
        };
        prep.statuses = Lang::ALL.map(|lang| {
            let b = Builder::new(site, theme, fmt, opts, lang, &prep);
            (Status::ALL.iter())
                .map(|&st| super::json::to_value(b.status(st)))
                .collect()
        });
        let shared = Lang::ALL.map(|lang| {
            let b = Builder::new(site, theme, fmt, opts, lang, &prep);
            Value::from_serialize(json!({
                "site": b.site_ctx(),
                "ui": theme.strings.get(&lang),
            }))
        });
        prep.shared = shared;
        prep
    }

    fn shared(&self, lang: Lang) -> Value {
        self.shared[lang as usize].clone()
    }
}

/// What a row built on demand ([`TaskRow`]) needs of the build, shared by all pages.
pub struct RowEnv {
    /// The linked site.
    pub site: Arc<LinkedSite>,
    /// The theme (UI strings).
    pub theme: Arc<Theme>,
    /// How links are written.
    pub opts: RenderOptions,
    /// Shared values and tables.
    pub prep: Arc<Prepared>,
}

/// Builds the contexts of one language.
pub struct Builder<'a> {
    site: &'a LinkedSite,
    theme: &'a Theme,
    fmt: &'a Formatter,
    opts: &'a RenderOptions,
    lang: Lang,
    prep: &'a Prepared,
    /// Page being built (for relative links).
    from: String,
    /// When set, task rows are placeholders that become [`TaskRow`]s in the page's value.
    rows: Option<&'a Arc<RowEnv>>,
}

type PageOut = (Route, &'static str, Value);

impl<'a> Builder<'a> {
    /// A builder for a language.
    pub fn new(
        site: &'a LinkedSite,
        theme: &'a Theme,
        fmt: &'a Formatter,
        opts: &'a RenderOptions,
        lang: Lang,
        prep: &'a Prepared,
    ) -> Self {
        Builder {
            site,
            theme,
            fmt,
            opts,
            lang,
            prep,
            from: String::new(),
            rows: None,
        }
    }

    /// Task rows of the pages built are made when a template reads them (see [`TaskRow`]),
    /// not put whole into every page's context.
    pub fn with_rows(mut self, env: &'a Arc<RowEnv>) -> Self {
        self.rows = Some(env);
        self
    }

    /// A page context as a template value: task row placeholders become [`TaskRow`]s.
    fn to_value(&self, ctx: J) -> Value {
        match self.rows {
            Some(env) => {
                let from: Arc<str> = Arc::from(self.from.as_str());
                super::json::to_value_with(ctx, &|mut m| {
                    let task = m
                        .remove(super::json::LAZY_KEY)
                        .and_then(|v| v.as_u64())
                        .unwrap_or(0) as usize;
                    let extra = if m.is_empty() {
                        Value::UNDEFINED
                    } else {
                        super::json::to_value(J::Object(m))
                    };
                    Value::from_object(TaskRow {
                        env: Arc::clone(env),
                        lang: self.lang,
                        from: Arc::clone(&from),
                        task,
                        extra,
                        last: std::sync::Mutex::new(None),
                    })
                })
            }
            None => super::json::to_value(ctx),
        }
    }

    fn ui(&self, key: &str) -> String {
        self.theme.ui(self.lang, key).to_owned()
    }

    /// Every page of a language (the same list for both), in build order.
    pub fn page_list(s: &LinkedSite) -> Vec<PageId> {
        let mut out = vec![PageId::Home, PageId::TaskList];
        out.extend(FACETS.map(PageId::TaskFacet));
        for &i in &s.tasks_in_order {
            out.push(PageId::Task(i));
            out.extend((0..s.site.tasks[i].aliases.len()).map(|k| PageId::Alias(i, k)));
        }
        out.push(PageId::AgencyList);
        out.extend((0..s.site.agencies.len()).map(PageId::Agency));
        out.extend(
            (0..s.site.agencies.len())
                .filter(|&i| !s.agencies[i].leads.is_empty() || !s.agencies[i].supports.is_empty())
                .map(PageId::AgencyReport),
        );
        out.push(PageId::ObjectiveList);
        out.extend((0..s.site.objectives.len()).map(PageId::Objective));
        out.push(PageId::ProjectList);
        out.extend((0..s.site.projects.len()).map(PageId::Project));
        out.push(PageId::DocumentList);
        out.extend((0..s.site.documents.len()).map(PageId::Document));
        out.push(PageId::Budget);
        out.push(PageId::Glossary);
        out.push(PageId::DataPage);
        out.push(PageId::ChangesPage);
        out.push(PageId::Feed(None));
        out.extend(
            (0..s.site.agencies.len())
                .filter(|&a| !s.agencies[a].leads.is_empty())
                .map(|a| PageId::Feed(Some(a))),
        );
        out.extend((0..s.site.pages.len()).map(PageId::FreePage));
        out.push(PageId::SearchPage);
        out
    }

    /// Where a page of this language goes, without building it.
    pub fn route(&self, page: PageId) -> Route {
        let (l, s) = (self.lang, &self.site.site);
        match page {
            PageId::Root => Route::Root,
            PageId::NotFound => Route::NotFound,
            PageId::Home => Route::Home(l),
            PageId::TaskList => Route::List(l, "tasks"),
            PageId::TaskFacet(f) => Route::List(l, f),
            PageId::Task(i) => Route::Record(l, "tasks", s.tasks[i].id.clone()),
            PageId::Alias(i, k) => Route::Alias(l, s.tasks[i].aliases[k].clone()),
            PageId::AgencyList => Route::List(l, "agencies"),
            PageId::Agency(i) => Route::Record(l, "agencies", s.agencies[i].id.clone()),
            PageId::AgencyReport(i) => Route::Record(l, "agency-reports", s.agencies[i].id.clone()),
            PageId::ObjectiveList => Route::List(l, "objectives"),
            PageId::Objective(i) => Route::Record(l, "objectives", s.objectives[i].id.clone()),
            PageId::ProjectList => Route::List(l, "projects"),
            PageId::Project(i) => Route::Record(l, "projects", s.projects[i].id.clone()),
            PageId::DocumentList => Route::List(l, "documents"),
            PageId::Document(i) => Route::Record(l, "documents", s.documents[i].id.clone()),
            PageId::Budget => Route::List(l, "budget"),
            PageId::Glossary => Route::List(l, "glossary"),
            PageId::DataPage => Route::List(l, "data"),
            PageId::ChangesPage => Route::List(l, "changes"),
            PageId::Feed(a) => Route::Feed(l, a.map(|a| s.agencies[a].id.clone())),
            PageId::FreePage(i) => Route::Record(l, "pages", s.pages[i].id.clone()),
            PageId::SearchPage => Route::List(l, "search"),
        }
    }

    /// Builds one page of this language: route, template and context.
    pub fn build(mut self, page: PageId) -> PageOut {
        match page {
            PageId::Root => self.root(),
            PageId::NotFound => self.not_found(),
            PageId::Home => self.home(),
            PageId::TaskList => self.task_list(),
            PageId::TaskFacet(f) => self.task_facet(f),
            PageId::Task(i) => self.task(i),
            PageId::Alias(i, k) => {
                let t = &self.site.site.tasks[i];
                let target = Route::Record(self.lang, "tasks", t.id.clone());
                self.alias(&t.aliases[k], &target)
            }
            PageId::AgencyList => self.agency_list(),
            PageId::Agency(i) => self.agency(i),
            PageId::AgencyReport(i) => self.agency_report(i),
            PageId::ObjectiveList => self.objective_list(),
            PageId::Objective(i) => self.objective(i),
            PageId::ProjectList => self.project_list(),
            PageId::Project(i) => self.project(i),
            PageId::DocumentList => self.document_list(),
            PageId::Document(i) => self.document(i),
            PageId::Budget => self.budget(),
            PageId::Glossary => self.glossary(),
            PageId::DataPage => self.data_page(),
            PageId::ChangesPage => self.changes_page(),
            PageId::Feed(a) => self.feed(a),
            PageId::FreePage(i) => self.page(i),
            PageId::SearchPage => self.search_page(),
        }
    }

    /// The language choice at the root.
    fn root(&mut self) -> PageOut {
        self.from = Route::Root.path();
        let ctx = json!({
            "site": self.site_ctx(),
            "vi": {"href": self.href(&Route::Home(Lang::Vi)), "title": self.site.site.config.title.vi},
            "en": {"href": self.href(&Route::Home(Lang::En)), "title": self.site.site.config.title.get(Lang::En).0},
            "css": self.asset("style.css"),
            "ui_vi": self.theme.strings.get(&Lang::Vi),
            "ui_en": self.theme.strings.get(&Lang::En),
        });
        (Route::Root, "root.html", Value::from_serialize(&ctx))
    }

    /// The not-found page at the root.
    fn not_found(&mut self) -> PageOut {
        self.from = Route::NotFound.path();
        let abs = self.opts.base_url.is_some();
        let ctx = json!({
            "site": self.site_ctx(),
            "vi": {"href": self.href_abs(&Route::Home(Lang::Vi), abs)},
            "en": {"href": self.href_abs(&Route::Home(Lang::En), abs)},
            "css": if abs { format!("{}assets/style.css", self.opts.base_url.as_deref().unwrap_or("")) } else { self.asset("style.css") },
            "ui_vi": self.theme.strings.get(&Lang::Vi),
            "ui_en": self.theme.strings.get(&Lang::En),
        });
        (Route::NotFound, "404.html", Value::from_serialize(&ctx))
    }

    // ----- links ---------------------------------------------------------------------------

    /// Relative link from the current page to a route.
    fn href(&self, to: &Route) -> String {
        relative(&self.from, &to.path(), self.opts.base_url.is_some())
    }

    fn href_abs(&self, to: &Route, absolute: bool) -> String {
        match (&self.opts.base_url, absolute) {
            (Some(base), true) => format!("{base}{}", pretty(&to.path())),
            _ => self.href(to),
        }
    }

    fn asset(&self, name: &str) -> String {
        relative(&self.from, &format!("assets/{name}"), false)
    }

    /// Link to a record page: `relative(from, Route::Record(..).path(), pretty)`, written
    /// directly (the most frequent link of all).
    fn rec(&self, section: &'static str, id: &str) -> String {
        let dir = section_dir(self.lang, section);
        let depth = self.from.matches('/').count();
        let mut s = String::with_capacity(3 * depth + dir.len() + id.len() + 16);
        for _ in 0..depth {
            s.push_str("../");
        }
        s.push_str(self.lang.code());
        s.push('/');
        s.push_str(dir);
        s.push('/');
        s.push_str(id);
        s.push('/');
        if self.opts.base_url.is_none() {
            s.push_str("index.html");
        }
        s
    }

    // ----- pieces --------------------------------------------------------------------------

    fn text(&self, t: &Text) -> J {
        let (s, missing) = t.get(self.lang);
        json!({"text": s, "html": self.linkify(s), "missing": missing, "lang": if missing { "vi" } else { self.lang.code() }, "marker": if missing { self.ui("not_translated") } else { String::new() }})
    }

    // ----- citations -------------------------------------------------------------------------

    /// Where a resolved reference points, from the current page; `host`: the document whose
    /// page this is (a reference into it becomes a bare `#anchor`).
    fn cite_href(&self, t: &CiteTarget, host: Option<&str>) -> String {
        let mut href = if host == Some(t.document.as_str()) {
            String::new()
        } else {
            self.rec("documents", &t.document)
        };
        if let Some(a) = &t.anchor {
            href.push('#');
            href.push_str(a);
        }
        href
    }

    /// The HTML of a reference: a link, or the text with a visible "not on this site" marker.
    fn cite_open(&self, target: Option<&CiteTarget>, host: Option<&str>, out: &mut String) {
        match target {
            Some(t) => {
                out.push_str("<a class=\"cite\" href=\"");
                out.push_str(&escape_html(&self.cite_href(t, host)));
                out.push_str("\">");
            }
            None => out.push_str("<span class=\"cite-unresolved\">"),
        }
    }

    fn cite_close(&self, target: Option<&CiteTarget>, out: &mut String) {
        match target {
            Some(_) => out.push_str("</a>"),
            None => {
                out.push_str(" <span class=\"cite-missing\">[");
                out.push_str(&escape_html(&self.ui("cite_not_on_site")));
                out.push_str("]</span></span>");
            }
        }
    }

    /// A plain text as HTML with its document references linked; `None` when it has none.
    fn linkify(&self, s: &str) -> Option<String> {
        let found = self.site.site.mentions.get(s)?;
        let mut out = String::with_capacity(s.len() + 64 * found.len());
        let mut pos = 0;
        for m in found {
            out.push_str(&escape_html(&s[pos..m.start]));
            self.cite_open(m.target.as_ref(), None, &mut out);
            out.push_str(&escape_html(&s[m.start..m.end]));
            self.cite_close(m.target.as_ref(), &mut out);
            pos = m.end;
        }
        out.push_str(&escape_html(&s[pos..]));
        Some(out)
    }

    /// A compiled markdown text with its citation marks turned into links.
    fn markdown_html(&self, md: &Markdown, host: Option<&str>) -> String {
        if md.cites.is_empty() {
            return md.html.clone();
        }
        let mut out = String::with_capacity(md.html.len() + 80 * md.cites.len());
        let mut rest = md.html.as_str();
        // How each open mark closes: `None` (left as text), a link or an unresolved marker.
        let mut open: Vec<Option<Option<&CiteTarget>>> = Vec::new();
        while let Some(i) = rest.find([CITE_OPEN, CITE_CLOSE]) {
            out.push_str(&rest[..i]);
            let c = rest[i..].chars().next().unwrap_or(CITE_CLOSE);
            rest = &rest[i + c.len_utf8()..];
            if c == CITE_OPEN {
                let end = rest.find(CITE_MID).unwrap_or(0);
                let index: usize = rest[..end].parse().unwrap_or(usize::MAX);
                rest = &rest[end + CITE_MID.len_utf8()..];
                let cite = md.cites.get(index);
                let target = cite.and_then(|c| c.target.as_ref());
                // A clause alone that points nowhere stays plain text.
                if target.is_none() && cite.is_none_or(|c| c.reference.number.is_none()) {
                    open.push(None);
                    continue;
                }
                self.cite_open(target, host, &mut out);
                open.push(Some(target));
            } else if let Some(Some(target)) = open.pop() {
                self.cite_close(target, &mut out);
            }
        }
        out.push_str(rest);
        out
    }

    fn opt_text(&self, t: &Option<Text>) -> J {
        t.as_ref().map(|t| self.text(t)).unwrap_or(J::Null)
    }

    fn plain(&self, s: &str) -> J {
        json!({"text": s, "html": self.linkify(s), "missing": false, "lang": "vi", "marker": ""})
    }

    fn party(&self, p: &LParty) -> J {
        match p {
            LParty::Agency(a) => {
                let ag = &self.site.site.agencies[*a];
                json!({"name": self.text(&ag.name), "href": self.rec("agencies", &ag.id)})
            }
            LParty::Text(t, a) => json!({
                "name": self.text(t),
                "href": a.map(|a| self.rec("agencies", &self.site.site.agencies[a].id)),
            }),
        }
    }

    fn parties(&self, ps: &[LParty]) -> Vec<J> {
        ps.iter().map(|p| self.party(p)).collect()
    }

    fn amount(&self, a: Amount) -> String {
        self.fmt.number(self.lang, a.0)
    }

    fn money(&self, m: &Option<Money>) -> J {
        let Some(m) = m else { return J::Null };
        json!({
            "amount": m.amount.map(|a| self.amount(a)),
            "as_written": m.as_written,
            "funding": self.opt_text(&m.funding),
        })
    }

    fn phases(&self, ps: &[Phase]) -> Vec<J> {
        ps.iter()
            .map(|p| json!({"year": p.year, "amount": self.amount(p.amount), "as_written": p.as_written, "note": self.opt_text(&p.note)}))
            .collect()
    }

    fn deadline(&self, d: &Option<Deadline>, end: Option<Date>) -> J {
        let Some(d) = d else { return J::Null };
        let kind = match &d.kind {
            DeadlineKind::Wording => "wording",
            DeadlineKind::Year(_) => "year",
            DeadlineKind::Quarter(..) => "quarter",
            DeadlineKind::Month(..) => "month",
            DeadlineKind::Range(..) => "range",
            DeadlineKind::Recurring(Recurrence::Continuous) => "continuous",
            DeadlineKind::Recurring(Recurrence::Annual) => "annual",
            DeadlineKind::Conditional(_) => "conditional",
        };
        json!({
            "text": self.text(&d.text),
            "kind": kind,
            "end": end.map(|e| self.fmt.date(self.lang, e)),
            "end_iso": end.map(|e| e.to_string()),
            "condition": match &d.kind { DeadlineKind::Conditional(c) => self.text(c), _ => J::Null },
        })
    }

    fn status(&self, s: Status) -> J {
        json!({"key": s.key(), "label": self.ui(&format!("status_{}", s.key()))})
    }

    fn source(&self, s: &Option<LSource>) -> J {
        let Some(s) = s else { return J::Null };
        let doc = &self.site.site.documents[s.document];
        let mut href = self.rec("documents", &doc.id);
        if let Some(a) = &s.anchor {
            href.push('#');
            href.push_str(a);
        }
        json!({
            "document": self.doc_label(s.document),
            "href": href,
            "line": s.line,
            "note": self.opt_text(&s.note),
        })
    }

    fn notes(&self, notes: &[Note]) -> Vec<J> {
        notes
            .iter()
            .map(|n| {
                let src = n.source.as_ref().map(|s| self.source_of(s));
                json!({"text": self.text(&n.text), "source": src.unwrap_or(J::Null)})
            })
            .collect()
    }

    /// Resolves a model source for display (notes keep model sources).
    fn source_of(&self, s: &Source) -> J {
        let Some(&di) = self.prep.doc_index.get(&s.document) else {
            return J::Null;
        };
        let doc = &self.site.site.documents[di];
        let anchor = s.anchor.clone().or_else(|| {
            let md = doc.text.vi.as_ref()?;
            s.line
                .and_then(|l| md.anchor_for_line(l))
                .map(str::to_owned)
        });
        self.source(&Some(LSource {
            document: di,
            line: s.line,
            anchor,
            note: s.note.clone(),
        }))
    }

    /// Short label of a document: type + number, or its title.
    fn doc_label(&self, di: usize) -> J {
        let d = &self.site.site.documents[di];
        let ty = self.ui(&format!("doctype_{}", d.doc_type.key()));
        let label = match (&d.number, &d.title) {
            (Some(n), _) => format!("{ty} {n}"),
            (None, Some(t)) => t.get(self.lang).0.to_owned(),
            (None, None) => ty,
        };
        json!({
            "label": label,
            "href": self.rec("documents", &d.id),
            "number": d.number,
            "title": self.opt_text(&d.title),
            "date": d.date.map(|x| self.fmt.date(self.lang, x)),
            "type": self.ui(&format!("doctype_{}", d.doc_type.key())),
        })
    }

    /// A task's row in a list: a placeholder when rows are made on demand ([`TaskRow`]), else
    /// the whole row. Fields may be added to it (`row["clause"] = …`).
    fn task_row(&self, ti: usize) -> J {
        if self.rows.is_some() {
            let mut m = Map::new();
            m.insert(super::json::LAZY_KEY.to_owned(), J::from(ti));
            return J::Object(m);
        }
        let mut m = Map::new();
        for key in TASK_ROW_KEYS {
            if let Some(v) = self.task_row_field(ti, key) {
                m.insert(key.to_owned(), v);
            }
        }
        J::Object(m)
    }

    /// One field of a task's row (one of [`TASK_ROW_KEYS`]).
    fn task_row_field(&self, ti: usize, key: &str) -> Option<J> {
        let t = &self.site.site.tasks[ti];
        let l = &self.site.tasks[ti];
        Some(match key {
            "budget" => self.money(&t.budget),
            "deadline" => self.deadline(&t.deadline, l.end_date),
            "href" => J::String(self.rec("tasks", &t.id)),
            "in_plan" => J::Bool(t.in_approved_plan),
            "lead" => J::Array(self.parties(&l.lead)),
            "number" => J::String(t.number.clone()),
            "status" => self.status(l.status),
            "title" => self.text(&t.title),
            _ => return None,
        })
    }

    fn objective_row(&self, oi: usize) -> J {
        let o = &self.site.site.objectives[oi];
        json!({
            "href": self.rec("objectives", &o.id),
            "number": o.number,
            "horizon": o.horizon,
            "title": self.text(&o.title),
            "unit": self.opt_text(&o.unit),
            "target": self.target(&o.target),
            "is_child": self.site.objectives[oi].parent.is_some(),
        })
    }

    fn target(&self, t: &Option<Target>) -> J {
        let Some(t) = t else { return J::Null };
        json!({
            "text": self.text(&t.text),
            "comparator": t.comparator.map(Comparator::symbol),
            "value": t.value.map(|v| self.fmt.number(self.lang, v)),
            "scope": self.opt_text(&t.scope),
        })
    }

    fn project_row(&self, pi: usize) -> J {
        let p = &self.site.site.projects[pi];
        json!({
            "href": self.rec("projects", &p.id),
            "number": p.number,
            "title": self.text(&p.title),
            "budget": self.money(&p.budget),
            "lead": self.parties(&self.site.projects[pi].lead),
        })
    }

    fn agency_row(&self, ai: usize) -> J {
        let a = &self.site.site.agencies[ai];
        let l = &self.site.agencies[ai];
        json!({
            "href": self.rec("agencies", &a.id),
            "name": self.text(&a.name),
            "short_name": self.opt_text(&a.short_name),
            "kind": self.ui(&format!("agency_kind_{}", a.kind.key())),
            "leads": l.leads.len(),
            "supports": l.supports.len(),
            "objectives": l.objectives_led.len(),
            "duties": a.duties.len(),
        })
    }

    fn site_ctx(&self) -> J {
        let c = &self.site.site.config;
        json!({
            "title": self.text(&c.title),
            "description": self.text(&c.description),
            "publisher": self.text(&c.publisher),
            "data_as_of": self.fmt.date(self.lang, c.data_as_of),
            "data_as_of_iso": c.data_as_of.to_string(),
        })
    }

    /// The common page frame: language links, navigation, breadcrumbs, canonical URL.
    fn frame(
        &mut self,
        route: &Route,
        title: String,
        crumbs: Vec<(String, Option<Route>)>,
        ctx: J,
    ) -> Value {
        self.from = route.path();
        let other = self.lang.other();
        let base = self.opts.base_url.clone();
        let abs = |r: &Route| base.as_ref().map(|b| format!("{b}{}", pretty(&r.path())));
        let nav: Vec<J> = ["tasks", "objectives", "agencies", "projects", "budget", "documents", "search"]
            .iter()
            .map(|s| {
                let r = Route::List(self.lang, s);
                json!({"href": self.href(&r), "label": self.ui(&format!("nav_{s}")), "current": &r == route || matches!(route, Route::Record(_, rs, _) if rs == s)})
            })
            .collect();
        let home_href = if matches!(route, Route::Home(_)) {
            None
        } else {
            Some(self.href(&Route::Home(self.lang)))
        };
        let mut breadcrumbs = vec![json!({"label": self.ui("nav_home"), "href": home_href})];
        for (label, r) in crumbs {
            breadcrumbs.push(json!({"label": label, "href": r.map(|r| self.href(&r))}));
        }
        let canonical_abs = abs(route);
        // Open data and citation of a record page.
        let record = match route {
            Route::Record(_, section, id)
                if matches!(
                    *section,
                    "tasks" | "objectives" | "projects" | "agencies" | "documents"
                ) =>
            {
                Some((*section, id.as_str()))
            }
            _ => None,
        };
        let data_json = record
            .map(|(section, id)| relative(&self.from, &format!("data/{section}/{id}.json"), false));
        let description = [
            "/task/title/text",
            "/objective/title/text",
            "/project/title/text",
            "/document/title/text",
            "/agency/name/text",
        ]
        .iter()
        .find_map(|p| ctx.pointer(p).and_then(J::as_str))
        .map(str::to_owned)
        .unwrap_or_else(|| {
            self.site
                .site
                .config
                .description
                .get(self.lang)
                .0
                .to_owned()
        });
        let lead = ctx
            .pointer("/task/lead")
            .and_then(J::as_array)
            .map(|ps| {
                ps.iter()
                    .filter_map(|p| p.pointer("/name/text").and_then(J::as_str))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .filter(|s| !s.is_empty());
        let cite = record.map(|_| {
            self.citation(
                &title,
                lead.as_deref(),
                canonical_abs.as_deref().unwrap_or(&route.path()),
            )
        });
        let page = json!({
            "title": title,
            "description": description,
            "og_url": canonical_abs,
            "og_locale": if self.lang == Lang::Vi { "vi_VN" } else { "en_GB" },
            "og_locale_alt": if self.lang == Lang::Vi { "en_GB" } else { "vi_VN" },
            "og_type": if record.is_some() { "article" } else { "website" },
            "data_json": data_json,
            "data_dictionary": self.href(&Route::List(self.lang, "data")),
            "changes": self.href(&Route::List(self.lang, "changes")),
            "feed": self.href(&Route::Feed(self.lang, None)),
            "agency_feed": match route {
                Route::Record(l, "agencies", id) if self.site.site.agencies.iter().zip(&self.site.agencies).any(|(a, al)| &a.id == id && !al.leads.is_empty()) => Some(self.href(&Route::Feed(*l, Some(id.clone())))),
                _ => None,
            },
            "cite": cite,
            "cite_js": self.asset("cite.js"),
            "lang": self.lang.code(),
            "other_lang": other.code(),
            "other_href": self.href(&route.in_lang(other)),
            "canonical": abs(route).unwrap_or_else(|| self.href(route)),
            "alternates": Lang::ALL.iter().map(|l| json!({"lang": l.code(), "href": abs(&route.in_lang(*l)).unwrap_or_else(|| self.href(&route.in_lang(*l)))})).collect::<Vec<_>>(),
            "home": self.href(&Route::Home(self.lang)),
            "css": self.asset("style.css"),
            "nav": nav,
            "breadcrumbs": breadcrumbs,
        });
        let mut obj = match ctx {
            J::Object(m) => m,
            _ => Map::new(),
        };
        obj.insert("page".into(), page);
        // `site` and `ui` are built once per language (Prepared), not per page.
        minijinja::value::merge_maps([self.prep.shared(self.lang), self.to_value(J::Object(obj))])
    }

    /// "Cite this page": the same reference in Vietnamese and English style.
    fn citation(&self, title: &str, lead: Option<&str>, url: &str) -> J {
        let c = &self.site.site.config;
        let plan = &self.site.site.documents[self.site.plan];
        let (vi_date, en_date) = (
            self.fmt.date(Lang::Vi, c.data_as_of),
            self.fmt.date(Lang::En, c.data_as_of),
        );
        let (lead_vi, lead_en) = match lead {
            Some(l) => (format!(" Chủ trì: {l}."), format!(" Lead: {l}.")),
            None => (String::new(), String::new()),
        };
        let vi = format!(
            "{}. “{title}”.{lead_vi} {}. Đề án: {}. Dữ liệu đến ngày {vi_date}. {url}",
            c.publisher.vi,
            c.title.vi,
            plan.title.as_ref().map(|t| t.vi.as_str()).unwrap_or("")
        );
        let en = format!(
            "{}. “{title}”.{lead_en} {}. Plan: {}. Data as of {en_date}. {url}",
            c.publisher.get(Lang::En).0,
            c.title.get(Lang::En).0,
            plan.title.as_ref().map(|t| t.get(Lang::En).0).unwrap_or("")
        );
        json!({"vi": vi, "en": en})
    }

    /// Every dated progress report, newest first, for the given tasks.
    fn report_entries(&self, tasks: &[usize]) -> Vec<J> {
        let s = self.site;
        let mut entries: Vec<(Date, &str, usize, usize)> = Vec::new();
        for &t in tasks {
            for (ri, r) in s.site.tasks[t].reports.iter().enumerate() {
                entries.push((r.date, s.site.tasks[t].id.as_str(), t, ri));
            }
        }
        entries.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)).then(b.3.cmp(&a.3)));
        entries
            .into_iter()
            .map(|(date, _, t, ri)| {
                let task = &s.site.tasks[t];
                let r = &task.reports[ri];
                json!({
                    "date": self.fmt.date(self.lang, date),
                    "date_iso": date.to_string(),
                    "task": self.task_row(t),
                    "task_id": task.id,
                    "status": self.ui(&format!("status_{}", r.status.key())),
                    "percent": r.percent,
                    "note": self.opt_text(&r.note),
                })
            })
            .collect()
    }

    /// What changed: progress reports (dated, newest first) and how the approved plan differs
    /// from its draft.
    fn changes_page(&mut self) -> PageOut {
        let s = self.site;
        let route = Route::List(self.lang, "changes");
        self.from = route.path();
        let all: Vec<usize> = s.tasks_in_order.clone();
        let reports = self.report_entries(&all);
        let mut renumbered = Vec::new();
        let mut changed = Vec::new();
        let mut added = Vec::new();
        for &t in &s.tasks_in_order {
            let task = &s.site.tasks[t];
            if !task.in_approved_plan {
                continue;
            }
            match &task.draft {
                None => added.push(self.task_row(t)),
                Some(d) => {
                    if d.number != task.number {
                        let mut row = self.task_row(t);
                        row["draft_number"] = json!(d.number);
                        renumbered.push(row);
                    }
                    if !d.changes.is_empty() {
                        let mut row = self.task_row(t);
                        row["fields"] = json!(
                            d.changes
                                .iter()
                                .map(|(f, _)| self.ui(&format!("field_{f}")))
                                .collect::<Vec<_>>()
                        );
                        changed.push(row);
                    }
                }
            }
        }
        let dropped: Vec<J> = s
            .tasks_in_order
            .iter()
            .filter(|&&t| !s.site.tasks[t].in_approved_plan)
            .map(|&t| self.task_row(t))
            .collect();
        let feed = relative(&self.from, &format!("{}/feed.xml", self.lang.code()), false);
        let draft_doc = s
            .site
            .tasks
            .iter()
            .find_map(|t| t.draft.as_ref())
            .and_then(|d| s.site.documents.iter().position(|x| x.id == d.document));
        let ctx = json!({
            "reports": reports,
            "renumbered": renumbered,
            "changed": changed,
            "added": added,
            "dropped": dropped,
            "feed": feed,
            "draft": draft_doc.map(|d| self.doc_label(d)),
            "plan": self.doc_label(s.plan),
        });
        let title = self.ui("changes_title");
        let v = self.frame(&route, title.clone(), vec![(title, None)], ctx);
        (route, "changes.html", v)
    }

    /// An Atom feed: progress reports (of one agency's tasks, or all) and the data date.
    fn feed(&mut self, agency: Option<usize>) -> PageOut {
        let s = self.site;
        let route = Route::Feed(self.lang, agency.map(|a| s.site.agencies[a].id.clone()));
        self.from = route.path();
        let tasks: Vec<usize> = match agency {
            Some(a) => s.agencies[a].leads.clone(),
            None => s.tasks_in_order.clone(),
        };
        let entries = self.report_entries(&tasks);
        let as_of = s.site.config.data_as_of;
        let latest = tasks
            .iter()
            .flat_map(|&t| s.site.tasks[t].reports.iter().map(|r| r.date))
            .chain(std::iter::once(as_of))
            .max()
            .unwrap_or(as_of);
        let base = self.opts.base_url.clone();
        let abs = |r: &Route| base.as_ref().map(|b| format!("{b}{}", pretty(&r.path())));
        let self_url = abs(&route);
        let id_base = self_url.clone().unwrap_or_else(|| {
            format!(
                "urn:camket:{}:{}",
                s.site.documents[s.plan].id,
                route.path()
            )
        });
        let title = match agency {
            Some(a) => format!(
                "{} {}",
                self.ui("feed_agency_title"),
                s.site.agencies[a].name.get(self.lang).0
            ),
            None => format!(
                "{} · {}",
                self.ui("feed_title"),
                s.site.config.title.get(self.lang).0
            ),
        };
        let alternate = match agency {
            Some(a) => Route::Record(self.lang, "agencies", s.site.agencies[a].id.clone()),
            None => Route::List(self.lang, "changes"),
        };
        let ctx = json!({
            "feed": {
                "title": title,
                "id": id_base,
                "self": self_url.unwrap_or_else(|| "feed.xml".to_owned()),
                "alternate": self.href(&alternate),
                "updated": format!("{latest}T00:00:00+07:00"),
                "lang": self.lang.code(),
                "author": s.site.config.publisher.get(self.lang).0,
                "as_of": self.fmt.date(self.lang, as_of),
                "as_of_iso": format!("{as_of}T00:00:00+07:00"),
                "as_of_label": self.ui("feed_data_entry"),
                "changes_href": self.href(&Route::List(self.lang, "changes")),
                "entries": entries,
            },
        });
        (route, "feed.xml", self.to_value(ctx))
    }

    fn data_page(&mut self) -> PageOut {
        let route = Route::List(self.lang, "data");
        self.from = route.path();
        let tables: Vec<J> = crate::render::data::tables()
            .iter()
            .map(|t| {
                let link =
                    |ext: &str| relative(&self.from, &format!("data/{}.{ext}", t.kind), false);
                json!({
                    "kind": t.kind,
                    "label": self.ui(&format!("nav_{}", t.kind)),
                    "json": link("json"),
                    "csv": link("csv"),
                    "schema": link("schema.json"),
                    "per_record": t.has_pages,
                    "fields": t.columns().iter().map(|f| json!({
                        "name": f.name,
                        "type": f.ty.name(),
                        "meaning": if self.lang == Lang::Vi { f.vi } else { f.en },
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let ctx = json!({"tables": tables});
        let title = self.ui("data_title");
        let v = self.frame(&route, title.clone(), vec![(title, None)], ctx);
        (route, "data.html", v)
    }

    // ----- pages ---------------------------------------------------------------------------

    /// The status overview of some approved tasks: completion reports, past deadline without
    /// one, due this year, recurring, no report yet (worded so that no data never reads as
    /// inaction).
    fn overview(&self, tasks: &[usize]) -> J {
        let s = self.site;
        let year = s.site.config.data_as_of.year() as i32;
        let count = |f: &dyn Fn(usize) -> bool| tasks.iter().filter(|&&i| f(i)).count();
        json!({
            "total": tasks.len(),
            "completed": count(&|i| matches!(s.tasks[i].status, Status::CompletedOnTime | Status::CompletedLate)),
            "past_deadline": count(&|i| s.tasks[i].status == Status::PastDeadlineNoReport),
            "due_this_year": count(&|i| s.tasks[i].end_date.is_some_and(|d| d.year() as i32 == year) && !matches!(s.tasks[i].status, Status::CompletedOnTime | Status::CompletedLate)),
            "recurring": count(&|i| matches!(s.site.tasks[i].deadline.as_ref().map(|d| &d.kind), Some(DeadlineKind::Recurring(_)))),
            "no_report": count(&|i| s.site.tasks[i].reports.is_empty()),
            "year": year,
        })
    }

    /// A chart and the table it draws: `head` is the header row; each row is its label then
    /// one cell per series, then the total.
    fn chart(&self, title: String, series: Vec<charts::Series>, rows: Vec<charts::Row>) -> J {
        let svg = charts::stacked_bars(&title, &series, &rows);
        let mut head = vec![String::new()];
        if series.len() > 1 {
            head.extend(series.iter().map(|s| s.label.clone()));
        }
        head.push(self.ui("chart_total"));
        let table: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                let mut cells = vec![r.label.clone()];
                if series.len() > 1 {
                    cells.extend(r.values.iter().map(|v| self.fmt.number(self.lang, *v)));
                }
                cells.push(r.total_text.clone());
                cells
            })
            .collect();
        json!({"title": title, "svg": svg, "head": head, "rows": table})
    }

    /// The home page's charts: tasks by deadline year and status, the budget by funding source
    /// and by solution group, and the timeline of deadlines and indicator horizons.
    fn home_charts(&self, approved: &[usize]) -> J {
        let s = self.site;
        let statuses: Vec<Status> = Status::ALL
            .into_iter()
            .filter(|st| approved.iter().any(|&t| s.tasks[t].status == *st))
            .collect();
        let series: Vec<charts::Series> = statuses
            .iter()
            .map(|st| charts::Series {
                class: format!("status-{}", st.key()),
                label: self.ui(&format!("status_{}", st.key())),
            })
            .collect();
        let mut years: BTreeMap<Option<i16>, Vec<usize>> = BTreeMap::new();
        for &t in approved {
            let recurring = matches!(
                s.site.tasks[t].deadline.as_ref().map(|d| &d.kind),
                Some(DeadlineKind::Recurring(_))
            );
            // Years in order, then recurring, then not stated.
            let key = if recurring {
                Some(i16::MAX - 1)
            } else {
                Some(s.tasks[t].end_date.map_or(i16::MAX, |d| d.year()))
            };
            years.entry(key).or_default().push(t);
        }
        let year_label = |y: Option<i16>| match y {
            Some(i16::MAX) | None => self.ui("not_stated"),
            Some(y) if y == i16::MAX - 1 => self.ui("facet_recurring"),
            Some(y) => y.to_string(),
        };
        let rows: Vec<charts::Row> = years
            .iter()
            .map(|(y, ts)| charts::Row {
                label: year_label(*y),
                values: statuses
                    .iter()
                    .map(|st| {
                        Decimal::from(ts.iter().filter(|&&t| s.tasks[t].status == *st).count())
                    })
                    .collect(),
                total_text: ts.len().to_string(),
            })
            .collect();
        let by_year = self.chart(self.ui("chart_tasks_by_year"), series, rows);

        let money = |b: &BudgetItem| charts::Row {
            label: b.title.get(self.lang).0.to_owned(),
            values: vec![b.amount.0],
            total_text: format!("{} {}", self.amount(b.amount), self.ui("billion_vnd")),
        };
        let one = vec![charts::Series {
            class: "budget".into(),
            label: self.ui("nav_budget"),
        }];
        let total = s
            .site
            .budget
            .iter()
            .find(|b| b.facet == Facet::Total && b.parent.is_none());
        let by_source: Vec<charts::Row> = s
            .site
            .budget
            .iter()
            .filter(|b| {
                b.facet == Facet::Source
                    && b.parent.is_some()
                    && b.parent.as_deref() == total.map(|t| t.id.as_str())
            })
            .map(money)
            .collect();
        let envelope_ids: Vec<&str> = s
            .site
            .budget
            .iter()
            .filter(|b| b.facet == Facet::Envelope)
            .map(|b| b.id.as_str())
            .collect();
        let mut by_group: Vec<(u32, &BudgetItem)> = s
            .site
            .budget
            .iter()
            .filter(|b| {
                b.facet == Facet::Envelope
                    && b.parent
                        .as_deref()
                        .is_none_or(|p| !envelope_ids.contains(&p))
            })
            .filter_map(|b| {
                let g = s
                    .site
                    .groups
                    .iter()
                    .find(|g| Some(&g.id) == b.group.as_ref())?;
                Some((g.order, b))
            })
            .collect();
        by_group.sort_by_key(|(o, b)| (*o, b.id.clone()));
        let by_group: Vec<charts::Row> = by_group
            .into_iter()
            .map(|(_, b)| {
                let g = s
                    .site
                    .groups
                    .iter()
                    .find(|g| Some(&g.id) == b.group.as_ref());
                let mut row = money(b);
                if let Some(g) = g {
                    row.label = format!("{}. {}", g.number, row.label);
                }
                row
            })
            .collect();

        // Timeline: task deadlines per year, indicator horizons.
        let mut marks: Vec<charts::Mark> = years
            .iter()
            .filter_map(|(y, ts)| match y {
                Some(y) if *y < i16::MAX - 1 => Some(charts::Mark {
                    year: *y,
                    count: ts.len(),
                    text: ts.len().to_string(),
                    class: "tasks".into(),
                }),
                _ => None,
            })
            .collect();
        let mut horizons: BTreeMap<u16, usize> = BTreeMap::new();
        for o in &s.site.objectives {
            *horizons.entry(o.horizon).or_default() += 1;
        }
        for (h, n) in &horizons {
            marks.push(charts::Mark {
                year: *h as i16,
                count: *n,
                text: n.to_string(),
                class: "objectives".into(),
            });
        }
        let timeline_title = self.ui("timeline_title");
        let timeline = json!({
            "title": timeline_title,
            "svg": charts::timeline(&timeline_title, &marks),
            "items": marks.iter().map(|m| {
                let key = if m.class == "tasks" { "timeline_tasks" } else { "timeline_objectives" };
                json!({"year": m.year, "text": self.ui(key).replace("{n}", &m.count.to_string())})
            }).collect::<Vec<_>>(),
        });
        json!({
            "by_year": by_year,
            "budget_by_source": (!by_source.is_empty()).then(|| self.chart(self.ui("chart_budget_by_source"), one.clone(), by_source)),
            "budget_by_group": (!by_group.is_empty()).then(|| self.chart(self.ui("chart_budget_by_group"), one.clone(), by_group)),
            "timeline": timeline,
        })
    }

    fn home(&mut self) -> PageOut {
        let s = self.site;
        let route = Route::Home(self.lang);
        self.from = route.path();
        let approved: Vec<usize> = (0..s.site.tasks.len())
            .filter(|&i| s.site.tasks[i].in_approved_plan)
            .collect();
        let overview = self.overview(&approved);
        let home_charts = self.home_charts(&approved);
        let total_budget = s
            .site
            .budget
            .iter()
            .find(|b| b.facet == Facet::Total && b.parent.is_none())
            .map(|b| json!({"title": self.text(&b.title), "amount": self.amount(b.amount)}));
        let groups: Vec<J> = s
            .site
            .groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.kind == GroupKind::Task)
            .map(|(gi, g)| {
                let n = approved.iter().filter(|&&t| s.tasks[t].group == gi).count();
                json!({"number": g.number, "title": self.text(&g.title), "count": n, "href": format!("{}#{}", self.href(&Route::List(self.lang, "tasks")), g.id)})
            })
            .collect();
        let plan = self.doc_label(s.plan);
        let ctx = json!({
            "plan": plan,
            "overview": overview,
            "counts": {
                "tasks": approved.len(),
                "draft_only": s.site.tasks.len() - approved.len(),
                "objectives": s.site.objectives.len(),
                "projects": s.site.projects.len(),
                "agencies": s.site.agencies.len(),
                "documents": s.site.documents.len(),
            },
            "links": {
                "tasks": self.href(&Route::List(self.lang, "tasks")),
                "objectives": self.href(&Route::List(self.lang, "objectives")),
                "projects": self.href(&Route::List(self.lang, "projects")),
                "agencies": self.href(&Route::List(self.lang, "agencies")),
                "documents": self.href(&Route::List(self.lang, "documents")),
                "budget": self.href(&Route::List(self.lang, "budget")),
                "glossary": self.href(&Route::List(self.lang, "glossary")),
                "pages": s.site.pages.iter().map(|p| json!({"href": self.rec("pages", &p.id), "title": self.page_title(p)})).collect::<Vec<_>>(),
            },
            "total_budget": total_budget,
            "groups": groups,
            "charts": home_charts,
        });
        let title = s.site.config.title.get(self.lang).0.to_owned();
        let v = self.frame(&route, title, vec![], ctx);
        (route, "home.html", v)
    }

    fn page_title(&self, p: &Page) -> J {
        match (self.lang, &p.en) {
            (Lang::En, Some(en)) => self.plain_lang(en.title.clone().unwrap_or_default(), "en"),
            _ => {
                json!({"text": p.vi.title.clone().unwrap_or_default(), "missing": self.lang == Lang::En, "lang": "vi", "marker": if self.lang == Lang::En { self.ui("not_translated") } else { String::new() }})
            }
        }
    }

    fn plain_lang(&self, s: String, lang: &str) -> J {
        json!({"text": s, "missing": false, "lang": lang, "marker": ""})
    }

    fn task_list(&mut self) -> PageOut {
        let s = self.site;
        let route = Route::List(self.lang, "tasks");
        self.from = route.path();
        let mut groups = Vec::new();
        for (gi, g) in s
            .site
            .groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.kind == GroupKind::Task)
        {
            let rows: Vec<J> = s
                .tasks_in_order
                .iter()
                .filter(|&&t| s.tasks[t].group == gi && s.site.tasks[t].in_approved_plan)
                .map(|&t| self.task_row(t))
                .collect();
            groups.push(json!({"id": g.id, "number": g.number, "title": self.text(&g.title), "tasks": rows}));
        }
        let draft_only: Vec<J> = s
            .tasks_in_order
            .iter()
            .filter(|&&t| !s.site.tasks[t].in_approved_plan)
            .map(|&t| self.task_row(t))
            .collect();
        let total = s.site.tasks.iter().filter(|t| t.in_approved_plan).count();
        let statuses: Vec<J> = Status::ALL
            .iter()
            .map(|st| json!({"key": st.key().replace('_', "-"), "label": self.ui(&format!("status_{}", st.key()))}))
            .collect();
        let ctx = json!({"groups": groups, "draft_only": draft_only, "total": total, "facet_nav": self.facet_nav("tasks"), "statuses": statuses, "filter_js": self.asset("filter.js")});
        let v = self.frame(
            &route,
            self.ui("nav_tasks"),
            vec![(self.ui("nav_tasks"), None)],
            ctx,
        );
        (route, "task_list.html", v)
    }

    /// Links to the four views of the task list, the current one marked.
    fn facet_nav(&self, current: &str) -> Vec<J> {
        std::iter::once("tasks")
            .chain(FACETS)
            .map(|f| {
                json!({
                    "href": self.href(&Route::List(self.lang, f)),
                    "label": self.ui(&format!("facet_{}", f.replace('-', "_"))),
                    "current": f == current,
                })
            })
            .collect()
    }

    /// The approved tasks grouped by lead agency, deadline year or status: static pages, so the
    /// list can be filtered without JavaScript.
    fn task_facet(&mut self, facet: &'static str) -> PageOut {
        let s = self.site;
        let route = Route::List(self.lang, facet);
        self.from = route.path();
        let approved: Vec<usize> = s
            .tasks_in_order
            .iter()
            .copied()
            .filter(|&t| s.site.tasks[t].in_approved_plan)
            .collect();
        // (anchor, label, tasks)
        let mut buckets: Vec<(String, String, Vec<usize>)> = Vec::new();
        match facet {
            "tasks-by-agency" => {
                let order = match self.lang {
                    Lang::Vi => &s.agencies_by_name,
                    Lang::En => &s.agencies_by_name_en,
                };
                // The approved tasks each agency leads, in task order (one pass, not one per
                // agency).
                let mut led: Vec<Vec<usize>> = vec![Vec::new(); s.site.agencies.len()];
                for &t in &approved {
                    for p in &s.tasks[t].lead {
                        if let LParty::Agency(x) | LParty::Text(_, Some(x)) = p
                            && let Some(ts) = led.get_mut(*x)
                            && ts.last() != Some(&t)
                        {
                            ts.push(t);
                        }
                    }
                }
                for &a in order {
                    let ts = led.get_mut(a).map(std::mem::take).unwrap_or_default();
                    if !ts.is_empty() {
                        let ag = &s.site.agencies[a];
                        buckets.push((ag.id.clone(), ag.name.get(self.lang).0.to_owned(), ts));
                    }
                }
                let other: Vec<usize> = approved
                    .iter()
                    .copied()
                    .filter(|&t| {
                        !s.tasks[t]
                            .lead
                            .iter()
                            .any(|p| matches!(p, LParty::Agency(_) | LParty::Text(_, Some(_))))
                    })
                    .collect();
                if !other.is_empty() {
                    buckets.push(("khac".into(), self.ui("facet_other_lead"), other));
                }
            }
            "tasks-by-year" => {
                let mut years: BTreeMap<i16, Vec<usize>> = BTreeMap::new();
                let mut recurring = Vec::new();
                let mut none = Vec::new();
                for &t in &approved {
                    let recur = matches!(
                        s.site.tasks[t].deadline.as_ref().map(|d| &d.kind),
                        Some(DeadlineKind::Recurring(_))
                    );
                    match s.tasks[t].end_date {
                        _ if recur => recurring.push(t),
                        Some(d) => years.entry(d.year()).or_default().push(t),
                        None => none.push(t),
                    }
                }
                for (y, ts) in years {
                    buckets.push((format!("nam-{y}"), y.to_string(), ts));
                }
                if !recurring.is_empty() {
                    buckets.push(("thuong-xuyen".into(), self.ui("facet_recurring"), recurring));
                }
                if !none.is_empty() {
                    buckets.push(("khong-neu".into(), self.ui("not_stated"), none));
                }
            }
            _ => {
                for st in Status::ALL {
                    let ts: Vec<usize> = approved
                        .iter()
                        .copied()
                        .filter(|&t| s.tasks[t].status == st)
                        .collect();
                    if !ts.is_empty() {
                        buckets.push((
                            st.key().replace('_', "-"),
                            self.ui(&format!("status_{}", st.key())),
                            ts,
                        ));
                    }
                }
            }
        }
        let groups: Vec<J> = buckets
            .iter()
            .map(|(id, label, ts)| json!({"id": id, "label": label, "tasks": ts.iter().map(|&t| self.task_row(t)).collect::<Vec<_>>()}))
            .collect();
        let title = self.ui(&format!("facet_{}", facet.replace('-', "_")));
        let ctx = json!({
            "facet": facet,
            "facet_title": title,
            "facet_nav": self.facet_nav(facet),
            "groups": groups,
            "total": approved.len(),
        });
        let crumbs = vec![
            (self.ui("nav_tasks"), Some(Route::List(self.lang, "tasks"))),
            (title.clone(), None),
        ];
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "task_facet.html", v)
    }

    fn task(&mut self, ti: usize) -> PageOut {
        let s = self.site;
        let t = &s.site.tasks[ti];
        let l = &s.tasks[ti];
        let route = Route::Record(self.lang, "tasks", t.id.clone());
        self.from = route.path();
        let g = &s.site.groups[l.group];
        let basis: Vec<J> = l
            .basis
            .iter()
            .map(|c| {
                let mut label = self.doc_label(c.document);
                if let Some(a) = &c.anchor {
                    label["href"] = json!(format!("{}#{a}", label["href"].as_str().unwrap_or("")));
                }
                json!({"document": label, "clause": c.clause, "anchor": c.anchor, "as_written": c.as_written.as_deref().map(|w| self.plain(w))})
            })
            .collect();
        let draft = t.draft.as_ref().map(|d| {
            let changes: Vec<J> = d
                .changes
                .iter()
                .map(|(field, draft_text)| {
                    let approved = match *field {
                        "title" => self.text(&t.title),
                        "deadline" => t.deadline.as_ref().map(|x| self.text(&x.text)).unwrap_or(J::Null),
                        "result" => self.opt_text(&t.result),
                        "lead" => J::Null,
                        "coordinators" => J::Null,
                        "basis" => match t.basis.iter().filter_map(|c| c.as_written.clone()).collect::<Vec<_>>() {
                            v if v.is_empty() => J::Null,
                            v => self.plain(&v.join("; ")),
                        },
                        _ => J::Null,
                    };
                    json!({"field": self.ui(&format!("field_{field}")), "draft": self.text(draft_text), "approved": approved})
                })
                .collect();
            json!({
                "number": d.number,
                "document": l.draft_document.map(|di| self.doc_label(di)),
                "changes": changes,
                "note": self.opt_text(&d.note),
                "renumbered": d.number != t.number,
            })
        });
        let reports: Vec<J> = t
            .reports
            .iter()
            .rev()
            .map(|r| {
                let evidence: Vec<J> = r
                    .evidence
                    .iter()
                    .map(|e| match e {
                        Evidence::Url(u) => json!({"href": u, "label": u}),
                        Evidence::Document(d) => {
                            let di = self.prep.doc_index.get(d).copied().unwrap_or(0);
                            let dl = self.doc_label(di);
                            json!({"href": dl["href"], "label": dl["label"]})
                        }
                    })
                    .collect();
                json!({
                    "date": self.fmt.date(self.lang, r.date),
                    "date_iso": r.date.to_string(),
                    "status": self.ui(&format!("status_{}", r.status.key())),
                    "percent": r.percent,
                    "note": self.opt_text(&r.note),
                    "evidence": evidence,
                })
            })
            .collect();
        let title = format!("{} {}", t.number, t.title.get(self.lang).0);
        let ctx = json!({
            "task": {
                "number": t.number,
                "title": self.text(&t.title),
                "group": {"number": g.number, "title": self.text(&g.title), "href": format!("{}#{}", self.href(&Route::List(self.lang, "tasks")), g.id)},
                "lead": self.parties(&l.lead),
                "coordinators": self.parties(&l.coordinators),
                "result": self.opt_text(&t.result),
                "deadline": self.deadline(&t.deadline, l.end_date),
                "basis": basis,
                "budget": self.money(&t.budget),
                "objectives": l.objectives.iter().map(|&o| self.objective_row(o)).collect::<Vec<_>>(),
                "projects": l.projects.iter().map(|&p| self.project_row(p)).collect::<Vec<_>>(),
                "in_plan": t.in_approved_plan,
                "draft": draft,
                "reports": reports,
                "status": self.status(l.status),
                "notes": self.notes(&t.notes),
                "source": self.source(&l.source),
                "id": t.id,
            },
        });
        let crumbs = vec![
            (self.ui("nav_tasks"), Some(Route::List(self.lang, "tasks"))),
            (t.number.clone(), None),
        ];
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "task.html", v)
    }

    fn alias(&mut self, alias: &str, target: &Route) -> PageOut {
        let route = Route::Alias(self.lang, alias.to_owned());
        self.from = route.path();
        let ctx = json!({"target": self.href(target)});
        let v = self.frame(&route, self.ui("redirect_title"), vec![], ctx);
        (route, "redirect.html", v)
    }

    fn agency_list(&mut self) -> PageOut {
        let s = self.site;
        let route = Route::List(self.lang, "agencies");
        self.from = route.path();
        let order = if self.lang == Lang::Vi {
            &s.agencies_by_name
        } else {
            &s.agencies_by_name_en
        };
        let rows: Vec<J> = order.iter().map(|&a| self.agency_row(a)).collect();
        let approved = |ts: &Vec<usize>| {
            ts.iter()
                .filter(|&&t| s.site.tasks[t].in_approved_plan)
                .count()
        };
        let mut counted: Vec<(usize, usize, usize)> = order
            .iter()
            .map(|&a| {
                (
                    a,
                    approved(&s.agencies[a].leads),
                    approved(&s.agencies[a].supports),
                )
            })
            .filter(|(_, l, c)| l + c > 0)
            .collect();
        counted.sort_by_key(|x| std::cmp::Reverse((x.1, x.2)));
        let series = vec![
            charts::Series {
                class: "lead".into(),
                label: self.ui("chart_lead"),
            },
            charts::Series {
                class: "support".into(),
                label: self.ui("chart_support"),
            },
        ];
        let chart_rows: Vec<charts::Row> = counted
            .iter()
            .map(|&(a, l, c)| charts::Row {
                label: s.site.agencies[a].name.get(self.lang).0.to_owned(),
                values: vec![Decimal::from(l), Decimal::from(c)],
                total_text: (l + c).to_string(),
            })
            .collect();
        let chart = self.chart(self.ui("chart_tasks_per_agency"), series, chart_rows);
        let ctx = json!({"agencies": rows, "chart": chart});
        let v = self.frame(
            &route,
            self.ui("nav_agencies"),
            vec![(self.ui("nav_agencies"), None)],
            ctx,
        );
        (route, "agency_list.html", v)
    }

    /// A printable A4 report of one agency: its tasks (lead, then coordinating) with deadline,
    /// status and budget, the status overview and its duties, fit for an official dispatch.
    fn agency_report(&mut self, ai: usize) -> PageOut {
        let s = self.site;
        let a = &s.site.agencies[ai];
        let l = &s.agencies[ai];
        let route = Route::Record(self.lang, "agency-reports", a.id.clone());
        self.from = route.path();
        let in_order = |v: &Vec<usize>| -> Vec<usize> {
            let mut v: Vec<usize> = v
                .iter()
                .copied()
                .filter(|&t| s.site.tasks[t].in_approved_plan)
                .collect();
            v.sort_by_key(|&t| self.prep.task_rank[t]);
            v
        };
        let leads = in_order(&l.leads);
        let budget: Decimal = leads
            .iter()
            .filter_map(|&t| s.site.tasks[t].budget.as_ref().and_then(|b| b.amount))
            .map(|a| a.0)
            .sum();
        let with_budget = leads
            .iter()
            .filter(|&&t| {
                s.site.tasks[t]
                    .budget
                    .as_ref()
                    .and_then(|b| b.amount)
                    .is_some()
            })
            .count();
        let name = a.name.get(self.lang).0.to_owned();
        let ctx = json!({
            "report": {
                "name": self.text(&a.name),
                "agency_href": self.rec("agencies", &a.id),
                "plan": self.doc_label(s.plan),
                "overview": self.overview(&leads),
                "leads": leads.iter().map(|&t| self.task_row(t)).collect::<Vec<_>>(),
                "supports": in_order(&l.supports).into_iter().map(|t| self.task_row(t)).collect::<Vec<_>>(),
                "budget_total": self.amount(Amount(budget)),
                "budget_tasks": with_budget,
                "duties": a.duties.iter().map(|d| json!({"label": d.label, "text": self.text(&d.text)})).collect::<Vec<_>>(),
            }
        });
        let title = format!("{} — {}", self.ui("agency_report_title"), name);
        let crumbs = vec![
            (
                self.ui("nav_agencies"),
                Some(Route::List(self.lang, "agencies")),
            ),
            (
                name,
                Some(Route::Record(self.lang, "agencies", a.id.clone())),
            ),
            (self.ui("agency_report_title"), None),
        ];
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "agency_report.html", v)
    }

    fn agency(&mut self, ai: usize) -> PageOut {
        let s = self.site;
        let a = &s.site.agencies[ai];
        let l = &s.agencies[ai];
        let route = Route::Record(self.lang, "agencies", a.id.clone());
        self.from = route.path();
        let sorted = |v: &Vec<usize>| -> Vec<usize> {
            let mut v = v.clone();
            v.sort_by_key(|&t| self.prep.task_rank[t]);
            v
        };
        let duties: Vec<J> = a
            .duties
            .iter()
            .zip(&l.duties)
            .map(|(d, src)| json!({"label": d.label, "text": self.text(&d.text), "source": self.source(src)}))
            .collect();
        let ctx = json!({
            "agency": {
                "name": self.text(&a.name),
                "short_name": self.opt_text(&a.short_name),
                "aliases": a.aliases,
                "kind": self.ui(&format!("agency_kind_{}", a.kind.key())),
                "url": a.url,
                "duties": duties,
                "overview": self.overview(&l.leads.iter().copied().filter(|&t| s.site.tasks[t].in_approved_plan).collect::<Vec<_>>()),
                "report_href": (!l.leads.is_empty() || !l.supports.is_empty()).then(|| self.rec("agency-reports", &a.id)),
                "leads": sorted(&l.leads).into_iter().map(|t| self.task_row(t)).collect::<Vec<_>>(),
                "supports": sorted(&l.supports).into_iter().map(|t| self.task_row(t)).collect::<Vec<_>>(),
                "objectives_led": l.objectives_led.iter().map(|&o| self.objective_row(o)).collect::<Vec<_>>(),
                "objectives_supported": l.objectives_supported.iter().map(|&o| self.objective_row(o)).collect::<Vec<_>>(),
                "projects": l.projects.iter().map(|&p| self.project_row(p)).collect::<Vec<_>>(),
                "notes": self.notes(&a.notes),
                "source": self.source(&l.source),
            }
        });
        let name = a.name.get(self.lang).0.to_owned();
        let crumbs = vec![
            (
                self.ui("nav_agencies"),
                Some(Route::List(self.lang, "agencies")),
            ),
            (name.clone(), None),
        ];
        let v = self.frame(&route, name, crumbs, ctx);
        (route, "agency.html", v)
    }

    fn objective_list(&mut self) -> PageOut {
        let s = self.site;
        let route = Route::List(self.lang, "objectives");
        self.from = route.path();
        let mut horizons: Vec<u16> = s.site.objectives.iter().map(|o| o.horizon).collect();
        horizons.sort_unstable();
        horizons.dedup();
        let hz: Vec<J> = horizons
            .iter()
            .map(|&h| {
                let in_h: Vec<usize> = s.objectives_in_order.iter().copied().filter(|&o| s.site.objectives[o].horizon == h).collect();
                let mut groups = Vec::new();
                for (gi, g) in s.site.groups.iter().enumerate().filter(|(_, g)| g.kind == GroupKind::Objective && g.horizon.is_none_or(|gh| gh == h)) {
                    let rows: Vec<J> = in_h.iter().filter(|&&o| s.objectives[o].group == Some(gi)).map(|&o| self.objective_row(o)).collect();
                    if !rows.is_empty() {
                        groups.push(json!({"id": g.id, "number": g.number, "title": self.text(&g.title), "objectives": rows}));
                    }
                }
                let ungrouped: Vec<J> = in_h.iter().filter(|&&o| s.objectives[o].group.is_none()).map(|&o| self.objective_row(o)).collect();
                json!({"year": h, "count": in_h.len(), "groups": groups, "ungrouped": ungrouped})
            })
            .collect();
        let ctx = json!({"horizons": hz, "total": s.site.objectives.len(), "intro": self.opt_text(&s.site.config.objectives_intro)});
        let v = self.frame(
            &route,
            self.ui("nav_objectives"),
            vec![(self.ui("nav_objectives"), None)],
            ctx,
        );
        (route, "objective_list.html", v)
    }

    fn objective(&mut self, oi: usize) -> PageOut {
        let s = self.site;
        let o = &s.site.objectives[oi];
        let l = &s.objectives[oi];
        let route = Route::Record(self.lang, "objectives", o.id.clone());
        self.from = route.path();
        let parts: Vec<J> = o
            .parts
            .iter()
            .map(|p| json!({"title": self.text(&p.title), "target": self.target(&p.target)}))
            .collect();
        let ctx = json!({
            "objective": {
                "number": o.number,
                "horizon": o.horizon,
                "title": self.text(&o.title),
                "unit": self.opt_text(&o.unit),
                "target": self.target(&o.target),
                "parts": parts,
                "group": l.group.map(|g| json!({"number": s.site.groups[g].number, "title": self.text(&s.site.groups[g].title)})),
                "parent": l.parent.map(|p| self.objective_row(p)),
                "children": l.children.iter().map(|&c| self.objective_row(c)).collect::<Vec<_>>(),
                "lead": self.parties(&l.lead),
                "coordinators": self.parties(&l.coordinators),
                "tasks": l.tasks.iter().map(|&t| self.task_row(t)).collect::<Vec<_>>(),
                "notes": self.notes(&o.notes),
                "source": self.source(&l.source),
            }
        });
        let title = format!("{} {}", o.number, o.title.get(self.lang).0);
        let crumbs = vec![
            (
                self.ui("nav_objectives"),
                Some(Route::List(self.lang, "objectives")),
            ),
            (format!("{} ({})", o.number, o.horizon), None),
        ];
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "objective.html", v)
    }

    fn project_list(&mut self) -> PageOut {
        let route = Route::List(self.lang, "projects");
        self.from = route.path();
        let rows: Vec<J> = (0..self.site.site.projects.len())
            .map(|p| self.project_row(p))
            .collect();
        let table_total = self
            .site
            .site
            .budget
            .iter()
            .find(|b| b.facet == Facet::Total && b.parent.is_none() && !b.projects.is_empty())
            .map(|b| json!({"title": self.text(&b.title), "amount": self.amount(b.amount), "notes": self.notes(&b.notes)}));
        let sum: rust_decimal::Decimal = self
            .site
            .site
            .projects
            .iter()
            .filter_map(|p| p.budget.as_ref()?.amount)
            .map(|a| a.0)
            .sum();
        let ctx = json!({"projects": rows, "sum": self.fmt.number(self.lang, sum), "table_total": table_total});
        let v = self.frame(
            &route,
            self.ui("nav_projects"),
            vec![(self.ui("nav_projects"), None)],
            ctx,
        );
        (route, "project_list.html", v)
    }

    fn project(&mut self, pi: usize) -> PageOut {
        let s = self.site;
        let p = &s.site.projects[pi];
        let l = &s.projects[pi];
        let route = Route::Record(self.lang, "projects", p.id.clone());
        self.from = route.path();
        let ctx = json!({
            "project": {
                "number": p.number,
                "title": self.text(&p.title),
                "lead": self.parties(&l.lead),
                "budget": self.money(&p.budget),
                "phasing": self.phases(&p.phasing),
                "phasing_chart": (!p.phasing.is_empty()).then(|| {
                    let rows = p.phasing.iter().map(|ph| charts::Row {
                        label: ph.year.to_string(),
                        values: vec![ph.amount.0],
                        total_text: format!("{} {}", self.amount(ph.amount), self.ui("billion_vnd")),
                    }).collect();
                    self.chart(self.ui("chart_phasing"), vec![charts::Series { class: "budget".into(), label: self.ui("nav_budget") }], rows)
                }),
                "tasks": l.tasks.iter().map(|&t| self.task_row(t)).collect::<Vec<_>>(),
                "notes": self.notes(&p.notes),
                "source": self.source(&l.source),
            }
        });
        let title = p.title.get(self.lang).0.to_owned();
        let crumbs = vec![
            (
                self.ui("nav_projects"),
                Some(Route::List(self.lang, "projects")),
            ),
            (p.number.clone(), None),
        ];
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "project.html", v)
    }

    fn document_list(&mut self) -> PageOut {
        let s = self.site;
        let route = Route::List(self.lang, "documents");
        self.from = route.path();
        let mut groups: Vec<J> = Vec::new();
        let mut current: Option<DocType> = None;
        let mut rows: Vec<J> = Vec::new();
        for &di in &s.documents_in_order {
            let d = &s.site.documents[di];
            if current.is_some_and(|c| c != d.doc_type) {
                groups.push(json!({"type": self.ui(&format!("doctypes_{}", current.map(DocType::key).unwrap_or("other"))), "documents": std::mem::take(&mut rows)}));
            }
            current = Some(d.doc_type);
            let mut row = self.doc_label(di);
            row["tasks"] = json!(s.documents[di].tasks.len());
            row["hosted"] = json!(d.text.vi.is_some());
            rows.push(row);
        }
        if let Some(c) = current {
            groups.push(
                json!({"type": self.ui(&format!("doctypes_{}", c.key())), "documents": rows}),
            );
        }
        let ctx = json!({"groups": groups, "total": s.site.documents.len()});
        let v = self.frame(
            &route,
            self.ui("nav_documents"),
            vec![(self.ui("nav_documents"), None)],
            ctx,
        );
        (route, "document_list.html", v)
    }

    fn document(&mut self, di: usize) -> PageOut {
        let s = self.site;
        let d = &s.site.documents[di];
        let l = &s.documents[di];
        let route = Route::Record(self.lang, "documents", d.id.clone());
        self.from = route.path();
        let text = match (self.lang, &d.text.en, &d.text.vi) {
            (Lang::En, Some(en), _) => Some((en, "en", false)),
            (_, _, Some(vi)) => Some((vi, "vi", self.lang == Lang::En)),
            _ => None,
        };
        let tasks: Vec<J> = l
            .tasks
            .iter()
            .map(|(t, clause)| {
                let mut row = self.task_row(*t);
                row["clause"] = json!(clause);
                row
            })
            .collect();
        let cited_by: Vec<J> = l
            .cited_by
            .iter()
            .map(|c| {
                let label = self.doc_label(c.document);
                let base = label["href"].as_str().unwrap_or("").to_owned();
                let places: Vec<J> = c
                    .places
                    .iter()
                    .map(|a| {
                        let label = match a.strip_prefix('l').and_then(|n| n.parse::<u32>().ok()) {
                            Some(n) => format!("{} {n}", self.ui("line")),
                            None => format!("§ {a}"),
                        };
                        json!({"href": format!("{base}#{a}"), "label": label})
                    })
                    .collect();
                json!({"document": label, "places": places})
            })
            .collect();
        let mentioned_tasks: Vec<J> = l
            .mentioned_by_tasks
            .iter()
            .map(|&t| self.task_row(t))
            .collect();
        let objectives: Vec<J> = l
            .mentioned_by_objectives
            .iter()
            .map(|&o| self.objective_row(o))
            .collect();
        let projects: Vec<J> = l
            .mentioned_by_projects
            .iter()
            .map(|&p| self.project_row(p))
            .collect();
        let rests_total = tasks.len()
            + mentioned_tasks.len()
            + objectives.len()
            + projects.len()
            + cited_by.len();
        let cites: Vec<J> = l.cites.iter().map(|&c| self.doc_label(c)).collect();
        let cited_as: Vec<J> = l
            .cited_as
            .iter()
            .map(|c| self.source(&Some(c.clone())))
            .collect();
        let (prov_t, prov_o, prov_p) = &l.provenance_of;
        let ctx = json!({
            "document": {
                "label": self.doc_label(di),
                "number": d.number,
                "aliases": d.aliases,
                "type": self.ui(&format!("doctype_{}", d.doc_type.key())),
                "issuer": self.opt_text(&d.issuer),
                "date": d.date.map(|x| self.fmt.date(self.lang, x)),
                "title": self.opt_text(&d.title),
                "url": d.url,
                "validity": self.opt_text(&d.validity),
                "notes": self.notes(&d.notes),
                "tasks": tasks,
                "mentioned_tasks": mentioned_tasks,
                "objectives": objectives,
                "projects": projects,
                "rests_total": rests_total,
                "cited_by": cited_by,
                "cites": cites,
                "cited_as": cited_as,
                "provenance": {
                    "tasks": prov_t.iter().map(|&t| self.task_row(t)).collect::<Vec<_>>(),
                    "objectives": prov_o.iter().map(|&o| self.objective_row(o)).collect::<Vec<_>>(),
                    "projects": prov_p.iter().map(|&p| self.project_row(p)).collect::<Vec<_>>(),
                },
                "text": text.map(|(md, lang, missing)| json!({"html": self.markdown_html(md, Some(&d.id)), "toc": md.toc, "lang": lang, "missing": missing, "title": md.title})),
                "source_text": d.source_text.as_ref().map(|p| p.display().to_string()),
            }
        });
        let label = self.doc_label(di)["label"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        let crumbs = vec![
            (
                self.ui("nav_documents"),
                Some(Route::List(self.lang, "documents")),
            ),
            (label.clone(), None),
        ];
        let v = self.frame(&route, label, crumbs, ctx);
        (route, "document.html", v)
    }

    fn budget(&mut self) -> PageOut {
        let s = self.site;
        let route = Route::List(self.lang, "budget");
        self.from = route.path();
        fn item(b: &Builder, bi: usize, depth: usize, out: &mut Vec<J>) {
            let it = &b.site.site.budget[bi];
            let l = &b.site.budget[bi];
            out.push(json!({
                "depth": depth,
                "title": b.text(&it.title),
                "amount": b.amount(it.amount),
                "as_written": it.as_written,
                "facet": b.ui(&format!("facet_{}", match it.facet { Facet::Total => "total", Facet::Source => "source", Facet::Purpose => "purpose", Facet::Envelope => "envelope" })),
                "group": l.group.map(|g| json!({"number": b.site.site.groups[g].number, "title": b.text(&b.site.site.groups[g].title)})),
                "phasing": b.phases(&it.phasing),
                "tasks": l.tasks.iter().map(|&t| b.task_row(t)).collect::<Vec<_>>(),
                "projects": l.projects.iter().map(|&p| b.project_row(p)).collect::<Vec<_>>(),
                "notes": b.notes(&it.notes),
                "source": b.source(&l.source),
            }));
            for &c in &l.children {
                item(b, c, depth + 1, out);
            }
        }
        let mut tree = Vec::new();
        let mut envelopes = Vec::new();
        for (bi, b) in s.site.budget.iter().enumerate() {
            if b.parent.is_none() {
                if b.facet == Facet::Envelope {
                    item(self, bi, 0, &mut envelopes);
                } else {
                    item(self, bi, 0, &mut tree);
                }
            }
        }
        let ctx = json!({"tree": tree, "envelopes": envelopes});
        let v = self.frame(
            &route,
            self.ui("nav_budget"),
            vec![(self.ui("nav_budget"), None)],
            ctx,
        );
        (route, "budget.html", v)
    }

    fn glossary(&mut self) -> PageOut {
        let route = Route::List(self.lang, "glossary");
        self.from = route.path();
        let collator = crate::link::vi_collator();
        let mut entries: Vec<&GlossaryEntry> = self.site.site.glossary.iter().collect();
        entries.sort_by(|a, b| collator.compare(&a.vi, &b.vi));
        let rows: Vec<J> = entries
            .iter()
            .map(|e| json!({"vi": e.vi, "en": e.en, "note": e.note}))
            .collect();
        let ctx = json!({"entries": rows});
        let v = self.frame(
            &route,
            self.ui("nav_glossary"),
            vec![(self.ui("nav_glossary"), None)],
            ctx,
        );
        (route, "glossary.html", v)
    }

    fn page(&mut self, pi: usize) -> PageOut {
        let p = &self.site.site.pages[pi];
        let route = Route::Record(self.lang, "pages", p.id.clone());
        self.from = route.path();
        let (md, lang, missing) = match (self.lang, &p.en) {
            (Lang::En, Some(en)) => (en, "en", false),
            (Lang::En, None) => (&p.vi, "vi", true),
            _ => (&p.vi, "vi", false),
        };
        let title = md.title.clone().unwrap_or_default();
        let ctx = json!({"content": {"html": self.markdown_html(md, None), "lang": lang, "missing": missing, "title": title}});
        let v = self.frame(&route, title.clone(), vec![(title.clone(), None)], ctx);
        (route, "page.html", v)
    }
}

/// The fields of a task's row, sorted.
const TASK_ROW_KEYS: [&str; 8] = [
    "budget", "deadline", "href", "in_plan", "lead", "number", "status", "title",
];

/// A task's row in a page's context, made field by field when a template reads it.
///
/// The lists of large sites hold thousands of rows (the task list and its three views list
/// every task, in each language); built whole, their contexts took about 14 KB per row, so a
/// page listing 10,000 tasks held 140 MB while it rendered. A `TaskRow` is a few words; each
/// field read is built then ([`Builder::task_row_field`]), exactly as the whole row would have
/// held it, and dropped after use. `extra`: fields a page added to the row (`clause`…).
struct TaskRow {
    /// The site, theme and shared values the fields are built from.
    env: Arc<RowEnv>,
    /// Language of the page.
    lang: Lang,
    /// The page the row is on (its relative links depend on it).
    from: Arc<str>,
    /// Index of the task in the site's tasks.
    task: usize,
    /// Fields the page added to the row (a map), or undefined.
    extra: Value,
    /// The field read last, with its value: a template reading `t.deadline` then
    /// `t.deadline.text` builds it once.
    last: std::sync::Mutex<Option<(&'static str, Value)>>,
}

impl std::fmt::Debug for TaskRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TaskRow")
            .field("task", &self.task)
            .field("lang", &self.lang)
            .finish()
    }
}

impl TaskRow {
    fn field(&self, key: &str) -> Option<Value> {
        if let Ok(v) = self.extra.get_attr(key)
            && !v.is_undefined()
        {
            return Some(v);
        }
        let key = *TASK_ROW_KEYS.iter().find(|k| **k == key)?;
        let env = &self.env;
        if key == "status" {
            let st = env.site.tasks[self.task].status;
            let i = Status::ALL.iter().position(|s| *s == st)?;
            return env.prep.statuses[self.lang as usize].get(i).cloned();
        }
        let mut last = self.last.lock().ok();
        if let Some(Some((k, v))) = last.as_deref()
            && *k == key
        {
            return Some(v.clone());
        }
        let j = super::FORMATTER.with(|fmt| {
            let mut b = Builder::new(&env.site, &env.theme, fmt, &env.opts, self.lang, &env.prep);
            b.from.push_str(&self.from);
            b.task_row_field(self.task, key)
        })?;
        let v = super::json::to_value(j);
        if let Some(last) = last.as_deref_mut() {
            *last = Some((key, v.clone()));
        }
        Some(v)
    }

    /// Every key, sorted (the row's own and the added ones).
    fn keys(&self) -> Vec<Value> {
        let mut keys: Vec<String> = TASK_ROW_KEYS.iter().map(|k| (*k).to_owned()).collect();
        if let Ok(extra) = self.extra.try_iter() {
            keys.extend(extra.filter_map(|k| k.as_str().map(str::to_owned)));
        }
        keys.sort();
        keys.dedup();
        keys.into_iter().map(Value::from).collect()
    }
}

impl Object for TaskRow {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.field(key.as_str()?)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(self.keys())
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.keys().len())
    }
}

/// Drops a trailing `index.html` for pretty URLs.
fn pretty(path: &str) -> String {
    path.strip_suffix("index.html").unwrap_or(path).to_owned()
}

/// A link from one output file to another, relative, so the site works under any sub-path.
/// With `pretty`, links to folders end in `/`; without, in `/index.html` (works as files).
pub fn relative(from: &str, to: &str, pretty_links: bool) -> String {
    let depth = from.matches('/').count();
    let mut s = "../".repeat(depth);
    let target = if pretty_links {
        pretty(to)
    } else {
        to.to_owned()
    };
    s.push_str(&target);
    if s.is_empty() { "./".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links() {
        assert_eq!(
            relative("vi/nhiem-vu/x/index.html", "vi/co-quan/y/index.html", false),
            "../../../vi/co-quan/y/index.html"
        );
        assert_eq!(
            relative("vi/nhiem-vu/x/index.html", "vi/co-quan/y/index.html", true),
            "../../../vi/co-quan/y/"
        );
        assert_eq!(relative("index.html", "vi/index.html", true), "vi/");
        assert_eq!(relative("index.html", "index.html", true), "./");
    }

    #[test]
    fn routes_are_localised() {
        assert_eq!(
            Route::Record(Lang::Vi, "tasks", "a".into()).path(),
            "vi/nhiem-vu/a/index.html"
        );
        assert_eq!(
            Route::Record(Lang::En, "tasks", "a".into()).path(),
            "en/tasks/a/index.html"
        );
        assert_eq!(
            Route::List(Lang::En, "agencies").path(),
            "en/agencies/index.html"
        );
    }
}
