//! Clause classifier against hand labels (tests/fixtures/hand_labels.tsv) on three real
//! statements of different eras (1954, 1992, 2003), and the seed's One-China profile.
//!
//! The agreement is measured and printed (run with `--nocapture` to see it); the floors below
//! are the levels reached when the rules were written, so a change that makes the classifier
//! worse fails here.

mod common;

use jointstat::clauses::{classify_doc, one_china, ClauseRules, SentenceLabel, DEFAULT_RULES};
use jointstat::ingest::{load_corpus, IngestOptions};
use jointstat::segment::segment;
use jointstat::tokenize::{Tokenizer, DEFAULT_STOPWORDS, DEFAULT_USERDICT};
use std::collections::{BTreeMap, BTreeSet};

struct Gold {
    actor: String,
    act: String,
    negated: bool,
    topics: BTreeSet<String>,
}

fn gold(text: &str) -> BTreeMap<String, Vec<Gold>> {
    let mut out: BTreeMap<String, Vec<Gold>> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        assert!(f.len() >= 5, "bad fixture line: {line}");
        let v = out.entry(f[0].to_string()).or_default();
        assert_eq!(f[1].parse::<usize>().unwrap(), v.len(), "fixture sentences must be in order: {line}");
        v.push(Gold {
            actor: f[2].into(),
            act: f[3].into(),
            negated: f[4] == "true",
            topics: f
                .get(5)
                .map(|t| t.split(';').filter(|x| !x.is_empty()).map(String::from).collect())
                .unwrap_or_default(),
        });
    }
    out
}

#[derive(Default, Debug)]
struct Score {
    n: usize,
    actor: usize,
    act: usize,
    negated: usize,
    topics_exact: usize,
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    fn add(&mut self, g: &Gold, l: &SentenceLabel) {
        self.n += 1;
        self.actor += usize::from(g.actor == l.actor.name());
        self.act += usize::from(g.act == l.main_act);
        self.negated += usize::from(g.negated == l.negated);
        let got: BTreeSet<String> = l.topics.iter().cloned().collect();
        self.topics_exact += usize::from(got == g.topics);
        self.tp += got.intersection(&g.topics).count();
        self.fp += got.difference(&g.topics).count();
        self.fn_ += g.topics.difference(&got).count();
    }
    fn rate(&self, k: usize) -> f64 {
        k as f64 / self.n.max(1) as f64
    }
    fn f1(&self) -> f64 {
        2.0 * self.tp as f64 / (2 * self.tp + self.fp + self.fn_).max(1) as f64
    }
}

fn measure(fixture: &str, name: &str) -> Score {
    let corpus = load_corpus(&common::corpus(), &IngestOptions::default()).unwrap();
    let rules = ClauseRules::parse(DEFAULT_RULES, "corpus/clause_rules.toml").unwrap();
    let tok = Tokenizer::from_texts(DEFAULT_USERDICT, DEFAULT_STOPWORDS).unwrap();
    let mut total = Score::default();
    for (id, golds) in gold(fixture) {
        let d = corpus.get(&id).unwrap_or_else(|| panic!("{id} not in corpus"));
        let s = segment(d);
        let labels = classify_doc(&rules, d, &s, &tok.tokenize_doc(d, &s));
        assert_eq!(labels.len(), golds.len(), "{id}: sentence count differs from the fixture");
        let mut doc = Score::default();
        for (g, l) in golds.iter().zip(&labels) {
            doc.add(g, l);
            total.add(g, l);
            if g.act != l.main_act || g.actor != l.actor.name() {
                println!("  {id} s{}: gold {}/{} got {}/{}", l.sentence, g.actor, g.act, l.actor.name(), l.main_act);
            }
        }
        println!(
            "{id}: {} sentences; actor {:.3}, main act {:.3}, negation {:.3}, topics exact {:.3}, topic F1 {:.3}",
            doc.n,
            doc.rate(doc.actor),
            doc.rate(doc.act),
            doc.rate(doc.negated),
            doc.rate(doc.topics_exact),
            doc.f1()
        );
    }
    println!(
        "AGREEMENT ({name}) over {} hand-labelled sentences: actor {:.3}, main act {:.3}, negation {:.3}, topics exact {:.3}, topic micro-F1 {:.3}",
        total.n,
        total.rate(total.actor),
        total.rate(total.act),
        total.rate(total.negated),
        total.rate(total.topics_exact),
        total.f1()
    );
    total
}

