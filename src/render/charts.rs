//! Charts as inline SVG, drawn at build time (no chart JavaScript).
//!
//! Input: rows of labelled values (already counted or summed by the caller, already localised
//! and formatted). Output: an SVG fragment to embed in a page. Guarantee: every text is
//! HTML-escaped; the SVG is `role="img"` with a title, and is only a picture of a table the
//! page also prints (the caller renders the same rows as a table for screen readers and print);
//! the drawing scales with its container (viewBox); output is deterministic.

use rust_decimal::Decimal;

use crate::strings::escape_html;

/// One series of a chart (a colour).
#[derive(Debug, Clone)]
pub struct Series {
    /// CSS class suffix (`status-completed_on_time`, `lead`).
    pub class: String,
    /// Legend label.
    pub label: String,
}

/// One bar: its label and one value per series.
#[derive(Debug, Clone)]
pub struct Row {
    /// Label shown above the bar.
    pub label: String,
    /// Values, one per series (stacked).
    pub values: Vec<Decimal>,
    /// The total as it should be printed at the end of the bar.
    pub total_text: String,
}

const WIDTH: u32 = 360;
const ROW_H: u32 = 40;
const BAR_H: u32 = 16;
const LEGEND_H: u32 = 28;

/// Horizontal stacked bars, one row per label (the label above its bar, so long Vietnamese
/// names fit on a phone).
pub fn stacked_bars(title: &str, series: &[Series], rows: &[Row]) -> String {
    let max = rows
        .iter()
        .map(|r| r.values.iter().copied().sum::<Decimal>())
        .max()
        .unwrap_or_default();
    let legend = if series.len() > 1 {
        LEGEND_H * series.len() as u32 * 2 / 3
    } else {
        0
    };
    let height = legend + ROW_H * rows.len() as u32 + 4;
    let bar_w = Decimal::from(WIDTH - 70);
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        escape_html(title)
    );
    if legend > 0 {
        // One legend line per series, so long labels never run off a phone screen.
        for (i, s) in series.iter().enumerate() {
            let y = 4 + i as u32 * LEGEND_H * 2 / 3;
            svg.push_str(&format!(
                "<rect class=\"series-{}\" x=\"0\" y=\"{y}\" width=\"12\" height=\"12\"/><text x=\"16\" y=\"{}\">{}</text>",
                escape_html(&s.class),
                y + 11,
                escape_html(&s.label)
            ));
        }
    }
    for (i, r) in rows.iter().enumerate() {
        let y = legend + ROW_H * i as u32;
        svg.push_str(&format!(
            "<text class=\"label\" x=\"0\" y=\"{}\">{}</text>",
            y + 14,
            escape_html(&r.label)
        ));
        let mut x = Decimal::ZERO;
        for (s, v) in series.iter().zip(&r.values) {
            if max.is_zero() || v.is_zero() {
                continue;
            }
            let w = (*v * bar_w / max).round_dp(1);
            svg.push_str(&format!(
                "<rect class=\"series-{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAR_H}\"/>",
                escape_html(&s.class),
                x.normalize(),
                y + 20,
                w.normalize()
            ));
            x += w;
        }
        svg.push_str(&format!(
            "<text class=\"value\" x=\"{}\" y=\"{}\">{}</text>",
            (x + Decimal::from(6)).normalize(),
            y + 33,
            escape_html(&r.total_text)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// A mark on the timeline.
#[derive(Debug, Clone)]
pub struct Mark {
    /// Year.
    pub year: i16,
    /// Count drawn as the size of the dot.
    pub count: usize,
    /// Text under the dot (the count, with what it counts).
    pub text: String,
    /// CSS class (`tasks` or `objectives`).
    pub class: String,
}

/// A timeline of the marked years, in order and evenly spaced (an ordinal axis: 2025–2030 are
/// as legible as the 2035 and 2045 horizons), a dot per mark sized by its count, tasks above
/// the axis and indicators below.
pub fn timeline(title: &str, marks: &[Mark]) -> String {
    let mut years: Vec<i16> = marks.iter().map(|m| m.year).collect();
    years.sort_unstable();
    years.dedup();
    let n = years.len().max(2) as u32 - 1;
    let x_of = |y: i16| {
        let i = years.iter().position(|&v| v == y).unwrap_or(0) as u32;
        20 + i * (WIDTH - 40) / n
    };
    let max = marks.iter().map(|m| m.count).max().unwrap_or(1).max(1);
    let mut svg = format!(
        "<svg class=\"chart timeline\" viewBox=\"0 0 {WIDTH} 130\" width=\"100%\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\"><line class=\"axis\" x1=\"20\" y1=\"62\" x2=\"{}\" y2=\"62\"/>",
        escape_html(title),
        WIDTH - 20
    );
    for &y in &years {
        svg.push_str(&format!(
            "<line class=\"tick\" x1=\"{x}\" y1=\"57\" x2=\"{x}\" y2=\"67\"/><text class=\"year\" x=\"{x}\" y=\"82\" text-anchor=\"middle\">{y}</text>",
            x = x_of(y)
        ));
    }
    for m in marks {
        let r = 3 + (m.count * 12 / max) as u32;
        let x = x_of(m.year);
        let (cy, ty) = if m.class == "objectives" {
            (104, 126)
        } else {
            (34, 12)
        };
        svg.push_str(&format!(
            "<circle class=\"mark-{}\" cx=\"{x}\" cy=\"{cy}\" r=\"{r}\"/><text class=\"value\" x=\"{x}\" y=\"{ty}\" text-anchor=\"middle\">{}</text>",
            escape_html(&m.class),
            escape_html(&m.text)
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_row_and_escape_text() {
        let series = vec![
            Series {
                class: "lead".into(),
                label: "Chủ trì".into(),
            },
            Series {
                class: "support".into(),
                label: "<b>Phối hợp</b>".into(),
            },
        ];
        let rows = vec![
            Row {
                label: "Sở A & B".into(),
                values: vec![Decimal::from(2), Decimal::from(2)],
                total_text: "4".into(),
            },
            Row {
                label: "Sở C".into(),
                values: vec![Decimal::from(1), Decimal::ZERO],
                total_text: "1".into(),
            },
        ];
        let svg = stacked_bars("Nhiệm vụ", &series, &rows);
        // The longest bar fills the bar area (290 units), split 145 + 145.
        assert!(svg.contains("x=\"0\" y=\"57\" width=\"145\""), "{svg}");
        assert!(svg.contains("x=\"145\" y=\"57\" width=\"145\""), "{svg}");
        assert!(svg.contains("width=\"72.5\""), "{svg}");
        assert!(svg.contains("Sở A &amp; B") && svg.contains("&lt;b&gt;Phối hợp"));
        assert!(!svg.contains("<b>"));
        assert!(svg.starts_with("<svg class=\"chart\" viewBox=\"0 0 360 121\""));
    }

    #[test]
    fn empty_chart_draws_no_bar() {
        let svg = stacked_bars(
            "x",
            &[Series {
                class: "a".into(),
                label: "a".into(),
            }],
            &[],
        );
        assert!(!svg.contains("<rect"));
    }

    #[test]
    fn timeline_spaces_marked_years_evenly() {
        let mark = |year, class: &str| Mark {
            year,
            count: 7,
            text: "7".into(),
            class: class.into(),
        };
        let svg = timeline(
            "t",
            &[
                mark(2026, "tasks"),
                mark(2030, "tasks"),
                mark(2045, "objectives"),
            ],
        );
        // Three years on 320 units: 20, 180, 340.
        assert!(
            svg.contains("<circle class=\"mark-tasks\" cx=\"180\""),
            "{svg}"
        );
        assert!(
            svg.contains("<circle class=\"mark-objectives\" cx=\"340\" cy=\"104\""),
            "{svg}"
        );
        assert!(svg.contains(">2045</text>"));
    }
}
