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
    /// without computing or printing any figure of the sealed folds.
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
    /// Write the held-out (sealed-fold) agreement of these rules, keyed by the sha256 of the
    /// rules, user dictionary, model, gold and folds, to this file (the project's is
    /// corpus/gold/heldout_agreement.md, which `analyze` prints for corpora without the gold
    /// statements); then exit.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["gold", "train_model", "cv", "tuning_errors"])]
    pub record_heldout: Option<PathBuf>,
    /// Write a coding sheet of the corpus to this file — every sentence in jointstat's
    /// segmentation (doc_id, sentence, text_sha, article, text), without any label of the tool —
    /// for hand-labelling your own statements blind to the tool; then exit. Label it to
    /// corpus/codebook.md and score it with --external --gold.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["gold", "train_model", "cv", "tuning_errors", "record_heldout", "external"])]
    pub coding_sheet: Option<PathBuf>,
    /// Score --gold as labels of statements outside the reference gold (e.g. your own, coded on a
    /// --coding-sheet): every matched sentence counts as unseen, no folds apply; with
    /// --second-coder, the inter-coder agreement; with --one-china-gold, the One-China elements.
    #[arg(long, requires = "gold", conflicts_with_all = ["train_model", "cv", "tuning_errors", "record_heldout"])]
    pub external: bool,
    /// With --external: One-China element gold of those statements (columns of
    /// corpus/gold/one_china_gold.tsv).
    #[arg(long, value_name = "FILE", requires = "external")]
    pub one_china_gold: Option<PathBuf>,
    /// With --one-china-gold: a second coder's One-China elements of the same statements.
    #[arg(long, value_name = "FILE", requires = "one_china_gold")]
    pub one_china_second_coder: Option<PathBuf>,
    /// With --external: also write the compact out-of-corpus record, keyed by the sha256 of the
    /// rules, user dictionary and model, to this file (the project's is
    /// corpus/gold/external/agreement.md, which `analyze` prints when the key matches).
    #[arg(long, value_name = "FILE", requires = "external")]
    pub record_external: Option<PathBuf>,
    /// With --external: write every sentence where the tool disagrees with --gold (text, both
    /// labels, the deciding rule) to this file, for developing rules on that set (it is no longer
    /// unseen afterwards; do not commit the file: it quotes the texts).
    #[arg(long, value_name = "FILE", requires = "external")]
    pub external_errors: Option<PathBuf>,
}

/// Run `jointstat validate`.
pub fn run(args: ValidateArgs) -> Result<()> {
    let ValidateArgs {
        corpus,
        tokens,
        gold,
        second_coder,
        out,
        tuning_errors,
        cv,
        tuning_only,
        train_model,
        record_heldout,
        coding_sheet,
        external,
        one_china_gold,
        one_china_second_coder,
        record_external,
        external_errors,
    } = args;
    use jointstat::clauses::validate;
    if let Some(p) = coding_sheet {
        let c = jointstat::ingest::load_corpus(&corpus.corpus, &corpus.ingest())?;
        for pr in &c.problems {
            eprintln!("{pr}");
        }
        output::write_atomic(&p, validate::coding_sheet(&c).as_bytes())?;
        eprintln!("written: {} ({} statements)", p.display(), c.docs.len());
        return Ok(());
    }
    if external {
        let files = ExternalFiles {
            gold: gold.as_deref(),
            second_coder: second_coder.as_deref(),
            one_china_gold: one_china_gold.as_deref(),
            one_china_second: one_china_second_coder.as_deref(),
            out: out.as_deref(),
            record: record_external.as_deref(),
            errors: external_errors.as_deref(),
        };
        return run_external(&corpus, &tokens, &files);
    }
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
    let tokenizer = tokens.tokenizer()?;
    let (segs, labels) = validate::label_docs(&c, &rules, &tokenizer, &ids);
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
    if let Some(p) = record_heldout {
        if !m.skipped.is_empty() {
            bail!(
                "{} gold sentences are not in {}: a held-out record needs the whole reference corpus",
                m.skipped.len(),
                corpus.corpus.display()
            );
        }
        let rules_text = resource(tokens.rules.clone()).text(jointstat::clauses::DEFAULT_RULES)?;
        let rules_sha = jointstat::ingest::sha256_hex(rules_text.as_bytes());
        let md = validate::heldout_record(&m, &folds, &rules_sha, &tokenizer.userdict_sha256);
        output::write_atomic(&p, md.as_bytes())?;
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
    if let Some(p) = tuning_errors {
        // only the tuning folds' errors: nothing about the sealed folds is computed or printed
        output::write_atomic(&p, validate::tuning_errors(&m, &folds).as_bytes())?;
        eprintln!("written: {}", p.display());
        return Ok(());
    }
    let mut md = validate::report(&m, &first, &second, &folds);
    let er = jointstat::clauses::onechina::ElementRules::parse(
        jointstat::clauses::onechina::DEFAULT_ELEMENT_RULES,
        "corpus/one_china_elements.toml",
    )?;
    md.push_str(&validate::one_china_section_noted(
        &c,
        &segs,
        &labels,
        &rules,
        &er,
        &eg,
        validate::REFERENCE_ONE_CHINA_NOTE,
    ));
    let oc2 = "corpus/gold/one_china_second_coder.tsv";
    md.push_str(&validate::one_china_coder_section(&eg, validate::DEFAULT_ONE_CHINA_SECOND_CODER, oc2)?);
    print!("{md}");
    if let Some(p) = out {
        output::write_atomic(&p, md.as_bytes())?;
        eprintln!("written: {}", p.display());
    }
    Ok(())
}

/// The files of `jointstat validate --external`.
struct ExternalFiles<'a> {
    gold: Option<&'a std::path::Path>,
    second_coder: Option<&'a std::path::Path>,
    one_china_gold: Option<&'a std::path::Path>,
    one_china_second: Option<&'a std::path::Path>,
    out: Option<&'a std::path::Path>,
    record: Option<&'a std::path::Path>,
    errors: Option<&'a std::path::Path>,
}

