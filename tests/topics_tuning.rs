//! Topic labels against the gold standard on the TUNING folds only (folds 1–3 of
//! corpus/gold/folds.tsv), per fold and per topic, with precision, recall and F1.
//!
//! Sealed statements (folds 4–5) are never classified here: the gold rows are filtered to the
//! tuning folds before anything is labelled, so this file can be run freely while developing the
//! topic lexicons (the held-out figure is `jointstat validate`'s, scored once at the end).
//! Protocol (corpus/codebook.md): the lexicons are developed on folds 1–2 and every change is
//! checked on fold 3 before it is kept.
//!
//! Run with `--nocapture` to see the table. Developer switches (environment variables):
//! `TOPIC_RULES=FILE` scores another rules file; `TOPIC_DUMP=FILE` writes every sentence of folds
//! 1–2 with its gold and tool topics, the keywords that fired and its text (a file that quotes
//! the corpus: keep it out of the repository).

mod common;

use jointstat::clauses::validate::{match_gold, read_folds, read_gold, DEFAULT_FOLDS, DEFAULT_GOLD, SEALED_FOLDS};
use jointstat::clauses::{ClauseRules, DEFAULT_RULES};
use jointstat::ingest::{load_corpus, IngestOptions};
use jointstat::tokenize::{Tokenizer, DEFAULT_STOPWORDS, DEFAULT_USERDICT};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// (tp, fp, fn) counts.
#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn add(&mut self, gold: bool, tool: bool) {
        match (gold, tool) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => {}
        }
    }
    fn p(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn r(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
    fn f1(&self) -> f64 {
        2.0 * self.tp as f64 / (2 * self.tp + self.fp + self.fn_).max(1) as f64
    }
}

/// Per (fold, topic) counts and per fold micro counts on the tuning folds; folds 1–2 dumped on
/// request.
struct TuningScores {
    /// fold → topic → counts.
    per_topic: BTreeMap<u32, BTreeMap<String, Counts>>,
    /// fold → (sentences, statements, micro counts).
    micro: BTreeMap<u32, (usize, BTreeSet<String>, Counts)>,
}

fn score() -> TuningScores {
    let rules_text = match std::env::var("TOPIC_RULES") {
        Ok(p) => std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}")),
        Err(_) => DEFAULT_RULES.to_string(),
    };
    let rules = ClauseRules::parse(&rules_text, "rules").unwrap();
    let folds = read_folds(DEFAULT_FOLDS, "corpus/gold/folds.tsv").unwrap();
    // the sealed statements are dropped BEFORE anything is classified
    let gold: Vec<_> = read_gold(DEFAULT_GOLD, "corpus/gold/clauses_gold.tsv")
        .unwrap()
        .into_iter()
        .filter(|g| folds.get(&g.doc_id).is_some_and(|f| !SEALED_FOLDS.contains(f)))
        .collect();
    let corpus = load_corpus(&common::corpus(), &IngestOptions::default()).unwrap();
    let tok = Tokenizer::from_texts(DEFAULT_USERDICT, DEFAULT_STOPWORDS).unwrap();
    let m = match_gold(&corpus, &rules, &tok, &gold);
    assert!(m.skipped.is_empty(), "{} tuning-fold gold sentences skipped", m.skipped.len());
    let names: Vec<String> = rules.topic_names().iter().map(|s| s.to_string()).collect();
    let mut per_topic: BTreeMap<u32, BTreeMap<String, Counts>> = BTreeMap::new();
    let mut micro: BTreeMap<u32, (usize, BTreeSet<String>, Counts)> = BTreeMap::new();
    let mut dump = String::new();
    for x in &m.items {
        let fold = folds[&x.gold.doc_id];
        assert!(!SEALED_FOLDS.contains(&fold));
        let tool: BTreeSet<String> = x.tool.topics.iter().cloned().collect();
        let e = micro.entry(fold).or_default();
        e.0 += 1;
        e.1.insert(x.gold.doc_id.clone());
        for t in &names {
            let (g, p) = (x.gold.topics.contains(t), tool.contains(t));
            per_topic.entry(fold).or_default().entry(t.clone()).or_default().add(g, p);
            e.2.add(g, p);
        }
        if fold <= 2 {
            let j = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(";");
            let _ = writeln!(
                dump,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                x.gold.doc_id,
                x.gold.sentence,
                fold,
                j(&x.gold.topics),
                j(&tool),
                x.tool.keywords.join(","),
                x.text.replace(['\t', '\n'], " ")
            );
        }
    }
    if let Ok(p) = std::env::var("TOPIC_DUMP") {
        std::fs::write(&p, dump).unwrap();
    }
    TuningScores { per_topic, micro }
}

