//! Relationship designations: which partnership (伙伴关系 …) a statement establishes, upgrades or
//! develops, with the verb, the evidence sentence and an ordinal level — driven by
//! `corpus/designations.toml` (rules as data; see its header for every convention).
//!
//! Per mention: the designation is the longest `[[types]]` name ending at an occurrence of a type
//! in a sentence; the clause is the text since the previous `，；：。！？`; the verb is the
//! strongest cue in the clause before the designation (upgrade > establish > develop), `mention`
//! without a cue, and `reference` when the clause also holds a past marker or a year before the
//! designation. Per statement, the designation the statement itself *sets* is the highest-level
//! bilateral mention whose verb is `upgrade` or `establish` (else none; the highest bilateral
//! `develop` mention is reported as the designation it carries on).

use crate::bail_config;
use crate::error::{config, Result};
use crate::ingest::Document;
use crate::segment::Segmentation;
use serde::Deserialize;

/// The built-in rules (`corpus/designations.toml`).
pub const DEFAULT_DESIGNATION_RULES: &str = include_str!("../../corpus/designations.toml");

/// One designation type and its ordinal level.
#[derive(Debug, Clone, Deserialize)]
pub struct DesignationType {
    /// The designation as written, e.g. `全面战略伙伴关系`.
    pub name: String,
    /// Ordinal level (higher = closer relationship in the PRC hierarchy).
    pub level: u32,
}

/// Verb cues by kind.
#[derive(Debug, Clone, Deserialize)]
pub struct VerbCues {
    /// Upgrade cues (提升为 …).
    pub upgrade: Vec<String>,
    /// Establish cues (建立 …).
    pub establish: Vec<String>,
    /// Develop / reaffirm cues (发展, 深化 …).
    pub develop: Vec<String>,
}

/// Past markers.
#[derive(Debug, Clone, Deserialize)]
pub struct PastRules {
    /// Strings that make a mention a reference to an earlier act.
    pub markers: Vec<String>,
    /// A year before the designation in the clause also does.
    pub year_is_past: bool,
}

/// Third-party markers.
#[derive(Debug, Clone, Deserialize)]
pub struct ThirdParty {
    /// Strings that make a designation another pair's (中欧, 东盟 …).
    pub markers: Vec<String>,
}

/// The rules file.
#[derive(Debug, Clone, Deserialize)]
pub struct DesignationRules {
    /// Version string.
    pub version: String,
    /// Designation types.
    pub types: Vec<DesignationType>,
    /// Verb cues.
    pub verbs: VerbCues,
    /// Past markers.
    pub past: PastRules,
    /// Third-party markers.
    pub third_party: ThirdParty,
}

impl DesignationRules {
    /// Parse the TOML rules; `origin` names the file in errors.
    pub fn parse(text: &str, origin: &str) -> Result<DesignationRules> {
        let mut r: DesignationRules = toml::from_str(text).map_err(config(origin, "not valid designation rules"))?;
        if r.types.is_empty() {
            bail_config!(origin, "no [[types]]");
        }
        // longest name first, so that the longest match wins
        r.types.sort_by(|a, b| b.name.chars().count().cmp(&a.name.chars().count()).then(a.name.cmp(&b.name)));
        Ok(r)
    }
}

/// One mention of a designation.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Sentence index in the document.
    pub sentence: usize,
    /// The designation type.
    pub designation: String,
    /// Its level.
    pub level: u32,
    /// `upgrade`, `establish`, `develop`, `reference` or `mention`.
    pub verb: &'static str,
    /// The cue that decided the verb (empty for `mention`).
    pub cue: String,
    /// `bilateral` or `other` (a third party's partnership).
    pub scope: &'static str,
    /// The clause, from its start to the end of the designation.
    pub phrase: String,
    /// The whole sentence (evidence).
    pub evidence: String,
}

fn is_boundary(c: char) -> bool {
    matches!(c, '，' | '；' | '：' | '。' | '！' | '？' | '\n' | ',' | ';' | ':')
}

