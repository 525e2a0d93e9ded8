//! What changed: the "What changed" page and the Atom feeds (the whole site, and one per lead
//! agency), both made of the dated progress reports.
//!
//! Input: the builder of a language. Output: each page's route, template and context.
//! Guarantee: entries are newest first, ties broken by task id, so feeds are deterministic.

use serde_json::{Value as J, json};

use crate::model::*;
use crate::render::context::{Builder, PageOut};
use crate::render::paging::{Change, Listing};
use crate::render::route::{Route, Section, pretty, relative};

impl Builder<'_> {
    /// Every dated progress report, newest first, for the given tasks.
    pub(crate) fn report_entries(&self, tasks: &[usize]) -> Vec<J> {
        let s = self.site;
        let mut entries: Vec<(Date, &str, usize, usize)> = Vec::new();
        for &t in tasks {
            for (ri, r) in s.site.tasks[t].reports.iter().enumerate() {
                entries.push((r.date, s.site.tasks[t].id.as_str(), t, ri));
            }
        }
        entries.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)).then(b.3.cmp(&a.3)));
        (entries.into_iter())
            .map(|(_, _, t, ri)| self.report_entry(t, ri))
            .collect()
    }

    /// One progress report (task, report index) as an entry of "What changed" or a feed.
    fn report_entry(&self, t: usize, ri: usize) -> J {
        let task = &self.site.site.tasks[t];
        let r = &task.reports[ri];
        json!({
            "date": self.fmt.date(self.lang, r.date),
            "date_iso": r.date.to_string(),
            "task": self.task_row(t),
            "task_id": task.id,
            "status": self.ui(r.status.ui_key()),
            "percent": r.percent,
            "note": self.opt_text(&r.note),
        })
    }

    /// What changed: progress reports (dated, newest first) and how the approved plan differs
    /// from its draft; page `page` of it when it is longer than a page holds.
    pub(crate) fn changes_page(&mut self, page: usize) -> PageOut {
        let s = self.site;
        let paging = &self.prep.paging;
        let listing = Listing::Section(Section::Changes);
        let route = self.listing_route(listing, page);
        self.from = route.path();
        let seq = &paging.changes;
        let paged = paging.pages(s, listing) > 1;
        let range = paging.range(seq.len(), page);
        let mut counts = [0usize; 6];
        for c in seq {
            counts[c.group() as usize] += 1;
        }
        let (mut reports, mut renumbered, mut changed, mut added, mut dropped, mut differs_in_text) =
            (vec![], vec![], vec![], vec![], vec![], vec![]);
        let reports_start = range.start + 1;
        for &c in &seq[range] {
            match c {
                Change::Report(t, ri) => reports.push(self.report_entry(t, ri)),
                Change::Renumbered(t) => {
                    let mut row = self.task_row(t);
                    row["draft_number"] =
                        json!(s.site.tasks[t].draft.as_ref().map(|d| d.number.clone()));
                    renumbered.push(row);
                }
                Change::Changed(t) => {
                    let mut row = self.task_row(t);
                    let fields: Vec<String> = (s.site.tasks[t].draft.iter())
                        .flat_map(|d| d.changes.iter())
                        .map(|(f, _)| self.ui(&format!("field_{f}")))
                        .collect();
                    row["fields"] = json!(fields);
                    changed.push(row);
                }
                Change::Added(t) => added.push(self.task_row(t)),
                Change::Dropped(t) => dropped.push(self.task_row(t)),
                Change::DiffersInText(t) => {
                    let task = &s.site.tasks[t];
                    let body: Vec<J> = (self.text_deadlines(task, s.tasks[t].end_date).into_iter())
                        .filter(|d| d["earlier"] == json!(true) || d["later"] == json!(true))
                        .collect();
                    let mut row = self.task_row(t);
                    row["in_text"] = json!(body);
                    differs_in_text.push(row);
                }
            }
        }
        let feed = relative(&self.from, &format!("{}/feed.xml", self.lang.code()), false);
        let draft_doc = s
            .site
            .tasks
            .iter()
            .find_map(|t| t.draft.as_ref())
            .and_then(|d| s.site.documents.iter().position(|x| x.id == d.document));
        // A site without a draft has nothing to compare: no task was "added after" it.
        let has_draft = (s.site.tasks.iter()).any(|t| t.draft.is_some() || !t.in_approved_plan);
        let draft_here = !(renumbered.is_empty()
            && changed.is_empty()
            && added.is_empty()
            && dropped.is_empty());
        let show = json!({
            "reports": !paged || page == 1 || !reports.is_empty(),
            "draft": has_draft && (!paged || draft_here),
            "differs": !differs_in_text.is_empty(),
        });
        let pager = self.pager(listing, page, seq.len());
        let ctx = json!({
            "has_draft": has_draft,
            "show": show,
            "counts": {"reports": counts[0], "renumbered": counts[1], "changed": counts[2], "added": counts[3], "dropped": counts[4], "differs_in_text": counts[5]},
            "reports": reports,
            "reports_start": reports_start,
            "renumbered": renumbered,
            "changed": changed,
            "added": added,
            "dropped": dropped,
            "differs_in_text": differs_in_text,
            "feed": feed,
            "draft": draft_doc.map(|d| self.doc_label(d)),
            "plan": self.doc_label(s.plan),
            "pager": pager,
        });
        let title = self.ui("changes_title");
        let page_title = self.paged_title(title.clone(), &pager);
        let crumbs = self.paged_crumbs(vec![(title, None)], listing, &pager);
        let v = self.frame(&route, page_title, crumbs, ctx);
        (route, "changes.html", v)
    }

    /// An Atom feed: progress reports (of one agency's tasks, or all) and the data date.
    pub(crate) fn feed(&mut self, agency: Option<usize>) -> PageOut {
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
            Some(a) => Route::Record(self.lang, Section::Agencies, s.site.agencies[a].id.clone()),
            None => Route::List(self.lang, Section::Changes),
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
                "changes_href": self.href(&Route::List(self.lang, Section::Changes)),
                "entries": entries,
            },
        });
        (route, "feed.xml", self.to_value(ctx))
    }
}
