//! Comparative statistics (part of the statistics stage): keyness, similarity, KWIC, n-grams,
//! collocations, dispersion and trends, over documents or groups selected by metadata.
//!
//! Everything works on the outputs of the earlier stages — the corpus, its segmentation, the
//! tokens and the token/document/term tables — gathered in [`Prepared`].

pub mod dispersion;
pub mod keyness;
pub mod kwic;
pub mod ngrams;
pub mod select;
pub mod similarity;

use crate::bail_usage;
use crate::error::{Error, Result};
use crate::ingest::Corpus;
use crate::segment::Segmentation;
use crate::tokenize::DocTokens;
use polars::prelude::*;
use select::{decade, Filter, Meta};

/// Metadata of every document of `corpus`, as text, for filters and groupings (`decade` added).
pub fn metas(corpus: &Corpus) -> Vec<Meta> {
    corpus
        .docs
        .iter()
        .map(|d| {
            let m = &d.meta;
            let mut x = Meta::new();
            let o = |v: &Option<String>| v.clone().unwrap_or_default();
            x.insert("doc_id".into(), d.id.clone());
            x.insert("date".into(), d.date().map(|v| v.to_string()).unwrap_or_default());
            x.insert("year".into(), d.year().map(|v| v.to_string()).unwrap_or_default());
            x.insert("decade".into(), d.year().map(decade).unwrap_or_default());
            x.insert("partner".into(), o(&m.partner));
            x.insert("partner_en".into(), o(&m.partner_en));
            x.insert("iso".into(), o(&m.iso));
            x.insert("region".into(), o(&m.region));
            x.insert("doc_type".into(), d.doc_type().to_string());
            x.insert("completeness".into(), if d.partial { "partial" } else { "full" }.into());
            x.insert("format".into(), d.format.name().into());
            x.insert("title".into(), o(&m.title));
            for (k, v) in &m.extra {
                x.entry(k.clone()).or_insert_with(|| v.clone());
            }
            x
        })
        .collect()
}

/// Statements grouped for a chart that cannot show them one by one.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouping {
    /// Metadata column grouped by (`partner`, `region` or `decade`).
    pub column: String,
    /// Group names, sorted.
    pub names: Vec<String>,
    /// Group (index into `names`) of each statement, in the order of the selection.
    pub of: Vec<usize>,
}

/// Most groups a grouped chart shows.
pub const MAX_GROUPS: usize = 40;

/// Group the statements `idx` for an aggregated chart: by `partner` when there are 2 to
/// [`MAX_GROUPS`] partners, else by `region` under the same condition, else by `decade` (a
/// missing value is the group `(none)`).
pub fn grouping(metas: &[Meta], idx: &[usize]) -> Grouping {
    let label =
        |i: usize, c: &str| metas[i].get(c).filter(|v| !v.is_empty()).cloned().unwrap_or_else(|| "(none)".to_string());
    let build = |c: &str| {
        let mut names: Vec<String> = idx.iter().map(|&i| label(i, c)).collect();
        names.sort();
        names.dedup();
        let of = idx.iter().map(|&i| names.binary_search(&label(i, c)).unwrap_or(0)).collect();
        Grouping { column: c.to_string(), names, of }
    };
    for c in ["partner", "region"] {
        let g = build(c);
        if (2..=MAX_GROUPS).contains(&g.names.len()) {
            return g;
        }
    }
    build("decade")
}

/// Sizes above which `analyze` switches to views that stay readable and bounded at archive scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScaleOptions {
    /// Largest number of statements for which every pair of statements is written to the
    /// similarity table (n² rows); above, the `top_k` nearest neighbours of each statement.
    pub all_pairs_max: usize,
    /// Nearest neighbours per statement in the top-k similarity table.
    pub top_k: usize,
    /// Largest number of statements drawn one by one (a column, bar or lane each) in a chart;
    /// above, charts aggregate statements by partner, region or decade, or show the top ones.
    pub chart_statements: usize,
}

impl Default for ScaleOptions {
    fn default() -> Self {
        ScaleOptions { all_pairs_max: 500, top_k: 20, chart_statements: 100 }
    }
}

/// Which similarity table was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimilarityView {
    /// Every ordered pair of statements.
    AllPairs,
    /// The k nearest neighbours (cosine on TF-IDF) of every statement.
    TopK(usize),
}

