//! The result of `jointstat analyze`: every stage's output, the resolved focus and the facts of
//! the run — the report's only input.
//!
//! [`crate::pipeline`] builds an [`Analysis`]; [`crate::report`] reads it (with its own
//! `ReportOptions`) and imports nothing from `pipeline` or the binary. This module depends only
//! on the stages below it (ingest, segment, tokenize, clauses, stats, compare).

use crate::clauses::{ClauseRules, OneChinaProfile, SentenceLabel};
use crate::compare::FocusComparison;
use crate::ingest::{Corpus, Document, IngestOptions};
use crate::segment::Segmentation;
use crate::stats::clauses::ClauseStats;
use crate::stats::Stats;
use crate::tokenize::DocTokens;
use polars::prelude::DataFrame;
use std::path::PathBuf;

pub use crate::resource::Timing;

/// The focus statement, resolved against the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Focus {
    /// Its index in `corpus.docs`.
    pub index: usize,
    /// Its id.
    pub id: String,
}

/// A resource the run read (user dictionary, stopwords, clause rules): where it came from and
/// its sha256.
#[derive(Debug, Clone)]
pub struct ResourceInfo {
    /// Human-readable origin (a path, or `corpus/… (built in)`).
    pub source: String,
    /// sha256 of its text.
    pub sha256: String,
}

/// The facts of a run that are not results: inputs, resources, options that shaped the
/// analysis set, timings. Only `provenance.json` shows what differs from run to run.
#[derive(Debug, Clone)]
pub struct RunInfo {
    /// Corpus folder as given.
    pub corpus_dir: PathBuf,
    /// Report folder name (`--name`, else the focus id, else `corpus`).
    pub name: String,
    /// The command line.
    pub command_line: Vec<String>,
    /// Partial texts pooled with the complete statements (`--include-partial`).
    pub include_partial: bool,
    /// File size limit and path confinement used to read the corpus.
    pub ingest: IngestOptions,
    /// `--strict`.
    pub strict: bool,
    /// CJK font the charts were drawn with.
    pub font: PathBuf,
    /// The user dictionary.
    pub userdict: ResourceInfo,
    /// Entries of the user dictionary loaded.
    pub user_words: usize,
    /// The stopword list.
    pub stopwords: ResourceInfo,
    /// The clause rules.
    pub rules: ResourceInfo,
    /// The designation rules (built in).
    pub designation_rules: ResourceInfo,
    /// The One-China element rules (built in).
    pub element_rules: ResourceInfo,
    /// The learned clause model's weights (built in; see `clauses::learned`).
    pub clause_model: ResourceInfo,
    /// Per-stage timings.
    pub timings: Vec<Timing>,
}

/// Everything computed by a run, handed to the report.
pub struct Analysis {
    /// Stage 1 output.
    pub corpus: Corpus,
    /// Stage 2 output, one per document.
    pub segs: Vec<Segmentation>,
    /// Stage 3 output, compact (integer term ids, see [`crate::tokenize::StoredToken`]). Empty
    /// in the `Analysis` that `pipeline::run` returns: the token table is written from them block
    /// by block once the clause labels are done, and they are dropped (see
    /// [`Analysis::written_ahead`]); per-document token counts are in `stats.documents`.
    pub tokens: Vec<DocTokens>,
    /// The token table's columns: `analyze` leaves it without rows (the whole table would be
    /// the largest data at archive scale) and writes the table from `tokens`.
    pub token_df: DataFrame,
    /// Clause rules used.
    pub rules: ClauseRules,
    /// Clause labels, one list per document.
    pub labels: Vec<Vec<SentenceLabel>>,
    /// One-China profiles, one per document.
    pub profiles: Vec<OneChinaProfile>,
    /// Stage 4 output.
    pub stats: Stats,
    /// Stage 4 output for clauses.
    pub clause_stats: ClauseStats,
    /// Stage 4 output: the focus statement compared with the rest.
    pub comparison: FocusComparison,
    /// Stage 4 output: the partnership designation of each statement of the analysis set
    /// ([`crate::stats::designations::frame`], built-in `corpus/designations.toml`).
    pub designations: DataFrame,
    /// The clause labels' agreement with the built-in gold standard, as Markdown
    /// ([`crate::clauses::validate::summary_markdown`]), when every gold sentence is in this
    /// corpus (the reference corpus or a superset of it); `None` otherwise.
    pub validation: Option<String>,
    /// When `validation` is `None`: the held-out agreement recorded on the reference corpus for
    /// exactly these clause rules, user dictionary and model
    /// ([`crate::clauses::validate::builtin_heldout`]); `None` when they differ from the record.
    pub validation_recorded: Option<String>,
    /// The out-of-corpus agreement recorded for exactly these clause rules, user dictionary and
    /// model on hand-coded statements outside the reference corpus
    /// ([`crate::clauses::validate::builtin_external`]); `None` when none matches.
    pub validation_external: Option<String>,
    /// Text reuse over the analysis set: every sentence's closest earlier sentence
    /// ([`crate::reuse::analyze`], default thresholds).
    pub reuse: crate::reuse::ReuseResult,
    /// The focus statement (`None`: a corpus-level analysis).
    pub focus: Option<Focus>,
    /// Tables the pipeline already wrote into the report's `tables/` folder
    /// ([`crate::report::write_ahead`]); their frames here hold only their columns (`doc_terms`:
    /// only the rows of the terms the corpus heatmap draws), and `tokens` is empty once the token
    /// table is written.
    pub written_ahead: Vec<&'static str>,
    /// Charts written: (file name, caption).
    pub charts: Vec<(String, String)>,
    /// Inputs, resources and timings.
    pub run: RunInfo,
}

impl Analysis {
    /// The focus document, if there is a focus.
    pub fn focus_doc(&self) -> Option<&Document> {
        self.focus.as_ref().map(|f| &self.corpus.docs[f.index])
    }

    /// The focus statement's id, or `""` without a focus.
    pub fn focus_id(&self) -> &str {
        self.focus.as_ref().map_or("", |f| f.id.as_str())
    }

    /// Indices of the documents of the analysis set (see [`crate::stats::in_analysis`]).
    pub fn analysis_set(&self) -> Vec<usize> {
        crate::stats::analysis_set(&self.corpus, self.run.include_partial)
    }
}
