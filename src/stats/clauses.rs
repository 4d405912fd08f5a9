//! Clause statistics in polars: the sentence table, per-document shares of actors × acts and of
//! topics, the One-China table, and the focus statement against the corpus mean.
//!
//! Shares are of a document's sentences. The corpus mean of a category is the mean, over the
//! documents of the analysis set, of their shares (every document weighs the same), with the
//! sample standard deviation; `z = (focus share − mean) / sd`.

use crate::clauses::onechina::ElementFinding;
use crate::clauses::{ClauseRules, OneChinaProfile, SentenceLabel};
use crate::error::Result;
use crate::ingest::Corpus;
use crate::segment::Segmentation;
use polars::prelude::*;

/// All clause tables.
#[derive(Debug, Clone)]
pub struct ClauseStats {
    /// One row per sentence with its labels.
    pub clauses: DataFrame,
    /// One row per (document, actor, main act): sentences and share.
    pub doc_acts: DataFrame,
    /// One row per (document, topic): sentences and share (every topic, zeros included).
    pub doc_topics: DataFrame,
    /// One row per document: the One-China profile.
    pub one_china: DataFrame,
    /// One row per (document, One-China element): present, graded stance, governing verb, holder,
    /// negation and evidence ([`one_china_elements_frame`]).
    pub one_china_elements: DataFrame,
    /// Focus vs corpus mean, per act, actor and topic.
    pub focus_profile: DataFrame,
}

fn pl(e: PolarsError) -> crate::Error {
    crate::error::polars("clause statistics")(e)
}

/// Build the sentence table.
pub fn clause_frame(corpus: &Corpus, segs: &[Segmentation], labels: &[Vec<SentenceLabel>]) -> Result<DataFrame> {
    // one column per field of the clauses table
    #[allow(clippy::type_complexity)]
    let mut c: (Vec<String>, Vec<u32>, Vec<u32>, Vec<Option<u32>>, Vec<u32>, Vec<u32>, Vec<u32>) = Default::default();
    let (mut actor, mut source, mut cue, mut main, mut rule, mut acts, mut neg, mut topics, mut kws, mut text) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    for ((d, s), ls) in corpus.docs.iter().zip(segs).zip(labels) {
        let chars: Vec<char> = d.body_text().chars().collect();
        for l in ls {
            let sent = &s.sentences[l.sentence];
            c.0.push(d.id.clone());
            c.1.push(l.sentence as u32);
            c.2.push(l.article as u32);
            c.3.push(s.articles[l.article].number);
            c.4.push(sent.subclauses.len() as u32);
            c.5.push(sent.char_start as u32);
            c.6.push(sent.char_end as u32);
            actor.push(l.actor.name());
            source.push(l.actor_source);
            cue.push(l.actor_cue.clone());
            main.push(l.main_act.clone());
            rule.push(l.act_rule.to_string());
            acts.push(l.acts.join(";"));
            neg.push(l.negated);
            topics.push(l.topics.join(";"));
            kws.push(l.keywords.join(";"));
            text.push(chars[sent.char_start..sent.char_end].iter().collect::<String>());
        }
    }
    DataFrame::new_infer_height(vec![
        Column::new("doc_id".into(), c.0),
        Column::new("sentence".into(), c.1),
        Column::new("article".into(), c.2),
        Column::new("article_number".into(), c.3),
        Column::new("subclauses".into(), c.4),
        Column::new("char_start".into(), c.5),
        Column::new("char_end".into(), c.6),
        Column::new("actor".into(), actor),
        Column::new("actor_source".into(), source),
        Column::new("actor_cue".into(), cue),
        Column::new("main_act".into(), main),
        Column::new("act_rule".into(), rule),
        Column::new("acts".into(), acts),
        Column::new("negated".into(), neg),
        Column::new("topics".into(), topics),
        Column::new("keywords".into(), kws),
        Column::new("text".into(), text),
    ])
    .map_err(pl)
}

