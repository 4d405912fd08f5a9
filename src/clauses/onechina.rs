//! One-China elements with a graded stance per element (`corpus/one_china_elements.toml`):
//! which elements a statement states, the verb that GOVERNS each (not the first verb of the
//! sentence), who holds that stance, and the evidence span. The algorithm is documented at the
//! top of the rules file; the labels follow `corpus/gold/one_china_codebook.md`.

use super::{doc_cues, Actor, SentenceLabel};
use crate::bail_config;
use crate::error::{config, Result};
use crate::ingest::Document;
use crate::segment::Segmentation;
use regex::Regex;
use serde::Deserialize;

/// The project's element rules, built into the binary.
pub const DEFAULT_ELEMENT_RULES: &str = include_str!("../../corpus/one_china_elements.toml");

/// A stance verb.
#[derive(Debug, Clone, Deserialize)]
pub struct VerbRule {
    /// The verb as written (承认, 不支持 …).
    pub text: String,
    /// Normalised stance (recognize, not_support …).
    pub stance: String,
    /// The verb is itself negated (不支持, 不承认).
    #[serde(default)]
    pub negated: bool,
    /// Strength among coordinated verbs (理解和尊重 → the higher rank).
    pub rank: u32,
    /// An adverbial premise (考虑到): it governs only inside its own comma clause, never the
    /// main clause after the comma (codebook §4.3).
    #[serde(default)]
    pub clause_only: bool,
}

/// One element.
#[derive(Debug, Clone, Deserialize)]
pub struct ElementRule {
    /// Element name (only_one_china …).
    pub name: String,
    /// Regular expressions of its wording.
    pub patterns: Vec<String>,
    /// Stances that never govern this element (承认 does not govern a commitment).
    #[serde(default)]
    pub not_governed_by: Vec<String>,
    /// Stances that govern this element only inside their own comma clause (奉行一个中国原则，台湾
    /// 是…一部分: the proposition after the comma is not 奉行's object).
    #[serde(default)]
    pub not_governed_across_comma: Vec<String>,
}

/// The whole element rules file.
#[derive(Debug, Clone, Deserialize)]
pub struct ElementRules {
    /// Words (prepositions) that, between a verb and the element, cut the verb off.
    pub blockers: Vec<String>,
    /// Anaphors by which the partner takes a stance on China's statement in a following
    /// sentence (对此, 这一立场): codebook §4.4.
    #[serde(default)]
    pub anaphors: Vec<String>,
    /// Stance verbs.
    pub verbs: Vec<VerbRule>,
    /// Elements, in output order.
    pub elements: Vec<ElementRule>,
    #[serde(skip)]
    compiled: Vec<Vec<Regex>>,
}

impl ElementRules {
    /// Parse and check a rules file's text (`origin` names it in errors).
    pub fn parse(text: &str, origin: &str) -> Result<ElementRules> {
        let mut r: ElementRules = toml::from_str(text).map_err(config(origin, "invalid One-China element rules"))?;
        if r.elements.is_empty() || r.verbs.is_empty() {
            bail_config!(origin, "[[elements]] and verbs must not be empty");
        }
        for e in &r.elements {
            let mut v = Vec::new();
            for p in &e.patterns {
                v.push(Regex::new(p).map_err(config(origin, format!("element `{}`: bad pattern `{p}`", e.name)))?);
            }
            r.compiled.push(v);
        }
        Ok(r)
    }
}

/// One element of one statement.
#[derive(Debug, Clone, PartialEq)]
pub struct ElementFinding {
    /// Element name.
    pub element: String,
    /// Stated in the statement.
    pub present: bool,
    /// Normalised governing verb (`none` when no verb governs it; `-` when absent).
    pub stance: String,
    /// The governing verb as written (`-` when none).
    pub stance_text: String,
    /// Holder of the stance (joint, china, partner, other; `-` when absent).
    pub actor: String,
    /// The governing verb is negated (不支持, 不承认).
    pub negated: bool,
    /// Sentence index of the evidence.
    pub sentence: Option<usize>,
    /// The element's wording as matched (evidence span).
    pub evidence: String,
}

