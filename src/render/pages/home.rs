//! The home page of a language: the plan, the status overview, counts, links to every
//! section, the solution groups, the total budget and the home charts.
//!
//! Input: the builder of a language. Output: the page's route, template (`home.html`) and
//! context. Guarantee: counts and charts cover the approved plan's tasks only; charts are
//! drawn at build time (inline SVG) with their table.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::{Value as J, json};

use crate::link::Status;
use crate::model::*;
use crate::render::charts;
use crate::render::context::{Builder, PageOut};
use crate::render::route::{Route, Section};

impl Builder<'_> {
    /// The home page's charts: tasks by deadline year and status, the budget by funding source
    /// and by solution group, and the timeline of deadlines and indicator horizons.
    pub(crate) fn home_charts(&self, approved: &[usize]) -> J {
        let (by_year, years) = self.tasks_by_year_chart(approved);
        let (one, by_source, by_group, attracted) = self.budget_rows();
        let timeline = self.timeline(&years);
        json!({
            "by_year": by_year,
            "budget_by_source": (!by_source.is_empty()).then(|| self.chart(self.ui("chart_budget_by_source"), one.clone(), by_source)),
            "budget_by_group": (!by_group.is_empty()).then(|| self.chart(self.ui("chart_budget_by_group"), one.clone(), by_group)),
            "budget_attracted": (!attracted.is_empty()).then(|| self.chart(self.ui("chart_budget_attracted"), one.clone(), attracted)),
            "timeline": timeline,
        })
    }

    /// Tasks by deadline year and status (recurring and not stated last), and the tasks of
    /// each year (`i16::MAX - 1`: recurring, `i16::MAX`: not stated).
    fn tasks_by_year_chart(&self, approved: &[usize]) -> (J, BTreeMap<Option<i16>, Vec<usize>>) {
        let s = self.site;
        let statuses: Vec<Status> = Status::ALL
            .into_iter()
            .filter(|st| approved.iter().any(|&t| s.tasks[t].status == *st))
            .collect();
        let series: Vec<charts::Series> = statuses
            .iter()
            .map(|st| charts::Series {
                class: format!("status-{}", st.key()),
                label: self.ui(st.ui_key()),
            })
            .collect();
        let mut years: BTreeMap<Option<i16>, Vec<usize>> = BTreeMap::new();
        for &t in approved {
            let recurring = matches!(
                s.site.tasks[t].deadline.as_ref().map(|d| &d.kind),
                Some(DeadlineKind::Recurring(_))
            );
            // Years in order, then recurring, then not stated.
            let key = if recurring {
                Some(i16::MAX - 1)
            } else {
                Some(s.tasks[t].end_date.map_or(i16::MAX, |d| d.year()))
            };
            years.entry(key).or_default().push(t);
        }
        let year_label = |y: Option<i16>| match y {
            Some(i16::MAX) | None => self.ui("not_stated"),
            Some(y) if y == i16::MAX - 1 => self.ui("facet_recurring"),
            Some(y) => y.to_string(),
        };
        let rows: Vec<charts::Row> = years
            .iter()
            .map(|(y, ts)| charts::Row {
                label: year_label(*y),
                values: statuses
                    .iter()
                    .map(|st| {
                        Decimal::from(ts.iter().filter(|&&t| s.tasks[t].status == *st).count())
                    })
                    .collect(),
                total_text: ts.len().to_string(),
            })
            .collect();
        let by_year = self.chart(self.ui("chart_tasks_by_year"), series, rows);
        (by_year, years)
    }

    /// The budget charts' series and rows: by funding source (the total's sources) and by
    /// solution group (the top-level envelopes, in group order).
    /// The budget charts' rows: by funding source, by solution group (public spending), and
    /// the investment the plan seeks to attract, kept apart from public spending.
    #[allow(clippy::type_complexity)]
    fn budget_rows(
        &self,
    ) -> (
        Vec<charts::Series>,
        Vec<charts::Row>,
        Vec<charts::Row>,
        Vec<charts::Row>,
    ) {
        let s = self.site;
        let money = |b: &BudgetItem| charts::Row {
            label: b.title.get(self.lang).0.to_owned(),
            values: vec![b.amount.0],
            total_text: format!("{} {}", self.amount(b.amount), self.ui("billion_vnd")),
        };
        let one = vec![charts::Series {
            class: "budget".into(),
            label: self.ui("nav_budget"),
        }];
        let total = s
            .site
            .budget
            .iter()
            .find(|b| b.facet == Facet::Total && b.parent.is_none());
        let by_source: Vec<charts::Row> = s
            .site
            .budget
            .iter()
            .filter(|b| {
                b.facet == Facet::Source
                    && b.parent.is_some()
                    && b.parent.as_deref() == total.map(|t| t.id.as_str())
            })
            .map(money)
            .collect();
        let envelope_ids: Vec<&str> = s
            .site
            .budget
            .iter()
            .filter(|b| b.facet == Facet::Envelope)
            .map(|b| b.id.as_str())
            .collect();
        let mut by_group: Vec<(u32, &BudgetItem)> = s
            .site
            .budget
            .iter()
            .filter(|b| {
                b.facet == Facet::Envelope
                    && b.parent
                        .as_deref()
                        .is_none_or(|p| !envelope_ids.contains(&p))
            })
            .filter_map(|b| {
                let g = s
                    .site
                    .groups
                    .iter()
                    .find(|g| Some(&g.id) == b.group.as_ref())?;
                Some((g.order, b))
            })
            .collect();
        by_group.sort_by_key(|(o, b)| (*o, b.id.clone()));
        let (attracted, by_group): (Vec<_>, Vec<_>) = by_group
            .into_iter()
            .partition(|(_, b)| b.attracted_investment);
        let group_row = |(_, b): (u32, &BudgetItem)| {
            let g = s
                .site
                .groups
                .iter()
                .find(|g| Some(&g.id) == b.group.as_ref());
            let mut row = money(b);
            if let Some(g) = g {
                row.label = format!("{}. {}", g.number, row.label);
            }
            row
        };
        let by_group: Vec<charts::Row> = by_group.into_iter().map(group_row).collect();
        let attracted: Vec<charts::Row> = attracted.into_iter().map(group_row).collect();
        (one, by_source, by_group, attracted)
    }

    /// The timeline of task deadlines per year and indicator horizons.
    fn timeline(&self, years: &BTreeMap<Option<i16>, Vec<usize>>) -> J {
        let s = self.site;
        // Timeline: task deadlines per year, indicator horizons.
        let mut marks: Vec<charts::Mark> = years
            .iter()
            .filter_map(|(y, ts)| match y {
                Some(y) if *y < i16::MAX - 1 => Some(charts::Mark {
                    year: *y,
                    count: ts.len(),
                    text: ts.len().to_string(),
                    class: "tasks".into(),
                }),
                _ => None,
            })
            .collect();
        let mut horizons: BTreeMap<u16, usize> = BTreeMap::new();
        for o in &s.site.objectives {
            *horizons.entry(o.horizon).or_default() += 1;
        }
        for (h, n) in &horizons {
            marks.push(charts::Mark {
                year: *h as i16,
                count: *n,
                text: n.to_string(),
                class: "objectives".into(),
            });
        }
        let timeline_title = self.ui("timeline_title");
        json!({
            "title": timeline_title,
            "svg": charts::timeline(&timeline_title, &marks),
            "items": marks.iter().map(|m| {
                let key = if m.class == "tasks" { "timeline_tasks" } else { "timeline_objectives" };
                json!({"year": m.year, "text": self.ui(key).replace("{n}", &m.count.to_string())})
            }).collect::<Vec<_>>(),
        })
    }

    pub(crate) fn home(&mut self) -> PageOut {
        let s = self.site;
        let route = Route::Home(self.lang);
        self.from = route.path();
        let approved: Vec<usize> = (0..s.site.tasks.len())
            .filter(|&i| s.site.tasks[i].in_approved_plan)
            .collect();
        let mut overview = self.overview(&approved);
        overview["links"] = self.overview_links(&overview);
        let home_charts = self.home_charts(&approved);
        let total_budget = s
            .site
            .budget
            .iter()
            .find(|b| b.facet == Facet::Total && b.parent.is_none())
            .map(|b| json!({"title": self.text(&b.title), "amount": self.amount(b.amount)}));
        let groups: Vec<J> = s
            .site
            .groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.kind == GroupKind::Task)
            .map(|(gi, g)| {
                let n = approved.iter().filter(|&&t| s.tasks[t].group == gi).count();
                json!({"number": g.number, "title": self.text(&g.title), "count": n, "href": self.task_group_href(gi)})
            })
            .collect();
        let plan = self.doc_label(s.plan);
        let ctx = json!({
            "plan": plan,
            "overview": overview,
            "counts": {
                "tasks": approved.len(),
                "draft_only": s.site.tasks.len() - approved.len(),
                "objectives": s.site.objectives.len(),
                "projects": s.site.projects.len(),
                "agencies": s.site.agencies.len(),
                "documents": s.site.documents.len(),
            },
            "links": {
                "tasks": self.href(&Route::List(self.lang, Section::Tasks)),
                "objectives": self.href(&Route::List(self.lang, Section::Objectives)),
                "projects": self.href(&Route::List(self.lang, Section::Projects)),
                "agencies": self.href(&Route::List(self.lang, Section::Agencies)),
                "documents": self.href(&Route::List(self.lang, Section::Documents)),
                "budget": self.href(&Route::List(self.lang, Section::Budget)),
                "glossary": self.href(&Route::List(self.lang, Section::Glossary)),
                "pages": s.site.pages.iter().map(|p| json!({"href": self.rec(Section::Pages, &p.id), "title": self.page_title(p)})).collect::<Vec<_>>(),
            },
            "total_budget": total_budget,
            "search": self.href(&Route::List(self.lang, Section::Search)),
            "topics": self.topic_index(),
            "topic_list": self.href(&Route::List(self.lang, Section::Topics)),
            "groups": groups,
            "charts": home_charts,
            "indicators": self.indicator_overview(),
            "cascade": self.home_cascade(),
        });
        let title = s.site.config.title.get(self.lang).0.to_owned();
        let v = self.frame(&route, title, vec![], ctx);
        (route, "home.html", v)
    }

    /// Where each status card of the home page leads: the static view of the task list that
    /// shows those tasks (by status or by deadline year), at the section holding them; `null`
    /// for a card counting none.
    fn overview_links(&self, overview: &J) -> J {
        let s = self.site;
        let by_status = self.href(&Route::List(self.lang, Section::TasksByStatus));
        let by_year = self.href(&Route::List(self.lang, Section::TasksByYear));
        let n = |k: &str| overview[k].as_u64().unwrap_or(0);
        let approved = |st: Status| {
            (s.site.tasks.iter().zip(&s.tasks)).any(|(t, l)| t.in_approved_plan && l.status == st)
        };
        let status_anchor = |st: Status| format!("{by_status}#{}", st.key().replace('_', "-"));
        let completed = [Status::CompletedOnTime, Status::CompletedLate]
            .into_iter()
            .find(|&st| approved(st))
            .map(status_anchor);
        let when = |cond: bool, href: String| cond.then_some(href);
        json!({
            "total": when(n("total") > 0, self.href(&Route::List(self.lang, Section::Tasks))),
            "completed": completed.filter(|_| n("completed") > 0),
            "past_deadline": when(n("past_deadline") > 0, status_anchor(Status::PastDeadlineNoReport)),
            "due_this_year": when(n("due_this_year") > 0, format!("{by_year}#nam-{}", overview["year"])),
            "recurring": when(n("recurring") > 0, format!("{by_year}#thuong-xuyen")),
            "no_report": when(n("no_report") > 0, by_status.clone()),
        })
    }

    pub(crate) fn page_title(&self, p: &Page) -> J {
        match (self.lang, &p.en) {
            (Lang::En, Some(en)) => self.plain_lang(en.title.clone().unwrap_or_default(), "en"),
            _ => {
                json!({"text": p.vi.title.clone().unwrap_or_default(), "missing": self.lang == Lang::En, "lang": "vi", "marker": if self.lang == Lang::En { self.ui("not_translated") } else { String::new() }})
            }
        }
    }

    pub(crate) fn plain_lang(&self, s: String, lang: &str) -> J {
        json!({"text": s, "missing": false, "lang": lang, "marker": ""})
    }
}
