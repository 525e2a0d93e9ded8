//! Investment project pages: the list with its budget total and one page per project (with
//! its phasing chart).
//!
//! Input: the builder of a language. Output: each page's route, template and context.
//! Guarantee: amounts are formatted for the language; the total is the sum of the stated
//! amounts.

use serde_json::{Value as J, json};

use crate::model::*;
use crate::render::charts;
use crate::render::context::{Builder, PageOut};
use crate::render::route::{Route, Section};

impl Builder<'_> {
    pub(crate) fn project_list(&mut self) -> PageOut {
        let route = Route::List(self.lang, Section::Projects);
        self.from = route.path();
        let rows: Vec<J> = (0..self.site.site.projects.len())
            .map(|p| self.project_row(p))
            .collect();
        let table_total = self
            .site
            .site
            .budget
            .iter()
            .find(|b| b.facet == Facet::Total && b.parent.is_none() && !b.projects.is_empty())
            .map(|b| json!({"title": self.text(&b.title), "amount": self.amount(b.amount), "notes": self.notes(&b.notes)}));
        let sum: rust_decimal::Decimal = self
            .site
            .site
            .projects
            .iter()
            .filter_map(|p| p.budget.as_ref()?.amount)
            .map(|a| a.0)
            .sum();
        let ctx = json!({"projects": rows, "sum": self.fmt.number(self.lang, sum), "table_total": table_total});
        let v = self.frame(
            &route,
            self.ui("nav_projects"),
            vec![(self.ui("nav_projects"), None)],
            ctx,
        );
        (route, "project_list.html", v)
    }

    pub(crate) fn project(&mut self, pi: usize) -> PageOut {
        let s = self.site;
        let p = &s.site.projects[pi];
        let l = &s.projects[pi];
        let route = Route::Record(self.lang, Section::Projects, p.id.clone());
        self.from = route.path();
        let ctx = json!({
            "project": {
                "number": p.number,
                "title": self.text(&p.title),
                "lead": self.parties(&l.lead),
                "topics": self.topic_links(&l.topics),
                "budget": self.money(&p.budget),
                "phasing": self.phases(&p.phasing),
                "phasing_chart": (!p.phasing.is_empty()).then(|| {
                    let rows = p.phasing.iter().map(|ph| charts::Row {
                        label: ph.year.to_string(),
                        values: vec![ph.amount.0],
                        total_text: format!("{} {}", self.amount(ph.amount), self.ui("billion_vnd")),
                    }).collect();
                    self.chart(self.ui("chart_phasing"), vec![charts::Series { class: "budget".into(), label: self.ui("nav_budget") }], rows)
                }),
                "tasks": l.tasks.iter().map(|&t| self.task_row(t)).collect::<Vec<_>>(),
                "budget_lines": l.budget.iter().map(|&b| self.budget_row(b)).collect::<Vec<_>>(),
                "notes": self.notes(&p.notes),
                "source": self.source(&l.source),
            }
        });
        let title = p.title.get(self.lang).0.to_owned();
        let crumbs = vec![
            (
                self.ui("nav_projects"),
                Some(Route::List(self.lang, Section::Projects)),
            ),
            (p.number.clone(), None),
        ];
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "project.html", v)
    }
}
