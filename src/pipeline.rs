//! The whole pipeline, stage by stage: ingest → segment → tokenize → statistics → charts →
//! report. Each stage takes the previous stage's output and nothing else; [`run`] times each.

use crate::charts;
use crate::clauses::{self, ClauseRules, OneChinaProfile, SentenceLabel};
use crate::ingest::{self, Corpus, IngestOptions};
use crate::problems::Severity;
use crate::report;
use crate::segment::{self, Segmentation};
use crate::stats::{self, Stats, StatsOptions};
use crate::tokenize::{self, DocTokens, Tokenizer};
use anyhow::{bail, Context, Result};
use polars::prelude::DataFrame;
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

/// Where the user dictionary or stopword list comes from.
#[derive(Debug, Clone)]
pub enum Resource {
    /// The copy built into the binary from `corpus/`.
    Builtin,
    /// A file given on the command line.
    File(PathBuf),
}

impl Resource {
    /// Read the text (built-in copy or file).
    pub fn text(&self, builtin: &'static str) -> Result<String> {
        match self {
            Resource::Builtin => Ok(builtin.to_string()),
            Resource::File(p) => std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display())),
        }
    }

    /// Human-readable origin.
    pub fn describe(&self, builtin_name: &str) -> String {
        match self {
            Resource::Builtin => format!("{builtin_name} (built in)"),
            Resource::File(p) => p.display().to_string(),
        }
    }
}

/// Options of `jointstat analyze`.
#[derive(Debug, Clone)]
pub struct AnalyzeOptions {
    /// Corpus folder.
    pub corpus: PathBuf,
    /// Folder that receives `NAME/`.
    pub out: PathBuf,
    /// Report name (default: the focus id).
    pub name: Option<String>,
    /// Focus statement id.
    pub focus: String,
    /// User dictionary.
    pub userdict: Resource,
    /// Stopword list.
    pub stopwords: Resource,
    /// Clause rules (TOML).
    pub rules: Resource,
    /// CJK font for the charts.
    pub font: Option<PathBuf>,
    /// Treat partial documents as part of the analysis set.
    pub include_partial: bool,
    /// File size limit and path confinement.
    pub ingest: IngestOptions,
    /// Fail (exit 2) when any input problem of severity error occurred.
    pub strict: bool,
    /// Show a progress bar per stage (only drawn on a terminal).
    pub progress: bool,
    /// Terms in the focus chart and table.
    pub top_n: usize,
    /// Terms in the heatmap.
    pub heat_terms: usize,
    /// Minimum occurrences in focus + rest for a term in `focus_terms` and `keyness`.
    pub min_count: u32,
    /// When to switch to the archive-scale views (top-k similarity, aggregated charts).
    pub scale: crate::compare::ScaleOptions,
    /// The command line, for provenance.
    pub command_line: Vec<String>,
}

/// Wall time of one stage.
#[derive(Debug, Clone)]
pub struct Timing {
    /// Stage name.
    pub stage: &'static str,
    /// Seconds.
    pub seconds: f64,
}

/// Everything computed by a run, handed to the report.
pub struct Analysis {
    /// Stage 1 output.
    pub corpus: Corpus,
    /// Stage 2 output, one per document.
    pub segs: Vec<Segmentation>,
    /// Stage 3 output. Emptied once the statistics stage is done: the token table
    /// (`token_df`) keeps every token, and holding both through the charts and report stages
    /// would double the memory of the largest data at archive scale.
    pub tokens: Vec<DocTokens>,
    /// Stage 3 output as a table.
    pub token_df: DataFrame,
    /// Clause rules used.
    pub rules: ClauseRules,
    /// sha256 of the clause rules text.
    pub rules_sha256: String,
    /// Clause labels, one list per document.
    pub labels: Vec<Vec<SentenceLabel>>,
    /// One-China profiles, one per document.
    pub profiles: Vec<OneChinaProfile>,
    /// Stage 4 output.
    pub stats: Stats,
    /// Stage 4 output for clauses.
    pub clause_stats: crate::stats::clauses::ClauseStats,
    /// Stage 4 output: the focus statement compared with the rest.
    pub comparison: crate::compare::FocusComparison,
    /// Charts written: (file name, caption).
    pub charts: Vec<(String, String)>,
    /// Per-stage timings.
    pub timings: Vec<Timing>,
    /// Tokenizer resource hashes and sizes.
    pub userdict_sha256: String,
    /// sha256 of the stopword list.
    pub stopwords_sha256: String,
    /// User dictionary entries loaded.
    pub user_words: usize,
    /// Font used.
    pub font: PathBuf,
}

