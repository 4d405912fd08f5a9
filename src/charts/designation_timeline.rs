//! Designation timeline: one row per partner, a marker per statement at its date, coloured by
//! the ordinal level of the relationship designation it sets or carries on (issue 12 item 3;
//! the data are `jointstat designations`, levels from `corpus/designations.toml`).

use super::style::*;
use super::{de, font, frame, Chart, ChartText};
use crate::error::Result;
use chrono::{Datelike, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::colors::colormaps::{ColorMap, ViridisRGB};
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The common suffix of the designations, left out of the marker labels (the legend has the
/// full names).
pub const DESIGNATION_SUFFIX: &str = "伙伴关系";

/// Highest ordinal level of a designation (`corpus/designations.toml`: 1–7; 0 = none).
pub const MAX_LEVEL: u32 = 7;

/// One statement on the timeline (a row of `jointstat designations`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesignationMark {
    /// Partner as recorded in the manifest (one row per partner).
    pub partner: String,
    /// Date of signing (x position).
    pub date: NaiveDate,
    /// The designation the statement sets or carries on; empty for none.
    pub designation: String,
    /// Its ordinal level, 1–7; 0 for none.
    pub level: u32,
    /// `establish`, `upgrade`, `develop`, or `none` (other values are drawn as a cross).
    pub verb: String,
}

/// Designation timeline: x = year, one row per partner (ordered by the date of its first
/// statement, then by name), a marker per statement. Colour = level (viridis, darkest = 1;
/// grey point = no designation), shape = verb (filled circle = establish, filled triangle =
/// upgrade, ring = develop/reaffirm, cross = any other verb). Where a partner's designation
/// changes, the marker is labelled with the designation without its suffix 伙伴关系, above or
/// below the marker (whichever lane is free). The legend on the right lists every level and
/// designation drawn, with the full names. Draws `text.x_label` (the y axis holds the partners).
#[derive(Debug, Clone)]
pub struct DesignationTimeline<'a> {
    /// Title, subtitle, x axis description and source line.
    pub text: ChartText,
    /// The statements, in any order.
    pub marks: &'a [DesignationMark],
}

const ROW_PX: u32 = 64;
const LABEL_FONT_PX: u32 = 20;

/// Colour of a level: viridis from dark (1) to light green (7; the palest yellow is left out, it
/// vanishes on white); grey for 0 (none).
pub fn level_color(level: u32) -> RGBColor {
    if level == 0 {
        RGBColor(0xBB, 0xBB, 0xBB)
    } else {
        let t = (level.min(MAX_LEVEL) - 1) as f32 / (MAX_LEVEL - 1) as f32;
        ViridisRGB.get_color(0.05 + 0.8 * t)
    }
}

/// The marker label of a designation: the name without the suffix 伙伴关系 (the bare 伙伴关系
/// stays as it is).
pub fn short_designation(name: &str) -> &str {
    match name.strip_suffix(DESIGNATION_SUFFIX) {
        Some("") | None => name,
        Some(s) => s,
    }
}

fn year_x(d: NaiveDate) -> f64 {
    d.year() as f64 + d.ordinal0() as f64 / 366.0
}

fn draw_mark<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, p: (i32, i32), m: &DesignationMark) -> Result<()> {
    let c = level_color(m.level);
    if m.level == 0 || m.designation.is_empty() {
        return root.draw(&Circle::new(p, 5, c.filled())).map_err(de);
    }
    match m.verb.as_str() {
        "establish" => root.draw(&Circle::new(p, 12, c.filled())),
        "upgrade" => root.draw(&TriangleMarker::new(p, 14, c.filled())),
        "develop" => root.draw(&Circle::new(p, 11, c.stroke_width(5))),
        _ => root.draw(&Cross::new(p, 10, c.stroke_width(5))),
    }
    .map_err(de)
}

impl DesignationTimeline<'_> {
    /// Partners in row order (first statement's date, then name) with their marks by date.
    fn rows(&self) -> Vec<(&str, Vec<&DesignationMark>)> {
        let mut rows: Vec<(&str, Vec<&DesignationMark>)> = Vec::new();
        for m in self.marks {
            match rows.iter_mut().find(|r| r.0 == m.partner) {
                Some(r) => r.1.push(m),
                None => rows.push((m.partner.as_str(), vec![m])),
            }
        }
        for r in &mut rows {
            r.1.sort_by(|a, b| a.date.cmp(&b.date).then(a.designation.cmp(&b.designation)).then(a.verb.cmp(&b.verb)));
        }
        rows.sort_by(|a, b| a.1[0].date.cmp(&b.1[0].date).then(a.0.cmp(b.0)));
        rows
    }

    /// Legend entries: (level, full designation) drawn, highest level first.
    fn legend(&self) -> Vec<(u32, &str)> {
        let mut e: Vec<(u32, &str)> = self
            .marks
            .iter()
            .filter(|m| m.level > 0 && !m.designation.is_empty())
            .map(|m| (m.level, m.designation.as_str()))
            .collect();
        e.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        e.dedup();
        e
    }
}

