//! N-grams and collocations.
//!
//! **N-grams** (n = 2–4): runs of consecutive word tokens inside one sentence; punctuation ends a
//! run (an n-gram never spans a comma). Stopwords are kept (lexical bundles such as 双方 将 继续
//! need them). Output: `ngram` (tokens separated by a space), `n`, `count`, `doc_freq`.
//!
//! **Collocates** of a node token within a window of `left`/`right` word tokens in the same
//! sentence (punctuation skipped, not counted).
//!
//! *Counting.* f(n,c) is the number of **collocate tokens** c that stand in the window of at
//! least one occurrence of the node: each collocate token is counted at most once for a node,
//! however many node occurrences' windows overlap on it, so f(n,c) ≤ f(c) always (two 合作 a few
//! tokens apart both seeing one 工程院 count it once). A token equal to the node is never a
//! collocate. `left`/`right` say on which side of the *nearest* node occurrence the collocate
//! token stands (equal distance: the earlier node, so the collocate counts as right).
//! f(n) and f(c) are the frequencies of node and collocate among the N word tokens of the
//! selection; collocates and node below `min_freq` occurrences are not tested.
//!
//! *Measures*, with E = f(n) f(c) / N — the definitions of Sketch Engine (Rychlý 2008;
//! Kilgarriff et al. 2014) and #LancsBox (Brezina et al. 2015):
//! - MI = log2(f(n,c) / E) (Church & Hanks 1990); MI3 = log2(f(n,c)³ / E) (Daille 1994);
//! - t-score = (f(n,c) − E) / √f(n,c) (Church et al. 1991); z-score = (f(n,c) − E) / √E
//!   (Berry-Rogghe 1973);
//! - logDice = 14 + log2(2 f(n,c) / (f(n) + f(c))) (Rychlý 2008);
//! - G² (Dunning 1993) = 2 Σ O ln(O/E) over the 2×2 table O11 = f(n,c), O12 = f(n) − f(n,c),
//!   O21 = f(c) − f(n,c), O22 = N − f(n) − f(c) + f(n,c) (expected = row × column / N), as
//!   #LancsBox; p from chi-square with 1 df. The table exists only when f(n,c) ≤ f(n); when a
//!   collocate stands in the node's windows more often than the node occurs (several times in
//!   one window), `g2` and `p_g2` are left empty.

use crate::error::{Error, Result};
use crate::tokenize::DocTokens;
use polars::prelude::*;
use std::collections::HashMap;

fn pl(e: PolarsError) -> crate::Error {
    crate::error::polars("ngrams")(e)
}

/// Word tokens of each sentence (punctuation splits a sentence into runs).
fn runs(t: &DocTokens) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let mut sent = u32::MAX;
    for tk in t.iter() {
        if tk.sentence != sent || tk.is_punct {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            sent = tk.sentence;
        }
        if !tk.is_punct {
            cur.push(tk.text);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// N-gram frequencies over the documents, `n_min..=n_max`, at least `min_count` occurrences;
/// sorted by count (desc), n, ngram.
pub fn ngrams(docs: &[&DocTokens], n_min: usize, n_max: usize, min_count: u32) -> Result<DataFrame> {
    let mut counts: HashMap<(String, usize), (u32, u32, usize)> = HashMap::new(); // count, docs, last doc
    for (k, t) in docs.iter().enumerate() {
        for run in runs(t) {
            for n in n_min.max(1)..=n_max {
                for w in run.windows(n) {
                    let e = counts.entry((w.join(" "), n)).or_insert((0, 0, usize::MAX));
                    e.0 += 1;
                    if e.2 != k {
                        e.1 += 1;
                        e.2 = k;
                    }
                }
            }
        }
    }
    let mut rows: Vec<(String, usize, u32, u32)> =
        counts.into_iter().filter(|(_, v)| v.0 >= min_count).map(|((g, n), v)| (g, n, v.0, v.1)).collect();
    rows.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)).then(a.0.cmp(&b.0)));
    DataFrame::new_infer_height(vec![
        Column::new("ngram".into(), rows.iter().map(|r| r.0.clone()).collect::<Vec<_>>()),
        Column::new("n".into(), rows.iter().map(|r| r.1 as u32).collect::<Vec<_>>()),
        Column::new("count".into(), rows.iter().map(|r| r.2).collect::<Vec<_>>()),
        Column::new("doc_freq".into(), rows.iter().map(|r| r.3).collect::<Vec<_>>()),
    ])
    .map_err(pl)
}

