//! Stage 3, `compile`: the markdown files compiled and every document reference resolved.
//!
//! Input: the [`RawSite`]'s markdown files (hosted document texts, free pages) and documents
//! (their numbers, for the citation index), and validate's [`Validated`]: the checked records,
//! their problems and [`TextRefs`] (the plain texts and provenance anchors they hold).
//! Output: the complete [`Site`] — each document's compiled hosted text, the compiled pages, the
//! references found in plain texts (`mentions`) and the auto-linker's counts — with its
//! warnings, or every problem of validate and compile together.
//! Guarantee: every markdown file is compiled once (`markdown::compile`: safe HTML, unique
//! anchors, table of contents, plain-text sections); every hosted text belongs to a document
//! and has a Vietnamese text, every page has a Vietnamese text with a title; every provenance
//! anchor exists in its document's Vietnamese text; every document reference is resolved or
//! reported (a warning, an error with `strict`), each distinct plain text once. Problems are
//! located diagnostics, collected with validate's so that all are reported at once.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::str::FromStr;

use crate::cite;
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::load::RawSite;
use crate::model::*;
use crate::validate::{AnchorRef, TextRefs, TextUse, Validated};

mod citations;
mod markdown;

/// Options of the compile stage.
#[derive(Debug, Clone, Copy, Default)]
pub struct CompileOptions {
    /// An unresolved document reference and a missing English page are errors.
    pub strict: bool,
}

/// Compiles the markdown files of `raw` and resolves the references of `validated`'s records.
/// Returns the complete site and the warnings, or every problem (validate's and its own).
pub fn compile(
    raw: &RawSite,
    validated: Validated,
    opts: CompileOptions,
) -> Result<(Site, Diagnostics), Diagnostics> {
    let Validated { site, diags, refs } = validated;
    let TextRefs {
        documents,
        texts: plain_texts,
        anchors,
    } = refs;
    let mut c = Compiler {
        diags,
        strict: opts.strict,
        file: PathBuf::new(),
        page_coverage: None,
        texts: BTreeMap::new(),
        failed: &raw.failed_kinds,
        misnamed: &raw.misnamed_texts,
        cite_index: citation_index(raw, &documents),
        documents,
        mentions: std::collections::HashMap::new(),
        citations: CitationStats::default(),
    };
    let mut texts = c.compile_texts(&raw.document_texts);
    c.texts = texts
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
            c.resolve_markdown(md, &f.file, Some(&f.id));
        }
    }
    let pages = c.pages(&raw.pages);
    for a in &anchors {
        c.check_anchor(a);
    }
    for (text, used) in &plain_texts {
        c.scan_plain(text, used);
    }

    match site {
        Some(mut site) if !c.diags.has_errors() => {
            for d in &mut site.documents {
                d.text = texts.remove(&d.id).unwrap_or_default();
            }
            site.pages = pages;
            if let Some(pc) = c.page_coverage {
                site.coverage.insert("pages", pc);
            }
            site.mentions = c.mentions;
            site.citations = c.citations;
            Ok((site, c.diags))
        }
        _ => {
            if raw.site.is_none() && !c.diags.has_errors() {
                c.diags.push(Diagnostic::error(
                    "content/site.yaml",
                    Pos::default(),
                    "site settings could not be read",
                ));
            }
            Err(c.diags)
        }
    }
}

/// Document numbers (and their other written forms) → ids, with each document's date.
fn citation_index(raw: &RawSite, documents: &BTreeSet<String>) -> cite::Index {
    let mut index = cite::Index::default();
    for r in &raw.documents {
        let d = &r.value;
        if !documents.contains(&d.id.value) {
            continue;
        }
        let date = d.date.as_ref().and_then(|x| Date::from_str(&x.value).ok());
        let numbers = d.number.iter().chain(&d.aliases).map(|n| n.trim());
        index.add(&d.id.value, numbers, date);
    }
    index
}

struct Compiler<'a> {
    diags: Diagnostics,
    strict: bool,
    /// File being compiled, or of the text being resolved.
    file: PathBuf,
    /// Translation coverage of the pages, when there is a page.
    page_coverage: Option<Coverage>,
    /// Ids of the documents.
    documents: BTreeSet<String>,
    /// Anchors of each document's Vietnamese hosted text.
    texts: BTreeMap<String, BTreeSet<String>>,
    /// Kinds whose files failed to load.
    failed: &'a BTreeSet<&'static str>,
    /// Documents whose hosted text is misnamed (`<id>.md`): its file-name error says why an
    /// anchor into it cannot be linked.
    misnamed: &'a BTreeSet<String>,
    /// Document numbers → ids, for the citation auto-linker.
    cite_index: cite::Index,
    /// References found in plain texts.
    mentions: std::collections::HashMap<String, Vec<Mention>>,
    /// Counts of the auto-linker.
    citations: CitationStats,
}

impl Compiler<'_> {
    fn err(&mut self, pos: Pos, message: impl Into<String>, help: impl Into<String>) {
        let d = Diagnostic::error(self.file.clone(), pos, message).help(help);
        self.diags.push(d);
    }

    /// Checks that a provenance anchor exists in its document's Vietnamese hosted text.
    fn check_anchor(&mut self, a: &AnchorRef) {
        self.file.clone_from(&a.file);
        let document = &a.document;
        match self.texts.get(document) {
            Some(anchors) if anchors.contains(&a.anchor) => {}
            Some(_) => {
                self.err(a.pos, format!("anchor `{}` does not exist in the text of `{document}`", a.anchor),
                    "use an anchor defined in the document's .vi.md file ({#name} markers or heading ids)");
            }
            None if self.misnamed.contains(document) => {}
            None => {
                self.err(
                    a.pos,
                    format!(
                        "document `{document}` has no hosted text, so anchor `{}` cannot be linked",
                        a.anchor
                    ),
                    format!("add content/documents/{document}.vi.md or remove the anchor"),
                );
            }
        }
    }

    /// Resolves the references of a plain text, reported at its first occurrence and counted
    /// at each.
    fn scan_plain(&mut self, text: &str, used: &TextUse) {
        self.file.clone_from(&used.file);
        self.scan_text(text, used.pos);
        if self.mentions.contains_key(text) {
            for _ in 1..used.count {
                self.scan_text(text, used.pos);
            }
        }
    }
}
