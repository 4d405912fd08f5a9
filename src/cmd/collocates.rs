//! `jointstat collocates` (its help text is the doc comment of its variant of `Cmd` in `cmd/mod.rs`).

use super::*;

// Arguments of `jointstat collocates` (their help: `jointstat collocates --help`).
#[derive(Args, Debug)]
pub struct CollocatesArgs {
    /// Node token.
    pub node: String,
    #[command(flatten)]
    pub common: CompareArgs,
    /// Tokens to the left.
    #[arg(long, default_value_t = 5)]
    pub left: usize,
    /// Tokens to the right.
    #[arg(long, default_value_t = 5)]
    pub right: usize,
    /// Minimum co-occurrences f(n,c).
    #[arg(long, default_value_t = 2)]
    pub min_count: u32,
    /// Minimum frequency in the selection of a collocate, f(c), and of the node, f(n).
    #[arg(long, default_value_t = 3)]
    pub min_freq: u32,
    /// Keep stopword collocates (default: terms only).
    #[arg(long)]
    pub all_tokens: bool,
}

/// Run `jointstat collocates`.
pub fn run(args: CollocatesArgs) -> Result<()> {
    let CollocatesArgs { node, common, left, right, min_count, min_freq, all_tokens } = args;
    let data = prepare(&common)?;
    let p = data.view();
    let idx = p.select(parse_filter(&common.filter)?.as_ref())?;
    let toks: Vec<_> = idx.iter().map(|&i| &data.tokens[i]).collect();
    let opts =
        jointstat::compare::ngrams::CollocateOptions { left, right, min_count, min_freq, terms_only: !all_tokens };
    show(&jointstat::compare::ngrams::collocates(&toks, &node, &opts)?, &common, "collocates")
}
