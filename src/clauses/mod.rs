//! Clause analysis: who (actor) does what (speech act) on which topics, sentence by sentence,
//! and the One-China clause profile of each statement.
//!
//! Everything the classifier knows is in an editable TOML rules file
//! (`corpus/clause_rules.toml`, documented there and in the README): actor cues, partner
//! aliases, speech-act cues, negation markers, topic keywords and the One-China features. The
//! algorithm is described at the top of that file; this module implements it and nothing more.
//!
//! Longer than 500 lines because the classifier is one algorithm over one sentence state (actor,
//! cue scope, inheritance, negation, topics), each decision rule beside the one it overrides, so
//! that a label's `act_rule` can be traced in one file (its fixtures are tested in tests/).

pub mod designations;
pub mod learned;
mod matchers;
pub mod onechina;
mod rng;
mod topics;
pub mod validate;

use crate::bail_config;
use crate::error::{config, Result};
use crate::ingest::Document;
use crate::segment::Segmentation;
use crate::tokenize::DocTokens;
use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The project's rules (`corpus/clause_rules.toml`), built into the binary.
pub const DEFAULT_RULES: &str = include_str!("../../corpus/clause_rules.toml");

/// Actor cues (see the rules file). An unknown key is an error (a misspelt list would
/// otherwise be silently empty).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorRules {
    /// How many `，`-segments at the start of a sentence are searched for an actor.
    pub actor_segments: usize,
    /// Prefixes stripped from a segment before matching (list markers, connectives).
    pub strip_prefixes: Vec<String>,
    /// Both parties; `{partner}` and `{p1}` are replaced per document.
    pub joint: Vec<String>,
    /// The Chinese side.
    pub china: Vec<String>,
    /// PRC leaders' names.
    pub china_leaders: Vec<String>,
    /// Third parties.
    pub other: Vec<String>,
    /// An actor cue immediately followed by one of these is a modifier, not the subject
    /// (中俄关系, 两国人民的友谊, 中柬传统友谊).
    #[serde(default)]
    pub not_subject_after: Vec<String>,
    /// Actor of a sentence without an actor cue that has no earlier actor in its article (the
    /// statement's own voice; codebook rule 3), e.g. `joint`. Absent: `none`.
    #[serde(default)]
    pub default_actor: Option<String>,
    /// A china or partner cue followed, in its segment, by 和/与/同 and one of these (or a cue
    /// of the other side) is a joint subject (江泽民主席与克林顿总统举行了会谈).
    #[serde(default)]
    pub coordinated_titles: Vec<String>,
    /// At most this many characters between the actor cue and 和/与/同 for a coordination (the
    /// cue's own title: 主席, 副总理兼外交部长); a longer stretch, or one holding an act cue
    /// (江泽民主席感谢克林顿总统和美国人民), is the predicate, not the subject. Absent: no limit.
    #[serde(default)]
    pub coordinated_max_gap: Option<usize>,
    /// Actors a sentence without an actor cue does not inherit (codebook rules 3 and 5: a third
    /// party is the subject of its own sentence, never the speaker the statement continues in);
    /// the sentence then takes the last other actor of its article, else `default_actor`.
    #[serde(default)]
    pub not_inherited: Vec<String>,
    /// Version 4: a segment that opens with a person's name and one of these titles (夏巴兹总理…,
    /// 穆沙拉夫总统及其代表团…, 萨勒曼王储…) and no actor cue is the partner's leader — unless the
    /// name holds another country's name (`corpus/partners.tsv`), then it is no actor cue.
    #[serde(default)]
    pub partner_titles: Vec<String>,
    /// At most this many characters of name before a `partner_titles` title.
    #[serde(default)]
    pub partner_title_max_name: Option<usize>,
}

/// One speech-act category.
#[derive(Debug, Clone, Deserialize)]
pub struct ActRule {
    /// Category name.
    pub name: String,
    /// Cue words (matched against tokens and runs of up to 3 tokens).
    pub cues: Vec<String>,
    /// A negation marker right after the cue marks the act as negated.
    #[serde(default)]
    pub negatable: bool,
    /// When negated, the act is re-labelled as this act (and marked negated).
    #[serde(default)]
    pub when_negated: Option<String>,
}

/// How speech-act cues are matched and scoped (see the rules file, `[act_matching]`). An
/// unknown key is an error.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActMatching {
    /// Regular expressions of documentary formulae (为此特声明如下, 本声明于…签署): a sentence
    /// matching one is `narrative`, whatever cues it holds.
    #[serde(default)]
    pub formulae: Vec<String>,
    /// Words that contain a cue but are not that act (联合声明, 相互理解 …): a cue occurrence
    /// inside one of them is ignored.
    #[serde(default)]
    pub not_cues: Vec<String>,
    /// Cues re-read by what follows them: `应` followed by …邀请 is the preposition "at the
    /// invitation of" (narrative), not the modal.
    #[serde(default)]
    pub reinterpret: Vec<Reinterpret>,
    /// Light verbs (表示, 予以, 给予, 感到): not an act of their own; the act is that of the cue
    /// (or `light_complements` word) right after them, else `light_default`.
    #[serde(default)]
    pub light_verbs: Vec<String>,
    /// Characters after a light verb searched for its complement.
    #[serde(default)]
    pub light_window: usize,
    /// Complements of light verbs that are not cues themselves (关切 → assessment …).
    #[serde(default)]
    pub light_complements: BTreeMap<String, String>,
    /// Act of a light verb with no recognised complement (表示 + a clause).
    #[serde(default)]
    pub light_default: BTreeMap<String, String>,
    /// Prepositions opening a phrase whose cues are embedded (对…予以高度评价): when the stretch
    /// after the actor starts with one, cues before the segment's light verb (or, without one,
    /// before the segment's last cue) do not decide.
    #[serde(default)]
    pub prepositions: Vec<String>,
    /// Adverbs skipped between the actor and a preposition (也, 还, 一致 …).
    #[serde(default)]
    pub adverbs: Vec<String>,
    /// Act of a cue whose clause has a subject that is not an actor (`subject+将`): the
    /// statement's own assertion, `assessment` (codebook rule 3). Absent: the cue's act.
    #[serde(default)]
    pub subject_act: Option<String>,
    /// Act of a modal whose subject is a third party (各国应… → appeal).
    #[serde(default)]
    pub other_modal_act: Option<String>,
    /// Modal cues (将, 应, 要): with an overt actor they still read as `subject_act` when a noun
    /// phrase stands between the actor and the modal.
    #[serde(default)]
    pub modals: Vec<String>,
    /// Words that make a subject an agent of the parties (部门, 委员会, 总理): such a subject
    /// keeps the cue's act (两国外交机构将定期举行磋商 → commitment).
    #[serde(default)]
    pub agent_heads: Vec<String>,
    /// Titles skipped after an actor (主席, 总理) when looking for a subject.
    #[serde(default)]
    pub titles: Vec<String>,
    /// Prepositions and frames that open an adverbial, not a subject (在, 根据, 本着).
    #[serde(default)]
    pub frames: Vec<String>,
    /// A cue followed by one of these is attributive (已签署的协定) and does not decide.
    #[serde(default)]
    pub attributive_after: Vec<String>,
    /// A cue preceded by one of these is embedded (所达成, 所作) and does not decide.
    #[serde(default)]
    pub embedded_before: Vec<String>,
    /// Acts a continuation sentence without a cue carries over from the sentence it continues
    /// (认为/重申 blocks, work programmes); others (appeal, support …) are not carried.
    #[serde(default)]
    pub inheritable: Vec<String>,
    /// Document nouns (公报, 条约): a subject holding one keeps its cue's act (上海公报确认了这些
    /// 原则 → recognition), except for modals.
    #[serde(default)]
    pub document_heads: Vec<String>,
    /// A modal right after a comma in a sentence without an actor cue reads as `subject_act`
    /// when the sentence's first segment is a subject without a cue (认真履行…条款，将促进…).
    #[serde(default)]
    pub subject_across_comma: bool,
    /// Words holding 是 that are not the copula (是否, 特别是, 但是). Empty: no copula rule; else
    /// in a sentence without an actor cue, a cue inside the subject of 是 (…的方针是…) or after
    /// it (当务之急是坚持…) reads as `subject_act`.
    #[serde(default)]
    pub copula_not: Vec<String>,
    /// Characters jieba glues after a one-character cue (愿同, 应予): such a token holds the cue.
    #[serde(default)]
    pub fused_suffixes: Vec<String>,
    /// Characters jieba glues before a one-character cue (并愿, 还要, 中将).
    #[serde(default)]
    pub fused_prefixes: Vec<String>,
    /// Acts of a cue said by one side alone (宣布 by China or the partner → commitment, codebook
    /// hard case 9), by cue.
    #[serde(default)]
    pub unilateral: BTreeMap<String, String>,
    /// An item or continuation under a lead-in whose predicate opens with a cue of its own
    /// (——支持…, 鼓励… under 双方同意如下：) takes that cue's act instead of the lead-in's.
    #[serde(default)]
    pub item_own_cue: bool,
    /// Act of a sentence with no cue that inherits nothing and is long enough to be a clause
    /// (an assertion in the statement's voice); shorter ones (headings) get `none`.
    #[serde(default)]
    pub fallback_act: Option<String>,
    /// Minimum length in characters of a sentence for `fallback_act`.
    #[serde(default)]
    pub fallback_min_chars: usize,
}

