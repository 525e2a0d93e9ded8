//! Stage 2, `validate`: checks the raw records and turns them into the typed model.
//!
//! Input: [`RawSite`] from `load`. Output: [`Validated`]: the records as a [`Site`] (when there
//! is no error), every problem found, and [`TextRefs`] (what the records' texts refer to) for the
//! `compile` stage, which compiles the markdown files and resolves the references. Validate only
//! checks: it neither compiles markdown nor resolves document references.
//! Guarantee: when it gives a `Site`, every id is URL-safe and unique in its kind, every
//! reference names an existing record of the right kind, every Vietnamese text is non-empty,
//! amounts are exact non-negative decimals, dates are real dates, deadlines have one reading.
//! With `strict`, a missing English text is an error. All problems are collected; none stops
//! the others from being found.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::load::{RawSite, Rec};
use crate::model::raw::*;
use crate::model::*;

mod cascade;
mod ids;
mod indicators;
pub use indicators::period_year;
mod records;
mod refs;
mod site;
mod values;
mod whole_site;

pub use refs::{AnchorRef, TextRefs, TextUse};

/// Options of the validation.
#[derive(Debug, Clone, Copy, Default)]
pub struct ValidateOptions {
    /// A missing English translation is an error.
    pub strict: bool,
}

/// What validate gives: the checked records, the problems, and what the texts refer to.
#[derive(Debug)]
pub struct Validated {
    /// The checked records, when no error was found. Their markdown is not compiled yet: the
    /// documents' `text`, `pages`, `mentions` and `citations` stay empty until `compile` fills
    /// them in.
    pub site: Option<Site>,
    /// Every problem found (errors and warnings).
    pub diags: Diagnostics,
    /// What the records' texts refer to, for `compile` to resolve and check.
    pub refs: TextRefs,
}

/// Checks the raw site.
pub fn validate(raw: &RawSite, opts: ValidateOptions) -> Validated {
    run(raw, &raw.tasks, None, opts)
}

/// [`validate`], taking the raw tasks out of `raw`: each raw task (with its line and column
/// spans, most of the raw site's memory) is dropped as soon as it is checked, so that the raw
/// tasks and the model are not both whole in memory at once. The rest of `raw` (the markdown
/// files, the documents) stays for `compile`.
pub fn validate_owned(raw: &mut RawSite, opts: ValidateOptions) -> Validated {
    let tasks = std::mem::take(&mut raw.tasks);
    run(raw, &[], Some(tasks), opts)
}

/// The checks; the raw tasks are `owned` when given, else `tasks`.
fn run(
    raw: &RawSite,
    tasks: &[Rec<RawTask>],
    owned: Option<Vec<Rec<RawTask>>>,
    opts: ValidateOptions,
) -> Validated {
    let raw_tasks: &[Rec<RawTask>] = owned.as_deref().unwrap_or(tasks);
    let mut v = Validator {
        diags: Diagnostics::new(),
        strict: opts.strict,
        file: PathBuf::new(),
        kind: "site",
        coverage: BTreeMap::new(),
        ids: Ids::default(),
        plain: &raw.plain_texts,
        failed: &raw.failed_kinds,
        refs: TextRefs::default(),
    };
    v.collect_ids(raw, raw_tasks);
    v.collect_cascade_ids(raw);

    let config = raw
        .site
        .as_ref()
        .and_then(|r| v.site_config(r, &raw.site_assets));
    let groups = v.each(&raw.groups, "groups", Validator::group);
    let agencies = v.each(&raw.agencies, "agencies", Validator::agency);
    // (Diagnostics are sorted when shown: the order of the checks does not matter.)
    if let Some(c) = &config {
        v.check_report_dates(raw_tasks, c.data_as_of);
    }
    let tasks = match owned {
        Some(owned) => v.each_owned(owned, "tasks", Validator::task),
        None => v.each(tasks, "tasks", Validator::task),
    };
    let objectives = v.each(&raw.objectives, "objectives", Validator::objective);
    let projects = v.each(&raw.projects, "projects", Validator::project);
    let budget = v.each(&raw.budget, "budget", Validator::budget_item);
    let documents = v.each(&raw.documents, "documents", Validator::document);
    let glossary = v.each(&raw.glossary, "glossary", Validator::glossary_entry);
    v.check_context_ids(raw);
    let context = v.each(&raw.context, "context", Validator::context_figure);
    v.check_quotations(raw);
    let mut topics = v.each(&raw.topics, "topics", Validator::topic);
    topics.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
    let plans = v.each(&raw.plans, "plans", Validator::plan);
    let commitments = v.each(&raw.commitments, "commitments", Validator::commitment);
    v.check_cascade(raw, config.as_ref(), &plans);
    let errors = v.diags.error_count();
    v.check_parent_cycles(&raw.objectives, &raw.budget);
    // Sums are only meaningful over a tree.
    if v.diags.error_count() == errors {
        v.check_budget_sums(&raw.budget);
    }

    let mut groups = groups;
    groups.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
    let site = match config {
        Some(config) if !v.diags.has_errors() => Some(Site {
            plans: sorted_plans(&config, plans),
            config,
            groups,
            agencies,
            tasks,
            objectives,
            projects,
            budget,
            documents,
            commitments,
            // Filled in by `compile`.
            pages: Vec::new(),
            glossary,
            context,
            topics,
            coverage: v.coverage,
            mentions: Default::default(),
            citations: CitationStats::default(),
        }),
        // (When site.yaml could not be read and nothing else says why, `compile` says so, once
        // all the problems are known.)
        _ => None,
    };
    v.refs.documents = std::mem::take(&mut v.ids.documents);
    Validated {
        site,
        diags: v.diags,
        refs: v.refs,
    }
}

