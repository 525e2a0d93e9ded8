//! Task pages: the task list by solution group, its three static views (by lead agency, by
//! deadline year, by status), one page per task and the redirects from a task's earlier ids.
//!
//! Input: the builder of a language. Output: each page's route, template and context.
//! Guarantee: lists hold the approved plan's tasks in plan order (draft-only tasks apart);
//! rows are made when a template reads them.

use std::collections::BTreeMap;

use serde_json::{Value as J, json};

use crate::link::{LParty, Status};
use crate::model::*;
use crate::render::context::{Builder, PageOut};
use crate::render::route::{Route, Section};

impl Builder<'_> {
    pub(crate) fn task_list(&mut self) -> PageOut {
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
            .map(|st| json!({"key": st.key().replace('_', "-"), "label": self.ui(st.ui_key())}))
            .collect();
        let ctx = json!({"groups": groups, "draft_only": draft_only, "total": total, "facet_nav": self.facet_nav(Section::Tasks), "statuses": statuses, "filter_js": self.asset("filter.js")});
        let v = self.frame(
            &route,
            self.ui("nav_tasks"),
            vec![(self.ui("nav_tasks"), None)],
            ctx,
        );
        (route, "task_list.html", v)
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
    /// list can be filtered without JavaScript.
    pub(crate) fn task_facet(&mut self, facet: Section) -> PageOut {
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
            Section::TasksByAgency => {
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
            Section::TasksByYear => {
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
                        buckets.push((st.key().replace('_', "-"), self.ui(st.ui_key()), ts));
                    }
                }
            }
        }
        let groups: Vec<J> = buckets
            .iter()
            .map(|(id, label, ts)| json!({"id": id, "label": label, "tasks": ts.iter().map(|&t| self.task_row(t)).collect::<Vec<_>>()}))
            .collect();
        let title = self.ui(&format!("facet_{}", facet.key().replace('-', "_")));
        let ctx = json!({
            "facet": facet.key(),
            "facet_title": title,
            "facet_nav": self.facet_nav(facet),
            "groups": groups,
            "total": approved.len(),
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
                "group": {"number": g.number, "title": self.text(&g.title), "href": format!("{}#{}", self.href(&Route::List(self.lang, Section::Tasks)), g.id)},
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
                "status": self.status(l.status),
                "notes": self.notes(&t.notes),
                "source": self.source(&l.source),
                "id": t.id,
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
