//! Heatmap with row and column labels and a viridis colour bar.

use super::axes::{cell_grid, column_label_height, column_labels};
use super::style::*;
use super::{de, font, frame, Chart, ChartText};
use crate::error::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::colors::colormaps::{ColorMap, ViridisRGB};
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Minimum space (px) between the colour bar's label and the right edge of the chart.
const SCALE_LABEL_MARGIN: i32 = 20;

/// Heatmap of `values[row][col]` with row and column labels and a viridis colour bar.
/// Draws `text.x_label` and `text.y_label`.
#[derive(Debug, Clone)]
pub struct Heatmap<'a> {
    /// Title, subtitle, axis descriptions and source line.
    pub text: ChartText,
    /// Row labels, top first.
    pub rows: &'a [String],
    /// Column labels, left first.
    pub cols: &'a [String],
    /// `values[row][col]` (non-negative; the colour scale runs from 0 to the maximum).
    pub values: &'a [Vec<f64>],
    /// Label of the colour bar.
    pub scale_label: String,
}

impl Chart for Heatmap<'_> {
    fn size(&self) -> (u32, u32) {
        let nr = self.rows.len().max(1);
        let row_px = (1500 / nr as u32).clamp(24, 54);
        (WIDTH, 520 + row_px * nr as u32)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let (rows, cols, values) = (self.rows, self.cols, self.values);
        let (x_label, y_label, scale_label) =
            (self.text.x_label.as_str(), self.text.y_label.as_str(), self.scale_label.as_str());
        let (nr, nc) = (rows.len().max(1), cols.len().max(1));
        // rows are 54 px high, less for large matrices (a 49 × 49 similarity matrix stays on a page)
        let row_px = (1500 / nr as u32).clamp(24, 54);
        let row_font = if row_px >= 40 { TICK_PX } else { SMALL_PX - 4 };
        let area = frame(root, &self.text)?;
        let (plot, bar) = area.split_horizontally(WIDTH - 260);
        let vmax = values.iter().flatten().cloned().fold(0.0, f64::max).max(1e-9);
        let row_w = rows.iter().map(|r| text_px(r, row_font)).max().unwrap_or(0) + 30 + LABEL_PX + 20;
        let col_h = column_label_height(cols, 30);
        let mut chart = cell_grid(&plot, (nc, nr), (col_h, row_w), x_label, Some(y_label))?;
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
        column_labels(root, &chart, cols)?;
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
        // the colour bar's label starts above the bar; a label too long for the space right of
        // it ends at the chart's right margin instead (measured with the registered font)
        let label_style = font(SMALL_PX).pos(Pos::new(HPos::Left, VPos::Bottom));
        let (label_w, _) = root.estimate_text_size(scale_label, &label_style).map_err(de)?;
        let right = root.dim_in_pixel().0 as i32 - SCALE_LABEL_MARGIN;
        let lx = x0.min(right - label_w as i32);
        root.draw(&Text::new(scale_label.to_string(), (lx, top - 16), label_style)).map_err(de)?;
        Ok(())
    }
}