/// The similarity heatmap's data: statements (clustered) or groups of statements.
#[derive(Debug, Clone)]
pub struct SimilarityHeatmap {
    /// Row and column labels, in the order drawn.
    pub labels: Vec<String>,
    /// Mean cosine on TF-IDF, `values[row][column]`.
    pub values: Vec<Vec<f64>>,
    /// `None`: one row per statement; `Some(column)`: groups of statements by that column.
    pub grouped_by: Option<String>,
}

/// The inputs of the comparative statistics.
pub struct Prepared<'a> {
    /// The corpus (documents sorted by date, id).
    pub corpus: &'a Corpus,
    /// Segmentation, one per document.
    pub segs: &'a [Segmentation],
    /// Tokens, one per document.
    pub tokens: &'a [DocTokens],
    /// The token table.
    pub token_df: &'a DataFrame,
    /// The document × term table (`stats::Stats::doc_terms`).
    pub doc_terms: &'a DataFrame,
    /// Count partial texts in default selections.
    pub include_partial: bool,
}

impl Prepared<'_> {
    /// Metadata of every document, as text, for filters (`decade` added).
    pub fn metas(&self) -> Vec<Meta> {
        metas(self.corpus)
    }

    /// Indices of the documents selected by `filter` (all of the analysis set when `None`),
    /// in corpus order. Partial texts are left out unless `include_partial` or the filter names
    /// them explicitly (by id or `completeness=partial`).
    pub fn select(&self, filter: Option<&Filter>) -> Result<Vec<usize>> {
        let metas = self.metas();
        if let (Some(f), Some(m)) = (filter, metas.first()) {
            f.check_columns(m)?;
        }
        let explicit_partial = filter.is_some_and(|f| f.mentions("doc_id") || f.mentions("completeness"));
        let idx: Vec<usize> = (0..metas.len())
            .filter(|&i| explicit_partial || crate::stats::in_analysis(&self.corpus.docs[i], self.include_partial))
            .filter(|&i| filter.is_none_or(|f| f.matches(&metas[i])))
            .collect();
        if idx.is_empty() {
            bail_usage!("no statement matches `{}`", filter.map_or("the analysis set".to_string(), |f| f.text.clone()));
        }
        Ok(idx)
    }

    /// The target and reference of `jointstat keyness`: the target is the statements `target`
    /// (a statement id or a filter) selects within the selection `pool` (a statement named by
    /// id counts even outside it); the reference is `reference` = `rest` (every statement of
    /// the selection not in the target) or the statements another filter selects, minus the
    /// target. Fails when either is empty.
    pub fn keyness_sets(
        &self,
        pool: Option<&Filter>,
        target: &str,
        reference: &str,
    ) -> Result<(Vec<usize>, Vec<usize>)> {
        let pool = self.select(pool)?;
        let tf = Filter::parse(target)?;
        let mut t_idx = self.select(Some(&tf))?;
        t_idx.retain(|i| pool.contains(i) || tf.mentions("doc_id"));
        let r_idx: Vec<usize> = if reference == "rest" {
            pool.iter().copied().filter(|i| !t_idx.contains(i)).collect()
        } else {
            let rf = Filter::parse(reference)?;
            self.select(Some(&rf))?.into_iter().filter(|i| !t_idx.contains(i)).collect()
        };
        if t_idx.is_empty() || r_idx.is_empty() {
            bail_usage!(
                "keyness needs a non-empty target and reference ({} and {} statements)",
                t_idx.len(),
                r_idx.len()
            );
        }
        Ok((t_idx, r_idx))
    }

    /// The similarity table of `jointstat similar` over the statements `filter` selects: with
    /// `id`, that statement's row against every other (added to the selection when outside it),
    /// ranked by `measure`; without, every pair up to `all_pairs_max` statements, else each
    /// statement's `top_k` nearest neighbours (cosine on TF-IDF). The second value is the
    /// number of statements when the top-k table replaced the pairs.
    pub fn similar(
        &self,
        filter: Option<&Filter>,
        id: Option<&str>,
        measure: similarity::Measure,
        all_pairs_max: usize,
        top_k: usize,
    ) -> Result<(DataFrame, Option<usize>)> {
        let mut idx = self.select(filter)?;
        if let Some(id) = id {
            let i = self.corpus.docs.iter().position(|d| d.id == id).ok_or_else(|| Error::NotFound(id.to_string()))?;
            if !idx.contains(&i) {
                idx.push(i);
                idx.sort();
            }
        }
        let tm = similarity::TermMatrix::new(self.doc_terms, &self.ids(&idx))?;
        Ok(match id {
            // one row of the sparse product
            Some(id) => {
                let row = tm.row_of(id).ok_or_else(|| Error::NotFound(id.to_string()))?;
                (tm.neighbours(row, measure.as_str())?, None)
            }
            None if tm.len() <= all_pairs_max => (tm.all_pairs()?, None),
            None => (tm.top_k(top_k)?, Some(tm.len())),
        })
    }

    /// Ids of documents by index.
    pub fn ids(&self, idx: &[usize]) -> Vec<String> {
        idx.iter().map(|&i| self.corpus.docs[i].id.clone()).collect()
    }

    /// The period of each selected document for trends: `year`, `decade` or any metadata column.
    pub fn periods(&self, idx: &[usize], by: &str) -> Result<DataFrame> {
        let metas = self.metas();
        if let Some(m) = metas.first() {
            if !m.contains_key(by) {
                bail_usage!(
                    "--by {by}: unknown column (columns: {})",
                    m.keys().cloned().collect::<Vec<_>>().join(", ")
                );
            }
        }
        let ids = self.ids(idx);
        let periods: Vec<String> = idx.iter().map(|&i| metas[i].get(by).cloned().unwrap_or_default()).collect();
        DataFrame::new_infer_height(vec![Column::new("doc_id".into(), ids), Column::new("period".into(), periods)])
            .map_err(crate::error::polars("periods"))
    }
}