/// Words after which an actor cue is the holder of an embedded stance (codebook rule 4).
const HOLDER_AFTER: &[&str] = &["对", "赞赏", "欢迎", "感谢", "高度评价", "赞扬", "肯定"];

/// Verb occurrences of a text: (char start, char end, verb index), at each end the longest.
fn verb_hits(er: &ElementRules, chars: &[char]) -> Vec<(usize, usize, usize)> {
    let text: String = chars.iter().collect();
    let mut hits = Vec::new();
    for (vi, v) in er.verbs.iter().enumerate() {
        for (b, _) in text.match_indices(v.text.as_str()) {
            let s = text[..b].chars().count();
            hits.push((s, s + v.text.chars().count(), vi));
        }
    }
    // drop an occurrence inside a longer one (确认 in 再次确认, 支持 in 不支持)
    let spans: Vec<(usize, usize)> = hits.iter().map(|h| (h.0, h.1)).collect();
    hits.retain(|h| !spans.iter().any(|&(a, b)| a <= h.0 && h.1 <= b && b - a > h.1 - h.0));
    hits.sort();
    hits
}

/// The actor cues of a statement for holders: the clause engine's cues plus the state names
/// its signature block prints for each side (吉尔吉斯共和国 where the manifest says 吉尔吉斯斯坦),
/// with their 政府 forms; longest first.
fn holder_cues(rules: &super::ClauseRules, doc: &Document) -> super::DocCues {
    use crate::ingest::cut::Side;
    let mut cues = doc_cues(rules, doc).cues;
    for (side, actor) in [(Side::Partner, Actor::Partner), (Side::China, Actor::China)] {
        for st in doc.signature.states(side) {
            for cue in [format!("{st}政府"), st] {
                if !cues.iter().any(|(c, _)| *c == cue) {
                    cues.push((cue, actor));
                }
            }
        }
    }
    // stable: equal lengths keep the clause engine's order
    cues.sort_by_key(|c| std::cmp::Reverse(c.0.chars().count()));
    super::DocCues { cues, partner: None }
}

/// A partner's stance taken by anaphora on China's preceding statement: 韩方对此表示充分理解和
/// 尊重, 苏联方面支持中国政府的这一立场 (codebook §4.4). The stance is the strongest verb of the
/// comma clause holding the anaphor.
fn partner_anaphora(
    er: &ElementRules,
    cues: &super::DocCues,
    chars: &[char],
    clause_actor: Option<Actor>,
) -> Option<(String, String, bool)> {
    let st: String = chars.iter().collect();
    let (b, anaphor) = er.anaphors.iter().filter_map(|a| st.find(a.as_str()).map(|b| (b, a))).min()?;
    let a = st[..b].chars().count();
    // the holder: the partner at the sentence start
    let opening: String = chars[..a].iter().collect();
    let opening = super::strip_label(&opening);
    let starts_partner = cues.cues.iter().find(|(c, _)| opening.starts_with(c.as_str())).map(|c| c.1);
    if starts_partner.or(clause_actor) != Some(Actor::Partner) {
        return None;
    }
    let lo = chars[..a].iter().rposition(|&c| c == '，').map_or(0, |p| p + 1);
    let end = a + anaphor.chars().count();
    let hi = chars[end..].iter().position(|&c| c == '，').map_or(chars.len(), |p| end + p);
    let hits: Vec<(usize, usize, usize)> =
        verb_hits(er, chars).into_iter().filter(|h| h.0 >= lo && h.1 <= hi).collect();
    let best = hits.iter().max_by_key(|h| (er.verbs[h.2].rank, h.0))?;
    let mut start = best.0;
    // 理解和尊重: keep the coordination as written
    if let Some(prev) = hits.iter().find(|h| h.1 + 1 == best.0 && matches!(chars[h.1], '和' | '并' | '与')) {
        start = prev.0;
    }
    let v = &er.verbs[best.2];
    Some((v.stance.clone(), chars[start..best.1].iter().collect(), v.negated))
}

