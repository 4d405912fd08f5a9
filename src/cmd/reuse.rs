//! `jointstat reuse`: every sentence's closest earlier sentence; reuse per statement; formulae.

use super::CorpusArgs;
use anyhow::Result;
use clap::Args;
use jointstat::compare::select::Filter;
use jointstat::ingest;
use jointstat::reuse::{self, ReuseOptions};
use std::path::PathBuf;

/// Arguments of `jointstat reuse`.
#[derive(Args, Debug)]
pub struct ReuseArgs {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Restrict the statements searched (targets and sources), e.g. `partner=哈萨克斯坦`,
    /// `year>=1990` (columns of tables/documents + decade).
    #[arg(long = "where")]
    filter: Option<String>,
    /// Include partial (abridged) texts.
    #[arg(long)]
    include_partial: bool,
    /// Folder receiving sentence_reuse, statement_reuse and formula_lineage (.csv and .parquet).
    #[arg(long, default_value = "reports/reuse")]
    out: PathBuf,
    /// Near-verbatim from this normalised Levenshtein similarity on.
    #[arg(long, default_value_t = 0.8)]
    near: f64,
    /// Sentences with fewer normalised characters are `short` (formulaic), never reuse.
    #[arg(long, default_value_t = 10)]
    min_chars: usize,
    /// Shingle length (characters).
    #[arg(long, default_value_t = 4, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=50))]
    shingle: usize,
    /// MinHash values per sentence.
    #[arg(long, default_value_t = 120, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1024))]
    hashes: usize,
    /// Rows per LSH band (hashes / rows bands; fewer rows find more distant candidates).
    #[arg(long, default_value_t = 2, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=64))]
    band_rows: usize,
    /// Candidates scored exactly per sentence (most shared bands first, then most recent).
    #[arg(long, default_value_t = 30, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    max_candidates: usize,
    /// Most recent earlier texts taken from one LSH bucket.
    #[arg(long, default_value_t = 50, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    max_bucket: usize,
    /// Also print this statement's lineage (where its sentences come from).
    #[arg(long)]
    focus: Option<String>,
    /// Statements and formulae listed on the terminal.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
}

/// Run `jointstat reuse`.
pub fn run(a: ReuseArgs) -> Result<()> {
    if !(0.0..=1.0).contains(&a.near) {
        anyhow::bail!("--near {} must lie between 0 and 1", a.near);
    }
    let corpus = ingest::load_corpus(&a.corpus.corpus, &a.corpus.ingest())?;
    if !a.quiet {
        for p in &corpus.problems {
            eprintln!("jointstat: {p}");
        }
    }
    let filter = a.filter.as_deref().map(Filter::parse).transpose()?;
    let docs = reuse::select_docs(&corpus, filter.as_ref(), a.include_partial)?;
    if let Some(f) = &a.focus {
        if !docs.iter().any(|d| &d.id == f) {
            anyhow::bail!("--focus `{f}` is not among the {} statements searched", docs.len());
        }
    }
    let opts = ReuseOptions {
        k: a.shingle,
        hashes: a.hashes,
        band_rows: a.band_rows,
        near: a.near,
        min_chars: a.min_chars,
        max_candidates: a.max_candidates,
        max_bucket: a.max_bucket,
    };
    let segs = reuse::segment_docs(&docs);
    let docs: Vec<reuse::SegmentedDoc<'_>> = docs.into_iter().zip(&segs).collect();
    let r = reuse::analyze_segmented(&docs, &opts);
    let written = reuse::write_tables(&r, &docs, &a.out)?;
    if a.quiet {
        return Ok(());
    }
    print!("{}", reuse::markdown_snippet(&r, a.focus.as_deref()));
    let mut st = reuse::statement_reuse(&r);
    st.sort_by(|x, y| y.share_reused.total_cmp(&x.share_reused).then(x.doc_id.cmp(&y.doc_id)));
    println!("\nMost reused statements (share of characters; top source):");
    for s in st.iter().take(a.limit) {
        println!(
            "  {:<20} {:>5.1}%  {} ({:.1}%)",
            s.doc_id,
            s.share_reused * 100.0,
            s.top_source_doc.as_deref().unwrap_or("–"),
            s.top_source_share * 100.0
        );
    }
    let fl = reuse::formula_lineage(&r, &docs)?;
    println!("\nFormulae used by most statements ({} formulae in 2+ statements):", fl.len());
    for f in fl.iter().take(a.limit) {
        let t: String = f.text.chars().take(40).collect();
        let more = if f.text.chars().count() > 40 { "…" } else { "" };
        println!(
            "  {:>3} statements, {} {}#{} … {}: {t}{more}",
            f.statements,
            f.first_date.map(|d| d.to_string()).unwrap_or_default(),
            f.first_doc,
            f.first_sentence,
            f.last_date.map(|d| d.to_string()).unwrap_or_default()
        );
    }
    eprintln!(
        "written: {}",
        written.iter().map(|n| a.out.join(format!("{n}.csv")).display().to_string()).collect::<Vec<_>>().join(", ")
    );
    Ok(())
}
