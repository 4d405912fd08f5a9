//! Text reuse between statements: for every sentence, its closest earlier sentence in the corpus,
//! found without comparing all pairs; per statement, the share of its text reused and from
//! which statements; per formula, its first appearance and lineage. And [`align`]: two
//! statements aligned article by article and sentence by sentence (`jointstat diff`).
//!
//! # Method
//!
//! 1. **Units.** The sentences of each statement's body as the tool segments them
//!    ([`crate::segment`]; the sentence numbers are those of `jointstat clauses`).
//! 2. **Order.** Statements are ordered by date ([`Document::date`]), same-date statements by
//!    id (byte order: `1999-11-23_KZ` comes before `1999-11-23_KZ_b`); statements without a
//!    date come after every dated one. A sentence's sources are sentences of statements
//!    strictly earlier in this order — never of its own statement.
//! 3. **Normalisation** ([`text::normalize`] after [`text::strip_label`]): a leading article
//!    label (`一、`, `（三）`, `第五条`) is removed; full-width forms → half-width, ASCII lower case,
//!    punctuation, symbols and whitespace dropped. `chars` is the length of the normalised text.
//! 4. **Verbatim.** Identical normalised texts are grouped (a hash map); a sentence whose text
//!    occurs in an earlier statement is *verbatim*, similarity 1.
//! 5. **Candidates (MinHash/LSH).** Every distinct normalised text of at least `min_chars`
//!    characters gets the set of its character `k`-grams (default 4), a MinHash signature
//!    ([`ReuseOptions::hashes`] values) cut into bands of [`ReuseOptions::band_rows`] rows. Texts
//!    sharing a band are candidates: with the defaults (120 hashes, bands of 2, so 60 bands) a
//!    pair of Jaccard similarity 0.2 / 0.3 / 0.4 on 4-grams becomes a candidate with
//!    probability 0.91 / 0.996 / 0.99997. (A near-verbatim pair of short sentences — edit
//!    similarity 0.81 over 36 characters — can have a 4-gram Jaccard of only 0.43.) On the
//!    reference corpus these defaults find, for every sentence, the same best similarity as an
//!    all-pairs search does whenever that similarity is ≥ 0.7
//!    (`tests/check_reuse_bruteforce.py`). Per sentence, at most `max_candidates` (default 30)
//!    candidates are scored — those sharing the most bands, then the most recent; a band shared
//!    by more than `max_bucket` (default 50) earlier texts contributes only its `max_bucket`
//!    most recent. The index holds each distinct text once, so verbatim copies do not grow it.
//! 6. **Exact similarity** on the candidates only: normalised Levenshtein similarity
//!    `1 − distance / max(len)` over the normalised characters ([`text::similarity`]).
//! 7. **Classes.** `verbatim` (identical after normalisation); `near` (best similarity ≥
//!    `near`, default 0.8); `new` (otherwise, or no candidate; texts over
//!    [`text::MAX_COMPARE_CHARS`] normalised characters are matched only verbatim); `short` —
//!    sentences of fewer than
//!    `min_chars` normalised characters (default 10: 双方一致认为 …) are formulaic and are not
//!    classified as reuse; they count in a statement's characters but never as reused.
//! 8. **Ties.** Among equally similar sources the most recent statement wins (drafters copy the
//!    latest text), then the lowest sentence number.
//!
//! Every step is a pure function of the corpus and the options; parallel work is collected in
//! input order, so the output is byte-identical across runs and thread counts.
//!
//! Longer than 500 lines because the search (normalisation, MinHash/LSH candidates, bounded exact
//! scoring, tie rules) and the tables and report data built from its result share private types;
//! the text primitives and the alignment live in `text.rs` and `align.rs`.

pub mod align;
pub mod text;

use crate::error::{io, Result};
use crate::ingest::Document;
use crate::segment;
use chrono::NaiveDate;
use polars::prelude::*;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Thresholds and search parameters of [`analyze`].
#[derive(Debug, Clone, PartialEq)]
pub struct ReuseOptions {
    /// Shingle length in characters (default 4).
    pub k: usize,
    /// MinHash values per text (default 120).
    pub hashes: usize,
    /// Rows per LSH band (default 2; `hashes / band_rows` bands).
    pub band_rows: usize,
    /// Similarity from which a sentence is near-verbatim (default 0.8).
    pub near: f64,
    /// Sentences with fewer normalised characters are `short` (default 10).
    pub min_chars: usize,
    /// Candidates scored exactly per sentence (default 30).
    pub max_candidates: usize,
    /// Most recent earlier texts taken from one LSH bucket (default 50).
    pub max_bucket: usize,
}

impl Default for ReuseOptions {
    fn default() -> Self {
        ReuseOptions { k: 4, hashes: 120, band_rows: 2, near: 0.8, min_chars: 10, max_candidates: 30, max_bucket: 50 }
    }
}

/// How a sentence relates to the earlier corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Identical (after normalisation) to a sentence of an earlier statement.
    Verbatim,
    /// Similarity ≥ the near threshold.
    Near,
    /// No earlier sentence close enough.
    New,
    /// Too short to be classified (formulaic).
    Short,
}

impl Class {
    /// Name used in tables.
    pub fn name(self) -> &'static str {
        match self {
            Class::Verbatim => "verbatim",
            Class::Near => "near",
            Class::New => "new",
            Class::Short => "short",
        }
    }

    /// True for verbatim and near-verbatim.
    pub fn reused(self) -> bool {
        matches!(self, Class::Verbatim | Class::Near)
    }
}

