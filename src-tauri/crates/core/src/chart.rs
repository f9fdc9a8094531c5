//! Charts a chief would rather look at than read, drawn as SVG text: one drawing for the
//! chief's screen and the PDF alike.
//!
//! Only presentation attributes are used (no `style`), so the charts pass the window's strict
//! content security policy; every label is escaped. Each chart carries a `<title>` and a
//! `<desc>` naming its figures, for screen readers and for tests.

use std::fmt::Write;

/// Width of every chart in SVG units; screens scale it.
pub const WIDTH: f64 = 640.0;

const BAR: &str = "#146c43";
const BAR_WARN: &str = "#b02a37";
const INK: &str = "#1d252c";
const INK_3: &str = "#6b7680";
const GRID: &str = "#dce2e6";
const FONT: &str = "Noto Sans, DejaVu Sans, sans-serif";

/// One labelled value of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub label: String,
    pub value: f64,
    /// Drawn in the warning colour (e.g. a service whose guests wait past its standard).
    pub warn: bool,
}

impl Point {
    pub fn new(label: impl Into<String>, value: f64) -> Self {
        Point {
            label: label.into(),
            value,
            warn: false,
        }
    }
}

/// Escapes text for SVG content and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A value as Indonesians write it: a decimal comma, no needless ",0".
pub fn number(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}").replace('.', ",")
    }
}

/// A round upper bound for the axis, so that gridlines fall on whole figures.
fn axis_max(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    for step in [1.0, 2.0, 2.5, 5.0, 10.0] {
        let top = step * magnitude;
        if top >= max {
            return top;
        }
    }
    10.0 * magnitude
}

fn open(out: &mut String, height: f64, title: &str, points: &[Point], unit: &str) {
    let desc = points
        .iter()
        .map(|p| format!("{}: {} {unit}", p.label, number(p.value)))
        .collect::<Vec<_>>()
        .join("; ");
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" font-family="{FONT}" font-size="12"><title>{}</title><desc>{}</desc>"#,
        escape(title),
        escape(&desc)
    );
    let _ = write!(
        out,
        r#"<text x="0" y="16" font-size="14" font-weight="bold" fill="{INK}">{}</text>"#,
        escape(title)
    );
}

fn empty(out: &mut String, height: f64) {
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" text-anchor="middle" fill="{INK_3}">Belum ada data pada periode ini.</text></svg>"#,
        WIDTH / 2.0,
        height / 2.0 + 10.0
    );
}

/// Vertical bars, one per label (e.g. arrivals per hour of the day).
pub fn columns(title: &str, points: &[Point], unit: &str) -> String {
    let height = 240.0;
    let mut out = String::new();
    open(&mut out, height, title, points, unit);
    if points.is_empty() || points.iter().all(|p| p.value == 0.0) {
        empty(&mut out, height);
        return out;
    }
    let (left, top, bottom) = (36.0, 30.0, 28.0);
    let plot_h = height - top - bottom;
    let plot_w = WIDTH - left - 8.0;
    let max = axis_max(points.iter().map(|p| p.value).fold(0.0, f64::max));
    gridlines(&mut out, left, top, plot_w, plot_h, max);
    let slot = plot_w / points.len() as f64;
    let bar_w = (slot * 0.7).min(48.0);
    for (i, p) in points.iter().enumerate() {
        let h = plot_h * p.value / max;
        let x = left + slot * i as f64 + (slot - bar_w) / 2.0;
        let y = top + plot_h - h;
        let fill = if p.warn { BAR_WARN } else { BAR };
        let _ = write!(
            out,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{bar_w:.1}" height="{h:.1}" rx="2" fill="{fill}"><title>{}: {} {}</title></rect>"#,
            escape(&p.label),
            number(p.value),
            escape(unit)
        );
        if p.value > 0.0 {
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="11" fill="{INK}">{}</text>"#,
                x + bar_w / 2.0,
                y - 4.0,
                number(p.value)
            );
        }
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="{INK_3}">{}</text>"#,
            x + bar_w / 2.0,
            height - 10.0,
            escape(&p.label)
        );
    }
    out.push_str("</svg>");
    out
}

