//! Long lists split into pages, as Hugo and Zola do.
//!
//! Input: the linked site and `page_size` of `site.yaml`. Output: [`Paging`], the order of
//! every list that may take several pages (computed once per build, the same in both
//! languages), the number of pages of each [`Listing`], the slice of a page, and the page
//! navigation of a list page ([`Builder::pager`]: previous/next, numbered links around the
//! current page, `rel="prev"`/`rel="next"` for the head). Guarantee: a list of at most
//! `page_size` items is one page at its usual URL, exactly as before; a longer one is cut into
//! pages of `page_size` items in the list's own order, page 1 at the list's usual URL and page
//! `n` at `…/trang-n/` (`…/page-n/` in English), so every item is on exactly one page.

use std::collections::BTreeMap;

use serde_json::{Value as J, json};

use crate::link::{LParty, LinkedSite, Status};
use crate::model::{DeadlineKind, GroupKind, Lang};
use crate::render::context::Builder;
use crate::render::route::{Route, Section, Sub};

/// A list that may take several pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// A section's own list: tasks, agencies, objectives, what changed. Page 1 is the list's
    /// usual URL.
    Section(Section),
    /// The tasks of one value of a task list view: the view (one of [`Section::FACETS`]) and
    /// the value's index in [`Paging::facets`]. Only when the view is too long for one page.
    FacetValue(Section, usize),
    /// The records resting on a document (index), when the document page cannot list them all.
    CitedBy(usize),
    /// The records taken from a document (index), likewise.
    TakenFrom(usize),
}

/// One value of a task list view: its tasks, in plan order.
#[derive(Debug, Clone)]
pub struct Bucket {
    /// The value's slug: its anchor on the view, and its folder when it has its own pages.
    pub slug: String,
    /// What the value is (its label is made per language).
    pub key: BucketKey,
    /// The approved tasks of the value, in plan order.
    pub tasks: Vec<usize>,
}

/// What a value of a task list view is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BucketKey {
    /// Tasks an agency (index) leads.
    Agency(usize),
    /// Tasks led by bodies that are not agencies of the site.
    OtherLead,
    /// Tasks due in a year.
    Year(i16),
    /// Recurring tasks.
    Recurring,
    /// Tasks without a deadline.
    NoDeadline,
    /// Tasks of a status.
    Status(Status),
}

/// An entry of "What changed", in the page's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A progress report: task, report index.
    Report(usize, usize),
    /// A task renumbered since the draft.
    Renumbered(usize),
    /// A task whose fields changed since the draft.
    Changed(usize),
    /// A task added after the draft.
    Added(usize),
    /// A task of the draft only.
    Dropped(usize),
    /// A task whose text states a deadline other than its table's.
    DiffersInText(usize),
}

impl Change {
    /// The section of the changes page the entry belongs to (its group).
    pub fn group(self) -> u8 {
        match self {
            Change::Report(..) => 0,
            Change::Renumbered(_) => 1,
            Change::Changed(_) => 2,
            Change::Added(_) => 3,
            Change::Dropped(_) => 4,
            Change::DiffersInText(_) => 5,
        }
    }
}

/// The order of every list that may take several pages, computed once per build.
#[derive(Debug, Clone, Default)]
pub struct Paging {
    /// Most items on a page (`page_size`).
    pub size: usize,
    /// The task list: (solution group, or `None` for the draft's own tasks; task).
    pub tasks: Vec<(Option<usize>, usize)>,
    /// The values of each task list view, in the order of [`Section::FACETS`] (agencies by
    /// Vietnamese name; the English page reorders them).
    pub facets: [Vec<Bucket>; 3],
    /// Approved tasks (what the views list).
    pub approved: usize,
    /// The objective list: (horizon, group, objective).
    pub objectives: Vec<(u16, Option<usize>, usize)>,
    /// "What changed".
    pub changes: Vec<Change>,
    /// The coverage table's rows: (plan, commitment) of the plans others implement, in site
    /// order.
    pub coverage: Vec<(usize, usize)>,
    /// The list of commitments: (plan, commitment) of every plan, in site order.
    pub commitments: Vec<(usize, usize)>,
}

/// The position of a view in [`Section::FACETS`].
pub fn facet_index(facet: Section) -> usize {
    Section::FACETS
        .iter()
        .position(|&f| f == facet)
        .unwrap_or(0)
}

