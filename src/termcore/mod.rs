//! The term core behind `jointstat terms`: one pass per document, integer term ids, compact
//! per-document counts, and streamed output.
//!
//! 1. **Count** (parallel, chunk by chunk of `--chunk` documents): each document is read,
//!    decoded, normalised, parsed and cut ([`ingest::read_row_body_only`]), segmented with jieba
//!    ([`Tokenizer::for_each_term`]) and its terms counted in a small per-document hash map on
//!    `&str` (no allocation per token). The distinct terms are then looked up in the shared
//!    vocabulary (FxHash on `&str`, read-only while the workers run); a term seen for the first
//!    time is kept as a string and interned after the chunk, in document order, so term ids are
//!    deterministic. A document leaves this stage as `(u32 term, u32 count)` pairs; its text is
//!    dropped. Stopwords are interned up front with a reserved id, so they cost one lookup per
//!    distinct word like any other term. jieba's dictionary loads while the corpus is listed
//!    and the first documents are read (reading needs no tokenizer), so its serial load
//!    overlaps useful work.
//! 2. **Aggregate**: document frequency and corpus count are vocabulary-sized arrays; polars
//!    computes `idf` and sorts `corpus_terms` on that small frame (the same expressions as
//!    before, so the floats are bit-identical).
//! 3. **Write**: term ids are renumbered by the byte order of the term text, each document's
//!    pairs are sorted by that rank, documents are taken in `doc_id` order, and `doc_terms` is
//!    formatted block by block in parallel (CSV text, and a Parquet row group per block) and
//!    streamed to a temporary file that is renamed into place at the end. No document × term
//!    table with string columns is ever built.
//!
//! Memory is the vocabulary plus 8 bytes per (document, term) pair, plus one chunk of documents'
//! text and one group of formatted blocks; the output is byte-identical to the earlier polars
//! join/sort implementation (CSV: same bytes; Parquet: same values and types).
//!
//! Longer than 500 lines because the single pass (read, cut, intern, count) and the streaming CSV
//! and Parquet writers must agree byte for byte with `output.rs` and are kept together.

use crate::error::{io, Result};
use crate::ingest::IngestOptions;
use crate::ingest::{self, manifest::ManifestRow};
use crate::output::{protect_cell, FORMULA_TRIGGERS};
use crate::problems::InputProblem;
use crate::resource::{Resource, Timing};
use crate::tokenize::{self, Tokenizer};
use polars::prelude::*;
use polars_arrow::array::MutableBinaryViewArray;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::io::Write;
use std::path::Path;
use std::path::PathBuf;
use std::time::Instant;

/// Options of `jointstat terms`, the scalable core: ingest, cut, tokenize, term statistics.
#[derive(Debug, Clone)]
pub struct TermsOptions {
    /// Corpus folder.
    pub corpus: PathBuf,
    /// Output folder (doc_terms and corpus_terms).
    pub out: PathBuf,
    /// User dictionary.
    pub userdict: Resource,
    /// Stopword list.
    pub stopwords: Resource,
    /// Documents read at a time (bounds memory: only term counts are kept).
    pub chunk: usize,
    /// File size limit and path confinement.
    pub ingest: IngestOptions,
    /// Write CSV besides Parquet.
    pub csv: bool,
    /// Show a progress bar (only drawn on a terminal); `terms -q` turns it off.
    pub progress: bool,
}

/// What `jointstat terms` did.
#[derive(Debug, Clone)]
pub struct TermsSummary {
    /// Documents analysed.
    pub documents: usize,
    /// Bytes of input read.
    pub bytes: u64,
    /// Word tokens counted.
    pub tokens: u64,
    /// Rows of doc_terms.
    pub rows: usize,
    /// Distinct terms.
    pub terms: usize,
    /// Input problems.
    pub problems: Vec<crate::problems::InputProblem>,
    /// Per-stage timings (ingest + tokenize are interleaved per chunk).
    pub timings: Vec<Timing>,
}

/// Id given to stopwords in the vocabulary: looked up, never counted.
const STOP: u32 = u32::MAX;

