//! The plot areas the chart kinds share: horizontal rows of bars or lanes over a numeric x
//! axis, a grid of unit cells with rotated column labels, and a legend of colour swatches.

use super::style::*;
use super::{de, font};
use crate::error::Result;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::ops::Range;

/// A chart whose both axes are `f64` ranges.
pub(crate) type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// `n` horizontal rows (row `i` spans `i..i+1` on the y axis, no y ticks) over the x range `x`,
/// with light vertical grid lines, x ticks written by `ticks` and the x axis described by
/// `x_label`. `x_area` is the height of the x tick area, `y_area` the width left for the row
/// labels (drawn by the caller).
pub(crate) fn rows_over_x<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    x: Range<f64>,
    n: usize,
    (x_area, y_area): (u32, u32),
    x_label: &str,
    ticks: &dyn Fn(&f64) -> String,
) -> Result<Plot<'a, DB>> {
    let mut chart = ChartBuilder::on(area)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(x, 0.0..n as f64)
        .map_err(de)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_desc(x_label)
        .axis_desc_style(font(LABEL_PX))
        .x_label_style(font(TICK_PX))
        .x_label_formatter(ticks)
        .light_line_style(RGBColor(0xF2, 0xF2, 0xF2))
        .draw()
        .map_err(de)?;
    Ok(chart)
}

/// A grid of `nc` × `nr` unit cells without mesh or ticks; `col_h` is the height left for the
/// column labels, `row_w` the width left for the row labels (both drawn by the caller), and
/// the axes are described by `x_label` and, when given, `y_label`.
pub(crate) fn cell_grid<'a, DB: DrawingBackend>(
    plot: &'a DrawingArea<DB, Shift>,
    (nc, nr): (usize, usize),
    (col_h, row_w): (u32, u32),
    x_label: &str,
    y_label: Option<&str>,
) -> Result<Plot<'a, DB>> {
    let mut chart = ChartBuilder::on(plot)
        .x_label_area_size(col_h)
        .y_label_area_size(row_w)
        .build_cartesian_2d(0.0..nc as f64, 0.0..nr as f64)
        .map_err(de)?;
    let mut mesh = chart.configure_mesh();
    mesh.disable_mesh().x_labels(0).y_labels(0).x_desc(x_label);
    if let Some(y) = y_label {
        mesh.y_desc(y);
    }
    mesh.axis_desc_style(font(LABEL_PX)).draw().map_err(de)?;
    Ok(chart)
}

/// Height (px) of the area for column labels rotated by [`column_labels`]: the longest label
/// plus `extra`.
pub(crate) fn column_label_height(labels: &[String], extra: u32) -> u32 {
    labels.iter().map(|c| text_px(c, SMALL_PX - 4)).max().unwrap_or(0) + 30 + LABEL_PX + extra
}

/// Column labels of a [`cell_grid`], rotated, under the middle of each column.
pub(crate) fn column_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Plot<'_, DB>,
    labels: &[String],
) -> Result<()> {
    for (c, label) in labels.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(c as f64 + 0.5, 0.0));
        let style = font(SMALL_PX - 4).transform(FontTransform::Rotate270).pos(Pos::new(HPos::Right, VPos::Center));
        root.draw(&Text::new(label.clone(), (px, py + 10), style)).map_err(de)?;
    }
    Ok(())
}

/// A legend of colour swatches, one under the other (46 px apart), the first swatch's top
/// left corner at `(x, y)`.
pub(crate) fn swatch_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    (x, y): (i32, i32),
    entries: &[(&str, RGBColor)],
) -> Result<()> {
    for (k, (name, c)) in entries.iter().enumerate() {
        let y0 = y + k as i32 * 46;
        root.draw(&Rectangle::new([(x, y0), (x + 36, y0 + 30)], c.filled())).map_err(de)?;
        root.draw(&Text::new(
            name.to_string(),
            (x + 48, y0 + 15),
            font(TICK_PX).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(de)?;
    }
    Ok(())
}