/// A cue whose act changes when the text after it matches a pattern.
#[derive(Debug, Clone, Deserialize)]
pub struct Reinterpret {
    /// The cue.
    pub cue: String,
    /// Regular expression matched against the sentence text right after the cue.
    pub after: String,
    /// The act it then stands for.
    pub act: String,
}

/// How topics are matched.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TopicMatching {
    /// Stock phrases removed from a sentence before topic keywords are matched.
    #[serde(default)]
    pub boilerplate: Vec<String>,
    /// Phrases by which a sentence without keywords of its own refers back to the previous
    /// sentence (上述立场, 这一问题, 对此) and takes its topics.
    #[serde(default)]
    pub anaphors: Vec<String>,
    /// Words that refer back when they open a sentence (这将有助于…).
    #[serde(default)]
    pub anaphor_openers: Vec<String>,
    /// Words removed before anaphors are looked for (应该 holds 该, 这次访问 is no anaphor).
    #[serde(default)]
    pub not_anaphors: Vec<String>,
}

/// Negation markers.
#[derive(Debug, Clone, Deserialize)]
pub struct NegationRules {
    /// Marker tokens.
    pub markers: Vec<String>,
    /// Tokens after the cue searched for a marker.
    pub window: usize,
    /// Complement-taking cues (重申, 声明, 承诺) whose complement's negation, within `reach`
    /// characters and the same clause, negates the act (重申，在任何情况下都不首先使用…).
    #[serde(default)]
    pub reach_cues: Vec<String>,
    /// Characters after a `reach_cues` cue searched for a negation.
    #[serde(default)]
    pub reach: usize,
    /// Words starting with a marker that are not negations (不断, 不仅 …).
    #[serde(default)]
    pub not_negation: Vec<String>,
}

/// One topic lexicon.
#[derive(Debug, Clone, Deserialize)]
pub struct TopicRule {
    /// Topic name.
    pub name: String,
    /// Human-readable label.
    pub label: String,
    /// Keywords (substrings of the sentence).
    pub keywords: Vec<String>,
    /// Phrases removed before this topic's keywords are matched (国际政治经济新秩序 is not
    /// economy).
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// One One-China feature.
#[derive(Debug, Clone, Deserialize)]
pub struct FeatureRule {
    /// Feature name (a column of the `one_china` table).
    pub name: String,
    /// Human-readable label.
    pub label: String,
    /// Regular expressions; any match sets the feature.
    pub patterns: Vec<String>,
}

/// One-China rules.
#[derive(Debug, Clone, Deserialize)]
pub struct OneChinaRules {
    /// Verbs towards the PRC government, in search order.
    pub verbs: Vec<String>,
    /// Features that make up "the clause".
    pub core: Vec<String>,
    /// Features.
    pub features: Vec<FeatureRule>,
}

/// The whole rules file.
#[derive(Debug, Clone, Deserialize)]
pub struct ClauseRules {
    /// Version string of the rules.
    pub version: String,
    /// Actor cues.
    pub actors: ActorRules,
    /// Partner aliases by manifest partner name.
    #[serde(default)]
    pub partner_aliases: BTreeMap<String, Vec<String>>,
    /// Speech acts, in tie-break order.
    pub acts: Vec<ActRule>,
    /// How act cues are matched and scoped.
    #[serde(default)]
    pub act_matching: ActMatching,
    /// Negation.
    pub negation: NegationRules,
    /// Topic matching options.
    #[serde(default)]
    pub topic_matching: TopicMatching,
    /// Topics.
    pub topics: Vec<TopicRule>,
    /// One-China clause.
    pub one_china: OneChinaRules,
    #[serde(skip)]
    compiled: Vec<(String, Vec<Regex>)>,
    #[serde(skip)]
    formulae: Vec<Regex>,
    #[serde(skip)]
    reinterpret: Vec<(String, Regex, String)>,
    /// The cue automata, built by [`ClauseRules::parse`] from the lists above (which are not
    /// changed after parsing).
    #[serde(skip)]
    matchers: matchers::Matchers,
}

impl ClauseRules {
    /// Parse and check a rules file's text (`origin` names it in errors).
    pub fn parse(text: &str, origin: &str) -> Result<ClauseRules> {
        let mut r: ClauseRules = toml::from_str(text).map_err(config(origin, "invalid clause rules"))?;
        if r.acts.is_empty() || r.topics.is_empty() {
            bail_config!(origin, "[[acts]] and [[topics]] must not be empty");
        }
        for f in &r.one_china.features {
            let mut v = Vec::new();
            for p in &f.patterns {
                v.push(
                    Regex::new(p)
                        .map_err(config(origin, format!("one_china feature `{}`: bad pattern `{p}`", f.name)))?,
                );
            }
            r.compiled.push((f.name.clone(), v));
        }
        for p in &r.act_matching.formulae {
            r.formulae
                .push(Regex::new(p).map_err(config(origin, format!("act_matching.formulae: bad pattern `{p}`")))?);
        }
        let act_names: Vec<String> = r.acts.iter().map(|a| a.name.clone()).collect();
        for x in &r.act_matching.reinterpret {
            let re = Regex::new(&x.after)
                .map_err(config(origin, format!("act_matching.reinterpret `{}`: bad pattern `{}`", x.cue, x.after)))?;
            if !act_names.contains(&x.act) {
                bail_config!(origin, "act_matching.reinterpret `{}` names `{}`, which is not an act", x.cue, x.act);
            }
            r.reinterpret.push((x.cue.clone(), re, x.act.clone()));
        }
        let named = r
            .act_matching
            .light_complements
            .values()
            .chain(r.act_matching.light_default.values())
            .chain(r.act_matching.unilateral.values());
        let more = r.act_matching.subject_act.iter().chain(r.act_matching.other_modal_act.iter());
        for w in named.chain(r.act_matching.fallback_act.iter()).chain(more) {
            if !act_names.contains(w) && w != "none" {
                bail_config!(origin, "act_matching names `{w}`, which is not an act");
            }
        }
        for a in &r.acts {
            if let Some(w) = &a.when_negated {
                if !r.acts.iter().any(|x| &x.name == w) {
                    bail_config!(origin, "act `{}`: when_negated names `{w}`, which is not an act", a.name);
                }
            }
        }
        for c in &r.one_china.core {
            if !r.one_china.features.iter().any(|f| &f.name == c) {
                bail_config!(origin, "one_china.core names `{c}`, which is not a feature");
            }
        }
        r.matchers = matchers::Matchers::new(&r);
        Ok(r)
    }

