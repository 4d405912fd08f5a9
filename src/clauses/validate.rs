//! Validation of the clause labels against a hand-made gold standard (`corpus/gold/`).
//!
//! Gold files are TSV, one row per sentence, **no text**: `doc_id`, `sentence` (0-based index in
//! jointstat's segmentation of the body), `text_sha` (first 16 hex digits of the sha256 of the
//! sentence text, so a change of segmentation is detected instead of scoring labels against the
//! wrong sentence), `actor`, `main_act`, `negated` (`true`/`false`), `topics` (`;`-separated).
//! Lines starting with `#` are comments.
//!
//! Measures (all computed here, without polars, so that they can be checked by hand):
//! - **accuracy** = agreeing sentences / sentences;
//! - **Cohen's κ** = (p_o − p_e) / (1 − p_e), p_e = Σ_k p_k(a) p_k(b) over the labels k
//!   (Cohen 1960), between the tool and the gold labels, or between two coders;
//! - per label: **precision** = tp / (tp + fp), **recall** = tp / (tp + fn),
//!   **F1** = 2tp / (2tp + fp + fn); for topics (several per sentence) the counts are over
//!   (sentence, topic) pairs and the **micro-F1** pools them over all topics;
//! - **negated pledges found** = gold sentences with main act `commitment` and `negated = true`
//!   that the tool also marks negated;
//! - **95% confidence intervals** by the percentile bootstrap over *statements* (a cluster
//!   bootstrap: sentences of one statement are not independent), [`BOOTSTRAP_REPS`] resamples
//!   with a fixed seed, so the intervals are reproducible.
//!
//! - **cross-validation of the learned model** ([`cross_validate`], [`compare`]): rules alone
//!   against rules + model, (a) 5-fold by statement over all folds, (b) trained on the tuning
//!   folds, scored on the sealed ones; the model's fields are always scored out of fold.
//!
//! Longer than 500 lines because it is one validation procedure — reading the gold files and
//! folds, the agreement measures, the cluster bootstrap, the cross-validation of the learned
//! model and the Markdown report that prints them — and its unit tests with hand-computed values
//! (about 200 lines).

use crate::bail_config;
use crate::clauses::learned::{self, Field, Model, Target};
use crate::clauses::{classify_doc, Actor, ClauseRules, SentenceLabel};
use crate::error::Result;
use crate::ingest::{Corpus, Document};
use crate::segment::{segment, Segmentation};
use crate::tokenize::Tokenizer;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The first coder's gold labels of the reference corpus, built into the binary.
pub const DEFAULT_GOLD: &str = include_str!("../../corpus/gold/clauses_gold.tsv");
/// The second coder's blind labels of a random subset, for inter-coder agreement.
pub const DEFAULT_SECOND_CODER: &str = include_str!("../../corpus/gold/clauses_second_coder.tsv");
/// Statements the rules were developed on (tests/fixtures/hand_labels.tsv): scores that exclude
/// them are out-of-sample.
pub const DEVELOPMENT_STATEMENTS: &[&str] = &["1954-06-29_MM", "1992-01-03_KZ", "2003-06-03_KZ"];
/// Statement-level fold assignment of the gold standard (`corpus/gold/folds.tsv`, made by
/// `corpus/gold/make_folds.py` with a fixed seed before any rule was tuned), built in.
pub const DEFAULT_FOLDS: &str = include_str!("../../corpus/gold/folds.tsv");
/// Folds whose sentences and errors were never inspected while the rules were developed: the
/// held-out figure. The other folds are tuning folds.
pub const SEALED_FOLDS: &[u32] = &[4, 5];

/// Parse a fold file (`doc_id<TAB>fold`, `#` comments, a header row); `source` names it in errors.
pub fn read_folds(text: &str, source: &str) -> Result<BTreeMap<String, u32>> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with("doc_id\t") {
            continue;
        }
        let Some((id, fold)) = line.split_once('\t') else {
            bail_config!(format!("{source} line {}", i + 1), "expected `doc_id<TAB>fold`");
        };
        let Ok(fold) = fold.trim().parse::<u32>() else {
            bail_config!(format!("{source} line {}", i + 1), "fold `{}` is not a number", fold.trim());
        };
        if out.insert(id.trim().to_string(), fold).is_some() {
            bail_config!(format!("{source} line {}", i + 1), "statement `{}` is assigned twice", id.trim());
        }
    }
    Ok(out)
}

/// The held-out subset: sentences of statements in a sealed fold that were not development
/// statements of earlier rule versions.
pub fn is_held_out(doc_id: &str, folds: &BTreeMap<String, u32>) -> bool {
    folds.get(doc_id).is_some_and(|f| SEALED_FOLDS.contains(f)) && !DEVELOPMENT_STATEMENTS.contains(&doc_id)
}

/// Bootstrap resamples for every confidence interval.
pub const BOOTSTRAP_REPS: usize = 2000;
/// Seed of the bootstrap's random number generator (fixed: same input → same intervals).
pub const BOOTSTRAP_SEED: u64 = 0x6a6f_696e_7473_7461;

/// One hand-labelled sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldLabel {
    /// Document id.
    pub doc_id: String,
    /// Sentence index (0-based) in the document's segmentation.
    pub sentence: usize,
    /// First 16 hex digits of the sha256 of the sentence text, when recorded.
    pub text_sha: Option<String>,
    /// Actor label.
    pub actor: String,
    /// Main speech act.
    pub main_act: String,
    /// The main act is negated.
    pub negated: bool,
    /// Topics.
    pub topics: BTreeSet<String>,
}

/// The first 16 hex digits of the sha256 of a sentence text (the `text_sha` of gold files).
pub fn text_sha(text: &str) -> String {
    crate::ingest::sha256_hex(text.as_bytes())[..16].to_string()
}

/// One data row of a gold TSV file, its fields looked up by header name.
struct TsvRow<'h, 't> {
    header: &'h [String],
    fields: Vec<&'t str>,
    /// 1-based line number, for errors.
    line: usize,
    source: &'h str,
}

impl<'t> TsvRow<'_, 't> {
    /// The trimmed field of column `name` (empty when the row is short); an error when the header
    /// has no such column.
    fn get(&self, name: &str) -> Result<&'t str> {
        match self.header.iter().position(|c| c == name) {
            Some(k) => Ok(self.fields.get(k).copied().unwrap_or("").trim()),
            None => bail_config!(self.source, "column `{name}` is missing from the header"),
        }
    }

    /// Whether the header has column `name`.
    fn has(&self, name: &str) -> bool {
        self.header.iter().any(|c| c == name)
    }
}

/// Parse a tab-separated gold file: lines starting with `#` and blank lines are skipped, the
/// first other line is the header, and `row` turns each following line into a value.
fn read_tsv<T>(text: &str, source: &str, mut row: impl FnMut(&TsvRow<'_, '_>) -> Result<T>) -> Result<Vec<T>> {
    let mut out = Vec::new();
    let mut header: Option<Vec<String>> = None;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let Some(h) = &header else {
            header = Some(fields.iter().map(|s| s.trim().to_string()).collect());
            continue;
        };
        out.push(row(&TsvRow { header: h, fields, line: i + 1, source })?);
    }
    Ok(out)
}

/// Parse a gold file (see the module docs); `source` names it in errors.
pub fn read_gold(text: &str, source: &str) -> Result<Vec<GoldLabel>> {
    read_tsv(text, source, |r| {
        let sentence = r.get("sentence")?;
        let sentence: usize = match sentence.parse() {
            Ok(n) => n,
            Err(_) => bail_config!(format!("{source} line {}", r.line), "sentence `{sentence}` is not a number"),
        };
        let negated = match r.get("negated")? {
            "true" => true,
            "false" | "" => false,
            other => bail_config!(format!("{source} line {}", r.line), "negated must be true or false, not `{other}`"),
        };
        let text_sha = r.has("text_sha").then(|| r.get("text_sha").map(String::from)).transpose()?;
        Ok(GoldLabel {
            doc_id: r.get("doc_id")?.to_string(),
            sentence,
            text_sha: text_sha.filter(|s| !s.is_empty()),
            actor: r.get("actor")?.to_string(),
            main_act: r.get("main_act")?.to_string(),
            negated,
            topics: r.get("topics")?.split(';').map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect(),
        })
    })
}

/// Precision, recall and F1 of one label.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelScore {
    /// The label.
    pub label: String,
    /// Gold occurrences (tp + fn).
    pub support: usize,
    /// Predicted occurrences (tp + fp).
    pub predicted: usize,
    /// True positives.
    pub tp: usize,
    /// tp / predicted (NaN when nothing was predicted).
    pub precision: f64,
    /// tp / support (NaN when there is no gold occurrence).
    pub recall: f64,
    /// 2tp / (support + predicted) (NaN when both are 0).
    pub f1: f64,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        f64::NAN
    } else {
        a as f64 / b as f64
    }
}

/// Counts and rates of one label over `n` items, given whether gold and prediction hold it.
fn label_score(label: &str, n: usize, in_gold: impl Fn(usize) -> bool, in_pred: impl Fn(usize) -> bool) -> LabelScore {
    let support = (0..n).filter(|&i| in_gold(i)).count();
    let predicted = (0..n).filter(|&i| in_pred(i)).count();
    let tp = (0..n).filter(|&i| in_gold(i) && in_pred(i)).count();
    LabelScore {
        label: label.to_string(),
        support,
        predicted,
        tp,
        precision: ratio(tp, predicted),
        recall: ratio(tp, support),
        f1: ratio(2 * tp, support + predicted),
    }
}

/// Per-label scores of single-label predictions (`gold[i]` vs `pred[i]`), sorted by label.
pub fn per_label(gold: &[&str], pred: &[&str]) -> Vec<LabelScore> {
    let labels: BTreeSet<&str> = gold.iter().chain(pred).copied().collect();
    let n = gold.len().min(pred.len());
    labels.into_iter().map(|l| label_score(l, n, |i| gold[i] == l, |i| pred[i] == l)).collect()
}

/// Per-topic scores of set-valued predictions, over (item, topic) pairs, sorted by topic.
pub fn per_set_label(gold: &[&BTreeSet<String>], pred: &[&BTreeSet<String>]) -> Vec<LabelScore> {
    let labels: BTreeSet<&String> = gold.iter().chain(pred).flat_map(|s| s.iter()).collect();
    let n = gold.len().min(pred.len());
    labels.into_iter().map(|l| label_score(l, n, |i| gold[i].contains(l), |i| pred[i].contains(l))).collect()
}

/// Micro-averaged F1 over (item, label) pairs of set-valued labels.
pub fn micro_f1(gold: &[&BTreeSet<String>], pred: &[&BTreeSet<String>]) -> f64 {
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (g, p) in gold.iter().zip(pred) {
        tp += g.intersection(p).count();
        fp += p.difference(g).count();
        fn_ += g.difference(p).count();
    }
    ratio(2 * tp, 2 * tp + fp + fn_)
}

/// Share of items where `a[i] == b[i]` (NaN for no items).
pub fn accuracy(a: &[&str], b: &[&str]) -> f64 {
    ratio(a.iter().zip(b).filter(|(x, y)| x == y).count(), a.len())
}

