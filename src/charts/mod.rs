//! Stage 5 — charts: publication-ready PNGs with plotters.
//!
//! Every chart has a title, axis labels and a source line, uses the Okabe–Ito colour-blind-safe
//! palette (categories) or viridis (continuous values), and is 2100 px wide — 7 inches at
//! 300 dpi, a full journal text width. Chinese labels are drawn with a CJK font found by
//! [`find_font`] and registered with plotters' `ab_glyph` backend, so no system font library
//! is involved and the glyphs do not depend on fontconfig.

use anyhow::{anyhow, bail, Context, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::colors::colormaps::{ColorMap, ViridisRGB};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Okabe & Ito (2008) colour-blind-safe palette, in its customary order (black left out).
pub const OKABE_ITO: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0xF0, 0xE4, 0x42), // yellow
];

/// Width of every chart in pixels (7 in at 300 dpi).
pub const WIDTH: u32 = 2100;
const TITLE_PX: u32 = 50;
const LABEL_PX: u32 = 36;
const TICK_PX: u32 = 30;
const SMALL_PX: u32 = 26;
const FONT: &str = "sans-serif";

/// Font files tried, in order, when neither `--font` nor `JOINTSTAT_FONT` names one.
pub const FONT_CANDIDATES: &[&str] = &[
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:\\Windows\\Fonts\\msyh.ttc",
    "C:\\Windows\\Fonts\\simhei.ttf",
];

/// Find a CJK font: the `--font` flag, then `JOINTSTAT_FONT`, then [`FONT_CANDIDATES`].
pub fn find_font(flag: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = flag {
        if p.is_file() {
            return Ok(p.to_path_buf());
        }
        bail!("--font {}: no such file", p.display());
    }
    if let Some(p) = std::env::var_os("JOINTSTAT_FONT") {
        let p = PathBuf::from(p);
        if p.is_file() {
            return Ok(p);
        }
        bail!("JOINTSTAT_FONT={}: no such file", p.display());
    }
    for c in FONT_CANDIDATES {
        let p = Path::new(c);
        if p.is_file() {
            return Ok(p.to_path_buf());
        }
    }
    bail!(
        "no CJK font found for the charts. Install one (Debian/Ubuntu: `apt-get install fonts-wqy-microhei`, \
         or `fonts-noto-cjk`), or pass --font /path/to/font.ttc, or set JOINTSTAT_FONT. Tried: {}",
        FONT_CANDIDATES.join(", ")
    )
}

static REGISTERED: OnceLock<std::result::Result<PathBuf, String>> = OnceLock::new();

/// Register the CJK font with plotters (once per process) and check it has Chinese glyphs.
pub fn register_font(path: &Path) -> Result<()> {
    let r = REGISTERED.get_or_init(|| {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read font {}: {e}", path.display()))?;
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        {
            use ab_glyph::Font;
            let f = ab_glyph::FontRef::try_from_slice(bytes)
                .map_err(|e| format!("{}: not a usable font ({e})", path.display()))?;
            if f.glyph_id('中').0 == 0 || f.glyph_id('联').0 == 0 {
                return Err(format!("{}: the font has no Chinese glyphs; use a CJK font", path.display()));
            }
        }
        for style in [FontStyle::Normal, FontStyle::Bold] {
            plotters::style::register_font(FONT, style, bytes)
                .map_err(|_| format!("{}: plotters cannot load this font", path.display()))?;
        }
        Ok(path.to_path_buf())
    });
    match r {
        Ok(p) if p == path => Ok(()),
        Ok(p) => bail!("a different font ({}) is already registered in this process", p.display()),
        Err(e) => Err(anyhow!(e.clone())),
    }
}

/// plotters' drawing errors as anyhow errors.
fn de<E: std::fmt::Debug>(e: E) -> anyhow::Error {
    anyhow!("chart drawing: {e:?}")
}

/// Approximate rendered width of a label in pixels (CJK glyphs are square, Latin ones narrower).
pub fn text_px(s: &str, px: u32) -> u32 {
    let units: f64 = s.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum();
    (units * px as f64).ceil() as u32
}

