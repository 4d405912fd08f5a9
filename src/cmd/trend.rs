//! `jointstat trend` (its help text is the doc comment of its variant of `Cmd` in `cmd/mod.rs`).

use super::*;

// Arguments of `jointstat trend` (their help: `jointstat trend --help`).
#[derive(Args, Debug)]
pub struct TrendArgs {
    /// Tokens to follow.
    #[arg(required = true)]
    pub terms: Vec<String>,
    #[command(flatten)]
    pub common: CompareArgs,
    /// Period column: year, decade, or a metadata column (region, doc_type, partner …).
    #[arg(long, default_value = "decade")]
    pub by: String,
}

/// Run `jointstat trend`.
pub fn run(args: TrendArgs) -> Result<()> {
    let TrendArgs { terms, common, by } = args;
    let data = prepare(&common)?;
    let p = data.view();
    let idx = p.select(parse_filter(&common.filter)?.as_ref())?;
    let periods = p.periods(&idx, &by)?;
    show(&jointstat::compare::dispersion::trend(&data.token_df, &periods, &terms)?, &common, "trend")
}
