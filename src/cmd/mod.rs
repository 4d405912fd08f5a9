//! The subcommands of the `jointstat` binary, one file each (clap arguments and a short `run`),
//! with the argument groups and helpers they share. Adding a subcommand: a file here, one
//! variant of [`Cmd`] and one arm of [`Cmd::run`].

pub mod analyze;
pub mod clauses;
pub mod collocates;
pub mod designations;
pub mod diff;
pub mod dispersion;
pub mod ingest;
pub mod keyness;
pub mod kwic;
pub mod ngrams;
pub mod reuse;
pub mod similar;
pub mod terms;
pub mod tokenize;
pub mod trend;
pub mod validate;

pub use anyhow::{bail, Result};
pub use clap::{Args, Subcommand};
pub use jointstat::clauses::ClauseRules;
pub use jointstat::compare::select::Filter;
pub use jointstat::compare::similarity;
pub use jointstat::ingest::IngestOptions;
pub use jointstat::output;
pub use jointstat::pipeline::{self, AnalyzeOptions, Resource};
pub use jointstat::segment;
pub use jointstat::tokenize::Tokenizer;
pub use std::path::PathBuf;

#[derive(Args, Debug, Clone)]
pub struct CorpusArgs {
    /// Corpus folder: manifest.csv plus the files it lists, or a plain folder of .txt/.html files.
    #[arg(long, env = "JOINTSTAT_CORPUS", default_value = "../shared/corpus")]
    pub corpus: PathBuf,
    /// Refuse files larger than this many megabytes.
    #[arg(long, default_value_t = 64)]
    pub max_file_mb: u64,
    /// Read manifest files whose real path (symlinks followed) lies outside the corpus folder.
    /// By default they are skipped with the input problem `outside_corpus`.
    #[arg(long)]
    pub allow_outside_corpus: bool,
}

impl CorpusArgs {
    /// The ingest options these flags ask for.
    pub fn ingest(&self) -> IngestOptions {
        IngestOptions::from_mb(self.max_file_mb, self.allow_outside_corpus)
    }
}

#[derive(Args, Debug, Clone)]
pub struct TokenArgs {
    /// jieba user dictionary (`word [freq] [tag]` per line). Default: corpus/userdict.txt, built in.
    #[arg(long)]
    pub userdict: Option<PathBuf>,
    /// Stopword list (one per line). Default: corpus/stopwords.txt, built in.
    #[arg(long)]
    pub stopwords: Option<PathBuf>,
    /// Clause rules (TOML: actors, speech acts, topics, One-China). Default: corpus/clause_rules.toml, built in.
    #[arg(long)]
    pub rules: Option<PathBuf>,
}

#[derive(Args, Debug, Clone)]
pub struct CompareArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub tokens: TokenArgs,
    /// Restrict the statements used, e.g. `partner=哈萨克斯坦`, `region=Central Asia|South Asia`,
    /// `decade>=1990s`, `year<2000 & doc_type=communique` (columns of tables/documents + decade).
    #[arg(long = "where")]
    pub filter: Option<String>,
    /// Include partial (abridged) texts in the default selection.
    #[arg(long)]
    pub include_partial: bool,
    /// Export the full table (`.csv` or `.parquet`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Rows shown on the terminal.
    #[arg(long, default_value_t = 30)]
    pub limit: usize,
}

