//! Checking the rows of the imported file.
//!
//! Input: the grids read by `super::read`, the loaded site and today's date. Output: the
//! reports to add, the rows skipped as already recorded, or every problem found, each at its
//! cell. Guarantee: a row either becomes a report holding exactly what its cells say, or is an
//! error: a cell that cannot be read (error value, formula without a computed value, text too
//! long or with a control character), data in a column the template does not have, a report
//! that contradicts another one of the same task and day (in the file or already recorded), and
//! every rule of the report itself (task, agency, date, status, percent, notes, evidence).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use unicode_normalization::UnicodeNormalization;

use super::read::{Cell, Grid, cell_text};
use super::{Added, ImportError, Origin, Problem, Skipped, col_letter};
use crate::model::{Date, Evidence, Lang, Report, ReportStatus, Text};
use crate::reports::indicators::AddedValue;
use crate::reports::template::AGENCY_LABEL;
use crate::reports::{AGENCY_COLUMN, COLUMNS, Column, LoadedSite, date_dmy};

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

/// What the rows hold: reports added and skipped, indicator values added and skipped.
pub(super) type Checked = (
    Vec<Accepted>,
    Vec<Skipped>,
    Vec<AddedValue>,
    Vec<(Origin, String, String)>,
);

pub(super) fn check_rows(
    site: &LoadedSite,
    grids: &[Grid],
    today: Date,
) -> Result<Checked, ImportError> {
    let mut problems = Vec::new();
    let mut accepted: Vec<Accepted> = Vec::new();
    let mut skipped = Vec::new();
    let mut values = Vec::new();
    let mut values_skipped = Vec::new();
    let ctx = RowChecker::new(site, today);
    for g in grids {
        if g.cells.is_empty() {
            continue;
        }
        if crate::reports::indicators::is_indicator_sheet(g) {
            crate::reports::indicators::check_sheet(
                site,
                today,
                g,
                &mut problems,
                &mut values,
                &mut values_skipped,
            );
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
            for ((_, c), _) in g.cells.range((row, 0)..(row + 1, 0)) {
                if !layout.cols.values().any(|k| k == c) {
                    problems.push(g.problem(
                        (row, *c),
                        format!("column {} holds data but has no column name", col_letter(*c)),
                        Some(format!(
                            "move the value to its column or delete it; the columns are named in row {} ({}); a CSV row may not have more fields than its first row",
                            layout.header + 1,
                            layout.cols.keys().copied().collect::<Vec<_>>().join(", ")
                        )),
                    ));
                }
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
                // A different report of the same task and day: already recorded, or earlier in
                // the file. Which one is right is for a person to say.
                let date_cell = (row, layout.cols["date"]);
                if task.reports.iter().any(|x| x.date == r.report.date) {
                    problems.push(g.problem(
                        date_cell,
                        format!(
                            "task `{}` ({}) already has a different report dated {}",
                            task.id,
                            task.number,
                            date_dmy(r.report.date)
                        ),
                        Some("a task has one report per day: correct the date, or change the recorded report in content/tasks/ by hand".into()),
                    ));
                    continue;
                }
                if let Some(prev) = accepted
                    .iter()
                    .find(|a| a.task == task.id && a.report.date == r.report.date)
                {
                    problems.push(g.problem(
                        date_cell,
                        format!(
                            "task `{}` ({}) has a different report of the same day ({}) at {}",
                            task.id,
                            task.number,
                            date_dmy(r.report.date),
                            prev.origin.label()
                        ),
                        Some("a task has one report per day: keep one of the two rows, or correct the date".into()),
                    ));
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
        Ok((accepted, skipped, values, values_skipped))
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
        // A cell that cannot be read is reported once, as itself, not again as missing.
        let unreadable = |key: &str| {
            layout
                .cols
                .get(key)
                .is_some_and(|&c| matches!(g.get(row, c), Some(Cell::Error(..))))
        };
        for &c in layout.cols.values() {
            if let Some(Cell::Error(message, help)) = g.get(row, c) {
                problems.push(g.problem((row, c), message.clone(), Some((*help).to_owned())));
            }
        }
        let mut err = |key: &str, message: String, help: &str| {
            if unreadable(key) {
                return;
            }
            let c = layout.cols.get(key).copied().unwrap_or(0);
            problems.push(g.problem(
                (row, c),
                message,
                (!help.is_empty()).then(|| help.to_owned()),
            ));
        };
        let text = |key: &str| -> Option<String> {
            cell(key)
                .and_then(|(_, v)| v)
                .filter(|v| !matches!(v, Cell::Error(..)))
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
            Some(Cell::Error(..)) => None,
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
            (None, Some(_)) if unreadable("note_vi") => None,
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

#[cfg(test)]
mod tests {
    use super::*;

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