/// Cohen's κ between two labelings of the same items (NaN for no items; 1 when both use one
/// and the same label everywhere).
pub fn cohen_kappa(a: &[&str], b: &[&str]) -> f64 {
    let n = a.len().min(b.len());
    if n == 0 {
        return f64::NAN;
    }
    let po = accuracy(&a[..n], &b[..n]);
    let mut ca: BTreeMap<&str, usize> = BTreeMap::new();
    let mut cb: BTreeMap<&str, usize> = BTreeMap::new();
    for i in 0..n {
        *ca.entry(a[i]).or_default() += 1;
        *cb.entry(b[i]).or_default() += 1;
    }
    let pe: f64 = ca.iter().map(|(k, x)| (*x as f64 / n as f64) * (*cb.get(k).unwrap_or(&0) as f64 / n as f64)).sum();
    if (1.0 - pe).abs() < 1e-15 {
        return if po == 1.0 { 1.0 } else { f64::NAN };
    }
    (po - pe) / (1.0 - pe)
}

use super::rng::SplitMix;

/// Percentile-bootstrap 95% interval of `stat` over clusters: `clusters[c]` holds the item
/// indices of cluster `c` (a statement's sentences); each resample draws as many clusters as
/// there are, with replacement, and evaluates `stat` on the pooled items. Resamples where the
/// statistic is undefined (NaN) are dropped. Returns (lower, upper), NaN when no resample gave a
/// value.
pub fn cluster_bootstrap_ci(clusters: &[Vec<usize>], stat: impl Fn(&[usize]) -> f64) -> (f64, f64) {
    if clusters.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let mut rng = SplitMix(BOOTSTRAP_SEED);
    let mut vals = Vec::with_capacity(BOOTSTRAP_REPS);
    let mut items = Vec::new();
    for _ in 0..BOOTSTRAP_REPS {
        items.clear();
        for _ in 0..clusters.len() {
            items.extend_from_slice(&clusters[rng.below(clusters.len())]);
        }
        let v = stat(&items);
        if v.is_finite() {
            vals.push(v);
        }
    }
    if vals.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    vals.sort_by(f64::total_cmp);
    let q = |p: f64| vals[((p * (vals.len() - 1) as f64).round() as usize).min(vals.len() - 1)];
    (q(0.025), q(0.975))
}

/// One gold sentence matched with the tool's label.
#[derive(Debug, Clone)]
pub struct Scored {
    /// The gold label.
    pub gold: GoldLabel,
    /// The tool's label of the same sentence.
    pub tool: SentenceLabel,
    /// The sentence text (for error listings of the tuning folds; never written to the repo).
    pub text: String,
    /// The learned model's features of the sentence ([`learned::features`], from the rules'
    /// labels of its statement).
    pub features: Vec<String>,
}

/// Gold labels matched with the tool's labels on a corpus.
#[derive(Debug, Clone, Default)]
pub struct Matched {
    /// Matched sentences, in gold order.
    pub items: Vec<Scored>,
    /// Gold labels that could not be scored, with the reason (statement not in the corpus,
    /// sentence index out of range, sentence text changed since labelling).
    pub skipped: Vec<(GoldLabel, String)>,
}

/// Per statement: the tool's labels, each sentence's (text_sha, text) and its model features.
type Labelled<'a> = BTreeMap<&'a str, (Cow<'a, [SentenceLabel]>, Vec<(String, String)>, Vec<Vec<String>>)>;

/// The model features of every sentence of a statement, from the rules' labels.
fn doc_features(labels: &[SentenceLabel], texts: &[(String, String)]) -> Vec<Vec<String>> {
    let t: Vec<String> = texts.iter().map(|x| x.1.clone()).collect();
    let rules: Vec<SentenceLabel> = labels.iter().map(|l| l.rules_only().clone()).collect();
    learned::features(&t, &rules)
}

/// Each sentence's (text_sha, text) of a segmented document.
fn sentence_texts(d: &Document, seg: &Segmentation) -> Vec<(String, String)> {
    let chars: Vec<char> = d.body_text().chars().collect();
    seg.sentences
        .iter()
        .map(|x| {
            let t: String = chars[x.char_start..x.char_end].iter().collect();
            (text_sha(&t), t)
        })
        .collect()
}

/// Classify every statement the gold labels mention and pair each gold sentence with the tool's
/// label. A gold sentence whose `text_sha` no longer matches the tool's sentence is skipped
/// (never scored against another sentence).
pub fn match_gold(corpus: &Corpus, rules: &ClauseRules, tok: &Tokenizer, gold: &[GoldLabel]) -> Matched {
    let ids: BTreeSet<&str> = gold.iter().map(|g| g.doc_id.as_str()).collect();
    let labelled: Labelled = ids
        .par_iter()
        .filter_map(|id| {
            let d = corpus.get(id)?;
            let seg = segment(d);
            let labels = classify_doc(rules, d, &seg, &tok.tokenize_doc(d, &seg));
            let texts = sentence_texts(d, &seg);
            let feats = doc_features(&labels, &texts);
            Some((*id, (Cow::Owned(labels), texts, feats)))
        })
        .collect();
    pair_gold(&labelled, gold)
}

/// [`match_gold`] with labels already computed: `segs` and `labels` are indexed like
/// `corpus.docs` (what `analyze` has after its clause stage), so nothing is classified again.
pub fn match_labels(
    corpus: &Corpus,
    segs: &[Segmentation],
    labels: &[Vec<SentenceLabel>],
    gold: &[GoldLabel],
) -> Matched {
    let ids: BTreeSet<&str> = gold.iter().map(|g| g.doc_id.as_str()).collect();
    let labelled: Labelled = corpus
        .docs
        .iter()
        .enumerate()
        .filter(|(_, d)| ids.contains(d.id.as_str()))
        .map(|(i, d)| {
            let texts = sentence_texts(d, &segs[i]);
            let feats = doc_features(&labels[i], &texts);
            (d.id.as_str(), (Cow::Borrowed(labels[i].as_slice()), texts, feats))
        })
        .collect();
    pair_gold(&labelled, gold)
}

/// Pair each gold sentence with the tool's label of its statement (see [`match_gold`]).
fn pair_gold(labelled: &Labelled, gold: &[GoldLabel]) -> Matched {
    let mut m = Matched::default();
    for g in gold {
        let Some((labels, shas, feats)) = labelled.get(g.doc_id.as_str()) else {
            m.skipped.push((g.clone(), "statement not in the corpus".into()));
            continue;
        };
        let Some(l) = labels.get(g.sentence) else {
            m.skipped.push((g.clone(), format!("the statement has only {} sentences", labels.len())));
            continue;
        };
        let (sha, text) = &shas[g.sentence];
        if g.text_sha.as_ref().is_some_and(|g| g != sha) {
            m.skipped.push((g.clone(), "the sentence text changed since it was labelled".into()));
            continue;
        }
        let features = feats.get(g.sentence).cloned().unwrap_or_default();
        m.items.push(Scored { gold: g.clone(), tool: l.clone(), text: text.clone(), features });
    }
    m
}

/// Item indices grouped by statement (the bootstrap's clusters), statements in id order.
fn clusters_of(docs: &[&str]) -> Vec<Vec<usize>> {
    let mut by: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        by.entry(d).or_default().push(i);
    }
    by.into_values().collect()
}

fn fmt3(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.3}")
    } else {
        "–".into()
    }
}

fn ci(lo: f64, hi: f64) -> String {
    format!("{}–{}", fmt3(lo), fmt3(hi))
}

/// Agreement of two labelings of the same sentences (tool vs gold, or coder vs coder) on one
/// single-valued field, with accuracy, κ and their bootstrap intervals.
fn pick<'a>(v: &[&'a str], items: &[usize]) -> Vec<&'a str> {
    items.iter().map(|&i| v[i]).collect()
}

fn field_row(name: &str, docs: &[&str], a: &[&str], b: &[&str]) -> String {
    let cl = clusters_of(docs);
    let (alo, ahi) = cluster_bootstrap_ci(&cl, |it| accuracy(&pick(a, it), &pick(b, it)));
    let (klo, khi) = cluster_bootstrap_ci(&cl, |it| cohen_kappa(&pick(a, it), &pick(b, it)));
    format!(
        "| {name} | {} | {} | {} | {} | {} |\n",
        a.len(),
        fmt3(accuracy(a, b)),
        ci(alo, ahi),
        fmt3(cohen_kappa(a, b)),
        ci(klo, khi)
    )
}

fn topic_row(name: &str, docs: &[&str], a: &[&BTreeSet<String>], b: &[&BTreeSet<String>]) -> String {
    let cl = clusters_of(docs);
    let (lo, hi) = cluster_bootstrap_ci(&cl, |it| {
        let x: Vec<&BTreeSet<String>> = it.iter().map(|&i| a[i]).collect();
        let y: Vec<&BTreeSet<String>> = it.iter().map(|&i| b[i]).collect();
        micro_f1(&x, &y)
    });
    format!(
        "| {name} (micro-F1 over sentence × topic) | {} | {} | {} | | |\n",
        a.len(),
        fmt3(micro_f1(a, b)),
        ci(lo, hi)
    )
}

/// Percentile-bootstrap 95% intervals (over statements, as [`cluster_bootstrap_ci`], same seed)
/// of one label's precision, recall and F1, from per-item flags (in gold, predicted).
pub fn label_cis(clusters: &[Vec<usize>], flags: &[(bool, bool)]) -> [(f64, f64); 3] {
    let nan = (f64::NAN, f64::NAN);
    if clusters.is_empty() {
        return [nan; 3];
    }
    // per cluster: (tp, fp, fn)
    let counts: Vec<(usize, usize, usize)> = clusters
        .iter()
        .map(|c| {
            c.iter().fold((0, 0, 0), |(tp, fp, fn_), &i| match flags[i] {
                (true, true) => (tp + 1, fp, fn_),
                (false, true) => (tp, fp + 1, fn_),
                (true, false) => (tp, fp, fn_ + 1),
                (false, false) => (tp, fp, fn_),
            })
        })
        .collect();
    let mut rng = SplitMix(BOOTSTRAP_SEED);
    let mut vals: [Vec<f64>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..BOOTSTRAP_REPS {
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        for _ in 0..counts.len() {
            let c = counts[rng.below(counts.len())];
            tp += c.0;
            fp += c.1;
            fn_ += c.2;
        }
        for (k, v) in
            [ratio(tp, tp + fp), ratio(tp, tp + fn_), ratio(2 * tp, 2 * tp + fp + fn_)].into_iter().enumerate()
        {
            if v.is_finite() {
                vals[k].push(v);
            }
        }
    }
    vals.map(|mut v| {
        if v.is_empty() {
            return nan;
        }
        v.sort_by(f64::total_cmp);
        let q = |p: f64| v[((p * (v.len() - 1) as f64).round() as usize).min(v.len() - 1)];
        (q(0.025), q(0.975))
    })
}

fn per_label_table(scores: &[LabelScore], docs: &[&str], flags: &dyn Fn(&str, usize) -> (bool, bool)) -> String {
    let cl = clusters_of(docs);
    let mut s = String::from(
        "| label | gold | tool | agree | precision | 95% CI | recall | 95% CI | F1 | 95% CI |\n|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for x in scores {
        let f: Vec<(bool, bool)> = (0..docs.len()).map(|i| flags(&x.label, i)).collect();
        let [p, r, f1] = label_cis(&cl, &f);
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            x.label,
            x.support,
            x.predicted,
            x.tp,
            fmt3(x.precision),
            ci(p.0, p.1),
            fmt3(x.recall),
            ci(r.0, r.1),
            fmt3(x.f1),
            ci(f1.0, f1.1)
        );
    }
    s
}

