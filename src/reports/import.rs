//! `camket import-reports`: reads filled report sheets back into the tasks' YAML.
//!
//! Input: the site root (which must check cleanly), an `.xlsx` workbook made by
//! [`super::template`] (or `.xls`/`.ods`) or a CSV file, and today's date. Output: the new
//! reports appended to `content/tasks/*.yaml`, and an [`Outcome`] saying what was added and
//! what was already there. Guarantee: every row is checked first (unknown task, task not led by
//! the sheet's agency, unknown status, percent out of range, date in the future, after the
//! data-as-of date or before the task's previous report, completion without evidence…) and
//! every problem is reported as `FILE:sheet!cell`; nothing is written unless there is none.
//! A report identical to one already recorded is skipped, so importing a file twice adds
//! nothing. Each edited file is re-read and the whole site validated before anything is
//! written; each file is then replaced by rename from a temporary file in the same folder, so
//! no YAML file is ever left half-written.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use unicode_normalization::UnicodeNormalization;

use super::template::AGENCY_LABEL;
use super::yaml_edit::{self, Hunk};
use super::{AGENCY_COLUMN, COLUMNS, Column, LoadedSite, date_dmy};
use crate::build::BuildError;
use crate::diagnostic::{Diagnostic, Diagnostics, Pos, SourceTexts};
use crate::load::Rec;
use crate::model::raw::RawTask;
use crate::model::{Date, Evidence, Lang, Report, ReportStatus, Text};
use crate::validate::{self, ValidateOptions};

/// Largest file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// How to import.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions {
    /// Show the changes without writing them.
    pub dry_run: bool,
    /// Today's date: a report may not be dated after it.
    pub today: Date,
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
                    "--- {} (task {}, at line {})",
                    path.display(),
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
    let grids = read_file(file)?;
    let (accepted, skipped) = check_rows(&site, &grids, opts.today)?;
    let mut outcome = Outcome {
        skipped,
        dry_run: opts.dry_run,
        ..Outcome::default()
    };
    if accepted.is_empty() {
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
    if edit_diags.has_errors() {
        return Err(ImportError::Content(edit_diags, site.raw.sources.clone()));
    }
    check_edited_site(&mut site, &new_texts, &outcome.added)?;

    if !opts.dry_run {
        write_files(root, &new_texts)?;
        outcome.written = true;
    }
    Ok(outcome)
}