impl Paging {
    /// Orders the lists; `differs(t)` says whether task `t`'s text states another deadline
    /// than its table.
    pub fn new(s: &LinkedSite, differs: impl Fn(usize) -> bool) -> Paging {
        let size = s.site.config.page_size.max(1);
        let mut tasks = Vec::with_capacity(s.site.tasks.len());
        for (gi, _) in (s.site.groups.iter().enumerate()).filter(|(_, g)| g.kind == GroupKind::Task)
        {
            tasks.extend(
                (s.tasks_in_order.iter())
                    .filter(|&&t| s.tasks[t].group == gi && s.site.tasks[t].in_approved_plan)
                    .map(|&t| (Some(gi), t)),
            );
        }
        tasks.extend(
            (s.tasks_in_order.iter())
                .filter(|&&t| !s.site.tasks[t].in_approved_plan)
                .map(|&t| (None, t)),
        );
        let approved: Vec<usize> = (s.tasks_in_order.iter().copied())
            .filter(|&t| s.site.tasks[t].in_approved_plan)
            .collect();
        let facets = Section::FACETS.map(|f| buckets(s, f, &approved));
        Paging {
            size,
            tasks,
            facets,
            approved: approved.len(),
            objectives: objective_order(s),
            changes: changes(s, &differs),
            coverage: (s.cascade.covered_plans().into_iter())
                .flat_map(|p| s.cascade.plans[p].commitments().map(move |c| (p, c)))
                .collect(),
            commitments: (0..s.cascade.plans.len())
                .flat_map(|p| s.cascade.plans[p].commitments().map(move |c| (p, c)))
                .collect(),
        }
    }

    /// How many items a list has.
    pub fn len(&self, s: &LinkedSite, listing: Listing) -> usize {
        match listing {
            Listing::Section(Section::Tasks) => self.tasks.len(),
            Listing::Section(Section::Agencies) => s.site.agencies.len(),
            Listing::Section(Section::Objectives) => self.objectives.len(),
            Listing::Section(Section::Changes) => self.changes.len(),
            Listing::Section(Section::Coverage) => self.coverage.len(),
            Listing::Section(Section::Commitments) => self.commitments.len(),
            Listing::Section(_) => 0,
            Listing::FacetValue(f, b) => self.facets[facet_index(f)]
                .get(b)
                .map_or(0, |b| b.tasks.len()),
            Listing::CitedBy(d) => rests_total(s, d),
            Listing::TakenFrom(d) => taken_total(s, d),
        }
    }

    /// How many pages a list takes (at least 1).
    pub fn pages(&self, s: &LinkedSite, listing: Listing) -> usize {
        self.len(s, listing).div_ceil(self.size).max(1)
    }

    /// The items of page `n` (from 1): a range of positions in the list.
    pub fn range(&self, len: usize, n: usize) -> std::ops::Range<usize> {
        let start = (n.max(1) - 1).saturating_mul(self.size).min(len);
        start..(start + self.size).min(len)
    }

    /// Whether a task list view is too long for one page: it is then an index of its values,
    /// each value with its own pages.
    pub fn facets_split(&self) -> bool {
        self.approved > self.size
    }

    /// Whether one of a document's lists of records resting on it, or of records taken from
    /// it, is longer than a page: the document page then shows the first `size` of each list
    /// and links to all of them, on their own pages.
    pub fn doc_lists(&self, s: &LinkedSite, d: usize) -> (bool, bool) {
        (
            rests_lens(s, d).iter().any(|&n| n > self.size),
            taken_lens(s, d).iter().any(|&n| n > self.size),
        )
    }

    /// The page of the task list that shows the first task of a solution group; `None` for a
    /// group without tasks.
    pub fn task_group_page(&self, group: usize) -> Option<usize> {
        (self.tasks.iter().position(|&(g, _)| g == Some(group))).map(|i| i / self.size + 1)
    }

