//! Stage 5 — charts: publication-ready PNGs with plotters.
//!
//! Every chart has a title, axis labels and a source line, uses the Okabe–Ito colour-blind-safe
//! palette (categories) or viridis (continuous values), and is 2100 px wide — 7 inches at
//! 300 dpi, a full journal text width. Chinese labels are drawn with a CJK font found by
//! [`find_font`] and registered with plotters' `ab_glyph` backend, so no system font library
//! is involved and the glyphs do not depend on fontconfig.

mod axes;
mod designation_timeline;
mod dispersion_plot;
mod diverging_bars;
mod dot_matrix;
mod heatmap;
mod line_chart;
mod paired_bars;
mod scatter;
mod stacked_bars;
pub mod style;

pub use designation_timeline::{level_color, short_designation, DesignationMark, DesignationTimeline};
pub use dispersion_plot::DispersionPlot;
pub use diverging_bars::DivergingBars;
pub use dot_matrix::DotMatrix;
pub use heatmap::Heatmap;
pub use line_chart::LineChart;
pub use paired_bars::{PairedBar, PairedBars};
pub use scatter::{Point, Scatter};
pub use stacked_bars::StackedBars;
pub use style::{format_num, format_tick, text_px, Series, OKABE_ITO, WIDTH};

use crate::error::{io, Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use style::*;

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
        return Err(Error::Config { file: format!("--font {}", p.display()), problem: "no such file".into() });
    }
    if let Some(p) = std::env::var_os("JOINTSTAT_FONT") {
        let p = PathBuf::from(p);
        if p.is_file() {
            return Ok(p);
        }
        let file = format!("JOINTSTAT_FONT={}", p.display());
        return Err(Error::Config { file, problem: "no such file".into() });
    }
    for c in FONT_CANDIDATES {
        let p = Path::new(c);
        if p.is_file() {
            return Ok(p.to_path_buf());
        }
    }
    Err(Error::Config {
        file: "font".into(),
        problem: format!(
            "no CJK font found for the charts. Install one (Debian/Ubuntu: `apt-get install fonts-wqy-microhei`, \
             or `fonts-noto-cjk`), or pass --font /path/to/font.ttc, or set JOINTSTAT_FONT. Tried: {}",
            FONT_CANDIDATES.join(", ")
        ),
    })
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
        Ok(p) => Err(Error::Config {
            file: path.display().to_string(),
            problem: format!("a different font ({}) is already registered in this process", p.display()),
        }),
        Err(e) => Err(Error::Config { file: "font".into(), problem: e.clone() }),
    }
}

/// plotters' drawing errors as chart errors (the file is named by [`write_png`] / [`save`]).
pub(crate) fn de<E: std::fmt::Debug>(e: E) -> Error {
    Error::Chart { file: "chart drawing".into(), problem: format!("{e:?}") }
}

/// A problem found by [`check_svg`].
fn svg_err(problem: String) -> Error {
    Error::Chart { file: "SVG".into(), problem }
}

/// The error `e` of drawing or checking a chart, naming the chart's file.
fn in_file(path: &Path) -> impl FnOnce(Error) -> Error + '_ {
    move |e| match e {
        Error::Chart { file, problem } => {
            Error::Chart { file: path.display().to_string(), problem: format!("{file}: {problem}") }
        }
        other => other,
    }
}

/// The registered CJK font at `px` pixels, black.
pub(crate) fn font(px: u32) -> TextStyle<'static> {
    (FONT, px as f64).into_font().color(&BLACK)
}

/// The texts of a chart. Every chart draws the title, the subtitle (when not empty) and the
/// source line; the axis descriptions are drawn by the chart kinds that have that axis (each
/// kind's docs say which).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChartText {
    /// Title, first line (bilingual by convention: `中文 / English`).
    pub title: String,
    /// Subtitle under the title: what is measured and how (empty: none).
    pub subtitle: String,
    /// Description of the x axis (empty where the kind has none).
    pub x_label: String,
    /// Description of the y axis (empty where the kind has none).
    pub y_label: String,
    /// Source line at the bottom (corpus, tool and version).
    pub source: String,
}

impl ChartText {
    /// Title, subtitle and source line; no axis descriptions.
    pub fn new(title: impl Into<String>, subtitle: impl Into<String>, source: impl Into<String>) -> Self {
        ChartText { title: title.into(), subtitle: subtitle.into(), source: source.into(), ..ChartText::default() }
    }

