//! `camket import-reports`: reads filled report sheets back into the tasks' YAML.
//!
//! Input: the site root (which must check cleanly), an `.xlsx` workbook made by
//! [`super::template`] or a CSV file, and today's date. Output: the new reports appended to
//! `content/tasks/*.yaml`, and an [`Outcome`] saying what was added and what was already there.
//! Guarantee: the file is read within limits (`read`: file size, unpacked size of a workbook,
//! rows, columns, cell length), every row is checked first (`check`: unknown task, task not
//! led by the sheet's agency, unknown status, percent out of range, date in the future, after
//! the data-as-of date or before the task's previous report, completion without evidence,
//! formula without a value, control character, data in an unknown column, two different
//! reports of one task on one day…) and every problem is reported as `FILE:sheet!cell`;
//! nothing is written unless there is none. A report identical to one already recorded is
//! skipped, so importing a file twice adds nothing. Each edited file is re-read and the whole
//! site validated before anything is written, and must stay within the size the build reads
//! ([`crate::load::MAX_FILE_BYTES`]); each file is then replaced by rename from a temporary
//! file in the same folder, so no YAML file is ever left half-written.

pub(crate) mod check;
pub(crate) mod read;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::yaml_edit::{self, Hunk};
use super::{LoadedSite, date_dmy};
use crate::build::BuildError;
use crate::compile::{self, CompileOptions};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos, SourceTexts};
use crate::load::Rec;
use crate::model::raw::{RawObjective, RawTask};
use crate::model::{Date, IndicatorValue, Report};
use crate::reports::indicators::AddedValue;
use crate::validate::{self, ValidateOptions};

pub use read::MAX_FILE_BYTES;

/// How to import.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions {
    /// Show the changes without writing them.
    pub dry_run: bool,
    /// Today's date: a report may not be dated after it.
    pub today: Date,
    /// Validate the site after the import with the rules of `check --strict` (a missing
    /// English text, a citation of a document not in `content/documents/` are errors), so that
    /// an import that succeeds leaves `check --strict` passing.
    pub strict: bool,
}

/// A problem with one cell (or sheet, or the whole file) of the imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Sheet name (`None` for a CSV file or the whole file).
    pub sheet: Option<String>,
    /// Position of the sheet in the workbook (for sorting).
    pub sheet_index: usize,
    /// 0-based row and column; `None` for the whole file.
    pub cell: Option<(u32, u16)>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Problem {
    /// `FILE:sheet!cell: error: message`, then the help line.
    pub fn render(&self, file: &str) -> String {
        let mut out = match (&self.sheet, self.cell) {
            (_, None) => format!("{file}: error: {}\n", self.message),
            (Some(s), Some((r, c))) => format!(
                "{file}:{}!{}: error: {}\n",
                sheet_ref(s),
                cell_ref(r, c),
                self.message
            ),
            (None, Some((r, c))) => format!("{file}:{}: error: {}\n", cell_ref(r, c), self.message),
        };
        if let Some(h) = &self.help {
            let _ = writeln!(out, "  = help: {h}");
        }
        out
    }
}

/// Every problem, sorted by sheet, row and column, then a count line.
pub fn render_problems(file: &str, problems: &[Problem]) -> String {
    let mut v: Vec<&Problem> = problems.iter().collect();
    v.sort_by(|a, b| (a.sheet_index, a.cell, &a.message).cmp(&(b.sheet_index, b.cell, &b.message)));
    v.dedup();
    let mut out = String::new();
    for p in &v {
        out.push_str(&p.render(file));
    }
    let _ = writeln!(
        out,
        "{} problem(s) in {file}; nothing was imported",
        v.len()
    );
    out
}

/// Why an import stopped.
#[derive(Debug)]
pub enum ImportError {
    /// The site's content does not check, or the edited YAML would not (exit code 1).
    Content(Diagnostics, SourceTexts),
    /// Problems in the imported file (exit code 1).
    Rows(Vec<Problem>),
    /// The file or the site cannot be read or written (exit code 2).
    Io(String),
}

impl ImportError {
    /// The text printed on standard error, the imported file's problems located in `file`.
    pub fn report_for(&self, file: &str) -> String {
        match self {
            ImportError::Rows(problems) => render_problems(file, problems),
            ImportError::Content(d, s) => format!("{}nothing was imported\n", d.render(s)),
            ImportError::Io(m) => format!("error: {m}\n"),
        }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.report_for("the imported file").trim_end())
    }
}

impl std::error::Error for ImportError {}

