//! Stage 4 — statistics, in polars: per-document and per-corpus term statistics and the focus
//! statement's terms against the rest of the corpus.
//!
//! Conventions (also in the README):
//! - **tokens** of a document: its word tokens, punctuation excluded, stopwords included.
//!   This is the denominator of every relative frequency ("per 10,000 tokens").
//! - **terms**: tokens that are not stopwords (list, punctuation, numerals).
//! - **analysis set**: the complete statements (`completeness != partial`). Corpus-level
//!   figures (document frequency, IDF, corpus totals, the "rest of the corpus") use only the
//!   analysis set; partial documents keep their own per-document figures and are flagged.
//! - **TF-IDF**: `count × log10(N / df)`, N = documents in the analysis set, df = documents of
//!   the analysis set containing the term — quanteda's `dfm_tfidf()` default (count, inverse).
//!   Documents outside the analysis set (partial texts) are weighted by the same IDF, so they can
//!   be compared with it; a term that occurs in no document of the analysis set has no TF-IDF.
//! - **Log-likelihood G²** (Dunning 1993, 4-term over the 2×2 table as in quanteda and AntConc 4,
//!   no Williams correction) and **log ratio** (Hardie
//!   2014, `log2` of the ratio of relative frequencies, 0.5 added to a zero count) for focus vs
//!   rest, with the p-value of G² (chi-square, 1 df) and the log ratio's 95% confidence interval
//!   (see `compare::keyness`); `direction` is `over` when the focus uses the term more
//!   (relatively) than the rest. Only terms with at least `min_count` occurrences in focus +
//!   rest are listed (default 3, as `jointstat keyness`).
//!
//! Longer than 500 lines because the token tables (whole, word rows, written in blocks), the
//! compact counting behind `compute` and its hand-checked unit tests share the fixture tokens.

pub mod clauses;
pub mod designations;
pub mod measures;

use crate::error::Result;
use crate::ingest::{Corpus, Document};
use crate::segment::Segmentation;
use crate::tokenize::DocTokens;
use chrono::Datelike;
use polars::prelude::*;

/// Days from 0001-01-01 (CE) to 1970-01-01, to store dates as polars `Date`.
const EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// The token table: one row per kept token.
/// Columns: `doc_id, position, token, pos, is_punct, is_stopword, article, sentence, char_start`.
pub fn token_frame(tokens: &[DocTokens]) -> Result<DataFrame> {
    let n: usize = tokens.iter().map(|d| d.len()).sum();
    let mut doc_id = Vec::with_capacity(n);
    let mut position = Vec::with_capacity(n);
    let mut token = Vec::with_capacity(n);
    let mut pos = Vec::with_capacity(n);
    let mut is_punct = Vec::with_capacity(n);
    let mut is_stop = Vec::with_capacity(n);
    let mut article = Vec::with_capacity(n);
    let mut sentence = Vec::with_capacity(n);
    let mut char_start = Vec::with_capacity(n);
    for d in tokens {
        for t in d.iter() {
            doc_id.push(d.doc_id.as_str());
            position.push(t.position);
            token.push(t.text);
            pos.push(t.pos);
            is_punct.push(t.is_punct);
            is_stop.push(t.is_stopword);
            article.push(t.article);
            sentence.push(t.sentence);
            char_start.push(t.char_start);
        }
    }
    let df = DataFrame::new_infer_height(vec![
        Column::new("doc_id".into(), doc_id),
        Column::new("position".into(), position),
        Column::new("token".into(), token),
        Column::new("pos".into(), pos),
        Column::new("is_punct".into(), is_punct),
        Column::new("is_stopword".into(), is_stop),
        Column::new("article".into(), article),
        Column::new("sentence".into(), sentence),
        Column::new("char_start".into(), char_start),
    ])?;
    Ok(df)
}

/// The word rows of the token table (punctuation excluded) with only the columns that keyness
/// and trends read (`compare::keyness::keyness`, `compare::dispersion::trend`): `doc_id,
/// token, is_punct, is_stopword`. Both filter punctuation out first, so their results are the
/// same as on [`token_frame`], at about half its memory. (`analyze` builds no token-level frame:
/// it computes keyness and trends on the compact tokens, `compare::keyness::keyness_compact` and
/// [`word_trend`].)
pub fn word_frame(tokens: &[DocTokens]) -> Result<DataFrame> {
    let n: usize = tokens.iter().map(|d| d.stored().iter().filter(|t| !t.is_punct).count()).sum();
    let (mut doc_id, mut token, mut is_stop) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
    for d in tokens {
        for t in d.iter().filter(|t| !t.is_punct) {
            doc_id.push(d.doc_id.as_str());
            token.push(t.text);
            is_stop.push(t.is_stopword);
        }
    }
    let df = DataFrame::new_infer_height(vec![
        Column::new("doc_id".into(), doc_id),
        Column::new("token".into(), token),
        Column::new("is_punct".into(), vec![false; n]),
        Column::new("is_stopword".into(), is_stop),
    ])?;
    Ok(df)
}

