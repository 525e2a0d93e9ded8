//! The list of every commitment of the site's plans (`vi/cam-ket/`, `en/commitments/`): per
//! plan, in site order, each commitment's number as its source writes it ("unnumbered" for a
//! dash bullet, whose group gives its place), the beginning of its
//! text, its plan, its group and what implements it, split into pages like the other long lists.
//!
//! Input: the builder of a language, the linked cascade and the list's order
//! (`Paging::commitments`). Output: the page's route, template and context. Guarantee: the
//! implementation status of a row is the one the cascade computes (`Cascade::coverage`), in
//! separate categories that are never merged: a task of the approved plan, only a commitment
//! of another plan, nothing; and, for a plan no other plan implements, "not traced" (the
//! coverage question does not apply to it).

use serde_json::{Value as J, json};

use crate::link::{By, Coverage};
use crate::render::context::{Builder, PageOut};
use crate::render::paging::Listing;
use crate::render::pieces::shorten;
use crate::render::route::{Route, Section};

/// How long the text of a commitment is in the list (its page has the whole text).
const TEXT_CHARS: usize = 160;
/// How long a group title is in the list.
const GROUP_CHARS: usize = 80;

impl Builder<'_> {
    /// The indicators of the primary plan that state a commitment's target again, each with
    /// the reason and its table row (on the commitment page and the coverage table).
    pub(crate) fn stated_by_rows(&self, ci: usize) -> Vec<J> {
        let s = self.site;
        (s.cascade.commitments[ci].stated_by.iter())
            .map(|x| {
                let mut row = self.with_reason(self.objective_row(x.objective), x.reason, &x.note);
                row["source"] = self.source(&s.objectives[x.objective].source);
                row
            })
            .collect()
    }

    /// The target commitments an objective states again, each with the reason (on the
    /// objective page).
    pub(crate) fn objective_implements(&self, oi: usize) -> Vec<J> {
        let links = self.site.cascade.objective_implements.get(oi);
        self.implements_rows(links.map_or(&[], Vec::as_slice))
    }

    /// A link to the list of commitments: to the section of plan `plan` (on the page that has
    /// its first commitment), or to the list's first page.
    pub(crate) fn commitment_list_href(&self, plan: Option<usize>) -> String {
        let paging = &self.prep.paging;
        let listing = Listing::Section(Section::Commitments);
        let found = plan.and_then(|p| paging.commitments.iter().position(|&(q, _)| q == p));
        match (plan, found) {
            (Some(p), Some(i)) => format!(
                "{}#plan-{}",
                self.href(&self.listing_route(listing, i / paging.size + 1)),
                self.site.site.plans[p].id
            ),
            _ => self.href(&Route::List(self.lang, Section::Commitments)),
        }
    }

    /// One row of the list.
    fn commitment_list_row(&self, ci: usize) -> J {
        let s = self.site;
        let c = &s.site.commitments[ci];
        let l = &s.cascade.commitments[ci];
        let plan = &s.site.plans[l.plan];
        let group = l.group.map(|g| {
            let pg = &plan.groups[g];
            let mut title = self.text(&pg.title);
            title["text"] = J::String(shorten(pg.title.get(self.lang).0, GROUP_CHARS));
            json!({"number": pg.number, "title": title})
        });
        let cov = s.cascade.coverage(ci);
        let tasks = (l.implemented_by.iter())
            .filter(|i| matches!(i.by, By::Task(t) if s.cascade.approved_task[t]))
            .count();
        let mut label = self.ui(&format!("implemented_{}", cov.key()));
        if cov == Coverage::Task {
            label = format!("{label} ({tasks})");
        }
        json!({
            "href": self.rec(Section::Commitments, &c.id),
            "number": c.number,
            "kind": self.ui(&format!("commitment_kind_{}", c.kind.key())),
            "text": self.short_text(&c.text, TEXT_CHARS),
            "plan": self.plan_ref(l.plan),
            "group": group,
            "coverage": {"key": cov.key(), "label": label},
        })
    }

    /// The list of commitments, page `page`.
    pub(crate) fn commitment_list(&mut self, page: usize) -> PageOut {
        let s = self.site;
        let listing = Listing::Section(Section::Commitments);
        let route = self.listing_route(listing, page);
        self.from = route.path();
        let seq = &self.prep.paging.commitments;
        let range = self.prep.paging.range(seq.len(), page);
        let first = range.start;
        let on_page = &seq[range];
        let pager = self.pager(listing, page, seq.len());
        let mut plans: Vec<J> = Vec::new();
        for (i, &(p, ci)) in on_page.iter().enumerate() {
            if i == 0 || on_page[i - 1].0 != p {
                let continued = first + i > 0 && seq[first + i - 1].0 == p;
                plans.push(json!({
                    "id": format!("plan-{}", s.site.plans[p].id),
                    "plan": self.plan_ref(p),
                    "count": s.cascade.plans[p].commitments().count(),
                    "continued": continued,
                    "rows": [],
                }));
            }
            let row = self.commitment_list_row(ci);
            if let Some(J::Array(rows)) = plans.last_mut().map(|p| &mut p["rows"]) {
                rows.push(row);
            }
        }
        let statuses: Vec<J> = (Coverage::ALL.iter())
            .map(|c| json!({"key": c.key().replace('_', "-"), "label": self.ui(&format!("implemented_{}", c.key()))}))
            .collect();
        let paged = !pager.is_null();
        let ctx = json!({
            "plans": plans,
            "total": seq.len(),
            "statuses": if paged { json!([]) } else { json!(statuses) },
            "filter_js": if paged { String::new() } else { self.asset("filter.js") },
            "pager": pager,
            "plans_href": self.href(&Route::List(self.lang, Section::Plans)),
            "coverage_href": self.href(&Route::List(self.lang, Section::Coverage)),
            "cascade_href": self.href(&Route::List(self.lang, Section::Cascade)),
            "search_href": self.href(&Route::List(self.lang, Section::Search)),
        });
        let title = self.paged_title(self.ui("nav_commitments"), &pager);
        let crumbs = vec![
            (
                self.ui("nav_plans"),
                Some(Route::List(self.lang, Section::Plans)),
            ),
            (self.ui("nav_commitments"), None),
        ];
        let crumbs = self.paged_crumbs(crumbs, listing, &pager);
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "commitment_list.html", v)
    }
}