/// Validates the whole site with the edited task files in place of the old ones, and checks
/// that each task gained exactly its new reports.
fn check_edited_site(
    site: &mut LoadedSite,
    new_texts: &[(PathBuf, Vec<u8>)],
    added: &[Added],
) -> Result<(), ImportError> {
    let raw = &mut site.raw;
    let edited: BTreeSet<&PathBuf> = new_texts.iter().map(|(f, _)| f).collect();
    raw.tasks.retain(|r| !edited.contains(&r.file));
    let mut diags = Diagnostics::new();
    for (file, bytes) in new_texts {
        let text = String::from_utf8_lossy(bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned();
        match serde_saphyr::from_str::<Vec<RawTask>>(&text) {
            Ok(tasks) => raw.tasks.extend(tasks.into_iter().map(|value| Rec {
                file: file.clone(),
                value,
            })),
            Err(e) => diags.push(Diagnostic::error(
                file.clone(),
                Pos::default(),
                format!(
                    "internal error: the edited file does not load: {}",
                    e.without_snippet()
                ),
            )),
        }
        raw.sources.insert(file.clone(), text);
    }
    if diags.has_errors() {
        return Err(ImportError::Content(diags, raw.sources.clone()));
    }
    let (new_site, _) = validate::validate(raw, ValidateOptions::default())
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

// ----- reading the file --------------------------------------------------------------------

/// A cell value, whatever the file format.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(String),
    Number(f64),
    Date(Option<Date>),
    Bool(bool),
    Error(String),
}

/// One sheet (or a CSV file): its non-empty cells by (row, column).
#[derive(Debug, Default)]
struct Grid {
    name: Option<String>,
    index: usize,
    cells: BTreeMap<(u32, u16), Cell>,
}

impl Grid {
    fn get(&self, row: u32, col: u16) -> Option<&Cell> {
        self.cells.get(&(row, col))
    }

    fn text(&self, row: u32, col: u16) -> Option<String> {
        self.get(row, col).map(cell_text)
    }

    fn problem(
        &self,
        cell: (u32, u16),
        message: impl Into<String>,
        help: Option<String>,
    ) -> Problem {
        Problem {
            sheet: self.name.clone(),
            sheet_index: self.index,
            cell: Some(cell),
            message: message.into(),
            help,
        }
    }

    fn max_row(&self) -> u32 {
        self.cells.keys().map(|(r, _)| *r).max().unwrap_or(0)
    }
}

fn file_problem(message: String, help: Option<String>) -> ImportError {
    ImportError::Rows(vec![Problem {
        sheet: None,
        sheet_index: 0,
        cell: None,
        message,
        help,
    }])
}

fn read_file(file: &Path) -> Result<Vec<Grid>, ImportError> {
    let meta = fs::metadata(file)
        .map_err(|e| ImportError::Io(format!("cannot read {}: {e}", file.display())))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(file_problem(
            format!(
                "the file is {} MiB; at most {} MiB is read",
                meta.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            Some("split the reports over several files".into()),
        ));
    }
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => read_csv(file),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(file),
        _ => Err(ImportError::Io(format!(
            "{}: unsupported file type; give an .xlsx workbook or a .csv file",
            file.display()
        ))),
    }
}

fn read_workbook(file: &Path) -> Result<Vec<Grid>, ImportError> {
    let mut wb = calamine::open_workbook_auto(file).map_err(|e| {
        file_problem(
            format!("cannot read the workbook: {e}"),
            Some("save it again as an Excel workbook (.xlsx)".into()),
        )
    })?;
    let mut grids = Vec::new();
    for (index, name) in wb.sheet_names().into_iter().enumerate() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| file_problem(format!("cannot read sheet `{name}`: {e}"), None))?;
        let mut grid = Grid {
            name: Some(name),
            index,
            cells: BTreeMap::new(),
        };
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            let cell = match v {
                Data::Empty => continue,
                Data::String(s) => Cell::Text(s.clone()),
                Data::Int(i) => Cell::Number(*i as f64),
                Data::Float(f) => Cell::Number(*f),
                Data::Bool(b) => Cell::Bool(*b),
                Data::DateTime(dt) if dt.is_datetime() => {
                    let (y, m, d, ..) = dt.to_ymd_hms_milli();
                    Cell::Date(Date::new(y as i16, m as i8, d as i8).ok())
                }
                Data::DateTime(_) | Data::DurationIso(_) => {
                    Cell::Error("a duration, not a date".into())
                }
                Data::DateTimeIso(s) => Cell::Date(s.get(..10).and_then(|d| d.parse().ok())),
                Data::Error(e) => Cell::Error(format!("the error value {e}")),
            };
            grid.cells
                .insert((r0 + r as u32, (c0 + c as u32) as u16), cell);
        }
        grids.push(grid);
    }
    Ok(grids)
}

