//! Lines with markers over evenly spaced x positions.

use super::style::*;
use super::{de, font, frame, Chart, ChartText};
use crate::error::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The k-th of five marker shapes (filled circle, filled triangle, cross, ring, open triangle) at a
/// pixel position: series stay distinguishable without colour.
fn draw_marker<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, p: (i32, i32), k: usize, c: RGBColor) -> Result<()> {
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
/// percent, else shown as they are. Draws `text.x_label` and `text.y_label`.
#[derive(Debug, Clone)]
pub struct LineChart<'a> {
    /// Title, subtitle, axis descriptions and source line.
    pub text: ChartText,
    /// Tick labels of the x positions, left first.
    pub x_labels: &'a [String],
    /// The lines; one value per x position.
    pub series: &'a [Series],
    /// Values are shares (0–1), shown in percent.
    pub percent: bool,
}

impl Chart for LineChart<'_> {
    fn size(&self) -> (u32, u32) {
        (WIDTH, 1400)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let (x_labels, series, percent) = (self.x_labels, self.series, self.percent);
        let (x_label, y_label) = (self.text.x_label.as_str(), self.text.y_label.as_str());
        let area = frame(root, &self.text)?;
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
                draw_marker(root, chart.backend_coord(&p), k, c)?;
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
            draw_marker(root, (lx + 45, y), k, c)?;
            root.draw(&Text::new(s.name.clone(), (lx + 82, y), font(TICK_PX).pos(Pos::new(HPos::Left, VPos::Center))))
                .map_err(de)?;
        }
        Ok(())
    }
}