/// The tool against the gold labels on a set of matched sentences: one Markdown section.
fn tool_section(title: &str, items: &[&Scored]) -> String {
    let docs: Vec<&str> = items.iter().map(|x| x.gold.doc_id.as_str()).collect();
    let n_docs = docs.iter().collect::<BTreeSet<_>>().len();
    let col = |f: &dyn Fn(&Scored) -> &str| items.iter().map(|x| f(x)).collect::<Vec<&str>>();
    let (ga, ta) = (col(&|x| x.gold.actor.as_str()), col(&|x| x.tool.actor.name()));
    let (gm, tm) = (col(&|x| x.gold.main_act.as_str()), col(&|x| x.tool.main_act.as_str()));
    let bool_str = |b: bool| if b { "true" } else { "false" };
    let (gn, tn) = (col(&|x| bool_str(x.gold.negated)), col(&|x| bool_str(x.tool.negated)));
    let tool_topics: Vec<BTreeSet<String>> = items.iter().map(|x| x.tool.topics.iter().cloned().collect()).collect();
    let gt: Vec<&BTreeSet<String>> = items.iter().map(|x| &x.gold.topics).collect();
    let tt: Vec<&BTreeSet<String>> = tool_topics.iter().collect();
    let mut s = format!("### {title}: {} sentences of {n_docs} statements\n\n", items.len());
    s.push_str("| field | sentences | agreement | 95% CI | Cohen's κ | 95% CI |\n|---|---|---|---|---|---|\n");
    s.push_str(&field_row("actor", &docs, &ga, &ta));
    s.push_str(&field_row("main act", &docs, &gm, &tm));
    s.push_str(&field_row("negated", &docs, &gn, &tn));
    s.push_str(&topic_row("topics", &docs, &gt, &tt));
    let pledges: Vec<&&Scored> = items.iter().filter(|x| x.gold.main_act == "commitment" && x.gold.negated).collect();
    let found = pledges.iter().filter(|x| x.tool.negated).count();
    let _ =
        writeln!(s, "\nNegated pledges (gold: commitment, negated) found by the tool: {found} of {}.\n", pledges.len());
    s.push_str("Main act, per label:\n\n");
    s.push_str(&per_label_table(&per_label(&gm, &tm), &docs, &|l, i| (gm[i] == l, tm[i] == l)));
    s.push_str("\nActor, per label:\n\n");
    s.push_str(&per_label_table(&per_label(&ga, &ta), &docs, &|l, i| (ga[i] == l, ta[i] == l)));
    s.push_str("\nTopics, per label (sentence × topic):\n\n");
    s.push_str(&per_label_table(&per_set_label(&gt, &tt), &docs, &|l, i| (gt[i].contains(l), tt[i].contains(l))));
    s.push('\n');
    s
}

/// Inter-coder agreement between two gold files on the sentences both labelled.
fn coder_section(first: &[GoldLabel], second: &[GoldLabel]) -> String {
    let index: BTreeMap<(&str, usize), &GoldLabel> =
        first.iter().map(|g| ((g.doc_id.as_str(), g.sentence), g)).collect();
    let pairs: Vec<(&GoldLabel, &GoldLabel)> =
        second.iter().filter_map(|b| index.get(&(b.doc_id.as_str(), b.sentence)).map(|a| (*a, b))).collect();
    let docs: Vec<&str> = pairs.iter().map(|p| p.0.doc_id.as_str()).collect();
    let n_docs = docs.iter().collect::<BTreeSet<_>>().len();
    let bool_str = |b: bool| if b { "true" } else { "false" };
    let a = |f: &dyn Fn(&GoldLabel) -> &str| pairs.iter().map(|p| f(p.0)).collect::<Vec<&str>>();
    let b = |f: &dyn Fn(&GoldLabel) -> &str| pairs.iter().map(|p| f(p.1)).collect::<Vec<&str>>();
    let mut s = format!(
        "### Inter-coder agreement: {} sentences of {n_docs} statements coded twice, independently\n\n",
        pairs.len()
    );
    s.push_str("| field | sentences | agreement | 95% CI | Cohen's κ | 95% CI |\n|---|---|---|---|---|---|\n");
    s.push_str(&field_row("actor", &docs, &a(&|g| g.actor.as_str()), &b(&|g| g.actor.as_str())));
    s.push_str(&field_row("main act", &docs, &a(&|g| g.main_act.as_str()), &b(&|g| g.main_act.as_str())));
    s.push_str(&field_row("negated", &docs, &a(&|g| bool_str(g.negated)), &b(&|g| bool_str(g.negated))));
    let ta: Vec<&BTreeSet<String>> = pairs.iter().map(|p| &p.0.topics).collect();
    let tb: Vec<&BTreeSet<String>> = pairs.iter().map(|p| &p.1.topics).collect();
    s.push_str(&topic_row("topics", &docs, &ta, &tb));
    s.push('\n');
    s
}

/// Out-of-sample agreement of one field, with its cluster-bootstrap interval.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldAgreement {
    /// `actor`, `main act`, `negated` (accuracy) or `topics` (micro-F1).
    pub field: &'static str,
    /// The estimate.
    pub value: f64,
    /// Lower bound of the 95% interval.
    pub lo: f64,
    /// Upper bound of the 95% interval.
    pub hi: f64,
}

/// Agreement per field (actor, main act, negated: accuracy; topics: micro-F1) on some sentences,
/// with percentile cluster-bootstrap intervals by statement.
pub fn field_agreement(items: &[&Scored]) -> Vec<FieldAgreement> {
    agreement(items, true)
}

/// [`field_agreement`], with the intervals only when `with_ci` (else NaN).
fn agreement(items: &[&Scored], with_ci: bool) -> Vec<FieldAgreement> {
    let nan = (f64::NAN, f64::NAN);
    let docs: Vec<&str> = items.iter().map(|x| x.gold.doc_id.as_str()).collect();
    let cl = clusters_of(&docs);
    let bool_str = |b: bool| if b { "true" } else { "false" };
    let col = |f: &dyn Fn(&Scored) -> &str| items.iter().map(|x| f(x)).collect::<Vec<&str>>();
    let mut out = Vec::new();
    let fields: [(&'static str, Vec<&str>, Vec<&str>); 3] = [
        ("actor", col(&|x| x.gold.actor.as_str()), col(&|x| x.tool.actor.name())),
        ("main act", col(&|x| x.gold.main_act.as_str()), col(&|x| x.tool.main_act.as_str())),
        ("negated", col(&|x| bool_str(x.gold.negated)), col(&|x| bool_str(x.tool.negated))),
    ];
    for (name, g, t) in &fields {
        let (lo, hi) = if with_ci { cluster_bootstrap_ci(&cl, |it| accuracy(&pick(g, it), &pick(t, it))) } else { nan };
        out.push(FieldAgreement { field: name, value: accuracy(g, t), lo, hi });
    }
    let tool_topics: Vec<BTreeSet<String>> = items.iter().map(|x| x.tool.topics.iter().cloned().collect()).collect();
    let gt: Vec<&BTreeSet<String>> = items.iter().map(|x| &x.gold.topics).collect();
    let tt: Vec<&BTreeSet<String>> = tool_topics.iter().collect();
    let (lo, hi) = if !with_ci {
        nan
    } else {
        cluster_bootstrap_ci(&cl, |it| {
            let x: Vec<&BTreeSet<String>> = it.iter().map(|&i| gt[i]).collect();
            let y: Vec<&BTreeSet<String>> = it.iter().map(|&i| tt[i]).collect();
            micro_f1(&x, &y)
        })
    };
    out.push(FieldAgreement { field: "topics", value: micro_f1(&gt, &tt), lo, hi });
    out
}

/// Labels (main act, actor, topic) whose F1 on `items` is below `threshold` (or undefined),
/// as `field:label (F1 x, gold n)`, sorted by field then label.
pub fn weak_labels(items: &[&Scored], threshold: f64) -> Vec<String> {
    let col = |f: &dyn Fn(&Scored) -> &str| items.iter().map(|x| f(x)).collect::<Vec<&str>>();
    let tool_topics: Vec<BTreeSet<String>> = items.iter().map(|x| x.tool.topics.iter().cloned().collect()).collect();
    let gt: Vec<&BTreeSet<String>> = items.iter().map(|x| &x.gold.topics).collect();
    let tt: Vec<&BTreeSet<String>> = tool_topics.iter().collect();
    let groups = [
        ("actor", per_label(&col(&|x| x.gold.actor.as_str()), &col(&|x| x.tool.actor.name()))),
        ("act", per_label(&col(&|x| x.gold.main_act.as_str()), &col(&|x| x.tool.main_act.as_str()))),
        ("topic", per_set_label(&gt, &tt)),
    ];
    let mut out = Vec::new();
    for (field, scores) in groups {
        for x in scores {
            // an undefined F1 (NaN) counts as weak too
            if x.support > 0 && (x.f1.is_nan() || x.f1 < threshold) {
                out.push(format!("{field}:{} (F1 {}, gold {})", x.label, fmt3(x.f1), x.support));
            }
        }
    }
    out
}

/// The held-out sentences of a match (see [`is_held_out`]).
pub fn held_out<'a>(m: &'a Matched, folds: &BTreeMap<String, u32>) -> Vec<&'a Scored> {
    m.items.iter().filter(|x| is_held_out(&x.gold.doc_id, folds)).collect()
}

/// Compact Markdown summary for a report's clause section: sentences scored, the held-out
/// (sealed-fold) agreement of the deployed labels with its 95% interval per field — for a field
/// the learned model decides, the model trained on the tuning folds only, so the figure stays out
/// of sample — and the labels whose held-out F1 is below 0.7 (so a reader knows which shares to
/// distrust).
pub fn summary_markdown(m: &Matched, folds: &BTreeMap<String, u32>) -> String {
    summary_with(m, folds, &learned::default_model().deployed)
}