fn font(px: u32) -> TextStyle<'static> {
    (FONT, px as f64).into_font().color(&BLACK)
}

/// Draw title, subtitle and source line; return the area left for the plot.
fn frame<'a>(
    root: &DrawingArea<BitMapBackend<'a>, Shift>,
    title: &str,
    subtitle: &str,
    source: &str,
) -> Result<DrawingArea<BitMapBackend<'a>, Shift>> {
    root.fill(&WHITE).map_err(de)?;
    let (w, h) = root.dim_in_pixel();
    root.draw(&Text::new(title.to_string(), (40, 24), font(TITLE_PX).pos(Pos::new(HPos::Left, VPos::Top))))
        .map_err(de)?;
    if !subtitle.is_empty() {
        root.draw(&Text::new(
            subtitle.to_string(),
            (40, 24 + TITLE_PX as i32 + 12),
            font(SMALL_PX + 2).color(&RGBColor(0x44, 0x44, 0x44)).pos(Pos::new(HPos::Left, VPos::Top)),
        ))
        .map_err(de)?;
    }
    root.draw(&Text::new(
        source.to_string(),
        (40, h as i32 - 20),
        font(SMALL_PX).color(&RGBColor(0x55, 0x55, 0x55)).pos(Pos::new(HPos::Left, VPos::Bottom)),
    ))
    .map_err(de)?;
    let top = 24 + TITLE_PX + 12 + if subtitle.is_empty() { 0 } else { SMALL_PX + 20 };
    let _ = w;
    Ok(root.margin(top, SMALL_PX + 40, 30, 50))
}

/// One bar pair of the focus chart.
#[derive(Debug, Clone)]
pub struct PairedBar {
    /// Term.
    pub label: String,
    /// Focus value.
    pub a: f64,
    /// Comparison value.
    pub b: f64,
}

