//! Validate, indicators: baselines, reported values and context figures.
//!
//! Input: the raw `baseline:` and `values:` of an objective, the raw `content/context.yaml`.
//! Output: [`Baseline`], [`IndicatorValue`] and [`ContextFigure`] values. Guarantee: a baseline
//! and a context figure name a document and a line, and (checked over the whole site, once the
//! documents are known) their `as_written` is found on that line of the document's plain text;
//! a baseline's `value` is the number its `as_written` writes; a reported value has a period
//! `YYYY` or `YYYY-YYYY` (one school year), an exact decimal, the indicator's own unit, at most
//! 100 when the unit is `%`, one source (a link or a document id), and no two values share a
//! period.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use rust_decimal::Decimal;

use crate::diagnostic::Pos;
use crate::load::RawSite;
use crate::model::raw::*;
use crate::model::*;

use super::Validator;

/// A decimal written the Vietnamese way: `1.595`, `0,38`, `66,67` (and without the thousands
/// dots: `1595`).
fn vi_forms(d: Decimal) -> [String; 2] {
    let s = d.normalize().to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |r| ("-", r));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let tail = if frac.is_empty() {
        String::new()
    } else {
        format!(",{frac}")
    };
    [
        format!("{sign}{grouped}{tail}"),
        format!("{sign}{digits}{tail}"),
    ]
}

/// Whitespace collapsed, so a quotation matches across the source's spacing.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `unit` is `%`.
pub(crate) fn is_percent(unit: Option<&Text>) -> bool {
    unit.is_some_and(|u| u.vi.trim() == "%")
}

/// The year a period `YYYY` or `YYYY-YYYY` ends in; `None` for any other shape.
pub fn period_year(p: &str) -> Option<i32> {
    let year = |s: &str| {
        (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i32>().ok())
            .flatten()
    };
    match p.trim().split_once('-') {
        None => year(p.trim()),
        Some((a, b)) => {
            let (a, b) = (year(a)?, year(b)?);
            (b == a + 1).then_some(b)
        }
    }
}

