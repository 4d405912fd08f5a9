//! Document similarity: cosine on relative-frequency vectors and on TF-IDF vectors, Jaccard on
//! term sets — as sparse linear algebra, not as a relational self-join; and an ordering of
//! statements by average-linkage hierarchical clustering for the heatmap.
//!
//! - cosine(x, y) = Σ xᵢyᵢ / (‖x‖ ‖y‖), over terms (stopwords, punctuation, numerals excluded);
//!   x = per-10k relative frequencies, or TF-IDF weights (count × log10(N/df), the analysis
//!   set's IDF for every statement, partial or not);
//! - Jaccard(A, B) = |A ∩ B| / |A ∪ B| over the sets of terms.
//!
//! **How.** The selected statements become a sparse statement × term matrix ([`TermMatrix`],
//! CSR: integer term ids, each row sorted by term) and an inverted index (term → statements).
//! The dot products of one row with every other row are accumulated in dense per-row buffers
//! by walking the postings of the row's terms — the sparse product X·Xᵀ one row at a time, in
//! parallel over rows (rayon) with the results collected in row order, so the output does not
//! depend on the number of threads. Memory is the matrix (non-zeros) plus one buffer of n
//! floats per worker, whatever n; time is Σ over terms of df² (the pairs that share a term).
//! Every dot product and norm is summed in term order (sorted term strings), the order of the
//! `doc_terms` table.
//!
//! **Views.** [`TermMatrix::all_pairs`] gives every ordered pair (n² rows: meant for up to a few
//! hundred statements); [`TermMatrix::top_k`] the k nearest neighbours of every statement by
//! cosine on TF-IDF (n·k rows: for archives); [`TermMatrix::neighbours`] one statement against
//! all others (what `jointstat similar ID` needs); [`TermMatrix::group_means`] the mean cosine
//! between and within groups of statements (linear: mean cosine of two groups = dot product of
//! their sums of unit vectors), for a heatmap that stays readable at any size.
//!
//! Longer than 500 lines because the sparse matrix, the exact all-pairs product, the pruned top-k
//! search and the aggregated view share one representation; about 170 lines are unit tests that
//! check the sparse results against a dense computation.

use crate::bail_data;
use crate::error::{Error, Result};
use polars::prelude::*;
use rayon::prelude::*;
use std::collections::HashMap;

fn pl(e: PolarsError) -> crate::Error {
    crate::error::polars("similarity")(e)
}

/// The measures of one pair of statements.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PairMeasures {
    /// Cosine on per-10k relative frequencies.
    pub cosine_relfreq: f64,
    /// Cosine on TF-IDF weights.
    pub cosine_tfidf: f64,
    /// Jaccard on term sets.
    pub jaccard: f64,
    /// Number of terms both statements use.
    pub shared_terms: u32,
}

/// A sparse statement × term matrix (CSR) with two weightings (per-10k relative frequency and
/// TF-IDF), their row norms, and the inverted index (term → rows) for sparse products.
#[derive(Debug, Clone)]
pub struct TermMatrix {
    /// Statement ids, one per row, in the order given.
    pub ids: Vec<String>,
    /// Distinct terms (sorted); a term id indexes this list.
    pub terms: Vec<String>,
    /// Row `i` holds entries `indptr[i]..indptr[i + 1]`.
    indptr: Vec<usize>,
    /// Term id of each entry (increasing within a row).
    cols: Vec<u32>,
    /// Per-10k relative frequency of each entry.
    relfreq: Vec<f64>,
    /// TF-IDF of each entry (0 for a term without IDF, i.e. outside the analysis set).
    tfidf: Vec<f64>,
    /// ‖relfreq row‖ and ‖tfidf row‖.
    norm_w: Vec<f64>,
    norm_v: Vec<f64>,
    /// Inverted index in CSR form: term `t` occurs in rows `post_rows[post_ptr[t]..post_ptr[t+1]]`
    /// (increasing) at entries `post_entry[…]`.
    post_ptr: Vec<usize>,
    post_rows: Vec<u32>,
    post_entry: Vec<usize>,
}

/// Sum in order (the order of the slice), so results do not depend on SIMD or threads.
fn sum_sq(xs: &[f64]) -> f64 {
    let mut s = 0.0;
    for x in xs {
        s += x * x;
    }
    s.sqrt()
}

fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 {
        num / den
    } else {
        0.0
    }
}