/// Horizontal bars with long labels (e.g. the average wait per service).
pub fn bars(title: &str, points: &[Point], unit: &str) -> String {
    let row = 26.0;
    let top = 30.0;
    let height = top + row * points.len().max(2) as f64 + 8.0;
    let mut out = String::new();
    open(&mut out, height, title, points, unit);
    if points.is_empty() {
        empty(&mut out, height);
        return out;
    }
    let label_w = 260.0;
    let plot_w = WIDTH - label_w - 70.0;
    let max = axis_max(points.iter().map(|p| p.value).fold(0.0, f64::max));
    let labels = labels(points, 42);
    for (i, (p, label)) in points.iter().zip(labels).enumerate() {
        let y = top + row * i as f64;
        let w = plot_w * p.value / max;
        let fill = if p.warn { BAR_WARN } else { BAR };
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="{INK}">{}</text>"#,
            label_w - 8.0,
            y + row / 2.0 + 4.0,
            escape(&label)
        );
        let _ = write!(
            out,
            r#"<rect x="{label_w}" y="{:.1}" width="{w:.1}" height="{:.1}" rx="2" fill="{fill}"><title>{}: {} {}</title></rect>"#,
            y + 4.0,
            row - 8.0,
            escape(&p.label),
            number(p.value),
            escape(unit)
        );
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" fill="{INK}">{} {}</text>"#,
            label_w + w + 6.0,
            y + row / 2.0 + 4.0,
            number(p.value),
            escape(unit)
        );
    }
    out.push_str("</svg>");
    out
}

/// A line over ordered labels (e.g. the average wait by hour of arrival).
pub fn line(title: &str, points: &[Point], unit: &str) -> String {
    let height = 240.0;
    let mut out = String::new();
    open(&mut out, height, title, points, unit);
    if points.is_empty() {
        empty(&mut out, height);
        return out;
    }
    let (left, top, bottom) = (36.0, 30.0, 28.0);
    let plot_h = height - top - bottom;
    let plot_w = WIDTH - left - 8.0;
    let max = axis_max(points.iter().map(|p| p.value).fold(0.0, f64::max));
    gridlines(&mut out, left, top, plot_w, plot_h, max);
    let slot = plot_w / points.len() as f64;
    let xy: Vec<(f64, f64)> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                left + slot * (i as f64 + 0.5),
                top + plot_h - plot_h * p.value / max,
            )
        })
        .collect();
    let path = xy
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let _ = write!(
        out,
        r#"<polyline points="{path}" fill="none" stroke="{BAR}" stroke-width="2.5" stroke-linejoin="round"/>"#
    );
    for ((x, y), p) in xy.iter().zip(points) {
        let fill = if p.warn { BAR_WARN } else { BAR };
        let _ = write!(
            out,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="4" fill="{fill}"><title>{}: {} {}</title></circle>"#,
            escape(&p.label),
            number(p.value),
            escape(unit)
        );
        let _ = write!(
            out,
            r#"<text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="{INK_3}">{}</text>"#,
            height - 10.0,
            escape(&p.label)
        );
    }
    out.push_str("</svg>");
    out
}

fn gridlines(out: &mut String, left: f64, top: f64, plot_w: f64, plot_h: f64, max: f64) {
    for step in 0..=4 {
        let value = max * step as f64 / 4.0;
        let y = top + plot_h - plot_h * step as f64 / 4.0;
        let _ = write!(
            out,
            r#"<line x1="{left}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{GRID}"/><text x="{:.1}" y="{:.1}" text-anchor="end" font-size="10" fill="{INK_3}">{}</text>"#,
            left + plot_w,
            left - 4.0,
            y + 3.0,
            number(value)
        );
    }
}

/// The labels to print beside bars: without the words they all begin with, at most `max`
/// characters (the full names belong in a tooltip or a table).
pub fn labels(points: &[Point], max: usize) -> Vec<String> {
    let common = common_words(points.iter().map(|p| p.label.as_str()));
    points
        .iter()
        .map(|p| shorten(&distinct_part(&p.label, common), max))
        .collect()
}