/// Horizontal paired bars: `a` (focus) and `b` (reference) per label, first label on top.
pub fn paired_bars(
    path: &Path,
    bars: &[PairedBar],
    title: &str,
    subtitle: &str,
    x_label: &str,
    legend: (&str, &str),
    source: &str,
) -> Result<()> {
    let n = bars.len().max(1);
    let height = 260 + 62 * n as u32;
    {
        let root = BitMapBackend::new(path, (WIDTH, height)).into_drawing_area();
        let area = frame(&root, title, subtitle, source)?;
        let xmax = bars.iter().map(|b| b.a.max(b.b)).fold(0.0, f64::max).max(1e-9) * 1.12;
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(90)
            .y_label_area_size(330)
            .build_cartesian_2d(0.0..xmax, 0.0..n as f64)
            .map_err(de)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_desc(x_label)
            .axis_desc_style(font(LABEL_PX))
            .x_label_style(font(TICK_PX))
            .x_label_formatter(&|v| format_tick(*v))
            .light_line_style(RGBColor(0xF2, 0xF2, 0xF2))
            .draw()
            .map_err(de)?;
        let (ca, cb) = (OKABE_ITO[0], OKABE_ITO[1]);
        for (i, b) in bars.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            chart
                .draw_series([
                    Rectangle::new([(0.0, y + 0.52), (b.a, y + 0.88)], ca.filled()),
                    Rectangle::new([(0.0, y + 0.12), (b.b, y + 0.48)], cb.filled()),
                ])
                .map_err(de)?;
            let (px, py) = chart.backend_coord(&(0.0, y + 0.5));
            root.draw(&Text::new(
                b.label.clone(),
                (px - 14, py),
                font(TICK_PX + 2).pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(de)?;
            for (v, yy) in [(b.a, y + 0.70), (b.b, y + 0.30)] {
                let (vx, vy) = chart.backend_coord(&(v, yy));
                root.draw(&Text::new(
                    format_num(v),
                    (vx + 8, vy),
                    font(SMALL_PX - 4).pos(Pos::new(HPos::Left, VPos::Center)),
                ))
                .map_err(de)?;
            }
        }
        // legend, bottom right of the plot (the shortest bars are at the bottom)
        let (lx, ly) = chart.backend_coord(&(xmax, 0.0));
        for (k, (name, c)) in [(legend.0, ca), (legend.1, cb)].iter().enumerate() {
            let y0 = ly - 130 + k as i32 * 46;
            root.draw(&Rectangle::new([(lx - 560, y0), (lx - 524, y0 + 30)], c.filled())).map_err(de)?;
            root.draw(&Text::new(
                name.to_string(),
                (lx - 512, y0 + 15),
                font(TICK_PX).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(de)?;
        }
        root.present().map_err(de)?;
    }
    Ok(())
}

/// Heatmap of `values[row][col]` with row and column labels and a viridis colour bar.
#[allow(clippy::too_many_arguments)]
pub fn heatmap(
    path: &Path,
    rows: &[String],
    cols: &[String],
    values: &[Vec<f64>],
    title: &str,
    subtitle: &str,
    x_label: &str,
    y_label: &str,
    scale_label: &str,
    source: &str,
) -> Result<()> {
    let (nr, nc) = (rows.len().max(1), cols.len().max(1));
    // rows are 54 px high, less for large matrices (a 49 × 49 similarity matrix stays on a page)
    let row_px = (1500 / nr as u32).clamp(24, 54);
    let row_font = if row_px >= 40 { TICK_PX } else { SMALL_PX - 4 };
    let height = 520 + row_px * nr as u32;
    {
        let root = BitMapBackend::new(path, (WIDTH, height)).into_drawing_area();
        let area = frame(&root, title, subtitle, source)?;
        let (plot, bar) = area.split_horizontally(WIDTH - 260);
        let vmax = values.iter().flatten().cloned().fold(0.0, f64::max).max(1e-9);
        let row_w = rows.iter().map(|r| text_px(r, row_font)).max().unwrap_or(0) + 30 + LABEL_PX + 20;
        let col_h = cols.iter().map(|c| text_px(c, SMALL_PX - 4)).max().unwrap_or(0) + 30 + LABEL_PX + 30;
        let mut chart = ChartBuilder::on(&plot)
            .x_label_area_size(col_h)
            .y_label_area_size(row_w)
            .build_cartesian_2d(0.0..nc as f64, 0.0..nr as f64)
            .map_err(de)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(0)
            .y_labels(0)
            .x_desc(x_label)
            .y_desc(y_label)
            .axis_desc_style(font(LABEL_PX))
            .draw()
            .map_err(de)?;
        for (r, row) in values.iter().enumerate() {
            let y = (nr - 1 - r) as f64;
            for (c, v) in row.iter().enumerate() {
                let color = ViridisRGB.get_color((v / vmax) as f32);
                chart
                    .draw_series([Rectangle::new([(c as f64, y), (c as f64 + 1.0, y + 1.0)], color.filled())])
                    .map_err(de)?;
            }
            let (px, py) = chart.backend_coord(&(0.0, y + 0.5));
            root.draw(&Text::new(
                rows[r].clone(),
                (px - 12, py),
                font(row_font).pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(de)?;
        }
        for (c, label) in cols.iter().enumerate() {
            let (px, py) = chart.backend_coord(&(c as f64 + 0.5, 0.0));
            let style = font(SMALL_PX - 4).transform(FontTransform::Rotate270).pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(label.clone(), (px, py + 10), style)).map_err(de)?;
        }
        // colour bar
        let (_, top) = chart.backend_coord(&(0.0, nr as f64));
        let (_, bottom) = chart.backend_coord(&(0.0, 0.0));
        let (bx, _) = bar.get_base_pixel();
        let x0 = bx + 30;
        let steps = 100;
        for s in 0..steps {
            let t = s as f64 / steps as f64;
            let y1 = bottom - ((bottom - top) as f64 * t) as i32;
            let y0 = bottom - ((bottom - top) as f64 * (t + 1.0 / steps as f64)) as i32;
            root.draw(&Rectangle::new([(x0, y0), (x0 + 40, y1)], ViridisRGB.get_color(t as f32).filled()))
                .map_err(de)?;
        }
        for k in 0..=4 {
            let t = k as f64 / 4.0;
            let y = bottom - ((bottom - top) as f64 * t) as i32;
            root.draw(&Text::new(
                format_num(vmax * t),
                (x0 + 50, y),
                font(SMALL_PX).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(de)?;
        }
        root.draw(&Text::new(
            scale_label.to_string(),
            (x0, top - 16),
            font(SMALL_PX).pos(Pos::new(HPos::Left, VPos::Bottom)),
        ))
        .map_err(de)?;
        root.present().map_err(de)?;
    }
    Ok(())
}

/// One point of a scatter chart.
#[derive(Debug, Clone)]
pub struct Point {
    /// x value (e.g. fractional year).
    pub x: f64,
    /// y value.
    pub y: f64,
    /// Category (colour and legend entry).
    pub group: String,
    /// Drawn hollow (e.g. a partial document).
    pub hollow: bool,
}

/// Scatter chart of points coloured by group, with a legend; hollow points are explained by
/// `hollow_note` in the legend.
#[allow(clippy::too_many_arguments)]
pub fn scatter(
    path: &Path,
    points: &[Point],
    title: &str,
    subtitle: &str,
    x_label: &str,
    y_label: &str,
    hollow_note: &str,
    source: &str,
) -> Result<()> {
    let mut groups: Vec<String> = points.iter().map(|p| p.group.clone()).collect();
    groups.sort();
    groups.dedup();
    let color_of = |g: &str| OKABE_ITO[groups.iter().position(|x| x == g).unwrap_or(0) % OKABE_ITO.len()];
    {
        let root = BitMapBackend::new(path, (WIDTH, 1400)).into_drawing_area();
        let area = frame(&root, title, subtitle, source)?;
        let (xmin, xmax) = points.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.x), b.max(p.x)));
        let (xmin, xmax) = if points.is_empty() { (0.0, 1.0) } else { (xmin.floor() - 1.0, xmax.ceil() + 1.0) };
        let ymax = points.iter().map(|p| p.y).fold(0.0, f64::max).max(1.0) * 1.1;
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(100)
            .y_label_area_size(150)
            .build_cartesian_2d(xmin..xmax, 0.0..ymax)
            .map_err(de)?;
        chart
            .configure_mesh()
            .x_desc(x_label)
            .y_desc(y_label)
            .axis_desc_style(font(LABEL_PX))
            .x_label_style(font(TICK_PX))
            .y_label_style(font(TICK_PX))
            .x_label_formatter(&|v| format!("{:.0}", v))
            .y_label_formatter(&|v| format_tick(*v))
            .light_line_style(RGBColor(0xF4, 0xF4, 0xF4))
            .draw()
            .map_err(de)?;
        for p in points {
            let c = color_of(&p.group);
            let style = if p.hollow { c.stroke_width(4) } else { c.filled() };
            chart.draw_series([Circle::new((p.x, p.y), 13, style)]).map_err(de)?;
        }
        let (lx, ly) = chart.backend_coord(&(xmin, ymax));
        let mut entries: Vec<(String, RGBColor, bool)> =
            groups.iter().map(|g| (g.clone(), color_of(g), false)).collect();
        if points.iter().any(|p| p.hollow) {
            entries.push((hollow_note.to_string(), RGBColor(0x55, 0x55, 0x55), true));
        }
        for (k, (name, c, hollow)) in entries.iter().enumerate() {
            let y = ly + 30 + k as i32 * 44;
            let style = if *hollow { c.stroke_width(4) } else { c.filled() };
            root.draw(&Circle::new((lx + 40, y), 13, style)).map_err(de)?;
            root.draw(&Text::new(name.clone(), (lx + 64, y), font(TICK_PX).pos(Pos::new(HPos::Left, VPos::Center))))
                .map_err(de)?;
        }
        root.present().map_err(de)?;
    }
    Ok(())
}

/// One series of a stacked bar chart or line chart.
#[derive(Debug, Clone)]
pub struct Series {
    /// Legend name.
    pub name: String,
    /// One value per column (bar) or x position (line).
    pub values: Vec<f64>,
}

/// Colour for the i-th category of `n`: Okabe–Ito, then black; a trailing "none" category grey.
fn category_color(i: usize, name: &str) -> RGBColor {
    if name == "none" {
        RGBColor(0xBB, 0xBB, 0xBB)
    } else if i < OKABE_ITO.len() {
        OKABE_ITO[i]
    } else {
        [RGBColor(0x00, 0x00, 0x00), RGBColor(0x88, 0x88, 0x88)][(i - OKABE_ITO.len()) % 2]
    }
}

/// Vertical stacked bars: one bar per column label, the series stacked (values should sum to
/// 1 per column; the axis shows percent), with a legend on the right.
#[allow(clippy::too_many_arguments)]
pub fn stacked_bars(
    path: &Path,
    columns: &[String],
    series: &[Series],
    title: &str,
    subtitle: &str,
    x_label: &str,
    y_label: &str,
    source: &str,
) -> Result<()> {
    let n = columns.len().max(1);
    {
        let root = BitMapBackend::new(path, (WIDTH, 1500)).into_drawing_area();
        let area = frame(&root, title, subtitle, source)?;
        let legend_w = series.iter().map(|x| text_px(&x.name, TICK_PX)).max().unwrap_or(0) + 110;
        let (plot, legend) = area.split_horizontally(WIDTH - legend_w);
        let col_h = columns.iter().map(|c| text_px(c, SMALL_PX - 4)).max().unwrap_or(0) + 30 + LABEL_PX + 20;
        let mut chart = ChartBuilder::on(&plot)
            .x_label_area_size(col_h)
            .y_label_area_size(130)
            .build_cartesian_2d(0.0..n as f64, 0.0..100.0)
            .map_err(de)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_desc(y_label)
            .x_desc(x_label)
            .axis_desc_style(font(LABEL_PX))
            .y_label_style(font(TICK_PX))
            .y_label_formatter(&|v| format!("{:.0}%", v))
            .light_line_style(RGBColor(0xF2, 0xF2, 0xF2))
            .draw()
            .map_err(de)?;
        for c in 0..columns.len() {
            let mut base = 0.0;
            for (k, s) in series.iter().enumerate() {
                let v = s.values.get(c).copied().unwrap_or(0.0) * 100.0;
                if v > 0.0 {
                    chart
                        .draw_series([Rectangle::new(
                            [(c as f64 + 0.12, base), (c as f64 + 0.88, base + v)],
                            category_color(k, &s.name).filled(),
                        )])
                        .map_err(de)?;
                }
                base += v;
            }
            let (px, py) = chart.backend_coord(&(c as f64 + 0.5, 0.0));
            let style = font(SMALL_PX - 4).transform(FontTransform::Rotate270).pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(columns[c].clone(), (px, py + 10), style)).map_err(de)?;
        }
        let (lx, ly) = legend.get_base_pixel();
        for (k, s) in series.iter().enumerate().rev() {
            let y = ly + 40 + (series.len() - 1 - k) as i32 * 46;
            root.draw(&Rectangle::new([(lx + 20, y - 15), (lx + 52, y + 15)], category_color(k, &s.name).filled()))
                .map_err(de)?;
            root.draw(&Text::new(s.name.clone(), (lx + 64, y), font(TICK_PX).pos(Pos::new(HPos::Left, VPos::Center))))
                .map_err(de)?;
        }
        root.present().map_err(de)?;
    }
    Ok(())
}

/// A dot matrix: rows × columns, a dot where `cells[row][col]` is `Some(category)`, coloured by
/// category (legend below the title), empty cells marked by a small grey point.
#[allow(clippy::too_many_arguments)]
pub fn dot_matrix(
    path: &Path,
    rows: &[String],
    columns: &[String],
    cells: &[Vec<Option<usize>>],
    categories: &[String],
    title: &str,
    subtitle: &str,
    x_label: &str,
    source: &str,
) -> Result<()> {
    let (nr, nc) = (rows.len().max(1), columns.len().max(1));
    let height = 640 + 64 * nr as u32;
    {
        let root = BitMapBackend::new(path, (WIDTH, height)).into_drawing_area();
        let area = frame(&root, title, subtitle, source)?;
        let (legend, plot) = area.split_vertically(70);
        let row_w = rows.iter().map(|r| text_px(r, SMALL_PX)).max().unwrap_or(0) + 40;
        let col_h = columns.iter().map(|c| text_px(c, SMALL_PX - 4)).max().unwrap_or(0) + 30 + LABEL_PX + 20;
        let mut chart = ChartBuilder::on(&plot)
            .x_label_area_size(col_h)
            .y_label_area_size(row_w)
            .build_cartesian_2d(0.0..nc as f64, 0.0..nr as f64)
            .map_err(de)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(0)
            .y_labels(0)
            .x_desc(x_label)
            .axis_desc_style(font(LABEL_PX))
            .draw()
            .map_err(de)?;
        for (r, row) in cells.iter().enumerate() {
            let y = (nr - 1 - r) as f64 + 0.5;
            for (c, cell) in row.iter().enumerate() {
                let x = c as f64 + 0.5;
                match cell {
                    Some(k) => chart
                        .draw_series([Circle::new((x, y), 15, category_color(*k, &categories[*k]).filled())])
                        .map_err(de)?,
                    None => {
                        chart.draw_series([Circle::new((x, y), 3, RGBColor(0xCC, 0xCC, 0xCC).filled())]).map_err(de)?
                    }
                };
            }
            let (px, py) = chart.backend_coord(&(0.0, y));
            root.draw(&Text::new(
                rows[r].clone(),
                (px - 14, py),
                font(SMALL_PX).pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(de)?;
        }
        for (c, label) in columns.iter().enumerate() {
            let (px, py) = chart.backend_coord(&(c as f64 + 0.5, 0.0));
            let style = font(SMALL_PX - 4).transform(FontTransform::Rotate270).pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(label.clone(), (px, py + 10), style)).map_err(de)?;
        }
        let (lx, ly) = legend.get_base_pixel();
        let mut x = lx + 40;
        for (k, name) in categories.iter().enumerate() {
            root.draw(&Circle::new((x, ly + 30), 14, category_color(k, name).filled())).map_err(de)?;
            root.draw(&Text::new(
                name.clone(),
                (x + 24, ly + 30),
                font(TICK_PX).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(de)?;
            x += 70 + text_px(name, TICK_PX) as i32;
        }
        root.present().map_err(de)?;
    }
    Ok(())
}

/// The k-th of five marker shapes (filled circle, filled triangle, cross, ring, open triangle) at a
/// pixel position: series stay distinguishable without colour.
fn draw_marker(root: &DrawingArea<BitMapBackend<'_>, Shift>, p: (i32, i32), k: usize, c: RGBColor) -> Result<()> {
    match k % 5 {
        0 => root.draw(&Circle::new(p, 11, c.filled())),
        1 => root.draw(&TriangleMarker::new(p, 13, c.filled())),
        2 => root.draw(&Cross::new(p, 11, c.stroke_width(5))),
        3 => root.draw(&Circle::new(p, 11, c.stroke_width(4))),
        _ => root.draw(&TriangleMarker::new(p, 13, c.stroke_width(4))),
    }
    .map_err(de)
}

/// Lines with markers over evenly spaced x positions in the given order (e.g. statements by
/// date), each tick labelled with `x_labels`; with `percent`, values are shares (0–1) shown in
/// percent, else shown as they are.
#[allow(clippy::too_many_arguments)]
pub fn line_chart(
    path: &Path,
    x_labels: &[String],
    series: &[Series],
    percent: bool,
    title: &str,
    subtitle: &str,
    x_label: &str,
    y_label: &str,
    source: &str,
) -> Result<()> {
    {
        let root = BitMapBackend::new(path, (WIDTH, 1400)).into_drawing_area();
        let area = frame(&root, title, subtitle, source)?;
        let legend_w = series.iter().map(|x| text_px(&x.name, TICK_PX)).max().unwrap_or(0) + 120;
        let (plot, legend) = area.split_horizontally(WIDTH - legend_w.min(WIDTH / 2));
        let n = x_labels.len().max(1);
        let scale = if percent { 100.0 } else { 1.0 };
        let ymax = series.iter().flat_map(|s| s.values.iter()).cloned().fold(0.0, f64::max).max(0.01) * scale * 1.15;
        let col_h = x_labels.iter().map(|c| text_px(c, SMALL_PX - 2)).max().unwrap_or(0) + 30 + LABEL_PX + 20;
        let mut chart = ChartBuilder::on(&plot)
            .x_label_area_size(col_h)
            .y_label_area_size(130)
            .build_cartesian_2d(-0.5..(n as f64 - 0.5), 0.0..ymax)
            .map_err(de)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .x_desc(x_label)
            .y_desc(y_label)
            .axis_desc_style(font(LABEL_PX))
            .y_label_style(font(TICK_PX))
            .y_label_formatter(&|v| if percent { format!("{:.0}%", v) } else { format_tick(*v) })
            .light_line_style(RGBColor(0xF2, 0xF2, 0xF2))
            .draw()
            .map_err(de)?;
        for (k, s) in series.iter().enumerate() {
            let c = category_color(k, &s.name);
            let pts: Vec<(f64, f64)> = s.values.iter().enumerate().map(|(i, v)| (i as f64, v * scale)).collect();
            chart.draw_series(LineSeries::new(pts.clone(), c.stroke_width(5))).map_err(de)?;
            for p in pts {
                draw_marker(&root, chart.backend_coord(&p), k, c)?;
            }
        }
        for (i, label) in x_labels.iter().enumerate() {
            let (px, py) = chart.backend_coord(&(i as f64, 0.0));
            let style = font(SMALL_PX - 2).transform(FontTransform::Rotate270).pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(label.clone(), (px, py + 12), style)).map_err(de)?;
        }
        let (lx, ly) = legend.get_base_pixel();
        for (k, s) in series.iter().enumerate() {
            let y = ly + 40 + k as i32 * 46;
            let c = category_color(k, &s.name);
            root.draw(&PathElement::new(vec![(lx + 20, y), (lx + 70, y)], c.stroke_width(5))).map_err(de)?;
            draw_marker(&root, (lx + 45, y), k, c)?;
            root.draw(&Text::new(s.name.clone(), (lx + 82, y), font(TICK_PX).pos(Pos::new(HPos::Left, VPos::Center))))
                .map_err(de)?;
        }
        root.present().map_err(de)?;
    }
    Ok(())
}

/// Diverging horizontal bars: positive values to the right (blue), negative to the left
/// (orange), one row per label, first label on top; `legend` names the two directions.
#[allow(clippy::too_many_arguments)]
pub fn diverging_bars(
    path: &Path,
    rows: &[(String, f64)],
    title: &str,
    subtitle: &str,
    x_label: &str,
    legend: (&str, &str),
    source: &str,
) -> Result<()> {
    let n = rows.len().max(1);
    let height = 300 + 52 * n as u32;
    {
        let root = BitMapBackend::new(path, (WIDTH, height)).into_drawing_area();
        let area = frame(&root, title, subtitle, source)?;
        let vmax = rows.iter().map(|r| r.1.abs()).fold(0.0, f64::max).max(1e-9) * 1.15;
        let label_w = rows.iter().map(|r| text_px(&r.0, TICK_PX)).max().unwrap_or(0) + 40;
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(100)
            .y_label_area_size(label_w)
            .build_cartesian_2d(-vmax..vmax, 0.0..n as f64)
            .map_err(de)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_desc(x_label)
            .axis_desc_style(font(LABEL_PX))
            .x_label_style(font(TICK_PX))
            .x_label_formatter(&|v| format_tick(*v))
            .light_line_style(RGBColor(0xF2, 0xF2, 0xF2))
            .draw()
            .map_err(de)?;
        chart.draw_series([PathElement::new(vec![(0.0, 0.0), (0.0, n as f64)], BLACK.stroke_width(2))]).map_err(de)?;
        for (i, (label, v)) in rows.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            let c = if *v >= 0.0 { OKABE_ITO[0] } else { OKABE_ITO[1] };
            chart.draw_series([Rectangle::new([(0.0, y + 0.15), (*v, y + 0.85)], c.filled())]).map_err(de)?;
            let (px, py) = chart.backend_coord(&(-vmax, y + 0.5));
            root.draw(&Text::new(label.clone(), (px - 14, py), font(TICK_PX).pos(Pos::new(HPos::Right, VPos::Center))))
                .map_err(de)?;
            let (vx, vy) = chart.backend_coord(&(*v, y + 0.5));
            let (h, dx) = if *v >= 0.0 { (HPos::Left, 8) } else { (HPos::Right, -8) };
            root.draw(&Text::new(format_num(*v), (vx + dx, vy), font(SMALL_PX - 4).pos(Pos::new(h, VPos::Center))))
                .map_err(de)?;
        }
        let (lx, ly) = chart.backend_coord(&(-vmax, 0.0));
        for (k, (name, c)) in [(legend.0, OKABE_ITO[0]), (legend.1, OKABE_ITO[1])].iter().enumerate() {
            let y0 = ly - 110 + k as i32 * 46;
            root.draw(&Rectangle::new([(lx + 20, y0), (lx + 56, y0 + 30)], c.filled())).map_err(de)?;
            root.draw(&Text::new(
                name.to_string(),
                (lx + 68, y0 + 15),
                font(TICK_PX).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(de)?;
        }
        root.present().map_err(de)?;
    }
    Ok(())
}

/// Dispersion plot: one lane per statement, a tick at the relative position (0–1) of each
/// occurrence; lanes without an occurrence are drawn empty.
pub fn dispersion_plot(
    path: &Path,
    lanes: &[(String, Vec<f64>)],
    title: &str,
    subtitle: &str,
    source: &str,
) -> Result<()> {
    let n = lanes.len().max(1);
    let height = 330 + 30 * n as u32;
    {
        let root = BitMapBackend::new(path, (WIDTH, height)).into_drawing_area();
        let area = frame(&root, title, subtitle, source)?;
        let label_w = lanes.iter().map(|r| text_px(&r.0, SMALL_PX - 2)).max().unwrap_or(0) + 90;
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(100)
            .y_label_area_size(label_w)
            .build_cartesian_2d(0.0..1.0, 0.0..n as f64)
            .map_err(de)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_desc("Position in the statement (0 = start, 1 = end)")
            .axis_desc_style(font(LABEL_PX))
            .x_label_style(font(TICK_PX))
            .x_label_formatter(&|v| format!("{:.1}", v))
            .light_line_style(RGBColor(0xF2, 0xF2, 0xF2))
            .draw()
            .map_err(de)?;
        for (i, (label, xs)) in lanes.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            chart
                .draw_series([Rectangle::new([(0.0, y + 0.1), (1.0, y + 0.9)], RGBColor(0xF4, 0xF4, 0xF4).filled())])
                .map_err(de)?;
            for x in xs {
                chart
                    .draw_series([PathElement::new(vec![(*x, y + 0.12), (*x, y + 0.88)], OKABE_ITO[0].stroke_width(4))])
                    .map_err(de)?;
            }
            let (px, py) = chart.backend_coord(&(0.0, y + 0.5));
            root.draw(&Text::new(
                format!("{label} ({})", xs.len()),
                (px - 10, py),
                font(SMALL_PX - 2).pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(de)?;
        }
        root.present().map_err(de)?;
    }
    Ok(())
}

/// Compact number formatting for axes and labels.
pub fn format_num(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 {
        "0".into()
    } else if a >= 100.0 {
        format!("{:.0}", v)
    } else if a >= 10.0 {
        format!("{:.1}", v)
    } else {
        format!("{:.2}", v)
    }
}

/// Axis tick formatting: integers without decimals, else [`format_num`].
pub fn format_tick(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{:.0}", v)
    } else {
        format_num(v)
    }
}

/// Check that a PNG file exists and is a PNG of the expected width.
pub fn check_png(path: &Path) -> Result<(u32, u32)> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" {
        bail!("{} is not a PNG", path.display());
    }
    let w = u32::from_be_bytes(bytes[16..20].try_into().expect("4 bytes"));
    let h = u32::from_be_bytes(bytes[20..24].try_into().expect("4 bytes"));
    Ok((w, h))
}