fn read_csv(file: &Path) -> Result<Vec<Grid>, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(file)
        .map_err(|e| ImportError::Io(format!("cannot read {}: {e}", file.display())))?;
    let mut grid = Grid::default();
    for (r, rec) in reader.byte_records().enumerate() {
        let r = r as u32;
        let rec =
            rec.map_err(|e| file_problem(format!("the CSV file cannot be read: {e}"), None))?;
        for (c, field) in rec.iter().enumerate() {
            let field = if r == 0 && c == 0 {
                field.strip_prefix(b"\xef\xbb\xbf").unwrap_or(field)
            } else {
                field
            };
            match std::str::from_utf8(field) {
                Ok(s) if s.trim().is_empty() => {}
                Ok(s) => {
                    grid.cells.insert((r, c as u16), Cell::Text(s.to_owned()));
                }
                Err(_) => {
                    return Err(ImportError::Rows(vec![grid.problem(
                        (r, c as u16),
                        "the file is not UTF-8 text (this is the first cell that is not)",
                        Some("save the file as “CSV UTF-8”; other encodings lose Vietnamese letters".into()),
                    )]));
                }
            }
        }
    }
    Ok(vec![grid])
}

// ----- checking the rows -------------------------------------------------------------------

/// A report read from a row and accepted.
type Accepted = Added;

fn norm(s: &str) -> String {
    s.nfc()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Text(s) => s.replace("\r\n", "\n").replace('\r', "\n"),
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Cell::Number(n) => n.to_string(),
        Cell::Date(Some(d)) => date_dmy(*d),
        Cell::Date(None) => String::new(),
        Cell::Bool(b) => b.to_string(),
        Cell::Error(e) => e.clone(),
    }
}

/// The column a header cell names (by key, Vietnamese or English header).
fn header_column(text: &str) -> Option<&'static Column> {
    let t = norm(text);
    COLUMNS
        .iter()
        .chain(std::iter::once(&AGENCY_COLUMN))
        .find(|c| norm(c.key) == t || norm(c.vi) == t || norm(c.en) == t)
}

/// The report columns: a row with none of them filled in carries no report.
const REPORT_KEYS: [&str; 6] = [
    "date", "status", "percent", "note_vi", "note_en", "evidence",
];

fn check_rows(
    site: &LoadedSite,
    grids: &[Grid],
    today: Date,
) -> Result<(Vec<Accepted>, Vec<Skipped>), ImportError> {
    let mut problems = Vec::new();
    let mut accepted: Vec<Accepted> = Vec::new();
    let mut skipped = Vec::new();
    let ctx = RowChecker::new(site, today);
    for g in grids {
        if g.cells.is_empty() {
            continue;
        }
        let Some(layout) = layout(g, site, &mut problems) else {
            continue;
        };
        for row in layout.header + 1..=g.max_row() {
            let mut cells = g.cells.range((row, 0)..(row + 1, 0)).peekable();
            let is_header_row = cells.peek().is_some()
                && cells.all(|(_, v)| header_column(&cell_text(v)).is_some());
            if is_header_row {
                continue;
            }
            let filled = REPORT_KEYS
                .iter()
                .filter_map(|k| layout.cols.get(k))
                .any(|&c| {
                    g.get(row, c)
                        .is_some_and(|v| !cell_text(v).trim().is_empty())
                });
            if !filled {
                continue;
            }
            if let Some(r) = ctx.row(g, &layout, row, &mut problems) {
                // Already recorded, or the same as an earlier row of this file?
                let task = &site.linked.site.tasks[r.task];
                let origin = Origin {
                    sheet: g.name.clone(),
                    row,
                };
                if task.reports.contains(&r.report) {
                    skipped.push(Skipped {
                        origin,
                        task: task.id.clone(),
                        number: task.number.clone(),
                        date: r.report.date,
                        same_as: None,
                    });
                    continue;
                }
                if let Some(prev) = accepted
                    .iter()
                    .find(|a| a.task == task.id && a.report == r.report)
                {
                    skipped.push(Skipped {
                        origin,
                        task: task.id.clone(),
                        number: task.number.clone(),
                        date: r.report.date,
                        same_as: Some(prev.origin.clone()),
                    });
                    continue;
                }
                if let Some(last) = task.reports.last()
                    && r.report.date < last.date
                {
                    problems.push(g.problem(
                        (row, layout.cols["date"]),
                        format!(
                            "date {} is before the task's previous report ({})",
                            date_dmy(r.report.date),
                            date_dmy(last.date)
                        ),
                        Some("reports are added in date order; check the date".into()),
                    ));
                    continue;
                }
                accepted.push(Added {
                    origin,
                    file: PathBuf::new(),
                    task: task.id.clone(),
                    number: task.number.clone(),
                    status_label: site.status_label(Lang::Vi, r.report.status).to_owned(),
                    report: r.report,
                });
            }
        }
    }
    if problems.is_empty() {
        Ok((accepted, skipped))
    } else {
        Err(ImportError::Rows(problems))
    }
}

