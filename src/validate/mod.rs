//! Stage 2, `validate`: checks the raw records and turns them into the typed model.
//!
//! Input: [`RawSite`] from `load`. Output: [`Site`] (the validated model) or every problem found.
//! Guarantee: when it returns a `Site`, every id is URL-safe and unique in its kind, every
//! reference names an existing record of the right kind, every Vietnamese text is non-empty,
//! amounts are exact non-negative decimals, dates are real dates, deadlines have one reading,
//! provenance anchors exist in the hosted texts. With `strict`, a missing English text is an
//! error. All problems are collected; none stops the others from being found.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::cite;
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::load::{RawSite, Rec};
use crate::model::raw::*;
use crate::model::*;

mod citations;
mod ids;
mod markdown;
mod records;
mod values;
mod whole_site;

/// Options of the validation.
#[derive(Debug, Clone, Copy, Default)]
pub struct ValidateOptions {
    /// A missing English translation is an error.
    pub strict: bool,
}

/// Checks the raw site. Returns the model and the warnings, or every problem.
pub fn validate(raw: &RawSite, opts: ValidateOptions) -> Result<(Site, Diagnostics), Diagnostics> {
    run(raw, &raw.tasks, None, opts)
}

/// [`validate`], consuming the raw site: each raw task (with its line and column spans, most of
/// the raw site's memory) is dropped as soon as it is checked, so that the raw tasks and the
/// model are not both whole in memory at once.
pub fn validate_owned(
    mut raw: RawSite,
    opts: ValidateOptions,
) -> Result<(Site, Diagnostics), Diagnostics> {
    let tasks = std::mem::take(&mut raw.tasks);
    run(&raw, &[], Some(tasks), opts)
}

/// The checks; the raw tasks are `owned` when given, else `tasks`.
fn run(
    raw: &RawSite,
    tasks: &[Rec<RawTask>],
    owned: Option<Vec<Rec<RawTask>>>,
    opts: ValidateOptions,
) -> Result<(Site, Diagnostics), Diagnostics> {
    let raw_tasks: &[Rec<RawTask>] = owned.as_deref().unwrap_or(tasks);
    let mut v = Validator {
        diags: Diagnostics::new(),
        strict: opts.strict,
        file: PathBuf::new(),
        kind: "site",
        coverage: BTreeMap::new(),
        ids: Ids::default(),
        texts: BTreeMap::new(),
        plain: &raw.plain_texts,
        failed: &raw.failed_kinds,
        misnamed: &raw.misnamed_texts,
        cite_index: cite::Index::default(),
        mentions: std::collections::HashMap::new(),
        citations: CitationStats::default(),
    };
    v.collect_ids(raw, raw_tasks);
    let mut texts = v.compile_texts(&raw.document_texts);
    v.texts = texts
        .iter()
        .map(|(id, t)| {
            (
                id.clone(),
                t.vi.as_ref().map(|m| m.anchors.clone()).unwrap_or_default(),
            )
        })
        .collect();
    for f in &raw.document_texts {
        let slot = texts.get_mut(&f.id).and_then(|t| match f.lang {
            Lang::Vi => t.vi.as_mut(),
            Lang::En => t.en.as_mut(),
        });
        if let Some(md) = slot {
            v.resolve_markdown(md, &f.file, Some(&f.id));
        }
    }

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
    let mut documents = v.each(&raw.documents, "documents", Validator::document);
    for d in &mut documents {
        d.text = texts.remove(&d.id).unwrap_or_default();
    }
    let pages = v.pages(&raw.pages);
    let glossary = v.each(&raw.glossary, "glossary", Validator::glossary_entry);
    let errors = v.diags.error_count();
    v.check_parent_cycles(&raw.objectives, &raw.budget);
    // Sums are only meaningful over a tree.
    if v.diags.error_count() == errors {
        v.check_budget_sums(&raw.budget);
    }

    let mut groups = groups;
    groups.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
    match config {
        Some(config) if !v.diags.has_errors() => Ok((
            Site {
                config,
                groups,
                agencies,
                tasks,
                objectives,
                projects,
                budget,
                documents,
                pages,
                glossary,
                coverage: v.coverage,
                mentions: v.mentions,
                citations: v.citations,
            },
            v.diags,
        )),
        _ => {
            if raw.site.is_none() && !v.diags.has_errors() {
                v.diags.push(Diagnostic::error(
                    "content/site.yaml",
                    Pos::default(),
                    "site settings could not be read",
                ));
            }
            Err(v.diags)
        }
    }
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
    /// Anchors of each document's Vietnamese hosted text.
    texts: BTreeMap<String, BTreeSet<String>>,
    plain: &'a BTreeMap<PathBuf, String>,
    /// Kinds whose files failed to load.
    failed: &'a BTreeSet<&'static str>,
    /// Documents whose hosted text is misnamed (`<id>.md`): its file-name error says why an
    /// anchor into it cannot be linked.
    misnamed: &'a BTreeSet<String>,
    /// Document numbers → ids, for the citation auto-linker.
    cite_index: cite::Index,
    /// References found in plain texts so far.
    mentions: std::collections::HashMap<String, Vec<Mention>>,
    /// Counts of the auto-linker.
    citations: CitationStats,
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
