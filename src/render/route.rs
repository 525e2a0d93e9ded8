//! The URL scheme: where every page of the site goes.
//!
//! Input: a [`Route`] (a page's language, [`Section`] and id). Output: its file path relative
//! to the output folder, its kind for the build summary, the same page in the other language,
//! and relative links between two files ([`relative`]). Guarantee: every section has a
//! localised folder in both languages, checked by the compiler (a [`Section`] is an enum, so a
//! missing or misspelt section does not compile); paths depend only on the route.

use crate::model::Lang;

/// A section of the site: a folder of list and record pages, the same in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// Tasks (`nhiem-vu/`, `tasks/`): the list and one page per task.
    Tasks,
    /// Agencies: the list and one page per agency.
    Agencies,
    /// Objectives (indicators): the list and one page per objective.
    Objectives,
    /// Investment projects: the list and one page per project.
    Projects,
    /// Documents: the list and one page per document.
    Documents,
    /// The budget page.
    Budget,
    /// The glossary.
    Glossary,
    /// Free pages (`content/pages/`).
    Pages,
    /// The A4 task report of each agency.
    AgencyReports,
    /// What changed.
    Changes,
    /// The open data dictionary.
    Data,
    /// The task list by lead agency.
    TasksByAgency,
    /// The task list by deadline year.
    TasksByYear,
    /// The task list by status.
    TasksByStatus,
    /// The search page.
    Search,
    /// Topics (school levels and themes): the list and one page per topic.
    Topics,
    /// Plans of the cascade: the list and one page per plan.
    Plans,
    /// Commitments of the plans: the list and one page per commitment.
    Commitments,
    /// The cascade view: its index and one page per solution group.
    Cascade,
    /// The coverage table: which commitments tasks implement.
    Coverage,
}

impl Section {
    /// The section's key: the `nav_*` and `facet_*` UI strings, the open data file names
    /// (`data/tasks/…`) and the templates' `facet` value use it.
    pub fn key(self) -> &'static str {
        match self {
            Section::Tasks => "tasks",
            Section::Agencies => "agencies",
            Section::Objectives => "objectives",
            Section::Projects => "projects",
            Section::Documents => "documents",
            Section::Budget => "budget",
            Section::Glossary => "glossary",
            Section::Pages => "pages",
            Section::AgencyReports => "agency-reports",
            Section::Changes => "changes",
            Section::Data => "data",
            Section::TasksByAgency => "tasks-by-agency",
            Section::TasksByYear => "tasks-by-year",
            Section::TasksByStatus => "tasks-by-status",
            Section::Search => "search",
            Section::Topics => "topics",
            Section::Plans => "plans",
            Section::Commitments => "commitments",
            Section::Cascade => "cascade",
            Section::Coverage => "coverage",
        }
    }

    /// Localised folder of the section, relative to the language's folder.
    pub fn dir(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            Section::Tasks => ("nhiem-vu", "tasks"),
            Section::Agencies => ("co-quan", "agencies"),
            Section::Objectives => ("muc-tieu", "objectives"),
            Section::Projects => ("du-an", "projects"),
            Section::Documents => ("van-ban", "documents"),
            Section::Budget => ("kinh-phi", "budget"),
            Section::Glossary => ("thuat-ngu", "glossary"),
            Section::Pages => ("trang", "pages"),
            Section::AgencyReports => ("bao-cao-co-quan", "agency-reports"),
            Section::Changes => ("thay-doi", "changes"),
            Section::Data => ("du-lieu", "data"),
            Section::TasksByAgency => ("nhiem-vu/theo-co-quan", "tasks/by-agency"),
            Section::TasksByYear => ("nhiem-vu/theo-nam", "tasks/by-year"),
            Section::TasksByStatus => ("nhiem-vu/theo-tinh-trang", "tasks/by-status"),
            Section::Search => ("tim-kiem", "search"),
            Section::Topics => ("chu-de", "topics"),
            Section::Plans => ("ke-hoach", "plans"),
            Section::Commitments => ("cam-ket", "commitments"),
            Section::Cascade => ("chuoi-thuc-hien", "cascade"),
            Section::Coverage => ("muc-do-thuc-hien", "coverage"),
        };
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// Kind of the section's list page, for the build summary.
    fn list_kind(self) -> &'static str {
        match self {
            Section::Tasks => "task list",
            Section::Agencies => "agency list",
            Section::Objectives => "objective list",
            Section::Projects => "project list",
            Section::Documents => "document list",
            Section::Budget => "budget",
            Section::Glossary => "glossary",
            Section::Data => "data dictionary",
            Section::Changes => "changes",
            Section::TasksByAgency | Section::TasksByYear | Section::TasksByStatus => "task facet",
            Section::Search => "search",
            Section::Topics => "topic list",
            Section::Plans => "plan list",
            Section::Cascade => "cascade index",
            Section::Coverage => "coverage",
            Section::Commitments => "commitment list",
            Section::Pages | Section::AgencyReports => "list",
        }
    }

    /// Kind of the section's record pages, for the build summary.
    fn record_kind(self) -> &'static str {
        match self {
            Section::Tasks => "task",
            Section::Agencies => "agency",
            Section::Objectives => "objective",
            Section::Projects => "project",
            Section::Documents => "document",
            Section::Pages => "page",
            Section::AgencyReports => "agency report",
            Section::Topics => "topic",
            Section::Plans => "plan",
            Section::Commitments => "commitment",
            Section::Cascade => "cascade",
            _ => "record",
        }
    }

    /// Whether a record of the section has open data (`data/<key>/<id>.json`) and a "Cite
    /// this page" box.
    pub fn has_record_data(self) -> bool {
        matches!(
            self,
            Section::Tasks
                | Section::Objectives
                | Section::Projects
                | Section::Agencies
                | Section::Documents
                | Section::Plans
                | Section::Commitments
        )
    }

    /// The sections of the main navigation, in order (`Plans` only on a site with plans,
    /// `Topics` only on a site with topics).
    pub const NAV: [Section; 9] = [
        Section::Plans,
        Section::Tasks,
        Section::Objectives,
        Section::Topics,
        Section::Agencies,
        Section::Projects,
        Section::Budget,
        Section::Documents,
        Section::Search,
    ];

    /// The static views of the task list besides the one by solution group.
    pub const FACETS: [Section; 3] = [
        Section::TasksByAgency,
        Section::TasksByYear,
        Section::TasksByStatus,
    ];
}

