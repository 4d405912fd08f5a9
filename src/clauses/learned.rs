//! A small learned layer over the clause rules: averaged-perceptron linear models (Collins 2002)
//! trained on the gold labels (`corpus/gold/clauses_gold.tsv`), with the rule engine's own
//! decisions among their features, so the model learns when to overrule the rules.
//!
//! - **Fields**: `actor` and `main act` are multiclass (one weight vector per label, the highest
//!   score wins, ties to the first label in sorted order); each topic is a binary classifier
//!   (score > 0 → the topic is present). Negation always comes from the rules.
//! - **Features** ([`features`]), binary, from the sentence text and the rules' labels only: the
//!   rule's act, the rule that decided it and its cue, every act cue that occurred, negation,
//!   the rule's actor, its source and cue, the rule's topics and keywords; position (article
//!   index, first sentence of its article, follows a lead-in ending in `：`, follows a `如下/以下`
//!   lead-in, list label, previous sentence's act, length, last character); character
//!   1–3-grams of the sentence head (first 12 characters after a list label). Not used, because
//!   they made every field worse in a cross-validation inside the tuning folds: character n-grams
//!   of the whole sentence (topic micro-F1 0.836 → 0.807, main act 0.912 → 0.897 with them).
//!   No token n-grams: the head's character n-grams cover them without a second dependence on the
//!   tokenizer's dictionary.
//! - **Training** ([`train`]): the rules' own label starts with weight [`PRIOR`] (the model learns
//!   corrections to the rules; without it, the model was worse than the rules on every field);
//!   features seen in fewer than [`MIN_COUNT`] training sentences are dropped; [`EPOCHS`] passes in an order shuffled with a fixed seed; averaged weights, rounded
//!   to 4 decimals and pruned below [`PRUNE`] — exactly what the weights file holds, so a model
//!   scored in cross-validation is the model a file would contain. Sums run in a fixed feature
//!   order in f64: the same gold labels give the same file, byte for byte.
//! - **Use** ([`apply`]): only the fields listed in the model's `deployed` header line are
//!   changed; a changed label names the model and its top contributing features
//!   in words ([`describe`]: `model(rule=commitment; +cue:愿, +head:双方)`), an unchanged label
//!   keeps its rule id.
//!
//! The weights file (`corpus/clause_model.tsv`): `#` header lines (how and on what it was
//! trained, `# deployed: act topics`), then `feature<TAB>label<TAB>weight` rows sorted by label
//! then feature; labels are `actor:NAME`, `act:NAME` or `topic:NAME`. The model is applied
//! whatever rules file is in use (`--rules FILE`); its features name the rules' labels, so a
//! rules file that changes the rules' decisions weakens it in a way `jointstat validate` does not
//! show (its cross-validation trains fresh models on the rules in use). There is no option to load
//! other weights; a changed rules file calls for `--train-model corpus/clause_model.tsv` and a
//! rebuild.
//!
//! Slightly over 500 lines: one model (features, training, file format, application) and its
//! unit tests (about 90 lines).

use crate::bail_config;
use crate::clauses::{Actor, SentenceLabel};
use crate::error::Result;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

/// The deployed weights (`corpus/clause_model.tsv`), built into the binary.
pub const DEFAULT_MODEL: &str = include_str!("../../corpus/clause_model.tsv");
/// Training passes over the data.
pub const EPOCHS: usize = 10;
/// A feature must occur in at least this many training sentences to get a weight.
pub const MIN_COUNT: usize = 5;
/// Averaged weights with a smaller magnitude are not kept (nor written).
pub const PRUNE: f64 = 0.005;
/// Initial weight of the rules' own label (`r.act=X` for `act:X`, …; for a topic `r.topic=T`
/// +PRIOR and `bias` −PRIOR/2): the model starts from the rules and learns corrections.
pub const PRIOR: f64 = 50.0;

/// Seed of the shuffle of each training pass.
pub const TRAIN_SEED: u64 = 0x636c_6175_7365_6d6c;
/// Characters of the sentence head whose n-grams are features.
pub const HEAD_CHARS: usize = 12;