#[test]
fn agreement_with_hand_labels() {
    let total = measure(include_str!("fixtures/hand_labels.tsv"), "development set");
    let (actor, act, neg, f1) = (total.rate(total.actor), total.rate(total.act), total.rate(total.negated), total.f1());
    assert_eq!(total.n, 62);
    // floors = the agreement reached (see the issue notes); raise them when the rules improve
    assert!(actor >= ACTOR_FLOOR, "actor agreement {actor:.3} < {ACTOR_FLOOR}");
    assert!(act >= ACT_FLOOR, "main-act agreement {act:.3} < {ACT_FLOOR}");
    assert!(neg >= NEG_FLOOR, "negation agreement {neg:.3} < {NEG_FLOOR}");
    assert!(f1 >= TOPIC_F1_FLOOR, "topic micro-F1 {f1:.3} < {TOPIC_F1_FLOOR}");
}

// reached with rules version 2: actor 61/62 = 0.984, main act 59/62 = 0.952, negation 62/62,
// topic micro-F1 0.841. (Rules version 1 reached actor 62/62 and topic F1 0.896 on these 62
// development sentences; version 2 follows the gold standard's codebook, corpus/codebook.md, which
// differs from this older fixture on a few conventions — 科技 is economy, not culture; an
// inanimate subject's sentence is an assessment — and is measured against the 1,971-sentence gold
// standard in tests/gold_agreement.rs, which is the figure to cite.)
const ACTOR_FLOOR: f64 = 0.98;
const ACT_FLOOR: f64 = 0.95;
const NEG_FLOOR: f64 = 1.0;
const TOPIC_F1_FLOOR: f64 = 0.84;

#[test]
fn agreement_on_held_out_statements() {
    let total = measure(include_str!("fixtures/hand_labels_heldout.tsv"), "held-out set");
    assert_eq!(total.n, 15);
    let (actor, act, f1) = (total.rate(total.actor), total.rate(total.act), total.f1());
    assert!(actor >= HELDOUT_ACTOR_FLOOR, "held-out actor agreement {actor:.3}");
    assert!(act >= HELDOUT_ACT_FLOOR, "held-out main-act agreement {act:.3}");
    assert!(f1 >= HELDOUT_TOPIC_F1_FLOOR, "held-out topic micro-F1 {f1:.3}");
}

// reached with rules version 2: actor 13/15 = 0.867, main act 12/15 = 0.800, topic micro-F1 1.000
// (version 1: main act 10/15, topic micro-F1 0.968)
const HELDOUT_ACTOR_FLOOR: f64 = 0.866;
const HELDOUT_ACT_FLOOR: f64 = 0.799;
const HELDOUT_TOPIC_F1_FLOOR: f64 = 0.999;

#[test]
fn seed_one_china_profile_exactly() {
    let corpus = load_corpus(&common::corpus(), &IngestOptions::default()).unwrap();
    let rules = ClauseRules::parse(DEFAULT_RULES, "corpus/clause_rules.toml").unwrap();
    let tok = Tokenizer::from_texts(DEFAULT_USERDICT, DEFAULT_STOPWORDS).unwrap();
    let profile = |id: &str| {
        let d = corpus.get(id).unwrap();
        let s = segment(d);
        let l = classify_doc(&rules, d, &s, &tok.tokenize_doc(d, &s));
        one_china(&rules, d, &s, &l)
    };
    let p = profile("2003-06-03_KZ");
    assert!(p.has_clause);
    assert_eq!(p.stated_by, "partner");
    let present: Vec<&str> = p.features.iter().filter(|(_, v)| **v).map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        present,
        vec![
            "no_official_relations",
            "only_one_china",
            "opposes_independence",
            "opposes_membership",
            "opposes_two_chinas",
            "sole_legal_government",
            "taiwan_part_of_china",
            "xinjiang", // 东突伊斯兰运动 (article 八)
        ]
    );
    assert_eq!(p.evidence, vec![9, 10, 11, 21, 22]);
    // 1992: the partner recognises (承认) the PRC government as the sole legal government
    let p = profile("1992-01-03_KZ");
    assert_eq!((p.stated_by.as_str(), p.verb.as_deref()), ("partner", Some("承认")));
    // 1954 statements with Myanmar predate the clause
    assert!(!profile("1954-06-29_MM").has_clause);
}

