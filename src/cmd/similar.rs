//! `jointstat similar` (its help text is the doc comment of its variant of `Cmd` in `cmd/mod.rs`).

use super::*;

// Arguments of `jointstat similar` (their help: `jointstat similar --help`).
#[derive(Args, Debug)]
pub struct SimilarArgs {
    /// Statement whose nearest neighbours to list.
    pub id: Option<String>,
    #[command(flatten)]
    pub common: CompareArgs,
    /// Measure to rank by.
    #[arg(long, value_enum, default_value = "cosine_tfidf")]
    pub measure: similarity::Measure,
    /// Without an id: every pair up to this many statements; above, the top-k table.
    #[arg(long, default_value_t = 500)]
    pub all_pairs_max: usize,
    /// Without an id, above --all-pairs-max statements: nearest neighbours per statement.
    #[arg(long, default_value_t = 20, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub top_k: usize,
}

/// Run `jointstat similar`.
pub fn run(args: SimilarArgs) -> Result<()> {
    let SimilarArgs { id, common, measure, all_pairs_max, top_k } = args;
    let data = prepare(&common)?;
    let p = data.view();
    let (sim, top_k_of) =
        p.similar(parse_filter(&common.filter)?.as_ref(), id.as_deref(), measure, all_pairs_max, top_k)?;
    if let Some(n) = top_k_of {
        eprintln!(
            "jointstat: {n} statements > --all-pairs-max {all_pairs_max}: the {top_k} nearest neighbours of each (cosine on TF-IDF) instead of every pair"
        );
    }
    show(&sim, &common, "similarity")
}
