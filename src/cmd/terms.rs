//! `jointstat terms` (its help text is the doc comment of its variant of `Cmd` in `cmd/mod.rs`).

use super::*;

// Arguments of `jointstat terms` (their help: `jointstat terms --help`).
#[derive(Args, Debug)]
pub struct TermsArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub tokens: TokenArgs,
    /// Output folder.
    #[arg(long, default_value = "reports/terms")]
    pub out: PathBuf,
    /// Documents read at a time.
    #[arg(long, default_value_t = 4096)]
    pub chunk: usize,
    /// Also write CSV.
    #[arg(long)]
    pub csv: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Run `jointstat terms`.
pub fn run(args: TermsArgs) -> Result<()> {
    let TermsArgs { corpus, tokens, out, chunk, csv, quiet } = args;
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
