//! The indicators sheet: reported values of the indicators an agency leads, by spreadsheet.
//!
//! Input: the loaded site; for import, a grid whose header row names `indicator_id`. Output:
//! a worksheet (one row per indicator the agency leads), or the values to append to the
//! objectives' `values:`. Guarantee: a row becomes a value only if every rule holds (known
//! indicator led by the sheet's agency, period `YYYY` or `YYYY-YYYY`, an exact number, the
//! indicator's own unit, at most 100 for `%`, a source that is an http(s) link or a document
//! id, an English note only with a Vietnamese one); otherwise each problem is reported at its
//! cell. A value already recorded for the same period is skipped; a different one is an error.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatBorder, Worksheet, XlsxError};

use super::import::read::{Cell, Grid, cell_text};
use super::import::{Origin, Problem};
use super::template::{AGENCY_LABEL, AGENCY_ROW, FIRST_DATA_ROW, write_column_heads};
use super::{Column, LoadedSite, col};
use crate::model::{Evidence, IndicatorValue, Text};
use crate::validate::period_year;

/// The columns of the indicators sheet.
pub const INDICATOR_COLUMNS: [Column; 12] = [
    col(
        "indicator_id",
        "Mã chỉ tiêu (không sửa)",
        "Indicator id (do not edit)",
        false,
        30.0,
    ),
    col("number", "Số TT", "No.", false, 7.0),
    col("title", "Tên chỉ tiêu", "Indicator", false, 40.0),
    col("unit", "Đơn vị tính", "Unit", false, 12.0),
    col("target", "Mục tiêu", "Target", false, 12.0),
    col(
        "last_value",
        "Giá trị gần nhất (kỳ)",
        "Latest value (period)",
        false,
        16.0,
    ),
    col(
        "period",
        "Kỳ (yyyy hoặc yyyy-yyyy)",
        "Period (yyyy or yyyy-yyyy)",
        true,
        14.0,
    ),
    col("value", "Giá trị", "Value", true, 12.0),
    col(
        "value_unit",
        "Đơn vị của giá trị",
        "Unit of the value",
        true,
        12.0,
    ),
    col(
        "source",
        "Nguồn (đường dẫn http(s) hoặc mã văn bản)",
        "Source (http(s) link or document id)",
        true,
        36.0,
    ),
    col(
        "note_vi",
        "Ghi chú bằng tiếng Việt",
        "Note in Vietnamese",
        true,
        30.0,
    ),
    col(
        "note_en",
        "Ghi chú bằng tiếng Anh",
        "Note in English",
        true,
        30.0,
    ),
];

/// The indicators (indices) an agency leads, in the site's order.
pub fn indicators_led_by(site: &LoadedSite, agency: usize) -> Vec<usize> {
    let led = &site.linked.agencies[agency].objectives_led;
    site.linked
        .objectives_in_order
        .iter()
        .copied()
        .filter(|o| led.contains(o))
        .collect()
}

/// Fills an indicators sheet for an agency.
pub fn fill_sheet(ws: &mut Worksheet, site: &LoadedSite, agency: usize) -> Result<(), XlsxError> {
    let ag = &site.linked.site.agencies[agency];
    let bold = Format::new().set_bold();
    let info = Format::new()
        .set_text_wrap()
        .set_background_color(0xF2F2F2)
        .set_border(FormatBorder::Thin);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(0xDDEBF7)
        .set_border(FormatBorder::Thin);
    let edit = Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_num_format("@");
    ws.write_string_with_format(AGENCY_ROW, 0, AGENCY_LABEL, &bold)?;
    ws.write_string_with_format(AGENCY_ROW, 1, &ag.id, &bold)?;
    ws.write_string(1, 0, "Hướng dẫn: mỗi dòng là một chỉ tiêu do cơ quan chủ trì. Khi có số liệu mới, điền kỳ, giá trị (dấu phẩy hoặc dấu chấm thập phân, không dùng dấu phân cách hàng nghìn), đơn vị (phải đúng đơn vị của chỉ tiêu) và nguồn; thêm dòng mới (chép mã chỉ tiêu) cho kỳ khác.")?;
    ws.write_string(2, 0, "Instructions: each row is an indicator this agency leads. For a new value, fill in the period, the value (decimal comma or point, no thousands separator), its unit (the indicator's own) and the source; add a row (copy the indicator id) for another period.")?;
    write_column_heads(ws, &INDICATOR_COLUMNS, &head, &head)?;
    let mut row = FIRST_DATA_ROW;
    for oi in indicators_led_by(site, agency) {
        let o = &site.linked.site.objectives[oi];
        let last = o
            .values
            .last()
            .map(|v| format!("{} ({})", v.value.normalize(), v.period))
            .unwrap_or_default();
        for (c, column) in INDICATOR_COLUMNS.iter().enumerate() {
            let c = c as u16;
            let value = match column.key {
                "indicator_id" => o.id.clone(),
                "number" => format!("{} ({})", o.number, o.horizon),
                "title" => o.title.vi.clone(),
                "unit" => o.unit.as_ref().map(|u| u.vi.clone()).unwrap_or_default(),
                "target" => o
                    .target
                    .as_ref()
                    .map(|t| t.text.vi.clone())
                    .unwrap_or_default(),
                "last_value" => last.clone(),
                _ => {
                    ws.write_blank(row, c, &edit)?;
                    continue;
                }
            };
            ws.write_string_with_format(row, c, &value, &info)?;
        }
        row += 1;
    }
    ws.protect();
    Ok(())
}

