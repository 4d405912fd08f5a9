//! Relationship designations (伙伴关系 …) as a table: one row per statement (the designation it
//! sets or carries on, see [`crate::clauses::designations::statement_designation`]) or one row
//! per mention. Used by `jointstat designations` and by `analyze` (`tables/designations`).

use crate::clauses::designations::{self as des, DesignationRules};
use crate::error::Result;
use crate::ingest::Corpus;
use crate::segment::Segmentation;
use polars::prelude::{Column, DataFrame};

/// Columns of the table, in order (`level` is an integer column, null without a designation).
pub const COLUMNS: [&str; 11] =
    ["doc_id", "date", "partner", "designation", "level", "verb", "cue", "scope", "sentence", "phrase", "evidence"];

/// The designation table of the documents `idx` of `corpus` (with their segmentations `segs`,
/// indexed like `corpus.docs`): one row per statement — `verb` = `none` and empty cells when it
/// names no designation — or, with `mentions`, one row per mention (statements without one have
/// no row).
pub fn frame(
    rules: &DesignationRules,
    corpus: &Corpus,
    segs: &[Segmentation],
    idx: &[usize],
    mentions: bool,
) -> Result<DataFrame> {
    let mut cols: [Vec<String>; 10] = Default::default();
    let mut levels: Vec<Option<i64>> = Vec::new();
    for &i in idx {
        let d = &corpus.docs[i];
        let ms = des::mentions(rules, d, &segs[i]);
        let rows: Vec<Option<&des::Mention>> =
            if mentions { ms.iter().map(Some).collect() } else { vec![des::statement_designation(&ms)] };
        for m in rows {
            if mentions && m.is_none() {
                continue;
            }
            let vals = [
                d.id.clone(),
                d.date().map(|x| x.to_string()).unwrap_or_default(),
                d.partner().to_string(),
                m.map(|m| m.designation.clone()).unwrap_or_default(),
                m.map(|m| m.verb.to_string()).unwrap_or_else(|| "none".into()),
                m.map(|m| m.cue.clone()).unwrap_or_default(),
                m.map(|m| m.scope.to_string()).unwrap_or_default(),
                m.map(|m| m.sentence.to_string()).unwrap_or_default(),
                m.map(|m| m.phrase.clone()).unwrap_or_default(),
                m.map(|m| m.evidence.clone()).unwrap_or_default(),
            ];
            for (c, v) in cols.iter_mut().zip(vals) {
                c.push(v);
            }
            levels.push(m.map(|m| m.level as i64));
        }
    }
    let names = COLUMNS.iter().filter(|n| **n != "level");
    let mut columns: Vec<Column> = names.zip(cols).map(|(n, v)| Column::new((*n).into(), v)).collect();
    columns.insert(4, Column::new("level".into(), levels));
    Ok(DataFrame::new_infer_height(columns)?)
}