/// Long table (doc_id, category) of one sentence per row for a dimension, for counting.
fn long_topics(corpus: &Corpus, labels: &[Vec<SentenceLabel>]) -> Result<DataFrame> {
    let (mut d, mut t) = (Vec::new(), Vec::new());
    for (doc, ls) in corpus.docs.iter().zip(labels) {
        for l in ls {
            for topic in &l.topics {
                d.push(doc.id.clone());
                t.push(topic.clone());
            }
        }
    }
    DataFrame::new_infer_height(vec![Column::new("doc_id".into(), d), Column::new("category".into(), t)]).map_err(pl)
}

/// Every (document, category) pair with the document's sentence count, for zero-filled shares.
fn grid(corpus: &Corpus, labels: &[Vec<SentenceLabel>], cats: &[&str]) -> Result<LazyFrame> {
    let docs = DataFrame::new_infer_height(vec![
        Column::new("doc_id".into(), corpus.docs.iter().map(|d| d.id.clone()).collect::<Vec<_>>()),
        Column::new("n_sentences".into(), labels.iter().map(|l| l.len() as u32).collect::<Vec<_>>()),
    ])
    .map_err(pl)?;
    let c = DataFrame::new_infer_height(vec![Column::new("category".into(), cats.to_vec())]).map_err(pl)?;
    Ok(docs.lazy().cross_join(c.lazy(), None))
}

/// Shares of `counts` (doc_id, category, sentences) on the full grid.
fn shares(grid: LazyFrame, counts: LazyFrame) -> LazyFrame {
    grid.join(counts, [col("doc_id"), col("category")], [col("doc_id"), col("category")], JoinArgs::new(JoinType::Left))
        .with_columns([col("sentences").fill_null(lit(0u32))])
        .with_columns([when(col("n_sentences").gt(lit(0u32)))
            // sentences × (1 / n): polars divides a column by a column either exactly or by the
            // reciprocal depending on how the rows are split among threads (a last-bit
            // difference); written as a product, every split gives the same bits
            .then(col("sentences").cast(DataType::Float64) * (lit(1.0) / col("n_sentences").cast(DataType::Float64)))
            .otherwise(lit(0.0))
            .alias("share")])
}