    /// Every page beyond the lists' usual ones, for the page list: page 2 on of the sections'
    /// lists, the views' value pages, the documents' long lists.
    pub fn extra_pages(&self, s: &LinkedSite) -> Vec<(Listing, usize)> {
        let mut out = Vec::new();
        for sec in [
            Section::Tasks,
            Section::Agencies,
            Section::Objectives,
            Section::Changes,
            Section::Coverage,
            Section::Commitments,
        ] {
            let l = Listing::Section(sec);
            out.extend((2..=self.pages(s, l)).map(|n| (l, n)));
        }
        if self.facets_split() {
            for f in Section::FACETS {
                for b in 0..self.facets[facet_index(f)].len() {
                    let l = Listing::FacetValue(f, b);
                    out.extend((1..=self.pages(s, l)).map(|n| (l, n)));
                }
            }
        }
        for d in 0..s.site.documents.len() {
            let (rests, taken) = self.doc_lists(s, d);
            for (long, l) in [(rests, Listing::CitedBy(d)), (taken, Listing::TakenFrom(d))] {
                if long {
                    out.extend((1..=self.pages(s, l)).map(|n| (l, n)));
                }
            }
        }
        out
    }
}

/// How many records rest on a document, by list: basis of tasks, named in tasks, in
/// objectives, in projects, documents citing it.
pub fn rests_lens(s: &LinkedSite, d: usize) -> [usize; 5] {
    let l = &s.documents[d];
    [
        l.tasks.len(),
        l.mentioned_by_tasks.len(),
        l.mentioned_by_objectives.len(),
        l.mentioned_by_projects.len(),
        l.cited_by.len(),
    ]
}

/// How many records were taken from a document, by list: tasks, objectives, projects.
pub fn taken_lens(s: &LinkedSite, d: usize) -> [usize; 3] {
    let (t, o, p) = &s.documents[d].provenance_of;
    [t.len(), o.len(), p.len()]
}

/// How many records rest on a document (its page's "Rests on this document").
pub fn rests_total(s: &LinkedSite, d: usize) -> usize {
    rests_lens(s, d).iter().sum()
}

/// How many records were taken from a document.
pub fn taken_total(s: &LinkedSite, d: usize) -> usize {
    taken_lens(s, d).iter().sum()
}

/// The values of a task list view and their tasks.
fn buckets(s: &LinkedSite, facet: Section, approved: &[usize]) -> Vec<Bucket> {
    let mut out = Vec::new();
    let mut push = |slug: String, key, tasks: Vec<usize>| {
        if !tasks.is_empty() {
            out.push(Bucket { slug, key, tasks });
        }
    };
    match facet {
        Section::TasksByAgency => {
            // The approved tasks each agency leads, in task order (one pass).
            let mut led: Vec<Vec<usize>> = vec![Vec::new(); s.site.agencies.len()];
            let mut other = Vec::new();
            for &t in approved {
                let mut any = false;
                for p in &s.tasks[t].lead {
                    if let LParty::Agency(x) | LParty::Text(_, Some(x)) = p {
                        any = true;
                        if let Some(ts) = led.get_mut(*x)
                            && ts.last() != Some(&t)
                        {
                            ts.push(t);
                        }
                    }
                }
                if !any {
                    other.push(t);
                }
            }
            for &a in &s.agencies_by_name {
                let ts = led.get_mut(a).map(std::mem::take).unwrap_or_default();
                push(s.site.agencies[a].id.clone(), BucketKey::Agency(a), ts);
            }
            push("khac".into(), BucketKey::OtherLead, other);
        }
        Section::TasksByYear => {
            let mut years: BTreeMap<i16, Vec<usize>> = BTreeMap::new();
            let (mut recurring, mut none) = (Vec::new(), Vec::new());
            for &t in approved {
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
                push(format!("nam-{y}"), BucketKey::Year(y), ts);
            }
            push("thuong-xuyen".into(), BucketKey::Recurring, recurring);
            push("khong-neu".into(), BucketKey::NoDeadline, none);
        }
        _ => {
            for st in Status::ALL {
                let ts = (approved.iter().copied())
                    .filter(|&t| s.tasks[t].status == st)
                    .collect();
                push(st.key().replace('_', "-"), BucketKey::Status(st), ts);
            }
        }
    }
    out
}