/// Where things are in a sheet.
struct Layout {
    /// Row of the column keys or headers.
    header: u32,
    /// Column of each key.
    cols: BTreeMap<&'static str, u16>,
    /// The sheet's agency (from B1), when there is no `agency` column.
    agency: Option<usize>,
}

fn layout(g: &Grid, site: &LoadedSite, problems: &mut Vec<Problem>) -> Option<Layout> {
    let header = g
        .cells
        .iter()
        .find(|(_, v)| header_column(&cell_text(v)).is_some_and(|c| c.key == "task_id"))
        .map(|((r, _), _)| *r);
    let Some(header) = header else {
        problems.push(g.problem(
            (0, 0),
            "no header row naming the columns (task_id, date, status…)",
            Some("fill in a workbook made by `camket report-template`, or see README.md for the CSV columns".into()),
        ));
        return None;
    };
    let mut cols: BTreeMap<&'static str, u16> = BTreeMap::new();
    let mut ok = true;
    for ((_, c), v) in g.cells.range((header, 0)..(header + 1, 0)) {
        let text = cell_text(v);
        match header_column(&text) {
            Some(col) => {
                if cols.insert(col.key, *c).is_some() {
                    problems.push(g.problem(
                        (header, *c),
                        format!("column `{}` appears twice", col.key),
                        Some("remove one of them".into()),
                    ));
                    ok = false;
                }
            }
            None => {
                let keys: Vec<&str> = COLUMNS
                    .iter()
                    .chain(std::iter::once(&AGENCY_COLUMN))
                    .map(|c| c.key)
                    .collect();
                problems.push(g.problem(
                    (header, *c),
                    format!("unknown column `{}`", text.trim()),
                    Some(format!("the columns are: {}", keys.join(", "))),
                ));
                ok = false;
            }
        }
    }
    for key in ["date", "status"] {
        if !cols.contains_key(key) {
            problems.push(g.problem(
                (header, 0),
                format!("column `{key}` is missing"),
                Some("keep every column of the template".into()),
            ));
            ok = false;
        }
    }
    let mut agency = None;
    if !cols.contains_key("agency") {
        let label = g.text(0, 0).map(|t| norm(&t));
        let id = g.text(0, 1).map(|t| t.trim().to_owned());
        match (label, id) {
            (Some(l), Some(id)) if header > 0 && l == norm(AGENCY_LABEL) => {
                match site.agency_index(&id) {
                    Some(a) => agency = Some(a),
                    None => {
                        problems.push(g.problem(
                            (0, 1),
                            format!("unknown agency `{id}`"),
                            Some("agency ids are listed in content/agencies/".into()),
                        ));
                        ok = false;
                    }
                }
            }
            _ => {
                problems.push(g.problem(
                    (0, 1),
                    "the sheet does not say which agency it is for",
                    Some("put the agency id in B1 after the label “Mã cơ quan / Agency id” (as the template does), or add an `agency` column".into()),
                ));
                ok = false;
            }
        }
    }
    ok.then_some(Layout {
        header,
        cols,
        agency,
    })
}

/// A row read into a report.
struct RowReport {
    task: usize,
    report: Report,
}

struct RowChecker<'a> {
    site: &'a LoadedSite,
    today: Date,
    tasks: BTreeMap<&'a str, usize>,
    documents: BTreeSet<&'a str>,
    statuses: Vec<(String, ReportStatus)>,
    labels: Vec<String>,
}