impl crate::pipeline::Failure for ImportError {
    fn exit_code(&self) -> u8 {
        match self {
            ImportError::Content(..) | ImportError::Rows(_) => 1,
            ImportError::Io(_) => 2,
        }
    }
    fn report(&self) -> String {
        self.report_for("the imported file")
    }
}

impl From<BuildError> for ImportError {
    fn from(e: BuildError) -> Self {
        match e {
            BuildError::Content(d, s) => ImportError::Content(d, s),
            BuildError::Io(m) => ImportError::Io(m),
        }
    }
}

/// Where a row of the imported file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Sheet name (`None` for CSV).
    pub sheet: Option<String>,
    /// 0-based row.
    pub row: u32,
}

impl Origin {
    /// `sheet!row` as people read it (`'so-giao-duc'!7`, or `row 7` for CSV).
    pub fn label(&self) -> String {
        match &self.sheet {
            Some(s) => format!("{}!{}", sheet_ref(s), self.row + 1),
            None => format!("row {}", self.row + 1),
        }
    }
}

/// A report added (or, with `--dry-run`, to be added).
#[derive(Debug, Clone)]
pub struct Added {
    /// Where it was read.
    pub origin: Origin,
    /// Tasks file it goes into (relative to the site root).
    pub file: PathBuf,
    /// Task id.
    pub task: String,
    /// Task number.
    pub number: String,
    /// The report.
    pub report: Report,
    /// The status's Vietnamese label on the site.
    pub status_label: String,
}

/// A row skipped because the same report is already recorded (or earlier in the file).
#[derive(Debug, Clone)]
pub struct Skipped {
    /// Where it was read.
    pub origin: Origin,
    /// Task id.
    pub task: String,
    /// Task number.
    pub number: String,
    /// Report date.
    pub date: Date,
    /// The earlier row holding the same report, when the duplicate is within the file.
    pub same_as: Option<Origin>,
}

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Reports added, in file order.
    pub added: Vec<Added>,
    /// Rows skipped as already recorded.
    pub skipped: Vec<Skipped>,
    /// Lines inserted, per tasks file.
    pub hunks: Vec<(PathBuf, Hunk)>,
    /// Indicator values added, in file order.
    pub values: Vec<AddedValue>,
    /// Indicator value rows skipped as already recorded: where, indicator, period.
    pub values_skipped: Vec<(Origin, String, String)>,
    /// Whether the files were written (false for a dry run or when nothing was new).
    pub written: bool,
    /// Whether this was a dry run.
    pub dry_run: bool,
}

impl Outcome {
    /// What was added and skipped (and, for a dry run, the lines that would be inserted).
    pub fn summary(&self, file: &str) -> String {
        let mut s = String::new();
        if self.dry_run {
            for (path, h) in &self.hunks {
                let _ = writeln!(
                    s,
                    "--- {} ({} {}, at line {})",
                    path.display(),
                    if path.starts_with("content/objectives") {
                        "indicator"
                    } else {
                        "task"
                    },
                    h.task,
                    h.line
                );
                if let Some(r) = &h.replaced {
                    let _ = writeln!(s, "-{r}");
                }
                for l in &h.lines {
                    let _ = writeln!(s, "+{l}");
                }
            }
        }
        let (verb, counted) = if self.dry_run {
            ("would add", "would be added")
        } else {
            ("added", "added")
        };
        for a in &self.added {
            let percent = a
                .report
                .percent
                .map(|p| format!(", {p} %"))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "{verb} {file}:{} → {}: task {} ({}): {}, {} ({}){percent}",
                a.origin.label(),
                a.file.display(),
                a.number,
                a.task,
                date_dmy(a.report.date),
                a.status_label,
                a.report.status.key(),
            );
        }
        for k in &self.skipped {
            let why = match &k.same_as {
                Some(o) => format!("same report as {}", o.label()),
                None => "already recorded".to_owned(),
            };
            let _ = writeln!(
                s,
                "skipped {file}:{}: task {} ({}): report of {} {why}",
                k.origin.label(),
                k.number,
                k.task,
                date_dmy(k.date),
            );
        }
        for v in &self.values {
            let _ = writeln!(
                s,
                "{verb} {file}:{} → indicator {}: {} = {}",
                v.origin.label(),
                v.indicator,
                v.value.period,
                v.value.value.normalize()
            );
        }
        for (o, id, period) in &self.values_skipped {
            let _ = writeln!(
                s,
                "skipped {file}:{}: indicator {id}: value of {period} already recorded",
                o.label()
            );
        }
        let files: BTreeSet<&PathBuf> = self.added.iter().map(|a| &a.file).collect();
        let _ = writeln!(
            s,
            "{} report(s) {counted} to {} file(s); {} already recorded{}",
            self.added.len(),
            files.len(),
            self.skipped.len(),
            if self.dry_run {
                "; dry run: nothing was written"
            } else {
                ""
            }
        );
        if !self.values.is_empty() || !self.values_skipped.is_empty() {
            let _ = writeln!(
                s,
                "{} indicator value(s) {counted}; {} already recorded",
                self.values.len(),
                self.values_skipped.len()
            );
        }
        s
    }
}

