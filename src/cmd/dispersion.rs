//! `jointstat dispersion` (its help text is the doc comment of its variant of `Cmd` in `cmd/mod.rs`).

use super::*;

// Arguments of `jointstat dispersion` (their help: `jointstat dispersion --help`).
#[derive(Args, Debug)]
pub struct DispersionArgs {
    /// Token.
    pub term: String,
    #[command(flatten)]
    pub common: CompareArgs,
}

/// Run `jointstat dispersion`.
pub fn run(args: DispersionArgs) -> Result<()> {
    let DispersionArgs { term, common } = args;
    let data = prepare(&common)?;
    let p = data.view();
    let idx = p.select(parse_filter(&common.filter)?.as_ref())?;
    let toks: Vec<_> = idx.iter().map(|&i| &data.tokens[i]).collect();
    let (pos, summary) = jointstat::compare::dispersion::dispersion(&toks, &term)?;
    for line in jointstat::report::md_table_all(&summary, 1)?.lines() {
        println!("{line}");
    }
    show(&pos, &common, "occurrences")?;
    if let Some(p) = &common.out {
        let m = jointstat::compare::dispersion::measures_path(p);
        output::export(&summary, &m)?;
        eprintln!("written: {} (DP, DP_norm, Juilland's D)", m.display());
    }
    Ok(())
}
