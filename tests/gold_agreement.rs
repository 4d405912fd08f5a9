//! The clause labels against the gold standard of corpus/gold/ (labelled blind to the tool's
//! output, to corpus/codebook.md), through the real CLI: `jointstat validate`.
//!
//! The floors are the out-of-sample agreement measured live by `jointstat validate` (see the
//! README's "Clause analysis" section): on the sealed folds with the model trained on the tuning
//! folds only, and by 5-fold cross-validation by statement over all statements; a change that
//! makes the classifier worse on statements it was not developed on fails here. Inter-coder κ is checked against a value computed independently
//! (a 20-line Python computation of Cohen's κ from the two TSV files, no shared code).

mod common;

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// `jointstat validate` on the reference corpus, run once for all tests of this file.
fn validate_md() -> &'static str {
    static MD: OnceLock<String> = OnceLock::new();
    MD.get_or_init(|| {
        let c = common::corpus();
        common::ok(&["validate", "--corpus", c.to_str().unwrap()])
    })
}

/// `| field | n | agreement | CI | κ | CI |` rows of one `### title…` section.
fn section(md: &str, title: &str) -> BTreeMap<String, Vec<String>> {
    let start = md.find(&format!("### {title}")).unwrap_or_else(|| panic!("section {title} missing:\n{md}"));
    let rest = &md[start..];
    let end = rest[4..].find("### ").map_or(rest.len(), |e| e + 4);
    rest[..end]
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| field") && !l.starts_with("| label"))
        .map(|l| {
            let cells: Vec<String> = l.trim_matches('|').split('|').map(|c| c.trim().to_string()).collect();
            (cells[0].clone(), cells)
        })
        .collect()
}

fn num(cells: &[String], k: usize) -> f64 {
    cells[k].parse().unwrap_or_else(|_| panic!("not a number: {cells:?}[{k}]"))
}

#[test]
fn clause_labels_against_the_gold_standard() {
    let md = validate_md();
    println!("{md}");
    let unseen = section(md, "Held out: sealed folds 4, 5");
    let actor = num(&unseen["actor"], 2);
    let act = num(&unseen["main act"], 2);
    let topics = unseen.iter().find(|(k, _)| k.starts_with("topics")).map(|(_, v)| num(v, 2)).unwrap();
    // every gold sentence is scored: none skipped because its text changed
    assert!(md.contains("0 skipped"), "gold labels no longer match the segmentation:\n{md}");
    assert!(actor >= ACTOR_FLOOR, "actor agreement {actor} < {ACTOR_FLOOR}");
    assert!(act >= ACT_FLOOR, "main-act agreement {act} < {ACT_FLOOR}");
    assert!(topics >= TOPIC_F1_FLOOR, "topic micro-F1 {topics} < {TOPIC_F1_FLOOR}");
    // negated pledges found on the held-out statements
    let held = &md[md.find("### Held out").unwrap()..md.find("### Tuning folds").unwrap()];
    let line = held.lines().find(|l| l.starts_with("Negated pledges")).expect("negated pledges line");
    let nums: Vec<usize> = line.split(|c: char| !c.is_ascii_digit()).filter_map(|x| x.parse().ok()).collect();
    assert_eq!(nums.len(), 2, "{line}");
    assert!(nums[0] >= PLEDGES_FOUND_FLOOR && nums[1] == 14, "{line}");
    // the held-out set is the 19 sealed statements that were never development statements
    assert!(md.contains("### Held out: sealed folds 4, 5: 767 sentences of 19 statements"), "{md}");
    // the intervals bracket the estimates
    for (k, v) in &unseen {
        if let Some((lo, hi)) = v[3].split_once('–') {
            let (lo, hi): (f64, f64) = (lo.parse().unwrap(), hi.parse().unwrap());
            assert!(lo <= num(v, 2) && num(v, 2) <= hi, "{k}: {v:?}");
        }
    }
}