/// The subcommands: one file each in `src/cmd/`.
#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Run the whole pipeline and write reports/NAME/ (report.md, charts/, tables/, provenance.json).
    ///
    /// Example: jointstat analyze --corpus ../shared/corpus --out reports --focus 2003-06-03_KZ
    Analyze(self::analyze::AnalyzeArgs),
    /// Score the clause labels against the hand-made gold standard (corpus/gold/, built in):
    /// agreement, Cohen's κ, per-label precision/recall/F1 with bootstrap 95% intervals, on the
    /// statements the rules were not developed on and on all; and the inter-coder agreement.
    ///
    /// Example: jointstat validate --out validation.md
    Validate(self::validate::ValidateArgs),
    /// List the corpus as read (id, date, partner, type, tokens cut) and every input problem;
    /// with --show ID, print one document's lead, title, body, signature and trailer.
    ///
    /// Example: jointstat ingest --show 2003-06-03_KZ
    Ingest(self::ingest::IngestArgs),
    /// Print a document's sentences with their clause labels: article, actor, main speech act
    /// (`!` = negated), topics; then its One-China profile. Colour on a terminal, plain when piped.
    ///
    /// Example: jointstat clauses 2003-06-03_KZ
    Clauses(self::clauses::ClausesArgs),
    /// Keyness of a target (a statement or a group) against a reference: G² with and without
    /// Williams' correction, chi² with and without Yates, p-values, Bonferroni, log ratio, %DIFF.
    ///
    /// Examples: jointstat keyness --target 2003-06-03_KZ
    ///           jointstat keyness --target "region=Central Asia" --reference "region=Europe"
    ///           jointstat keyness --target "decade=2000s" --bonferroni --out key.csv
    Keyness(self::keyness::KeynessArgs),
    /// Similarity between statements: cosine on relative frequencies and on TF-IDF, Jaccard on
    /// term sets. With an id, its nearest statements (every other statement, ranked); without,
    /// every pair — or, above --all-pairs-max statements, each statement's --top-k nearest
    /// neighbours by cosine on TF-IDF. Partial texts are scored against the analysis set's IDF.
    ///
    /// Examples: jointstat similar 2003-06-03_KZ
    ///           jointstat similar --out similarity.csv
    ///           jointstat similar --corpus /data/archive --top-k 10 --out neighbours.parquet
    Similar(self::similar::SimilarArgs),
    /// Concordance (KWIC) of a string or regular expression over the statements' text, with
    /// token context, statement, date, partner and article.
    ///
    /// Examples: jointstat kwic 上海合作组织
    ///           jointstat kwic '一个中国(原则|政策)' --regex --sort right --width 8
    ///           jointstat kwic 反对 --token --where "decade=1990s" --out kwic.csv
    Kwic(self::kwic::KwicArgs),
    /// N-grams (runs of 2–4 word tokens inside a sentence, not across punctuation) with
    /// frequency and document frequency.
    ///
    /// Example: jointstat ngrams --min-n 3 --max-n 4 --min-count 5
    Ngrams(self::ngrams::NgramsArgs),
    /// Collocates of a node token within a window (same sentence): MI, MI3, t-score, z-score,
    /// logDice, G² and its p-value. Each collocate token counts at most once for the node, even
    /// where node windows overlap; the node is never its own collocate.
    ///
    /// Example: jointstat collocates 合作 --left 3 --right 3 --min-count 3 --min-freq 5
    Collocates(self::collocates::CollocatesArgs),
    /// Dispersion of a token across statements: positions, Gries' DP (and normalised), Juilland's D.
    /// With --out FILE.csv, the positions go to FILE.csv and the measures (one row: count,
    /// statements, DP, DP_norm, Juilland's D) to FILE.dispersion.csv (same for .parquet).
    ///
    /// Example: jointstat dispersion 恐怖主义 --out positions.csv   (also writes positions.dispersion.csv)
    Dispersion(self::dispersion::DispersionArgs),
    /// Relative frequency of tokens by period (year, decade or any metadata column), with the
    /// number of statements per period so thin periods are visible.
    ///
    /// Examples: jointstat trend 伙伴关系 战略 恐怖主义 多极化 一个中国 --by decade
    ///           jointstat trend 合作 --by region
    Trend(self::trend::TrendArgs),
    /// Relationship designations: the partnership (伙伴关系 …) each statement establishes, upgrades
    /// or develops, with verb, ordinal level and evidence sentence (rules: corpus/designations.toml).
    /// With --mentions, every mention (including references to earlier acts and third parties').
    ///
    /// Examples: jointstat designations --where "partner=俄罗斯"
    ///           jointstat designations --mentions --out designations.csv
    Designations(self::designations::DesignationsArgs),
    /// The scalable core of the pipeline for large corpora (and `just bench`): ingest, cut,
    /// tokenize (jieba cut), per-document term counts, relative frequency, document frequency and
    /// TF-IDF over all documents, written as doc_terms and corpus_terms (Parquet; CSV with
    /// --csv). Memory grows with the number of distinct (document, term) pairs, not the text.
    ///
    /// Example: jointstat terms --corpus /tmp/corpus_1g --out /tmp/terms
    Terms(self::terms::TermsArgs),
    /// Print a document's body segmented into tokens (`token/POS`, stopwords in brackets),
    /// one article per line.
    ///
    /// Example: jointstat tokenize 2003-06-03_KZ
    Tokenize(self::tokenize::TokenizeArgs),
    /// Text reuse: every sentence's closest earlier sentence (MinHash/LSH candidates, then
    /// normalised Levenshtein), classified verbatim / near / new / short; reuse per statement;
    /// formulae and their lineage. Writes sentence_reuse, statement_reuse, formula_lineage.
    ///
    /// Example: jointstat reuse --out reports/reuse --focus 2003-06-03_KZ
    Reuse(self::reuse::ReuseArgs),
    /// Align two statements article by article and sentence by sentence: unchanged, reworded
    /// (character diff), inserted, deleted. Colour on a terminal; --format md|html for tables.
    ///
    /// Example: jointstat diff 1999-11-23_KZ_b 2003-06-03_KZ --format html --out diff.html
    Diff(self::diff::DiffArgs),
}