/// Trends of `terms` counted on the compact tokens: for each period of `periods` (`doc_id`,
/// `period`, the statements followed), its statements, its word tokens (punctuation excluded)
/// and, per term, its occurrences, relative frequency per 10,000 word tokens and the statements
/// using it. The same table as `compare::dispersion::trend` on the token table (one row per
/// (period, term), zeros included; sorted by period, then the order of `terms`), built from
/// one row per document and one per (document, term) present instead of one per token.
pub fn word_trend(tokens: &[DocTokens], periods: &DataFrame, terms: &[String]) -> Result<DataFrame> {
    // the position in `terms` of each followed term's id, per vocabulary (the documents of a
    // corpus share one; built again only when a document brings another)
    let followed_in = |v: &crate::tokenize::Vocab| -> rustc_hash::FxHashMap<u32, usize> {
        let mut m = rustc_hash::FxHashMap::default();
        for (id, w) in v.words().iter().enumerate() {
            if let Some(k) = terms.iter().position(|t| **t == **w) {
                m.insert(id as u32, k);
            }
        }
        m
    };
    let mut followed: Option<(&crate::tokenize::Vocab, rustc_hash::FxHashMap<u32, usize>)> = None;
    let (mut doc_id, mut words) = (Vec::with_capacity(tokens.len()), Vec::with_capacity(tokens.len()));
    let (mut occ_doc, mut occ_term, mut occ_count) = (Vec::new(), Vec::new(), Vec::new());
    for t in tokens {
        if !followed.as_ref().is_some_and(|(v, _)| std::ptr::eq(*v, t.vocab())) {
            followed = Some((t.vocab(), followed_in(t.vocab())));
        }
        let ids = followed.as_ref().map(|(_, m)| m).expect("set above");
        let mut n = 0u32;
        let mut counts = vec![0u32; terms.len()];
        for s in t.stored().iter().filter(|s| !s.is_punct) {
            n += 1;
            if let Some(&k) = ids.get(&s.term) {
                counts[k] += 1;
            }
        }
        doc_id.push(t.doc_id.as_str());
        words.push(n);
        for (k, &c) in counts.iter().enumerate().filter(|(_, c)| **c > 0) {
            occ_doc.push(t.doc_id.as_str());
            occ_term.push(terms[k].as_str());
            occ_count.push(c);
        }
    }
    let by_doc =
        |l: LazyFrame| l.join(periods.clone().lazy(), [col("doc_id")], [col("doc_id")], JoinArgs::new(JoinType::Inner));
    let doc_words = by_doc(
        DataFrame::new_infer_height(vec![Column::new("doc_id".into(), doc_id), Column::new("words".into(), words)])?
            .lazy(),
    );
    let period_tokens =
        doc_words.group_by([col("period")]).agg([col("words").sum().cast(DataType::UInt32).alias("tokens")]);
    let counts = by_doc(
        DataFrame::new_infer_height(vec![
            Column::new("doc_id".into(), occ_doc),
            Column::new("term".into(), occ_term),
            Column::new("count".into(), occ_count),
        ])?
        .lazy(),
    )
    .group_by([col("period"), col("term")])
    .agg([
        col("count").sum().cast(DataType::UInt32).alias("count"),
        col("doc_id").n_unique().cast(DataType::UInt32).alias("statements_with_term"),
    ]);
    trend_table(periods, period_tokens, terms, counts)
}

/// The trend table of [`word_trend`] and `compare::dispersion::trend` from its parts: `periods`
/// (`doc_id`, `period`), `period_tokens` (`period`, `tokens`: the word tokens of each period),
/// `terms` (the terms followed, in order) and `counts` (`period`, `term`, `count`,
/// `statements_with_term`, present pairs only). One row per (period, term), zeros included, with
/// the statements of the period and the relative frequency per 10,000 tokens; sorted by period,
/// then the order of `terms`.
pub fn trend_table(
    periods: &DataFrame,
    period_tokens: LazyFrame,
    terms: &[String],
    counts: LazyFrame,
) -> Result<DataFrame> {
    let sizes = periods
        .clone()
        .lazy()
        .group_by([col("period")])
        .agg([len().cast(DataType::UInt32).alias("statements")])
        .join(period_tokens, [col("period")], [col("period")], JoinArgs::new(JoinType::Left))
        .with_columns([col("tokens").fill_null(lit(0u32))]);
    let term_df = DataFrame::new_infer_height(vec![
        Column::new("term".into(), terms.to_vec()),
        Column::new("term_order".into(), (0..terms.len() as u32).collect::<Vec<_>>()),
    ])?;
    let pl = crate::error::polars("trend");
    sizes
        .cross_join(term_df.lazy(), None)
        .join(counts, [col("period"), col("term")], [col("period"), col("term")], JoinArgs::new(JoinType::Left))
        .with_columns([col("count").fill_null(lit(0u32)), col("statements_with_term").fill_null(lit(0u32))])
        .with_columns([when(col("tokens").gt(lit(0u32)))
            .then(col("count").cast(DataType::Float64) / col("tokens").cast(DataType::Float64) * lit(10_000.0))
            .otherwise(lit(0.0))
            .alias("per_10k")])
        .sort(["period", "term_order"], SortMultipleOptions::default())
        .select([
            col("period"),
            col("term"),
            col("count"),
            col("tokens"),
            col("per_10k"),
            col("statements"),
            col("statements_with_term"),
        ])
        .collect()
        .map_err(pl)
}

