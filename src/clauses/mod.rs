//! Clause analysis: who (actor) does what (speech act) on which topics, sentence by sentence,
//! and the One-China clause profile of each statement.
//!
//! Everything the classifier knows is in an editable TOML rules file
//! (`corpus/clause_rules.toml`, documented there and in the README): actor cues, partner
//! aliases, speech-act cues, negation markers, topic keywords and the One-China features. The
//! algorithm is described at the top of that file; this module implements it and nothing more.

pub mod designations;
pub mod validate;

use crate::ingest::Document;
use crate::segment::Segmentation;
use crate::tokenize::DocTokens;
use anyhow::{bail, Context, Result};
use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The project's rules (`corpus/clause_rules.toml`), built into the binary.
pub const DEFAULT_RULES: &str = include_str!("../../corpus/clause_rules.toml");

/// Actor cues (see the rules file).
#[derive(Debug, Clone, Deserialize)]
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

/// How topics are matched.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TopicMatching {
    /// Stock phrases removed from a sentence before topic keywords are matched.
    #[serde(default)]
    pub boilerplate: Vec<String>,
}

/// Negation markers.
#[derive(Debug, Clone, Deserialize)]
pub struct NegationRules {
    /// Marker tokens.
    pub markers: Vec<String>,
    /// Tokens after the cue searched for a marker.
    pub window: usize,
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
}