/// A document as read by the count stage: the document (if usable) and its input problems.
type Read = (Option<ingest::Document>, Vec<InputProblem>);

/// Documents read while jieba's dictionary loads (at most one `--chunk`): about as many as two
/// threads read in the time the dictionary takes to load, so little text waits in memory.
const PREREAD_DOCS: usize = 1024;

/// Documents per output block (one CSV buffer and one Parquet row group each, formatted in
/// parallel).
const BLOCK_DOCS: usize = 512;

/// Term ids for term texts (FxHash on `&str`; each text stored once per map and once per list).
#[derive(Default)]
struct Vocab {
    map: FxHashMap<Box<str>, u32>,
    terms: Vec<Box<str>>,
}

impl Vocab {
    /// A vocabulary that knows the stopwords (id [`STOP`]) and no term yet.
    fn with_stopwords<'a>(stop: impl Iterator<Item = &'a str>) -> Vocab {
        let mut v = Vocab::default();
        for w in stop {
            v.map.insert(w.into(), STOP);
        }
        v
    }

    /// The id of `w`, if known ([`STOP`] for a stopword).
    fn get(&self, w: &str) -> Option<u32> {
        self.map.get(w).copied()
    }

    /// The id of `w`, interning it if new.
    fn intern(&mut self, w: &str) -> u32 {
        if let Some(&i) = self.map.get(w) {
            return i;
        }
        let i = self.terms.len() as u32;
        self.map.insert(w.into(), i);
        self.terms.push(w.into());
        i
    }

    /// Number of terms (stopwords excluded).
    fn len(&self) -> usize {
        self.terms.len()
    }
}

/// One document after the count stage.
struct DocCounts {
    id: String,
    /// Word tokens (the per-10k denominator).
    words: u32,
    /// (term id, count), distinct terms; sorted by term text before writing.
    pairs: Vec<(u32, u32)>,
}

/// What a worker hands back for one document: its counts with known ids, and the terms the
/// vocabulary did not know yet (interned after the chunk).
struct Counted {
    id: String,
    words: u32,
    len: u64,
    known: Vec<(u32, u32)>,
    new: Vec<(String, u32)>,
}

fn count_doc(tok: &Tokenizer, vocab: &Vocab, doc: &ingest::Document) -> Counted {
    let mut counts: FxHashMap<&str, u32> = FxHashMap::with_capacity_and_hasher(512, Default::default());
    let words = tok.for_each_term(doc, |w| *counts.entry(w).or_insert(0) += 1);
    let mut known = Vec::with_capacity(counts.len());
    let mut new = Vec::new();
    for (w, c) in counts {
        match vocab.get(w) {
            Some(STOP) => {}
            Some(i) => known.push((i, c)),
            None => new.push((w.to_string(), c)),
        }
    }
    // new terms get ids in the order of this list: sorted, so ids never depend on hash order
    // (ids are renumbered by text before writing anyway)
    new.sort_unstable();
    let len = doc.body.iter().map(|p| p.len() as u64 + 1).sum::<u64>();
    Counted { id: doc.id.clone(), words, len, known, new }
}

