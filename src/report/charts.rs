//! The report's charts, drawn as inline SVG by this code: nothing is fetched, and a chart is
//! part of the page it is on. Each chart has a title and a description for screen readers, a
//! tooltip (`<title>`) on every bar, a legend in words, and its numbers as a table underneath,
//! so colour is never the only way to read it.

use maud::{Markup, html};

use crate::model::Status;
use crate::output::table::{count, counted, shortened};
use crate::scale::{Leaning, Scale};

/// The drawing's width in SVG units; it scales to its box.
const WIDTH: f64 = 480.0;
/// Where bars start, after the row labels.
const LABEL_WIDTH: f64 = 170.0;
/// The room kept at the right of a bar for its total.
const TOTAL_WIDTH: f64 = 50.0;
const ROW_HEIGHT: f64 = 22.0;
const ROW_GAP: f64 = 8.0;

/// One coloured part of a stacked bar: a status.
pub struct Segment {
    pub label: String,
    pub colour: &'static str,
}

/// One bar: its label, where the label links to, and a value per segment.
pub struct Bar {
    pub label: String,
    pub href: Option<String>,
    pub values: Vec<u64>,
}

/// The colour of a status in charts: red to green along the scale's true/false axis, blue for
/// work in progress, grey for unchecked, purple for verdicts off the axis.
pub fn status_colour(scale: &Scale, status: &Status) -> &'static str {
    const FALSE_TO_TRUE: [&str; 7] = [
        "#b42318", "#d9534f", "#e8833a", "#e6b33c", "#a3c45a", "#5fae6e", "#2e7d4f",
    ];
    match scale.leaning(status) {
        Leaning::Unchecked => "#9aa3ad",
        Leaning::InProgress => "#3b7dd8",
        Leaning::OffAxis => {
            let off_axis = scale
                .verdicts
                .iter()
                .filter(|v| v.rating.is_none())
                .position(|v| v.name == status.as_str())
                .unwrap_or(0);
            ["#8e6cbf", "#b58bc9", "#6d5a8f"][off_axis % 3]
        }
        _ => {
            let rating = scale.verdict(status).and_then(|v| v.rating).unwrap_or(1);
            let best = scale.best_rating().unwrap_or(1).max(2);
            let truth = (rating - 1) as f64 / (best - 1) as f64;
            FALSE_TO_TRUE[(truth * (FALSE_TO_TRUE.len() - 1) as f64).round() as usize]
        }
    }
}

