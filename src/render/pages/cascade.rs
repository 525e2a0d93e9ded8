//! The cascade view and the coverage table.
//!
//! - the cascade index (`vi/chuoi-thuc-hien/`): each solution group of the primary plan with
//!   how many of the higher plans' commitments in it are implemented;
//! - a cascade page per solution group: the chain of plans from the root resolution down,
//!   then each commitment of the plans others implement, with the tasks (status, deadline,
//!   lead agencies) and the commitments of other plans that implement it, nested;
//! - the coverage table (`vi/muc-do-thuc-hien/`): for each commitment of those plans, the
//!   tasks that implement it and their status, and the count of commitments with none (its
//!   CSV is `data/coverage.csv`, written with the open data).
//!
//! Input: the builder of a language and the linked cascade. Output: each page's route,
//! template and context. Guarantee: nested lists and cards, not wide tables, on the cascade
//! page (readable at 360 px); every figure is counted from the links, none typed in.

use serde_json::{Value as J, json};

use crate::link::By;
use crate::render::context::{Builder, PageOut};
use crate::render::paging::Listing;
use crate::render::route::{Route, Section};

/// How deep the cascade page nests commitments implementing commitments.
const MAX_DEPTH: usize = 6;

impl Builder<'_> {
    /// The commitments of the plans others implement whose plan group is the solution group
    /// `g` (index into `site.groups`), with their plan and plan group, in site order.
    fn top_commitments(&self, g: usize) -> Vec<(usize, usize, Vec<usize>)> {
        let c = &self.site.cascade;
        let mut out = Vec::new();
        for p in c.covered_plans() {
            for (gi, gl) in c.plans[p].groups.iter().enumerate() {
                if gl.task_group == Some(g) {
                    out.push((p, gi, gl.commitments.clone()));
                }
            }
        }
        out
    }

    /// A commitment with what implements it, nested (`depth` levels at most).
    fn cascade_node(&self, ci: usize, depth: usize, seen: &mut [bool]) -> J {
        let l = &self.site.cascade.commitments[ci];
        seen[ci] = true;
        let mut tasks = Vec::new();
        let mut children = Vec::new();
        for i in &l.implemented_by {
            let reason = self.ui(&format!("reason_{}", i.reason.key()));
            match i.by {
                By::Task(t) => {
                    let mut row = self.task_row(t);
                    row["reason"] = J::String(reason);
                    row["note"] = J::Null;
                    tasks.push(row);
                }
                By::Commitment(x) if depth < MAX_DEPTH && !seen[x] => {
                    let mut node = self.cascade_node(x, depth + 1, seen);
                    node["commitment"]["reason"] = J::String(reason);
                    children.push(node);
                }
                By::Commitment(_) => {}
            }
        }
        json!({
            "commitment": self.commitment_ref(ci),
            "tasks": tasks,
            "children": children,
            "indicators": self.stated_by_rows(ci),
        })
    }

    /// The chain of plans above and below the plans others implement: each level's plans.
    fn plan_chain(&self) -> Vec<Vec<J>> {
        let c = &self.site.cascade;
        let covered = c.covered_plans();
        let mut levels: Vec<Vec<usize>> = Vec::new();
        // Upwards from the covered plans, then the covered plans, then what implements them.
        let mut up: Vec<usize> = covered
            .iter()
            .flat_map(|&p| c.plans[p].implements.clone())
            .collect();
        let mut guard = 0;
        while !up.is_empty() && guard < 8 {
            up.sort_unstable();
            up.dedup();
            levels.insert(0, up.clone());
            up = up
                .iter()
                .flat_map(|&p| c.plans[p].implements.clone())
                .collect();
            guard += 1;
        }
        levels.push(covered.clone());
        let mut down: Vec<usize> = covered
            .iter()
            .flat_map(|&p| c.plans[p].implemented_by.clone())
            .collect();
        down.sort_unstable();
        down.dedup();
        if !down.is_empty() {
            levels.push(down);
        }
        levels
            .into_iter()
            .map(|l| l.into_iter().map(|p| self.plan_ref(p)).collect())
            .collect()
    }

    pub(crate) fn cascade_index(&mut self) -> PageOut {
        let s = self.site;
        let route = Route::List(self.lang, Section::Cascade);
        self.from = route.path();
        let groups: Vec<J> = (0..s.site.groups.len())
            .filter(|&g| s.site.groups[g].kind == crate::model::GroupKind::Task)
            .map(|g| {
                let cs: Vec<usize> = self
                    .top_commitments(g)
                    .into_iter()
                    .flat_map(|x| x.2)
                    .collect();
                let implemented = cs.iter().filter(|&&c| s.cascade.is_implemented(c)).count();
                let with_task = cs.iter().filter(|&&c| s.cascade.has_task(c)).count();
                let gr = &s.site.groups[g];
                json!({
                    "href": self.rec(Section::Cascade, &gr.id),
                    "number": gr.number,
                    "title": self.text(&gr.title),
                    "commitments": cs.len(),
                    "implemented": implemented,
                    "with_task": with_task,
                })
            })
            .collect();
        let ctx = json!({
            "chain": self.plan_chain(),
            "groups": groups,
            "coverage_href": self.href(&Route::List(self.lang, Section::Coverage)),
            "commitments_href": self.commitment_list_href(None),
        });
        let title = self.ui("nav_cascade");
        let crumbs = vec![
            (
                self.ui("nav_plans"),
                Some(Route::List(self.lang, Section::Plans)),
            ),
            (title.clone(), None),
        ];
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "cascade_index.html", v)
    }

    pub(crate) fn cascade_group(&mut self, g: usize) -> PageOut {
        let s = self.site;
        let gr = &s.site.groups[g];
        let route = Route::Record(self.lang, Section::Cascade, gr.id.clone());
        self.from = route.path();
        let mut seen = vec![false; s.site.commitments.len()];
        let blocks: Vec<J> = self
            .top_commitments(g)
            .into_iter()
            .map(|(p, gi, cs)| {
                let pg = &s.site.plans[p].groups[gi];
                json!({
                    "plan": self.plan_ref(p),
                    "number": pg.number,
                    "title": self.text(&pg.title),
                    // The plan group's title is shown only where it is not the page's own.
                    "same_title": pg.title.vi.trim().to_lowercase() == gr.title.vi.trim().to_lowercase(),
                    "href": format!("{}#{}", self.rec(Section::Plans, &s.site.plans[p].id), pg.id),
                    "nodes": cs.iter().map(|&c| self.cascade_node(c, 0, &mut seen)).collect::<Vec<_>>(),
                })
            })
            .collect();
        // Commitments of other plans in this group that the tree above does not reach.
        let others: Vec<J> = (0..s.site.plans.len())
            .flat_map(|p| {
                (s.cascade.plans[p].groups.iter())
                    .filter(|gl| gl.task_group == Some(g))
                    .flat_map(|gl| gl.commitments.clone())
            })
            .filter(|&c| !seen[c])
            .map(|c| self.commitment_ref(c))
            .collect();
        let mut unlinked: Vec<usize> = (0..s.site.tasks.len())
            .filter(|&t| s.tasks[t].group == g && s.site.tasks[t].in_approved_plan)
            .filter(|&t| s.cascade.task_implements[t].is_empty())
            .collect();
        unlinked.sort_by_key(|&t| self.prep.task_rank[t]);
        let ctx = json!({
            "group": {
                "number": gr.number,
                "title": self.text(&gr.title),
                "tasks_href": format!("{}#{}", self.href(&Route::List(self.lang, Section::Tasks)), gr.id),
            },
            "chain": self.plan_chain(),
            "blocks": blocks,
            "others": others,
            "unlinked": unlinked.iter().map(|&t| {
                let mut row = self.task_row(t);
                row["reason"] = J::Null;
                row["note"] = J::Null;
                row
            }).collect::<Vec<_>>(),
        });
        let title = format!(
            "{} — {} {}",
            self.ui("nav_cascade"),
            gr.number,
            gr.title.get(self.lang).0
        );
        let crumbs = vec![
            (
                self.ui("nav_plans"),
                Some(Route::List(self.lang, Section::Plans)),
            ),
            (
                self.ui("nav_cascade"),
                Some(Route::List(self.lang, Section::Cascade)),
            ),
            (gr.number.clone(), None),
        ];
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "cascade.html", v)
    }

    /// Page `page` of the coverage table: each plan's figures (page 1), then its rows of the
    /// page (a long table is split like any list, see `render::paging`).
    pub(crate) fn coverage(&mut self, page: usize) -> PageOut {
        let s = self.site;
        let listing = Listing::Section(Section::Coverage);
        let route = self.listing_route(listing, page);
        self.from = route.path();
        let seq = &self.prep.paging.coverage;
        let range = self.prep.paging.range(seq.len(), page);
        let on_page: Vec<(usize, usize)> = seq[range].to_vec();
        let pager = self.pager(listing, page, seq.len());
        let plans: Vec<J> = s
            .cascade
            .covered_plans()
            .into_iter()
            .filter(|&p| page == 1 || on_page.iter().any(|&(q, _)| q == p))
            .map(|p| {
                let l = &s.cascade.plans[p];
                let all: Vec<usize> = l.commitments().collect();
                let count = |k: crate::link::Coverage| {
                    all.iter().filter(|&&c| s.cascade.coverage(c) == k).count()
                };
                let with_task = count(crate::link::Coverage::Task);
                let rows: Vec<J> = (on_page.iter())
                    .filter(|&&(q, _)| q == p)
                    .map(|&(_, c)| {
                        let (tasks, commitments) =
                            self.implementer_rows(&s.cascade.commitments[c].implemented_by);
                        let mut row = self.commitment_ref(c);
                        row["task_rows"] = J::Array(tasks);
                        row["commitment_rows"] = J::Array(commitments);
                        row["indicator_rows"] = J::Array(self.stated_by_rows(c));
                        row
                    })
                    .collect();
                json!({
                    "plan": self.plan_ref(p),
                    "figures": page == 1,
                    "total": all.len(),
                    "with_task": with_task,
                    "indicator": count(crate::link::Coverage::Indicator),
                    "none": count(crate::link::Coverage::None),
                    "only_other": count(crate::link::Coverage::Other),
                    "rows": rows,
                })
            })
            .collect();
        let ctx = json!({
            "plans": plans,
            "csv": self.asset_free("data/coverage.csv"),
            "cascade_href": self.href(&Route::List(self.lang, Section::Cascade)),
            "pager": pager,
        });
        let title = self.paged_title(self.ui("nav_coverage"), &pager);
        let crumbs = vec![
            (
                self.ui("nav_plans"),
                Some(Route::List(self.lang, Section::Plans)),
            ),
            (self.ui("nav_coverage"), None),
        ];
        let crumbs = self.paged_crumbs(crumbs, listing, &pager);
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "coverage.html", v)
    }

    /// A link to a file of the output (not a page), relative to the current page.
    fn asset_free(&self, path: &str) -> String {
        crate::render::route::relative(&self.from, path, false)
    }
}