/// Run `jointstat terms` (see [`crate::pipeline::terms`] for the contract).
pub fn run(opts: &TermsOptions) -> Result<TermsSummary> {
    let t0 = Instant::now();
    // Loading jieba's dictionary is serial; overlap it with listing the corpus and reading the
    // first documents (decode, normalise, parse, cut the statement), which need no tokenizer.
    let (planned, tok) = rayon::join(
        || -> Result<(ingest::CorpusPlan, Vec<Read>)> {
            let plan = ingest::plan_corpus(&opts.corpus)?;
            let n = plan.rows.len().min(opts.chunk.max(1)).min(PREREAD_DOCS);
            let first =
                plan.rows[..n].par_iter().map(|row| ingest::read_row_body_only(&plan, row, &opts.ingest)).collect();
            Ok((plan, first))
        },
        || -> Result<Tokenizer> {
            Tokenizer::from_texts(
                &opts.userdict.text(tokenize::DEFAULT_USERDICT)?,
                &opts.stopwords.text(tokenize::DEFAULT_STOPWORDS)?,
            )
        },
    );
    let (plan, first) = planned?;
    let tok = tok?;
    let mut problems = plan.problems.clone();
    let mut vocab = Vocab::with_stopwords(tok.stopword_list());
    let mut docs: Vec<DocCounts> = Vec::new();
    let mut bytes = 0u64;
    let pb = crate::output::progress_bar(opts.progress, plan.rows.len() as u64, "terms");
    // after a chunk, in document order: keep its problems, intern its new terms (so term ids
    // do not depend on threads or chunk size), keep its counts
    let mut absorb = |counted: Vec<(Option<Counted>, Vec<InputProblem>)>, vocab: &mut Vocab| {
        for (c, probs) in counted {
            problems.extend(probs);
            let Some(c) = c else { continue };
            bytes += c.len;
            let mut pairs = c.known;
            for (w, n) in c.new {
                // a later document of the same chunk may have met the word first: intern once
                let i = vocab.intern(&w);
                if i != STOP {
                    pairs.push((i, n));
                }
            }
            pairs.shrink_to_fit();
            docs.push(DocCounts { id: c.id, words: c.words, pairs });
        }
    };
    let n_first = first.len();
    {
        let vocab_ref = &vocab;
        let counted: Vec<(Option<Counted>, Vec<InputProblem>)> =
            first.into_par_iter().map(|(doc, probs)| (doc.map(|d| count_doc(&tok, vocab_ref, &d)), probs)).collect();
        absorb(counted, &mut vocab);
        pb.inc(n_first as u64);
    }
    for chunk in plan.rows[n_first..].chunks(opts.chunk.max(1)) {
        let vocab_ref = &vocab;
        let counted: Vec<(Option<Counted>, Vec<InputProblem>)> = chunk
            .par_iter()
            .map(|row: &ManifestRow| {
                let (doc, probs) = ingest::read_row_body_only(&plan, row, &opts.ingest);
                (doc.map(|d| count_doc(&tok, vocab_ref, &d)), probs)
            })
            .collect();
        absorb(counted, &mut vocab);
        pb.inc(chunk.len() as u64);
    }
    pb.finish_and_clear();
    let t_count = t0.elapsed().as_secs_f64();

    let t1 = Instant::now();
    if docs.is_empty() {
        crate::bail_usage!("no usable document in {}", opts.corpus.display());
    }
    let n_docs = docs.len();
    let tokens_total: u64 = docs.iter().map(|d| d.words as u64).sum();
    let rows: usize = docs.iter().map(|d| d.pairs.len()).sum();
    let v = vocab.len();
    let mut doc_freq = vec![0u32; v];
    let mut count = vec![0u64; v];
    for d in &docs {
        for &(t, c) in &d.pairs {
            doc_freq[t as usize] += 1;
            count[t as usize] += c as u64;
        }
    }
    // renumber terms by the byte order of their text (the sort order of both tables)
    let Vocab { map, terms } = vocab;
    drop(map);
    let mut order: Vec<u32> = (0..v as u32).collect();
    order.par_sort_unstable_by(|&a, &b| terms[a as usize].cmp(&terms[b as usize]));
    let mut rank = vec![0u32; v];
    for (r, &t) in order.iter().enumerate() {
        rank[t as usize] = r as u32;
    }
    let mut terms_sorted: Vec<Box<str>> = Vec::with_capacity(v);
    let mut df_sorted = Vec::with_capacity(v);
    let mut count_sorted = Vec::with_capacity(v);
    {
        let mut terms = terms.into_iter().map(Some).collect::<Vec<_>>();
        for &t in &order {
            terms_sorted.push(terms[t as usize].take().unwrap_or_default());
            df_sorted.push(doc_freq[t as usize]);
            count_sorted.push(count[t as usize]);
        }
    }
    drop((doc_freq, count, order));
    docs.par_iter_mut().for_each(|d| {
        for p in d.pairs.iter_mut() {
            p.0 = rank[p.0 as usize];
        }
        d.pairs.sort_unstable_by_key(|p| p.0);
    });
    drop(rank);
    docs.par_sort_unstable_by(|a, b| a.id.cmp(&b.id));

    // vocabulary-sized aggregation in polars: terms that occur (outside stopwords) at least once
    let present: Vec<u32> = (0..v as u32).filter(|&t| df_sorted[t as usize] > 0).collect();
    let n = n_docs as f64;
    let dfreq = DataFrame::new_infer_height(vec![
        Column::new("t".into(), present.clone()),
        Column::new("term".into(), present.iter().map(|&t| &*terms_sorted[t as usize]).collect::<Vec<&str>>()),
        Column::new("count".into(), present.iter().map(|&t| count_sorted[t as usize]).collect::<Vec<u64>>()),
        Column::new("doc_freq".into(), present.iter().map(|&t| df_sorted[t as usize]).collect::<Vec<u32>>()),
    ])?
    .lazy()
    .with_columns([(lit(n) / col("doc_freq").cast(DataType::Float64)).log(lit(10.0)).alias("idf")])
    .collect()?;
    let mut idf = vec![0f64; v];
    {
        let ts = dfreq.column("t")?.u32()?;
        let is = dfreq.column("idf")?.f64()?;
        for (t, x) in ts.into_no_null_iter().zip(is.into_no_null_iter()) {
            idf[t as usize] = x;
        }
    }
    let corpus_terms = dfreq
        .lazy()
        .select([col("term"), col("count"), col("doc_freq"), col("idf")])
        .sort_by_exprs(
            [col("count"), col("term")],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .collect()?;
    let t_stats = t1.elapsed().as_secs_f64();

    let t2 = Instant::now();
    std::fs::create_dir_all(&opts.out).map_err(io("cannot create", &opts.out))?;
    let table = TermTable { terms: &terms_sorted, idf: &idf, docs: &docs };
    table.write(&opts.out.join("doc_terms.parquet"), opts.csv.then(|| opts.out.join("doc_terms.csv")).as_deref())?;
    crate::output::write_atomic(&opts.out.join("corpus_terms.parquet"), &crate::output::parquet_bytes(&corpus_terms)?)?;
    if opts.csv {
        crate::output::write_atomic(&opts.out.join("corpus_terms.csv"), &crate::output::csv_bytes(&corpus_terms)?)?;
    }
    let t_write = t2.elapsed().as_secs_f64();
    problems.sort();
    Ok(TermsSummary {
        documents: n_docs,
        bytes,
        tokens: tokens_total,
        rows,
        terms: corpus_terms.height(),
        problems,
        timings: vec![
            Timing { stage: "ingest+tokenize", seconds: t_count },
            Timing { stage: "statistics", seconds: t_stats },
            Timing { stage: "write", seconds: t_write },
        ],
    })
}

/// The document × term table, held as per-document pairs, written without materialising it.
struct TermTable<'a> {
    /// Term texts by rank (byte order).
    terms: &'a [Box<str>],
    /// idf by rank.
    idf: &'a [f64],
    /// Documents in `doc_id` order, pairs sorted by rank.
    docs: &'a [DocCounts],
}

