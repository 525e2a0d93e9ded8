//! Plan and commitment pages: the list of the site's plans, one page per plan (its
//! commitments by group, its targets, what it implements and what implements it) and one page
//! per commitment (its text as written, its links up and down the cascade with their reasons,
//! its contradictions with both sources).
//!
//! Input: the builder of a language and the linked cascade. Output: each page's route,
//! template and context, and the commitment fragments the cascade pages share
//! ([`Builder::commitment_ref`], [`Builder::implementer_rows`]). Guarantee: the plan the site
//! publishes is named with the site's own words (`plan_kind`), never a fixed one; a commitment
//! that no task implements says so in those words.

use serde_json::{Value as J, json};

use crate::link::{By, Implementer, LDiffersWith, LImplements};
use crate::model::*;
use crate::render::context::{Builder, PageOut};
use crate::render::route::{Route, Section};

impl Builder<'_> {
    /// A plan as a short link: its short label, title and page.
    pub(crate) fn plan_ref(&self, pi: usize) -> J {
        let p = &self.site.site.plans[pi];
        json!({
            "href": self.rec(Section::Plans, &p.id),
            "short": self.text(&p.short),
            "title": self.text(&p.title),
            "kind": self.ui(&format!("plan_kind_{}", p.kind.key())),
        })
    }

    /// The label of a commitment in lists: its plan's short label and its number, or its
    /// group's number when it has none (a dash bullet).
    pub(crate) fn commitment_label(&self, ci: usize) -> String {
        self.site.cascade.label(&self.site.site, ci, self.lang)
    }

    /// A commitment as its rows and cards show it.
    pub(crate) fn commitment_ref(&self, ci: usize) -> J {
        let s = self.site;
        let c = &s.site.commitments[ci];
        let l = &s.cascade.commitments[ci];
        let group = l.group.map(|g| {
            let pg = &s.site.plans[l.plan].groups[g];
            json!({"number": pg.number, "title": self.text(&pg.title)})
        });
        let tasks = (l.implemented_by.iter())
            .filter(|i| matches!(i.by, By::Task(_)))
            .count();
        json!({
            "href": self.rec(Section::Commitments, &c.id),
            "label": self.commitment_label(ci),
            "plan_short": self.text(&s.site.plans[l.plan].short),
            "number": c.number,
            "kind": self.ui(&format!("commitment_kind_{}", c.kind.key())),
            "text": self.text(&c.text),
            "group": group,
            "horizon": self.opt_text(&c.horizon),
            "deadline": self.deadline(&c.deadline, c.deadline.as_ref().and_then(Deadline::end_date)),
            "responsible": self.parties(&l.responsible),
            "tasks": tasks,
            "implementers": l.implemented_by.len(),
            "reason": J::Null,
            "note": J::Null,
        })
    }

    /// The tasks and the commitments that implement a commitment, each with the reason.
    pub(crate) fn implementer_rows(&self, list: &[Implementer]) -> (Vec<J>, Vec<J>) {
        let (mut tasks, mut commitments) = (Vec::new(), Vec::new());
        for i in list {
            match i.by {
                By::Task(t) => tasks.push(self.with_reason(self.task_row(t), i.reason, &i.note)),
                By::Commitment(c) => {
                    commitments.push(self.with_reason(self.commitment_ref(c), i.reason, &i.note))
                }
            }
        }
        (tasks, commitments)
    }

    /// `row` with a link's reason (its label) and note, as `reason` and `note`.
    pub(crate) fn with_reason(&self, mut row: J, reason: Reason, note: &Option<Text>) -> J {
        row["reason"] = J::String(self.ui(&format!("reason_{}", reason.key())));
        row["note"] = self.opt_text(note);
        row
    }

    /// The commitments of `links`, each with the reason: what a task, an indicator or a
    /// commitment implements.
    pub(crate) fn implements_rows(&self, links: &[LImplements]) -> Vec<J> {
        (links.iter())
            .map(|i| self.with_reason(self.commitment_ref(i.commitment), i.reason, &i.note))
            .collect()
    }

    /// The commitments a task implements, each with the reason (on the task page).
    pub(crate) fn task_implements(&self, ti: usize) -> Vec<J> {
        let links = self.site.cascade.task_implements.get(ti);
        self.implements_rows(links.map_or(&[], Vec::as_slice))
    }

    /// The commitments an agency is responsible for, by plan (on the agency page).
    pub(crate) fn agency_commitments(&self, ai: usize) -> Vec<J> {
        let s = self.site;
        let Some(list) = s.cascade.agency_commitments.get(ai) else {
            return Vec::new();
        };
        (0..s.site.plans.len())
            .filter_map(|p| {
                let rows: Vec<J> = (list.iter())
                    .filter(|&&c| s.cascade.commitments[c].plan == p)
                    .map(|&c| self.commitment_ref(c))
                    .collect();
                (!rows.is_empty()).then(|| json!({"plan": self.plan_ref(p), "commitments": rows}))
            })
            .collect()
    }

    /// The home page's cascade block: the coverage of each plan others implement, and links;
    /// null on a site without plans.
    pub(crate) fn home_cascade(&self) -> J {
        let c = &self.site.cascade;
        if c.plans.is_empty() {
            return J::Null;
        }
        let figures: Vec<J> = (c.covered_plans().into_iter())
            .map(|p| {
                let all: Vec<usize> = c.plans[p].commitments().collect();
                json!({
                    "plan": self.plan_ref(p),
                    "total": all.len(),
                    "with_task": all.iter().filter(|&&x| c.has_task(x)).count(),
                    "implemented": all.iter().filter(|&&x| c.is_implemented(x)).count(),
                })
            })
            .collect();
        json!({
            "figures": figures,
            "plans_href": self.href(&Route::List(self.lang, Section::Plans)),
            "cascade_href": self.href(&Route::List(self.lang, Section::Cascade)),
            "coverage_href": self.href(&Route::List(self.lang, Section::Coverage)),
        })
    }

    /// The commitments that state an objective's target differently (on its page).
    pub(crate) fn objective_differences(&self, oi: usize) -> Vec<J> {
        let s = self.site;
        let Some(list) = s.cascade.objective_differences.get(oi) else {
            return Vec::new();
        };
        (list.iter())
            .map(|&ci| {
                let note = (s.cascade.commitments[ci].differs.iter())
                    .find(|d| d.with == LDiffersWith::Objective(oi))
                    .and_then(|d| d.note.as_ref());
                let mut row = self.commitment_ref(ci);
                row["note"] = note.map_or(J::Null, |n| self.text(n));
                row["source"] = self.source(&Some(s.cascade.commitments[ci].source.clone()));
                row
            })
            .collect()
    }

    pub(crate) fn plan_list(&mut self) -> PageOut {
        let s = self.site;
        let route = Route::List(self.lang, Section::Plans);
        self.from = route.path();
        let plans: Vec<J> = (0..s.site.plans.len())
            .map(|pi| {
                let p = &s.site.plans[pi];
                let l = &s.cascade.plans[pi];
                let mut v = self.plan_ref(pi);
                v["issuer"] = self.text(&p.issuer);
                v["horizon"] = self.opt_text(&p.horizon);
                v["document"] = self.doc_label(l.document);
                v["primary"] = J::Bool(l.primary);
                v["commitments"] = J::from(l.commitments().count());
                v["implements"] =
                    J::Array(l.implements.iter().map(|&x| self.plan_ref(x)).collect());
                v["relates_to"] =
                    J::Array(l.relates_to.iter().map(|&x| self.plan_ref(x)).collect());
                v
            })
            .collect();
        let ctx = json!({
            "plans": plans,
            "cascade_href": self.href(&Route::List(self.lang, Section::Cascade)),
            "coverage_href": self.href(&Route::List(self.lang, Section::Coverage)),
            "commitments_href": self.commitment_list_href(None),
        });
        let title = self.ui("nav_plans");
        let v = self.frame(&route, title.clone(), vec![(title, None)], ctx);
        (route, "plan_list.html", v)
    }

    pub(crate) fn plan(&mut self, pi: usize) -> PageOut {
        let s = self.site;
        let p = &s.site.plans[pi];
        let l = &s.cascade.plans[pi];
        let route = Route::Record(self.lang, Section::Plans, p.id.clone());
        self.from = route.path();
        let rows =
            |cs: &[usize]| -> Vec<J> { cs.iter().map(|&c| self.commitment_ref(c)).collect() };
        let groups: Vec<J> = (p.groups.iter().zip(&l.groups))
            .map(|(g, gl)| {
                json!({
                    "id": g.id,
                    "number": g.number,
                    "title": self.text(&g.title),
                    "cascade_href": gl.task_group.map(|t| self.rec(Section::Cascade, &s.site.groups[t].id)),
                    "commitments": rows(&gl.commitments),
                    "source": self.source(&gl.source),
                })
            })
            .collect();
        let targets: Vec<J> = l
            .commitments()
            .flat_map(|ci| {
                let c = &s.site.commitments[ci];
                c.targets.iter().map(move |t| (ci, t))
            })
            .map(|(ci, t)| json!({"text": self.text(t), "href": self.rec(Section::Commitments, &s.site.commitments[ci].id), "label": self.commitment_label(ci)}))
            .collect();
        let implemented: Vec<usize> = l
            .commitments()
            .filter(|&c| s.cascade.is_implemented(c))
            .collect();
        let primary_tasks = l.primary.then(|| {
            let linked = (s.cascade.task_implements.iter())
                .filter(|x| !x.is_empty())
                .count();
            json!({
                "href": self.href(&Route::List(self.lang, Section::Tasks)),
                "count": s.site.tasks.iter().filter(|t| t.in_approved_plan).count(),
                "linked": linked,
            })
        });
        let ctx = json!({
            "plan": {
                "short": self.text(&p.short),
                "title": self.text(&p.title),
                "kind": self.ui(&format!("plan_kind_{}", p.kind.key())),
                "issuer": self.text(&p.issuer),
                "horizon": self.opt_text(&p.horizon),
                "document": self.doc_label(l.document),
                "primary_tasks": primary_tasks,
                "implements": l.implements.iter().map(|&x| self.plan_ref(x)).collect::<Vec<_>>(),
                "implemented_by": l.implemented_by.iter().map(|&x| self.plan_ref(x)).collect::<Vec<_>>(),
                "relates_to": l.relates_to.iter().map(|&x| self.plan_ref(x)).collect::<Vec<_>>(),
                "related_by": l.related_by.iter().map(|&x| self.plan_ref(x)).collect::<Vec<_>>(),
                "groups": groups,
                "ungrouped": rows(&l.ungrouped),
                "count": l.commitments().count(),
                "implemented": implemented.len(),
                "targets": targets,
                "coverage_href": (!l.implemented_by.is_empty() && l.commitments().next().is_some())
                    .then(|| self.href(&Route::List(self.lang, Section::Coverage))),
                "commitments_href": self.commitment_list_href(Some(pi)),
                "source": self.source(&l.source),
            }
        });
        let title = p.title.get(self.lang).0.to_owned();
        let crumbs = vec![
            (
                self.ui("nav_plans"),
                Some(Route::List(self.lang, Section::Plans)),
            ),
            (p.short.get(self.lang).0.to_owned(), None),
        ];
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "plan.html", v)
    }

    pub(crate) fn commitment(&mut self, ci: usize) -> PageOut {
        let s = self.site;
        let c = &s.site.commitments[ci];
        let l = &s.cascade.commitments[ci];
        let p = &s.site.plans[l.plan];
        let route = Route::Record(self.lang, Section::Commitments, c.id.clone());
        self.from = route.path();
        let (tasks, commitments) = self.implementer_rows(&l.implemented_by);
        let implements = self.implements_rows(&l.implements);
        // "No task of the primary plan implements this": said of the commitments of a plan
        // the primary plan implements.
        let primary_implements = s
            .cascade
            .primary
            .is_some_and(|pp| s.cascade.plans[pp].implements.contains(&l.plan));
        // …and by none of the primary plan's own commitments either.
        let by_primary = (l.implemented_by.iter()).any(|i| {
            matches!(i.by, By::Commitment(x) if Some(s.cascade.commitments[x].plan) == s.cascade.primary)
        });
        let own_source = self.source(&Some(l.source.clone()));
        let differs: Vec<J> = (l.differs.iter())
            .map(|d| {
                let other = match d.with {
                    LDiffersWith::Objective(o) => {
                        let ob = &s.site.objectives[o];
                        json!({
                            "href": self.rec(Section::Objectives, &ob.id),
                            "label": format!("{} {}", self.ui("indicator"), ob.number),
                            "text": self.text(&ob.title),
                            "figure": ob.target.as_ref().map(|t| self.text(&t.text)),
                            "source": self.source(&s.objectives[o].source),
                        })
                    }
                    LDiffersWith::Commitment(x) => json!({
                        "href": self.rec(Section::Commitments, &s.site.commitments[x].id),
                        "label": self.commitment_label(x),
                        "text": self.text(&s.site.commitments[x].text),
                        "figure": J::Null,
                        "source": self.source(&Some(s.cascade.commitments[x].source.clone())),
                    }),
                };
                json!({"other": other, "note": self.opt_text(&d.note), "source": own_source})
            })
            .collect();
        let differed_by: Vec<J> = (l.differed_by.iter())
            .map(|&x| {
                let note = (s.cascade.commitments[x].differs.iter())
                    .find(|d| d.with == LDiffersWith::Commitment(ci))
                    .and_then(|d| d.note.as_ref());
                json!({
                    "other": {
                        "href": self.rec(Section::Commitments, &s.site.commitments[x].id),
                        "label": self.commitment_label(x),
                        "text": self.text(&s.site.commitments[x].text),
                        "figure": J::Null,
                        "source": self.source(&Some(s.cascade.commitments[x].source.clone())),
                    },
                    "note": note.map_or(J::Null, |n| self.text(n)),
                    "source": own_source,
                })
            })
            .collect();
        let group = l.group.map(|g| {
            let pg = &p.groups[g];
            let task_group = l.group.and_then(|g| s.cascade.plans[l.plan].groups[g].task_group);
            json!({
                "number": pg.number,
                "title": self.text(&pg.title),
                "href": format!("{}#{}", self.rec(Section::Plans, &p.id), pg.id),
                "cascade_href": task_group.map(|t| self.rec(Section::Cascade, &s.site.groups[t].id)),
            })
        });
        let ctx = json!({
            "commitment": {
                "label": self.commitment_label(ci),
                "number": c.number,
                "kind": self.ui(&format!("commitment_kind_{}", c.kind.key())),
                "plan": self.plan_ref(l.plan),
                "group": group,
                "text": self.text(&c.text),
                "horizon": self.opt_text(&c.horizon),
                "deadline": self.deadline(&c.deadline, c.deadline.as_ref().and_then(Deadline::end_date)),
                "responsible": self.parties(&l.responsible),
                "targets": c.targets.iter().map(|t| self.text(t)).collect::<Vec<_>>(),
                "implements": implements,
                "tasks": tasks,
                "commitments": commitments,
                "no_task": primary_implements && !s.cascade.has_task(ci) && !by_primary,
                "indicators": self.stated_by_rows(ci),
                "differs": differs,
                "differed_by": differed_by,
                "notes": self.notes(&c.notes),
                "source": own_source,
            }
        });
        let title = format!(
            "{} — {}",
            self.commitment_label(ci),
            c.text.get(self.lang).0
        );
        let title: String = if title.chars().count() > 120 {
            title.chars().take(119).chain(['…']).collect()
        } else {
            title
        };
        let crumbs = vec![
            (
                self.ui("nav_plans"),
                Some(Route::List(self.lang, Section::Plans)),
            ),
            (
                p.short.get(self.lang).0.to_owned(),
                Some(Route::Record(self.lang, Section::Plans, p.id.clone())),
            ),
            (
                c.number
                    .clone()
                    .unwrap_or_else(|| self.ui(&format!("commitment_kind_{}", c.kind.key()))),
                None,
            ),
        ];
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "commitment.html", v)
    }
}