/// Imports `file` into the site at `root`.
pub fn import(root: &Path, file: &Path, opts: &ImportOptions) -> Result<Outcome, ImportError> {
    // One writer at a time (crate::lock), from reading the site to the last file written.
    crate::build::check_root(root)?;
    let _lock = (!opts.dry_run)
        .then(|| {
            crate::lock::acquire(root, crate::lock::Access::Write)
                .map_err(|e| ImportError::Io(e.to_string()))
        })
        .transpose()?;
    let mut site = LoadedSite::load(root)?;
    let bytes = read::read_path(file)?;
    let (accepted, skipped, values, values_skipped) =
        check_bytes_all(&site, file, &bytes, opts.today)?;
    let mut outcome = Outcome {
        skipped,
        values: values.clone(),
        values_skipped,
        dry_run: opts.dry_run,
        ..Outcome::default()
    };
    if accepted.is_empty() && values.is_empty() {
        return Ok(outcome);
    }

    // The file of each task.
    let files: BTreeMap<String, PathBuf> = site
        .raw
        .tasks
        .iter()
        .map(|r| (r.value.id.value.clone(), r.file.clone()))
        .collect();
    let mut by_file: BTreeMap<PathBuf, Vec<(String, Vec<Report>)>> = BTreeMap::new();
    for a in &accepted {
        let file = files[&a.task].clone();
        let tasks = by_file.entry(file).or_default();
        match tasks.iter_mut().find(|(id, _)| id == &a.task) {
            Some((_, v)) => v.push(a.report.clone()),
            None => tasks.push((a.task.clone(), vec![a.report.clone()])),
        }
    }
    for tasks in by_file.values_mut() {
        for (_, reports) in tasks.iter_mut() {
            reports.sort_by_key(|r| r.date);
        }
    }
    outcome.added = accepted
        .into_iter()
        .map(|a| Added {
            file: files[&a.task].clone(),
            ..a
        })
        .collect();

    // Edit each file in memory and check the edit.
    let mut new_texts: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut edit_diags = Diagnostics::new();
    for (file, tasks) in &by_file {
        let path = root.join(file);
        let bytes = fs::read(&path)
            .map_err(|e| ImportError::Io(format!("cannot read {}: {e}", path.display())))?;
        let (bom, text) = match bytes.strip_prefix(b"\xef\xbb\xbf") {
            Some(rest) => (true, rest),
            None => (false, bytes.as_slice()),
        };
        let text = std::str::from_utf8(text)
            .map_err(|e| ImportError::Io(format!("{} is not UTF-8: {e}", path.display())))?;
        match yaml_edit::add_reports(text, tasks) {
            Ok((new, hunks)) => {
                if let Err(m) = yaml_edit::verify(text, &new, tasks) {
                    return Err(ImportError::Io(format!(
                        "internal error: editing {} went wrong ({m}); nothing was written",
                        file.display()
                    )));
                }
                outcome
                    .hunks
                    .extend(hunks.into_iter().map(|h| (file.clone(), h)));
                let mut out = Vec::with_capacity(new.len() + 3);
                if bom {
                    out.extend_from_slice(b"\xef\xbb\xbf");
                }
                out.extend_from_slice(new.as_bytes());
                new_texts.push((file.clone(), out));
            }
            Err(e) => {
                let pos = site
                    .raw
                    .tasks
                    .iter()
                    .find(|r| r.value.id.value == e.task)
                    .map(|r| Pos::of(&r.value.id))
                    .unwrap_or_default();
                edit_diags.push(
                    Diagnostic::error(
                        file.clone(),
                        pos,
                        format!(
                            "cannot add reports to task `{}` automatically: {}",
                            e.task, e.message
                        ),
                    )
                    .help("write the task in block style (one key per line), or add the reports by hand"),
                );
            }
        }
    }
    // Indicator values: appended to the objectives' `values:` the same way.
    let obj_files: BTreeMap<String, PathBuf> = site
        .raw
        .objectives
        .iter()
        .map(|r| (r.value.id.value.clone(), r.file.clone()))
        .collect();
    let mut values_by_file: BTreeMap<PathBuf, Vec<(String, Vec<IndicatorValue>)>> = BTreeMap::new();
    for a in &values {
        let f = values_by_file
            .entry(obj_files[&a.indicator].clone())
            .or_default();
        match f.iter_mut().find(|(id, _)| id == &a.indicator) {
            Some((_, v)) => v.push(a.value.clone()),
            None => f.push((a.indicator.clone(), vec![a.value.clone()])),
        }
    }
    for (file, objs) in &values_by_file {
        let path = root.join(file);
        let text = fs::read_to_string(&path)
            .map_err(|e| ImportError::Io(format!("cannot read {}: {e}", path.display())))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        match yaml_edit::add_entries(text, objs) {
            Ok((new, hunks)) => {
                if let Err(m) = yaml_edit::verify_entries(text, &new, objs) {
                    return Err(ImportError::Io(format!(
                        "internal error: editing {} went wrong ({m}); nothing was written",
                        file.display()
                    )));
                }
                outcome
                    .hunks
                    .extend(hunks.into_iter().map(|h| (file.clone(), h)));
                new_texts.push((file.clone(), new.into_bytes()));
            }
            Err(e) => edit_diags.push(
                Diagnostic::error(
                    file.clone(),
                    Pos::default(),
                    format!(
                        "cannot add values to indicator `{}` automatically: {}",
                        e.task, e.message
                    ),
                )
                .help("write the indicator in block style (one key per line), or add the values by hand"),
            ),
        }
    }
    for (file, bytes) in &new_texts {
        let len = bytes.len() as u64;
        if len > crate::load::MAX_FILE_BYTES {
            let mib = |n: u64| n.div_ceil(1024 * 1024);
            edit_diags.push(
                Diagnostic::error(
                    file.clone(),
                    Pos::default(),
                    format!(
                        "with the new reports the file would be {} MiB, over the {} MiB a content file may hold (the build would refuse it)",
                        mib(len),
                        crate::load::MAX_FILE_BYTES / (1024 * 1024)
                    ),
                )
                .help("move some tasks to another file in content/tasks/ first, or shorten the notes, then import again"),
            );
        }
    }
    if edit_diags.has_errors() {
        return Err(ImportError::Content(edit_diags, site.raw.sources.clone()));
    }
    check_edited_site(&mut site, &new_texts, &outcome.added, opts.strict)?;

    if !opts.dry_run {
        write_files(root, &new_texts)?;
        outcome.written = true;
    }
    Ok(outcome)
}