impl TermMatrix {
    /// Build the matrix for the statements `ids` (rows in that order) from a `doc_terms` table
    /// with columns `doc_id, term, per_10k, tfidf` (a missing TF-IDF counts as 0). Statements
    /// without terms get empty rows. Ids must be distinct.
    pub fn new(doc_terms: &DataFrame, ids: &[String]) -> Result<TermMatrix> {
        let row_of: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, s)| (s.as_str(), i)).collect();
        if row_of.len() != ids.len() {
            bail_data!("similarity", "statement ids are not distinct");
        }
        let doc = doc_terms.column("doc_id").map_err(pl)?.str().map_err(pl)?;
        let term = doc_terms.column("term").map_err(pl)?.str().map_err(pl)?;
        let w = doc_terms.column("per_10k").map_err(pl)?.cast(&DataType::Float64).map_err(pl)?;
        let v = doc_terms.column("tfidf").map_err(pl)?.cast(&DataType::Float64).map_err(pl)?;
        let (w, v) = (w.f64().map_err(pl)?, v.f64().map_err(pl)?);
        // entries per row, by term string
        let mut rows: Vec<Vec<(&str, f64, f64)>> = vec![Vec::new(); ids.len()];
        for (((d, t), x), y) in doc.iter().zip(term.iter()).zip(w.iter()).zip(v.iter()) {
            let (Some(d), Some(t)) = (d, t) else { continue };
            if let Some(&r) = row_of.get(d) {
                rows[r].push((t, x.unwrap_or(0.0), y.unwrap_or(0.0)));
            }
        }
        let mut vocab: Vec<&str> = rows.iter().flatten().map(|e| e.0).collect();
        vocab.sort_unstable();
        vocab.dedup();
        let term_id: HashMap<&str, u32> = vocab.iter().enumerate().map(|(i, t)| (*t, i as u32)).collect();
        let nnz: usize = rows.iter().map(|r| r.len()).sum();
        let mut indptr = Vec::with_capacity(ids.len() + 1);
        let (mut cols, mut relfreq, mut tfidf) =
            (Vec::with_capacity(nnz), Vec::with_capacity(nnz), Vec::with_capacity(nnz));
        indptr.push(0);
        for r in &mut rows {
            r.sort_unstable_by(|a, b| a.0.cmp(b.0));
            if r.windows(2).any(|p| p[0].0 == p[1].0) {
                bail_data!("similarity", "a statement lists the same term twice in doc_terms");
            }
            for &(t, x, y) in r.iter() {
                cols.push(term_id[t]);
                relfreq.push(x);
                tfidf.push(y);
            }
            indptr.push(cols.len());
        }
        let terms: Vec<String> = vocab.iter().map(|s| s.to_string()).collect();
        drop(rows);
        let mut m = TermMatrix {
            ids: ids.to_vec(),
            terms,
            indptr,
            cols,
            relfreq,
            tfidf,
            norm_w: Vec::new(),
            norm_v: Vec::new(),
            post_ptr: Vec::new(),
            post_rows: Vec::new(),
            post_entry: Vec::new(),
        };
        m.norm_w = (0..m.len()).map(|i| sum_sq(&m.relfreq[m.range(i)])).collect();
        m.norm_v = (0..m.len()).map(|i| sum_sq(&m.tfidf[m.range(i)])).collect();
        m.build_postings();
        Ok(m)
    }

    fn build_postings(&mut self) {
        let mut counts = vec![0usize; self.terms.len() + 1];
        for &c in &self.cols {
            counts[c as usize + 1] += 1;
        }
        for t in 0..self.terms.len() {
            counts[t + 1] += counts[t];
        }
        let mut fill = counts.clone();
        let mut rows = vec![0u32; self.cols.len()];
        let mut entry = vec![0usize; self.cols.len()];
        for i in 0..self.len() {
            for e in self.range(i) {
                let t = self.cols[e] as usize;
                rows[fill[t]] = i as u32;
                entry[fill[t]] = e;
                fill[t] += 1;
            }
        }
        self.post_ptr = counts;
        self.post_rows = rows;
        self.post_entry = entry;
    }

    /// Number of statements (rows).
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when there is no statement.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Number of non-zero entries (statement, term pairs).
    pub fn nnz(&self) -> usize {
        self.cols.len()
    }

    fn range(&self, i: usize) -> std::ops::Range<usize> {
        self.indptr[i]..self.indptr[i + 1]
    }

    /// Distinct terms of statement `i`.
    pub fn types(&self, i: usize) -> u32 {
        (self.indptr[i + 1] - self.indptr[i]) as u32
    }

    /// Row index of a statement id.
    pub fn row_of(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|x| x == id)
    }

    fn measures(&self, a: usize, b: usize, dw: f64, dv: f64, shared: u32) -> PairMeasures {
        let (ta, tb) = (self.types(a) as f64, self.types(b) as f64);
        PairMeasures {
            cosine_relfreq: ratio(dw, self.norm_w[a] * self.norm_w[b]),
            cosine_tfidf: ratio(dv, self.norm_v[a] * self.norm_v[b]),
            jaccard: if ta + tb > 0.0 { shared as f64 / (ta + tb - shared as f64) } else { 0.0 },
            shared_terms: shared,
        }
    }

    /// The measures of one pair, by merging the two sorted rows (no index needed).
    pub fn pair(&self, a: usize, b: usize) -> PairMeasures {
        let (ra, rb) = (self.range(a), self.range(b));
        let (mut i, mut j) = (ra.start, rb.start);
        let (mut dw, mut dv, mut shared) = (0.0, 0.0, 0u32);
        while i < ra.end && j < rb.end {
            match self.cols[i].cmp(&self.cols[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dw += self.relfreq[i] * self.relfreq[j];
                    dv += self.tfidf[i] * self.tfidf[j];
                    shared += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        self.measures(a, b, dw, dv, shared)
    }

    /// Row `a` of the sparse product: the measures of `a` against every statement (itself
    /// included), in row order. Walks the postings of `a`'s terms in term order, so each dot
    /// product is summed in term order.
    pub fn row(&self, a: usize) -> Vec<PairMeasures> {
        let n = self.len();
        let (mut dw, mut dv, mut shared) = (vec![0.0f64; n], vec![0.0f64; n], vec![0u32; n]);
        for e in self.range(a) {
            let t = self.cols[e] as usize;
            let (x, y) = (self.relfreq[e], self.tfidf[e]);
            for p in self.post_ptr[t]..self.post_ptr[t + 1] {
                let (b, f) = (self.post_rows[p] as usize, self.post_entry[p]);
                dw[b] += x * self.relfreq[f];
                dv[b] += y * self.tfidf[f];
                shared[b] += 1;
            }
        }
        (0..n).map(|b| self.measures(a, b, dw[b], dv[b], shared[b])).collect()
    }

    /// Cosine on TF-IDF of `a` against every statement (row order): only the TF-IDF dot products
    /// are accumulated, and terms with zero weight in `a` are skipped.
    fn row_tfidf(&self, a: usize, dv: &mut [f64]) {
        dv.iter_mut().for_each(|x| *x = 0.0);
        for e in self.range(a) {
            let y = self.tfidf[e];
            if y == 0.0 {
                continue;
            }
            let t = self.cols[e] as usize;
            for p in self.post_ptr[t]..self.post_ptr[t + 1] {
                dv[self.post_rows[p] as usize] += y * self.tfidf[self.post_entry[p]];
            }
        }
        let na = self.norm_v[a];
        for (b, x) in dv.iter_mut().enumerate() {
            *x = ratio(*x, na * self.norm_v[b]);
        }
    }

    /// Every ordered pair (self-pairs included) as a table: `doc_a, doc_b, cosine_relfreq,
    /// cosine_tfidf, jaccard, shared_terms`, sorted by `doc_a`, `doc_b` in row order. n² rows.
    pub fn all_pairs(&self) -> Result<DataFrame> {
        let n = self.len();
        let rows: Vec<Vec<PairMeasures>> = (0..n).into_par_iter().map(|a| self.row(a)).collect();
        let pairs = (0..n).flat_map(|a| (0..n).map(move |b| (a, b)));
        let ms = rows.iter().flatten();
        self.frame(pairs, ms)
    }

    /// Statement `a` against every other statement, sorted by `measure` (descending), then
    /// `doc_b`: `doc_a, doc_b, cosine_relfreq, cosine_tfidf, jaccard, shared_terms`.
    pub fn neighbours(&self, a: usize, measure: &str) -> Result<DataFrame> {
        let key = measure_key(measure)?;
        let row = self.row(a);
        let mut order: Vec<usize> = (0..self.len()).filter(|&b| b != a).collect();
        order.sort_by(|&x, &y| key(&row[y]).total_cmp(&key(&row[x])).then_with(|| self.ids[x].cmp(&self.ids[y])));
        self.frame(order.iter().map(|&b| (a, b)), order.iter().map(|&b| &row[b]))
    }

    /// The `k` nearest neighbours of every statement by cosine on TF-IDF (ties: lower `doc_b`
    /// id first; the statement itself excluded), with all measures of each pair: `doc_a, doc_b,
    /// cosine_relfreq, cosine_tfidf, jaccard, shared_terms`, by `doc_a` in row order, then rank.
    /// At most n·k rows.
    ///
    /// Exact, with pruning (the "MaxScore" idea of search engines): a row's terms are visited by
    /// decreasing unit weight; each statement met in a posting list is scored exactly (merge of
    /// the two rows, summed in term order as in [`TermMatrix::all_pairs`]); the walk stops when
    /// a bound on the cosine over the terms left — the smaller of Σ weight × the largest unit
    /// weight in the term's postings, and the norm of the rest of the row — is below the k-th
    /// best score, since a statement not met yet shares only those terms. A row whose k-th best is 0 (ties with statements sharing no
    /// weighted term) is computed in full.
    pub fn top_k(&self, k: usize) -> Result<DataFrame> {
        let n = self.len();
        let k = k.max(1);
        let maxw = self.max_unit_weights();
        let picked: Vec<Vec<(usize, PairMeasures)>> = (0..n)
            .into_par_iter()
            .map_init(
                || (vec![u32::MAX; n], Vec::new()),
                |(seen, dv), a| {
                    let best = self.top_k_pruned(a, k, &maxw, seen).unwrap_or_else(|| self.top_k_dense(a, k, dv));
                    best.into_iter().map(|b| (b, self.pair(a, b))).collect()
                },
            )
            .collect();
        let pairs = picked.iter().enumerate().flat_map(|(a, v)| v.iter().map(move |(b, _)| (a, *b)));
        let ms = picked.iter().flatten().map(|(_, m)| m);
        self.frame(pairs, ms)
    }

    /// Largest unit TF-IDF weight (weight / row norm) in each term's postings.
    fn max_unit_weights(&self) -> Vec<f64> {
        let mut m = vec![0.0f64; self.terms.len()];
        for i in 0..self.len() {
            let nv = self.norm_v[i];
            if nv > 0.0 {
                for e in self.range(i) {
                    let t = self.cols[e] as usize;
                    m[t] = m[t].max(self.tfidf[e].abs() / nv);
                }
            }
        }
        m
    }

    /// Cosine on TF-IDF of one pair by merging the rows (the summation of [`TermMatrix::pair`]).
    fn cosine_tfidf(&self, a: usize, b: usize) -> f64 {
        let (ra, rb) = (self.range(a), self.range(b));
        let (mut i, mut j, mut dv) = (ra.start, rb.start, 0.0);
        while i < ra.end && j < rb.end {
            match self.cols[i].cmp(&self.cols[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dv += self.tfidf[i] * self.tfidf[j];
                    i += 1;
                    j += 1;
                }
            }
        }
        ratio(dv, self.norm_v[a] * self.norm_v[b])
    }

    /// Order of neighbours: higher score first, then lower id.
    fn by_score(&self, x: &(usize, f64), y: &(usize, f64)) -> std::cmp::Ordering {
        y.1.total_cmp(&x.1).then_with(|| self.ids[x.0].cmp(&self.ids[y.0]))
    }

    /// Top k of row `a` by the pruned walk, or `None` when the row must be computed in full.
    /// `seen[b] == a` marks statements already scored for this row.
    fn top_k_pruned(&self, a: usize, k: usize, maxw: &[f64], seen: &mut [u32]) -> Option<Vec<usize>> {
        let na = self.norm_v[a];
        if na <= 0.0 {
            return None;
        }
        // the row's terms by decreasing unit weight x_t
        let mut terms: Vec<(f64, usize)> =
            self.range(a).filter(|&e| self.tfidf[e] != 0.0).map(|e| (self.tfidf[e].abs() / na, e)).collect();
        terms.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        // bound on the cosine with a statement sharing only terms i.. of the row:
        // min(Σ x_t · max_t, ‖x_{i..}‖) (the second by Cauchy–Schwarz, the other vector being a unit vector)
        let mut rest = vec![0.0f64; terms.len() + 1];
        let (mut ub, mut sq) = (0.0f64, 0.0f64);
        for i in (0..terms.len()).rev() {
            let (x, e) = terms[i];
            ub += x * maxw[self.cols[e] as usize];
            sq += x * x;
            rest[i] = ub.min(sq.sqrt());
        }
        let mut cand: Vec<(usize, f64)> = Vec::new();
        let mut kth = f64::NEG_INFINITY;
        for (i, &(_, e)) in terms.iter().enumerate() {
            // a statement not scored yet shares only the terms left: its cosine ≤ rest[i]
            if cand.len() >= k && rest[i] * (1.0 + 1e-9) + 1e-12 < kth {
                break;
            }
            let t = self.cols[e] as usize;
            for p in self.post_ptr[t]..self.post_ptr[t + 1] {
                let b = self.post_rows[p] as usize;
                if b == a || seen[b] == a as u32 {
                    continue;
                }
                seen[b] = a as u32;
                cand.push((b, self.cosine_tfidf(a, b)));
            }
            if cand.len() >= k {
                cand.select_nth_unstable_by(k - 1, |x, y| self.by_score(x, y));
                cand.truncate(k);
                kth = cand.iter().map(|c| c.1).fold(f64::INFINITY, f64::min);
            }
        }
        if cand.len() < k || kth <= 0.0 {
            return None;
        }
        cand.sort_by(|x, y| self.by_score(x, y));
        Some(cand.into_iter().map(|c| c.0).collect())
    }

    /// Top k of row `a` from the full row of the product (every statement scored).
    fn top_k_dense(&self, a: usize, k: usize, dv: &mut Vec<f64>) -> Vec<usize> {
        dv.resize(self.len(), 0.0);
        self.row_tfidf(a, dv);
        let mut cand: Vec<(usize, f64)> = (0..self.len()).filter(|&b| b != a).map(|b| (b, dv[b])).collect();
        if cand.len() > k {
            cand.select_nth_unstable_by(k - 1, |x, y| self.by_score(x, y));
            cand.truncate(k);
        }
        cand.sort_by(|x, y| self.by_score(x, y));
        cand.into_iter().map(|c| c.0).collect()
    }

    /// Mean cosine on TF-IDF between and within groups: `group[i]` is the group of row `i`
    /// (`< n_groups`). Entry (g, h) is the mean over pairs (a in g, b in h, a ≠ b) — computed
    /// from the sums of the groups' unit vectors, so the cost is linear in the non-zeros.
    /// A group of one statement has 0 within.
    pub fn group_means(&self, group: &[usize], n_groups: usize) -> Vec<Vec<f64>> {
        let v = self.terms.len();
        let mut sums = vec![vec![0.0f64; v]; n_groups];
        let mut size = vec![0.0f64; n_groups];
        let mut selfsum = vec![0.0f64; n_groups];
        for (i, &g) in group.iter().enumerate().take(self.len()) {
            size[g] += 1.0;
            let nv = self.norm_v[i];
            if nv > 0.0 {
                selfsum[g] += 1.0;
                for e in self.range(i) {
                    sums[g][self.cols[e] as usize] += self.tfidf[e] / nv;
                }
            }
        }
        let dot = |x: &[f64], y: &[f64]| x.iter().zip(y).map(|(a, b)| a * b).sum::<f64>();
        (0..n_groups)
            .map(|g| {
                (0..n_groups)
                    .map(|h| {
                        let s = dot(&sums[g], &sums[h]);
                        if g == h {
                            ratio(s - selfsum[g], size[g] * (size[g] - 1.0))
                        } else {
                            ratio(s, size[g] * size[h])
                        }
                    })
                    .collect()
            })
            .collect()
    }

    fn frame<'m>(
        &self,
        pairs: impl Iterator<Item = (usize, usize)>,
        ms: impl Iterator<Item = &'m PairMeasures>,
    ) -> Result<DataFrame> {
        let (mut da, mut db) = (Vec::new(), Vec::new());
        for (a, b) in pairs {
            da.push(self.ids[a].as_str());
            db.push(self.ids[b].as_str());
        }
        let (mut cw, mut cv, mut jac, mut sh) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for m in ms {
            cw.push(m.cosine_relfreq);
            cv.push(m.cosine_tfidf);
            jac.push(m.jaccard);
            sh.push(m.shared_terms);
        }
        DataFrame::new_infer_height(vec![
            Column::new("doc_a".into(), da),
            Column::new("doc_b".into(), db),
            Column::new("cosine_relfreq".into(), cw),
            Column::new("cosine_tfidf".into(), cv),
            Column::new("jaccard".into(), jac),
            Column::new("shared_terms".into(), sh),
        ])
        .map_err(pl)
    }
}

/// A similarity measure to rank statements by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Measure {
    /// Cosine of the TF-IDF vectors.
    #[value(name = "cosine_tfidf")]
    CosineTfidf,
    /// Cosine of the relative-frequency vectors.
    #[value(name = "cosine_relfreq")]
    CosineRelfreq,
    /// Jaccard index of the term sets.
    #[value(name = "jaccard")]
    Jaccard,
}

