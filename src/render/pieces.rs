//! Shared fragments of page contexts: texts, links to records, citations, parties, money,
//! deadlines, statuses, sources, document labels, the rows of the record lists, the status
//! overview and charts.
//!
//! Input: the [`Builder`] of a language and one model value. Output: its JSON fragment, as the
//! templates read it (the same shape on every page). Guarantee: a fragment depends only on its
//! value, the language and the page it is on (relative links); texts keep their `missing`
//! flag and are escaped where they become HTML.

use serde::Serialize;
use serde_json::{Map, Value as J, json};

use crate::link::{LParty, LSource, Status};
use crate::model::*;
use crate::render::charts;
use crate::render::context::{Builder, TASK_ROW_KEYS};
use crate::render::route::{Route, Section};
use crate::strings::escape_html;

impl Builder<'_> {
    pub(crate) fn text(&self, t: &Text) -> J {
        view(&self.text_view(t))
    }

    /// A text in the page's language, typed (for typed views).
    pub(crate) fn text_view<'t>(&self, t: &'t Text) -> TextView<'t> {
        let (s, missing) = t.get(self.lang);
        TextView {
            text: s,
            html: self.linkify(s),
            missing,
            lang: if missing { "vi" } else { self.lang.code() },
            marker: if missing {
                self.ui("not_translated")
            } else {
                String::new()
            },
        }
    }

    /// A text in the page's language cut to at most `max` characters (at a word when it can,
    /// with "…"), for lists that show the beginning of a long text; the whole text is on the
    /// record's page. Document references are not linked in it (`html` is null).
    pub(crate) fn short_text(&self, t: &Text, max: usize) -> J {
        let mut v = self.text(t);
        let short = shorten(t.get(self.lang).0, max);
        v["text"] = J::String(short);
        v["html"] = J::Null;
        v
    }

    /// An optional text, typed (`None` is null).
    pub(crate) fn opt_text_view<'t>(&self, t: &'t Option<Text>) -> Option<TextView<'t>> {
        t.as_ref().map(|t| self.text_view(t))
    }

    /// Where a resolved reference points, from the current page; `host`: the document whose
    /// page this is (a reference into it becomes a bare `#anchor`).
    pub(crate) fn cite_href(&self, t: &CiteTarget, host: Option<&str>) -> String {
        let mut href = if host == Some(t.document.as_str()) {
            String::new()
        } else {
            self.rec(Section::Documents, &t.document)
        };
        if let Some(a) = &t.anchor {
            href.push('#');
            href.push_str(a);
        }
        href
    }

    /// The HTML of a reference: a link, or the text with a visible "not on this site" marker.
    pub(crate) fn cite_open(
        &self,
        target: Option<&CiteTarget>,
        host: Option<&str>,
        out: &mut String,
    ) {
        match target {
            Some(t) => {
                out.push_str("<a class=\"cite\" href=\"");
                out.push_str(&escape_html(&self.cite_href(t, host)));
                out.push_str("\">");
            }
            None => out.push_str("<span class=\"cite-unresolved\">"),
        }
    }

    pub(crate) fn cite_close(&self, target: Option<&CiteTarget>, out: &mut String) {
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
    pub(crate) fn linkify(&self, s: &str) -> Option<String> {
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
    pub(crate) fn markdown_html(&self, md: &Markdown, host: Option<&str>) -> String {
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

    pub(crate) fn opt_text(&self, t: &Option<Text>) -> J {
        t.as_ref().map(|t| self.text(t)).unwrap_or(J::Null)
    }

    pub(crate) fn plain(&self, s: &str) -> J {
        view(&TextView {
            text: s,
            html: self.linkify(s),
            missing: false,
            lang: "vi",
            marker: String::new(),
        })
    }

    /// A text written in the page's language (not a quotation), e.g. labels joined.
    pub(crate) fn in_page_language(&self, s: &str) -> J {
        view(&TextView {
            text: s,
            html: self.linkify(s),
            missing: false,
            lang: self.lang.code(),
            marker: String::new(),
        })
    }

    pub(crate) fn party(&self, p: &LParty) -> J {
        match p {
            LParty::Agency(a) => {
                let ag = &self.site.site.agencies[*a];
                json!({"name": self.text(&ag.name), "href": self.rec(Section::Agencies, &ag.id)})
            }
            LParty::Text(t, a) => json!({
                "name": self.text(t),
                "href": a.map(|a| self.rec(Section::Agencies, &self.site.site.agencies[a].id)),
            }),
        }
    }

    pub(crate) fn parties(&self, ps: &[LParty]) -> Vec<J> {
        ps.iter().map(|p| self.party(p)).collect()
    }

    pub(crate) fn amount(&self, a: Amount) -> String {
        self.fmt.number(self.lang, a.0)
    }

    /// The amount as the source wrote it, unless it reads exactly as the formatted amount
    /// (with or without the unit): then the page shows the amount once.
    pub(crate) fn as_written_if_new<'w>(
        &self,
        as_written: Option<&'w str>,
        amount: Option<Amount>,
    ) -> Option<&'w str> {
        let w = as_written?;
        let Some(a) = amount else { return Some(w) };
        let formatted = self.amount(a);
        let bare = w.trim();
        let bare = (bare.strip_suffix(self.ui("billion_vnd").as_str()))
            .or_else(|| bare.strip_suffix("tỷ đồng"))
            .unwrap_or(bare)
            .trim_end();
        (bare != formatted).then_some(w)
    }

    pub(crate) fn money(&self, m: &Option<Money>) -> J {
        let Some(m) = m else { return J::Null };
        view(&MoneyView {
            amount: m.amount.map(|a| self.amount(a)),
            as_written: self.as_written_if_new(m.as_written.as_deref(), m.amount),
            funding: self.opt_text_view(&m.funding),
        })
    }

    pub(crate) fn phases(&self, ps: &[Phase]) -> Vec<J> {
        ps.iter()
            .map(|p| json!({"year": p.year, "to": p.to, "average": p.per_year_average, "amount": self.amount(p.amount), "as_written": self.as_written_if_new(p.as_written.as_deref(), Some(p.amount)), "note": self.opt_text(&p.note)}))
            .collect()
    }

    pub(crate) fn deadline(&self, d: &Option<Deadline>, end: Option<Date>) -> J {
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
        view(&DeadlineView {
            text: self.text_view(&d.text),
            kind,
            end: end.map(|e| self.fmt.date(self.lang, e)),
            end_iso: end.map(|e| e.to_string()),
            condition: match &d.kind {
                DeadlineKind::Conditional(c) => Some(self.text_view(c)),
                _ => None,
            },
        })
    }

    /// The deadlines a task's body text sets, each with its reading, its line and whether it
    /// ends before or after the table's deadline (`table_end`).
    pub(crate) fn text_deadlines(&self, t: &Task, table_end: Option<Date>) -> Vec<J> {
        t.deadlines_in_text
            .iter()
            .map(|d| {
                let end = d.when.end_date();
                let earlier = matches!((end, table_end), (Some(e), Some(t)) if e < t);
                let later = matches!((end, table_end), (Some(e), Some(t)) if e > t);
                json!({
                    "when": self.deadline(&Some(d.when.clone()), end),
                    "about": self.opt_text(&d.about),
                    "source": self.source_of(&d.source),
                    "earlier": earlier,
                    "later": later,
                })
            })
            .collect()
    }

    pub(crate) fn status(&self, s: Status) -> J {
        view(&StatusView {
            key: s.key(),
            label: self.ui(s.ui_key()),
        })
    }

    pub(crate) fn source(&self, s: &Option<LSource>) -> J {
        let Some(s) = s else { return J::Null };
        let doc = &self.site.site.documents[s.document];
        let mut href = self.rec(Section::Documents, &doc.id);
        if let Some(a) = &s.anchor {
            href.push('#');
            href.push_str(a);
        }
        view(&SourceView {
            document: self.doc_label(s.document),
            href,
            line: s.line,
            note: self.opt_text_view(&s.note),
        })
    }

    pub(crate) fn notes(&self, notes: &[Note]) -> Vec<J> {
        notes
            .iter()
            .map(|n| {
                let src = n.source.as_ref().map(|s| self.source_of(s));
                json!({"text": self.text(&n.text), "source": src.unwrap_or(J::Null)})
            })
            .collect()
    }

    /// Resolves a model source for display (notes keep model sources).
    pub(crate) fn source_of(&self, s: &Source) -> J {
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
    pub(crate) fn doc_label(&self, di: usize) -> J {
        let d = &self.site.site.documents[di];
        let ty = self.ui(&format!("doctype_{}", d.doc_type.key()));
        let label = match (&d.number, &d.title) {
            (Some(n), _) => format!("{ty} {n}"),
            (None, Some(t)) => t.get(self.lang).0.to_owned(),
            (None, None) => ty,
        };
        view(&DocLabel {
            label,
            href: self.rec(Section::Documents, &d.id),
            number: d.number.as_deref(),
            title: self.opt_text_view(&d.title),
            date: d.date.map(|x| self.fmt.date(self.lang, x)),
            doc_type: self.ui(&format!("doctype_{}", d.doc_type.key())),
        })
    }

    /// A task's row in a list: a placeholder when rows are made on demand ([`TaskRow`]), else
    /// the whole row. Fields may be added to it (`row["clause"] = …`).
    pub(crate) fn task_row(&self, ti: usize) -> J {
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
    pub(crate) fn task_row_field(&self, ti: usize, key: &str) -> Option<J> {
        let t = &self.site.site.tasks[ti];
        let l = &self.site.tasks[ti];
        Some(match key {
            "budget" => self.money(&t.budget),
            "deadline" => self.deadline(&t.deadline, l.end_date),
            "href" => J::String(self.rec(Section::Tasks, &t.id)),
            "in_plan" => J::Bool(t.in_approved_plan),
            "lead" => J::Array(self.parties(&l.lead)),
            "number" => J::String(t.number.clone()),
            "status" => self.status(l.status),
            "title" => self.text(&t.title),
            _ => return None,
        })
    }

    pub(crate) fn objective_row(&self, oi: usize) -> J {
        let o = &self.site.site.objectives[oi];
        view(&ObjectiveRow {
            href: self.rec(Section::Objectives, &o.id),
            number: &o.number,
            horizon: o.horizon,
            title: self.text_view(&o.title),
            unit: self.opt_text_view(&o.unit),
            target: self.target(&o.target),
            is_child: self.site.objectives[oi].parent.is_some(),
        })
    }

    pub(crate) fn target(&self, t: &Option<Target>) -> J {
        let Some(t) = t else { return J::Null };
        view(&TargetView {
            text: self.text_view(&t.text),
            comparator: t.comparator.map(Comparator::symbol),
            value: t.value.map(|v| self.fmt.number(self.lang, v)),
            scope: self.opt_text_view(&t.scope),
            qualifier: t
                .qualifier
                .as_ref()
                .map(|q| json!({"as_written": q.as_written, "source": self.source_of(&q.source)})),
        })
    }

    pub(crate) fn project_row(&self, pi: usize) -> J {
        let p = &self.site.site.projects[pi];
        view(&ProjectRow {
            href: self.rec(Section::Projects, &p.id),
            number: &p.number,
            title: self.text_view(&p.title),
            budget: self.money(&p.budget),
            lead: self.parties(&self.site.projects[pi].lead),
        })
    }

    /// A budget line as a task or project page lists it: its title, amount and permalink
    /// on the budget page.
    pub(crate) fn budget_row(&self, bi: usize) -> J {
        let b = &self.site.site.budget[bi];
        view(&BudgetRow {
            href: format!(
                "{}#{}",
                self.href(&Route::List(self.lang, Section::Budget)),
                b.anchor()
            ),
            title: self.text_view(&b.title),
            amount: self.amount(b.amount),
            as_written: b.as_written.as_deref(),
            tasks: b.tasks.len(),
            projects: b.projects.len(),
            attracted: b.attracted_investment,
        })
    }

    pub(crate) fn agency_row(&self, ai: usize) -> J {
        let a = &self.site.site.agencies[ai];
        let l = &self.site.agencies[ai];
        view(&AgencyRow {
            href: self.rec(Section::Agencies, &a.id),
            name: self.text_view(&a.name),
            short_name: self.opt_text_view(&a.short_name),
            kind: self.ui(&format!("agency_kind_{}", a.kind.key())),
            leads: l.leads.len(),
            supports: l.supports.len(),
            objectives: l.objectives_led.len(),
            duties: a.duties.len(),
        })
    }

    /// The status overview of some approved tasks: completion reports, past deadline without
    /// one, due this year, recurring, no report yet (worded so that no data never reads as
    /// inaction).
    pub(crate) fn overview(&self, tasks: &[usize]) -> J {
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
    pub(crate) fn chart(
        &self,
        title: String,
        series: Vec<charts::Series>,
        rows: Vec<charts::Row>,
    ) -> J {
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
}

/// A typed fragment as a context value (the same JSON a `json!` tree of its fields gives:
/// keys sorted, `None` as null).
pub(crate) fn view<T: Serialize>(v: &T) -> J {
    serde_json::to_value(v).unwrap_or(J::Null)
}

// ----- typed fragments (what templates read; fields are the template's names) -------------

/// A text in the page's language.
#[derive(Serialize)]
pub(crate) struct TextView<'a> {
    /// The text: the language's, or the Vietnamese one when not translated.
    text: &'a str,
    /// The text as HTML with its document references linked; `None` when it has none.
    html: Option<String>,
    /// Whether the translation is missing.
    missing: bool,
    /// Language of `text` (the `lang` attribute).
    lang: &'a str,
    /// The "not yet translated" marker, or empty.
    marker: String,
}

/// A sum of money.
#[derive(Serialize)]
struct MoneyView<'a> {
    /// The amount, formatted for the language.
    amount: Option<String>,
    /// The amount as the source wrote it, when it reads otherwise than `amount`.
    as_written: Option<&'a str>,
    /// The funding source, or null.
    funding: Option<TextView<'a>>,
}

/// A deadline.
#[derive(Serialize)]
struct DeadlineView<'a> {
    /// Its wording.
    text: TextView<'a>,
    /// Its reading: `year`, `quarter`, `continuous`…
    kind: &'static str,
    /// The date it ends, formatted.
    end: Option<String>,
    /// The date it ends, ISO 8601.
    end_iso: Option<String>,
    /// The condition of a conditional deadline, or null.
    condition: Option<TextView<'a>>,
}

/// A task status.
#[derive(Serialize)]
struct StatusView {
    /// Stable key (CSS class).
    key: &'static str,
    /// Label in the language.
    label: String,
}

/// Where a record's data comes from.
#[derive(Serialize)]
struct SourceView<'a> {
    /// The document ([`DocLabel`]).
    document: J,
    /// Link to the document's page (and section).
    href: String,
    /// Line in its plain text.
    line: Option<u32>,
    /// Locator, or null.
    note: Option<TextView<'a>>,
}

