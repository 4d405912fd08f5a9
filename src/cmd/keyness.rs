//! `jointstat keyness` (its help text is the doc comment of its variant of `Cmd` in `cmd/mod.rs`).

use super::*;

// Arguments of `jointstat keyness` (their help: `jointstat keyness --help`).
#[derive(Args, Debug)]
pub struct KeynessArgs {
    #[command(flatten)]
    pub common: CompareArgs,
    /// Target: a statement id or a filter.
    #[arg(long)]
    pub target: String,
    /// Reference: a filter, or `rest` (every selected statement not in the target).
    #[arg(long, default_value = "rest")]
    pub reference: String,
    /// Minimum occurrences (target + reference) for a term to be tested.
    #[arg(long, default_value_t = 3)]
    pub min_count: u32,
    /// Significance level for the Bonferroni-corrected `significant` column.
    #[arg(long, default_value_t = 0.05)]
    pub alpha: f64,
    /// Show only terms significant after Bonferroni correction.
    #[arg(long)]
    pub bonferroni: bool,
    /// What the g2 and chi2 columns (their p-values, signed_g2, Bonferroni, ranking) carry:
    /// none (textbook, = scipy chi2_contingency(correction=False)); williams (G²/q);
    /// yates (cells moved 0.5 towards expected, = scipy correction=True); quanteda
    /// (= quanteda.textstats textstat_keyness default, i.e. correction="yates");
    /// quanteda-williams, quanteda-none (its correction="williams" / "none").
    #[arg(long, value_enum, default_value = "none")]
    pub correction: jointstat::compare::keyness::Correction,
}

/// Run `jointstat keyness`.
pub fn run(args: KeynessArgs) -> Result<()> {
    let KeynessArgs { common, target, reference, min_count, alpha, bonferroni, correction } = args;
    let data = prepare(&common)?;
    let p = data.view();
    let (t_idx, r_idx) = p.keyness_sets(parse_filter(&common.filter)?.as_ref(), &target, &reference)?;
    eprintln!("target: {} statement(s); reference: {} statement(s)", t_idx.len(), r_idx.len());
    let mut k = jointstat::compare::keyness::keyness(
        &data.token_df,
        &p.ids(&t_idx),
        &p.ids(&r_idx),
        &jointstat::compare::keyness::KeynessOptions { min_count, alpha, correction },
    )?;
    if bonferroni {
        use polars::prelude::IntoLazy;
        k = k.lazy().filter(polars::prelude::col("significant")).collect()?;
    }
    show(&k, &common, "keyness")
}
