//! Charts as inline SVG, drawn at build time (no chart JavaScript).
//!
//! Input: rows of labelled values (already counted or summed by the caller, already localised
//! and formatted). Output: an SVG fragment to embed in a page. Guarantee: every text is
//! HTML-escaped; the SVG is `role="img"` with a title, and is only a picture of a table the
//! page also prints (the caller renders the same rows as a table for screen readers and print);
//! output is deterministic. The drawing fills its column: the SVG is `width="100%"` with no
//! viewBox, bars and timeline positions are percentages of that width, and texts keep the
//! page's pixel size. Every text is wrapped at build time to fit [`MIN_WIDTH`] pixels (the
//! narrowest column, a 320 px phone), its width estimated conservatively per character
//! ([`text_width`]), so no text runs out of the SVG at any width from a phone up.

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

/// The narrowest column a chart is drawn for, in CSS pixels (a 320 px phone less its margins).
pub const MIN_WIDTH: f64 = 288.0;
/// Font size of chart texts in CSS pixels (the stylesheet sets the same on `svg.chart`).
pub const FONT_PX: f64 = 14.0;
const LINE_H: u32 = 18;
const BAR_H: u32 = 16;
const ROW_GAP: u32 = 12;

/// A conservative estimate of the width of `s` in pixels at [`FONT_PX`]: 0.6 em per character,
/// 0.8 em for capitals and wide letters (real sans-serif averages are below both).
pub fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| {
            if c.is_uppercase() || matches!(c, 'm' | 'w' | '%' | '@' | '—' | '…') {
                0.8
            } else if c == ' ' {
                0.3
            } else {
                0.6
            }
        })
        .sum::<f64>()
        * FONT_PX
}

/// Splits `words` into lines no wider than `width` (a word wider than a line keeps its own).
/// A legend entry's label, wrapped to the chart's narrowest width, beside its mark at `x`;
/// returns the `y` below it.
fn legend_label(body: &mut String, words: &[&str], x: f64, mut y: u32) -> u32 {
    for line in wrap(words, MIN_WIDTH - x) {
        body.push_str(&format!(
            "<text x=\"{x}\" y=\"{}\">{}</text>",
            y + 14,
            escape_html(&line)
        ));
        y += LINE_H;
    }
    y
}

