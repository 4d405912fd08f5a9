//! The tables `analyze` writes under `tables/` (CSV and Parquet): one registry, [`TABLES`],
//! of each table's name, what a row is, primary key, whether it needs a focus, and where its
//! frame comes from; and the frames built here rather than in an earlier stage (the cut, the
//! articles, the input problems). The writer, `datapackage.json`, the report's table index and
//! the tests all read [`TABLES`]; column meanings are in `reports/README.md`.

use crate::analysis::Analysis;
use crate::error::Result;
use polars::prelude::*;

/// Tables about the cut: one row per paragraph of lead, title, body, signature and trailer.
fn cuts_frame(a: &Analysis) -> Result<DataFrame> {
    let (mut id, mut part, mut line, mut text) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for d in &a.corpus.docs {
        for (name, lines) in d.parts() {
            for (i, l) in lines.iter().enumerate() {
                id.push(d.id.clone());
                part.push(name);
                line.push(i as u32);
                text.push(l.clone());
            }
        }
    }
    Ok(DataFrame::new_infer_height(vec![
        Column::new("doc_id".into(), id),
        Column::new("part".into(), part),
        Column::new("line".into(), line),
        Column::new("text".into(), text),
    ])?)
}

/// Articles table: one row per preamble/article with its text.
fn articles_frame(a: &Analysis) -> Result<DataFrame> {
    let (mut id, mut index, mut number, mut kind, mut cs, mut ce, mut nsent, mut text) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (d, s) in a.corpus.docs.iter().zip(&a.segs) {
        let chars: Vec<char> = d.body_text().chars().collect();
        for art in &s.articles {
            id.push(d.id.clone());
            index.push(art.index as u32);
            number.push(art.number);
            kind.push(art.kind.name());
            cs.push(art.char_start as u32);
            ce.push(art.char_end as u32);
            nsent.push(s.sentences.iter().filter(|x| x.article == art.index).count() as u32);
            text.push(chars[art.char_start..art.char_end].iter().collect::<String>());
        }
    }
    Ok(DataFrame::new_infer_height(vec![
        Column::new("doc_id".into(), id),
        Column::new("article".into(), index),
        Column::new("number".into(), number),
        Column::new("kind".into(), kind),
        Column::new("char_start".into(), cs),
        Column::new("char_end".into(), ce),
        Column::new("sentences".into(), nsent),
        Column::new("text".into(), text),
    ])?)
}

/// Input problems as a table.
fn problems_frame(a: &Analysis) -> Result<DataFrame> {
    let p = &a.corpus.problems;
    Ok(DataFrame::new_infer_height(vec![
        Column::new("problem".into(), (1..=p.len() as u32).collect::<Vec<_>>()),
        Column::new("severity".into(), p.iter().map(|x| x.severity.to_string()).collect::<Vec<_>>()),
        Column::new("action".into(), p.iter().map(|x| x.action()).collect::<Vec<_>>()),
        Column::new("file".into(), p.iter().map(|x| x.file.clone()).collect::<Vec<_>>()),
        Column::new("manifest_line".into(), p.iter().map(|x| x.manifest_line.map(|l| l as u32)).collect::<Vec<_>>()),
        Column::new("doc_id".into(), p.iter().map(|x| x.doc_id.clone()).collect::<Vec<_>>()),
        Column::new("code".into(), p.iter().map(|x| x.code.clone()).collect::<Vec<_>>()),
        Column::new("message".into(), p.iter().map(|x| x.message.clone()).collect::<Vec<_>>()),
    ])?)
}

/// One table `analyze` writes (`tables/NAME.csv` and `tables/NAME.parquet`).
#[derive(Debug, Clone, Copy)]
pub struct Table {
    /// File stem under `tables/`.
    pub name: &'static str,
    /// What a row is (the heading of its section in `reports/README.md`).
    pub about: &'static str,
    /// Columns whose values identify a row (declared in `datapackage.json`).
    pub primary_key: &'static [&'static str],
    /// Compares the focus statement with the rest: not written without a focus.
    pub needs_focus: bool,
    /// The frame: held by the [`Analysis`] or built at report time ([`Built`]).
    frame: for<'a> fn(&'a Analysis, &'a Built) -> &'a DataFrame,
}