impl Validator<'_> {
    fn quoted_source(&mut self, s: &RawSource, what: &str) -> Option<Source> {
        let src = self.source(s)?;
        if src.line.is_none() {
            self.err(
                Pos::of(&s.document),
                format!("{what} names no line"),
                "give `line:`, the line of the document's plain source text the figure is on",
            );
            return None;
        }
        Some(src)
    }

    pub(super) fn baseline(&mut self, b: &RawBaseline) -> Option<Baseline> {
        let source = self.quoted_source(&b.source, "the baseline's source");
        let value = b.value.as_ref().and_then(|v| {
            match Decimal::from_str_exact(v.value.trim()) {
                Ok(d) => {
                    let written = squash(&b.as_written.value);
                    if !vi_forms(d).iter().any(|f| written.contains(f.as_str())) {
                        self.err(
                            Pos::of(v),
                            format!(
                                "baseline value `{}` is not the number written in “{}”",
                                v.value, b.as_written.value
                            ),
                            "give the number as_written writes, with a dot as decimal separator (“0,38%” → \"0.38\"); never a figure worked out from it",
                        );
                        None
                    } else {
                        Some(d)
                    }
                }
                Err(_) => {
                    self.err(
                        Pos::of(v),
                        format!("baseline value `{}` is not an exact decimal", v.value),
                        "write the number with a dot as decimal separator: \"0,38\" → \"0.38\"",
                    );
                    None
                }
            }
        });
        let year = self.year(&b.year);
        Some(Baseline {
            as_written: b.as_written.value.trim().to_owned(),
            value,
            period: b.period.as_ref().map(|p| self.text(p)),
            year: year?,
            source: source?,
            note: self.opt_text(&b.note),
        })
    }

    pub(super) fn indicator_values(
        &mut self,
        o: &RawObjective,
        unit: Option<&Text>,
    ) -> Vec<IndicatorValue> {
        let mut out: Vec<IndicatorValue> = Vec::new();
        let mut seen: BTreeMap<i32, &str> = BTreeMap::new();
        for v in &o.values {
            let year = period_year(&v.period.value);
            if year.is_none() {
                self.err(
                    Pos::of(&v.period),
                    format!("period `{}` is not a year or a school year", v.period.value),
                    "write a year (\"2026\") or a school year (\"2025-2026\")",
                );
            }
            if let Some(y) = year {
                if let Some(first) = seen.get(&y) {
                    self.err(
                        Pos::of(&v.period),
                        format!(
                            "period `{}` ends in the same year as `{first}`, given earlier",
                            v.period.value
                        ),
                        "an indicator has one value per year; keep one of them",
                    );
                } else {
                    seen.insert(y, &v.period.value);
                }
            }
            let value = match Decimal::from_str_exact(v.value.value.trim()) {
                Ok(d) if is_percent(unit) && (d > Decimal::ONE_HUNDRED || d.is_sign_negative()) => {
                    self.err(
                        Pos::of(&v.value),
                        format!("value {} is outside 0–100 %", v.value.value),
                        "a percentage is between 0 and 100; check the value and its unit",
                    );
                    None
                }
                Ok(d) => Some(d),
                Err(_) => {
                    self.err(
                        Pos::of(&v.value),
                        format!("value `{}` is not an exact decimal", v.value.value),
                        "write the number with a dot as decimal separator and no thousands separator: \"62,5\" → \"62.5\"",
                    );
                    None
                }
            };
            let unit_ok = match (&v.unit, unit) {
                (None, _) => true,
                (Some(u), Some(own)) => {
                    let t = u.value.trim();
                    t == own.vi.trim() || own.en.as_deref().is_some_and(|e| e.trim() == t)
                }
                (Some(_), None) => false,
            };
            if !unit_ok && let Some(u) = &v.unit {
                self.err(
                    Pos::of(u),
                    format!(
                        "unit `{}` is not the indicator's unit ({})",
                        u.value,
                        unit.map_or("none".to_owned(), |u| format!("`{}`", u.vi))
                    ),
                    "a value is reported in the indicator's own unit; convert it, or remove `unit:`",
                );
            }
            let source = match (&v.url, &v.document) {
                (Some(u), None) => self.url(u).map(Evidence::Url),
                (None, Some(d)) => self.reference(d, "document").map(Evidence::Document),
                (Some(u), Some(_)) => {
                    self.err(
                        Pos::of(u),
                        "a value has both a url and a document",
                        "give one source per value",
                    );
                    None
                }
                (None, None) => {
                    self.err(
                        Pos::of(&v.period),
                        "a value has no source",
                        "give `url:` (where it is published) or `document:` (a document id)",
                    );
                    None
                }
            };
            let note = self.opt_text(&v.note);
            if let (Some(year), Some(value), Some(source), true) = (year, value, source, unit_ok) {
                out.push(IndicatorValue {
                    period: v.period.value.trim().to_owned(),
                    year,
                    value,
                    unit: v.unit.as_ref().map(|u| u.value.trim().to_owned()),
                    source,
                    note,
                });
            }
        }
        out.sort_by_key(|v| v.year);
        out
    }

    pub(super) fn context_figure(&mut self, c: &RawContextFigure) -> Option<ContextFigure> {
        let source = self.quoted_source(&c.source, "the context figure's source");
        let objectives = self.refs(&c.objectives, "objective");
        Some(ContextFigure {
            id: c.id.value.clone(),
            label: self.text(&c.label),
            as_written: c.as_written.value.trim().to_owned(),
            period: c.period.as_ref().map(|p| self.text(p)),
            source: source?,
            objectives,
        })
    }

    /// Context ids are valid and unique.
    pub(super) fn check_context_ids(&mut self, raw: &RawSite) {
        let mut seen = BTreeSet::new();
        for r in &raw.context {
            self.file = r.file.clone();
            let id = &r.value.id;
            if !crate::strings::is_valid_id(&id.value) {
                self.err(
                    Pos::of(id),
                    format!("context figure id `{}` is not a valid id", id.value),
                    "ids use only lower-case a-z, 0-9 and '-', at most 80 characters",
                );
            } else if !seen.insert(id.value.clone()) {
                self.err(
                    Pos::of(id),
                    format!("duplicate context figure id `{}`", id.value),
                    "give each figure its own id",
                );
            }
        }
    }

    /// Every baseline's and context figure's `as_written` is on its source line.
    pub(super) fn check_quotations(&mut self, raw: &RawSite) {
        let plain: BTreeMap<&str, &str> = raw
            .documents
            .iter()
            .filter_map(|d| {
                let p = PathBuf::from(&d.value.source_text.as_ref()?.value);
                Some((d.value.id.value.as_str(), self.plain.get(&p)?.as_str()))
            })
            .collect();
        let mut quotes: Vec<(PathBuf, &S<String>, &RawSource)> = Vec::new();
        for o in &raw.objectives {
            if let Some(b) = &o.value.baseline {
                quotes.push((o.file.clone(), &b.as_written, &b.source));
            }
        }
        for c in &raw.context {
            quotes.push((c.file.clone(), &c.value.as_written, &c.value.source));
        }
        for (file, quote, src) in quotes {
            let Some(line) = &src.line else { continue };
            self.file = file;
            let doc = src.document.value.as_str();
            let Some(text) = plain.get(doc) else {
                self.err(
                    Pos::of(&src.document),
                    format!("document `{doc}` has no plain source text to quote from"),
                    "give the document a `source_text:`, or quote another document",
                );
                continue;
            };
            let on_line = text
                .lines()
                .nth((line.value as usize).saturating_sub(1))
                .map(squash)
                .unwrap_or_default();
            if line.value == 0 || !on_line.contains(&squash(&quote.value)) {
                self.err(
                    Pos::of(quote),
                    format!("“{}” is not on line {} of `{doc}`", quote.value, line.value),
                    "quote the figure exactly as the line writes it, and give the line it is on",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_the_vietnamese_style() {
        let d = |s| Decimal::from_str_exact(s).unwrap();
        assert_eq!(vi_forms(d("0.38")), ["0,38", "0,38"]);
        assert_eq!(vi_forms(d("1595")), ["1.595", "1595"]);
        assert_eq!(vi_forms(d("100")), ["100", "100"]);
        assert_eq!(vi_forms(d("72055.50")), ["72.055,5", "72055,5"]);
    }

    #[test]
    fn periods() {
        assert_eq!(period_year("2026"), Some(2026));
        assert_eq!(period_year("2025-2026"), Some(2026));
        assert_eq!(period_year("2025-2027"), None);
        assert_eq!(period_year("26"), None);
        assert_eq!(period_year("năm 2026"), None);
    }
}