    /// Names of the act categories, in order.
    pub fn act_names(&self) -> Vec<&str> {
        self.acts.iter().map(|a| a.name.as_str()).collect()
    }

    /// Names of the topics, in order.
    pub fn topic_names(&self) -> Vec<&str> {
        self.topics.iter().map(|t| t.name.as_str()).collect()
    }

    /// Names of the One-China features, in order.
    pub fn feature_names(&self) -> Vec<&str> {
        self.one_china.features.iter().map(|t| t.name.as_str()).collect()
    }

    /// The partner's aliases for a document (rules table, or the default derivation).
    pub fn partner_aliases(&self, partner: &str) -> Vec<String> {
        if partner.is_empty() {
            return Vec::new();
        }
        if let Some(v) = self.partner_aliases.get(partner) {
            return v.clone();
        }
        let first: String = partner.chars().take(1).collect();
        let mut v = vec![
            format!("{first}方"),
            format!("{partner}方面"),
            format!("{partner}政府"),
            format!("{partner}共和国政府"),
            format!("{partner}共和国"),
            partner.to_string(),
        ];
        // version 4: the partner's other names in corpus/partners.tsv (法兰西, 孟加拉, 美利坚合众国)
        if let Some(info) = crate::ingest::partners::table().iter().find(|p| p.partner == partner) {
            for a in &info.aliases {
                // a short form names the side too (赤几方, 巴新方)
                let side = (a.chars().count() <= 3).then(|| format!("{a}方"));
                for form in [a.clone(), format!("{a}政府")].into_iter().chain(side) {
                    if !v.contains(&form) {
                        v.push(form);
                    }
                }
            }
        }
        v
    }
}

/// Actor of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Actor {
    /// Both parties.
    Joint,
    /// The Chinese side.
    China,
    /// The partner side.
    Partner,
    /// A third party.
    Other,
    /// No actor found.
    None,
}

impl Actor {
    /// Name used in tables and fixtures.
    pub fn name(self) -> &'static str {
        match self {
            Actor::Joint => "joint",
            Actor::China => "china",
            Actor::Partner => "partner",
            Actor::Other => "other",
            Actor::None => "none",
        }
    }

    /// Parse a name.
    pub fn from_name(s: &str) -> Option<Actor> {
        Some(match s {
            "joint" => Actor::Joint,
            "china" => Actor::China,
            "partner" => Actor::Partner,
            "other" => Actor::Other,
            "none" => Actor::None,
            _ => return None,
        })
    }
}

/// The labels of one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceLabel {
    /// Sentence index in the document.
    pub sentence: usize,
    /// Article index.
    pub article: usize,
    /// Actor.
    pub actor: Actor,
    /// `explicit`, `inherited` (from the article), `default` (the statement's voice) or `none`.
    pub actor_source: &'static str,
    /// The cue that decided the actor (empty when inherited or none).
    pub actor_cue: String,
    /// Main speech act (`none` when no cue fired).
    pub main_act: String,
    /// Why the main act was chosen: the rule and the cue that fired (`cue:认为`,
    /// `inherited:#3` …), empty when no rule fired.
    pub act_rule: String,
    /// Every act whose cue occurred, in rule order.
    pub acts: Vec<String>,
    /// The main act is negated (e.g. 将不参加, 决不允许).
    pub negated: bool,
    /// Topics, in rule order.
    pub topics: Vec<String>,
    /// `topic:keyword` pairs that fired.
    pub keywords: Vec<String>,
    /// The rules' own label when the learned model ([`learned`]) changed a field of this one;
    /// None when the rules' labels stand.
    pub rules: Option<Box<SentenceLabel>>,
}

impl SentenceLabel {
    /// The label the rules alone gave (this one when the model changed nothing).
    pub fn rules_only(&self) -> &SentenceLabel {
        self.rules.as_deref().unwrap_or(self)
    }
}

/// Cues for one document, longest first.
struct DocCues {
    cues: Vec<(String, Actor)>,
    /// The partner and its aliases, for [`partner_leader`]'s check that a name holds no other
    /// country of corpus/partners.tsv (made only when a name + title is met, which is rare);
    /// `None`: no such check.
    partner: Option<(String, Vec<String>)>,
}

impl DocCues {
    /// True when `name` holds the name of a country of corpus/partners.tsv other than the
    /// document's partner (never without a partner check, see [`DocCues::partner`]).
    fn names_third_country(&self, name: &str) -> bool {
        let Some((partner, aliases)) = &self.partner else { return false };
        crate::ingest::partners::table()
            .iter()
            .filter(|p| p.partner != *partner && !aliases.contains(&p.partner))
            .flat_map(|p| std::iter::once(&p.partner).chain(&p.aliases))
            .filter(|n| n.chars().count() >= 2 && !partner.contains(n.as_str()))
            .any(|n| name.contains(n.as_str()))
    }
}

fn doc_cues(rules: &ClauseRules, doc: &Document) -> DocCues {
    let partner = doc.partner();
    let aliases = rules.partner_aliases(partner);
    let p1 = aliases
        .iter()
        .find(|a| a.ends_with('方') && !a.ends_with("方面"))
        .map(|a| a.trim_end_matches('方').to_string())
        .unwrap_or_else(|| partner.chars().take(1).collect());
    let mut cues: Vec<(String, Actor)> = Vec::new();
    // {partner} stands for every name of the partner (not its 方/方面 forms): 美国, 美利坚合众国 …
    let names: Vec<&str> = std::iter::once(partner)
        .chain(aliases.iter().map(String::as_str))
        .filter(|a| !a.is_empty() && !a.ends_with('方') && !a.ends_with("方面"))
        .collect();
    for j in &rules.actors.joint {
        if (j.contains("{partner}") || j.contains("{p1}")) && partner.is_empty() {
            continue;
        }
        let j = j.replace("{p1}", &p1);
        if j.contains("{partner}") {
            for n in &names {
                cues.push((j.replace("{partner}", n), Actor::Joint));
            }
        } else {
            cues.push((j, Actor::Joint));
        }
    }
    for c in &rules.actors.china {
        cues.push((c.clone(), Actor::China));
    }
    for c in &rules.actors.china_leaders {
        cues.push((c.clone(), Actor::China));
    }
    for a in &aliases {
        cues.push((a.clone(), Actor::Partner));
    }
    // the partner's signatories speak for the partner, China's for China
    for sig in &doc.signature.signatories {
        let name = &sig.name;
        let side = if sig.side == Some(crate::ingest::cut::Side::China) || rules.actors.china_leaders.contains(name) {
            Actor::China
        } else {
            Actor::Partner
        };
        cues.push((name.clone(), side));
        // 努·纳扎尔巴耶夫 is also called 纳扎尔巴耶夫
        if let Some(last) = name.rsplit('·').next().filter(|l| *l != name && l.chars().count() >= 2) {
            cues.push((last.to_string(), side));
        }
    }
    for o in &rules.actors.other {
        // a third party only when it is not the partner
        if !aliases.contains(o) {
            cues.push((o.clone(), Actor::Other));
        }
    }
    // longest first; for equal length, the order above (joint, china, partner, other)
    let mut indexed: Vec<(usize, (String, Actor))> = cues.into_iter().enumerate().collect();
    indexed.sort_by(|a, b| b.1 .0.chars().count().cmp(&a.1 .0.chars().count()).then(a.0.cmp(&b.0)));
    DocCues { cues: indexed.into_iter().map(|x| x.1).collect(), partner: Some((partner.to_string(), aliases)) }
}

