//! Compiled markdown and document references, as the model holds them.
//!
//! Input: nothing (types). Output: [`Markdown`] (a hosted text or page compiled to safe HTML,
//! with its table of contents, anchors, citation marks and plain-text sections), the citation types and counts.
//! Guarantee: the same as the model's (`super`): a value is well-formed; moved out of
//! `model/mod.rs` unchanged.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Id;

/// One entry of a hosted text's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// Heading level (2–4).
    pub level: u8,
    /// Anchor.
    pub id: String,
    /// Heading text.
    pub text: String,
}

/// Markdown compiled to safe HTML.
#[derive(Debug, Clone, Default)]
pub struct Markdown {
    /// Sanitised HTML fragment.
    pub html: String,
    /// Title (first level-1 heading), if any.
    pub title: Option<String>,
    /// Table of contents.
    pub toc: Vec<TocEntry>,
    /// Every anchor defined.
    pub anchors: std::collections::BTreeSet<String>,
    /// Line-marker anchors: source line → anchor.
    pub lines: BTreeMap<u32, String>,
    /// The text as plain text, split at its headings (for search).
    pub sections: Vec<TextSection>,
    /// References to documents found in the text, in order. The HTML marks each one with
    /// [`CITE_OPEN`]`index`[`CITE_MID`] … [`CITE_CLOSE`]; rendering turns the marks into links.
    pub cites: Vec<MdCite>,
}

/// A section of a compiled text as plain text: from one heading (h2–h4) to the next.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextSection {
    /// The heading's anchor; `None` for the text before the first heading.
    pub anchor: Option<String>,
    /// Heading text (empty before the first heading).
    pub heading: String,
    /// Plain text of the section's body.
    pub text: String,
}

/// Starts a citation mark in [`Markdown::html`] (a private-use character; the compiler removes
/// these characters from the input).
pub const CITE_OPEN: char = '\u{E000}';
/// Ends the index of a citation mark.
pub const CITE_MID: char = '\u{E001}';
/// Closes a citation mark.
pub const CITE_CLOSE: char = '\u{E002}';

/// A reference to a document found in a hosted text or page.
#[derive(Debug, Clone)]
pub struct MdCite {
    /// 1-based line of the markdown file where it starts.
    pub line: u32,
    /// The anchor of the block or section it is in (to link to the place).
    pub anchor: Option<String>,
    /// The reference as parsed.
    pub reference: crate::cite::Reference,
    /// The reference as written (white space squashed).
    pub text: String,
    /// What it links to; `None` when not resolved (filled in by `compile`).
    pub target: Option<CiteTarget>,
}

/// Where a resolved reference points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteTarget {
    /// Document id.
    pub document: Id,
    /// Anchor in the document's hosted text, when a clause is given and found there.
    pub anchor: Option<String>,
    /// The clause as written.
    pub clause: Option<String>,
}

/// A reference to a document inside a plain text field, by byte range of that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// What it links to; `None` when the document is not in the content (shown unlinked).
    pub target: Option<CiteTarget>,
}

/// Counts of the citation auto-linker.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CitationStats {
    /// References turned into links (each occurrence in each field and hosted text).
    pub linked: usize,
    /// References to documents not in the content (or ambiguous), left unlinked.
    pub unresolved: usize,
}

impl Markdown {
    /// The anchor of the block containing `line` (the nearest marked line at or before it).
    pub fn anchor_for_line(&self, line: u32) -> Option<&str> {
        self.lines
            .range(..=line)
            .next_back()
            .map(|(_, a)| a.as_str())
    }
}
