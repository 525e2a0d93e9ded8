//! Page kinds: which pages the site has, where each goes, and which module builds it.
//!
//! Input: the linked site and the builder of a language. Output: the list of every page
//! ([`Builder::page_list`]), each page's route without building it ([`Builder::route`]), and
//! a page built ([`Builder::build`]: route, template name, context). Guarantee: the list is
//! the same in both languages and in a fixed order; every [`PageId`] has one route and one
//! builder, matched exhaustively (a new page kind that is not wired in does not compile).
//!
//! One module per kind: [`home`], [`task`], [`agency`], [`objective`], [`project`],
//! [`document`], [`topic`], [`feeds`] (what changed, Atom), [`search`], [`misc`] (root, 404, open data,
//! budget, glossary, free pages), [`plan`] (plans and commitments), [`cascade`] (the cascade
//! view and the coverage table). Shared fragments are in [`super::pieces`], the page frame
//! in [`super::context`], the URL scheme in [`super::route`].

mod agency;
mod cascade;
mod commitments;
mod document;
mod feeds;
mod home;
mod misc;
mod objective;
mod plan;
mod project;
mod search;
mod task;
mod topic;

pub(crate) use feeds::has_feed;

use crate::link::LinkedSite;
use crate::render::context::Prepared;
use crate::render::context::{Builder, PageOut};
use crate::render::paging::Listing;
use crate::render::route::{Route, Section};

/// A page to build, the same in both languages (language-neutral pages are built in
/// Vietnamese). Indices are into the linked site's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageId {
    /// `/index.html`.
    Root,
    /// `/404.html`.
    NotFound,
    /// Home of a language.
    Home,
    /// Task list.
    TaskList,
    /// A static view of the task list (one of [`Section::FACETS`]).
    TaskFacet(Section),
    /// A task.
    Task(usize),
    /// Redirect from a task's earlier id: task index, alias index.
    Alias(usize, usize),
    /// Agency list.
    AgencyList,
    /// An agency.
    Agency(usize),
    /// The A4 task report of an agency (one that leads or supports a task).
    AgencyReport(usize),
    /// Objective list.
    ObjectiveList,
    /// An objective.
    Objective(usize),
    /// Project list.
    ProjectList,
    /// A project.
    Project(usize),
    /// Document list.
    DocumentList,
    /// A document.
    Document(usize),
    /// The budget page.
    Budget,
    /// The glossary.
    Glossary,
    /// The open data page.
    DataPage,
    /// What changed.
    ChangesPage,
    /// Atom feed: the whole site, or one agency's (the tasks it leads, the commitments it is
    /// responsible for).
    Feed(Option<usize>),
    /// A free page.
    FreePage(usize),
    /// The search page.
    SearchPage,
    /// The list of topics (only when the site defines topics).
    TopicList,
    /// A topic.
    Topic(usize),
    /// A page of a long list beyond the list's usual page: page 2 on of a section's list, or
    /// page 1 on of a view's value or of a document's records (see `render::paging`).
    Paged(Listing, usize),
    /// The list of the site's plans.
    PlanList,
    /// A plan of the cascade.
    Plan(usize),
    /// A commitment of a plan.
    Commitment(usize),
    /// The cascade index.
    CascadeIndex,
    /// The cascade view of a solution group (index into `site.groups`).
    CascadeGroup(usize),
    /// The coverage table.
    Coverage,
    /// The list of every commitment.
    CommitmentList,
}

