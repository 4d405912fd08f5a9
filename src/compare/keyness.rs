//! Keyness of a target (a document or a group) against a reference, per term.
//!
//! For a term with count `a` in the target (size `c` tokens) and `b` in the reference (size `d`),
//! the 2×2 table is O11 = a, O12 = b, O21 = c − a, O22 = d − b, N = c + d, with expected counts
//! Eij = row total × column total / N. As in quanteda's `textstat_keyness()` and AntConc 4
//! ("4-term" statistics):
//!
//! - **G²** (log-likelihood, Dunning 1993) = 2 Σ Oij ln(Oij / Eij), 0 ln 0 = 0;
//!   **Williams' correction** (Williams 1976): G² / q, q = 1 + (N/R1 + N/R2 − 1)(N/C1 + N/C2 − 1) / (6N);
//! - **chi²** = Σ (Oij − Eij)² / Eij; **Yates**: Σ (max(0, |Oij − Eij| − 0.5))² / Eij, i.e. every
//!   cell moved 0.5 towards its expected count (at most to it), as `scipy.stats.chi2_contingency(
//!   correction=True)`; the Yates-corrected G² is G² of that moved table;
//! - p-values from the chi-square distribution with 1 degree of freedom, p = erfc(√(x/2)) (the
//!   upper tail itself, so p below 1e-16 is not rounded to 0 as `1 − pchisq(x, 1)` would be);
//!   Bonferroni: p × m (capped at 1), m = number of terms tested;
//! - **log ratio** (Hardie 2014) = log2((a/c) / (b/d)), a zero count replaced by 0.5; its standard
//!   error on the natural-log scale is √(1/a + 1/b) (the same 0.5 for a zero count), so on the log2
//!   scale SE = √(1/a + 1/b) / ln 2 and the 95% confidence interval is log ratio ± 1.959964 SE;
//! - **%DIFF** (Gabrielatos & Marchi 2012) = 100 (a/c − b/d) / (b/d); infinite (left empty in
//!   the table) when b = 0.
//!
//! **Corrections** ([`Correction`], `--correction`) choose what the `g2` and `chi2` columns (and
//! their p-values, `signed_g2`, Bonferroni and the ranking) carry:
//! - `none` (default): the plain statistics above (= scipy `chi2_contingency(correction=False)`);
//! - `williams`: G² / q; chi² stays uncorrected (Williams' q corrects the likelihood ratio);
//! - `yates`: both statistics of the table moved 0.5 towards its expected counts (= scipy
//!   `chi2_contingency(correction=True)`, `lambda_="log-likelihood"` for G²);
//! - `quanteda`, `quanteda-williams`, `quanteda-none`: a port of quanteda.textstats'
//!   `src/keyness.cpp` (`lr_lambda`, `chisq_lambda`, `yates_correction`, `williams_correction`)
//!   for its `correction = "default"` (identical in that code to `"yates"`), `"williams"` and
//!   `"none"`. quanteda's Yates shift is conditional: δ = 0.5 only when |ad − bc| ≥ N/2 and some
//!   expected count is below 5 (cells with a, b, c, d as above: c = target size − a), else 0; the
//!   four cells move by δ towards independence (a, d down and b, c up when ad > bc, else the
//!   reverse); G² = 2 Σ x ln(x / E + 10⁻⁹) (quanteda's ε; adds ≈ 2·10⁻⁹ N to G²); its Williams
//!   q is set to 1 when any cell is 0, divides G² and *multiplies* chi² (`den / q` in
//!   `chisq_lambda`); chi² = N (|ad − bc| − Nδ)² / (R1 R2 C1 C2).
//!
//! `direction` is `over` when a/c > b/d (the target uses the term more), else `under`;
//! `signed_g2` carries that sign, as quanteda reports keyness.

use crate::error::{Error, Result};
use crate::tokenize::DocTokens;
use polars::prelude::*;

pub use crate::stats::measures::{corrected, p_chi2_1df, quanteda_keyness, two_by_two, Cell, Correction};

/// Options of a keyness computation.
#[derive(Debug, Clone)]
pub struct KeynessOptions {
    /// Minimum a + b for a term to be tested.
    pub min_count: u32,
    /// Significance level for the Bonferroni-corrected `significant` column.
    pub alpha: f64,
    /// What the `g2` and `chi2` columns carry.
    pub correction: Correction,
}

impl Default for KeynessOptions {
    fn default() -> Self {
        KeynessOptions { min_count: 3, alpha: 0.05, correction: Correction::None }
    }
}

