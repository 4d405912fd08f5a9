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
}

/// The whole element rules file.
#[derive(Debug, Clone, Deserialize)]
pub struct ElementRules {
    /// Words (prepositions) that, between a verb and the element, cut the verb off.
    pub blockers: Vec<String>,
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

/// The element findings of one statement (one per element, in the rules' order).
pub fn elements(
    er: &ElementRules,
    rules: &super::ClauseRules,
    doc: &Document,
    seg: &Segmentation,
    labels: &[SentenceLabel],
) -> Vec<ElementFinding> {
    let cues = doc_cues(rules, doc);
    let text: Vec<char> = doc.body_text().chars().collect();
    let mut out = Vec::new();
    for (ei, e) in er.elements.iter().enumerate() {
        let mut found: Vec<ElementFinding> = Vec::new();
        for (si, s) in seg.sentences.iter().enumerate() {
            let chars = &text[s.char_start..s.char_end];
            let st: String = chars.iter().collect();
            for re in &er.compiled[ei] {
                for m in re.find_iter(&st) {
                    let at = st[..m.start()].chars().count();
                    found.push(finding(er, e, &cues, chars, at, m.as_str(), labels.get(si).map(|l| l.actor), s.index));
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
    let gov = hits
        .iter()
        .filter(|h| h.1 <= at && !e.not_governed_by.contains(&er.verbs[h.2].stance))
        .max_by_key(|h| (h.1, h.1 - h.0));
    let between = |from: usize| chars[from..at].iter().collect::<String>();
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
    // the holder: the last actor cue before the verb, else the sentence's actor
    let before: String = chars[..verb_pos].iter().collect();
    let mut holder: Option<(usize, usize, Actor)> = None;
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
            if holder.is_none_or(|(e0, l0, _)| end > e0 || (end == e0 && cue.chars().count() > l0)) {
                holder = Some((end, cue.chars().count(), *a));
            }
        }
    }
    let actor = holder.map(|h| h.2).or(clause_actor).unwrap_or(Actor::None);
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