    /// The same texts with these axis descriptions.
    pub fn axes(mut self, x_label: impl Into<String>, y_label: impl Into<String>) -> Self {
        self.x_label = x_label.into();
        self.y_label = y_label.into();
        self
    }
}

/// A chart that can be drawn on any plotters backend (bitmap for PNG, SVG).
pub trait Chart {
    /// Size in pixels (width is [`WIDTH`] for every kind).
    fn size(&self) -> (u32, u32);
    /// Draw the whole chart (background, frame texts, plot) on `root`.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>;
}

/// Draw `chart` into the PNG file `path`.
pub fn write_png<C: Chart>(path: &Path, chart: &C) -> Result<()> {
    let root = BitMapBackend::new(path, chart.size()).into_drawing_area();
    chart.draw(&root).map_err(in_file(path))?;
    root.present().map_err(|e| Error::Chart {
        file: path.display().to_string(),
        problem: format!("cannot write the chart: {e:?}"),
    })?;
    Ok(())
}

/// A file format of the charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum ChartFormat {
    /// Bitmap, 2100 px wide (7 in at 300 dpi). Always written: `report.md` embeds the PNGs.
    Png,
    /// Scalable vector graphics for print; text stays text (see [`SVG_FONT_FAMILY`]).
    Svg,
}

/// The `font-family` of every text in the SVG charts: CJK fonts common on Linux, macOS and
/// Windows, then the generic family, so a viewer without the first font picks the next.
pub const SVG_FONT_FAMILY: &str =
    "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/// Draw `chart` as an SVG document. plotters' SVG backend writes every label as a `<text>`
/// element with the family name the font is registered under ([`FONT`]); that family is
/// replaced by [`SVG_FONT_FAMILY`]. The output depends only on the chart (no ids, no dates).
pub fn svg_string<C: Chart>(chart: &C) -> Result<String> {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, chart.size()).into_drawing_area();
        chart.draw(&root)?;
        root.present().map_err(de)?;
    }
    let plotters_family = format!("font-family=\"{FONT}\"");
    let svg = buf.replace(&plotters_family, &format!("font-family=\"{SVG_FONT_FAMILY}\""));
    check_svg(&svg)?;
    Ok(svg)
}

/// What [`check_svg`] found in an SVG document.
#[derive(Debug, Clone, PartialEq)]
pub struct SvgSummary {
    /// `width` and `height` of the root `<svg>` element.
    pub size: (u32, u32),
    /// The content of every `<text>` element, entities decoded and surrounding whitespace
    /// trimmed, in document order (the first is the chart title).
    pub texts: Vec<String>,
}