#[test]
fn cross_validation_of_rules_against_the_hybrid() {
    let md = validate_md();
    let cv = section(md, "Cross-validation: rules alone vs hybrid");
    assert!(
        md.contains(
            "(a) 5-fold cross-validation by statement over all labelled statements (1971 sentences of 52 statements)"
        ),
        "{md}"
    );
    assert!(md.contains("The clean figure (767 sentences of 19 statements)"), "{md}");
    // columns: field | (a) rules | CI | (a) hybrid | CI | (b) rules | CI | (b) hybrid | CI | deployed
    for (field, a_rules, a_hybrid, b_rules, b_hybrid, deployed) in CV_FIGURES {
        let row = &cv[field];
        for (k, want) in [(1, a_rules), (3, a_hybrid), (5, b_rules), (7, b_hybrid)] {
            let got = num(row, k);
            assert!(got >= want - CV_MARGIN, "{field} column {k}: {got} < {want} - {CV_MARGIN}\n{row:?}");
        }
        assert_eq!(row[9], deployed, "{field}: {row:?}");
    }
    // the deployed model is the one today's numbers choose: with rules versions 3 and 4 none, with
    // version 5 the main act
    assert!(md.contains("By today's numbers: act. Deployed (corpus/clause_model.tsv): act."), "{md}");
    // the per-section figures are those of the deployed configuration: the main-act agreement of
    // all statements is the (a) hybrid figure, that of the held-out folds the (b) hybrid one
    let all = section(md, "All labelled statements");
    assert_eq!(all["main act"][2], cv["main act"][3], "{md}");
    let held = section(md, "Held out: sealed folds 4, 5");
    assert_eq!(held["main act"][2], cv["main act"][7], "{md}");
    assert_eq!(held["actor"][2], cv["actor"][5], "actor stays with the rules: {md}");
}

#[test]
fn the_development_cross_validation_never_touches_a_sealed_statement() {
    let c = common::corpus();
    let md = common::ok(&["validate", "--corpus", c.to_str().unwrap(), "--cv", "--tuning-only"]);
    assert!(md.contains("### Cross-validation inside the tuning folds only"), "{md}");
    // folds 1-3 only: 1,160 sentences of 32 statements, and no clean (b) figure at all
    assert!(md.contains("(1160 sentences of 32 statements)"), "{md}");
    assert!(md.contains("(0 sentences of 0 statements)"), "{md}");
    let cv = section(&md, "Cross-validation inside the tuning folds only");
    assert_eq!(cv["main act"][5], "–", "{md}");
    // the rules on the tuning folds they were developed on (in-sample, not a figure to cite):
    // version 2 actor 0.959, main act 0.914; version 3 actor 0.977, main act 0.947
    for (field, floor) in [("actor", 0.972), ("main act", 0.942), ("negated", 0.988)] {
        let got = num(&cv[field], 1);
        assert!(got >= floor, "tuning folds, rules: {field} {got} < {floor}");
    }
}

#[test]
fn a_fresh_training_run_reproduces_the_committed_model() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("model.tsv");
    let c = common::corpus();
    common::ok(&["validate", "--corpus", c.to_str().unwrap(), "--train-model", out.to_str().unwrap()]);
    let fresh = std::fs::read_to_string(&out).unwrap();
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/clause_model.tsv")).unwrap();
    assert!(fresh == committed, "corpus/clause_model.tsv is not what training produces now: regenerate it");
    assert!(committed.contains("\n# deployed: act\n"), "deployed fields changed");
}

#[test]
fn inter_coder_kappa_matches_an_independent_computation() {
    let md = validate_md();
    let ic = section(md, "Inter-coder agreement");
    for (field, kappa) in INTER_CODER_KAPPA {
        let got = num(&ic[field], 4);
        assert!((got - kappa).abs() < 5e-4, "{field}: κ {got} vs independent {kappa}");
    }
}

#[test]
fn one_china_elements_against_their_blind_gold_standard() {
    let md = validate_md();
    let oc = section(md, "One-China elements against the blind gold standard");
    assert!(md.contains("572 (statement, element) rows of 52 statements"), "{md}");
    // first score, rules written from the codebook only: present 0.997, stance 0.895, actor 0.669,
    // negated 1.000; after one fix (a cue inside 一个中国的政策 is no holder; found by the fixture
    // test in tests/clauses_agreement.rs, made after that first aggregate score): actor 0.911
    for (field, floor) in [
        ("present", 0.99),
        ("stance (both present)", 0.89),
        ("actor (both present)", 0.90),
        ("negated (both present)", 1.0),
    ] {
        let got = num(&oc[field], 2);
        assert!(got >= floor, "{field}: {got} < {floor}");
    }
}