impl<'a> RowChecker<'a> {
    fn new(site: &'a LoadedSite, today: Date) -> Self {
        let s = &site.linked.site;
        let mut statuses = Vec::new();
        let mut labels = Vec::new();
        for (key, st) in ReportStatus::KEYS {
            statuses.push((norm(key), st));
            statuses.push((norm(site.status_label(Lang::Vi, st)), st));
            statuses.push((norm(site.status_label(Lang::En, st)), st));
            labels.push(format!("“{}”", site.status_label(Lang::Vi, st)));
        }
        RowChecker {
            site,
            today,
            tasks: s
                .tasks
                .iter()
                .enumerate()
                .map(|(i, t)| (t.id.as_str(), i))
                .collect(),
            documents: s.documents.iter().map(|d| d.id.as_str()).collect(),
            statuses,
            labels,
        }
    }

    /// Checks one row; every problem found is pushed. Returns the report when the row is valid.
    fn row(
        &self,
        g: &Grid,
        layout: &Layout,
        row: u32,
        problems: &mut Vec<Problem>,
    ) -> Option<RowReport> {
        let before = problems.len();
        let cell = |key: &str| layout.cols.get(key).map(|&c| (c, g.get(row, c)));
        let mut err = |key: &str, message: String, help: &str| {
            let c = layout.cols.get(key).copied().unwrap_or(0);
            problems.push(g.problem(
                (row, c),
                message,
                (!help.is_empty()).then(|| help.to_owned()),
            ));
        };
        for (key, &c) in &layout.cols {
            if let Some(Cell::Error(e)) = g.get(row, c) {
                err(key, format!("the cell holds {e}"), "type the value itself");
            }
        }
        let text = |key: &str| -> Option<String> {
            cell(key)
                .and_then(|(_, v)| v)
                .filter(|v| !matches!(v, Cell::Error(_)))
                .map(cell_text)
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
        };

        // Agency.
        let agency = match layout.agency {
            Some(a) => Some(a),
            None => match text("agency") {
                None => {
                    err(
                        "agency",
                        "the row has no agency id".into(),
                        "give the id of the agency reporting",
                    );
                    None
                }
                Some(id) => match self.site.agency_index(&id) {
                    Some(a) => Some(a),
                    None => {
                        err(
                            "agency",
                            format!("unknown agency `{id}`"),
                            "agency ids are listed in content/agencies/",
                        );
                        None
                    }
                },
            },
        };

        // Task.
        let task = match text("task_id") {
            None => {
                err(
                    "task_id",
                    "the row has a report but no task id".into(),
                    "give the id of the task, as in the template",
                );
                None
            }
            Some(id) => match self.tasks.get(id.as_str()) {
                None => {
                    err(
                        "task_id",
                        format!("unknown task `{id}`"),
                        "task ids are listed in content/tasks/; do not edit the task id column",
                    );
                    None
                }
                Some(&ti) => {
                    let t = &self.site.linked.site.tasks[ti];
                    if !t.in_approved_plan {
                        err(
                            "task_id",
                            format!("task `{id}` is not in the approved plan"),
                            "only tasks of the approved plan take progress reports",
                        );
                        None
                    } else if let Some(a) = agency
                        && !self.site.linked.agencies[a].leads.contains(&ti)
                    {
                        let leads: Vec<String> = self
                            .site
                            .linked
                            .site
                            .agencies
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| self.site.linked.agencies[*i].leads.contains(&ti))
                            .map(|(_, a)| format!("`{}`", a.id))
                            .collect();
                        let help = if leads.is_empty() {
                            "its lead is not an agency record; it cannot be reported by spreadsheet"
                                .to_owned()
                        } else {
                            format!(
                                "it is led by {}; report it on that agency's sheet",
                                leads.join(", ")
                            )
                        };
                        err(
                            "task_id",
                            format!(
                                "task `{id}` ({}) is not led by `{}`",
                                t.number, self.site.linked.site.agencies[a].id
                            ),
                            &help,
                        );
                        None
                    } else {
                        Some(ti)
                    }
                }
            },
        };

