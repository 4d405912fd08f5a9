//! Stage 6 — report: `report.md` with the charts and key tables, every table as CSV and
//! Parquet under `tables/`, and `provenance.json`.
//!
//! The report and tables hold no timestamps or absolute paths, so two runs on the same input
//! produce byte-identical files; run-specific facts (timings, command line) go to
//! `provenance.json` only.

mod figures;
pub mod html;
mod markdown;
mod package;
mod sections;
mod tables;

pub use figures::{draw_charts, Figure, FIGURES};
pub use markdown::{md_table, md_table_all};
pub use package::{write_provenance, JIEBA_VERSION, POLARS_VERSION};
pub use sections::write_report;
pub use tables::{primary_key, table_named, write_ahead, Table, TABLES};

use crate::charts;

/// What the report shows (how many terms, when to switch to archive-scale views); the
/// analysis itself is in [`Analysis`].
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// Terms in the focus chart and table.
    pub top_n: usize,
    /// Terms in the corpus heatmap and table.
    pub heat_terms: usize,
    /// When to draw groups of statements instead of one column each, and which similarity
    /// table was written.
    pub scale: crate::compare::ScaleOptions,
    /// Chart file formats (PNG is always written; SVG in addition when listed).
    pub chart_formats: Vec<charts::ChartFormat>,
}