impl Measure {
    /// The column name of the measure.
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::CosineTfidf => "cosine_tfidf",
            Measure::CosineRelfreq => "cosine_relfreq",
            Measure::Jaccard => "jaccard",
        }
    }
}

fn measure_key(measure: &str) -> Result<fn(&PairMeasures) -> f64> {
    Ok(match measure {
        "cosine_tfidf" => |m| m.cosine_tfidf,
        "cosine_relfreq" => |m| m.cosine_relfreq,
        "jaccard" => |m| m.jaccard,
        other => bail_data!("similarity", "unknown measure `{other}` (cosine_tfidf, cosine_relfreq, jaccard)"),
    })
}

/// The statement × statement table: `doc_a, doc_b, cosine_relfreq, cosine_tfidf, jaccard,
/// shared_terms`, every ordered pair of `ids` (including a document with itself), sorted by
/// `doc_a`, `doc_b` in the order of `ids`. n² rows: for large selections use
/// [`TermMatrix::top_k`].
pub fn similarity(doc_terms: &DataFrame, ids: &[String]) -> Result<DataFrame> {
    TermMatrix::new(doc_terms, ids)?.all_pairs()
}

/// Similarity as a dense matrix (rows and columns in the order of `ids`) for one measure column
/// of an all-pairs table.
pub fn matrix(sim: &DataFrame, ids: &[String], measure: &str) -> Result<Vec<Vec<f64>>> {
    let n = ids.len();
    let v: Vec<f64> = sim.column(measure).map_err(pl)?.f64().map_err(pl)?.iter().map(|x| x.unwrap_or(0.0)).collect();
    if v.len() != n * n {
        return Err(Error::Data { what: "similarity", problem: format!("expected {} pairs, got {}", n * n, v.len()) });
    }
    Ok((0..n).map(|i| v[i * n..(i + 1) * n].to_vec()).collect())
}