/// Version 4: a place-and-date line on its own (（2025年2月6日，北京）, 2009年11月17日，北京) is a
/// heading, not a clause.
fn is_date_line(s: &str) -> bool {
    static DATE_LINE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r"^\s*[（(]?\s*[0-9〇零一二三四五六七八九十○OＯ]{4}年[0-9〇零一二三四五六七八九十]{1,2}月[0-9〇零一二三四五六七八九十]{1,3}日[，,、]?\s*\p{Han}{0,8}\s*[）)]?\s*$")
            .unwrap()
    });
    DATE_LINE.is_match(s)
}

pub(crate) fn strip_label(s: &str) -> &str {
    static LABEL: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r"^(\s|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|第[一二三四五六七八九十]{1,3}条|[一二三四五六七八九十]{1,3}\n|[⒈-⒛]|\d{1,2}[.、．]|——|—|－|●)+")
            .unwrap()
    });
    match LABEL.find(s) {
        Some(m) => &s[m.end()..],
        None => s,
    }
}

/// Find the actor at the start of one of the first segments; returns (actor, cue, byte end of
/// the cue within `text`).
fn find_actor(text: &str, rules: &ClauseRules, cues: &DocCues) -> Option<(Actor, String, usize)> {
    let body = strip_label(text);
    let base = text.len() - body.len();
    let mut offset = base;
    for seg in body.split_inclusive(['，', '：']).take(rules.actors.actor_segments) {
        let mut s = seg.trim_start();
        let mut local = offset + (seg.len() - s.len());
        loop {
            let before = s.len();
            for p in &rules.actors.strip_prefixes {
                if let Some(rest) = s.strip_prefix(p.as_str()) {
                    s = rest.trim_start_matches(['，', ' ']);
                }
            }
            if s.len() == before {
                break;
            }
        }
        local += seg.trim_start().len() - s.len();
        let mut cue_found = false;
        for (cue, actor) in &cues.cues {
            if let Some(after) = s.strip_prefix(cue.as_str()) {
                if rules.actors.not_subject_after.iter().any(|w| after.starts_with(w.as_str())) {
                    cue_found = true;
                    break;
                }
                return Some((*actor, cue.clone(), local + cue.len()));
            }
        }
        if !cue_found {
            if let Some(title_end) = partner_leader(s, rules, cues) {
                return Some((Actor::Partner, s[..title_end].to_string(), local + title_end));
            }
        }
        offset += seg.len();
    }
    None
}

/// Version 4: the byte end of `NAME + title` when `s` opens with a person's name followed by one
/// of `partner_titles` (夏巴兹总理, 阿拉伯叙利亚共和国总统巴沙尔·阿萨德 is handled by the alias) and
/// the name is not a PRC leader and names no third country: the partner's leader.
fn partner_leader(s: &str, rules: &ClauseRules, cues: &DocCues) -> Option<usize> {
    let max = rules.actors.partner_title_max_name?;
    if rules.actors.partner_titles.is_empty() {
        return None;
    }
    for (i, (b, c)) in s.char_indices().enumerate() {
        if i > max {
            return None;
        }
        let is_name_char = matches!(c, '\u{4E00}'..='\u{9FFF}' | '·' | '•' | '.' | '－' | '-');
        if i >= 1 {
            if let Some(t) = rules.actors.partner_titles.iter().find(|t| s[b..].starts_with(t.as_str())) {
                let name = &s[..b];
                // a PRC leader or office, or a third country's name: not the partner's leader
                if rules.actors.china_leaders.iter().chain(&rules.actors.china).any(|x| name.contains(x.as_str())) {
                    return None;
                }
                if cues.names_third_country(name) {
                    return None;
                }
                // a country's office (应…总统邀请, 在…总统…), not a person: 国 names a state, and a
                // preposition or pronoun opens a phrase, not a name
                const NOT_NAME_START: [&str; 14] =
                    ["两国", "双方", "中", "各国", "历任", "应", "在", "这", "此", "为", "对", "由", "经", "据"];
                if NOT_NAME_START.iter().any(|x| name.starts_with(x)) || name.contains('国') {
                    return None;
                }
                return Some(b + t.len());
            }
        }
        if !is_name_char {
            return None;
        }
    }
    None
}

/// A one-side subject coordinated with the other side (江泽民主席与克林顿总统, 中国国家计划委员会和美国
/// 能源部) is joint: `end` is the byte end of the actor cue in `text`.
fn joint_if_coordinated(rules: &ClauseRules, text: &str, end: usize, actor: Actor, cues: &DocCues) -> Actor {
    if !matches!(actor, Actor::China | Actor::Partner) {
        return actor;
    }
    let stretch: String =
        text[end..].chars().take_while(|c| !matches!(c, '，' | '：' | '；' | '。')).take(30).collect();
    let chars: Vec<char> = stretch.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if !matches!(c, '和' | '与' | '同' | '及') {
            continue;
        }
        // past the subject's title (counted from the last 、 of a list of names), or past a
        // predicate (感谢…和…): no coordination of subjects
        let before: String = chars[..i].iter().collect();
        // version 4: a copula (巴西成为首个同中国建立…的国家) is a predicate too
        let predicate =
            rules.acts.iter().flat_map(|a| &a.cues).any(|w| w.chars().count() > 1 && before.contains(w.as_str()))
                || before.contains("成为")
                || before.contains('是');
        let gap = i - chars[..i].iter().rposition(|c| *c == '、').map_or(0, |p| p + 1);
        if rules.actors.coordinated_max_gap.is_some_and(|max| gap > max) || predicate {
            break;
        }
        if matches!(chars.get(i + 1), Some('平' | '会' | '意' | '时' | '其' | '样' | '等' | '此')) {
            continue;
        }
        // the 和 of 共和国 is no conjunction; an adverb before 与/同 makes it a preposition (江泽民主席还与…会晤, 李鹏分别同…会谈: China
        // meets them)
        const ADVERBS: [&str; 12] = ["还", "也", "并", "又", "曾", "已", "将", "均", "都", "分别", "一起", "共同"];
        if ADVERBS.iter().any(|a| before.ends_with(a)) || before.ends_with("共") {
            continue;
        }
        let rest: String = chars[i + 1..].iter().collect();
        // a second title of the same person (苏丹和国家元首…, 苏丹和最高元首陛下)
        let bare = rest.trim_start_matches("国家").trim_start_matches("最高");
        if rules.actors.coordinated_titles.iter().any(|t| bare.starts_with(t.as_str())) {
            continue;
        }
        let other_side = cues.cues.iter().any(|(cue, a)| {
            *a != actor && matches!(a, Actor::China | Actor::Partner) && rest.starts_with(cue.as_str())
        });
        let titled = rules
            .actors
            .coordinated_titles
            .iter()
            .any(|t| rest.chars().take(14).collect::<String>().contains(t.as_str()));
        if other_side || titled {
            return Actor::Joint;
        }
    }
    actor
}