/// The objectives in the list's order: by horizon, then by group, then those without one.
fn objective_order(s: &LinkedSite) -> Vec<(u16, Option<usize>, usize)> {
    let mut horizons: Vec<u16> = s.site.objectives.iter().map(|o| o.horizon).collect();
    horizons.sort_unstable();
    horizons.dedup();
    let mut out = Vec::new();
    for h in horizons {
        let in_h: Vec<usize> = (s.objectives_in_order.iter().copied())
            .filter(|&o| s.site.objectives[o].horizon == h)
            .collect();
        for (gi, _) in
            s.site.groups.iter().enumerate().filter(|(_, g)| {
                g.kind == GroupKind::Objective && g.horizon.is_none_or(|gh| gh == h)
            })
        {
            out.extend(
                (in_h.iter())
                    .filter(|&&o| s.objectives[o].group == Some(gi))
                    .map(|&o| (h, Some(gi), o)),
            );
        }
        out.extend(
            (in_h.iter())
                .filter(|&&o| s.objectives[o].group.is_none())
                .map(|&o| (h, None, o)),
        );
    }
    out
}

/// The entries of "What changed", in the page's order.
fn changes(s: &LinkedSite, differs: &dyn Fn(usize) -> bool) -> Vec<Change> {
    let mut reports: Vec<(crate::model::Date, &str, usize, usize)> = Vec::new();
    for &t in &s.tasks_in_order {
        for (ri, r) in s.site.tasks[t].reports.iter().enumerate() {
            reports.push((r.date, s.site.tasks[t].id.as_str(), t, ri));
        }
    }
    reports.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)).then(b.3.cmp(&a.3)));
    let mut out: Vec<Change> = reports
        .into_iter()
        .map(|(_, _, t, ri)| Change::Report(t, ri))
        .collect();
    let has_draft = (s.site.tasks.iter()).any(|t| t.draft.is_some() || !t.in_approved_plan);
    let (mut renumbered, mut changed, mut added, mut dropped, mut in_text) =
        (vec![], vec![], vec![], vec![], vec![]);
    for &t in &s.tasks_in_order {
        let task = &s.site.tasks[t];
        if !task.in_approved_plan {
            dropped.push(Change::Dropped(t));
            continue;
        }
        if differs(t) {
            in_text.push(Change::DiffersInText(t));
        }
        match &task.draft {
            None if has_draft => added.push(Change::Added(t)),
            None => {}
            Some(d) => {
                if d.number != task.number {
                    renumbered.push(Change::Renumbered(t));
                }
                if !d.changes.is_empty() {
                    changed.push(Change::Changed(t));
                }
            }
        }
    }
    for v in [renumbered, changed, added, dropped, in_text] {
        out.extend(v);
    }
    out
}

/// Consecutive runs of items of the same group on a page: (group, positions in the page's
/// slice, whether the group began on an earlier page).
pub fn runs<T, G: PartialEq + Copy>(
    list: &[T],
    range: std::ops::Range<usize>,
    group: impl Fn(&T) -> G,
) -> Vec<(G, std::ops::Range<usize>, bool)> {
    let mut out: Vec<(G, std::ops::Range<usize>, bool)> = Vec::new();
    for i in range.clone() {
        let g = group(&list[i]);
        match out.last_mut() {
            Some((lg, r, _)) if *lg == g => r.end = i + 1,
            _ => {
                let continued = i == range.start && i > 0 && group(&list[i - 1]) == g;
                out.push((g, i..i + 1, continued));
            }
        }
    }
    out
}

