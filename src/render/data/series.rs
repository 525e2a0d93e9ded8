//! Open data: the indicators' series in Open SDG's long format.
//!
//! Input: the linked site. Output: `data/series/<id>.csv` and `data/series/<id>.json` for each
//! indicator with a baseline value or a reported value (linked from its page), and
//! `data/indicator-series.csv` / `.json` with every indicator's rows (linked from the data
//! dictionary). Guarantee: one row per point, columns `indicator, period, year, value, unit,
//! source, series` (`series` is `baseline` or `reported`); values are the exact decimals of the
//! content (the baseline's reading of its figure as written, never a computed one); the CSV
//! starts with a byte-order mark, its text cells are protected from formula injection; output
//! is deterministic.

use serde_json::{Map, Value as J, json};

use super::{OutputFile, csv_text_cell, file, pretty};
use crate::link::LinkedSite;
use crate::model::*;

/// The columns, in order.
pub const COLUMNS: [&str; 7] = [
    "indicator",
    "period",
    "year",
    "value",
    "unit",
    "source",
    "series",
];

/// The rows of one indicator: its baseline (when numeric), then its reported values.
pub fn rows(o: &Objective) -> Vec<Map<String, J>> {
    let unit = o.unit.as_ref().map_or(J::Null, |u| json!(u.vi));
    let mut out = Vec::new();
    let mut row =
        |period: String, year: i32, value: &rust_decimal::Decimal, source: String, series: &str| {
            let mut r = Map::new();
            r.insert("indicator".into(), json!(o.id));
            r.insert("period".into(), json!(period));
            r.insert("year".into(), json!(year));
            r.insert("value".into(), json!(value.normalize().to_string()));
            r.insert("unit".into(), unit.clone());
            r.insert("source".into(), json!(source));
            r.insert("series".into(), json!(series));
            out.push(r);
        };
    if let Some(b) = &o.baseline
        && let Some(v) = &b.value
    {
        let period = b
            .period
            .as_ref()
            .map_or_else(|| b.year.to_string(), |p| p.vi.clone());
        let source = match b.source.line {
            Some(l) => format!("{}:{l}", b.source.document),
            None => b.source.document.clone(),
        };
        row(period, b.year, v, source, "baseline");
    }
    for v in &o.values {
        let source = match &v.source {
            Evidence::Url(u) => u.clone(),
            Evidence::Document(d) => d.clone(),
        };
        row(v.period.clone(), v.year, &v.value, source, "reported");
    }
    out
}

fn csv_of(rows: &[Map<String, J>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = w.write_record(COLUMNS);
    for r in rows {
        let cells: Vec<String> = COLUMNS
            .iter()
            .map(|c| match r.get(*c) {
                Some(J::String(s)) if *c == "value" => s.clone(),
                Some(J::String(s)) => csv_text_cell(s.clone()),
                Some(J::Null) | None => String::new(),
                Some(other) => other.to_string(),
            })
            .collect();
        let _ = w.write_record(&cells);
    }
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(w.into_inner().unwrap_or_default());
    bytes
}

fn json_of(as_of: &str, rows: Vec<Map<String, J>>) -> String {
    pretty(&json!({
        "data_as_of": as_of,
        "columns": COLUMNS,
        "records": rows.into_iter().map(J::Object).collect::<Vec<_>>(),
    }))
}

/// Whether an indicator has a series file (a numeric baseline or a reported value).
pub fn has_series(o: &Objective) -> bool {
    !o.values.is_empty() || o.baseline.as_ref().is_some_and(|b| b.value.is_some())
}

/// Hands every series file to `put`.
pub fn files_to(site: &LinkedSite, put: &mut dyn FnMut(OutputFile)) {
    let as_of = site.site.config.data_as_of.to_string();
    let mut all = Vec::new();
    for &oi in &site.objectives_in_order {
        let o = &site.site.objectives[oi];
        if !has_series(o) {
            continue;
        }
        let r = rows(o);
        put(OutputFile {
            path: format!("data/series/{}.csv", o.id),
            bytes: csv_of(&r),
            kind: "data",
            lang: None,
        });
        put(file(
            format!("data/series/{}.json", o.id),
            json_of(&as_of, r.clone()),
        ));
        all.extend(r);
    }
    put(OutputFile {
        path: "data/indicator-series.csv".into(),
        bytes: csv_of(&all),
        kind: "data",
        lang: None,
    });
    put(file(
        "data/indicator-series.json".into(),
        json_of(&as_of, all),
    ));
}