fn report(s: &TuningScores) -> String {
    let mut out = String::from("fold | sentences | statements | micro P | micro R | micro F1\n");
    let mut all = Counts::default();
    for (f, (n, docs, c)) in &s.micro {
        let _ = writeln!(out, "{f} | {n} | {} | {:.3} | {:.3} | {:.3}", docs.len(), c.p(), c.r(), c.f1());
        all.tp += c.tp;
        all.fp += c.fp;
        all.fn_ += c.fn_;
    }
    let _ = writeln!(out, "1-3 | | | {:.3} | {:.3} | {:.3}\n", all.p(), all.r(), all.f1());
    out.push_str("topic | fold | gold | tool | tp | P | R | F1\n");
    for (f, topics) in &s.per_topic {
        for (t, c) in topics {
            let _ = writeln!(
                out,
                "{t} | {f} | {} | {} | {} | {:.3} | {:.3} | {:.3}",
                c.tp + c.fn_,
                c.tp + c.fp,
                c.tp,
                c.p(),
                c.r(),
                c.f1()
            );
        }
    }
    out
}

#[test]
fn topic_f1_per_tuning_fold() {
    let s = score();
    println!("{}", report(&s));
    // the tuning folds hold 1,160 sentences of 32 statements
    let n: usize = s.micro.values().map(|m| m.0).sum();
    let docs: usize = s.micro.values().map(|m| m.1.len()).sum();
    assert_eq!((n, docs), (1160, 32));
    for (fold, floor) in FOLD_FLOORS {
        let f1 = s.micro[&fold].2.f1();
        assert!(f1 >= floor, "fold {fold}: topic micro-F1 {f1:.3} < {floor}");
    }
}

/// Per tuning fold, the topic micro-F1 reached with rules version 3, minus 0.005. Version 2
/// reached 0.838 / 0.826 / 0.864 (folds 1 / 2 / 3); version 3 reaches 0.886 / 0.892 / 0.882
/// (lexicons developed on folds 1–2 only, every change checked on fold 3 before it was kept).
const FOLD_FLOORS: [(u32, f64); 3] = [(1, 0.881), (2, 0.887), (3, 0.877)];

/// Topic rules T2–T3 of corpus/codebook.md on a hand-written FIXTURE statement (not a corpus
/// text): an anaphor takes the previous sentence's topics within its article, never across an
/// article heading, and the keywords column says so.
#[test]
fn anaphora_on_a_fixture_statement() {
    let fixture = "中华人民共和国和示例国联合声明\n\n\
        一、中方重申，台湾是中国领土不可分割的一部分。\n示例国方面充分理解和尊重中方的这一立场。\n\
        二、双方对此表示满意。\n\
        三、双方同意扩大两国经贸合作。\n这将有助于两国共同发展。\n双方对会谈结果表示满意。\n";
    let labels = common::label_fixture(fixture);
    let find = |needle: &str| common::label_of(&labels, needle);
    let taiwan = find("不可分割");
    assert_eq!(taiwan.topics, vec!["taiwan_sovereignty".to_string()]);
    let inherited = find("这一立场");
    assert_eq!(inherited.topics, vec!["taiwan_sovereignty".to_string()]);
    assert_eq!(inherited.keywords, vec![format!("taiwan_sovereignty:<inherited:#{}:这一>", taiwan.sentence)]);
    // a new article: 对此 has nothing to refer to in it
    assert!(find("对此表示满意").topics.is_empty(), "{:?}", find("对此表示满意"));
    // a sentence opening with 这 continues the economy sentence before it; one without an anaphor
    // does not
    assert_eq!(find("这将有助于").topics, vec!["economy_trade".to_string()]);
    assert!(find("会谈结果").topics.is_empty());
}
