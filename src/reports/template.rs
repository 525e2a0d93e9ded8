//! `camket report-template`: the workbook an agency fills in.
//!
//! Input: the loaded site and which agency (or all of them). Output: `.xlsx` bytes with one
//! sheet per agency and one row per approved-plan task it leads. Guarantee: the layout is the
//! one [`super::import`] reads back: the agency id in cell B1, a hidden row of column keys
//! (row 4), Vietnamese then English headers (rows 5 and 6), tasks from row 7. The task id and
//! the other information columns are locked by sheet protection; only the report columns are
//! editable, with a status dropdown (the site's Vietnamese labels) and a 0–100 whole-number
//! check on the percent. The same content gives the same bytes. The workbook carries a
//! defined name, [`TEMPLATE_NAME`], by which [`check_out`] knows a file camket wrote: an
//! existing output file is replaced only when it is such a workbook (or with `--force`), never
//! inside `content/` or `themes/`, and [`save`] writes a temporary file renamed over it.

use std::collections::BTreeSet;
use std::path::Path;

use calamine::Reader as _;

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::{COLUMNS, LoadedSite, date_dmy};
use crate::model::{Lang, ReportStatus};

/// The defined name that marks a workbook as a report template camket wrote.
pub const TEMPLATE_NAME: &str = "camket_report_template";

/// Whether `path` is a workbook made by [`write_template`] (it has [`TEMPLATE_NAME`]).
pub(crate) fn is_template(path: &Path) -> bool {
    let Some(bytes) = super::import::read::checked_workbook_bytes(path) else {
        return false;
    };
    match calamine::Xlsx::new(std::io::Cursor::new(bytes)) {
        Ok(wb) => wb.defined_names().iter().any(|(n, _)| n == TEMPLATE_NAME),
        Err(_) => false,
    }
}

/// Whether the template may be written to `out` (checked before any work): not inside the
/// site's `content/` or `themes/`, and, when the file exists, only a template camket wrote,
/// unless `force`. The error says what to do (exit code 2).
pub fn check_out(root: &Path, out: &Path, force: bool) -> Result<(), String> {
    let out_c =
        crate::output::resolve(out).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let root_c = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    for dir in ["content", "themes"] {
        let d = std::fs::canonicalize(root.join(dir)).unwrap_or_else(|_| root_c.join(dir));
        if out_c.starts_with(&d) {
            return Err(format!(
                "--out {} lies inside the site's {dir}/ folder; the workbook is never written there\n  = help: choose another --out, outside {dir}/",
                out.display()
            ));
        }
    }
    let Ok(meta) = std::fs::symlink_metadata(&out_c) else {
        return Ok(());
    };
    if meta.is_dir() {
        return Err(format!(
            "--out {} is a folder\n  = help: give a file name ending in .xlsx",
            out.display()
        ));
    }
    if !force && (meta.file_type().is_symlink() || !is_template(&out_c)) {
        return Err(format!(
            "{} exists and is not a report template camket wrote; it is left as it is\n  = help: choose another --out, or add --force to replace that file",
            out.display()
        ));
    }
    Ok(())
}

/// Writes `bytes` to `out` through a temporary file in the same folder renamed over it, so
/// that `out` is never half-written (a symlink at `out` is replaced, its target untouched).
pub fn save(out: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".camket-template-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(out).map_err(|e| e.error)?;
    Ok(())
}

/// Which agencies get a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// One agency, by id.
    Agency(String),
    /// Every agency that leads at least one task of the approved plan.
    All,
}

