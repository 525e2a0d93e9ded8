//! Compile, citations: finds the document references in plain texts and hosted texts and
//! resolves them against the citation index; an unresolved one is a warning (an error with
//! `--strict`).

use std::path::Path;

use crate::cite;
use crate::diagnostic::{Diagnostic, Pos};
use crate::model::*;

use super::Compiler;

impl Compiler<'_> {
    /// Finds the document references in a plain text field and resolves them once per
    /// distinct text; an unknown or ambiguous reference is reported at the field.
    pub(super) fn scan_text(&mut self, s: &str, pos: Pos) {
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
    pub(super) fn resolve_reference(
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
    pub(super) fn resolve_markdown(&mut self, md: &mut Markdown, file: &Path, host: Option<&str>) {
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
}