fn pl(e: PolarsError) -> crate::Error {
    crate::error::polars("keyness")(e)
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
        let problem = format!("the target ({c} tokens) and the reference ({d} tokens) must both be non-empty");
        return Err(Error::Data { what: "keyness", problem });
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
    keyness_frame(terms, av, bv, c, d, opts)
}

/// [`keyness`] on the compact tokens (integer term ids into their one [`crate::tokenize::Vocab`])
/// of the statements `target` and `reference` (indices into `tokens`), as `analyze` runs it:
/// the counts are taken per term id, and only the texts of the terms tested are looked up, so
/// no token-level frame is built. The same table as [`keyness`] on the token table of these
/// statements.
pub fn keyness_compact(
    tokens: &[DocTokens],
    target: &[usize],
    reference: &[usize],
    opts: &KeynessOptions,
) -> Result<DataFrame> {
    let Some(vocab) = tokens.first().map(DocTokens::vocab) else {
        return Err(Error::Data { what: "keyness", problem: "no tokenized statement".to_string() });
    };
    let n_words = vocab.words_len();
    // word tokens (punctuation excluded) and term counts (stopwords excluded) of a set
    let count = |set: &[usize]| -> Result<(f64, Vec<u32>)> {
        let mut counts = vec![0u32; n_words];
        let mut size = 0u64;
        for &i in set {
            let Some(t) = tokens.get(i).filter(|t| std::ptr::eq(t.vocab(), vocab)) else {
                return Err(Error::Data {
                    what: "keyness",
                    problem: format!("statement {i} is missing or was not tokenized with the corpus vocabulary"),
                });
            };
            for s in t.stored().iter().filter(|s| !s.is_punct) {
                size += 1;
                if !s.is_stopword {
                    counts[s.term as usize] += 1;
                }
            }
        }
        Ok((size as f64, counts))
    };
    let ((c, a), (d, b)) = (count(target)?, count(reference)?);
    if c == 0.0 || d == 0.0 {
        let problem = format!("the target ({c} tokens) and the reference ({d} tokens) must both be non-empty");
        return Err(Error::Data { what: "keyness", problem });
    }
    // the terms tested, in byte order of their texts (as the token-table version sorts them)
    let mut ids: Vec<usize> = (0..n_words).filter(|&i| a[i] + b[i] > 0 && a[i] + b[i] >= opts.min_count).collect();
    let words = vocab.words();
    ids.sort_unstable_by(|&x, &y| words[x].cmp(&words[y]));
    let terms: Vec<String> = ids.iter().map(|&i| words[i].to_string()).collect();
    let av: Vec<u32> = ids.iter().map(|&i| a[i]).collect();
    let bv: Vec<u32> = ids.iter().map(|&i| b[i]).collect();
    keyness_frame(terms, av, bv, c, d, opts)
}