/// [`summary_markdown`] for a given set of model-decided fields.
fn summary_with(m: &Matched, folds: &BTreeMap<String, u32>, deployed: &BTreeSet<Field>) -> String {
    let cv = if deployed.is_empty() { CrossValidation::default() } else { cross_validate(m, folds) };
    let preds = if deployed.is_empty() { vec![None; m.items.len()] } else { cv.clean.clone() };
    let view = deployed_view(m, &preds, deployed);
    let items: Vec<&Scored> = view.iter().filter(|x| is_held_out(&x.gold.doc_id, folds)).collect();
    let n_docs = items.iter().map(|x| x.gold.doc_id.as_str()).collect::<BTreeSet<_>>().len();
    let mut s = format!(
        "Clause labels checked against a blind hand-coded gold standard: {} sentences scored; held out \
         (sealed folds, never used to develop the rules or to train the model): {} sentences of {n_docs} statements.\n\n",
        m.items.len(),
        items.len()
    );
    s.push_str("| field | held-out agreement | 95% CI |\n|---|---|---|\n");
    for f in field_agreement(&items) {
        let name = if f.field == "topics" { "topics (micro-F1)" } else { f.field };
        let _ = writeln!(s, "| {name} | {} | {} |", fmt3(f.value), ci(f.lo, f.hi));
    }
    if deployed.is_empty() {
        s.push_str("\nEvery label comes from the rules (the learned model did not beat them in cross-validation).\n");
    } else {
        let c = compare_with(m, &cv, folds, false);
        let mut parts = Vec::new();
        for r in &c.rows {
            if field_of_row(r[0].field).is_some_and(|f| deployed.contains(&f)) {
                parts.push(format!(
                    "{}: sealed folds {} → {}, 5-fold cross-validation {} → {}",
                    r[0].field,
                    fmt3(r[2].value),
                    fmt3(r[3].value),
                    fmt3(r[0].value),
                    fmt3(r[1].value)
                ));
            }
        }
        let _ = writeln!(
            s,
            "\nFields decided by the learned model (rules + model, src/clauses/learned.rs), because it beat the rules alone \
             on the sealed folds and was not worse in cross-validation by statement (rules → hybrid, always scored out of \
             fold; the figures above are the hybrid's): {}. The gain is small, within the intervals. Other fields: rules. \
             Full cross-validation: `jointstat validate`.",
            parts.join("; ")
        );
    }
    let weak = weak_labels(&items, 0.7);
    if weak.is_empty() {
        s.push_str("\nEvery label has held-out F1 ≥ 0.7.\n");
    } else {
        let _ = writeln!(s, "\nLabels with held-out F1 < 0.7 (treat their shares with caution): {}.", weak.join("; "));
    }
    s
}

/// The held-out agreement of the built-in rules and model, as recorded on the reference corpus by
/// `jointstat validate --record-heldout corpus/gold/heldout_agreement.md`: a key line naming what
/// it was measured with ([`heldout_key`]), then [`summary_markdown`]. A report on a corpus that
/// does not hold the gold statements prints it when the key matches its own resources.
pub const BUILTIN_HELDOUT: &str = include_str!("../../corpus/gold/heldout_agreement.md");

/// The key line of a held-out record: the sha256 of the clause rules, the user dictionary (it
/// decides one-character cues), the learned model, the gold labels and the folds.
pub fn heldout_key(rules_sha256: &str, userdict_sha256: &str) -> String {
    let sha = |t: &str| crate::ingest::sha256_hex(t.as_bytes());
    format!(
        "<!-- jointstat held-out agreement record; clause rules sha256 {rules_sha256}; user dictionary sha256 \
         {userdict_sha256}; clause model sha256 {}; gold sha256 {}; folds sha256 {} -->",
        sha(learned::DEFAULT_MODEL),
        sha(DEFAULT_GOLD),
        sha(DEFAULT_FOLDS)
    )
}

/// A held-out record ([`BUILTIN_HELDOUT`]) for these labels: the key line, then the summary.
pub fn heldout_record(m: &Matched, folds: &BTreeMap<String, u32>, rules_sha256: &str, userdict_sha256: &str) -> String {
    format!("{}\n{}", heldout_key(rules_sha256, userdict_sha256), summary_markdown(m, folds))
}

/// The recorded held-out summary of [`BUILTIN_HELDOUT`] when it was measured with these rules and
/// this user dictionary (and the built-in model, gold and folds); `None` otherwise.
pub fn builtin_heldout(rules_sha256: &str, userdict_sha256: &str) -> Option<&'static str> {
    let (key, body) = BUILTIN_HELDOUT.split_once('\n')?;
    (key == heldout_key(rules_sha256, userdict_sha256)).then_some(body)
}

/// The out-of-corpus agreement of the built-in rules, as recorded by `jointstat validate --external
/// … --record-external corpus/gold/external/agreement.md` on hand-coded statements outside the
/// reference corpus (`corpus/gold/external/`, whose texts are not in the repository): a key line
/// ([`external_key`]), then [`external_summary`]. A report prints it when the key matches its own
/// rules, user dictionary and model.
pub const BUILTIN_EXTERNAL: &str = include_str!("../../corpus/gold/external/agreement.md");

/// The part of an out-of-corpus record's key line that names the tool's resources: the sha256 of
/// the clause rules, the user dictionary and the learned model.
pub fn external_key(rules_sha256: &str, userdict_sha256: &str) -> String {
    format!(
        "<!-- jointstat out-of-corpus agreement record; clause rules sha256 {rules_sha256}; user dictionary sha256 \
         {userdict_sha256}; clause model sha256 {};",
        crate::ingest::sha256_hex(learned::DEFAULT_MODEL.as_bytes())
    )
}

/// Compact Markdown summary of an out-of-corpus check ([`external_report`]'s figures): the
/// statements and years scored, agreement per field with its interval and κ, the inter-coder
/// agreement when a second coder labelled some sentences, and the labels with F1 < 0.7.
pub fn external_summary(m: &Matched, first: &[GoldLabel], second: &[GoldLabel]) -> String {
    let items: Vec<&Scored> = m.items.iter().collect();
    let docs: BTreeSet<&str> = items.iter().map(|x| x.gold.doc_id.as_str()).collect();
    let years: Vec<i32> = docs.iter().filter_map(|d| d.get(..4)?.parse().ok()).collect();
    let span = match (years.iter().min(), years.iter().max()) {
        (Some(a), Some(b)) if a != b => format!(", {a}–{b}"),
        (Some(a), _) => format!(", {a}"),
        _ => String::new(),
    };
    let mut s = format!(
        "Out-of-corpus check: {} sentences of {} statements{span} that are not in the reference corpus, hand-coded to the codebook (`corpus/codebook.md`) by an AI coder blind to the tool, and scored once ({} sentences skipped).\n\n",
        items.len(),
        docs.len(),
        m.skipped.len()
    );
    let bool_str = |b: bool| if b { "true" } else { "false" };
    let col = |f: &dyn Fn(&Scored) -> &str| items.iter().map(|x| f(x)).collect::<Vec<&str>>();
    s.push_str("| field | agreement | 95% CI | Cohen's κ |\n|---|---|---|---|\n");
    let fields: [(&str, Vec<&str>, Vec<&str>); 3] = [
        ("actor", col(&|x| x.gold.actor.as_str()), col(&|x| x.tool.actor.name())),
        ("main act", col(&|x| x.gold.main_act.as_str()), col(&|x| x.tool.main_act.as_str())),
        ("negated", col(&|x| bool_str(x.gold.negated)), col(&|x| bool_str(x.tool.negated))),
    ];
    let fa = field_agreement(&items);
    for (i, (name, g, t)) in fields.iter().enumerate() {
        let _ = writeln!(
            s,
            "| {name} | {} | {} | {} |",
            fmt3(fa[i].value),
            ci(fa[i].lo, fa[i].hi),
            fmt3(cohen_kappa(g, t))
        );
    }
    let _ = writeln!(s, "| topics (micro-F1) | {} | {} | |", fmt3(fa[3].value), ci(fa[3].lo, fa[3].hi));
    let pledges: Vec<&&Scored> = items.iter().filter(|x| x.gold.main_act == "commitment" && x.gold.negated).collect();
    let found = pledges.iter().filter(|x| x.tool.negated).count();
    let _ = writeln!(s, "\nNegated pledges found: {found} of {}.", pledges.len());
    if !second.is_empty() {
        let index: BTreeMap<(&str, usize), &GoldLabel> =
            first.iter().map(|g| ((g.doc_id.as_str(), g.sentence), g)).collect();
        let pairs: Vec<(&GoldLabel, &GoldLabel)> =
            second.iter().filter_map(|b| index.get(&(b.doc_id.as_str(), b.sentence)).map(|a| (*a, b))).collect();
        let a = |f: &dyn Fn(&GoldLabel) -> &str| pairs.iter().map(|p| f(p.0)).collect::<Vec<&str>>();
        let b = |f: &dyn Fn(&GoldLabel) -> &str| pairs.iter().map(|p| f(p.1)).collect::<Vec<&str>>();
        let ta: Vec<&BTreeSet<String>> = pairs.iter().map(|p| &p.0.topics).collect();
        let tb: Vec<&BTreeSet<String>> = pairs.iter().map(|p| &p.1.topics).collect();
        let _ = writeln!(
            s,
            "\nInter-coder agreement with a second AI coder working independently (two instances of one model: not a figure for human coders) on the {} sentences coded twice: actor κ {}, main act κ {}, topics micro-F1 {}.",
            pairs.len(),
            fmt3(cohen_kappa(&a(&|g| g.actor.as_str()), &b(&|g| g.actor.as_str()))),
            fmt3(cohen_kappa(&a(&|g| g.main_act.as_str()), &b(&|g| g.main_act.as_str()))),
            fmt3(micro_f1(&ta, &tb))
        );
    }
    let weak = weak_labels(&items, 0.7);
    if !weak.is_empty() {
        let _ = writeln!(s, "\nLabels with F1 < 0.7 on these statements: {}.", weak.join(", "));
    }
    s
}

/// An out-of-corpus record ([`BUILTIN_EXTERNAL`]): the key line (with the sha256 of the gold
/// files it was scored on), then [`external_summary`].
pub fn external_record(
    m: &Matched,
    first: &[GoldLabel],
    second: &[GoldLabel],
    rules_sha256: &str,
    userdict_sha256: &str,
    gold_sha256: &str,
) -> String {
    format!(
        "{} gold sha256 {gold_sha256} -->\n{}",
        external_key(rules_sha256, userdict_sha256),
        external_summary(m, first, second)
    )
}

/// The recorded out-of-corpus summary of [`BUILTIN_EXTERNAL`] when it was measured with these
/// rules, this user dictionary and the built-in model; `None` otherwise (or when none is recorded).
pub fn builtin_external(rules_sha256: &str, userdict_sha256: &str) -> Option<&'static str> {
    let (key, body) = BUILTIN_EXTERNAL.split_once('\n')?;
    key.starts_with(&external_key(rules_sha256, userdict_sha256)).then_some(body)
}

/// The tool's errors on the TUNING folds only (sentence text, gold and tool labels, the cue that
/// decided), for developing rules. Sentences of the sealed folds are never listed.
pub fn tuning_errors(m: &Matched, folds: &BTreeMap<String, u32>) -> String {
    let items = m.items.iter().filter_map(|x| {
        let f = folds.get(&x.gold.doc_id)?;
        (!SEALED_FOLDS.contains(f)).then(|| (x, format!("f{f}")))
    });
    error_listing(items)
}

/// Every sentence of an external gold ([`external_report`]) where the tool disagrees with it, in
/// the format of [`tuning_errors`] (tag `ext`). Only for a set that is used for tuning from now
/// on: it quotes the sentences.
pub fn external_errors(m: &Matched) -> String {
    error_listing(m.items.iter().map(|x| (x, "ext".to_string())))
}

/// One line per disagreeing sentence: `doc#sentence tag`, what differs (with the rule or cue
/// that decided), the sentence text.
fn error_listing<'a>(items: impl Iterator<Item = (&'a Scored, String)>) -> String {
    let mut s = String::new();
    for (x, f) in items {
        let (g, t) = (&x.gold, &x.tool);
        let tt: BTreeSet<String> = t.topics.iter().cloned().collect();
        let mut what = Vec::new();
        if g.actor != t.actor.name() {
            what.push(format!("actor {}≠{} [{} {}]", g.actor, t.actor.name(), t.actor_source, t.actor_cue));
        }
        if g.main_act != t.main_act || g.negated != t.negated {
            what.push(format!(
                "act {}{}≠{}{} [{}]",
                g.main_act,
                if g.negated { "(neg)" } else { "" },
                t.main_act,
                if t.negated { "(neg)" } else { "" },
                t.act_rule
            ));
        }
        if g.topics != tt {
            let miss: Vec<&String> = g.topics.difference(&tt).collect();
            let extra: Vec<&String> = tt.difference(&g.topics).collect();
            what.push(format!("topics -{miss:?} +{extra:?} [{}]", t.keywords.join(",")));
        }
        if !what.is_empty() {
            let _ = writeln!(s, "{}#{} {f}\t{}\t{}", g.doc_id, g.sentence, what.join(" | "), x.text);
        }
    }
    s
}