impl ClauseRules {
    /// Parse and check a rules file's text (`origin` names it in errors).
    pub fn parse(text: &str, origin: &str) -> Result<ClauseRules> {
        let mut r: ClauseRules = toml::from_str(text).with_context(|| format!("{origin}: invalid clause rules"))?;
        if r.acts.is_empty() || r.topics.is_empty() {
            bail!("{origin}: [[acts]] and [[topics]] must not be empty");
        }
        for f in &r.one_china.features {
            let mut v = Vec::new();
            for p in &f.patterns {
                v.push(
                    Regex::new(p)
                        .with_context(|| format!("{origin}: one_china feature `{}`: bad pattern `{p}`", f.name))?,
                );
            }
            r.compiled.push((f.name.clone(), v));
        }
        for a in &r.acts {
            if let Some(w) = &a.when_negated {
                if !r.acts.iter().any(|x| &x.name == w) {
                    bail!("{origin}: act `{}`: when_negated names `{w}`, which is not an act", a.name);
                }
            }
        }
        for c in &r.one_china.core {
            if !r.one_china.features.iter().any(|f| &f.name == c) {
                bail!("{origin}: one_china.core names `{c}`, which is not a feature");
            }
        }
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
        vec![
            format!("{first}方"),
            format!("{partner}方面"),
            format!("{partner}政府"),
            format!("{partner}共和国政府"),
            format!("{partner}共和国"),
            partner.to_string(),
        ]
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
    /// `explicit`, `inherited` or `none`.
    pub actor_source: &'static str,
    /// The cue that decided the actor (empty when inherited or none).
    pub actor_cue: String,
    /// Main speech act (`none` when no cue fired).
    pub main_act: String,
    /// Every act whose cue occurred, in rule order.
    pub acts: Vec<String>,
    /// The main act is negated (e.g. 将不参加, 决不允许).
    pub negated: bool,
    /// Topics, in rule order.
    pub topics: Vec<String>,
    /// `topic:keyword` pairs that fired.
    pub keywords: Vec<String>,
}

/// Cues for one document, longest first.
struct DocCues {
    cues: Vec<(String, Actor)>,
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
    for (i, name) in doc.signature.signatories.iter().enumerate() {
        let office = doc.signature.offices.get(i).map(String::as_str).unwrap_or("");
        let side = if office.starts_with("中华人民共和国") || rules.actors.china_leaders.contains(name) {
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
    DocCues { cues: indexed.into_iter().map(|x| x.1).collect() }
}

fn strip_label(s: &str) -> &str {
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
        for (cue, actor) in &cues.cues {
            if s.starts_with(cue.as_str()) {
                return Some((*actor, cue.clone(), local + cue.len()));
            }
        }
        offset += seg.len();
    }
    None
}

/// Classify every sentence of a document.
pub fn classify_doc(rules: &ClauseRules, doc: &Document, seg: &Segmentation, toks: &DocTokens) -> Vec<SentenceLabel> {
    let cues = doc_cues(rules, doc);
    let text: Vec<char> = doc.body_text().chars().collect();
    let mut by_sentence: Vec<Vec<&crate::tokenize::Token>> = vec![Vec::new(); seg.sentences.len()];
    for t in &toks.tokens {
        if let Some(v) = by_sentence.get_mut(t.sentence as usize) {
            v.push(t);
        }
    }
    let mut out: Vec<SentenceLabel> = Vec::with_capacity(seg.sentences.len());
    for (si, s) in seg.sentences.iter().enumerate() {
        let stext: String = text[s.char_start..s.char_end].iter().collect();
        // actor
        let (actor, source, cue, actor_end_char) = match find_actor(&stext, rules, &cues) {
            Some((a, c, end)) => (a, "explicit", c, s.char_start + stext[..end].chars().count()),
            None => match out.last().filter(|p| p.article == s.article) {
                Some(prev) if prev.actor != Actor::None => (prev.actor, "inherited", String::new(), s.char_start),
                _ => (Actor::None, "none", String::new(), s.char_start),
            },
        };
        // acts
        let toks = &by_sentence[si];
        let mut hits: Vec<(usize, usize, usize, usize)> = Vec::new(); // (char pos, rule idx, token idx, span)
        for i in 0..toks.len() {
            let mut joined = String::new();
            for span in 1..=3 {
                if i + span > toks.len() {
                    break;
                }
                joined.push_str(&toks[i + span - 1].text);
                for (ri, r) in rules.acts.iter().enumerate() {
                    if r.cues.iter().any(|c| *c == joined) {
                        hits.push((toks[i].char_start as usize, ri, i, span));
                    }
                }
            }
        }
        let mut acts: Vec<String> = Vec::new();
        for (ri, r) in rules.acts.iter().enumerate() {
            if hits.iter().any(|h| h.1 == ri) {
                acts.push(r.name.clone());
            }
        }
        let main = hits
            .iter()
            .filter(|h| h.0 >= actor_end_char)
            .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)))
            .or_else(|| hits.iter().min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1))));
        let (main_act, negated) = match main {
            Some(&(_, ri, ti, span)) => {
                let rule = &rules.acts[ri];
                let cue: String = toks[ti..ti + span].iter().map(|t| t.text.as_str()).collect();
                let self_negated = rules.negation.markers.iter().any(|m| cue.starts_with(m.as_str()));
                let follows_token = toks
                    .iter()
                    .skip(ti + span)
                    .take(rules.negation.window)
                    .any(|t| rules.negation.markers.iter().any(|m| *m == t.text));
                let cue_end = toks[ti].char_start as usize + cue.chars().count();
                let after: String =
                    text[cue_end.min(text.len())..s.char_end.max(cue_end).min(text.len())].iter().take(8).collect();
                let follows_text = rules.negation.markers.iter().any(|m| after.starts_with(m.as_str()))
                    && !rules.negation.not_negation.iter().any(|w| after.starts_with(w.as_str()));
                let follows = follows_token || follows_text;
                let negated = self_negated || follows;
                match (&rule.when_negated, negated) {
                    (Some(other), true) => (other.clone(), true),
                    _ => (rule.name.clone(), rule.negatable && negated),
                }
            }
            // no cue and no subject of its own: a continuation sentence or an enumerated item
            // under a lead-in (双方认为，… 。加强… / 双方同意：（一）…) carries the act of the
            // sentence it continues (codebook, inheritance rule); narrative is not carried over
            None => match out.last().filter(|p| p.article == s.article && source == "inherited") {
                Some(prev) if prev.main_act != "none" && prev.main_act != "narrative" => (prev.main_act.clone(), false),
                _ => ("none".to_string(), false),
            },
        };
        // topics (stock formulae removed first)
        let mut ttext = stext.clone();
        for b in &rules.topic_matching.boilerplate {
            ttext = ttext.replace(b.as_str(), "　");
        }
        let mut topics = Vec::new();
        let mut keywords = Vec::new();
        for t in &rules.topics {
            let fired: Vec<&String> = t.keywords.iter().filter(|k| ttext.contains(k.as_str())).collect();
            if !fired.is_empty() {
                topics.push(t.name.clone());
                keywords.extend(fired.iter().map(|k| format!("{}:{}", t.name, k)));
            }
        }
        out.push(SentenceLabel {
            sentence: s.index,
            article: s.article,
            actor,
            actor_source: source,
            actor_cue: cue,
            main_act,
            acts,
            negated,
            topics,
            keywords,
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
    }

    #[test]
    fn labels_are_stripped() {
        assert_eq!(strip_label("十七、双方认为"), "双方认为");
        assert_eq!(strip_label("——双方认为"), "双方认为");
        assert_eq!(strip_label("（三）在政治方面"), "在政治方面");
    }
}
