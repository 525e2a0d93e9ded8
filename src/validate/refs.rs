//! Validate, refs: what the records' texts refer to, noted while checking them and handed to
//! the `compile` stage, which resolves it once the hosted texts are compiled: every distinct
//! plain text (to find its document references in) and every provenance anchor (to look up in
//! a hosted text).

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use crate::diagnostic::Pos;
use crate::model::raw::S;

use super::Validator;

/// What validate hands on to `compile` about the records' texts.
#[derive(Debug, Default)]
pub struct TextRefs {
    /// Ids of the documents (valid and unique): a hosted text must belong to one, and the
    /// citation index holds their numbers.
    pub documents: BTreeSet<String>,
    /// Every distinct plain text (a `vi` or `en` value, a basis as written), with where it is
    /// first written and how often: its document references are resolved once and counted
    /// each time.
    pub texts: HashMap<String, TextUse>,
    /// Every provenance anchor (`source: {document, anchor}`), in the order written.
    pub anchors: Vec<AnchorRef>,
}

/// Where a plain text is first written, and how often.
#[derive(Debug, Clone)]
pub struct TextUse {
    /// File of its first occurrence.
    pub file: PathBuf,
    /// Position of its first occurrence (where an unresolved reference is reported).
    pub pos: Pos,
    /// Occurrences in all the records.
    pub count: usize,
}

/// A provenance anchor into a document's hosted text.
#[derive(Debug, Clone)]
pub struct AnchorRef {
    /// The document (an existing id).
    pub document: String,
    /// The anchor as written.
    pub anchor: String,
    /// File it is written in.
    pub file: PathBuf,
    /// Position of the anchor.
    pub pos: Pos,
}

impl Validator<'_> {
    /// Notes a plain text field's value, for `compile` to find the document references in.
    pub(super) fn scan_text(&mut self, s: &str, pos: Pos) {
        if let Some(u) = self.refs.texts.get_mut(s) {
            u.count += 1;
            return;
        }
        let first = TextUse {
            file: self.file.clone(),
            pos,
            count: 1,
        };
        self.refs.texts.insert(s.to_owned(), first);
    }

    /// Notes a provenance anchor into the hosted text of `document`, for `compile` to check.
    pub(super) fn note_anchor(&mut self, document: &str, anchor: &S<String>) {
        self.refs.anchors.push(AnchorRef {
            document: document.to_owned(),
            anchor: anchor.value.clone(),
            file: self.file.clone(),
            pos: Pos::of(anchor),
        });
    }
}