/// A statement as the reuse search sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct DocInfo {
    /// Statement id.
    pub id: String,
    /// Date it is analysed under.
    pub date: Option<NaiveDate>,
    /// Partner (Chinese name), or empty.
    pub partner: String,
    /// Its position in the statements given to [`analyze_segmented`] (or [`analyze`]): where its
    /// text and segmentation are looked up.
    pub input: usize,
}

/// A statement with its segmentation, as [`analyze_segmented`] takes them; the tables and
/// formulae read the sentence texts from the same slice.
pub type SegmentedDoc<'a> = (&'a Document, &'a segment::Segmentation);

/// Segment `docs` (in parallel, in order) for [`analyze_segmented`] and the tables.
pub fn segment_docs(docs: &[&Document]) -> Vec<segment::Segmentation> {
    docs.par_iter().map(|d| segment::segment(d)).collect()
}

/// The statement of `r.docs[di]` in `docs` (the slice the search ran on), checked by id.
fn input_of<'a>(r: &ReuseResult, docs: &[SegmentedDoc<'a>], di: usize) -> Result<SegmentedDoc<'a>> {
    let info = &r.docs[di];
    match docs.get(info.input) {
        Some(&(d, s)) if d.id == info.id => Ok((d, s)),
        _ => crate::bail_data!(
            "text reuse",
            "statement `{}` is not at position {} of the statements given (pass the same statements, in the same order, as to the search)",
            info.id,
            info.input
        ),
    }
}

/// The article label of a sentence: the article's number (`3`), or `preamble` / `implicit` /
/// `unnumbered`.
pub fn article_label(seg: &segment::Segmentation, article: usize) -> String {
    seg.articles
        .get(article)
        .map_or_else(String::new, |art| art.number.map_or_else(|| art.kind.name().to_string(), |n| n.to_string()))
}

/// The printed text of sentence `sentence` of a statement (`body`: its body's characters).
fn text_of(body: &[char], seg: &segment::Segmentation, sentence: usize) -> String {
    seg.sentences.get(sentence).map_or_else(String::new, |s| body[s.char_start..s.char_end].iter().collect())
}

/// The printed text of sentence `sentence` of statement `di` of `r`, looked up in `docs` (the
/// statements the search ran on).
pub fn sentence_text(r: &ReuseResult, docs: &[SegmentedDoc<'_>], di: usize, sentence: usize) -> Result<String> {
    let (d, seg) = input_of(r, docs, di)?;
    let body: Vec<char> = d.body_text().chars().collect();
    Ok(text_of(&body, seg, sentence))
}

/// Where a sentence comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Source {
    /// Index of the source statement in [`ReuseResult::docs`].
    pub doc: usize,
    /// Sentence number in the source statement.
    pub sentence: usize,
    /// Normalised Levenshtein similarity (1 for verbatim).
    pub similarity: f64,
}

/// One sentence and its closest earlier sentence. Its printed text and article label are not
/// held here but looked up in the statement's segmentation ([`sentence_text`],
/// [`article_label`]), so that a search over a whole archive never holds every sentence's text.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceReuse {
    /// Sentence number in its statement (as in `jointstat clauses`; its position in
    /// [`segment::Segmentation::sentences`]).
    pub sentence: usize,
    /// Index of its article in [`segment::Segmentation::articles`].
    pub article: usize,
    /// Normalised characters.
    pub chars: usize,
    /// Class.
    pub class: Class,
    /// The closest earlier sentence among the candidates (None when there was none, and for
    /// short sentences). For `new` sentences it is kept when there was one, below the threshold.
    pub source: Option<Source>,
}

/// The result of [`analyze`]: statements in analysis order, each with its sentences.
#[derive(Debug, Clone)]
pub struct ReuseResult {
    /// Statements, in order (date, then id; undated last).
    pub docs: Vec<DocInfo>,
    /// Sentences of each statement.
    pub sentences: Vec<Vec<SentenceReuse>>,
    /// Options used.
    pub options: ReuseOptions,
}

/// Per-statement summary of reuse (a row of `statement_reuse`).
#[derive(Debug, Clone, PartialEq)]
pub struct StatementReuse {
    /// Statement id.
    pub doc_id: String,
    /// Date.
    pub date: Option<NaiveDate>,
    /// Partner.
    pub partner: String,
    /// Sentences.
    pub sentences: usize,
    /// Normalised characters.
    pub chars: usize,
    /// Share of characters in verbatim sentences.
    pub share_chars_verbatim: f64,
    /// Share of characters in near-verbatim sentences.
    pub share_chars_near: f64,
    /// Verbatim + near.
    pub share_reused: f64,
    /// The statement its reused characters come from most (ties: the more recent), if any.
    pub top_source_doc: Option<String>,
    /// Share of the statement's characters reused from the top source.
    pub top_source_share: f64,
    /// Distinct source statements.
    pub sources: usize,
}

/// A formula: a cluster of sentences joined by reuse links (a row of `formula_lineage`).
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    /// Statement of its earliest sentence.
    pub first_doc: String,
    /// Sentence number there.
    pub first_sentence: usize,
    /// Date of the first statement.
    pub first_date: Option<NaiveDate>,
    /// Date of the last statement using it.
    pub last_date: Option<NaiveDate>,
    /// Statements using it.
    pub statements: usize,
    /// Sentences in the cluster.
    pub sentences: usize,
    /// Distinct partners, sorted.
    pub partners: Vec<String>,
    /// Text of the first sentence.
    pub text: String,
}

