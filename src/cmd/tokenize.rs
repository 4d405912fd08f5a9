//! `jointstat tokenize` (its help text is the doc comment of its variant of `Cmd` in `cmd/mod.rs`).

use super::*;

// Arguments of `jointstat tokenize` (their help: `jointstat tokenize --help`).
#[derive(Args, Debug)]
pub struct TokenizeArgs {
    /// Document id.
    pub id: String,
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub tokens: TokenArgs,
}

/// Run `jointstat tokenize`.
pub fn run(args: TokenizeArgs) -> Result<()> {
    let TokenizeArgs { id, corpus, tokens } = args;
    let (c, tok) = one_doc(&corpus, &tokens, &id)?;
    let d = c.get(&id).expect("checked by one_doc");
    let seg = segment::segment(d);
    let dt = tok.tokenize_doc(d, &seg);
    let mut current = u32::MAX;
    let mut line = String::new();
    for t in dt.iter() {
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
