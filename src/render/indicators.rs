//! Indicator data on pages: baseline, latest value, target, the progress status and its rule,
//! the series chart and table, the context figures, and the overview counts.
//!
//! Input: the linked site, through the page [`Builder`]. Output: context values for
//! `objective.html`, `objective_list.html` and the home page's indicator block. Guarantee: the
//! status is decided only by the rule the page states ([`progress`]); anything the rule cannot
//! decide is "not enough data", never a guess; no baseline is computed: a page shows the
//! figure as written, or "not stated".

use rust_decimal::Decimal;
use serde_json::{Value as J, json};

use crate::model::*;
use crate::render::charts;
use crate::render::context::Builder;
use crate::render::route::{Route, Section};

/// Where an indicator stands, by the rule of [`progress`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Progress {
    /// The latest value meets the target.
    Reached,
    /// At or past the straight line from the starting point to the target at the horizon.
    OnTrack,
    /// Behind that line.
    NotOnTrack,
    /// The rule cannot decide.
    NotEnoughData,
}

impl Progress {
    /// UI key suffix and CSS class.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Progress::Reached => "reached",
            Progress::OnTrack => "on_track",
            Progress::NotOnTrack => "not_on_track",
            Progress::NotEnoughData => "not_enough_data",
        }
    }
}

/// The rule (stated on every indicator page, `progress_rule`): it needs a numeric target and a
/// reported value. The direction is the comparator's (≥, > up; ≤, < down), or, for a bare or `=`
/// target, from the starting point towards the target. **Reached**: the latest reported value
/// meets the target. Otherwise, with a starting point before the latest value (the baseline,
/// else the first reported value) and a horizon after it: **on track** when the latest value is
/// at or past the straight line from the starting point to the target at the horizon,
/// **not on track** when behind it. Anything else: **not enough data**.
pub(crate) fn progress(o: &Objective) -> Progress {
    let Some(t) = &o.target else {
        return Progress::NotEnoughData;
    };
    let (Some(target), Some(latest)) = (t.value, o.values.last()) else {
        return Progress::NotEnoughData;
    };
    let start = o
        .baseline
        .as_ref()
        .and_then(|b| b.value.map(|v| (b.year, v)))
        .filter(|(y, _)| *y < latest.year)
        .or_else(|| {
            o.values
                .first()
                .filter(|f| f.year < latest.year)
                .map(|f| (f.year, f.value))
        });
    // +1 up, -1 down, 0 unknown.
    let dir = match t.comparator {
        Some(Comparator::AtLeast | Comparator::MoreThan) => 1,
        Some(Comparator::AtMost | Comparator::LessThan) => -1,
        _ => {
            let from = o
                .baseline
                .as_ref()
                .and_then(|b| b.value)
                .or(o.values.first().map(|v| v.value));
            match from {
                Some(f) if f < target => 1,
                Some(f) if f > target => -1,
                _ => 0,
            }
        }
    };
    let v = latest.value;
    let reached = match t.comparator {
        Some(Comparator::MoreThan) => v > target,
        Some(Comparator::LessThan) => v < target,
        _ if dir > 0 => v >= target,
        _ if dir < 0 => v <= target,
        _ => v == target,
    };
    if reached {
        return Progress::Reached;
    }
    let horizon = i32::from(o.horizon);
    match start {
        Some((sy, sv)) if dir != 0 && horizon > latest.year && horizon > sy => {
            let expected =
                sv + (target - sv) * Decimal::from(latest.year - sy) / Decimal::from(horizon - sy);
            let ahead = if dir > 0 {
                v >= expected
            } else {
                v <= expected
            };
            if ahead {
                Progress::OnTrack
            } else {
                Progress::NotOnTrack
            }
        }
        _ => Progress::NotEnoughData,
    }
}

