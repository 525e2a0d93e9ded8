//! The shared builder of page contexts: what every page kind starts from.
//!
//! Input: the linked site, the theme, the formatter, the render options and a language.
//! Output: a [`Builder`] whose methods (spread over [`super::pieces`] and the
//! [`super::pages`] modules, one per page kind) build each page's context, and the common page
//! frame ([`Builder::frame`]: navigation, breadcrumbs, canonical and alternate links, "Cite this
//! page"). Guarantee: contexts hold only display-ready data: texts for the language (with a
//! `missing` flag and the Vietnamese fallback when not translated), formatted numbers and
//! dates, relative links; never ids to resolve. What every page shares (`site`, `ui`, the
//! status labels) is computed once per build ([`Prepared`]); task rows in lists are made when
//! a template reads them ([`TaskRow`]).

use std::sync::Arc;

use minijinja::Value;
use minijinja::value::{Enumerator, Object, ObjectRepr};
use serde::Serialize;
use serde_json::{Map, Value as J, json};

use crate::render::pieces::{TextView, view};

use crate::link::{LParty, LinkedSite, Status};
use crate::model::*;
use crate::render::RenderOptions;
use crate::render::format::Formatter;
use crate::render::route::{Route, Section, pretty, relative};
use crate::theme::Theme;

/// What every page of a language shares, computed once per build: the `site` and `ui`
/// context values (so they are not rebuilt per page), and lookup tables.
pub struct Prepared {
    /// `{site, ui}` per language (Vietnamese, English).
    pub(crate) shared: [Value; 2],
    /// Position of each task in `tasks_in_order`.
    pub(crate) task_rank: Vec<usize>,
    /// Document index by id.
    pub(crate) doc_index: std::collections::HashMap<String, usize>,
    /// The `status` value of a row (key and label), per language and status.
    pub(crate) statuses: [Vec<Value>; 2],
    /// The order of the lists that may take several pages, and the page size.
    pub(crate) paging: super::paging::Paging,
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
            paging: Default::default(),
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
        let b = Builder::new(site, theme, fmt, opts, Lang::Vi, &prep);
        let paging = super::paging::Paging::new(site, |t| {
            let task = &site.site.tasks[t];
            (b.text_deadlines(task, site.tasks[t].end_date).iter())
                .any(|d| d["earlier"] == json!(true) || d["later"] == json!(true))
        });
        prep.paging = paging;
        prep
    }

    pub(crate) fn shared(&self, lang: Lang) -> Value {
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
    pub(crate) site: &'a LinkedSite,
    pub(crate) theme: &'a Theme,
    pub(crate) fmt: &'a Formatter,
    pub(crate) opts: &'a RenderOptions,
    pub(crate) lang: Lang,
    pub(crate) prep: &'a Prepared,
    /// Page being built (for relative links).
    pub(crate) from: String,
    /// When set, task rows are placeholders that become [`TaskRow`]s in the page's value.
    pub(crate) rows: Option<&'a Arc<RowEnv>>,
    /// The previous and next pages of a list page (`rel="prev"`/`"next"`), set by
    /// [`Builder::pager`].
    pub(crate) rel: (Option<Route>, Option<Route>),
}

