//! Dispersion plot: one lane per statement, a tick per occurrence.

use super::axes::rows_over_x;
use super::style::*;
use super::{de, font, frame, Chart, ChartText};
use crate::error::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Dispersion plot: one lane per statement, a tick at the relative position (0–1) of each
/// occurrence; lanes without an occurrence are drawn empty. Draws `text.x_label` (the y axis
/// holds the lane labels).
#[derive(Debug, Clone)]
pub struct DispersionPlot<'a> {
    /// Title, subtitle, axis descriptions and source line.
    pub text: ChartText,
    /// (lane label, relative positions 0–1 of the occurrences), top first.
    pub lanes: &'a [(String, Vec<f64>)],
}

impl Chart for DispersionPlot<'_> {
    fn size(&self) -> (u32, u32) {
        let n = self.lanes.len().max(1);
        (WIDTH, 330 + 30 * n as u32)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let lanes = self.lanes;
        let x_label = self.text.x_label.as_str();
        let n = lanes.len().max(1);
        let area = frame(root, &self.text)?;
        let label_w = lanes.iter().map(|r| text_px(&r.0, SMALL_PX - 2)).max().unwrap_or(0) + 90;
        let mut chart = rows_over_x(&area, 0.0..1.0, n, (100, label_w), x_label, &|v| format!("{:.1}", v))?;
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
        Ok(())
    }
}