        // Date.
        let as_of = self.site.linked.site.config.data_as_of;
        let date = match cell("date").and_then(|(_, v)| v) {
            None => {
                err(
                    "date",
                    "the report has no date".into(),
                    "write the report date as dd/mm/yyyy",
                );
                None
            }
            Some(Cell::Error(_)) => None,
            Some(v) => match parse_date(v) {
                None => {
                    err(
                        "date",
                        format!("`{}` is not a date", cell_text(v).trim()),
                        "write the date as dd/mm/yyyy (15/06/2026), and check the day exists",
                    );
                    None
                }
                Some(d) if d > self.today => {
                    err(
                        "date",
                        format!(
                            "date {} is in the future (today is {})",
                            date_dmy(d),
                            date_dmy(self.today)
                        ),
                        "a report is dated when it is made; check the day, month and year",
                    );
                    None
                }
                Some(d) if d > as_of => {
                    err(
                        "date",
                        format!(
                            "date {} is after the site's data-as-of date ({})",
                            date_dmy(d),
                            date_dmy(as_of)
                        ),
                        "move data_as_of in content/site.yaml forward to the day the data is current as of, then import again",
                    );
                    None
                }
                Some(d) => Some(d),
            },
        };

        // Status.
        let status = match text("status") {
            None => {
                err(
                    "status",
                    "the report has no status".into(),
                    "pick the status from the list",
                );
                None
            }
            Some(s) => {
                let n = norm(&s);
                match self.statuses.iter().find(|(l, _)| *l == n) {
                    Some((_, st)) => Some(*st),
                    None => {
                        err(
                            "status",
                            format!("`{s}` is not a report status"),
                            &format!("use one of: {}", self.labels.join(", ")),
                        );
                        None
                    }
                }
            }
        };

        // Percent.
        let mut percent = None;
        if let Some((_, Some(v))) = cell("percent") {
            let value: Option<f64> = match v {
                Cell::Number(n) => Some(*n),
                Cell::Text(t) => t.trim().trim_end_matches('%').trim().parse::<f64>().ok(),
                _ => None,
            };
            match value {
                Some(p)
                    if p.fract() != 0.0 && p > 0.0 && p < 1.0 && matches!(v, Cell::Number(_)) =>
                {
                    err(
                        "percent",
                        format!("percent {p} is not a whole number"),
                        "the cell may be formatted as a percentage (0.45 for 45 %); type the whole number 45 in a cell formatted as a number",
                    )
                }
                Some(p) if p.fract() != 0.0 => err(
                    "percent",
                    format!("percent {p} is not a whole number"),
                    "percent complete is a whole number from 0 to 100",
                ),
                Some(p) if !(0.0..=100.0).contains(&p) => err(
                    "percent",
                    format!("percent {p} is out of range"),
                    "percent complete is a whole number from 0 to 100",
                ),
                Some(p) => percent = Some(p as u8),
                None => err(
                    "percent",
                    format!("`{}` is not a number", cell_text(v).trim()),
                    "percent complete is a whole number from 0 to 100",
                ),
            }
        }

        // Notes.
        let clean = |s: String| -> String { s.trim().nfc().collect() };
        let note_vi = text("note_vi").map(clean);
        let note_en = text("note_en").map(clean);
        let note = match (note_vi, note_en) {
            (Some(vi), en) => Some(Text { vi, en }),
            (None, Some(_)) => {
                err(
                    "note_en",
                    "the English note has no Vietnamese note".into(),
                    "write the note in Vietnamese too: it is the reference text",
                );
                None
            }
            (None, None) => None,
        };

