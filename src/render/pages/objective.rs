//! Objective (indicator) pages: the list by group and one page per objective.
//!
//! Input: the builder of a language. Output: each page's route, template and context.
//! Guarantee: child indicators follow their parent.

use serde_json::{Value as J, json};

use crate::model::*;
use crate::render::context::{Builder, PageOut};
use crate::render::paging::{Listing, runs};
use crate::render::route::{Route, Section};

impl Builder<'_> {
    /// Page `page` of the objective list.
    pub(crate) fn objective_list(&mut self, page: usize) -> PageOut {
        if self
            .prep
            .paging
            .pages(self.site, Listing::Section(Section::Objectives))
            > 1
        {
            return self.objective_list_page(page);
        }
        let s = self.site;
        let route = Route::List(self.lang, Section::Objectives);
        self.from = route.path();
        let mut horizons: Vec<u16> = s.site.objectives.iter().map(|o| o.horizon).collect();
        horizons.sort_unstable();
        horizons.dedup();
        let hz: Vec<J> = horizons
            .iter()
            .map(|&h| {
                let in_h: Vec<usize> = s.objectives_in_order.iter().copied().filter(|&o| s.site.objectives[o].horizon == h).collect();
                let mut groups = Vec::new();
                for (gi, g) in s.site.groups.iter().enumerate().filter(|(_, g)| g.kind == GroupKind::Objective && g.horizon.is_none_or(|gh| gh == h)) {
                    let rows: Vec<J> = in_h.iter().filter(|&&o| s.objectives[o].group == Some(gi)).map(|&o| self.objective_row(o)).collect();
                    if !rows.is_empty() {
                        groups.push(json!({"id": g.id, "number": g.number, "title": self.text(&g.title), "continued": false, "objectives": rows}));
                    }
                }
                let ungrouped: Vec<J> = in_h.iter().filter(|&&o| s.objectives[o].group.is_none()).map(|&o| self.objective_row(o)).collect();
                json!({"year": h, "count": in_h.len(), "continued": false, "groups": groups, "ungrouped": ungrouped})
            })
            .collect();
        let context: Vec<J> = s
            .site
            .context
            .iter()
            .map(|c| self.context_figure(c))
            .collect();
        let ctx = json!({"horizons": hz, "total": s.site.objectives.len(), "intro": self.opt_text(&s.site.config.objectives_intro), "indicators": self.indicator_overview(), "context": context, "pager": J::Null});
        let v = self.frame(
            &route,
            self.ui("nav_objectives"),
            vec![(self.ui("nav_objectives"), None)],
            ctx,
        );
        (route, "objective_list.html", v)
    }

    /// A page of an objective list too long for one: its slice, with the headings of the
    /// horizons and groups it holds (one begun on an earlier page marked as continued).
    fn objective_list_page(&mut self, page: usize) -> PageOut {
        let s = self.site;
        let paging = &self.prep.paging;
        let listing = Listing::Section(Section::Objectives);
        let route = self.listing_route(listing, page);
        self.from = route.path();
        let seq = &paging.objectives;
        let range = paging.range(seq.len(), page);
        let mut hz = Vec::new();
        for (h, hr, h_continued) in runs(seq, range, |x| x.0) {
            let (mut groups, mut ungrouped) = (Vec::new(), Vec::new());
            for (g, r, continued) in runs(seq, hr, |x| x.1) {
                let rows: Vec<J> = seq[r]
                    .iter()
                    .map(|&(_, _, o)| self.objective_row(o))
                    .collect();
                match g {
                    Some(gi) => {
                        let grp = &s.site.groups[gi];
                        groups.push(json!({"id": grp.id, "number": grp.number, "title": self.text(&grp.title), "continued": continued, "objectives": rows}));
                    }
                    None => ungrouped = rows,
                }
            }
            let count = seq.iter().filter(|x| x.0 == h).count();
            hz.push(json!({"year": h, "count": count, "continued": h_continued, "groups": groups, "ungrouped": ungrouped}));
        }
        let pager = self.pager(listing, page, seq.len());
        let ctx = json!({"horizons": hz, "total": s.site.objectives.len(), "intro": if page == 1 { self.opt_text(&s.site.config.objectives_intro) } else { J::Null }, "pager": pager, "indicators": if page == 1 { self.indicator_overview() } else { J::Null }, "context": if page == 1 { J::Array(s.site.context.iter().map(|c| self.context_figure(c)).collect()) } else { J::Array(vec![]) }});
        let title = self.paged_title(self.ui("nav_objectives"), &pager);
        let crumbs = self.paged_crumbs(vec![(self.ui("nav_objectives"), None)], listing, &pager);
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "objective_list.html", v)
    }

    pub(crate) fn objective(&mut self, oi: usize) -> PageOut {
        let s = self.site;
        let o = &s.site.objectives[oi];
        let l = &s.objectives[oi];
        let route = Route::Record(self.lang, Section::Objectives, o.id.clone());
        self.from = route.path();
        let parts: Vec<J> = o
            .parts
            .iter()
            .map(|p| json!({"title": self.text(&p.title), "target": self.target(&p.target)}))
            .collect();
        let ctx = json!({
            "objective": {
                "number": o.number,
                "horizon": o.horizon,
                "title": self.text(&o.title),
                "unit": self.opt_text(&o.unit),
                "target": self.target(&o.target),
                "parts": parts,
                "group": l.group.map(|g| json!({"number": s.site.groups[g].number, "title": self.text(&s.site.groups[g].title)})),
                "parent": l.parent.map(|p| self.objective_row(p)),
                "children": l.children.iter().map(|&c| self.objective_row(c)).collect::<Vec<_>>(),
                "lead": self.parties(&l.lead),
                "coordinators": self.parties(&l.coordinators),
                "tasks": l.tasks.iter().map(|&t| self.task_row(t)).collect::<Vec<_>>(),
                "topics": self.topic_links(&l.topics),
                "notes": self.notes(&o.notes),
                "source": self.source(&l.source),
                "data": self.indicator_data(oi),
                "differences": self.objective_differences(oi),
                "implements": self.objective_implements(oi),
            }
        });
        let title = format!("{} {}", o.number, o.title.get(self.lang).0);
        let crumbs = vec![
            (
                self.ui("nav_objectives"),
                Some(Route::List(self.lang, Section::Objectives)),
            ),
            (format!("{} ({})", o.number, o.horizon), None),
        ];
        let v = self.frame(&route, title, crumbs, ctx);
        (route, "objective.html", v)
    }
}