fn wrap(words: &[&str], width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for w in words {
        let candidate = if line.is_empty() {
            (*w).to_string()
        } else {
            format!("{line} {w}")
        };
        if !line.is_empty() && text_width(&candidate) > width {
            lines.push(std::mem::take(&mut line));
            line = (*w).to_string();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The label's lines with the total after it: the total is one unbreakable piece, on the
/// label's last line when it fits there. Returns (text, is the total) pieces per line.
fn label_lines(label: &str, total: &str) -> Vec<Vec<(String, bool)>> {
    let words: Vec<&str> = label.split_whitespace().collect();
    let mut lines: Vec<Vec<(String, bool)>> = wrap(&words, MIN_WIDTH)
        .into_iter()
        .map(|l| vec![(l, false)])
        .collect();
    if total.is_empty() {
        return lines;
    }
    let joined = |l: &[(String, bool)]| l.iter().map(|p| p.0.as_str()).collect::<String>();
    match lines.last_mut() {
        Some(last) if text_width(&format!("{}: {total}", joined(last))) <= MIN_WIDTH => {
            last[0].0.push(':');
            last.push((format!(" {total}"), true));
        }
        _ => lines.push(vec![(total.to_string(), true)]),
    }
    lines
}

fn percent(v: Decimal) -> String {
    format!("{}%", v.round_dp(2).normalize())
}

/// Horizontal stacked bars, one row per label: the label (wrapped) with its total above its
/// bar, so long Vietnamese names fit on a phone; the longest bar spans the full width.
pub fn stacked_bars(title: &str, series: &[Series], rows: &[Row]) -> String {
    let max = rows
        .iter()
        .map(|r| r.values.iter().copied().sum::<Decimal>())
        .max()
        .unwrap_or_default();
    let mut body = String::new();
    let mut y: u32 = 0;
    if series.len() > 1 {
        // One legend entry per series, wrapped, so long labels never run off a phone screen.
        for s in series {
            let words: Vec<&str> = s.label.split_whitespace().collect();
            body.push_str(&format!(
                "<rect class=\"series-{}\" x=\"0\" y=\"{}\" width=\"12\" height=\"12\"/>",
                escape_html(&s.class),
                y + 3
            ));
            y = legend_label(&mut body, &words, 18.0, y);
        }
        y += ROW_GAP / 2;
    }
    for r in rows {
        for line in label_lines(&r.label, &r.total_text) {
            body.push_str(&format!("<text class=\"label\" x=\"0\" y=\"{}\">", y + 14));
            for (text, is_total) in line {
                if is_total {
                    body.push_str(&format!(
                        "<tspan class=\"value\">{}</tspan>",
                        escape_html(&text)
                    ));
                } else {
                    body.push_str(&escape_html(&text));
                }
            }
            body.push_str("</text>");
            y += LINE_H;
        }
        let mut x = Decimal::ZERO;
        for (s, v) in series.iter().zip(&r.values) {
            if max.is_zero() || v.is_zero() {
                continue;
            }
            let w = (*v * Decimal::ONE_HUNDRED / max).round_dp(2);
            body.push_str(&format!(
                "<rect class=\"series-{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAR_H}\"/>",
                escape_html(&s.class),
                percent(x),
                y + 2,
                percent(w)
            ));
            x += w;
        }
        y += BAR_H + 2 + ROW_GAP;
    }
    format!(
        "<svg class=\"chart\" width=\"100%\" height=\"{y}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">{body}</svg>",
        escape_html(title)
    )
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
/// the axis and indicators below. Positions are percentages of the width, from 8 % to 92 %
/// (room for a centred year or count at the ends of a phone-wide chart).
pub fn timeline(title: &str, marks: &[Mark]) -> String {
    let mut years: Vec<i16> = marks.iter().map(|m| m.year).collect();
    years.sort_unstable();
    years.dedup();
    let n = Decimal::from(years.len().max(2) as u32 - 1);
    let x_of = |y: i16| {
        let i = Decimal::from(years.iter().position(|&v| v == y).unwrap_or(0) as u32);
        percent(Decimal::from(8) + i * Decimal::from(84) / n)
    };
    let max = marks.iter().map(|m| m.count).max().unwrap_or(1).max(1);
    let mut svg = format!(
        "<svg class=\"chart timeline\" width=\"100%\" height=\"134\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\"><line class=\"axis\" x1=\"8%\" y1=\"64\" x2=\"92%\" y2=\"64\"/>",
        escape_html(title)
    );
    for &y in &years {
        svg.push_str(&format!(
            "<line class=\"tick\" x1=\"{x}\" y1=\"59\" x2=\"{x}\" y2=\"69\"/><text class=\"year\" x=\"{x}\" y=\"85\" text-anchor=\"middle\">{y}</text>",
            x = x_of(y)
        ));
    }
    for m in marks {
        let r = 3 + (m.count * 12 / max) as u32;
        let x = x_of(m.year);
        let (cy, ty) = if m.class == "objectives" {
            (104, 130)
        } else {
            (36, 14)
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

/// One point of an indicator's series.
#[derive(Debug, Clone)]
pub struct Point {
    /// Year it is placed at.
    pub year: i32,
    /// Value.
    pub value: Decimal,
    /// The value as printed above the point.
    pub text: String,
    /// The baseline (drawn hollow, not joined to the reported values).
    pub baseline: bool,
}

/// The target of an indicator's chart: a dashed line at its value, marked at its horizon.
#[derive(Debug, Clone)]
pub struct TargetLine {
    /// Value.
    pub value: Decimal,
    /// Horizon year.
    pub year: i32,
}

/// An indicator's values over time: a legend (one wrapped line per entry: class and text), then
/// the plot: years on an ordinal axis (the years that have a point, and the horizon), the
/// baseline as a hollow dot, reported values as dots joined by a line, each value printed
/// above its dot, the target as a dashed line across the plot with a mark at its horizon. The
/// value axis starts at zero (or the lowest value, if negative). Positions across are
/// percentages from 12 % to 88 %, so a centred value fits at both ends of a phone-wide chart.
pub fn series(
    title: &str,
    legend: &[(&str, String)],
    points: &[Point],
    target: Option<&TargetLine>,
) -> String {
    const PLOT_H: f64 = 120.0;
    let mut body = String::new();
    let mut y: u32 = 0;
    for (class, label) in legend {
        let words: Vec<&str> = label.split_whitespace().collect();
        let mark = match *class {
            "target" => format!(
                "<line class=\"target-line\" x1=\"0\" y1=\"{m}\" x2=\"16\" y2=\"{m}\"/>",
                m = y + 9
            ),
            "baseline" => format!(
                "<circle class=\"point-baseline\" cx=\"8\" cy=\"{}\" r=\"5\"/>",
                y + 9
            ),
            _ => format!(
                "<circle class=\"point-reported\" cx=\"8\" cy=\"{}\" r=\"5\"/>",
                y + 9
            ),
        };
        body.push_str(&mark);
        y = legend_label(&mut body, &words, 22.0, y);
    }
    let top = f64::from(y) + 28.0;
    let axis = top + PLOT_H;
    let mut years: Vec<i32> = points
        .iter()
        .map(|p| p.year)
        .chain(target.map(|t| t.year))
        .collect();
    years.sort_unstable();
    years.dedup();
    let x_of = |yr: i32| {
        let i = years.iter().position(|&v| v == yr).unwrap_or(0);
        if years.len() < 2 {
            percent(Decimal::from(50))
        } else {
            percent(
                Decimal::from(12)
                    + Decimal::from(i as u32) * Decimal::from(76)
                        / Decimal::from(years.len() as u32 - 1),
            )
        }
    };
    let values = points
        .iter()
        .map(|p| p.value)
        .chain(target.map(|t| t.value));
    let max = values.clone().max().unwrap_or(Decimal::ONE);
    let min = values.min().unwrap_or_default().min(Decimal::ZERO);
    let span = if max > min { max - min } else { Decimal::ONE };
    let y_of = |v: Decimal| {
        let f = ((v - min) / span).round_dp(4);
        let f: f64 = f.to_string().parse().unwrap_or(0.0);
        (axis - f * PLOT_H).round()
    };
    body.push_str(&format!(
        "<line class=\"axis\" x1=\"6%\" y1=\"{axis}\" x2=\"94%\" y2=\"{axis}\"/>"
    ));
    for &yr in &years {
        let x = x_of(yr);
        body.push_str(&format!(
            "<line class=\"tick\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/><text class=\"year\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{yr}</text>",
            axis - 4.0,
            axis + 4.0,
            axis + 22.0
        ));
    }
    if let Some(t) = target {
        let ty = y_of(t.value);
        let x = x_of(t.year);
        body.push_str(&format!(
            "<line class=\"target-line\" x1=\"6%\" y1=\"{ty}\" x2=\"94%\" y2=\"{ty}\"/><line class=\"target-mark\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>",
            ty - 9.0,
            ty + 9.0
        ));
    }
    let reported: Vec<&Point> = points.iter().filter(|p| !p.baseline).collect();
    for w in reported.windows(2) {
        body.push_str(&format!(
            "<line class=\"series-line\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
            x_of(w[0].year),
            y_of(w[0].value),
            x_of(w[1].year),
            y_of(w[1].value)
        ));
    }
    for p in points {
        let (x, py) = (x_of(p.year), y_of(p.value));
        let class = if p.baseline {
            "point-baseline"
        } else {
            "point-reported"
        };
        body.push_str(&format!(
            "<circle class=\"{class}\" cx=\"{x}\" cy=\"{py}\" r=\"5\"/><text class=\"value\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            py - 10.0,
            escape_html(&p.text)
        ));
    }
    let height = axis + 30.0;
    format!(
        "<svg class=\"chart series\" width=\"100%\" height=\"{height}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">{body}</svg>",
        escape_html(title)
    )
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
        // The longest bar fills the width, split 50 % + 50 %; the other is a quarter of it.
        assert!(svg.contains("x=\"0%\" y=\"62\" width=\"50%\""), "{svg}");
        assert!(svg.contains("x=\"50%\" y=\"62\" width=\"50%\""), "{svg}");
        assert!(svg.contains("width=\"25%\""), "{svg}");
        assert!(
            svg.contains("Sở A &amp; B:<tspan class=\"value\"> 4</tspan>"),
            "{svg}"
        );
        assert!(svg.contains("&lt;b&gt;Phối hợp"));
        assert!(!svg.contains("<b>"));
        // Fills its column: a percentage width and no viewBox to shrink the text.
        assert!(
            svg.starts_with("<svg class=\"chart\" width=\"100%\" height=\"138\""),
            "{svg}"
        );
        assert!(!svg.contains("viewBox"));
    }

    #[test]
    fn long_labels_and_totals_wrap_to_the_narrowest_column() {
        let label = "V. Bảo đảm cơ sở hạ tầng các cơ sở GDĐT đạt chuẩn quốc gia mức độ 1 trở lên giai đoạn 2026-2030";
        let rows = vec![Row {
            label: label.into(),
            values: vec![Decimal::from(16417)],
            total_text: "16.417,10515 tỷ đồng".into(),
        }];
        let one = [Series {
            class: "budget".into(),
            label: "x".into(),
        }];
        let svg = stacked_bars("t", &one, &rows);
        let texts: Vec<String> = svg
            .split("<text")
            .skip(1)
            .map(|t| {
                let inner = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
                inner
                    .replace("<tspan class=\"value\">", "")
                    .replace("</tspan>", "")
            })
            .collect();
        assert!(texts.len() >= 3, "{texts:?}");
        for t in &texts {
            assert!(
                text_width(t) <= MIN_WIDTH,
                "{t:?} is wider than {MIN_WIDTH} px"
            );
        }
        // Every word and the whole total are drawn, the total in one piece.
        let all = texts.join(" ");
        for w in label.split_whitespace() {
            assert!(all.contains(w), "{w} missing from {all}");
        }
        assert!(all.contains("16.417,10515 tỷ đồng"), "{all}");
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
        // Three years from 8 % to 92 %: 8, 50, 92.
        assert!(
            svg.contains("<circle class=\"mark-tasks\" cx=\"50%\""),
            "{svg}"
        );
        assert!(
            svg.contains("<circle class=\"mark-objectives\" cx=\"92%\" cy=\"104\""),
            "{svg}"
        );
        assert!(svg.contains(">2045</text>"));
    }

    #[test]
    fn series_places_points_by_year_and_draws_the_target() {
        let d = |s: &str| Decimal::from_str_exact(s).unwrap();
        let pt = |year, v: &str, baseline| Point {
            year,
            value: d(v),
            text: v.replace('.', ","),
            baseline,
        };
        let svg = series(
            "Chỉ tiêu <1>",
            &[("target", "Mục tiêu 2030: ≥ 85".into())],
            &[
                pt(2025, "50", true),
                pt(2026, "60", false),
                pt(2027, "70.5", false),
            ],
            Some(&TargetLine {
                value: d("100"),
                year: 2030,
            }),
        );
        // Four years: 12, 37.33, 62.67, 88 %.
        assert!(
            svg.contains("<circle class=\"point-baseline\" cx=\"12%\""),
            "{svg}"
        );
        assert!(svg.contains(">2030</text>"));
        assert!(svg.contains("class=\"target-mark\" x1=\"88%\""), "{svg}");
        // One joining line: the baseline is not joined to the reported values.
        assert_eq!(svg.matches("series-line").count(), 1, "{svg}");
        assert!(svg.contains(">70,5</text>"));
        assert!(svg.contains("aria-label=\"Chỉ tiêu &lt;1&gt;\""));
        // The target (100) is at the top of the plot, zero at the axis.
        let axis = 18.0 + 28.0 + 120.0;
        assert!(
            svg.contains(&format!(
                "y1=\"{}\" x2=\"94%\" y2=\"{}\"/><line class=\"target-mark\"",
                axis - 120.0,
                axis - 120.0
            )),
            "{svg}"
        );
    }
}