        // Evidence.
        let mut evidence = Vec::new();
        if let Some(t) = text("evidence") {
            for token in t.split_whitespace() {
                let token = token.trim_end_matches([';', ',']);
                if token.is_empty() {
                    continue;
                }
                if token.starts_with("https://") || token.starts_with("http://") {
                    evidence.push(Evidence::Url(token.to_owned()));
                } else if self.documents.contains(token) {
                    evidence.push(Evidence::Document(token.to_owned()));
                } else {
                    err(
                        "evidence",
                        format!("`{token}` is neither an http(s) link nor a document id"),
                        "give links starting with https:// (one per line) or ids of records in content/documents/",
                    );
                }
            }
        }
        if status.is_some_and(ReportStatus::is_completion)
            && evidence.is_empty()
            && text("evidence").is_none()
        {
            err(
                "evidence",
                "a completion report needs evidence".into(),
                "give a link to, or the document id of, what shows the task is done (the plan, decision or report issued)",
            );
        }

        if problems.len() > before {
            return None;
        }
        Some(RowReport {
            task: task?,
            report: Report {
                date: date?,
                status: status?,
                percent,
                note,
                evidence,
            },
        })
    }
}

/// A date from a cell: a real spreadsheet date, or text `dd/mm/yyyy` or `yyyy-mm-dd`.
fn parse_date(c: &Cell) -> Option<Date> {
    match c {
        Cell::Date(d) => *d,
        Cell::Text(t) => parse_date_text(t.trim()),
        _ => None,
    }
}

fn parse_date_text(t: &str) -> Option<Date> {
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if ![a, b, c]
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|x| x.is_ascii_digit()))
    {
        return None;
    }
    let (y, m, d) = if a.len() == 4 && t.contains('-') {
        (a, b, c)
    } else if c.len() == 4 && a.len() <= 2 {
        (c, b, a)
    } else {
        return None;
    };
    if m.len() > 2 || d.len() > 2 {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// `A`, `B`, … `Z`, `AA`… for a 0-based column.
pub fn col_letter(c: u16) -> String {
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
pub fn cell_ref(row: u32, col: u16) -> String {
    format!("{}{}", col_letter(col), row + 1)
}

/// A sheet name as a spreadsheet formula writes it: quoted unless plain letters, digits, `_`.
pub fn sheet_ref(name: &str) -> String {
    let plain = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        name.to_owned()
    } else {
        format!("'{}'", name.replace('\'', "''"))
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

    #[test]
    fn dates_in_text() {
        let d = |y, m, dd| Date::new(y, m, dd).ok();
        assert_eq!(parse_date_text("15/06/2026"), d(2026, 6, 15));
        assert_eq!(parse_date_text("5/6/2026"), d(2026, 6, 5));
        assert_eq!(parse_date_text("05.06.2026"), d(2026, 6, 5));
        assert_eq!(parse_date_text("2026-06-15"), d(2026, 6, 15));
        assert_eq!(parse_date_text("15-06-2026"), d(2026, 6, 15));
        assert_eq!(parse_date_text("31/02/2026"), None);
        assert_eq!(parse_date_text("06/15/26"), None);
        assert_eq!(parse_date_text("2026/06/15"), None);
        assert_eq!(parse_date_text("tháng 6"), None);
        assert_eq!(parse_date_text(""), None);
    }

    #[test]
    fn headers_match_keys_and_both_languages() {
        assert_eq!(header_column("task_id").map(|c| c.key), Some("task_id"));
        assert_eq!(
            header_column(" Tình  trạng ").map(|c| c.key),
            Some("status")
        );
        assert_eq!(
            header_column("NOTE IN ENGLISH").map(|c| c.key),
            Some("note_en")
        );
        assert_eq!(header_column("agency").map(|c| c.key), Some("agency"));
        assert!(header_column("ghi chú khác").is_none());
    }
}
