//! Dispersion of a term across statements, and trends of terms over periods.
//!
//! **Dispersion.** Every occurrence (exact token) gets its relative position in its statement
//! (word-token index / word tokens, 0 = start, 1 = end). Across the n statements (parts) with
//! sizes sᵢ (share of the selection's word tokens) and frequencies vᵢ (f = Σvᵢ):
//! - Gries' **DP** = ½ Σ |vᵢ/f − sᵢ|, and DP_norm = DP / (1 − min sᵢ) (Gries 2008; Lijffijt &
//!   Gries 2012): 0 = spread as the part sizes predict, → 1 = concentrated;
//! - **Juilland's D** = 1 − V / √(n − 1), V = coefficient of variation (population sd / mean) of
//!   the relative frequencies vᵢ/sizeᵢ (Juilland & Chang-Rodríguez 1964): 1 = even, 0 = uneven.
//!
//! **Trends.** Per period (year, decade or any metadata column) and term: count, word tokens of
//! the period, per-10k relative frequency, statements in the period and statements using the
//! term — the statement counts make thin periods visible.

use crate::error::Result;
use crate::stats::measures;
use crate::tokenize::DocTokens;
use polars::prelude::*;

fn pl(e: PolarsError) -> crate::Error {
    crate::error::polars("dispersion")(e)
}

/// DP, DP_norm and Juilland's D from per-part frequencies and sizes (see the module docs).
/// Returns `None` when the term does not occur or there are fewer than two parts.
/// The formulas are [`measures::gries_dp`] and [`measures::juilland_d`].
pub fn dispersion_measures(freqs: &[f64], sizes: &[f64]) -> Option<(f64, f64, f64)> {
    let (dp, dp_norm) = measures::gries_dp(freqs, sizes)?;
    Some((dp, dp_norm, measures::juilland_d(freqs, sizes)?))
}

/// Where `jointstat dispersion --out FILE.EXT` writes the measures: `FILE.dispersion.EXT`.
pub fn measures_path(out: &std::path::Path) -> std::path::PathBuf {
    let stem = out.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let ext = out.extension().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    out.with_file_name(format!("{stem}.dispersion.{ext}"))
}

/// Positions of `term` in each document and the dispersion summary.
/// Returns (positions: `doc_id, position, rel_position`, summary: one row).
pub fn dispersion(docs: &[&DocTokens], term: &str) -> Result<(DataFrame, DataFrame)> {
    let (mut id, mut pos, mut rel) = (Vec::new(), Vec::new(), Vec::new());
    let mut freqs = Vec::new();
    let mut sizes = Vec::new();
    for d in docs {
        let words: Vec<&str> = d.iter().filter(|t| !t.is_punct).map(|t| t.text).collect();
        let n = words.len().max(1) as f64;
        let mut v = 0.0;
        for (i, w) in words.iter().enumerate() {
            if *w == term {
                id.push(d.doc_id.clone());
                pos.push(i as u32);
                rel.push(i as f64 / n);
                v += 1.0;
            }
        }
        freqs.push(v);
        sizes.push(words.len() as f64);
    }
    let positions = DataFrame::new_infer_height(vec![
        Column::new("doc_id".into(), id),
        Column::new("position".into(), pos),
        Column::new("rel_position".into(), rel),
    ])
    .map_err(pl)?;
    let m = dispersion_measures(&freqs, &sizes);
    let summary = DataFrame::new_infer_height(vec![
        Column::new("term".into(), vec![term.to_string()]),
        Column::new("count".into(), vec![freqs.iter().sum::<f64>() as u32]),
        Column::new("statements".into(), vec![docs.len() as u32]),
        Column::new("statements_with_term".into(), vec![freqs.iter().filter(|v| **v > 0.0).count() as u32]),
        Column::new("dp".into(), vec![m.map(|x| x.0)]),
        Column::new("dp_norm".into(), vec![m.map(|x| x.1)]),
        Column::new("juilland_d".into(), vec![m.map(|x| x.2)]),
    ])
    .map_err(pl)?;
    Ok((positions, summary))
}

/// Trends: `tokens` (the token table), `periods` (`doc_id`, `period` for the selected documents),
/// `terms` to follow. One row per (period, term), zeros included; sorted by period, then the
/// order of `terms`.
pub fn trend(tokens: &DataFrame, periods: &DataFrame, terms: &[String]) -> Result<DataFrame> {
    let words = tokens.clone().lazy().filter(col("is_punct").not()).join(
        periods.clone().lazy(),
        [col("doc_id")],
        [col("doc_id")],
        JoinArgs::new(JoinType::Inner),
    );
    let period_tokens = words.clone().group_by([col("period")]).agg([len().cast(DataType::UInt32).alias("tokens")]);
    let sel = Series::new("terms".into(), terms.to_vec());
    let counts = words
        .filter(col("token").is_in(lit(sel).implode(false), false))
        .group_by([col("period"), col("token").alias("term")])
        .agg([
            len().cast(DataType::UInt32).alias("count"),
            col("doc_id").n_unique().cast(DataType::UInt32).alias("statements_with_term"),
        ]);
    crate::stats::trend_table(periods, period_tokens, terms, counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Worked examples (checked in Python): parts of 100, 200 and 700 tokens.
    #[test]
    fn dp_and_juilland() {
        let sizes = [100.0, 200.0, 700.0];
        let (dp, dpn, d) = dispersion_measures(&[1.0, 2.0, 7.0], &sizes).unwrap();
        assert!(dp.abs() < 1e-12 && dpn.abs() < 1e-12 && (d - 1.0).abs() < 1e-12, "perfectly even");
        let (dp, dpn, d) = dispersion_measures(&[0.0, 0.0, 10.0], &sizes).unwrap();
        assert!((dp - 0.3).abs() < 1e-12 && (dpn - 1.0 / 3.0).abs() < 1e-12 && d.abs() < 1e-12);
        let (dp, dpn, d) = dispersion_measures(&[5.0, 1.0, 4.0], &sizes).unwrap();
        assert!((dp - 0.4).abs() < 1e-12);
        assert!((dpn - 0.4444444444444444).abs() < 1e-12);
        assert!((d - 0.26463529750555714).abs() < 1e-12);
        assert!(dispersion_measures(&[0.0, 0.0], &[1.0, 1.0]).is_none());
    }

    #[test]
    fn trend_counts_and_zeros() {
        let tokens = df!(
            "doc_id" => ["a", "a", "a", "b", "b"],
            "token" => ["双方", "合作", "。", "合作", "合作"],
            "is_punct" => [false, false, true, false, false],
        )
        .unwrap();
        let periods = df!("doc_id" => ["a", "b"], "period" => ["1990s", "2000s"]).unwrap();
        let t = trend(&tokens, &periods, &["合作".to_string(), "双方".to_string()]).unwrap();
        assert_eq!(t.height(), 4);
        let per: Vec<f64> = t.column("per_10k").unwrap().f64().unwrap().iter().map(|x| x.unwrap()).collect();
        assert_eq!(per, vec![5000.0, 5000.0, 10000.0, 0.0]);
    }
}