/// How many leading words all labels share (when there are two or more labels): services of
/// one bagian often begin alike ("Fasilitasi Pelayanan Koordinasi dan Konsultasi terkait …").
fn common_words<'a>(mut labels: impl Iterator<Item = &'a str>) -> usize {
    let Some(first) = labels.next() else {
        return 0;
    };
    let first: Vec<&str> = first.split_whitespace().collect();
    let mut common = first.len();
    let mut others = 0;
    for label in labels {
        others += 1;
        common = common.min(
            first
                .iter()
                .zip(label.split_whitespace())
                .take_while(|(a, b)| **a == *b)
                .count(),
        );
    }
    if others == 0 {
        0
    } else {
        common
    }
}

/// The label without the words every label shares, marked with "…" (three or more shared
/// words only, and never the whole label).
fn distinct_part(label: &str, common: usize) -> String {
    let words: Vec<&str> = label.split_whitespace().collect();
    if common < 3 || common >= words.len() {
        return label.to_string();
    }
    format!("…{}", words[common..].join(" "))
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_figures_written_the_indonesian_way() {
        let svg = bars(
            "Rata-rata tunggu",
            &[Point::new("Pengadaan <barang> & \"jasa\"", 12.25)],
            "menit",
        );
        assert!(svg.contains("Pengadaan &lt;barang&gt; &amp; &quot;jasa&quot;"));
        assert!(!svg.contains("<barang>"));
        assert!(svg.contains("12,3 menit"));
        assert!(!svg.contains("style="), "the CSP forbids inline styles");
    }

    #[test]
    fn bars_scale_to_a_round_axis_and_warnings_stand_out() {
        let svg = columns(
            "Kedatangan per jam",
            &[
                Point::new("08", 3.0),
                Point {
                    label: "09".into(),
                    value: 7.0,
                    warn: true,
                },
            ],
            "tamu",
        );
        // 7 rounds the axis up to 10: the gridline labels go 0, 2,5, 5, 7,5, 10.
        assert!(svg.contains(">10</text>"));
        assert!(svg.contains(">7,5</text>"));
        assert!(svg.contains(BAR_WARN));
        assert!(svg.contains("<desc>08: 3 tamu; 09: 7 tamu</desc>"));
    }

    #[test]
    fn an_empty_period_says_so_instead_of_drawing_nothing() {
        for svg in [
            columns("Kedatangan", &[], "tamu"),
            bars("Tunggu", &[], "menit"),
            line("Tunggu", &[], "menit"),
        ] {
            assert!(svg.contains("Belum ada data pada periode ini."));
            assert!(svg.ends_with("</svg>"));
        }
    }

    #[test]
    fn services_that_begin_alike_are_told_apart_by_what_differs() {
        let svg = bars(
            "Tunggu",
            &[
                Point::new(
                    "Fasilitasi Pelayanan Koordinasi terkait Pengelolaan BUMD",
                    5.0,
                ),
                Point::new(
                    "Fasilitasi Pelayanan Koordinasi terkait Sektor Pariwisata",
                    7.0,
                ),
            ],
            "menit",
        );
        assert!(svg.contains(">…Pengelolaan BUMD</text>"), "{svg}");
        assert!(svg.contains(">…Sektor Pariwisata</text>"));
        // One service alone keeps its name.
        let one = bars(
            "Tunggu",
            &[Point::new("Layanan Konsultasi Hukum Daerah", 5.0)],
            "menit",
        );
        assert!(one.contains(">Layanan Konsultasi Hukum Daerah</text>"));
    }

    #[test]
    fn long_service_names_are_shortened_with_an_ellipsis() {
        let name = "Penyusunan Rencana Umum Pengadaan dan Pendampingan Aplikasi SIRUP";
        let svg = bars("Tunggu", &[Point::new(name, 5.0)], "menit");
        assert!(svg.contains("…</text>"));
        // The full name stays in the tooltip.
        assert!(svg.contains(&format!("<title>{name}: 5 menit</title>")));
    }
}
