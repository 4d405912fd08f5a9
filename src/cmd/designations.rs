//! `jointstat designations` (its help text is the doc comment of its variant of `Cmd` in `cmd/mod.rs`).

use super::*;

// Arguments of `jointstat designations` (their help: `jointstat designations --help`).
#[derive(Args, Debug)]
pub struct DesignationsArgs {
    #[command(flatten)]
    pub common: CompareArgs,
    /// Designation rules (TOML). Default: corpus/designations.toml, built in.
    #[arg(long)]
    pub rules_file: Option<PathBuf>,
    /// List every mention instead of one row per statement.
    #[arg(long)]
    pub mentions: bool,
}

/// Run `jointstat designations`.
pub fn run(args: DesignationsArgs) -> Result<()> {
    let DesignationsArgs { common, rules_file, mentions } = args;
    use jointstat::clauses::designations::{self as des, DesignationRules};
    let res = resource(rules_file);
    let rules =
        DesignationRules::parse(&res.text(des::DEFAULT_DESIGNATION_RULES)?, &res.describe("corpus/designations.toml"))?;
    let data = prepare(&common)?;
    let p = data.view();
    let idx = p.select(parse_filter(&common.filter)?.as_ref())?;
    let df = jointstat::stats::designations::frame(&rules, &data.corpus, &data.segs, &idx, mentions)?;
    show(&df, &common, if mentions { "designation mentions" } else { "designations per statement" })
}