/// A field the model can decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// The actor (multiclass).
    Actor,
    /// The main act (multiclass).
    Act,
    /// The topics (one binary classifier per topic).
    Topics,
}

impl Field {
    /// All fields, in order.
    pub const ALL: [Field; 3] = [Field::Actor, Field::Act, Field::Topics];

    /// Name in the weights file and in reports (`actor`, `act`, `topics`).
    pub fn name(self) -> &'static str {
        match self {
            Field::Actor => "actor",
            Field::Act => "act",
            Field::Topics => "topics",
        }
    }

    fn from_name(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == s)
    }
}

/// The gold labels of one training sentence (what the model learns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Actor name.
    pub actor: String,
    /// Main act.
    pub main_act: String,
    /// Topics.
    pub topics: BTreeSet<String>,
}

/// A trained model: weights per label, and the fields it decides when deployed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    /// Header comment lines of the weights file (without `# `).
    pub header: Vec<String>,
    /// Fields [`apply`] changes.
    pub deployed: BTreeSet<Field>,
    /// label (`act:commitment`) → feature → weight; labels and features sorted.
    pub weights: BTreeMap<String, BTreeMap<String, f64>>,
    /// feature → [(label index into `labels`, weight)], for scoring.
    index: HashMap<String, Vec<(usize, f64)>>,
    labels: Vec<String>,
}

/// A list label at the start of a sentence ((一), 三、, 1.), for the `p.label` feature.
fn has_list_label(text: &str) -> bool {
    crate::clauses::strip_label(text).len() != text.len()
}

/// Push the 1–3-grams of `chars` as `{prefix}{n}={gram}`, skipping grams with whitespace or
/// control characters (so every feature fits in one TSV field).
fn ngrams(out: &mut Vec<String>, prefix: &str, chars: &[char]) {
    for n in 1..=3 {
        for w in chars.windows(n) {
            if w.iter().any(|c| c.is_whitespace() || c.is_control()) {
                continue;
            }
            out.push(format!("{prefix}{n}={}", w.iter().collect::<String>()));
        }
    }
}

fn bucket(n: usize, edges: &[usize]) -> String {
    match edges.iter().position(|&e| n < e) {
        Some(0) => format!("<{}", edges[0]),
        Some(k) => format!("{}-{}", edges[k - 1], edges[k] - 1),
        None => format!(">={}", edges[edges.len() - 1]),
    }
}

/// Features of every sentence of a document, from the sentence texts and the RULES' labels
/// (`labels[i]` belongs to `texts[i]`), each list sorted and without duplicates.
pub fn features(texts: &[String], labels: &[SentenceLabel]) -> Vec<Vec<String>> {
    let mut out = Vec::with_capacity(labels.len());
    for (i, l) in labels.iter().enumerate() {
        let text = texts.get(i).map(String::as_str).unwrap_or("");
        let mut f: Vec<String> = vec!["bias".into()];
        f.push(format!("r.act={}", l.main_act));
        let (rule, cue) = l.act_rule.split_once(':').unwrap_or((l.act_rule.as_str(), ""));
        let rule = rule.split('+').next().unwrap_or(rule);
        f.push(format!("r.rule={rule}"));
        if matches!(rule, "cue" | "light" | "reinterpreted") && !cue.is_empty() {
            f.push(format!("r.cue={}", cue.split('+').next().unwrap_or(cue)));
        }
        if rule == "subject" {
            f.push(format!("r.cue={}", l.act_rule.trim_start_matches("subject+")));
        }
        f.extend(l.acts.iter().map(|a| format!("r.acts={a}")));
        if l.negated {
            f.push("r.neg".into());
        }
        f.push(format!("r.actor={}", l.actor.name()));
        f.push(format!("r.asrc={}", l.actor_source));
        f.push(format!("r.actor={}|{}", l.actor.name(), l.main_act));
        if !l.actor_cue.is_empty() && !l.actor_cue.contains(['\t', '\n']) {
            f.push(format!("r.acue={}", l.actor_cue));
        }
        f.extend(l.topics.iter().map(|t| format!("r.topic={t}")));
        f.extend(l.keywords.iter().filter(|k| !k.contains(['\t', '\n'])).map(|k| format!("r.kw={k}")));
        // position
        let prev = i.checked_sub(1).and_then(|p| labels.get(p).map(|pl| (pl, texts.get(p))));
        let same_article = prev.is_some_and(|(pl, _)| pl.article == l.article);
        f.push(format!("p.art={}", bucket(l.article, &[1, 2, 4, 8])));
        if !same_article {
            f.push("p.first".into());
        }
        if let Some((pl, Some(pt))) = prev {
            let pt = pt.trim_end();
            if pt.ends_with(['：', ':']) {
                f.push("p.lead".into());
                if pt.contains("如下") || pt.contains("以下") {
                    f.push("p.leadx".into());
                }
            }
            f.push(format!("p.prev={}", pl.main_act));
        } else {
            f.push("p.prev=^".into());
        }
        if has_list_label(text) {
            f.push("p.label".into());
        }
        let chars: Vec<char> = text.chars().collect();
        f.push(format!("p.len={}", bucket(chars.len(), &[10, 20, 40, 80, 160])));
        if let Some(c) = text.trim_end().chars().last().filter(|c| !c.is_whitespace() && !c.is_control()) {
            f.push(format!("p.end={c}"));
        }
        let head: Vec<char> = crate::clauses::strip_label(text).chars().take(HEAD_CHARS).collect();
        ngrams(&mut f, "h", &head);
        f.sort();
        f.dedup();
        out.push(f);
    }
    out
}

