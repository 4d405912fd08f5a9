//! The whole pipeline, stage by stage: ingest → segment → tokenize → statistics → charts →
//! report. Each stage takes the previous stage's output and nothing else; [`run`] times each.

use crate::analysis::ResourceInfo;
use crate::bail_usage;
use crate::charts;
use crate::clauses::{self, ClauseRules, OneChinaProfile, SentenceLabel};
use crate::error::{Error, Result};
use crate::ingest::{self, Corpus, IngestOptions};
use crate::problems::Severity;
use crate::report;
use crate::segment::{self, Segmentation};
use crate::stats::{self, Stats, StatsOptions};
use crate::tokenize::{self, DocTokens, Tokenizer};
use polars::prelude::{col, lit, DataFrame, IntoLazy, IntoSeries};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

pub use crate::resource::Resource;
pub use crate::termcore::{TermsOptions, TermsSummary};

/// Options of `jointstat analyze`.
#[derive(Debug, Clone)]
pub struct AnalyzeOptions {
    /// Corpus folder.
    pub corpus: PathBuf,
    /// Folder that receives `NAME/`.
    pub out: PathBuf,
    /// Report name (default: the focus id, or `corpus` without a focus).
    pub name: Option<String>,
    /// Which statement to compare with the rest.
    pub focus: FocusRequest,
    /// User dictionary.
    pub userdict: Resource,
    /// Stopword list.
    pub stopwords: Resource,
    /// Clause rules (TOML).
    pub rules: Resource,
    /// CJK font for the charts.
    pub font: Option<PathBuf>,
    /// Chart file formats (PNG is always written; SVG in addition when listed).
    pub chart_formats: Vec<crate::charts::ChartFormat>,
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

pub use crate::analysis::{Analysis, Timing};

/// The focus statement `analyze` compares with the rest of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FocusRequest {
    /// This id (`--focus ID`); an error when the corpus does not hold it.
    Id(String),
    /// This id when the corpus holds it, else no focus (the default focus of the reference
    /// corpus, so that `analyze` on any other folder writes a corpus-level report).
    IfPresent(String),
    /// No focus: a corpus-level report.
    None,
}

impl FocusRequest {
    /// The focus id this request resolves to in `corpus`; an error for an absent `Id`.
    pub fn resolve(&self, corpus: &Corpus) -> Result<Option<crate::analysis::Focus>> {
        let find = |id: &str| {
            corpus
                .docs
                .iter()
                .position(|d| d.id == id)
                .map(|index| crate::analysis::Focus { index, id: id.to_string() })
        };
        match self {
            FocusRequest::Id(id) => match find(id) {
                Some(f) => Ok(Some(f)),
                None => {
                    let ids: Vec<&str> = corpus.docs.iter().map(|d| d.id.as_str()).take(8).collect();
                    bail_usage!(
                        "focus statement `{id}` is not in the corpus (ids look like: {} …); use --focus ID",
                        ids.join(", ")
                    )
                }
            },
            FocusRequest::IfPresent(id) => Ok(find(id)),
            FocusRequest::None => Ok(None),
        }
    }
}

impl AnalyzeOptions {
    /// The report's share of these options.
    pub fn report_options(&self) -> report::ReportOptions {
        report::ReportOptions {
            top_n: self.top_n,
            heat_terms: self.heat_terms,
            scale: self.scale,
            chart_formats: self.chart_formats.clone(),
        }
    }
}

pub use crate::error::StrictError;

/// The resources every command that tokenizes reads, built once: the tokenizer (jieba with
/// the user dictionary, the stopword list), the clause rules, and where each came from with
/// its sha256.
pub struct Resources {
    /// jieba with the user dictionary and the stopwords.
    pub tokenizer: Tokenizer,
    /// The clause rules.
    pub rules: ClauseRules,
    /// The user dictionary's origin and hash.
    pub userdict: ResourceInfo,
    /// The stopword list's origin and hash.
    pub stopwords: ResourceInfo,
    /// The clause rules' origin and hash.
    pub rules_info: ResourceInfo,
    /// The One-China element rules (built in: `corpus/one_china_elements.toml`).
    pub element_rules: clauses::onechina::ElementRules,
    /// The element rules' origin and hash.
    pub element_rules_info: ResourceInfo,
}