/// The frames built at report time rather than held by the [`Analysis`]. The large ones
/// (cuts, articles and the reuse tables) are written as soon as they are built and only their
/// columns are kept (an empty frame), so that at most one of them is in memory at a time.
pub(super) struct Built {
    cuts: DataFrame,
    articles: DataFrame,
    pub(super) problems: DataFrame,
    /// `sentence_reuse`, `statement_reuse`, `formula_lineage`, in that order.
    reuse: Vec<(&'static str, DataFrame)>,
}

impl Built {
    /// The tables [`Built::new`] has already written to `tables/`.
    pub(super) const WRITTEN: [&'static str; 5] =
        ["sentence_reuse", "statement_reuse", "formula_lineage", "cuts", "articles"];

    /// Build the frames of `a` that no earlier stage holds; write the large ones (see
    /// [`Built::WRITTEN`]) into `tables` at once and keep only their columns.
    pub(super) fn new(a: &Analysis, tables: &std::path::Path) -> Result<Self> {
        let keep_columns = |df: DataFrame, name: &str| -> Result<DataFrame> {
            if df.width() > 0 {
                crate::output::write_table(&df, tables, name)?;
            }
            let columns = df.clear();
            drop(df);
            crate::output::release_free_memory();
            Ok(columns)
        };
        // the reuse search ran on the analysis set, in corpus order: the same statements here
        let docs: Vec<crate::reuse::SegmentedDoc<'_>> =
            a.analysis_set().into_iter().map(|i| (&a.corpus.docs[i], &a.segs[i])).collect();
        // the reuse tables and the segmentation tables are independent files: built and
        // written side by side (the first error in this order reported)
        let (reuse, segmentation) = rayon::join(
            || -> Result<Vec<(&'static str, DataFrame)>> {
                crate::reuse::write_sentence_table(&a.reuse, &docs, tables, "sentence_reuse")?;
                let (statement_reuse, formula_lineage) = crate::reuse::summary_tables(&a.reuse, &docs)?;
                Ok(vec![
                    ("sentence_reuse", crate::reuse::sentence_frame(&a.reuse, &docs, 0..0)?),
                    ("statement_reuse", keep_columns(statement_reuse, "statement_reuse")?),
                    ("formula_lineage", keep_columns(formula_lineage, "formula_lineage")?),
                ])
            },
            || -> Result<(DataFrame, DataFrame)> {
                Ok((keep_columns(cuts_frame(a)?, "cuts")?, keep_columns(articles_frame(a)?, "articles")?))
            },
        );
        let (reuse, (cuts, articles)) = (reuse?, segmentation?);
        Ok(Built { cuts, articles, problems: problems_frame(a)?, reuse })
    }
}

/// Write the table `name` of [`TABLES`] into `tables` now, ahead of the report, and return a
/// frame with its columns and no rows, for the [`Analysis`] to hold in its place (the report
/// then leaves out the tables listed in [`Analysis::written_ahead`]; `datapackage.json` reads
/// their columns). `analyze` does this for its largest frames as soon as no later stage needs
/// their rows, so that they are not all held at once. A frame without columns (a table that
/// does not apply) is returned as it is, unwritten.
pub fn write_ahead(df: DataFrame, tables: &std::path::Path, name: &'static str) -> Result<DataFrame> {
    if table_named(name).is_none() {
        return Err(crate::Error::Data { what: "report", problem: format!("no table `{name}` in the registry") });
    }
    if df.width() == 0 {
        return Ok(df);
    }
    crate::output::write_table(&df, tables, name)?;
    let columns = df.clear();
    drop(df);
    crate::output::release_free_memory();
    Ok(columns)
}

/// Shorthand for the registry rows.
const fn table(
    name: &'static str,
    about: &'static str,
    primary_key: &'static [&'static str],
    needs_focus: bool,
    frame: for<'a> fn(&'a Analysis, &'a Built) -> &'a DataFrame,
) -> Table {
    Table { name, about, primary_key, needs_focus, frame }
}

/// Every table `analyze` writes, in the order written and listed in the report.
pub const TABLES: &[Table] = &[
    table("documents", "one row per document", &["doc_id"], false, |a, _| &a.stats.documents),
    table("cuts", "every line of every document, by part", &["doc_id", "part", "line"], false, |_, b| &b.cuts),
    table("articles", "one row per preamble / article", &["doc_id", "article"], false, |_, b| &b.articles),
    table("tokens", "one row per token (punctuation included)", &["doc_id", "position"], false, |a, _| &a.token_df),
    table("doc_terms", "one row per (document, term)", &["doc_id", "term"], false, |a, _| &a.stats.doc_terms),
    table("corpus_terms", "one row per term of the analysis set", &["term"], false, |a, _| &a.stats.corpus_terms),
    table("focus_terms", "the focus statement's terms vs the rest", &["term"], true, |a, _| &a.stats.focus_terms),
    table("clauses", "one row per sentence", &["doc_id", "sentence"], false, |a, _| &a.clause_stats.clauses),
    table("doc_acts", "one row per (document, actor, main act)", &["doc_id", "actor", "main_act"], false, |a, _| {
        &a.clause_stats.doc_acts
    }),
    table("doc_topics", "one row per (document, topic)", &["doc_id", "topic"], false, |a, _| {
        &a.clause_stats.doc_topics
    }),
    table("one_china", "the One-China clause of each document", &["doc_id"], false, |a, _| &a.clause_stats.one_china),
    table("one_china_elements", "one row per (document, One-China element)", &["doc_id", "element"], false, |a, _| {
        &a.clause_stats.one_china_elements
    }),
    table("designations", "the relationship designation of each statement", &["doc_id"], false, |a, _| &a.designations),
    table(
        "focus_profile",
        "focus vs corpus mean, by dimension and category",
        &["dimension", "category"],
        true,
        |a, _| &a.clause_stats.focus_profile,
    ),
    table("keyness", "the focus vs the rest of the analysis set, by term", &["term"], true, |a, _| {
        &a.comparison.keyness
    }),
    table("similarity", "every pair of statements", &["doc_a", "doc_b"], false, |a, _| &a.comparison.similarity),
    table("nearest", "the focus against every other statement", &["doc_a", "doc_b"], true, |a, _| {
        &a.comparison.nearest
    }),
    table("trend", "per decade × key term", &["period", "term"], true, |a, _| &a.comparison.trend),
    table("dispersion", "one row per key term", &["term"], true, |a, _| &a.comparison.dispersion_summary),
    table("dispersion_positions", "occurrences of the top key term", &["doc_id", "position"], true, |a, _| {
        &a.comparison.dispersion_positions
    }),
    table("sentence_reuse", "one row per sentence of the analysis set", &["doc_id", "sentence"], false, |_, b| {
        &b.reuse[0].1
    }),
    table("statement_reuse", "one row per statement", &["doc_id"], false, |_, b| &b.reuse[1].1),
    table("formula_lineage", "recurring sentences", &["formula"], false, |_, b| &b.reuse[2].1),
    table("input_problems", "everything skipped or doubted", &["problem"], false, |_, b| &b.problems),
];

/// The tables written for `a`, in [`TABLES`] order, with their frames: a focus table only with
/// a focus, and no table whose frame has no columns (nothing to compare the focus with).
pub(super) fn written<'a>(a: &'a Analysis, built: &'a Built) -> Vec<(&'static str, &'a DataFrame)> {
    TABLES
        .iter()
        .filter(|t| a.focus.is_some() || !t.needs_focus)
        .map(|t| (t.name, (t.frame)(a, built)))
        .filter(|(_, df)| df.width() > 0)
        .collect()
}

/// The entry of [`TABLES`] named `name`.
pub fn table_named(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}

/// The primary key of the table `name` of [`TABLES`] (empty for a name not in it).
pub fn primary_key(name: &str) -> &'static [&'static str] {
    table_named(name).map_or(&[], |t| t.primary_key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_a_unique_name_and_a_primary_key() {
        let mut names: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), TABLES.len(), "duplicate table names");
        assert_eq!(TABLES.len(), 24);
        for t in TABLES {
            assert!(!t.primary_key.is_empty(), "{}: no primary key", t.name);
            assert!(!t.about.is_empty(), "{}: no description", t.name);
        }
        assert_eq!(primary_key("doc_acts"), ["doc_id", "actor", "main_act"]);
        assert!(primary_key("no_such_table").is_empty());
        let focus: Vec<&str> = TABLES.iter().filter(|t| t.needs_focus).map(|t| t.name).collect();
        assert_eq!(
            focus,
            ["focus_terms", "focus_profile", "keyness", "nearest", "trend", "dispersion", "dispersion_positions"]
        );
    }
}