/// Compute every clause table.
pub fn compute(
    corpus: &Corpus,
    segs: &[Segmentation],
    labels: &[Vec<SentenceLabel>],
    one_china: (&[OneChinaProfile], &[Vec<ElementFinding>]),
    rules: &ClauseRules,
    analysis_ids: &[String],
    focus: &str,
) -> Result<ClauseStats> {
    let clauses = clause_frame(corpus, segs, labels)?;
    let mut act_cats: Vec<&str> = rules.act_names();
    act_cats.push("none");
    let actor_cats = ["joint", "china", "partner", "other", "none"];
    let topic_cats = rules.topic_names();

    // actor × act counts
    let doc_sizes =
        clauses.clone().lazy().group_by([col("doc_id")]).agg([len().cast(DataType::UInt32).alias("n_sentences")]);
    let doc_acts = clauses
        .clone()
        .lazy()
        .group_by([col("doc_id"), col("actor"), col("main_act")])
        .agg([
            len().cast(DataType::UInt32).alias("sentences"),
            col("negated").sum().cast(DataType::UInt32).alias("negated"),
        ])
        .join(doc_sizes, [col("doc_id")], [col("doc_id")], JoinArgs::new(JoinType::Left))
        .with_columns([
            (col("sentences").cast(DataType::Float64) / col("n_sentences").cast(DataType::Float64)).alias("share")
        ])
        .select([col("doc_id"), col("actor"), col("main_act"), col("sentences"), col("negated"), col("share")])
        .sort(["doc_id", "actor", "main_act"], SortMultipleOptions::default())
        .collect()
        .map_err(pl)?;

    // topic shares (zero-filled)
    let topic_counts = long_topics(corpus, labels)?
        .lazy()
        .group_by([col("doc_id"), col("category")])
        .agg([len().cast(DataType::UInt32).alias("sentences")]);
    let doc_topics_lf = shares(grid(corpus, labels, &topic_cats)?, topic_counts);
    let doc_topics = doc_topics_lf
        .clone()
        .select([col("doc_id"), col("category").alias("topic"), col("sentences"), col("share")])
        .sort(["doc_id", "topic"], SortMultipleOptions::default())
        .collect()
        .map_err(pl)?;

    let act_counts = clauses
        .clone()
        .lazy()
        .group_by([col("doc_id"), col("main_act").alias("category")])
        .agg([len().cast(DataType::UInt32).alias("sentences")]);
    let actor_counts = clauses
        .clone()
        .lazy()
        .group_by([col("doc_id"), col("actor").alias("category")])
        .agg([len().cast(DataType::UInt32).alias("sentences")]);
    let dims = [
        ("act", shares(grid(corpus, labels, &act_cats)?, act_counts)),
        ("actor", shares(grid(corpus, labels, &actor_cats)?, actor_counts)),
        ("topic", doc_topics_lf),
    ];
    let ids = Series::new("ids".into(), analysis_ids.to_vec());
    let mut parts = Vec::new();
    for (dim, lf) in dims {
        let mean = lf
            .clone()
            .filter(col("doc_id").is_in(lit(ids.clone()).implode(false), false))
            .group_by([col("category")])
            // the shares are sorted inside each group before they are summed, so the float sums
            // (and the Parquet bytes) do not depend on how many threads split the rows
            .agg([
                col("share").sort(SortOptions::default()).mean().alias("corpus_mean"),
                col("share").sort(SortOptions::default()).std(1).alias("corpus_sd"),
            ]);
        let f = lf.filter(col("doc_id").eq(lit(focus))).select([
            col("category"),
            col("sentences").alias("focus_sentences"),
            col("share").alias("focus_share"),
        ]);
        parts.push(
            f.join(mean, [col("category")], [col("category")], JoinArgs::new(JoinType::Left))
                .with_columns([lit(dim).alias("dimension"), (col("focus_share") - col("corpus_mean")).alias("diff")])
                .with_columns([
                    when(col("corpus_sd").gt(lit(0.0)))
                        .then(col("diff") / col("corpus_sd"))
                        .otherwise(lit(NULL).cast(DataType::Float64))
                        .alias("z"),
                    when(col("diff").gt(lit(1e-12)))
                        .then(lit("over"))
                        .when(col("diff").lt(lit(-1e-12)))
                        .then(lit("under"))
                        .otherwise(lit("same"))
                        .alias("direction"),
                ])
                .select([
                    col("dimension"),
                    col("category"),
                    col("focus_sentences"),
                    col("focus_share"),
                    col("corpus_mean"),
                    col("corpus_sd"),
                    col("diff"),
                    col("z"),
                    col("direction"),
                ]),
        );
    }
    let focus_profile = concat(parts, UnionArgs::default())
        .map_err(pl)?
        .sort_by_exprs(
            [col("dimension"), col("diff"), col("category")],
            SortMultipleOptions::default().with_order_descending_multi([false, true, false]),
        )
        .collect()
        .map_err(pl)?;

    let (profiles, elements) = one_china;
    let one_china = one_china_frame(corpus, profiles, rules)?;
    let one_china_elements = one_china_elements_frame(corpus, elements)?;
    Ok(ClauseStats { clauses, doc_acts, doc_topics, one_china, one_china_elements, focus_profile })
}