/// A value read from a row and accepted.
#[derive(Debug, Clone)]
pub struct AddedValue {
    /// Where it was read.
    pub origin: Origin,
    /// Indicator id.
    pub indicator: String,
    /// The value.
    pub value: IndicatorValue,
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether the sheet is an indicators sheet (a cell names `indicator_id`).
pub(crate) fn is_indicator_sheet(g: &Grid) -> bool {
    g.cells
        .values()
        .any(|v| norm(&cell_text(v)) == "indicator_id")
}

/// A number as the sheet writes it: a number cell, or text with a decimal comma or point.
fn parse_value(c: &Cell) -> Result<Decimal, &'static str> {
    let text = match c {
        Cell::Number(n) => n.to_string(),
        other => cell_text(other).trim().replace(' ', ""),
    };
    let t = if text.contains(',') {
        if text.contains('.') {
            return Err("write the number without a thousands separator");
        }
        text.replace(',', ".")
    } else {
        if let Some((_, frac)) = text.split_once('.')
            && frac.len() == 3
            && !matches!(c, Cell::Number(_))
        {
            return Err(
                "`.` followed by three digits could be a thousands separator: write 1250 for one thousand two hundred and fifty, or 1,25 for one and a quarter",
            );
        }
        text
    };
    Decimal::from_str_exact(&t).map_err(|_| "write a number, with a decimal comma or point")
}