/// The comparison section of `just analyze`: the focus statement against the rest of the
/// analysis set.
#[derive(Debug, Clone)]
pub struct FocusComparison {
    /// Keyness of the focus vs the rest.
    pub keyness: DataFrame,
    /// Statement × statement similarity over the analysis set (plus the focus): every pair, or
    /// the top-k nearest neighbours of each statement (see `similarity_view`).
    pub similarity: DataFrame,
    /// Which similarity table was written, and why (see [`ScaleOptions`]).
    pub similarity_view: SimilarityView,
    /// The similarity heatmap (statements clustered, or groups of statements).
    pub sim_heatmap: SimilarityHeatmap,
    /// Ids of the statements compared (date order).
    pub sim_ids: Vec<String>,
    /// The focus's nearest statements (cosine on TF-IDF), every other statement.
    pub nearest: DataFrame,
    /// Trends by decade of the focus's most key terms.
    pub trend: DataFrame,
    /// Terms followed in the trend (the focus's top key terms).
    pub key_terms: Vec<String>,
    /// Dispersion positions of the top key term.
    pub dispersion_positions: DataFrame,
    /// Dispersion summary of each key term.
    pub dispersion_summary: DataFrame,
}

impl FocusComparison {
    /// Whether keyness was computed: there is a focus and at least one other statement in the
    /// analysis set to serve as reference.
    pub fn has_keyness(&self) -> bool {
        self.keyness.width() > 0
    }
}

