//! Diverging horizontal bars (positive right, negative left).

use super::axes::{rows_over_x, swatch_legend};
use super::style::*;
use super::{de, font, frame, Chart, ChartText};
use crate::error::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Diverging horizontal bars: positive values to the right (blue), negative to the left
/// (orange), one row per label, first label on top; `legend` names the two directions.
/// Draws `text.x_label` (the y axis holds the labels).
#[derive(Debug, Clone)]
pub struct DivergingBars<'a> {
    /// Title, subtitle, axis descriptions and source line.
    pub text: ChartText,
    /// (label, signed value), top first.
    pub rows: &'a [(String, f64)],
    /// Legend names of the positive and the negative direction.
    pub legend: (String, String),
}

impl Chart for DivergingBars<'_> {
    fn size(&self) -> (u32, u32) {
        let n = self.rows.len().max(1);
        (WIDTH, 300 + 52 * n as u32)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let rows = self.rows;
        let x_label = self.text.x_label.as_str();
        let legend = (self.legend.0.as_str(), self.legend.1.as_str());
        let n = rows.len().max(1);
        let area = frame(root, &self.text)?;
        let vmax = rows.iter().map(|r| r.1.abs()).fold(0.0, f64::max).max(1e-9) * 1.15;
        let label_w = rows.iter().map(|r| text_px(&r.0, TICK_PX)).max().unwrap_or(0) + 40;
        let mut chart = rows_over_x(&area, -vmax..vmax, n, (100, label_w), x_label, &|v| format_tick(*v))?;
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
        swatch_legend(root, (lx + 20, ly - 110), &[(legend.0, OKABE_ITO[0]), (legend.1, OKABE_ITO[1])])
    }
}