/// Checks the rows of an indicators sheet.
pub(crate) fn check_sheet(
    site: &LoadedSite,
    today: crate::model::Date,
    g: &Grid,
    problems: &mut Vec<Problem>,
    accepted: &mut Vec<AddedValue>,
    skipped: &mut Vec<(Origin, String, String)>,
) {
    let s = &site.linked.site;
    let Some(header) = g
        .cells
        .iter()
        .find(|(_, v)| norm(&cell_text(v)) == "indicator_id")
        .map(|((r, _), _)| *r)
    else {
        return;
    };
    let mut cols: BTreeMap<&str, u16> = BTreeMap::new();
    for ((_, c), v) in g.cells.range((header, 0)..(header + 1, 0)) {
        let t = norm(&cell_text(v));
        match INDICATOR_COLUMNS
            .iter()
            .find(|k| norm(k.key) == t || norm(k.vi) == t || norm(k.en) == t)
        {
            Some(k) => {
                cols.insert(k.key, *c);
            }
            None => problems.push(g.problem(
                (header, *c),
                format!("unknown column `{}`", cell_text(v).trim()),
                Some(format!(
                        "the columns are: {}",
                        INDICATOR_COLUMNS
                            .iter()
                            .map(|k| k.key)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
            )),
        }
    }
    let agency = match (g.text(0, 0), g.text(0, 1)) {
        (Some(l), Some(id)) if norm(&l) == norm(AGENCY_LABEL) => site.agency_index(id.trim()),
        _ => None,
    };
    let Some(agency) = agency else {
        problems.push(g.problem((0, 1), "the sheet does not say which agency it is for", Some("put the agency id in B1 after the label “Mã cơ quan / Agency id”, as the template does".into())));
        return;
    };
    let led = indicators_led_by(site, agency);
    let get = |row: u32, key: &str| {
        cols.get(key)
            .and_then(|&c| g.get(row, c))
            .filter(|v| !cell_text(v).trim().is_empty())
    };
    let at = |row: u32, key: &str| (row, cols.get(key).copied().unwrap_or(0));
    let is_header = |v: &Cell| {
        let t = norm(&cell_text(v));
        INDICATOR_COLUMNS
            .iter()
            .any(|k| norm(k.key) == t || norm(k.vi) == t || norm(k.en) == t)
    };
    for row in header + 1..=g.max_row() {
        let mut cells = g.cells.range((row, 0)..(row + 1, 0)).peekable();
        if cells.peek().is_some() && cells.all(|(_, v)| is_header(v)) {
            continue;
        }
        let filled = [
            "period",
            "value",
            "value_unit",
            "source",
            "note_vi",
            "note_en",
        ]
        .iter()
        .any(|k| get(row, k).is_some());
        if !filled {
            continue;
        }
        let before = problems.len();
        let id = get(row, "indicator_id")
            .map(|v| cell_text(v).trim().to_owned())
            .unwrap_or_default();
        let oi = s.objectives.iter().position(|o| o.id == id);
        match oi {
            None => problems.push(g.problem(
                at(row, "indicator_id"),
                format!("unknown indicator `{id}`"),
                Some("keep the indicator id the template wrote".into()),
            )),
            Some(oi) if !led.contains(&oi) => problems.push(g.problem(
                at(row, "indicator_id"),
                format!(
                    "indicator `{id}` is not led by agency `{}`",
                    s.agencies[agency].id
                ),
                Some("report it in the sheet of its lead agency".into()),
            )),
            _ => {}
        }
        let o = oi.map(|oi| &s.objectives[oi]);
        let period = get(row, "period")
            .map(|v| cell_text(v).trim().to_owned())
            .unwrap_or_default();
        let year = period_year(&period);
        let starts = period.trim().get(..4).and_then(|y| y.parse::<i32>().ok());
        if let (Some(_), Some(first)) = (year, starts)
            && first > today.year() as i32
        {
            problems.push(g.problem(
                at(row, "period"),
                format!("period `{period}` is in the future"),
                Some("report a value once its period has begun; check the year".into()),
            ));
        }
        if year.is_none() {
            problems.push(g.problem(
                at(row, "period"),
                format!("period `{period}` is not a year or a school year"),
                Some("write a year (2026) or a school year (2025-2026)".into()),
            ));
        }
        let value = match get(row, "value").map(parse_value) {
            Some(Ok(v)) => Some(v),
            Some(Err(help)) => {
                problems.push(g.problem(
                    at(row, "value"),
                    format!(
                        "value `{}` is not a number",
                        get(row, "value").map(cell_text).unwrap_or_default()
                    ),
                    Some(help.into()),
                ));
                None
            }
            None => {
                problems.push(g.problem(
                    at(row, "value"),
                    "the value is missing",
                    Some("write the value, or leave the whole row empty".into()),
                ));
                None
            }
        };
        let own_unit = o.and_then(|o| o.unit.as_ref());
        let unit = get(row, "value_unit").map(|v| cell_text(v).trim().to_owned());
        match (&unit, own_unit) {
            (Some(u), Some(own))
                if norm(u) == norm(&own.vi)
                    || own.en.as_deref().is_some_and(|e| norm(e) == norm(u)) => {}
            (Some(u), Some(own)) => problems.push(g.problem(
                at(row, "value_unit"),
                format!("unit `{u}` is not the indicator's unit (`{}`)", own.vi),
                Some("report the value in the indicator's own unit".into()),
            )),
            (None, Some(own)) => problems.push(g.problem(
                at(row, "value_unit"),
                "the unit of the value is missing",
                Some(format!("write the indicator's unit, `{}`", own.vi)),
            )),
            (Some(u), None) => problems.push(g.problem(
                at(row, "value_unit"),
                format!("unit `{u}` given, but the indicator has no unit"),
                Some("leave the unit empty".into()),
            )),
            (None, None) => {}
        }
        if let Some(v) = value
            && own_unit.is_some_and(|u| u.vi.trim() == "%")
            && (v > Decimal::ONE_HUNDRED || v.is_sign_negative())
        {
            problems.push(g.problem(
                at(row, "value"),
                format!("value {v} is outside 0–100 %"),
                Some("a percentage is between 0 and 100; check the value and its unit".into()),
            ));
        }
        let src = get(row, "source")
            .map(|v| cell_text(v).trim().to_owned())
            .unwrap_or_default();
        let source = if src.starts_with("https://") || src.starts_with("http://") {
            Some(Evidence::Url(src.clone()))
        } else if s.documents.iter().any(|d| d.id == src) {
            Some(Evidence::Document(src.clone()))
        } else {
            problems.push(g.problem(at(row, "source"), if src.is_empty() { "the source is missing".to_owned() } else { format!("source `{src}` is neither a link nor a document id") }, Some("give an http(s) link to where the value is published, or the id of a document in content/documents/".into())));
            None
        };
        let note_vi = get(row, "note_vi").map(|v| cell_text(v).trim().to_owned());
        let note_en = get(row, "note_en").map(|v| cell_text(v).trim().to_owned());
        if note_vi.is_none() && note_en.is_some() {
            problems.push(g.problem(
                at(row, "note_en"),
                "an English note without a Vietnamese one",
                Some("write the note in Vietnamese too".into()),
            ));
        }
        if problems.len() > before {
            continue;
        }
        let (Some(o), Some(year), Some(value), Some(source)) = (o, year, value, source) else {
            continue;
        };
        let v = IndicatorValue {
            period,
            year,
            value,
            unit: own_unit.map(|u| u.vi.clone()),
            source,
            note: note_vi.map(|vi| Text { vi, en: note_en }),
        };
        let origin = Origin {
            sheet: g.name.clone(),
            row,
        };
        let same_year = o.values.iter().find(|x| x.year == year).or_else(|| {
            accepted
                .iter()
                .find(|a| a.indicator == o.id && a.value.year == year)
                .map(|a| &a.value)
        });
        match same_year {
            Some(x) if *x == v => skipped.push((origin, o.id.clone(), v.period)),
            Some(x) => problems.push(g.problem(at(row, "period"), format!("indicator `{}` already has a different value for {} ({})", o.id, x.period, x.value.normalize()), Some("an indicator has one value per period: correct the period, or change the recorded value in content/objectives/ by hand".into()))),
            None => accepted.push(AddedValue { origin, indicator: o.id.clone(), value: v }),
        }
    }
}