/// The element findings of one statement (one per element, in the rules' order).
pub fn elements(
    er: &ElementRules,
    rules: &super::ClauseRules,
    doc: &Document,
    seg: &Segmentation,
    labels: &[SentenceLabel],
) -> Vec<ElementFinding> {
    let cues = holder_cues(rules, doc);
    let text: Vec<char> = doc.body_text().chars().collect();
    let sentence = |si: usize| {
        let s = &seg.sentences[si];
        &text[s.char_start..s.char_end]
    };
    let anaphora: Vec<Option<(String, String, bool)>> = (0..seg.sentences.len())
        .map(|si| partner_anaphora(er, &cues, sentence(si), labels.get(si).map(|l| l.actor)))
        .collect();
    let actor_of = |si: usize| labels.get(si).map(|l| l.actor);
    // the partner's anaphoric stance on sentence si: in the next sentence, or in the one after
    // when China speaks in between (中国方面重申…。中国方面坚决反对…。苏联方面支持…这一立场。)
    let anaphor_after = |si: usize| -> Option<&(String, String, bool)> {
        anaphora.get(si + 1).and_then(Option::as_ref).or_else(|| {
            (actor_of(si + 1) == Some(Actor::China)).then(|| anaphora.get(si + 2).and_then(Option::as_ref)).flatten()
        })
    };
    let mut out = Vec::new();
    for (ei, e) in er.elements.iter().enumerate() {
        let mut found: Vec<ElementFinding> = Vec::new();
        for (si, s) in seg.sentences.iter().enumerate() {
            let chars = sentence(si);
            let st: String = chars.iter().collect();
            for re in &er.compiled[ei] {
                for caps in re.captures_iter(&st) {
                    // a pattern's first group, when it has one, is the element's own wording
                    let Some(m) = caps.get(1).or_else(|| caps.get(0)) else { continue };
                    let at = st[..m.start()].chars().count();
                    let f = finding(er, e, &cues, chars, at, m.as_str(), actor_of(si), s.index);
                    if f.actor == "china" {
                        if let Some((stance, verb, negated)) = anaphor_after(si) {
                            found.push(ElementFinding {
                                stance: stance.clone(),
                                stance_text: verb.clone(),
                                negated: *negated,
                                actor: Actor::Partner.name().to_string(),
                                ..f.clone()
                            });
                        }
                    }
                    found.push(f);
                }
            }
        }
        // partner's occurrence first (codebook 4.4), else the first in the text
        found.sort_by_key(|f| (f.actor != "partner", f.sentence));
        out.push(found.into_iter().next().unwrap_or(ElementFinding {
            element: e.name.clone(),
            present: false,
            stance: "-".into(),
            stance_text: "-".into(),
            actor: "-".into(),
            negated: false,
            sentence: None,
            evidence: String::new(),
        }));
    }
    out
}

/// A verb inside a 是…的 relative clause (印度是最早承认只有一个中国的国家之一，其…政策): it governs
/// only up to the noun its clause modifies, not an element after the next comma.
fn in_relative_clause(chars: &[char], start: usize, end: usize, at: usize) -> bool {
    let clause_start = chars[..start].iter().rposition(|&c| matches!(c, '，' | '；' | '：')).map_or(0, |p| p + 1);
    let copula = chars[clause_start..start].iter().rev().take(4).any(|&c| c == '是');
    let after = &chars[end..at];
    copula && after.iter().position(|&c| c == '的').is_some_and(|d| after[d..].contains(&'，'))
}

/// Adverbs between a subject and its verb (所有中国人都认为).
const SUBJECT_ADVERBS: &[&str] = &["都", "也", "均", "一致", "一贯", "始终", "将", "继续", "仍", "同样"];

/// The verb starting at `start` has people who are not a party as its subject (…所有中国人都认为
/// 只有一个中国, reported by the party that 认识到 it): their view is not a party's stance.
fn non_party_subject(cues: &super::DocCues, chars: &[char], start: usize) -> bool {
    let clause_start = chars[..start].iter().rposition(|&c| matches!(c, '，' | '；' | '：')).map_or(0, |p| p + 1);
    let mut subject: String = chars[clause_start..start].iter().collect();
    while let Some(a) = SUBJECT_ADVERBS.iter().find(|a| subject.ends_with(*a)) {
        subject.truncate(subject.len() - a.len());
    }
    let people = ["人", "人民", "人士"].iter().any(|p| subject.ends_with(p));
    people && !cues.cues.iter().any(|(c, _)| subject.ends_with(c.as_str()))
}

