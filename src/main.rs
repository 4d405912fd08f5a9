//! Command-line interface of jointstat (a thin layer over the library).

use anyhow::{bail, Result};
use clap::{Args, Parser, Subcommand};
use jointstat::clauses::{self, ClauseRules};
use jointstat::ingest::{self, IngestOptions};
use jointstat::pipeline::{self, AnalyzeOptions, Resource};
use jointstat::segment;
use jointstat::tokenize::{self, Tokenizer};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

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
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
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

fn run(cli: Cli) -> Result<()> {
    match cli.cmd {
        Cmd::Analyze { corpus, tokens, out, name, focus, font, include_partial, strict, top, heat_terms, quiet } => {
            let opts = AnalyzeOptions {
                corpus: corpus.corpus,
                out,
                name,
                focus,
                userdict: resource(tokens.userdict),
                stopwords: resource(tokens.stopwords),
                rules: resource(tokens.rules),
                font,
                include_partial,
                max_file_bytes: corpus.max_file_mb.saturating_mul(1024 * 1024),
                strict,
                top_n: top,
                heat_terms,
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
                if !quiet {
                    for p in problems {
                        eprintln!("  {p}");
                    }
                }
            }
            if !quiet {
                let total: f64 = a.timings.iter().map(|t| t.seconds).sum();
                println!("report: {}", dest.join("report.md").display());
                println!(
                    "{} documents, {} tokens; {}; total {:.3} s",
                    a.corpus.docs.len(),
                    a.token_df.height(),
                    a.timings.iter().map(|t| format!("{} {:.3} s", t.stage, t.seconds)).collect::<Vec<_>>().join(", "),
                    total
                );
            }
            Ok(())
        }
        Cmd::Ingest { corpus, show } => {
            let c = ingest::load_corpus(
                &corpus.corpus,
                &IngestOptions { max_file_bytes: corpus.max_file_mb * 1024 * 1024 },
            )?;
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
        Cmd::Clauses { id, corpus, tokens } => {
            let c = ingest::load_corpus(
                &corpus.corpus,
                &IngestOptions { max_file_bytes: corpus.max_file_mb * 1024 * 1024 },
            )?;
            let Some(d) = c.get(&id) else { bail!("no document `{id}` in {}", corpus.corpus.display()) };
            let ud = resource(tokens.userdict).text(tokenize::DEFAULT_USERDICT)?;
            let sw = resource(tokens.stopwords).text(tokenize::DEFAULT_STOPWORDS)?;
            let rules_res = resource(tokens.rules);
            let rules = ClauseRules::parse(
                &rules_res.text(clauses::DEFAULT_RULES)?,
                &rules_res.describe("corpus/clause_rules.toml"),
            )?;
            let tok = Tokenizer::from_texts(&ud, &sw)?;
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
        Cmd::Tokenize { id, corpus, tokens } => {
            let c = ingest::load_corpus(
                &corpus.corpus,
                &IngestOptions { max_file_bytes: corpus.max_file_mb * 1024 * 1024 },
            )?;
            let Some(d) = c.get(&id) else { bail!("no document `{id}` in {}", corpus.corpus.display()) };
            let ud = resource(tokens.userdict).text(tokenize::DEFAULT_USERDICT)?;
            let sw = resource(tokens.stopwords).text(tokenize::DEFAULT_STOPWORDS)?;
            let tok = Tokenizer::from_texts(&ud, &sw)?;
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