impl Builder<'_> {
    /// Every page of a language (the same list for both), in build order.
    pub fn page_list(s: &LinkedSite, prep: &Prepared) -> Vec<PageId> {
        let mut out = vec![PageId::Home, PageId::TaskList];
        out.extend(Section::FACETS.map(PageId::TaskFacet));
        for &i in &s.tasks_in_order {
            out.push(PageId::Task(i));
            out.extend((0..s.site.tasks[i].aliases.len()).map(|k| PageId::Alias(i, k)));
        }
        out.push(PageId::AgencyList);
        out.extend((0..s.site.agencies.len()).map(PageId::Agency));
        out.extend(
            (0..s.site.agencies.len())
                .filter(|&i| !s.agencies[i].leads.is_empty() || !s.agencies[i].supports.is_empty())
                .map(PageId::AgencyReport),
        );
        out.push(PageId::ObjectiveList);
        out.extend((0..s.site.objectives.len()).map(PageId::Objective));
        out.push(PageId::ProjectList);
        out.extend((0..s.site.projects.len()).map(PageId::Project));
        out.push(PageId::DocumentList);
        out.extend((0..s.site.documents.len()).map(PageId::Document));
        if !s.site.topics.is_empty() {
            out.push(PageId::TopicList);
            out.extend((0..s.site.topics.len()).map(PageId::Topic));
        }
        out.push(PageId::Budget);
        out.push(PageId::Glossary);
        out.push(PageId::DataPage);
        out.push(PageId::ChangesPage);
        out.push(PageId::Feed(None));
        out.extend(
            (0..s.site.agencies.len())
                .filter(|&a| feeds::has_feed(s, a))
                .map(|a| PageId::Feed(Some(a))),
        );
        out.extend((0..s.site.pages.len()).map(PageId::FreePage));
        out.push(PageId::SearchPage);
        out.extend((prep.paging.extra_pages(s).into_iter()).map(|(l, n)| PageId::Paged(l, n)));
        if !s.site.plans.is_empty() {
            out.push(PageId::PlanList);
            out.extend((0..s.site.plans.len()).map(PageId::Plan));
            out.push(PageId::CommitmentList);
            out.extend((0..s.site.commitments.len()).map(PageId::Commitment));
            out.push(PageId::CascadeIndex);
            out.extend(
                (0..s.site.groups.len())
                    .filter(|&g| s.site.groups[g].kind == crate::model::GroupKind::Task)
                    .map(PageId::CascadeGroup),
            );
            out.push(PageId::Coverage);
        }
        out
    }

    /// Where a page of this language goes, without building it.
    pub fn route(&self, page: PageId) -> Route {
        let (l, s) = (self.lang, &self.site.site);
        match page {
            PageId::Root => Route::Root,
            PageId::NotFound => Route::NotFound,
            PageId::Home => Route::Home(l),
            PageId::TaskList => Route::List(l, Section::Tasks),
            PageId::TaskFacet(f) => Route::List(l, f),
            PageId::Task(i) => Route::Record(l, Section::Tasks, s.tasks[i].id.clone()),
            PageId::Alias(i, k) => Route::Alias(l, s.tasks[i].aliases[k].clone()),
            PageId::AgencyList => Route::List(l, Section::Agencies),
            PageId::Agency(i) => Route::Record(l, Section::Agencies, s.agencies[i].id.clone()),
            PageId::AgencyReport(i) => {
                Route::Record(l, Section::AgencyReports, s.agencies[i].id.clone())
            }
            PageId::ObjectiveList => Route::List(l, Section::Objectives),
            PageId::Objective(i) => {
                Route::Record(l, Section::Objectives, s.objectives[i].id.clone())
            }
            PageId::ProjectList => Route::List(l, Section::Projects),
            PageId::Project(i) => Route::Record(l, Section::Projects, s.projects[i].id.clone()),
            PageId::DocumentList => Route::List(l, Section::Documents),
            PageId::Document(i) => Route::Record(l, Section::Documents, s.documents[i].id.clone()),
            PageId::Budget => Route::List(l, Section::Budget),
            PageId::Glossary => Route::List(l, Section::Glossary),
            PageId::DataPage => Route::List(l, Section::Data),
            PageId::ChangesPage => Route::List(l, Section::Changes),
            PageId::Feed(a) => Route::Feed(l, a.map(|a| s.agencies[a].id.clone())),
            PageId::FreePage(i) => Route::Record(l, Section::Pages, s.pages[i].id.clone()),
            PageId::SearchPage => Route::List(l, Section::Search),
            PageId::TopicList => Route::List(l, Section::Topics),
            PageId::Topic(i) => Route::Record(l, Section::Topics, s.topics[i].id.clone()),
            PageId::Paged(listing, n) => self.listing_route(listing, n),
            PageId::PlanList => Route::List(l, Section::Plans),
            PageId::Plan(i) => Route::Record(l, Section::Plans, s.plans[i].id.clone()),
            PageId::Commitment(i) => {
                Route::Record(l, Section::Commitments, s.commitments[i].id.clone())
            }
            PageId::CascadeIndex => Route::List(l, Section::Cascade),
            PageId::CascadeGroup(i) => Route::Record(l, Section::Cascade, s.groups[i].id.clone()),
            PageId::Coverage => Route::List(l, Section::Coverage),
            PageId::CommitmentList => Route::List(l, Section::Commitments),
        }
    }

    /// Builds one page of this language: route, template and context.
    pub fn build(mut self, page: PageId) -> PageOut {
        match page {
            PageId::Root => self.root(),
            PageId::NotFound => self.not_found(),
            PageId::Home => self.home(),
            PageId::TaskList => self.task_list(1),
            PageId::TaskFacet(f) => self.task_facet(f),
            PageId::Task(i) => self.task(i),
            PageId::Alias(i, k) => {
                let t = &self.site.site.tasks[i];
                let target = Route::Record(self.lang, Section::Tasks, t.id.clone());
                self.alias(&t.aliases[k], &target)
            }
            PageId::AgencyList => self.agency_list(1),
            PageId::Agency(i) => self.agency(i),
            PageId::AgencyReport(i) => self.agency_report(i),
            PageId::ObjectiveList => self.objective_list(1),
            PageId::Objective(i) => self.objective(i),
            PageId::ProjectList => self.project_list(),
            PageId::Project(i) => self.project(i),
            PageId::DocumentList => self.document_list(),
            PageId::Document(i) => self.document(i),
            PageId::Budget => self.budget(),
            PageId::Glossary => self.glossary(),
            PageId::DataPage => self.data_page(),
            PageId::ChangesPage => self.changes_page(1),
            PageId::Feed(a) => self.feed(a),
            PageId::FreePage(i) => self.page(i),
            PageId::SearchPage => self.search_page(),
            PageId::TopicList => self.topic_list(),
            PageId::Topic(i) => self.topic(i),
            PageId::Paged(listing, n) => match listing {
                Listing::Section(Section::Tasks) => self.task_list(n),
                Listing::Section(Section::Agencies) => self.agency_list(n),
                Listing::Section(Section::Objectives) => self.objective_list(n),
                Listing::Section(Section::Coverage) => self.coverage(n),
                Listing::Section(Section::Commitments) => self.commitment_list(n),
                Listing::Section(_) => self.changes_page(n),
                Listing::FacetValue(f, b) => self.task_facet_value(f, b, n),
                Listing::CitedBy(d) => self.document_records(d, false, n),
                Listing::TakenFrom(d) => self.document_records(d, true, n),
            },
            PageId::PlanList => self.plan_list(),
            PageId::Plan(i) => self.plan(i),
            PageId::Commitment(i) => self.commitment(i),
            PageId::CascadeIndex => self.cascade_index(),
            PageId::CascadeGroup(i) => self.cascade_group(i),
            PageId::Coverage => self.coverage(1),
            PageId::CommitmentList => self.commitment_list(1),
        }
    }
}