impl Chart for DesignationTimeline<'_> {
    fn size(&self) -> (u32, u32) {
        let n = self.rows().len().max(1) as u32;
        let legend = self.legend().len() as u32 + 6;
        (WIDTH, (420 + ROW_PX * n).max(420 + 46 * legend))
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let rows = self.rows();
        let legend = self.legend();
        let n = rows.len().max(1);
        let area = frame(root, &self.text)?;
        let legend_w = legend
            .iter()
            .map(|(l, d)| text_px(&format!("{l} {d}"), TICK_PX))
            .chain([text_px("reaffirm (develop)", TICK_PX), text_px("level / designation", TICK_PX)])
            .max()
            .unwrap_or(0)
            + 110;
        let (plot, legend_area) = area.split_horizontally(WIDTH - legend_w);
        let (xmin, xmax) = self.marks.iter().fold((f64::MAX, f64::MIN), |(a, b), m| {
            let x = year_x(m.date);
            (a.min(x), b.max(x))
        });
        let (xmin, xmax) = if self.marks.is_empty() { (0.0, 1.0) } else { (xmin.floor() - 1.0, xmax.ceil() + 1.0) };
        let row_w = rows.iter().map(|r| text_px(r.0, TICK_PX)).max().unwrap_or(0) + 40;
        let mut chart = ChartBuilder::on(&plot)
            .x_label_area_size(110)
            .y_label_area_size(row_w)
            .build_cartesian_2d(xmin..xmax, 0.0..n as f64)
            .map_err(de)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_desc(self.text.x_label.as_str())
            .axis_desc_style(font(LABEL_PX))
            .x_label_style(font(TICK_PX))
            .x_label_formatter(&|v| format!("{:.0}", v))
            .light_line_style(RGBColor(0xF2, 0xF2, 0xF2))
            .draw()
            .map_err(de)?;
        let label_style = |v: VPos| font(LABEL_FONT_PX).pos(Pos::new(HPos::Center, v));
        for (r, (partner, marks)) in rows.iter().enumerate() {
            let y = (n - 1 - r) as f64 + 0.5;
            let (x0, py) = chart.backend_coord(&(xmin, y));
            let (x1, _) = chart.backend_coord(&(xmax, y));
            root.draw(&PathElement::new(vec![(x0, py), (x1, py)], RGBColor(0xDD, 0xDD, 0xDD).stroke_width(2)))
                .map_err(de)?;
            root.draw(&Text::new(
                partner.to_string(),
                (x0 - 14, py),
                font(TICK_PX).pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(de)?;
            // statements of the same partner on the same day are stacked a little apart
            let mut lanes_end = [i32::MIN, i32::MIN]; // right end of the last label above, below
            let mut last_label: Option<&str> = None;
            for (k, m) in marks.iter().enumerate() {
                let same_day = marks.iter().filter(|o| o.date == m.date).count() as i32;
                let kth = marks[..k].iter().filter(|o| o.date == m.date).count() as i32;
                let (px, _) = chart.backend_coord(&(year_x(m.date), y));
                let p = (px, py + (2 * kth - (same_day - 1)) * 7);
                draw_mark(root, p, m)?;
                if m.designation.is_empty() || last_label == Some(m.designation.as_str()) {
                    continue;
                }
                last_label = Some(m.designation.as_str());
                let label = short_designation(&m.designation);
                let half = text_px(label, LABEL_FONT_PX) as i32 / 2;
                let lane = if lanes_end[0] < px - half {
                    0
                } else if lanes_end[1] < px - half {
                    1
                } else if lanes_end[0] <= lanes_end[1] {
                    0
                } else {
                    1
                };
                lanes_end[lane] = px + half + 6;
                let (ty, v) = if lane == 0 { (py - 15, VPos::Bottom) } else { (py + 15, VPos::Top) };
                root.draw(&Text::new(label.to_string(), (px, ty), label_style(v))).map_err(de)?;
            }
        }
        // legend: levels (colour) with the full designations, then the verbs (shape)
        let (lx, ly) = legend_area.get_base_pixel();
        let mut yy = ly + 20;
        root.draw(&Text::new(
            "level / designation".to_string(),
            (lx + 20, yy),
            font(TICK_PX).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(de)?;
        for (level, name) in &legend {
            yy += 46;
            root.draw(&Circle::new((lx + 36, yy), 12, level_color(*level).filled())).map_err(de)?;
            root.draw(&Text::new(
                format!("{level} {name}"),
                (lx + 60, yy),
                font(TICK_PX).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(de)?;
        }
        yy += 70;
        let verbs = [
            ("establish", "establish (建立)"),
            ("upgrade", "upgrade (提升为)"),
            ("develop", "reaffirm (develop)"),
            ("none", "no designation"),
        ];
        let grey = RGBColor(0x55, 0x55, 0x55);
        for (verb, name) in verbs {
            let p = (lx + 36, yy);
            match verb {
                "establish" => root.draw(&Circle::new(p, 12, grey.filled())),
                "upgrade" => root.draw(&TriangleMarker::new(p, 14, grey.filled())),
                "develop" => root.draw(&Circle::new(p, 11, grey.stroke_width(5))),
                _ => root.draw(&Circle::new(p, 5, level_color(0).filled())),
            }
            .map_err(de)?;
            root.draw(&Text::new(
                name.to_string(),
                (lx + 60, yy),
                font(TICK_PX).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(de)?;
            yy += 46;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_labels_and_level_colours() {
        assert_eq!(short_designation("战略协作伙伴关系"), "战略协作");
        assert_eq!(short_designation("伙伴关系"), "伙伴关系");
        assert_eq!(short_designation("睦邻友好"), "睦邻友好");
        assert_eq!(level_color(0), RGBColor(0xBB, 0xBB, 0xBB));
        // ordinal: every level has its own colour, from dark to light
        let lum = |c: RGBColor| 0.2126 * c.0 as f64 + 0.7152 * c.1 as f64 + 0.0722 * c.2 as f64;
        for l in 1..MAX_LEVEL {
            assert!(lum(level_color(l)) < lum(level_color(l + 1)), "level {l}");
        }
    }
}