fn has_year(s: &str) -> bool {
    let c: Vec<char> = s.chars().collect();
    (0..c.len()).any(|i| {
        if c[i] != '年' || i < 4 {
            return false;
        }
        c[i - 4..i]
            .iter()
            .all(|x| x.is_ascii_digit() || ('０'..='９').contains(x) || "〇○零一二三四五六七八九".contains(*x))
    })
}

/// Every designation mentioned in a document's body, in order.
pub fn mentions(rules: &DesignationRules, doc: &Document, seg: &Segmentation) -> Vec<Mention> {
    let chars: Vec<char> = doc.body_text().chars().collect();
    let types: Vec<(&DesignationType, Vec<char>)> = rules.types.iter().map(|t| (t, t.name.chars().collect())).collect();
    let mut out = Vec::new();
    for s in &seg.sentences {
        let sent: Vec<char> = chars[s.char_start..s.char_end].to_vec();
        let text: String = sent.iter().collect();
        let mut pos = 0;
        while pos < sent.len() {
            // the longest type that starts here
            let hit = types.iter().find(|(_, n)| pos + n.len() <= sent.len() && sent[pos..pos + n.len()] == n[..]);
            let Some((t, name)) = hit else {
                pos += 1;
                continue;
            };
            let end = pos + name.len();
            let start = (0..pos).rev().find(|&i| is_boundary(sent[i])).map_or(0, |i| i + 1);
            let before: String = sent[start..pos].iter().collect();
            let phrase: String = sent[start..end].iter().collect();
            let find = |cues: &[String]| {
                cues.iter().filter(|c| before.contains(c.as_str())).max_by_key(|c| c.chars().count()).cloned()
            };
            let (mut verb, cue): (&'static str, String) = if let Some(c) = find(&rules.verbs.upgrade) {
                ("upgrade", c)
            } else if let Some(c) = find(&rules.verbs.establish) {
                ("establish", c)
            } else if let Some(c) = find(&rules.verbs.develop) {
                ("develop", c)
            } else {
                ("mention", String::new())
            };
            let past = rules.past.markers.iter().any(|m| before.contains(m.as_str()))
                || (rules.past.year_is_past && has_year(&before));
            if past && verb != "mention" {
                verb = "reference";
            }
            let scope = if rules.third_party.markers.iter().any(|m| phrase.contains(m.as_str())) {
                "other"
            } else {
                "bilateral"
            };
            out.push(Mention {
                sentence: s.index,
                designation: t.name.clone(),
                level: t.level,
                verb,
                cue,
                scope,
                phrase,
                evidence: text.clone(),
            });
            pos = end;
        }
    }
    out
}

/// The designation a statement sets (highest-level bilateral `upgrade`/`establish` mention), else
/// the one it carries on (highest-level bilateral `develop` mention); `None` when neither.
pub fn statement_designation(ms: &[Mention]) -> Option<&Mention> {
    let best = |verbs: &[&str]| {
        ms.iter()
            .filter(|m| m.scope == "bilateral" && verbs.contains(&m.verb))
            .max_by(|a, b| a.level.cmp(&b.level).then(b.sentence.cmp(&a.sentence)))
    };
    best(&["upgrade", "establish"]).or_else(|| best(&["develop"]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_parse_longest_first() {
        let r = DesignationRules::parse(DEFAULT_DESIGNATION_RULES, "corpus/designations.toml").unwrap();
        assert_eq!(r.types[0].name, "全面战略协作伙伴关系");
        assert_eq!(r.types.last().unwrap().name, "伙伴关系");
        assert!(DesignationRules::parse("version = \"x\"\ntypes = []", "x").is_err());
    }

    #[test]
    fn years_are_recognised() {
        assert!(has_year("在2012年两国"));
        assert!(has_year("一九九六年四月"));
        assert!(!has_year("二十一世纪"));
        assert!(!has_year("年"));
    }
}
