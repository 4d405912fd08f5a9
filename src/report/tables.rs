//! The tables `analyze` writes under `tables/` (CSV and Parquet): their names, primary keys,
//! which need a focus, and the frames built here rather than in an earlier stage (the cut,
//! the articles, the input problems).

use crate::analysis::Analysis;
use anyhow::Result;
use polars::prelude::*;

/// Tables about the cut: one row per paragraph of lead, title, body, signature and trailer.
pub(super) fn cuts_frame(a: &Analysis) -> Result<DataFrame> {
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
pub(super) fn articles_frame(a: &Analysis) -> Result<DataFrame> {
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
pub(super) fn problems_frame(a: &Analysis) -> Result<DataFrame> {
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

/// The primary key of each table of [`TABLES`] (declared in `datapackage.json`): columns
/// whose values identify a row.
pub fn primary_key(table: &str) -> &'static [&'static str] {
    match table {
        "documents" | "one_china" | "designations" => &["doc_id"],
        "one_china_elements" => &["doc_id", "element"],
        "cuts" => &["doc_id", "part", "line"],
        "articles" => &["doc_id", "article"],
        "tokens" => &["doc_id", "position"],
        "doc_terms" => &["doc_id", "term"],
        "corpus_terms" | "focus_terms" | "keyness" | "dispersion" => &["term"],
        "clauses" => &["doc_id", "sentence"],
        "doc_acts" => &["doc_id", "actor", "main_act"],
        "doc_topics" => &["doc_id", "topic"],
        "focus_profile" => &["dimension", "category"],
        "similarity" | "nearest" => &["doc_a", "doc_b"],
        "trend" => &["period", "term"],
        "dispersion_positions" => &["doc_id", "position"],
        "input_problems" => &["problem"],
        "sentence_reuse" => &["doc_id", "sentence"],
        "statement_reuse" => &["doc_id"],
        "formula_lineage" => &["formula"],
        _ => &[],
    }
}

/// The tables written by [`write_report`], by file stem.
pub const TABLES: &[&str] = &[
    "documents",
    "cuts",
    "articles",
    "tokens",
    "doc_terms",
    "corpus_terms",
    "focus_terms",
    "clauses",
    "doc_acts",
    "doc_topics",
    "one_china",
    "one_china_elements",
    "designations",
    "focus_profile",
    "keyness",
    "similarity",
    "nearest",
    "trend",
    "dispersion",
    "dispersion_positions",
    "sentence_reuse",
    "statement_reuse",
    "formula_lineage",
    "input_problems",
];

/// The tables that compare the focus statement with the rest (not written without a focus).
pub const FOCUS_TABLES: &[&str] =
    &["focus_terms", "focus_profile", "keyness", "nearest", "trend", "dispersion", "dispersion_positions"];