/// Horizontal stacked bars, one per row, with a legend and the numbers as a table.
pub fn stacked_bars(
    id: &str,
    caption: &str,
    description: &str,
    segments: &[Segment],
    bars: &[Bar],
) -> Markup {
    let most = bars
        .iter()
        .map(|bar| bar.values.iter().sum::<u64>())
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = (WIDTH - LABEL_WIDTH - TOTAL_WIDTH) / most as f64;
    let height = bars.len() as f64 * (ROW_HEIGHT + ROW_GAP) + ROW_GAP;
    html! {
        figure.chart id=(id) {
            figcaption id={(id) "-caption"} { (caption) }
            svg.plot viewBox={"0 0 " (WIDTH) " " (height)} role="img"
                aria-labelledby={(id) "-title"} aria-describedby={(id) "-desc"} {
                title id={(id) "-title"} { (caption) }
                desc id={(id) "-desc"} { (description) }
                @for (row, bar) in bars.iter().enumerate() {
                    @let y = ROW_GAP + row as f64 * (ROW_HEIGHT + ROW_GAP);
                    @let total: u64 = bar.values.iter().sum();
                    (row_label(&bar.label, y))
                    @for (x, width, segment, value) in stack(&bar.values, segments, scale) {
                        rect x=(LABEL_WIDTH + x) y=(y) width=(width) height=(ROW_HEIGHT) fill=(segment.colour) {
                            title { (bar.label) ": " (value) " " (segment.label) }
                        }
                    }
                    text x=(LABEL_WIDTH + total as f64 * scale + 6.0) y=(y + ROW_HEIGHT * 0.7) { (total) }
                }
            }
            (legend(segments))
            details {
                summary { "The numbers" }
                div.table-wrap {
                    table {
                        thead { tr {
                            th scope="col" { "" }
                            @for segment in segments { th.num scope="col" { (segment.label) } }
                            th.num scope="col" { "All" }
                        } }
                        tbody {
                            @for bar in bars {
                                tr {
                                    th scope="row" {
                                        @match &bar.href {
                                            Some(href) => a href=(href) { (bar.label) },
                                            None => (bar.label),
                                        }
                                    }
                                    @for value in &bar.values { td.num { (value) } }
                                    td.num { (bar.values.iter().sum::<u64>()) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The parts of one stacked bar that have a value: (x, width, segment, value).
fn stack<'a>(
    values: &[u64],
    segments: &'a [Segment],
    scale: f64,
) -> Vec<(f64, f64, &'a Segment, u64)> {
    let mut x = 0.0;
    let mut parts = Vec::new();
    for (value, segment) in values.iter().zip(segments) {
        if *value == 0 {
            continue;
        }
        let width = *value as f64 * scale;
        parts.push((x, width, segment, *value));
        x += width;
    }
    parts
}

/// A bar's label at the left, cut to fit (the whole of it is its tooltip). The chart is one
/// image to assistive technology, so its links are in the table of its numbers, not here.
fn row_label(label: &str, y: f64) -> Markup {
    html! {
        text x=(LABEL_WIDTH - 8.0) y=(y + ROW_HEIGHT * 0.7) text-anchor="end" {
            title { (label) }
            (shortened(label.trim(), 18))
        }
    }
}

/// The legend: a swatch and a name per segment, in bar order.
fn legend(segments: &[Segment]) -> Markup {
    html! {
        ul.legend {
            @for segment in segments {
                li { (swatch(segment.colour)) (segment.label) }
            }
        }
    }
}

/// A small square of colour (an SVG, since the page's security policy allows no inline styles).
pub fn swatch(colour: &str) -> Markup {
    html! {
        svg.swatch viewBox="0 0 10 10" aria-hidden="true" { rect width="10" height="10" fill=(colour) {} }
    }
}

/// Claims logged and verdicts reached by month. Up to a year, pairs of bars: logged solid,
/// checked striped. Longer, two lines: logged solid with round markers, checked dashed with
/// square ones. `months` is every month in order, gaps filled with zeros.
pub fn months(id: &str, caption: &str, months: &[(String, u64, u64)], undated: u64) -> Markup {
    const HEIGHT: f64 = 240.0;
    const RIGHT: f64 = 16.0;
    // Room above the tallest bar for its number.
    const TOP: f64 = 22.0;
    const BOTTOM: f64 = 28.0;
    let most = months
        .iter()
        .map(|(_, logged, checked)| *logged.max(checked))
        .max()
        .unwrap_or(0)
        .max(1);
    // Room at the left for the longest number of the axis, written in full ("12,836").
    let left = 12.0 + 7.0 * count(most).chars().count() as f64;
    let plot_width = WIDTH - left - RIGHT;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let bars = months.len() <= 12;
    let x = |index: usize| {
        if bars {
            left + plot_width * (index as f64 + 0.5) / months.len() as f64
        } else {
            left + index as f64 * plot_width / (months.len().max(2) - 1) as f64
        }
    };
    let bar_width = (plot_width / months.len().max(1) as f64 * 0.35).min(36.0);
    let stripes = format!("{id}-stripes");
    let y = |value: u64| TOP + plot_height - value as f64 / most as f64 * plot_height;
    let points = |pick: fn(&(String, u64, u64)) -> u64| {
        months
            .iter()
            .enumerate()
            .map(|(index, month)| format!("{:.1},{:.1}", x(index), y(pick(month))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let markers = months.len() <= 60;
    let label_every = months.len().div_ceil(8).max(1);
    let description = format!(
        "From {} to {}: {} claims made and {} verdicts reached; the busiest month saw {}.{}",
        months.first().map_or("", |m| m.0.as_str()),
        months.last().map_or("", |m| m.0.as_str()),
        count(months.iter().map(|m| m.1).sum::<u64>()),
        count(months.iter().map(|m| m.2).sum::<u64>()),
        count(most),
        if undated > 0 {
            format!(
                " {} with no known date are not in it.",
                counted(undated, "claim")
            )
        } else {
            String::new()
        }
    );
    html! {
        figure.chart id=(id) {
            figcaption id={(id) "-caption"} { (caption) }
            svg.plot viewBox={"0 0 " (WIDTH) " " (HEIGHT)} role="img" aria-labelledby={(id) "-title"} aria-describedby={(id) "-desc"} {
                title id={(id) "-title"} { (caption) }
                desc id={(id) "-desc"} { (description) }
                @for tick in [0, most / 2, most] {
                    line x1=(left) x2=(WIDTH - RIGHT) y1=(y(tick)) y2=(y(tick)) stroke="#d8dde4" {}
                    text x=(left - 6.0) y=(y(tick) + 4.0) text-anchor="end" { (count(tick)) }
                }
                @for (index, month) in months.iter().enumerate() {
                    @if index % label_every == 0 || index + 1 == months.len() {
                        // The first and last labels keep inside the drawing.
                        @let anchor = if bars { "middle" } else if index == 0 { "start" } else if index + 1 == months.len() { "end" } else { "middle" };
                        text x=(x(index)) y=(HEIGHT - 8.0) text-anchor=(anchor) { (month.0) }
                    }
                }
                @if bars {
                    defs {
                        pattern id=(stripes) width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)" {
                            rect width="6" height="6" fill="#cfe8d8" {}
                            rect width="3" height="6" fill="#2e7d4f" {}
                        }
                    }
                    @for (index, (month, logged, checked)) in months.iter().enumerate() {
                        @for (left, value, fill, what) in [
                            (x(index) - bar_width, *logged, "#1f5fbf".to_string(), "logged"),
                            (x(index), *checked, format!("url(#{stripes})"), "checked"),
                        ] {
                            rect x=(left) y=(y(value)) width=(bar_width) height=(y(0) - y(value)) fill=(fill) stroke="#2e7d4f" stroke-width=(if what == "checked" { "1" } else { "0" }) {
                                title { (month) ": " (value) " " (what) }
                            }
                            text x=(left + bar_width / 2.0) y=(y(value) - 4.0) text-anchor="middle" { (compact(value)) }
                        }
                    }
                } @else {
                polyline points=(points(|m| m.1)) fill="none" stroke="#1f5fbf" stroke-width="2" {}
                polyline points=(points(|m| m.2)) fill="none" stroke="#2e7d4f" stroke-width="2" stroke-dasharray="6 4" {}
                }
                @if markers && !bars {
                    @for (index, (month, logged, checked)) in months.iter().enumerate() {
                        circle cx=(x(index)) cy=(y(*logged)) r="3.5" fill="#1f5fbf" {
                            title { (month) ": " (logged) " logged" }
                        }
                        rect x=(x(index) - 3.5) y=(y(*checked) - 3.5) width="7" height="7" fill="#2e7d4f" {
                            title { (month) ": " (checked) " checked" }
                        }
                    }
                }
            }
            ul.legend {
                @if bars {
                    li { (swatch("#1f5fbf")) "Made, by the date said (solid bars)" }
                    li { (swatch(&format!("url(#{stripes})"))) "Checked: a verdict reached (striped bars)" }
                } @else {
                    li { svg.swatch.line viewBox="0 0 20 10" aria-hidden="true" { line x1="0" x2="20" y1="5" y2="5" stroke="#1f5fbf" stroke-width="3" {} } "Made, by the date said (solid line, circles)" }
                    li { svg.swatch.line viewBox="0 0 20 10" aria-hidden="true" { line x1="0" x2="20" y1="5" y2="5" stroke="#2e7d4f" stroke-width="3" stroke-dasharray="5 3" {} } "Checked: a verdict reached (dashed line, squares)" }
                }
            }
            details {
                summary { "The numbers" }
                div.table-wrap {
                    table {
                        thead { tr { th scope="col" { "Month" } th.num scope="col" { "Made" } th.num scope="col" { "Checked" } } }
                        tbody {
                            @for (month, logged, checked) in months {
                                tr { th scope="row" { (month) } td.num { (count(*logged)) } td.num { (count(*checked)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A number short enough to sit above a narrow bar: 9,999 in full, then 12.8k, 1.2M.
fn compact(value: u64) -> String {
    match value {
        0..=9_999 => count(value),
        10_000..=999_999 => format!("{:.1}k", value as f64 / 1000.0).replace(".0k", "k"),
        _ => format!("{:.1}M", value as f64 / 1_000_000.0).replace(".0M", "M"),
    }
}

/// Every month from the first to the last of `counted` (`YYYY-MM` keys), gaps filled with
/// zeros; keys that are not months are left out.
pub fn every_month<'a>(
    counted: impl Iterator<Item = (&'a String, (u64, u64))>,
) -> Vec<(String, u64, u64)> {
    let parsed: Vec<((i32, u32), (u64, u64))> = counted
        .filter_map(|(key, counts)| {
            let (year, month) = key.split_once('-')?;
            let (year, month) = (year.parse().ok()?, month.parse().ok()?);
            ((1..=12).contains(&month) && key.len() == 7).then_some(((year, month), counts))
        })
        .collect();
    let (Some(first), Some(last)) = (
        parsed.iter().map(|(at, _)| *at).min(),
        parsed.iter().map(|(at, _)| *at).max(),
    ) else {
        return Vec::new();
    };
    let mut months = Vec::new();
    let (mut year, mut month) = first;
    while (year, month) <= last {
        let (logged, checked) = parsed
            .iter()
            .filter(|(at, _)| *at == (year, month))
            .fold((0, 0), |sum, (_, (l, c))| (sum.0 + l, sum.1 + c));
        months.push((format!("{year:04}-{month:02}"), logged, checked));
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    months
}

/// Bars for the most repeated claims, each linked to its page.
pub fn repeated(id: &str, caption: &str, claims: &[(String, String, i64)]) -> Markup {
    let bars: Vec<Bar> = claims
        .iter()
        .map(|(text, href, times)| Bar {
            label: text.clone(),
            href: Some(href.clone()),
            values: vec![u64::try_from(*times).unwrap_or(0)],
        })
        .collect();
    let segments = [Segment {
        label: "times made".to_string(),
        colour: "#1f5fbf",
    }];
    stacked_bars(
        id,
        caption,
        "The claims made most often, counting the first time and every repeat logged.",
        &segments,
        &bars,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_continuous_and_ignore_junk() {
        let counted = [
            ("2024-11".to_string(), (2, 0)),
            ("2025-02".to_string(), (1, 3)),
            ("garbage".to_string(), (9, 9)),
            ("2025-13".to_string(), (9, 9)),
        ];
        let months = every_month(counted.iter().map(|(k, v)| (k, *v)));
        assert_eq!(
            months,
            [
                ("2024-11".to_string(), 2, 0),
                ("2024-12".to_string(), 0, 0),
                ("2025-01".to_string(), 0, 0),
                ("2025-02".to_string(), 1, 3),
            ]
        );
    }

    #[test]
    fn colours_run_from_false_to_true() {
        let scale = Scale::default_scale();
        let colour = |name: &str| status_colour(&scale, &Status::new(name.to_string()));
        assert_eq!(colour("false"), "#b42318");
        assert_eq!(colour("true"), "#2e7d4f");
        assert_ne!(colour("mostly-false"), colour("half-true"));
        assert_eq!(colour("unverified"), "#9aa3ad");
    }
}