/// One occurrence of an act cue (or a light verb, `rule == None`) in a sentence; positions are
/// in characters of the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hit {
    pos: usize,
    len: usize,
    rule: Option<usize>,
    cue: String,
}

impl Hit {
    fn end(&self) -> usize {
        self.pos + self.len
    }
}

/// Character positions of every occurrence of `needle` in `text`.
fn char_positions(text: &str, needle: &str) -> Vec<usize> {
    if needle.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(b) = text[from..].find(needle) {
        let at = from + b;
        out.push(text[..at].chars().count());
        from = at + needle.chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// Every act cue and light verb of a sentence. Cues of two or more characters are matched on the
/// text (so jieba's fusions such as 表示满意 cannot hide them); one-character cues (将, 愿, 应)
/// only as whole tokens. Occurrences inside a `not_cues` word, or inside a longer cue, are dropped.
fn find_hits(rules: &ClauseRules, chars: &[char], toks: &[crate::tokenize::Token], s_start: usize) -> Vec<Hit> {
    let text: String = chars.iter().collect();
    let mut hits: Vec<Hit> = Vec::new();
    // the cues of two or more characters and the not_cues words: one scan of the text for all
    // of them (`matchers`), or else cue by cue
    let found = rules.matchers.hits(&text);
    let many = found.is_some();
    let add = |cue: &str, rule: Option<usize>, hits: &mut Vec<Hit>| {
        let n = cue.chars().count();
        if n == 1 {
            // the cue as a token of its own, or fused by jieba with a function character (愿同,
            // 应予, 并愿, 中将: `fused_suffixes`, `fused_prefixes`)
            let c = cue.chars().next().unwrap_or(' ');
            let am = &rules.act_matching;
            for t in toks.iter() {
                let tc: Vec<char> = t.text.chars().collect();
                let alone = tc == [c];
                let suffixed = tc.len() == 2 && tc[0] == c && am.fused_suffixes.iter().any(|x| x.starts_with(tc[1]));
                let at = if alone || suffixed {
                    0
                } else if tc.len() == 2 && tc[1] == c && am.fused_prefixes.iter().any(|x| x.starts_with(tc[0])) {
                    1
                } else {
                    continue;
                };
                hits.push(Hit {
                    pos: (t.char_start as usize + at).saturating_sub(s_start),
                    len: 1,
                    rule,
                    cue: cue.to_string(),
                });
            }
        } else if !many {
            for pos in char_positions(&text, cue) {
                hits.push(Hit { pos, len: n, rule, cue: cue.to_string() });
            }
        }
    };
    for (ri, r) in rules.acts.iter().enumerate() {
        for c in &r.cues {
            add(c, Some(ri), &mut hits);
        }
    }
    for l in &rules.act_matching.light_verbs {
        add(l, None, &mut hits);
    }
    let mut blocked: Vec<(usize, usize)> = Vec::new();
    match found {
        Some((cue_hits, not_cues)) => {
            hits.extend(cue_hits.into_iter().map(|(pos, len, rule, cue)| Hit { pos, len, rule, cue: cue.to_string() }));
            blocked = not_cues;
        }
        None => {
            for w in &rules.act_matching.not_cues {
                for p in char_positions(&text, w) {
                    blocked.push((p, p + w.chars().count()));
                }
            }
        }
    }
    hits.retain(|h| !blocked.iter().any(|&(a, b)| a <= h.pos && h.end() <= b));
    let spans: Vec<(usize, usize)> = hits.iter().map(|h| (h.pos, h.end())).collect();
    hits.retain(|h| !spans.iter().any(|&(a, b)| a <= h.pos && h.end() <= b && b - a > h.len));
    hits.sort_by(|a, b| a.pos.cmp(&b.pos).then(b.len.cmp(&a.len)).then(a.rule.cmp(&b.rule)));
    hits.dedup_by(|a, b| a.pos == b.pos && a.len == b.len && a.rule == b.rule);
    hits
}

/// Whether the text `after` a cue starts with a negation (将不, 承诺不, 同意互不 …).
fn negation_follows(rules: &ClauseRules, after: &str) -> bool {
    let skip: &[char] = &['互', '永', '也', '都', '均', '将', '会', '再', '并'];
    let mut rest = after;
    for _ in 0..2 {
        let starts = rules.negation.markers.iter().any(|m| rest.starts_with(m.as_str()))
            && !rules.negation.not_negation.iter().any(|w| rest.starts_with(w.as_str()));
        if starts {
            return true;
        }
        match rest.chars().next() {
            Some(c) if skip.contains(&c) => rest = &rest[c.len_utf8()..],
            _ => return false,
        }
    }
    false
}

/// The act of one cue occurrence: (act, negated, explanation).
fn act_of_hit(rules: &ClauseRules, chars: &[char], h: &Hit, why: String) -> (String, bool, String) {
    let Some(ri) = h.rule else {
        return ("none".into(), false, why);
    };
    let rule = &rules.acts[ri];
    let before: String = chars[h.pos.saturating_sub(2)..h.pos].iter().collect();
    let after: String = chars[h.end().min(chars.len())..].iter().take(8).collect();
    let self_negated = rules.negation.markers.iter().any(|m| h.cue.starts_with(m.as_str()));
    let preceded =
        before.ends_with('不') && !before.ends_with("互不") || before.ends_with("决不") || before.ends_with("绝不");
    let follows = negation_follows(rules, &after) || {
        // 重申，在任何情况下都不首先使用…: a negation at the head of the complement of a
        // complement-taking cue
        let reach: String = chars[h.end().min(chars.len())..]
            .iter()
            .take(rules.negation.reach)
            .take_while(|c| !matches!(c, '；' | '。' | ';'))
            .collect();
        rules.negation.reach_cues.contains(&h.cue)
            && char_positions(&reach, "不").into_iter().any(|p| {
                let from: String = reach.chars().skip(p).collect();
                let before: String = reach.chars().take(p).collect();
                // the negation of a clause with a subject and copula of its own (确认，两国的友好
                // 关系是建立在不结盟…基础上) is not the cue's (codebook, negated: false)
                let own_clause = before.contains('的') && before.contains('是');
                !(rules.negation.not_negation.iter().any(|w| from.starts_with(w.as_str()))
                    || before.ends_with('互')
                    || before.ends_with('得')
                    || own_clause)
            })
    };
    let negated = self_negated || preceded || follows;
    match (&rule.when_negated, follows) {
        (Some(other), true) => (other.clone(), true, why),
        _ => (rule.name.clone(), rule.negatable && negated, why),
    }
}

/// The main act of a sentence from its cue occurrences (see the rules file, step 2): documentary
/// formulae first; then the first cue after the actor that is not embedded (attributive, inside
/// a prepositional phrase); light verbs take the act of their complement. Returns (act,
/// negated, explanation), or None when no cue decides.
fn decide_act(
    rules: &ClauseRules,
    chars: &[char],
    hits: &[Hit],
    actor_end: usize,
    own_subject: bool,
) -> Option<(String, bool, String)> {
    let text: String = chars.iter().collect();
    let am = &rules.act_matching;
    // matched after the list label (十、本宣言…), so that `^` anchors at the sentence proper
    if rules.formulae.iter().any(|f| f.is_match(strip_label(&text))) && rules.act_names().contains(&"narrative") {
        return Some(("narrative".into(), false, "formula".into()));
    }
    if hits.is_empty() {
        return None;
    }
    let after_actor: Vec<&Hit> = hits.iter().filter(|h| h.pos >= actor_end).collect();
    let mut cand: Vec<&Hit> = if after_actor.is_empty() { hits.iter().collect() } else { after_actor };
    // attributive and embedded occurrences (已签署的协定, 所达成的) do not decide
    let embedded = |h: &Hit| {
        let after: String = chars[h.end().min(chars.len())..].iter().take(3).collect();
        let before: String = chars[h.pos.saturating_sub(2)..h.pos].iter().collect();
        // coordinated attributive verbs (签署和通过的文件): 和/与/及/、, one to three characters, 的
        let next: Vec<char> = chars[h.end().min(chars.len())..].iter().take(5).copied().collect();
        let coordinated = next.first().is_some_and(|c| "和与及、".contains(*c))
            && next.iter().skip(2).take_while(|c| !"，、；：。".contains(**c)).any(|c| *c == '的');
        am.attributive_after.iter().any(|a| after.starts_with(a.as_str()))
            || am.embedded_before.iter().any(|b| before.ends_with(b.as_str()))
            || coordinated
    };
    cand.retain(|h| !embedded(h));
    // a prepositional phrase right after the actor (对…表示满意): its cues are embedded
    let start = actor_end.min(chars.len());
    let mut rest: String = chars[start..].iter().collect();
    let trimmed_len = |r: &str| r.chars().count();
    let before_len = trimmed_len(&rest);
    loop {
        let r0 = rest.clone();
        rest = rest.trim_start_matches(['，', ' ']).to_string();
        for a in &am.adverbs {
            if let Some(x) = rest.strip_prefix(a.as_str()) {
                rest = x.to_string();
            }
        }
        if rest == r0 {
            break;
        }
    }
    if am.prepositions.iter().any(|p| rest.starts_with(p.as_str())) {
        let pp_start = start + before_len - trimmed_len(&rest);
        let seg_end = chars[pp_start..]
            .iter()
            .position(|c| matches!(c, '，' | '；' | '：'))
            .map_or(chars.len(), |e| pp_start + e);
        let in_seg: Vec<&Hit> = cand.iter().copied().filter(|h| h.pos >= pp_start && h.pos < seg_end).collect();
        let verb = in_seg.iter().find(|h| h.rule.is_none()).or(in_seg.last()).copied();
        if let Some(v) = verb {
            cand.retain(|h| h.pos >= v.pos || h.pos < pp_start);
        }
    }
    let main = *cand.first()?;
    let rest_after: String = chars[main.end().min(chars.len())..].iter().collect();
    if let Some((_, _, act)) = rules.reinterpret.iter().find(|(c, re, _)| *c == main.cue && re.is_match(&rest_after)) {
        return Some((act.clone(), false, format!("reinterpreted:{}", main.cue)));
    }
    // a subject other than an actor between the clause start and the cue (该协议将有助于…,
    // 两国关系…是…): an assertion in the statement's voice, not the act of the cue (codebook
    // rule 3); with an actor of its own, only a modal is read so (中俄友好…委员会将发挥…)
    if let Some(act) = &am.subject_act {
        let from = chars[..main.pos].iter().rposition(|c| matches!(c, '，' | '；' | '：')).map_or(0, |p| p + 1);
        let from = if own_subject { from.max(actor_end) } else { from.max(label_len(chars)) };
        let modal = am.modals.contains(&main.cue);
        let stretch: String = chars[from.min(main.pos)..main.pos].iter().collect();
        // a document as the subject of a cue verb (上海公报确认了这些原则, 条约确认，…) states
        // that act; only its modals (该条约将有助于…) are assertions
        let document = !modal && am.document_heads.iter().any(|h| stretch.contains(h.as_str()));
        if (modal || !own_subject) && from <= main.pos && !document && has_subject(am, &chars[from..main.pos]) {
            return Some((act.clone(), false, format!("subject+{}", main.cue)));
        }
        // a modal right after a comma whose sentence opens with a subject of its own (亚洲…国家
        // 在经过…调整后，将继续成为…; 认真履行上述协定的条款，将促进…)
        let first_end = chars.iter().position(|c| matches!(c, '，' | '；' | '：')).unwrap_or(chars.len());
        let start = label_len(chars);
        if am.subject_across_comma
            && modal
            && !own_subject
            && first_end < from
            && !has_subject(am, &chars[from.min(main.pos)..main.pos])
            && start < first_end
            && !hits.iter().any(|h| h.pos >= start && h.pos < first_end)
            && has_subject(am, &chars[start..first_end])
        {
            return Some((act.clone(), false, format!("subject,+{}", main.cue)));
        }
        // a cue inside the subject of a copula 是 (支持…联合国的方针是…, …会晤是…): the sentence
        // states what something is
        if !own_subject && !document && !am.copula_not.is_empty() {
            let seg_end = chars[main.end()..]
                .iter()
                .position(|c| matches!(c, '，' | '；' | '：' | '。'))
                .map_or(chars.len(), |e| main.end() + e);
            let seg: String = chars[from.min(main.pos)..seg_end].iter().collect();
            let cue_at = main.pos - from.min(main.pos);
            // the copula, or a modal (主张修改…条约的国家必将…) heading the predicate
            let mut copulas = copula_positions(am, &seg);
            if !modal {
                let base = from.min(main.pos);
                copulas.extend(
                    hits.iter()
                        .filter(|h| am.modals.contains(&h.cue) && h.pos > main.end() && h.pos < seg_end)
                        .map(|h| h.pos - base),
                );
            }
            let in_subject = copulas.iter().any(|&p| {
                p >= cue_at + main.len && {
                    let between: String = seg.chars().skip(cue_at + main.len).take(p - cue_at - main.len).collect();
                    between.is_empty() || between.contains('的')
                }
            });
            if in_subject {
                return Some((act.clone(), false, format!("copula+{}", main.cue)));
            }
        }
    }
    if main.rule.is_some() {
        return Some(act_of_hit(rules, chars, main, format!("cue:{}", main.cue)));
    }
    // a light verb followed by a clause with a subject of its own (双方表示，此次访问取得了成功)
    // states a view
    if chars.get(main.end()) == Some(&'，') {
        if let (Some(act), Some(next)) = (&am.subject_act, hits.iter().find(|h| h.pos > main.end())) {
            if has_subject(am, &chars[main.end() + 1..next.pos]) {
                return Some((act.clone(), false, format!("light:{}+clause", main.cue)));
            }
        }
    }
    // a light verb: the act of its complement, within its segment
    let win_end = (main.end() + am.light_window).min(chars.len());
    let seg_end = chars[main.end()..win_end]
        .iter()
        .position(|c| matches!(c, '，' | '；' | '：' | '。'))
        .map_or(win_end, |e| main.end() + e);
    // the first complement decides (表示严重忧虑和坚决反对 → 忧虑): a cue or a complement word
    let window: String = chars[main.end()..seg_end].iter().collect();
    let word = am
        .light_complements
        .iter()
        .filter_map(|(w, act)| window.find(w.as_str()).map(|b| (window[..b].chars().count(), w, act)))
        .min_by_key(|x| x.0);
    let cue = hits.iter().find(|h| h.rule.is_some() && h.pos >= main.end() && h.pos < seg_end);
    match (cue, word) {
        (Some(h), w) if w.is_none_or(|w| h.pos - main.end() <= w.0) => {
            return Some(act_of_hit(rules, chars, h, format!("light:{}+{}", main.cue, h.cue)));
        }
        (_, Some((_, w, act))) => return Some((act.clone(), false, format!("light:{}+{w}", main.cue))),
        _ => {}
    }
    let act = am.light_default.get(&main.cue).cloned().unwrap_or_else(|| "none".into());
    Some((act, false, format!("light:{}", main.cue)))
}

/// Characters of the list label at the start of a sentence (（一）, 三、, ——).
fn label_len(chars: &[char]) -> usize {
    let t: String = chars.iter().collect();
    chars.len() - strip_label(&t).chars().count()
}

/// Positions (in characters) of the copula 是 in a text, outside the `copula_not` words (是否,
/// 特别是, 但是 …).
fn copula_positions(am: &ActMatching, text: &str) -> Vec<usize> {
    let blocked: Vec<(usize, usize)> = am
        .copula_not
        .iter()
        .flat_map(|w| char_positions(text, w).into_iter().map(move |p| (p, p + w.chars().count())))
        .collect();
    char_positions(text, "是").into_iter().filter(|&p| !blocked.iter().any(|&(a, b)| a <= p && p < b)).collect()
}

/// Whether a stretch before a cue holds a subject: something left after adverbs and titles, not
/// opening with a preposition (在…, 对…, 根据…), and not headed by an `agent_heads` word (两国外交
/// 部门: such a subject keeps the cue's act).
fn has_subject(am: &ActMatching, stretch: &[char]) -> bool {
    let mut rest: String = stretch.iter().collect();
    loop {
        let before = rest.len();
        rest = rest.trim_start_matches(['，', ' ', '　']).to_string();
        for a in am.adverbs.iter().chain(&am.titles) {
            if let Some(x) = rest.strip_prefix(a.as_str()) {
                rest = x.to_string();
            }
        }
        if rest.len() == before {
            break;
        }
    }
    !rest.is_empty()
        && !am.frames.iter().any(|p| rest.starts_with(p.as_str()))
        && !am.agent_heads.iter().any(|h| rest.contains(h.as_str()))
}

/// Classify every sentence of a document: the rules ([`classify_doc_rules`]), then the deployed
/// learned model ([`learned::default_model`]) for the fields it was deployed for (see
/// corpus/codebook.md: a field is deployed only where cross-validation showed it beats the rules).
pub fn classify_doc(rules: &ClauseRules, doc: &Document, seg: &Segmentation, toks: &DocTokens) -> Vec<SentenceLabel> {
    let mut labels = classify_doc_rules(rules, doc, seg, toks);
    let model = learned::default_model();
    if !model.deployed.is_empty() {
        learned::apply(model, &sentence_texts(doc, seg), &mut labels);
    }
    labels
}

/// The text of every sentence of a segmented document.
pub fn sentence_texts(doc: &Document, seg: &Segmentation) -> Vec<String> {
    let chars: Vec<char> = doc.body_text().chars().collect();
    seg.sentences
        .iter()
        .map(|s| chars[s.char_start.min(chars.len())..s.char_end.min(chars.len())].iter().collect())
        .collect()
}

/// Classify every sentence of a document with the rules alone.
pub fn classify_doc_rules(
    rules: &ClauseRules,
    doc: &Document,
    seg: &Segmentation,
    toks: &DocTokens,
) -> Vec<SentenceLabel> {
    let cues = doc_cues(rules, doc);
    let partner_names = topics::partner_names(rules, doc.partner());
    let text: Vec<char> = doc.body_text().chars().collect();
    let mut by_sentence: Vec<Vec<crate::tokenize::Token>> = vec![Vec::new(); seg.sentences.len()];
    for t in toks.iter() {
        if let Some(v) = by_sentence.get_mut(t.sentence as usize) {
            v.push(t);
        }
    }
    let mut out: Vec<SentenceLabel> = Vec::with_capacity(seg.sentences.len());
    // the act of the last lead-in (a sentence ending in "：") and its sentence index
    let mut lead: Option<(String, usize)> = None;
    let mut lead_article = 0usize;
    // the act of the last sentence that is not a subjectless list item (act, index, article)
    let mut intro: Option<(String, usize, usize)> = None;
    for (si, s) in seg.sentences.iter().enumerate() {
        let stext: String = text[s.char_start..s.char_end].iter().collect();
        // actor
        let schars: Vec<char> = stext.chars().collect();
        let hits = find_hits(rules, &schars, &by_sentence[si], s.char_start);
        let label_len = schars.len() - strip_label(&stext).chars().count();
        // a heading (（一）在政治关系方面): short, no cue: no actor, no act, inherits nothing
        // (or a title line without any punctuation: 中华人民共和国主席和俄罗斯联邦总统)
        let heading = hits.is_empty()
            && (schars.len() - label_len < rules.act_matching.fallback_min_chars
                || !schars[label_len..].iter().any(|c| "，、；：。！？,;:".contains(*c)))
            && !stext.trim_end().ends_with(['。', '！', '？', '：', '；', ':', ';'])
            || hits.is_empty() && is_date_line(&stext);
        // actor: explicit; else the last actor of the article; else the statement's voice
        let prev_actor = out
            .iter()
            .rev()
            .take_while(|p| p.article == s.article)
            .find(|p| p.actor != Actor::None && !rules.actors.not_inherited.iter().any(|n| n == p.actor.name()));
        let (actor, source, cue, actor_end) = match find_actor(&stext, rules, &cues) {
            Some((a, c, end)) => {
                (joint_if_coordinated(rules, &stext, end, a, &cues), "explicit", c, stext[..end].chars().count())
            }
            None if heading => (Actor::None, "none", String::new(), 0),
            None => match prev_actor {
                Some(prev) => (prev.actor, "inherited", String::new(), 0),
                None => match rules.actors.default_actor.as_deref().and_then(Actor::from_name) {
                    Some(d) => (d, "default", String::new(), 0),
                    None => (Actor::None, "none", String::new(), 0),
                },
            },
        };
        // acts
        let mut acts: Vec<String> = Vec::new();
        for (ri, r) in rules.acts.iter().enumerate() {
            if hits.iter().any(|h| h.rule == Some(ri)) {
                acts.push(r.name.clone());
            }
        }
        if lead.as_ref().is_some_and(|_| lead_article != s.article) {
            lead = None;
        }
        let own_subject = source == "explicit";
        let decided = if heading { None } else { decide_act(rules, &schars, &hits, actor_end, own_subject) };
        let is_formula = decided.as_ref().is_some_and(|d| d.2 == "formula");
        // the statement's own formulae (本声明于…签署) speak in its voice, not in the voice of the
        // sentence before (codebook hard case 6)
        let (actor, source) = match rules.actors.default_actor.as_deref().and_then(Actor::from_name) {
            Some(d) if is_formula && source == "inherited" => (d, "default"),
            _ => (actor, source),
        };
        // an item whose predicate is a cue of its own (——支持…, ——反对… under a lead-in) takes
        // that cue's act, not the lead-in's (codebook I1)
        let opens_with_cue = rules.act_matching.item_own_cue && {
            let mut rest: String = schars[label_len..].iter().collect();
            loop {
                let before = rest.len();
                for a in &rules.act_matching.adverbs {
                    if let Some(x) = rest.strip_prefix(a.as_str()) {
                        rest = x.to_string();
                    }
                }
                if rest.len() == before {
                    break;
                }
            }
            let at = schars.len() - rest.chars().count();
            hits.iter().any(|h| h.pos == at && h.rule.is_some())
        };
        // a preamble fragment (本着…的愿望，) or an item under a narrative lead-in (发表如下宣言：
        // （四）加强…；) without a cue of its own has no act (codebook I3)
        let fragment = hits.is_empty()
            && !own_subject
            && match lead.as_ref() {
                Some((a, _)) => a == "narrative",
                None => stext.trim_end().ends_with(['，', '；', ',']),
            };
        let (main_act, negated, act_rule) = match (decided, lead.as_ref()) {
            _ if heading => ("none".to_string(), false, "heading".to_string()),
            _ if fragment => ("none".to_string(), false, "fragment".to_string()),
            (Some(d), Some((lead_act, _))) if lead_act == "narrative" => d,
            // an item or continuation without its own subject under a lead-in (双方同意如下：…
            // （一）加强…) carries the lead-in's act (codebook I1)
            (_, Some((lead_act, lead_sentence))) if !own_subject && !is_formula && !opens_with_cue => {
                (lead_act.clone(), false, format!("lead-in:#{lead_sentence}"))
            }
            (Some(d), _) => d,
            // an enumerated item without a subject or cue of its own, after a sentence that
            // introduces the list without a colon (双方愿…加强在以下领域的合作。（一）进一步促进…)
            (None, _) if label_len > 0 && !own_subject && intro.as_ref().is_some_and(|i| i.2 == s.article) => {
                let (act, at, _) = intro.clone().expect("checked");
                (act, false, format!("item-of:#{at}"))
            }
            // no cue and no subject of its own: a continuation sentence carries the act of the
            // sentence it continues (codebook I2); narrative is not carried over
            (None, _) => match out.last().filter(|p| p.article == s.article && !own_subject) {
                Some(prev) if rules.act_matching.inheritable.contains(&prev.main_act) => {
                    (prev.main_act.clone(), false, format!("inherited:#{}", prev.sentence))
                }
                _ => match &rules.act_matching.fallback_act {
                    Some(f) => (f.clone(), false, "fallback".to_string()),
                    None => ("none".to_string(), false, String::new()),
                },
            },
        };
        // a modal with a third party as subject (各国应…, 国际社会应…) is an appeal to it
        let (main_act, act_rule) = match (&rules.act_matching.other_modal_act, actor) {
            (Some(a), Actor::Other)
                if act_rule.strip_prefix("cue:").is_some_and(|c| rules.act_matching.modals.iter().any(|m| m == c)) =>
            {
                (a.clone(), format!("{act_rule}+other"))
            }
            _ => (main_act, act_rule),
        };
        // a joint-decision cue said by one side alone (中华人民共和国政府宣布：…放弃…) is that side's
        // undertaking
        let (main_act, act_rule) = match act_rule
            .strip_prefix("cue:")
            .and_then(|c| rules.act_matching.unilateral.get(c))
        {
            Some(a) if matches!(actor, Actor::China | Actor::Partner) => (a.clone(), format!("{act_rule}+unilateral")),
            _ => (main_act, act_rule),
        };
        if label_len == 0 || own_subject {
            intro =
                (!matches!(main_act.as_str(), "none" | "narrative")).then(|| (main_act.clone(), s.index, s.article));
        }
        // a sentence ending in a colon is a lead-in for what follows, within its article
        if stext.trim_end().ends_with(['：', ':']) && main_act != "none" {
            lead = Some((main_act.clone(), s.index));
            lead_article = s.article;
        }
        // topics (stock formulae removed first; src/clauses/topics.rs): keywords, the partner's
        // name excluded, else the topics of the previous sentence an anaphor refers back to
        let prev = out.last().filter(|p| p.article == s.article);
        let (topics, keywords) = topics::sentence_topics(rules, &stext, &partner_names, prev);
        out.push(SentenceLabel {
            sentence: s.index,
            article: s.article,
            actor,
            actor_source: source,
            actor_cue: cue,
            main_act,
            act_rule,
            acts,
            negated,
            topics,
            keywords,
            rules: None,
        });
    }
    out
}

/// The One-China clause profile of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct OneChinaProfile {
    /// Any core feature present.
    pub has_clause: bool,
    /// Actor of the first sentence with a core feature (`none` without a clause).
    pub stated_by: String,
    /// First verb of the rules' list in the core evidence sentences.
    pub verb: Option<String>,
    /// Feature name → present.
    pub features: BTreeMap<String, bool>,
    /// Indices of the sentences where any feature matched.
    pub evidence: Vec<usize>,
}

/// Compute the One-China profile of a document from its labelled sentences.
pub fn one_china(rules: &ClauseRules, doc: &Document, seg: &Segmentation, labels: &[SentenceLabel]) -> OneChinaProfile {
    let text: Vec<char> = doc.body_text().chars().collect();
    let mut features: BTreeMap<String, bool> = rules.feature_names().iter().map(|f| (f.to_string(), false)).collect();
    let mut evidence = Vec::new();
    let mut core_sentences = Vec::new();
    for s in &seg.sentences {
        let st: String = text[s.char_start..s.char_end].iter().collect();
        let mut any = false;
        let mut core = false;
        for (name, res) in &rules.compiled {
            if res.iter().any(|r| r.is_match(&st)) {
                features.insert(name.clone(), true);
                any = true;
                core |= rules.one_china.core.contains(name);
            }
        }
        if any {
            evidence.push(s.index);
        }
        if core {
            core_sentences.push((s.index, st));
        }
    }
    let stated_by = core_sentences
        .first()
        .and_then(|(i, _)| labels.iter().find(|l| l.sentence == *i))
        .map_or("none".to_string(), |l| l.actor.name().to_string());
    let verb = core_sentences.iter().find_map(|(_, st)| {
        rules.one_china.verbs.iter().filter_map(|v| st.find(v.as_str()).map(|p| (p, v))).min().map(|(_, v)| v.clone())
    });
    OneChinaProfile { has_clause: !core_sentences.is_empty(), stated_by, verb, features, evidence }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rules_parse() {
        let r = ClauseRules::parse(DEFAULT_RULES, "corpus/clause_rules.toml").unwrap();
        assert!(r.act_names().contains(&"commitment"));
        assert!(r.topic_names().contains(&"regional_orgs"));
        assert_eq!(r.partner_aliases("哈萨克斯坦")[0], "哈方");
        assert_eq!(r.partner_aliases("美国")[0], "美方");
    }

    #[test]
    fn bad_rules_name_the_problem() {
        let bad = DEFAULT_RULES.replace("patterns = [\"西藏\"]", "patterns = [\"西藏(\"]");
        let e = format!("{:#}", ClauseRules::parse(&bad, "x.toml").unwrap_err());
        assert!(e.contains("x.toml: one_china feature `tibet`: bad pattern"), "{e}");
        let e = format!("{:#}", ClauseRules::parse("version = 1", "y.toml").unwrap_err());
        assert!(e.contains("y.toml: invalid clause rules"), "{e}");
        // a misspelt key is an error, not a silently empty list
        let bad = DEFAULT_RULES.replace("coordinated_titles =", "coordinated_agent_heads =");
        let e = format!("{:#}", ClauseRules::parse(&bad, "z.toml").unwrap_err());
        assert!(e.contains("z.toml: invalid clause rules") && e.contains("coordinated_agent_heads"), "{e}");
    }

    #[test]
    fn labels_are_stripped() {
        assert_eq!(strip_label("十七、双方认为"), "双方认为");
        assert_eq!(strip_label("——双方认为"), "双方认为");
        assert_eq!(strip_label("（三）在政治方面"), "在政治方面");
    }
}
