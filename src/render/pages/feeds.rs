//! What changed: the "What changed" page and the Atom feeds (the whole site, and one per
//! agency that leads a task or is responsible for a commitment of a dated plan), made of the
//! dated progress reports and, on a site with plans, of the plans' dated documents: the site
//! feed and "What changed" have an entry per plan whose document states a date (on that date,
//! linking to the plan page and its commitments), an agency's feed an entry per commitment it
//! is responsible for whose plan is dated (on the plan's date). An undated document gives no
//! entry: no date is invented.
//!
//! Input: the builder of a language. Output: each page's route, template and context.
//! Guarantee: entries are newest first, ties broken by record id, so feeds are deterministic.

use serde_json::{Value as J, json};

use crate::link::LinkedSite;
use crate::model::*;
use crate::render::context::{Builder, PageOut};
use crate::render::paging::{Change, Listing};
use crate::render::route::{Route, Section, pretty, relative};

/// An entry of a feed or of "What changed", before it is rendered.
#[derive(Debug, Clone, Copy)]
enum Entry {
    /// A progress report: (task, report index).
    Report(usize, usize),
    /// A plan's document was issued (plan index).
    Plan(usize),
    /// A commitment, dated by its plan's document (commitment index).
    Commitment(usize),
}

/// The date of a plan: its document's date, when the document states one (nothing is
/// invented for an undated document).
pub(crate) fn plan_date(s: &LinkedSite, p: usize) -> Option<Date> {
    let d = s.cascade.plans.get(p)?.document;
    s.site.documents[d].date
}

/// The commitments an agency is responsible for whose plan is dated (they are its feed's
/// commitment entries).
fn agency_dated_commitments(s: &LinkedSite, a: usize) -> Vec<usize> {
    (s.cascade.agency_commitments.get(a).into_iter().flatten())
        .copied()
        .filter(|&c| plan_date(s, s.cascade.commitments[c].plan).is_some())
        .collect()
}

/// Whether an agency has a feed: it leads a task, or it is responsible for a commitment of a
/// dated plan.
pub(crate) fn has_feed(s: &LinkedSite, a: usize) -> bool {
    !s.agencies[a].leads.is_empty() || !agency_dated_commitments(s, a).is_empty()
}

impl Builder<'_> {
    /// The entries of a feed, newest first (ties by id, then kind, then the newer report
    /// first): the dated progress reports of `tasks`, the plans with a dated document when
    /// `plans`, and `commitments` dated by their plan's document.
    fn dated_entries(
        &self,
        tasks: &[usize],
        plans: bool,
        commitments: &[usize],
    ) -> Vec<(Date, Entry)> {
        let s = self.site;
        let mut entries: Vec<(Date, &str, Entry)> = Vec::new();
        for &t in tasks {
            for (ri, r) in s.site.tasks[t].reports.iter().enumerate() {
                entries.push((r.date, s.site.tasks[t].id.as_str(), Entry::Report(t, ri)));
            }
        }
        if plans {
            for p in 0..s.site.plans.len() {
                if let Some(d) = plan_date(s, p) {
                    entries.push((d, s.site.plans[p].id.as_str(), Entry::Plan(p)));
                }
            }
        }
        for &c in commitments {
            if let Some(d) = plan_date(s, s.cascade.commitments[c].plan) {
                entries.push((d, s.site.commitments[c].id.as_str(), Entry::Commitment(c)));
            }
        }
        // Same date and id: reports, then plans, then commitments; of one task's reports on
        // one day, the later in the file first.
        let rank = |e: &Entry| match *e {
            Entry::Report(_, ri) => (0, std::cmp::Reverse(ri)),
            Entry::Plan(_) => (1, std::cmp::Reverse(0)),
            Entry::Commitment(_) => (2, std::cmp::Reverse(0)),
        };
        entries.sort_by(|a, b| {
            (b.0.cmp(&a.0))
                .then(a.1.cmp(b.1))
                .then(rank(&a.2).cmp(&rank(&b.2)))
        });
        entries.into_iter().map(|(d, _, e)| (d, e)).collect()
    }

    /// One entry of a feed or of "What changed".
    fn entry(&self, e: Entry) -> J {
        let s = self.site;
        match e {
            Entry::Report(t, ri) => self.report_entry(t, ri),
            Entry::Plan(p) => {
                let date = plan_date(s, p).unwrap_or(s.site.config.data_as_of);
                let count = s.cascade.plans[p].commitments().count();
                json!({
                    "kind": "plan",
                    "date": self.fmt.date(self.lang, date),
                    "date_iso": date.to_string(),
                    "id": format!("plan-{}", s.site.plans[p].id),
                    "plan": self.plan_ref(p),
                    "summary": match count {
                        0 => self.ui("feed_plan_issued"),
                        n => self.ui("feed_plan_commitments").replace("{n}", &n.to_string()),
                    },
                })
            }
            Entry::Commitment(c) => {
                let l = &s.cascade.commitments[c];
                let date = plan_date(s, l.plan).unwrap_or(s.site.config.data_as_of);
                json!({
                    "kind": "commitment",
                    "date": self.fmt.date(self.lang, date),
                    "date_iso": date.to_string(),
                    "id": format!("commitment-{}", s.site.commitments[c].id),
                    "commitment": self.commitment_ref(c),
                    "short": self.short_text(&s.site.commitments[c].text, 100),
                    "plan": self.plan_ref(l.plan),
                })
            }
        }
    }

    /// One progress report (task, report index) as an entry of "What changed" or a feed.
    fn report_entry(&self, t: usize, ri: usize) -> J {
        let task = &self.site.site.tasks[t];
        let r = &task.reports[ri];
        json!({
            "kind": "report",
            "date": self.fmt.date(self.lang, r.date),
            "date_iso": r.date.to_string(),
            "id": format!("{}-{}", task.id, r.date),
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
        // The plans whose document is dated, by that date: on the first page only (a few).
        let plans: Vec<J> = if page == 1 {
            (self.dated_entries(&[], true, &[]).into_iter())
                .map(|(_, e)| self.entry(e))
                .collect()
        } else {
            Vec::new()
        };
        let pager = self.pager(listing, page, seq.len());
        let ctx = json!({
            "has_draft": has_draft,
            "show": show,
            "counts": {"reports": counts[0], "renumbered": counts[1], "changed": counts[2], "added": counts[3], "dropped": counts[4], "differs_in_text": counts[5]},
            "plans": plans,
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

    /// An Atom feed and the data date: the whole site's (progress reports, and the plans whose
    /// document is dated, on the document's date) or one agency's (the progress reports of the
    /// tasks it leads, and the commitments it is responsible for, on their plan's date).
    pub(crate) fn feed(&mut self, agency: Option<usize>) -> PageOut {
        let s = self.site;
        let route = Route::Feed(self.lang, agency.map(|a| s.site.agencies[a].id.clone()));
        self.from = route.path();
        let tasks: Vec<usize> = match agency {
            Some(a) => s.agencies[a].leads.clone(),
            None => s.tasks_in_order.clone(),
        };
        // The site feed has the plans; an agency's, the commitments it is responsible for.
        let commitments = agency
            .map(|a| agency_dated_commitments(s, a))
            .unwrap_or_default();
        let dated = self.dated_entries(&tasks, agency.is_none(), &commitments);
        let as_of = s.site.config.data_as_of;
        let latest = (dated.iter().map(|(d, _)| *d))
            .chain(std::iter::once(as_of))
            .max()
            .unwrap_or(as_of);
        let entries: Vec<J> = dated.into_iter().map(|(_, e)| self.entry(e)).collect();
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