/// The statements a reuse search runs on: those matching `filter` (all when `None`), partial
/// (abridged) texts only with `include_partial` or when the filter names them (by `doc_id` or
/// `completeness`) — the selection rule of the comparison commands.
pub fn select_docs<'a>(
    corpus: &'a crate::ingest::Corpus,
    filter: Option<&crate::compare::select::Filter>,
    include_partial: bool,
) -> Result<Vec<&'a Document>> {
    let metas = crate::compare::metas(corpus);
    if let (Some(f), Some(m)) = (filter, metas.first()) {
        f.check_columns(m)?;
    }
    let explicit = filter.is_some_and(|f| f.mentions("doc_id") || f.mentions("completeness"));
    let docs: Vec<&Document> = corpus
        .docs
        .iter()
        .zip(&metas)
        .filter(|(d, m)| (include_partial || explicit || !d.partial) && filter.is_none_or(|f| f.matches(m)))
        .map(|(d, _)| d)
        .collect();
    if docs.is_empty() {
        crate::bail_usage!(
            "no statement of {} matches `{}`",
            corpus.root.display(),
            filter.map_or("the analysis set (complete texts)".to_string(), |f| f.text.clone())
        );
    }
    Ok(docs)
}

/// The order key of a statement: dated before undated, then date, then id.
fn order_key(d: &Document) -> (bool, Option<NaiveDate>, &str) {
    (d.date().is_none(), d.date(), d.id.as_str())
}

/// One sentence being searched.
struct Unit {
    doc: u32,
    distinct: u32,
}

/// Find, for every sentence of `docs`, its closest earlier sentence (see the module docs).
/// The sentence texts are not kept: the tables look them up in the statements given
/// ([`tables`]), so `analyze_segmented` on [`segment_docs`] is the way to get both.
pub fn analyze(docs: &[&Document], opts: &ReuseOptions) -> ReuseResult {
    let segs = segment_docs(docs);
    let pairs: Vec<SegmentedDoc<'_>> = docs.iter().copied().zip(&segs).collect();
    analyze_segmented(&pairs, opts)
}

/// One sentence ready for matching: its number, article index and normalised characters.
type PreparedSentence = (usize, usize, Vec<char>);