/// A document's short label and link.
#[derive(Serialize)]
struct DocLabel<'a> {
    /// Type and number, or the title.
    label: String,
    /// Link to its page.
    href: String,
    /// Its number.
    number: Option<&'a str>,
    /// Its title, or null.
    title: Option<TextView<'a>>,
    /// Its date, formatted.
    date: Option<String>,
    /// Its type in the language.
    #[serde(rename = "type")]
    doc_type: String,
}

/// An objective's row in a list.
#[derive(Serialize)]
struct ObjectiveRow<'a> {
    /// Link to its page.
    href: String,
    /// Its number.
    number: &'a str,
    /// Its horizon year.
    horizon: u16,
    /// Its title.
    title: TextView<'a>,
    /// Its unit, or null.
    unit: Option<TextView<'a>>,
    /// Its target, or null.
    target: J,
    /// Whether it is a sub-indicator.
    is_child: bool,
}

/// An objective's target.
#[derive(Serialize)]
struct TargetView<'a> {
    /// Its wording.
    text: TextView<'a>,
    /// Comparator symbol (`≥`…).
    comparator: Option<&'static str>,
    /// Value, formatted.
    value: Option<String>,
    /// Scope, or null.
    scope: Option<TextView<'a>>,
    /// The body text's wording (`as_written`, `source`), or null.
    qualifier: Option<J>,
}