impl Resources {
    /// Read and parse the user dictionary, stopword list and clause rules (the built-in copies
    /// from `corpus/` where no file is given).
    pub fn load(userdict: &Resource, stopwords: &Resource, rules: &Resource) -> Result<Resources> {
        let ud = userdict.text(tokenize::DEFAULT_USERDICT)?;
        let sw = stopwords.text(tokenize::DEFAULT_STOPWORDS)?;
        let tokenizer = Tokenizer::from_texts(&ud, &sw)
            .map_err(|e| Error::Config { file: userdict.describe("corpus/userdict.txt"), problem: e.to_string() })?;
        let rules_text = rules.text(clauses::DEFAULT_RULES)?;
        let rules_source = rules.describe("corpus/clause_rules.toml");
        let parsed = ClauseRules::parse(&rules_text, &rules_source)?;
        let element_source = "corpus/one_china_elements.toml (built in)".to_string();
        let element_rules =
            clauses::onechina::ElementRules::parse(clauses::onechina::DEFAULT_ELEMENT_RULES, &element_source)?;
        Ok(Resources {
            userdict: ResourceInfo {
                source: userdict.describe("corpus/userdict.txt"),
                sha256: tokenizer.userdict_sha256.clone(),
            },
            stopwords: ResourceInfo {
                source: stopwords.describe("corpus/stopwords.txt"),
                sha256: tokenizer.stopwords_sha256.clone(),
            },
            rules_info: ResourceInfo { source: rules_source, sha256: ingest::sha256_hex(rules_text.as_bytes()) },
            tokenizer,
            rules: parsed,
            element_rules,
            element_rules_info: ResourceInfo {
                source: element_source,
                sha256: ingest::sha256_hex(clauses::onechina::DEFAULT_ELEMENT_RULES.as_bytes()),
            },
        })
    }
}

/// What to read: the corpus folder, how, and which documents form the analysis set.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// Corpus folder.
    pub corpus: PathBuf,
    /// File size limit and path confinement.
    pub ingest: IngestOptions,
    /// Pool partial texts with the complete statements (see [`stats::in_analysis`]).
    pub include_partial: bool,
}

