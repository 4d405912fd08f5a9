//! Keyness of a target (a document or a group) against a reference, per term.
//!
//! For a term with count `a` in the target (size `c` tokens) and `b` in the reference (size `d`),
//! the 2×2 table is O11 = a, O12 = b, O21 = c − a, O22 = d − b, N = c + d, with expected counts
//! Eij = row total × column total / N. As in quanteda's `textstat_keyness()` and AntConc 4
//! ("4-term" statistics):
//!
//! - **G²** (log-likelihood, Dunning 1993) = 2 Σ Oij ln(Oij / Eij), 0 ln 0 = 0;
//!   **Williams' correction**: G² / q, q = 1 + (N/R1 + N/R2 − 1)(N/C1 + N/C2 − 1) / (6N);
//! - **chi²** = Σ (Oij − Eij)² / Eij; **Yates**: Σ (max(0, |Oij − Eij| − 0.5))² / Eij;
//! - p-values from the chi-square distribution with 1 degree of freedom, p = erfc(√(x/2));
//!   Bonferroni: p × m (capped at 1), m = number of terms tested;
//! - **log ratio** (Hardie 2014) = log2((a/c) / (b/d)), a zero count replaced by 0.5;
//! - **%DIFF** (Gabrielatos & Marchi 2012) = 100 (a/c − b/d) / (b/d); infinite (left empty in
//!   the table) when b = 0.
//!
//! `direction` is `over` when a/c > b/d (the target uses the term more), else `under`;
//! `signed_g2` carries that sign, as quanteda reports keyness.

use anyhow::{anyhow, Result};
use polars::prelude::*;

/// Options of a keyness computation.
#[derive(Debug, Clone)]
pub struct KeynessOptions {
    /// Minimum a + b for a term to be tested.
    pub min_count: u32,
    /// Significance level for the Bonferroni-corrected `significant` column.
    pub alpha: f64,
}

impl Default for KeynessOptions {
    fn default() -> Self {
        KeynessOptions { min_count: 3, alpha: 0.05 }
    }
}

/// The 2×2 statistics of one term.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    /// Log-likelihood G².
    pub g2: f64,
    /// G² with Williams' correction.
    pub g2_williams: f64,
    /// Pearson chi².
    pub chi2: f64,
    /// chi² with Yates' correction.
    pub chi2_yates: f64,
    /// Hardie's log ratio.
    pub log_ratio: f64,
    /// %DIFF (infinite when the reference count is 0).
    pub pct_diff: f64,
}

/// Upper-tail probability of the chi-square distribution with 1 degree of freedom.
pub fn p_chi2_1df(x: f64) -> f64 {
    if x <= 0.0 {
        1.0
    } else {
        libm::erfc((x / 2.0).sqrt())
    }
}

/// All statistics of a 2×2 table (see the module docs); a, b counts, c, d sizes.
pub fn two_by_two(a: f64, b: f64, c: f64, d: f64) -> Cell {
    let n = c + d;
    let r1 = a + b;
    let r2 = n - r1;
    let o = [a, b, c - a, d - b];
    let e = [c * r1 / n, d * r1 / n, c * r2 / n, d * r2 / n];
    let mut g2 = 0.0;
    let mut chi2 = 0.0;
    let mut yates = 0.0;
    for (o, e) in o.iter().zip(e.iter()) {
        if *o > 0.0 {
            g2 += o * (o / e).ln();
        }
        if *e > 0.0 {
            chi2 += (o - e).powi(2) / e;
            yates += ((o - e).abs() - 0.5).max(0.0).powi(2) / e;
        }
    }
    g2 *= 2.0;
    let q = 1.0 + (n / r1 + n / r2 - 1.0) * (n / c + n / d - 1.0) / (6.0 * n);
    let fa = if a > 0.0 { a } else { 0.5 };
    let fb = if b > 0.0 { b } else { 0.5 };
    let log_ratio = ((fa / c) / (fb / d)).log2();
    let pct_diff = if b > 0.0 { 100.0 * (a / c - b / d) / (b / d) } else { f64::INFINITY };
    Cell { g2, g2_williams: g2 / q, chi2, chi2_yates: yates, log_ratio, pct_diff }
}

fn pl(e: PolarsError) -> anyhow::Error {
    anyhow!("keyness: {e}")
}

