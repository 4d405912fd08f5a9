//! Shared chart style: the palette, font sizes, chart width and number formatting.

use plotters::prelude::*;

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
/// Title font size (px).
pub const TITLE_PX: u32 = 50;
/// Axis description font size (px).
pub const LABEL_PX: u32 = 36;
/// Tick label and legend font size (px).
pub const TICK_PX: u32 = 30;
/// Small text (subtitle, source line, value labels) font size (px).
pub const SMALL_PX: u32 = 26;
/// Family name under which the CJK font is registered with plotters.
pub const FONT: &str = "sans-serif";

/// One series of a stacked bar chart or line chart.
#[derive(Debug, Clone)]
pub struct Series {
    /// Legend name.
    pub name: String,
    /// One value per column (bar) or x position (line).
    pub values: Vec<f64>,
}

/// Colour for the i-th category of `n`: Okabe–Ito, then black; a trailing "none" category grey.
pub fn category_color(i: usize, name: &str) -> RGBColor {
    if name == "none" {
        RGBColor(0xBB, 0xBB, 0xBB)
    } else if i < OKABE_ITO.len() {
        OKABE_ITO[i]
    } else {
        [RGBColor(0x00, 0x00, 0x00), RGBColor(0x88, 0x88, 0x88)][(i - OKABE_ITO.len()) % 2]
    }
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

/// Approximate rendered width of a label in pixels (CJK glyphs are square, Latin ones narrower).
pub fn text_px(s: &str, px: u32) -> u32 {
    let units: f64 = s.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum();
    (units * px as f64).ceil() as u32
}
