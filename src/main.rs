//! Command-line interface of jointstat (a thin layer over the library).

use anyhow::{bail, Result};
use clap::{Args, Parser, Subcommand};
use jointstat::clauses::{self, ClauseRules};
use jointstat::compare::select::Filter;
use jointstat::compare::{dispersion, keyness, kwic, ngrams, similarity};
use jointstat::ingest::{self, IngestOptions};
use jointstat::output;
use jointstat::pipeline::{self, AnalyzeOptions, Resource};
use jointstat::segment;
use jointstat::tokenize::{self, Tokenizer};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[path = "cmd/diff.rs"]
mod diff_cmd;
#[path = "cmd/reuse.rs"]
mod reuse_cmd;

/// Comparative corpus analytics for bilateral joint statements of the PRC.
///
/// Exit codes: 0 success; 1 usage error or failure (the message names the file and the
/// problem); 2 input problems of severity error under --strict.
#[derive(Parser, Debug)]
#[command(name = "jointstat", version, about, long_about = None, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Args, Debug, Clone)]
struct CorpusArgs {
    /// Corpus folder: manifest.csv plus the files it lists, or a plain folder of .txt/.html files.
    #[arg(long, env = "JOINTSTAT_CORPUS", default_value = "../shared/corpus")]
    corpus: PathBuf,
    /// Refuse files larger than this many megabytes.
    #[arg(long, default_value_t = 64)]
    max_file_mb: u64,
    /// Read manifest files whose real path (symlinks followed) lies outside the corpus folder.
    /// By default they are skipped with the input problem `outside_corpus`.
    #[arg(long)]
    allow_outside_corpus: bool,
}

impl CorpusArgs {
    /// The ingest options these flags ask for.
    fn ingest(&self) -> IngestOptions {
        IngestOptions::from_mb(self.max_file_mb, self.allow_outside_corpus)
    }
}

#[derive(Args, Debug, Clone)]
struct TokenArgs {
    /// jieba user dictionary (`word [freq] [tag]` per line). Default: corpus/userdict.txt, built in.
    #[arg(long)]
    userdict: Option<PathBuf>,
    /// Stopword list (one per line). Default: corpus/stopwords.txt, built in.
    #[arg(long)]
    stopwords: Option<PathBuf>,
    /// Clause rules (TOML: actors, speech acts, topics, One-China). Default: corpus/clause_rules.toml, built in.
    #[arg(long)]
    rules: Option<PathBuf>,
}

