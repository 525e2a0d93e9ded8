//! Stage 2, `validate`: checks the raw records and turns them into the typed model.
//!
//! Input: [`RawSite`] from `load`. Output: [`Site`] (the validated model) or every problem found.
//! Guarantee: when it returns a `Site`, every id is URL-safe and unique in its kind, every
//! reference names an existing record of the right kind, every Vietnamese text is non-empty,
//! amounts are exact non-negative decimals, dates are real dates, deadlines have one reading,
//! provenance anchors exist in the hosted texts. With `strict`, a missing English text is an
//! error. All problems are collected; none stops the others from being found.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::cite;
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::load::{RawSite, Rec, TextFile};
use crate::markdown;
use crate::model::raw::*;
use crate::model::*;
use crate::strings::{is_valid_id, nfc};

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

    let config = raw.site.as_ref().and_then(|r| v.site_config(r));
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
    v.check_budget_cycles(&raw.budget);

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

    // ----- ids -----------------------------------------------------------------------------

    fn collect_ids(&mut self, raw: &RawSite, tasks: &[Rec<RawTask>]) {
        fn collect<R>(
            v: &mut Validator,
            recs: &[Rec<R>],
            kind: &str,
            id_of: impl Fn(&R) -> &S<String>,
            set: &mut BTreeSet<String>,
        ) {
            let mut first: BTreeMap<String, (PathBuf, Pos)> = BTreeMap::new();
            for r in recs {
                v.file = r.file.clone();
                let id = id_of(&r.value);
                let pos = Pos::of(id);
                if !is_valid_id(&id.value) {
                    v.err(pos, format!("{kind} id `{}` is not a valid id", id.value),
                        "ids use only lower-case a-z, 0-9 and '-', at most 80 characters (they become URLs), e.g. `so-giao-duc-dao-tao`");
                    continue;
                }
                if let Some((f, p)) = first.get(&id.value) {
                    let msg = format!(
                        "duplicate {kind} id `{}` (first defined at {}:{}:{})",
                        id.value,
                        f.display(),
                        p.line,
                        p.col
                    );
                    v.err(pos, msg, "give each record its own id");
                } else {
                    first.insert(id.value.clone(), (r.file.clone(), pos));
                    set.insert(id.value.clone());
                }
            }
        }
        let mut ids = Ids::default();
        let mut groups = BTreeSet::new();
        collect(self, &raw.groups, "group", |r| &r.id, &mut groups);
        for g in &raw.groups {
            let kind = match g.value.kind.value.as_str() {
                "objective" => GroupKind::Objective,
                _ => GroupKind::Task,
            };
            if groups.contains(&g.value.id.value) {
                ids.groups.insert(g.value.id.value.clone(), kind);
            }
        }
        collect(self, &raw.agencies, "agency", |r| &r.id, &mut ids.agencies);
        collect(self, tasks, "task", |r| &r.id, &mut ids.tasks);
        collect(
            self,
            &raw.objectives,
            "objective",
            |r| &r.id,
            &mut ids.objectives,
        );
        collect(self, &raw.projects, "project", |r| &r.id, &mut ids.projects);
        collect(self, &raw.budget, "budget", |r| &r.id, &mut ids.budget);
        collect(
            self,
            &raw.documents,
            "document",
            |r| &r.id,
            &mut ids.documents,
        );
        // Citation index: each document's number and other written forms, with its date.
        for r in &raw.documents {
            let d = &r.value;
            if !ids.documents.contains(&d.id.value) {
                continue;
            }
            let date = d.date.as_ref().and_then(|x| Date::from_str(&x.value).ok());
            let numbers = d.number.iter().chain(&d.aliases).map(|n| n.trim());
            self.cite_index.add(&d.id.value, numbers, date);
        }
        // Task aliases: unique and not another task's id.
        let mut aliases: BTreeSet<String> = BTreeSet::new();
        for r in tasks {
            self.file = r.file.clone();
            for a in &r.value.aliases {
                if !is_valid_id(&a.value) {
                    self.err(
                        Pos::of(a),
                        format!("alias `{}` is not a valid id", a.value),
                        "aliases are earlier ids: lower-case a-z, 0-9 and '-'",
                    );
                } else if ids.tasks.contains(&a.value) || !aliases.insert(a.value.clone()) {
                    self.err(
                        Pos::of(a),
                        format!("alias `{}` is already used by another task", a.value),
                        "an old id can redirect to one task only",
                    );
                }
            }
        }
        self.ids = ids;
    }

    fn reference(&mut self, r: &S<String>, kind: &str) -> Option<String> {
        let set = match kind {
            "agency" => &self.ids.agencies,
            "task" => &self.ids.tasks,
            "objective" => &self.ids.objectives,
            "project" => &self.ids.projects,
            "budget" => &self.ids.budget,
            "document" => &self.ids.documents,
            _ => unreachable!("unknown reference kind"),
        };
        let folder = match kind {
            "agency" => "agencies",
            "task" => "tasks",
            "objective" => "objectives",
            "project" => "projects",
            "budget" => "budget",
            _ => "documents",
        };
        if set.contains(&r.value) {
            Some(r.value.clone())
        } else if self.failed.contains(folder) {
            None
        } else {
            let help = match suggest(&r.value, set) {
                Some(s) => {
                    format!("did you mean `{s}`? Every {kind} id must match a record in content/")
                }
                None => format!("add a {kind} record with this id, or fix the reference"),
            };
            self.err(Pos::of(r), format!("unknown {kind} `{}`", r.value), help);
            None
        }
    }

    fn group_ref(&mut self, r: &S<String>, want: GroupKind) -> Option<String> {
        match self.ids.groups.get(&r.value) {
            Some(k) if *k == want => Some(r.value.clone()),
            Some(_) => {
                let kind = if want == GroupKind::Task {
                    "task"
                } else {
                    "objective"
                };
                self.err(
                    Pos::of(r),
                    format!("group `{}` is not a group of kind `{kind}`", r.value),
                    "point at a group with the right kind",
                );
                None
            }
            None if self.failed.contains("groups") => None,
            None => {
                self.err(
                    Pos::of(r),
                    format!("unknown group `{}`", r.value),
                    "add the group to content/groups/ or fix the reference",
                );
                None
            }
        }
    }

    // ----- values --------------------------------------------------------------------------

    fn text(&mut self, t: &RawText) -> Text {
        let vi: String = nfc(&t.vi.value);
        if vi.is_empty() {
            self.err(
                Pos::of(&t.vi),
                "Vietnamese text is empty",
                "write the Vietnamese text as the source gives it",
            );
        }
        let en =
            t.en.as_ref()
                .map(|e| nfc(&e.value))
                .filter(|e| !e.is_empty());
        let c = self.coverage.entry(self.kind).or_default();
        c.fields += 1;
        if en.is_some() {
            c.translated += 1;
        } else if self.strict {
            self.err(
                Pos::of(&t.vi),
                "missing English translation (--strict)",
                "add `en:` beside `vi:`, or build without --strict",
            );
        }
        self.scan_text(&vi, Pos::of(&t.vi));
        if let (Some(e), Some(raw_en)) = (&en, &t.en) {
            self.scan_text(e, Pos::of(raw_en));
        }
        Text { vi, en }
    }

    // ----- citations -------------------------------------------------------------------------

    /// Finds the document references in a plain text field and resolves them once per
    /// distinct text; an unknown or ambiguous reference is reported at the field.
    fn scan_text(&mut self, s: &str, pos: Pos) {
        if let Some(found) = self.mentions.get(s) {
            let linked = found.iter().filter(|m| m.target.is_some()).count();
            self.citations.linked += linked;
            self.citations.unresolved += found.len() - linked;
            return;
        }
        let mut found = Vec::new();
        for r in cite::parse(s) {
            if r.number.is_none() {
                continue; // a clause alone names no document in a plain field
            }
            let target = self.resolve_reference(&r, &s[r.span.clone()], pos);
            found.push(Mention {
                start: r.span.start,
                end: r.span.end,
                target,
            });
        }
        if !found.is_empty() {
            self.mentions.insert(s.to_owned(), found);
        }
    }

    /// Resolves a numbered reference to a document, with the clause's anchor when the document
    /// has a hosted text; reports it (at the current file) when it cannot be resolved.
    fn resolve_reference(
        &mut self,
        r: &cite::Reference,
        written: &str,
        pos: Pos,
    ) -> Option<CiteTarget> {
        let number = r.number.as_ref()?;
        let written = written.split_whitespace().collect::<Vec<_>>().join(" ");
        let problem = match self.cite_index.resolve(number, r.date) {
            cite::Resolution::Found(id) => {
                self.citations.linked += 1;
                let anchor = self.texts.get(&id).and_then(|anchors| {
                    r.anchor_candidates()
                        .into_iter()
                        .find(|a| anchors.contains(a))
                });
                return Some(CiteTarget {
                    document: id,
                    anchor,
                    clause: r.clause_text.clone(),
                });
            }
            cite::Resolution::NotFound => (
                format!("“{written}” cites document number {}, which is not in content/documents/", number.text),
                format!("add a record with `number: \"{}\"` to content/documents/, or list this spelling under the `aliases:` of the record it means", number.text),
            ),
            cite::Resolution::Ambiguous(ids) => (
                format!("“{written}” could be any of the documents {}", ids.join(", ")),
                "write the date after the number (ngày dd/mm/yyyy) so the document can be told apart".to_owned(),
            ),
            cite::Resolution::DateMismatch { id, recorded } => (
                format!("“{written}” gives a date other than that of `{id}` ({recorded})"),
                "check the date; if it is another document with the same number, add a record for it".to_owned(),
            ),
        };
        self.citations.unresolved += 1;
        if !self.failed.contains("documents") {
            let d = if self.strict {
                Diagnostic::error(self.file.clone(), pos, problem.0)
            } else {
                Diagnostic::warning(self.file.clone(), pos, problem.0)
            };
            self.diags.push(d.help(problem.1));
        }
        None
    }

    /// Resolves the references of a hosted text or page. `host`: the document whose text it is
    /// (a clause alone, "Điều 3", points into it).
    fn resolve_markdown(&mut self, md: &mut Markdown, file: &Path, host: Option<&str>) {
        let saved = std::mem::replace(&mut self.file, file.to_path_buf());
        for i in 0..md.cites.len() {
            let c = &md.cites[i];
            let pos = Pos {
                line: c.line,
                col: 1,
            };
            let target = if c.reference.number.is_some() {
                let (r, text) = (c.reference.clone(), c.text.clone());
                self.resolve_reference(&r, &text, pos)
            } else {
                host.and_then(|h| {
                    let anchor = c
                        .reference
                        .anchor_candidates()
                        .into_iter()
                        .find(|a| md.anchors.contains(a))?;
                    Some(CiteTarget {
                        document: h.to_owned(),
                        anchor: Some(anchor),
                        clause: c.reference.clause_text.clone(),
                    })
                })
            };
            if target.is_some() && c.reference.number.is_none() {
                self.citations.linked += 1;
            }
            md.cites[i].target = target;
        }
        self.file = saved;
    }

    fn opt_text(&mut self, t: &Option<RawText>) -> Option<Text> {
        t.as_ref().map(|t| self.text(t))
    }

    fn date(&mut self, s: &S<String>) -> Option<Date> {
        let ok =
            s.value.len() == 10 && s.value.as_bytes()[4] == b'-' && s.value.as_bytes()[7] == b'-';
        match Date::from_str(&s.value) {
            Ok(d) if ok => Some(d),
            _ => {
                self.err(
                    Pos::of(s),
                    format!("`{}` is not a valid date", s.value),
                    "write dates as YYYY-MM-DD, e.g. 2025-08-22, and check the day exists",
                );
                None
            }
        }
    }

    fn amount(&mut self, s: &S<String>) -> Option<Amount> {
        let text = s.value.trim();
        let shape_ok = !text.is_empty()
            && text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && text.bytes().filter(|&b| b == b'.').count() <= 1
            && !text.starts_with('.')
            && !text.ends_with('.');
        match Decimal::from_str_exact(text) {
            Ok(d) if shape_ok => Some(Amount(d)),
            _ if text.starts_with('-') => {
                self.err(
                    Pos::of(s),
                    format!("amount `{}` is negative", s.value),
                    "amounts are non-negative billions of VND",
                );
                None
            }
            _ => {
                self.err(Pos::of(s), format!("amount `{}` is not an exact decimal", s.value),
                    "write billions of VND with a dot as decimal separator and no thousands separator: \"21.325,7201 tỷ đồng\" → \"21325.7201\"");
                None
            }
        }
    }

    fn money(&mut self, b: &RawBudget) -> Money {
        Money {
            amount: b.amount.as_ref().and_then(|a| self.amount(a)),
            as_written: b.as_written.as_ref().map(|s| nfc(s)),
            funding: self.opt_text(&b.funding),
        }
    }

    fn phases(&mut self, phases: &[RawPhase]) -> Vec<Phase> {
        let mut out = Vec::new();
        for p in phases {
            let year = self.year(&p.year);
            let amount = self.amount(&p.amount);
            let note = self.opt_text(&p.note);
            if let (Some(year), Some(amount)) = (year, amount) {
                out.push(Phase {
                    year,
                    amount,
                    as_written: p.as_written.clone(),
                    note,
                });
            }
        }
        out
    }

    fn year(&mut self, y: &S<i32>) -> Option<i32> {
        if (1900..=2200).contains(&y.value) {
            Some(y.value)
        } else {
            self.err(
                Pos::of(y),
                format!("year {} is out of range", y.value),
                "years are between 1900 and 2200",
            );
            None
        }
    }

    fn source(&mut self, s: &RawSource) -> Option<Source> {
        let document = self.reference(&s.document, "document")?;
        if let Some(a) = &s.anchor {
            match self.texts.get(&document) {
                Some(anchors) if anchors.contains(&a.value) => {}
                Some(_) => {
                    self.err(Pos::of(a), format!("anchor `{}` does not exist in the text of `{document}`", a.value),
                        "use an anchor defined in the document's .vi.md file ({#name} markers or heading ids)");
                }
                None => {
                    self.err(Pos::of(a), format!("document `{document}` has no hosted text, so anchor `{}` cannot be linked", a.value),
                        format!("add content/documents/{document}.vi.md or remove the anchor"));
                }
            }
        }
        if let Some(l) = &s.line
            && l.value == 0
        {
            self.err(
                Pos::of(l),
                "line numbers start at 1",
                "give the line number in the document's plain source text",
            );
        }
        Some(Source {
            document,
            line: s.line.as_ref().map(|l| l.value),
            anchor: s.anchor.as_ref().map(|a| a.value.clone()),
            note: self.opt_text(&s.note),
        })
    }

    fn opt_source(&mut self, s: &Option<RawSource>) -> Option<Source> {
        s.as_ref().and_then(|s| self.source(s))
    }

    fn notes(&mut self, notes: &[RawNote]) -> Vec<Note> {
        notes
            .iter()
            .map(|n| Note {
                text: self.text(&n.text),
                source: self.opt_source(&n.source),
            })
            .collect()
    }

    fn party(&mut self, p: &S<RawParty>) -> Option<Party> {
        match &p.value {
            RawParty::Agency(id) => {
                let spanned = S {
                    value: id.clone(),
                    referenced: p.referenced,
                    defined: p.defined,
                };
                self.reference(&spanned, "agency").map(Party::Agency)
            }
            RawParty::Text(t) => {
                let text = self.text(&t.text);
                let agency = t.agency.as_ref().and_then(|a| self.reference(a, "agency"));
                Some(Party::Text { text, agency })
            }
        }
    }

    fn parties(&mut self, ps: &[S<RawParty>]) -> Vec<Party> {
        ps.iter().filter_map(|p| self.party(p)).collect()
    }

    fn refs(&mut self, rs: &[S<String>], kind: &str) -> Vec<String> {
        rs.iter().filter_map(|r| self.reference(r, kind)).collect()
    }

    // ----- records -------------------------------------------------------------------------

    fn site_config(&mut self, r: &Rec<RawSiteConfig>) -> Option<SiteConfig> {
        self.file = r.file.clone();
        self.kind = "site";
        let c = &r.value;
        let langs: Vec<&str> = c.languages.value.iter().map(String::as_str).collect();
        if langs != ["vi", "en"] {
            self.err(
                Pos::of(&c.languages),
                format!("languages are {langs:?}; camket publishes exactly [vi, en]"),
                "write `languages: [vi, en]`",
            );
        }
        if c.default_language.value != "vi" {
            self.err(
                Pos::of(&c.default_language),
                "the default language must be `vi`",
                "write `default_language: vi`",
            );
        }
        let base_url = match &c.base_url {
            Some(b) if b.value.trim().is_empty() => None,
            Some(b) => {
                let u = b.value.trim();
                match crate::config::parse_base_url(u) {
                    Ok(u) => Some(u),
                    Err(why) => {
                        self.err(Pos::of(b), format!("base_url `{}` must be an absolute http(s) URL ending in /: {why}", u.escape_debug()), "e.g. `https://example.gov.vn/giao-duc/`, or leave it empty for relative links");
                        None
                    }
                }
            }
            None => None,
        };
        let theme = match &c.theme {
            Some(t) if !is_valid_id(&t.value) => {
                self.err(
                    Pos::of(t),
                    format!("theme name `{}` is not valid", t.value),
                    "theme names use a-z, 0-9 and '-'",
                );
                None
            }
            Some(t) => Some(t.value.clone()),
            None => Some("default".to_owned()),
        };
        let plan = self.reference(&c.plan, "document");
        let data_as_of = self.date(&c.data_as_of);
        let title = self.text(&c.title);
        let description = self.text(&c.description);
        let publisher = self.text(&c.publisher);
        let objectives_intro = self.opt_text(&c.objectives_intro);
        Some(SiteConfig {
            title,
            description,
            plan: plan?,
            base_url,
            data_as_of: data_as_of?,
            publisher,
            theme: theme?,
            objectives_intro,
        })
    }

    fn group(&mut self, g: &RawGroup) -> Option<Group> {
        let kind = match g.kind.value.as_str() {
            "task" => GroupKind::Task,
            "objective" => GroupKind::Objective,
            other => {
                self.err(
                    Pos::of(&g.kind),
                    format!("unknown group kind `{other}`"),
                    "use `task` (a solution group) or `objective` (an indicator group)",
                );
                return None;
            }
        };
        Some(Group {
            id: g.id.value.clone(),
            kind,
            number: g.number.value.trim().to_owned(),
            horizon: g.horizon.as_ref().map(|h| h.value),
            title: self.text(&g.title),
            order: g.order.value,
            source: self.opt_source(&g.source),
        })
    }

    fn agency(&mut self, a: &RawAgency) -> Option<Agency> {
        let kind = AgencyKind::KEYS
            .iter()
            .find(|(k, _)| *k == a.kind.value)
            .map(|(_, k)| *k);
        if kind.is_none() {
            let keys: Vec<&str> = AgencyKind::KEYS.iter().map(|(k, _)| *k).collect();
            self.err(
                Pos::of(&a.kind),
                format!("unknown agency kind `{}`", a.kind.value),
                format!("use one of: {}", keys.join(", ")),
            );
        }
        let url = a.url.as_ref().map(|u| self.url(u));
        let duties = a
            .duties
            .iter()
            .map(|d| Duty {
                label: d.label.clone().unwrap_or_default(),
                text: self.text(&d.text),
                source: self.opt_source(&d.source),
            })
            .collect();
        Some(Agency {
            id: a.id.value.clone(),
            name: self.text(&a.name),
            short_name: self.opt_text(&a.short_name),
            aliases: a.aliases.iter().map(|s| nfc(s)).collect(),
            kind: kind?,
            duties,
            url: url.flatten(),
            notes: self.notes(&a.notes),
            source: self.opt_source(&a.source),
        })
    }

    fn url(&mut self, u: &S<String>) -> Option<String> {
        let v = u.value.trim();
        if v.starts_with("https://") || v.starts_with("http://") {
            Some(v.to_owned())
        } else {
            self.err(
                Pos::of(u),
                format!("`{v}` is not an http(s) URL"),
                "links must start with https:// or http://",
            );
            None
        }
    }

    fn deadline(&mut self, d: &S<RawDeadline>) -> Option<Deadline> {
        let r = &d.value;
        let text = self.text(&r.text);
        let pos = Pos::of(d);
        let year = r.year.as_ref().and_then(|y| self.year(y));
        let readings = [
            r.year.is_some(),
            r.from.is_some() || r.to.is_some(),
            r.recurring.is_some(),
            r.condition.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if readings > 1 {
            self.err(
                pos,
                "a deadline has more than one reading",
                "give only one of: year (with quarter or month), from + to, recurring, condition",
            );
            return None;
        }
        if r.quarter.is_some() && r.month.is_some() {
            self.err(
                pos,
                "a deadline has both a quarter and a month",
                "keep the one the wording says",
            );
            return None;
        }
        let kind = if let Some(q) = &r.quarter {
            if !(1..=4).contains(&q.value) {
                self.err(
                    Pos::of(q),
                    format!("quarter {} does not exist", q.value),
                    "quarters are 1 to 4",
                );
                return None;
            }
            let Some(y) = year else {
                self.err(Pos::of(q), "a quarter needs a year", "add `year:`");
                return None;
            };
            DeadlineKind::Quarter(y, q.value)
        } else if let Some(m) = &r.month {
            if !(1..=12).contains(&m.value) {
                self.err(
                    Pos::of(m),
                    format!("month {} does not exist", m.value),
                    "months are 1 to 12",
                );
                return None;
            }
            let Some(y) = year else {
                self.err(Pos::of(m), "a month needs a year", "add `year:`");
                return None;
            };
            DeadlineKind::Month(y, m.value)
        } else if let Some(y) = year {
            DeadlineKind::Year(y)
        } else if r.year.is_some() {
            return None;
        } else if r.from.is_some() || r.to.is_some() {
            let (Some(f), Some(t)) = (&r.from, &r.to) else {
                self.err(
                    pos,
                    "a year range needs both `from` and `to`",
                    "write e.g. `from: 2025` and `to: 2030`",
                );
                return None;
            };
            let (f, t) = (self.year(f)?, self.year(t)?);
            if f > t {
                self.err(
                    pos,
                    format!("the range {f}–{t} ends before it starts"),
                    "swap `from` and `to`",
                );
                return None;
            }
            DeadlineKind::Range(f, t)
        } else if let Some(rec) = &r.recurring {
            match rec.value.as_str() {
                "continuous" => DeadlineKind::Recurring(Recurrence::Continuous),
                "annual" => DeadlineKind::Recurring(Recurrence::Annual),
                other => {
                    self.err(
                        Pos::of(rec),
                        format!("unknown recurrence `{other}`"),
                        "use `continuous` (Thường xuyên) or `annual` (Hằng năm)",
                    );
                    return None;
                }
            }
        } else if let Some(c) = &r.condition {
            DeadlineKind::Conditional(self.text(c))
        } else {
            DeadlineKind::Wording
        };
        Some(Deadline { text, kind })
    }

    fn task(&mut self, t: &RawTask) -> Option<Task> {
        let group = self.group_ref(&t.group, GroupKind::Task);
        if t.lead.value.is_empty() {
            self.err(
                Pos::of(&t.lead),
                "a task needs at least one lead",
                "name the lead agency (Cơ quan chủ trì)",
            );
        }
        let lead = self.parties(&t.lead.value);
        let coordinators = self.parties(&t.coordinators);
        let deadline = t.deadline.as_ref().and_then(|d| self.deadline(d));
        let basis = t
            .basis
            .iter()
            .filter_map(|c| {
                let as_written: Option<String> = c.as_written.as_ref().map(|s| nfc(s));
                if let Some(w) = &as_written {
                    self.scan_text(w, Pos::of(&c.document));
                }
                Some(Citation {
                    document: self.reference(&c.document, "document")?,
                    clause: c.clause.clone(),
                    as_written,
                })
            })
            .collect();
        let draft = t.draft.as_ref().and_then(|d| {
            let document = self.reference(&d.document, "document")?;
            let mut changes = Vec::new();
            for (key, field) in [
                ("title", &d.title),
                ("deadline", &d.deadline),
                ("result", &d.result),
                ("lead", &d.lead),
                ("coordinators", &d.coordinators),
                ("basis", &d.basis),
            ] {
                if let Some(f) = field {
                    changes.push((key, self.text(f)));
                }
            }
            Some(Draft {
                document,
                number: d.number.trim().to_owned(),
                changes,
                note: self.opt_text(&d.note),
            })
        });
        let reports = t
            .reports
            .iter()
            .filter_map(|r| self.report(r))
            .collect::<Vec<_>>();
        let mut reports = reports;
        reports.sort_by_key(|r| r.date);
        Some(Task {
            id: t.id.value.clone(),
            aliases: t.aliases.iter().map(|a| a.value.clone()).collect(),
            number: t.number.value.trim().to_owned(),
            group: group?,
            title: self.text(&t.title),
            lead,
            coordinators,
            result: self.opt_text(&t.result),
            deadline,
            basis,
            budget: t.budget.as_ref().map(|b| self.money(b)),
            objectives: self.refs(&t.objectives, "objective"),
            projects: self.refs(&t.projects, "project"),
            in_approved_plan: t.in_approved_plan.unwrap_or(true),
            draft,
            reports,
            notes: self.notes(&t.notes),
            source: self.opt_source(&t.source),
        })
    }

    fn report(&mut self, r: &RawReport) -> Option<Report> {
        let date = self.date(&r.date);
        let status = ReportStatus::KEYS
            .iter()
            .find(|(k, _)| *k == r.status.value)
            .map(|(_, s)| *s);
        if status.is_none() {
            let keys: Vec<&str> = ReportStatus::KEYS.iter().map(|(k, _)| *k).collect();
            self.err(
                Pos::of(&r.status),
                format!("unknown report status `{}`", r.status.value),
                format!("use one of: {}", keys.join(", ")),
            );
        }
        let percent = match &r.percent {
            Some(p) if (0..=100).contains(&p.value) => Some(p.value as u8),
            Some(p) => {
                self.err(
                    Pos::of(p),
                    format!("percent {} is out of range", p.value),
                    "percent is between 0 and 100",
                );
                None
            }
            None => None,
        };
        let mut evidence = Vec::new();
        for e in &r.evidence {
            match (&e.url, &e.document) {
                (Some(u), None) => evidence.extend(self.url(u).map(Evidence::Url)),
                (None, Some(d)) => {
                    evidence.extend(self.reference(d, "document").map(Evidence::Document))
                }
                (Some(u), Some(_)) => self.err(
                    Pos::of(u),
                    "evidence has both a url and a document",
                    "give one per evidence entry",
                ),
                (None, None) => self.err(
                    Pos::of(&r.date),
                    "evidence entry is empty",
                    "give `url:` or `document:`",
                ),
            }
        }
        Some(Report {
            date: date?,
            status: status?,
            percent,
            note: self.opt_text(&r.note),
            evidence,
        })
    }

    fn target(&mut self, t: &RawTarget) -> Target {
        let comparator = t.comparator.as_ref().and_then(|c| {
            let parsed = Comparator::parse(c.value.trim());
            if parsed.is_none() {
                self.err(
                    Pos::of(c),
                    format!("unknown comparator `{}`", c.value),
                    "use one of ≥ > < ≤ =",
                );
            }
            parsed
        });
        let value = t.value.as_ref().and_then(|v| match Decimal::from_str_exact(v.value.trim()) {
            Ok(d) => Some(d),
            Err(_) => {
                self.err(Pos::of(v), format!("target value `{}` is not an exact decimal", v.value), "write the number with a dot as decimal separator: \"0,82\" → \"0.82\", \"16.000\" → \"16000\"");
                None
            }
        });
        Target {
            text: self.text(&t.text),
            comparator,
            value,
            scope: self.opt_text(&t.scope),
        }
    }

    fn objective(&mut self, o: &RawObjective) -> Option<Objective> {
        let horizon = if (1900..=2200).contains(&o.horizon.value) {
            Some(o.horizon.value)
        } else {
            self.err(
                Pos::of(&o.horizon),
                format!("horizon {} is out of range", o.horizon.value),
                "the horizon is a year such as 2030",
            );
            None
        };
        let group = o
            .group
            .as_ref()
            .and_then(|g| self.group_ref(g, GroupKind::Objective));
        let parent = o.parent.as_ref().and_then(|p| {
            if p.value == o.id.value {
                self.err(
                    Pos::of(p),
                    "an objective cannot be its own parent",
                    "point at the row this one is a sub-row of",
                );
                None
            } else {
                self.reference(p, "objective")
            }
        });
        let parts = o
            .parts
            .iter()
            .map(|p| Part {
                title: self.text(&p.title),
                target: p.target.as_ref().map(|t| self.target(t)),
            })
            .collect();
        Some(Objective {
            id: o.id.value.clone(),
            number: o.number.value.trim().to_owned(),
            horizon: horizon?,
            group,
            parent,
            title: self.text(&o.title),
            unit: self.opt_text(&o.unit),
            target: o.target.as_ref().map(|t| self.target(t)),
            parts,
            lead: self.parties(&o.lead),
            coordinators: self.parties(&o.coordinators),
            notes: self.notes(&o.notes),
            source: self.opt_source(&o.source),
        })
    }

    fn project(&mut self, p: &RawProject) -> Option<Project> {
        Some(Project {
            id: p.id.value.clone(),
            number: p.number.value.trim().to_owned(),
            title: self.text(&p.title),
            lead: self.parties(&p.lead),
            budget: p.budget.as_ref().map(|b| self.money(b)),
            phasing: self.phases(&p.phasing),
            tasks: self.refs(&p.tasks, "task"),
            notes: self.notes(&p.notes),
            source: self.opt_source(&p.source),
        })
    }

    fn budget_item(&mut self, b: &RawBudgetItem) -> Option<BudgetItem> {
        let facet = match b.facet.value.as_str() {
            "total" => Some(Facet::Total),
            "source" => Some(Facet::Source),
            "purpose" => Some(Facet::Purpose),
            "envelope" => Some(Facet::Envelope),
            other => {
                self.err(
                    Pos::of(&b.facet),
                    format!("unknown budget facet `{other}`"),
                    "use total, source, purpose or envelope",
                );
                None
            }
        };
        let parent = b.parent.as_ref().and_then(|p| self.reference(p, "budget"));
        let group = b
            .group
            .as_ref()
            .and_then(|g| self.group_ref(g, GroupKind::Task));
        let amount = self.amount(&b.amount);
        Some(BudgetItem {
            id: b.id.value.clone(),
            parent,
            facet: facet?,
            title: self.text(&b.title),
            group,
            amount: amount?,
            as_written: b.as_written.as_ref().map(|s| nfc(s)),
            phasing: self.phases(&b.phasing),
            tasks: self.refs(&b.tasks, "task"),
            projects: self.refs(&b.projects, "project"),
            notes: self.notes(&b.notes),
            source: self.opt_source(&b.source),
        })
    }

    fn document(&mut self, d: &RawDocument) -> Option<Document> {
        let doc_type = DocType::KEYS
            .iter()
            .find(|(k, _)| *k == d.doc_type.value)
            .map(|(_, t)| *t);
        if doc_type.is_none() {
            let keys: Vec<&str> = DocType::KEYS.iter().map(|(k, _)| *k).collect();
            self.err(
                Pos::of(&d.doc_type),
                format!("unknown document type `{}`", d.doc_type.value),
                format!("use one of: {}", keys.join(", ")),
            );
        }
        let date = d.date.as_ref().and_then(|x| self.date(x));
        let url = d.url.as_ref().and_then(|u| self.url(u));
        let source_text = d.source_text.as_ref().and_then(|s| {
            let p = PathBuf::from(&s.value);
            let safe = p
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
            if !safe {
                self.err(
                    Pos::of(s),
                    format!(
                        "source_text `{}` must be a path inside content/documents/",
                        s.value
                    ),
                    "write a relative path such as sources/001_….txt",
                );
                None
            } else if !self.plain.contains_key(&p) {
                self.err(
                    Pos::of(s),
                    format!("source text `{}` not found in content/documents/", s.value),
                    "put the plain .txt file there, or fix the path",
                );
                None
            } else {
                Some(p)
            }
        });
        let cited_as = d.cited_as.iter().filter_map(|s| self.source(s)).collect();
        Some(Document {
            id: d.id.value.clone(),
            number: d.number.as_ref().map(|n| nfc(n)),
            aliases: d.aliases.iter().map(|s| nfc(s)).collect(),
            doc_type: doc_type?,
            issuer: self.opt_text(&d.issuer),
            date,
            title: self.opt_text(&d.title),
            url,
            validity: self.opt_text(&d.validity),
            cited_as,
            notes: self.notes(&d.notes),
            source: self.opt_source(&d.source),
            source_text,
            text: HostedText::default(),
        })
    }

    fn glossary_entry(&mut self, g: &RawGlossaryEntry) -> Option<GlossaryEntry> {
        for s in [&g.vi, &g.en] {
            if s.value.trim().is_empty() {
                self.err(
                    Pos::of(s),
                    "glossary term is empty",
                    "write both the Vietnamese term and its English translation",
                );
            }
        }
        Some(GlossaryEntry {
            vi: nfc(&g.vi.value),
            en: g.en.value.trim().to_owned(),
            note: g.note.clone(),
        })
    }

    // ----- markdown ------------------------------------------------------------------------

    fn markdown(&mut self, f: &TextFile) -> Markdown {
        let label = match f.lang {
            Lang::Vi => "Liên kết đến mục này",
            Lang::En => "Link to this section",
        };
        let (md, issues) = markdown::compile(&f.text, label);
        for i in issues {
            self.diags.push(
                Diagnostic::error(
                    f.file.clone(),
                    Pos {
                        line: i.line,
                        col: i.col,
                    },
                    i.message,
                )
                .help(i.help),
            );
        }
        md
    }

    fn compile_texts(&mut self, files: &[TextFile]) -> BTreeMap<String, HostedText> {
        let mut out: BTreeMap<String, HostedText> = BTreeMap::new();
        for f in files {
            if !self.ids.documents.contains(&f.id) {
                self.diags.push(
                    Diagnostic::error(f.file.clone(), Pos::default(), format!("text for unknown document `{}`", f.id))
                        .help("name the file <document id>.vi.md after a record in content/documents/*.yaml"),
                );
                continue;
            }
            let md = self.markdown(f);
            let slot = out.entry(f.id.clone()).or_default();
            match f.lang {
                Lang::Vi => slot.vi = Some(md),
                Lang::En => slot.en = Some(md),
            }
        }
        for (id, t) in &out {
            if t.vi.is_none() {
                self.diags.push(
                    Diagnostic::error(
                        PathBuf::from(format!("content/documents/{id}.en.md")),
                        Pos::default(),
                        "English text without a Vietnamese text",
                    )
                    .help(format!(
                        "add content/documents/{id}.vi.md: the Vietnamese text is the reference"
                    )),
                );
            }
        }
        out
    }

    fn pages(&mut self, files: &[TextFile]) -> Vec<Page> {
        let mut by_id: BTreeMap<&str, (Option<Markdown>, Option<Markdown>, &Path)> =
            BTreeMap::new();
        for f in files {
            if !is_valid_id(&f.id) {
                self.diags.push(
                    Diagnostic::error(
                        f.file.clone(),
                        Pos::default(),
                        format!("page name `{}` is not a valid id", f.id),
                    )
                    .help("page names use a-z, 0-9 and '-'"),
                );
                continue;
            }
            let mut md = self.markdown(f);
            self.resolve_markdown(&mut md, &f.file, None);
            let slot = by_id.entry(&f.id).or_insert((None, None, &f.file));
            match f.lang {
                Lang::Vi => slot.0 = Some(md),
                Lang::En => slot.1 = Some(md),
            }
        }
        let mut out = Vec::new();
        for (id, (vi, en, file)) in by_id {
            let c = self.coverage.entry("pages").or_default();
            c.fields += 1;
            c.translated += usize::from(en.is_some());
            match vi {
                Some(vi) => {
                    if vi.title.is_none() {
                        self.diags.push(
                            Diagnostic::error(
                                file.to_path_buf(),
                                Pos { line: 1, col: 1 },
                                "page has no title",
                            )
                            .help("start the page with a `# Title` line"),
                        );
                    }
                    if en.is_none() && self.strict {
                        self.diags.push(
                            Diagnostic::error(
                                file.to_path_buf(),
                                Pos::default(),
                                "missing English page (--strict)",
                            )
                            .help(format!("add content/pages/{id}.en.md")),
                        );
                    }
                    out.push(Page {
                        id: id.to_owned(),
                        vi,
                        en,
                    });
                }
                None => self.diags.push(
                    Diagnostic::error(
                        file.to_path_buf(),
                        Pos::default(),
                        "English page without a Vietnamese page",
                    )
                    .help(format!("add content/pages/{id}.vi.md")),
                ),
            }
        }
        out
    }

    // ----- whole-site checks ---------------------------------------------------------------

    fn check_budget_cycles(&mut self, items: &[Rec<RawBudgetItem>]) {
        let parent: BTreeMap<&str, &str> = items
            .iter()
            .filter_map(|r| {
                r.value
                    .parent
                    .as_ref()
                    .map(|p| (r.value.id.value.as_str(), p.value.as_str()))
            })
            .collect();
        for r in items {
            let mut cur = r.value.id.value.as_str();
            for _ in 0..=items.len() {
                match parent.get(cur) {
                    Some(p) if *p == r.value.id.value => {
                        self.file = r.file.clone();
                        self.err(
                            Pos::of(&r.value.id),
                            format!("budget figure `{}` is its own ancestor", r.value.id.value),
                            "parents must form a tree",
                        );
                        break;
                    }
                    Some(p) => cur = p,
                    None => break,
                }
            }
        }
    }

    fn check_report_dates(&mut self, tasks: &[Rec<RawTask>], as_of: Date) {
        for r in tasks {
            self.file = r.file.clone();
            for rep in &r.value.reports {
                if let Ok(d) = Date::from_str(&rep.date.value)
                    && d > as_of
                {
                    self.err(
                        Pos::of(&rep.date),
                        format!("report dated {d} is after the data-as-of date {as_of}"),
                        "fix the date, or move data_as_of in content/site.yaml forward",
                    );
                }
            }
        }
    }
}

/// The known id closest to a mistyped one, if it is close enough to be a likely typo.
fn suggest<'s>(wrong: &str, known: &'s BTreeSet<String>) -> Option<&'s str> {
    known
        .iter()
        .map(|k| (levenshtein(wrong, k), k))
        .filter(|(d, k)| *d <= 3.max(k.len() / 5))
        .min()
        .map(|(_, k)| k.as_str())
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_ids() {
        let known: BTreeSet<String> =
            ["so-giao-duc-dao-tao".to_owned(), "so-y-te".to_owned()].into();
        assert_eq!(
            suggest("so-giao-duc-dao-tai", &known),
            Some("so-giao-duc-dao-tao")
        );
        assert_eq!(suggest("cong-an", &known), None);
    }
}