/// A validation report's heading, the gold's size (`lead` names it), the bootstrap and the
/// skipped sentences counted by reason.
fn gold_header(heading: &str, lead: &str, m: &Matched, first: &[GoldLabel]) -> String {
    let mut s = format!("{heading}\n\n");
    let _ = writeln!(
        s,
        "{lead} {} hand-labelled sentences ({} scored, {} skipped). Intervals: percentile bootstrap over statements, {} resamples, fixed seed.\n",
        first.len(),
        m.items.len(),
        m.skipped.len(),
        BOOTSTRAP_REPS
    );
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, r) in &m.skipped {
        *reasons.entry(r.as_str()).or_default() += 1;
    }
    for (r, n) in reasons {
        let _ = writeln!(s, "- skipped: {n} sentence(s): {r}");
    }
    s
}

/// The whole validation report (Markdown): the tool against the gold labels on the held-out
/// (sealed) folds, the tuning folds and all matched sentences, each with per-field agreement, κ,
/// per-label precision, recall and F1 and intervals; agreement per fold; and the inter-coder
/// agreement of the two coders.
pub fn report(m: &Matched, first: &[GoldLabel], second: &[GoldLabel], folds: &BTreeMap<String, u32>) -> String {
    let mut s = gold_header("## Clause labels against the gold standard", "Gold:", m, first);
    let sealed: Vec<String> = SEALED_FOLDS.iter().map(u32::to_string).collect();
    let _ = writeln!(
        s,
        "Protocol: statements are assigned to folds by corpus/gold/folds.tsv (seeded shuffle, fixed before tuning). \
         Folds {} are sealed: their sentences and errors were not inspected while the rules were developed; \
         the held-out figure is theirs (minus the {} statements earlier rule versions were developed on). \
         The rules were tuned on the other folds. The learned model is always scored out of fold: in the sections below, a \
         field the deployed model decides ({}) carries, on the held-out folds, the prediction of a model trained on the \
         tuning folds only, and elsewhere the 5-fold cross-validated prediction; the other fields carry the rules' labels.\n",
        sealed.join(", "),
        DEVELOPMENT_STATEMENTS.len(),
        {
            let d = &learned::default_model().deployed;
            if d.is_empty() { "none".to_string() } else { d.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ") }
        }
    );
    let deployed = learned::default_model().deployed.clone();
    let cv = cross_validate(m, folds);
    s.push_str(&comparison_section(&compare(m, &cv, folds), &deployed));
    let held_view = deployed_view(m, &cv.clean, &deployed);
    let cv_view = deployed_view(m, &cv.cv, &deployed);
    let held: Vec<&Scored> = held_view.iter().filter(|x| is_held_out(&x.gold.doc_id, folds)).collect();
    s.push_str(&tool_section(&format!("Held out: sealed folds {}", sealed.join(", ")), &held));
    let tuning: Vec<&Scored> =
        cv_view.iter().filter(|x| folds.get(&x.gold.doc_id).is_some_and(|f| !SEALED_FOLDS.contains(f))).collect();
    s.push_str(&tool_section("Tuning folds", &tuning));
    let all: Vec<&Scored> = cv_view.iter().collect();
    s.push_str(&tool_section("All labelled statements", &all));
    let fold_ids: BTreeSet<u32> = folds.values().copied().collect();
    if !fold_ids.is_empty() {
        s.push_str("### Agreement per fold\n\n| fold | role | statements | sentences | actor | main act | negated | topics (micro-F1) |\n|---|---|---|---|---|---|---|---|\n");
        for f in fold_ids {
            let items: Vec<&Scored> = cv_view.iter().filter(|x| folds.get(&x.gold.doc_id) == Some(&f)).collect();
            let n_docs = items.iter().map(|x| x.gold.doc_id.as_str()).collect::<BTreeSet<_>>().len();
            let fa = field_agreement(&items);
            let _ = writeln!(
                s,
                "| {f} | {} | {n_docs} | {} | {} | {} | {} | {} |",
                if SEALED_FOLDS.contains(&f) { "sealed" } else { "tuning" },
                items.len(),
                fmt3(fa[0].value),
                fmt3(fa[1].value),
                fmt3(fa[2].value),
                fmt3(fa[3].value)
            );
        }
        s.push('\n');
    }
    if !second.is_empty() {
        s.push_str(&coder_section(first, second));
    }
    s
}

/// A coding sheet for hand-labelling a corpus to the codebook: one row per sentence of every
/// statement, in jointstat's segmentation — `doc_id`, `sentence` (0-based index), `text_sha`
/// (what a gold file records), `article` (0-based index of its article) and the sentence `text`
/// (tabs and line breaks shown as spaces) — and **no label of the tool**, so that coders stay
/// blind to its output. Statements in corpus order, sentences in text order.
pub fn coding_sheet(corpus: &Corpus) -> String {
    let rows: Vec<String> = corpus
        .docs
        .par_iter()
        .map(|d| {
            let seg = segment(d);
            let mut s = String::new();
            for (x, (sha, text)) in seg.sentences.iter().zip(sentence_texts(d, &seg)) {
                let text: String =
                    text.chars().map(|c| if c == '\t' || c == '\n' || c == '\r' { ' ' } else { c }).collect();
                let _ = writeln!(s, "{}\t{}\t{sha}\t{}\t{text}", d.id, x.index, x.article);
            }
            s
        })
        .collect();
    let mut s = String::from(
        "# CODING SHEET made by `jointstat validate --coding-sheet`: every sentence of the corpus in jointstat's\n\
         # segmentation, without any label of the tool. Label each row to corpus/codebook.md and keep doc_id,\n\
         # sentence and text_sha in the gold file (columns: doc_id sentence text_sha actor main_act negated topics);\n\
         # it quotes the texts, so do not publish it where the texts may not go.\n\
         doc_id\tsentence\ttext_sha\tarticle\ttext\n",
    );
    for r in rows {
        s.push_str(&r);
    }
    s
}

/// The tool against gold labels of statements **outside the reference gold** (`jointstat
/// validate --external`): every matched sentence is unseen by construction — no rule was tuned
/// on it and the learned model was not trained on it — so the whole set is the held-out figure.
/// Statements of the gold that are also in the reference folds are counted and named, since they
/// are not unseen. With a second coder's labels, their inter-coder agreement follows.
pub fn external_report(
    m: &Matched,
    first: &[GoldLabel],
    second: &[GoldLabel],
    folds: &BTreeMap<String, u32>,
    source: &str,
) -> String {
    let mut s =
        gold_header("## Clause labels on statements outside the reference gold", &format!("Gold: {source}:"), m, first);
    let known: BTreeSet<&str> =
        m.items.iter().map(|x| x.gold.doc_id.as_str()).filter(|id| folds.contains_key(*id)).collect();
    if known.is_empty() {
        s.push_str(
            "Protocol: none of these statements is in the reference gold (corpus/gold/folds.tsv), so no rule was \
             developed on them and the learned model never saw them: every figure below is out of sample. The labels \
             scored are the ones `analyze` writes.\n\n",
        );
    } else {
        let _ = writeln!(
            s,
            "Caution: {} of these statements are in the reference gold ({}), which the rules were tuned on: the figures \
             below are not an estimate for unseen statements.\n",
            known.len(),
            known.iter().copied().collect::<Vec<_>>().join(", ")
        );
    }
    let all: Vec<&Scored> = m.items.iter().collect();
    s.push_str(&tool_section("Outside the reference gold", &all));
    if !second.is_empty() {
        s.push_str(&coder_section(first, second));
    }
    s
}

/// The learned model's labels of one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelLabels {
    /// Actor name.
    pub actor: String,
    /// Main act.
    pub main_act: String,
    /// Topics.
    pub topics: BTreeSet<String>,
}

/// Out-of-fold predictions of the learned model, indexed like [`Matched::items`].
#[derive(Debug, Clone, Default)]
pub struct CrossValidation {
    /// (a) 5-fold cross-validation by statement: each sentence labelled by the model trained on
    /// the gold labels of the other folds (None for a statement without a fold).
    pub cv: Vec<Option<ModelLabels>>,
    /// (b) the clean figure: held-out sentences (sealed folds) labelled by the model trained on
    /// the tuning folds only (None for every other sentence).
    pub clean: Vec<Option<ModelLabels>>,
}

fn target(g: &GoldLabel) -> Target {
    Target { actor: g.actor.clone(), main_act: g.main_act.clone(), topics: g.topics.clone() }
}

/// Train a model for every field on some matched sentences.
fn fit(items: &[&Scored], deployed: &BTreeSet<Field>, header: Vec<String>) -> Model {
    let x: Vec<&[String]> = items.iter().map(|s| s.features.as_slice()).collect();
    let t: Vec<Target> = items.iter().map(|s| target(&s.gold)).collect();
    let y: Vec<&Target> = t.iter().collect();
    learned::train(&x, &y, deployed, header)
}

fn model_labels(model: &Model, x: &Scored) -> ModelLabels {
    let r = x.tool.rules_only();
    let (actor, act, topics) = model.predict(&x.features);
    ModelLabels {
        actor: actor.unwrap_or_else(|| r.actor.name().to_string()),
        main_act: act.unwrap_or_else(|| r.main_act.clone()),
        topics: topics.unwrap_or_else(|| r.topics.iter().cloned().collect()),
    }
}

/// Train and predict out of fold, live: for each fold k, a model trained on the gold labels of
/// the other folds labels fold k (a); a model trained on the tuning folds only labels the
/// held-out sentences (b). Deterministic (fixed training seed; models trained in parallel,
/// results in fold order).
pub fn cross_validate(m: &Matched, folds: &BTreeMap<String, u32>) -> CrossValidation {
    let fold_of = |x: &Scored| folds.get(&x.gold.doc_id).copied();
    let ks: Vec<Option<u32>> =
        folds.values().copied().collect::<BTreeSet<u32>>().into_iter().map(Some).chain([None]).collect();
    let fields: BTreeSet<Field> = Field::ALL.into();
    let models: Vec<(Option<u32>, Model)> = ks
        .par_iter()
        .map(|k| {
            let train: Vec<&Scored> = m
                .items
                .iter()
                .filter(|x| match (k, fold_of(x)) {
                    (Some(k), Some(f)) => f != *k,
                    (None, Some(f)) => !SEALED_FOLDS.contains(&f),
                    (_, None) => false,
                })
                .collect();
            (*k, fit(&train, &fields, Vec::new()))
        })
        .collect();
    let mut out = CrossValidation::default();
    for x in &m.items {
        let f = fold_of(x);
        let by = |k: Option<u32>| models.iter().find(|(mk, _)| *mk == k).map(|(_, md)| model_labels(md, x));
        out.cv.push(f.and_then(|f| by(Some(f))));
        out.clean.push(if is_held_out(&x.gold.doc_id, folds) { by(None) } else { None });
    }
    out
}

