//! Vertical stacked bars (shares per column).

use super::style::*;
use super::{de, font, frame, Chart, ChartText};
use crate::error::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Vertical stacked bars: one bar per column label, the series stacked (values should sum to
/// 1 per column; the axis shows percent), with a legend on the right. Draws `text.x_label`
/// and `text.y_label`.
#[derive(Debug, Clone)]
pub struct StackedBars<'a> {
    /// Title, subtitle, axis descriptions and source line.
    pub text: ChartText,
    /// Column (bar) labels, left first.
    pub columns: &'a [String],
    /// The stacked series, bottom first; one value (share 0–1) per column.
    pub series: &'a [Series],
}

impl Chart for StackedBars<'_> {
    fn size(&self) -> (u32, u32) {
        (WIDTH, 1500)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let (columns, series) = (self.columns, self.series);
        let (x_label, y_label) = (self.text.x_label.as_str(), self.text.y_label.as_str());
        let n = columns.len().max(1);
        let area = frame(root, &self.text)?;
        let legend_w = series.iter().map(|x| text_px(&x.name, TICK_PX)).max().unwrap_or(0) + 110;
        let (plot, legend) = area.split_horizontally(WIDTH - legend_w);
        let col_h = columns.iter().map(|c| text_px(c, SMALL_PX - 4)).max().unwrap_or(0) + 30 + LABEL_PX + 20;
        let mut chart = ChartBuilder::on(&plot)
            .x_label_area_size(col_h)
            .y_label_area_size(130)
            .build_cartesian_2d(0.0..n as f64, 0.0..100.0)
            .map_err(de)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_desc(y_label)
            .x_desc(x_label)
            .axis_desc_style(font(LABEL_PX))
            .y_label_style(font(TICK_PX))
            .y_label_formatter(&|v| format!("{:.0}%", v))
            .light_line_style(RGBColor(0xF2, 0xF2, 0xF2))
            .draw()
            .map_err(de)?;
        for (c, label) in columns.iter().enumerate() {
            let mut base = 0.0;
            for (k, s) in series.iter().enumerate() {
                let v = s.values.get(c).copied().unwrap_or(0.0) * 100.0;
                if v > 0.0 {
                    chart
                        .draw_series([Rectangle::new(
                            [(c as f64 + 0.12, base), (c as f64 + 0.88, base + v)],
                            category_color(k, &s.name).filled(),
                        )])
                        .map_err(de)?;
                }
                base += v;
            }
            let (px, py) = chart.backend_coord(&(c as f64 + 0.5, 0.0));
            let style = font(SMALL_PX - 4).transform(FontTransform::Rotate270).pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(label.clone(), (px, py + 10), style)).map_err(de)?;
        }
        let (lx, ly) = legend.get_base_pixel();
        for (k, s) in series.iter().enumerate().rev() {
            let y = ly + 40 + (series.len() - 1 - k) as i32 * 46;
            root.draw(&Rectangle::new([(lx + 20, y - 15), (lx + 52, y + 15)], category_color(k, &s.name).filled()))
                .map_err(de)?;
            root.draw(&Text::new(s.name.clone(), (lx + 64, y), font(TICK_PX).pos(Pos::new(HPos::Left, VPos::Center))))
                .map_err(de)?;
        }
        Ok(())
    }
}