/// Association measures of one node–collocate pair: f(n,c), f(n), f(c), N.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Association {
    /// Mutual information.
    pub mi: f64,
    /// MI³.
    pub mi3: f64,
    /// t-score.
    pub t_score: f64,
    /// z-score.
    pub z_score: f64,
    /// logDice.
    pub log_dice: f64,
    /// Log-likelihood G² (`None` when f(n,c) > f(n)).
    pub g2: Option<f64>,
}

/// Association measures of one node–collocate pair (see the module docs).
pub fn association(f_nc: f64, f_n: f64, f_c: f64, n: f64) -> Association {
    let e = f_n * f_c / n;
    let mi = (f_nc / e).log2();
    let mi3 = (f_nc.powi(3) / e).log2();
    let t_score = (f_nc - e) / f_nc.sqrt();
    let z_score = (f_nc - e) / e.sqrt();
    let log_dice = 14.0 + (2.0 * f_nc / (f_n + f_c)).log2();
    let o = [f_nc, f_n - f_nc, f_c - f_nc, n - f_n - f_c + f_nc];
    let g2 = if o.iter().all(|x| *x >= 0.0) {
        let (r1, r2, c1, c2) = (f_n, n - f_n, f_c, n - f_c);
        let ex = [r1 * c1 / n, r1 * c2 / n, r2 * c1 / n, r2 * c2 / n];
        Some(2.0 * o.iter().zip(ex).map(|(o, e)| if *o > 0.0 { o * (o / e).ln() } else { 0.0 }).sum::<f64>())
    } else {
        None
    };
    Association { mi, mi3, t_score, z_score, log_dice, g2 }
}

/// Options of [`collocates`].
#[derive(Debug, Clone)]
pub struct CollocateOptions {
    /// Word tokens to the left of the node.
    pub left: usize,
    /// Word tokens to the right of the node.
    pub right: usize,
    /// Minimum co-occurrences f(n,c).
    pub min_count: u32,
    /// Minimum frequency f(c) of a collocate and f(n) of the node.
    pub min_freq: u32,
    /// Drop stopword collocates.
    pub terms_only: bool,
}

impl Default for CollocateOptions {
    fn default() -> Self {
        CollocateOptions { left: 5, right: 5, min_count: 2, min_freq: 3, terms_only: true }
    }
}