/// A matched sentence with the rules' label, its fields in `fields` replaced by `p`.
fn hybrid(x: &Scored, p: Option<&ModelLabels>, fields: &BTreeSet<Field>) -> Scored {
    let mut tool = x.tool.rules_only().clone();
    if let Some(p) = p {
        if fields.contains(&Field::Actor) {
            tool.actor = Actor::from_name(&p.actor).unwrap_or(tool.actor);
        }
        if fields.contains(&Field::Act) {
            tool.main_act = p.main_act.clone();
        }
        if fields.contains(&Field::Topics) {
            tool.topics = p.topics.iter().cloned().collect();
        }
    }
    Scored { gold: x.gold.clone(), tool, text: x.text.clone(), features: Vec::new() }
}

/// The (a) and (b) comparison of rules alone and the hybrid, per field.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Sentences and statements in (a) and in (b).
    pub sizes: [(usize, usize); 2],
    /// Per field (actor, main act, negated, topics): [(a) rules, (a) hybrid, (b) rules, (b) hybrid].
    pub rows: Vec<[FieldAgreement; 4]>,
    /// Fields where (b) hybrid beats rules alone and (a) hybrid is not worse.
    pub decision: BTreeSet<Field>,
}

/// Compare rules alone with the hybrid under (a) and (b) and decide, per field, whether the
/// hybrid is to be deployed (see [`Comparison::decision`]).
pub fn compare(m: &Matched, cv: &CrossValidation, folds: &BTreeMap<String, u32>) -> Comparison {
    compare_with(m, cv, folds, true)
}

/// [`compare`], with the intervals only when `with_ci`.
fn compare_with(m: &Matched, cv: &CrossValidation, folds: &BTreeMap<String, u32>, with_ci: bool) -> Comparison {
    let all: BTreeSet<Field> = Field::ALL.into();
    let a_idx: Vec<usize> = (0..m.items.len()).filter(|&i| cv.cv[i].is_some()).collect();
    let b_idx: Vec<usize> = (0..m.items.len()).filter(|&i| cv.clean[i].is_some()).collect();
    let set = |idx: &[usize], p: Option<&[Option<ModelLabels>]>, fields: &BTreeSet<Field>| -> Vec<Scored> {
        idx.iter().map(|&i| hybrid(&m.items[i], p.and_then(|p| p[i].as_ref()), fields)).collect()
    };
    let none = BTreeSet::new();
    let agree = |v: &[Scored]| agreement(&v.iter().collect::<Vec<_>>(), with_ci);
    let a_rules = agree(&set(&a_idx, None, &none));
    let a_hyb = agree(&set(&a_idx, Some(&cv.cv), &all));
    let b_rules = agree(&set(&b_idx, None, &none));
    let b_hyb = agree(&set(&b_idx, Some(&cv.clean), &all));
    let n_docs = |idx: &[usize]| idx.iter().map(|&i| m.items[i].gold.doc_id.as_str()).collect::<BTreeSet<_>>().len();
    let rows: Vec<[FieldAgreement; 4]> = (0..a_rules.len())
        .map(|k| [a_rules[k].clone(), a_hyb[k].clone(), b_rules[k].clone(), b_hyb[k].clone()])
        .collect();
    let mut decision = BTreeSet::new();
    for (field, k) in [(Field::Actor, 0), (Field::Act, 1), (Field::Topics, 3)] {
        let r = &rows[k];
        if r[3].value > r[2].value && r[1].value >= r[0].value {
            decision.insert(field);
        }
    }
    let _ = folds;
    Comparison { sizes: [(a_idx.len(), n_docs(&a_idx)), (b_idx.len(), n_docs(&b_idx))], rows, decision }
}

fn field_of_row(name: &str) -> Option<Field> {
    match name {
        "actor" => Some(Field::Actor),
        "main act" => Some(Field::Act),
        "topics" => Some(Field::Topics),
        _ => None,
    }
}

/// The comparison as a Markdown section.
fn comparison_section(c: &Comparison, deployed: &BTreeSet<Field>) -> String {
    let mut s = String::from("### Cross-validation: rules alone vs hybrid (rules + learned model)\n\n");
    let _ = writeln!(
        s,
        "Computed live. (a) 5-fold cross-validation by statement over all labelled statements ({} sentences of {} statements): \
         each fold is labelled by a model trained on the gold labels of the other four. (b) The clean figure ({} sentences of {} \
         statements): the held-out sentences of the sealed folds, labelled by a model trained on the tuning folds only — neither \
         the rules nor the model saw them. The rules (and so the rule features of the model) were tuned on the tuning folds: \
         (a) is optimistic for them, (b) is not. Model: averaged perceptron over the rules' decisions, position and character \
         n-grams (src/clauses/learned.rs). Agreement for actor, main act and negated; micro-F1 for topics.\n",
        c.sizes[0].0, c.sizes[0].1, c.sizes[1].0, c.sizes[1].1
    );
    s.push_str("| field | (a) rules | 95% CI | (a) hybrid | 95% CI | (b) rules | 95% CI | (b) hybrid | 95% CI | deployed |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for r in &c.rows {
        let name = r[0].field;
        let dep = match field_of_row(name) {
            None => "rules (the model does not decide negation)",
            Some(f) if deployed.contains(&f) => "hybrid",
            Some(_) => "rules",
        };
        let _ = write!(s, "| {} |", if name == "topics" { "topics (micro-F1)" } else { name });
        for x in r {
            let _ = write!(s, " {} | {} |", fmt3(x.value), ci(x.lo, x.hi));
        }
        let _ = writeln!(s, " {dep} |");
    }
    let names = |set: &BTreeSet<Field>| {
        if set.is_empty() {
            "none".to_string()
        } else {
            set.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
        }
    };
    let _ = writeln!(
        s,
        "\nDecision rule (a one-time choice between two candidates, made on the sealed folds): the hybrid is deployed for a field \
         only if (b) hybrid beats (b) rules AND (a) hybrid is not below (a) rules. By today's numbers: {}. Deployed \
         (corpus/clause_model.tsv): {}.{}\n",
        names(&c.decision),
        names(deployed),
        if c.decision == *deployed {
            ""
        } else {
            " The deployed model no longer matches today's decision: regenerate it with `jointstat validate --train-model corpus/clause_model.tsv`."
        }
    );
    s
}

/// The labels a scored sentence gets from the deployed configuration evaluated out of sample:
/// rules for the fields not deployed, the out-of-fold model for the deployed ones.
fn deployed_view(m: &Matched, preds: &[Option<ModelLabels>], deployed: &BTreeSet<Field>) -> Vec<Scored> {
    m.items.iter().zip(preds).map(|(x, p)| hybrid(x, p.as_ref(), deployed)).collect()
}

/// Only the cross-validation comparison of rules alone and the hybrid (`jointstat validate --cv`).
/// With `tuning_only`, a cross-validation inside the tuning folds (one fold per tuning fold), which
/// never touches a sealed statement: what the model was developed on.
pub fn cv_markdown(m: &Matched, folds: &BTreeMap<String, u32>, tuning_only: bool) -> String {
    if tuning_only {
        let keep = |d: &str| folds.get(d).is_some_and(|f| !SEALED_FOLDS.contains(f));
        let tm =
            Matched { items: m.items.iter().filter(|x| keep(&x.gold.doc_id)).cloned().collect(), skipped: Vec::new() };
        let tf: BTreeMap<String, u32> = folds.iter().filter(|(d, _)| keep(d)).map(|(d, f)| (d.clone(), *f)).collect();
        let cv = cross_validate(&tm, &tf);
        let mut s = comparison_section(&compare(&tm, &cv, &tf), &learned::default_model().deployed);
        s = s.replacen(
            "### Cross-validation: rules alone vs hybrid (rules + learned model)",
            "### Cross-validation inside the tuning folds only (development; (a) = one fold per tuning fold, (b) empty)",
            1,
        );
        return s;
    }
    let cv = cross_validate(m, folds);
    comparison_section(&compare(m, &cv, folds), &learned::default_model().deployed)
}

/// Train the deployed model on every matched gold sentence, for the fields the comparison
/// decides (see [`compare`]); `gold_text` is the gold file (its sha256 goes into the header).
/// Returns the weights file (`corpus/clause_model.tsv`).
pub fn train_model(m: &Matched, folds: &BTreeMap<String, u32>, gold_text: &str, rules_version: &str) -> String {
    let cv = cross_validate(m, folds);
    let c = compare(m, &cv, folds);
    let mut header = vec![
        "jointstat clause model (src/clauses/learned.rs): averaged perceptron, multiclass for actor and main act, one binary classifier per topic.".to_string(),
        format!(
            "Training: {} passes, shuffle seed {:#x}, features seen in >= {} sentences, averaged weights rounded to 4 decimals, |weight| < {} pruned.",
            learned::EPOCHS,
            learned::TRAIN_SEED,
            learned::MIN_COUNT,
            learned::PRUNE
        ),
        format!(
            "Trained on all {} scored sentences of corpus/gold/clauses_gold.tsv (sha256 {}), features from clause rules version {rules_version}.",
            m.items.len(),
            crate::ingest::sha256_hex(gold_text.as_bytes())
        ),
        "Regenerate: jointstat validate --corpus ../shared/corpus --train-model corpus/clause_model.tsv (a test checks it reproduces this file byte for byte).".to_string(),
        "Decision by cross-validation by statement, rules -> hybrid; (a) 5-fold CV over all statements, (b) trained on folds 1-3, scored on sealed folds 4-5:".to_string(),
    ];
    for r in &c.rows {
        if r[0].field == "negated" {
            continue;
        }
        header.push(format!(
            "  {}: (a) {} -> {}, (b) {} -> {}",
            r[0].field,
            fmt3(r[0].value),
            fmt3(r[1].value),
            fmt3(r[2].value),
            fmt3(r[3].value)
        ));
    }
    header.push(format!("deployed: {}", c.decision.iter().map(|f| f.name()).collect::<Vec<_>>().join(" ")));
    let items: Vec<&Scored> = m.items.iter().collect();
    let mut model = fit(&items, &c.decision, header);
    // only the deployed fields' weights are kept
    model.weights.retain(|l, _| {
        let prefix = l.split_once(':').map_or("", |x| x.0);
        c.decision.iter().any(|f| match f {
            Field::Actor => prefix == "actor",
            Field::Act => prefix == "act",
            Field::Topics => prefix == "topic",
        })
    });
    model.to_tsv()
}

/// The blind One-China element gold standard (`corpus/gold/one_china_gold.tsv`, one row per
/// statement and element), built in.
pub const DEFAULT_ONE_CHINA_GOLD: &str = include_str!("../../corpus/gold/one_china_gold.tsv");

/// The blind second coder's One-China elements (`corpus/gold/one_china_second_coder.tsv`, same
/// columns as the gold, possibly a subset of statements), built in. An `Option` so that a build
/// with its own gold can run `validate` without a second coder.
pub const DEFAULT_ONE_CHINA_SECOND_CODER: Option<&str> =
    Some(include_str!("../../corpus/gold/one_china_second_coder.tsv"));