/// A list inside a section that may take several pages (see `render::paging`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sub {
    /// The tasks of one value of a task list view: the value's slug (an agency id, `nam-2030`,
    /// a status key…), a folder of the view's (`nhiem-vu/theo-co-quan/<slug>/`).
    Value(String),
    /// The records resting on a document (`van-ban/<id>/dan-chieu/`, `documents/<id>/cited-by/`).
    CitedBy(String),
    /// The records taken from a document (`van-ban/<id>/lay-tu/`, `documents/<id>/taken-from/`).
    TakenFrom(String),
}

/// The folder of page `n` (2 or more) of a list, inside the list's folder: `trang-2` in
/// Vietnamese, `page-2` in English.
pub fn page_dir(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Vi => format!("trang-{n}"),
        Lang::En => format!("page-{n}"),
    }
}

/// An output location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/index.html`: language choice.
    Root,
    /// `/404.html`.
    NotFound,
    /// Home of a language.
    Home(Lang),
    /// A list page of a section.
    List(Lang, Section),
    /// A record page: section and id.
    Record(Lang, Section, String),
    /// A redirect from an old task id.
    Alias(Lang, String),
    /// An Atom feed of changes: the whole site, or one agency's tasks.
    Feed(Lang, Option<String>),
    /// A page of a long list: the section, the list inside it (`None`: the section's own
    /// list, from page 2 on; page 1 is [`Route::List`]) and the page number, from 1.
    Paged(Lang, Section, Option<Sub>, usize),
}

impl Route {
    /// Output file path, relative to the output folder.
    pub fn path(&self) -> String {
        match self {
            Route::Root => "index.html".into(),
            Route::NotFound => "404.html".into(),
            Route::Home(l) => format!("{}/index.html", l.code()),
            Route::List(l, s) => format!("{}/{}/index.html", l.code(), s.dir(*l)),
            Route::Record(l, s, id) => {
                format!("{}/{}/{}/index.html", l.code(), s.dir(*l), id)
            }
            Route::Alias(l, id) => {
                format!("{}/{}/{}/index.html", l.code(), Section::Tasks.dir(*l), id)
            }
            Route::Feed(l, None) => format!("{}/feed.xml", l.code()),
            Route::Feed(l, Some(a)) => {
                format!("{}/{}/{}/feed.xml", l.code(), Section::Agencies.dir(*l), a)
            }
            Route::Paged(l, s, sub, n) => {
                let mut p = format!("{}/{}/", l.code(), s.dir(*l));
                match sub {
                    None => {}
                    Some(Sub::Value(v)) => p.push_str(&format!("{v}/")),
                    Some(Sub::CitedBy(id)) => {
                        let d = if *l == Lang::Vi {
                            "dan-chieu"
                        } else {
                            "cited-by"
                        };
                        p.push_str(&format!("{id}/{d}/"));
                    }
                    Some(Sub::TakenFrom(id)) => {
                        let d = if *l == Lang::Vi {
                            "lay-tu"
                        } else {
                            "taken-from"
                        };
                        p.push_str(&format!("{id}/{d}/"));
                    }
                }
                if *n > 1 {
                    p.push_str(&page_dir(*l, *n));
                    p.push('/');
                }
                p.push_str("index.html");
                p
            }
        }
    }