/// The plans in the order of `plans:` in site.yaml (every plan is listed there once, or the
/// site has errors).
fn sorted_plans(config: &SiteConfig, mut plans: Vec<Plan>) -> Vec<Plan> {
    plans.sort_by_key(|p| config.plans.iter().position(|x| *x == p.id));
    plans
}

/// The ids of every kind, with where each was defined.
#[derive(Default)]
struct Ids {
    groups: BTreeMap<String, GroupKind>,
    agencies: BTreeSet<String>,
    tasks: BTreeSet<String>,
    objectives: BTreeSet<String>,
    projects: BTreeSet<String>,
    budget: BTreeSet<String>,
    documents: BTreeSet<String>,
    topics: BTreeSet<String>,
    /// Plan ids.
    plans: BTreeSet<String>,
    /// Plan group id → its plan's id.
    plan_groups: BTreeMap<String, String>,
    /// Commitment ids.
    commitments: BTreeSet<String>,
    /// Commitment id → its kind as written (`target`, `task`…).
    commitment_kinds: BTreeMap<String, String>,
}

struct Validator<'a> {
    diags: Diagnostics,
    strict: bool,
    /// File of the record being checked.
    file: PathBuf,
    /// Kind of the record being checked (for coverage).
    kind: &'static str,
    coverage: BTreeMap<&'static str, Coverage>,
    ids: Ids,
    plain: &'a BTreeMap<PathBuf, String>,
    /// Kinds whose files failed to load.
    failed: &'a BTreeSet<&'static str>,
    /// What the texts refer to, for `compile`.
    refs: TextRefs,
}

impl<'a> Validator<'a> {
    fn err(&mut self, pos: Pos, message: impl Into<String>, help: impl Into<String>) {
        let d = Diagnostic::error(self.file.clone(), pos, message).help(help);
        self.diags.push(d);
    }

    fn each<R, T>(
        &mut self,
        recs: &[Rec<R>],
        kind: &'static str,
        f: fn(&mut Self, &R) -> Option<T>,
    ) -> Vec<T> {
        let mut out = Vec::with_capacity(recs.len());
        for r in recs {
            self.file = r.file.clone();
            self.kind = kind;
            if let Some(t) = f(self, &r.value) {
                out.push(t);
            }
        }
        out
    }

    /// [`Validator::each`], dropping each raw record once it is checked.
    fn each_owned<R, T>(
        &mut self,
        recs: Vec<Rec<R>>,
        kind: &'static str,
        f: fn(&mut Self, &R) -> Option<T>,
    ) -> Vec<T> {
        let mut out = Vec::with_capacity(recs.len());
        for r in recs {
            self.file = r.file;
            self.kind = kind;
            if let Some(t) = f(self, &r.value) {
                out.push(t);
            }
        }
        out
    }
}
