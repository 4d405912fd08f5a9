//! Dot matrix: rows × columns, a dot coloured by category.

use super::axes::{cell_grid, column_label_height, column_labels};
use super::style::*;
use super::{de, font, frame, Chart, ChartText};
use crate::error::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A dot matrix: rows × columns, a dot where `cells[row][col]` is `Some(category)`, coloured by
/// category (legend below the title), empty cells marked by a small grey point. Draws
/// `text.x_label` (the y axis holds the row labels).
#[derive(Debug, Clone)]
pub struct DotMatrix<'a> {
    /// Title, subtitle, axis descriptions and source line.
    pub text: ChartText,
    /// Row labels, top first.
    pub rows: &'a [String],
    /// Column labels, left first.
    pub columns: &'a [String],
    /// `cells[row][col]`: index into `categories`, or `None` for no dot.
    pub cells: &'a [Vec<Option<usize>>],
    /// Category names (legend), in colour order.
    pub categories: &'a [String],
}

impl Chart for DotMatrix<'_> {
    fn size(&self) -> (u32, u32) {
        let nr = self.rows.len().max(1);
        (WIDTH, 640 + 64 * nr as u32)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let (rows, columns, cells, categories) = (self.rows, self.columns, self.cells, self.categories);
        let x_label = self.text.x_label.as_str();
        let (nr, nc) = (rows.len().max(1), columns.len().max(1));
        let area = frame(root, &self.text)?;
        let (legend, plot) = area.split_vertically(70);
        let row_w = rows.iter().map(|r| text_px(r, SMALL_PX)).max().unwrap_or(0) + 40;
        let col_h = column_label_height(columns, 20);
        let mut chart = cell_grid(&plot, (nc, nr), (col_h, row_w), x_label, None)?;
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
        column_labels(root, &chart, columns)?;
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
        Ok(())
    }
}