/// A feature in words, for explanations: `h2=双方` → `head:双方`, `r.cue=愿` → `cue:愿`,
/// `p.lead` → `after-lead-in` (see [`features`]).
pub fn describe(f: &str) -> String {
    let (k, v) = f.split_once('=').unwrap_or((f, ""));
    let name = match k {
        "h1" | "h2" | "h3" => "head",
        "r.act" => "rules",
        "r.rule" => "rule",
        "r.cue" => "cue",
        "r.acts" => "cue-of",
        "r.neg" => "negated",
        "r.actor" => "actor",
        "r.asrc" => "actor-source",
        "r.acue" => "actor-cue",
        "r.topic" => "topic",
        "r.kw" => "keyword",
        "p.art" => "article",
        "p.first" => "first-in-article",
        "p.lead" => "after-lead-in",
        "p.leadx" => "after-如下/以下",
        "p.label" => "list-item",
        "p.prev" => "after",
        "p.len" => "length",
        "p.end" => "ends",
        other => other,
    };
    if v.is_empty() {
        name.to_string()
    } else {
        format!("{name}:{}", v.replace('|', "+"))
    }
}

use super::rng::SplitMix;

/// Fisher–Yates shuffle of 0..n with a seeded generator.
fn shuffled(n: usize, rng: &mut SplitMix) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
    v
}