/// Check that `svg` is a well-formed XML document with one root `<svg>` element (every tag
/// closed in order, attributes quoted, only the five predefined entities) and return its size
/// and texts. A small hand check for the documents the SVG backend writes, not a general XML
/// parser (no DTD, CDATA or processing instructions are accepted).
pub fn check_svg(svg: &str) -> Result<SvgSummary> {
    fn decode(t: &str) -> Result<String> {
        let mut out = String::new();
        let mut rest = t;
        while let Some(i) = rest.find('&') {
            out.push_str(&rest[..i]);
            let end = rest[i..].find(';').ok_or_else(|| svg_err(format!("unterminated entity in {t:?}")))?;
            out.push(match &rest[i..i + end + 1] {
                "&amp;" => '&',
                "&lt;" => '<',
                "&gt;" => '>',
                "&quot;" => '"',
                "&apos;" => '\'',
                e => return Err(svg_err(format!("unknown entity {e}"))),
            });
            rest = &rest[i + end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
    let mut stack: Vec<&str> = Vec::new();
    let mut texts = Vec::new();
    let mut size = None;
    let mut roots = 0;
    let mut rest = svg;
    while let Some(lt) = rest.find('<') {
        let between = &rest[..lt];
        if stack.is_empty() && !between.trim().is_empty() {
            return Err(svg_err(format!("text outside the root element: {:?}", between.trim())));
        }
        let text = decode(between)?;
        if stack.last() == Some(&"text") {
            texts.push(text.trim().to_string());
        }
        let gt = rest[lt..].find('>').ok_or_else(|| svg_err("unterminated tag".into()))? + lt;
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().ok_or_else(|| svg_err(format!("</{name}> closes nothing")))?;
            if open != name.trim() {
                return Err(svg_err(format!("<{open}> closed by </{}>", name.trim())));
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name_end = body.find(char::is_whitespace).unwrap_or(body.len());
        let name = &body[..name_end];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':') {
            return Err(svg_err(format!("bad tag <{tag}>")));
        }
        // attributes: name="value" separated by whitespace
        let mut attrs = body[name_end..].trim();
        let mut width_height = (None, None);
        while !attrs.is_empty() {
            let eq = attrs.find("=\"").ok_or_else(|| svg_err(format!("unquoted attribute in <{name}>")))?;
            let key = attrs[..eq].trim();
            let close =
                attrs[eq + 2..].find('"').ok_or_else(|| svg_err(format!("unterminated attribute in <{name}>")))?;
            let value = decode(&attrs[eq + 2..eq + 2 + close])?;
            if key.is_empty() || key.contains(char::is_whitespace) || value.contains('<') {
                return Err(svg_err(format!("bad attribute {key:?} in <{name}>")));
            }
            match key {
                "width" => width_height.0 = value.parse::<u32>().ok(),
                "height" => width_height.1 = value.parse::<u32>().ok(),
                _ => {}
            }
            attrs = attrs[eq + 2 + close + 1..].trim_start();
        }
        if stack.is_empty() {
            roots += 1;
            if name != "svg" || roots > 1 {
                return Err(svg_err(format!("the document must have one root <svg> element, found <{name}>")));
            }
            if let (Some(w), Some(h)) = width_height {
                size = Some((w, h));
            }
        }
        if !self_closing {
            stack.push(name);
        }
    }
    if !rest.trim().is_empty() {
        return Err(svg_err("text after the root element".into()));
    }
    if let Some(open) = stack.last() {
        return Err(svg_err(format!("<{open}> is never closed")));
    }
    let size = size.ok_or_else(|| svg_err("no root <svg> element with width and height".into()))?;
    Ok(SvgSummary { size, texts })
}

/// Write `chart` as `path` (a `.png` file) and, when `formats` holds [`ChartFormat::Svg`], also
/// as the SVG file of the same stem (`x.png` → `x.svg`), written atomically.
pub fn save<C: Chart>(path: &Path, formats: &[ChartFormat], chart: &C) -> Result<()> {
    write_png(path, chart)?;
    if formats.contains(&ChartFormat::Svg) {
        let svg = svg_string(chart).map_err(in_file(&path.with_extension("svg")))?;
        crate::output::write_atomic(&path.with_extension("svg"), svg.as_bytes())?;
    }
    Ok(())
}

/// Draw title, subtitle and source line; return the area left for the plot.
pub(crate) fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &ChartText,
) -> Result<DrawingArea<DB, Shift>> {
    root.fill(&WHITE).map_err(de)?;
    let (_, h) = root.dim_in_pixel();
    root.draw(&Text::new(text.title.clone(), (40, 24), font(TITLE_PX).pos(Pos::new(HPos::Left, VPos::Top))))
        .map_err(de)?;
    if !text.subtitle.is_empty() {
        root.draw(&Text::new(
            text.subtitle.clone(),
            (40, 24 + TITLE_PX as i32 + 12),
            font(SMALL_PX + 2).color(&RGBColor(0x44, 0x44, 0x44)).pos(Pos::new(HPos::Left, VPos::Top)),
        ))
        .map_err(de)?;
    }
    root.draw(&Text::new(
        text.source.clone(),
        (40, h as i32 - 20),
        font(SMALL_PX).color(&RGBColor(0x55, 0x55, 0x55)).pos(Pos::new(HPos::Left, VPos::Bottom)),
    ))
    .map_err(de)?;
    let top = 24 + TITLE_PX + 12 + if text.subtitle.is_empty() { 0 } else { SMALL_PX + 20 };
    Ok(root.margin(top, SMALL_PX + 40, 30, 50))
}

/// Check that a PNG file exists and is a PNG of the expected width.
pub fn check_png(path: &Path) -> Result<(u32, u32)> {
    let bytes = std::fs::read(path).map_err(io("cannot read", path))?;
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" {
        return Err(Error::Chart { file: path.display().to_string(), problem: "not a PNG".into() });
    }
    let w = u32::from_be_bytes(bytes[16..20].try_into().expect("4 bytes"));
    let h = u32::from_be_bytes(bytes[20..24].try_into().expect("4 bytes"));
    Ok((w, h))
}

#[cfg(test)]
mod tests;