/// The engine's decision rules (corpus/codebook.md) on a hand-written FIXTURE statement (not a
/// real text): each sentence exercises one rule, checked by its text.
#[test]
fn engine_rules_on_a_fixture_statement() {
    let fixture = "中华人民共和国和示例国联合声明\n\n\
        一、双方同意如下：\n（一）加强政治对话。\n（二）扩大双边贸易，支持企业合作。\n\
        二、双方对访问结果予以高度评价。\n\
        三、双方对会谈成果表示满意。\n双方表示愿意加强在联合国的合作。\n\
        四、双方重申，在任何情况下都不首先使用核武器。\n\
        五、该协议将有助于两国合作的发展。\n\
        六、各国应遵守国际法。\n\
        七、中方确认不同台湾建立任何形式的官方关系。\n\
        八、双方已签署的协定符合两国人民的利益。\n\
        九、双方认为，两国关系发展顺利。\n两国经贸合作潜力巨大。\n\
        十、为此特声明如下：\n";
    let labels = common::label_fixture(fixture);
    let find = |needle: &str| common::label_of(&labels, needle);
    let expect = [
        // lead-in and its items (codebook I1): items inherit the lead-in's act and actor
        ("双方同意如下", "joint", "agreement", false),
        ("加强政治对话", "joint", "agreement", false),
        ("扩大双边贸易", "joint", "agreement", false),
        // light verb 予以 after a 对-phrase: the phrase's 访问 does not decide (P1)
        ("予以高度评价", "joint", "support", false),
        // 表示满意 (jieba may fuse it) and 表示愿意 (P2 exception)
        ("表示满意", "joint", "support", false),
        ("表示愿意", "joint", "commitment", false),
        // negation in the complement of 重申
        ("不首先使用", "joint", "reaffirmation", true),
        // inanimate subject + modal: an assertion in the statement's voice (rule 3)
        ("该协议将有助于", "joint", "assessment", false),
        // a third party's 应 is an appeal
        ("各国应遵守", "other", "appeal", false),
        // 确认不… is a negated commitment
        ("确认不同台湾", "china", "commitment", true),
        // an attributive cue (已签署的) is no act
        ("已签署的协定", "joint", "assessment", false),
        // continuation of a 认为 statement inherits its act (I2)
        ("潜力巨大", "joint", "assessment", false),
        // documentary formula
        ("特声明如下", "joint", "narrative", false),
    ];
    let expect: Vec<_> = expect.iter().map(|&(needle, actor, act, neg)| (needle, actor, act, neg, "")).collect();
    let wrong = common::label_mismatches(&labels, &expect);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // every label says which rule decided it
    assert!(labels.iter().map(|(_, l)| l).filter(|l| l.main_act != "none").all(|l| !l.act_rule.is_empty()));
    // topics: 国际法 is the international order, 经贸 economy
    assert!(find("各国应遵守").topics.contains(&"un_multilateral".to_string()));
    assert!(find("潜力巨大").topics.contains(&"economy_trade".to_string()));
}

/// One-China elements (src/clauses/onechina.rs) on a hand-written FIXTURE statement: the verb
/// that governs each element, not the first verb of the sentence.
#[test]
fn one_china_elements_take_their_governing_verb() {
    let fixture = "示例国联合声明\n\n\
        一、双方重申继续奉行一个中国的政策，承认中华人民共和国政府是中国的唯一合法政府，台湾是中国领土不可分割的一部分。\n\
        二、双方不支持任何形式的“台湾独立”。\n\
        三、双方确认不同台湾建立任何形式的官方关系。\n\
        四、双方按照一个中国原则处理有关问题。\n\
        五、双方理解和尊重台湾问题是中国内政的立场。\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("texts")).unwrap();
    std::fs::write(dir.path().join("texts/fixture.txt"), fixture).unwrap();
    let f = common::first_statement_elements(dir.path());
    let got = |name: &str| {
        let x = f.iter().find(|x| x.element == name).unwrap();
        (x.present, x.stance.as_str(), x.stance_text.as_str(), x.actor.as_str(), x.negated)
    };
    assert_eq!(got("policy"), (true, "adhere", "奉行", "joint", false));
    assert_eq!(got("sole_legal_government"), (true, "recognize", "承认", "joint", false));
    // a coordinated complement is governed by the verb heading it
    assert_eq!(got("taiwan_part_of_china"), (true, "recognize", "承认", "joint", false));
    assert_eq!(got("opposes_independence"), (true, "not_support", "不支持", "joint", true));
    // 确认不… : the verb is confirm, not negated (the negation is inside the element)
    assert_eq!(got("no_official_relations"), (true, "confirm", "确认", "joint", false));
    // a preposition is not a verb
    assert_eq!(got("principle").1, "none");
    // coordinated verbs: the stronger one, the whole coordination as written
    assert_eq!(got("internal_affair"), (true, "respect", "理解和尊重", "joint", false));
    assert!(!got("opposes_membership").0 && !got("reunification_peaceful").0);
    assert!(f.iter().filter(|x| x.present).all(|x| !x.evidence.is_empty()));
}

