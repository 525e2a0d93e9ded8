//! Progress reports by spreadsheet: the agencies' round trip.
//!
//! Agencies report their progress in spreadsheets. [`template::write_template`] makes a
//! workbook with one row per task an agency leads (`camket report-template`), and
//! [`import::import`] reads a filled workbook or CSV file back and appends the new reports to
//! the tasks' YAML files (`camket import-reports`).
//!
//! Input: the site root, which must load and validate cleanly (the same `load` → `validate` →
//! `link` pipeline as the build), and for import the filled file. Output: an `.xlsx` workbook,
//! or new `reports:` entries in `content/tasks/*.yaml`. Guarantee: an import writes nothing
//! unless every row of the file is valid; each YAML file is then replaced whole (a temporary
//! file renamed over it), with only the new report lines inserted, and only after the edited
//! text has been re-read and checked to hold exactly the old data plus the new reports.

pub mod import;
pub mod indicators;
pub mod template;
pub(crate) mod yaml_edit;

use std::path::Path;

use crate::build::BuildError;
use crate::link::LinkedSite;
use crate::load::RawSite;
use crate::model::{Date, Lang, ReportStatus};
use crate::pipeline::{self, CheckOptions};
use crate::theme::Theme;

/// One column of the report sheet: its machine key and its two headers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// Machine key (the hidden key row of the sheet; a CSV header).
    pub key: &'static str,
    /// Vietnamese header.
    pub vi: &'static str,
    /// English header.
    pub en: &'static str,
    /// Whether the agency fills it in (the others are locked, for information only).
    pub editable: bool,
    /// Width in characters.
    pub width: f64,
}

pub(crate) const fn col(
    key: &'static str,
    vi: &'static str,
    en: &'static str,
    editable: bool,
    width: f64,
) -> Column {
    Column {
        key,
        vi,
        en,
        editable,
        width,
    }
}

/// The `agency` column of a CSV file (a workbook sheet names its agency in cell B1 instead).
pub(crate) const AGENCY_COLUMN: Column = col("agency", "Mã cơ quan", "Agency id", false, 20.0);

/// The columns of a report sheet, in order. A CSV file uses the same keys or headers, plus
/// [`AGENCY_COLUMN`]; `number` to `last_date` are for information and ignored on import.
pub(crate) const COLUMNS: [Column; 12] = [
    col(
        "task_id",
        "Mã nhiệm vụ (không sửa)",
        "Task id (do not edit)",
        false,
        30.0,
    ),
    col("number", "Số TT", "No.", false, 7.0),
    col("title", "Tên nhiệm vụ", "Task", false, 48.0),
    col("deadline", "Thời gian hoàn thành", "Deadline", false, 16.0),
    col(
        "last_status",
        "Tình trạng báo cáo gần nhất",
        "Last reported status",
        false,
        18.0,
    ),
    col(
        "last_date",
        "Ngày báo cáo gần nhất",
        "Last report date",
        false,
        12.0,
    ),
    col(
        "date",
        "Ngày báo cáo (dd/mm/yyyy)",
        "Report date (dd/mm/yyyy)",
        true,
        14.0,
    ),
    col("status", "Tình trạng", "Status", true, 26.0),
    col(
        "percent",
        "Tỷ lệ hoàn thành (0–100 %)",
        "Percent complete (0–100)",
        true,
        14.0,
    ),
    col(
        "note_vi",
        "Ghi chú bằng tiếng Việt",
        "Note in Vietnamese",
        true,
        40.0,
    ),
    col(
        "note_en",
        "Ghi chú bằng tiếng Anh",
        "Note in English",
        true,
        40.0,
    ),
    col(
        "evidence",
        "Minh chứng (đường dẫn http(s) hoặc mã văn bản, mỗi dòng một mục)",
        "Evidence (http(s) links or document ids, one per line)",
        true,
        40.0,
    ),
];

/// The column with this key.
pub fn column(key: &str) -> Option<&'static Column> {
    COLUMNS
        .iter()
        .chain(std::iter::once(&AGENCY_COLUMN))
        .find(|c| c.key == key)
}

/// The content of a site, checked and linked, with its theme (for the status labels).
#[derive(Debug)]
pub struct LoadedSite {
    /// Raw records as read (with the file of each task).
    pub raw: RawSite,
    /// The validated and linked content.
    pub linked: LinkedSite,
    /// The theme, for UI strings.
    pub theme: Theme,
}

impl LoadedSite {
    /// Loads, validates and links the content of `root` and loads its theme, as `check` does
    /// ([`pipeline::check`], keeping the raw records).
    pub fn load(root: &Path) -> Result<LoadedSite, BuildError> {
        let opts = CheckOptions {
            strict: false,
            keep_raw: true,
        };
        let checked = pipeline::check(root, &opts)?;
        Ok(LoadedSite {
            raw: checked.raw.expect("kept: keep_raw"),
            linked: checked.linked,
            theme: checked.theme,
        })
    }

    /// The label of a report status in a language (the site's UI string `status_<key>`).
    pub(crate) fn status_label(&self, lang: Lang, s: ReportStatus) -> &str {
        self.theme.ui(lang, s.ui_key())
    }

    /// Indices of the approved-plan tasks an agency leads, in the site's task order.
    pub(crate) fn tasks_led_by(&self, agency: usize) -> Vec<usize> {
        let leads = &self.linked.agencies[agency].leads;
        self.linked
            .tasks_in_order
            .iter()
            .copied()
            .filter(|t| leads.contains(t) && self.linked.site.tasks[*t].in_approved_plan)
            .collect()
    }

    /// Index of the agency with this id.
    pub(crate) fn agency_index(&self, id: &str) -> Option<usize> {
        self.linked.site.agencies.iter().position(|a| a.id == id)
    }
}

/// Today's date in Vietnam (UTC+7, no daylight saving), the reference for "in the future".
pub fn today_in_vietnam() -> Date {
    let offset = jiff::tz::Offset::constant(7);
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::fixed(offset))
        .date()
}

/// `dd/mm/yyyy`, as dates are written in the sheets.
pub(crate) fn date_dmy(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_keys_are_unique_and_headers_distinct() {
        let mut seen = std::collections::BTreeSet::new();
        for c in COLUMNS.iter().chain(std::iter::once(&AGENCY_COLUMN)) {
            assert!(seen.insert(c.key), "{}", c.key);
            assert!(seen.insert(c.vi), "{}", c.vi);
            assert!(seen.insert(c.en), "{}", c.en);
        }
        assert_eq!(column("note_en").map(|c| c.en), Some("Note in English"));
        assert!(column("nope").is_none());
    }

    #[test]
    fn dates_are_written_day_first() {
        assert_eq!(date_dmy(jiff::civil::date(2026, 3, 5)), "05/03/2026");
    }
}