/// Why no template was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// The request cannot be met (unknown agency, an agency that leads no task).
    Usage(String),
    /// The workbook could not be made.
    Xlsx(String),
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TemplateError::Usage(m) | TemplateError::Xlsx(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for TemplateError {}

/// Both kinds are usage or I/O (exit code 2): the content itself checked.
impl crate::pipeline::Failure for TemplateError {
    fn exit_code(&self) -> u8 {
        2
    }
}

/// Writes a sheet's column heads: the keys the import reads (a hidden row), then the
/// Vietnamese and English headers, each column at its width.
pub(crate) fn write_column_heads(
    ws: &mut Worksheet,
    columns: &[super::Column],
    vi: &Format,
    en: &Format,
) -> Result<(), XlsxError> {
    for (c, column) in columns.iter().enumerate() {
        let c = c as u16;
        ws.set_column_width(c, column.width)?;
        ws.write_string(KEY_ROW, c, column.key)?;
        ws.write_string_with_format(KEY_ROW + 1, c, column.vi, vi)?;
        ws.write_string_with_format(KEY_ROW + 2, c, column.en, en)?;
    }
    ws.set_row_hidden(KEY_ROW)?;
    Ok(())
}

impl From<XlsxError> for TemplateError {
    fn from(e: XlsxError) -> Self {
        TemplateError::Xlsx(e.to_string())
    }
}

/// Row (0-based) holding the agency label and id (B1).
pub(crate) const AGENCY_ROW: u32 = 0;
/// Row (0-based) of the hidden column keys.
pub(crate) const KEY_ROW: u32 = 3;
/// First row (0-based) of tasks.
pub(crate) const FIRST_DATA_ROW: u32 = 6;
/// The label in A1 before the agency id.
pub(crate) const AGENCY_LABEL: &str = "Mã cơ quan / Agency id";

const INSTRUCTIONS_VI: &str = "Hướng dẫn: mỗi dòng là một nhiệm vụ do cơ quan chủ trì. Khi có báo cáo mới, điền các cột từ “Ngày báo cáo” trở đi; nếu không có, để trống dòng đó. Ngày ghi dạng dd/mm/yyyy; tình trạng chọn trong danh sách; tỷ lệ hoàn thành là số nguyên từ 0 đến 100; báo cáo hoàn thành phải có minh chứng. Không sửa các cột khác.";
const INSTRUCTIONS_EN: &str = "Instructions: each row is a task this agency leads. For a new report, fill in the columns from “Report date” on; otherwise leave the row empty. Dates as dd/mm/yyyy; pick the status from the list; percent complete is a whole number from 0 to 100; a completion report needs evidence. Do not change the other columns.";

/// The agencies (indices) the selection covers, in Vietnamese name order.
pub(crate) fn agencies_for(
    site: &LoadedSite,
    sel: &Selection,
) -> Result<Vec<usize>, TemplateError> {
    match sel {
        Selection::Agency(id) => {
            let a = site.agency_index(id).ok_or_else(|| {
                TemplateError::Usage(format!(
                    "unknown agency `{id}`; agency ids are listed in content/agencies/"
                ))
            })?;
            if site.tasks_led_by(a).is_empty() {
                return Err(TemplateError::Usage(format!(
                    "agency `{id}` leads no task of the approved plan; there is nothing to report"
                )));
            }
            Ok(vec![a])
        }
        Selection::All => Ok(site
            .linked
            .agencies_by_name
            .iter()
            .copied()
            .filter(|&a| !site.tasks_led_by(a).is_empty())
            .collect()),
    }
}

/// A worksheet name for an agency id: at most 31 characters, unique in the workbook.
pub(crate) fn sheet_name(id: &str, used: &mut BTreeSet<String>) -> String {
    let mut name: String = id.chars().take(31).collect();
    let mut n = 2;
    while used.contains(&name) {
        let suffix = format!("~{n}");
        name = id.chars().take(31 - suffix.len()).collect::<String>() + &suffix;
        n += 1;
    }
    used.insert(name.clone());
    name
}

/// Makes the workbook.
pub fn write_template(site: &LoadedSite, sel: &Selection) -> Result<Vec<u8>, TemplateError> {
    let agencies = agencies_for(site, sel)?;
    let labels: Vec<&str> = ReportStatus::KEYS
        .iter()
        .map(|(_, s)| site.status_label(Lang::Vi, *s))
        .collect();
    if let Some(l) = labels.iter().find(|l| l.contains(',')) {
        return Err(TemplateError::Xlsx(format!(
            "the status label `{l}` contains a comma, which a dropdown list cannot hold"
        )));
    }
    let as_of = site.linked.site.config.data_as_of;
    let mut wb = Workbook::new();
    let props = DocProperties::new()
        .set_title("Báo cáo tiến độ / Progress report")
        .set_subject(site.linked.site.config.title.vi.as_str())
        .set_author("camket")
        .set_creation_datetime(&ExcelDateTime::from_ymd(
            as_of.year() as u16,
            as_of.month() as u8,
            as_of.day() as u8,
        )?);
    wb.set_properties(&props);
    wb.define_name(TEMPLATE_NAME, "=\"camket\"")?;
    let mut used = BTreeSet::new();
    for a in agencies {
        let name = sheet_name(&site.linked.site.agencies[a].id, &mut used);
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        fill_sheet(ws, site, a, &labels)?;
        if !super::indicators::indicators_led_by(site, a).is_empty() {
            let name = sheet_name(
                &format!("chi-tieu-{}", site.linked.site.agencies[a].id),
                &mut used,
            );
            let ws = wb.add_worksheet();
            ws.set_name(&name)?;
            super::indicators::fill_sheet(ws, site, a)?;
        }
    }
    Ok(wb.save_to_buffer()?)
}

fn fill_sheet(
    ws: &mut Worksheet,
    site: &LoadedSite,
    agency: usize,
    labels: &[&str],
) -> Result<(), TemplateError> {
    let ag = &site.linked.site.agencies[agency];
    let bold = Format::new().set_bold();
    let info = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(0xF2F2F2)
        .set_border(FormatBorder::Thin)
        .set_border_color(0xBFBFBF);
    let head_vi = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(0xDDEBF7)
        .set_border(FormatBorder::Thin);
    let head_en = Format::new()
        .set_italic()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_font_color(0x595959)
        .set_background_color(0xDDEBF7)
        .set_border(FormatBorder::Thin);
    let edit = Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(0xBFBFBF);
    // Text format keeps "15/06/2026" as typed, whatever the spreadsheet's locale.
    let edit_text = edit.clone().set_num_format("@");
    let edit_percent = edit.clone().set_num_format("0");

    ws.write_string_with_format(AGENCY_ROW, 0, AGENCY_LABEL, &bold)?;
    ws.write_string_with_format(AGENCY_ROW, 1, &ag.id, &bold)?;
    // The id may run over column C; the name starts after it.
    ws.merge_range(AGENCY_ROW, 3, AGENCY_ROW, 7, &ag.name.vi, &bold)?;
    let note = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let last_col = COLUMNS.len() as u16 - 1;
    ws.merge_range(1, 0, 1, last_col, INSTRUCTIONS_VI, &note)?;
    ws.merge_range(
        2,
        0,
        2,
        last_col,
        INSTRUCTIONS_EN,
        &note.clone().set_italic(),
    )?;
    ws.set_row_height(1, 32)?;
    ws.set_row_height(2, 32)?;
    write_column_heads(ws, &COLUMNS, &head_vi, &head_en)?;
    ws.set_row_height(KEY_ROW + 1, 48)?;
    ws.set_row_height(KEY_ROW + 2, 32)?;

    let tasks = site.tasks_led_by(agency);
    let mut row = FIRST_DATA_ROW;
    for &ti in &tasks {
        let t = &site.linked.site.tasks[ti];
        let (last_status, last_date) = match t.reports.last() {
            Some(r) => (
                site.status_label(Lang::Vi, r.status).to_owned(),
                date_dmy(r.date),
            ),
            None => (
                site.theme.ui(Lang::Vi, "status_no_report").to_owned(),
                String::new(),
            ),
        };
        let deadline = t
            .deadline
            .as_ref()
            .map(|d| d.text.vi.clone())
            .unwrap_or_default();
        let mut lines = 1;
        for (c, column) in COLUMNS.iter().enumerate() {
            let c = c as u16;
            let value = match column.key {
                "task_id" => t.id.as_str(),
                "number" => t.number.as_str(),
                "title" => t.title.vi.as_str(),
                "deadline" => deadline.as_str(),
                "last_status" => last_status.as_str(),
                "last_date" => last_date.as_str(),
                "date" | "evidence" | "note_vi" | "note_en" => {
                    ws.write_blank(row, c, &edit_text)?;
                    continue;
                }
                "percent" => {
                    ws.write_blank(row, c, &edit_percent)?;
                    continue;
                }
                _ => {
                    ws.write_blank(row, c, &edit)?;
                    continue;
                }
            };
            ws.write_string_with_format(row, c, value, &info)?;
            lines = lines.max(wrapped_lines(value, column.width));
        }
        // Spreadsheet programs do not all fit row heights to wrapped text on opening.
        ws.set_row_height(row, 15.0 * lines as f64)?;
        row += 1;
    }
    let last = row - 1;
    let at = |key: &str| COLUMNS.iter().position(|c| c.key == key).unwrap_or(0) as u16;

    let status = DataValidation::new()
        .allow_list_strings(labels)?
        .set_input_title("Tình trạng / Status")?
        .set_input_message("Chọn trong danh sách.\nPick from the list.")?
        .set_error_title("Tình trạng không hợp lệ")?
        .set_error_message("Chọn một tình trạng trong danh sách.\nPick a status from the list.")?
        .set_error_style(DataValidationErrorStyle::Stop);
    ws.add_data_validation(FIRST_DATA_ROW, at("status"), last, at("status"), &status)?;
    let percent = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(0, 100))
        .set_input_title("Tỷ lệ hoàn thành / Percent")?
        .set_input_message("Số nguyên từ 0 đến 100.\nA whole number from 0 to 100.")?
        .set_error_title("Tỷ lệ không hợp lệ")?
        .set_error_message("Nhập số nguyên từ 0 đến 100.\nEnter a whole number from 0 to 100.")?
        .set_error_style(DataValidationErrorStyle::Stop);
    ws.add_data_validation(FIRST_DATA_ROW, at("percent"), last, at("percent"), &percent)?;
    let date = DataValidation::new()
        .allow_any_value()
        .set_input_title("Ngày báo cáo / Report date")?
        .set_input_message(
            "Ghi dạng dd/mm/yyyy, ví dụ 15/06/2026.\nWrite as dd/mm/yyyy, e.g. 15/06/2026.",
        )?;
    ws.add_data_validation(FIRST_DATA_ROW, at("date"), last, at("date"), &date)?;
    let evidence = DataValidation::new()
        .allow_any_value()
        .set_input_title("Minh chứng / Evidence")?
        .set_input_message("Mỗi dòng một đường dẫn http(s) hoặc một mã văn bản.\nOne http(s) link or document id per line.")?;
    ws.add_data_validation(
        FIRST_DATA_ROW,
        at("evidence"),
        last,
        at("evidence"),
        &evidence,
    )?;

    ws.set_freeze_panes(FIRST_DATA_ROW, 2)?;
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(KEY_ROW + 1, KEY_ROW + 2)?;
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
    Ok(())
}

/// About how many lines `text` takes wrapped in a column `width` characters wide.
fn wrapped_lines(text: &str, width: f64) -> usize {
    let per_line = (width - 2.0).max(4.0) as usize;
    text.lines()
        .map(|l| l.chars().count().div_ceil(per_line).max(1))
        .sum::<usize>()
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_fit_and_stay_unique() {
        let mut used = BTreeSet::new();
        let long = "truong-dai-hoc-hang-hai-viet-nam-x";
        let a = sheet_name(long, &mut used);
        let b = sheet_name(long, &mut used);
        assert_eq!(a, "truong-dai-hoc-hang-hai-viet-na");
        assert_eq!(b, "truong-dai-hoc-hang-hai-viet-~2");
        assert!(a.chars().count() <= 31 && b.chars().count() <= 31);
        assert_eq!(sheet_name("so-y-te", &mut used), "so-y-te");
    }
}