/// The keyness table of the terms `terms` (sorted by text) with target counts `av` and
/// reference counts `bv`, in a target of `c` and a reference of `d` word tokens.
fn keyness_frame(
    terms: Vec<String>,
    av: Vec<u32>,
    bv: Vec<u32>,
    c: f64,
    d: f64,
    opts: &KeynessOptions,
) -> Result<DataFrame> {
    let m = terms.len().max(1) as f64;
    let cells: Vec<Cell> = av.iter().zip(&bv).map(|(a, b)| two_by_two(*a as f64, *b as f64, c, d)).collect();
    let chosen: Vec<(f64, f64)> = av
        .iter()
        .zip(&bv)
        .zip(&cells)
        .map(|((a, b), x)| corrected(*a as f64, *b as f64, c, d, x, opts.correction))
        .collect();
    let over: Vec<bool> = av.iter().zip(&bv).map(|(a, b)| (*a as f64 / c) > (*b as f64 / d)).collect();
    let p_g2: Vec<f64> = chosen.iter().map(|x| p_chi2_1df(x.0)).collect();
    let col_f = |f: &dyn Fn(&Cell) -> f64| cells.iter().map(f).collect::<Vec<f64>>();
    let df = DataFrame::new_infer_height(vec![
        Column::new("term".into(), terms),
        Column::new("target_count".into(), av.clone()),
        Column::new("reference_count".into(), bv.clone()),
        Column::new("target_size".into(), vec![c as u64; cells.len()]),
        Column::new("reference_size".into(), vec![d as u64; cells.len()]),
        Column::new("target_per_10k".into(), av.iter().map(|a| *a as f64 / c * 1e4).collect::<Vec<_>>()),
        Column::new("reference_per_10k".into(), bv.iter().map(|b| *b as f64 / d * 1e4).collect::<Vec<_>>()),
        Column::new("g2".into(), chosen.iter().map(|x| x.0).collect::<Vec<_>>()),
        Column::new("p_g2".into(), p_g2.clone()),
        Column::new("g2_williams".into(), col_f(&|x| x.g2_williams)),
        Column::new("p_g2_williams".into(), col_f(&|x| p_chi2_1df(x.g2_williams))),
        Column::new("chi2".into(), chosen.iter().map(|x| x.1).collect::<Vec<_>>()),
        Column::new("p_chi2".into(), chosen.iter().map(|x| p_chi2_1df(x.1)).collect::<Vec<_>>()),
        Column::new("chi2_yates".into(), col_f(&|x| x.chi2_yates)),
        Column::new("p_chi2_yates".into(), col_f(&|x| p_chi2_1df(x.chi2_yates))),
        Column::new("log_ratio".into(), col_f(&|x| x.log_ratio)),
        Column::new("log_ratio_ci_low".into(), col_f(&|x| x.log_ratio_ci().0)),
        Column::new("log_ratio_ci_high".into(), col_f(&|x| x.log_ratio_ci().1)),
        Column::new(
            "pct_diff".into(),
            cells.iter().map(|x| x.pct_diff.is_finite().then_some(x.pct_diff)).collect::<Vec<Option<f64>>>(),
        ),
        Column::new("direction".into(), over.iter().map(|o| if *o { "over" } else { "under" }).collect::<Vec<_>>()),
        Column::new(
            "signed_g2".into(),
            chosen.iter().zip(&over).map(|(x, o)| if *o { x.0 } else { -x.0 }).collect::<Vec<_>>(),
        ),
        Column::new("p_bonferroni".into(), p_g2.iter().map(|p| (p * m).min(1.0)).collect::<Vec<_>>()),
        Column::new("significant".into(), p_g2.iter().map(|p| (p * m).min(1.0) < opts.alpha).collect::<Vec<_>>()),
        Column::new("correction".into(), vec![opts.correction.name(); cells.len()]),
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

    /// Reference values from `tests/reference/keyness_reference.py`: textbook statistics from
    /// `scipy.stats.chi2_contingency` (scipy 1.17.1), quanteda's from a Python port of
    /// quanteda.textstats `src/keyness.cpp` written from its published source.
    #[test]
    fn corrections_match_scipy_and_quanteda() {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
        // a, b, textbook values, quanteda's (correction, G², chi²)
        type Case = (f64, f64, [f64; 5], [(Correction, f64, f64); 3]);
        let cases: [Case; 3] = [
            (
                10.0,
                20.0,
                // g2, g2 yates (scipy), chi2 yates (scipy), LR CI low, high
                [12.129994666211967, 10.656196474356367, 15.69523384969724, 1.0747884872668096, 3.2650615156178144],
                [
                    (Correction::Quanteda, 10.656216474357786, 15.69523384969724),
                    (Correction::QuantedaWilliams, 11.484871025630088, 19.225266162400157),
                    (Correction::QuantedaNone, 12.13001466621339, 18.202756417400348),
                ],
            ),
            (
                5.0,
                0.0,
                [23.048392284317806, 17.59560442373837, 35.57334222666889, 2.297799554868037, 10.685906637791312],
                [
                    (Correction::Quanteda, 17.595624423739785, 35.57334222666889),
                    // a zero cell: quanteda sets q = 1
                    (Correction::QuantedaWilliams, 23.048412275319222, 45.02251125562781),
                    (Correction::QuantedaNone, 23.048412275319222, 45.02251125562781),
                ],
            ),
            (
                100.0,
                300.0,
                [78.11157974641353, 76.9451520041673, 102.43778935185185, 1.258455875342678, 1.9114691260996342],
                [
                    // every expected count ≥ 5: quanteda applies no Yates shift
                    (Correction::Quanteda, 78.11159974641491, 104.16666666666667),
                    (Correction::QuantedaWilliams, 77.78335518788246, 104.6062483924897),
                    (Correction::QuantedaNone, 78.11159974641491, 104.16666666666667),
                ],
            ),
        ];
        for (a, b, t, q) in cases {
            let x = two_by_two(a, b, 1000.0, 9000.0);
            assert!(close(x.g2, t[0]), "{a} {b}: g2 {}", x.g2);
            assert!(close(x.g2_yates, t[1]), "{a} {b}: g2 yates {}", x.g2_yates);
            assert!(close(x.chi2_yates, t[2]), "{a} {b}: chi2 yates {}", x.chi2_yates);
            let (lo, hi) = x.log_ratio_ci();
            assert!(close(lo, t[3]) && close(hi, t[4]), "{a} {b}: CI {lo} {hi}");
            assert_eq!(corrected(a, b, 1000.0, 9000.0, &x, Correction::Yates), (x.g2_yates, x.chi2_yates));
            assert_eq!(corrected(a, b, 1000.0, 9000.0, &x, Correction::Williams), (x.g2_williams, x.chi2));
            for (cor, g2, chi2) in q {
                let (g, k) = quanteda_keyness(a, b, 1000.0, 9000.0, cor);
                assert!(close(g, g2) && close(k, chi2), "{a} {b} {cor:?}: {g} {k} vs {g2} {chi2}");
            }
        }
        // under-use is negative in quanteda's convention
        let (g, k) = quanteda_keyness(1.0, 90.0, 1000.0, 9000.0, Correction::Quanteda);
        assert!(g < 0.0 && k < 0.0);
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
        let k = keyness(&tokens, &["t".into()], &["r".into()], &KeynessOptions { min_count: 1, ..Default::default() })
            .unwrap();
        let terms: Vec<&str> = k.column("term").unwrap().str().unwrap().iter().map(|x| x.unwrap()).collect();
        assert_eq!(terms, vec!["双方", "合作"]);
        let size: Vec<u64> = k.column("target_size").unwrap().u64().unwrap().iter().map(|x| x.unwrap()).collect();
        assert_eq!(size, vec![2, 2], "punctuation is not counted in the size");
        let x = two_by_two(2.0, 1.0, 2.0, 4.0);
        let g2 = k.column("g2").unwrap().f64().unwrap().get(0).unwrap();
        assert!((g2 - x.g2).abs() < 1e-12);
    }

    #[test]
    fn compact_keyness_is_the_token_table_keyness() {
        use crate::tokenize::{tokenize_corpus, Tokenizer};
        // fixture statements (hand-written), tokenized with the built-in resources
        let texts = [
            "双方重申，中方坚持一个中国原则。双方愿加强经贸合作，合作共赢。",
            "双方同意加强合作。双方支持和平解决争端，反对恐怖主义。",
            "双方强调合作与发展。",
        ];
        let tok = Tokenizer::from_texts(crate::tokenize::DEFAULT_USERDICT, crate::tokenize::DEFAULT_STOPWORDS).unwrap();
        let docs: Vec<crate::ingest::Document> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let row = crate::ingest::manifest::ManifestRow {
                    id: format!("d{i}"),
                    file: format!("d{i}.txt"),
                    ..Default::default()
                };
                crate::ingest::document_from_bytes(&row, false, format!("{t}\n").as_bytes()).0.unwrap()
            })
            .collect();
        let segs: Vec<_> = docs.iter().map(crate::segment::segment).collect();
        let tokens = tokenize_corpus(&tok, &docs, &segs);
        let frame = crate::stats::token_frame(&tokens).unwrap();
        for min_count in [0, 1, 2, 3] {
            let opts = KeynessOptions { min_count, ..Default::default() };
            let by_table = keyness(&frame, &["d0".into()], &["d1".into(), "d2".into()], &opts).unwrap();
            let compact = keyness_compact(&tokens, &[0], &[1, 2], &opts).unwrap();
            assert!(by_table.height() > 0);
            assert!(by_table.equals_missing(&compact), "min_count {min_count}:\n{by_table}\n{compact}");
        }
        // 合作: once in d0 (jieba cuts 合作共赢 as one word), twice in d1 + d2 (hand count of the fixture)
        let k = keyness_compact(&tokens, &[0], &[1, 2], &KeynessOptions::default()).unwrap();
        let row = k.clone().lazy().filter(col("term").eq(lit("合作"))).collect().unwrap();
        assert_eq!(row.column("target_count").unwrap().u32().unwrap().get(0), Some(1));
        assert_eq!(row.column("reference_count").unwrap().u32().unwrap().get(0), Some(2));
        assert!(keyness_compact(&tokens, &[0], &[], &KeynessOptions::default()).is_err());
        assert!(keyness_compact(&tokens, &[0], &[7], &KeynessOptions::default()).is_err());
        // trends on the compact tokens (what `analyze` runs) = trends on the token table
        let periods = df!("doc_id" => ["d0", "d1", "d2"], "period" => ["x", "y", "x"]).unwrap();
        let terms = vec!["合作".to_string(), "双方".to_string(), "恐怖主义".to_string()];
        let by_table = crate::compare::dispersion::trend(&frame, &periods, &terms).unwrap();
        let compact = crate::stats::word_trend(&tokens, &periods, &terms).unwrap();
        assert_eq!(by_table.height(), 6);
        assert!(by_table.equals_missing(&compact), "{by_table}\n{compact}");
    }
}