/// A built page: its route, template name and context.
pub(crate) type PageOut = (Route, &'static str, Value);

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
            rel: (None, None),
        }
    }

    /// Task rows of the pages built are made when a template reads them (see [`TaskRow`]),
    /// not put whole into every page's context.
    pub fn with_rows(mut self, env: &'a Arc<RowEnv>) -> Self {
        self.rows = Some(env);
        self
    }

    /// A page context as a template value: task row placeholders become [`TaskRow`]s.
    pub(crate) fn to_value(&self, ctx: J) -> Value {
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

    pub(crate) fn ui(&self, key: &str) -> String {
        self.theme.ui(self.lang, key).to_owned()
    }

    /// Relative link from the current page to a route.
    pub(crate) fn href(&self, to: &Route) -> String {
        relative(&self.from, &to.path(), self.opts.base_url.is_some())
    }

    pub(crate) fn href_abs(&self, to: &Route, absolute: bool) -> String {
        match (&self.opts.base_url, absolute) {
            (Some(base), true) => format!("{base}{}", pretty(&to.path())),
            _ => self.href(to),
        }
    }

    pub(crate) fn asset(&self, name: &str) -> String {
        relative(&self.from, &format!("assets/{name}"), false)
    }

    /// Link to a record page: `relative(from, Route::Record(..).path(), pretty)`, written
    /// directly (the most frequent link of all).
    pub(crate) fn rec(&self, section: Section, id: &str) -> String {
        let dir = section.dir(self.lang);
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

    pub(crate) fn site_ctx(&self) -> J {
        let c = &self.site.site.config;
        view(&SiteView {
            title: self.text_view(&c.title),
            description: self.text_view(&c.description),
            publisher: self.text_view(&c.publisher),
            plan_kind: self.text_view(&c.plan_kind),
            plan_short: self.text_view(&c.plan_short),
            data_as_of: self.fmt.date(self.lang, c.data_as_of),
            data_as_of_iso: c.data_as_of.to_string(),
            brand_css: c.brand_colour.is_some(),
            licence: c.licence.as_ref().map(|l| LicenceView {
                name: self.text_view(&l.name),
                url: &l.url,
            }),
            contact: c.contact.as_deref(),
            logo: c
                .logo
                .as_ref()
                .map(|i| i.path.trim_start_matches("assets/")),
            favicon: c.favicon.as_ref().map(|i| ImageView {
                path: i.path.trim_start_matches("assets/"),
                mime: i.mime,
            }),
        })
    }

    /// The common page frame: language links, navigation, breadcrumbs, canonical URL.
    pub(crate) fn frame(
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
        let nav = self.nav(route);
        let breadcrumbs = self.breadcrumbs(route, crumbs);
        let canonical_abs = abs(route);
        // Open data and citation of a record page.
        let record = match route {
            Route::Record(_, section, id) if section.has_record_data() => {
                Some((*section, id.as_str()))
            }
            _ => None,
        };
        let data_json = record.map(|(section, id)| {
            relative(
                &self.from,
                &format!("data/{}/{id}.json", section.key()),
                false,
            )
        });
        let description = self.description(&ctx);
        let lead = lead_names(&ctx);
        let cite = record.map(|(section, id)| {
            // The Vietnamese line names the record in Vietnamese on an English page too.
            let (title_vi, lead_vi) = match self.lang {
                Lang::Vi => None,
                Lang::En => self.vi_title_and_lead(section, id),
            }
            .unwrap_or_else(|| (title.clone(), lead.clone()));
            self.citation(
                (&title_vi, lead_vi.as_deref()),
                (&title, lead.as_deref()),
                canonical_abs.as_deref().unwrap_or(&route.path()),
            )
        });
        let agency_feed = match route {
            Route::Record(l, Section::Agencies, id)
                if (0..self.site.site.agencies.len()).any(|a| {
                    &self.site.site.agencies[a].id == id
                        && crate::render::pages::has_feed(self.site, a)
                }) =>
            {
                Some(self.href(&Route::Feed(*l, Some(id.clone()))))
            }
            _ => None,
        };
        let vi = self.lang == Lang::Vi;
        let (prev, next) = std::mem::take(&mut self.rel);
        let rel_prev = prev.map(|r| abs(&r).unwrap_or_else(|| self.href(&r)));
        let rel_next = next.map(|r| abs(&r).unwrap_or_else(|| self.href(&r)));
        let page = view(&PageFrame {
            rel_prev,
            rel_next,
            title,
            description,
            og_url: canonical_abs,
            og_locale: if vi { "vi_VN" } else { "en_GB" },
            og_locale_alt: if vi { "en_GB" } else { "vi_VN" },
            og_type: if record.is_some() {
                "article"
            } else {
                "website"
            },
            data_json,
            data_dictionary: self.href(&Route::List(self.lang, Section::Data)),
            changes: self.href(&Route::List(self.lang, Section::Changes)),
            feed: self.href(&Route::Feed(self.lang, None)),
            agency_feed,
            cite,
            cite_js: self.asset("cite.js"),
            lang: self.lang.code(),
            other_lang: other.code(),
            other_href: self.href(&route.in_lang(other)),
            canonical: abs(route).unwrap_or_else(|| self.href(route)),
            alternates: (Lang::ALL.iter())
                .map(|l| Alternate {
                    lang: l.code(),
                    href: abs(&route.in_lang(*l)).unwrap_or_else(|| self.href(&route.in_lang(*l))),
                })
                .collect(),
            home: self.href(&Route::Home(self.lang)),
            css: self.asset("style.css"),
            nav,
            breadcrumbs,
        });
        let mut obj = match ctx {
            J::Object(m) => m,
            _ => Map::new(),
        };
        obj.insert("page".into(), page);
        // `site` and `ui` are built once per language (Prepared), not per page.
        minijinja::value::merge_maps([self.prep.shared(self.lang), self.to_value(J::Object(obj))])
    }

    /// The main navigation, the section of `route` marked.
    fn nav(&self, route: &Route) -> Vec<NavLink> {
        let has_plans = !self.site.site.plans.is_empty();
        let has_topics = !self.site.site.topics.is_empty();
        (Section::NAV.iter())
            .filter(|&&s| s != Section::Plans || has_plans)
            .filter(|&&s| s != Section::Topics || has_topics)
            .map(|&s| {
                let r = Route::List(self.lang, s);
                NavLink {
                    href: self.href(&r),
                    label: self.ui(&format!("nav_{}", s.key())),
                    current: &r == route
                        || matches!(route, Route::Record(_, rs, _) | Route::Paged(_, rs, ..) if *rs == s)
                        || (s == Section::Plans && route.in_cascade()),
                }
            })
            .collect()
    }

    /// Home (a link except on the home page), then the page's own crumbs.
    fn breadcrumbs(&self, route: &Route, crumbs: Vec<(String, Option<Route>)>) -> Vec<Crumb> {
        let home_href = if matches!(route, Route::Home(_)) {
            None
        } else {
            Some(self.href(&Route::Home(self.lang)))
        };
        let home = Crumb {
            label: self.ui("nav_home"),
            href: home_href,
        };
        let rest = crumbs.into_iter().map(|(label, r)| Crumb {
            label,
            href: r.map(|r| self.href(&r)),
        });
        std::iter::once(home).chain(rest).collect()
    }

    /// The meta description: the record's title or name, else the site's description.
    fn description(&self, ctx: &J) -> String {
        const TITLES: [&str; 7] = [
            "/commitment/text/text",
            "/plan/title/text",
            "/task/title/text",
            "/objective/title/text",
            "/project/title/text",
            "/document/title/text",
            "/agency/name/text",
        ];
        (TITLES.iter())
            .find_map(|p| ctx.pointer(p).and_then(J::as_str))
            .map(str::to_owned)
            .unwrap_or_else(|| (self.site.site.config.description.get(self.lang).0).to_owned())
    }

    /// A record's Vietnamese title (as its Vietnamese page titles it) and lead names, for the
    /// Vietnamese citation line of its English page; `None` for a record kind not listed.
    fn vi_title_and_lead(&self, section: Section, id: &str) -> Option<(String, Option<String>)> {
        let s = self.site;
        let party = |p: &LParty| match p {
            LParty::Agency(a) => s.site.agencies[*a].name.vi.clone(),
            LParty::Text(t, _) => t.vi.clone(),
        };
        match section {
            Section::Tasks => {
                let i = s.site.tasks.iter().position(|t| t.id == id)?;
                let t = &s.site.tasks[i];
                let lead: Vec<String> = s.tasks[i].lead.iter().map(party).collect();
                let lead = Some(lead.join("; ")).filter(|l| !l.is_empty());
                Some((format!("{} {}", t.number, t.title.vi), lead))
            }
            Section::Objectives => {
                let o = s.site.objectives.iter().find(|o| o.id == id)?;
                Some((format!("{} {}", o.number, o.title.vi), None))
            }
            Section::Projects => {
                let p = s.site.projects.iter().find(|p| p.id == id)?;
                Some((p.title.vi.clone(), None))
            }
            Section::Agencies => {
                let a = s.site.agencies.iter().find(|a| a.id == id)?;
                Some((a.name.vi.clone(), None))
            }
            Section::Plans => {
                let p = s.site.plans.iter().find(|p| p.id == id)?;
                Some((p.title.vi.clone(), None))
            }
            Section::Commitments => {
                let i = s.site.commitments.iter().position(|c| c.id == id)?;
                let label = s.cascade.label(&s.site, i, Lang::Vi);
                Some((format!("{label} — {}", s.site.commitments[i].text.vi), None))
            }
            _ => None,
        }
    }

    /// "Cite this page": the same reference in Vietnamese and English style; `vi` and `en` are
    /// the record's title and lead names in each language.
    fn citation(
        &self,
        (title_vi, lead_vi): (&str, Option<&str>),
        (title, lead): (&str, Option<&str>),
        url: &str,
    ) -> CiteBox {
        let c = &self.site.site.config;
        let plan = &self.site.site.documents[self.site.plan];
        let (vi_date, en_date) = (
            self.fmt.date(Lang::Vi, c.data_as_of),
            self.fmt.date(Lang::En, c.data_as_of),
        );
        let lead_vi = lead_vi.map_or(String::new(), |l| format!(" Chủ trì: {l}."));
        let lead_en = lead.map_or(String::new(), |l| format!(" Lead: {l}."));
        let vi = format!(
            "{}. “{title_vi}”.{lead_vi} {}. {}: {}. Dữ liệu đến ngày {vi_date}. {url}",
            c.publisher.vi,
            c.title.vi,
            c.plan_kind.vi,
            plan.title.as_ref().map(|t| t.vi.as_str()).unwrap_or("")
        );
        let en = format!(
            "{}. “{title}”.{lead_en} {}. Plan: {}. Data as of {en_date}. {url}",
            c.publisher.get(Lang::En).0,
            c.title.get(Lang::En).0,
            plan.title.as_ref().map(|t| t.get(Lang::En).0).unwrap_or("")
        );
        CiteBox { vi, en }
    }
}

/// The names of a task page's lead parties, `; `-separated (for its citation); `None` on other
/// pages or without a lead.
fn lead_names(ctx: &J) -> Option<String> {
    let ps = ctx.pointer("/task/lead").and_then(J::as_array)?;
    let names: Vec<&str> = (ps.iter())
        .filter_map(|p| p.pointer("/name/text").and_then(J::as_str))
        .collect();
    Some(names.join("; ")).filter(|s| !s.is_empty())
}

/// What every page's frame gives templates as `page`.
#[derive(Serialize)]
struct PageFrame {
    /// Page title.
    title: String,
    /// The previous page of a list of several pages (`<link rel="prev">`).
    rel_prev: Option<String>,
    /// The next page of a list of several pages (`<link rel="next">`).
    rel_next: Option<String>,
    /// Meta description: the record's title, or the site's description.
    description: String,
    /// Absolute URL (Open Graph), with `--base-url` only.
    og_url: Option<String>,
    /// Open Graph locale of the page.
    og_locale: &'static str,
    /// Open Graph locale of the other language.
    og_locale_alt: &'static str,
    /// Open Graph type: `article` for a record, else `website`.
    og_type: &'static str,
    /// Link to the record's open data file.
    data_json: Option<String>,
    /// Link to the data dictionary.
    data_dictionary: String,
    /// Link to "What changed".
    changes: String,
    /// Link to the site's Atom feed.
    feed: String,
    /// Link to the agency's Atom feed, on the page of an agency that has one (it leads tasks or
    /// is responsible for a commitment of a dated plan).
    agency_feed: Option<String>,
    /// "Cite this page" of a record page.
    cite: Option<CiteBox>,
    /// Link to the citation script.
    cite_js: String,
    /// Language code of the page.
    lang: &'static str,
    /// Code of the other language.
    other_lang: &'static str,
    /// Link to the same page in the other language.
    other_href: String,
    /// Canonical URL (absolute with `--base-url`, else relative).
    canonical: String,
    /// The page in each language.
    alternates: Vec<Alternate>,
    /// Link to the language's home.
    home: String,
    /// Link to the style sheet.
    css: String,
    /// Main navigation.
    nav: Vec<NavLink>,
    /// Breadcrumbs, home first.
    breadcrumbs: Vec<Crumb>,
}

/// The page in one language.
#[derive(Serialize)]
struct Alternate {
    /// Language code.
    lang: &'static str,
    /// Its URL.
    href: String,
}

/// An entry of the main navigation.
#[derive(Serialize)]
struct NavLink {
    /// Link to the section.
    href: String,
    /// Its label.
    label: String,
    /// Whether the page is in this section.
    current: bool,
}

/// A breadcrumb.
#[derive(Serialize)]
struct Crumb {
    /// Its label.
    label: String,
    /// Its link; none for the page itself.
    href: Option<String>,
}

/// "Cite this page": the same reference in Vietnamese and English style.
#[derive(Serialize)]
struct CiteBox {
    /// Vietnamese style.
    vi: String,
    /// English style.
    en: String,
}

/// The site, as every page shows it (`site`).
#[derive(Serialize)]
struct SiteView<'a> {
    /// Site title.
    title: TextView<'a>,
    /// Site description.
    description: TextView<'a>,
    /// Publisher.
    publisher: TextView<'a>,
    /// The kind of plan (`plan_kind` of site.yaml).
    plan_kind: TextView<'a>,
    /// The plan's short name (`plan_short`, else `plan_kind`).
    plan_short: TextView<'a>,
    /// Data date, formatted.
    data_as_of: String,
    /// Data date, ISO 8601.
    data_as_of_iso: String,
    /// Whether the site has the stylesheet of its brand colour (`assets/brand.css`, from
    /// `brand_colour` of site.yaml).
    brand_css: bool,
    /// The licence of the open data (`name`, `url`), or null.
    licence: Option<LicenceView<'a>>,
    /// Where readers report an error (http(s) or mailto URL), or null.
    contact: Option<&'a str>,
    /// The logo's path under `assets/` (`site/logo-emblem.svg`), or null.
    logo: Option<&'a str>,
    /// The site's icon (`path` under `assets/`, `mime`), or null for the theme's.
    favicon: Option<ImageView<'a>>,
}