/// One block of documents, formatted.
struct Block {
    csv: Vec<u8>,
    parquet: DataFrame,
}

impl TermTable<'_> {
    /// Format the documents `docs` as CSV rows (when `csv`, into `buf`, which is cleared first)
    /// and as a Parquet batch. The string columns are built straight into polars' arrays (no
    /// intermediate vector of `&str` per row).
    fn block(&self, docs: &[DocCounts], csv: Option<&CsvCache>, mut buf: Vec<u8>) -> Result<Block> {
        let rows: usize = docs.iter().map(|d| d.pairs.len()).sum();
        buf.clear();
        if csv.is_some() {
            buf.reserve(rows * 48);
        }
        let mut doc_col = MutableBinaryViewArray::<str>::with_capacity(rows);
        let mut term_col = MutableBinaryViewArray::<str>::with_capacity(rows);
        let mut count_col: Vec<i64> = Vec::with_capacity(rows);
        let mut per_col: Vec<f64> = Vec::with_capacity(rows);
        let mut tfidf_col: Vec<f64> = Vec::with_capacity(rows);
        let mut field = Vec::new();
        // per_10k depends on the document and the count only: formatted once per count value
        let mut per_cells: Vec<Vec<u8>> = vec![Vec::new(); PER_10K_CACHE];
        for d in docs {
            let tokens = d.words as f64;
            if csv.is_some() {
                field.clear();
                csv_text(&mut field, &d.id);
                per_cells.iter_mut().for_each(Vec::clear);
            }
            for &(t, c) in &d.pairs {
                let term = &*self.terms[t as usize];
                let per_10k = c as f64 / tokens * 10_000.0;
                let tfidf = c as f64 * self.idf[t as usize];
                if let Some(cache) = csv {
                    buf.extend_from_slice(&field);
                    buf.push(b',');
                    buf.extend_from_slice(cache.term(t));
                    buf.push(b',');
                    push_uint(&mut buf, c);
                    buf.push(b',');
                    match per_cells.get_mut(c as usize) {
                        Some(cell) => {
                            if cell.is_empty() {
                                push_float(cell, per_10k);
                            }
                            buf.extend_from_slice(cell);
                        }
                        None => push_float(&mut buf, per_10k),
                    }
                    buf.push(b',');
                    match cache.tfidf(t, c) {
                        Some(cell) => buf.extend_from_slice(cell),
                        None => push_float(&mut buf, tfidf),
                    }
                    buf.push(b'\n');
                }
                doc_col.push_value(&d.id);
                term_col.push_value(term);
                count_col.push(c as i64);
                per_col.push(per_10k);
                tfidf_col.push(tfidf);
            }
        }
        let parquet = DataFrame::new_infer_height(vec![
            StringChunked::with_chunk("doc_id".into(), doc_col.freeze()).into_column(),
            StringChunked::with_chunk("term".into(), term_col.freeze()).into_column(),
            Column::new("count".into(), count_col),
            Column::new("per_10k".into(), per_col),
            Column::new("tfidf".into(), tfidf_col),
        ])?;
        Ok(Block { csv: buf, parquet })
    }

    /// Write `doc_terms` as Parquet (and CSV when `csv` is given), atomically, block by block
    /// ([`crate::output::write_blocks`]: one Parquet row group per block of documents).
    fn write(&self, parquet: &Path, csv: Option<&Path>) -> Result<()> {
        let schema = self.block(&[], None, Vec::new())?.parquet;
        let cache = csv.is_some().then(|| CsvCache::new(self.terms, self.idf));
        let blocks: Vec<&[DocCounts]> = self.docs.chunks(BLOCK_DOCS).collect();
        crate::output::write_blocks(
            parquet,
            csv.map(|p| (p, &b"doc_id,term,count,per_10k,tfidf\n"[..])),
            &schema,
            blocks.len(),
            |i, buf| {
                let b = self.block(blocks[i], cache.as_ref(), buf)?;
                Ok(crate::output::TableBlock { csv: b.csv, parquet: b.parquet })
            },
        )
    }
}