/// Reads the bytes of an import file (its type from `file`'s extension) and checks every row
/// against the site: the reports to add and the rows already recorded, or every problem. Pure:
/// nothing is read from or written to disk (the fuzz target calls it on arbitrary bytes).
pub fn check_bytes(
    site: &LoadedSite,
    file: &Path,
    bytes: &[u8],
    today: Date,
) -> Result<(Vec<Added>, Vec<Skipped>), ImportError> {
    let (added, skipped, _, _) = check_bytes_all(site, file, bytes, today)?;
    Ok((added, skipped))
}

/// [`check_bytes`], with the indicators sheets' values added and skipped.
pub fn check_bytes_all(
    site: &LoadedSite,
    file: &Path,
    bytes: &[u8],
    today: Date,
) -> Result<check::Checked, ImportError> {
    let grids = read::read_bytes(file, bytes)?;
    check::check_rows(site, &grids, today)
}

/// Validates the whole site with the edited task files in place of the old ones, and checks
/// that each task gained exactly its new reports.
fn check_edited_site(
    site: &mut LoadedSite,
    new_texts: &[(PathBuf, Vec<u8>)],
    added: &[Added],
    strict: bool,
) -> Result<(), ImportError> {
    let raw = &mut site.raw;
    let edited: BTreeSet<&PathBuf> = new_texts.iter().map(|(f, _)| f).collect();
    raw.tasks.retain(|r| !edited.contains(&r.file));
    let obj_edited: BTreeSet<PathBuf> = raw
        .objectives
        .iter()
        .filter(|r| edited.contains(&r.file))
        .map(|r| r.file.clone())
        .collect();
    raw.objectives.retain(|r| !edited.contains(&r.file));
    let mut diags = Diagnostics::new();
    for (file, bytes) in new_texts {
        let text = String::from_utf8_lossy(bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned();
        if obj_edited.contains(file) {
            if let Some(objs) = reparse::<RawObjective>(file, &text, &mut diags) {
                raw.objectives.extend(objs);
            }
        } else if let Some(tasks) = reparse::<RawTask>(file, &text, &mut diags) {
            raw.tasks.extend(tasks);
        }
        raw.sources.insert(file.clone(), text);
    }
    if diags.has_errors() {
        return Err(ImportError::Content(diags, raw.sources.clone()));
    }
    let validated = validate::validate(raw, ValidateOptions { strict });
    let (new_site, _) = compile::compile(raw, validated, CompileOptions { strict })
        .map_err(|d| ImportError::Content(d, raw.sources.clone()))?;
    for old in &site.linked.site.tasks {
        let Some(new) = new_site.tasks.iter().find(|t| t.id == old.id) else {
            return Err(ImportError::Io(format!(
                "internal error: task `{}` is gone after the edit; nothing was written",
                old.id
            )));
        };
        let gained = added.iter().filter(|a| a.task == old.id).count();
        let kept = old.reports.iter().all(|r| new.reports.contains(r));
        let got_new = added
            .iter()
            .filter(|a| a.task == old.id)
            .all(|a| new.reports.contains(&a.report));
        if new.reports.len() != old.reports.len() + gained || !kept || !got_new {
            return Err(ImportError::Io(format!(
                "internal error: the reports of task `{}` are not as expected after the edit; nothing was written",
                old.id
            )));
        }
    }
    Ok(())
}

/// Writes every file to a temporary file beside it, then renames them all into place.
fn write_files(root: &Path, new_texts: &[(PathBuf, Vec<u8>)]) -> Result<(), ImportError> {
    let io = |path: &Path, e: std::io::Error| {
        ImportError::Io(format!("cannot write {}: {e}", path.display()))
    };
    let mut staged = Vec::new();
    for (file, bytes) in new_texts {
        let path = root.join(file);
        let dir = path.parent().unwrap_or(root);
        let mut tmp = tempfile::Builder::new()
            .prefix(".camket-import-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| io(&path, e))?;
        tmp.write_all(bytes).map_err(|e| io(&path, e))?;
        tmp.as_file().sync_all().map_err(|e| io(&path, e))?;
        if let Ok(meta) = fs::metadata(&path) {
            fs::set_permissions(tmp.path(), meta.permissions()).map_err(|e| io(&path, e))?;
        }
        staged.push((path, tmp));
    }
    for (path, tmp) in staged {
        tmp.persist(&path).map_err(|e| io(&path, e.error))?;
    }
    Ok(())
}

/// `A`, `B`, … `Z`, `AA`… for a 0-based column.
pub(crate) fn col_letter(c: u16) -> String {
    let mut n = c as u32 + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// `G7` for 0-based (row 6, column 6).
pub(crate) fn cell_ref(row: u32, col: u16) -> String {
    format!("{}{}", col_letter(col), row + 1)
}

/// A sheet name as a spreadsheet formula writes it: quoted unless plain letters, digits, `_`.
pub(crate) fn sheet_ref(name: &str) -> String {
    let plain = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        name.to_owned()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

/// The records of a file the import edited, read again; a file that no longer loads is an
/// internal error (the edit is checked before it is written).
fn reparse<T: serde::de::DeserializeOwned>(
    file: &std::path::Path,
    text: &str,
    diags: &mut Diagnostics,
) -> Option<Vec<Rec<T>>> {
    match serde_saphyr::from_str::<Vec<T>>(text) {
        Ok(records) => Some(
            records
                .into_iter()
                .map(|value| Rec {
                    file: file.to_path_buf(),
                    value,
                })
                .collect(),
        ),
        Err(e) => {
            diags.push(Diagnostic::error(
                file.to_path_buf(),
                Pos::default(),
                format!(
                    "internal error: the edited file does not load: {}",
                    e.without_snippet()
                ),
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references() {
        assert_eq!(cell_ref(6, 6), "G7");
        assert_eq!(col_letter(25), "Z");
        assert_eq!(col_letter(26), "AA");
        assert_eq!(col_letter(701), "ZZ");
        assert_eq!(col_letter(702), "AAA");
        assert_eq!(sheet_ref("Sheet1"), "Sheet1");
        assert_eq!(sheet_ref("so-giao-duc"), "'so-giao-duc'");
        assert_eq!(sheet_ref("Sở GD'ĐT"), "'Sở GD''ĐT'");
    }
}
