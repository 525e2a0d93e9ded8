//! Diagnostics: content problems as people read them.
//!
//! Input: problems found by any stage, each with a file, line and column. Output: text of the
//! form `path:line:col: error: message`, the source line with a caret under the column, and a
//! `help:` line saying what to do. Guarantee: every stage reports *all* the problems it finds
//! (it collects them in [`Diagnostics`]) and the list is printed sorted by file and position,
//! so the same content always gives the same report.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot go on.
    Error,
    /// The build goes on; `--strict` turns some warnings into errors.
    Warning,
}

/// One problem, located in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// File, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: u32,
    /// 1-based column; 0 when unknown.
    pub col: u32,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

/// A position in a content file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// 1-based line (0: unknown).
    pub line: u32,
    /// 1-based column (0: unknown).
    pub col: u32,
}

impl Pos {
    /// The position of a value read by serde-saphyr.
    pub fn of<T>(s: &serde_saphyr::Spanned<T>) -> Pos {
        Pos {
            line: s.referenced.line() as u32,
            col: s.referenced.column() as u32,
        }
    }
}

impl Diagnostic {
    /// An error at a position in a file.
    pub fn error(path: impl Into<PathBuf>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: pos.line,
            col: pos.col,
            message: message.into(),
            help: None,
        }
    }

    /// A warning at a position in a file.
    pub fn warning(path: impl Into<PathBuf>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, pos, message)
        }
    }

    /// Adds what to do.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The first line: `path:line:col: error: message`.
    pub fn headline(&self) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let path = escape_controls(&self.path.display().to_string());
        let message = escape_controls(&self.message);
        match (self.line, self.col) {
            (0, _) => format!("{path}: {kind}: {message}"),
            (l, 0) => format!("{path}:{l}: {kind}: {message}"),
            (l, c) => format!("{path}:{l}:{c}: {kind}: {message}"),
        }
    }

    /// Headline, source excerpt (when the file's text is known) and help.
    pub fn render(&self, sources: &SourceTexts) -> String {
        let mut out = self.headline();
        out.push('\n');
        if let Some(text) = sources.get(&self.path)
            && self.line > 0
        {
            render_excerpt(&mut out, text, self.line, self.col);
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = help: {}", escape_controls(help));
        }
        out
    }
}

/// Writes the faulty line, one line of context before it, and a caret under the column.
fn render_excerpt(out: &mut String, text: &str, line: u32, col: u32) {
    let lines: Vec<&str> = text.lines().collect();
    let idx = line as usize - 1;
    let Some(faulty) = lines.get(idx) else { return };
    let width = line.to_string().len();
    let _ = writeln!(out, "{:width$} |", "");
    if idx > 0 {
        let _ = writeln!(out, "{:>width$} | {}", line - 1, clip(lines[idx - 1]));
    }
    let _ = writeln!(out, "{:>width$} | {}", line, clip(faulty));
    if col > 0 {
        let before: String = faulty.chars().take(col as usize - 1).collect();
        let pad: String = escape_controls(&before)
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let _ = writeln!(out, "{:width$} | {pad}^", "");
    }
}

/// Keeps excerpt lines readable when a content line is huge, and harmless to a terminal.
fn clip(line: &str) -> String {
    const MAX: usize = 160;
    if line.chars().count() <= MAX {
        escape_controls(line)
    } else {
        let mut s: String = line.chars().take(MAX).collect();
        s.push('…');
        escape_controls(&s)
    }
}

/// `s` with every control character but tab written as a Rust escape (`\u{1b}`), so that a
/// diagnostic never sends raw ESC, BEL or carriage returns to the terminal.
pub fn escape_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() && c != '\t' {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// The texts of the files diagnostics point into, for excerpts.
#[derive(Debug, Default, Clone)]
pub struct SourceTexts {
    texts: BTreeMap<PathBuf, String>,
}

impl SourceTexts {
    /// Remembers a file's text.
    pub fn insert(&mut self, path: PathBuf, text: String) {
        self.texts.insert(path, text);
    }

    /// Takes over the texts of another collection.
    pub fn extend(&mut self, other: SourceTexts) {
        self.texts.extend(other.texts);
    }

    /// Keeps only the texts of the files that `diags` point into (the others would never be
    /// quoted): a build that succeeded does not hold every content file's text while it
    /// renders.
    pub fn retain_quoted(&mut self, diags: &Diagnostics) {
        let quoted: std::collections::BTreeSet<&Path> =
            diags.items.iter().map(|d| d.path.as_path()).collect();
        self.texts.retain(|p, _| quoted.contains(p.as_path()));
    }

    /// A file's text.
    pub fn get(&self, path: &Path) -> Option<&str> {
        self.texts.get(path).map(String::as_str)
    }
}

/// All the problems found so far.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds all problems of another list.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// Whether there is no problem at all.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The problems, sorted by file, position and message.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| {
            (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message))
        });
        v.dedup_by(|a, b| a == b);
        v
    }

    /// Every problem rendered, sorted, followed by a count line.
    pub fn render(&self, sources: &SourceTexts) -> String {
        let mut out = String::new();
        for d in self.sorted() {
            out.push_str(&d.render(sources));
            out.push('\n');
        }
        let shown = self.sorted();
        let e = shown
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let w = shown.len() - e;
        if e + w > 0 {
            let _ = writeln!(out, "{e} error(s), {w} warning(s)");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_excerpt_and_help() {
        let mut sources = SourceTexts::default();
        sources.insert("a.yaml".into(), "- id: x\n  deadlin: 3\n".into());
        let d = Diagnostic::error("a.yaml", Pos { line: 2, col: 3 }, "unknown field `deadlin`")
            .help("did you mean `deadline`?");
        let text = d.render(&sources);
        assert_eq!(
            text,
            "a.yaml:2:3: error: unknown field `deadlin`\n  |\n1 | - id: x\n2 |   deadlin: 3\n  |   ^\n  = help: did you mean `deadline`?\n"
        );
    }

    #[test]
    fn control_characters_are_printed_escaped() {
        let mut sources = SourceTexts::default();
        sources.insert("a.md".into(), "ok\nbad \u{1b}[31m\u{7}x\r\n".into());
        let d = Diagnostic::error("a.md", Pos { line: 2, col: 6 }, "bell \u{7} here")
            .help("no \u{1b} please");
        let text = d.render(&sources);
        assert!(!text.contains(['\u{1b}', '\u{7}', '\r']), "{text:?}");
        assert!(text.contains("2 | bad \\u{1b}[31m\\u{7}x"), "{text}");
        assert!(text.contains("bell \\u{7} here"), "{text}");
        // The caret stays under the character after the escape.
        assert!(text.contains("\n  |           ^\n"), "{text}");
    }

    #[test]
    fn sorts_and_counts() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::error("b.yaml", Pos { line: 1, col: 1 }, "b"));
        ds.push(Diagnostic::warning("a.yaml", Pos { line: 9, col: 1 }, "a"));
        let order: Vec<_> = ds.sorted().iter().map(|d| d.message.clone()).collect();
        assert_eq!(order, ["a", "b"]);
        assert_eq!((ds.error_count(), ds.warning_count()), (1, 1));
        assert!(ds.has_errors());
    }
}