impl Builder<'_> {
    fn unit_suffix(&self, o: &Objective) -> String {
        match &o.unit {
            Some(u) if u.vi.trim() == "%" => " %".into(),
            Some(u) => format!(" {}", u.get(self.lang).0),
            None => String::new(),
        }
    }

    /// The indicator block of an objective page.
    pub(crate) fn indicator_data(&self, oi: usize) -> J {
        let o = &self.site.site.objectives[oi];
        let unit = self.unit_suffix(o);
        let num = |d: Decimal| self.fmt.number(self.lang, d);
        let baseline = o.baseline.as_ref().map(|b| {
            json!({
                "as_written": b.as_written,
                "value": b.value.map(|v| format!("{}{unit}", num(v))),
                "period": b.period.as_ref().map(|p| self.text(p)),
                "year": b.year,
                "source": self.source_of(&b.source),
                "note": self.opt_text(&b.note),
            })
        });
        let value_row = |v: &IndicatorValue| {
            let source = match &v.source {
                Evidence::Url(u) => json!({"href": u, "label": u}),
                Evidence::Document(d) => {
                    let di = self.prep.doc_index.get(d).copied();
                    json!({
                        "href": self.rec(Section::Documents, d),
                        "label": di.map(|di| self.doc_label(di)).and_then(|l| l.get("label").cloned()).unwrap_or(json!(d)),
                    })
                }
            };
            json!({
                "period": v.period,
                "value": format!("{}{unit}", num(v.value)),
                "source": source,
                "note": self.opt_text(&v.note),
            })
        };
        let values: Vec<J> = o.values.iter().map(value_row).collect();
        let status = progress(o);

        // The chart: baseline, reported values, target line.
        let mut points = Vec::new();
        if let Some(b) = &o.baseline
            && let Some(v) = b.value
        {
            points.push(charts::Point {
                year: b.year,
                value: v,
                text: num(v),
                baseline: true,
            });
        }
        points.extend(o.values.iter().map(|v| charts::Point {
            year: v.year,
            value: v.value,
            text: num(v.value),
            baseline: false,
        }));
        let target = o
            .target
            .as_ref()
            .and_then(|t| t.value)
            .map(|v| charts::TargetLine {
                value: v,
                year: i32::from(o.horizon),
            });
        let chart = (!points.is_empty()).then(|| {
            let mut legend = Vec::new();
            if let (Some(tl), Some(t)) = (&target, &o.target) {
                legend.push((
                    "target",
                    format!("{} {}: {}{unit}", self.ui("col_target"), tl.year, t.text.get(self.lang).0),
                ));
            }
            if points.iter().any(|p| p.baseline) {
                legend.push(("baseline", self.ui("indicator_baseline")));
            }
            if !o.values.is_empty() {
                legend.push(("reported", self.ui("indicator_reported")));
            }
            let title = format!("{} {}", o.number, self.ui("indicator_chart"));
            json!({"title": title, "svg": charts::series(&title, &legend, &points, target.as_ref())})
        });
        let downloads = crate::render::data::series::has_series(o).then(|| {
            let depth = self.from.matches('/').count();
            let up = "../".repeat(depth);
            json!({
                "csv": format!("{up}data/series/{}.csv", o.id),
                "json": format!("{up}data/series/{}.json", o.id),
            })
        });
        let context: Vec<J> = self
            .site
            .site
            .context
            .iter()
            .filter(|c| c.objectives.contains(&o.id))
            .map(|c| self.context_figure(c))
            .collect();
        json!({
            "baseline": baseline,
            "latest": o.values.last().map(value_row),
            "values": values,
            "status": {"key": status.key(), "label": self.ui(&format!("progress_{}", status.key()))},
            "chart": chart,
            "downloads": downloads,
            "context": context,
        })
    }

    pub(crate) fn context_figure(&self, c: &ContextFigure) -> J {
        json!({
            "id": c.id,
            "label": self.text(&c.label),
            "as_written": c.as_written,
            "period": c.period.as_ref().map(|p| self.text(p)),
            "source": self.source_of(&c.source),
        })
    }

    /// The counts of the overview (objectives page and home page), each with the link to its
    /// set on the objectives page.
    pub(crate) fn indicator_overview(&self) -> J {
        let s = &self.site.site;
        let list = Route::List(self.lang, Section::Objectives);
        let href = |anchor: &str| format!("{}#{anchor}", self.href(&list));
        let set = |f: &dyn Fn(&Objective) -> bool| -> Vec<J> {
            self.site
                .objectives_in_order
                .iter()
                .copied()
                .filter(|&oi| f(&s.objectives[oi]))
                .map(|oi| self.objective_row(oi))
                .collect()
        };
        let with_baseline = set(&|o| o.baseline.is_some());
        let with_value = set(&|o| !o.values.is_empty());
        let reached = set(&|o| progress(o) == Progress::Reached);
        json!({
            "total": s.objectives.len(),
            "sets": [
                {"key": "baseline", "anchor": "set-baseline", "href": href("set-baseline"), "count": with_baseline.len(), "label": self.ui("overview_with_baseline"), "rows": with_baseline},
                {"key": "reported", "anchor": "set-reported", "href": href("set-reported"), "count": with_value.len(), "label": self.ui("overview_with_value"), "rows": with_value},
                {"key": "reached", "anchor": "set-reached", "href": href("set-reached"), "count": reached.len(), "label": self.ui("overview_at_target"), "rows": reached},
            ],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn obj(
        comparator: Option<Comparator>,
        target: &str,
        baseline: Option<(i32, &str)>,
        values: &[(i32, &str)],
    ) -> Objective {
        Objective {
            implements: vec![],
            id: "x".into(),
            number: "1".into(),
            horizon: 2030,
            group: None,
            parent: None,
            topics: vec![],
            title: Text {
                vi: "x".into(),
                en: None,
            },
            unit: None,
            target: Some(Target {
                text: Text {
                    vi: target.into(),
                    en: None,
                },
                comparator,
                value: Some(d(target)),
                scope: None,
                qualifier: None,
            }),
            parts: vec![],
            baseline: baseline.map(|(year, v)| Baseline {
                as_written: v.into(),
                value: Some(d(v)),
                period: None,
                year,
                source: Source {
                    document: "d".into(),
                    line: Some(1),
                    anchor: None,
                    note: None,
                },
                note: None,
            }),
            values: values
                .iter()
                .map(|(y, v)| IndicatorValue {
                    period: y.to_string(),
                    year: *y,
                    value: d(v),
                    unit: None,
                    source: Evidence::Document("d".into()),
                    note: None,
                })
                .collect(),
            lead: vec![],
            coordinators: vec![],
            notes: vec![],
            source: None,
        }
    }

    #[test]
    fn the_stated_rule() {
        let ge = Some(Comparator::AtLeast);
        // No reported value: not enough data, whatever the baseline.
        assert_eq!(
            progress(&obj(ge, "85", Some((2025, "70")), &[])),
            Progress::NotEnoughData
        );
        // Reached.
        assert_eq!(
            progress(&obj(ge, "85", Some((2025, "70")), &[(2027, "85")])),
            Progress::Reached
        );
        // Line from 70 (2025) to 85 (2030): 76 expected in 2027.
        assert_eq!(
            progress(&obj(ge, "85", Some((2025, "70")), &[(2027, "76")])),
            Progress::OnTrack
        );
        assert_eq!(
            progress(&obj(ge, "85", Some((2025, "70")), &[(2027, "75.9")])),
            Progress::NotOnTrack
        );
        // No baseline: the first reported value starts the line; one value alone decides nothing.
        assert_eq!(
            progress(&obj(ge, "85", None, &[(2026, "70")])),
            Progress::NotEnoughData
        );
        assert_eq!(
            progress(&obj(ge, "85", None, &[(2026, "70"), (2028, "79")])),
            Progress::OnTrack
        );
        // Downwards (< 10): 20 in 2025, expected 14 in 2028.
        let lt = Some(Comparator::LessThan);
        assert_eq!(
            progress(&obj(lt, "10", Some((2025, "20")), &[(2028, "15")])),
            Progress::NotOnTrack
        );
        assert_eq!(
            progress(&obj(lt, "10", Some((2025, "20")), &[(2028, "9")])),
            Progress::Reached
        );
        // A bare target takes its direction from the start.
        assert_eq!(
            progress(&obj(
                None,
                "16000",
                Some((2025, "10000")),
                &[(2026, "16000")]
            )),
            Progress::Reached
        );
    }
}