#[allow(clippy::too_many_arguments)]
fn finding(
    er: &ElementRules,
    e: &ElementRule,
    cues: &super::DocCues,
    chars: &[char],
    at: usize,
    evidence: &str,
    clause_actor: Option<Actor>,
    sentence: usize,
) -> ElementFinding {
    let hits = verb_hits(er, chars);
    let between = |from: usize| chars[from..at].iter().collect::<String>();
    let gov = hits
        .iter()
        .filter(|h| h.1 <= at && !e.not_governed_by.contains(&er.verbs[h.2].stance))
        .filter(|h| {
            let across = between(h.1).contains('，');
            !(across && (er.verbs[h.2].clause_only || e.not_governed_across_comma.contains(&er.verbs[h.2].stance)))
        })
        .filter(|h| !in_relative_clause(chars, h.0, h.1, at))
        .filter(|h| !non_party_subject(cues, chars, h.0))
        .max_by_key(|h| (h.1, h.1 - h.0));
    let gov = gov.filter(|h| !er.blockers.iter().any(|b| between(h.1).contains(b.as_str())));
    let (stance, stance_text, negated, verb_pos) = match gov {
        None => ("none".to_string(), "-".to_string(), false, at),
        Some(&(s, end, vi)) => {
            let mut best = &er.verbs[vi];
            let mut start = s;
            // 理解和尊重: a verb coordinated right before takes part; the stronger one counts
            if s >= 1 && matches!(chars[s - 1], '和' | '并' | '与') {
                if let Some(&(ps, _, pvi)) = hits.iter().find(|h| h.1 == s - 1) {
                    start = ps;
                    if er.verbs[pvi].rank > best.rank {
                        best = &er.verbs[pvi];
                    }
                }
            }
            (best.stance.clone(), chars[start..end].iter().collect(), best.negated, start)
        }
    };
    // the holder: the last actor cue before the verb that is the subject of a stance verb
    // (乌克兰承认，中华人民共和国政府是…，并确认…: not 中华人民共和国政府, the subject of 是), else
    // the last cue in a subject slot, else the sentence's actor
    let before: String = chars[..verb_pos].iter().collect();
    let verb_follows = |end: usize| {
        hits.iter().any(|h| {
            h.0 >= end && h.0 - end <= 6 && !chars[end..h.0].iter().any(|c| matches!(c, '，' | '；' | '：' | '是'))
        })
    };
    let mut holder: Option<(usize, usize, Actor)> = None;
    let mut verb_holder: Option<(usize, usize, Actor)> = None;
    for (cue, a) in &cues.cues {
        for (b, _) in before.match_indices(cue.as_str()) {
            // a subject: at a clause start or after a verb of appraisal (中方赞赏X国奉行…,
            // 中方对X国坚持…表示感谢), not a modifier (一个中国的政策, 中国领土)
            let prev = &before[..b];
            let after = &before[b + cue.len()..];
            let subject_slot = prev.is_empty()
                || prev.ends_with(['，', '；', '：', '、', '—', ' ', '　'])
                || HOLDER_AFTER.iter().any(|w| prev.ends_with(w))
                || prev.chars().count() <= 4 && !prev.contains('的');
            if !subject_slot || after.starts_with('的') {
                continue;
            }
            let end = prev.chars().count() + cue.chars().count();
            let better = |h: Option<(usize, usize, Actor)>| {
                h.is_none_or(|(e0, l0, _)| end > e0 || (end == e0 && cue.chars().count() > l0))
            };
            if better(holder) {
                holder = Some((end, cue.chars().count(), *a));
            }
            if verb_follows(end) && better(verb_holder) {
                verb_holder = Some((end, cue.chars().count(), *a));
            }
        }
    }
    let actor = verb_holder.or(holder).map(|h| h.2).or(clause_actor).unwrap_or(Actor::None);
    ElementFinding {
        element: e.name.clone(),
        present: true,
        stance,
        stance_text,
        actor: actor.name().to_string(),
        negated,
        sentence: Some(sentence),
        evidence: evidence.to_string(),
    }
}