/// One row of the One-China gold standard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementGold {
    /// Statement.
    pub doc_id: String,
    /// Element.
    pub element: String,
    /// Present in the statement.
    pub present: bool,
    /// Normalised governing verb (`-` when absent).
    pub stance: String,
    /// Holder of the stance (`-` when absent).
    pub actor: String,
    /// The governing verb is negated.
    pub negated: bool,
    /// The governing verb as written (`-` when none; empty when the file has no such column).
    pub stance_text: String,
    /// The coder's note (empty when none or when the file has no such column).
    pub note: String,
}

/// Parse the One-China gold file; `source` names it in errors.
pub fn read_element_gold(text: &str, source: &str) -> Result<Vec<ElementGold>> {
    read_tsv(text, source, |r| {
        let flag = |name: &str| -> Result<bool> {
            match r.get(name)? {
                "true" => Ok(true),
                "false" => Ok(false),
                other => {
                    bail_config!(format!("{source} line {}", r.line), "{name} must be true or false, not `{other}`")
                }
            }
        };
        Ok(ElementGold {
            doc_id: r.get("doc_id")?.to_string(),
            element: r.get("element")?.to_string(),
            present: flag("present")?,
            stance: r.get("stance")?.to_string(),
            actor: r.get("actor")?.to_string(),
            negated: flag("negated")?,
            stance_text: if r.has("stance_text") { r.get("stance_text")?.to_string() } else { String::new() },
            note: if r.has("note") { r.get("note")?.to_string() } else { String::new() },
        })
    })
}

/// The One-China elements (src/clauses/onechina.rs) against the blind element gold standard:
/// presence over all (statement, element) rows, and stance, actor and negation over the rows
/// both mark present, with cluster-bootstrap intervals; per element presence and stance counts.
pub fn one_china_section(
    corpus: &Corpus,
    rules: &ClauseRules,
    er: &crate::clauses::onechina::ElementRules,
    tok: &Tokenizer,
    gold: &[ElementGold],
) -> String {
    let ids: BTreeSet<&str> = gold.iter().map(|g| g.doc_id.as_str()).collect();
    let (segs, labels) = label_docs(corpus, rules, tok, &ids);
    one_china_section_noted(corpus, &segs, &labels, rules, er, gold, REFERENCE_ONE_CHINA_NOTE)
}

/// Segment every statement of `corpus` and tokenize and classify those named in `ids` (the
/// others get no labels): what every section of `jointstat validate` scores, computed once.
/// Indexed like `corpus.docs`, as [`match_labels`] and [`one_china_section_noted`] take it.
pub fn label_docs(
    corpus: &Corpus,
    rules: &ClauseRules,
    tok: &Tokenizer,
    ids: &BTreeSet<&str>,
) -> (Vec<Segmentation>, Vec<Vec<SentenceLabel>>) {
    let segs: Vec<Segmentation> = corpus.docs.par_iter().map(segment).collect();
    let labels = corpus
        .docs
        .par_iter()
        .zip(segs.par_iter())
        .map(|(d, seg)| {
            if ids.contains(d.id.as_str()) {
                classify_doc(rules, d, seg, &tok.tokenize_doc(d, seg))
            } else {
                Vec::new()
            }
        })
        .collect();
    (segs, labels)
}

/// What the One-China figures against the reference gold mean (in-sample).
pub const REFERENCE_ONE_CHINA_NOTE: &str = "Gold: corpus/gold/one_china_gold.tsv (one coder, blind to the tool). The element rules version 1 were written from its codebook before its rows were read; the rule classes of version 2 were found by listing the disagreements below with this gold, so these figures are in-sample, not an estimate for unseen statements.";

/// [`one_china_section`] with the labels already computed ([`label_docs`]), against any element
/// gold, with `note` (what the gold is and whether the figures are in or out of sample; the
/// reference gold's is [`REFERENCE_ONE_CHINA_NOTE`]) printed under the heading.
pub fn one_china_section_noted(
    corpus: &Corpus,
    segs: &[Segmentation],
    labels: &[Vec<SentenceLabel>],
    rules: &ClauseRules,
    er: &crate::clauses::onechina::ElementRules,
    gold: &[ElementGold],
    note: &str,
) -> String {
    use crate::clauses::onechina::{elements, ElementFinding};
    let ids: BTreeSet<&str> = gold.iter().map(|g| g.doc_id.as_str()).collect();
    let found: BTreeMap<&str, Vec<ElementFinding>> = corpus
        .docs
        .par_iter()
        .enumerate()
        .filter(|(_, d)| ids.contains(d.id.as_str()))
        .map(|(i, d)| (d.id.as_str(), elements(er, rules, d, &segs[i], &labels[i])))
        .collect();
    let pairs: Vec<(&ElementGold, &ElementFinding)> = gold
        .iter()
        .filter_map(|g| found.get(g.doc_id.as_str())?.iter().find(|f| f.element == g.element).map(|f| (g, f)))
        .collect();
    let bool_str = |b: bool| if b { "true" } else { "false" };
    let docs: Vec<&str> = pairs.iter().map(|p| p.0.doc_id.as_str()).collect();
    let n_docs = docs.iter().collect::<BTreeSet<_>>().len();
    let mut s = format!(
        "### One-China elements against the blind gold standard: {} (statement, element) rows of {n_docs} statements\n\n",
        pairs.len()
    );
    s.push_str(note);
    s.push_str("\n\n");
    s.push_str("| field | rows | agreement | 95% CI | Cohen's κ | 95% CI |\n|---|---|---|---|---|---|\n");
    let gp: Vec<&str> = pairs.iter().map(|p| bool_str(p.0.present)).collect();
    let tp: Vec<&str> = pairs.iter().map(|p| bool_str(p.1.present)).collect();
    s.push_str(&field_row("present", &docs, &gp, &tp));
    let both: Vec<&(&ElementGold, &ElementFinding)> = pairs.iter().filter(|p| p.0.present && p.1.present).collect();
    let bdocs: Vec<&str> = both.iter().map(|p| p.0.doc_id.as_str()).collect();
    let gs: Vec<&str> = both.iter().map(|p| p.0.stance.as_str()).collect();
    let ts: Vec<&str> = both.iter().map(|p| p.1.stance.as_str()).collect();
    s.push_str(&field_row("stance (both present)", &bdocs, &gs, &ts));
    let ga: Vec<&str> = both.iter().map(|p| p.0.actor.as_str()).collect();
    let ta: Vec<&str> = both.iter().map(|p| p.1.actor.as_str()).collect();
    s.push_str(&field_row("actor (both present)", &bdocs, &ga, &ta));
    let gn: Vec<&str> = both.iter().map(|p| bool_str(p.0.negated)).collect();
    let tn: Vec<&str> = both.iter().map(|p| bool_str(p.1.negated)).collect();
    s.push_str(&field_row("negated (both present)", &bdocs, &gn, &tn));
    s.push_str("\n| element | gold present | tool present | both | stance agrees | actor agrees |\n|---|---|---|---|---|---|\n");
    let names: Vec<&str> = {
        let mut v: Vec<&str> = Vec::new();
        for p in &pairs {
            if !v.contains(&p.0.element.as_str()) {
                v.push(p.0.element.as_str());
            }
        }
        v
    };
    for name in names {
        let rows: Vec<&(&ElementGold, &ElementFinding)> = pairs.iter().filter(|p| p.0.element == name).collect();
        let b: Vec<&&(&ElementGold, &ElementFinding)> = rows.iter().filter(|p| p.0.present && p.1.present).collect();
        let _ = writeln!(
            s,
            "| {name} | {} | {} | {} | {} | {} |",
            rows.iter().filter(|p| p.0.present).count(),
            rows.iter().filter(|p| p.1.present).count(),
            b.len(),
            b.iter().filter(|p| p.0.stance == p.1.stance).count(),
            b.iter().filter(|p| p.0.actor == p.1.actor).count()
        );
    }
    s.push('\n');
    s.push_str(&element_disagreements(&pairs));
    s
}

/// Inter-coder agreement on the One-China elements between the gold (`first`) and a second,
/// blind coder (`second_text`, the TSV text; `source` names it in errors), restricted to the
/// statements the second coder covered: presence over every (statement, element) row both coded,
/// stance and holder on the rows both mark present (agreement and Cohen's κ with
/// cluster-bootstrap intervals by statement). Without a second coder's file it says so.
pub fn one_china_coder_section(first: &[ElementGold], second_text: Option<&str>, source: &str) -> Result<String> {
    let Some(text) = second_text else {
        return Ok(format!(
            "### One-China elements: inter-coder agreement\n\nNo second coder's file ({source}): no inter-coder agreement yet.\n\n"
        ));
    };
    let second = read_element_gold(text, source)?;
    let index: BTreeMap<(&str, &str), &ElementGold> =
        first.iter().map(|g| ((g.doc_id.as_str(), g.element.as_str()), g)).collect();
    let mut pairs: Vec<(&ElementGold, &ElementGold)> = Vec::new();
    for b in &second {
        match index.get(&(b.doc_id.as_str(), b.element.as_str())) {
            Some(a) => pairs.push((a, b)),
            None => bail_config!(source, "({}, {}) is not a row of the gold standard", b.doc_id, b.element),
        }
    }
    let docs: Vec<&str> = pairs.iter().map(|p| p.0.doc_id.as_str()).collect();
    let n_docs = docs.iter().collect::<BTreeSet<_>>().len();
    let bool_str = |b: bool| if b { "true" } else { "false" };
    let mut s = format!(
        "### One-China elements: inter-coder agreement on {} (statement, element) rows of {n_docs} statements coded twice, independently\n\n",
        pairs.len()
    );
    let _ = writeln!(
        s,
        "Second coder: {source}; only the statements it covers. Both coders of the reference gold are \
         AI helper instances of one model working from the codebook: agreement shows the codebook is \
         reproducible, not what two human coders would reach.\n"
    );
    s.push_str("| field | rows | agreement | 95% CI | Cohen's κ | 95% CI |\n|---|---|---|---|---|---|\n");
    let pa: Vec<&str> = pairs.iter().map(|p| bool_str(p.0.present)).collect();
    let pb: Vec<&str> = pairs.iter().map(|p| bool_str(p.1.present)).collect();
    s.push_str(&field_row("present", &docs, &pa, &pb));
    let both: Vec<&(&ElementGold, &ElementGold)> = pairs.iter().filter(|p| p.0.present && p.1.present).collect();
    let bdocs: Vec<&str> = both.iter().map(|p| p.0.doc_id.as_str()).collect();
    let col = |f: fn(&ElementGold) -> &str, second: bool| -> Vec<&str> {
        both.iter().map(|p| f(if second { p.1 } else { p.0 })).collect()
    };
    let stance: fn(&ElementGold) -> &str = |g| g.stance.as_str();
    let actor: fn(&ElementGold) -> &str = |g| g.actor.as_str();
    let negated: fn(&ElementGold) -> &str = |g| if g.negated { "true" } else { "false" };
    s.push_str(&field_row("stance (both present)", &bdocs, &col(stance, false), &col(stance, true)));
    s.push_str(&field_row("holder (both present)", &bdocs, &col(actor, false), &col(actor, true)));
    s.push_str(&field_row("negated (both present)", &bdocs, &col(negated, false), &col(negated, true)));
    s.push('\n');
    Ok(s)
}