/// An image of `site.yaml` as templates see it.
#[derive(Serialize)]
struct ImageView<'a> {
    /// Path under `assets/`.
    path: &'a str,
    /// Media type.
    mime: &'static str,
}

/// The licence of the open data, as templates see it (`site.licence`).
#[derive(Serialize)]
struct LicenceView<'a> {
    /// Its name.
    name: TextView<'a>,
    /// Its text.
    url: &'a str,
}

/// The stylesheet, under `assets/`, that sets the site's brand colour.
pub const BRAND_CSS: &str = "brand.css";

/// The files `site.yaml` asks for: the brand colour's stylesheet (`assets/brand.css`, setting
/// the theme's `--accent`: a stylesheet, not an inline style, since the pages'
/// Content-Security-Policy allows no inline style), the logo and the favicon (`assets/site/`).
pub fn site_files(config: &crate::model::SiteConfig) -> Vec<super::OutputFile> {
    let mut out = Vec::new();
    if let Some(c) = &config.brand_colour {
        out.push(super::OutputFile {
            path: format!("assets/{BRAND_CSS}"),
            bytes: format!("/* brand_colour of content/site.yaml */\n:root {{ --accent: {c}; }}\n")
                .into_bytes(),
            kind: "asset",
            lang: None,
        });
    }
    for image in [&config.logo, &config.favicon].into_iter().flatten() {
        out.push(super::OutputFile {
            path: image.path.clone(),
            bytes: image.bytes.as_ref().clone(),
            kind: "asset",
            lang: None,
        });
    }
    out
}

/// The fields of a task's row, sorted.
pub(crate) const TASK_ROW_KEYS: [&str; 8] = [
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
