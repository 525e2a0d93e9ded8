//! Task pages: the task list by solution group, its three static views (by lead agency, by
//! deadline year, by status), one page per task and the redirects from a task's earlier ids.
//!
//! Input: the builder of a language. Output: each page's route, template and context.
//! Guarantee: lists hold the approved plan's tasks in plan order (draft-only tasks apart);
//! rows are made when a template reads them.

use serde_json::{Value as J, json};

use crate::link::Status;
use crate::model::*;
use crate::render::context::{Builder, PageOut};
use crate::render::paging::{Listing, facet_index, runs};
use crate::render::route::{Route, Section};

impl Builder<'_> {
    /// Page `page` of the task list (by solution group).
    pub(crate) fn task_list(&mut self, page: usize) -> PageOut {
        if self
            .prep
            .paging
            .pages(self.site, Listing::Section(Section::Tasks))
            > 1
        {
            return self.task_list_page(page);
        }
        let s = self.site;
        let route = Route::List(self.lang, Section::Tasks);
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
            groups.push(json!({"id": g.id, "number": g.number, "title": self.text(&g.title), "count": rows.len(), "continued": false, "tasks": rows}));
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
            .map(|st| json!({"key": st.key().replace('_', "-"), "label": self.ui(st.ui_key())}))
            .collect();
        let draft_count = draft_only.len();
        let ctx = json!({"groups": groups, "draft_only": draft_only, "draft_count": draft_count, "draft_continued": false, "total": total, "facet_nav": self.facet_nav(Section::Tasks), "statuses": statuses, "filter_js": self.asset("filter.js"), "pager": J::Null, "search_href": self.href(&Route::List(self.lang, Section::Search))});
        let v = self.frame(
            &route,
            self.ui("nav_tasks"),
            vec![(self.ui("nav_tasks"), None)],
            ctx,
        );
        (route, "task_list.html", v)
    }

    /// A page of a task list too long for one: the page's slice of the list, its solution
    /// groups headed (a group begun on an earlier page marked as continued), no instant
    /// filter (it would filter one page only; the page points to search instead).
    fn task_list_page(&mut self, page: usize) -> PageOut {
        let s = self.site;
        let paging = &self.prep.paging;
        let listing = Listing::Section(Section::Tasks);
        let route = self.listing_route(listing, page);
        self.from = route.path();
        let seq = &paging.tasks;
        let range = paging.range(seq.len(), page);
        let count = |g: Option<usize>| seq.iter().filter(|x| x.0 == g).count();
        let mut groups = Vec::new();
        let (mut draft_only, mut draft_continued) = (Vec::new(), false);
        for (g, r, continued) in runs(seq, range, |x| x.0) {
            let rows: Vec<J> = seq[r].iter().map(|&(_, t)| self.task_row(t)).collect();
            match g {
                Some(gi) => {
                    let grp = &s.site.groups[gi];
                    groups.push(json!({"id": grp.id, "number": grp.number, "title": self.text(&grp.title), "count": count(g), "continued": continued, "tasks": rows}));
                }
                None => (draft_only, draft_continued) = (rows, continued),
            }
        }
        let total = s.site.tasks.iter().filter(|t| t.in_approved_plan).count();
        let pager = self.pager(listing, page, seq.len());
        let title = self.paged_title(self.ui("nav_tasks"), &pager);
        let ctx = json!({"groups": groups, "draft_only": draft_only, "draft_count": count(None), "draft_continued": draft_continued, "total": total, "facet_nav": self.facet_nav(Section::Tasks), "statuses": [], "filter_js": "", "pager": pager, "search_href": self.href(&Route::List(self.lang, Section::Search))});
        let crumbs = self.paged_crumbs(vec![(self.ui("nav_tasks"), None)], listing, &pager);
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "task_list.html", v)
    }

    /// Link to a solution group's heading in the task list (on the page where it begins).
    pub(crate) fn task_group_href(&self, gi: usize) -> String {
        let paging = &self.prep.paging;
        let listing = Listing::Section(Section::Tasks);
        let id = &self.site.site.groups[gi].id;
        match paging.pages(self.site, listing) {
            1 => format!("{}#{id}", self.href(&self.listing_route(listing, 1))),
            // A split list heads only the groups it has tasks of.
            _ => match paging.task_group_page(gi) {
                Some(n) => format!("{}#{id}", self.href(&self.listing_route(listing, n))),
                None => self.href(&self.listing_route(listing, 1)),
            },
        }
    }

    /// Links to the four views of the task list, the current one marked.
    pub(crate) fn facet_nav(&self, current: Section) -> Vec<J> {
        std::iter::once(Section::Tasks)
            .chain(Section::FACETS)
            .map(|f| {
                json!({
                    "href": self.href(&Route::List(self.lang, f)),
                    "label": self.ui(&format!("facet_{}", f.key().replace('-', "_"))),
                    "current": f == current,
                })
            })
            .collect()
    }

    /// The approved tasks grouped by lead agency, deadline year or status: static pages, so the
    /// list can be filtered without JavaScript. When the approved tasks are more than a page
    /// holds, the view is an index of its values, each with its own pages
    /// ([`Builder::task_facet_value`]).
    pub(crate) fn task_facet(&mut self, facet: Section) -> PageOut {
        let paging = &self.prep.paging;
        let route = Route::List(self.lang, facet);
        self.from = route.path();
        let split = paging.facets_split();
        let buckets = &paging.facets[facet_index(facet)];
        let groups: Vec<J> = self
            .buckets_in_order(facet)
            .into_iter()
            .map(|b| {
                let bk = &buckets[b];
                let mut g = json!({"id": bk.slug, "label": self.bucket_label(bk.key), "count": bk.tasks.len()});
                if split {
                    g["href"] = json!(self.href(&self.listing_route(Listing::FacetValue(facet, b), 1)));
                    g["tasks"] = json!([]);
                } else {
                    g["href"] = J::Null;
                    g["tasks"] = json!(bk.tasks.iter().map(|&t| self.task_row(t)).collect::<Vec<_>>());
                }
                g
            })
            .collect();
        let title = self.ui(&format!("facet_{}", facet.key().replace('-', "_")));
        let ctx = json!({
            "facet": facet.key(),
            "facet_title": title,
            "facet_nav": self.facet_nav(facet),
            "groups": groups,
            "split": split,
            "total": paging.approved,
        });
        let crumbs = vec![
            (
                self.ui("nav_tasks"),
                Some(Route::List(self.lang, Section::Tasks)),
            ),
            (title.clone(), None),
        ];
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "task_facet.html", v)
    }

    /// Page `page` of the tasks of one value of a view (when the view is an index).
    pub(crate) fn task_facet_value(&mut self, facet: Section, b: usize, page: usize) -> PageOut {
        let listing = Listing::FacetValue(facet, b);
        let route = self.listing_route(listing, page);
        self.from = route.path();
        let bk = &self.prep.paging.facets[facet_index(facet)][b];
        let range = self.prep.paging.range(bk.tasks.len(), page);
        let rows: Vec<J> = bk.tasks[range].iter().map(|&t| self.task_row(t)).collect();
        let pager = self.pager(listing, page, bk.tasks.len());
        let facet_title = self.ui(&format!("facet_{}", facet.key().replace('-', "_")));
        let label = self.bucket_label(bk.key);
        let ctx = json!({
            "facet": facet.key(),
            "facet_title": facet_title,
            "facet_nav": self.facet_nav(facet),
            "label": label,
            "count": bk.tasks.len(),
            "tasks": rows,
            "pager": pager,
        });
        let title = self.paged_title(format!("{facet_title}: {label}"), &pager);
        let crumbs = vec![
            (
                self.ui("nav_tasks"),
                Some(Route::List(self.lang, Section::Tasks)),
            ),
            (facet_title, Some(Route::List(self.lang, facet))),
            (label, None),
        ];
        let crumbs = self.paged_crumbs(crumbs, listing, &pager);
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "task_facet_value.html", v)
    }

    pub(crate) fn task(&mut self, ti: usize) -> PageOut {
        let s = self.site;
        let t = &s.site.tasks[ti];
        let l = &s.tasks[ti];
        let route = Route::Record(self.lang, Section::Tasks, t.id.clone());
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
                        // The quotations are Vietnamese; an English page names the documents.
                        "basis" if self.lang != Lang::Vi => match l.basis.iter().map(|c| self.doc_label(c.document)["label"].as_str().unwrap_or("").to_owned()).collect::<Vec<_>>() {
                            v if v.is_empty() => J::Null,
                            v => self.in_page_language(&v.join("; ")),
                        },
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
                    "status": self.ui(r.status.ui_key()),
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
                "group": {"number": g.number, "title": self.text(&g.title), "href": self.task_group_href(l.group)},
                "lead": self.parties(&l.lead),
                "coordinators": self.parties(&l.coordinators),
                "result": self.opt_text(&t.result),
                "deadline": self.deadline(&t.deadline, l.end_date),
                "deadlines_in_text": self.text_deadlines(t, l.end_date),
                "basis": basis,
                "budget": self.money(&t.budget),
                "objectives": l.objectives.iter().map(|&o| self.objective_row(o)).collect::<Vec<_>>(),
                "projects": l.projects.iter().map(|&p| self.project_row(p)).collect::<Vec<_>>(),
                "budget_lines": l.budget.iter().map(|&b| self.budget_row(b)).collect::<Vec<_>>(),
                "in_plan": t.in_approved_plan,
                "draft": draft,
                "reports": reports,
                "topics": self.topic_links(&l.topics),
                "status": self.status(l.status),
                "notes": self.notes(&t.notes),
                "source": self.source(&l.source),
                "id": t.id,
                "implements": self.task_implements(ti),
            },
        });
        let crumbs = vec![
            (
                self.ui("nav_tasks"),
                Some(Route::List(self.lang, Section::Tasks)),
            ),
            (t.number.clone(), None),
        ];
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "task.html", v)
    }

    pub(crate) fn alias(&mut self, alias: &str, target: &Route) -> PageOut {
        let route = Route::Alias(self.lang, alias.to_owned());
        self.from = route.path();
        let ctx = json!({"target": self.href(target)});
        let v = self.frame(&route, self.ui("redirect_title"), vec![], ctx);
        (route, "redirect.html", v)
    }
}