/// Documents per block of the token table written by [`write_token_table`] (one Parquet row
/// group each; ≈ 1,000 tokens per statement, so a block is ≈ 256,000 rows).
pub const TOKEN_TABLE_BLOCK_DOCS: usize = 256;

/// Write the token table ([`token_frame`]) as `NAME.csv` and `NAME.parquet` into `dir`, block
/// by block of [`TOKEN_TABLE_BLOCK_DOCS`] documents (see [`crate::output::write_table_blocks`]),
/// so that it is never held whole in memory: the same rows and bytes as writing the whole
/// frame when the corpus fits in one block, one Parquet row group per block otherwise.
pub fn write_token_table(tokens: &[DocTokens], dir: &std::path::Path, name: &str) -> Result<()> {
    write_token_table_in(tokens, dir, name, TOKEN_TABLE_BLOCK_DOCS)
}

fn write_token_table_in(tokens: &[DocTokens], dir: &std::path::Path, name: &str, block_docs: usize) -> Result<()> {
    let blocks: Vec<&[DocTokens]> = tokens.chunks(block_docs.max(1)).collect();
    crate::output::write_table_blocks(dir, name, &token_frame(&[])?, blocks.len().max(1), |i| {
        token_frame(blocks.get(i).copied().unwrap_or(&[]))
    })
}

fn date_days(d: &Document) -> Option<i32> {
    d.date().map(|x| x.num_days_from_ce() - EPOCH_DAYS_FROM_CE)
}

/// Per-document metadata and structure (no token statistics yet).
fn doc_meta_frame(corpus: &Corpus, segs: &[Segmentation]) -> Result<DataFrame> {
    let docs = &corpus.docs;
    let s = |f: &dyn Fn(&Document) -> Option<String>| -> Vec<Option<String>> { docs.iter().map(f).collect() };
    let date: Vec<Option<i32>> = docs.iter().map(date_days).collect();
    let df = DataFrame::new_infer_height(vec![
        Column::new("doc_id".into(), s(&|d| Some(d.id.clone()))),
        Column::new("date".into(), date).cast(&DataType::Date)?,
        Column::new("year".into(), docs.iter().map(|d| d.year()).collect::<Vec<_>>()),
        Column::new("partner".into(), s(&|d| d.meta.partner.clone())),
        Column::new("partner_en".into(), s(&|d| d.meta.partner_en.clone())),
        Column::new("iso".into(), s(&|d| d.meta.iso.clone())),
        Column::new("region".into(), s(&|d| d.meta.region.clone())),
        Column::new("doc_type".into(), s(&|d| Some(d.doc_type().to_string()))),
        Column::new("completeness".into(), s(&|d| Some(if d.partial { "partial" } else { "full" }.to_string()))),
        Column::new("title".into(), s(&|d| d.meta.title.clone())),
        Column::new("file".into(), s(&|d| Some(d.file.clone()))),
        Column::new("encoding".into(), s(&|d| Some(d.encoding.clone()))),
        Column::new("format".into(), s(&|d| Some(d.format.name().to_string()))),
        Column::new("lead_cut".into(), docs.iter().map(|d| !d.lead.is_empty()).collect::<Vec<_>>()),
        Column::new("lead_kind".into(), s(&|d| Some(d.lead_kind.name().to_string()))),
        Column::new("title_lines".into(), docs.iter().map(|d| d.title_lines.len() as u32).collect::<Vec<_>>()),
        Column::new("signatories".into(), s(&|d| Some(d.signature.names().join("; ")))),
        Column::new("sign_place".into(), s(&|d| d.signature.place.clone())),
        Column::new("trailer_cut".into(), docs.iter().map(|d| !d.trailer.is_empty()).collect::<Vec<_>>()),
        Column::new("numbering".into(), segs.iter().map(|g| g.scheme.name()).collect::<Vec<_>>()),
        Column::new("articles".into(), segs.iter().map(|g| g.numbered_articles() as u32).collect::<Vec<_>>()),
        Column::new("paragraphs".into(), docs.iter().map(|d| d.body.len() as u32).collect::<Vec<_>>()),
        Column::new("sentences".into(), segs.iter().map(|g| g.sentences.len() as u32).collect::<Vec<_>>()),
        Column::new(
            "chars".into(),
            docs.iter()
                .map(|d| d.body.iter().map(|p| p.chars().filter(|c| !c.is_whitespace()).count() as u32).sum::<u32>())
                .collect::<Vec<_>>(),
        ),
        Column::new("sha256".into(), s(&|d| Some(d.sha256.clone()))),
    ])?;
    Ok(df)
}