/// [`analyze`] on documents already segmented (each with its `segment::segment` result), as
/// `analyze` has them: the same result without segmenting a second time.
pub fn analyze_segmented(docs: &[SegmentedDoc<'_>], opts: &ReuseOptions) -> ReuseResult {
    // positions in `docs`, in analysis order
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| order_key(docs[a].0).cmp(&order_key(docs[b].0)));
    // normalise, in parallel, collected in order
    // per sentence: number, article index, normalised text
    let per_doc: Vec<Vec<PreparedSentence>> = order
        .par_iter()
        .map(|&i| {
            let (d, seg) = docs[i];
            let body: Vec<char> = d.body_text().chars().collect();
            seg.sentences
                .iter()
                .map(|s| {
                    let t: String = body[s.char_start..s.char_end].iter().collect();
                    (s.index, s.article, text::normalize(text::strip_label(&t)))
                })
                .collect()
        })
        .collect();
    // distinct normalised texts, numbered in order of first occurrence; their occurrences
    let mut ids: FxHashMap<&[char], u32> = FxHashMap::default();
    let mut distinct: Vec<&[char]> = Vec::new();
    let mut occurrences: Vec<Vec<(u32, u32)>> = Vec::new();
    let mut units: Vec<Unit> = Vec::new();
    for (di, sents) in per_doc.iter().enumerate() {
        for (si, (_, _, norm)) in sents.iter().enumerate() {
            let id = *ids.entry(norm.as_slice()).or_insert_with(|| {
                distinct.push(norm.as_slice());
                occurrences.push(Vec::new());
                (distinct.len() - 1) as u32
            });
            occurrences[id as usize].push((di as u32, si as u32));
            units.push(Unit { doc: di as u32, distinct: id });
        }
    }
    drop(ids);
    // LSH band keys of every distinct text long enough to be classified
    let keys: Vec<Vec<u64>> = distinct
        .par_iter()
        .map(|t| {
            if t.len() < opts.min_chars.max(1) {
                Vec::new()
            } else {
                text::band_keys(&text::minhash(&text::shingles(t, opts.k), opts.hashes.max(1)), opts.band_rows)
            }
        })
        .collect();
    // buckets: distinct ids in increasing order, i.e. in order of first occurrence
    let mut buckets: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    for (id, ks) in keys.iter().enumerate() {
        for k in ks {
            let b = buckets.entry(*k).or_default();
            if b.last() != Some(&(id as u32)) {
                b.push(id as u32);
            }
        }
    }
    let first_doc = |id: u32| occurrences[id as usize][0].0;
    // the latest occurrence of `id` in a statement before `doc`
    let latest_before = |id: u32, doc: u32| -> Option<(u32, u32)> {
        let occ = &occurrences[id as usize];
        let n = occ.partition_point(|o| o.0 < doc);
        // among the occurrences of that statement, the lowest sentence number
        (n > 0).then(|| {
            let d = occ[n - 1].0;
            let first = occ[..n].partition_point(|o| o.0 < d);
            occ[first]
        })
    };
    let results: Vec<(Class, Option<Source>)> = units
        .par_iter()
        .map(|u| {
            let t = distinct[u.distinct as usize];
            if t.len() < opts.min_chars.max(1) {
                return (Class::Short, None);
            }
            if let Some((d, s)) = latest_before(u.distinct, u.doc) {
                return (Class::Verbatim, Some(Source { doc: d as usize, sentence: s as usize, similarity: 1.0 }));
            }
            if t.len() > text::MAX_COMPARE_CHARS {
                return (Class::New, None);
            }
            let mut counts: FxHashMap<u32, u32> = FxHashMap::default();
            for k in &keys[u.distinct as usize] {
                let Some(b) = buckets.get(k) else { continue };
                // earlier texts only: first occurrence in an earlier statement (b is in that order)
                let n = b.partition_point(|&e| first_doc(e) < u.doc);
                for &e in &b[n.saturating_sub(opts.max_bucket)..n] {
                    *counts.entry(e).or_insert(0) += 1;
                }
            }
            let mut cands: Vec<(u32, u32)> = counts.into_iter().collect();
            cands.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
            cands.truncate(opts.max_candidates);
            let mut best: Option<(f64, (u32, u32))> = None;
            for (e, _) in cands {
                let c = distinct[e as usize];
                if c.len() > text::MAX_COMPARE_CHARS {
                    continue;
                }
                let len = t.len().max(c.len());
                // a candidate is scored only if it can reach the best similarity so far (equal
                // counts: ties go to the more recent statement): distance ≤ (1 − best) · len
                let max_d = match best {
                    Some((bs, _)) => {
                        if text::similarity_bound(t.len(), c.len()) < bs {
                            continue;
                        }
                        ((1.0 - bs) * len as f64 + 1e-9).floor() as usize
                    }
                    None => len,
                };
                let Some(d) = text::levenshtein_within(t, c, max_d) else { continue };
                let sim = 1.0 - d as f64 / len as f64;
                let Some(occ) = latest_before(e, u.doc) else { continue };
                let better = match best {
                    None => true,
                    Some((bs, bo)) => sim > bs || (sim == bs && (occ.0 > bo.0 || (occ.0 == bo.0 && occ.1 < bo.1))),
                };
                if better {
                    best = Some((sim, occ));
                }
            }
            match best {
                None => (Class::New, None),
                Some((sim, (d, s))) => (
                    if sim >= opts.near { Class::Near } else { Class::New },
                    Some(Source { doc: d as usize, sentence: s as usize, similarity: sim }),
                ),
            }
        })
        .collect();
    let mut it = results.into_iter();
    let sentences: Vec<Vec<SentenceReuse>> = per_doc
        .into_iter()
        .map(|sents| {
            sents
                .into_iter()
                .map(|(index, article, norm)| {
                    let (class, source) = it.next().expect("one result per sentence");
                    SentenceReuse { sentence: index, article, chars: norm.len(), class, source }
                })
                .collect()
        })
        .collect();
    let docs = order
        .iter()
        .map(|&i| {
            let d = docs[i].0;
            DocInfo { id: d.id.clone(), date: d.date(), partner: d.partner().to_string(), input: i }
        })
        .collect();
    ReuseResult { docs, sentences, options: opts.clone() }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Per-statement shares of reused text (see [`StatementReuse`]).
pub fn statement_reuse(r: &ReuseResult) -> Vec<StatementReuse> {
    r.docs
        .iter()
        .zip(&r.sentences)
        .map(|(d, sents)| {
            let chars: usize = sents.iter().map(|s| s.chars).sum();
            let sum = |c: Class| sents.iter().filter(|s| s.class == c).map(|s| s.chars).sum::<usize>();
            let (verb, near) = (sum(Class::Verbatim), sum(Class::Near));
            let mut by_source: BTreeMap<usize, usize> = BTreeMap::new();
            for s in sents.iter().filter(|s| s.class.reused()) {
                if let Some(src) = s.source {
                    *by_source.entry(src.doc).or_insert(0) += s.chars;
                }
            }
            // most characters; ties: the more recent statement (larger index)
            let top = by_source.iter().max_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)));
            StatementReuse {
                doc_id: d.id.clone(),
                date: d.date,
                partner: d.partner.clone(),
                sentences: sents.len(),
                chars,
                share_chars_verbatim: ratio(verb, chars),
                share_chars_near: ratio(near, chars),
                share_reused: ratio(verb + near, chars),
                top_source_doc: top.map(|(i, _)| r.docs[*i].id.clone()),
                top_source_share: top.map_or(0.0, |(_, c)| ratio(*c, chars)),
                sources: by_source.len(),
            }
        })
        .collect()
}

