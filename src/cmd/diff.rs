//! `jointstat diff A B`: two statements aligned article by article and sentence by sentence.

use super::CorpusArgs;
use anyhow::{bail, Result};
use clap::{Args, ValueEnum};
use jointstat::ingest;
use jointstat::reuse::align::{self, AlignOptions};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Output format of `jointstat diff`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFormat {
    /// Lines for the terminal (colours on a terminal, `[-deleted-]{+inserted+}` when piped).
    Text,
    /// A Markdown table.
    Md,
    /// One self-contained HTML page.
    Html,
}

/// Arguments of `jointstat diff`.
#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The older statement (id).
    a: String,
    /// The newer statement (id).
    b: String,
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: DiffFormat,
    /// Write to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Least Dice coefficient (character 3-grams) for two articles to be paired.
    #[arg(long, default_value_t = 0.3)]
    article_min: f64,
    /// Least normalised Levenshtein similarity for two sentences to be paired (else inserted/deleted).
    #[arg(long, default_value_t = 0.5)]
    sentence_min: f64,
}

/// Run `jointstat diff`.
pub fn run(a: DiffArgs) -> Result<()> {
    for (flag, v) in [("--article-min", a.article_min), ("--sentence-min", a.sentence_min)] {
        if !(0.0..=1.0).contains(&v) {
            bail!("{flag} {v} must lie between 0 and 1");
        }
    }
    let c = ingest::load_corpus(&a.corpus.corpus, &a.corpus.ingest())?;
    let get =
        |id: &str| c.get(id).ok_or_else(|| anyhow::anyhow!("no document `{id}` in {}", a.corpus.corpus.display()));
    let (da, db) = (get(&a.a)?, get(&a.b)?);
    let al = align::align_docs(da, db, &AlignOptions { article_min: a.article_min, sentence_min: a.sentence_min });
    let colour = a.out.is_none() && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let text = match a.format {
        DiffFormat::Text => align::render_terminal(&al, colour),
        DiffFormat::Md => align::render_markdown(&al),
        DiffFormat::Html => align::render_html(&al),
    };
    match &a.out {
        Some(p) => {
            jointstat::output::write_atomic(p, text.as_bytes())?;
            eprintln!("{}\nwritten: {}", align::summary(&al), p.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}