/// Counts whose per-10k value is formatted once per document (counts 0..this).
const PER_10K_CACHE: usize = 64;
/// Counts whose tfidf value is formatted once per term (counts 1..=this).
const TFIDF_CACHE: u32 = 4;

/// CSV cells that repeat across documents, formatted once: each term's text cell, and its
/// tfidf cell for the small counts (the same `count × idf` product, so the same text).
struct CsvCache {
    terms: Vec<Vec<u8>>,
    tfidf: Vec<Vec<u8>>,
}

impl CsvCache {
    fn new(terms: &[Box<str>], idf: &[f64]) -> CsvCache {
        let terms_cells = terms
            .par_iter()
            .map(|t| {
                let mut b = Vec::with_capacity(t.len());
                csv_text(&mut b, t);
                b
            })
            .collect();
        let tfidf = idf
            .par_iter()
            .flat_map_iter(|&x| {
                (1..=TFIDF_CACHE).map(move |c| {
                    let mut b = Vec::with_capacity(12);
                    push_float(&mut b, c as f64 * x);
                    b
                })
            })
            .collect();
        CsvCache { terms: terms_cells, tfidf }
    }

    fn term(&self, t: u32) -> &[u8] {
        &self.terms[t as usize]
    }

    fn tfidf(&self, t: u32, c: u32) -> Option<&[u8]> {
        if (1..=TFIDF_CACHE).contains(&c) {
            Some(&self.tfidf[t as usize * TFIDF_CACHE as usize + c as usize - 1])
        } else {
            None
        }
    }
}