/// Every (statement, element) row where the tool and the gold disagree on presence, stance,
/// actor or negation: both codings side by side with the gold's note and the tool's evidence
/// span (the element's wording only, never a whole sentence).
fn element_disagreements(pairs: &[(&ElementGold, &crate::clauses::onechina::ElementFinding)]) -> String {
    let rows: Vec<_> = pairs
        .iter()
        .filter(|(g, f)| {
            g.present != f.present
                || (g.present && (g.stance != f.stance || g.actor != f.actor || g.negated != f.negated))
        })
        .collect();
    let mut s = format!("#### One-China disagreements with the gold: {} rows\n\n", rows.len());
    if rows.is_empty() {
        return s;
    }
    s.push_str("| statement | element | gold stance (verb) / actor | tool stance (verb) / actor | tool evidence | gold note |\n|---|---|---|---|---|---|\n");
    let side = |present: bool, stance: &str, verb: &str, actor: &str, negated: bool| {
        if !present {
            return "absent".to_string();
        }
        let neg = if negated { " negated" } else { "" };
        format!("{stance} ({verb}){neg} / {actor}")
    };
    for (g, f) in rows {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} |",
            g.doc_id,
            g.element,
            side(g.present, &g.stance, &g.stance_text, &g.actor, g.negated),
            side(f.present, &f.stance, &f.stance_text, &f.actor, f.negated),
            f.evidence,
            g.note.replace('|', "/")
        );
    }
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kappa_matches_a_hand_computation() {
        // fixture: 10 items, two coders. Agreement 7/10; marginals a: x 5, y 5; b: x 6, y 4.
        // p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = (0.7 − 0.5) / 0.5 = 0.4
        let a = ["x", "x", "x", "x", "x", "y", "y", "y", "y", "y"];
        let b = ["x", "x", "x", "x", "y", "x", "x", "y", "y", "y"];
        assert!((accuracy(&a, &b) - 0.7).abs() < 1e-12);
        assert!((cohen_kappa(&a, &b) - 0.4).abs() < 1e-12);
        assert_eq!(cohen_kappa(&["x", "x"], &["x", "x"]), 1.0);
    }

    #[test]
    fn per_label_and_micro_f1() {
        let g = ["a", "a", "b", "c"];
        let p = ["a", "b", "b", "b"];
        let s = per_label(&g, &p);
        let a = &s[0];
        assert_eq!((a.label.as_str(), a.support, a.predicted, a.tp), ("a", 2, 1, 1));
        assert!((a.precision - 1.0).abs() < 1e-12 && (a.recall - 0.5).abs() < 1e-12);
        assert!((a.f1 - 2.0 / 3.0).abs() < 1e-12);
        let b = &s[1];
        assert_eq!((b.support, b.predicted, b.tp), (1, 3, 1));
        assert!(s[2].precision.is_nan()); // c never predicted
        let set = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<BTreeSet<String>>();
        let (g1, g2, p1, p2) = (set(&["e", "s"]), set(&[]), set(&["e"]), set(&["t"]));
        // tp 1 (e), fp 1 (t), fn 1 (s): micro-F1 = 2/(2+1+1) = 0.5
        assert!((micro_f1(&[&g1, &g2], &[&p1, &p2]) - 0.5).abs() < 1e-12);
        let per = per_set_label(&[&g1, &g2], &[&p1, &p2]);
        assert_eq!(
            per.iter().map(|x| (x.label.as_str(), x.tp)).collect::<Vec<_>>(),
            vec![("e", 1), ("s", 0), ("t", 0)]
        );
    }

    #[test]
    fn bootstrap_is_reproducible_and_brackets_the_estimate() {
        let clusters: Vec<Vec<usize>> = (0..20).map(|c| (c * 5..c * 5 + 5).collect()).collect();
        // every cluster 4/5 correct: the interval collapses onto 0.8
        let ok: Vec<bool> = (0..100).map(|i| i % 5 != 0).collect();
        let stat = |items: &[usize]| items.iter().filter(|&&i| ok[i]).count() as f64 / items.len() as f64;
        let (lo, hi) = cluster_bootstrap_ci(&clusters, stat);
        assert!((lo - 0.8).abs() < 1e-12 && (hi - 0.8).abs() < 1e-12, "{lo} {hi}");
        // clusters that differ: a proper interval around the estimate 0.75, the same every time
        let ok: Vec<bool> = (0..100).map(|i| i % 4 != 0).collect();
        let stat = |items: &[usize]| items.iter().filter(|&&i| ok[i]).count() as f64 / items.len() as f64;
        let (lo, hi) = cluster_bootstrap_ci(&clusters, stat);
        assert_eq!((lo, hi), cluster_bootstrap_ci(&clusters, stat));
        assert!(lo < 0.75 && 0.75 < hi && hi - lo < 0.2, "{lo} {hi}");
    }

    #[test]
    fn gold_files_parse_and_refuse_bad_rows() {
        let g = read_gold(
            "# comment\ndoc_id\tsentence\ttext_sha\tactor\tmain_act\tnegated\ttopics\nd\t0\tabcd\tjoint\tcommitment\ttrue\tborder;energy\nd\t1\t\tchina\tnone\tfalse\t\n",
            "fixture",
        )
        .unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].topics.len(), 2);
        assert!(g[0].negated && !g[1].negated);
        assert_eq!(g[1].text_sha, None);
        assert!(read_gold("doc_id\tsentence\tactor\tmain_act\tnegated\ttopics\nd\tx\ta\tb\tfalse\t\n", "f").is_err());
        assert!(read_gold("doc_id\tsentence\n", "f").is_ok());
        assert!(read_gold("doc_id\tsentence\nd\t0\n", "f").is_err());
    }

    fn scored(
        doc: &str,
        sentence: usize,
        gold: (&str, &str, &[&str]),
        tool: (crate::clauses::Actor, &str, &[&str]),
    ) -> Scored {
        let set = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<BTreeSet<String>>();
        Scored {
            gold: GoldLabel {
                doc_id: doc.into(),
                sentence,
                text_sha: None,
                actor: gold.0.into(),
                main_act: gold.1.into(),
                negated: false,
                topics: set(gold.2),
            },
            tool: SentenceLabel {
                sentence,
                article: 0,
                actor: tool.0,
                actor_source: "explicit",
                actor_cue: String::new(),
                main_act: tool.1.into(),
                act_rule: "cue:x".into(),
                acts: vec![],
                negated: false,
                topics: tool.2.iter().map(|x| x.to_string()).collect(),
                keywords: vec![],
                rules: None,
            },
            text: format!("fixture sentence {doc} {sentence}"),
            features: vec![],
        }
    }

    #[test]
    fn cross_validation_decides_by_the_sealed_and_the_cv_figures() {
        use crate::clauses::Actor;
        // fixture: 10 statements in folds 1..5 (2 each), 10 sentences each. The rules always say
        // `assessment`; the gold act is `support` in even sentences, which carry the feature
        // `h1=支` (odd ones `h1=认`). Rules alone: act agreement exactly 0.5 everywhere.
        let folds: BTreeMap<String, u32> = (0..10).map(|d| (format!("s{d}"), d / 2 + 1)).collect();
        let mut items = Vec::new();
        for d in 0..10 {
            for i in 0..10 {
                let act = if i % 2 == 0 { "support" } else { "assessment" };
                let mut x = scored(&format!("s{d}"), i, ("joint", act, &[]), (Actor::Joint, "assessment", &[]));
                let cue = if i % 2 == 0 { "h1=支" } else { "h1=认" };
                x.features = vec!["bias".into(), cue.into(), "r.act=assessment".into(), "r.actor=joint".into()];
                items.push(x);
            }
        }
        let m = Matched { items, skipped: vec![] };
        let cv = cross_validate(&m, &folds);
        assert!(cv.cv.iter().all(Option::is_some));
        // (b) covers the sealed folds 4 and 5 only
        assert_eq!(cv.clean.iter().filter(|p| p.is_some()).count(), 40);
        let c = compare(&m, &cv, &folds);
        assert_eq!(c.sizes, [(100, 10), (40, 4)]);
        let act = &c.rows[1];
        assert_eq!((act[0].value, act[2].value), (0.5, 0.5));
        assert!(act[1].value > 0.9 && act[3].value > 0.9, "{act:?}");
        // actor: rules already right, the hybrid cannot beat them strictly; topics: undefined
        assert_eq!(c.decision, [Field::Act].into());
    }

    #[test]
    fn folds_parse_and_refuse_bad_rows() {
        let f = read_folds("# c\ndoc_id\tfold\na\t1\nb\t4\n", "folds").unwrap();
        assert_eq!(f.get("b"), Some(&4));
        assert!(read_folds("a\tx\n", "folds.tsv").unwrap_err().to_string().contains("folds.tsv line 1"));
        assert!(read_folds("a\t1\na\t2\n", "f").is_err());
        // the committed assignment covers every gold statement; 19 of them are held out
        let folds = read_folds(DEFAULT_FOLDS, "corpus/gold/folds.tsv").unwrap();
        let gold = read_gold(DEFAULT_GOLD, "gold").unwrap();
        assert!(gold.iter().all(|g| folds.contains_key(&g.doc_id)));
        assert_eq!(folds.len(), 52);
        assert_eq!(folds.keys().filter(|d| is_held_out(d, &folds)).count(), 19);
        assert!(!is_held_out("2003-06-03_KZ", &folds), "a development statement is never held out");
    }

    #[test]
    fn summary_reports_held_out_agreement_and_weak_labels() {
        use crate::clauses::Actor;
        let folds: BTreeMap<String, u32> = [("t".to_string(), 1), ("s".to_string(), 4), ("u".to_string(), 5)].into();
        // fixture: held out = statements s and u, 4 sentences; actor 3/4, act 2/4; topics: gold
        // {e},{e},{},{} vs tool {e},{},{},{m}: tp 1, fp 1, fn 1 → micro-F1 0.5
        let m = Matched {
            items: vec![
                scored("t", 0, ("joint", "support", &[]), (Actor::China, "appeal", &[])),
                scored("s", 0, ("joint", "support", &["e"]), (Actor::Joint, "support", &["e"])),
                scored("s", 1, ("joint", "commitment", &["e"]), (Actor::Joint, "commitment", &[])),
                scored("u", 0, ("china", "support", &[]), (Actor::China, "assessment", &[])),
                scored("u", 1, ("china", "appeal", &[]), (Actor::Joint, "assessment", &["m"])),
            ],
            skipped: vec![],
        };
        let md = summary_with(&m, &folds, &BTreeSet::new());
        assert!(md.contains("5 sentences scored"), "{md}");
        assert!(md.contains("4 sentences of 2 statements"), "{md}");
        assert!(md.contains("| actor | 0.750 |"), "{md}");
        assert!(md.contains("| main act | 0.500 |"), "{md}");
        assert!(md.contains("| topics (micro-F1) | 0.500 |"), "{md}");
        // support: gold 2, tool 1, tp 1 → F1 2/3 < 0.7; commitment F1 1; appeal F1 0
        assert!(md.contains("act:appeal (F1 0.000, gold 1)"), "{md}");
        assert!(md.contains("act:support (F1 0.667, gold 2)"), "{md}");
        assert!(!md.contains("act:commitment"), "{md}");
        // the tuning-fold error listing never shows a sealed statement
        let errs = tuning_errors(&m, &folds);
        assert!(errs.contains("t#0 f1") && !errs.contains("s#") && !errs.contains("u#"), "{errs}");
    }
}