fn round4(w: f64) -> f64 {
    let r = (w * 10_000.0).round() / 10_000.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Averaged multiclass perceptron over feature-index lists; returns weights[label][feature].
fn perceptron_multi(
    x: &[Vec<usize>],
    y: &[usize],
    n_feat: usize,
    n_lab: usize,
    init: &[(usize, usize, f64)],
) -> Vec<Vec<f64>> {
    let mut w = vec![vec![0.0f64; n_feat]; n_lab];
    for &(k, f, v) in init {
        w[k][f] = v;
    }
    let mut u = vec![vec![0.0f64; n_feat]; n_lab];
    let mut rng = SplitMix(TRAIN_SEED);
    let mut c = 1.0f64;
    for _ in 0..EPOCHS {
        for i in shuffled(x.len(), &mut rng) {
            let mut best = 0;
            let mut best_s = f64::NEG_INFINITY;
            for (k, wk) in w.iter().enumerate() {
                let s: f64 = x[i].iter().map(|&f| wk[f]).sum();
                if s > best_s {
                    best_s = s;
                    best = k;
                }
            }
            if best != y[i] {
                for &f in &x[i] {
                    w[y[i]][f] += 1.0;
                    u[y[i]][f] += c;
                    w[best][f] -= 1.0;
                    u[best][f] -= c;
                }
            }
            c += 1.0;
        }
    }
    for k in 0..n_lab {
        for f in 0..n_feat {
            w[k][f] = round4(w[k][f] - u[k][f] / c);
        }
    }
    w
}

/// Averaged binary perceptron (y = ±1); returns weights[feature].
fn perceptron_binary(x: &[Vec<usize>], y: &[bool], n_feat: usize, init: &[(usize, f64)]) -> Vec<f64> {
    let mut w = vec![0.0f64; n_feat];
    for &(f, v) in init {
        w[f] = v;
    }
    let mut u = vec![0.0f64; n_feat];
    let mut rng = SplitMix(TRAIN_SEED);
    let mut c = 1.0f64;
    for _ in 0..EPOCHS {
        for i in shuffled(x.len(), &mut rng) {
            let s: f64 = x[i].iter().map(|&f| w[f]).sum();
            let t = if y[i] { 1.0 } else { -1.0 };
            if s * t <= 0.0 {
                for &f in &x[i] {
                    w[f] += t;
                    u[f] += t * c;
                }
            }
            c += 1.0;
        }
    }
    w.iter().zip(&u).map(|(w, u)| round4(w - u / c)).collect()
}

/// Train a model on sentences (`x[i]` = [`features`] of sentence i, `y[i]` its gold labels) for
/// every field; `deployed` = the fields [`apply`] will change, `header` = comment lines.
pub fn train(x: &[&[String]], y: &[&Target], deployed: &BTreeSet<Field>, header: Vec<String>) -> Model {
    // vocabulary: features of at least MIN_COUNT sentences, sorted
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for f in x.iter().flat_map(|v| v.iter()) {
        *count.entry(f.as_str()).or_default() += 1;
    }
    let vocab: Vec<&str> = count.into_iter().filter(|(_, n)| *n >= MIN_COUNT).map(|(f, _)| f).collect();
    let pos: HashMap<&str, usize> = vocab.iter().enumerate().map(|(i, f)| (*f, i)).collect();
    let xi: Vec<Vec<usize>> =
        x.iter().map(|v| v.iter().filter_map(|f| pos.get(f.as_str()).copied()).collect()).collect();
    let mut weights: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    let mut keep = |label: String, w: &[f64]| {
        let m: BTreeMap<String, f64> =
            w.iter().enumerate().filter(|(_, v)| v.abs() >= PRUNE).map(|(f, v)| (vocab[f].to_string(), *v)).collect();
        weights.insert(label, m);
    };
    let prior = PRIOR;
    for (prefix, rule_feat, get) in [
        ("actor", "r.actor", (|t: &Target| t.actor.clone()) as fn(&Target) -> String),
        ("act", "r.act", |t: &Target| t.main_act.clone()),
    ] {
        let labels: Vec<String> = y.iter().map(|t| get(t)).collect::<BTreeSet<_>>().into_iter().collect();
        let yi: Vec<usize> = y.iter().map(|t| labels.binary_search(&get(t)).unwrap_or(0)).collect();
        // the rules' label starts with weight PRIOR: the model learns corrections to the rules
        let init: Vec<(usize, usize, f64)> = labels
            .iter()
            .enumerate()
            .filter_map(|(k, l)| pos.get(format!("{rule_feat}={l}").as_str()).map(|&f| (k, f, prior)))
            .collect();
        let w = perceptron_multi(&xi, &yi, vocab.len(), labels.len(), &init);
        for (k, l) in labels.iter().enumerate() {
            keep(format!("{prefix}:{l}"), &w[k]);
        }
    }
    let topics: BTreeSet<&String> = y.iter().flat_map(|t| t.topics.iter()).collect();
    for t in topics {
        let yb: Vec<bool> = y.iter().map(|g| g.topics.contains(t)).collect();
        let mut init: Vec<(usize, f64)> = pos.get("bias").map(|&f| (f, -prior / 2.0)).into_iter().collect();
        init.extend(pos.get(format!("r.topic={t}").as_str()).map(|&f| (f, prior)));
        keep(format!("topic:{t}"), &perceptron_binary(&xi, &yb, vocab.len(), &init));
    }
    Model::from_weights(header, deployed.clone(), weights)
}

impl Model {
    fn from_weights(
        header: Vec<String>,
        deployed: BTreeSet<Field>,
        weights: BTreeMap<String, BTreeMap<String, f64>>,
    ) -> Model {
        let labels: Vec<String> = weights.keys().cloned().collect();
        let mut index: HashMap<String, Vec<(usize, f64)>> = HashMap::new();
        for (k, (_, m)) in weights.iter().enumerate() {
            for (f, w) in m {
                index.entry(f.clone()).or_default().push((k, *w));
            }
        }
        Model { header, deployed, weights, index, labels }
    }

    /// Parse a weights file; `source` names it in errors.
    pub fn parse(text: &str, source: &str) -> Result<Model> {
        let mut header = Vec::new();
        let mut deployed = BTreeSet::new();
        let mut weights: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            if let Some(h) = line.strip_prefix('#') {
                let h = h.strip_prefix(' ').unwrap_or(h);
                if let Some(list) = h.strip_prefix("deployed:") {
                    for name in list.split_whitespace() {
                        match Field::from_name(name) {
                            Some(f) => deployed.insert(f),
                            None => {
                                bail_config!(source, "line {}: `{name}` is not a field (actor, act, topics)", i + 1)
                            }
                        };
                    }
                }
                header.push(h.to_string());
                continue;
            }
            if line.is_empty() || line == "feature\tlabel\tweight" {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let [f, l, w] = cols[..] else {
                bail_config!(source, "line {}: expected `feature<TAB>label<TAB>weight`", i + 1);
            };
            let Ok(w) = w.parse::<f64>() else {
                bail_config!(source, "line {}: weight `{w}` is not a number", i + 1);
            };
            if !(l.starts_with("actor:") || l.starts_with("act:") || l.starts_with("topic:")) {
                bail_config!(source, "line {}: label `{l}` must start with actor:, act: or topic:", i + 1);
            }
            weights.entry(l.to_string()).or_default().insert(f.to_string(), w);
        }
        Ok(Model::from_weights(header, deployed, weights))
    }

    /// The weights file (see the module docs): fixed formatting, sorted rows.
    pub fn to_tsv(&self) -> String {
        let mut s = String::new();
        for h in &self.header {
            let _ = writeln!(s, "# {h}");
        }
        s.push_str("feature\tlabel\tweight\n");
        for (l, m) in &self.weights {
            for (f, w) in m {
                let _ = writeln!(s, "{f}\t{l}\t{w:.4}");
            }
        }
        s
    }

    /// Scores of every label (indexed like the sorted labels) for one sentence's features.
    fn scores(&self, feats: &[String]) -> Vec<f64> {
        let mut s = vec![0.0f64; self.labels.len()];
        for f in feats {
            if let Some(v) = self.index.get(f) {
                for &(k, w) in v {
                    s[k] += w;
                }
            }
        }
        s
    }

    /// The highest-scoring label of a multiclass field (`actor`/`act`), without its prefix;
    /// None when the model has no labels for it.
    fn argmax(&self, prefix: &str, scores: &[f64]) -> Option<String> {
        let mut best: Option<(usize, f64)> = None;
        for (k, l) in self.labels.iter().enumerate() {
            if l.split_once(':').map(|x| x.0) == Some(prefix) && best.is_none_or(|(_, b)| scores[k] > b) {
                best = Some((k, scores[k]));
            }
        }
        best.map(|(k, _)| self.labels[k][prefix.len() + 1..].to_string())
    }

    /// The model's labels of one sentence for every field it has weights for: (actor, act,
    /// topics). Missing fields are None.
    pub fn predict(&self, feats: &[String]) -> (Option<String>, Option<String>, Option<BTreeSet<String>>) {
        let s = self.scores(feats);
        let topics: BTreeSet<String> = self
            .labels
            .iter()
            .enumerate()
            .filter(|(k, l)| l.starts_with("topic:") && s[*k] > 0.0)
            .map(|(_, l)| l["topic:".len()..].to_string())
            .collect();
        let has_topics = self.labels.iter().any(|l| l.starts_with("topic:"));
        (self.argmax("actor", &s), self.argmax("act", &s), has_topics.then_some(topics))
    }

    /// The `n` features contributing most to `label` over `against` (or, without `against`, to
    /// `label` alone), as `+feature`, strongest first, ties by feature.
    fn top_features(&self, feats: &[String], label: &str, against: Option<&str>, n: usize) -> String {
        let w = |l: &str, f: &str| self.weights.get(l).and_then(|m| m.get(f)).copied().unwrap_or(0.0);
        let mut v: Vec<(f64, &String)> = feats
            .iter()
            .map(|f| (w(label, f) - against.map_or(0.0, |a| w(a, f)), f))
            .filter(|(c, _)| *c > 0.0)
            .collect();
        v.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        v.iter().take(n).map(|(_, f)| format!("+{}", describe(f))).collect::<Vec<_>>().join(", ")
    }
}

/// Change the deployed fields of the rules' labels of a document to the model's decision
/// (`texts[i]` is the text of `labels[i]`). A changed act sets `act_rule` to
/// `model(rule=ACT; +feature, …)` (its three strongest features, in words: [`describe`]); a
/// changed actor sets `actor_source = "model"` and `actor_cue` to `model(rule=ACTOR; …)`; an
/// added topic gets the keyword
/// `TOPIC:model(+feature, …)` and a removed topic loses its keywords. The rules' own decision is
/// kept in [`SentenceLabel::rules`]. Labels the model agrees with are left untouched.
pub fn apply(model: &Model, texts: &[String], labels: &mut [SentenceLabel]) {
    if model.deployed.is_empty() {
        return;
    }
    let feats = features(texts, labels);
    for (l, f) in labels.iter_mut().zip(&feats) {
        let (actor, act, topics) = model.predict(f);
        let original = l.clone();
        let mut changed = false;
        if model.deployed.contains(&Field::Act) {
            if let Some(a) = act.filter(|a| *a != l.main_act) {
                let why = model.top_features(f, &format!("act:{a}"), Some(&format!("act:{}", l.main_act)), 3);
                l.act_rule = format!("model(rule={}; {why})", l.main_act);
                l.main_act = a;
                changed = true;
            }
        }
        if model.deployed.contains(&Field::Actor) {
            if let Some(a) = actor.and_then(|a| Actor::from_name(&a)).filter(|a| *a != l.actor) {
                let name = a.name();
                let why =
                    model.top_features(f, &format!("actor:{name}"), Some(&format!("actor:{}", l.actor.name())), 3);
                l.actor_cue = format!("model(rule={}; {why})", l.actor.name());
                l.actor_source = "model";
                l.actor = a;
                changed = true;
            }
        }
        if model.deployed.contains(&Field::Topics) {
            if let Some(t) = topics {
                let old: BTreeSet<String> = l.topics.iter().cloned().collect();
                if t != old {
                    for added in t.difference(&old) {
                        let why = model.top_features(f, &format!("topic:{added}"), None, 3);
                        l.keywords.push(format!("{added}:model({why})"));
                    }
                    l.keywords.retain(|k| k.split_once(':').is_none_or(|(tp, _)| t.contains(tp)));
                    // keep the rules' order of topics, then the added ones, sorted
                    let mut v: Vec<String> = l.topics.iter().filter(|x| t.contains(*x)).cloned().collect();
                    v.extend(t.difference(&old).cloned());
                    l.topics = v;
                    changed = true;
                }
            }
        }
        if changed {
            l.rules = Some(Box::new(original));
        }
    }
}

/// The built-in deployed model ([`DEFAULT_MODEL`]), parsed once; an empty model (rules only)
/// if it does not parse (a unit test guarantees it does).
pub fn default_model() -> &'static Model {
    static M: std::sync::LazyLock<Model> =
        std::sync::LazyLock::new(|| Model::parse(DEFAULT_MODEL, "corpus/clause_model.tsv").unwrap_or_default());
    &M
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(act: &str, rule: &str) -> SentenceLabel {
        SentenceLabel {
            sentence: 0,
            article: 0,
            actor: Actor::Joint,
            actor_source: "explicit",
            actor_cue: "双方".into(),
            main_act: act.into(),
            act_rule: rule.into(),
            acts: vec![act.into()],
            negated: false,
            topics: vec![],
            keywords: vec![],
            rules: None,
        }
    }

    #[test]
    fn features_name_rules_position_and_ngrams() {
        // fixture sentences (hand-written)
        let texts = vec!["双方同意如下：".to_string(), "（一）加强合作。".to_string()];
        let labels = vec![label("agreement", "cue:同意"), label("agreement", "lead-in:#0")];
        let f = features(&texts, &labels);
        assert!(f[0].contains(&"r.cue=同意".to_string()) && f[0].contains(&"p.first".to_string()));
        assert!(f[1].contains(&"p.lead".to_string()) && f[1].contains(&"p.leadx".to_string()));
        assert!(f[1].contains(&"p.label".to_string()) && f[1].contains(&"r.rule=lead-in".to_string()));
        assert!(f[1].contains(&"h2=加强".to_string()) && f[1].contains(&"h3=加强合".to_string()));
        assert!(!f[1].contains(&"p.first".to_string()));
        assert!(f.iter().all(|v| v.windows(2).all(|w| w[0] < w[1])), "sorted, no duplicates");
        assert_eq!(describe("h2=加强"), "head:加强");
        assert_eq!(describe("r.actor=joint|assessment"), "actor:joint+assessment");
        assert_eq!(describe("p.lead"), "after-lead-in");
    }

    #[test]
    fn training_learns_a_separable_fixture_and_round_trips() {
        // fixture: the act is `support` exactly when the text holds 支持, whatever the rule says
        let texts: Vec<String> =
            (0..20).map(|i| if i % 2 == 0 { format!("双方支持{i}") } else { format!("双方认为{i}") }).collect();
        let labels: Vec<SentenceLabel> = (0..20)
            .map(|i| {
                let mut l = label("assessment", "cue:认为");
                l.article = i;
                l
            })
            .collect();
        let feats = features(&texts, &labels);
        let targets: Vec<Target> = (0..20)
            .map(|i| Target {
                actor: "joint".into(),
                main_act: if i % 2 == 0 { "support".into() } else { "assessment".into() },
                topics: BTreeSet::new(),
            })
            .collect();
        let x: Vec<&[String]> = feats.iter().map(Vec::as_slice).collect();
        let y: Vec<&Target> = targets.iter().collect();
        let deployed: BTreeSet<Field> = [Field::Act].into();
        let m = train(&x, &y, &deployed, vec!["fixture".into(), "deployed: act".into()]);
        for (i, f) in feats.iter().enumerate() {
            assert_eq!(m.predict(f).1.as_deref(), Some(targets[i].main_act.as_str()), "sentence {i}");
        }
        let again = Model::parse(&m.to_tsv(), "fixture").unwrap();
        assert_eq!(again.to_tsv(), m.to_tsv());
        assert_eq!(again.deployed, deployed);
        // applied: the model overrules the rule and says why
        let mut ls = labels.clone();
        apply(&again, &texts, &mut ls);
        assert_eq!(ls[0].main_act, "support");
        assert!(ls[0].act_rule.starts_with("model(rule=assessment; +"), "{}", ls[0].act_rule);
        assert_eq!(ls[0].rules.as_ref().unwrap().main_act, "assessment");
        assert_eq!(ls[1].act_rule, "cue:认为", "agreement keeps the rule id");
        assert!(ls[1].rules.is_none());
    }

    #[test]
    fn bad_weight_files_name_the_problem() {
        let e = Model::parse("feature\tlabel\tweight\nx\tact:a\tzz\n", "m.tsv").unwrap_err().to_string();
        assert!(e.contains("m.tsv: line 2: weight `zz`"), "{e}");
        assert!(Model::parse("x\tfoo\t1\n", "m.tsv").is_err());
        assert!(Model::parse("# deployed: colour\n", "m.tsv").is_err());
    }

    #[test]
    fn the_built_in_model_parses() {
        Model::parse(DEFAULT_MODEL, "corpus/clause_model.tsv").unwrap();
    }
}