/// Formulae: the sentences joined by reuse links (verbatim or near, to their source), as
/// connected components; only those used by at least two statements. Sorted by statements
/// (descending), then first date, first statement and sentence. Near-verbatim links chain, so a
/// formula may drift over time; `sentences` counts every member. `docs` are the statements the
/// search ran on (the first sentence's text is read from them).
pub fn formula_lineage(r: &ReuseResult, docs: &[SegmentedDoc<'_>]) -> Result<Vec<Formula>> {
    let offsets: Vec<usize> = r
        .sentences
        .iter()
        .scan(0usize, |acc, s| {
            let o = *acc;
            *acc += s.len();
            Some(o)
        })
        .collect();
    let total: usize = r.sentences.iter().map(Vec::len).sum();
    let mut parent: Vec<usize> = (0..total).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for (di, sents) in r.sentences.iter().enumerate() {
        for (si, s) in sents.iter().enumerate() {
            if !s.class.reused() {
                continue;
            }
            if let Some(src) = s.source {
                // `source.sentence` is a sentence number; numbers equal positions (segment order)
                let a = find(&mut parent, offsets[di] + si);
                let b = find(&mut parent, offsets[src.doc] + src.sentence);
                // the root is always the earlier sentence: positions follow the analysis order
                let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                parent[hi] = lo;
            }
        }
    }
    let mut members: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for (di, sents) in r.sentences.iter().enumerate() {
        for si in 0..sents.len() {
            let root = find(&mut parent, offsets[di] + si);
            members.entry(root).or_default().push((di, si));
        }
    }
    let mut out: Vec<Formula> = members
        .into_values()
        .filter_map(|m| {
            let used: BTreeSet<usize> = m.iter().map(|x| x.0).collect();
            if used.len() < 2 {
                return None;
            }
            let (fd, fs) = m[0];
            let last = *used.iter().next_back().expect("two statements");
            let partners: BTreeSet<String> =
                used.iter().map(|d| r.docs[*d].partner.clone()).filter(|p| !p.is_empty()).collect();
            let text = match sentence_text(r, docs, fd, r.sentences[fd][fs].sentence) {
                Ok(t) => t,
                Err(e) => return Some(Err(e)),
            };
            Some(Ok(Formula {
                first_doc: r.docs[fd].id.clone(),
                first_sentence: r.sentences[fd][fs].sentence,
                first_date: r.docs[fd].date,
                last_date: r.docs[last].date,
                statements: used.len(),
                sentences: m.len(),
                partners: partners.into_iter().collect(),
                text,
            }))
        })
        .collect::<Result<_>>()?;
    out.sort_by(|a, b| {
        b.statements
            .cmp(&a.statements)
            .then(a.first_date.cmp(&b.first_date))
            .then(a.first_doc.cmp(&b.first_doc))
            .then(a.first_sentence.cmp(&b.first_sentence))
    });
    Ok(out)
}

fn date_str(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// Statements per block of `sentence_reuse` written by [`write_sentence_table`] (one Parquet
/// row group each; ≈ 40 sentences per statement, so a block is ≈ 10,000 rows).
pub const SENTENCE_TABLE_BLOCK_DOCS: usize = 256;

/// The rows of `sentence_reuse` for the statements `range` of `r.docs` (texts and article
/// labels read from `docs`, the statements the search ran on); no rows for an empty range.
pub fn sentence_frame(r: &ReuseResult, docs: &[SegmentedDoc<'_>], range: std::ops::Range<usize>) -> Result<DataFrame> {
    let range = range.start.min(r.docs.len())..range.end.min(r.docs.len());
    let n: usize = r.sentences[range.clone()].iter().map(Vec::len).sum();
    let mut doc_id = Vec::with_capacity(n);
    let mut date = Vec::with_capacity(n);
    let mut sentence = Vec::with_capacity(n);
    let mut article = Vec::with_capacity(n);
    let mut chars = Vec::with_capacity(n);
    let mut class = Vec::with_capacity(n);
    let mut sim: Vec<Option<f64>> = Vec::with_capacity(n);
    let mut sdoc: Vec<Option<&str>> = Vec::with_capacity(n);
    let mut ssent: Vec<Option<u32>> = Vec::with_capacity(n);
    let mut sdate: Vec<Option<String>> = Vec::with_capacity(n);
    let mut texts = Vec::with_capacity(n);
    for di in range {
        let (d, sents) = (&r.docs[di], &r.sentences[di]);
        let (doc, seg) = input_of(r, docs, di)?;
        let body: Vec<char> = doc.body_text().chars().collect();
        let day = date_str(d.date);
        for s in sents {
            doc_id.push(d.id.as_str());
            date.push(day.clone());
            sentence.push(s.sentence as u32);
            article.push(article_label(seg, s.article));
            chars.push(s.chars as u32);
            class.push(s.class.name());
            sim.push(s.source.map(|x| x.similarity));
            sdoc.push(s.source.map(|x| r.docs[x.doc].id.as_str()));
            ssent.push(s.source.map(|x| x.sentence as u32));
            sdate.push(s.source.map(|x| date_str(r.docs[x.doc].date)));
            texts.push(text_of(&body, seg, s.sentence));
        }
    }
    Ok(DataFrame::new_infer_height(vec![
        Column::new("doc_id".into(), doc_id),
        Column::new("date".into(), date),
        Column::new("sentence".into(), sentence),
        Column::new("article".into(), article),
        Column::new("chars".into(), chars),
        Column::new("class".into(), class),
        Column::new("similarity".into(), sim),
        Column::new("source_doc".into(), sdoc),
        Column::new("source_sentence".into(), ssent),
        Column::new("source_date".into(), sdate),
        Column::new("text".into(), texts),
    ])?)
}

/// Write `sentence_reuse` as `NAME.csv` and `NAME.parquet` into `dir`, block by block of
/// [`SENTENCE_TABLE_BLOCK_DOCS`] statements ([`crate::output::write_table_blocks`]), so that
/// the sentence texts are never all held at once: the same bytes as writing [`sentence_frame`]
/// of every statement when they fit in one block, one Parquet row group per block otherwise.
pub fn write_sentence_table(r: &ReuseResult, docs: &[SegmentedDoc<'_>], dir: &Path, name: &str) -> Result<()> {
    let n_blocks = r.docs.len().div_ceil(SENTENCE_TABLE_BLOCK_DOCS).max(1);
    crate::output::write_table_blocks(dir, name, &sentence_frame(r, docs, 0..0)?, n_blocks, |i| {
        sentence_frame(r, docs, i * SENTENCE_TABLE_BLOCK_DOCS..(i + 1) * SENTENCE_TABLE_BLOCK_DOCS)
    })
}

/// The three output tables: `sentence_reuse`, `statement_reuse`, `formula_lineage` (`docs`: the
/// statements the search ran on, where the sentence texts are read). `sentence_reuse` is the
/// largest: [`write_sentence_table`] writes it without building it whole.
pub fn tables(r: &ReuseResult, docs: &[SegmentedDoc<'_>]) -> Result<Vec<(&'static str, DataFrame)>> {
    let sentence_reuse = sentence_frame(r, docs, 0..r.docs.len())?;
    let (statement_reuse, formula_lineage) = summary_tables(r, docs)?;
    Ok(vec![
        ("sentence_reuse", sentence_reuse),
        ("statement_reuse", statement_reuse),
        ("formula_lineage", formula_lineage),
    ])
}

/// `statement_reuse` and `formula_lineage` (see [`tables`]).
pub fn summary_tables(r: &ReuseResult, docs: &[SegmentedDoc<'_>]) -> Result<(DataFrame, DataFrame)> {
    // statement_reuse
    let st = statement_reuse(r);
    let statement_reuse = DataFrame::new_infer_height(vec![
        Column::new("doc_id".into(), st.iter().map(|s| s.doc_id.clone()).collect::<Vec<_>>()),
        Column::new("date".into(), st.iter().map(|s| date_str(s.date)).collect::<Vec<_>>()),
        Column::new("partner".into(), st.iter().map(|s| s.partner.clone()).collect::<Vec<_>>()),
        Column::new("sentences".into(), st.iter().map(|s| s.sentences as u32).collect::<Vec<_>>()),
        Column::new("chars".into(), st.iter().map(|s| s.chars as u32).collect::<Vec<_>>()),
        Column::new("share_chars_verbatim".into(), st.iter().map(|s| s.share_chars_verbatim).collect::<Vec<_>>()),
        Column::new("share_chars_near".into(), st.iter().map(|s| s.share_chars_near).collect::<Vec<_>>()),
        Column::new("share_reused".into(), st.iter().map(|s| s.share_reused).collect::<Vec<_>>()),
        Column::new("top_source_doc".into(), st.iter().map(|s| s.top_source_doc.clone()).collect::<Vec<_>>()),
        Column::new("top_source_share".into(), st.iter().map(|s| s.top_source_share).collect::<Vec<_>>()),
        Column::new("sources".into(), st.iter().map(|s| s.sources as u32).collect::<Vec<_>>()),
    ])?;
    // formula_lineage
    let fl = formula_lineage(r, docs)?;
    let formula_lineage = DataFrame::new_infer_height(vec![
        Column::new("formula".into(), (1..=fl.len() as u32).collect::<Vec<_>>()),
        Column::new("first_doc".into(), fl.iter().map(|f| f.first_doc.clone()).collect::<Vec<_>>()),
        Column::new("first_sentence".into(), fl.iter().map(|f| f.first_sentence as u32).collect::<Vec<_>>()),
        Column::new("first_date".into(), fl.iter().map(|f| date_str(f.first_date)).collect::<Vec<_>>()),
        Column::new("statements".into(), fl.iter().map(|f| f.statements as u32).collect::<Vec<_>>()),
        Column::new("sentences".into(), fl.iter().map(|f| f.sentences as u32).collect::<Vec<_>>()),
        Column::new("partners".into(), fl.iter().map(|f| f.partners.join("; ")).collect::<Vec<_>>()),
        Column::new("last_date".into(), fl.iter().map(|f| date_str(f.last_date)).collect::<Vec<_>>()),
        Column::new("text".into(), fl.iter().map(|f| f.text.clone()).collect::<Vec<_>>()),
    ])?;
    Ok((statement_reuse, formula_lineage))
}

/// Write the three tables as CSV and Parquet into `dir` (created if needed; each file written
/// atomically; `sentence_reuse` block by block, [`write_sentence_table`]). `docs`: the
/// statements the search ran on.
pub fn write_tables(r: &ReuseResult, docs: &[SegmentedDoc<'_>], dir: &Path) -> Result<Vec<&'static str>> {
    std::fs::create_dir_all(dir).map_err(io("cannot create", dir))?;
    write_sentence_table(r, docs, dir, "sentence_reuse")?;
    let (statement_reuse, formula_lineage) = summary_tables(r, docs)?;
    crate::output::write_table(&statement_reuse, dir, "statement_reuse")?;
    crate::output::write_table(&formula_lineage, dir, "formula_lineage")?;
    Ok(vec!["sentence_reuse", "statement_reuse", "formula_lineage"])
}

/// One point of the "reuse over time" chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ReusePoint {
    /// Statement id.
    pub doc_id: String,
    /// Date (undated statements are left out of the chart data).
    pub date: NaiveDate,
    /// Partner.
    pub partner: String,
    /// Share of characters reused (verbatim + near).
    pub share_reused: f64,
    /// The statement most of the reused text comes from.
    pub top_source: Option<String>,
    /// Partner of the top source (for colouring by source).
    pub top_source_partner: Option<String>,
}

/// Data of the "reuse over time" chart: one point per dated statement, in date order.
pub fn chart_data(r: &ReuseResult) -> Vec<ReusePoint> {
    let partner_of: BTreeMap<&str, &str> = r.docs.iter().map(|d| (d.id.as_str(), d.partner.as_str())).collect();
    statement_reuse(r)
        .into_iter()
        .filter_map(|s| {
            let date = s.date?;
            let top_source_partner = s.top_source_doc.as_deref().map(|t| partner_of[t].to_string());
            Some(ReusePoint {
                doc_id: s.doc_id,
                date,
                partner: s.partner,
                share_reused: s.share_reused,
                top_source: s.top_source_doc,
                top_source_partner,
            })
        })
        .collect()
}

/// One earlier statement that a focus statement draws on.
#[derive(Debug, Clone, PartialEq)]
pub struct LineageSource {
    /// Source statement id.
    pub doc_id: String,
    /// Its date.
    pub date: Option<NaiveDate>,
    /// Its partner.
    pub partner: String,
    /// Focus sentences taken verbatim from it.
    pub verbatim: usize,
    /// Focus sentences taken near-verbatim from it.
    pub near: usize,
    /// Normalised characters of those sentences.
    pub chars: usize,
    /// `chars` as a share of the focus statement's characters.
    pub share: f64,
}

/// Where a focus statement's sentences come from.
#[derive(Debug, Clone, PartialEq)]
pub struct FocusLineage {
    /// The focus statement's summary.
    pub summary: StatementReuse,
    /// Sentences by class: verbatim, near, new, short.
    pub class_counts: [usize; 4],
    /// Source statements, most characters first (ties: more recent first).
    pub sources: Vec<LineageSource>,
}

/// The lineage of one statement (None when it is not in the result).
pub fn focus_lineage(r: &ReuseResult, focus: &str) -> Option<FocusLineage> {
    let di = r.docs.iter().position(|d| d.id == focus)?;
    let summary = statement_reuse(r).swap_remove(di);
    let mut class_counts = [0usize; 4];
    let mut by: BTreeMap<usize, (usize, usize, usize)> = BTreeMap::new();
    for s in &r.sentences[di] {
        class_counts[s.class as usize] += 1;
        if let (true, Some(src)) = (s.class.reused(), s.source) {
            let e = by.entry(src.doc).or_insert((0, 0, 0));
            if s.class == Class::Verbatim {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
            e.2 += s.chars;
        }
    }
    let mut sources: Vec<LineageSource> = by
        .into_iter()
        .map(|(d, (v, n, c))| LineageSource {
            doc_id: r.docs[d].id.clone(),
            date: r.docs[d].date,
            partner: r.docs[d].partner.clone(),
            verbatim: v,
            near: n,
            chars: c,
            share: ratio(c, summary.chars),
        })
        .collect();
    // stable sort: equal character counts keep index order; reverse that for "more recent first"
    sources.reverse();
    sources.sort_by_key(|s| std::cmp::Reverse(s.chars));
    Some(FocusLineage { summary, class_counts, sources })
}

/// A Markdown snippet for the report: corpus-level reuse figures and, when `focus` is given and
/// present, its lineage table.
pub fn markdown_snippet(r: &ReuseResult, focus: Option<&str>) -> String {
    use std::fmt::Write;
    let st = statement_reuse(r);
    let mut counts = [0usize; 4];
    for s in r.sentences.iter().flatten() {
        counts[s.class as usize] += 1;
    }
    let total: usize = counts.iter().sum();
    let o = &r.options;
    let mut md = String::new();
    let _ = writeln!(
        md,
        "Of {total} sentences in {} statements, {} are verbatim from an earlier statement, {} near-verbatim \
         (normalised Levenshtein similarity ≥ {:.2}), {} new and {} too short to classify (< {} characters).",
        r.docs.len(),
        counts[0],
        counts[1],
        o.near,
        counts[2],
        counts[3],
        o.min_chars
    );
    let mean = if st.is_empty() { 0.0 } else { st.iter().map(|s| s.share_reused).sum::<f64>() / st.len() as f64 };
    let _ = writeln!(md, "Mean share of a statement's characters reused: {:.1}%.", mean * 100.0);
    if let Some(f) = focus.and_then(|f| focus_lineage(r, f)) {
        let s = &f.summary;
        let _ = writeln!(
            md,
            "\n{}: {:.1}% of its characters reused ({:.1}% verbatim, {:.1}% near-verbatim) from {} earlier statement(s); \
             sentences verbatim {}, near {}, new {}, short {}.\n",
            s.doc_id,
            s.share_reused * 100.0,
            s.share_chars_verbatim * 100.0,
            s.share_chars_near * 100.0,
            s.sources,
            f.class_counts[0],
            f.class_counts[1],
            f.class_counts[2],
            f.class_counts[3]
        );
        if !f.sources.is_empty() {
            let _ = writeln!(md, "| source | date | partner | verbatim | near | share of characters |");
            let _ = writeln!(md, "|---|---|---|---:|---:|---:|");
            for x in &f.sources {
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} | {} | {:.1}% |",
                    x.doc_id,
                    date_str(x.date),
                    x.partner,
                    x.verbatim,
                    x.near,
                    x.share * 100.0
                );
            }
        }
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::document_from_bytes;

    fn doc(id: &str, date: &str, body: &str) -> Document {
        // hand-written fixture statements (not corpus text)
        let row =
            crate::ingest::manifest::ManifestRow { id: id.into(), file: format!("{id}.txt"), ..Default::default() };
        let mut d = document_from_bytes(&row, false, format!("{body}\n").as_bytes()).0.expect("fixture parses");
        d.meta.signed = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
        d.body = body.split('\n').map(String::from).collect();
        d
    }

    #[test]
    fn segmented_input_gives_the_same_result() {
        let a = doc("B_first", "2000-01-01", "双方重申恪守和平共处五项原则发展睦邻友好关系。双方同意。");
        let b =
            doc("A_later", "2001-05-05", "双方重申恪守和平共处五项原则发展睦邻友好关系。\n一、新的内容在这里出现了。");
        let segs = [crate::segment::segment(&b), crate::segment::segment(&a)];
        let by_self = analyze(&[&b, &a], &ReuseOptions::default());
        let given = analyze_segmented(&[(&b, &segs[0]), (&a, &segs[1])], &ReuseOptions::default());
        assert_eq!(format!("{by_self:?}"), format!("{given:?}"));
        assert_eq!(given.docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["B_first", "A_later"]);
        assert_eq!(given.sentences[1][0].class, Class::Verbatim);
    }

    #[test]
    fn verbatim_near_new_short_and_order() {
        let a = doc("B_first", "2000-01-01", "双方重申恪守和平共处五项原则发展睦邻友好关系。双方同意。");
        // same date, later id: may reuse B_first
        let b = doc(
            "B_second",
            "2000-01-01",
            "双方重申恪守和平共处五项原则，发展睦邻友好关系。双方重申恪守和平共处五项原则发展睦邻友好合作关系。完全不同的一句新的内容在这里出现了。",
        );
        let c = doc("A_later", "2001-05-05", "双方重申恪守和平共处五项原则发展睦邻友好关系。");
        let input = [&c, &b, &a];
        let segs = segment_docs(&input);
        let pairs: Vec<SegmentedDoc<'_>> = input.iter().copied().zip(&segs).collect();
        let r = analyze_segmented(&pairs, &ReuseOptions::default());
        assert_eq!(format!("{r:?}"), format!("{:?}", analyze(&input, &ReuseOptions::default())));
        let ids: Vec<&str> = r.docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["B_first", "B_second", "A_later"], "date, then id");
        let classes: Vec<Vec<Class>> = r.sentences.iter().map(|s| s.iter().map(|x| x.class).collect()).collect();
        assert_eq!(classes[0], [Class::New, Class::Short]);
        assert_eq!(classes[1], [Class::Verbatim, Class::Near, Class::New]);
        // 22 characters vs 24: two insertions
        let s = r.sentences[1][1].source.unwrap();
        assert_eq!((s.doc, s.sentence), (0, 0));
        assert!((s.similarity - (1.0 - 2.0 / 24.0)).abs() < 1e-12);
        // the most recent earlier statement wins a tie (B_second over B_first)
        let s = r.sentences[2][0].source.unwrap();
        assert_eq!((s.doc, s.sentence, r.sentences[2][0].class), (1, 0, Class::Verbatim));
        let st = statement_reuse(&r);
        assert_eq!(st[1].chars, 22 + 24 + 17);
        assert!((st[1].share_chars_verbatim - 22.0 / 63.0).abs() < 1e-12);
        assert_eq!(st[1].top_source_doc.as_deref(), Some("B_first"));
        assert_eq!(st[0].sources, 0);
        let f = formula_lineage(&r, &pairs).unwrap();
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].first_doc.as_str(), f[0].statements, f[0].sentences), ("B_first", 3, 4));
        assert_eq!(f[0].text, "双方重申恪守和平共处五项原则发展睦邻友好关系。");
        // the texts and article labels are read from the statements searched
        let t = sentence_frame(&r, &pairs, 1..2).unwrap();
        assert_eq!(t.height(), 3);
        let texts: Vec<&str> = t.column("text").unwrap().str().unwrap().iter().map(|x| x.unwrap_or("")).collect();
        assert_eq!(texts[2], "完全不同的一句新的内容在这里出现了。");
        let ids: Vec<&str> = t.column("doc_id").unwrap().str().unwrap().iter().map(|x| x.unwrap_or("")).collect();
        assert_eq!(ids, ["B_second"; 3]);
        assert_eq!(sentence_frame(&r, &pairs, 0..0).unwrap().height(), 0);
        // a different slice than the one searched is refused, not misread
        let wrong: Vec<SegmentedDoc<'_>> = pairs.iter().rev().copied().collect();
        let e = formula_lineage(&r, &wrong).unwrap_err().to_string();
        assert!(e.contains("B_first") && e.contains("same order"), "{e}");
        let l = focus_lineage(&r, "B_second").unwrap();
        assert_eq!(l.class_counts, [1, 1, 1, 0]);
        assert_eq!(l.sources.len(), 1);
        assert!(markdown_snippet(&r, Some("B_second")).contains("| B_first | 2000-01-01 |"));
        assert_eq!(chart_data(&r).len(), 3);
    }

    #[test]
    fn overlong_sentences_are_matched_only_verbatim() {
        // fixture: 6,000-character "sentences" without a stop, differing in one character
        let long = "甲乙丙丁".repeat(1500);
        let a = doc("L1", "2000-01-01", &long);
        let b = doc("L2", "2001-01-01", &(long.clone() + "戊"));
        let c = doc("L3", "2002-01-01", &long);
        let r = analyze(&[&a, &b, &c], &ReuseOptions::default());
        assert_eq!((r.sentences[1][0].class, r.sentences[1][0].source), (Class::New, None));
        assert_eq!(r.sentences[2][0].class, Class::Verbatim);
    }

    #[test]
    fn deterministic_across_thread_counts() {
        let a = doc(
            "x1",
            "1999-01-01",
            "双方重申恪守和平共处五项原则发展睦邻友好关系。中方支持对方维护国家独立主权和领土完整的努力。",
        );
        let b =
            doc("x2", "2002-01-01", "中方支持对方维护国家独立、主权和领土完整的努力。双方重申恪守和平共处五项原则。");
        let run = |threads| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| {
                let input = [&a, &b];
                let segs = segment_docs(&input);
                let pairs: Vec<SegmentedDoc<'_>> = input.iter().copied().zip(&segs).collect();
                let r = analyze_segmented(&pairs, &ReuseOptions::default());
                tables(&r, &pairs)
                    .unwrap()
                    .into_iter()
                    .map(|(_, df)| crate::output::csv_bytes(&df).unwrap())
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(run(1), run(4));
    }
}