    /// Page `n` (from 1) of a list: a section's own list (`sub` `None`; page 1 is the
    /// section's [`Route::List`], so its URL never changes), or a list inside it.
    pub fn page(lang: Lang, section: Section, sub: Option<Sub>, n: usize) -> Route {
        match sub {
            None if n <= 1 => Route::List(lang, section),
            sub => Route::Paged(lang, section, sub, n.max(1)),
        }
    }

    /// Page kind, for the build summary.
    pub fn kind(&self) -> &'static str {
        match self {
            Route::Root => "root",
            Route::NotFound => "404",
            Route::Home(_) => "home",
            Route::List(_, s) => s.list_kind(),
            Route::Record(_, s, _) => s.record_kind(),
            Route::Alias(..) => "redirect",
            Route::Feed(..) => "feed",
            Route::Paged(..) => "list page",
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
            | Route::Feed(l, _)
            | Route::Paged(l, ..) => Some(*l),
        }
    }

    /// Whether the page is one of the cascade's (plans, commitments, cascade, coverage): the
    /// navigation marks "Plans" on them.
    pub fn in_cascade(&self) -> bool {
        matches!(
            self,
            Route::List(
                _,
                Section::Plans | Section::Commitments | Section::Cascade | Section::Coverage
            ) | Route::Record(
                _,
                Section::Plans | Section::Commitments | Section::Cascade,
                _
            )
        )
    }

    /// The same page in another language.
    pub fn in_lang(&self, lang: Lang) -> Route {
        match self {
            Route::Home(_) => Route::Home(lang),
            Route::List(_, s) => Route::List(lang, *s),
            Route::Record(_, s, id) => Route::Record(lang, *s, id.clone()),
            Route::Alias(_, id) => Route::Alias(lang, id.clone()),
            Route::Feed(_, a) => Route::Feed(lang, a.clone()),
            Route::Paged(_, s, sub, n) => Route::Paged(lang, *s, sub.clone(), *n),
            other => other.clone(),
        }
    }
}

/// Drops a trailing `index.html` for pretty URLs.
pub(crate) fn pretty(path: &str) -> String {
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
            Route::Record(Lang::Vi, Section::Tasks, "a".into()).path(),
            "vi/nhiem-vu/a/index.html"
        );
        assert_eq!(
            Route::Record(Lang::En, Section::Tasks, "a".into()).path(),
            "en/tasks/a/index.html"
        );
        assert_eq!(
            Route::List(Lang::En, Section::Agencies).path(),
            "en/agencies/index.html"
        );
    }

    #[test]
    fn list_pages() {
        // Page 1 of a section's list is the list itself: its URL does not change.
        assert_eq!(
            Route::page(Lang::Vi, Section::Tasks, None, 1),
            Route::List(Lang::Vi, Section::Tasks)
        );
        assert_eq!(
            Route::page(Lang::Vi, Section::Tasks, None, 2).path(),
            "vi/nhiem-vu/trang-2/index.html"
        );
        assert_eq!(
            Route::page(Lang::En, Section::Tasks, None, 3).path(),
            "en/tasks/page-3/index.html"
        );
        let v = Some(Sub::Value("so-gd".into()));
        assert_eq!(
            Route::page(Lang::Vi, Section::TasksByAgency, v.clone(), 1).path(),
            "vi/nhiem-vu/theo-co-quan/so-gd/index.html"
        );
        assert_eq!(
            Route::page(Lang::En, Section::TasksByAgency, v, 2).path(),
            "en/tasks/by-agency/so-gd/page-2/index.html"
        );
        let c = Some(Sub::CitedBy("qd-1".into()));
        assert_eq!(
            Route::page(Lang::Vi, Section::Documents, c.clone(), 1).path(),
            "vi/van-ban/qd-1/dan-chieu/index.html"
        );
        assert_eq!(
            Route::page(Lang::Vi, Section::Documents, c, 1)
                .in_lang(Lang::En)
                .path(),
            "en/documents/qd-1/cited-by/index.html"
        );
        let t = Some(Sub::TakenFrom("qd-1".into()));
        assert_eq!(
            Route::page(Lang::En, Section::Documents, t, 2).path(),
            "en/documents/qd-1/taken-from/page-2/index.html"
        );
    }
}
