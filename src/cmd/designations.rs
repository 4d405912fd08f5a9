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
    use polars::prelude::{Column, DataFrame};
    let res = resource(rules_file);
    let rules =
        DesignationRules::parse(&res.text(des::DEFAULT_DESIGNATION_RULES)?, &res.describe("corpus/designations.toml"))?;
    let data = prepare(&common)?;
    let p = data.view();
    let idx = p.select(parse_filter(&common.filter)?.as_ref())?;
    let mut cols: [Vec<String>; 10] = Default::default();
    let mut levels: Vec<Option<i64>> = Vec::new();
    for &i in &idx {
        let d = &data.corpus.docs[i];
        let ms = des::mentions(&rules, d, &data.segs[i]);
        let rows: Vec<Option<&des::Mention>> =
            if mentions { ms.iter().map(Some).collect() } else { vec![des::statement_designation(&ms)] };
        for m in rows {
            if mentions && m.is_none() {
                continue;
            }
            let date = d.date().map(|x| x.to_string()).unwrap_or_default();
            let vals = [
                d.id.clone(),
                date,
                d.partner().to_string(),
                m.map(|m| m.designation.clone()).unwrap_or_default(),
                m.map(|m| m.verb.to_string()).unwrap_or_else(|| "none".into()),
                m.map(|m| m.cue.clone()).unwrap_or_default(),
                m.map(|m| m.scope.to_string()).unwrap_or_default(),
                m.map(|m| m.sentence.to_string()).unwrap_or_default(),
                m.map(|m| m.phrase.clone()).unwrap_or_default(),
                m.map(|m| m.evidence.clone()).unwrap_or_default(),
            ];
            for (c, v) in cols.iter_mut().zip(vals) {
                c.push(v);
            }
            levels.push(m.map(|m| m.level as i64));
        }
    }
    let names = ["doc_id", "date", "partner", "designation", "verb", "cue", "scope", "sentence", "phrase", "evidence"];
    let mut columns: Vec<Column> = names.iter().zip(cols).map(|(n, v)| Column::new((*n).into(), v)).collect();
    columns.insert(4, Column::new("level".into(), levels));
    let df = DataFrame::new_infer_height(columns)?;
    show(&df, &common, if mentions { "designation mentions" } else { "designations per statement" })
}