impl Cmd {
    /// Run the subcommand.
    pub fn run(self) -> Result<()> {
        match self {
            Cmd::Analyze(args) => analyze::run(args),
            Cmd::Validate(args) => validate::run(args),
            Cmd::Ingest(args) => self::ingest::run(args),
            Cmd::Clauses(args) => self::clauses::run(args),
            Cmd::Keyness(args) => self::keyness::run(args),
            Cmd::Similar(args) => similar::run(args),
            Cmd::Kwic(args) => self::kwic::run(args),
            Cmd::Ngrams(args) => self::ngrams::run(args),
            Cmd::Collocates(args) => collocates::run(args),
            Cmd::Dispersion(args) => self::dispersion::run(args),
            Cmd::Trend(args) => trend::run(args),
            Cmd::Designations(args) => designations::run(args),
            Cmd::Terms(args) => terms::run(args),
            Cmd::Tokenize(args) => self::tokenize::run(args),
            Cmd::Reuse(args) => self::reuse::run(args),
            Cmd::Diff(args) => self::diff::run(args),
        }
    }
}

/// The focus of `analyze` when no --focus is given and the corpus holds it (the reference
/// corpus's seed statement).
pub const DEFAULT_FOCUS: &str = "2003-06-03_KZ";

pub fn resource(p: Option<PathBuf>) -> Resource {
    p.map_or(Resource::Builtin, Resource::File)
}

impl TokenArgs {
    /// The tokenizer these flags ask for (built-in user dictionary and stopwords by default).
    pub fn tokenizer(&self) -> Result<Tokenizer> {
        let ud = resource(self.userdict.clone()).text(jointstat::tokenize::DEFAULT_USERDICT)?;
        let sw = resource(self.stopwords.clone()).text(jointstat::tokenize::DEFAULT_STOPWORDS)?;
        Ok(Tokenizer::from_texts(&ud, &sw)?)
    }

    /// The clause rules these flags ask for (built-in corpus/clause_rules.toml by default).
    pub fn clause_rules(&self) -> Result<ClauseRules> {
        let r = resource(self.rules.clone());
        Ok(ClauseRules::parse(&r.text(jointstat::clauses::DEFAULT_RULES)?, &r.describe("corpus/clause_rules.toml"))?)
    }
}

/// Load the corpus, check that `id` is in it, and build the tokenizer (for single-document commands).
pub fn one_doc(corpus: &CorpusArgs, tokens: &TokenArgs, id: &str) -> Result<(jointstat::ingest::Corpus, Tokenizer)> {
    let c = jointstat::ingest::load_corpus(&corpus.corpus, &corpus.ingest())?;
    if c.get(id).is_none() {
        bail!("no document `{id}` in {}", corpus.corpus.display());
    }
    Ok((c, tokens.tokenizer()?))
}

/// Prepare the corpus for a comparison command (its input problems go to stderr).
pub fn prepare(c: &CompareArgs) -> Result<pipeline::PreparedData> {
    let res = pipeline::Resources::load(
        &resource(c.tokens.userdict.clone()),
        &resource(c.tokens.stopwords.clone()),
        &resource(c.tokens.rules.clone()),
    )?;
    let inputs = pipeline::Inputs {
        corpus: c.corpus.corpus.clone(),
        ingest: c.corpus.ingest(),
        include_partial: c.include_partial,
    };
    let data = pipeline::prepare(&inputs, &res, false, 3, |_| Ok(None))?;
    for p in &data.corpus.problems {
        eprintln!("jointstat: {p}");
    }
    Ok(data)
}

/// Print a table (at most `limit` rows) and export it when asked.
pub fn show(df: &polars::prelude::DataFrame, c: &CompareArgs, what: &str) -> Result<()> {
    println!(
        "{what}: {} rows{}",
        df.height(),
        if df.height() > c.limit { format!(" (first {} shown)", c.limit) } else { String::new() }
    );
    for line in jointstat::report::md_table_all(df, c.limit)?.lines() {
        println!("{line}");
    }
    if let Some(p) = &c.out {
        output::export(df, p)?;
        eprintln!("written: {}", p.display());
    }
    Ok(())
}

pub fn parse_filter(s: &Option<String>) -> Result<Option<Filter>> {
    Ok(s.as_deref().map(Filter::parse).transpose()?)
}
