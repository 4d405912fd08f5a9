//! `jointstat kwic` (its help text is the doc comment of its variant of `Cmd` in `cmd/mod.rs`).

use super::*;

// Arguments of `jointstat kwic` (their help: `jointstat kwic --help`).
#[derive(Args, Debug)]
pub struct KwicArgs {
    /// Search string (or regular expression with --regex).
    pub pattern: String,
    #[command(flatten)]
    pub common: CompareArgs,
    /// Treat the pattern as a regular expression.
    #[arg(long)]
    pub regex: bool,
    /// Match whole tokens only.
    #[arg(long)]
    pub token: bool,
    /// Context tokens on each side.
    #[arg(long, default_value_t = 10)]
    pub width: usize,
    /// Sort by document order, left context or right context.
    #[arg(long, value_enum, default_value = "doc")]
    pub sort: jointstat::compare::kwic::KwicSort,
}

/// Run `jointstat kwic`.
pub fn run(args: KwicArgs) -> Result<()> {
    let KwicArgs { pattern, common, regex, token, width, sort } = args;
    let data = prepare(&common)?;
    let p = data.view();
    let idx = p.select(parse_filter(&common.filter)?.as_ref())?;
    let docs: Vec<_> = idx.iter().map(|&i| &data.corpus.docs[i]).collect();
    let segs: Vec<_> = idx.iter().map(|&i| &data.segs[i]).collect();
    let toks: Vec<_> = idx.iter().map(|&i| &data.tokens[i]).collect();
    let k = jointstat::compare::kwic::kwic(
        &docs,
        &segs,
        &toks,
        &jointstat::compare::kwic::KwicOptions { pattern, regex, token, width, sort },
    )?;
    println!("{} concordance lines", k.height());
    let col = |n: &str| -> Result<Vec<String>> {
        Ok(k.column(n)?
            .cast(&polars::prelude::DataType::String)?
            .str()?
            .iter()
            .map(|x| x.unwrap_or("").to_string())
            .collect())
    };
    let (ids, arts, left, node, right) = (col("doc_id")?, col("article")?, col("left")?, col("node")?, col("right")?);
    let tty = output::colour_stdout();
    let lw = left.iter().take(common.limit).map(|l| jointstat::charts::text_px(l, 2) / 2).max().unwrap_or(0) as usize;
    for i in 0..k.height().min(common.limit) {
        let pad = lw.saturating_sub(jointstat::charts::text_px(&left[i], 2) as usize / 2);
        let n = if tty { format!("\x1b[1;31m{}\x1b[0m", node[i]) } else { format!("[{}]", node[i]) };
        println!("{:<16} {:>3}  {}{} {} {}", ids[i], arts[i], " ".repeat(pad), left[i], n, right[i]);
    }
    if let Some(p) = &common.out {
        output::export(&k, p)?;
        eprintln!("written: {}", p.display());
    }
    Ok(())
}