/// All statistics tables of stage 4.
#[derive(Debug, Clone)]
pub struct Stats {
    /// One row per document: metadata, structure and size (see README).
    pub documents: DataFrame,
    /// One row per (document, term): count, relative frequency, TF-IDF.
    pub doc_terms: DataFrame,
    /// One row per term over the analysis set: count, relative frequency, document frequency, IDF.
    pub corpus_terms: DataFrame,
    /// The focus statement's terms against the rest of the analysis set.
    pub focus_terms: DataFrame,
    /// Number of documents in the analysis set.
    pub n_analysis: usize,
}

/// Options for stage 4.
#[derive(Debug, Clone)]
pub struct StatsOptions {
    /// Id of the focus statement.
    pub focus: String,
    /// Count partial documents as part of the analysis set.
    pub include_partial: bool,
    /// Minimum occurrences in focus + rest for a term of `focus_terms`.
    pub min_count: u32,
}

/// The analysis-set rule, written once: a document is pooled into corpus-level figures when it
/// is complete, or when partial (abridged) texts are included (`--include-partial`). Partial
/// texts outside the analysis set are still listed, charted and scored individually.
pub fn in_analysis(doc: &Document, include_partial: bool) -> bool {
    include_partial || !doc.partial
}

/// Indices (into `corpus.docs`, in corpus order) of the documents of the analysis set (see
/// [`in_analysis`]).
pub fn analysis_set(corpus: &Corpus, include_partial: bool) -> Vec<usize> {
    (0..corpus.docs.len()).filter(|&i| in_analysis(&corpus.docs[i], include_partial)).collect()
}

/// Per-document figures counted from the compact tokens (see [`compute`]).
struct DocCounts {
    /// Word tokens (punctuation excluded).
    tokens: u32,
    /// Non-stopword tokens.
    terms: u32,
    /// Distinct word tokens.
    types: u32,
    /// (term id, count) of the non-stopword tokens, by term id.
    counts: Vec<(u32, u32)>,
}

fn doc_counts(t: &DocTokens) -> DocCounts {
    let mut words: Vec<u32> = Vec::with_capacity(t.len());
    let mut terms: Vec<u32> = Vec::with_capacity(t.len());
    for s in t.stored() {
        if !s.is_punct {
            words.push(s.term);
        }
        if !s.is_stopword {
            terms.push(s.term);
        }
    }
    let (n_words, n_terms) = (words.len() as u32, terms.len() as u32);
    words.sort_unstable();
    words.dedup();
    terms.sort_unstable();
    let mut counts: Vec<(u32, u32)> = Vec::new();
    for id in terms {
        match counts.last_mut() {
            Some((last, c)) if *last == id => *c += 1,
            _ => counts.push((id, 1)),
        }
    }
    DocCounts { tokens: n_words, terms: n_terms, types: words.len() as u32, counts }
}