#[derive(Args, Debug, Clone)]
struct CompareArgs {
    #[command(flatten)]
    corpus: CorpusArgs,
    #[command(flatten)]
    tokens: TokenArgs,
    /// Restrict the statements used, e.g. `partner=哈萨克斯坦`, `region=Central Asia|South Asia`,
    /// `decade>=1990s`, `year<2000 & doc_type=communique` (columns of tables/documents + decade).
    #[arg(long = "where")]
    filter: Option<String>,
    /// Include partial (abridged) texts in the default selection.
    #[arg(long)]
    include_partial: bool,
    /// Export the full table (`.csv` or `.parquet`).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Rows shown on the terminal.
    #[arg(long, default_value_t = 30)]
    limit: usize,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Run the whole pipeline and write reports/NAME/ (report.md, charts/, tables/, provenance.json).
    ///
    /// Example: jointstat analyze --corpus ../shared/corpus --out reports --focus 2003-06-03_KZ
    Analyze {
        #[command(flatten)]
        corpus: CorpusArgs,
        #[command(flatten)]
        tokens: TokenArgs,
        /// Folder that receives the report folder.
        #[arg(long, default_value = "reports")]
        out: PathBuf,
        /// Name of the report folder (default: the focus id).
        #[arg(long)]
        name: Option<String>,
        /// Id of the focus statement.
        #[arg(long, default_value = "2003-06-03_KZ")]
        focus: String,
        /// CJK font for the charts (.ttf/.otf/.ttc). Also JOINTSTAT_FONT; else standard system paths.
        #[arg(long)]
        font: Option<PathBuf>,
        /// Pool partial (abridged) texts with the complete statements in corpus-level figures.
        #[arg(long)]
        include_partial: bool,
        /// Exit with code 2 when any document had to be skipped.
        #[arg(long)]
        strict: bool,
        /// Terms in the focus table and chart.
        #[arg(long, default_value_t = 20)]
        top: usize,
        /// Terms in the corpus heatmap.
        #[arg(long, default_value_t = 25)]
        heat_terms: usize,
        /// Minimum occurrences (focus + rest) for a term in tables/focus_terms and tables/keyness.
        #[arg(long, default_value_t = 3)]
        min_count: u32,
        /// Write every pair of statements to tables/similarity up to this many statements;
        /// above, only each statement's --top-k nearest neighbours (n² pairs are useless at
        /// archive scale).
        #[arg(long, default_value_t = 500)]
        all_pairs_max: usize,
        /// Nearest neighbours per statement (cosine on TF-IDF) when there are more than
        /// --all-pairs-max statements.
        #[arg(long, default_value_t = 20, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
        top_k: usize,
        /// Charts draw statements one by one (a column, bar or lane each) up to this many
        /// statements; above, they aggregate by partner, region or decade, or show the top ones.
        #[arg(long, default_value_t = 100)]
        chart_statements: usize,
        /// Print nothing but errors (no progress bars, no summary).
        #[arg(long, short)]
        quiet: bool,
        /// Print every input problem and per-stage timings.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Score the clause labels against the hand-made gold standard (corpus/gold/, built in):
    /// agreement, Cohen's κ, per-label precision/recall/F1 with bootstrap 95% intervals, on the
    /// statements the rules were not developed on and on all; and the inter-coder agreement.
    ///
    /// Example: jointstat validate --out validation.md
    Validate {
        #[command(flatten)]
        corpus: CorpusArgs,
        #[command(flatten)]
        tokens: TokenArgs,
        /// Gold labels (TSV; default: corpus/gold/clauses_gold.tsv, built in).
        #[arg(long)]
        gold: Option<PathBuf>,
        /// Second coder's labels for inter-coder agreement (default: corpus/gold/clauses_second_coder.tsv).
        #[arg(long)]
        second_coder: Option<PathBuf>,
        /// Also write the Markdown to this file.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// List the corpus as read (id, date, partner, type, tokens cut) and every input problem;
    /// with --show ID, print one document's lead, title, body, signature and trailer.
    ///
    /// Example: jointstat ingest --show 2003-06-03_KZ
    Ingest {
        #[command(flatten)]
        corpus: CorpusArgs,
        /// Print the cut parts of this document.
        #[arg(long)]
        show: Option<String>,
        /// Write every statement body to this file (`=== id` line, then the body), for
        /// comparing the cut with another tool.
        #[arg(long)]
        dump_bodies: Option<PathBuf>,
    },
    /// Print a document's sentences with their clause labels: article, actor, main speech act
    /// (`!` = negated), topics; then its One-China profile. Colour on a terminal, plain when piped.
    ///
    /// Example: jointstat clauses 2003-06-03_KZ
    Clauses {
        /// Document id.
        id: String,
        #[command(flatten)]
        corpus: CorpusArgs,
        #[command(flatten)]
        tokens: TokenArgs,
    },
    /// Keyness of a target (a statement or a group) against a reference: G² with and without
    /// Williams' correction, chi² with and without Yates, p-values, Bonferroni, log ratio, %DIFF.
    ///
    /// Examples: jointstat keyness --target 2003-06-03_KZ
    ///           jointstat keyness --target "region=Central Asia" --reference "region=Europe"
    ///           jointstat keyness --target "decade=2000s" --bonferroni --out key.csv
    Keyness {
        #[command(flatten)]
        common: CompareArgs,
        /// Target: a statement id or a filter.
        #[arg(long)]
        target: String,
        /// Reference: a filter, or `rest` (every selected statement not in the target).
        #[arg(long, default_value = "rest")]
        reference: String,
        /// Minimum occurrences (target + reference) for a term to be tested.
        #[arg(long, default_value_t = 3)]
        min_count: u32,
        /// Significance level for the Bonferroni-corrected `significant` column.
        #[arg(long, default_value_t = 0.05)]
        alpha: f64,
        /// Show only terms significant after Bonferroni correction.
        #[arg(long)]
        bonferroni: bool,
        /// What the g2 and chi2 columns (their p-values, signed_g2, Bonferroni, ranking) carry:
        /// none (textbook, = scipy chi2_contingency(correction=False)); williams (G²/q);
        /// yates (cells moved 0.5 towards expected, = scipy correction=True); quanteda
        /// (= quanteda.textstats textstat_keyness default, i.e. correction="yates");
        /// quanteda-williams, quanteda-none (its correction="williams" / "none").
        #[arg(long, value_enum, default_value = "none")]
        correction: keyness::Correction,
    },
    /// Similarity between statements: cosine on relative frequencies and on TF-IDF, Jaccard on
    /// term sets. With an id, its nearest statements (every other statement, ranked); without,
    /// every pair — or, above --all-pairs-max statements, each statement's --top-k nearest
    /// neighbours by cosine on TF-IDF. Partial texts are scored against the analysis set's IDF.
    ///
    /// Examples: jointstat similar 2003-06-03_KZ
    ///           jointstat similar --out similarity.csv
    ///           jointstat similar --corpus /data/archive --top-k 10 --out neighbours.parquet
    Similar {
        /// Statement whose nearest neighbours to list.
        id: Option<String>,
        #[command(flatten)]
        common: CompareArgs,
        /// Measure to rank by.
        #[arg(long, default_value = "cosine_tfidf", value_parser = ["cosine_tfidf", "cosine_relfreq", "jaccard"])]
        measure: String,
        /// Without an id: every pair up to this many statements; above, the top-k table.
        #[arg(long, default_value_t = 500)]
        all_pairs_max: usize,
        /// Without an id, above --all-pairs-max statements: nearest neighbours per statement.
        #[arg(long, default_value_t = 20, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
        top_k: usize,
    },
    /// Concordance (KWIC) of a string or regular expression over the statements' text, with
    /// token context, statement, date, partner and article.
    ///
    /// Examples: jointstat kwic 上海合作组织
    ///           jointstat kwic '一个中国(原则|政策)' --regex --sort right --width 8
    ///           jointstat kwic 反对 --token --where "decade=1990s" --out kwic.csv
    Kwic {
        /// Search string (or regular expression with --regex).
        pattern: String,
        #[command(flatten)]
        common: CompareArgs,
        /// Treat the pattern as a regular expression.
        #[arg(long)]
        regex: bool,
        /// Match whole tokens only.
        #[arg(long)]
        token: bool,
        /// Context tokens on each side.
        #[arg(long, default_value_t = 10)]
        width: usize,
        /// Sort by document order, left context or right context.
        #[arg(long, value_enum, default_value = "doc")]
        sort: jointstat::compare::kwic::KwicSort,
    },
    /// N-grams (runs of 2–4 word tokens inside a sentence, not across punctuation) with
    /// frequency and document frequency.
    ///
    /// Example: jointstat ngrams --min-n 3 --max-n 4 --min-count 5
    Ngrams {
        #[command(flatten)]
        common: CompareArgs,
        /// Shortest n-gram.
        #[arg(long, default_value_t = 2)]
        min_n: usize,
        /// Longest n-gram.
        #[arg(long, default_value_t = 4)]
        max_n: usize,
        /// Minimum frequency.
        #[arg(long, default_value_t = 3)]
        min_count: u32,
    },
    /// Collocates of a node token within a window (same sentence): MI, MI3, t-score, z-score,
    /// logDice, G² and its p-value. Each collocate token counts at most once for the node, even
    /// where node windows overlap; the node is never its own collocate.
    ///
    /// Example: jointstat collocates 合作 --left 3 --right 3 --min-count 3 --min-freq 5
    Collocates {
        /// Node token.
        node: String,
        #[command(flatten)]
        common: CompareArgs,
        /// Tokens to the left.
        #[arg(long, default_value_t = 5)]
        left: usize,
        /// Tokens to the right.
        #[arg(long, default_value_t = 5)]
        right: usize,
        /// Minimum co-occurrences f(n,c).
        #[arg(long, default_value_t = 2)]
        min_count: u32,
        /// Minimum frequency in the selection of a collocate, f(c), and of the node, f(n).
        #[arg(long, default_value_t = 3)]
        min_freq: u32,
        /// Keep stopword collocates (default: terms only).
        #[arg(long)]
        all_tokens: bool,
    },
    /// Dispersion of a token across statements: positions, Gries' DP (and normalised), Juilland's D.
    /// With --out FILE.csv, the positions go to FILE.csv and the measures (one row: count,
    /// statements, DP, DP_norm, Juilland's D) to FILE.dispersion.csv (same for .parquet).
    ///
    /// Example: jointstat dispersion 恐怖主义 --out positions.csv   (also writes positions.dispersion.csv)
    Dispersion {
        /// Token.
        term: String,
        #[command(flatten)]
        common: CompareArgs,
    },
    /// Relative frequency of tokens by period (year, decade or any metadata column), with the
    /// number of statements per period so thin periods are visible.
    ///
    /// Examples: jointstat trend 伙伴关系 战略 恐怖主义 多极化 一个中国 --by decade
    ///           jointstat trend 合作 --by region
    Trend {
        /// Tokens to follow.
        #[arg(required = true)]
        terms: Vec<String>,
        #[command(flatten)]
        common: CompareArgs,
        /// Period column: year, decade, or a metadata column (region, doc_type, partner …).
        #[arg(long, default_value = "decade")]
        by: String,
    },
    /// Relationship designations: the partnership (伙伴关系 …) each statement establishes, upgrades
    /// or develops, with verb, ordinal level and evidence sentence (rules: corpus/designations.toml).
    /// With --mentions, every mention (including references to earlier acts and third parties').
    ///
    /// Examples: jointstat designations --where "partner=俄罗斯"
    ///           jointstat designations --mentions --out designations.csv
    Designations {
        #[command(flatten)]
        common: CompareArgs,
        /// Designation rules (TOML). Default: corpus/designations.toml, built in.
        #[arg(long)]
        rules_file: Option<PathBuf>,
        /// List every mention instead of one row per statement.
        #[arg(long)]
        mentions: bool,
    },
    /// The scalable core of the pipeline for large corpora (and `just bench`): ingest, cut,
    /// tokenize (jieba cut), per-document term counts, relative frequency, document frequency and
    /// TF-IDF over all documents, written as doc_terms and corpus_terms (Parquet; CSV with
    /// --csv). Memory grows with the number of distinct (document, term) pairs, not the text.
    ///
    /// Example: jointstat terms --corpus /tmp/corpus_1g --out /tmp/terms
    Terms {
        #[command(flatten)]
        corpus: CorpusArgs,
        #[command(flatten)]
        tokens: TokenArgs,
        /// Output folder.
        #[arg(long, default_value = "reports/terms")]
        out: PathBuf,
        /// Documents read at a time.
        #[arg(long, default_value_t = 4096)]
        chunk: usize,
        /// Also write CSV.
        #[arg(long)]
        csv: bool,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Text reuse: every sentence's closest earlier sentence (MinHash/LSH candidates, then
    /// normalised Levenshtein), classified verbatim / near / new / short; reuse per statement;
    /// formulae and their lineage. Writes sentence_reuse, statement_reuse, formula_lineage.
    ///
    /// Example: jointstat reuse --out reports/reuse --focus 2003-06-03_KZ
    Reuse(reuse_cmd::ReuseArgs),
    /// Align two statements article by article and sentence by sentence: unchanged, reworded
    /// (character diff), inserted, deleted. Colour on a terminal; --format md|html for tables.
    ///
    /// Example: jointstat diff 1999-11-23_KZ_b 2003-06-03_KZ --format html --out diff.html
    Diff(diff_cmd::DiffArgs),
    /// Print a document's body segmented into tokens (`token/POS`, stopwords in brackets),
    /// one article per line.
    ///
    /// Example: jointstat tokenize 2003-06-03_KZ
    Tokenize {
        /// Document id.
        id: String,
        #[command(flatten)]
        corpus: CorpusArgs,
        #[command(flatten)]
        tokens: TokenArgs,
    },
}

fn resource(p: Option<PathBuf>) -> Resource {
    p.map_or(Resource::Builtin, Resource::File)
}

impl TokenArgs {
    /// The tokenizer these flags ask for (built-in user dictionary and stopwords by default).
    fn tokenizer(&self) -> Result<Tokenizer> {
        let ud = resource(self.userdict.clone()).text(tokenize::DEFAULT_USERDICT)?;
        let sw = resource(self.stopwords.clone()).text(tokenize::DEFAULT_STOPWORDS)?;
        Tokenizer::from_texts(&ud, &sw)
    }

    /// The clause rules these flags ask for (built-in corpus/clause_rules.toml by default).
    fn clause_rules(&self) -> Result<ClauseRules> {
        let r = resource(self.rules.clone());
        ClauseRules::parse(&r.text(clauses::DEFAULT_RULES)?, &r.describe("corpus/clause_rules.toml"))
    }
}

/// Load the corpus, check that `id` is in it, and build the tokenizer (for single-document commands).
fn one_doc(corpus: &CorpusArgs, tokens: &TokenArgs, id: &str) -> Result<(ingest::Corpus, Tokenizer)> {
    let c = ingest::load_corpus(&corpus.corpus, &corpus.ingest())?;
    if c.get(id).is_none() {
        bail!("no document `{id}` in {}", corpus.corpus.display());
    }
    Ok((c, tokens.tokenizer()?))
}

/// Prepare the corpus for a comparison command.
fn prepare(c: &CompareArgs) -> Result<pipeline::PreparedData> {
    pipeline::prepare(
        &c.corpus.corpus,
        &c.corpus.ingest(),
        &resource(c.tokens.userdict.clone()),
        &resource(c.tokens.stopwords.clone()),
        c.include_partial,
    )
}

/// Print a table (at most `limit` rows) and export it when asked.
fn show(df: &polars::prelude::DataFrame, c: &CompareArgs, what: &str) -> Result<()> {
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

fn parse_filter(s: &Option<String>) -> Result<Option<Filter>> {
    s.as_deref().map(Filter::parse).transpose()
}

fn run(cli: Cli) -> Result<()> {
    match cli.cmd {
        Cmd::Keyness { common, target, reference, min_count, alpha, bonferroni, correction } => {
            let data = prepare(&common)?;
            let p = data.view();
            let pool = p.select(parse_filter(&common.filter)?.as_ref())?;
            let tf = Filter::parse(&target)?;
            let t_idx: Vec<usize> = {
                let mut sel = p.select(Some(&tf))?;
                sel.retain(|i| pool.contains(i) || tf.mentions("doc_id"));
                sel
            };
            let r_idx: Vec<usize> = if reference == "rest" {
                pool.iter().copied().filter(|i| !t_idx.contains(i)).collect()
            } else {
                let rf = Filter::parse(&reference)?;
                p.select(Some(&rf))?.into_iter().filter(|i| !t_idx.contains(i)).collect()
            };
            if t_idx.is_empty() || r_idx.is_empty() {
                bail!(
                    "keyness needs a non-empty target and reference ({} and {} statements)",
                    t_idx.len(),
                    r_idx.len()
                );
            }
            eprintln!("target: {} statement(s); reference: {} statement(s)", t_idx.len(), r_idx.len());
            let mut k = keyness::keyness(
                &data.token_df,
                &p.ids(&t_idx),
                &p.ids(&r_idx),
                &keyness::KeynessOptions { min_count, alpha, correction },
            )?;
            if bonferroni {
                use polars::prelude::IntoLazy;
                k = k.lazy().filter(polars::prelude::col("significant")).collect()?;
            }
            show(&k, &common, "keyness")
        }
        Cmd::Similar { id, common, measure, all_pairs_max, top_k } => {
            let data = prepare(&common)?;
            let p = data.view();
            let mut idx = p.select(parse_filter(&common.filter)?.as_ref())?;
            if let Some(id) = &id {
                let i = data
                    .corpus
                    .docs
                    .iter()
                    .position(|d| &d.id == id)
                    .ok_or_else(|| anyhow::anyhow!("no statement `{id}`"))?;
                if !idx.contains(&i) {
                    idx.push(i);
                    idx.sort();
                }
            }
            let tm = similarity::TermMatrix::new(&data.stats.doc_terms, &p.ids(&idx))?;
            let sim = match &id {
                // one row of the sparse product
                Some(id) => {
                    tm.neighbours(tm.row_of(id).ok_or_else(|| anyhow::anyhow!("no statement `{id}`"))?, &measure)?
                }
                None if tm.len() <= all_pairs_max => tm.all_pairs()?,
                None => {
                    eprintln!(
                        "jointstat: {} statements > --all-pairs-max {all_pairs_max}: the {top_k} nearest neighbours of each (cosine on TF-IDF) instead of every pair",
                        tm.len()
                    );
                    tm.top_k(top_k)?
                }
            };
            show(&sim, &common, "similarity")
        }
        Cmd::Kwic { pattern, common, regex, token, width, sort } => {
            let data = prepare(&common)?;
            let p = data.view();
            let idx = p.select(parse_filter(&common.filter)?.as_ref())?;
            let docs: Vec<_> = idx.iter().map(|&i| &data.corpus.docs[i]).collect();
            let segs: Vec<_> = idx.iter().map(|&i| &data.segs[i]).collect();
            let toks: Vec<_> = idx.iter().map(|&i| &data.tokens[i]).collect();
            let k = kwic::kwic(&docs, &segs, &toks, &kwic::KwicOptions { pattern, regex, token, width, sort })?;
            println!("{} concordance lines", k.height());
            let col = |n: &str| -> Result<Vec<String>> {
                Ok(k.column(n)?
                    .cast(&polars::prelude::DataType::String)?
                    .str()?
                    .iter()
                    .map(|x| x.unwrap_or("").to_string())
                    .collect())
            };
            let (ids, arts, left, node, right) =
                (col("doc_id")?, col("article")?, col("left")?, col("node")?, col("right")?);
            let tty = std::io::stdout().is_terminal();
            let lw = left.iter().take(common.limit).map(|l| jointstat::charts::text_px(l, 2) / 2).max().unwrap_or(0)
                as usize;
            for i in 0..k.height().min(common.limit) {
                let pad = lw.saturating_sub(jointstat::charts::text_px(&left[i], 2) as usize / 2);
                let n = if tty { format!("\x1b[1;31m{}\x1b[0m", node[i]) } else { format!("[{}]", node[i]) };
                println!("{:<16} {:>3}  {}{} {} {}", ids[i], arts[i], " ".repeat(pad), left[i], n, right[i]);
            }
            if let Some(p) = &common.out {
                output::export(&k, p)?;
                eprintln!("written: {}", p.display());
            }
            Ok(())
        }
        Cmd::Ngrams { common, min_n, max_n, min_count } => {
            if min_n < 1 || max_n < min_n {
                bail!("--min-n must be ≥ 1 and ≤ --max-n");
            }
            let data = prepare(&common)?;
            let p = data.view();
            let idx = p.select(parse_filter(&common.filter)?.as_ref())?;
            let toks: Vec<_> = idx.iter().map(|&i| &data.tokens[i]).collect();
            show(&ngrams::ngrams(&toks, min_n, max_n, min_count)?, &common, "n-grams")
        }
        Cmd::Collocates { node, common, left, right, min_count, min_freq, all_tokens } => {
            let data = prepare(&common)?;
            let p = data.view();
            let idx = p.select(parse_filter(&common.filter)?.as_ref())?;
            let toks: Vec<_> = idx.iter().map(|&i| &data.tokens[i]).collect();
            let opts = ngrams::CollocateOptions { left, right, min_count, min_freq, terms_only: !all_tokens };
            show(&ngrams::collocates(&toks, &node, &opts)?, &common, "collocates")
        }
        Cmd::Dispersion { term, common } => {
            let data = prepare(&common)?;
            let p = data.view();
            let idx = p.select(parse_filter(&common.filter)?.as_ref())?;
            let toks: Vec<_> = idx.iter().map(|&i| &data.tokens[i]).collect();
            let (pos, summary) = dispersion::dispersion(&toks, &term)?;
            for line in jointstat::report::md_table_all(&summary, 1)?.lines() {
                println!("{line}");
            }
            show(&pos, &common, "occurrences")?;
            if let Some(p) = &common.out {
                let m = dispersion::measures_path(p);
                output::export(&summary, &m)?;
                eprintln!("written: {} (DP, DP_norm, Juilland's D)", m.display());
            }
            Ok(())
        }
        Cmd::Designations { common, rules_file, mentions } => {
            use clauses::designations::{self as des, DesignationRules};
            use polars::prelude::{Column, DataFrame};
            let res = resource(rules_file);
            let rules = DesignationRules::parse(
                &res.text(des::DEFAULT_DESIGNATION_RULES)?,
                &res.describe("corpus/designations.toml"),
            )?;
            let data = prepare(&common)?;
            let p = data.view();
            let idx = p.select(parse_filter(&common.filter)?.as_ref())?;
            let mut cols: [Vec<String>; 10] = Default::default();
            let mut levels: Vec<Option<i64>> = Vec::new();
            for &i in &idx {
                let d = &data.corpus.docs[i];
                let ms = des::mentions(&rules, d, &data.segs[i]);
                let rows: Vec<Option<&des::Mention>> =
                    if mentions { ms.iter().map(Some).collect() } else { vec![des::statement_designation(&ms)] };
                for m in rows {
                    if mentions && m.is_none() {
                        continue;
                    }
                    let date = d.date().map(|x| x.to_string()).unwrap_or_default();
                    let vals = [
                        d.id.clone(),
                        date,
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
            let names =
                ["doc_id", "date", "partner", "designation", "verb", "cue", "scope", "sentence", "phrase", "evidence"];
            let mut columns: Vec<Column> = names.iter().zip(cols).map(|(n, v)| Column::new((*n).into(), v)).collect();
            columns.insert(4, Column::new("level".into(), levels));
            let df = DataFrame::new_infer_height(columns)?;
            show(&df, &common, if mentions { "designation mentions" } else { "designations per statement" })
        }
        Cmd::Trend { terms, common, by } => {
            let data = prepare(&common)?;
            let p = data.view();
            let idx = p.select(parse_filter(&common.filter)?.as_ref())?;
            let periods = p.periods(&idx, &by)?;
            show(&dispersion::trend(&data.token_df, &periods, &terms)?, &common, "trend")
        }
        Cmd::Analyze {
            corpus,
            tokens,
            out,
            name,
            focus,
            font,
            include_partial,
            strict,
            top,
            heat_terms,
            min_count,
            all_pairs_max,
            top_k,
            chart_statements,
            quiet,
            verbose,
        } => {
            // ids and report names become folder names: refuse anything but a plain name
            for (flag, v) in [("--focus", Some(&focus)), ("--name", name.as_ref())] {
                if let Some(v) = v {
                    if let Err(why) = ingest::confine::check_id(v) {
                        bail!(
                            "{flag} `{}` {why}: it names the report folder, so it must be a plain name",
                            v.escape_debug()
                        );
                    }
                }
            }
            let opts = AnalyzeOptions {
                corpus: corpus.corpus.clone(),
                out,
                name,
                focus,
                userdict: resource(tokens.userdict),
                stopwords: resource(tokens.stopwords),
                rules: resource(tokens.rules),
                font,
                include_partial,
                ingest: corpus.ingest(),
                strict,
                progress: !quiet,
                top_n: top,
                heat_terms,
                min_count,
                scale: jointstat::compare::ScaleOptions { all_pairs_max, top_k, chart_statements },
                command_line: std::env::args().collect(),
            };
            let (dest, a) = pipeline::run(&opts)?;
            let problems = &a.corpus.problems;
            if !problems.is_empty() {
                let errors = problems.iter().filter(|p| p.severity == jointstat::problems::Severity::Error).count();
                eprintln!(
                    "jointstat: {} input problem(s): {} document(s) skipped, {} warning(s); see {}/tables/input_problems.csv",
                    problems.len(),
                    errors,
                    problems.len() - errors,
                    dest.display()
                );
                let shown = if verbose {
                    problems.len()
                } else if quiet {
                    0
                } else {
                    10
                };
                for p in problems.iter().take(shown) {
                    eprintln!("  {p}");
                }
                if problems.len() > shown && !quiet {
                    eprintln!("  … {} more (-v lists all)", problems.len() - shown);
                }
            }
            if !quiet {
                let total: f64 = a.timings.iter().map(|t| t.seconds).sum();
                println!("report: {}", dest.join("report.md").display());
                // the per-document tokens are dropped after the statistics stage; the token table keeps them
                let words = a.token_df.column("is_punct")?.bool()?.iter().filter(|p| *p == Some(false)).count();
                println!(
                    "{} documents, {} word tokens (punctuation excluded, as in tables/documents), {:.3} s",
                    a.corpus.docs.len(),
                    words,
                    total
                );
                if verbose {
                    for t in &a.timings {
                        println!("  {:<10} {:.3} s", t.stage, t.seconds);
                    }
                }
            }
            Ok(())
        }
        Cmd::Ingest { corpus, show, dump_bodies } => {
            let c = ingest::load_corpus(&corpus.corpus, &corpus.ingest())?;
            if let Some(id) = show {
                let Some(d) = c.get(&id) else { bail!("no document `{id}` in {}", corpus.corpus.display()) };
                let tty = std::io::stdout().is_terminal();
                let head = |s: &str| {
                    if tty {
                        format!("\x1b[1;34m{s}\x1b[0m")
                    } else {
                        s.to_string()
                    }
                };
                println!("{} {} ({}; {}; lead: {})", head("document"), d.id, d.file, d.encoding, d.lead_kind.name());
                for (name, lines) in [
                    ("lead", &d.lead),
                    ("title", &d.title_lines),
                    ("body", &d.body),
                    ("signature", &d.signature.lines),
                    ("trailer", &d.trailer),
                ] {
                    println!("{}", head(&format!("--- {name} ({} lines)", lines.len())));
                    for l in lines.iter() {
                        println!("{l}");
                    }
                }
                println!(
                    "{} signatories: {}; place: {}; date: {}",
                    head("---"),
                    d.signature.signatories.join(", "),
                    d.signature.place.as_deref().unwrap_or("–"),
                    d.signature.date.map(|x| x.to_string()).unwrap_or_else(|| "–".into())
                );
                return Ok(());
            }
            if let Some(path) = dump_bodies {
                let mut out = String::new();
                for d in &c.docs {
                    out.push_str(&format!("=== {}\n{}\n", d.id, d.body_text()));
                }
                output::write_atomic(&path, out.as_bytes())?;
            }
            println!("id\tdate\tpartner\tdoc_type\tcompleteness\tparagraphs\tarticles\tlead\tsignatories");
            for d in &c.docs {
                let s = segment::segment(d);
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    d.id,
                    d.date().map(|x| x.to_string()).unwrap_or_default(),
                    d.partner(),
                    d.doc_type(),
                    if d.partial { "partial" } else { "full" },
                    d.body.len(),
                    s.numbered_articles(),
                    d.lead_kind.name(),
                    d.signature.signatories.join("; ")
                );
            }
            for p in &c.problems {
                eprintln!("{p}");
            }
            Ok(())
        }
        Cmd::Validate { corpus, tokens, gold, second_coder, out } => {
            use jointstat::clauses::validate;
            let read = |p: &Option<PathBuf>, builtin: &'static str, name: &str| -> Result<Vec<validate::GoldLabel>> {
                let r = resource(p.clone());
                validate::read_gold(&r.text(builtin)?, &r.describe(name))
            };
            let first = read(&gold, validate::DEFAULT_GOLD, "corpus/gold/clauses_gold.tsv")?;
            let second = read(&second_coder, validate::DEFAULT_SECOND_CODER, "corpus/gold/clauses_second_coder.tsv")?;
            let c = ingest::load_corpus(&corpus.corpus, &corpus.ingest())?;
            let m = validate::match_gold(&c, &tokens.clause_rules()?, &tokens.tokenizer()?, &first);
            if m.items.is_empty() {
                bail!(
                    "none of the {} gold sentences is in {} (the gold standard is of the reference corpus)",
                    first.len(),
                    corpus.corpus.display()
                );
            }
            let md = validate::report(&m, &first, &second);
            print!("{md}");
            if let Some(p) = out {
                output::write_atomic(&p, md.as_bytes())?;
                eprintln!("written: {}", p.display());
            }
            Ok(())
        }
        Cmd::Clauses { id, corpus, tokens } => {
            let (c, tok) = one_doc(&corpus, &tokens, &id)?;
            let d = c.get(&id).expect("checked by one_doc");
            let rules = tokens.clause_rules()?;
            let seg = segment::segment(d);
            let dt = tok.tokenize_doc(d, &seg);
            let labels = clauses::classify_doc(&rules, d, &seg, &dt);
            let profile = clauses::one_china(&rules, d, &seg, &labels);
            let tty = std::io::stdout().is_terminal();
            let paint = |code: &str, s: &str| if tty { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() };
            let text: Vec<char> = d.body_text().chars().collect();
            println!(
                "{}",
                paint(
                    "1",
                    &format!(
                        "{} — {} sentences, {} numbered articles ({})",
                        d.id,
                        labels.len(),
                        seg.numbered_articles(),
                        seg.scheme.name()
                    )
                )
            );
            for l in &labels {
                let s = &seg.sentences[l.sentence];
                let art = &seg.articles[l.article];
                let num = art.number.map_or_else(|| art.kind.name().to_string(), |n| n.to_string());
                let actor = format!("{}{}", l.actor.name(), if l.actor_source == "inherited" { "^" } else { "" });
                let act = format!("{}{}", if l.negated { "!" } else { "" }, l.main_act);
                println!(
                    "{} {} {} {} {}",
                    paint("2", &format!("[{num}.{}]", l.sentence)),
                    paint("1;34", &format!("{actor:<9}")),
                    paint("1;32", &format!("{act:<15}")),
                    paint("33", &format!("{{{}}}", l.topics.join(","))),
                    text[s.char_start..s.char_end].iter().collect::<String>()
                );
            }
            let present: Vec<&str> = profile.features.iter().filter(|(_, v)| **v).map(|(k, _)| k.as_str()).collect();
            println!(
                "{} has_clause={} stated_by={} verb={} features=[{}] evidence sentences={:?}",
                paint("1", "One-China:"),
                profile.has_clause,
                profile.stated_by,
                profile.verb.as_deref().unwrap_or("–"),
                present.join(", "),
                profile.evidence
            );
            println!("(^ = actor inherited from the previous sentence; ! = negated act)");
            Ok(())
        }
        Cmd::Terms { corpus, tokens, out, chunk, csv, quiet } => {
            let opts = pipeline::TermsOptions {
                corpus: corpus.corpus.clone(),
                out,
                userdict: resource(tokens.userdict),
                stopwords: resource(tokens.stopwords),
                chunk,
                ingest: corpus.ingest(),
                csv,
                progress: !quiet,
            };
            let s = pipeline::terms(&opts)?;
            if !s.problems.is_empty() {
                eprintln!("jointstat: {} input problem(s)", s.problems.len());
                for p in s.problems.iter().take(if quiet { 0 } else { 10 }) {
                    eprintln!("  {p}");
                }
            }
            if !quiet {
                println!(
                    "{} documents, {:.1} MB of statement text, {} tokens, {} terms, {} document-term rows → {}",
                    s.documents,
                    s.bytes as f64 / 1e6,
                    s.tokens,
                    s.terms,
                    s.rows,
                    opts.out.display()
                );
                println!(
                    "{}",
                    s.timings.iter().map(|t| format!("{} {:.3} s", t.stage, t.seconds)).collect::<Vec<_>>().join(", ")
                );
            }
            Ok(())
        }
        Cmd::Reuse(a) => reuse_cmd::run(a),
        Cmd::Diff(a) => diff_cmd::run(a),
        Cmd::Tokenize { id, corpus, tokens } => {
            let (c, tok) = one_doc(&corpus, &tokens, &id)?;
            let d = c.get(&id).expect("checked by one_doc");
            let seg = segment::segment(d);
            let dt = tok.tokenize_doc(d, &seg);
            let mut current = u32::MAX;
            let mut line = String::new();
            for t in &dt.tokens {
                if t.article != current {
                    if !line.is_empty() {
                        println!("{}", line.trim_end());
                    }
                    line = format!("[{}] ", t.article);
                    current = t.article;
                }
                if t.is_stopword {
                    line.push_str(&format!("({}) ", t.text));
                } else {
                    line.push_str(&format!("{}/{} ", t.text, t.pos));
                }
            }
            if !line.is_empty() {
                println!("{}", line.trim_end());
            }
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    // A write beyond the file-size limit (`ulimit -f`) must be an error naming the file, not a
    // kill by SIGXFSZ that leaves the user guessing: ignore the signal so write() returns EFBIG.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_IGN at start-up, before any thread exists.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    // `jointstat ingest | head -1`: when the reader closes the pipe, printing fails with
    // BrokenPipe; that is the reader's choice, not an error — exit 0 quietly instead of panicking.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.starts_with("failed printing to stdout") && msg.contains("Broken pipe") {
            std::process::exit(0);
        }
        default_hook(info);
    }));
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("jointstat: error: {e:#}");
            if e.downcast_ref::<pipeline::StrictError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}
