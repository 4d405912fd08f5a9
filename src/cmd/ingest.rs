//! `jointstat ingest` (its help text is the doc comment of its variant of `Cmd` in `cmd/mod.rs`).

use super::*;

// Arguments of `jointstat ingest` (their help: `jointstat ingest --help`).
#[derive(Args, Debug)]
pub struct IngestArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    /// Print the cut parts of this document.
    #[arg(long)]
    pub show: Option<String>,
    /// Write every statement body to this file (`=== id` line, then the body), for
    /// comparing the cut with another tool.
    #[arg(long)]
    pub dump_bodies: Option<PathBuf>,
}

/// Run `jointstat ingest`.
pub fn run(args: IngestArgs) -> Result<()> {
    let IngestArgs { corpus, show, dump_bodies } = args;
    let c = jointstat::ingest::load_corpus(&corpus.corpus, &corpus.ingest())?;
    if let Some(id) = show {
        let Some(d) = c.get(&id) else { bail!("no document `{id}` in {}", corpus.corpus.display()) };
        let tty = output::colour_stdout();
        let head = |s: &str| output::paint(tty, "1;34", s);
        println!("{} {} ({}; {}; lead: {})", head("document"), d.id, d.file, d.encoding, d.lead_kind.name());
        for (name, lines) in d.parts() {
            println!("{}", head(&format!("--- {name} ({} lines)", lines.len())));
            for l in lines.iter() {
                println!("{l}");
            }
        }
        println!(
            "{} signatories: {}; place: {}; date: {}",
            head("---"),
            d.signature.names().join(", "),
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
            d.signature.names().join("; ")
        );
    }
    for p in &c.problems {
        eprintln!("{p}");
    }
    Ok(())
}
