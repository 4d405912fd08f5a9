//! `jointstat analyze` (its help text is the doc comment of its variant of `Cmd` in `cmd/mod.rs`).

use super::*;

// Arguments of `jointstat analyze` (their help: `jointstat analyze --help`).
#[derive(Args, Debug)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub tokens: TokenArgs,
    /// Folder that receives the report folder.
    #[arg(long, default_value = "reports")]
    pub out: PathBuf,
    /// Name of the report folder (default: the focus id, or `corpus` without a focus).
    #[arg(long)]
    pub name: Option<String>,
    /// Id of the focus statement, compared with the rest of the corpus. Default:
    /// 2003-06-03_KZ when the corpus holds it (the reference corpus), else none: a
    /// corpus-level report (every section that needs no focus).
    #[arg(long, conflicts_with = "no_focus")]
    pub focus: Option<String>,
    /// Write a corpus-level report without a focus statement even when the corpus holds
    /// the default one.
    #[arg(long)]
    pub no_focus: bool,
    /// CJK font for the charts (.ttf/.otf/.ttc). Also JOINTSTAT_FONT; else standard system paths.
    #[arg(long)]
    pub font: Option<PathBuf>,
    /// Chart file formats, comma-separated: png (always written, report.md embeds it) and svg
    /// (each chart also as charts/NAME.svg, text kept as text).
    #[arg(long, value_enum, value_delimiter = ',', default_value = "png")]
    pub chart_format: Vec<jointstat::charts::ChartFormat>,
    /// Pool partial (abridged) texts with the complete statements in corpus-level figures.
    #[arg(long)]
    pub include_partial: bool,
    /// Exit with code 2 when any document had to be skipped.
    #[arg(long)]
    pub strict: bool,
    /// Terms in the focus table and chart.
    #[arg(long, default_value_t = 20)]
    pub top: usize,
    /// Terms in the corpus heatmap.
    #[arg(long, default_value_t = 25)]
    pub heat_terms: usize,
    /// Minimum occurrences (focus + rest) for a term in tables/focus_terms and tables/keyness.
    #[arg(long, default_value_t = 3)]
    pub min_count: u32,
    /// Write every pair of statements to tables/similarity up to this many statements;
    /// above, only each statement's --top-k nearest neighbours (n² pairs are useless at
    /// archive scale).
    #[arg(long, default_value_t = 500)]
    pub all_pairs_max: usize,
    /// Nearest neighbours per statement (cosine on TF-IDF) when there are more than
    /// --all-pairs-max statements.
    #[arg(long, default_value_t = 20, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub top_k: usize,
    /// Charts draw statements one by one (a column, bar or lane each) up to this many
    /// statements; above, they aggregate by partner, region or decade, or show the top ones.
    #[arg(long, default_value_t = 100)]
    pub chart_statements: usize,
    /// Print nothing but errors (no progress bars, no summary).
    #[arg(long, short)]
    pub quiet: bool,
    /// Print every input problem and per-stage timings.
    #[arg(long, short)]
    pub verbose: bool,
}

/// Run `jointstat analyze`.
pub fn run(args: AnalyzeArgs) -> Result<()> {
    let AnalyzeArgs {
        corpus,
        tokens,
        out,
        name,
        focus,
        no_focus,
        font,
        chart_format,
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
    } = args;
    // ids and report names become folder names: refuse anything but a plain name
    for (flag, v) in [("--focus", focus.as_ref()), ("--name", name.as_ref())] {
        if let Some(v) = v {
            if let Err(why) = jointstat::ingest::confine::check_id(v) {
                bail!("{flag} `{}` {why}: it names the report folder, so it must be a plain name", v.escape_debug());
            }
        }
    }
    let opts = AnalyzeOptions {
        corpus: corpus.corpus.clone(),
        out,
        name,
        focus: match (focus, no_focus) {
            (Some(id), _) => pipeline::FocusRequest::Id(id),
            (None, true) => pipeline::FocusRequest::None,
            (None, false) => pipeline::FocusRequest::IfPresent(DEFAULT_FOCUS.to_string()),
        },
        userdict: resource(tokens.userdict),
        stopwords: resource(tokens.stopwords),
        rules: resource(tokens.rules),
        font,
        chart_formats: chart_format,
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
    if a.focus.is_none() && !quiet {
        eprintln!(
            "jointstat: no focus statement ({}): wrote a corpus-level report; add one with --focus ID, e.g. --focus {}",
            if no_focus {
                "--no-focus"
            } else {
                "no --focus given and the default 2003-06-03_KZ is not in this corpus"
            },
            a.corpus.docs.first().map_or("ID", |d| d.id.as_str())
        );
    }
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
        let total: f64 = a.run.timings.iter().map(|t| t.seconds).sum();
        println!("report: {}", dest.join("report.md").display());
        // Σ documents.tokens: the compact tokens are dropped once the token table is written
        let words: u64 = {
            use polars::prelude::{ChunkAgg, DataType};
            a.stats.documents.column("tokens")?.cast(&DataType::UInt64)?.u64()?.sum().unwrap_or(0)
        };
        println!(
            "{} documents, {} word tokens (punctuation excluded, as in tables/documents), {:.3} s",
            a.corpus.docs.len(),
            words,
            total
        );
        if verbose {
            for t in &a.run.timings {
                println!("  {:<10} {:.3} s", t.stage, t.seconds);
            }
        }
    }
    Ok(())
}