/// Keyness of every term of target ∪ reference. `tokens` is the token table; sizes are word
/// tokens (punctuation excluded), terms are non-stopword tokens. Sorted by signed G² (over-used
/// first), then term.
pub fn keyness(
    tokens: &DataFrame,
    target: &[String],
    reference: &[String],
    opts: &KeynessOptions,
) -> Result<DataFrame> {
    let t = Series::new("t".into(), target.to_vec());
    let r = Series::new("r".into(), reference.to_vec());
    let in_t = col("doc_id").is_in(lit(t).implode(false), false);
    let in_r = col("doc_id").is_in(lit(r).implode(false), false);
    let lf = tokens.clone().lazy();
    let size = |f: Expr| -> Result<f64> {
        let df = lf.clone().filter(f.and(col("is_punct").not())).select([len().alias("n")]).collect().map_err(pl)?;
        Ok(df.column("n").map_err(pl)?.cast(&DataType::Float64).map_err(pl)?.f64().map_err(pl)?.get(0).unwrap_or(0.0))
    };
    let (c, d) = (size(in_t.clone())?, size(in_r.clone())?);
    if c == 0.0 || d == 0.0 {
        return Err(anyhow!("keyness: the target ({c} tokens) and the reference ({d} tokens) must both be non-empty"));
    }
    let counts = |f: Expr, name: &str| {
        lf.clone()
            .filter(f.and(col("is_stopword").not()))
            .group_by([col("token")])
            .agg([len().cast(DataType::UInt32).alias(name)])
    };
    let joined = counts(in_t, "a")
        .join(
            counts(in_r, "b"),
            [col("token")],
            [col("token")],
            JoinArgs::new(JoinType::Full).with_coalesce(JoinCoalesce::CoalesceColumns),
        )
        .with_columns([col("a").fill_null(lit(0u32)), col("b").fill_null(lit(0u32))])
        .filter((col("a") + col("b")).gt_eq(lit(opts.min_count)))
        .sort(["token"], SortMultipleOptions::default())
        .collect()
        .map_err(pl)?;
    let terms: Vec<String> =
        joined.column("token").map_err(pl)?.str().map_err(pl)?.iter().map(|s| s.unwrap_or("").to_string()).collect();
    let av: Vec<u32> = joined.column("a").map_err(pl)?.u32().map_err(pl)?.iter().map(|x| x.unwrap_or(0)).collect();
    let bv: Vec<u32> = joined.column("b").map_err(pl)?.u32().map_err(pl)?.iter().map(|x| x.unwrap_or(0)).collect();
    let m = terms.len().max(1) as f64;
    let cells: Vec<Cell> = av.iter().zip(&bv).map(|(a, b)| two_by_two(*a as f64, *b as f64, c, d)).collect();
    let over: Vec<bool> = av.iter().zip(&bv).map(|(a, b)| (*a as f64 / c) > (*b as f64 / d)).collect();
    let p_g2: Vec<f64> = cells.iter().map(|x| p_chi2_1df(x.g2)).collect();
    let col_f = |f: &dyn Fn(&Cell) -> f64| cells.iter().map(f).collect::<Vec<f64>>();
    let df = DataFrame::new_infer_height(vec![
        Column::new("term".into(), terms),
        Column::new("target_count".into(), av.clone()),
        Column::new("reference_count".into(), bv.clone()),
        Column::new("target_size".into(), vec![c as u64; cells.len()]),
        Column::new("reference_size".into(), vec![d as u64; cells.len()]),
        Column::new("target_per_10k".into(), av.iter().map(|a| *a as f64 / c * 1e4).collect::<Vec<_>>()),
        Column::new("reference_per_10k".into(), bv.iter().map(|b| *b as f64 / d * 1e4).collect::<Vec<_>>()),
        Column::new("g2".into(), col_f(&|x| x.g2)),
        Column::new("p_g2".into(), p_g2.clone()),
        Column::new("g2_williams".into(), col_f(&|x| x.g2_williams)),
        Column::new("p_g2_williams".into(), col_f(&|x| p_chi2_1df(x.g2_williams))),
        Column::new("chi2".into(), col_f(&|x| x.chi2)),
        Column::new("p_chi2".into(), col_f(&|x| p_chi2_1df(x.chi2))),
        Column::new("chi2_yates".into(), col_f(&|x| x.chi2_yates)),
        Column::new("p_chi2_yates".into(), col_f(&|x| p_chi2_1df(x.chi2_yates))),
        Column::new("log_ratio".into(), col_f(&|x| x.log_ratio)),
        Column::new(
            "pct_diff".into(),
            cells.iter().map(|x| x.pct_diff.is_finite().then_some(x.pct_diff)).collect::<Vec<Option<f64>>>(),
        ),
        Column::new("direction".into(), over.iter().map(|o| if *o { "over" } else { "under" }).collect::<Vec<_>>()),
        Column::new(
            "signed_g2".into(),
            cells.iter().zip(&over).map(|(x, o)| if *o { x.g2 } else { -x.g2 }).collect::<Vec<_>>(),
        ),
        Column::new("p_bonferroni".into(), p_g2.iter().map(|p| (p * m).min(1.0)).collect::<Vec<_>>()),
        Column::new("significant".into(), p_g2.iter().map(|p| (p * m).min(1.0) < opts.alpha).collect::<Vec<_>>()),
    ])
    .map_err(pl)?;
    df.lazy()
        .sort_by_exprs(
            [col("signed_g2"), col("term")],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .collect()
        .map_err(pl)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Worked 2×2 example: a = 10 of c = 1,000 tokens vs b = 20 of d = 9,000 tokens. Expected
    /// values computed independently (by hand from the formulas, checked in Python):
    /// E11 = 3, E12 = 27, E21 = 997, E22 = 8,973.
    #[test]
    fn worked_two_by_two() {
        let x = two_by_two(10.0, 20.0, 1000.0, 9000.0);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9 * b.abs().max(1.0);
        assert!(close(x.g2, 12.129994666211967), "{}", x.g2);
        assert!(close(x.g2_williams, 11.484852089343269), "{}", x.g2_williams);
        assert!(close(x.chi2, 18.202756417400344), "{}", x.chi2);
        assert!(close(x.chi2_yates, 15.69523384969724), "{}", x.chi2_yates);
        assert!(close(x.log_ratio, 2.169925001442312), "{}", x.log_ratio);
        assert!(close(x.pct_diff, 350.0), "{}", x.pct_diff);
        assert!(close(p_chi2_1df(x.g2), 0.0004961726186900595));
        assert!(close(p_chi2_1df(x.chi2_yates), 7.441143966414967e-05));
        // classic critical values: chi² = 3.841 ↔ p = 0.05, 6.635 ↔ 0.01
        assert!((p_chi2_1df(3.841458820694124) - 0.05).abs() < 1e-9);
        assert!((p_chi2_1df(6.634896601021214) - 0.01).abs() < 1e-9);
    }

    #[test]
    fn zero_counts_and_symmetry() {
        let x = two_by_two(0.0, 20.0, 1000.0, 9000.0);
        assert!(x.g2 > 0.0 && x.log_ratio < 0.0);
        assert!(two_by_two(5.0, 0.0, 1000.0, 9000.0).pct_diff.is_infinite());
        assert!((x.log_ratio - ((0.5f64 / 1000.0) / (20.0 / 9000.0)).log2()).abs() < 1e-12);
        // swapping target and reference leaves G² and chi² unchanged
        let y = two_by_two(20.0, 10.0, 9000.0, 1000.0);
        let z = two_by_two(10.0, 20.0, 1000.0, 9000.0);
        assert!((y.g2 - z.g2).abs() < 1e-9 && (y.chi2 - z.chi2).abs() < 1e-9);
    }

    #[test]
    fn keyness_table() {
        let tokens = df!(
            "doc_id" => ["t", "t", "t", "r", "r", "r", "r"],
            "token" => ["双方", "双方", "，", "双方", "合作", "合作", "合作"],
            "is_punct" => [false, false, true, false, false, false, false],
            "is_stopword" => [false, false, true, false, false, false, false],
        )
        .unwrap();
        let k = keyness(&tokens, &["t".into()], &["r".into()], &KeynessOptions { min_count: 1, alpha: 0.05 }).unwrap();
        let terms: Vec<&str> = k.column("term").unwrap().str().unwrap().iter().map(|x| x.unwrap()).collect();
        assert_eq!(terms, vec!["双方", "合作"]);
        let size: Vec<u64> = k.column("target_size").unwrap().u64().unwrap().iter().map(|x| x.unwrap()).collect();
        assert_eq!(size, vec![2, 2], "punctuation is not counted in the size");
        let x = two_by_two(2.0, 1.0, 2.0, 4.0);
        let g2 = k.column("g2").unwrap().f64().unwrap().get(0).unwrap();
        assert!((g2 - x.g2).abs() < 1e-12);
    }
}