impl Builder<'_> {
    /// The route of page `n` of a list.
    pub(crate) fn listing_route(&self, listing: Listing, n: usize) -> Route {
        let (l, s) = (self.lang, &self.site.site);
        match listing {
            Listing::Section(sec) => Route::page(l, sec, None, n),
            Listing::FacetValue(f, b) => {
                let slug = (self.prep.paging.facets[facet_index(f)].get(b))
                    .map_or_else(String::new, |b| b.slug.clone());
                Route::page(l, f, Some(Sub::Value(slug)), n)
            }
            Listing::CitedBy(d) => Route::page(
                l,
                Section::Documents,
                Some(Sub::CitedBy(s.documents[d].id.clone())),
                n,
            ),
            Listing::TakenFrom(d) => Route::page(
                l,
                Section::Documents,
                Some(Sub::TakenFrom(s.documents[d].id.clone())),
                n,
            ),
        }
    }

    /// The label of a value of a task list view, in the page's language.
    pub(crate) fn bucket_label(&self, key: BucketKey) -> String {
        match key {
            BucketKey::Agency(a) => self.site.site.agencies[a].name.get(self.lang).0.to_owned(),
            BucketKey::OtherLead => self.ui("facet_other_lead"),
            BucketKey::Year(y) => y.to_string(),
            BucketKey::Recurring => self.ui("facet_recurring"),
            BucketKey::NoDeadline => self.ui("not_stated"),
            BucketKey::Status(st) => self.ui(st.ui_key()),
        }
    }

    /// The values of a view in the page's language order (agencies by their name in it).
    pub(crate) fn buckets_in_order(&self, facet: Section) -> Vec<usize> {
        let bs = &self.prep.paging.facets[facet_index(facet)];
        let mut order: Vec<usize> = (0..bs.len()).collect();
        if facet == Section::TasksByAgency && self.lang == Lang::En {
            let mut rank = vec![usize::MAX; self.site.site.agencies.len()];
            for (i, &a) in self.site.agencies_by_name_en.iter().enumerate() {
                rank[a] = i;
            }
            order.sort_by_key(|&i| match bs[i].key {
                BucketKey::Agency(a) => rank[a],
                _ => usize::MAX,
            });
        }
        order
    }

    /// The page navigation of page `n` of a list of `len` items, for a template
    /// (`m.pager`), and the page's `rel="prev"`/`rel="next"` links (set for the frame).
    /// `None` when the list is one page.
    pub(crate) fn pager(&mut self, listing: Listing, n: usize, len: usize) -> J {
        let size = self.prep.paging.size;
        let pages = len.div_ceil(size).max(1);
        if pages <= 1 {
            self.rel = (None, None);
            return J::Null;
        }
        let prev = (n > 1).then(|| self.listing_route(listing, n - 1));
        let next = (n < pages).then(|| self.listing_route(listing, n + 1));
        let range = self.prep.paging.range(len, n);
        let mut items = Vec::new();
        let mut last = 0;
        for k in 1..=pages {
            if k == 1 || k == pages || k.abs_diff(n) <= 2 {
                if k > last + 1 {
                    items.push(json!({"gap": true}));
                }
                let href = self.href(&self.listing_route(listing, k));
                items.push(json!({"gap": false, "n": k, "href": href, "current": k == n}));
                last = k;
            }
        }
        let num = |x: usize| self.fmt.number(self.lang, rust_decimal::Decimal::from(x));
        let items_text = match range.len() {
            1 => num(range.end),
            _ => format!("{}–{}", num(range.start + 1), num(range.end)),
        };
        let summary = self
            .ui("pager_summary")
            .replace("{n}", &n.to_string())
            .replace("{pages}", &pages.to_string())
            .replace("{items}", &items_text)
            .replace("{total}", &num(len));
        let out = json!({
            "n": n,
            "pages": pages,
            "summary": summary,
            "prev": prev.as_ref().map(|r| self.href(r)),
            "next": next.as_ref().map(|r| self.href(r)),
            "items": items,
        });
        self.rel = (prev, next);
        out
    }

    /// A list page's breadcrumbs: from page 2 on, the list's own crumb links to its page 1
    /// and "Page n" follows.
    pub(crate) fn paged_crumbs(
        &self,
        mut crumbs: Vec<(String, Option<Route>)>,
        listing: Listing,
        pager: &J,
    ) -> Vec<(String, Option<Route>)> {
        if let Some(n) = pager["n"].as_u64().filter(|&n| n > 1) {
            if let Some(last) = crumbs.last_mut() {
                last.1 = Some(self.listing_route(listing, 1));
            }
            crumbs.push((self.ui("pager_page").replace("{n}", &n.to_string()), None));
        }
        crumbs
    }

    /// A list page's title: the list's, with "page n of m" from page 2 on.
    pub(crate) fn paged_title(&self, title: String, pager: &J) -> String {
        match (pager["n"].as_u64(), pager["pages"].as_u64()) {
            (Some(n), Some(pages)) if n > 1 => self
                .ui("pager_title")
                .replace("{title}", &title)
                .replace("{n}", &n.to_string())
                .replace("{pages}", &pages.to_string()),
            _ => title,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::runs;

    #[test]
    fn runs_mark_groups_continued_from_an_earlier_page() {
        let list = [1, 1, 1, 2, 2, 3];
        assert_eq!(runs(&list, 0..2, |&g| g), vec![(1, 0..2, false)]);
        assert_eq!(
            runs(&list, 2..5, |&g| g),
            vec![(1, 2..3, true), (2, 3..5, false)]
        );
        assert_eq!(
            runs(&list, 4..6, |&g| g),
            vec![(2, 4..5, true), (3, 5..6, false)]
        );
    }
}