/// Compute every table of stage 4 from the corpus, its segmentation and its tokens (in corpus
/// order, one vocabulary: see [`crate::tokenize::tokenize_corpus`]).
///
/// Counting is done on the compact tokens (integer term ids, per document in parallel); polars
/// aggregates the compact (document index, term id, count) columns and the term texts are
/// joined once at the end, so no token-level frame is built.
pub fn compute(corpus: &Corpus, segs: &[Segmentation], tokens: &[DocTokens], opts: &StatsOptions) -> Result<Stats> {
    use rayon::prelude::*;
    if tokens.len() != corpus.docs.len() {
        crate::bail_data!("statistics", "{} tokenized documents for {} documents", tokens.len(), corpus.docs.len());
    }
    let meta = doc_meta_frame(corpus, segs)?;
    let analysis_ids: Vec<&str> =
        corpus.docs.iter().filter(|d| in_analysis(d, opts.include_partial)).map(|d| d.id.as_str()).collect();
    let n_analysis = analysis_ids.len();
    let analysis = Series::new("ids".into(), analysis_ids.clone());
    let in_analysis = col("doc_id").is_in(lit(analysis).implode(false), false);
    let analysed: Vec<bool> = corpus.docs.iter().map(|d| self::in_analysis(d, opts.include_partial)).collect();

    let per_doc: Vec<DocCounts> = tokens.par_iter().map(doc_counts).collect();
    // one vocabulary for all documents (or none: an empty corpus)
    let vocab = tokens.first().map(|t| t.vocab());
    if let Some(v) = vocab {
        if !tokens.iter().all(|t| std::ptr::eq(t.vocab(), v)) {
            crate::bail_data!(
                "statistics",
                "the documents were not tokenized with one vocabulary (use tokenize_corpus)"
            );
        }
    }
    let words: &[Box<str>] = vocab.map_or(&[], |v| v.words());

    // sizes per document
    let sizes = DataFrame::new_infer_height(vec![
        Column::new("doc_id".into(), corpus.docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>()),
        Column::new("tokens".into(), per_doc.iter().map(|c| c.tokens).collect::<Vec<_>>()),
        Column::new("terms".into(), per_doc.iter().map(|c| c.terms).collect::<Vec<_>>()),
        Column::new("types".into(), per_doc.iter().map(|c| c.types).collect::<Vec<_>>()),
    ])?
    .lazy();
    let documents = meta
        .clone()
        .lazy()
        .join(sizes.clone(), [col("doc_id")], [col("doc_id")], JoinArgs::new(JoinType::Left))
        .with_columns([
            col("tokens").fill_null(lit(0u32)),
            col("terms").fill_null(lit(0u32)),
            col("types").fill_null(lit(0u32)),
        ])
        .with_columns([
            when(col("tokens").gt(lit(0u32)))
                .then(col("types").cast(DataType::Float64) / col("tokens").cast(DataType::Float64))
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias("ttr"),
            in_analysis.clone().alias("in_analysis"),
        ])
        .sort(["date", "doc_id"], SortMultipleOptions::default().with_nulls_last(true))
        .collect()
        .map_err(crate::error::polars("documents table"))?;

    // counts per (doc, term), compact: document index, term id
    let rows: usize = per_doc.iter().map(|c| c.counts.len()).sum();
    let (mut doc_col, mut term_col, mut count_col, mut analysed_col) =
        (Vec::with_capacity(rows), Vec::with_capacity(rows), Vec::with_capacity(rows), Vec::with_capacity(rows));
    for (i, c) in per_doc.iter().enumerate() {
        for &(t, n) in &c.counts {
            doc_col.push(i as u32);
            term_col.push(t);
            count_col.push(n);
            analysed_col.push(analysed[i]);
        }
    }
    let counts = DataFrame::new_infer_height(vec![
        Column::new("doc".into(), doc_col),
        Column::new("term_id".into(), term_col),
        Column::new("count".into(), count_col),
        Column::new("analysed".into(), analysed_col),
    ])?
    .lazy();
    let doc_index = DataFrame::new_infer_height(vec![
        Column::new("doc".into(), (0..corpus.docs.len() as u32).collect::<Vec<_>>()),
        Column::new("doc_id".into(), corpus.docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>()),
        Column::new("tokens".into(), per_doc.iter().map(|c| c.tokens).collect::<Vec<_>>()),
    ])?
    .lazy();
    // the term texts of the ids that occur (the vocabulary also holds stopwords and punctuation)
    let mut used = vec![false; words.len()];
    per_doc.iter().flat_map(|c| &c.counts).for_each(|&(t, _)| used[t as usize] = true);
    let (ids, texts): (Vec<u32>, Vec<&str>) =
        used.iter().enumerate().filter(|(_, u)| **u).map(|(i, _)| (i as u32, &*words[i])).unzip();
    let term_index =
        DataFrame::new_infer_height(vec![Column::new("term_id".into(), ids), Column::new("token".into(), texts)])?
            .lazy();
    let n = n_analysis.max(1) as f64;
    let dfreq = counts
        .clone()
        .filter(col("analysed"))
        .group_by([col("term_id")])
        .agg([len().cast(DataType::UInt32).alias("doc_freq"), col("count").sum().cast(DataType::UInt32).alias("count")])
        .with_columns([(lit(n) / col("doc_freq").cast(DataType::Float64)).log(lit(10.0)).alias("idf")]);
    let doc_terms = counts
        .clone()
        .join(doc_index, [col("doc")], [col("doc")], JoinArgs::new(JoinType::Left))
        .join(
            dfreq.clone().select([col("term_id"), col("doc_freq"), col("idf")]),
            [col("term_id")],
            [col("term_id")],
            JoinArgs::new(JoinType::Left),
        )
        .join(term_index.clone(), [col("term_id")], [col("term_id")], JoinArgs::new(JoinType::Left))
        .with_columns([
            (col("count").cast(DataType::Float64) / col("tokens").cast(DataType::Float64) * lit(10_000.0))
                .alias("per_10k"),
            // every statement, partial or not, is weighted by the analysis set's IDF (a term
            // outside the analysis set has no IDF: empty)
            (col("count").cast(DataType::Float64) * col("idf")).alias("tfidf"),
        ])
        .select([
            col("doc_id"),
            col("token").alias("term"),
            col("count"),
            col("per_10k"),
            col("tfidf"),
            col("doc_freq"),
        ])
        .sort(["doc_id", "term"], SortMultipleOptions::default())
        .collect()
        .map_err(crate::error::polars("doc_terms table"))?;

    // corpus totals over the analysis set
    let total_tokens: f64 = documents
        .clone()
        .lazy()
        .filter(col("in_analysis"))
        .select([col("tokens").cast(DataType::Float64).sum()])
        .collect()?
        .column("tokens")?
        .f64()?
        .get(0)
        .unwrap_or(0.0);
    // the most frequent tag of each term over the analysis set (ties: the first tag in byte
    // order), counted on the ids
    let mut tag_counts: rustc_hash::FxHashMap<(u32, u32), u32> = rustc_hash::FxHashMap::default();
    for (t, _) in tokens.iter().zip(&analysed).filter(|(_, a)| **a) {
        for s in t.stored().iter().filter(|s| !s.is_stopword) {
            *tag_counts.entry((s.term, s.tag)).or_insert(0) += 1;
        }
    }
    let mut best: rustc_hash::FxHashMap<u32, (u32, &str)> = rustc_hash::FxHashMap::default();
    for (&(term, tag), &c) in &tag_counts {
        let tag = vocab.map_or("", |v| v.tag(tag));
        let e = best.entry(term).or_insert((c, tag));
        if c > e.0 || (c == e.0 && tag < e.1) {
            *e = (c, tag);
        }
    }
    let mut best: Vec<(u32, &str)> = best.into_iter().map(|(term, (_, tag))| (term, tag)).collect();
    best.sort_unstable();
    let top_pos = DataFrame::new_infer_height(vec![
        Column::new("term_id".into(), best.iter().map(|b| b.0).collect::<Vec<_>>()),
        Column::new("pos".into(), best.iter().map(|b| b.1).collect::<Vec<_>>()),
    ])?
    .lazy();
    let corpus_terms = dfreq
        .clone()
        .join(top_pos, [col("term_id")], [col("term_id")], JoinArgs::new(JoinType::Left))
        .join(term_index, [col("term_id")], [col("term_id")], JoinArgs::new(JoinType::Left))
        .with_columns([
            (col("count").cast(DataType::Float64) / lit(total_tokens.max(1.0)) * lit(10_000.0)).alias("per_10k"),
            (col("doc_freq").cast(DataType::Float64) / lit(n)).alias("doc_share"),
        ])
        .select([
            col("token").alias("term"),
            col("pos"),
            col("count"),
            col("per_10k"),
            col("doc_freq"),
            col("doc_share"),
            col("idf"),
        ])
        .sort_by_exprs(
            [col("count"), col("term")],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .collect()
        .map_err(crate::error::polars("corpus_terms table"))?;

    // focus vs rest needs a focus and at least one other statement in the analysis set
    let has_rest = analysis_ids.iter().any(|id| *id != opts.focus);
    let focus_terms = if opts.focus.is_empty() || !has_rest {
        DataFrame::empty()
    } else {
        focus_vs_rest(&documents, &doc_terms, &opts.focus, opts.min_count)?
    };
    Ok(Stats { documents, doc_terms, corpus_terms, focus_terms, n_analysis })
}

/// The focus statement's terms against the rest of the analysis set (see module docs); terms
/// with fewer than `min_count` occurrences in focus + rest are left out.
pub fn focus_vs_rest(documents: &DataFrame, doc_terms: &DataFrame, focus: &str, min_count: u32) -> Result<DataFrame> {
    let sizes = documents.clone().lazy();
    let size_of = |filter: Expr| -> Result<f64> {
        Ok(sizes
            .clone()
            .filter(filter)
            .select([col("tokens").cast(DataType::Float64).sum()])
            .collect()?
            .column("tokens")?
            .f64()?
            .get(0)
            .unwrap_or(0.0))
    };
    let is_focus = col("doc_id").eq(lit(focus));
    let c = size_of(is_focus.clone())?;
    let d = size_of(col("in_analysis").and(is_focus.clone().not()))?;
    let rest_ids = documents
        .clone()
        .lazy()
        .filter(col("in_analysis").and(is_focus.clone().not()))
        .select([col("doc_id")])
        .collect()?;
    let rest_ids = rest_ids.column("doc_id")?.as_materialized_series().clone();
    let terms = doc_terms.clone().lazy();
    let focus_counts = terms.clone().filter(is_focus).select([col("term"), col("count").alias("a"), col("tfidf")]);
    let rest_counts = terms
        .filter(col("doc_id").is_in(lit(rest_ids).implode(false), false))
        .group_by([col("term")])
        .agg([col("count").sum().alias("b"), len().cast(DataType::UInt32).alias("rest_doc_freq")]);
    let (c, d) = (c.max(1.0), d.max(1.0));
    let counts = focus_counts
        .join(rest_counts, [col("term")], [col("term")], JoinArgs::new(JoinType::Left))
        .with_columns([col("b").fill_null(lit(0u32)), col("rest_doc_freq").fill_null(lit(0u32))])
        .filter((col("a").cast(DataType::Int64) + col("b").cast(DataType::Int64)).gt_eq(lit(min_count as i64)))
        .collect()?;
    // G² and log ratio: the same 2×2 statistics as `jointstat keyness` (one implementation)
    let av = counts.column("a")?.cast(&DataType::Float64)?;
    let bv = counts.column("b")?.cast(&DataType::Float64)?;
    let cells: Vec<measures::Cell> = av
        .f64()?
        .iter()
        .zip(bv.f64()?.iter())
        .map(|(x, y)| measures::two_by_two(x.unwrap_or(0.0), y.unwrap_or(0.0), c, d))
        .collect();
    let mut counts = counts;
    counts.with_column(Column::new("g2".into(), cells.iter().map(|x| x.g2).collect::<Vec<_>>()))?;
    counts.with_column(Column::new("log_ratio".into(), cells.iter().map(|x| x.log_ratio).collect::<Vec<_>>()))?;
    counts.with_column(Column::new(
        "log_ratio_ci_low".into(),
        cells.iter().map(|x| x.log_ratio_ci().0).collect::<Vec<_>>(),
    ))?;
    counts.with_column(Column::new(
        "log_ratio_ci_high".into(),
        cells.iter().map(|x| x.log_ratio_ci().1).collect::<Vec<_>>(),
    ))?;
    counts.with_column(Column::new(
        "p_g2".into(),
        cells.iter().map(|x| measures::p_chi2_1df(x.g2)).collect::<Vec<_>>(),
    ))?;
    let df = counts
        .lazy()
        .with_columns([
            (col("a").cast(DataType::Float64) / lit(c) * lit(10_000.0)).alias("focus_per_10k"),
            (col("b").cast(DataType::Float64) / lit(d) * lit(10_000.0)).alias("rest_per_10k"),
        ])
        .with_columns([when(col("focus_per_10k").gt_eq(col("rest_per_10k")))
            .then(lit("over"))
            .otherwise(lit("under"))
            .alias("direction")])
        .select([
            col("term"),
            col("a").alias("focus_count"),
            col("focus_per_10k"),
            col("b").alias("rest_count"),
            col("rest_per_10k"),
            col("rest_doc_freq"),
            col("log_ratio"),
            col("log_ratio_ci_low"),
            col("log_ratio_ci_high"),
            col("g2"),
            col("p_g2"),
            col("direction"),
            col("tfidf"),
        ])
        .sort_by_exprs(
            [col("focus_count"), col("g2"), col("term")],
            SortMultipleOptions::default().with_order_descending_multi([true, true, false]),
        )
        .collect()
        .map_err(crate::error::polars("focus_terms table"))?;
    Ok(df)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::Token;

    /// Hand-written fixture tokens (not corpus text); `-` and `=` cells test the CSV protection.
    fn fixture_tokens() -> Vec<DocTokens> {
        let words: [&[&str]; 3] = [&["双方", "同意", "，", "=1", "。"], &["-", "合作"], &["双方", "重申"]];
        words
            .iter()
            .enumerate()
            .map(|(d, ws)| {
                DocTokens::from_tokens(
                    &format!("d{d}"),
                    ws.iter().enumerate().map(|(i, w)| Token {
                        position: i as u32,
                        text: w,
                        pos: if crate::tokenize::is_punct(w) { "x" } else { "v" },
                        char_start: 2 * i as u32,
                        article: d as u32,
                        sentence: i as u32 / 2,
                        is_punct: crate::tokenize::is_punct(w),
                        is_stopword: crate::tokenize::is_punct(w),
                    }),
                )
            })
            .collect()
    }

    #[test]
    fn word_frame_is_the_token_table_without_punctuation() {
        let toks = fixture_tokens();
        let w = word_frame(&toks).unwrap();
        let t = token_frame(&toks)
            .unwrap()
            .lazy()
            .filter(col("is_punct").not())
            .select([col("doc_id"), col("token"), col("is_punct"), col("is_stopword")])
            .collect()
            .unwrap();
        assert!(w.equals(&t), "{w}\n{t}");
        // 9 tokens, 3 of them punctuation (，。-)
        assert_eq!(w.height(), 6);
    }

    #[test]
    fn word_trend_counts_by_period() {
        let toks = fixture_tokens();
        let periods = df!("doc_id" => ["d0", "d1", "d2"], "period" => ["a", "a", "b"]).unwrap();
        let t = word_trend(&toks, &periods, &["双方".to_string(), "合作".to_string()]).unwrap();
        // by hand: period a = d0 (双方 同意 =1) + d1 (合作): 2 statements, 4 word tokens;
        // period b = d2 (双方 重申): 1 statement, 2 word tokens
        let u = |c: &str| t.column(c).unwrap().u32().unwrap().iter().map(|x| x.unwrap()).collect::<Vec<_>>();
        let f = |c: &str| t.column(c).unwrap().f64().unwrap().iter().map(|x| x.unwrap()).collect::<Vec<_>>();
        let terms: Vec<&str> = t.column("term").unwrap().str().unwrap().iter().map(|x| x.unwrap()).collect();
        assert_eq!(terms, ["双方", "合作", "双方", "合作"]);
        assert_eq!(u("count"), [1, 1, 1, 0]);
        assert_eq!(u("tokens"), [4, 4, 2, 2]);
        assert_eq!(u("statements"), [2, 2, 1, 1]);
        assert_eq!(u("statements_with_term"), [1, 1, 1, 0]);
        assert_eq!(f("per_10k"), [2500.0, 2500.0, 5000.0, 0.0]);
        // a period whose statements have no word token
        let empty = df!("doc_id" => ["zz"], "period" => ["c"]).unwrap();
        let t = word_trend(&toks, &empty, &["双方".to_string()]).unwrap();
        assert_eq!((t.height(), t.column("per_10k").unwrap().f64().unwrap().get(0)), (1, Some(0.0)));
    }

    #[test]
    fn token_table_in_blocks_equals_the_whole_table() {
        let toks = fixture_tokens();
        let whole = token_frame(&toks).unwrap();
        assert_eq!(whole.height(), 9);
        let dir = tempfile::tempdir().unwrap();
        // one block: byte-identical to writing the whole frame
        write_token_table_in(&toks, dir.path(), "one", 10).unwrap();
        crate::output::write_table(&whole, dir.path(), "whole").unwrap();
        let read = |f: &str| std::fs::read(dir.path().join(f)).unwrap();
        assert_eq!(read("one.csv"), read("whole.csv"));
        assert_eq!(read("one.parquet"), read("whole.parquet"));
        // one document per block: the same CSV bytes, the same Parquet rows (three row groups)
        write_token_table_in(&toks, dir.path(), "blocks", 1).unwrap();
        assert_eq!(read("blocks.csv"), read("whole.csv"));
        let csv = String::from_utf8(read("blocks.csv")).unwrap();
        assert!(csv.starts_with("doc_id,position,token,pos,is_punct,is_stopword,article,sentence,char_start\n"));
        assert!(csv.contains("\nd0,3,'=1,v,false,false,0,1,6\n"), "{csv}");
        assert_eq!(csv.lines().count(), 10);
        let pq = |f: &str| ParquetReader::new(std::fs::File::open(dir.path().join(f)).unwrap()).finish().unwrap();
        let (a, b) = (pq("blocks.parquet"), pq("whole.parquet"));
        assert_eq!(a.height(), 9);
        assert!(a.equals_missing(&b), "{a}\n{b}");
        assert_ne!(read("blocks.parquet"), read("whole.parquet"), "three row groups, not one");
    }

    #[test]
    fn g2_and_log_ratio_match_hand_computation() {
        // 2×2 table: focus a=10 of c=1000 tokens, rest b=20 of d=9000 tokens.
        // log ratio = log2((10/1000)/(20/9000)) = log2(4.5) = 2.1699…
        let documents = df!(
            "doc_id" => ["f", "r"],
            "tokens" => [1000u32, 9000u32],
            "in_analysis" => [true, true],
        )
        .unwrap();
        let doc_terms = df!(
            "doc_id" => ["f", "r"],
            "term" => ["双方", "双方"],
            "count" => [10u32, 20u32],
            "tfidf" => [0.0f64, 0.0f64],
        )
        .unwrap();
        let out = focus_vs_rest(&documents, &doc_terms, "f", 3).unwrap();
        let g2 = out.column("g2").unwrap().f64().unwrap().get(0).unwrap();
        let lr = out.column("log_ratio").unwrap().f64().unwrap().get(0).unwrap();
        // 4-term G² over the whole 2×2 table, as in src/compare/keyness.rs (same worked example)
        let expected = measures::two_by_two(10.0, 20.0, 1000.0, 9000.0).g2;
        assert!((g2 - expected).abs() < 1e-9, "{g2} vs {expected}");
        assert!((g2 - 12.129994666211967).abs() < 1e-9);
        assert!((lr - 4.5f64.log2()).abs() < 1e-12);
        assert_eq!(out.column("direction").unwrap().str().unwrap().get(0), Some("over"));
        // p of G² and the log ratio's CI: tests/reference/keyness_reference.py (scipy)
        let p = out.column("p_g2").unwrap().f64().unwrap().get(0).unwrap();
        assert!((p - 0.000496172618690059).abs() < 1e-15, "{p}");
        let lo = out.column("log_ratio_ci_low").unwrap().f64().unwrap().get(0).unwrap();
        assert!((lo - 1.0747884872668096).abs() < 1e-12, "{lo}");
        // minimum frequency: 30 occurrences in all, so a minimum of 31 leaves nothing
        assert_eq!(focus_vs_rest(&documents, &doc_terms, "f", 31).unwrap().height(), 0);
    }
}