/// Compute the standard comparison: the similarity of the statements of the analysis set
/// (plus the focus), and — when there is a focus and at least one other statement to compare
/// it with — keyness of the focus against the rest (terms with at least `min_count`
/// occurrences in focus + rest), its nearest statements, and the dispersion and trends of its
/// `n_key` top key terms. The focus parts are empty tables otherwise (see
/// [`FocusComparison::has_keyness`]).
pub fn focus_comparison(
    p: &Prepared<'_>,
    focus: Option<&str>,
    n_key: usize,
    min_count: u32,
    scale: &ScaleOptions,
) -> Result<FocusComparison> {
    let analysis = p.select(None).unwrap_or_default();
    let focus_i = match focus {
        Some(focus) => {
            Some(p.corpus.docs.iter().position(|d| d.id == focus).ok_or_else(|| Error::NotFound(focus.to_string()))?)
        }
        None => None,
    };
    let rest: Vec<usize> = analysis.iter().copied().filter(|&i| Some(i) != focus_i).collect();
    let (k, key_terms) = match (focus_i, rest.is_empty()) {
        (Some(fi), false) => {
            // on the compact tokens (term ids): no token-level frame
            let k = keyness::keyness_compact(
                p.tokens,
                &[fi],
                &rest,
                &keyness::KeynessOptions { min_count, alpha: 0.05, correction: keyness::Correction::None },
            )?;
            let key_terms: Vec<String> = k
                .clone()
                .lazy()
                .filter(col("direction").eq(lit("over")).and(col("target_count").gt_eq(lit(2u32))))
                .limit(n_key as u32)
                .collect()?
                .column("term")?
                .str()?
                .iter()
                .map(|s| s.unwrap_or("").to_string())
                .collect();
            (k, key_terms)
        }
        _ => (DataFrame::empty(), Vec::new()),
    };
    let mut sim_idx = analysis.clone();
    if let Some(fi) = focus_i {
        if !sim_idx.contains(&fi) {
            sim_idx.push(fi);
            sim_idx.sort();
        }
    }
    let sim_ids = p.ids(&sim_idx);
    let tm = similarity::TermMatrix::new(p.doc_terms, &sim_ids)?;
    let nearest = match focus {
        Some(focus) if sim_ids.len() >= 2 => {
            let row =
                tm.row_of(focus).ok_or_else(|| Error::Usage(format!("focus `{focus}` not in the similarity set")))?;
            tm.neighbours(row, "cosine_tfidf")?
        }
        _ => DataFrame::empty(),
    };
    let (sim, similarity_view) = if sim_ids.len() < 2 {
        // nothing to compare a statement with
        (DataFrame::empty(), SimilarityView::AllPairs)
    } else if sim_ids.len() <= scale.all_pairs_max {
        (tm.all_pairs()?, SimilarityView::AllPairs)
    } else {
        (tm.top_k(scale.top_k)?, SimilarityView::TopK(scale.top_k))
    };
    let sim_heatmap = if sim_ids.len() < 2 {
        SimilarityHeatmap { labels: Vec::new(), values: Vec::new(), grouped_by: None }
    } else if sim_ids.len() <= scale.chart_statements {
        let m = if similarity_view == SimilarityView::AllPairs {
            similarity::matrix(&sim, &sim_ids, "cosine_tfidf")?
        } else {
            tm.all_pairs().and_then(|s| similarity::matrix(&s, &sim_ids, "cosine_tfidf"))?
        };
        let order = similarity::cluster_order(&m);
        SimilarityHeatmap {
            labels: order.iter().map(|&i| sim_ids[i].clone()).collect(),
            values: order.iter().map(|&i| order.iter().map(|&j| m[i][j]).collect()).collect(),
            grouped_by: None,
        }
    } else {
        let g = grouping(&p.metas(), &sim_idx);
        let m = tm.group_means(&g.of, g.names.len());
        let order = similarity::cluster_order(&m);
        SimilarityHeatmap {
            labels: order.iter().map(|&i| g.names[i].clone()).collect(),
            values: order.iter().map(|&i| order.iter().map(|&j| m[i][j]).collect()).collect(),
            grouped_by: Some(g.column),
        }
    };
    drop(tm);
    let trend = if key_terms.is_empty() {
        DataFrame::empty()
    } else {
        // the analysis set plus the focus: the same statements as the similarity
        let periods = p.periods(&sim_idx, "decade")?;
        crate::stats::word_trend(p.tokens, &periods, &key_terms)?
    };
    let toks: Vec<&DocTokens> = sim_idx.iter().map(|&i| &p.tokens[i]).collect();
    let mut summaries = Vec::new();
    let mut positions = DataFrame::empty();
    for (j, t) in key_terms.iter().enumerate() {
        let (pos, sum) = dispersion::dispersion(&toks, t)?;
        if j == 0 {
            positions = pos;
        }
        summaries.push(sum.lazy());
    }
    let dispersion_summary =
        if summaries.is_empty() { DataFrame::empty() } else { concat(summaries, UnionArgs::default())?.collect()? };
    Ok(FocusComparison {
        keyness: k,
        similarity: sim,
        similarity_view,
        sim_heatmap,
        sim_ids,
        nearest,
        trend,
        key_terms,
        dispersion_positions: positions,
        dispersion_summary,
    })
}