/// The rule classes of clause rules version 3 (corpus/codebook.md, "Rules version 3") on a
/// hand-written FIXTURE statement (not a real text): each sentence exercises one class, checked
/// by its text, with the rule that must have decided it (`act_rule`).
#[test]
fn version3_rule_classes_on_a_fixture_statement() {
    let fixture = "中华人民共和国和示例国联合声明\n\n\
        一、江泽民主席与示例国总统举行了会谈。\n江泽民主席还与示例国总理进行了会晤。\n\
        江泽民主席感谢示例国总统和示例国人民的热情接待。\n\
        二、联合国在国际事务中发挥着核心作用。\n完善安理会的工作在改革过程中具有特殊意义。\n\
        三、双方决心：\n——支持本地区的和平进程；\n——鼓励两国企业扩大合作；\n——加强两国的人文交流。\n\
        四、上海公报确认了这些原则。\n\
        五、中国政府宣布：放弃这项要求。\n\
        六、双方拟设立联合工作组。\n\
        七、认真执行上述协定的条款，将促进两国的合作。\n\
        八、支持和加强联合国的方针是两国外交的重要组成部分。\n\
        九、双方对该计划表示严重忧虑和坚决反对。\n\
        十、本宣言阐明了两国的共同看法。\n\
        十一、两国元首相聚北京，并发表如下宣言：\n\
        十二、条约确认，两国的友好关系是建立在不结盟基础上的新型关系。\n";
    let labels = common::label_fixture(fixture);
    // (sentence, actor, act, negated, act_rule)
    let expect = [
        // coordinated subjects: a name and title of the other side after 与 → joint; an adverb
        // before 与 makes it a preposition; a 和 after the predicate coordinates objects
        ("与示例国总统举行了会谈", "joint", "narrative", false, "cue:举行"),
        ("还与示例国总理", "china", "narrative", false, "cue:进行了"),
        ("感谢示例国总统和", "china", "support", false, "cue:感谢"),
        // a third party is not inherited by the next sentence without an actor cue
        ("联合国在国际事务中", "other", "assessment", false, "fallback"),
        ("完善安理会的工作", "joint", "assessment", false, "inherited:#"),
        // items under a lead-in: an item opening with a cue of its own takes that cue's act
        ("双方决心", "joint", "commitment", false, "cue:决心"),
        ("支持本地区的和平进程", "joint", "support", false, "cue:支持"),
        ("鼓励两国企业", "joint", "support", false, "cue:鼓励"),
        ("加强两国的人文交流", "joint", "commitment", false, "lead-in:#"),
        // a document as the subject of a cue verb states that act
        ("上海公报确认了", "joint", "recognition", false, "cue:确认"),
        // 宣布 by one side alone is its undertaking
        ("中国政府宣布", "china", "commitment", false, "cue:宣布+unilateral"),
        // intention cue 拟
        ("双方拟设立", "joint", "commitment", false, "cue:拟"),
        // a modal after a comma whose sentence opens with a subject of its own
        ("将促进两国的合作", "joint", "assessment", false, "subject,+将"),
        // a cue inside the subject of the copula 是
        ("联合国的方针是", "joint", "assessment", false, "copula+支持"),
        // a light verb's first complement decides (忧虑 before 坚决反对)
        ("表示严重忧虑和坚决反对", "joint", "assessment", false, "light:表示+忧虑"),
        // documentary formulae: 本宣言…, 发表如下宣言
        ("本宣言阐明了", "joint", "narrative", false, "formula"),
        ("发表如下宣言", "joint", "narrative", false, "formula"),
        // a negation inside a complement clause with its own subject and copula is not the cue's
        ("不结盟基础上", "joint", "recognition", false, "cue:确认"),
    ];
    let wrong = common::label_mismatches(&labels, &expect);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // the labels above are the rules' doing: switched off, the old labels come back
    let without = |from: &str, to: &str, needle: &str| {
        assert!(DEFAULT_RULES.contains(from), "{from}");
        let l = common::label_fixture_with(fixture, &DEFAULT_RULES.replace(from, to));
        let x = common::label_of(&l, needle);
        (x.actor.name(), x.main_act.clone())
    };
    assert_eq!(without("item_own_cue = true", "item_own_cue = false", "鼓励两国企业"), ("joint", "commitment".into()));
    assert_eq!(without("not_inherited = [\"other\"]", "not_inherited = []", "完善安理会的工作").0, "other");
    assert_eq!(without("\"要\", \"拟\", ", "\"要\", ", "双方拟设立").1, "assessment");
    assert_eq!(without("unilateral = { \"宣布\" = \"commitment\" }", "", "中国政府宣布").1, "agreement");
}
