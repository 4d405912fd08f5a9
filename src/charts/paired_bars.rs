//! Horizontal paired bars: a focus value and a reference value per label.

use super::axes::{rows_over_x, swatch_legend};
use super::style::*;
use super::{de, font, frame, Chart, ChartText};
use crate::error::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

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
/// Draws `text.x_label` (the y axis holds the labels).
#[derive(Debug, Clone)]
pub struct PairedBars<'a> {
    /// Title, subtitle, axis descriptions and source line.
    pub text: ChartText,
    /// The bar pairs, top first.
    pub bars: &'a [PairedBar],
    /// Legend names of `a` and `b`.
    pub legend: (String, String),
}

impl Chart for PairedBars<'_> {
    fn size(&self) -> (u32, u32) {
        let n = self.bars.len().max(1);
        (WIDTH, 260 + 62 * n as u32)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let (bars, x_label) = (self.bars, self.text.x_label.as_str());
        let legend = (self.legend.0.as_str(), self.legend.1.as_str());
        let n = bars.len().max(1);
        let area = frame(root, &self.text)?;
        let xmax = bars.iter().map(|b| b.a.max(b.b)).fold(0.0, f64::max).max(1e-9) * 1.12;
        let mut chart = rows_over_x(&area, 0.0..xmax, n, (90, 330), x_label, &|v| format_tick(*v))?;
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
        swatch_legend(root, (lx - 560, ly - 130), &[(legend.0, ca), (legend.1, cb)])
    }
}