/// A float as [`csv_float`] writes it, appended without an intermediate `String`.
fn push_float(buf: &mut Vec<u8>, v: f64) {
    let _ = if v == 0.0 || !v.is_finite() || v.abs() >= crate::output::CSV_SCIENTIFIC_BELOW {
        write!(buf, "{:.*}", crate::output::CSV_FLOAT_DECIMALS, v)
    } else {
        write!(buf, "{:.*e}", crate::output::CSV_FLOAT_DECIMALS, v)
    };
}

/// An unsigned integer in decimal.
fn push_uint(buf: &mut Vec<u8>, mut v: u32) {
    let mut tmp = [0u8; 10];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

/// A text cell as `output::csv_bytes` writes it: formula protection ([`protect_cell`]), then
/// polars' quoting rule (quoted when it holds a comma, a quote, CR or LF; quotes doubled).
fn csv_text(buf: &mut Vec<u8>, s: &str) {
    let s = if s.starts_with(FORMULA_TRIGGERS) { protect_cell(s) } else { std::borrow::Cow::Borrowed(s) };
    let b = s.as_bytes();
    if !b.iter().any(|&c| matches!(c, b',' | b'"' | b'\n' | b'\r')) {
        buf.extend_from_slice(b);
        return;
    }
    buf.push(b'"');
    for &c in b {
        if c == b'"' {
            buf.push(b'"');
        }
        buf.push(c);
    }
    buf.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_text_matches_polars_quoting() {
        let cases = ["合作", "a,b", "say \"hi\"", "-1", "=SUM(A1)", "line\nbreak", "@x"];
        let df = DataFrame::new_infer_height(vec![Column::new("term".into(), cases.to_vec())]).unwrap();
        let want = String::from_utf8(crate::output::csv_bytes(&df).unwrap()).unwrap();
        let mut got = b"term\n".to_vec();
        for c in cases {
            csv_text(&mut got, c);
            got.push(b'\n');
        }
        assert_eq!(String::from_utf8(got).unwrap(), want);
    }

    #[test]
    fn number_cells_match_the_csv_writer() {
        for v in [0.0, 1.0 / 3.0, 343.915344, 2.5e-7, -1.5e-5, 1e-4, 12345.678901234, 0.0000995] {
            let mut b = Vec::new();
            push_float(&mut b, v);
            assert_eq!(String::from_utf8(b).unwrap(), crate::output::csv_float(v), "{v}");
        }
        for v in [0u32, 7, 10, 39, 1_000_000, u32::MAX] {
            let mut b = Vec::new();
            push_uint(&mut b, v);
            assert_eq!(String::from_utf8(b).unwrap(), v.to_string());
        }
    }

    #[test]
    fn vocab_interns_once_and_knows_stopwords() {
        let mut v = Vocab::with_stopwords(["的", "和"].into_iter());
        assert_eq!(v.get("的"), Some(STOP));
        assert_eq!(v.intern("合作"), 0);
        assert_eq!(v.intern("发展"), 1);
        assert_eq!(v.intern("合作"), 0);
        assert_eq!(v.intern("和"), STOP);
        assert_eq!(v.len(), 2);
    }
}
