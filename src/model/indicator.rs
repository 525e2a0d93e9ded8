//! Indicator data beyond the target: the baseline quoted from the plan's assessment, the values
//! reported over time, and the assessment's context figures.
//!
//! Input: built by `validate` from the raw records. Output: read by `render`. Guarantee: a
//! baseline's and a context figure's `as_written` are found on their source line (checked by
//! `validate`); a reported value is in the indicator's unit and, for `%`, at most 100.

use rust_decimal::Decimal;

use super::{Evidence, Id, Source, Text};

/// An indicator's baseline, quoted from the plan's assessment.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The figure exactly as the source line writes it (Vietnamese: a quotation).
    pub as_written: String,
    /// Its exact reading, where numeric.
    pub value: Option<Decimal>,
    /// The year or period as written; `None` when the line states none.
    pub period: Option<Text>,
    /// The year it is placed at.
    pub year: i32,
    /// The line it is on.
    pub source: Source,
    /// Remark.
    pub note: Option<Text>,
}

/// A reported value of an indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorValue {
    /// `YYYY` or `YYYY-YYYY`, as given.
    pub period: String,
    /// The year the period ends in (its place on the chart).
    pub year: i32,
    /// The value.
    pub value: Decimal,
    /// The unit the reporter wrote (the indicator's own), if any.
    pub unit: Option<String>,
    /// Where it is published.
    pub source: Evidence,
    /// Remark.
    pub note: Option<Text>,
}

/// A key figure of the plan's assessment that no indicator measures (`content/context.yaml`).
#[derive(Debug, Clone)]
pub struct ContextFigure {
    /// Permanent id.
    pub id: Id,
    /// What it is.
    pub label: Text,
    /// The figure exactly as written.
    pub as_written: String,
    /// The year or period as written.
    pub period: Option<Text>,
    /// The line it is on.
    pub source: Source,
    /// Indicators it concerns.
    pub objectives: Vec<Id>,
}