/// Leaf order of average-linkage agglomerative clustering on distance 1 − similarity
/// (deterministic: ties broken by the lower index). O(n³): for the all-pairs view only.
pub fn cluster_order(sim: &[Vec<f64>]) -> Vec<usize> {
    let n = sim.len();
    let mut clusters: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let dist = |a: &Vec<usize>, b: &Vec<usize>| -> f64 {
        let mut s = 0.0;
        for &i in a {
            for &j in b {
                s += 1.0 - sim[i][j];
            }
        }
        s / (a.len() * b.len()) as f64
    };
    while clusters.len() > 1 {
        let mut best = (f64::INFINITY, 0, 1);
        for i in 0..clusters.len() {
            for j in i + 1..clusters.len() {
                let d = dist(&clusters[i], &clusters[j]);
                if d < best.0 - 1e-15 {
                    best = (d, i, j);
                }
            }
        }
        let (_, i, j) = best;
        let b = clusters.remove(j);
        clusters[i].extend(b);
    }
    clusters.pop().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_and_jaccard_by_hand() {
        // x = (1, 2, 0), y = (2, 0, 1) over terms 甲 乙 丙: cos = 2 / (√5 √5) = 0.4; Jaccard = 1/3
        let dt = df!(
            "doc_id" => ["x", "x", "y", "y"],
            "term" => ["甲", "乙", "甲", "丙"],
            "per_10k" => [1.0, 2.0, 2.0, 1.0],
            "tfidf" => [1.0, 2.0, 2.0, 1.0],
        )
        .unwrap();
        let ids = vec!["x".to_string(), "y".to_string()];
        let s = similarity(&dt, &ids).unwrap();
        let m = matrix(&s, &ids, "cosine_relfreq").unwrap();
        assert!((m[0][1] - 0.4).abs() < 1e-12 && (m[1][0] - 0.4).abs() < 1e-12);
        assert!((m[0][0] - 1.0).abs() < 1e-12);
        let j = matrix(&s, &ids, "jaccard").unwrap();
        assert!((j[0][1] - 1.0 / 3.0).abs() < 1e-12);
    }

    /// Hand-made fixture (not corpus data): four statements over terms a b c d, both weightings
    /// given; every expected value below was computed by hand from these numbers.
    ///
    /// | stmt | a | b | c | d |   relfreq (w)      tfidf (v; null for d's c: no IDF)
    /// | p    | 1 | 1 | 0 | 0 |   w=(1,1,0,0)        v=(1,0,0,0)
    /// | q    | 1 | 0 | 1 | 0 |   w=(1,0,1,0)        v=(2,0,2,0)
    /// | r    | 0 | 1 | 1 | 1 |   w=(0,2,2,1)        v=(0,1,0,3)
    /// | s    | – | – | – | – |   no terms
    fn fixture() -> (DataFrame, Vec<String>) {
        let dt = df!(
            "doc_id" => ["p", "p", "q", "q", "r", "r", "r"],
            "term" => ["a", "b", "a", "c", "b", "c", "d"],
            "per_10k" => [1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 1.0],
            "tfidf" => [Some(1.0), Some(0.0), Some(2.0), Some(2.0), Some(1.0), None, Some(3.0)],
        )
        .unwrap();
        (dt, ["p", "q", "r", "s"].iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn sparse_product_matches_hand_computation() {
        let (dt, ids) = fixture();
        let m = TermMatrix::new(&dt, &ids).unwrap();
        assert_eq!((m.len(), m.nnz(), m.terms.len()), (4, 7, 4));
        // p·q: relfreq 1·1 = 1, ‖p‖ = √2, ‖q‖ = √2 → 0.5; tfidf 1·2 = 2, ‖p‖ = 1, ‖q‖ = √8 → 2/√8
        let pq = m.pair(0, 1);
        assert!((pq.cosine_relfreq - 0.5).abs() < 1e-15);
        assert!((pq.cosine_tfidf - 2.0 / 8f64.sqrt()).abs() < 1e-15);
        assert_eq!(pq.shared_terms, 1);
        assert!((pq.jaccard - 1.0 / 3.0).abs() < 1e-15);
        // q·r: relfreq c: 1·2 = 2, ‖q‖ = √2, ‖r‖ = 3 → 2/(3√2); tfidf: c is 2·0 → 0; shared 1 (c);
        // Jaccard 1 / (2 + 3 − 1) = 0.25
        let qr = m.pair(1, 2);
        assert!((qr.cosine_relfreq - 2.0 / (3.0 * 2f64.sqrt())).abs() < 1e-15);
        assert_eq!(qr.cosine_tfidf, 0.0);
        assert!((qr.jaccard - 0.25).abs() < 1e-15);
        // p·r: relfreq b: 1·2 = 2 → 2/(√2·3); tfidf b: 0·1 = 0; shared 1
        let pr = m.pair(0, 2);
        assert!((pr.cosine_relfreq - 2.0 / (2f64.sqrt() * 3.0)).abs() < 1e-15);
        // s has no terms: every measure 0, also against itself
        assert_eq!(m.pair(3, 3), PairMeasures::default());
        assert_eq!(m.pair(0, 3), PairMeasures::default());
        // the sparse product row equals the pairwise merge
        for a in 0..4 {
            let row = m.row(a);
            for (b, x) in row.iter().enumerate() {
                assert_eq!(*x, m.pair(a, b), "row {a} col {b}");
            }
        }
    }

    #[test]
    fn views_agree_with_all_pairs() {
        let (dt, ids) = fixture();
        let m = TermMatrix::new(&dt, &ids).unwrap();
        let all = m.all_pairs().unwrap();
        assert_eq!(all.height(), 16);
        let cv = matrix(&all, &ids, "cosine_tfidf").unwrap();
        assert!((cv[0][1] - 2.0 / 8f64.sqrt()).abs() < 1e-15 && (cv[1][0] - cv[0][1]).abs() < 1e-15);
        assert!((cv[1][1] - 1.0).abs() < 1e-15);
        // q's nearest by TF-IDF: p (0.707), then r and s (0) by id
        let nb = m.neighbours(1, "cosine_tfidf").unwrap();
        let order: Vec<&str> = nb.column("doc_b").unwrap().str().unwrap().iter().map(|s| s.unwrap()).collect();
        assert_eq!(order, ["p", "r", "s"]);
        // top-1 per statement: p→q, q→p, r→p (all 0: ties by id), s→p
        let top = m.top_k(1).unwrap();
        let b: Vec<&str> = top.column("doc_b").unwrap().str().unwrap().iter().map(|s| s.unwrap()).collect();
        assert_eq!(b, ["q", "p", "p", "p"]);
        let top2 = m.top_k(2).unwrap();
        assert_eq!(top2.height(), 8);
        // neighbours by relfreq for r: q = p = 2/(3√2); ties by id → p, q, s
        let nb = m.neighbours(2, "cosine_relfreq").unwrap();
        let order: Vec<&str> = nb.column("doc_b").unwrap().str().unwrap().iter().map(|s| s.unwrap()).collect();
        assert_eq!(order, ["p", "q", "s"]);
        assert!(m.neighbours(0, "nonsense").is_err());
    }

    #[test]
    fn pruned_top_k_equals_the_top_k_of_the_full_product() {
        // generated fixture (a fixed linear congruential sequence): 80 statements, 60 terms,
        // duplicates (rows 40.. repeat rows 0..40 with doubled weights: cosine 1) and many ties
        let mut x: u64 = 12345;
        let mut next = || {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (x >> 33) as usize
        };
        let (mut d, mut t, mut w, mut v) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut rows: Vec<Vec<(usize, f64)>> = Vec::new();
        for _ in 0..40 {
            let mut r: Vec<(usize, f64)> =
                (0..(3 + next() % 12)).map(|_| (next() % 60, (1 + next() % 4) as f64)).collect();
            r.sort_by_key(|e| e.0);
            r.dedup_by_key(|e| e.0);
            rows.push(r);
        }
        for i in 0..80 {
            for &(term, weight) in &rows[i % 40] {
                let f = if i >= 40 { 2.0 } else { 1.0 };
                d.push(format!("s{i:02}"));
                t.push(format!("t{term:02}"));
                w.push(weight * f);
                v.push(if term % 7 == 0 { 0.0 } else { weight * f });
            }
        }
        let dt = df!("doc_id" => d, "term" => t, "per_10k" => w, "tfidf" => v).unwrap();
        let ids: Vec<String> = (0..80).map(|i| format!("s{i:02}")).collect();
        let m = TermMatrix::new(&dt, &ids).unwrap();
        for k in [1, 3, 10, 79, 100] {
            let top = m.top_k(k).unwrap();
            let mut dv = Vec::new();
            let expect: Vec<(usize, usize)> =
                (0..80).flat_map(|a| m.top_k_dense(a, k, &mut dv).into_iter().map(move |b| (a, b))).collect();
            let got_a = top.column("doc_a").unwrap().str().unwrap().iter().map(|s| s.unwrap().to_string());
            let got_b = top.column("doc_b").unwrap().str().unwrap().iter().map(|s| s.unwrap().to_string());
            let got: Vec<(String, String)> = got_a.zip(got_b).collect();
            let want: Vec<(String, String)> = expect.iter().map(|&(a, b)| (ids[a].clone(), ids[b].clone())).collect();
            assert_eq!(got, want, "k = {k}");
        }
    }

    #[test]
    fn group_means_equal_the_mean_of_pairwise_cosines() {
        let (dt, ids) = fixture();
        let m = TermMatrix::new(&dt, &ids).unwrap();
        let all = m.all_pairs().unwrap();
        let cv = matrix(&all, &ids, "cosine_tfidf").unwrap();
        // groups {p, q} and {r, s}
        let g = m.group_means(&[0, 0, 1, 1], 2);
        let between = (cv[0][2] + cv[0][3] + cv[1][2] + cv[1][3]) / 4.0;
        assert!((g[0][1] - between).abs() < 1e-12 && (g[1][0] - between).abs() < 1e-12);
        assert!((g[0][0] - cv[0][1]).abs() < 1e-12, "within {{p, q}}: the one pair p·q");
        assert!((g[1][1] - cv[2][3]).abs() < 1e-12, "within {{r, s}}: 0 (s has no terms)");
    }

    #[test]
    fn clustering_groups_similar_items() {
        // 0 and 2 are close, 1 and 3 are close
        let s = vec![
            vec![1.0, 0.1, 0.9, 0.2],
            vec![0.1, 1.0, 0.2, 0.8],
            vec![0.9, 0.2, 1.0, 0.1],
            vec![0.2, 0.8, 0.1, 1.0],
        ];
        assert_eq!(cluster_order(&s), vec![0, 2, 1, 3]);
    }
}