/// Stance by element over the analysis set: one row per (element, stance, holder, negated) with
/// the number of statements, from the [`one_china_elements_frame`] rows with `present = true`;
/// sorted by element, then statements (descending), stance and holder.
pub fn one_china_element_summary(elements: &DataFrame, analysis_ids: &[String]) -> Result<DataFrame> {
    let ids = Series::new("ids".into(), analysis_ids.to_vec());
    elements
        .clone()
        .lazy()
        .filter(col("present").and(col("doc_id").is_in(lit(ids).implode(false), false)))
        .group_by([col("element"), col("stance"), col("actor"), col("negated")])
        .agg([col("doc_id").n_unique().cast(DataType::UInt32).alias("statements")])
        .sort_by_exprs(
            [col("element"), col("statements"), col("stance"), col("actor"), col("negated")],
            SortMultipleOptions::default().with_order_descending_multi([false, true, false, false, false]),
        )
        .collect()
        .map_err(pl)
}

/// The One-China elements table: one row per (document, element) in document order and the
/// element order of `corpus/one_china_elements.toml` — the same unit as the blind gold standard
/// (`corpus/gold/one_china_gold.tsv`), so a scholar can pivot stance by element, partner and year.
/// Absent elements keep their row (`present = false`; `stance`, `stance_text`, `actor` and
/// `sentence` null), so counts of absence are explicit; `stance_text` is also null when no verb
/// governs a present element (`stance = none`).
pub fn one_china_elements_frame(corpus: &Corpus, elements: &[Vec<ElementFinding>]) -> Result<DataFrame> {
    let (mut doc_id, mut year, mut partner, mut element, mut present) = (vec![], vec![], vec![], vec![], vec![]);
    let (mut stance, mut stance_text, mut actor, mut negated, mut sentence, mut evidence) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    for (d, fs) in corpus.docs.iter().zip(elements) {
        for f in fs {
            doc_id.push(d.id.clone());
            year.push(d.year());
            partner.push(d.partner().to_string());
            element.push(f.element.clone());
            present.push(f.present);
            // `-` (no value) becomes null: CSV leaves the cell empty
            let value = |v: &str| (v != "-").then(|| v.to_string());
            stance.push(value(&f.stance));
            stance_text.push(value(&f.stance_text));
            actor.push(value(&f.actor));
            negated.push(f.negated);
            sentence.push(f.sentence.map(|i| i as u32));
            evidence.push(f.evidence.clone());
        }
    }
    DataFrame::new_infer_height(vec![
        Column::new("doc_id".into(), doc_id),
        Column::new("year".into(), year),
        Column::new("partner".into(), partner),
        Column::new("element".into(), element),
        Column::new("present".into(), present),
        Column::new("stance".into(), stance),
        Column::new("stance_text".into(), stance_text),
        Column::new("actor".into(), actor),
        Column::new("negated".into(), negated),
        Column::new("sentence".into(), sentence),
        Column::new("evidence".into(), evidence),
    ])
    .map_err(pl)
}

/// The One-China table: one row per document.
pub fn one_china_frame(corpus: &Corpus, profiles: &[OneChinaProfile], rules: &ClauseRules) -> Result<DataFrame> {
    let mut cols = vec![
        Column::new("doc_id".into(), corpus.docs.iter().map(|d| d.id.clone()).collect::<Vec<_>>()),
        Column::new("year".into(), corpus.docs.iter().map(|d| d.year()).collect::<Vec<_>>()),
        Column::new("partner".into(), corpus.docs.iter().map(|d| d.partner().to_string()).collect::<Vec<_>>()),
        Column::new("has_clause".into(), profiles.iter().map(|p| p.has_clause).collect::<Vec<_>>()),
        Column::new("stated_by".into(), profiles.iter().map(|p| p.stated_by.clone()).collect::<Vec<_>>()),
        Column::new("verb".into(), profiles.iter().map(|p| p.verb.clone()).collect::<Vec<_>>()),
    ];
    for f in rules.feature_names() {
        cols.push(Column::new(
            f.into(),
            profiles.iter().map(|p| *p.features.get(f).unwrap_or(&false)).collect::<Vec<_>>(),
        ));
    }
    cols.push(Column::new(
        "evidence_sentences".into(),
        profiles
            .iter()
            .map(|p| p.evidence.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(";"))
            .collect::<Vec<_>>(),
    ));
    DataFrame::new_infer_height(cols).map_err(pl)
}