/// Error raised by `--strict` when input problems occurred (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0} input problem(s) of severity error (see input_problems.csv); --strict makes this fatal")]
pub struct StrictError(pub usize);

/// A progress bar for one stage: drawn on stderr when `enabled` and stderr is a terminal.
fn stage_bar(enabled: bool, len: u64, name: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !enabled || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::new(len);
    pb.set_style(
        indicatif::ProgressStyle::with_template("{prefix:>10} [{bar:30}] {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb.set_prefix(name.to_string());
    pb
}

/// Run the whole pipeline and write the report; returns the report folder.
pub fn run(opts: &AnalyzeOptions) -> Result<(PathBuf, Analysis)> {
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<Timing>| {
        timings.push(Timing { stage: name, seconds: clock.elapsed().as_secs_f64() });
        clock = Instant::now();
    };

    // resolve the font first: a missing font should fail before minutes of work
    let font = charts::find_font(opts.font.as_deref())?;
    charts::register_font(&font)?;

    // 1. ingest
    let pb = stage_bar(opts.progress, 1, "ingest");
    let corpus = ingest::load_corpus(&opts.corpus, &opts.ingest)?;
    pb.finish_and_clear();
    if corpus.docs.is_empty() {
        bail!("no usable document in {} ({} input problem(s))", opts.corpus.display(), corpus.problems.len());
    }
    if corpus.get(&opts.focus).is_none() {
        let ids: Vec<&str> = corpus.docs.iter().map(|d| d.id.as_str()).take(8).collect();
        bail!(
            "focus statement `{}` is not in the corpus (ids look like: {} …); use --focus ID",
            opts.focus,
            ids.join(", ")
        );
    }
    let errors = corpus.problems.iter().filter(|p| p.severity == Severity::Error).count();
    if opts.strict && errors > 0 {
        for p in &corpus.problems {
            eprintln!("{p}");
        }
        return Err(StrictError(errors).into());
    }
    lap("ingest", &mut timings);

    // 2. segment
    let segs: Vec<Segmentation> = corpus.docs.par_iter().map(segment::segment).collect();
    lap("segment", &mut timings);

    // 3. tokenize (one jieba, shared across workers)
    let userdict = opts.userdict.text(tokenize::DEFAULT_USERDICT)?;
    let stopwords = opts.stopwords.text(tokenize::DEFAULT_STOPWORDS)?;
    let tok = Tokenizer::from_texts(&userdict, &stopwords)
        .with_context(|| format!("user dictionary {}", opts.userdict.describe("corpus/userdict.txt")))?;
    let pb = stage_bar(opts.progress, corpus.docs.len() as u64, "tokenize");
    let tokens: Vec<DocTokens> = corpus
        .docs
        .par_iter()
        .zip(segs.par_iter())
        .map(|(d, s)| {
            let t = tok.tokenize_doc(d, s);
            pb.inc(1);
            t
        })
        .collect();
    pb.finish_and_clear();
    let token_df = stats::token_frame(&tokens)?;
    lap("tokenize", &mut timings);

    // 3b. clauses: actors, speech acts, topics, One-China profile
    let rules_text = opts.rules.text(clauses::DEFAULT_RULES)?;
    let rules = ClauseRules::parse(&rules_text, &opts.rules.describe("corpus/clause_rules.toml"))?;
    let labels: Vec<Vec<SentenceLabel>> = corpus
        .docs
        .par_iter()
        .zip(segs.par_iter())
        .zip(tokens.par_iter())
        .map(|((d, s), t)| clauses::classify_doc(&rules, d, s, t))
        .collect();
    let profiles: Vec<OneChinaProfile> =
        corpus.docs.iter().zip(&segs).zip(&labels).map(|((d, s), l)| clauses::one_china(&rules, d, s, l)).collect();
    lap("clauses", &mut timings);

    // 4. statistics
    let st = stats::compute(
        &corpus,
        &segs,
        &token_df,
        &StatsOptions { focus: opts.focus.clone(), include_partial: opts.include_partial, min_count: opts.min_count },
    )?;
    let analysis_ids: Vec<String> =
        corpus.docs.iter().filter(|d| opts.include_partial || !d.partial).map(|d| d.id.clone()).collect();
    let clause_stats = stats::clauses::compute(&corpus, &segs, &labels, &profiles, &rules, &analysis_ids, &opts.focus)?;
    lap("statistics", &mut timings);
    let comparison = crate::compare::focus_comparison(
        &crate::compare::Prepared {
            corpus: &corpus,
            segs: &segs,
            tokens: &tokens,
            token_df: &token_df,
            doc_terms: &st.doc_terms,
            include_partial: opts.include_partial,
        },
        &opts.focus,
        5,
        opts.min_count,
        &opts.scale,
    )?;
    lap("comparison", &mut timings);

    let name = opts.name.clone().unwrap_or_else(|| opts.focus.clone());
    let staging = crate::output::Staging::new(&opts.out, &name)?;

    // 5. charts
    let mut analysis = Analysis {
        corpus,
        segs,
        tokens: {
            drop(tokens);
            Vec::new()
        },
        token_df,
        rules,
        rules_sha256: crate::ingest::sha256_hex(rules_text.as_bytes()),
        labels,
        profiles,
        stats: st,
        clause_stats,
        comparison,
        charts: Vec::new(),
        timings: Vec::new(),
        userdict_sha256: tok.userdict_sha256.clone(),
        stopwords_sha256: tok.stopwords_sha256.clone(),
        user_words: tok.user_words,
        font,
    };
    let pb = stage_bar(opts.progress, 1, "charts");
    pb.set_message("11 PNGs");
    analysis.charts = report::draw_charts(&analysis, opts, &staging.dir.join("charts"))?;
    pb.finish_and_clear();
    lap("charts", &mut timings);

    // 6. report
    analysis.timings = timings.clone();
    report::write_report(&analysis, opts, &staging.dir)?;
    lap("report", &mut timings);
    analysis.timings = timings;
    report::write_provenance(&analysis, opts, &staging.dir)?;
    let dest = staging.commit()?;
    Ok((dest, analysis))
}

/// The corpus read, segmented, tokenized and counted — the input of the comparison commands.
pub struct PreparedData {
    /// Stage 1 output.
    pub corpus: Corpus,
    /// Stage 2 output.
    pub segs: Vec<Segmentation>,
    /// Stage 3 output.
    pub tokens: Vec<DocTokens>,
    /// Stage 3 output as a table.
    pub token_df: DataFrame,
    /// Stage 4 term tables (no focus).
    pub stats: Stats,
    /// Count partial texts in default selections.
    pub include_partial: bool,
}

impl PreparedData {
    /// Borrowed view for [`crate::compare`].
    pub fn view(&self) -> crate::compare::Prepared<'_> {
        crate::compare::Prepared {
            corpus: &self.corpus,
            segs: &self.segs,
            tokens: &self.tokens,
            token_df: &self.token_df,
            doc_terms: &self.stats.doc_terms,
            include_partial: self.include_partial,
        }
    }
}

/// Stages 1–4 without clauses, charts or report: what `keyness`, `kwic` … need.
pub fn prepare(
    corpus_dir: &std::path::Path,
    ingest_opts: &IngestOptions,
    userdict: &Resource,
    stopwords: &Resource,
    include_partial: bool,
) -> Result<PreparedData> {
    let corpus = ingest::load_corpus(corpus_dir, ingest_opts)?;
    if corpus.docs.is_empty() {
        bail!("no usable document in {} ({} input problem(s))", corpus_dir.display(), corpus.problems.len());
    }
    for p in &corpus.problems {
        eprintln!("jointstat: {p}");
    }
    let segs: Vec<Segmentation> = corpus.docs.par_iter().map(segment::segment).collect();
    let tok = Tokenizer::from_texts(
        &userdict.text(tokenize::DEFAULT_USERDICT)?,
        &stopwords.text(tokenize::DEFAULT_STOPWORDS)?,
    )?;
    let tokens = tokenize::tokenize_corpus(&tok, &corpus.docs, &segs);
    let token_df = stats::token_frame(&tokens)?;
    let stats = stats::compute(
        &corpus,
        &segs,
        &token_df,
        &StatsOptions { focus: String::new(), include_partial, min_count: 3 },
    )?;
    Ok(PreparedData { corpus, segs, tokens, token_df, stats, include_partial })
}

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

/// The scalable core of the pipeline: documents are read, cut and tokenized chunk by chunk in
/// parallel and only their term counts are kept, so memory grows with the number of distinct
/// (document, term) pairs, not with the text. Then, in polars: relative frequency per 10,000
/// word tokens, document frequency, TF-IDF (count × log10(N/df)) — over all documents read.
/// Writes `doc_terms` (doc_id, term, count, per_10k, tfidf) and `corpus_terms` (term, count,
/// doc_freq, idf), sorted.
pub fn terms(opts: &TermsOptions) -> Result<TermsSummary> {
    crate::termcore::run(opts)
}