/// A project's row in a list.
#[derive(Serialize)]
struct ProjectRow<'a> {
    /// Link to its page.
    href: String,
    /// Its number.
    number: &'a str,
    /// Its title.
    title: TextView<'a>,
    /// Its budget, or null.
    budget: J,
    /// Lead parties.
    lead: Vec<J>,
}

/// A budget line as a record page lists it.
#[derive(Serialize)]
struct BudgetRow<'a> {
    /// Link to the line on the budget page.
    href: String,
    /// Its label.
    title: TextView<'a>,
    /// Its amount, formatted (billion VND).
    amount: String,
    /// The amount as printed, or null.
    as_written: Option<&'a str>,
    /// How many tasks the line names (a line shared by several says so).
    tasks: usize,
    /// How many projects the line names.
    projects: usize,
    /// Investment to attract, not public spending.
    attracted: bool,
}

/// An agency's row in a list.
#[derive(Serialize)]
struct AgencyRow<'a> {
    /// Link to its page.
    href: String,
    /// Its name.
    name: TextView<'a>,
    /// Its short name, or null.
    short_name: Option<TextView<'a>>,
    /// Its kind in the language.
    kind: String,
    /// Tasks it leads.
    leads: usize,
    /// Tasks it supports.
    supports: usize,
    /// Objectives it leads.
    objectives: usize,
    /// Duties the plan gives it.
    duties: usize,
}

/// `s` cut to at most `max` characters: whole when it fits, else cut at the last space of the
/// first `max - 1` characters (or inside a word when there is none) and ended with "…".
pub(crate) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let head: String = s.chars().take(max.saturating_sub(1)).collect();
    let cut = match head.rfind(' ') {
        Some(i) if i > head.len() / 2 => head[..i].trim_end_matches([',', ';', ':', ' ']),
        _ => head.as_str(),
    };
    format!("{cut}…")
}
