//! `jointstat ngrams` (its help text is the doc comment of its variant of `Cmd` in `cmd/mod.rs`).

use super::*;

// Arguments of `jointstat ngrams` (their help: `jointstat ngrams --help`).
#[derive(Args, Debug)]
pub struct NgramsArgs {
    #[command(flatten)]
    pub common: CompareArgs,
    /// Shortest n-gram.
    #[arg(long, default_value_t = 2)]
    pub min_n: usize,
    /// Longest n-gram.
    #[arg(long, default_value_t = 4)]
    pub max_n: usize,
    /// Minimum frequency.
    #[arg(long, default_value_t = 3)]
    pub min_count: u32,
}

/// Run `jointstat ngrams`.
pub fn run(args: NgramsArgs) -> Result<()> {
    let NgramsArgs { common, min_n, max_n, min_count } = args;
    if min_n < 1 || max_n < min_n {
        bail!("--min-n must be ≥ 1 and ≤ --max-n");
    }
    let data = prepare(&common)?;
    let p = data.view();
    let idx = p.select(parse_filter(&common.filter)?.as_ref())?;
    let toks: Vec<_> = idx.iter().map(|&i| &data.tokens[i]).collect();
    show(&jointstat::compare::ngrams::ngrams(&toks, min_n, max_n, min_count)?, &common, "n-grams")
}
