//! Scatter chart of points coloured by group.

use super::style::*;
use super::{de, font, frame, Chart, ChartText};
use crate::error::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

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
/// `hollow_note` in the legend. Draws `text.x_label` and `text.y_label`.
#[derive(Debug, Clone)]
pub struct Scatter<'a> {
    /// Title, subtitle, axis descriptions and source line.
    pub text: ChartText,
    /// The points.
    pub points: &'a [Point],
    /// Legend entry explaining hollow markers (shown only when a point is hollow).
    pub hollow_note: String,
}

impl Chart for Scatter<'_> {
    fn size(&self) -> (u32, u32) {
        (WIDTH, 1400)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let (points, hollow_note) = (self.points, self.hollow_note.as_str());
        let (x_label, y_label) = (self.text.x_label.as_str(), self.text.y_label.as_str());
        let mut groups: Vec<String> = points.iter().map(|p| p.group.clone()).collect();
        groups.sort();
        groups.dedup();
        let color_of = |g: &str| OKABE_ITO[groups.iter().position(|x| x == g).unwrap_or(0) % OKABE_ITO.len()];
        let area = frame(root, &self.text)?;
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
        Ok(())
    }
}
