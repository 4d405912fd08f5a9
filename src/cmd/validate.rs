//! `jointstat validate` (its help text is the doc comment of its variant of `Cmd` in `cmd/mod.rs`).

use super::*;

// Arguments of `jointstat validate` (their help: `jointstat validate --help`).
#[derive(Args, Debug)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,
    #[command(flatten)]
    pub tokens: TokenArgs,
    /// Gold labels (TSV; default: corpus/gold/clauses_gold.tsv, built in).
    #[arg(long)]
    pub gold: Option<PathBuf>,
    /// Second coder's labels for inter-coder agreement (default: corpus/gold/clauses_second_coder.tsv).
    #[arg(long)]
    pub second_coder: Option<PathBuf>,
    /// Also write the Markdown to this file.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write the tool's errors on the tuning folds (never the sealed ones) to this file, with
    /// sentence texts, for developing rules (do not commit it: it quotes the corpus); then exit
    /// without printing the report (which shows the sealed folds' figures).
    #[arg(long)]
    pub tuning_errors: Option<PathBuf>,
    /// Print only the cross-validation of rules alone against rules + learned model.
    #[arg(long)]
    pub cv: bool,
    /// With --cv: cross-validate inside the tuning folds only (never touches a sealed
    /// statement; for developing the model).
    #[arg(long, requires = "cv")]
    pub tuning_only: bool,
    /// Train the learned clause model on all gold labels (for the fields cross-validation
    /// says it improves) and write its weights to this file (the project's is
    /// corpus/clause_model.tsv); then exit.
    #[arg(long, value_name = "FILE")]
    pub train_model: Option<PathBuf>,
}

/// Run `jointstat validate`.
pub fn run(args: ValidateArgs) -> Result<()> {
    let ValidateArgs { corpus, tokens, gold, second_coder, out, tuning_errors, cv, tuning_only, train_model } = args;
    use jointstat::clauses::validate;
    let read = |p: &Option<PathBuf>, builtin: &'static str, name: &str| -> Result<Vec<validate::GoldLabel>> {
        let r = resource(p.clone());
        Ok(validate::read_gold(&r.text(builtin)?, &r.describe(name))?)
    };
    let gold_text = resource(gold.clone()).text(validate::DEFAULT_GOLD)?;
    let first = read(&gold, validate::DEFAULT_GOLD, "corpus/gold/clauses_gold.tsv")?;
    let second = read(&second_coder, validate::DEFAULT_SECOND_CODER, "corpus/gold/clauses_second_coder.tsv")?;
    let c = jointstat::ingest::load_corpus(&corpus.corpus, &corpus.ingest())?;
    let rules = tokens.clause_rules()?;
    let eg = validate::read_element_gold(validate::DEFAULT_ONE_CHINA_GOLD, "corpus/gold/one_china_gold.tsv")?;
    // every statement of either gold standard is segmented, tokenized and classified once
    let ids: std::collections::BTreeSet<&str> =
        first.iter().map(|g| g.doc_id.as_str()).chain(eg.iter().map(|g| g.doc_id.as_str())).collect();
    let (segs, labels) = validate::label_docs(&c, &rules, &tokens.tokenizer()?, &ids);
    let m = validate::match_labels(&c, &segs, &labels, &first);
    if m.items.is_empty() {
        bail!(
            "none of the {} gold sentences is in {} (the gold standard is of the reference corpus)",
            first.len(),
            corpus.corpus.display()
        );
    }
    let folds = validate::read_folds(validate::DEFAULT_FOLDS, "corpus/gold/folds.tsv")?;
    if let Some(p) = train_model {
        let tsv = validate::train_model(&m, &folds, &gold_text, &rules.version);
        output::write_atomic(&p, tsv.as_bytes())?;
        eprintln!("written: {}", p.display());
        return Ok(());
    }
    if cv {
        let md = validate::cv_markdown(&m, &folds, tuning_only);
        print!("{md}");
        if let Some(p) = out {
            output::write_atomic(&p, md.as_bytes())?;
            eprintln!("written: {}", p.display());
        }
        return Ok(());
    }
    // the errors file alone: the full report below shows the sealed folds' figures, which a rule
    // developer must not see (corpus/codebook.md, evaluation protocol)
    if let Some(p) = &tuning_errors {
        output::write_atomic(p, validate::tuning_errors(&m, &folds).as_bytes())?;
        eprintln!("written: {}", p.display());
        return Ok(());
    }
    let mut md = validate::report(&m, &first, &second, &folds);
    let er = jointstat::clauses::onechina::ElementRules::parse(
        jointstat::clauses::onechina::DEFAULT_ELEMENT_RULES,
        "corpus/one_china_elements.toml",
    )?;
    md.push_str(&validate::one_china_section_labelled(&c, &segs, &labels, &rules, &er, &eg));
    let oc2 = "corpus/gold/one_china_second_coder.tsv";
    md.push_str(&validate::one_china_coder_section(&eg, validate::DEFAULT_ONE_CHINA_SECOND_CODER, oc2)?);
    print!("{md}");
    if let Some(p) = out {
        output::write_atomic(&p, md.as_bytes())?;
        eprintln!("written: {}", p.display());
    }
    Ok(())
}
