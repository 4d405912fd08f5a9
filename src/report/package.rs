//! The package around the tables: `datapackage.json` (Frictionless Tabular Data Package) and
//! `provenance.json` (versions, inputs with sha256, resources, options, timings).

use super::tables::primary_key;
use super::ReportOptions;
use crate::analysis::Analysis;
use crate::error::{output, Error, Result};
use crate::output::write_atomic;
use polars::prelude::*;
use std::path::Path;

/// Frictionless type of a polars column.
fn frictionless_type(dt: &DataType) -> &'static str {
    match dt {
        DataType::Boolean => "boolean",
        DataType::Date => "date",
        DataType::Float32 | DataType::Float64 => "number",
        d if d.is_integer() => "integer",
        _ => "string",
    }
}

/// `datapackage.json` (Frictionless Tabular Data Package) describing every CSV table, so R
/// (`frictionless::read_package`) and Python (`frictionless`, `pandas`) load them with one call.
pub(super) fn write_datapackage(tables: &[(&str, &DataFrame)], a: &Analysis, dir: &Path) -> Result<()> {
    if let Some((name, _)) = tables.iter().find(|(n, _)| primary_key(n).is_empty()) {
        return Err(Error::Data { what: "datapackage", problem: format!("table {name} has no primary key") });
    }
    let resources: Vec<serde_json::Value> = tables
        .iter()
        .map(|(name, df)| {
            let fields: Vec<serde_json::Value> = df
                .columns()
                .iter()
                .map(|c| serde_json::json!({"name": c.name().as_str(), "type": frictionless_type(c.dtype())}))
                .collect();
            serde_json::json!({
                "name": name.replace('_', "-"),
                "path": format!("tables/{name}.csv"),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "missingValues": [""], "primaryKey": primary_key(name)},
            })
        })
        .collect();
    let name: String = a
        .run
        .name
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '-' })
        .collect();
    let v = serde_json::json!({
        "profile": "tabular-data-package",
        "name": format!("jointstat-{name}"),
        "title": match &a.focus {
            Some(f) => format!("jointstat tables, focus {}", f.id),
            None => "jointstat tables, corpus-level (no focus statement)".to_string(),
        },
        "description": "Tables written by jointstat analyze; column meanings in reports/README.md of the jointstat repository.",
        "resources": resources,
    });
    let path = dir.join("datapackage.json");
    write_atomic(&path, serde_json::to_string_pretty(&v).map_err(output(&path, "JSON"))?.as_bytes())
}

/// jieba-rs version pinned in Cargo.toml.
pub const JIEBA_VERSION: &str = "0.11.0";

/// polars version pinned in Cargo.toml.
pub const POLARS_VERSION: &str = "0.55.2";

/// Write `provenance.json`: versions, inputs with sha256, resources, options, timings.
pub fn write_provenance(a: &Analysis, opts: &ReportOptions, dir: &Path) -> Result<()> {
    let files: Vec<serde_json::Value> = a
        .corpus
        .docs
        .iter()
        .map(|d| serde_json::json!({"id": d.id, "file": d.file, "sha256": d.sha256, "encoding": d.encoding}))
        .collect();
    let v = serde_json::json!({
        "tool": {"name": "jointstat", "version": env!("CARGO_PKG_VERSION"), "git_commit": env!("JOINTSTAT_GIT_COMMIT")},
        "crates": {"jieba-rs": JIEBA_VERSION, "polars": POLARS_VERSION},
        "command_line": a.run.command_line,
        "options": {
            "corpus": a.run.corpus_dir.display().to_string(),
            "focus": a.focus.as_ref().map(|f| f.id.as_str()),
            "include_partial": a.run.include_partial,
            "max_file_bytes": a.run.ingest.max_file_bytes,
            "allow_outside_corpus": a.run.ingest.allow_outside_corpus,
            "strict": a.run.strict,
            "top_n": opts.top_n,
            "heat_terms": opts.heat_terms,
            "all_pairs_max": opts.scale.all_pairs_max,
            "top_k": opts.scale.top_k,
            "chart_statements": opts.scale.chart_statements,
            "font": a.run.font.display().to_string(),
        },
        "resources": {
            "clause_rules": {"source": a.run.rules.source, "sha256": a.run.rules.sha256, "version": a.rules.version},
            "userdict": {"source": a.run.userdict.source, "sha256": a.run.userdict.sha256, "entries": a.run.user_words},
            "stopwords": {"source": a.run.stopwords.source, "sha256": a.run.stopwords.sha256},
            "designation_rules": {"source": a.run.designation_rules.source, "sha256": a.run.designation_rules.sha256},
            "one_china_element_rules": {"source": a.run.element_rules.source, "sha256": a.run.element_rules.sha256},
            "clause_model": {"source": a.run.clause_model.source, "sha256": a.run.clause_model.sha256},
        },
        "manifest_sha256": a.corpus.manifest_sha256,
        "inputs": files,
        "input_problems": a.corpus.problems.len(),
        "views": {
            "similarity_table": match a.comparison.similarity_view {
                crate::compare::SimilarityView::AllPairs => "all_pairs".to_string(),
                crate::compare::SimilarityView::TopK(k) => format!("top_{k}"),
            },
            "charts": match &a.comparison.sim_heatmap.grouped_by {
                None if a.corpus.docs.len() <= opts.scale.chart_statements => "per_statement".to_string(),
                None => "aggregated".to_string(),
                Some(by) => format!("by_{by}"),
            },
        },
        "timings_seconds": a.run.timings.iter().map(|t| (t.stage.to_string(), serde_json::json!((t.seconds * 1e4).round() / 1e4))).collect::<serde_json::Map<_, _>>(),
    });
    let path = dir.join("provenance.json");
    write_atomic(&path, serde_json::to_string_pretty(&v).map_err(output(&path, "JSON"))?.as_bytes())
}