/// `jointstat validate --external`: score gold labels of statements outside the reference gold.
fn run_external(corpus: &CorpusArgs, tokens: &TokenArgs, files: &ExternalFiles<'_>) -> Result<()> {
    use jointstat::clauses::validate;
    let ExternalFiles { gold, second_coder, one_china_gold, one_china_second, out, record, errors } = *files;
    let read_file = |p: &std::path::Path| -> Result<String> {
        anyhow::Context::with_context(std::fs::read_to_string(p), || format!("cannot read {}", p.display()))
    };
    let Some(gold) = gold else { bail!("--external needs --gold FILE") };
    let gold_name = gold.display().to_string();
    let gold_text = read_file(gold)?;
    let first = validate::read_gold(&gold_text, &gold_name)?;
    let second = match second_coder {
        Some(p) => validate::read_gold(&read_file(p)?, &p.display().to_string())?,
        None => Vec::new(),
    };
    let eg = match one_china_gold {
        Some(p) => validate::read_element_gold(&read_file(p)?, &p.display().to_string())?,
        None => Vec::new(),
    };
    let c = jointstat::ingest::load_corpus(&corpus.corpus, &corpus.ingest())?;
    for pr in &c.problems {
        eprintln!("{pr}");
    }
    let rules = tokens.clause_rules()?;
    let tokenizer = tokens.tokenizer()?;
    let ids: std::collections::BTreeSet<&str> =
        first.iter().map(|g| g.doc_id.as_str()).chain(eg.iter().map(|g| g.doc_id.as_str())).collect();
    let (segs, labels) = validate::label_docs(&c, &rules, &tokenizer, &ids);
    let m = validate::match_labels(&c, &segs, &labels, &first);
    if m.items.is_empty() {
        bail!("none of the {} sentences of {gold_name} is in {}", first.len(), corpus.corpus.display());
    }
    let folds = validate::read_folds(validate::DEFAULT_FOLDS, "corpus/gold/folds.tsv")?;
    let mut md = validate::external_report(&m, &first, &second, &folds, &gold_name);
    if let Some(p) = one_china_gold {
        let er = jointstat::clauses::onechina::ElementRules::parse(
            jointstat::clauses::onechina::DEFAULT_ELEMENT_RULES,
            "corpus/one_china_elements.toml",
        )?;
        let known = eg.iter().filter(|g| folds.contains_key(&g.doc_id)).count();
        let note = if known == 0 {
            format!("Gold: {} (blind to the tool). None of these statements is in the reference corpus's One-China gold, on which the element rules were developed: these figures are out of sample.", p.display())
        } else {
            format!("Gold: {}. Caution: {known} of its rows are of statements in the reference gold, on which the element rules were developed: not an estimate for unseen statements.", p.display())
        };
        md.push_str(&validate::one_china_section_noted(&c, &segs, &labels, &rules, &er, &eg, &note));
        if let Some(q) = one_china_second {
            let text = read_file(q)?;
            md.push_str(&validate::one_china_coder_section(&eg, Some(&text), &q.display().to_string())?);
        }
    }
    print!("{md}");
    if let Some(p) = out {
        output::write_atomic(p, md.as_bytes())?;
        eprintln!("written: {}", p.display());
    }
    if let Some(p) = errors {
        output::write_atomic(p, validate::external_errors(&m).as_bytes())?;
        eprintln!("written: {}", p.display());
    }
    if let Some(p) = record {
        let rules_text = resource(tokens.rules.clone()).text(jointstat::clauses::DEFAULT_RULES)?;
        let rules_sha = jointstat::ingest::sha256_hex(rules_text.as_bytes());
        let gold_sha = jointstat::ingest::sha256_hex(gold_text.as_bytes());
        let rec = validate::external_record(&m, &first, &second, &rules_sha, &tokenizer.userdict_sha256, &gold_sha);
        output::write_atomic(p, rec.as_bytes())?;
        eprintln!("written: {}", p.display());
    }
    Ok(())
}