#[test]
fn a_changed_sentence_is_skipped_not_misscored() {
    // fixture: one gold row whose text_sha does not match the tool's sentence
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("gold.tsv");
    std::fs::write(
        &g,
        "doc_id\tsentence\ttext_sha\tactor\tmain_act\tnegated\ttopics\n\
         2003-06-03_KZ\t0\t0000000000000000\tchina\tnarrative\tfalse\t\n\
         2003-06-03_KZ\t1\t\tjoint\tnarrative\tfalse\t\n",
    )
    .unwrap();
    let c = common::corpus();
    let md = common::ok(&["validate", "--corpus", c.to_str().unwrap(), "--gold", g.to_str().unwrap()]);
    assert!(md.contains("(1 scored, 1 skipped)"), "{md}");
    assert!(md.contains("the sentence text changed since it was labelled"), "{md}");
}

/// Cross-validated figures (field, (a) rules, (a) hybrid, (b) rules, (b) hybrid, deployed), measured
/// live when the learned model was added (rules version 2); each must stay within CV_MARGIN below.
/// With rules version 3 the decision rule deploys no field (the main act went back to the rules);
/// with rules version 5 it deploys the model for the main act again (by one sentence of the
/// sealed folds, with (a) equal). The figures below are version 5's (version 3: actor
/// 0.966/0.965/0.948/0.941, main act 0.925/0.922/0.889/0.889, topics 0.862/0.849/0.824/0.815;
/// version 4: 0.975/0.971/0.965/0.954, 0.926/0.924/0.889/0.890, 0.862/0.850/0.826/0.816).
const CV_FIGURES: [(&str, f64, f64, f64, f64, &str); 3] = [
    ("actor", 0.975, 0.974, 0.966, 0.956, "rules"),
    ("main act", 0.925, 0.925, 0.888, 0.889, "hybrid"),
    ("topics (micro-F1)", 0.863, 0.848, 0.827, 0.818, "rules"),
];
const CV_MARGIN: f64 = 0.008;

// Floors = the held-out figures (sealed folds 4-5 of corpus/gold/folds.tsv, 767 sentences of 19
// statements never inspected while developing the rules), minus a small margin. Rules version 2:
// actor 0.944, main act 0.874 (0.879 with the learned model), topic micro-F1 0.813. Rules
// version 3 (scored once, 2026-12-01): actor 0.948, main act 0.889, topic micro-F1 0.824,
// negated pledges 13 of 14. Rules version 4 (developed on the first out-of-corpus set, scored
// once on the sealed folds, 2026-12-01): actor 0.965, main act 0.889, topic micro-F1 0.826.
// Rules version 5 (developed on both out-of-corpus sets; scored once): actor 0.966, main act
// 0.889 (hybrid; rules 0.888), topic micro-F1 0.827.
// (Rules version 1 on the 49 non-development statements: actor 0.894, main act 0.686, topic
// micro-F1 0.738.) Issue 11's targets: actor 0.95 reached; main act 0.90 and topics 0.85 not.
const ACTOR_FLOOR: f64 = 0.955;
const ACT_FLOOR: f64 = 0.880;
const TOPIC_F1_FLOOR: f64 = 0.815;
const PLEDGES_FOUND_FLOOR: usize = 13;

/// From tests/reference/kappa_reference.py (200 sentences coded twice).
const INTER_CODER_KAPPA: [(&str, f64); 3] = [("actor", 1.0), ("main act", 0.938875), ("negated", 0.659864)];

/// corpus/gold/heldout_agreement.md — what `analyze` prints for corpora without the gold
/// statements — is exactly what `validate --record-heldout` computes today with the built-in rules,
/// user dictionary, model, gold and folds; a rule change without re-recording fails here.
#[test]
fn the_recorded_heldout_agreement_is_current() {
    let c = common::corpus();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("heldout.md");
    common::ok(&["validate", "--corpus", c.to_str().unwrap(), "--record-heldout", path.to_str().unwrap()]);
    let now = std::fs::read_to_string(&path).unwrap();
    let committed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/gold/heldout_agreement.md"),
    )
    .unwrap();
    assert!(now.starts_with("<!-- jointstat held-out agreement record; clause rules sha256 "), "{now}");
    assert!(now.contains("| main act | "), "{now}");
    assert_eq!(
        committed, now,
        "corpus/gold/heldout_agreement.md is stale: regenerate it with `jointstat validate --record-heldout corpus/gold/heldout_agreement.md`"
    );
}