/// The corpus read, segmented, tokenized and counted — stages 1–4 without clauses, charts or
/// report: the input of `analyze` and of every comparison command. Input problems are in
/// `corpus.problems`; the library never prints them.
pub struct PreparedData {
    /// Stage 1 output.
    pub corpus: Corpus,
    /// Stage 2 output.
    pub segs: Vec<Segmentation>,
    /// Stage 3 output.
    pub tokens: Vec<DocTokens>,
    /// Stage 3 output as a table.
    pub token_df: DataFrame,
    /// Stage 4 term tables.
    pub stats: Stats,
    /// Count partial texts in default selections.
    pub include_partial: bool,
    /// Wall time of ingest, segment and tokenize.
    pub timings: Vec<Timing>,
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

/// Stages 1–4: read the corpus; run `check` on it before any expensive work (it fails, e.g.
/// under `--strict`, or names the focus statement, if any); segment; tokenize (a progress bar
/// on a terminal when `progress`); compute the term statistics (the focus and `min_count` shape
/// `stats.focus_terms`, empty without a focus). Fails when no document could be read.
pub fn prepare(
    inputs: &Inputs,
    res: &Resources,
    progress: bool,
    min_count: u32,
    check: impl FnOnce(&Corpus) -> Result<Option<String>>,
) -> Result<PreparedData> {
    prepare_with(inputs, res, progress, min_count, check, true, |_, _, _| ()).map(|(data, ())| data)
}

/// [`prepare`]; without `token_table`, `token_df` is left empty (with its columns): `analyze`
/// writes the token table block by block from the compact tokens and builds the frame only for
/// the comparison stage, so that the whole table is never held alongside the statistics.
/// `alongside` runs on the corpus, its segmentation and tokens while the term statistics are
/// computed on a thread of their own (`analyze` classifies the clauses there); its result is
/// returned with the data.
fn prepare_with<T: Send>(
    inputs: &Inputs,
    res: &Resources,
    progress: bool,
    min_count: u32,
    check: impl FnOnce(&Corpus) -> Result<Option<String>>,
    token_table: bool,
    alongside: impl FnOnce(&Corpus, &[Segmentation], &[DocTokens]) -> T,
) -> Result<(PreparedData, T)> {
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<Timing>| {
        timings.push(Timing { stage: name, seconds: clock.elapsed().as_secs_f64() });
        clock = Instant::now();
    };
    let pb = crate::output::progress_bar(progress, 1, "ingest");
    let corpus = ingest::load_corpus(&inputs.corpus, &inputs.ingest)?;
    pb.finish_and_clear();
    if corpus.docs.is_empty() {
        bail_usage!("no usable document in {} ({} input problem(s))", inputs.corpus.display(), corpus.problems.len());
    }
    let focus = check(&corpus)?;
    lap("ingest", &mut timings);

    let segs: Vec<Segmentation> = corpus.docs.par_iter().map(segment::segment).collect();
    lap("segment", &mut timings);

    let pb = crate::output::progress_bar(progress, corpus.docs.len() as u64, "tokenize");
    let tokens: Vec<DocTokens> = tokenize::tokenize_corpus_with(&res.tokenizer, &corpus.docs, &segs, || pb.inc(1));
    pb.finish_and_clear();
    let token_df = if token_table { stats::token_frame(&tokens)? } else { stats::token_frame(&[])? };
    lap("tokenize", &mut timings);
    let sopts = StatsOptions { focus: focus.unwrap_or_default(), include_partial: inputs.include_partial, min_count };
    let (stats, beside) = std::thread::scope(|sc| {
        let stats = sc.spawn(|| stats::compute(&corpus, &segs, &tokens, &sopts));
        let beside = alongside(&corpus, &segs, &tokens);
        match stats.join() {
            Ok(r) => (r, beside),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    let stats = stats?;
    let data = PreparedData { corpus, segs, tokens, token_df, stats, include_partial: inputs.include_partial, timings };
    Ok((data, beside))
}

/// Run the whole pipeline and write the report; returns the report folder.
pub fn run(opts: &AnalyzeOptions) -> Result<(PathBuf, Analysis)> {
    // resolve the font first: a missing font should fail before minutes of work
    let font = charts::find_font(opts.font.as_deref())?;
    charts::register_font(&font)?;
    let res = Resources::load(&opts.userdict, &opts.stopwords, &opts.rules)?;
    let inputs =
        Inputs { corpus: opts.corpus.clone(), ingest: opts.ingest.clone(), include_partial: opts.include_partial };

    // 1.–3. ingest, segment, tokenize; 4. term statistics
    let t_prepare = Instant::now();
    let mut focus = None;
    let check = |corpus: &Corpus| -> Result<Option<String>> {
        focus = opts.focus.resolve(corpus)?;
        let errors = corpus.problems.iter().filter(|p| p.severity == Severity::Error).count();
        if opts.strict && errors > 0 {
            return Err(StrictError { errors, problems: corpus.problems.clone() }.into());
        }
        Ok(focus.as_ref().map(|f| f.id.clone()))
    };
    // 3b. clauses: actors, speech acts, topics, One-China profile — classified while the term
    // statistics are computed (their serial parts leave a core free); timed on their own as
    // `clauses` (so the stage times add up to more than the wall time by the overlap)
    let classify = |corpus: &Corpus, segs: &[Segmentation], tokens: &[DocTokens]| {
        let t = Instant::now();
        let rules = &res.rules;
        let labels: Vec<Vec<SentenceLabel>> = corpus
            .docs
            .par_iter()
            .zip(segs.par_iter())
            .zip(tokens.par_iter())
            .map(|((d, s), t)| clauses::classify_doc(rules, d, s, t))
            .collect();
        let profiles: Vec<OneChinaProfile> = corpus
            .docs
            .par_iter()
            .zip(segs.par_iter())
            .zip(labels.par_iter())
            .map(|((d, s), l)| clauses::one_china(rules, d, s, l))
            .collect();
        let element_rules = &res.element_rules;
        let elements: Vec<Vec<clauses::onechina::ElementFinding>> = corpus
            .docs
            .par_iter()
            .zip(segs.par_iter())
            .zip(labels.par_iter())
            .map(|((d, s), l)| clauses::onechina::elements(element_rules, rules, d, s, l))
            .collect();
        (labels, profiles, elements, t.elapsed().as_secs_f64())
    };
    let (data, (labels, profiles, elements, clause_seconds)) =
        prepare_with(&inputs, &res, opts.progress, opts.min_count, check, false, classify)?;
    let rules = &res.rules;
    let focus_id = focus.as_ref().map(|f| f.id.as_str());
    let mut timings = data.timings.clone();
    let stats_seconds = t_prepare.elapsed().as_secs_f64() - timings.iter().map(|t| t.seconds).sum::<f64>();
    timings.push(Timing { stage: "clauses", seconds: clause_seconds });
    let mut clock = Instant::now();
    // a stage timed in several pieces (the tables written ahead count as `report`) adds up
    let mut lap = |name: &'static str, timings: &mut Vec<Timing>| {
        let seconds = clock.elapsed().as_secs_f64();
        match timings.iter_mut().find(|t| t.stage == name) {
            Some(t) => t.seconds += seconds,
            None => timings.push(Timing { stage: name, seconds }),
        }
        clock = Instant::now();
    };
    let PreparedData { corpus, segs, mut tokens, token_df: token_columns, stats: mut st, .. } = data;
    timings.push(Timing { stage: "statistics", seconds: stats_seconds });

    // the report is written into a staging folder; the largest tables go there as soon as no
    // later stage needs their rows (`report::write_ahead`), so that they are never all held
    let name = opts.name.clone().or_else(|| focus_id.map(str::to_string)).unwrap_or_else(|| "corpus".to_string());
    let staging = crate::output::Staging::new(&opts.out, &name)?;
    let tables_dir = staging.dir.join("tables");
    let mut written_ahead: Vec<&'static str> = Vec::new();

    // 4b. the focus compared with the rest (keyness and trends on the compact tokens); similarity
    let comparison = crate::compare::focus_comparison(
        &crate::compare::Prepared {
            corpus: &corpus,
            segs: &segs,
            tokens: &tokens,
            token_df: &token_columns,
            doc_terms: &st.doc_terms,
            include_partial: opts.include_partial,
        },
        focus_id,
        5,
        opts.min_count,
        &opts.scale,
    )?;
    crate::output::release_free_memory();
    lap("comparison", &mut timings);
    // doc_terms: written; only the rows of the heatmap's terms are kept (the corpus's
    // `heat_terms` most frequent terms, see `report::figures`)
    let doc_terms = std::mem::take(&mut st.doc_terms);
    let top = st.corpus_terms.column("term")?.str()?.head(Some(opts.heat_terms)).into_series();
    let heat_rows = doc_terms.clone().lazy().filter(col("term").is_in(lit(top).implode(false), false)).collect()?;
    st.doc_terms = report::write_ahead(doc_terms, &tables_dir, "doc_terms")?;
    if st.doc_terms.width() > 0 {
        st.doc_terms = heat_rows;
        written_ahead.push("doc_terms");
    }
    lap("report", &mut timings);

    // 4. clause statistics (the term tables were computed by `prepare`), while the token table
    // is written from the compact tokens on a thread of its own (no later stage reads the
    // tokens; the table's bytes do not depend on the timing). The stage's time is counted as
    // `statistics`.
    let analysis_set = stats::analysis_set(&corpus, opts.include_partial);
    let analysis_ids: Vec<String> = analysis_set.iter().map(|&i| corpus.docs[i].id.clone()).collect();
    let (token_table, clause_stats) = std::thread::scope(|sc| {
        let writer = sc.spawn(|| stats::write_token_table(&tokens, &tables_dir, "tokens"));
        let clause_stats = stats::clauses::compute(
            &corpus,
            &segs,
            &labels,
            (&profiles, &elements),
            rules,
            &analysis_ids,
            focus_id.unwrap_or(""),
        );
        (writer.join(), clause_stats)
    });
    match token_table {
        Ok(r) => r?,
        Err(panic) => std::panic::resume_unwind(panic),
    }
    let mut clause_stats = clause_stats?;
    written_ahead.push("tokens");
    tokens = Vec::new();
    drop(elements);
    crate::output::release_free_memory();
    lap("statistics", &mut timings);
    // relationship designations, and how far the clause labels agree with the gold standard;
    // the clause table is written and the designations are found on threads of their own
    // while the validation and the reuse search run (independent work: no output depends on
    // the timing); the time spent waiting for them is counted in `reuse`
    let des_source = "corpus/designations.toml (built in)";
    let des_rules = crate::clauses::designations::DesignationRules::parse(
        crate::clauses::designations::DEFAULT_DESIGNATION_RULES,
        des_source,
    )?;
    let designation_rules = ResourceInfo {
        source: des_source.into(),
        sha256: crate::ingest::sha256_hex(crate::clauses::designations::DEFAULT_DESIGNATION_RULES.as_bytes()),
    };
    let clauses_table = std::mem::take(&mut clause_stats.clauses);
    let (clauses_columns, designations, validation, reuse) = std::thread::scope(|sc| -> Result<_> {
        let clauses_writer = sc.spawn(|| report::write_ahead(clauses_table, &tables_dir, "clauses"));
        let designations = sc.spawn(|| stats::designations::frame(&des_rules, &corpus, &segs, &analysis_set, false));
        let validation = (|| -> Result<_> {
            use crate::clauses::validate;
            let gold = validate::read_gold(validate::DEFAULT_GOLD, "corpus/gold/clauses_gold.tsv")?;
            let m = validate::match_labels(&corpus, &segs, &labels, &gold);
            if m.skipped.is_empty() && !m.items.is_empty() {
                let folds = validate::read_folds(validate::DEFAULT_FOLDS, "corpus/gold/folds.tsv")?;
                Ok(Some(validate::summary_markdown(&m, &folds)))
            } else {
                Ok(None)
            }
        })();
        lap("validation", &mut timings);
        let reuse = {
            // the segmentation this run already has (the reuse stage does not segment again)
            let docs: Vec<(&crate::ingest::Document, &Segmentation)> =
                analysis_set.iter().map(|&i| (&corpus.docs[i], &segs[i])).collect();
            crate::reuse::analyze_segmented(&docs, &crate::reuse::ReuseOptions::default())
        };
        let join = |h: std::thread::ScopedJoinHandle<'_, Result<DataFrame>>| match h.join() {
            Ok(r) => r,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        let (clauses_columns, designations) = (join(clauses_writer), join(designations));
        Ok((clauses_columns?, designations?, validation?, reuse))
    })?;
    clause_stats.clauses = clauses_columns;
    written_ahead.push("clauses");
    let validation_recorded = match validation {
        Some(_) => None,
        None => {
            crate::clauses::validate::builtin_heldout(&res.rules_info.sha256, &res.userdict.sha256).map(str::to_string)
        }
    };
    let validation_external =
        crate::clauses::validate::builtin_external(&res.rules_info.sha256, &res.userdict.sha256).map(str::to_string);
    crate::output::release_free_memory();
    lap("reuse", &mut timings);

    // 5. charts
    let mut analysis = Analysis {
        focus: focus.clone(),
        corpus,
        segs,
        tokens,
        token_df: token_columns,
        rules: res.rules.clone(),
        labels,
        profiles,
        stats: st,
        clause_stats,
        comparison,
        designations,
        validation,
        validation_recorded,
        validation_external,
        reuse,
        written_ahead,
        charts: Vec::new(),
        run: crate::analysis::RunInfo {
            corpus_dir: opts.corpus.clone(),
            name,
            command_line: opts.command_line.clone(),
            include_partial: opts.include_partial,
            ingest: opts.ingest.clone(),
            strict: opts.strict,
            font,
            userdict: res.userdict.clone(),
            user_words: res.tokenizer.user_words,
            stopwords: res.stopwords.clone(),
            rules: res.rules_info.clone(),
            designation_rules,
            element_rules: res.element_rules_info.clone(),
            clause_model: ResourceInfo {
                source: "corpus/clause_model.tsv (built in)".to_string(),
                sha256: ingest::sha256_hex(clauses::learned::DEFAULT_MODEL.as_bytes()),
            },
            timings: Vec::new(),
        },
    };
    let ropts = opts.report_options();
    let pb = crate::output::progress_bar(opts.progress, 1, "charts");
    pb.set_message("charts");
    analysis.charts = report::draw_charts(&analysis, &ropts, &staging.dir.join("charts"))?;
    pb.finish_and_clear();
    lap("charts", &mut timings);

    // 6. report
    analysis.run.timings = timings.clone();
    report::write_report(&analysis, &ropts, &staging.dir)?;
    lap("report", &mut timings);
    analysis.run.timings = timings;
    report::write_provenance(&analysis, &ropts, &staging.dir)?;
    let dest = staging.commit()?;
    Ok((dest, analysis))
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
