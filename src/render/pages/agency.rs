//! Agency pages: the agency list (with the tasks-per-agency chart), one page per agency and
//! the printable A4 task report of each agency that leads or supports a task.
//!
//! Input: the builder of a language. Output: each page's route, template and context.
//! Guarantee: agencies are listed in the language's collation order.

use rust_decimal::Decimal;
use serde_json::{Value as J, json};

use crate::model::*;
use crate::render::charts;
use crate::render::context::{Builder, PageOut};
use crate::render::paging::Listing;
use crate::render::route::{Route, Section};

impl Builder<'_> {
    /// Page `page` of the agency list; the chart of tasks per agency is on page 1, with at
    /// most a page's number of agencies (those with the most tasks).
    pub(crate) fn agency_list(&mut self, page: usize) -> PageOut {
        let s = self.site;
        let listing = Listing::Section(Section::Agencies);
        let route = self.listing_route(listing, page);
        self.from = route.path();
        let order = if self.lang == Lang::Vi {
            &s.agencies_by_name
        } else {
            &s.agencies_by_name_en
        };
        let range = self.prep.paging.range(order.len(), page);
        let rows: Vec<J> = order[range].iter().map(|&a| self.agency_row(a)).collect();
        let pager = self.pager(listing, page, order.len());
        let approved = |ts: &Vec<usize>| {
            ts.iter()
                .filter(|&&t| s.site.tasks[t].in_approved_plan)
                .count()
        };
        let mut counted: Vec<(usize, usize, usize)> = order
            .iter()
            .map(|&a| {
                (
                    a,
                    approved(&s.agencies[a].leads),
                    approved(&s.agencies[a].supports),
                )
            })
            .filter(|(_, l, c)| l + c > 0)
            .collect();
        counted.sort_by_key(|x| std::cmp::Reverse((x.1, x.2)));
        let size = self.prep.paging.size;
        let chart_top = (counted.len() > size).then_some(size);
        counted.truncate(if page > 1 { 0 } else { size });
        let series = vec![
            charts::Series {
                class: "lead".into(),
                label: self.ui("chart_lead"),
            },
            charts::Series {
                class: "support".into(),
                label: self.ui("chart_support"),
            },
        ];
        let chart_rows: Vec<charts::Row> = counted
            .iter()
            .map(|&(a, l, c)| charts::Row {
                label: s.site.agencies[a].name.get(self.lang).0.to_owned(),
                values: vec![Decimal::from(l), Decimal::from(c)],
                total_text: (l + c).to_string(),
            })
            .collect();
        let chart = self.chart(self.ui("chart_tasks_per_agency"), series, chart_rows);
        let chart_note =
            chart_top.map(|n| self.ui("agency_chart_top").replace("{n}", &n.to_string()));
        let ctx = json!({"agencies": rows, "total": order.len(), "chart": chart, "chart_note": chart_note, "pager": pager});
        let title = self.paged_title(self.ui("nav_agencies"), &pager);
        let crumbs = self.paged_crumbs(vec![(self.ui("nav_agencies"), None)], listing, &pager);
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "agency_list.html", v)
    }

    /// A printable A4 report of one agency: its tasks (lead, then coordinating) with deadline,
    /// status and budget, the status overview and its duties, fit for an official dispatch.
    pub(crate) fn agency_report(&mut self, ai: usize) -> PageOut {
        let s = self.site;
        let a = &s.site.agencies[ai];
        let l = &s.agencies[ai];
        let route = Route::Record(self.lang, Section::AgencyReports, a.id.clone());
        self.from = route.path();
        let in_order = |v: &Vec<usize>| -> Vec<usize> {
            let mut v: Vec<usize> = v
                .iter()
                .copied()
                .filter(|&t| s.site.tasks[t].in_approved_plan)
                .collect();
            v.sort_by_key(|&t| self.prep.task_rank[t]);
            v
        };
        let leads = in_order(&l.leads);
        // No budget total: the tasks' amounts include figures the plan's body text disputes
        // and amounts that overlap the investment projects (V.4 and projects 1–2), and no source
        // prints a sum of them (issue 17).
        let name = a.name.get(self.lang).0.to_owned();
        let ctx = json!({
            "report": {
                "name": self.text(&a.name),
                "agency_href": self.rec(Section::Agencies, &a.id),
                "plan": self.doc_label(s.plan),
                "overview": self.overview(&leads),
                "leads": leads.iter().map(|&t| self.task_row(t)).collect::<Vec<_>>(),
                "supports": in_order(&l.supports).into_iter().map(|t| self.task_row(t)).collect::<Vec<_>>(),
                "duties": a.duties.iter().map(|d| json!({"label": d.label, "text": self.text(&d.text)})).collect::<Vec<_>>(),
            }
        });
        let title = format!("{} — {}", self.ui("agency_report_title"), name);
        let crumbs = vec![
            (
                self.ui("nav_agencies"),
                Some(Route::List(self.lang, Section::Agencies)),
            ),
            (
                name,
                Some(Route::Record(self.lang, Section::Agencies, a.id.clone())),
            ),
            (self.ui("agency_report_title"), None),
        ];
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "agency_report.html", v)
    }

    pub(crate) fn agency(&mut self, ai: usize) -> PageOut {
        let s = self.site;
        let a = &s.site.agencies[ai];
        let l = &s.agencies[ai];
        let route = Route::Record(self.lang, Section::Agencies, a.id.clone());
        self.from = route.path();
        let sorted = |v: &Vec<usize>| -> Vec<usize> {
            let mut v = v.clone();
            v.sort_by_key(|&t| self.prep.task_rank[t]);
            v
        };
        let duties: Vec<J> = a
            .duties
            .iter()
            .zip(&l.duties)
            .map(|(d, src)| json!({"label": d.label, "text": self.text(&d.text), "source": self.source(src)}))
            .collect();
        let ctx = json!({
            "agency": {
                "name": self.text(&a.name),
                "short_name": self.opt_text(&a.short_name),
                "aliases": a.aliases,
                "kind": self.ui(&format!("agency_kind_{}", a.kind.key())),
                "url": a.url,
                "duties": duties,
                "overview": self.overview(&l.leads.iter().copied().filter(|&t| s.site.tasks[t].in_approved_plan).collect::<Vec<_>>()),
                "report_href": (!l.leads.is_empty() || !l.supports.is_empty()).then(|| self.rec(Section::AgencyReports, &a.id)),
                "leads": sorted(&l.leads).into_iter().map(|t| self.task_row(t)).collect::<Vec<_>>(),
                "supports": sorted(&l.supports).into_iter().map(|t| self.task_row(t)).collect::<Vec<_>>(),
                "objectives_led": l.objectives_led.iter().map(|&o| self.objective_row(o)).collect::<Vec<_>>(),
                "objectives_supported": l.objectives_supported.iter().map(|&o| self.objective_row(o)).collect::<Vec<_>>(),
                "projects": l.projects.iter().map(|&p| self.project_row(p)).collect::<Vec<_>>(),
                "notes": self.notes(&a.notes),
                "source": self.source(&l.source),
                "commitments": self.agency_commitments(ai),
            }
        });
        let name = a.name.get(self.lang).0.to_owned();
        let crumbs = vec![
            (
                self.ui("nav_agencies"),
                Some(Route::List(self.lang, Section::Agencies)),
            ),
            (name.clone(), None),
        ];
        let v = self.frame(&route, name, crumbs, ctx);
        (route, "agency.html", v)
    }
}