/// Collocates of `node` (see the module docs). Sorted by logDice (desc), collocate. An error
/// when the node occurs fewer than `min_freq` times.
pub fn collocates(docs: &[&DocTokens], node: &str, opts: &CollocateOptions) -> Result<DataFrame> {
    let mut freq: HashMap<&str, u32> = HashMap::new();
    let mut stop: HashMap<&str, bool> = HashMap::new();
    let mut n_tokens = 0u64;
    let mut co: HashMap<&str, (u32, u32, u32)> = HashMap::new(); // total, left, right
    for t in docs {
        // word tokens per sentence
        let mut sents: Vec<Vec<crate::tokenize::Token>> = Vec::new();
        let mut sent = u32::MAX;
        for tk in t.iter().filter(|x| !x.is_punct) {
            n_tokens += 1;
            *freq.entry(tk.text).or_insert(0) += 1;
            stop.insert(tk.text, tk.is_stopword);
            if tk.sentence != sent {
                sents.push(Vec::new());
                sent = tk.sentence;
            }
            sents.last_mut().expect("pushed").push(tk);
        }
        for s in &sents {
            let nodes: Vec<usize> = s.iter().enumerate().filter(|(_, tk)| tk.text == node).map(|(i, _)| i).collect();
            if nodes.is_empty() {
                continue;
            }
            for (j, other) in s.iter().enumerate() {
                if other.text == node {
                    continue;
                }
                // the nearest node occurrence whose window holds j (ties: the earlier node)
                let nearest = nodes
                    .iter()
                    .filter(|&&i| if j < i { i - j <= opts.left } else { j - i <= opts.right })
                    .min_by_key(|&&i| (i.abs_diff(j), i));
                if let Some(&i) = nearest {
                    let e = co.entry(other.text).or_insert((0, 0, 0));
                    e.0 += 1;
                    if j < i {
                        e.1 += 1;
                    } else {
                        e.2 += 1;
                    }
                }
            }
        }
    }
    let f_n_count = *freq.get(node).unwrap_or(&0);
    if f_n_count < opts.min_freq.max(1) {
        return Err(Error::Usage(format!(
            "collocates: the node `{node}` occurs {f_n_count} time(s) in the selection, fewer than --min-freq {}",
            opts.min_freq.max(1)
        )));
    }
    let f_n = f_n_count as f64;
    let n = n_tokens as f64;
    // collocate, (f(n,c), left, right), f(c), measures
    type Row<'a> = (&'a str, (u32, u32, u32), u32, Association);
    let mut rows: Vec<Row> = co
        .into_iter()
        .filter(|(c, v)| v.0 >= opts.min_count && !(opts.terms_only && *stop.get(c).unwrap_or(&false)))
        .filter_map(|(c, v)| {
            let f_c = *freq.get(c).unwrap_or(&0);
            (f_c >= opts.min_freq).then(|| (c, v, f_c, association(v.0 as f64, f_n, f_c as f64, n)))
        })
        .collect();
    rows.sort_by(|a, b| b.3.log_dice.total_cmp(&a.3.log_dice).then(a.0.cmp(b.0)));
    let f = |g: &dyn Fn(&Association) -> f64| rows.iter().map(|r| g(&r.3)).collect::<Vec<f64>>();
    DataFrame::new_infer_height(vec![
        Column::new("collocate".into(), rows.iter().map(|r| r.0.to_string()).collect::<Vec<_>>()),
        Column::new("cooccurrences".into(), rows.iter().map(|r| r.1 .0).collect::<Vec<_>>()),
        Column::new("left".into(), rows.iter().map(|r| r.1 .1).collect::<Vec<_>>()),
        Column::new("right".into(), rows.iter().map(|r| r.1 .2).collect::<Vec<_>>()),
        Column::new("collocate_freq".into(), rows.iter().map(|r| r.2).collect::<Vec<_>>()),
        Column::new("node_freq".into(), vec![f_n_count; rows.len()]),
        Column::new("tokens".into(), vec![n_tokens; rows.len()]),
        Column::new("mi".into(), f(&|x| x.mi)),
        Column::new("mi3".into(), f(&|x| x.mi3)),
        Column::new("t_score".into(), f(&|x| x.t_score)),
        Column::new("z_score".into(), f(&|x| x.z_score)),
        Column::new("log_dice".into(), f(&|x| x.log_dice)),
        Column::new("g2".into(), rows.iter().map(|r| r.3.g2).collect::<Vec<_>>()),
        Column::new(
            "p_g2".into(),
            rows.iter().map(|r| r.3.g2.map(crate::stats::measures::p_chi2_1df)).collect::<Vec<_>>(),
        ),
    ])
    .map_err(pl)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::Token;

    fn doc(words: &[(&str, u32)]) -> DocTokens {
        DocTokens::from_tokens(
            "d",
            words.iter().enumerate().map(|(i, (w, s))| Token {
                position: i as u32,
                text: w,
                pos: "n",
                char_start: i as u32,
                article: 0,
                sentence: *s,
                is_punct: crate::tokenize::is_punct(w),
                is_stopword: crate::tokenize::is_punct(w),
            }),
        )
    }

    #[test]
    fn association_worked_example() {
        // f(n,c) = 12, f(n) = 40, f(c) = 300, N = 100,000: tests/reference/collocates_reference.py
        // (by hand from the formulas; G² with scipy.stats.chi2_contingency)
        let x = association(12.0, 40.0, 300.0, 100_000.0);
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
        assert!(close(x.mi, 6.643856189774724));
        assert!(close(x.mi3, 13.813781191217037));
        assert!(close(x.t_score, 3.4294605989863776));
        assert!(close(x.z_score, 34.294605989863776));
        assert!(close(x.log_dice, 10.175571564583453));
        assert!(close(x.g2.unwrap(), 91.19693345789793));
        // no 2×2 table when the collocate stands in the windows more often than the node occurs
        assert_eq!(association(6.0, 3.0, 10.0, 100.0).g2, None);
    }

    #[test]
    fn ngrams_stop_at_punctuation_and_sentences() {
        let d = doc(&[("双方", 0), ("将", 0), ("合作", 0), ("，", 0), ("双方", 0), ("将", 0), ("合作", 1)]);
        let g = ngrams(&[&d], 2, 3, 1).unwrap();
        let rows: Vec<(String, u32)> = g
            .column("ngram")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .zip(g.column("count").unwrap().u32().unwrap().iter())
            .map(|(a, b)| (a.unwrap().to_string(), b.unwrap()))
            .collect();
        assert_eq!(rows, vec![("双方 将".into(), 2), ("将 合作".into(), 1), ("双方 将 合作".into(), 1)]);
    }

    fn col_f64(df: &DataFrame, name: &str) -> Vec<f64> {
        df.column(name).unwrap().f64().unwrap().iter().map(|x| x.unwrap()).collect()
    }

    /// The fixture of tests/reference/collocates_reference.py (window 1/1), counted there by
    /// brute force: 乙 between two 合作 in sentence 0 counts once; 合作 next to 合作 is not its
    /// own collocate; the comma is skipped, so 乙 in sentence 1 is two words from 合作.
    #[test]
    fn collocates_count_each_collocate_token_once() {
        let d = doc(&[
            ("甲", 0),
            ("合作", 0),
            ("乙", 0),
            ("合作", 0),
            ("丙", 0),
            ("合作", 1),
            ("合作", 1),
            ("甲", 1),
            ("，", 1),
            ("乙", 1),
            ("乙", 2),
            ("丁", 2),
            ("甲", 2),
            ("丙", 3),
            ("合作", 3),
        ]);
        let opts = CollocateOptions { left: 1, right: 1, min_count: 1, min_freq: 2, terms_only: false };
        let c = collocates(&[&d], "合作", &opts).unwrap();
        let names: Vec<&str> = c.column("collocate").unwrap().str().unwrap().iter().map(|x| x.unwrap()).collect();
        assert_eq!(names, vec!["丙", "甲", "乙"], "sorted by logDice; never the node itself");
        let u = |n: &str| -> Vec<u32> { c.column(n).unwrap().u32().unwrap().iter().map(|x| x.unwrap()).collect() };
        assert_eq!(u("cooccurrences"), vec![2, 2, 1]);
        assert_eq!(u("left"), vec![1, 1, 0]);
        assert_eq!(u("right"), vec![1, 1, 1]);
        assert_eq!(u("collocate_freq"), vec![2, 3, 3]);
        assert_eq!(u("node_freq"), vec![5, 5, 5]);
        let close = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| (x - y).abs() <= 1e-12 * y.abs().max(1.0));
        assert!(close(&col_f64(&c, "mi"), &[1.4854268271702418, 0.9004643264490856, -0.0995356735509144]));
        assert!(close(&col_f64(&c, "mi3"), &[3.4854268271702415, 2.9004643264490855, -0.0995356735509144]));
        assert!(close(&col_f64(&c, "t_score"), &[0.9091372900969895, 0.656599153958937, -0.0714285714285714]));
        assert!(close(&col_f64(&c, "z_score"), &[1.5212776585113297, 0.8970852271450606, -0.0690065559342354]));
        assert!(close(&col_f64(&c, "log_dice"), &[13.192645077942396, 13.0, 12.0]));
        assert!(close(&col_f64(&c, "g2"), &[4.753140241982889, 1.539141100387292, 0.009499677234772269]));
        assert!(close(&col_f64(&c, "p_g2"), &[0.029244879268692146, 0.21474569592664342, 0.9223561052637189]));
        // --min-freq 3 drops 丙 (2 occurrences); a node below --min-freq is a clear error
        let opts3 = CollocateOptions { min_freq: 3, ..opts.clone() };
        let c3 = collocates(&[&d], "合作", &opts3).unwrap();
        assert_eq!(c3.height(), 2);
        let err = collocates(&[&d], "丙", &opts3).unwrap_err().to_string();
        assert!(err.contains("occurs 2 time(s)"), "{err}");
    }
}
