//! Shared helpers for the integration tests: where the reference corpus is, and running the CLI.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The reference corpus: `JOINTSTAT_CORPUS`, else `../shared/corpus` beside the checkout.
pub fn corpus() -> PathBuf {
    let p = std::env::var_os("JOINTSTAT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    assert!(p.join("manifest.csv").is_file(), "reference corpus not found at {} (set JOINTSTAT_CORPUS)", p.display());
    p
}

/// Run the jointstat binary with arguments; returns its output.
pub fn jointstat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jointstat"))
        .args(args)
        .env_remove("JOINTSTAT_FONT")
        .output()
        .expect("run jointstat")
}

/// Run and require success, returning stdout.
pub fn ok(args: &[&str]) -> String {
    let o = jointstat(args);
    assert!(o.status.success(), "jointstat {:?} failed ({}):\n{}", args, o.status, String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).expect("utf-8 stdout")
}

/// A CSV file as rows of strings, header first.
pub fn read_csv(p: &std::path::Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    rdr.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect()
}

/// Run a command on the reference corpus with `--out t.csv`; the exported rows, header first.
pub fn export_rows(args: &[&str]) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.csv");
    let c = corpus();
    let mut a: Vec<&str> = args.to_vec();
    a.extend(["--corpus", c.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    ok(&a);
    read_csv(&out)
}

/// Run `analyze --corpus CORPUS --out OUT EXTRA…` into a folder of the caller (usually a
/// tempdir); its output, whether it succeeded or not.
pub fn analyze(corpus: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["analyze", "--corpus", corpus.to_str().unwrap(), "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    jointstat(&args)
}

/// `analyze -q EXTRA…` on the reference corpus into `out`, required to succeed; the report
/// folder (named after the default focus, 2003-06-03_KZ).
pub fn analyze_reference(out: &Path, extra: &[&str]) -> PathBuf {
    let o = analyze(&corpus(), out, &[&["-q"], extra].concat());
    assert!(o.status.success(), "analyze {extra:?} failed ({}):\n{}", o.status, String::from_utf8_lossy(&o.stderr));
    out.join("2003-06-03_KZ")
}

/// The One-China element findings of the first statement of the fixture corpus in `dir`
/// (a manifest or a plain folder), with the built-in rules, element rules and dictionary.
pub fn first_statement_elements(dir: &Path) -> Vec<jointstat::clauses::onechina::ElementFinding> {
    use jointstat::clauses::onechina::{elements, ElementRules, DEFAULT_ELEMENT_RULES};
    use jointstat::clauses::{classify_doc, ClauseRules, DEFAULT_RULES};
    use jointstat::tokenize::{Tokenizer, DEFAULT_STOPWORDS, DEFAULT_USERDICT};
    let c = jointstat::ingest::load_corpus(dir, &jointstat::ingest::IngestOptions::default()).unwrap();
    let rules = ClauseRules::parse(DEFAULT_RULES, "rules").unwrap();
    let er = ElementRules::parse(DEFAULT_ELEMENT_RULES, "elements").unwrap();
    let tok = Tokenizer::from_texts(DEFAULT_USERDICT, DEFAULT_STOPWORDS).unwrap();
    let d = &c.docs[0];
    let s = jointstat::segment::segment(d);
    let labels = classify_doc(&rules, d, &s, &tok.tokenize_doc(d, &s));
    elements(&er, &rules, d, &s, &labels)
}

/// A hand-written fixture statement (not a real one), written to a temporary plain folder and
/// labelled with the built-in clause rules and dictionary: each sentence's text with its label.
pub fn label_fixture(fixture: &str) -> Vec<(String, jointstat::clauses::SentenceLabel)> {
    label_fixture_with(fixture, jointstat::clauses::DEFAULT_RULES)
}

/// [`label_fixture`] with other clause rules (the text of a rules file).
pub fn label_fixture_with(fixture: &str, rules: &str) -> Vec<(String, jointstat::clauses::SentenceLabel)> {
    use jointstat::clauses::{classify_doc, ClauseRules};
    use jointstat::tokenize::{Tokenizer, DEFAULT_STOPWORDS, DEFAULT_USERDICT};
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("texts")).unwrap();
    std::fs::write(dir.path().join("texts/fixture.txt"), fixture).unwrap();
    let c = jointstat::ingest::load_corpus(dir.path(), &jointstat::ingest::IngestOptions::default()).unwrap();
    let rules = ClauseRules::parse(rules, "rules").unwrap();
    let tok = Tokenizer::from_texts(DEFAULT_USERDICT, DEFAULT_STOPWORDS).unwrap();
    let d = &c.docs[0];
    let s = jointstat::segment::segment(d);
    let labels = classify_doc(&rules, d, &s, &tok.tokenize_doc(d, &s));
    let text: Vec<char> = d.body_text().chars().collect();
    s.sentences.iter().zip(labels).map(|(x, l)| (text[x.char_start..x.char_end].iter().collect(), l)).collect()
}

/// The label of the first sentence of [`label_fixture`]'s output that contains `needle`.
pub fn label_of<'a>(
    labels: &'a [(String, jointstat::clauses::SentenceLabel)],
    needle: &str,
) -> &'a jointstat::clauses::SentenceLabel {
    &labels.iter().find(|(t, _)| t.contains(needle)).unwrap_or_else(|| panic!("no sentence with {needle}")).1
}

/// The expectations `(needle, actor, main act, negated, act_rule prefix)` that the labels of the
/// sentences holding `needle` do not meet, one message each (an empty prefix checks no rule).
pub fn label_mismatches(
    labels: &[(String, jointstat::clauses::SentenceLabel)],
    expect: &[(&str, &str, &str, bool, &str)],
) -> Vec<String> {
    let mut wrong = Vec::new();
    for &(needle, actor, act, neg, rule) in expect {
        let l = label_of(labels, needle);
        if (l.actor.name(), l.main_act.as_str(), l.negated) != (actor, act, neg) || !l.act_rule.starts_with(rule) {
            let by = if rule.is_empty() { String::new() } else { format!(" by {rule}") };
            wrong.push(format!(
                "{needle}: expected {actor}/{act}/{neg}{by}, got {}/{}/{} ({})",
                l.actor.name(),
                l.main_act,
                l.negated,
                l.act_rule
            ));
        }
    }
    wrong
}
